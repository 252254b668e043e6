//! English sentence segmentation: rules over terminators, abbreviations, initialisms,
//! quotes and line breaks, with its word lists in `config/language/en_sentences.toml`.

use std::collections::HashSet;

use herald_model::Span;
use serde::Deserialize;

use crate::text::shape::is_initial_or_dotted_letters;
use crate::text::Doc;
use crate::{Limits, Stage, StageError};

/// The word lists, as in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SentenceRules {
    pub titles: HashSet<String>,
    pub before_numbers: HashSet<String>,
    pub others: HashSet<String>,
    pub starters: HashSet<String>,
}

impl SentenceRules {
    /// The shipped English rules.
    pub fn english() -> Self {
        toml::from_str(include_str!("../../../config/language/en_sentences.toml"))
            .expect("the shipped sentence rules parse (tested)")
    }
}

pub struct Sentences {
    rules: SentenceRules,
    max_sentences: usize,
}

/// What kind of word stands before a period.
#[derive(Debug, PartialEq)]
enum Before {
    Title,
    NumberPrefix,
    /// Listed abbreviations, dotted initialisms ("U.S"), single-letter initials.
    Abbreviation,
    Word,
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»', '›'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '«', '‹'];

impl Sentences {
    pub fn new(limits: &Limits) -> Result<Self, StageError> {
        Ok(Self::with_rules(SentenceRules::english(), limits))
    }

    pub fn with_rules(rules: SentenceRules, limits: &Limits) -> Self {
        Self {
            rules,
            max_sentences: limits.max_sentences,
        }
    }

