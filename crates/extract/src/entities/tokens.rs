//! Word tokens with byte offsets and the shape facts the rules need.
//!
//! A word is a run of letters and digits that may hold internal hyphens ("al-Assad"),
//! apostrophes ("Shi'ite", "O'Brien"; ’ and ` count too) and the periods of an initialism
//! ("U.S.", "J."). A possessive "'s" is a token of its own, so it stays outside names.
//! Every other non-space character is a one-character token.

use crate::text::shape::is_apostrophe;
use crate::text::{self, Gap};

/// What a token looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Starts with an uppercase letter and has a lowercase one: "Minsk", "McCain"; or a short
    /// particle and a hyphen before one: "al-Assad".
    Cap,
    /// Letters all uppercase, two or more: "NATO", "U.S.", "UN".
    Upper,
    /// A single uppercase letter, maybe with a period: "J.", "W".
    Initial,
    /// Starts with a lowercase letter.
    Lower,
    /// Starts with a digit.
    Number,
    /// Anything else: punctuation, symbols.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    pub shape: Shape,
    /// The first word of a sentence (quotes and brackets before it do not count).
    pub sentence_start: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Capitalised in any way that may begin a name.
    pub fn is_capitalised(&self) -> bool {
        matches!(self.shape, Shape::Cap | Shape::Upper | Shape::Initial)
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Splits `text`, whose tokens are `toks`, into words. `sentence_starts` are the byte offsets
/// where sentences begin, ascending; the first word token at or after each is marked.
pub fn words(text: &str, toks: &[text::Token], sentence_starts: &[usize]) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(toks.len());
    let mut next_sentence = 0;
    let mut pending_start = false;
    // The next token to read, and the byte where reading resumes (inside it after a
    // possessive "'s" cut from a longer run).
    let (mut k, mut at) = (0, 0);
    while k < toks.len() {
        let i = at.max(toks[k].start);
        while next_sentence < sentence_starts.len() && sentence_starts[next_sentence] <= i {
            pending_start = true;
            next_sentence += 1;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        let end = if !toks[k].is_punct() {
            let end = word_end(text, toks, k, i);
            tokens.push(Token {
                start: i,
                end,
                shape: shape_of(&text[i..end]),
                sentence_start: std::mem::take(&mut pending_start),
            });
            end
        } else if is_apostrophe(c)
            && tokens.last().is_some_and(|t| t.end == i)
            && matches!(bytes.get(i + len), Some(b's'))
            && !bytes
                .get(i + len + 1)
                .is_some_and(|&n| n.is_ascii_alphanumeric())
        {
            // A possessive 's / ’s glued to the word before.
            tokens.push(Token {
                start: i,
                end: i + len + 1,
                shape: Shape::Lower,
                sentence_start: false,
            });
            i + len + 1
        } else {
            tokens.push(Token {
                start: i,
                end: i + len,
                shape: Shape::Punct,
                sentence_start: false,
            });
            i + len
        };
        at = end;
        while k < toks.len() && toks[k].end <= end {
            k += 1;
        }
    }
    tokens
}

/// End of the word starting at byte `start`, in token `k` (a run of letters and digits).
fn word_end(text: &str, toks: &[text::Token], mut k: usize, start: usize) -> usize {
    let n = toks.len();
    // The character of token `k`, when it is glued to the token before.
    let glued = |k: usize| (k < n && toks[k].gap == Gap::None).then(|| toks[k].first(text));
    let first = text[start..].chars().next().unwrap_or(' ');
    let mut end = toks[k].end;
    // Segments of an initialism: "U" "S" in "U.S.".
    let mut segment_len = text[start..end].chars().count();
    let mut all_short_segments = true;
    let mut saw_period = false;
    k += 1;
    while let Some(c) = glued(k) {
        if !toks[k].is_punct() {
            segment_len += toks[k].char_end - toks[k].char_start;
            end = toks[k].end;
            k += 1;
            continue;
        }
        let next = glued(k + 1);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        if (is_hyphen(c) || is_apostrophe(c)) && next_alnum && !saw_period {
            // "'s" at the end of a word is a possessive, split off by the caller.
            if is_apostrophe(c) && toks[k + 1].text(text) == "s" {
                break;
            }
            all_short_segments &= segment_len <= 2;
            segment_len = 0;
            end = toks[k].end;
            k += 1;
            continue;
        }
        if c == '.' && segment_len == 1 && all_short_segments {
            // "U.S.", "J.", "a.m.": single letters joined by periods keep the periods.
            if first.is_alphabetic() && (first.is_uppercase() || saw_period || next_alnum) {
                saw_period = true;
                end = toks[k].end;
                segment_len = 0;
                // Next: another letter segment, a hyphen ("U.S.-led") or the end.
                k += 1;
                continue;
            }
        }
        // "U.S.-led": after an initialism, a hyphen and a word continue the token.
        if saw_period && is_hyphen(c) && next.is_some_and(char::is_alphabetic) {
            end = toks[k].end;
            k += 1;
            continue;
        }
        break;
    }
    // "U.S" without the final period: the period was a terminator. Keep what we have.
    if end > start && text[start..end].ends_with(['-', '\'', '’', '`']) {
        end -= 1;
    }
    end
}

/// Particles glued to a name by a hyphen ("al-Assad", "bin-Laden"); "pro-Western" is not one.
const NAME_PREFIXES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "ul", "bin", "ibn", "abu", "bint", "de",
    "da", "di", "du", "la", "le", "van", "von", "ben",
];

