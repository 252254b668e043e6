//! Stories: articles about the same happening grouped across outlets, and their events
//! merged, GDELT-style, into one event per (type, source actor, target actor, place, date
//! window) with its mentions, articles and distinct outlets counted.
//!
//! [`Stories`] sees the articles one at a time in input order (it keeps state, like the
//! duplicate detector) and says after each which stories it changed.
//!
//! **Matching.** An article's *keys* are its entities (the knowledge-base id of each cluster,
//! else its label and canonical name) and its event dyads (`SRC>TGT:PLOVER`). An inverted
//! index from keys to the live stories finds the candidates; a key carried by more than
//! `max_key_stories` stories ("United States") is too common to find anything by and is
//! skipped there. A candidate must be within `window_hours` of the article. Its score is a
//! weighted sum of three containments of the article in the story, each in [0, 1]: the
//! share of the article's entity keys the story has, the share of its event dyads, and the
//! share of the word pairs of its title and lead. The article joins the best story scoring
//! at least `threshold`; when it scores that with several, they are one story: the younger
//! ones merge into the oldest (which keeps its id) and a [`StoryUpdate::Merged`] names each
//! merge. A syndicated copy (`duplicate_of`) joins its original's story whatever its score.
//!
//! **Outlets.** An article counts for its `source` (its article id when it has none); a
//! syndicated copy counts for its original's outlet, so it never adds a source.
//!
//! **Events.** Every event of a member article is a mention of the story event with its key;
//! mentions are keyed by (article id, event id), so an article given twice counts once. An
//! event's confidence is 1 − Π (1 − cₒ) over its distinct outlets o, cₒ the highest
//! confidence among o's mentions: it rises with independent corroboration only.
//!
//! **Bounded state.** A story whose last article is more than `window_hours` older than the
//! newest article seen, and which at least `grace_articles` articles have arrived after,
//! leaves the window (and the index) with a [`StoryUpdate::Closed`]; beyond `max_stories`
//! live stories the least recently joined one is closed. Articles
//! without a date take the newest time seen.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use herald_model::{
    EnrichedArticle, Event, Label, Mention, Span, Story, StoryArticle, StoryEntity, StoryEvent,
    StoryStatus, StoryUpdate,
};
use serde::Deserialize;
use xxhash_rust::xxh3::xxh3_64;

/// Settings of the story stage (`[stories]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoriesConfig {
    /// How far apart in time an article and a story may be to match, and how long a story
    /// stays live after its last article (relative to the newest article seen).
    pub window_hours: u32,
    /// A story beyond the window is closed only once this many more articles have arrived
    /// since its last one, so that late and out-of-order articles (a folder of files in no
    /// particular order, a replayed partition) still find it.
    pub grace_articles: u64,
    /// Silence after which a story is `quiet` rather than `developing`.
    pub quiet_after_hours: u32,
    /// Score at and above which an article joins a story.
    pub threshold: f64,
    /// Weights of the entity, event and text containments in the score.
    pub entity_weight: f64,
    pub event_weight: f64,
    pub text_weight: f64,
    /// A key carried by more live stories than this does not find candidates.
    pub max_key_stories: usize,
    /// Width in days of an event's date window.
    pub event_days: u32,
    /// Most live stories; beyond it the least recently joined one is closed.
    pub max_stories: usize,
    /// Entities and places listed per story.
    pub top_entities: usize,
}

impl Default for StoriesConfig {
    fn default() -> Self {
        Self {
            window_hours: 72,
            grace_articles: 1_000,
            quiet_after_hours: 24,
            threshold: 0.45,
            entity_weight: 0.35,
            event_weight: 0.35,
            text_weight: 0.3,
            max_key_stories: 50,
            event_days: 1,
            max_stories: 100_000,
            top_entities: 10,
        }
    }
}

impl StoriesConfig {
    pub fn validate(&self) -> Result<(), String> {
        let weights = [self.entity_weight, self.event_weight, self.text_weight];
        if self.window_hours == 0 || self.quiet_after_hours == 0 {
            return Err("stories.window_hours and quiet_after_hours must be positive".into());
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err("stories.threshold must be in [0, 1]".into());
        }
        if weights.iter().any(|w| !(0.0..=1.0).contains(w)) {
            return Err("stories weights must be in [0, 1]".into());
        }
        if self.max_key_stories == 0 || self.event_days == 0 || self.max_stories == 0 {
            return Err(
                "stories.max_key_stories, event_days and max_stories must be positive".into(),
            );
        }
        Ok(())
    }
}

