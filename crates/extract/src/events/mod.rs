//! The events stage: CAMEO / PLOVER event coding — who did what to whom, when and where.
//!
//! For each sentence: tokens ([`tokens`]), actor mentions coded as CAMEO-style actor codes
//! ([`actors`]: the entities stage's clusters when present, and the stage's own vocabulary
//! always), trigger patterns with their frames and modality ([`patterns`], [`coder`]), and
//! the taxonomy that gives each code its Goldstein value, quad class and PLOVER type
//! ([`taxonomy`]). All data is embedded; users add pattern and actor files through
//! [`EventsConfig`], whose texts the driver reads. English only.

mod actors;
mod coder;
mod discards;
mod morph;
mod patterns;
mod taxonomy;
mod tokens;

use chrono::NaiveDate;
use herald_model::{
    Actor, EnrichedArticle, Entity, Event, EventLocation, Label, SentenceRef, Span, Trigger,
};
use serde::Deserialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::text::{self, CharIndex, Doc};
use crate::{Stage, StageError};

pub use actors::ActorInfo;
use actors::{ActorFile, Actors, CIVILIANS, MILITARY};
use coder::List;
use discards::{Discards, Scope};
use patterns::{PatternFile, Patterns};
/// Hash maps and sets of the lexicons, keyed by short words: FxHash instead of SipHash, since
/// the keys are our own data, not an attacker's.
use rustc_hash::{FxHashMap as Map, FxHashSet as Set};
use taxonomy::Taxonomy;

const CAMEO: &str = include_str!("../../../../config/events/cameo.tsv");
const PATTERNS: &str = include_str!("../../../../config/events/patterns.toml");
const ACTORS: &str = include_str!("../../../../config/events/actors.toml");
const PETRARCH_VERBS: &str = include_str!("../../../../config/events/petrarch/verbs.toml");
const PETRARCH_ACTORS: &str = include_str!("../../../../config/events/petrarch/actors.tsv");
const PETRARCH_AGENTS: &str = include_str!("../../../../config/events/petrarch/agents.tsv");
const DISCARDS: &str = include_str!("../../../../config/events/petrarch/discards.tsv");
const COUNTRIES: &str = include_str!("../../../../config/knowledge/countries.csv");

/// How far below the sentence's most confident event another may be.
const RELATIVE_CONFIDENCE: f64 = 0.15;

/// The `[events]` table of the configuration.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventsConfig {
    /// Pattern files added to the shipped ones (TOML, as config/events/patterns.toml);
    /// relative paths are relative to the configuration file.
    pub extra_patterns: Vec<String>,
    /// Actor files added to the shipped one (TOML, as config/events/actors.toml).
    pub extra_actors: Vec<String>,
    /// Events below this confidence are not emitted.
    pub min_confidence: f64,
    /// The paths and texts of `extra_patterns` and `extra_actors`, read by the driver (the
    /// stage does no I/O).
    #[serde(skip)]
    pub pattern_texts: Vec<(String, String)>,
    #[serde(skip)]
    pub actor_texts: Vec<(String, String)>,
}

pub struct Events {
    taxonomy: Taxonomy,
    patterns: Patterns,
    actors: Actors,
    discards: Discards,
    min_confidence: f64,
}

fn config_error(message: String) -> StageError {
    StageError::config("events", message)
}

