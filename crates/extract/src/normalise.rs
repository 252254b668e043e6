//! Normalisation: HTML → article text, Unicode NFC, apostrophes, whitespace, page residue.
//!
//! The body that leaves this stage is the text every later offset refers to. Its form:
//!
//! * **Text, not markup.** An HTML body is detected ([`looks_like_html`]): a whole page goes
//!   through `rs-trafilatura`, which keeps the main article text and drops navigation, ads,
//!   cookie banners, related links, comments, footers, scripts and styles; a fragment (ninjs
//!   `body_html`, a feed item's content), a page the extractor finds nothing in, and a page
//!   nested too deeply for it ([`NormaliseConfig::max_html_depth`]) are converted by a simple
//!   linear tag stripper that keeps block boundaries as line breaks and decodes entities.
//! * **One paragraph per line**: lines are separated by a single `\n` (no blank lines, no
//!   `\r`), trimmed, with runs of spaces, tabs and Unicode spaces folded into one ASCII space;
//!   zero-width and bidi format characters, soft hyphens and control characters are removed.
//! * **Unicode NFC.**
//! * **One apostrophe inside words.** A back-tick, acute accent `´`, reversed comma `‛` or
//!   prime `′` between two letters ("didn`t", "Russia`s") is an apostrophe typed or converted
//!   badly and becomes `'`. The typographic apostrophe `’` between two letters ("didn’t",
//!   "O’Brien") also becomes `'` by default ([`NormaliseConfig::fold_curly_apostrophes`]),
//!   so that later word lists (contractions, possessives, names) see a single form of each
//!   word whichever way the sender typed it; it is a one-for-one character swap, so no
//!   offset moves. A `’` not between letters (a closing quote, "the Smiths’ house") stays,
//!   as do the curly quotes `“ ” ‘`, which the sentence and quote stages handle; back-ticks
//!   not between letters (code) are untouched.
//! * **No page residue at the end**: a line starting with one of the residue markers ("More
//!   about:", "Share this article", "© 2016 …") cuts itself and everything after it when it
//!   comes after the story's last real paragraph (or, in a story of short lines, in its last
//!   30%); a marker line in the last 30% with story after it ("CLICK HERE TO GET THE APP") is
//!   dropped alone, and so is every marker line there if cutting would take more than half
//!   the text. "Advertisement" lines are dropped anywhere. A story is never cut to nothing.
//!
//! Plain text that is already in this form is checked in one pass over its bytes and kept
//! without a copy; otherwise one more pass writes the cleaned text.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use serde::Deserialize;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::text::Doc;
use crate::{Stage, StageError};

/// Settings of the `[normalise]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormaliseConfig {
    /// Lines that mark the end of a story's text on a web page, matched case-insensitively at
    /// the start of a line: such a line and everything after it are cut when it lies in the
    /// story's tail (see [`residue_tail`](Self::residue_tail)). Unset: the shipped list.
    pub residue_markers: Option<Vec<String>>,
    /// Lines dropped wherever they occur: the whole line, ignoring case and any punctuation
    /// around it ("ADVERTISEMENT", "- Advertisement -"). Unset: the shipped list.
    pub drop_lines: Option<Vec<String>>,
    /// Share of a story's lines, counted from the end, in which a residue marker cuts; a
    /// marker after the story's last real paragraph cuts too.
    pub residue_tail: f64,
    /// Whether the typographic apostrophe ’ between two letters becomes the ASCII '.
    pub fold_curly_apostrophes: bool,
    /// Most levels of element nesting handed to the page extractor, whose time grows with
    /// the square of the depth and whose recursion would overflow the stack on hostile
    /// pages; deeper pages get the simple tag stripper.
    pub max_html_depth: usize,
}

impl Default for NormaliseConfig {
    fn default() -> Self {
        Self {
            residue_markers: None,
            drop_lines: None,
            residue_tail: 0.3,
            fold_curly_apostrophes: true,
            max_html_depth: 256,
        }
    }
}

impl NormaliseConfig {
    /// Checks the values (no I/O).
    pub fn validate(&self) -> Result<(), StageError> {
        crate::registry::unit_interval("normalise", "residue_tail", self.residue_tail)?;
        if self.max_html_depth == 0 {
            return Err(StageError::config(
                "normalise",
                "normalise.max_html_depth must be positive",
            ));
        }
        Ok(())
    }
}

/// The shipped residue lists, `config/language/en_residue.toml`.
const RESIDUE: &str = include_str!("../../../config/language/en_residue.toml");

/// The residue lists as in [`RESIDUE`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResidueLines {
    residue_markers: Vec<String>,
    drop_lines: Vec<String>,
}

/// The normalisation stage.
pub struct Normalise {
    /// Residue markers, trimmed and lowercased.
    markers: Vec<String>,
    /// Drop lines, stripped of surrounding punctuation and lowercased.
    drop_lines: Vec<String>,
    /// Longest drop line, in bytes: longer lines need no comparison.
    longest_drop_line: usize,
    /// First bytes a marker line can have, in either case (all non-ASCII bytes when a
    /// marker starts with a non-ASCII character).
    marker_starts: [bool; 256],
    config: NormaliseConfig,
    max_body_chars: usize,
    extractor: rs_trafilatura::Options,
}

impl Normalise {
    pub fn new(config: &NormaliseConfig, limits: &crate::Limits) -> Result<Self, StageError> {
        config.validate()?;
        let bad = |message: String| Err(StageError::config("normalise", message));
        let shipped: ResidueLines = toml::from_str(RESIDUE)
            .map_err(|e| StageError::config("normalise", format!("en_residue.toml: {e}")))?;
        let markers: Vec<String> = config
            .residue_markers
            .as_ref()
            .unwrap_or(&shipped.residue_markers)
            .iter()
            .map(|m| m.trim().to_lowercase())
            .collect();
        let drop_lines: Vec<String> = config
            .drop_lines
            .as_ref()
            .unwrap_or(&shipped.drop_lines)
            .iter()
            .map(|d| strip_punctuation(d).to_lowercase())
            .collect();
        if markers.iter().chain(&drop_lines).any(String::is_empty) {
            return bad("normalise: residue markers and drop lines must not be blank".into());
        }
        Ok(Self {
            longest_drop_line: drop_lines.iter().map(String::len).max().unwrap_or(0),
            marker_starts: first_bytes(&markers),
            markers,
            drop_lines,
            config: config.clone(),
            max_body_chars: limits.max_body_chars,
            // News pages are articles: fixing the type skips the page classifier and the
            // extraction modes for listings, forums and products.
            extractor: rs_trafilatura::Options {
                page_type: Some(rs_trafilatura::page_type::PageType::Article),
                ..rs_trafilatura::Options::default()
            },
        })
    }

    /// The normalised form of a body, with any warnings about how it was obtained.
    pub fn normalise(&self, body: String) -> (String, Option<String>) {
        if !looks_like_html(&body) {
            return (self.normalise_text(body), None);
        }
        let (text, extracted, warning) = self.html_text(&body);
        let mut text = self.normalise_text(text);
        if extracted {
            if let Some(once) = repeated(&text) {
                text = once.to_string();
            }
        }
        (text, warning)
    }

    /// Normalises text (not HTML): NFC, characters and whitespace, then page residue.
    fn normalise_text(&self, text: String) -> String {
        let (text, removed) = clean(nfc(text), self.config.fold_curly_apostrophes);
        // Removing an invisible character can bring a combining mark next to its base.
        let text = if removed { nfc(text) } else { text };
        self.strip_residue(text)
    }