/// Words of the body, after the title, whose word pairs stand for the text.
const LEAD_WORDS: usize = 80;
/// Most word pairs a story remembers for the text similarity.
const MAX_STORY_PAIRS: usize = 4096;

type Handle = u64;

/// What an article brings to matching.
struct Features {
    time: i64,
    keys: BTreeSet<String>,
    dyads: BTreeSet<String>,
    pairs: HashSet<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct EventKey {
    plover: String,
    source: Option<String>,
    target: Option<String>,
    place: Option<String>,
    date: NaiveDate,
}

struct MergedEvent {
    cameo: String,
    mentions: Vec<Mention>,
}

/// A story in the window.
struct Live {
    id: String,
    first: i64,
    last: i64,
    /// Arrival number of its last article.
    arrival: u64,
    articles: Vec<StoryArticle>,
    outlets: BTreeSet<String>,
    /// (canonical name, label) → member articles naming it.
    entities: BTreeMap<(String, Label), usize>,
    keys: BTreeSet<String>,
    dyads: BTreeSet<String>,
    pairs: HashSet<u64>,
    events: BTreeMap<EventKey, MergedEvent>,
    merged: Vec<String>,
}

/// The story stage: the live stories, their index and the clock.
pub struct Stories {
    config: StoriesConfig,
    next: Handle,
    /// Newest article time seen (seconds since the epoch).
    clock: Option<i64>,
    /// Articles seen.
    arrivals: u64,
    live: HashMap<Handle, Live>,
    /// Live stories by the time of their last article.
    by_last: BTreeSet<(i64, Handle)>,
    index: HashMap<String, BTreeSet<Handle>>,
    /// Member articles of live stories: their story and outlet.
    members: HashMap<String, (Handle, String)>,
}

impl Stories {
    pub fn new(config: &StoriesConfig) -> Self {
        Self {
            config: config.clone(),
            next: 0,
            clock: None,
            arrivals: 0,
            live: HashMap::new(),
            by_last: BTreeSet::new(),
            index: HashMap::new(),
            members: HashMap::new(),
        }
    }

    /// Live stories now.
    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Adds one article; returns the stories it closed, merged and changed, in that order.
    pub fn add(&mut self, article: &EnrichedArticle) -> Vec<StoryUpdate> {
        let time = self.tick(article);
        let mut updates = self.close_stale();
        if let Some(&(handle, ref outlet)) = self.members.get(&article.id) {
            let outlet = outlet.clone();
            if self.add_mentions(handle, article, &outlet, time) > 0 {
                updates.push(StoryUpdate::Changed(self.render(handle)));
            }
            return updates;
        }
        let outlet = self.outlet(article);
        let features = features(article, time);
        let matches = self.matches(article, &features);
        let handle = match matches.first() {
            None => self.open(article, time),
            Some(&oldest) => {
                for &younger in &matches[1..] {
                    updates.push(self.merge(younger, oldest));
                }
                oldest
            }
        };
        self.join(handle, article, features, outlet);
        updates.push(StoryUpdate::Changed(self.render(handle)));
        updates.extend(self.close_over_capacity());
        updates
    }

    /// The final state of every live story, by first article then id.
    pub fn finish(self) -> Vec<Story> {
        let mut stories: Vec<Story> = self.live.keys().map(|&h| self.render(h)).collect();
        sort(&mut stories);
        stories
    }

    /// The article's time: its date, else the newest seen; moves the clock forward.
    fn tick(&mut self, article: &EnrichedArticle) -> i64 {
        let time = article
            .published_at
            .map(|t| t.timestamp())
            .or(self.clock)
            .unwrap_or(0);
        self.clock = Some(self.clock.map_or(time, |c| c.max(time)));
        self.arrivals += 1;
        time
    }

    fn window_secs(&self) -> i64 {
        i64::from(self.config.window_hours) * 3600
    }

    /// The outlet an article counts for (see the module documentation).
    fn outlet(&self, article: &EnrichedArticle) -> String {
        if let Some(original) = &article.duplicate_of {
            return self
                .members
                .get(original)
                .map_or_else(|| original.clone(), |(_, outlet)| outlet.clone());
        }
        article.source.clone().unwrap_or_else(|| article.id.clone())
    }

