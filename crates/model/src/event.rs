//! A coded event: who did what to whom, when and where.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One event, published on its own to `news.events` and inside its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Deterministic: the same article and event give the same id.
    pub event_id: String,
    pub article_id: String,
    pub sentence: SentenceRef,
    /// ISO 8601 date of the event: a date in the sentence, else the article's date.
    pub date: Option<String>,
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    /// CAMEO event code, e.g. "042".
    pub cameo: String,
    /// CAMEO root, "01" to "20".
    pub cameo_root: String,
    /// PLOVER 2021 event type, e.g. "CONSULT".
    pub plover: String,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    /// Goldstein scale value, -10 to 10.
    pub goldstein: f64,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    pub location: Option<EventLocation>,
    pub trigger: Trigger,
    /// The act is denied ("did not attack"): `mood` is then `negated`.
    pub negated: bool,
    /// Whether the act is reported as done, planned, conditional or denied.
    #[serde(default)]
    pub mood: Mood,
    /// A joint act of coordinated actors ("X and Y met"): one event for both directions,
    /// with the first named as source.
    #[serde(default)]
    pub reciprocal: bool,
    /// In [0, 1]: higher when the trigger's pattern, both actors and the sentence's
    /// structure agree.
    pub confidence: f64,
    pub source_url: Option<String>,
    pub published_at: Option<DateTime<FixedOffset>>,
}

/// How the sentence presents the act.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mood {
    /// Reported as done or happening.
    #[default]
    Asserted,
    /// Intended, promised, threatened or scheduled ("will visit", "planned air attacks").
    Planned,
    /// Hypothetical or under a condition ("would strike if", "could impose").
    Conditional,
    /// Denied or not done ("did not attack", "no talks").
    Negated,
}

impl Mood {
    pub const ALL: [Mood; 4] = [
        Mood::Asserted,
        Mood::Planned,
        Mood::Conditional,
        Mood::Negated,
    ];

    /// The name as serialised ("asserted", ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Mood::Asserted => "asserted",
            Mood::Planned => "planned",
            Mood::Conditional => "conditional",
            Mood::Negated => "negated",
        }
    }

    /// The mood named `name` as serialised.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// The sentence an event was coded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentenceRef {
    pub index: usize,
    pub start: usize,
    pub end: usize,
}

/// An event's source or target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The words in the sentence; empty for an implied actor (the country a protest or a
    /// concession is directed at when the sentence names no one).
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// CAMEO-style actor code, e.g. "RUSGOV".
    pub code: String,
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
    /// CAMEO sector, e.g. "GOV", "MIL", "REB".
    pub sector: Option<String>,
    /// Index into the article's `clusters`.
    pub cluster: Option<usize>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventLocation {
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

/// The words that triggered the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[cfg(test)]
mod mood_tests {
    use super::Mood;

    #[test]
    fn a_mood_reads_back_as_serde_writes_it() {
        for mood in Mood::ALL {
            let json = serde_json::to_string(&mood).unwrap();
            assert_eq!(json, format!("\"{}\"", mood.as_str()));
            assert_eq!(Mood::parse(mood.as_str()), Some(mood));
        }
        assert_eq!(Mood::parse("maybe"), None);
    }
}