    /// The article text of an HTML body, before character and whitespace normalisation;
    /// whether it came from the page extractor; a warning about how it was obtained.
    fn html_text(&self, html: &str) -> (String, bool, Option<String>) {
        if !is_document(html) {
            return (html_to_text(html), false, None);
        }
        if too_deep(html, self.config.max_html_depth) {
            let warning = format!(
                "HTML nested more than {} levels deep: converted without boilerplate removal",
                self.config.max_html_depth
            );
            return (html_to_text(html), false, Some(warning));
        }
        match self.extract(html) {
            Ok(text) if text.chars().any(char::is_alphanumeric) => (text, true, None),
            Ok(_) => (html_to_text(html), false, None),
            Err(why) => (html_to_text(html), false, Some(why)),
        }
    }

    /// Main-content extraction by `rs-trafilatura`, guarded against its panics.
    fn extract(&self, html: &str) -> Result<String, String> {
        let result = catch_unwind(AssertUnwindSafe(|| {
            rs_trafilatura::extract_with_options(html, &self.extractor)
        }));
        match result {
            Ok(Ok(extracted)) => Ok(extracted.content_text),
            // No content found: not worth a warning, the fallback has the text.
            Ok(Err(_)) => Ok(String::new()),
            Err(_) => {
                // A panic could leave the extractor's thread-local "comments are content"
                // flag set (only forum pages set it, and we ask for articles); any completed
                // extraction clears it again.
                let _ = catch_unwind(|| rs_trafilatura::extract("<html><body></body></html>"));
                Err("the HTML extractor failed: converted without boilerplate removal".into())
            }
        }
    }

    /// Cuts page residue from the end of the story and drops "Advertisement" lines.
    fn strip_residue(&self, text: String) -> String {
        if text.is_empty() {
            return text;
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let n = lines.len();
        let mut keep: Vec<bool> = lines.iter().map(|l| !self.is_drop_line(l)).collect();
        let tail_from = (n as f64 * (1.0 - self.config.residue_tail)).floor() as usize;
        let last_paragraph = (0..n)
            .rev()
            .find(|&i| keep[i] && self.is_real_paragraph(lines[i]));
        // A marker cuts when no paragraph of the story follows it: after the last one, or
        // in the tail of a story without any.
        let cuts_from = last_paragraph.map_or(tail_from, |last| last + 1);
        let cut = (cuts_from..n).find(|&i| keep[i] && self.is_marker_line(lines[i]));
        // In the tail, a marker line with story after it ("CLICK HERE TO GET THE APP") is a
        // promotion inside the story: it goes alone.
        for i in tail_from..cuts_from {
            if keep[i] && self.is_marker_line(lines[i]) {
                keep[i] = false;
            }
        }
        if let Some(cut) = cut {
            let kept_len = |range: std::ops::Range<usize>, keep: &[bool]| -> usize {
                range.filter(|&i| keep[i]).map(|i| lines[i].len()).sum()
            };
            let cut_len = kept_len(cut..n, &keep);
            if cut_len * 2 > kept_len(0..n, &keep) {
                // Cutting would take most of the text: the markers may be in a story after
                // all, so only the marker lines go.
                for i in cut..n {
                    if keep[i] && self.is_marker_line(lines[i]) {
                        keep[i] = false;
                    }
                }
            } else {
                keep[cut..].fill(false);
            }
        }
        if keep.iter().all(|&k| k) || !keep.iter().any(|&k| k) {
            // Nothing to remove, or nothing would be left: never cut a story to nothing.
            return text;
        }
        let mut out = String::with_capacity(text.len());
        for (line, _) in lines.iter().zip(&keep).filter(|(_, &k)| k) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
        out
    }

    /// A line such as "Share this article", "More about: Syria" or "© 2016 Reuters".
    fn is_marker_line(&self, line: &str) -> bool {
        if !line
            .as_bytes()
            .first()
            .is_some_and(|&b| self.marker_starts[b as usize])
        {
            return false;
        }
        self.markers.iter().any(|marker| {
            let Some(end) = prefix_ci(line, marker) else {
                return false;
            };
            let rest = &line[end..];
            let next = rest.chars().next();
            let marker_ends_in_word = marker
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if !marker_ends_in_word {
                // "More about:", "©": a label, whatever follows it.
                return true;
            }
            match next {
                None => true,
                // "Subscribers rose": the marker is only part of a word.
                Some(c) if c.is_alphanumeric() => false,
                // "Read more: …", "Related | …", but not "Subscribe, the minister urged".
                Some(c) if !c.is_whitespace() => LABEL_PUNCTUATION.contains(&c),
                // "Follow us on Twitter", but not a paragraph that starts with the word.
                Some(_) => rest.split_whitespace().count() <= MAX_WORDS_AFTER_MARKER,
            }
        })
    }

    /// A line of the story rather than of the page: a sentence of some words that is not
    /// residue.
    fn is_real_paragraph(&self, line: &str) -> bool {
        line.ends_with(['.', '!', '?', '…', '"', '\'', '”', '’', ')', ':'])
            && line
                .split_whitespace()
                .nth(MIN_PARAGRAPH_WORDS - 1)
                .is_some()
            && !self.is_marker_line(line)
    }

    /// A line that is one of the drop lines, ignoring case and surrounding punctuation.
    fn is_drop_line(&self, line: &str) -> bool {
        if line.len() > self.longest_drop_line + 16 {
            return false;
        }
        let core = strip_punctuation(line);
        self.drop_lines
            .iter()
            .any(|d| prefix_ci(core, d) == Some(core.len()))
    }
}

impl Stage for Normalise {
    fn name(&self) -> &'static str {
        "normalise"
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let (body, warning) = self.normalise(doc.replace_body(String::new()));
        // A page of scripts, styles or markup only: nothing to read.
        if body.is_empty() {
            return Err(herald_model::DecodeError::EmptyBody.into());
        }
        if body.len() > self.max_body_chars && body.chars().count() > self.max_body_chars {
            return Err(StageError::OverLimit {
                stage: "normalise",
                what: "body characters",
                limit: self.max_body_chars,
            });
        }
        doc.replace_body(body);
        if let Some(warning) = warning {
            doc.article_mut().warn("normalise", warning);
        }
        Ok(())
    }
}

/// Characters that make a word-like marker a label when they follow it ("Read more: …").
const LABEL_PUNCTUATION: &[char] = &[
    ':', '|', '»', '›', '>', '-', '–', '—', '.', '!', '…', '/', '·', '•',
];

/// Words after a word-like marker up to which a line is still residue ("Follow us on
/// Twitter and Facebook") rather than a paragraph that happens to start with the word.
const MAX_WORDS_AFTER_MARKER: usize = 12;

/// If `text` is two or more copies of one text, joined directly or by a line break or
/// space, that text. The extractor's fallbacks produce such copies on short pages ("Only a
/// note.\nOnly a note.\nOnly a note."); an article never is one.
fn repeated(text: &str) -> Option<&str> {
    const MIN_COPY: usize = 10;
    let b = text.as_bytes();
    let len = b.len();
    for copies in 2..=len / MIN_COPY {
        for sep in [0, 1] {
            if (len + sep) % copies != 0 {
                continue;
            }
            let step = (len + sep) / copies;
            let size = step - sep;
            let first = &b[..size];
            let same = (1..copies).all(|k| {
                let at = k * step;
                &b[at..at + size] == first && (sep == 0 || matches!(b[at - 1], b'\n' | b' '))
            });
            if same {
                return Some(&text[..size]);
            }
        }
    }
    None
}

