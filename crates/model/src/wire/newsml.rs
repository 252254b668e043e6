//! IPTC NewsML-G2 (<https://iptc.org/standards/newsml-g2/>): a `newsItem` document, or a
//! `newsMessage` holding several in its `itemSet`, read with quick-xml's pull parser. Each
//! item becomes one record; an item that cannot be used is rejected with its reason and the
//! items after it are still read. Malformed XML stops the reading where it breaks.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{declared_language, guard, Emit};
use crate::raw::{check_body, derived_id, is_web_address, parse_date};
use crate::split::Position;
use crate::{DecodeError, InputLimits, RawArticle, Subject, WireMeta};

const NEWS_ITEM: &str = "newsItem";
/// `pubStatus` codes (scheme `stat`, <https://cv.iptc.org/newscodes/pubstatusg2/>).
const CANCELED: &str = "canceled";
const WITHHELD: &str = "withheld";

/// Reads every `newsItem` of a NewsML-G2 document.
pub(super) fn split(text: &str, limits: &InputLimits, emit: Emit) {
    let mut message = Message {
        reader: Reader::from_str(text),
        text,
        index: 0,
        open: None,
    };
    loop {
        match message.step(limits, emit) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return message.reject_rest(&e, emit),
        }
    }
    if message.index == 0 {
        emit(Position::Whole, Err((DecodeError::NoItems, text.into())));
    }
}

/// A NewsML-G2 document being read.
struct Message<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    /// The number of the last item opened.
    index: usize,
    /// The item being read, with the byte it starts at.
    open: Option<(usize, NewsItem)>,
}

impl Message<'_> {
    /// Reads one event, emitting an item when it ends; false at the end of the document.
    fn step(&mut self, limits: &InputLimits, emit: Emit) -> quick_xml::Result<bool> {
        let at = self.reader.buffer_position() as usize;
        match (self.reader.read_event()?, &mut self.open) {
            (Event::Start(e), None) if e.local_name().as_ref() == NEWS_ITEM => {
                self.index += 1;
                self.open = Some((at, NewsItem::open(&e)));
            }
            (Event::End(e), Some(_)) if e.local_name().as_ref() == NEWS_ITEM => {
                let (from, item) = self.open.take().expect("an item is open");
                let bytes = &self.text.as_bytes()[from..self.reader.buffer_position() as usize];
                emit(
                    Position::Item(self.index),
                    item.finish(limits).map_err(|e| (e, bytes.to_vec())),
                );
            }
            (Event::Eof, _) => return Ok(false),
            (event, Some((_, item))) => item.read(event, &mut self.reader)?,
            _ => {}
        }
        Ok(true)
    }

    /// Malformed XML: the open item (or the document) is rejected with the rest of the text.
    fn reject_rest(&self, error: &quick_xml::Error, emit: Emit) {
        let error = guard::not_xml(error, self.reader.error_position());
        let (position, from) = match &self.open {
            Some((from, _)) => (Position::Item(self.index), *from),
            None => (Position::Whole, 0),
        };
        emit(
            position,
            Err((error, self.text.as_bytes()[from..].to_vec())),
        );
    }
}

/// What is read of one `newsItem`; of a property given more than once, the first counts.
#[derive(Default)]
struct NewsItem {
    guid: Option<String>,
    version: Option<String>,
    /// `xml:lang` of the item.
    lang: Option<String>,
    /// `contentMeta/language/@tag`.
    language: Option<String>,
    pub_status: Option<String>,
    version_created: Option<String>,
    first_created: Option<String>,
    provider: Option<String>,
    provider_name: Option<String>,
    creditline: Option<String>,
    headline: Option<String>,
    slugline: Option<String>,
    dateline: Option<String>,
    located_code: Option<String>,
    located_name: Option<String>,
    subjects: Vec<Subject>,
    body: Option<String>,
    /// Local names of the open elements inside the item.
    path: Vec<String>,
}

impl NewsItem {
    fn open(e: &BytesStart) -> Self {
        Self {
            guid: attr(e, "guid"),
            version: attr(e, "version"),
            lang: attr(e, "xml:lang"),
            ..Self::default()
        }
    }

    /// Takes in one event inside the item; text-only properties are read whole.
    fn read(&mut self, event: Event, reader: &mut Reader<&[u8]>) -> quick_xml::Result<()> {
        match event {
            Event::Empty(e) => self.attributes(&e),
            Event::Start(e) => {
                self.attributes(&e);
                let name = e.local_name().as_ref().to_string();
                match name.as_str() {
                    // Inline XHTML is kept as it is: the normalise stage reads HTML.
                    "inlineXML" => {
                        let html = reader.read_text(e.name())?.into_inner();
                        first(&mut self.body, html.trim().to_string());
                    }
                    "inlineData" | "headline" | "slugline" | "dateline" | "creditline"
                    | "versionCreated" | "firstCreated" | "name" => {
                        let text = text_content(reader)?;
                        self.text(&name, text);
                    }
                    _ => self.path.push(name),
                }
            }
            Event::End(_) => {
                self.path.pop();
            }
            _ => {}
        }
        Ok(())
    }

