//! Herald's record types.
//!
//! A [`RawArticle`] is what arrives on the wire (decoded by [`RawArticle::decode`]); an
//! [`EnrichedArticle`] is what the stages emit, and every offset in it is a character
//! (Unicode code point) offset into its `body`. [`Event`] is one coded event;
//! a [`Story`] is one happening across articles and outlets.
//! JSON Schemas of the public records are generated from these types and checked in under
//! `schemas/` (see `tests/schemas.rs`). [`split`] cuts a file's bytes into records in every
//! accepted file format.

mod article;
mod event;
mod raw;
pub mod split;
mod story;
pub mod wire;

pub use article::{
    Cluster, DateMention, EnrichedArticle, Entity, Geo, Label, Language, LanguageMethod, Quote,
    Span, Speaker, StageWarning,
};
pub use event::{Actor, Event, EventLocation, Mood, SentenceRef, Trigger};
pub use raw::{DecodeError, InputLimits, RawArticle, Subject, WireMeta};
pub use story::{Mention, Story, StoryArticle, StoryEntity, StoryEvent, StoryStatus, StoryUpdate};

/// Version of the pipeline stamped on every emitted record.
pub const PIPELINE_VERSION: &str = concat!("herald/", env!("CARGO_PKG_VERSION"));

/// The JSON Schemas of the public records, by file name under `schemas/`.
pub fn schemas() -> Vec<(&'static str, schemars::Schema)> {
    vec![
        ("raw_article.json", schemars::schema_for!(RawArticle)),
        (
            "enriched_article.json",
            schemars::schema_for!(EnrichedArticle),
        ),
        ("event.json", schemars::schema_for!(Event)),
        ("story.json", schemars::schema_for!(Story)),
        ("story_update.json", schemars::schema_for!(StoryUpdate)),
    ]
}
