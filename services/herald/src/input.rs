//! Reading input records from files, folders and stdin, in every accepted format.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use herald_model::{DecodeError, InputLimits, RawArticle};
use serde_json::Value;

/// Where a record came from, for reject reports.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    /// 1-based line for JSONL input, 0 for whole-file records.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One input record, decoded or rejected with the bytes it had.
pub struct Item {
    pub origin: Origin,
    pub record: Result<RawArticle, (DecodeError, Vec<u8>)>,
}

/// Extensions read when walking a folder.
const EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson", "txt"];

/// Expands the command line's inputs into files (folders recursively, sorted for a
/// deterministic order); `-` stands for stdin.
pub fn expand(inputs: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" || !input.is_dir() {
            files.push(input.clone());
        } else {
            walk(input, &mut files)?;
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one file (or stdin) and hands each record to `emit`, streaming JSONL line by line.
pub fn read(path: &Path, limits: &InputLimits, emit: &mut dyn FnMut(Item)) -> io::Result<()> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        read_unknown("<stdin>", "stdin", &bytes, limits, emit);
        return Ok(());
    }
    match ext.as_str() {
        "jsonl" | "ndjson" => read_lines(&name, BufReader::new(File::open(path)?), limits, emit),
        "txt" => {
            let bytes = std::fs::read(path)?;
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("stdin");
            emit(Item {
                origin: Origin {
                    file: name,
                    line: 0,
                },
                record: text_record(stem, bytes, limits),
            });
            Ok(())
        }
        "json" => {
            let bytes = std::fs::read(path)?;
            read_json_file(&name, &bytes, limits, emit);
            Ok(())
        }
        _ => {
            let bytes = std::fs::read(path)?;
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
            read_unknown(&name, stem, &bytes, limits, emit);
            Ok(())
        }
    }
}

/// Input of unknown type (stdin, odd extensions): JSON if it looks like JSON, else text.
fn read_unknown(
    name: &str,
    stem: &str,
    bytes: &[u8],
    limits: &InputLimits,
    emit: &mut dyn FnMut(Item),
) {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{') | Some(b'[')) {
        read_json_file(name, bytes, limits, emit);
    } else {
        emit(Item {
            origin: Origin {
                file: name.to_string(),
                line: 0,
            },
            record: text_record(stem, bytes.to_vec(), limits),
        });
    }
}

/// A `.json` file: one object, an array of objects, or (as often found) JSONL.
fn read_json_file(name: &str, bytes: &[u8], limits: &InputLimits, emit: &mut dyn FnMut(Item)) {
    let origin = |line| Origin {
        file: name.to_string(),
        line,
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => {
            for (i, value) in items.into_iter().enumerate() {
                let raw = serde_json::to_vec(&value).unwrap_or_default();
                emit(Item {
                    origin: origin(i + 1),
                    record: RawArticle::from_value(value, limits).map_err(|e| (e, raw)),
                });
            }
        }
        Ok(value) => emit(Item {
            origin: origin(0),
            record: RawArticle::from_value(value, limits).map_err(|e| (e, bytes.to_vec())),
        }),
        Err(_)
            if bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.trim_ascii().is_empty())
                .count()
                > 1 =>
        {
            read_lines(name, bytes, limits, emit).expect("reading from memory cannot fail")
        }
        Err(_) => emit(Item {
            origin: origin(0),
            record: RawArticle::decode(bytes, limits).map_err(|e| (e, bytes.to_vec())),
        }),
    }
}

/// JSONL: one record a line; blank lines are skipped.
fn read_lines(
    name: &str,
    mut reader: impl BufRead,
    limits: &InputLimits,
    emit: &mut dyn FnMut(Item),
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
        emit(Item {
            origin: Origin {
                file: name.to_string(),
                line: number,
            },
            record: RawArticle::decode(record, limits).map_err(|e| (e, record.to_vec())),
        });
    }
}

fn text_record(
    stem: &str,
    bytes: Vec<u8>,
    limits: &InputLimits,
) -> Result<RawArticle, (DecodeError, Vec<u8>)> {
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

    fn collect(name: &str, bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_json_file(name, bytes, &InputLimits::default(), &mut |i| items.push(i));
        items
    }

    #[test]
    fn json_file_forms() {
        assert_eq!(collect("a.json", br#"{"body":"x"}"#).len(), 1);
        let arr = collect("a.json", br#"[{"body":"x"},{"nobody":1}]"#);
        assert_eq!(arr.len(), 2);
        assert!(arr[0].record.is_ok());
        assert_eq!(arr[1].record.as_ref().err().unwrap().0.kind(), "no_body");
        assert_eq!(arr[1].origin.to_string(), "a.json:2");
        let lines = collect("a.json", b"{\"body\":\"x\"}\n{broken\n{\"body\":\"y\"}\n");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].origin.line, 2);
        assert_eq!(lines[1].record.as_ref().err().unwrap().0.kind(), "not_json");
    }

    #[test]
    fn jsonl_reports_line_numbers_and_keeps_bad_bytes() {
        let mut items = Vec::new();
        let data: &[u8] = b"{\"body\":\"a\"}\n\n{\"body\":\"\xff\"}\n";
        read_lines("f.jsonl", data, &InputLimits::default(), &mut |i| {
            items.push(i)
        })
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].origin.to_string(), "f.jsonl:3");
        let (err, bytes) = items[1].record.as_ref().err().unwrap();
        assert_eq!(err.kind(), "invalid_utf8");
        assert_eq!(bytes.as_slice(), b"{\"body\":\"\xff\"}");
    }

    #[test]
    fn unknown_input_is_json_or_text() {
        let mut items = Vec::new();
        read_unknown(
            "<stdin>",
            "stdin",
            b"Plain story text.",
            &InputLimits::default(),
            &mut |i| items.push(i),
        );
        read_unknown(
            "<stdin>",
            "stdin",
            b"  {\"body\":\"j\"}",
            &InputLimits::default(),
            &mut |i| items.push(i),
        );
        let bodies: Vec<_> = items
            .iter()
            .map(|i| i.record.as_ref().unwrap().body.clone())
            .collect();
        assert_eq!(bodies, ["Plain story text.", "j"]);
        assert_eq!(items[0].record.as_ref().unwrap().id, "stdin");
    }
}