    /// The stories the article belongs to, oldest first: its original's, and every candidate
    /// scoring at least the threshold.
    fn matches(&self, article: &EnrichedArticle, features: &Features) -> Vec<Handle> {
        let original = article
            .duplicate_of
            .as_ref()
            .and_then(|id| self.members.get(id))
            .map(|&(h, _)| h);
        let mut matches: Vec<Handle> = self
            .candidates(features)
            .into_iter()
            .filter(|&h| Some(h) == original || self.score(h, features) >= self.config.threshold)
            .chain(original)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        matches.sort_by_key(|h| (self.live[h].first, *h));
        matches
    }

    /// Live stories sharing a rare key with the article, within the window of its time.
    fn candidates(&self, features: &Features) -> BTreeSet<Handle> {
        let window = self.window_secs();
        features
            .keys
            .iter()
            .chain(&features.dyads)
            .filter_map(|key| self.index.get(key))
            .filter(|stories| stories.len() <= self.config.max_key_stories)
            .flatten()
            .copied()
            .filter(|h| {
                let story = &self.live[h];
                features.time >= story.first - window && features.time <= story.last + window
            })
            .collect()
    }

    /// Weighted containment of the article's entities, event dyads and word pairs in the
    /// story's.
    fn score(&self, handle: Handle, features: &Features) -> f64 {
        let story = &self.live[&handle];
        let c = &self.config;
        c.entity_weight * containment(features.keys.iter(), |k| story.keys.contains(k))
            + c.event_weight * containment(features.dyads.iter(), |k| story.dyads.contains(k))
            + c.text_weight * containment(features.pairs.iter(), |p| story.pairs.contains(p))
    }

    /// Starts an empty story whose id comes from the article's.
    fn open(&mut self, article: &EnrichedArticle, time: i64) -> Handle {
        let handle = self.next;
        self.next += 1;
        let id = format!(
            "{:016x}",
            xxh3_64(format!("story|{}", article.id).as_bytes())
        );
        self.live.insert(
            handle,
            Live {
                id,
                first: time,
                last: time,
                arrival: self.arrivals,
                articles: Vec::new(),
                outlets: BTreeSet::new(),
                entities: BTreeMap::new(),
                keys: BTreeSet::new(),
                dyads: BTreeSet::new(),
                pairs: HashSet::new(),
                events: BTreeMap::new(),
                merged: Vec::new(),
            },
        );
        self.by_last.insert((time, handle));
        handle
    }

    /// Adds the article to the story: membership, outlet, entities, keys, text, events.
    fn join(
        &mut self,
        handle: Handle,
        article: &EnrichedArticle,
        features: Features,
        outlet: String,
    ) {
        self.index_keys(handle, features.keys.iter().chain(&features.dyads));
        self.members
            .insert(article.id.clone(), (handle, outlet.clone()));
        self.touch(handle, features.time);
        let story = self.live.get_mut(&handle).expect("live story");
        story.arrival = self.arrivals;
        story.articles.push(StoryArticle {
            id: article.id.clone(),
            source: article.source.clone(),
            url: article.url.clone(),
            title: article.title.clone(),
            published_at: article.published_at,
            duplicate_of: article.duplicate_of.clone(),
        });
        story.outlets.insert(outlet.clone());
        for name in named(article) {
            *story.entities.entry(name).or_default() += 1;
        }
        story.keys.extend(features.keys);
        story.dyads.extend(features.dyads);
        let room = MAX_STORY_PAIRS.saturating_sub(story.pairs.len());
        story.pairs.extend(features.pairs.into_iter().take(room));
        self.add_mentions(handle, article, &outlet, features.time);
    }

    /// Adds the article's events as mentions not already there; returns how many.
    fn add_mentions(
        &mut self,
        handle: Handle,
        article: &EnrichedArticle,
        outlet: &str,
        time: i64,
    ) -> usize {
        let days = self.config.event_days;
        let day = article_day(article, time);
        let story = self.live.get_mut(&handle).expect("live story");
        let mut added = 0;
        for event in &article.events {
            let merged = story
                .events
                .entry(event_key(event, day, days))
                .or_insert_with(|| MergedEvent {
                    cameo: event.cameo.clone(),
                    mentions: Vec::new(),
                });
            let known = merged
                .mentions
                .iter()
                .any(|m| m.article_id == event.article_id && m.event_id == event.event_id);
            if !known {
                merged.mentions.push(mention(event, outlet));
                added += 1;
            }
        }
        added
    }

