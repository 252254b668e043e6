//! Word tokens of one sentence, with byte offsets into it and a normalised lowercase form.

use crate::text::shape::{is_apostrophe, starts_upper};
use crate::text::{self, Gap};

/// One token. `start..end` are byte offsets into the sentence text.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lowercase, with ’ and ` turned into '.
    pub lower: String,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Punctuation (a single non-word character).
    pub punct: bool,
    /// Inside a short quotation ("scare quotes"): a term mentioned, not an event reported.
    pub scare: bool,
}

/// Words whose trailing period belongs to them ("Mr.", "Gen.").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "messrs", "gen", "sen", "rep", "lt", "col", "maj", "capt", "adm",
    "gov", "jr", "sr", "st", "rev", "sgt", "prof", "pres", "no", "vs",
];

const OPEN_QUOTES: &[char] = &['“', '"', '‘', '«'];
const CLOSE_QUOTES: &[char] = &['”', '"', '’', '»'];

/// The tokens of `text` on its own (a sentence, a phrase of the lexicons).
pub fn tokenize(text: &str) -> Vec<Token> {
    words(text, &text::tokenize(text), 0)
}

/// The tokens of the sentence of `body` starting at byte `base`, from the body's tokens
/// `toks` that lie in it; offsets are bytes of the sentence.
pub fn words(body: &str, toks: &[text::Token], base: usize) -> Vec<Token> {
    let n = toks.len();
    // Token `k` is the character `c`, glued to the token before it.
    let glued = |k: usize, c: fn(char) -> bool| {
        k < n && toks[k].gap == Gap::None && toks[k].is_punct() && c(toks[k].first(body))
    };
    // Token `k` is a word glued to the token before it.
    let glued_word = |k: usize| k < n && toks[k].gap == Gap::None && !toks[k].is_punct();
    let possessive_s = |k: usize| glued_word(k) && matches!(toks[k].text(body), "s" | "S");
    // A thousands separator: "6,000" is one number, not a clause's comma.
    let number = |k: usize| k < n && toks[k].kind == text::Kind::Number;
    let thousands = |j: usize| number(j - 1) && glued(j, |c| c == ',') && number(j + 1);
    let mut tokens = Vec::with_capacity(n);
    let mut k = 0;
    while k < n {
        if toks[k].is_punct() {
            tokens.push(make(body, toks[k].start, toks[k].end, base, true));
            k += 1;
            continue;
        }
        // Inner joiners: "U.S", "cease-fire", "didn`t", "al-Assad", "6,000"; a possessive
        // "'s" ends the word and becomes a token of its own.
        let mut j = k + 1;
        while glued_word(j + 1)
            && (glued(j, |c| matches!(c, '.' | '-' | '/'))
                || (glued(j, is_apostrophe) && !possessive_s(j + 1))
                || thousands(j))
        {
            j += 2;
        }
        // A trailing period belongs to initialisms and listed abbreviations.
        if glued(j, |c| c == '.') {
            let word = &body[toks[k].start..toks[j - 1].end];
            let lower = word.to_lowercase();
            let initialism = word.contains('.')
                || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
            if initialism || ABBREVIATIONS.contains(&lower.as_str()) {
                j += 1;
            }
        }
        tokens.push(make(body, toks[k].start, toks[j - 1].end, base, false));
        if glued(j, is_apostrophe) && possessive_s(j + 1) {
            tokens.push(make(body, toks[j].start, toks[j + 1].end, base, false));
            j += 2;
        }
        k = j;
    }
    mark_scare_quotes(&mut tokens, &body[base..]);
    tokens
}

/// The token `body[start..end]`, its offsets made relative to `base`.
fn make(body: &str, start: usize, end: usize, base: usize, punct: bool) -> Token {
    let word = &body[start..end];
    let lower: String = if word.is_ascii() {
        // The common case: one exact allocation, no Unicode case tables.
        let mut s = word.to_ascii_lowercase();
        if s.contains('`') {
            s = s.replace('`', "'");
        }
        s
    } else {
        word.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if is_apostrophe(c) { '\'' } else { c })
            .collect()
    };
    Token {
        start: start - base,
        end: end - base,
        lower,
        cap: starts_upper(word),
        punct,
        scare: false,
    }
}

/// Quotations of at most three words are scare quotes.
fn mark_scare_quotes(tokens: &mut [Token], text: &str) {
    let quote_at = |t: &Token, set: &[char]| t.punct && text[t.start..t.end].starts_with(set);
    let mut i = 0;
    while i < tokens.len() {
        if quote_at(&tokens[i], OPEN_QUOTES) {
            let close =
                (i + 1..tokens.len().min(i + 6)).find(|&k| quote_at(&tokens[k], CLOSE_QUOTES));
            if let Some(k) = close {
                let words = tokens[i + 1..k].iter().filter(|t| !t.punct).count();
                if words <= 3 {
                    tokens[i + 1..k].iter_mut().for_each(|t| t.scare = true);
                }
                i = k + 1;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens' lowercase forms, separated by spaces.
    fn words(text: &str) -> String {
        let lower: Vec<String> = tokenize(text).into_iter().map(|t| t.lower).collect();
        lower.join(" ")
    }

    #[test]
    fn initialisms_possessives_and_apostrophes() {
        assert_eq!(
            words("U.S. officials didn`t say; Assad’s air force and Mr. Obama's cease-fire."),
            "u.s. officials didn't say ; assad 's air force and mr. obama 's cease-fire ."
        );
        assert_eq!(words("U.S.–Russian talks"), "u.s. – russian talks");
        assert_eq!(
            words("It sent 6,000 troops, 1,200,000 rounds and 3,4 boats."),
            "it sent 6,000 troops , 1,200,000 rounds and 3,4 boats ."
        );
    }

    #[test]
    fn scare_quotes_are_marked() {
        let toks =
            tokenize("They discussed “cyber issues,” but said “we will talk to them later today.”");
        let scare: Vec<&str> = toks
            .iter()
            .filter(|t| t.scare)
            .map(|t| t.lower.as_str())
            .collect();
        assert_eq!(scare, vec!["cyber", "issues", ","]);
    }
}
