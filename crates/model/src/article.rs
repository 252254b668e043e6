//! The enriched article: the normalised body and everything the stages found in it.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Event, RawArticle, WireMeta, PIPELINE_VERSION};

/// An article after the stages: every offset in it is a character (Unicode code point)
/// offset into `body`, so `body[start..end]` in Python is the span's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrichedArticle {
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published_at: Option<DateTime<FixedOffset>>,
    /// The sender's version of the item: the highest version of an id replaces the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// The news wire's metadata of the item (slugline, dateline, place, subjects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire: Option<WireMeta>,
    /// The normalised text all offsets refer to.
    pub body: String,
    pub language: Option<Language>,
    /// Id of the earlier article this one repeats, if any.
    pub duplicate_of: Option<String>,
    /// Similarity to `duplicate_of` in [0, 1] (1 for an exact repeat).
    pub similarity: Option<f64>,
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    /// Entity clusters (coreference chains); `Entity::cluster` indexes this list.
    pub clusters: Vec<Cluster>,
    pub dates: Vec<DateMention>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    /// Stages not run on this article, e.g. English-only stages on a French story.
    pub skipped_stages: Vec<String>,
    pub warnings: Vec<StageWarning>,
    pub pipeline_version: String,
}

impl EnrichedArticle {
    /// An article no stage has run on yet: the raw body stands until normalisation replaces it.
    pub fn new(raw: RawArticle) -> Self {
        Self {
            id: raw.id,
            url: raw.url,
            source: raw.source,
            title: raw.title,
            published_at: raw.published_at,
            version: raw.version,
            wire: raw.wire,
            body: raw.body,
            language: raw.language.map(|code| Language {
                code,
                confidence: 1.0,
                method: Some(LanguageMethod::Declared),
            }),
            duplicate_of: None,
            similarity: None,
            sentences: Vec::new(),
            entities: Vec::new(),
            clusters: Vec::new(),
            dates: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            skipped_stages: Vec::new(),
            warnings: Vec::new(),
            pipeline_version: PIPELINE_VERSION.to_string(),
        }
    }

    /// Records a non-fatal problem a stage met.
    pub fn warn(&mut self, stage: &str, message: impl Into<String>) {
        self.warnings.push(StageWarning {
            stage: stage.to_string(),
            message: message.into(),
        });
    }
}

/// The article's language and what decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// ISO 639-1 code, e.g. "en".
    pub code: String,
    /// In [0, 1]: 1 when declared or configured for the source, the detector's confidence
    /// when detected, 0 when the deployment's default stood.
    pub confidence: f64,
    /// What decided `code`; null only on records written before Herald recorded it.
    #[serde(default)]
    pub method: Option<LanguageMethod>,
}

/// What decided an article's language, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LanguageMethod {
    /// The record said so (Herald JSON or ninjs `language`, or the like in other formats).
    Declared,
    /// The language configured for the record's source.
    Source,
    /// The detector, sure enough of the text (or of its script).
    Detected,
    /// The deployment's default language: nothing above was sure enough to change it.
    Default,
}

/// A half-open character range `[start, end)` of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Entity class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Label {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// An organisation.
    #[serde(rename = "ORG")]
    Org,
    /// A place: country, region, city.
    #[serde(rename = "LOC")]
    Loc,
    /// Nationalities, groups, events, laws.
    #[serde(rename = "MISC")]
    Misc,
}

/// One entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: Label,
    /// Finer class, e.g. "country", "city", "nationality".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Index into `EnrichedArticle::clusters`.
    pub cluster: usize,
    /// Most likely referent of a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
}

/// The mentions of one entity, linked to the knowledge base when it is known there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub canonical: String,
    pub label: Label,
    /// Stable knowledge-base id, e.g. "per:barack-obama".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// ISO 3166 alpha-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub name: String,
    /// ISO 3166 alpha-3.
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    /// Why the geocoder chose this referent among the name's candidates ("town of 47,889
    /// people; in Louisiana as written; over 14 other candidate(s)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A date or time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 8601 value at the precision the text gives: "2016-07", "2016-09-04", or a
    /// range "2016-09-03/2016-09-04".
    pub value: Option<String>,
    /// False when a relative expression had no reference date to resolve against.
    pub resolved: bool,
}

/// Direct speech and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<Speaker>,
}

/// The speaker of a quote: an entity cluster when linked, else a descriptor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<usize>,
}

/// A non-fatal problem met by a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageWarning {
    pub stage: String,
    pub message: String,
}
