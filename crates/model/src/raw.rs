//! The input record and its decoding from the accepted wire formats.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One article as it arrives, before any stage has touched it.
/// Unknown fields are ignored on input: feeds carry many we do not use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RawArticle {
    /// Stable identifier; derived from the content when the input has none.
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    /// Plain text or HTML.
    pub body: String,
    pub published_at: Option<DateTime<FixedOffset>>,
    /// ISO 639-1 code given by the sender, if any.
    pub language: Option<String>,
    /// The sender's version of the item (NewsML-G2 `version`): a record with the same id and
    /// a higher version replaces the earlier one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// What a news wire says about the item besides its text (NewsML-G2 metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire: Option<WireMeta>,
}

/// A news wire's metadata of an item (NewsML-G2 `contentMeta`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireMeta {
    /// A short human-readable label of the story (NewsML-G2 `slugline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slugline: Option<String>,
    /// Where and when the story was written, as the wire prints it (`dateline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// The place the story was written (`located`): its name, else its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub located: Option<String>,
    /// What the story is about (`subject`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
}

/// One subject of a wire item: a code of a controlled vocabulary, a name, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// The vocabulary code (NewsML-G2 `qcode`, e.g. "medtop:20000621"), else its `uri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The UTF-8 byte order mark some tools write at the start of a file or message: ignored.
pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// Longest accepted id, in bytes: ids are Kafka keys and parts of event ids.
pub const MAX_ID_BYTES: usize = 512;

/// Size limits applied while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputLimits {
    /// Largest accepted body, in bytes of UTF-8.
    pub max_body_bytes: usize,
    /// Largest accepted XML document or feed (a NewsML-G2 message holds many items).
    pub max_document_bytes: usize,
    /// Deepest accepted nesting of XML elements.
    pub max_xml_depth: usize,
}

impl Default for InputLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            max_document_bytes: 32 * 1024 * 1024,
            max_xml_depth: 256,
        }
    }
}

/// Why an input record was rejected. Every variant is a property of the record itself, so
/// retrying it can never succeed: the runtime sends it to the dead-letter queue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("invalid utf-8 at byte {0}")]
    InvalidUtf8(usize),
    #[error("not json: {0}")]
    NotJson(String),
    #[error("unknown format: expected a json object, got {0}")]
    UnknownFormat(&'static str),
    #[error("no body: the record has none of body, body_text, body_html (JSON), inline content (NewsML-G2), content or summary (feeds)")]
    NoBody,
    #[error("empty body")]
    EmptyBody,
    #[error("body of {size} bytes is over the limit of {limit} bytes")]
    BodyTooLarge { size: usize, limit: usize },
    #[error("id of {0} bytes is over the limit of {limit} bytes", limit = MAX_ID_BYTES)]
    IdTooLong(usize),
    #[error("wrong field type: `{field}` must be {expected}")]
    WrongFieldType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("invalid date in `{field}`: {value:?} is not an RFC 3339 date between the years 1800 and 2200")]
    InvalidDate { field: &'static str, value: String },
    #[error("not xml: {0}")]
    NotXml(String),
    #[error("not a feed: {0}")]
    NotFeed(String),
    #[error("unknown format: xml with the root element <{0}>, expected NewsML-G2, RSS or Atom")]
    UnknownXml(String),
    #[error("xml entity declarations are refused (a DOCTYPE declaring entities)")]
    XmlEntity,
    #[error("xml nested deeper than {0} elements")]
    XmlTooDeep(usize),
    #[error("document of {size} bytes is over the limit of {limit} bytes")]
    DocumentTooLarge { size: usize, limit: usize },
    #[error("no items: the document holds no news item or feed entry")]
    NoItems,
    #[error("canceled: the sender withdrew {0}")]
    Canceled(String),
    #[error("withheld: the sender holds back {0} until further notice")]
    Withheld(String),
}

