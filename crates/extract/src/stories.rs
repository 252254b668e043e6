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
//! share of the content words (four letters or more) of its title and lead. The article joins the best story scoring
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
use serde::{Deserialize, Serialize};
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

/// Words of the body, after the title, whose content words stand for the text.
const LEAD_WORDS: usize = 80;
/// Words this long or longer are a text's content words (shorter ones are mostly function
/// words: "the", "and", "was", and carry little of what a report is about).
const CONTENT_WORD_CHARS: usize = 4;
/// A map kept as a sorted vector: a story holds a few entities, events and keys each, and a
/// B-tree's node takes room for eleven whatever it holds (the live stories' memory halved).
#[derive(Debug, Clone, PartialEq)]
struct Sorted<K, V>(Vec<(K, V)>);

impl<K: Ord, V> Default for Sorted<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K: Ord, V> Sorted<K, V> {
    fn entry(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => at,
            Err(at) => {
                self.0.reserve_exact(1);
                self.0.insert(at, (key, make()));
                at
            }
        };
        &mut self.0[at].1
    }

    fn contains(&self, key: &K) -> bool {
        self.0.binary_search_by(|(k, _)| k.cmp(key)).is_ok()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }
}

impl<K: Ord> Sorted<K, ()> {
    fn insert(&mut self, key: K) {
        self.entry(key, || ());
    }
}

impl<K: Ord> FromIterator<K> for Sorted<K, ()> {
    fn from_iter<I: IntoIterator<Item = K>>(items: I) -> Self {
        let mut set = Self::default();
        set.extend(items);
        set
    }
}

impl<K: Ord> Extend<K> for Sorted<K, ()> {
    fn extend<I: IntoIterator<Item = K>>(&mut self, items: I) {
        for key in items {
            self.insert(key);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Sorted<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map: Vec<(K, V)> = items.into_iter().collect();
        map.sort_by(|a, b| a.0.cmp(&b.0));
        map.dedup_by(|a, b| a.0 == b.0);
        map.shrink_to_fit();
        Self(map)
    }
}

impl<K, V> IntoIterator for Sorted<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The least size of the smaller side of an overlap (see [`overlap`]).
const OVERLAP_FLOOR: usize = 4;
/// Most content-word hashes a story remembers for the text similarity.
const MAX_STORY_PAIRS: usize = 4096;

type Handle = u64;
/// Member articles: their story and the outlet they count for.
type Members = HashMap<Box<str>, (Handle, Box<str>)>;

/// The outlet a member article counts for (its id when it is no member).
fn outlet_in<'a>(members: &'a Members, article_id: &'a str) -> &'a str {
    members
        .get(article_id)
        .map_or(article_id, |(_, outlet)| &**outlet)
}
/// An entity or dyad key, hashed: held once per story and once in the index.
type Key = u64;

/// The live stories carrying an index key. Most keys are one story's: that one is held
/// inline, without an allocation of its own.
enum Posting {
    One(Handle),
    Many(Box<[Handle]>),
}

impl Posting {
    fn handles(&self) -> &[Handle] {
        match self {
            Posting::One(h) => std::slice::from_ref(h),
            Posting::Many(hs) => hs,
        }
    }

    fn add(&mut self, handle: Handle) {
        if !self.handles().contains(&handle) {
            let mut all = self.handles().to_vec();
            all.push(handle);
            *self = Posting::Many(all.into_boxed_slice());
        }
    }

