//! The reads of the API: events by filters with cursor pagination, stories, counts.
//!
//! Filters come from query parameters ([`EventFilter::parse`]), are checked there (a bad one
//! is a [`BadRequest`] naming it), and reach the database only as bound parameters.

use herald_model::{Actor, Event, EventLocation, Mood, SentenceRef, Trigger};
use serde::Serialize;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::Row;

use crate::{Store, StoreError};

/// The most events one page may hold.
pub const MAX_LIMIT: usize = 10_000;
/// Events in a page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;

/// A parameter the API cannot take, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct BadRequest(pub String);

fn bad(name: &str, why: &str) -> BadRequest {
    BadRequest(format!("parameter `{name}`: {why}"))
}

/// An event type at any level.
#[derive(Debug, Clone, PartialEq)]
pub enum EventType {
    /// PLOVER type, e.g. `CONSULT`.
    Plover(String),
    /// CAMEO root, two digits, e.g. `04`.
    Root(String),
    /// CAMEO base code, three digits: the code and its refinements.
    Base(String),
    /// CAMEO code, four digits.
    Code(String),
}

impl EventType {
    fn parse(v: &str) -> Result<Self, BadRequest> {
        let digits = v.chars().all(|c| c.is_ascii_digit());
        match v.len() {
            2 if digits => Ok(Self::Root(v.into())),
            3 if digits => Ok(Self::Base(v.into())),
            4 if digits => Ok(Self::Code(v.into())),
            1..=40 if v.chars().all(|c| c.is_ascii_alphabetic() || c == '_') => {
                Ok(Self::Plover(v.to_ascii_uppercase()))
            }
            _ => Err(bad(
                "type",
                "a PLOVER type (CONSULT) or a CAMEO code of 2, 3 or 4 digits",
            )),
        }
    }
}

/// Filters and page of `GET /v1/events`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFilter {
    /// First and last day, inclusive (ISO 8601).
    pub from: Option<String>,
    pub to: Option<String>,
    pub kind: Option<EventType>,
    pub quad_class: Option<i64>,
    /// Actor code or its prefix (`RUS` matches `RUSGOV`), source or target.
    pub actor: Option<String>,
    /// ISO 3166 alpha-3: of either actor or of the place.
    pub country: Option<String>,
    /// min lon, min lat, max lon, max lat.
    pub bbox: Option<[f64; 4]>,
    pub story: Option<String>,
    /// Words in the evidence sentence (case-insensitive).
    pub text: Option<String>,
    /// Where the previous page ended: (date, event id).
    pub after: Option<(String, String)>,
    pub limit: usize,
}