impl DecodeError {
    /// A short, stable, low-cardinality name for metrics, logs and dead-letter headers.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InvalidUtf8(_) => "invalid_utf8",
            Self::NotJson(_) => "not_json",
            Self::UnknownFormat(_) => "unknown_format",
            Self::NoBody => "no_body",
            Self::EmptyBody => "empty_body",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::IdTooLong(_) => "id_too_long",
            Self::WrongFieldType { .. } => "wrong_field_type",
            Self::InvalidDate { .. } => "invalid_date",
            Self::NotXml(_) => "not_xml",
            Self::NotFeed(_) => "not_feed",
            Self::UnknownXml(_) => "unknown_format",
            Self::XmlEntity => "xml_entity",
            Self::XmlTooDeep(_) => "xml_too_deep",
            Self::DocumentTooLarge { .. } => "document_too_large",
            Self::NoItems => "no_items",
            Self::Canceled(_) => "canceled",
            Self::Withheld(_) => "withheld",
        }
    }
}

impl RawArticle {
    /// Decodes one record: a Herald JSON object or an IPTC ninjs 2.x object (a leading
    /// UTF-8 byte order mark is ignored).
    pub fn decode(bytes: &[u8], limits: &InputLimits) -> Result<Self, DecodeError> {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let text =
            std::str::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8(e.valid_up_to()))?;
        let value: Value =
            serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
        Self::from_value(value, limits)
    }

    /// Builds a record from an already parsed JSON value.
    pub fn from_value(value: Value, limits: &InputLimits) -> Result<Self, DecodeError> {
        let obj = match value {
            Value::Object(obj) => obj,
            Value::Array(_) => return Err(DecodeError::UnknownFormat("an array")),
            Value::String(_) => return Err(DecodeError::UnknownFormat("a string")),
            Value::Number(_) => return Err(DecodeError::UnknownFormat("a number")),
            Value::Bool(_) => return Err(DecodeError::UnknownFormat("a boolean")),
            Value::Null => return Err(DecodeError::UnknownFormat("null")),
        };
        let article = if is_ninjs(&obj) {
            from_ninjs(&obj, limits)
        } else {
            from_herald(&obj, limits)
        }?;
        article.checked_id()
    }

    /// The record itself when its id is within [`MAX_ID_BYTES`].
    pub(crate) fn checked_id(self) -> Result<Self, DecodeError> {
        check_id(&self.id).map(|()| self)
    }

    /// A plain-text story: the whole text is the body; `name` (a file stem) is the id.
    pub fn from_text(name: &str, body: String, limits: &InputLimits) -> Result<Self, DecodeError> {
        check_body(&body, limits)?;
        Ok(Self {
            id: name.to_string(),
            url: None,
            source: None,
            title: None,
            body,
            published_at: None,
            language: None,
            version: None,
            wire: None,
        })
    }
}

fn is_ninjs(obj: &Map<String, Value>) -> bool {
    !obj.contains_key("body")
        && [
            "uri",
            "headline",
            "body_text",
            "body_html",
            "versioncreated",
        ]
        .iter()
        .any(|k| obj.contains_key(*k))
}

fn from_herald(obj: &Map<String, Value>, limits: &InputLimits) -> Result<RawArticle, DecodeError> {
    let body = string(obj, "body")?.ok_or(DecodeError::NoBody)?;
    check_body(&body, limits)?;
    let url = string(obj, "url")?;
    let title = string(obj, "title")?;
    let id = match string(obj, "id")? {
        Some(id) => id,
        // Numeric ids are common enough in feeds to accept.
        None if obj.get("id").is_some_and(Value::is_u64) => obj["id"].to_string(),
        None => derived_id(url.as_deref(), title.as_deref(), &body),
    };
    Ok(RawArticle {
        id,
        source: string(obj, "source")?,
        published_at: date(obj, "published_at")?,
        language: string(obj, "language")?,
        version: version(obj)?,
        wire: wire(obj)?,
        url,
        title,
        body,
    })
}

fn from_ninjs(obj: &Map<String, Value>, limits: &InputLimits) -> Result<RawArticle, DecodeError> {
    let body = match (string(obj, "body_text")?, string(obj, "body_html")?) {
        (Some(text), _) if !text.trim().is_empty() => text,
        (_, Some(html)) => html,
        (Some(text), None) => text,
        (None, None) => return Err(DecodeError::NoBody),
    };
    check_body(&body, limits)?;
    let uri = string(obj, "uri")?;
    let title = string(obj, "headline")?;
    let url = uri.clone().filter(|u| is_web_address(u));
    let id = uri.unwrap_or_else(|| derived_id(url.as_deref(), title.as_deref(), &body));
    let published_at = match date(obj, "versioncreated")? {
        Some(d) => Some(d),
        None => date(obj, "firstcreated")?,
    };
    Ok(RawArticle {
        id,
        url,
        source: string(obj, "copyrightholder")?,
        title,
        body,
        published_at,
        language: string(obj, "language")?,
        version: None,
        wire: None,
    })
}