/// The bytes a line starting with one of `lowered` can start with.
fn first_bytes(lowered: &[String]) -> [bool; 256] {
    let mut table = [false; 256];
    for word in lowered {
        match word.as_bytes().first() {
            Some(&b) if b.is_ascii() => {
                table[b.to_ascii_lowercase() as usize] = true;
                table[b.to_ascii_uppercase() as usize] = true;
            }
            Some(_) => table[0x80..].fill(true),
            None => {}
        }
    }
    table
}

/// Words a line needs to count as a paragraph of the story.
const MIN_PARAGRAPH_WORDS: usize = 6;

/// `text` without the non-alphanumeric characters at either end.
fn strip_punctuation(text: &str) -> &str {
    text.trim_matches(|c: char| !c.is_alphanumeric())
}

/// If `text` starts with `lower` (a lowercased string), ignoring case: the byte length of
/// the matching prefix of `text`.
fn prefix_ci(text: &str, lower: &str) -> Option<usize> {
    if lower.is_ascii() {
        let (t, l) = (text.as_bytes(), lower.as_bytes());
        return (t.len() >= l.len() && t[..l.len()].eq_ignore_ascii_case(l)).then_some(l.len());
    }
    let mut want = lower.chars().peekable();
    want.peek()?;
    for (i, c) in text.char_indices() {
        for lc in c.to_lowercase() {
            if want.next() != Some(lc) {
                return None;
            }
        }
        if want.peek().is_none() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Characters and whitespace
// ---------------------------------------------------------------------------------------

/// What cleaning does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Keep,
    /// Becomes part of a single space.
    Space,
    /// Ends a line (runs of them end one line).
    Newline,
    /// Removed: zero-width and format characters, soft hyphens, controls.
    Remove,
    /// Becomes `'` between two letters.
    Apostrophe,
}

#[inline]
fn classify(c: char, fold_curly: bool) -> Class {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::Newline,
        ' ' | '\t' => Class::Space,
        '`' | '\u{B4}' | '\u{201B}' | '\u{2032}' => Class::Apostrophe,
        '\u{2019}' if fold_curly => Class::Apostrophe,
        // Soft hyphen, Mongolian vowel separator, zero-width space/non-joiner/joiner,
        // directional marks and embeddings, word joiner and invisible operators, isolates,
        // byte order mark.
        '\u{AD}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Class::Remove,
        c if c.is_control() => Class::Remove,
        c if c.is_whitespace() => Class::Space,
        _ => Class::Keep,
    }
}

/// Whether the character at `text[i..i + len]` stands between two letters.
fn between_letters(text: &str, i: usize, len: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
        && text[i + len..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
}

/// Unicode NFC, checked quickly first (ASCII and most text already is).
fn nfc(text: String) -> String {
    if !may_need_nfc(text.as_bytes()) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// False when every character of the text lies in a range that is always in NFC and never
/// reorders (ASCII, Latin-1 and the other letters below U+0300, Cyrillic U+0400–U+047F,
/// general punctuation and currency signs U+2002–U+20BF): most news text, with its accents,
/// curly quotes and dashes, is decided without a look at the Unicode tables.
fn may_need_nfc(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        // Eight ASCII bytes at a time.
        if let Some(word) = b.get(i..i + 8) {
            if u64::from_le_bytes(word.try_into().expect("eight bytes")) & 0x8080_8080_8080_8080
                == 0
            {
                i += 8;
                continue;
            }
        }
        match b[i] {
            0..0xCC => i += 1,
            0xD0 | 0xD1 => i += 2,
            // But U+2000 and U+2001, which decompose to U+2002 and U+2003.
            0xE2 if matches!(b.get(i + 1), Some(0x80..=0x82))
                && !(b[i + 1] == 0x80 && matches!(b.get(i + 2), Some(0x80 | 0x81))) =>
            {
                i += 3
            }
            _ => return true,
        }
    }
    false
}

/// ASCII bytes that cleaning never touches: printable characters but the back-tick.
const ORDINARY: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0x21;
    while c < 0x7F {
        table[c] = c != b'`' as usize;
        c += 1;
    }
    table
};

/// For the line check: bit 0 marks the space, bit 1 the bytes that may start a character
/// cleaning changes (controls, the back-tick, and the lead bytes of U+0080–U+00BF,
/// U+1680–U+18FF, U+2000–U+2FFF, U+3000–U+3FFF and U+FEFF, where every non-ASCII space,
/// removed character and odd apostrophe lies).
const KIND: [u8; 256] = {
    let mut table = [0; 256];
    let mut c = 0;
    while c < 0x20 {
        table[c] = 2;
        c += 1;
    }
    table[b' ' as usize] = 1;
    table[b'`' as usize] = 2;
    table[0x7F] = 2;
    table[0xC2] = 2;
    table[0xE1] = 2;
    table[0xE2] = 2;
    table[0xE3] = 2;
    table[0xEF] = 2;
    table
};

/// Whether a line (without its line break) is already clean: not empty, no space at
/// either end or next to another, nothing that [`clean_into`] changes. Checked 32 bytes at a
/// time without branches; only blocks with a suspect byte are looked at closely.
fn line_is_clean(line: &str, fold_curly: bool) -> bool {
    const BLOCK: usize = 32;
    let b = line.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let end = (i + BLOCK).min(b.len());
        let mut prev = u8::from(i > 0 && b[i - 1] == b' ');
        let mut bad = 0;
        for &c in &b[i..end] {
            let kind = KIND[c as usize];
            bad |= (kind & prev) | (kind & 2);
            prev = kind & 1;
        }
        if bad == 0 {
            i = end;
            continue;
        }
        // A close look: a double space, or a suspect character that cleaning changes.
        let mut j = i;
        while j < end {
            let c = b[j];
            if c == b' ' {
                if b[j - 1] == b' ' {
                    return false;
                }
                j += 1;
                continue;
            }
            if KIND[c as usize] & 2 == 0 {
                j += 1;
                continue;
            }
            let ch = char_at(line, j);
            let len = ch.len_utf8();
            let changed = match classify(ch, fold_curly) {
                Class::Keep => false,
                Class::Apostrophe => between_letters(line, j, len),
                _ => true,
            };
            if changed {
                return false;
            }
            j += len;
        }
        i = j;
    }
    true
}

/// The character that starts at byte `i` of `text` (a character boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..]
        .chars()
        .next()
        .expect("i is on a character boundary")
}

/// Cleans characters and whitespace; also says whether any character was removed. Clean
/// lines are copied whole (and a clean text is returned as it is, without a copy).
fn clean(text: String, fold_curly: bool) -> (String, bool) {
    let b = text.as_bytes();
    let n = b.len();
    if n == 0 {
        return (text, false);
    }
    // The start of the first line that is not clean, if any.
    let mut start = 0;
    let dirty = loop {
        let end = find_byte(b, start, b'\n').unwrap_or(n);
        if !line_is_clean(&text[start..end], fold_curly) {
            break start;
        }
        if end == n {
            return (text, false);
        }
        start = end + 1;
    };
    let mut out = String::with_capacity(n);
    out.push_str(&text[..dirty]);
    let mut removed = false;
    for line in text[dirty..].split('\n') {
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if line_is_clean(line, fold_curly) {
            out.push_str(line);
        } else {
            let before = out.len();
            removed |= clean_into(&mut out, line, fold_curly);
            if out.len() == before && out.ends_with('\n') {
                // The line was nothing but spaces and invisible characters.
                out.pop();
            }
        }
    }
    if out.ends_with('\n') {
        out.pop();
    }
    (out, removed)
}

