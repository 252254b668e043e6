//! A minimal CSV reader for the knowledge files: columns are found by their header name.

use std::borrow::Cow;

/// The trimmed lines of a one-entry-a-line file, without blank lines and `#` comments.
pub fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A minimal CSV reader: a header row, then records; fields may be double-quoted.
pub struct Csv<'a> {
    header: Vec<&'a str>,
    lines: std::str::Lines<'a>,
    row: Vec<Cow<'a, str>>,
}

impl<'a> Csv<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut lines = text.lines();
        let header = lines
            .by_ref()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|h| {
                h.trim_start_matches('\u{feff}')
                    .split(',')
                    .map(str::trim)
                    .collect()
            })
            .unwrap_or_default();
        Self {
            header,
            lines,
            row: Vec::new(),
        }
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| *h == name)
    }

    /// The positions of the columns called `names`.
    pub fn columns<const N: usize>(&self, names: [&str; N]) -> [Option<usize>; N] {
        names.map(|name| self.column(name))
    }

    /// Advances to the next record; false at the end.
    pub fn next_row(&mut self) -> bool {
        for line in self.lines.by_ref() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            self.row.clear();
            split_csv(line, &mut self.row);
            return true;
        }
        false
    }

    pub fn get(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.row.get(c)).map_or("", |s| s.trim())
    }
}

fn split_csv<'a>(line: &'a str, out: &mut Vec<Cow<'a, str>>) {
    // Most rows quote nothing: their fields are slices of the line.
    if !line.contains('"') {
        out.extend(line.split(',').map(Cow::Borrowed));
        return;
    }
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(Cow::Owned(std::mem::take(&mut field))),
            _ => field.push(c),
        }
    }
    out.push(Cow::Owned(field));
}