fn version(obj: &Map<String, Value>) -> Result<Option<u64>, DecodeError> {
    match obj.get("version") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_u64() => Ok(n.as_u64()),
        Some(_) => Err(DecodeError::WrongFieldType {
            field: "version",
            expected: "a non-negative integer",
        }),
    }
}

fn wire(obj: &Map<String, Value>) -> Result<Option<WireMeta>, DecodeError> {
    match obj.get("wire") {
        None | Some(Value::Null) => Ok(None),
        Some(value) => {
            serde_json::from_value(value.clone()).map_err(|_| DecodeError::WrongFieldType {
                field: "wire",
                expected: "an object of slugline, dateline, located and subjects",
            })
        }
    }
}

pub(crate) fn check_id(id: &str) -> Result<(), DecodeError> {
    if id.len() > MAX_ID_BYTES {
        return Err(DecodeError::IdTooLong(id.len()));
    }
    Ok(())
}

/// An id or link that is a web page's address.
pub(crate) fn is_web_address(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

pub(crate) fn check_body(body: &str, limits: &InputLimits) -> Result<(), DecodeError> {
    if body.len() > limits.max_body_bytes {
        return Err(DecodeError::BodyTooLarge {
            size: body.len(),
            limit: limits.max_body_bytes,
        });
    }
    if body.trim().is_empty() {
        return Err(DecodeError::EmptyBody);
    }
    Ok(())
}

/// A string field; `null` counts as absent, any other type is an error.
fn string(obj: &Map<String, Value>, field: &'static str) -> Result<Option<String>, DecodeError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        // Numeric ids are accepted by the caller; everything else of the wrong type is an error.
        Some(Value::Number(_)) if field == "id" => Ok(None),
        Some(_) => Err(DecodeError::WrongFieldType {
            field,
            expected: "a string",
        }),
    }
}

/// An RFC 3339 timestamp, or a bare `YYYY-MM-DD` date taken as midnight UTC.
fn date(
    obj: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<DateTime<FixedOffset>>, DecodeError> {
    match string(obj, field)? {
        Some(s) => parse_date(field, &s),
        None => Ok(None),
    }
}

/// [`date`]'s rules for a date given as text; blank is absent.
pub(crate) fn parse_date(
    field: &'static str,
    s: &str,
) -> Result<Option<DateTime<FixedOffset>>, DecodeError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let invalid = || DecodeError::InvalidDate {
        field,
        value: s.chars().take(64).collect(),
    };
    let parsed = DateTime::parse_from_rfc3339(s).or_else(|_| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| {
            d.and_hms_opt(0, 0, 0)
                .expect("midnight exists")
                .and_utc()
                .fixed_offset()
        })
    });
    let d = parsed.map_err(|_| invalid())?;
    if !plausible(&d) {
        return Err(invalid());
    }
    Ok(Some(d))
}

/// Years outside 1800–2200 are corrupt input, not news.
pub(crate) fn plausible(d: &DateTime<FixedOffset>) -> bool {
    (1800..=2200).contains(&chrono::Datelike::year(d))
}

