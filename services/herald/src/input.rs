//! Reading input records from files, folders and stdin, in every accepted format.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use herald_model::split::{split, split_lines, Format, Position, Record};
use herald_model::InputLimits;

/// Where a record came from, for reject reports: `FILE`, `FILE:LINE` or `FILE:item N`.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    pub at: Position,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Position::Whole => write!(f, "{}", self.file),
            Position::Line(line) => write!(f, "{}:{line}", self.file),
            Position::Item(item) => write!(f, "{}:item {item}", self.file),
        }
    }
}

/// One input record, decoded or rejected with the bytes it had.
pub struct Item {
    pub origin: Origin,
    pub record: Record,
}

/// Extensions read when walking a folder.
const EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson", "txt", "xml"];

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
    let stdin = path.as_os_str() == "-";
    let file = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut emit = |at, record| {
        emit(Item {
            origin: Origin {
                file: file.clone(),
                at,
            },
            record,
        })
    };
    if stdin {
        // A first line that is a whole JSON object means JSONL: streamed, so an endless
        // pipe is never held whole. Anything else is read to the end and sniffed.
        let mut reader = io::stdin().lock();
        let mut first = Vec::new();
        reader.read_until(b'\n', &mut first)?;
        let line = first.trim_ascii();
        if line.starts_with(b"{") && serde_json::from_slice::<serde_json::Value>(line).is_ok() {
            return split_lines(first.as_slice().chain(reader), limits, &mut emit);
        }
        reader.read_to_end(&mut first)?;
        split(Format::Sniff, first, "stdin", limits, &mut emit);
        return Ok(());
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let format = match ext.as_str() {
        "jsonl" | "ndjson" => {
            return split_lines(BufReader::new(File::open(path)?), limits, &mut emit);
        }
        "txt" => Format::Text,
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => Format::Sniff,
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
    split(format, std::fs::read(path)?, stem, limits, &mut emit);
    Ok(())
}
