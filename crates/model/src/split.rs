//! Splitting the bytes of an input file into records, in every accepted file format. Pure:
//! the caller reads the file (or stdin) and says which format it is.

use std::io::{self, BufRead};

use serde_json::Value;

use crate::{DecodeError, InputLimits, RawArticle};

/// One record: decoded, or rejected with the bytes it had.
pub type Record = Result<RawArticle, (DecodeError, Vec<u8>)>;

/// Where a record sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// The whole file is the record (or could not be cut into records).
    Whole,
    /// A 1-based line of JSONL.
    Line(usize),
    /// The 1-based item of a JSON array, a NewsML-G2 message or a feed.
    Item(usize),
}

/// How a file holds its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`: one object, an array of objects, or (as often found) JSONL.
    Json,
    /// `.jsonl` / `.ndjson`: one object a line; blank lines are skipped.
    Lines,
    /// `.txt`: the whole file is the body.
    Text,
    /// `.xml`: a NewsML-G2 item or message, an RSS or an Atom feed ([`crate::wire`]).
    Xml,
    /// Unknown type (stdin, other extensions): JSON if it looks like JSON, a wire document
    /// if it starts like one, else text.
    Sniff,
}

/// Splits a whole file into records, handing each to `emit` with its position. `stem` (the
/// file stem) is the id of a text record.
pub fn split(
    format: Format,
    bytes: Vec<u8>,
    stem: &str,
    limits: &InputLimits,
    emit: &mut dyn FnMut(Position, Record),
) {
    let mut bytes = bytes;
    if bytes.starts_with(crate::raw::BOM) {
        bytes.drain(..crate::raw::BOM.len());
    }
    match format {
        Format::Json => split_json(&bytes, limits, emit),
        Format::Lines => {
            split_lines(bytes.as_slice(), limits, emit).expect("reading from memory cannot fail")
        }
        Format::Text => emit(Position::Whole, text(stem, bytes, limits)),
        Format::Xml => crate::wire::split(&bytes, limits, emit),
        Format::Sniff => {
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if matches!(first, Some(b'{') | Some(b'[')) {
                split_json(&bytes, limits, emit);
            } else if crate::wire::is_wire_xml(&bytes) {
                crate::wire::split(&bytes, limits, emit);
            } else {
                emit(Position::Whole, text(stem, bytes, limits));
            }
        }
    }
}

/// JSONL from a reader, line by line, so a large file is never held whole.
pub fn split_lines(
    mut reader: impl BufRead,
    limits: &InputLimits,
    emit: &mut dyn FnMut(Position, Record),
) -> io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        let record = line.trim_ascii();
        if record.is_empty() {
            continue;
        }
        emit(
            Position::Line(number),
            RawArticle::decode(record, limits).map_err(|e| (e, record.to_vec())),
        );
    }
}

fn split_json(bytes: &[u8], limits: &InputLimits, emit: &mut dyn FnMut(Position, Record)) {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => {
            for (i, value) in items.into_iter().enumerate() {
                let raw = serde_json::to_vec(&value).unwrap_or_default();
                emit(
                    Position::Item(i + 1),
                    RawArticle::from_value(value, limits).map_err(|e| (e, raw)),
                );
            }
        }
        Ok(value) if crate::wire::is_json_feed(&value) => crate::wire::split(bytes, limits, emit),
        Ok(value) => emit(
            Position::Whole,
            RawArticle::from_value(value, limits).map_err(|e| (e, bytes.to_vec())),
        ),
        Err(_)
            if bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.trim_ascii().is_empty())
                .count()
                > 1 =>
        {
            split_lines(bytes, limits, emit).expect("reading from memory cannot fail")
        }
        Err(_) => emit(
            Position::Whole,
            RawArticle::decode(bytes, limits).map_err(|e| (e, bytes.to_vec())),
        ),
    }
}

fn text(stem: &str, bytes: Vec<u8>, limits: &InputLimits) -> Record {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let copy = text.as_bytes().to_vec();
            RawArticle::from_text(stem, text, limits).map_err(|e| (e, copy))
        }
        Err(e) => {
            let err = DecodeError::InvalidUtf8(e.utf8_error().valid_up_to());
            Err((err, e.into_bytes()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(format: Format, bytes: &[u8]) -> Vec<(Position, Record)> {
        let mut items = Vec::new();
        split(
            format,
            bytes.to_vec(),
            "stem",
            &InputLimits::default(),
            &mut |line, r| items.push((line, r)),
        );
        items
    }

    #[test]
    fn a_byte_order_mark_starts_no_record() {
        for (format, bytes) in [
            (Format::Sniff, "\u{feff}[{\"id\":\"a\",\"body\":\"Text.\"}]"),
            (Format::Json, "\u{feff}{\"id\":\"a\",\"body\":\"Text.\"}"),
            (Format::Text, "\u{feff}Text."),
        ] {
            let items = collect(format, bytes.as_bytes());
            let article = items[0].1.as_ref().unwrap();
            assert_eq!(article.body, "Text.", "{format:?}");
        }
    }

    #[test]
    fn json_file_forms() {
        assert_eq!(collect(Format::Json, br#"{"body":"x"}"#).len(), 1);
        let arr = collect(Format::Json, br#"[{"body":"x"},{"nobody":1}]"#);
        assert_eq!(arr.len(), 2);
        assert!(arr[0].1.is_ok());
        assert_eq!(arr[1].1.as_ref().err().unwrap().0.kind(), "no_body");
        assert_eq!(arr[1].0, Position::Item(2));
        let lines = collect(
            Format::Json,
            b"{\"body\":\"x\"}\n{broken\n{\"body\":\"y\"}\n",
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].0, Position::Line(2));
        assert_eq!(lines[1].1.as_ref().err().unwrap().0.kind(), "not_json");
    }

    #[test]
    fn jsonl_reports_line_numbers_and_keeps_bad_bytes() {
        let items = collect(Format::Lines, b"{\"body\":\"a\"}\n\n{\"body\":\"\xff\"}\n");
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].0, Position::Line(3));
        let (err, bytes) = items[1].1.as_ref().err().unwrap();
        assert_eq!(err.kind(), "invalid_utf8");
        assert_eq!(bytes.as_slice(), b"{\"body\":\"\xff\"}");
    }

    #[test]
    fn text_is_the_whole_body_with_the_stem_as_id() {
        let items = collect(Format::Text, b"{\"body\":\"not read as json\"}");
        let a = items[0].1.as_ref().unwrap();
        assert_eq!((items[0].0, a.id.as_str()), (Position::Whole, "stem"));
        assert_eq!(a.body, "{\"body\":\"not read as json\"}");
        let bad = collect(Format::Text, b"ok \xff");
        assert_eq!(bad[0].1.as_ref().err().unwrap().1, b"ok \xff");
    }

    #[test]
    fn unknown_input_is_json_or_text() {
        let mut items = collect(Format::Sniff, b"Plain story text.");
        items.extend(collect(Format::Sniff, b"  {\"body\":\"j\"}"));
        let bodies: Vec<_> = items
            .iter()
            .map(|i| i.1.as_ref().unwrap().body.clone())
            .collect();
        assert_eq!(bodies, ["Plain story text.", "j"]);
        assert_eq!(items[0].1.as_ref().unwrap().id, "stem");
    }
}