    /// Moves the younger story's articles, keys and events into the older one.
    fn merge(&mut self, younger: Handle, older: Handle) -> StoryUpdate {
        let gone = self.remove(younger);
        self.index_keys(older, gone.keys.iter().chain(&gone.dyads));
        for article in &gone.articles {
            if let Some(member) = self.members.get_mut(&article.id) {
                member.0 = older;
            }
        }
        self.touch(older, gone.first);
        self.touch(older, gone.last);
        let story = self.live.get_mut(&older).expect("live story");
        story.arrival = story.arrival.max(gone.arrival);
        story.articles.extend(gone.articles);
        story.outlets.extend(gone.outlets);
        for (name, n) in gone.entities {
            *story.entities.entry(name).or_default() += n;
        }
        story.keys.extend(gone.keys);
        story.dyads.extend(gone.dyads);
        let room = MAX_STORY_PAIRS.saturating_sub(story.pairs.len());
        story.pairs.extend(gone.pairs.into_iter().take(room));
        for (key, event) in gone.events {
            let into = story.events.entry(key).or_insert_with(|| MergedEvent {
                cameo: event.cameo,
                mentions: Vec::new(),
            });
            into.mentions.extend(event.mentions);
        }
        story.merged.push(gone.id.clone());
        story.merged.extend(gone.merged);
        StoryUpdate::Merged {
            story_id: gone.id,
            merged_into: story.id.clone(),
        }
    }

    fn index_keys<'k>(&mut self, handle: Handle, keys: impl Iterator<Item = &'k String>) {
        for key in keys {
            self.index.entry(key.clone()).or_default().insert(handle);
        }
    }

    /// Widens the story's time span to `time`.
    fn touch(&mut self, handle: Handle, time: i64) {
        let story = self.live.get_mut(&handle).expect("live story");
        story.first = story.first.min(time);
        if time > story.last {
            self.by_last.remove(&(story.last, handle));
            story.last = time;
            self.by_last.insert((time, handle));
        }
    }

    /// Takes a story out of the window, the index and the member list (a merge puts its
    /// members back under the older story).
    fn remove(&mut self, handle: Handle) -> Live {
        let story = self.live.remove(&handle).expect("live story");
        self.by_last.remove(&(story.last, handle));
        for key in story.keys.iter().chain(&story.dyads) {
            if let Some(stories) = self.index.get_mut(key) {
                stories.remove(&handle);
                if stories.is_empty() {
                    self.index.remove(key);
                }
            }
        }
        for article in &story.articles {
            self.members.remove(&article.id);
        }
        story
    }

    fn close(&mut self, handle: Handle) -> StoryUpdate {
        let story = self.render(handle);
        self.remove(handle);
        StoryUpdate::Closed(story)
    }

    /// Closes the stories whose last article is older than the window and the grace.
    fn close_stale(&mut self) -> Vec<StoryUpdate> {
        let horizon = self.clock.unwrap_or(0) - self.window_secs();
        let stale: Vec<Handle> = self
            .by_last
            .iter()
            .take_while(|(last, _)| *last < horizon)
            .map(|&(_, h)| h)
            .filter(|h| self.arrivals - self.live[h].arrival >= self.config.grace_articles)
            .collect();
        stale.into_iter().map(|h| self.close(h)).collect()
    }

    /// Closes the least recently joined stories beyond `max_stories`.
    fn close_over_capacity(&mut self) -> Vec<StoryUpdate> {
        let over = self.live.len().saturating_sub(self.config.max_stories);
        let oldest: Vec<Handle> = self.by_last.iter().take(over).map(|&(_, h)| h).collect();
        oldest.into_iter().map(|h| self.close(h)).collect()
    }

    /// The public record of a live story.
    fn render(&self, handle: Handle) -> Story {
        let story = &self.live[&handle];
        let quiet = i64::from(self.config.quiet_after_hours) * 3600;
        let status = if self.clock.unwrap_or(0) - story.last >= quiet {
            StoryStatus::Quiet
        } else {
            StoryStatus::Developing
        };
        let dates = story.articles.iter().filter_map(|a| a.published_at);
        let (places, entities): (Vec<_>, Vec<_>) = top(&story.entities)
            .into_iter()
            .partition(|e| e.label == Label::Loc);
        let n = self.config.top_entities;
        Story {
            story_id: story.id.clone(),
            status,
            title: headline(&story.articles),
            first_seen: dates.clone().min(),
            last_seen: dates.max(),
            articles: story.articles.clone(),
            num_articles: story.articles.len(),
            num_sources: story.outlets.len(),
            entities: entities.into_iter().take(n).collect(),
            places: places.into_iter().take(n).collect(),
            events: story
                .events
                .iter()
                .map(|(k, e)| story_event(k, e))
                .collect(),
            merged: story.merged.clone(),
        }
    }
}

