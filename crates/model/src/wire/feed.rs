//! RSS 2.0 (and 0.9x, 1.0), Atom 1.0 and JSON Feed 1.x documents, read with feed-rs: one
//! record an entry. An entry that cannot be used is rejected with its reason (its bytes in
//! the reject are the record as far as it was read, in JSON); the other entries flow.

use feed_rs::model::{Entry, Feed, Link};

use super::{declared_language, Emit};
use crate::raw::{check_body, check_id, derived_id, plausible};
use crate::split::Position;
use crate::{DecodeError, InputLimits, RawArticle};

/// Link relations that name the entry's own page.
const ALTERNATE: &str = "alternate";

/// Reads every entry of a feed document (XML or JSON).
pub(super) fn split(bytes: &[u8], limits: &InputLimits, emit: Emit) {
    let feed = match parse(bytes) {
        Ok(feed) => feed,
        Err(e) => return emit(Position::Whole, Err((e, bytes.to_vec()))),
    };
    if feed.entries.is_empty() {
        return emit(Position::Whole, Err((DecodeError::NoItems, bytes.to_vec())));
    }
    let source = feed.title.as_ref().map(|t| t.content.trim().to_string());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let language = entry.language.clone().or_else(|| feed.language.clone());
        emit(
            Position::Item(i + 1),
            record(entry, source.clone(), language, limits),
        );
    }
}

fn parse(bytes: &[u8]) -> Result<Feed, DecodeError> {
    feed_rs::parser::Builder::new()
        // An entry without an id is left without one: `record` derives it as Herald does.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build()
        .parse(bytes)
        .map_err(|e| match e {
            feed_rs::parser::ParseFeedError::XmlReader(e) => DecodeError::NotXml(e.to_string()),
            other => DecodeError::NotFeed(other.to_string()),
        })
}

/// One entry as a record: the id is the entry's (an RSS `guid`, an Atom or JSON Feed `id`),
/// else its link, else derived from its content; the body is its content (RSS
/// `content:encoded`), else its summary.
fn record(
    entry: Entry,
    source: Option<String>,
    language: Option<String>,
    limits: &InputLimits,
) -> crate::split::Record {
    let url = page(&entry.links);
    let title = entry.title.map(|t| t.content.trim().to_string());
    let body = entry
        .content
        .and_then(|c| c.body)
        .filter(|b| !b.trim().is_empty())
        .or(entry.summary.map(|s| s.content));
    let has_body = body.is_some();
    let body = body.unwrap_or_default();
    let id = Some(entry.id.trim().to_string())
        .filter(|id| !id.is_empty())
        .or_else(|| url.clone())
        .unwrap_or_else(|| derived_id(url.as_deref(), title.as_deref(), &body));
    let article = RawArticle {
        id,
        url,
        source,
        title,
        body,
        published_at: entry.published.or(entry.updated).map(|d| d.fixed_offset()),
        language: language.as_deref().and_then(declared_language),
        version: None,
        wire: None,
    };
    let problem = if has_body {
        problem(&article, limits)
    } else {
        Some(DecodeError::NoBody)
    };
    match problem {
        None => Ok(article),
        Some(e) => Err((e, serde_json::to_vec(&article).unwrap_or_default())),
    }
}

/// Why a record read from an entry cannot be used, if it cannot.
fn problem(article: &RawArticle, limits: &InputLimits) -> Option<DecodeError> {
    if let Some(d) = article.published_at.filter(|d| !plausible(d)) {
        return Some(DecodeError::InvalidDate {
            field: "published",
            value: d.to_rfc3339(),
        });
    }
    check_body(&article.body, limits)
        .and_then(|()| check_id(&article.id))
        .err()
}

/// The entry's own web page: its link without a relation or with `alternate`, else its first.
fn page(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == ALTERNATE))
        .or(links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}