impl Default for EventFilter {
    fn default() -> Self {
        Self {
            from: None,
            to: None,
            kind: None,
            quad_class: None,
            actor: None,
            country: None,
            bbox: None,
            story: None,
            text: None,
            after: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// A day from `YYYY-MM-DD` or an RFC 3339 time.
fn day(name: &str, v: &str) -> Result<String, BadRequest> {
    let d = v.get(..10).unwrap_or(v);
    let ok = d.len() == 10
        && d.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
        && (v.len() == 10 || v.as_bytes().get(10) == Some(&b'T'));
    let month: u32 = d.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let dom: u32 = d.get(8..10).and_then(|m| m.parse().ok()).unwrap_or(0);
    if ok && (1..=12).contains(&month) && (1..=31).contains(&dom) {
        Ok(d.to_string())
    } else {
        Err(bad(name, "a day, YYYY-MM-DD"))
    }
}

fn code(name: &str, v: &str, len: std::ops::RangeInclusive<usize>) -> Result<String, BadRequest> {
    if len.contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(bad(name, "letters and digits"))
    }
}

impl EventFilter {
    /// From query parameters; unknown and malformed parameters are refused.
    pub fn parse(params: &[(String, String)]) -> Result<Self, BadRequest> {
        let mut f = Self::default();
        for (name, v) in params {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match name.as_str() {
                "from" => f.from = Some(day(name, v)?),
                "to" => f.to = Some(day(name, v)?),
                "type" => f.kind = Some(EventType::parse(v)?),
                "quad_class" => {
                    f.quad_class = Some(
                        v.parse()
                            .ok()
                            .filter(|q| (1..=4).contains(q))
                            .ok_or_else(|| bad(name, "1, 2, 3 or 4"))?,
                    )
                }
                "actor" => f.actor = Some(code(name, v, 3..=20)?),
                "country" => {
                    f.country = Some(code(name, v, 3..=3).map_err(|_| {
                        bad(name, "an ISO 3166 alpha-3 code, e.g. SYR")
                    })?)
                }
                "bbox" => f.bbox = Some(bbox(v)?),
                "story" => {
                    if v.len() > 200 {
                        return Err(bad(name, "at most 200 characters"));
                    }
                    f.story = Some(v.to_string());
                }
                "q" => {
                    if v.chars().count() > 200 {
                        return Err(bad(name, "at most 200 characters"));
                    }
                    f.text = Some(v.to_lowercase());
                }
                "cursor" => f.after = Some(decode_cursor(v).ok_or_else(|| bad(name, "not a cursor this API gave"))?),
                "limit" => {
                    f.limit = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n))
                        .ok_or_else(|| bad(name, &format!("1 to {MAX_LIMIT}")))?
                }
                _ => {
                    return Err(BadRequest(format!(
                        "unknown parameter `{name}` (from, to, type, quad_class, actor, country, bbox, story, q, cursor, limit)"
                    )))
                }
            }
        }
        if let (Some(a), Some(b)) = (&f.from, &f.to) {
            if a > b {
                return Err(bad("from", "after `to`"));
            }
        }
        Ok(f)
    }
}

fn bbox(v: &str) -> Result<[f64; 4], BadRequest> {
    let why = "min lon,min lat,max lon,max lat in degrees";
    let parts: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("bbox", why))?;
    let [w, s, e, n] = parts[..] else {
        return Err(bad("bbox", why));
    };
    let lon = -180.0..=180.0;
    let lat = -90.0..=90.0;
    if !(lon.contains(&w) && lon.contains(&e) && lat.contains(&s) && lat.contains(&n))
        || w > e
        || s > n
    {
        return Err(bad("bbox", why));
    }
    Ok([w, s, e, n])
}