/// Appends the cleaned form of `text` to `out`, which is empty or ends in a line break.
/// Returns whether any character was removed. Runs of characters that need no change
/// (words and the single spaces between them) are copied whole.
fn clean_into(out: &mut String, text: &str, fold_curly: bool) -> bool {
    let b = text.as_bytes();
    let n = b.len();
    let mut space = false;
    let mut newline = false;
    let mut removed = false;
    let mut i = 0;
    while i < n {
        // A run of visible characters and single spaces between them.
        let start = i;
        while i < n {
            let c = b[i];
            if ORDINARY[c as usize] {
                i += 1;
            } else if c == b' ' && i > start && i + 1 < n && ORDINARY[b[i + 1] as usize] {
                i += 2;
            } else if c >= 0x80 {
                let ch = char_at(text, i);
                if classify(ch, fold_curly) != Class::Keep {
                    break;
                }
                i += ch.len_utf8();
            } else {
                break;
            }
        }
        if i > start {
            flush_space(out, &mut space, &mut newline);
            out.push_str(&text[start..i]);
            continue;
        }
        let c = char_at(text, i);
        let len = c.len_utf8();
        match classify(c, fold_curly) {
            Class::Space => space = true,
            Class::Newline => newline = true,
            Class::Remove => removed = true,
            Class::Keep | Class::Apostrophe => {
                let after_letter =
                    !space && !newline && out.chars().next_back().is_some_and(char::is_alphabetic);
                let before_letter = text[i + len..]
                    .chars()
                    .find(|&next| classify(next, fold_curly) != Class::Remove)
                    .is_some_and(char::is_alphabetic);
                flush_space(out, &mut space, &mut newline);
                out.push(if after_letter && before_letter {
                    '\''
                } else {
                    c
                });
            }
        }
        i += len;
    }
    removed
}

/// Writes the pending space or line break, unless at the start of the text or of a line.
#[inline]
fn flush_space(out: &mut String, space: &mut bool, newline: &mut bool) {
    if (*space || *newline) && !out.is_empty() && !out.ends_with('\n') {
        out.push(if *newline { '\n' } else { ' ' });
    }
    *space = false;
    *newline = false;
}

// ---------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------

/// Whether a body is HTML: it starts like a document (`<!doctype`, `<html`, `<?xml`) or
/// contains a well-formed tag of a common element (`<p>`, `<div class="x">`, `<br/>`,
/// `</article>`). A stray `<` ("a < b", "x<b and c>d") is not HTML.
pub fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if ["<!doctype", "<html", "<?xml"]
        .iter()
        .any(|p| prefix_ci(start, p).is_some())
    {
        return true;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(lt) = find_byte(b, i, b'<') {
        if is_html_tag_at(b, lt) {
            return true;
        }
        i = lt + 1;
    }
    false
}

/// A tag of a [`MARKER`] element at `b[lt]`: `<p>`, `</p>`, `<br/>`, `<p class="x">`.
fn is_html_tag_at(b: &[u8], lt: usize) -> bool {
    let mut j = lt + 1;
    let close = b.get(j) == Some(&b'/');
    if close {
        j += 1;
    }
    let name_start = j;
    while j < b.len() && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    let name = &b[name_start..j];
    if !TagName::new(name).is(MARKER) {
        return false;
    }
    match b.get(j) {
        Some(b'>') => true,
        Some(b'/') => !close && b.get(j + 1) == Some(&b'>'),
        // An attribute with a value: `<div class=` (a word and `=`, not "x<b and c>d").
        Some(c) if c.is_ascii_whitespace() && !close => {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let attr_start = j;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'_') {
                j += 1;
            }
            j > attr_start && b.get(j) == Some(&b'=')
        }
        _ => false,
    }
}

/// Whether HTML is a whole page (with a doctype, `<html>`, `<head>` or `<body>`) rather than
/// a fragment of one.
fn is_document(html: &str) -> bool {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = find_byte(b, i, b'<') {
        let rest = &b[lt + 1..];
        let is = |name: &[u8]| {
            rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && !rest[name.len()].is_ascii_alphanumeric()
        };
        if is(b"!doctype") || is(b"html") || is(b"head") || is(b"body") {
            return true;
        }
        i = lt + 1;
    }
    false
}

/// The first `x` in `b` at or after `from`, eight bytes at a time.
fn find_byte(b: &[u8], from: usize, x: u8) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let hay = b.get(from..)?;
    let pattern = LOW * u64::from(x);
    let mut offset = 0;
    for chunk in hay.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ pattern;
        if word.wrapping_sub(LOW) & !word & HIGH != 0 {
            break;
        }
        offset += 8;
    }
    hay[offset..]
        .iter()
        .position(|&c| c == x)
        .map(|p| p + from + offset)
}

fn find_bytes(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find_byte(b, i, needle[0]) {
        if b[p..].starts_with(needle) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// An element name, lowercased; names longer than the buffer are kept as "unknown" (empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TagName {
    buf: [u8; 16],
    len: usize,
}

impl TagName {
    fn new(raw: &[u8]) -> Self {
        let mut buf = [0; 16];
        let len = if raw.len() <= buf.len() {
            for (d, s) in buf.iter_mut().zip(raw) {
                *d = s.to_ascii_lowercase();
            }
            raw.len()
        } else {
            0
        };
        Self { buf, len }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// One of the element kinds `kinds` (bits of [`element_kinds`]).
    fn is(&self, kinds: u8) -> bool {
        element_kinds(self.as_bytes()) & kinds != 0
    }
}

enum Token<'a> {
    Text(&'a str),
    Open {
        name: TagName,
        self_closing: bool,
    },
    Close(TagName),
    /// Comments, doctypes, processing instructions, unterminated tags.
    Other,
}

/// A forgiving, linear HTML tokenizer: enough to strip tags and measure nesting.
struct Lexer<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, i: 0 }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        let b = self.text.as_bytes();
        let n = b.len();
        let i = self.i;
        if i >= n {
            return None;
        }
        if b[i] != b'<' {
            let end = find_byte(b, i, b'<').unwrap_or(n);
            self.i = end;
            return Some(Token::Text(&self.text[i..end]));
        }
        let skip_to = |from: usize, needle: &[u8]| {
            find_bytes(b, from, needle).map_or(n, |p| p + needle.len())
        };
        match b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => Some(self.open_tag()),
            Some(b'/') if b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let end = name_end(b, i + 2);
                let name = TagName::new(&b[i + 2..end]);
                self.i = skip_to(end, b">");
                Some(Token::Close(name))
            }
            Some(b'!') if b[i..].starts_with(b"<!--") => {
                self.i = skip_to(i + 2, b"-->");
                Some(Token::Other)
            }
            Some(b'!' | b'?' | b'/') => {
                self.i = skip_to(i + 2, b">");
                Some(Token::Other)
            }
            _ => {
                self.i = i + 1;
                Some(Token::Text("<"))
            }
        }
    }

    fn open_tag(&mut self) -> Token<'a> {
        let b = self.text.as_bytes();
        let n = b.len();
        let end = name_end(b, self.i + 1);
        let name = TagName::new(&b[self.i + 1..end]);
        let mut j = end;
        while j < n {
            match b[j] {
                b'>' => {
                    self.i = j + 1;
                    let self_closing = j > end && b[j - 1] == b'/';
                    return Token::Open { name, self_closing };
                }
                b'=' => {
                    j += 1;
                    while j < n && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j < n && (b[j] == b'"' || b[j] == b'\'') {
                        j = find_byte(b, j + 1, b[j]).map_or(n, |p| p + 1);
                    }
                }
                _ => j += 1,
            }
        }
        // A tag cut off by the end of the text is dropped, as browsers do.
        self.i = n;
        Token::Other
    }

    /// Skips the content of a raw-text element (script, style…) and its end tag.
    fn skip_raw_text(&mut self, name: &TagName) {
        let b = self.text.as_bytes();
        let name = name.as_bytes();
        let mut i = self.i;
        while let Some(p) = find_bytes(b, i, b"</") {
            let after = p + 2 + name.len();
            if b.len() >= after
                && b[p + 2..after].eq_ignore_ascii_case(name)
                && b.get(after)
                    .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
            {
                self.i = find_byte(b, after, b'>').map_or(b.len(), |g| g + 1);
                return;
            }
            i = p + 2;
        }
        self.i = b.len();
    }
}