    /// Sentence spans of `text`, in character offsets, trimmed of surrounding whitespace.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut spans = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < n {
            let c = chars[i];
            let end = if is_terminator(c) {
                self.after_terminator(&chars, start, i)
            } else if c == '\n' {
                line_break(&chars, i)
            } else {
                None
            };
            match end {
                Some(end) => {
                    push_trimmed(&mut spans, &chars, start, end);
                    start = end;
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        push_trimmed(&mut spans, &chars, start, n);
        spans
    }

    /// If the terminator run starting at `i` ends a sentence, where that sentence ends.
    fn after_terminator(&self, chars: &[char], start: usize, i: usize) -> Option<usize> {
        let n = chars.len();
        let mut j = i;
        while j < n && is_terminator(chars[j]) {
            j += 1;
        }
        let only_period = j == i + 1 && chars[i] == '.';
        while j < n && CLOSERS.contains(&chars[j]) {
            j += 1;
        }
        // A sentence ends at the end of the text, or before whitespace.
        if j == n {
            return Some(n);
        }
        if !chars[j].is_whitespace() {
            return None;
        }
        let mut k = j;
        while k < n && chars[k].is_whitespace() {
            k += 1;
        }
        if k == n {
            return Some(j);
        }
        let next = chars[k];
        let paragraph = chars[j..k].contains(&'\n');
        if next.is_lowercase() && !paragraph {
            return None;
        }
        if !only_period || i == start {
            return Some(j);
        }
        let next_word = word_at(chars, k);
        match self.word_before(chars, start, i) {
            Before::Word => Some(j),
            Before::Title => None,
            Before::NumberPrefix if next.is_ascii_digit() => None,
            Before::NumberPrefix | Before::Abbreviation => {
                let starter = self.rules.starters.contains(&next_word)
                    || OPENERS.contains(&next)
                    || paragraph;
                starter.then_some(j)
            }
        }
    }

    fn word_before(&self, chars: &[char], start: usize, period: usize) -> Before {
        let mut b = period;
        while b > start && !chars[b - 1].is_whitespace() && !OPENERS.contains(&chars[b - 1]) {
            b -= 1;
        }
        let word: String = chars[b..period].iter().collect();
        if word.is_empty() {
            return Before::Word;
        }
        if self.rules.titles.contains(&word) {
            Before::Title
        } else if self.rules.before_numbers.contains(&word) {
            Before::NumberPrefix
        } else if self.rules.others.contains(&word) || is_initial_or_dotted_letters(&word) {
            Before::Abbreviation
        } else {
            Before::Word
        }
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The word starting at `k`, up to whitespace or punctuation.
fn word_at(chars: &[char], k: usize) -> String {
    chars[k..]
        .iter()
        .take_while(|c| c.is_alphanumeric())
        .collect()
}

/// A line break ends a sentence without a terminator (a headline, a dateline, a list item)
/// unless the text runs on across it: the line before ends in a comma or dash, or the next
/// line starts in lowercase. A blank line always ends one.
fn line_break(chars: &[char], i: usize) -> Option<usize> {
    let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace())?;
    let next = chars[i..].iter().find(|c| !c.is_whitespace())?;
    let blank_line = chars[i + 1..]
        .iter()
        .take_while(|c| c.is_whitespace())
        .any(|&c| c == '\n');
    let runs_on = matches!(prev, ',' | ';' | '-' | '–' | '(');
    (blank_line || (!runs_on && !next.is_lowercase())).then_some(i)
}

fn push_trimmed(spans: &mut Vec<Span>, chars: &[char], mut start: usize, mut end: usize) {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if start < end {
        spans.push(Span { start, end });
    }
}

impl Stage for Sentences {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let spans = self.split(doc.body());
        if spans.len() > self.max_sentences {
            return Err(StageError::OverLimit {
                stage: "sentences",
                what: "sentences",
                limit: self.max_sentences,
            });
        }
        doc.article_mut().sentences = spans;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str) -> Vec<String> {
        let s = Sentences::new(&Limits::default()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        s.split(text)
            .into_iter()
            .map(|sp| chars[sp.start..sp.end].iter().collect())
            .collect()
    }

    #[test]
    fn splits() {
        let cases: &[(&str, &[&str])] = &[
            // Titles and initialisms do not end sentences.
            (
                "Mr. Obama met Gen. Dunford. U.S. officials said Messrs. Obama and Putin met. Dr. J. Smith agreed.",
                &["Mr. Obama met Gen. Dunford.", "U.S. officials said Messrs. Obama and Putin met.", "Dr. J. Smith agreed."],
            ),
            // An initialism at the end of a sentence.
            (
                "The deal was signed with the U.S. The Kremlin welcomed it. He flew to the U.S. on Monday.",
                &["The deal was signed with the U.S.", "The Kremlin welcomed it.", "He flew to the U.S. on Monday."],
            ),
            // Dates, decimals and numbers.
            (
                "Talks resume Jan. 5 in Geneva. Growth was 3.5 percent, or $1.2 billion. No. 10 said nothing. It ended Sept. 12.",
                &["Talks resume Jan. 5 in Geneva.", "Growth was 3.5 percent, or $1.2 billion.", "No. 10 said nothing.", "It ended Sept. 12."],
            ),
            // Quotes that end sentences.
            (
                "“It was constructive,” the official said of the meeting. “And we’ll see in coming days. If we cannot, we will walk away.” He left. She said \"no.\" Then she left.",
                &["“It was constructive,” the official said of the meeting.", "“And we’ll see in coming days.", "If we cannot, we will walk away.”", "He left.", "She said \"no.\"", "Then she left."],
            ),
            // Questions, exclamations and ellipses.
            (
                "Why now? he asked. Enough! The vote is final... Or is it?",
                &["Why now? he asked.", "Enough!", "The vote is final...", "Or is it?"],
            ),
            // Abbreviations of companies and states.
            (
                "Apple Inc. said it would appeal. Shares of Exxon Corp. The company fell. He lives in Austin, Tex. with his wife.",
                &["Apple Inc. said it would appeal.", "Shares of Exxon Corp.", "The company fell.", "He lives in Austin, Tex. with his wife."],
            ),
            // Headlines and paragraphs split at line breaks, but wrapped lines do not.
            (
                "Kerry meets Lavrov\nGENEVA (Reuters) - Talks began on the\nsecond day of the summit.\n\nMore talks follow",
                &["Kerry meets Lavrov", "GENEVA (Reuters) - Talks began on the\nsecond day of the summit.", "More talks follow"],
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(split(text), want, "{text}");
        }
    }

    #[test]
    fn offsets_are_in_characters() {
        let s = Sentences::new(&Limits::default()).unwrap();
        let spans = s.split("Élysée said “oui.” Merkel agreed.");
        assert_eq!(
            spans,
            vec![Span { start: 0, end: 18 }, Span { start: 19, end: 33 }]
        );
    }

    #[test]
    fn the_sentence_limit_is_enforced() {
        let limits = Limits {
            max_sentences: 2,
            ..Limits::default()
        };
        let s = Sentences::with_rules(SentenceRules::english(), &limits);
        let raw =
            herald_model::RawArticle::from_text("t", "One. Two. Three.".into(), &limits.input());
        let err = s
            .run(herald_model::EnrichedArticle::new(raw.unwrap()))
            .unwrap_err();
        assert_eq!(err.kind(), "over_limit");
    }

    proptest! {
        #[test]
        fn spans_are_sorted_disjoint_trimmed_and_inside(text in "\\PC{0,300}") {
            let s = Sentences::new(&Limits::default()).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let mut last = 0;
            for sp in s.split(&text) {
                prop_assert!(sp.start >= last && sp.start < sp.end && sp.end <= chars.len());
                prop_assert!(!chars[sp.start].is_whitespace() && !chars[sp.end - 1].is_whitespace());
                last = sp.end;
            }
        }

        #[test]
        fn no_text_is_lost(words in proptest::collection::vec("[A-Za-z]{1,8}[.!?]?", 1..40)) {
            let text = words.join(" ");
            let s = Sentences::new(&Limits::default()).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let joined: Vec<String> = s.split(&text).iter().map(|sp| chars[sp.start..sp.end].iter().collect()).collect();
            prop_assert_eq!(joined.join(" "), text);
        }
    }
}