/// The cursor of a page ending at (date, event id): hex, opaque to clients.
fn encode_cursor(date: &str, id: &str) -> String {
    format!("{date}\u{1f}{id}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_cursor(v: &str) -> Option<(String, String)> {
    if v.len() % 2 != 0 || v.len() > 800 {
        return None;
    }
    let bytes: Vec<u8> = (0..v.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(v.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let s = String::from_utf8(bytes).ok()?;
    let (date, id) = s.split_once('\u{1f}')?;
    Some((date.to_string(), id.to_string()))
}

/// A bound parameter.
enum Param {
    Text(String),
    Int(i64),
    Real(f64),
}

/// A WHERE clause and its parameters, numbered as they are added.
#[derive(Default)]
struct Clause {
    conditions: Vec<String>,
    params: Vec<Param>,
}

impl Clause {
    /// `$n` of a new parameter.
    fn param(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }

    fn text(&mut self, v: &str) -> String {
        self.param(Param::Text(v.to_string()))
    }

    fn push(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    fn arguments(self) -> AnyArguments<'static> {
        use sqlx::Arguments;
        let mut args = AnyArguments::default();
        for p in self.params {
            let added = match p {
                Param::Text(v) => args.add(v),
                Param::Int(v) => args.add(v),
                Param::Real(v) => args.add(v),
            };
            added.expect("text and numbers always bind");
        }
        args
    }
}

fn like_escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

const EVENT_SELECT: &str = "SELECT e.event_id, e.article_id, e.date, e.plover, e.plover_mode, \
    e.plover_context, e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.negated, e.mood, \
    e.reciprocal, e.confidence, \
    e.source_text, e.source_name, e.source_code, e.source_country, e.source_sector, \
    e.target_text, e.target_name, e.target_code, e.target_country, e.target_sector, \
    e.place_name, e.place_country, e.lat, e.lon, e.source_url, e.published_at, \
    e.sentence_index, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, \
    e.trigger_text, s.text AS sentence, a.title AS article_title, a.source AS article_source, \
    a.url AS article_url \
    FROM events e \
    LEFT JOIN sentences s ON s.article_id = e.article_id AND s.start_char = e.sentence_start \
    LEFT JOIN articles a ON a.id = e.article_id";

fn where_events(f: &EventFilter) -> Clause {
    let mut c = Clause::default();
    if let Some(from) = &f.from {
        let p = c.text(from);
        c.push(format!("e.date >= {p}"));
    }
    if let Some(to) = &f.to {
        let p = c.text(to);
        c.push(format!("e.date <= {p}"));
    }
    match &f.kind {
        Some(EventType::Plover(v)) => {
            let p = c.text(v);
            c.push(format!("e.plover = {p}"));
        }
        Some(EventType::Root(v)) => {
            let p = c.text(v);
            c.push(format!("e.cameo_root = {p}"));
        }
        Some(EventType::Base(v)) => {
            let p = c.text(v);
            c.push(format!("e.cameo_base = {p}"));
        }
        Some(EventType::Code(v)) => {
            let p = c.text(v);
            c.push(format!("e.cameo = {p}"));
        }
        None => {}
    }
    if let Some(q) = f.quad_class {
        let p = c.param(Param::Int(q));
        c.push(format!("e.quad_class = {p}"));
    }
    if let Some(actor) = &f.actor {
        let exact = c.text(actor);
        let prefix = c.text(&format!("{actor}%"));
        c.push(format!(
            "(e.source_code = {exact} OR e.target_code = {exact} \
             OR e.source_code LIKE {prefix} OR e.target_code LIKE {prefix})"
        ));
    }
    if let Some(country) = &f.country {
        let p = c.text(country);
        c.push(format!(
            "(e.source_country = {p} OR e.target_country = {p} OR e.place_country = {p})"
        ));
    }
    if let Some([w, s, e, n]) = f.bbox {
        let [w, s, e, n] = [w, s, e, n].map(|v| c.param(Param::Real(v)));
        c.push(format!(
            "e.lat >= {s} AND e.lat <= {n} AND e.lon >= {w} AND e.lon <= {e}"
        ));
    }
    if let Some(story) = &f.story {
        let p = c.text(story);
        c.push(format!(
            "e.event_id IN (SELECT event_id FROM mentions WHERE story_id = {p})"
        ));
    }
    if let Some(text) = &f.text {
        let p = c.text(&format!("%{}%", like_escape(text)));
        c.push(format!(
            "LOWER(COALESCE(s.text, e.trigger_text)) LIKE {p} ESCAPE '\\'"
        ));
    }
    if let Some((date, id)) = &f.after {
        let d = c.text(date);
        let i = c.text(id);
        c.push(format!(
            "(e.date < {d} OR (e.date = {d} AND e.event_id < {i}))"
        ));
    }
    c
}

/// An actor as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    pub text: String,
    pub name: String,
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRow {
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

/// The sentence an event was coded from, cut around its trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The whole sentence, when the article's text reached the store.
    pub sentence: Option<String>,
    /// The sentence before the trigger, the trigger's words, the rest.
    pub before: String,
    pub trigger: String,
    pub after: String,
    /// Character offsets into the article's body.
    pub sentence_index: i64,
    pub sentence_start: i64,
    pub sentence_end: i64,
    pub trigger_start: i64,
    pub trigger_end: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published_at: Option<String>,
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub event_id: String,
    pub date: Option<String>,
    pub plover: String,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    pub cameo: String,
    pub cameo_root: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub negated: bool,
    pub mood: Mood,
    pub reciprocal: bool,
    pub confidence: f64,
    pub source: Option<ActorRow>,
    pub target: Option<ActorRow>,
    pub place: Option<PlaceRow>,
    pub evidence: Evidence,
    pub article: ArticleRef,
}

fn actor(row: &AnyRow, side: &str) -> Result<Option<ActorRow>, sqlx::Error> {
    let code: Option<String> = row.try_get(format!("{side}_code").as_str())?;
    let Some(code) = code else {
        return Ok(None);
    };
    Ok(Some(ActorRow {
        text: row
            .try_get::<Option<String>, _>(format!("{side}_text").as_str())?
            .unwrap_or_default(),
        name: row
            .try_get::<Option<String>, _>(format!("{side}_name").as_str())?
            .unwrap_or_default(),
        code,
        country: row.try_get(format!("{side}_country").as_str())?,
        sector: row.try_get(format!("{side}_sector").as_str())?,
    }))
}

/// Characters `from..to` of `s`.
fn chars(s: &str, from: usize, to: usize) -> String {
    s.chars().skip(from).take(to.saturating_sub(from)).collect()
}

impl EventRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        let date: String = row.try_get("date")?;
        let sentence: Option<String> = row.try_get("sentence")?;
        let trigger_text: String = row.try_get("trigger_text")?;
        let s_start: i64 = row.try_get("sentence_start")?;
        let t_start: i64 = row.try_get("trigger_start")?;
        let t_end: i64 = row.try_get("trigger_end")?;
        let (before, trigger, after) = match &sentence {
            Some(s) if t_start >= s_start && t_end >= t_start => {
                let a = (t_start - s_start) as usize;
                let b = (t_end - s_start) as usize;
                let n = s.chars().count();
                (chars(s, 0, a), chars(s, a, b), chars(s, b, n))
            }
            _ => (String::new(), trigger_text.clone(), String::new()),
        };
        let place_name: Option<String> = row.try_get("place_name")?;
        let place = match (
            place_name,
            row.try_get::<Option<f64>, _>("lat")?,
            row.try_get::<Option<f64>, _>("lon")?,
        ) {
            (Some(name), Some(lat), Some(lon)) => Some(PlaceRow {
                name,
                country: row
                    .try_get::<Option<String>, _>("place_country")?
                    .unwrap_or_default(),
                lat,
                lon,
            }),
            _ => None,
        };
        let published_at: Option<String> = row.try_get("published_at")?;
        let source_url: Option<String> = row.try_get("source_url")?;
        let article_url: Option<String> = row.try_get("article_url")?;
        Ok(Self {
            event_id: row.try_get("event_id")?,
            date: (!date.is_empty()).then_some(date),
            plover: row.try_get("plover")?,
            plover_mode: row.try_get("plover_mode")?,
            plover_context: row.try_get("plover_context")?,
            cameo: row.try_get("cameo")?,
            cameo_root: row.try_get("cameo_root")?,
            quad_class: row.try_get("quad_class")?,
            goldstein: row.try_get("goldstein")?,
            negated: row.try_get::<i64, _>("negated")? != 0,
            mood: Mood::parse(&row.try_get::<String, _>("mood")?).unwrap_or_default(),
            reciprocal: row.try_get::<i64, _>("reciprocal")? != 0,
            confidence: row.try_get("confidence")?,
            source: actor(row, "source")?,
            target: actor(row, "target")?,
            place,
            evidence: Evidence {
                sentence,
                before,
                trigger,
                after,
                sentence_index: row.try_get("sentence_index")?,
                sentence_start: s_start,
                sentence_end: row.try_get("sentence_end")?,
                trigger_start: t_start,
                trigger_end: t_end,
            },
            article: ArticleRef {
                id: row.try_get("article_id")?,
                url: article_url.or(source_url),
                title: row.try_get("article_title")?,
                source: row.try_get("article_source")?,
                published_at,
            },
        })
    }

    /// The event as the pipeline emitted it (for the GDELT export).
    pub fn to_event(&self) -> Event {
        let actor = |a: &Option<ActorRow>| {
            a.as_ref().map(|a| Actor {
                text: a.text.clone(),
                name: a.name.clone(),
                code: a.code.clone(),
                country: a.country.clone(),
                sector: a.sector.clone(),
                cluster: None,
            })
        };
        let usize = |v: i64| usize::try_from(v).unwrap_or(0);
        Event {
            event_id: self.event_id.clone(),
            article_id: self.article.id.clone(),
            sentence: SentenceRef {
                index: usize(self.evidence.sentence_index),
                start: usize(self.evidence.sentence_start),
                end: usize(self.evidence.sentence_end),
            },
            date: self.date.clone(),
            source: actor(&self.source),
            target: actor(&self.target),
            cameo: self.cameo.clone(),
            cameo_root: self.cameo_root.clone(),
            plover: self.plover.clone(),
            plover_mode: self.plover_mode.clone(),
            plover_context: self.plover_context.clone(),
            goldstein: self.goldstein,
            quad_class: u8::try_from(self.quad_class).unwrap_or(0),
            location: self.place.as_ref().map(|p| EventLocation {
                name: p.name.clone(),
                country: p.country.clone(),
                lat: p.lat,
                lon: p.lon,
            }),
            trigger: Trigger {
                start: usize(self.evidence.trigger_start),
                end: usize(self.evidence.trigger_end),
                text: self.evidence.trigger.clone(),
            },
            negated: self.negated,
            mood: self.mood,
            reciprocal: self.reciprocal,
            confidence: self.confidence,
            source_url: self.article.url.clone(),
            published_at: self
                .article
                .published_at
                .as_deref()
                .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok()),
        }
    }
}

