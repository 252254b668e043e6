//! The safety pass every XML document gets before its items are read: the depth of nesting
//! and entity declarations. quick-xml never expands entities nor reads external ones;
//! a document that declares any (billion laughs, XXE) is refused outright all the same, so no
//! later reader can be talked into it.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{DecodeError, InputLimits};

/// What a DOCTYPE declares entities with (general, parameter, internal or external).
const ENTITY_DECLARATION: &str = "<!ENTITY";

/// Checks the whole document and returns the local name of its root element. A document
/// that turns malformed after its root has opened passes: the item reader reports the item
/// it breaks, after the good ones before it.
pub(super) fn check(bytes: &[u8], limits: &InputLimits) -> Result<String, DecodeError> {
    let mut reader = Reader::from_reader(bytes);
    let mut root = None;
    let mut depth = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => return root.ok_or_else(|| not_xml(&e, reader.error_position())),
        };
        match event {
            Event::DocType(doctype) if declares_entities(&doctype) => {
                return Err(DecodeError::XmlEntity)
            }
            Event::Start(ref e) | Event::Empty(ref e) if root.is_none() => {
                root = Some(e.local_name().as_ref().to_string());
                depth += usize::from(matches!(event, Event::Start(_)));
            }
            Event::Start(_) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(DecodeError::XmlTooDeep(limits.max_xml_depth));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return root.ok_or_else(|| DecodeError::NotXml("no root element".into())),
            _ => {}
        }
    }
}

fn declares_entities(doctype: &str) -> bool {
    doctype.to_ascii_uppercase().contains(ENTITY_DECLARATION)
}

/// The reason for a quick-xml error, with where it happened.
pub(super) fn not_xml(error: &quick_xml::Error, position: u64) -> DecodeError {
    DecodeError::NotXml(format!("{error} at byte {position}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_str(s: &str) -> Result<String, DecodeError> {
        check(s.as_bytes(), &InputLimits::default())
    }

    #[test]
    fn returns_the_root_element() {
        assert_eq!(
            check_str("<?xml version=\"1.0\"?><rss version=\"2.0\"/>").unwrap(),
            "rss"
        );
        assert_eq!(
            check_str("<g2:newsItem xmlns:g2=\"x\"></g2:newsItem>").unwrap(),
            "newsItem"
        );
    }

    #[test]
    fn refuses_entity_declarations_but_not_a_plain_doctype() {
        let laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assert_eq!(check_str(laughs), Err(DecodeError::XmlEntity));
        let xxe = "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>";
        assert_eq!(check_str(xxe), Err(DecodeError::XmlEntity));
        let rss091 = "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\"><rss/>";
        assert_eq!(check_str(rss091).unwrap(), "rss");
    }

    #[test]
    fn limits_depth() {
        let limits = InputLimits::default();
        let deep = format!(
            "{}{}",
            "<a>".repeat(limits.max_xml_depth + 1),
            "</a>".repeat(limits.max_xml_depth + 1)
        );
        assert_eq!(
            check_str(&deep),
            Err(DecodeError::XmlTooDeep(limits.max_xml_depth))
        );
        let at_limit = format!(
            "{}{}",
            "<a>".repeat(limits.max_xml_depth),
            "</a>".repeat(limits.max_xml_depth)
        );
        assert!(check_str(&at_limit).is_ok());
    }

    #[test]
    fn malformed_before_the_root_is_not_xml_after_it_is_left_to_the_reader() {
        assert_eq!(check_str("<<<").unwrap_err().kind(), "not_xml");
        assert_eq!(check_str("just text").unwrap_err().kind(), "not_xml");
        assert_eq!(check_str("<rss><channel></rss>").unwrap(), "rss");
    }
}
