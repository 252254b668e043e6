//! A story: one happening as many articles and outlets report it, with its events merged
//! across those articles (GDELT's NumMentions, NumArticles and NumSources).

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Label, Span};

/// The current (or final) state of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Stable: derived from the id of the story's first article, kept through merges (the
    /// older story survives a merge).
    pub story_id: String,
    pub status: StoryStatus,
    /// The representative headline: the title of the earliest original (not syndicated)
    /// article that has one.
    pub title: Option<String>,
    /// Earliest and latest `published_at` of the member articles (null when none had one).
    pub first_seen: Option<DateTime<FixedOffset>>,
    pub last_seen: Option<DateTime<FixedOffset>>,
    /// The member articles in the order they joined.
    pub articles: Vec<StoryArticle>,
    pub num_articles: usize,
    /// Distinct outlets; a syndicated copy counts as its original's outlet.
    pub num_sources: usize,
    /// The most mentioned people, organisations and other named things (not places), by the
    /// number of member articles naming them.
    pub entities: Vec<StoryEntity>,
    /// The most mentioned places, likewise.
    pub places: Vec<StoryEntity>,
    /// The story's events, one per (type, source actor, target actor, place, date window).
    pub events: Vec<StoryEvent>,
    /// Ids of the stories merged into this one.
    pub merged: Vec<String>,
}

/// Whether a story is still being reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StoryStatus {
    /// An article joined within the configured silence.
    Developing,
    /// No article joined for at least the configured silence.
    Quiet,
}

/// One member article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryArticle {
    pub id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published_at: Option<DateTime<FixedOffset>>,
    /// The article this one is a syndicated copy of, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// An entity of the story and how many member articles name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryEntity {
    pub name: String,
    pub label: Label,
    pub num_articles: usize,
}

/// One event of the story, merged over the articles that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryEvent {
    /// PLOVER event type, e.g. "CONSULT".
    pub plover: String,
    /// CAMEO code of the first mention.
    pub cameo: String,
    /// Actor codes, e.g. "RUSGOV".
    pub source: Option<String>,
    pub target: Option<String>,
    /// Place name.
    pub place: Option<String>,
    /// First day (ISO 8601) of the event's date window.
    pub date: String,
    pub num_mentions: usize,
    pub num_articles: usize,
    /// Distinct outlets among the mentions; a syndicated copy counts as its original's.
    pub num_sources: usize,
    /// 1 − Π (1 − cₒ) over the distinct outlets o, cₒ the highest confidence of o's
    /// mentions: independent corroboration raises it, a syndicated copy does not.
    pub confidence: f64,
    pub mentions: Vec<Mention>,
}

/// One article's coding of a story event: the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    pub article_id: String,
    pub event_id: String,
    /// The outlet the mention counts for: the article's source, its original's for a
    /// syndicated copy, the article id when the source is unknown.
    pub outlet: String,
    /// The sentence's character range in the article's body.
    pub sentence: Span,
    /// The trigger's character range in the article's body.
    pub trigger: Span,
    pub confidence: f64,
}

/// What one article changed in the stories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "update", rename_all = "lowercase")]
pub enum StoryUpdate {
    /// The new state of a story the article started, joined or changed.
    Changed(Story),
    /// A story merged into an older one (the article bridged them): `story_id` is gone,
    /// its articles and events are now `merged_into`'s.
    Merged {
        story_id: String,
        merged_into: String,
    },
    /// The final state of a story that left the time window: a later article starts a new
    /// story.
    Closed(Story),
}