/// One page of events, newest day first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPage {
    pub events: Vec<EventRow>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A story and its counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    pub story_id: String,
    pub title: Option<String>,
    pub status: String,
    pub closed: bool,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub num_articles: i64,
    pub num_sources: i64,
    pub num_events: i64,
    pub num_mentions: i64,
}

impl StoryRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            story_id: row.try_get("story_id")?,
            title: row.try_get("title")?,
            status: row.try_get("status")?,
            closed: row.try_get::<i64, _>("closed")? != 0,
            first_seen: row.try_get("first_seen")?,
            last_seen: row.try_get("last_seen")?,
            num_articles: row.try_get("num_articles")?,
            num_sources: row.try_get("num_sources")?,
            num_events: row.try_get("num_events")?,
            num_mentions: row.try_get("num_mentions")?,
        })
    }
}

const STORY_SELECT: &str = "SELECT story_id, title, status, closed, first_seen, last_seen, \
    num_articles, num_sources, num_events, num_mentions FROM stories";

/// A story with its record (members, entities, merged events) and its events' evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub story: StoryRow,
    pub record: serde_json::Value,
    /// The articles' events that make up the story's events, with their evidence.
    pub events: Vec<EventRow>,
}

/// What the store holds, for the page's live updates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub events: i64,
    pub stories: i64,
    pub articles: i64,
}