fn name_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && !(b[j].is_ascii_whitespace() || b[j] == b'/' || b[j] == b'>') {
        j += 1;
    }
    j
}

// What an element is to the stages: the bits of `element_kinds`.
/// Its tags mark a body as HTML.
const MARKER: u8 = 1;
/// It starts a new line of text.
const BLOCK: u8 = 2;
/// A table cell: separated by a space.
const CELL: u8 = 4;
/// Its end tag is optional and it does not nest in itself: it adds at most a level or two
/// whatever its number, so the depth estimate leaves it out.
const FLAT: u8 = 8;
/// It has no content or end tag.
const VOID: u8 = 16;
/// Its content is not markup.
const RAW_TEXT: u8 = 32;
/// The tag stripper leaves it out with its content: page furniture and graphics.
const SKIPPED: u8 = 64;

/// The kinds of the element called `name` (lowercased), 0 for any other.
fn element_kinds(name: &[u8]) -> u8 {
    match name {
        b"address" | b"center" | b"details" | b"dialog" | b"dl" | b"fieldset" | b"form"
        | b"hgroup" | b"html" | b"legend" | b"summary" => BLOCK,
        b"colgroup" | b"optgroup" | b"option" | b"rb" | b"rp" | b"rt" | b"rtc" => FLAT,
        b"a" | b"b" | b"em" | b"head" | b"i" | b"span" | b"strong" => MARKER,
        b"noembed" | b"noframes" | b"noscript" | b"textarea" | b"title" | b"xmp" => RAW_TEXT,
        b"button" | b"math" | b"select" | b"svg" | b"template" => SKIPPED,
        b"area" | b"base" | b"basefont" | b"bgsound" | b"col" | b"embed" | b"frame" | b"input"
        | b"keygen" | b"link" | b"meta" | b"param" | b"source" | b"track" | b"wbr" => VOID,
        b"caption" | b"dd" | b"dt" | b"tbody" | b"tfoot" | b"thead" => BLOCK | FLAT,
        b"article" | b"blockquote" | b"body" | b"div" | b"figcaption" | b"figure" | b"h1"
        | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"header" | b"main" | b"ol" | b"pre"
        | b"section" | b"table" | b"ul" => MARKER | BLOCK,
        b"iframe" | b"script" | b"style" => MARKER | RAW_TEXT,
        b"img" => MARKER | VOID,
        b"li" | b"p" | b"tr" => MARKER | BLOCK | FLAT,
        b"aside" | b"footer" | b"nav" => MARKER | BLOCK | SKIPPED,
        b"br" | b"hr" => MARKER | BLOCK | VOID,
        b"td" | b"th" => MARKER | CELL | FLAT,
        _ => 0,
    }
}

/// Whether an HTML page nests elements more than `limit` levels deep (estimated in one
/// linear pass, leaving out elements that cannot nest in themselves).
fn too_deep(html: &str, limit: usize) -> bool {
    let mut lexer = Lexer::new(html);
    let mut depth = 0usize;
    let mut foreign = 0usize;
    while let Some(token) = lexer.next_token() {
        match token {
            Token::Open { name, self_closing } => {
                if name.is(RAW_TEXT) {
                    lexer.skip_raw_text(&name);
                    continue;
                }
                // `<x/>` closes itself only inside SVG and MathML.
                if name.is(VOID | FLAT) || (self_closing && foreign > 0) {
                    continue;
                }
                if matches!(name.as_bytes(), b"svg" | b"math") {
                    foreign += 1;
                }
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            Token::Close(name) => {
                if name.is(VOID | FLAT) {
                    continue;
                }
                if matches!(name.as_bytes(), b"svg" | b"math") {
                    foreign = foreign.saturating_sub(1);
                }
                depth = depth.saturating_sub(1);
            }
            Token::Text(_) | Token::Other => {}
        }
    }
    false
}

/// HTML to text by stripping tags: block elements start new lines, table cells are
/// separated by spaces, entities are decoded, scripts, styles, navigation, footers and
/// asides are left out (unless that leaves nothing). Linear in the input.
fn html_to_text(html: &str) -> String {
    let text = strip_tags(html, true);
    if text.chars().any(char::is_alphanumeric) {
        text
    } else {
        // An unclosed <nav> or <aside> can swallow the page.
        strip_tags(html, false)
    }
}

fn strip_tags(html: &str, skip_furniture: bool) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut lexer = Lexer::new(html);
    // The furniture element being skipped, and how many of it are open.
    let mut skipping: Option<(TagName, usize)> = None;
    let mut pre = 0usize;
    while let Some(token) = lexer.next_token() {
        match token {
            Token::Text(text) if skipping.is_none() => push_text(&mut out, text, pre > 0),
            Token::Open { name, .. } if name.is(RAW_TEXT) => lexer.skip_raw_text(&name),
            Token::Open { name, self_closing } => {
                if let Some((skipped, open)) = &mut skipping {
                    if *skipped == name && !self_closing {
                        *open += 1;
                    }
                } else if skip_furniture && name.is(SKIPPED) && !self_closing {
                    skipping = Some((name, 1));
                } else {
                    if name.as_bytes() == b"pre" {
                        pre += 1;
                    }
                    push_break(&mut out, &name);
                }
            }
            Token::Close(name) => {
                if let Some((skipped, open)) = &mut skipping {
                    if *skipped == name {
                        *open -= 1;
                        if *open == 0 {
                            skipping = None;
                        }
                    }
                } else {
                    if name.as_bytes() == b"pre" {
                        pre = pre.saturating_sub(1);
                    }
                    push_break(&mut out, &name);
                }
            }
            Token::Text(_) | Token::Other => {}
        }
    }
    out
}

fn push_break(out: &mut String, name: &TagName) {
    if name.is(BLOCK) {
        out.push('\n');
    } else if name.is(CELL) {
        out.push(' ');
    }
}

/// Appends HTML text: entities decoded, line breaks of the source as spaces (outside `pre`).
fn push_text(out: &mut String, text: &str, pre: bool) {
    let mut rest = text;
    while !rest.is_empty() {
        let stop = rest
            .find(|c| c == '&' || (!pre && matches!(c, '\n' | '\r' | '\t')))
            .unwrap_or(rest.len());
        out.push_str(&rest[..stop]);
        rest = &rest[stop..];
        match rest.as_bytes().first() {
            None => break,
            Some(b'&') => match entity(rest) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            },
            Some(_) => {
                out.push(' ');
                rest = &rest[1..];
            }
        }
    }
}