    /// The properties given as attributes.
    fn attributes(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "pubStatus" => self.pub_status = attr(e, "qcode").or_else(|| attr(e, "uri")),
            "language" => first_of(&mut self.language, attr(e, "tag")),
            "provider" => first_of(
                &mut self.provider,
                attr(e, "literal").or_else(|| attr(e, "qcode")),
            ),
            "located" => first_of(&mut self.located_code, attr(e, "qcode")),
            "subject" => self.subjects.push(Subject {
                code: attr(e, "qcode").or_else(|| attr(e, "uri")),
                name: None,
            }),
            _ => {}
        }
    }

    fn text(&mut self, element: &str, text: String) {
        let text = text.trim().to_string();
        let slot = match element {
            "inlineData" => &mut self.body,
            "headline" => &mut self.headline,
            "slugline" => &mut self.slugline,
            "dateline" => &mut self.dateline,
            "creditline" => &mut self.creditline,
            "versionCreated" => &mut self.version_created,
            "firstCreated" => &mut self.first_created,
            _ => match self.path.last().map(String::as_str) {
                Some("subject") => match self.subjects.last_mut() {
                    Some(subject) => &mut subject.name,
                    None => return,
                },
                Some("located") => &mut self.located_name,
                Some("provider") => &mut self.provider_name,
                _ => return,
            },
        };
        first(slot, text);
    }

    /// The record, or why the item cannot be one.
    fn finish(self, limits: &InputLimits) -> Result<RawArticle, DecodeError> {
        let status = self.pub_status.as_deref().map(last_segment);
        let id_or_unknown = || self.guid.clone().unwrap_or_else(|| "an item".into());
        match status {
            Some(CANCELED) => return Err(DecodeError::Canceled(id_or_unknown())),
            Some(WITHHELD) => return Err(DecodeError::Withheld(id_or_unknown())),
            _ => {}
        }
        let body = self.body.ok_or(DecodeError::NoBody)?;
        check_body(&body, limits)?;
        let published_at = match parse_date(
            "versionCreated",
            self.version_created.as_deref().unwrap_or(""),
        )? {
            Some(d) => Some(d),
            None => parse_date("firstCreated", self.first_created.as_deref().unwrap_or(""))?,
        };
        let version = self
            .version
            .map(|v| v.parse::<u64>())
            .transpose()
            .map_err(|_| DecodeError::WrongFieldType {
                field: "version",
                expected: "a non-negative integer",
            })?;
        let url = self.guid.clone().filter(|g| is_web_address(g));
        let id = self
            .guid
            .unwrap_or_else(|| derived_id(url.as_deref(), self.headline.as_deref(), &body));
        let wire = WireMeta {
            slugline: self.slugline,
            dateline: self.dateline,
            located: self.located_name.or(self.located_code),
            subjects: self.subjects,
        };
        RawArticle {
            id,
            url,
            source: self.creditline.or(self.provider_name).or(self.provider),
            title: self.headline,
            body,
            published_at,
            language: self
                .language
                .or(self.lang)
                .as_deref()
                .and_then(declared_language),
            version,
            wire: (wire != WireMeta::default()).then_some(wire),
        }
        .checked_id()
    }
}

/// The text inside the element just opened, markup left out, up to its end tag. Character
/// references and the five predefined entities are resolved; any other entity is kept as
/// written, never expanded.
fn text_content(reader: &mut Reader<&[u8]>) -> quick_xml::Result<String> {
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event()? {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref()? {
                Some(c) => text.push(c),
                None => match quick_xml::escape::resolve_predefined_entity(&r) {
                    Some(resolved) => text.push_str(resolved),
                    None => text.push_str(&format!("&{};", &*r)),
                },
            },
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(text),
            Event::End(_) => depth -= 1,
            Event::Eof => return Ok(text),
            _ => {}
        }
    }
}

/// An attribute's value, trimmed; absent when empty or unreadable.
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    let value = e
        .try_get_attribute(key)
        .ok()??
        .normalized_value(XmlVersion::Implicit1_0)
        .ok()?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Fills an empty slot with a non-empty text.
fn first(slot: &mut Option<String>, text: String) {
    if slot.is_none() && !text.is_empty() {
        *slot = Some(text);
    }
}

fn first_of(slot: &mut Option<String>, value: Option<String>) {
    if let Some(value) = value {
        first(slot, value);
    }
}

/// The code of a QCode or URI: `stat:canceled` and `http://cv.iptc.org/newscodes/pubstatusg2/canceled` are both `canceled`.
fn last_segment(code: &str) -> &str {
    code.rsplit([':', '/']).next().unwrap_or(code)
}