impl Events {
    pub fn new(config: &EventsConfig) -> Result<Self, StageError> {
        let taxonomy = Taxonomy::parse(CAMEO).map_err(config_error)?;
        let parse_patterns = |name: &str, text: &str| {
            let mut file = toml::from_str::<PatternFile>(text)
                .map_err(|e| config_error(format!("{name}: {e}")))?;
            file.own = true;
            Ok::<_, StageError>(file)
        };
        let parse_actors = |name: &str, text: &str| {
            toml::from_str::<ActorFile>(text).map_err(|e| config_error(format!("{name}: {e}")))
        };
        // PETRARCH2's verb patterns, converted: those of a PLOVER type (Herald's own file
        // codes statements and appeals); Herald's and the user's patterns win over them.
        let mut petrarch = toml::from_str::<PatternFile>(PETRARCH_VERBS)
            .map_err(|e| config_error(format!("petrarch/verbs.toml: {e}")))?;
        petrarch.retain_codes(|c| taxonomy.get(c).is_some_and(|c| !c.plover.is_empty()));
        let mut pattern_files = vec![parse_patterns("patterns.toml", PATTERNS)?];
        for (path, text) in &config.pattern_texts {
            pattern_files.push(parse_patterns(path, text)?);
        }
        // Last, so that the modality words of every own file are known when it is added.
        pattern_files.push(petrarch);
        let mut actor_files = vec![parse_actors("actors.toml", ACTORS)?];
        for (path, text) in &config.actor_texts {
            actor_files.push(parse_actors(path, text)?);
        }
        let mut patterns = Patterns::new(&pattern_files).map_err(config_error)?;
        let actors = Actors::new(COUNTRIES, (PETRARCH_ACTORS, PETRARCH_AGENTS), &actor_files);
        let quantifiers = actors.quantifiers().cloned();
        patterns.grammar.add(List::Quantities, quantifiers);
        for p in &patterns.list {
            if taxonomy.get(&p.code).is_none() {
                return Err(config_error(format!(
                    "pattern code {} is not in the taxonomy",
                    p.code
                )));
            }
        }
        Ok(Self {
            taxonomy,
            patterns,
            actors,
            discards: Discards::parse(DISCARDS).map_err(config_error)?,
            min_confidence: config.min_confidence,
        })
    }

    /// The events of one sentence (`span` in characters of the body).
    fn sentence(
        &self,
        article: &EnrichedArticle,
        chars: &CharIndex,
        words: &[text::Token],
        index: usize,
        span: Span,
        date: Option<NaiveDate>,
    ) -> Result<Vec<Event>, Scope> {
        let text = chars.slice(&article.body, span.start, span.end);
        let base = chars.byte_of(span.start);
        let tokens = sentence_tokens(&article.body, words, base, text);
        // Without a trigger word there is no event: skip the actor work.
        if !tokens
            .iter()
            .any(|t| !t.punct && !t.scare && self.patterns.first.contains_key(t.lower.as_str()))
        {
            return Ok(Vec::new());
        }
        // Sport, entertainment and the like: no events from this sentence, or the story
        // (looked for in sentences that could give an event, which keeps the common case fast).
        if let Some(scope) = self.discards.find(&tokens) {
            return Err(scope);
        }
        let entities = entities_in(article, chars, span, base);
        let (mentions, groups) =
            self.actors
                .find(text, &tokens, &entities, &article.clusters, date);
        let sentence = coder::Sentence {
            grammar: &self.patterns.grammar,
            tokens: &tokens,
            mentions: &mentions,
            groups: &groups,
        };
        let coded = coder::code_sentence(&sentence, &self.patterns, &self.taxonomy);
        if coded.is_empty() {
            return Ok(Vec::new());
        }
        let found = Found {
            article,
            index,
            span,
            text,
            tokens: &tokens,
            mentions: &mentions,
            date: event_date(article, span, date),
            location: self.location(&sentence, &entities),
        };
        let mut out = Vec::new();
        for c in coded {
            let Some(code) = self.taxonomy.get(&c.code) else {
                continue;
            };
            if c.confidence >= self.min_confidence {
                let start = chars.char_of(base + tokens[c.first].start);
                let end = chars.char_of(base + tokens[c.last].end);
                let mut event = found.event(&c, code, start, end);
                let armed = |a: &Actor| a.sector.as_deref() == Some(MILITARY);
                if self.patterns.civilian(&c.code) && event.source.as_ref().is_some_and(armed) {
                    continue;
                }
                if event.target.is_none() && self.patterns.domestic(&c.code) {
                    event.target = self.own_country(event.source.as_ref());
                }
                out.push(event);
            }
        }
        keep_the_most_telling(&mut out);
        Ok(out)
    }

    /// The country of `source` as the implied target of a domestic act ("Mubarak stepped
    /// down": Egypt), unless the source is that country itself.
    fn own_country(&self, source: Option<&Actor>) -> Option<Actor> {
        let country = source?.country.clone()?;
        (source?.code != country).then(|| Actor {
            text: String::new(),
            name: self
                .actors
                .country_name(&country)
                .unwrap_or(&country)
                .to_string(),
            code: country.clone(),
            country: Some(country),
            sector: None,
            cluster: None,
        })
    }