/// Decodes the character reference at the start of `s` (which starts with `&`): the
/// character and the bytes it takes.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let mut end = start;
        while end < b.len()
            && (if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == start {
            return None;
        }
        let digits = &s[start..end];
        let value = u32::from_str_radix(digits, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((numeric_reference(value), len));
    }
    let mut end = 1;
    while end < b.len() && end <= 32 && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let name = &s[1..end];
    if b.get(end) == Some(&b';') {
        return named_entity(name).map(|c| (c, end + 1));
    }
    // A few references are recognised without their semicolon, as browsers do.
    match name {
        "amp" | "lt" | "gt" | "quot" | "nbsp" => named_entity(name).map(|c| (c, end)),
        _ => None,
    }
}

/// The character of a numeric reference, with the fixes browsers apply: C1 codes are read
/// as Windows-1252, invalid code points become U+FFFD.
fn numeric_reference(value: u32) -> char {
    const CP1252: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => CP1252[(value - 0x80) as usize],
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    }
}

/// The named character references decoded, from `config/language/html_entities.tsv`.
static NAMED_ENTITIES: LazyLock<HashMap<&'static str, char>> = LazyLock::new(|| {
    crate::csv::entries(include_str!("../../../config/language/html_entities.tsv"))
        .filter_map(|l| {
            let (name, hex) = l.split_once('\t')?;
            Some((name, char::from_u32(u32::from_str_radix(hex, 16).ok()?)?))
        })
        .collect()
});