impl Store {
    /// A page of events matching `f`, newest day first (then by id).
    pub async fn events(&self, f: &EventFilter) -> Result<EventPage, StoreError> {
        let clause = where_events(f);
        let sql = format!(
            "{EVENT_SELECT}{} ORDER BY e.date DESC, e.event_id DESC LIMIT {}",
            clause.sql(),
            f.limit + 1
        );
        let rows = sqlx::query_with(&sql, clause.arguments())
            .fetch_all(&self.pool)
            .await?;
        let mut events = rows
            .iter()
            .map(EventRow::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = if events.len() > f.limit {
            events.truncate(f.limit);
            events
                .last()
                .map(|e| encode_cursor(e.date.as_deref().unwrap_or(""), &e.event_id))
        } else {
            None
        };
        Ok(EventPage {
            events,
            next_cursor,
        })
    }

    /// Stories not merged into another, latest first.
    pub async fn stories(&self, limit: usize) -> Result<Vec<StoryRow>, StoreError> {
        let sql = format!(
            "{STORY_SELECT} WHERE merged_into IS NULL \
             ORDER BY last_seen DESC, story_id DESC LIMIT {}",
            limit.min(MAX_LIMIT)
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(StoryRow::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// One story, or None. A story merged into another is that other story.
    pub async fn story(&self, id: &str) -> Result<Option<StoryDetail>, StoreError> {
        let mut id = id.to_string();
        // A merge chain is short; the bound stops a cycle written by hand.
        for _ in 0..8 {
            let sql = format!("{STORY_SELECT} WHERE story_id = $1");
            let row = sqlx::query(&sql)
                .bind(id.clone())
                .fetch_optional(&self.pool)
                .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let merged: Option<String> =
                sqlx::query_scalar("SELECT merged_into FROM stories WHERE story_id = $1")
                    .bind(id.clone())
                    .fetch_one(&self.pool)
                    .await?;
            if let Some(into) = merged {
                id = into;
                continue;
            }
            let story = StoryRow::from_row(&row)?;
            let record: String =
                sqlx::query_scalar("SELECT record FROM stories WHERE story_id = $1")
                    .bind(id.clone())
                    .fetch_one(&self.pool)
                    .await?;
            let record = serde_json::from_str(&record)
                .map_err(|e| StoreError::Record(format!("story {id}: {e}")))?;
            let events = self
                .events(&EventFilter {
                    story: Some(id.clone()),
                    limit: MAX_LIMIT,
                    ..EventFilter::default()
                })
                .await?
                .events;
            return Ok(Some(StoryDetail {
                story,
                record,
                events,
            }));
        }
        Ok(None)
    }

    pub async fn stats(&self) -> Result<Stats, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM events) AS events, \
             (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL) AS stories, \
             (SELECT COUNT(*) FROM articles) AS articles",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Stats {
            events: row.try_get("events")?,
            stories: row.try_get("stories")?,
            articles: row.try_get("articles")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn filters_are_read_and_checked() {
        let f = EventFilter::parse(&params(&[
            ("from", "2016-09-01"),
            ("to", "2016-09-07T23:00:00Z"),
            ("type", "consult"),
            ("country", "syr"),
            ("bbox", "30,30,40,40"),
            ("limit", "5"),
        ]))
        .unwrap();
        assert_eq!(f.to.as_deref(), Some("2016-09-07"));
        assert_eq!(f.kind, Some(EventType::Plover("CONSULT".into())));
        assert_eq!(f.country.as_deref(), Some("SYR"));
        assert_eq!(f.limit, 5);
        for (name, value, why) in [
            ("from", "yesterday", "YYYY-MM-DD"),
            ("from", "2016-13-01", "YYYY-MM-DD"),
            ("type", "04a", "CAMEO"),
            ("limit", "0", "1 to"),
            ("limit", "100000", "1 to"),
            ("bbox", "1,2,3", "min lon"),
            ("bbox", "10,0,5,1", "min lon"),
            ("country", "SY", "alpha-3"),
            ("actor", "RUS'--", "letters"),
            ("cursor", "zz", "cursor"),
            ("colour", "red", "unknown parameter"),
        ] {
            let e = EventFilter::parse(&params(&[(name, value)])).unwrap_err();
            assert!(e.0.contains(why), "{name}={value}: {e}");
        }
        let e = EventFilter::parse(&params(&[("from", "2017-01-01"), ("to", "2016-01-01")]));
        assert!(e.is_err());
    }

    #[test]
    fn types_at_every_level() {
        for (v, t) in [
            ("04", EventType::Root("04".into())),
            ("042", EventType::Base("042".into())),
            ("0421", EventType::Code("0421".into())),
            (
                "MATERIAL_CONFLICT",
                EventType::Plover("MATERIAL_CONFLICT".into()),
            ),
        ] {
            assert_eq!(EventType::parse(v).unwrap(), t);
        }
    }

    #[test]
    fn a_cursor_reads_back() {
        let c = encode_cursor("2016-09-05", "00ff");
        assert_eq!(
            decode_cursor(&c),
            Some(("2016-09-05".into(), "00ff".into()))
        );
    }

    #[test]
    fn every_value_is_bound() {
        let f = EventFilter {
            text: Some("o'brien%".into()),
            actor: Some("RUS".into()),
            ..EventFilter::default()
        };
        let c = where_events(&f);
        let sql = c.sql();
        assert!(!sql.contains("brien") && !sql.contains("RUS"), "{sql}");
        assert_eq!(c.params.len(), 3);
    }
}