    /// Where the sentence's events happen: a geocoded place after "in", "near", "at" (from
    /// the entities stage), else a country or capital named so.
    fn location(
        &self,
        s: &coder::Sentence,
        entities: &[(usize, usize, &Entity)],
    ) -> Option<EventLocation> {
        let locative = |byte: usize| {
            s.tokens
                .iter()
                .rposition(|t| t.end <= byte)
                .is_some_and(|k| {
                    matches!(
                        s.tokens[k].lower.as_str(),
                        "in" | "near" | "at" | "outside" | "inside"
                    )
                })
        };
        for &(start, _, e) in entities {
            if e.label == Label::Loc && locative(start) {
                if let Some(g) = &e.geo {
                    return Some(EventLocation {
                        name: g.name.clone(),
                        country: g.country.clone(),
                        lat: g.lat,
                        lon: g.lon,
                    });
                }
            }
        }
        s.mentions.iter().find_map(|m| {
            let (lat, lon) = m.info.place?;
            let country = m.info.country.clone()?;
            locative(s.tokens[m.first].start).then(|| EventLocation {
                name: m.info.name.clone(),
                country,
                lat,
                lon,
            })
        })
    }
}

/// The entities of `article` inside `span`, with byte offsets into the sentence starting at
/// byte `base`.
fn entities_in<'a>(
    article: &'a EnrichedArticle,
    chars: &CharIndex,
    span: Span,
    base: usize,
) -> Vec<(usize, usize, &'a Entity)> {
    let byte = |ch: usize| chars.byte_of(ch) - base;
    (article.entities.iter())
        .filter(|e| e.start >= span.start && e.end <= span.end && e.start < e.end)
        .map(|e| (byte(e.start), byte(e.end), e))
        .collect()
}

/// The date of the sentence's events: the first full date mentioned in it, else the
/// publication's.
fn event_date(article: &EnrichedArticle, span: Span, date: Option<NaiveDate>) -> Option<String> {
    (article.dates.iter())
        .filter(|d| d.start >= span.start && d.end <= span.end)
        .find_map(|d| {
            d.value
                .as_ref()
                .filter(|v| v.len() >= 10)
                .map(|v| v[..10].to_string())
        })
        .or_else(|| date.map(|d| d.to_string()))
}

/// What the events of one sentence share: where it is, its tokens and actor mentions, and
/// the date and place of its events.
struct Found<'a> {
    article: &'a EnrichedArticle,
    index: usize,
    span: Span,
    text: &'a str,
    tokens: &'a [tokens::Token],
    mentions: &'a [actors::Mention],
    date: Option<String>,
    location: Option<EventLocation>,
}

impl Found<'_> {
    /// The actor of mention `k`; a place target stands for its country.
    fn actor(&self, k: Option<usize>, place: bool) -> Option<Actor> {
        let m = &self.mentions[k?];
        let info = &m.info;
        let (code, sector) = match (&info.country, place) {
            (Some(c), true) => (c.clone(), None),
            _ => (info.code.clone(), info.sector.clone()),
        };
        Some(Actor {
            text: self.words(m.first, m.last).to_string(),
            name: info.name.clone(),
            code,
            country: info.country.clone(),
            sector,
            cluster: info.cluster,
        })
    }

    /// The text of tokens `first..=last`.
    fn words(&self, first: usize, last: usize) -> &str {
        &self.text[self.tokens[first].start..self.tokens[last].end]
    }

    /// The people of the place at mention `k`: protesters nobody names.
    fn people_of(&self, k: Option<usize>) -> Option<Actor> {
        let people = self.actor(k, true)?;
        Some(Actor {
            code: format!("{}{CIVILIANS}", people.code),
            sector: Some(CIVILIANS.into()),
            ..people
        })
    }

    /// The record of coded act `c` of taxonomy entry `code`, its trigger at characters
    /// `start..end` of the body.
    fn event(&self, c: &coder::Coded, code: &taxonomy::Code, start: usize, end: usize) -> Event {
        let (article, index) = (self.article, self.index);
        let source = match c.place_source {
            true => self.people_of(c.source),
            false => self.actor(c.source, false),
        };
        let target = self.actor(c.target, c.place_target);
        let side = |a: &Option<Actor>| a.as_ref().map_or("", |a| a.code.as_str()).to_string();
        let id = format!(
            "{}|{index}|{start}|{end}|{}|{}|{}",
            article.id,
            c.code,
            side(&source),
            side(&target)
        );
        Event {
            event_id: format!("{:016x}", xxh3_64(id.as_bytes())),
            article_id: article.id.clone(),
            sentence: SentenceRef {
                index,
                start: self.span.start,
                end: self.span.end,
            },
            date: self.date.clone(),
            source,
            target,
            cameo: c.code.clone(),
            cameo_root: code.root.clone(),
            plover: code.plover.clone(),
            plover_mode: code.plover_mode.clone(),
            plover_context: code.plover_context.clone(),
            goldstein: code.goldstein,
            quad_class: code.quad_class,
            location: self.location.clone(),
            trigger: Trigger {
                start,
                end,
                text: self.words(c.first, c.last).to_string(),
            },
            negated: c.negated,
            mood: c.mood,
            reciprocal: c.reciprocal,
            confidence: (c.confidence * 100.0).round() / 100.0,
            source_url: article.url.clone(),
            published_at: article.published_at,
        }
    }
}