/// Sorts stories by first article (undated first), then id.
pub fn sort(stories: &mut [Story]) {
    stories.sort_by(|a, b| (a.first_seen, &a.story_id).cmp(&(b.first_seen, &b.story_id)));
}

fn features(article: &EnrichedArticle, time: i64) -> Features {
    Features {
        time,
        keys: article.clusters.iter().map(entity_key).collect(),
        dyads: article.events.iter().map(dyad).collect(),
        pairs: word_pairs(article),
    }
}

fn entity_key(cluster: &herald_model::Cluster) -> String {
    cluster.id.clone().unwrap_or_else(|| {
        format!(
            "{}:{}",
            label_tag(cluster.label),
            cluster.canonical.to_lowercase()
        )
    })
}

fn label_tag(label: Label) -> &'static str {
    match label {
        Label::Per => "per",
        Label::Org => "org",
        Label::Loc => "loc",
        Label::Misc => "misc",
    }
}

fn code(actor: Option<&herald_model::Actor>) -> &str {
    actor.map_or("", |a| a.code.as_str())
}

fn dyad(event: &Event) -> String {
    format!(
        "{}>{}:{}",
        code(event.source.as_ref()),
        code(event.target.as_ref()),
        event.plover
    )
}

/// Hashes of the adjacent lower-cased word pairs of the title and the body's lead.
fn word_pairs(article: &EnrichedArticle) -> HashSet<u64> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let title = words(article.title.as_deref().unwrap_or(""));
    let mut lead = words(&article.body);
    lead.truncate(LEAD_WORDS);
    [title, lead]
        .iter()
        .flat_map(|ws| ws.windows(2))
        .map(|w| xxh3_64(format!("{} {}", w[0], w[1]).as_bytes()))
        .collect()
}

/// Share of the items that `has` holds (0 when there are none).
fn containment<'a, T: 'a>(
    items: impl ExactSizeIterator<Item = &'a T>,
    has: impl Fn(&T) -> bool,
) -> f64 {
    let total = items.len();
    if total == 0 {
        return 0.0;
    }
    items.filter(|i| has(i)).count() as f64 / total as f64
}

/// The distinct (canonical name, label) of the article's entities.
fn named(article: &EnrichedArticle) -> BTreeSet<(String, Label)> {
    article
        .clusters
        .iter()
        .map(|c| (c.canonical.clone(), c.label))
        .collect()
}

/// The article's day: its date's, else the day of its time.
fn article_day(article: &EnrichedArticle, time: i64) -> NaiveDate {
    article.published_at.map_or_else(
        || {
            DateTime::from_timestamp(time, 0)
                .unwrap_or_default()
                .date_naive()
        },
        |t: DateTime<FixedOffset>| t.date_naive(),
    )
}

/// The story event an event is a mention of: its type, actors, place and the window of
/// `days` days holding its date (the article's day when the event has no full date).
fn event_key(event: &Event, article_day: NaiveDate, days: u32) -> EventKey {
    let date = event
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
        .unwrap_or(article_day);
    let n = date.num_days_from_ce();
    let start = n - n.rem_euclid(days as i32);
    EventKey {
        plover: event.plover.clone(),
        source: event.source.as_ref().map(|a| a.code.clone()),
        target: event.target.as_ref().map(|a| a.code.clone()),
        place: event.location.as_ref().map(|l| l.name.clone()),
        date: NaiveDate::from_num_days_from_ce_opt(start).unwrap_or(date),
    }
}

fn mention(event: &Event, outlet: &str) -> Mention {
    Mention {
        article_id: event.article_id.clone(),
        event_id: event.event_id.clone(),
        outlet: outlet.to_string(),
        sentence: Span {
            start: event.sentence.start,
            end: event.sentence.end,
        },
        trigger: Span {
            start: event.trigger.start,
            end: event.trigger.end,
        },
        confidence: event.confidence,
    }
}

fn story_event(key: &EventKey, event: &MergedEvent) -> StoryEvent {
    let articles: BTreeSet<&str> = event
        .mentions
        .iter()
        .map(|m| m.article_id.as_str())
        .collect();
    let mut outlets: BTreeMap<&str, f64> = BTreeMap::new();
    for m in &event.mentions {
        let best = outlets.entry(m.outlet.as_str()).or_default();
        *best = best.max(m.confidence);
    }
    let doubt: f64 = outlets.values().map(|c| 1.0 - c.clamp(0.0, 1.0)).product();
    StoryEvent {
        plover: key.plover.clone(),
        cameo: event.cameo.clone(),
        source: key.source.clone(),
        target: key.target.clone(),
        place: key.place.clone(),
        date: key.date.format("%Y-%m-%d").to_string(),
        num_mentions: event.mentions.len(),
        num_articles: articles.len(),
        num_sources: outlets.len(),
        confidence: ((1.0 - doubt) * 1000.0).round() / 1000.0,
        mentions: event.mentions.clone(),
    }
}