    /// Takes the story out; true when none is left.
    fn remove(&mut self, handle: Handle) -> bool {
        let rest: Vec<Handle> = self
            .handles()
            .iter()
            .copied()
            .filter(|&h| h != handle)
            .collect();
        *self = match rest.as_slice() {
            [] => return true,
            &[one] => Posting::One(one),
            _ => Posting::Many(rest.into_boxed_slice()),
        };
        false
    }
}

/// What an article brings to matching.
struct Features {
    time: i64,
    keys: BTreeSet<Key>,
    dyads: BTreeSet<Key>,
    /// Sorted.
    pairs: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct EventKey {
    plover: Box<str>,
    source: Option<Box<str>>,
    target: Option<Box<str>>,
    place: Option<Box<str>>,
    date: NaiveDate,
}

struct MergedEvent {
    cameo: Box<str>,
    mentions: Vec<Evidence>,
}

/// A mention as a story keeps it: its article is the story's member at `article` (its id is
/// not copied); its outlet is that article's, looked up when the story is rendered (so a
/// syndicated copy's follows its original's when that arrives).
#[derive(Debug, Clone, PartialEq)]
struct Evidence {
    article: u32,
    event_id: Box<str>,
    sentence: (u32, u32),
    trigger: (u32, u32),
    confidence: f64,
}

impl Evidence {
    fn of(event: &Event, article: u32) -> Self {
        Self {
            article,
            event_id: event.event_id.as_str().into(),
            sentence: (event.sentence.start as u32, event.sentence.end as u32),
            trigger: (event.trigger.start as u32, event.trigger.end as u32),
            confidence: event.confidence,
        }
    }

    fn from_mention(m: &Mention, article: u32) -> Self {
        Self {
            article,
            event_id: m.event_id.as_str().into(),
            sentence: (m.sentence.start as u32, m.sentence.end as u32),
            trigger: (m.trigger.start as u32, m.trigger.end as u32),
            confidence: m.confidence,
        }
    }