fn named_entity(name: &str) -> Option<char> {
    NAMED_ENTITIES.get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;
    use herald_model::RawArticle;
    use proptest::prelude::*;

    fn stage() -> Normalise {
        with(NormaliseConfig::default(), Limits::default()).unwrap()
    }

    fn with(config: NormaliseConfig, limits: Limits) -> Result<Normalise, StageError> {
        Normalise::new(&config, &limits)
    }

    fn norm(text: &str) -> String {
        stage().normalise(text.to_string()).0
    }

    fn article(body: &str) -> herald_model::EnrichedArticle {
        let raw = RawArticle::from_text("t", body.to_string(), &Default::default()).unwrap();
        herald_model::EnrichedArticle::new(raw)
    }

    const SEED: &str = "GENEVA (Reuters) - Russia`s foreign minister said on Tuesday he didn`t \
expect a deal soon.\n\n“We are not there yet,” Sergei Lavrov told reporters after \
talks with John Kerry, adding that both sides wouldn`t give up on the ceasefire.\n\n\
The two men will meet again next week in Geneva.\nMore about:";

    #[test]
    fn the_seed_story_loses_back_ticks_and_residue() {
        let out = stage().run(article(SEED)).unwrap().body;
        assert!(!out.contains('`'), "{out}");
        assert!(!out.contains("More about:"), "{out}");
        assert!(out.contains("Russia's foreign minister"));
        assert!(out.contains("didn't expect") && out.contains("wouldn't give up"));
        assert!(
            out.contains("“We are not there yet,”"),
            "curly quotes stay: {out}"
        );
        assert!(out.ends_with("next week in Geneva."));
        assert_eq!(out.lines().count(), 3, "one paragraph a line: {out}");
    }

    #[test]
    fn apostrophes_between_letters_become_ascii() {
        assert_eq!(
            norm("didn`t Russia`s O´Brien rock‛n it′s don’t"),
            "didn't Russia's O'Brien rock'n it's don't"
        );
        // Not between letters: code, quotes, primes after digits, plural possessives.
        assert_eq!(norm("run `ls -l` now"), "run `ls -l` now");
        assert_eq!(norm("x = `a`;"), "x = `a`;");
        assert_eq!(norm("5′10″ tall"), "5′10″ tall");
        assert_eq!(
            norm("‘Yes,’ the Smiths’ lawyer said"),
            "‘Yes,’ the Smiths’ lawyer said"
        );
        assert_eq!(norm("Élysée`s"), "Élysée's");
    }

    #[test]
    fn the_curly_apostrophe_can_be_kept() {
        let config = NormaliseConfig {
            fold_curly_apostrophes: false,
            ..NormaliseConfig::default()
        };
        let s = with(config, Limits::default()).unwrap();
        assert_eq!(s.normalise("don’t didn`t".into()).0, "don’t didn't");
    }

    #[test]
    fn whitespace_is_folded_and_lines_trimmed() {
        let text = "  Kerry \t met\u{A0}Lavrov\u{2009} here.  \r\n\r\n\r\n  Talks\u{3000}went on.\r\nThey \
                    ended.\n\n\n\n";
        assert_eq!(
            norm(text),
            "Kerry met Lavrov here.\nTalks went on.\nThey ended."
        );
        assert_eq!(norm("One.\n\nTwo.\n \nThree."), "One.\nTwo.\nThree.");
        assert_eq!(norm("a\rb\u{2028}c\u{0C}d"), "a\nb\nc\nd");
        assert_eq!(norm(" \n\t "), "");
    }

    #[test]
    fn invisible_and_control_characters_are_removed() {
        let text = "zero\u{200B}width\u{200C}\u{200D} co\u{AD}operate\u{FEFF} word\u{2060}joiner \
                    bell\u{7}\u{0}\u{7F}\u{9C} \u{200E}mark";
        assert_eq!(norm(text), "zerowidth cooperate wordjoiner bell mark");
    }

    #[test]
    fn text_is_nfc() {
        assert_eq!(norm("Cafe\u{301} Mu\u{308}nchen"), "Café München");
        // Removing an invisible character brings the accent to its letter.
        assert_eq!(norm("Cafe\u{200B}\u{301}"), "Café");
        let out = norm("A\u{30A}ngstro\u{308}m");
        assert_eq!(out, "Ångström");
        assert!(out.nfc().eq(out.chars()));
    }

    #[test]
    fn the_nfc_shortcut_only_skips_safe_ranges() {
        assert!(!may_need_nfc("Élysée — “Kerry’s” €5 Москва".as_bytes()));
        assert!(may_need_nfc("e\u{301}".as_bytes()));
        assert!(
            may_need_nfc("\u{483}".as_bytes()),
            "Cyrillic combining mark"
        );
        assert!(
            may_need_nfc("\u{20D0}".as_bytes()),
            "combining mark for symbols"
        );
        assert!(may_need_nfc("가".as_bytes()));
        assert!(may_need_nfc("\u{2000}".as_bytes()), "decomposes to U+2002");
        // Everything the shortcut skips is NFC whatever surrounds it.
        for c in (0..0x300)
            .chain(0x400..0x480)
            .chain(0x2000..0x20C0)
            .filter_map(char::from_u32)
        {
            if !may_need_nfc(c.to_string().as_bytes()) {
                let s = format!("a{c}b");
                assert_eq!(
                    is_nfc_quick(s.chars()),
                    IsNormalized::Yes,
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn clean_text_is_kept_as_it_is() {
        let text = "Kerry met Lavrov.\nThey spoke — “briefly” — about Syria’s war.".to_string();
        let ptr = text.as_ptr();
        let (out, removed) = clean(text, false);
        assert_eq!(out.as_ptr(), ptr, "no copy");
        assert!(!removed);
        assert!(line_is_clean("ok, “fine” — Élysée’s `x`", false));
        assert!(line_is_clean("ok, “fine” — Élysée's `x` ‘quoted’", true));
        for line in [
            "",
            " lead",
            "trail ",
            "dou  ble",
            "tab\there",
            "nb\u{A0}sp",
            "zw\u{200B}",
            "didn`t",
            "don’t",
        ] {
            assert!(!line_is_clean(line, true), "{line:?}");
        }
        assert!(line_is_clean("don’t", false));
        let long = "word ".repeat(40) + "end";
        assert!(line_is_clean(&long, true));
        assert!(!line_is_clean(
            &long.replacen("word word", "word  word", 1),
            true
        ));
    }

    #[test]
    fn residue_at_the_end_is_cut() {
        let story =
            "The minister said talks would resume next week in Geneva, officials confirmed.\n\
                     Both sides welcomed the decision and called for calm across the region.\n\
                     The next round is due to start on Monday.\n";
        for tail in [
            "Share this article\nFacebook\nTwitter",
            "Related: Kerry meets Lavrov\nSyria talks stall",
            "© 2016 Reuters. All rights reserved.",
            "Copyright 2016 The Associated Press. All rights reserved.",
            "Follow us on Twitter @herald",
            "SIGN UP FOR OUR NEWSLETTER",
            "Click here to read more.",
            "Read more: Why the talks matter",
        ] {
            let out = norm(&format!("{story}{tail}"));
            assert!(out.ends_with("start on Monday."), "{tail:?} stays: {out}");
        }
    }

    #[test]
    fn a_promotion_inside_the_tail_goes_alone() {
        let story =
            "The minister said talks would resume next week in Geneva, officials confirmed.\n\
                     Both sides welcomed the decision and called for calm across the region.\n\
                     Officials said they expected a long negotiation before any agreement.\n\
                     Diplomats from both countries have met four times since the summer.\n\
                     The next round is due to start on Monday.\n";
        let text = format!(
            "{story}CLICK HERE TO GET THE NEWS APP\n“Can I go?” she asked before leaving the stage.\n\
             He said the vote had been a lovely gesture from the judges."
        );
        assert_eq!(
            norm(&text),
            format!(
                "{story}“Can I go?” she asked before leaving the stage.\n\
                 He said the vote had been a lovely gesture from the judges."
            )
        );
        // A marker after the last paragraph still cuts, with what follows it.
        let text =
            format!("{story}Read more: why it matters\nSyria talks stall\nAid reaches Aleppo");
        assert!(norm(&text).ends_with("start on Monday."));
    }

    #[test]
    fn residue_mid_story_is_not_cut() {
        let text = "Read more about the plan below.\n\
                    Subscribe, the minister urged.\n\
                    The minister said talks would resume next week in Geneva, officials confirmed.\n\
                    Both sides welcomed the decision and called for calm across the region.\n\
                    The next round is due to start on Monday in the Swiss city, they said.\n\
                    Officials said they expected a long negotiation before any agreement.\n\
                    Subscribers to the newsletter will get updates, the ministry said today.\n\
                    Recommended doses of the vaccine were raised in a report published on \
                    Tuesday by the agency after a long review of the evidence from trials.";
        assert_eq!(norm(text), text);
    }

    #[test]
    fn advertisement_lines_go_anywhere() {
        let text =
            "First paragraph.\nADVERTISEMENT\nSecond paragraph.\n- Advertisement -\nThird.\n\
                    Advertisements are banned here.";
        assert_eq!(
            norm(text),
            "First paragraph.\nSecond paragraph.\nThird.\nAdvertisements are banned here."
        );
    }

    #[test]
    fn residue_never_takes_most_of_the_story() {
        // The marker is in the tail, but cutting there would remove most of the text.
        let long = "Officials said the talks would go on for several more weeks. ".repeat(10);
        let text = format!("Short intro.\nSecond line.\nThird line.\nMore about: this\n{long}");
        let out = norm(&text);
        assert_eq!(
            out,
            format!("Short intro.\nSecond line.\nThird line.\n{}", long.trim())
        );
        // Nothing at all would be left.
        assert_eq!(norm("Subscribe"), "Subscribe");
        assert_eq!(norm("Advertisement"), "Advertisement");
    }

    #[test]
    fn the_body_limit_is_enforced() {
        let limits = Limits {
            max_body_chars: 10,
            ..Limits::default()
        };
        let s = with(NormaliseConfig::default(), limits).unwrap();
        assert!(s
            .run(article("ünïcödé ten"))
            .is_err_and(|e| e.kind() == "over_limit"));
        assert_eq!(s.run(article("ünïcödé te")).unwrap().body, "ünïcödé te");
        // Counted after normalisation.
        assert!(s.run(article("   a    b   c   ")).is_ok());
        let err = s.run(article("0123456789A")).unwrap_err();
        assert!(matches!(
            err,
            StageError::OverLimit {
                stage: "normalise",
                what: "body characters",
                limit: 10
            }
        ));
    }

    #[test]
    fn a_page_with_no_text_is_rejected_as_empty() {
        let s = stage();
        let page =
            "<html><head><style>p {}</style><script>var a;</script></head><body></body></html>";
        let err = s.run(article(page)).unwrap_err();
        assert_eq!(err.kind(), "empty_body");
        assert_eq!(err.class(), crate::ErrorClass::Poison);
    }

    #[test]
    fn html_is_detected() {
        for html in [
            "<!DOCTYPE html><html></html>",
            "  <html lang=en>",
            "<p>Hi</p>",
            "Hi<br>there",
            "Line<br/>break",
            "<div class=\"story\">x</div>",
            "text</article>",
            "\u{FEFF}<?xml version=\"1.0\"?><html>",
        ] {
            assert!(looks_like_html(html), "{html}");
        }
        for text in [
            "a < b and c > d",
            "x<b and c>d",
            "if a<p then go",
            "5<10 and 10>5",
            "<3 love it",
            "use <<EOF here",
            "email <john@example.com>",
            "",
        ] {
            assert!(!looks_like_html(text), "{text}");
        }
    }

    #[test]
    fn fragments_are_stripped_of_tags() {
        assert_eq!(norm("<p>Hi</p>"), "Hi");
        assert_eq!(
            norm("<p>Tom &amp; Jerry&nbsp;met O&#8217;Brien &#x2014; &copy; &euro;5 &bogus; AT&T</p>\
                  <p>Second\nline   of the <b>same</b> paragraph.<br>New line</p>"),
            "Tom & Jerry met O'Brien — © €5 &bogus; AT&T\nSecond line of the same paragraph.\nNew line"
        );
        assert_eq!(
            norm("<ul><li>One<li>Two</ul><table><tr><td>a<td>b</table>&#150;&#0;&#1114112;"),
            "One\nTwo\na b\n–\u{FFFD}\u{FFFD}"
        );
        assert_eq!(
            norm(
                "<p>Text<script>var s = '</p><p>no';</script><style>p{}</style><!-- c --></p>\
                  <nav><a href=\"/\">Home</a></nav><p title='a>b'>End</p>"
            ),
            "Text\nEnd"
        );
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>Kerry and Lavrov meet in Geneva | The Daily Herald</title>
<meta charset="utf-8"><style>body { font-family: serif }</style>
<script>window.dataLayer = [{"page": "article"}]; function track() { return "TRACKING CODE"; }</script>
</head>
<body>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<header class="site-header"><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article class="article">
<h1>Kerry and Lavrov meet in Geneva</h1>
<p>GENEVA (Reuters) - U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov met in Geneva on Friday for talks on the war in Syria, their third meeting this month.</p>
<div class="advertisement ad-slot"><span>Advertisement</span><a href="https://ads.example.com">Buy cheap flights now</a></div>
<p>The two men discussed a ceasefire plan that would let aid convoys reach besieged towns, officials from both delegations said after the meeting ended late in the evening.</p>
<p>&ldquo;We have made progress, but there is a lot of work still to be done,&rdquo; Kerry told reporters, adding that the teams would meet again next week.</p>
<p>Lavrov said Russia was ready to work with Washington but warned that the truce depended on all sides stopping attacks on civilians.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Syria talks stall again</a></li><li><a href="/b">Aid convoy reaches Aleppo</a></li></ul></aside>
</main>
<footer class="site-footer"><p>&copy; 2016 The Daily Herald. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
<script>track();</script>
</body></html>"#;

    #[test]
    fn a_page_gives_its_article_paragraphs_only() {
        let out = norm(PAGE);
        let lines: Vec<&str> = out.lines().collect();
        let para = |start: &str| lines.iter().any(|l| l.starts_with(start));
        assert!(para("GENEVA (Reuters) - U.S. Secretary of State"), "{out}");
        assert!(para("The two men discussed a ceasefire plan"), "{out}");
        assert!(para("“We have made progress"), "{out}");
        assert!(para("Lavrov said Russia was ready"), "{out}");
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("third meeting this month.")),
            "{out}"
        );
        for junk in [
            "cookies",
            "Home",
            "Politics",
            "TRACKING",
            "dataLayer",
            "font-family",
            "cheap flights",
            "Advertisement",
            "Related stories",
            "Aleppo",
            "All rights reserved",
            "Privacy",
        ] {
            assert!(!out.contains(junk), "{junk:?} in {out}");
        }
    }

    #[test]
    fn a_page_with_no_article_falls_back_to_its_text() {
        let out = norm("<html><body><div>Only a short note.</div></body></html>");
        assert_eq!(out, "Only a short note.");
        let out = norm("<html><head><script>alert(1)</script><style>a{}</style></head></html>");
        assert_eq!(out, "");
    }

    #[test]
    fn repeated_extractions_are_collapsed() {
        let note = "Only a short note on the page.";
        for sep in ["", "\n", " "] {
            let text = [note; 3].join(sep);
            assert_eq!(repeated(&text), Some(note), "{text:?}");
        }
        assert_eq!(
            repeated("No. No. No."),
            None,
            "too short to be an extraction artefact"
        );
        assert_eq!(repeated(&format!("{note}\n{note}\nAnd more.")), None);
        assert_eq!(repeated(&format!("{note}\n{note}x")), None);
    }

    #[test]
    fn hostile_html_is_handled_in_linear_time() {
        // No timing assertion (CI machines are noisy): quadratic behaviour at this size shows
        // as a test that does not finish.
        let n = 100_000;
        for html in [
            format!(
                "<html><body>{}deep text{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
            format!(
                "<html><body><p>{}deep text</p></body></html>",
                "<span>".repeat(n)
            ),
            format!(
                "<html><body>{}x</body></html>",
                "<table><tr><td>".repeat(n / 3)
            ),
            format!("<html><body>{}deep text</body></html>", "<div/>".repeat(n)),
            format!(
                "<html><body><svg>{}</svg><p>deep text</p></body></html>",
                "<g>".repeat(n)
            ),
        ] {
            let (out, warning) = stage().normalise(html);
            assert!(out.ends_with("deep text") || out == "x", "{out}");
            assert!(warning.is_some_and(|w| w.contains("nested")));
        }
        let script_only = format!(
            "<html><script>{}</script><style>{}</style></html>",
            "var x=1;".repeat(n),
            "a{}".repeat(n)
        );
        assert_eq!(norm(&script_only), "");
        let words: Vec<String> = (0..n / 2).map(|i| format!("w{i}")).collect();
        let line = format!("<html><body><p>{}</p></body></html>", words.join(" "));
        assert_eq!(norm(&line), words.join(" "));
        let unclosed = format!("<p>{}", "<a href=\"".repeat(n));
        assert_eq!(norm(&unclosed), "");
        let comments = "<!--".repeat(n) + "<p>x";
        assert_eq!(norm(&comments), "");
    }

    #[test]
    fn nesting_depth_is_estimated() {
        let nested = |n: usize| {
            format!(
                "<html><body>{}x{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            )
        };
        assert!(!too_deep(&nested(10), 20));
        assert!(too_deep(&nested(30), 20));
        // Unclosed paragraphs and list items, void elements and SVG shapes do not pile up.
        let flat = format!(
            "<html><body>{}</body></html>",
            "<p>a<li>b<br><img src=x><svg><path d=\"\"/></svg>".repeat(1000)
        );
        assert!(!too_deep(&flat, 20));
        // Scripts are not markup.
        assert!(!too_deep(
            &format!("<script>{}</script>", "<div>".repeat(100)),
            20
        ));
    }

    #[test]
    fn bad_settings_are_rejected() {
        let bad = |change: fn(&mut NormaliseConfig)| {
            let mut config = NormaliseConfig::default();
            change(&mut config);
            with(config, Limits::default()).is_err()
        };
        assert!(bad(|c| c.residue_tail = 1.5));
        assert!(bad(|c| c.max_html_depth = 0));
        assert!(bad(|c| c.residue_markers = Some(vec![" ".into()])));
        assert!(crate::PipelineConfig::from_toml("[normalise]\nresidue_marker = []").is_err());
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_clean(text in "\\PC{0,200}|[ \\t\\r\\n`´’a-z\u{A0}\u{200B}\u{FEFF}\u{AD}<>/&;#pdiv]{0,200}") {
            let (out, _) = stage().normalise(text);
            prop_assert!(!out.contains('\r'));
            prop_assert!(!out.contains("  "));
            prop_assert!(!out.contains("\n\n"));
            prop_assert!(!out.starts_with(char::is_whitespace) && !out.ends_with(char::is_whitespace));
            for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}', '\u{2060}', '\u{AD}', '\t', '\u{A0}'] {
                prop_assert!(!out.contains(c));
            }
            prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
            prop_assert!(out.lines().all(|l| l.trim() == l));
        }

        #[test]
        fn pages_never_panic(soup in "(<(p|div|a|span|table|tr|td|script|style|nav|b|br|li|ul|h1|article|/p|/div|/a|/span|/table|/script|/article|!--)( class=\"[a-z]{0,5}\")?>|[A-Za-z ’`&;#0-9.\n]{0,30}){0,60}") {
            let (out, _) = stage().normalise(format!("<html><body>{soup}</body></html>"));
            prop_assert!(!out.contains("  ") && !out.contains("\n\n") && !out.contains('\r'));
        }

        #[test]
        fn cleaning_is_idempotent_and_the_fast_path_agrees(text in "[ \\t\\r\\n`´’aZ.\u{A0}\u{200B}\u{301}é“ ”Ж€]{0,200}") {
            let (once, _) = clean(nfc(text.clone()), true);
            let mut slow = String::new();
            clean_into(&mut slow, &nfc(text), true);
            prop_assert_eq!(&once, &slow);
            let (twice, removed) = clean(once.clone(), true);
            prop_assert_eq!(&twice, &once);
            prop_assert!(!removed);
        }
    }
}