/// Orders a sentence's events most telling first (a PLOVER type, then confidence, then
/// position) and keeps those that tell something the others do not.
fn keep_the_most_telling(out: &mut Vec<Event>) {
    out.sort_by_key(|e| {
        let confidence = (e.confidence * 1000.0) as i64;
        (
            e.plover.is_empty(),
            std::cmp::Reverse(confidence),
            e.trigger.start,
        )
    });
    // Secondary acts coded on much weaker evidence than the sentence's best are more often
    // misreadings (a noun taken for a verb, a clause's side remark) than events.
    let best = out.iter().map(|e| e.confidence).fold(0.0, f64::max);
    out.retain(|e| e.confidence + RELATIVE_CONFIDENCE >= best);
    // At most one event per type and dyad (either way round for a reciprocal one):
    // the most telling of several triggers for one act.
    let mut seen = std::collections::HashSet::new();
    out.retain(|e| {
        let (kind, s, t) = dyad(e);
        let forth = (kind.clone(), s.clone(), t.clone());
        let back = (kind, t, s);
        if seen.contains(&forth) || (e.reciprocal && seen.contains(&back)) {
            return false;
        }
        seen.insert(forth);
        if e.reciprocal {
            seen.insert(back);
        }
        true
    });
    // An event missing one side gives way to one of the same type that names it.
    let kinds: Vec<(String, String, String)> = out.iter().map(dyad).collect();
    let mut k = 0;
    out.retain(|_| {
        let (kind, s, t) = &kinds[k];
        k += 1;
        let covered = kinds.iter().any(|(k2, s2, t2)| {
            k2 == kind
                && ((s.is_empty() && !s2.is_empty() && t2 == t)
                    || (t.is_empty() && !t2.is_empty() && s2 == s))
        });
        !covered
    });
}

/// The tokens of the sentence `text` of `body`, starting at byte `base`, from the body's
/// tokens `words`; a sentence span that cuts a word in two (not one of the sentences stage's)
/// gets its text tokenised on its own.
fn sentence_tokens(
    body: &str,
    words: &[text::Token],
    base: usize,
    text: &str,
) -> Vec<tokens::Token> {
    let end = base + text.len();
    let from = words.partition_point(|t| t.end <= base);
    let to = words.partition_point(|t| t.start < end);
    let inside = &words[from..to.max(from)];
    let cut = inside.first().is_some_and(|t| t.start < base)
        || inside.last().is_some_and(|t| t.end > end);
    if cut {
        tokens::tokenize(text)
    } else {
        tokens::words(body, inside, base)
    }
}

/// An event's type (its PLOVER type, else its CAMEO root) and the codes of its actors.
fn dyad(e: &Event) -> (String, String, String) {
    let kind = if e.plover.is_empty() {
        e.cameo_root.clone()
    } else {
        e.plover.clone()
    };
    let code = |a: &Option<Actor>| a.as_ref().map(|a| a.code.clone()).unwrap_or_default();
    (kind, code(&e.source), code(&e.target))
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let (article, chars, words) = (doc.article(), doc.index(), doc.tokens());
        let date = article.published_at.map(|d| d.date_naive());
        let spans = if article.sentences.is_empty() && !article.body.is_empty() {
            vec![Span {
                start: 0,
                end: chars.len_chars(),
            }]
        } else {
            article.sentences.clone()
        };
        let mut events = Vec::new();
        for (index, span) in spans.into_iter().enumerate() {
            match self.sentence(article, chars, words, index, span, date) {
                Ok(found) => events.extend(found),
                Err(Scope::Sentence) => {}
                Err(Scope::Story) => {
                    events.clear();
                    break;
                }
            }
        }
        doc.article_mut().events = events;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
