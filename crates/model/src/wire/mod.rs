//! News wire documents: IPTC NewsML-G2 (`newsItem`, `newsMessage`), RSS, Atom and JSON Feed.
//! [`split`] reads one whole document into records, one an item, each bad item rejected with
//! its reason while the others flow. It is what `herald run` does with an `.xml` file (or a
//! JSON Feed), and what a service fed by a wire does with each document it receives.
//!
//! XML is read safely: a document over [`InputLimits::max_document_bytes`] or nested deeper
//! than [`InputLimits::max_xml_depth`] is refused, so is one whose DOCTYPE declares entities
//! (billion laughs, external entities); no entity is ever expanded and nothing is fetched.

mod feed;
mod guard;
mod newsml;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

use crate::raw::BOM;
use crate::split::{Position, Record};
use crate::{DecodeError, InputLimits};

/// Where the records of a document go, with their position in it.
type Emit<'a> = &'a mut dyn FnMut(Position, Record);

/// Root elements of NewsML-G2 documents.
const NEWSML_ROOTS: &[&str] = &["newsItem", "newsMessage"];
/// Root elements of RSS 2.0 / 0.9x, Atom 1.0 (a feed or one entry) and RSS 1.0 (RDF).
const FEED_ROOTS: &[&str] = &["rss", "feed", "entry", "RDF"];
/// How a JSON Feed's `version` starts (<https://www.jsonfeed.org/version/1.1/>).
const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/";

/// Reads one wire document — NewsML-G2, RSS or Atom in XML, or a JSON Feed — handing each
/// item's record to `emit` with its 1-based number; a document that cannot be read at all
/// is one rejected record at [`Position::Whole`].
pub fn split(bytes: &[u8], limits: &InputLimits, emit: Emit) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if bytes.len() > limits.max_document_bytes {
        let error = DecodeError::DocumentTooLarge {
            size: bytes.len(),
            limit: limits.max_document_bytes,
        };
        return emit(Position::Whole, Err((error, bytes.to_vec())));
    }
    if bytes.trim_ascii_start().starts_with(b"{") {
        return feed::split(bytes, limits, emit);
    }
    let root = match guard::check(bytes, limits) {
        Ok(root) => root,
        Err(e) => return emit(Position::Whole, Err((e, bytes.to_vec()))),
    };
    if NEWSML_ROOTS.contains(&root.as_str()) {
        match std::str::from_utf8(bytes) {
            Ok(text) => newsml::split(text, limits, emit),
            Err(e) => emit(
                Position::Whole,
                Err((DecodeError::InvalidUtf8(e.valid_up_to()), bytes.to_vec())),
            ),
        }
    } else if FEED_ROOTS.contains(&root.as_str()) {
        feed::split(bytes, limits, emit);
    } else {
        emit(
            Position::Whole,
            Err((DecodeError::UnknownXml(root), bytes.to_vec())),
        );
    }
}

/// Whether a parsed JSON value is a JSON Feed: an object whose `version` names the spec.
pub fn is_json_feed(value: &Value) -> bool {
    value
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with(JSON_FEED_VERSION))
}

/// Whether bytes start like a wire XML document: the first element is a NewsML-G2 or feed
/// root. Used to tell such a document from an HTML page or other text.
pub fn is_wire_xml(bytes: &[u8]) -> bool {
    let mut reader = Reader::from_reader(bytes.strip_prefix(BOM).unwrap_or(bytes));
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let root = e.local_name();
                return NEWSML_ROOTS.contains(&root.as_ref())
                    || FEED_ROOTS.contains(&root.as_ref());
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// The language a document declares — a BCP 47 tag such as `en-GB` (NewsML-G2 `language`,
/// `xml:lang`, RSS `language`) — as a record holds it: the primary subtag in lower case.
fn declared_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let valid =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    valid.then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_language_is_its_primary_subtag() {
        for (tag, code) in [
            ("en-GB", Some("en")),
            (" en-us ", Some("en")),
            ("FR", Some("fr")),
            ("zh_Hant_TW", Some("zh")),
            ("haw", Some("haw")),
            ("x-private", None),
            ("", None),
            ("e1", None),
        ] {
            assert_eq!(declared_language(tag).as_deref(), code, "{tag:?}");
        }
    }

    #[test]
    fn tells_wire_documents_by_their_root() {
        assert!(is_wire_xml(
            b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"/>"
        ));
        assert!(is_wire_xml(
            b"<!-- x --><newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">"
        ));
        assert!(is_wire_xml(b"<rdf:RDF xmlns:rdf=\"r\"></rdf:RDF>"));
        assert!(!is_wire_xml(b"<!DOCTYPE html><html><body>x</body></html>"));
        assert!(!is_wire_xml(b"plain text"));
    }
}