pub fn shape_of(word: &str) -> Shape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Punct;
    };
    if first.is_numeric() {
        return Shape::Number;
    }
    if !first.is_alphabetic() {
        return Shape::Punct;
    }
    if first.is_lowercase() {
        // "al-Assad", "bin-Laden", "de-Mistura": a short particle glued to a name.
        return match word.split_once(['-', '‐']) {
            Some((p, rest))
                if NAME_PREFIXES.contains(&p) && rest.starts_with(char::is_uppercase) =>
            {
                Shape::Cap
            }
            _ => Shape::Lower,
        };
    }
    let mut letters = 1;
    let mut lower = false;
    for c in chars {
        if c.is_alphabetic() {
            letters += 1;
            lower |= c.is_lowercase();
        }
    }
    if lower {
        Shape::Cap
    } else if letters == 1 {
        Shape::Initial
    } else {
        Shape::Upper
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenize(text: &str, sentence_starts: &[usize]) -> Vec<Token> {
        super::words(text, &text::tokenize(text), sentence_starts)
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, &[0]).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn initialisms_hyphens_apostrophes_and_possessives() {
        assert_eq!(
            words("U.S. and Bashar al-Assad’s Shi'ite didn`t George W. Bush. U.S.-led Britain's"),
            vec![
                "U.S.", "and", "Bashar", "al-Assad", "’s", "Shi'ite", "didn`t", "George", "W.",
                "Bush", ".", "U.S.-led", "Britain", "'s"
            ]
        );
        assert_eq!(words("in the U.S."), vec!["in", "the", "U.S."]);
        assert_eq!(
            words("Ki-moon, 3.5%"),
            vec!["Ki-moon", ",", "3", ".", "5", "%"]
        );
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_of("Minsk"), Shape::Cap);
        assert_eq!(shape_of("NATO"), Shape::Upper);
        assert_eq!(shape_of("U.S."), Shape::Upper);
        assert_eq!(shape_of("J."), Shape::Initial);
        assert_eq!(shape_of("al-Assad"), Shape::Cap);
        assert_eq!(shape_of("anti-war"), Shape::Lower);
        assert_eq!(shape_of("pro-Western"), Shape::Lower);
        assert_eq!(shape_of("2016"), Shape::Number);
    }

    #[test]
    fn sentence_starts_mark_the_first_word() {
        let text = "One two. “Three four.";
        let toks = tokenize(text, &[0, 9]);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(starts, vec!["One", "Three"]);
    }
}