/// Entities by the number of member articles naming them, then name.
fn top(entities: &BTreeMap<(String, Label), usize>) -> Vec<StoryEntity> {
    let mut top: Vec<StoryEntity> = entities
        .iter()
        .map(|((name, label), &n)| StoryEntity {
            name: name.clone(),
            label: *label,
            num_articles: n,
        })
        .collect();
    top.sort_by(|a, b| {
        b.num_articles
            .cmp(&a.num_articles)
            .then(a.name.cmp(&b.name))
    });
    top
}

/// The title of the earliest original article with one (a syndicated copy's only when no
/// original has one).
fn headline(articles: &[StoryArticle]) -> Option<String> {
    articles
        .iter()
        .filter(|a| a.title.is_some())
        .min_by_key(|a| {
            (
                a.duplicate_of.is_some(),
                a.published_at.is_none(),
                a.published_at,
            )
        })
        .and_then(|a| a.title.clone())
}

#[cfg(test)]
mod tests {
    use herald_model::{
        Actor, Cluster, EnrichedArticle, Event, Label, RawArticle, SentenceRef, Story, StoryUpdate,
        Trigger,
    };

    use super::{Stories, StoriesConfig};
    use crate::{Pipeline, PipelineConfig};

    /// Entities of a hand-built article: (canonical name, label).
    type Names<'a> = &'a [(&'a str, Label)];
    /// Events of a hand-built article: (PLOVER type, source code, target code, confidence).
    type Coded<'a> = &'a [(&'a str, &'a str, &'a str, f64)];

    fn article(
        id: &str,
        source: &str,
        time: &str,
        text: (&str, &str),
        names: Names,
        coded: Coded,
    ) -> EnrichedArticle {
        let raw = serde_json::json!({
            "id": id, "source": source, "published_at": time, "title": text.0, "body": text.1,
        });
        let raw = RawArticle::decode(raw.to_string().as_bytes(), &Default::default()).unwrap();
        let mut article = EnrichedArticle::new(raw);
        article.clusters = names
            .iter()
            .map(|&(name, label)| Cluster {
                canonical: name.to_string(),
                label,
                id: None,
                country: None,
                role: None,
            })
            .collect();
        article.events = coded
            .iter()
            .enumerate()
            .map(|(n, &(plover, source, target, confidence))| {
                event(&article, n, plover, (source, target), confidence)
            })
            .collect();
        article
    }

    fn event(
        article: &EnrichedArticle,
        n: usize,
        plover: &str,
        (source, target): (&str, &str),
        confidence: f64,
    ) -> Event {
        let actor = |code: &str| Actor {
            text: code.to_string(),
            name: code.to_string(),
            code: code.to_string(),
            country: None,
            sector: None,
            cluster: None,
        };
        Event {
            event_id: format!("{}-e{n}", article.id),
            article_id: article.id.clone(),
            sentence: SentenceRef {
                index: 0,
                start: 0,
                end: 10,
            },
            date: article
                .published_at
                .map(|t| t.format("%Y-%m-%d").to_string()),
            source: Some(actor(source)),
            target: Some(actor(target)),
            cameo: "040".to_string(),
            cameo_root: "04".to_string(),
            plover: plover.to_string(),
            plover_mode: None,
            plover_context: None,
            goldstein: 1.0,
            quad_class: 1,
            location: None,
            trigger: Trigger {
                start: 2,
                end: 5,
                text: "met".to_string(),
            },
            negated: false,
            mood: Default::default(),
            reciprocal: false,
            confidence,
            source_url: None,
            published_at: article.published_at,
        }
    }

    const TALKS: Names = &[
        ("United States", Label::Loc),
        ("Russia", Label::Loc),
        ("John Kerry", Label::Per),
        ("Sergei Lavrov", Label::Per),
        ("Geneva", Label::Loc),
        ("Syria", Label::Loc),
    ];

    fn talks(id: &str, source: &str, confidence: f64) -> EnrichedArticle {
        article(
            id,
            source,
            "2016-09-09T10:00:00Z",
            (
                "Kerry and Lavrov meet in Geneva on a Syria truce",
                "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov \
                 in Geneva on Friday for talks on a cease-fire in Syria.",
            ),
            TALKS,
            &[("CONSULT", "USAGOV", "RUSGOV", confidence)],
        )
    }

    fn changed(updates: &[StoryUpdate]) -> Vec<&Story> {
        updates
            .iter()
            .filter_map(|u| match u {
                StoryUpdate::Changed(story) => Some(story),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_syndicated_avdiivka_copy_joins_its_original_without_adding_a_source() {
        let pipeline = Pipeline::all(&PipelineConfig::default()).unwrap();
        let mut stories = Stories::new(&StoriesConfig::default());
        for bytes in [
            &include_bytes!("../../../seeds/05_ukraine_avdiivka_fighting.json")[..],
            include_bytes!("../../../seeds/20_syndicated_copy_of_05_avdiivka.json"),
        ] {
            let raw = RawArticle::decode(bytes, &Default::default()).unwrap();
            let article = pipeline
                .process(EnrichedArticle::new(raw), |_, _| {})
                .unwrap();
            stories.add(&article);
        }
        let all = stories.finish();
        assert_eq!(all.len(), 1, "{all:#?}");
        let story = &all[0];
        assert_eq!((story.num_articles, story.num_sources), (2, 1));
        assert_eq!(story.articles[1].duplicate_of.as_deref(), Some("seed-05"));
        assert!(story
            .title
            .as_deref()
            .unwrap()
            .contains("Avdiivka kills eight"));
        assert!(
            story.events.iter().all(|e| e.num_sources == 1),
            "{story:#?}"
        );
        assert!(
            story
                .places
                .iter()
                .any(|p| p.name == "Avdiyivka" && p.num_articles == 2),
            "{:#?}",
            story.places
        );
    }

    #[test]
    fn two_different_events_with_the_same_actors_on_the_same_day_stay_apart() {
        let mut stories = Stories::new(&StoriesConfig::default());
        stories.add(&talks("talks", "Herald Wire", 0.6));
        let hacking = article(
            "hacking",
            "Herald Wire",
            "2016-09-09T15:00:00Z",
            (
                "Washington accuses Moscow of hacking election emails",
                "The United States on Friday formally accused Russia of a cyber attack on the \
                 Democratic National Committee, saying Moscow sought to sway the election.",
            ),
            &[
                ("United States", Label::Loc),
                ("Russia", Label::Loc),
                ("Democratic National Committee", Label::Org),
            ],
            &[("ACCUSE", "USAGOV", "RUSGOV", 0.7)],
        );
        let updates = stories.add(&hacking);
        assert_eq!(changed(&updates)[0].num_articles, 1, "a story of its own");
        let all = stories.finish();
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|s| s.events.len() == 1));
    }

    #[test]
    fn the_same_event_from_two_outlets_is_one_story_event_corroborated() {
        let mut stories = Stories::new(&StoriesConfig::default());
        stories.add(&talks("talks", "Herald Wire", 0.6));
        let other = article(
            "other",
            "Daily Planet",
            "2016-09-09T18:30:00Z",
            (
                "Top U.S. and Russian diplomats hold Syria cease-fire talks",
                "Russia's top diplomat Sergei Lavrov and his American counterpart John Kerry \
                 sat down in Geneva to try to agree on a truce for Syria.",
            ),
            TALKS,
            &[("CONSULT", "USAGOV", "RUSGOV", 0.5)],
        );
        stories.add(&other);
        let all = stories.finish();
        assert_eq!(all.len(), 1, "{all:#?}");
        let story = &all[0];
        assert_eq!((story.num_articles, story.num_sources), (2, 2));
        assert_eq!(story.events.len(), 1);
        let event = &story.events[0];
        assert_eq!(
            (event.num_mentions, event.num_articles, event.num_sources),
            (2, 2, 2)
        );
        assert_eq!(event.confidence, 0.8, "1 - 0.4 × 0.5");
        assert_eq!(event.date, "2016-09-09");
        assert_eq!(
            story.title.as_deref(),
            Some("Kerry and Lavrov meet in Geneva on a Syria truce")
        );
    }

    #[test]
    fn an_article_given_twice_counts_once() {
        let mut stories = Stories::new(&StoriesConfig::default());
        stories.add(&talks("talks", "Herald Wire", 0.6));
        let again = stories.add(&talks("talks", "Herald Wire", 0.6));
        assert!(again.is_empty(), "nothing changed: {again:?}");
        let all = stories.finish();
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].num_articles, all[0].events[0].num_mentions), (1, 1));
    }

    #[test]
    fn live_stories_stay_bounded_on_endless_input() {
        let config = StoriesConfig {
            max_stories: 100,
            ..StoriesConfig::default()
        };
        let mut stories = Stories::new(&config);
        let mut closed = 0;
        for i in 0..10_000 {
            let time = chrono::DateTime::from_timestamp(1_500_000_000 + i * 600, 0).unwrap();
            let name = format!("Person {i}");
            let a = article(
                &format!("a{i}"),
                "Herald Wire",
                &time.to_rfc3339(),
                (&format!("Story {i}"), &format!("Body of story number {i}.")),
                &[(name.as_str(), Label::Per)],
                &[("CONSULT", &format!("P{i}"), "USAGOV", 0.5)],
            );
            closed += stories
                .add(&a)
                .iter()
                .filter(|u| matches!(u, StoryUpdate::Closed(_)))
                .count();
            assert!(stories.len() <= 100);
            assert_eq!(stories.members.len(), stories.len());
            assert!(stories.index.len() <= 2 * stories.len() + 1);
        }
        assert_eq!(
            closed + stories.len(),
            10_000,
            "every story closed once or live"
        );

        // By time: one article an hour keeps the 72 hours' stories and the grace's.
        let config = StoriesConfig {
            grace_articles: 10,
            ..StoriesConfig::default()
        };
        let mut stories = Stories::new(&config);
        for i in 0..1_000 {
            let time = chrono::DateTime::from_timestamp(1_500_000_000 + i * 3600, 0).unwrap();
            let a = article(
                &format!("a{i}"),
                "Herald Wire",
                &time.to_rfc3339(),
                ("", "Text."),
                &[(format!("Person {i}").as_str(), Label::Per)],
                &[],
            );
            stories.add(&a);
            assert!(stories.len() <= 73 + 10, "{}", stories.len());
        }
    }

    #[test]
    fn a_late_article_bridging_two_stories_merges_them_into_the_older() {
        let mut stories = Stories::new(&StoriesConfig::default());
        let alpha_text =
            "Alpha Corp agreed to buy Beta Mining in a deal worth two billion dollars.";
        let gamma_text = "Gamma Bank accused Delta Holdings of hiding losses from its regulators.";
        let alpha = article(
            "alpha",
            "Herald Wire",
            "2016-09-09T10:00:00Z",
            ("Alpha to buy Beta", alpha_text),
            &[("Alpha Corp", Label::Org), ("Beta Mining", Label::Org)],
            &[("COOPERATE", "ALP", "BET", 0.6)],
        );
        let gamma = article(
            "gamma",
            "Daily Planet",
            "2016-09-09T11:00:00Z",
            ("Gamma accuses Delta", gamma_text),
            &[("Gamma Bank", Label::Org), ("Delta Holdings", Label::Org)],
            &[("ACCUSE", "GAM", "DEL", 0.6)],
        );
        let first = changed(&stories.add(&alpha))[0].story_id.clone();
        let second = changed(&stories.add(&gamma))[0].story_id.clone();
        assert_ne!(first, second);
        let bridge = article(
            "bridge",
            "Evening Post",
            "2016-09-09T09:00:00Z",
            ("", &format!("{alpha_text} {gamma_text}")),
            &[
                ("Alpha Corp", Label::Org),
                ("Beta Mining", Label::Org),
                ("Gamma Bank", Label::Org),
                ("Delta Holdings", Label::Org),
            ],
            &[
                ("COOPERATE", "ALP", "BET", 0.6),
                ("ACCUSE", "GAM", "DEL", 0.6),
            ],
        );
        let updates = stories.add(&bridge);
        for update in &updates {
            let json = serde_json::to_string(update).unwrap();
            assert_eq!(&serde_json::from_str::<StoryUpdate>(&json).unwrap(), update);
        }
        assert_eq!(
            updates[0],
            StoryUpdate::Merged {
                story_id: second.clone(),
                merged_into: first.clone(),
            }
        );
        let story = changed(&updates)[0];
        assert_eq!(story.story_id, first);
        assert_eq!((story.num_articles, story.num_sources), (3, 3));
        assert_eq!(story.merged, [second]);
        assert_eq!(
            story.first_seen.unwrap().to_rfc3339(),
            "2016-09-09T09:00:00+00:00"
        );
        assert_eq!(stories.len(), 1);
        assert!(stories
            .members
            .values()
            .all(|(h, _)| stories.live.contains_key(h)));
    }
}