/// A deterministic id for a record that came without one: a hash of what identifies it.
pub(crate) fn derived_id(url: Option<&str>, title: Option<&str>, body: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        url.unwrap_or(""),
        "\u{1f}",
        title.unwrap_or(""),
        "\u{1f}",
        body,
    ] {
        h.update(part.as_bytes());
    }
    format!("h{:032x}", h.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Result<RawArticle, DecodeError> {
        RawArticle::decode(s.as_bytes(), &InputLimits::default())
    }

    #[test]
    fn herald_object_with_all_fields() {
        let a = decode(
            r#"{"id":"a1","url":"https://x.org/a","source":"wire","title":"T","body":"Text.","published_at":"2016-09-05T14:30:00+02:00","language":"en"}"#,
        )
        .unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(
            a.published_at.unwrap().to_rfc3339(),
            "2016-09-05T14:30:00+02:00"
        );
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn missing_id_is_derived_from_content_deterministically() {
        let a = decode(r#"{"body":"Some text."}"#).unwrap();
        let b = decode(r#"{"body":"Some text.","id":null}"#).unwrap();
        let c = decode(r#"{"body":"Other text."}"#).unwrap();
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert!(a.id.starts_with('h') && a.id.len() == 33);
    }

    #[test]
    fn numeric_id_is_kept() {
        assert_eq!(decode(r#"{"id":42,"body":"x"}"#).unwrap().id, "42");
    }

    #[test]
    fn ninjs_with_text_or_html() {
        let a = decode(
            r#"{"uri":"urn:newsml:x:1","headline":"H","body_text":"Plain.","versioncreated":"2017-03-02T09:00:00Z","language":"en","type":"text"}"#,
        )
        .unwrap();
        assert_eq!(
            (a.id.as_str(), a.title.as_deref(), a.body.as_str()),
            ("urn:newsml:x:1", Some("H"), "Plain.")
        );
        assert!(a.url.is_none());
        assert!(a.published_at.is_some());
        let b = decode(r#"{"uri":"https://x.org/2","body_html":"<p>Hi</p>"}"#).unwrap();
        assert_eq!(b.body, "<p>Hi</p>");
        assert_eq!(b.url.as_deref(), Some("https://x.org/2"));
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let article = decode("\u{feff}{\"id\":\"a\",\"body\":\"Text.\"}").unwrap();
        assert_eq!((article.id.as_str(), article.body.as_str()), ("a", "Text."));
    }

    #[test]
    fn rejects_with_reasons() {
        let kind = |s: &str| decode(s).unwrap_err().kind();
        assert_eq!(kind("not json"), "not_json");
        assert_eq!(kind("[1,2]"), "unknown_format");
        assert_eq!(kind("42"), "unknown_format");
        assert_eq!(kind(r#""a string""#), "unknown_format");
        assert_eq!(kind(r#"{"title":"no body"}"#), "no_body");
        assert_eq!(kind(r#"{"body":"  \n "}"#), "empty_body");
        assert_eq!(kind(r#"{"body":17}"#), "wrong_field_type");
        assert_eq!(kind(r#"{"body":"x","title":["a"]}"#), "wrong_field_type");
        assert_eq!(
            kind(r#"{"body":"x","published_at":"yesterday"}"#),
            "invalid_date"
        );
        assert_eq!(
            kind(r#"{"body":"x","published_at":"99999-01-01T00:00:00Z"}"#),
            "invalid_date"
        );
        assert_eq!(kind(r#"{"uri":"u","headline":"h"}"#), "no_body");
        let long_id = format!(r#"{{"id":"{}","body":"x"}}"#, "i".repeat(MAX_ID_BYTES + 1));
        assert_eq!(kind(&long_id), "id_too_long");
        let ninjs_long_uri = format!(r#"{{"uri":"{}","body_text":"x"}}"#, "u".repeat(600));
        assert_eq!(kind(&ninjs_long_uri), "id_too_long");
        assert_eq!(
            RawArticle::decode(b"{\"body\":\"\xff\"}", &InputLimits::default())
                .unwrap_err()
                .kind(),
            "invalid_utf8"
        );
        let limits = InputLimits {
            max_body_bytes: 4,
            ..Default::default()
        };
        assert_eq!(
            RawArticle::decode(br#"{"body":"12345"}"#, &limits).unwrap_err(),
            DecodeError::BodyTooLarge { size: 5, limit: 4 }
        );
    }

    #[test]
    fn deep_nesting_is_rejected_not_overflowed() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(decode(&deep).unwrap_err().kind(), "not_json");
    }

    #[test]
    fn bare_date_is_midnight_utc() {
        let a = decode(r#"{"body":"x","published_at":"2016-09-05"}"#).unwrap();
        assert_eq!(
            a.published_at.unwrap().to_rfc3339(),
            "2016-09-05T00:00:00+00:00"
        );
    }
}
