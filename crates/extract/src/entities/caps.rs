//! Sentences in capitals ("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."): every
//! word looks like an acronym, so shape says nothing of names. Such a sentence is read in the
//! case the knowledge base writes its names ("Japan", "China", "United Arab Emirates",
//! "NATO"), every other word in lower case: a headline in capitals then names only what the
//! knowledge base knows, as it should.

use super::gazetteer::Knowledge;
use super::rules::{label_of, Rules};
use super::tokens::{Shape, Token};

/// The longest name, in words, looked up in a sentence in capitals.
const LONGEST: usize = 4;
/// The fewest words in capitals that make a sentence one.
const FEWEST: usize = 3;

/// `text` with its sentences in capitals recased (byte for byte the same length, so every
/// offset holds); `None` when it has none.
pub fn recased(text: &str, tokens: &[Token], kb: &Knowledge, rules: &Rules) -> Option<String> {
    let mut out: Option<String> = None;
    for sentence in sentences(tokens).filter(|s| in_capitals(s)) {
        let words: Vec<&Token> = sentence.iter().filter(|t| is_word(t)).collect();
        let buf = out.get_or_insert_with(|| text.to_string());
        let mut i = 0;
        while i < words.len() {
            let n = known(text, &words[i..], kb, rules);
            for w in &words[i..i + n.max(1)] {
                let word = &text[w.start..w.end];
                let cased = match n {
                    0 => lower(word),
                    _ if kb.names.contains_key(word) => word.to_string(),
                    _ => title(word),
                };
                buf.replace_range(w.start..w.end, &cased);
            }
            i += n.max(1);
        }
    }
    out
}

/// The tokens of each sentence.
fn sentences(tokens: &[Token]) -> impl Iterator<Item = &[Token]> {
    let mut rest = tokens;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = (1..rest.len())
            .find(|&k| rest[k].sentence_start)
            .unwrap_or(rest.len());
        let (sentence, tail) = rest.split_at(end);
        rest = tail;
        Some(sentence)
    })
}

fn is_word(t: &Token) -> bool {
    matches!(
        t.shape,
        Shape::Cap | Shape::Upper | Shape::Initial | Shape::Lower
    )
}

/// Words all in capitals, enough of them, none in lower or mixed case.
fn in_capitals(sentence: &[Token]) -> bool {
    let upper = sentence.iter().filter(|t| t.shape == Shape::Upper).count();
    let other = (sentence.iter()).any(|t| matches!(t.shape, Shape::Cap | Shape::Lower));
    upper >= FEWEST && !other
}

/// How many words from the first make the longest name the knowledge base knows, as written
/// (an acronym: "NATO") or in title case ("UNITED ARAB EMIRATES"); 0 for none. A single
/// ordinary word is one only as a country or division ("TURKEY", not "SURPRISE").
fn known(text: &str, words: &[&Token], kb: &Knowledge, rules: &Rules) -> usize {
    (1..=LONGEST.min(words.len()))
        .rev()
        .find(|&n| {
            let span = &text[words[0].start..words[n - 1].end];
            if n == 1 && kb.names.contains_key(span) {
                return true;
            }
            let Some(&entries) = kb.names.get(title(span).as_str()) else {
                return false;
            };
            let region = matches!(
                label_of(kb, entries).1,
                Some("country" | "admin1" | "region")
            );
            n > 1 || region || !rules.is_common_word(span)
        })
        .unwrap_or(0)
}

/// Each letter lower case where that keeps its length in bytes.
fn lower(word: &str) -> String {
    word.chars()
        .map(|c| same_length(c, c.to_lowercase()))
        .collect()
}

/// The first letter of each word (after a space or hyphen) upper case, the others lower.
fn title(span: &str) -> String {
    let mut start = true;
    span.chars()
        .map(|c| {
            let cased = if start {
                c
            } else {
                same_length(c, c.to_lowercase())
            };
            start = !c.is_alphanumeric() && c != '\'';
            cased
        })
        .collect()
}

/// The one character `cased` holds when it is as long as `c` in bytes, else `c`.
fn same_length(c: char, mut cased: impl Iterator<Item = char>) -> char {
    match (cased.next(), cased.next()) {
        (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::stage;
    use super::*;
    use crate::text;

    fn recase(text: &str) -> Option<String> {
        let toks = text::tokenize(text);
        let tokens = super::super::tokens::words(text, &toks, &[0]);
        recased(text, &tokens, &stage().kb, &stage().rules)
    }

    #[test]
    fn a_sentence_in_capitals_keeps_the_names_the_knowledge_base_knows() {
        assert_eq!(
            recase("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .").as_deref(),
            Some("soccer - Japan get lucky win , China in surprise defeat .")
        );
        assert_eq!(
            recase("NATO AND UNITED ARAB EMIRATES SIGN DEAL").as_deref(),
            Some("NATO and United Arab Emirates sign deal")
        );
        // An ordinary word is a name only as a country or division.
        assert_eq!(
            recase("TURKEY IN SURPRISE WIN").as_deref(),
            Some("Turkey in surprise win")
        );
    }

    #[test]
    fn other_sentences_and_short_capitals_stay() {
        assert_eq!(recase("Japan beat China in SOCCER ."), None);
        assert_eq!(recase("LONDON 1996-08-30"), None);
    }

    #[test]
    fn recasing_keeps_every_byte_offset() {
        for s in ["İSTANBUL GÖRÜŞME ŞOK DEDI", "ÆØÅ SSS ΣΑΣ ǄEMAL"] {
            let out = recase(s).unwrap();
            assert_eq!(out.len(), s.len());
            assert!(s.char_indices().all(|(i, _)| out.is_char_boundary(i)));
        }
    }
}