    fn mention(&self, article_id: &str, outlet: &str) -> Mention {
        Mention {
            article_id: article_id.to_string(),
            event_id: self.event_id.to_string(),
            outlet: outlet.to_string(),
            sentence: Span {
                start: self.sentence.0 as usize,
                end: self.sentence.1 as usize,
            },
            trigger: Span {
                start: self.trigger.0 as usize,
                end: self.trigger.1 as usize,
            },
            confidence: self.confidence,
        }
    }
}

/// A story in the window.
struct Live {
    id: String,
    first: i64,
    last: i64,
    /// Arrival number of its last article.
    arrival: u64,
    articles: Vec<StoryArticle>,
    outlets: Sorted<Box<str>, ()>,
    /// (canonical name, label) → member articles naming it.
    entities: Sorted<(Box<str>, Label), usize>,
    keys: Sorted<Key, ()>,
    dyads: Sorted<Key, ()>,
    /// Hashes of content words, sorted: the `MAX_STORY_PAIRS` smallest of its articles'.
    pairs: Vec<u32>,
    events: Sorted<EventKey, MergedEvent>,
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
    index: HashMap<Key, Posting>,
    /// Member articles of live stories: their story and outlet.
    members: Members,
    /// Live stories by id.
    ids: HashMap<String, Handle>,
}

/// Everything the stage knows of one live story, to keep it elsewhere (a changelog topic)
/// and bring it back with [`Stories::restore`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    id: String,
    first: i64,
    last: i64,
    arrival: u64,
    articles: Vec<StoryArticle>,
    /// The outlet each member article counts for, in the order of `articles`.
    outlets: Vec<String>,
    entities: Vec<(String, Label, usize)>,
    keys: Vec<Key>,
    dyads: Vec<Key>,
    pairs: Vec<u32>,
    events: Vec<(EventKey, String, Vec<Mention>)>,
    merged: Vec<String>,
}

impl Snapshot {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The ids of the stories merged into this one.
    pub fn merged(&self) -> &[String] {
        &self.merged
    }
}

/// The stage's clock: the newest article time seen and the articles seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Clock {
    pub time: Option<i64>,
    pub arrivals: u64,
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
            ids: HashMap::new(),
        }
    }

    /// The stage as it was when `clock` was read and the live stories `snapshots` were
    /// taken. A story that another snapshot lists as merged into it is left out (its
    /// merge was recorded and its removal not yet).
    pub fn restore(
        config: &StoriesConfig,
        clock: Clock,
        snapshots: impl IntoIterator<Item = Snapshot>,
    ) -> Self {
        let mut stories = Self::new(config);
        stories.clock = clock.time;
        stories.arrivals = clock.arrivals;
        let mut snapshots: Vec<Snapshot> = snapshots.into_iter().collect();
        let gone: HashSet<String> = snapshots.iter().flat_map(|s| s.merged.clone()).collect();
        snapshots.retain(|s| !gone.contains(&s.id));
        // Handles in order of opening, as the stage gave them.
        snapshots.sort_by(|a, b| (a.first, &a.id).cmp(&(b.first, &b.id)));
        for snapshot in snapshots {
            stories.put(snapshot);
        }
        stories
    }

    /// The clock, to keep with the snapshots.
    pub fn clock(&self) -> Clock {
        Clock {
            time: self.clock,
            arrivals: self.arrivals,
        }
    }

    /// Everything known of the live story `id`.
    pub fn snapshot(&self, id: &str) -> Option<Snapshot> {
        let story = &self.live[self.ids.get(id)?];
        let outlet = |a: &StoryArticle| {
            self.members
                .get(a.id.as_str())
                .map_or_else(String::new, |(_, o)| o.to_string())
        };
        Some(Snapshot {
            id: story.id.clone(),
            first: story.first,
            last: story.last,
            arrival: story.arrival,
            articles: story.articles.clone(),
            outlets: story.articles.iter().map(outlet).collect(),
            entities: story
                .entities
                .iter()
                .map(|((name, label), &n)| (name.to_string(), *label, n))
                .collect(),
            keys: story.keys.keys().copied().collect(),
            dyads: story.dyads.keys().copied().collect(),
            pairs: story.pairs.clone(),
            events: story
                .events
                .iter()
                .map(|(k, e)| {
                    let mentions = e
                        .mentions
                        .iter()
                        .map(|m| {
                            let id = &story.articles[m.article as usize].id;
                            m.mention(id, outlet_in(&self.members, id))
                        })
                        .collect();
                    (k.clone(), e.cameo.to_string(), mentions)
                })
                .collect(),
            merged: story.merged.clone(),
        })
    }

    /// Puts a snapshot's story back in the window, the index and the member list.
    fn put(&mut self, s: Snapshot) {
        let handle = self.next;
        self.next += 1;
        for (article, outlet) in s.articles.iter().zip(&s.outlets) {
            self.members
                .insert(article.id.as_str().into(), (handle, outlet.as_str().into()));
        }
        self.index_keys(handle, s.keys.iter().chain(&s.dyads).copied());
        self.by_last.insert((s.last, handle));
        self.ids.insert(s.id.clone(), handle);
        let at: HashMap<&str, u32> = (s.articles.iter().enumerate())
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let events = s
            .events
            .into_iter()
            .map(|(key, cameo, mentions)| {
                let mentions = (mentions.iter())
                    .filter_map(|m| {
                        Some(Evidence::from_mention(m, *at.get(m.article_id.as_str())?))
                    })
                    .collect();
                let cameo = cameo.into();
                (key, MergedEvent { cameo, mentions })
            })
            .collect();
        let live = Live {
            id: s.id,
            first: s.first,
            last: s.last,
            arrival: s.arrival,
            articles: s.articles,
            outlets: s.outlets.into_iter().map(String::into_boxed_str).collect(),
            entities: s
                .entities
                .into_iter()
                .map(|(name, label, n)| ((name.into_boxed_str(), label), n))
                .collect(),
            keys: s.keys.into_iter().collect(),
            dyads: s.dyads.into_iter().collect(),
            pairs: s.pairs,
            events,
            merged: s.merged,
        };
        self.live.insert(handle, live);
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
        if let Some(&(handle, _)) = self.members.get(article.id.as_str()) {
            if self.add_mentions(handle, article, time) > 0 {
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
                .get(original.as_str())
                .map_or_else(|| original.clone(), |(_, outlet)| outlet.to_string());
        }
        article.source.clone().unwrap_or_else(|| article.id.clone())
    }

    /// The stories the article belongs to, oldest first: its original's, and every candidate
    /// scoring at least the threshold.
    fn matches(&self, article: &EnrichedArticle, features: &Features) -> Vec<Handle> {
        let original = article
            .duplicate_of
            .as_ref()
            .and_then(|id| self.members.get(id.as_str()))
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
            .map(Posting::handles)
            .filter(|stories| stories.len() <= self.config.max_key_stories)
            .flatten()
            .copied()
            .filter(|h| {
                let story = &self.live[h];
                features.time >= story.first - window && features.time <= story.last + window
            })
            .collect()
    }

    /// Weighted overlap of the article's entities, event dyads and content words with the
    /// story's, over the kinds both have: an article or a story without coded events is
    /// judged on its entities and words alone (no evidence is not disagreement).
    fn score(&self, handle: Handle, features: &Features) -> f64 {
        let story = &self.live[&handle];
        let c = &self.config;
        let parts = [
            (
                c.entity_weight,
                features.keys.len().min(story.keys.len()),
                overlap(features.keys.iter(), story.keys.len(), |k| {
                    story.keys.contains(k)
                }),
            ),
            (
                c.event_weight,
                features.dyads.len().min(story.dyads.len()),
                overlap(features.dyads.iter(), story.dyads.len(), |k| {
                    story.dyads.contains(k)
                }),
            ),
            (
                c.text_weight,
                features.pairs.len().min(story.pairs.len()),
                overlap(features.pairs.iter(), story.pairs.len(), |p| {
                    story.pairs.binary_search(p).is_ok()
                }),
            ),
        ];
        let weight: f64 = parts.iter().filter(|p| p.1 > 0).map(|p| p.0).sum();
        if weight == 0.0 {
            return 0.0;
        }
        parts.iter().map(|p| p.0 * p.2).sum::<f64>() / weight
    }

    /// Starts an empty story whose id comes from the article's.
    fn open(&mut self, article: &EnrichedArticle, time: i64) -> Handle {
        let handle = self.next;
        self.next += 1;
        let id = format!(
            "{:016x}",
            xxh3_64(format!("story|{}", article.id).as_bytes())
        );
        self.ids.insert(id.clone(), handle);
        self.live.insert(
            handle,
            Live {
                id,
                first: time,
                last: time,
                arrival: self.arrivals,
                articles: Vec::new(),
                outlets: Sorted::default(),
                entities: Sorted::default(),
                keys: Sorted::default(),
                dyads: Sorted::default(),
                pairs: Vec::new(),
                events: Sorted::default(),
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
        self.index_keys(handle, features.keys.iter().chain(&features.dyads).copied());
        self.members
            .insert(article.id.as_str().into(), (handle, outlet.as_str().into()));
        self.touch(handle, features.time);
        let story = self.live.get_mut(&handle).expect("live story");
        story.arrival = self.arrivals;
        story.articles.reserve_exact(1);
        story.articles.push(StoryArticle {
            id: article.id.clone(),
            source: article.source.clone(),
            url: article.url.clone(),
            title: article.title.clone(),
            published_at: article.published_at,
            duplicate_of: article.duplicate_of.clone(),
        });
        story.outlets.insert(outlet.as_str().into());
        for name in named(article) {
            *story.entities.entry(name, || 0) += 1;
        }
        story.keys.extend(features.keys);
        story.dyads.extend(features.dyads);
        add_pairs(&mut story.pairs, &features.pairs);
        self.add_mentions(handle, article, features.time);
        self.adopt_copies(handle, &article.id, &outlet);
    }

    /// Syndicated copies of `original` that arrived before it counted for the original's
    /// id (its outlet was unknown): they count for its outlet now.
    fn adopt_copies(&mut self, handle: Handle, original: &str, outlet: &str) {
        let story = self.live.get_mut(&handle).expect("live story");
        let copies: HashSet<String> = story
            .articles
            .iter()
            .filter(|a| a.duplicate_of.as_deref() == Some(original))
            .map(|a| a.id.clone())
            .collect();
        if copies.is_empty() {
            return;
        }
        for copy in &copies {
            if let Some(member) = self.members.get_mut(copy.as_str()) {
                member.1 = outlet.into();
            }
        }
        story.outlets = story
            .articles
            .iter()
            .filter_map(|a| self.members.get(a.id.as_str()).map(|(_, o)| o.clone()))
            .collect();
    }

    /// Adds the article's events as mentions not already there; returns how many.
    fn add_mentions(&mut self, handle: Handle, article: &EnrichedArticle, time: i64) -> usize {
        let days = self.config.event_days;
        let day = article_day(article, time);
        let story = self.live.get_mut(&handle).expect("live story");
        let Some(at) = story.articles.iter().rposition(|a| a.id == article.id) else {
            return 0;
        };
        let at = at as u32;
        let mut added = 0;
        for event in &article.events {
            let merged = story
                .events
                .entry(event_key(event, day, days), || MergedEvent {
                    cameo: event.cameo.as_str().into(),
                    mentions: Vec::new(),
                });
            let known = merged
                .mentions
                .iter()
                .any(|m| m.article == at && *m.event_id == *event.event_id);
            if !known {
                merged.mentions.reserve_exact(1);
                merged.mentions.push(Evidence::of(event, at));
                added += 1;
            }
        }
        added
    }

    /// Moves the younger story's articles, keys and events into the older one.
    fn merge(&mut self, younger: Handle, older: Handle) -> StoryUpdate {
        let moved: Vec<(String, String)> = self.live[&younger]
            .articles
            .iter()
            .map(|a| (a.id.clone(), outlet_in(&self.members, &a.id).to_string()))
            .collect();
        let gone = self.remove(younger);
        self.index_keys(older, gone.keys.keys().chain(gone.dyads.keys()).copied());
        for (id, outlet) in moved {
            self.members.insert(id.into(), (older, outlet.into()));
        }
        self.touch(older, gone.first);
        self.touch(older, gone.last);
        let story = self.live.get_mut(&older).expect("live story");
        story.arrival = story.arrival.max(gone.arrival);
        let offset = story.articles.len() as u32;
        story.articles.extend(gone.articles);
        story
            .outlets
            .extend(gone.outlets.into_iter().map(|(o, ())| o));
        for (name, n) in gone.entities {
            *story.entities.entry(name, || 0) += n;
        }
        story.keys.extend(gone.keys.into_iter().map(|(k, ())| k));
        story.dyads.extend(gone.dyads.into_iter().map(|(k, ())| k));
        add_pairs(&mut story.pairs, &gone.pairs);
        for (key, event) in gone.events {
            let into = story.events.entry(key, || MergedEvent {
                cameo: event.cameo,
                mentions: Vec::new(),
            });
            into.mentions
                .extend(event.mentions.into_iter().map(|m| Evidence {
                    article: m.article + offset,
                    ..m
                }));
        }
        story.merged.push(gone.id.clone());
        story.merged.extend(gone.merged);
        StoryUpdate::Merged {
            story_id: gone.id,
            merged_into: story.id.clone(),
        }
    }

    fn index_keys(&mut self, handle: Handle, keys: impl Iterator<Item = Key>) {
        for key in keys {
            self.index
                .entry(key)
                .and_modify(|p| p.add(handle))
                .or_insert(Posting::One(handle));
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
        self.ids.remove(&story.id);
        self.by_last.remove(&(story.last, handle));
        for key in story.keys.keys().chain(story.dyads.keys()) {
            if self.index.get_mut(key).is_some_and(|p| p.remove(handle)) {
                self.index.remove(key);
            }
        }
        for article in &story.articles {
            self.members.remove(article.id.as_str());
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
                .map(|(k, e)| story_event(k, e, &story.articles, &self.members))
                .collect(),
            merged: story.merged.clone(),
        }
    }
}

/// What the stage reads of an article, and nothing else: the body cut after the words its
/// text similarity reads, no sentences, mentions, dates or quotes. [`Stories::add`] gives
/// the same updates for it as for the whole article.
pub fn slim(article: &EnrichedArticle) -> EnrichedArticle {
    let mut words = 0;
    let mut end = article.body.len();
    let mut in_word = false;
    for (at, c) in article.body.char_indices() {
        let letter = c.is_alphanumeric();
        if letter && !in_word {
            words += 1;
            if words > LEAD_WORDS {
                end = at;
                break;
            }
        }
        in_word = letter;
    }
    EnrichedArticle {
        body: article.body[..end].to_string(),
        sentences: Vec::new(),
        entities: Vec::new(),
        dates: Vec::new(),
        quotes: Vec::new(),
        warnings: Vec::new(),
        ..article.clone()
    }
}

/// Sorts stories by first article (undated first), then id.
pub fn sort(stories: &mut [Story]) {
    stories.sort_by(|a, b| (a.first_seen, &a.story_id).cmp(&(b.first_seen, &b.story_id)));
}

fn features(article: &EnrichedArticle, time: i64) -> Features {
    Features {
        time,
        keys: article
            .clusters
            .iter()
            .map(|c| xxh3_64(format!("entity|{}", entity_key(c)).as_bytes()))
            .collect(),
        dyads: article
            .events
            .iter()
            .map(|e| xxh3_64(format!("dyad|{}", dyad(e)).as_bytes()))
            .collect(),
        pairs: content_words(article),
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

/// Hashes of the distinct lower-cased content words of the title and the body's lead, sorted:
/// unlike word pairs, they survive another outlet's wording of the same report.
fn content_words(article: &EnrichedArticle) -> Vec<u32> {
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
        .flatten()
        .filter(|w| w.chars().count() >= CONTENT_WORD_CHARS)
        .map(|w| xxh3_64(w.as_bytes()) as u32)
        .collect::<BTreeSet<u32>>()
        .into_iter()
        .collect()
}

/// Adds sorted word hashes to a story's, keeping the `MAX_STORY_PAIRS` smallest (a uniform
/// sample of a long story's wording).
fn add_pairs(pairs: &mut Vec<u32>, more: &[u32]) {
    pairs.extend_from_slice(more);
    pairs.sort_unstable();
    pairs.dedup();
    pairs.truncate(MAX_STORY_PAIRS);
    pairs.shrink_to_fit();
}

/// The overlap coefficient of the article's items and the story's `story_len` ones (of which
/// `has` tells): the shared items over the smaller side, so that a short report in a long
/// story and a long report of a story so far told briefly both score by what they share,
/// whichever came first. The smaller side counts as at least `OVERLAP_FLOOR` items, so
/// that two or three shared names alone never make a full score. 0 when either is empty.
fn overlap<'a, T: 'a>(
    items: impl ExactSizeIterator<Item = &'a T>,
    story_len: usize,
    has: impl Fn(&T) -> bool,
) -> f64 {
    let smaller = items.len().min(story_len);
    if smaller == 0 {
        return 0.0;
    }
    let shared = items.filter(|i| has(i)).count();
    (shared as f64 / smaller.max(OVERLAP_FLOOR) as f64).min(1.0)
}

/// The distinct (canonical name, label) of the article's entities.
fn named(article: &EnrichedArticle) -> BTreeSet<(Box<str>, Label)> {
    article
        .clusters
        .iter()
        .map(|c| (c.canonical.as_str().into(), c.label))
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
        plover: event.plover.as_str().into(),
        source: event.source.as_ref().map(|a| a.code.as_str().into()),
        target: event.target.as_ref().map(|a| a.code.as_str().into()),
        place: event.location.as_ref().map(|l| l.name.as_str().into()),
        date: NaiveDate::from_num_days_from_ce_opt(start).unwrap_or(date),
    }
}

/// The public record of a story event; `outlet` tells the outlet of a member article.
fn story_event(
    key: &EventKey,
    event: &MergedEvent,
    articles: &[StoryArticle],
    members: &Members,
) -> StoryEvent {
    let id = |m: &Evidence| articles[m.article as usize].id.as_str();
    let outlet = |m: &Evidence| outlet_in(members, id(m));
    let distinct: BTreeSet<u32> = event.mentions.iter().map(|m| m.article).collect();
    let mut outlets: BTreeMap<&str, f64> = BTreeMap::new();
    for m in &event.mentions {
        let best = outlets.entry(outlet(m)).or_default();
        *best = best.max(m.confidence);
    }
    let doubt: f64 = outlets.values().map(|c| 1.0 - c.clamp(0.0, 1.0)).product();
    StoryEvent {
        plover: key.plover.to_string(),
        cameo: event.cameo.to_string(),
        source: key.source.as_deref().map(str::to_string),
        target: key.target.as_deref().map(str::to_string),
        place: key.place.as_deref().map(str::to_string),
        date: key.date.format("%Y-%m-%d").to_string(),
        num_mentions: event.mentions.len(),
        num_articles: distinct.len(),
        num_sources: outlets.len(),
        confidence: ((1.0 - doubt) * 1000.0).round() / 1000.0,
        mentions: event
            .mentions
            .iter()
            .map(|m| m.mention(id(m), outlet(m)))
            .collect(),
    }
}

/// Entities by the number of member articles naming them, then name.
fn top(entities: &Sorted<(Box<str>, Label), usize>) -> Vec<StoryEntity> {
    let mut top: Vec<StoryEntity> = entities
        .iter()
        .map(|((name, label), &n)| StoryEntity {
            name: name.to_string(),
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

    /// Seed records through every pipeline.
    fn seeds(records: &[&[u8]]) -> Vec<EnrichedArticle> {
        let pipeline = Pipeline::all(&PipelineConfig::default()).unwrap();
        let decode = |bytes| RawArticle::decode(bytes, &Default::default()).unwrap();
        records
            .iter()
            .map(|bytes| {
                pipeline
                    .process(EnrichedArticle::new(decode(bytes)), |_, _| {})
                    .unwrap()
            })
            .collect()
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
        let mut stories = Stories::new(&StoriesConfig::default());
        for article in seeds(&[
            include_bytes!("../../../seeds/05_ukraine_avdiivka_fighting.json"),
            include_bytes!("../../../seeds/20_syndicated_copy_of_05_avdiivka.json"),
        ]) {
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
    fn a_syndicated_copy_before_its_original_does_not_add_a_source_either() {
        let mut stories = Stories::new(&StoriesConfig::default());
        let mut copy = talks("copy", "Other Wire", 0.6);
        copy.duplicate_of = Some("talks".to_string());
        stories.add(&copy);
        stories.add(&talks("talks", "Herald Wire", 0.6));
        let all = stories.finish();
        assert_eq!(all.len(), 1, "{all:#?}");
        assert_eq!((all[0].num_articles, all[0].num_sources), (2, 1));
        assert_eq!(all[0].events[0].num_sources, 1);
        assert!(all[0].events[0]
            .mentions
            .iter()
            .all(|m| m.outlet == "Herald Wire"));
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

    /// Articles of the tests above, in one stream: two outlets on the talks, the hacking
    /// story, and two stories a late article bridges.
    fn stream() -> Vec<EnrichedArticle> {
        let alpha_text =
            "Alpha Corp agreed to buy Beta Mining in a deal worth two billion dollars.";
        let gamma_text = "Gamma Bank accused Delta Holdings of hiding losses from its regulators.";
        let alpha_names: Names = &[("Alpha Corp", Label::Org), ("Beta Mining", Label::Org)];
        let gamma_names: Names = &[("Gamma Bank", Label::Org), ("Delta Holdings", Label::Org)];
        vec![
            talks("talks", "Herald Wire", 0.6),
            article(
                "alpha",
                "Herald Wire",
                "2016-09-09T10:00:00Z",
                ("Alpha to buy Beta", alpha_text),
                alpha_names,
                &[("COOPERATE", "ALP", "BET", 0.6)],
            ),
            talks("talks-2", "Daily Planet", 0.5),
            article(
                "gamma",
                "Daily Planet",
                "2016-09-09T11:00:00Z",
                ("Gamma accuses Delta", gamma_text),
                gamma_names,
                &[("ACCUSE", "GAM", "DEL", 0.6)],
            ),
            talks("talks", "Herald Wire", 0.6),
            article(
                "bridge",
                "Evening Post",
                "2016-09-09T09:00:00Z",
                ("", &format!("{alpha_text} {gamma_text}")),
                &[alpha_names, gamma_names].concat(),
                &[
                    ("COOPERATE", "ALP", "BET", 0.6),
                    ("ACCUSE", "GAM", "DEL", 0.6),
                ],
            ),
            talks("talks-3", "Evening Post", 0.7),
        ]
    }

    #[test]
    fn stories_restored_from_snapshots_at_any_point_go_on_as_if_never_stopped() {
        let articles = stream();
        let whole = {
            let mut stories = Stories::new(&StoriesConfig::default());
            articles.iter().for_each(|a| drop(stories.add(a)));
            stories.finish()
        };
        for split in 0..=articles.len() {
            let mut first = Stories::new(&StoriesConfig::default());
            articles[..split].iter().for_each(|a| drop(first.add(a)));
            let snapshots: Vec<_> = first
                .ids
                .keys()
                .map(|id| first.snapshot(id).unwrap())
                .collect();
            let json = serde_json::to_string(&snapshots).unwrap();
            let snapshots: Vec<super::Snapshot> = serde_json::from_str(&json).unwrap();
            let mut again = Stories::restore(&StoriesConfig::default(), first.clock(), snapshots);
            articles[split..].iter().for_each(|a| drop(again.add(a)));
            assert_eq!(again.finish(), whole, "restored after {split} articles");
        }
    }

    #[test]
    fn a_merge_recorded_before_the_merged_story_was_removed_restores_once() {
        let articles = stream();
        let mut stories = Stories::new(&StoriesConfig::default());
        let mut gone = None;
        for a in &articles[..5] {
            stories.add(a);
        }
        let before: Vec<_> = stories
            .ids
            .keys()
            .map(|id| stories.snapshot(id).unwrap())
            .collect();
        for update in stories.add(&articles[5]) {
            if let StoryUpdate::Merged { story_id, .. } = update {
                gone = Some(story_id);
            }
        }
        let gone = gone.expect("the bridge merges");
        // The younger story's old snapshot and everything newer: as when the process died
        // between the merged story's new state and the younger one's removal.
        let mut snapshots: Vec<_> = before.into_iter().filter(|s| s.id == gone).collect();
        snapshots.extend(stories.ids.keys().map(|id| stories.snapshot(id).unwrap()));
        let restored = Stories::restore(&StoriesConfig::default(), stories.clock(), snapshots);
        assert_eq!(restored.finish(), stories.finish());
    }

    #[test]
    fn a_slim_article_makes_the_same_stories_as_the_whole_one() {
        let mut whole = Stories::new(&StoriesConfig::default());
        let mut slim = Stories::new(&StoriesConfig::default());
        for article in seeds(&[
            include_bytes!("../../../seeds/01_kerry_lavrov_geneva_syria_talks.json"),
            include_bytes!("../../../seeds/05_ukraine_avdiivka_fighting.json"),
            include_bytes!("../../../seeds/20_syndicated_copy_of_05_avdiivka.json"),
        ]) {
            let cut = super::slim(&article);
            assert!(cut.body.len() < article.body.len());
            assert_eq!(whole.add(&article), slim.add(&cut));
        }
    }

    #[test]
    fn a_late_article_bridging_two_stories_merges_them_into_the_older() {
        let mut stories = Stories::new(&StoriesConfig::default());
        let articles = stream();
        let (alpha, gamma, bridge) = (&articles[1], &articles[3], &articles[5]);
        let first = changed(&stories.add(alpha))[0].story_id.clone();
        let second = changed(&stories.add(gamma))[0].story_id.clone();
        assert_ne!(first, second);
        let updates = stories.add(bridge);
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
        assert_eq!(
            stories.members.len(),
            3,
            "the merged story's articles are members"
        );
        assert!(stories
            .members
            .values()
            .all(|(h, _)| stories.live.contains_key(h)));
        assert!(
            stories.add(gamma).is_empty(),
            "a merged article given again counts once"
        );
    }
}
