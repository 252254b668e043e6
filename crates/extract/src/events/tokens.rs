//! Word tokens of one sentence, with byte offsets into it and a normalised lowercase form.

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

fn apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut bytes: Vec<(usize, char)> = Vec::with_capacity(text.len());
    bytes.extend(text.char_indices());
    let n = bytes.len();
    let end_of = |i: usize| if i < n { bytes[i].0 } else { text.len() };
    let mut tokens = Vec::with_capacity(n / 5 + 1);
    let mut i = 0;
    while i < n {
        let c = bytes[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            tokens.push(make(text, bytes[i].0, end_of(i + 1), true));
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        loop {
            if j < n && bytes[j].1.is_alphanumeric() {
                j += 1;
                continue;
            }
            // Inner joiners: "U.S", "cease-fire", "didn`t", "al-Assad"; a possessive "'s"
            // ends the word and becomes a token of its own.
            if j + 1 < n
                && matches!(bytes[j].1, '.' | '-' | '/')
                && bytes[j + 1].1.is_alphanumeric()
            {
                j += 2;
                continue;
            }
            if j + 1 < n && apostrophe(bytes[j].1) && bytes[j + 1].1.is_alphanumeric() {
                let possessive = matches!(bytes[j + 1].1, 's' | 'S')
                    && (j + 2 >= n || !bytes[j + 2].1.is_alphanumeric());
                if !possessive {
                    j += 2;
                    continue;
                }
            }
            break;
        }
        // A trailing period belongs to initialisms and listed abbreviations.
        if j < n && bytes[j].1 == '.' {
            let word = &text[bytes[start].0..end_of(j)];
            let lower = word.to_lowercase();
            let initialism = word.contains('.')
                || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
            if initialism || ABBREVIATIONS.contains(&lower.as_str()) {
                j += 1;
            }
        }
        tokens.push(make(text, bytes[start].0, end_of(j), false));
        // The possessive.
        if j + 1 < n
            && apostrophe(bytes[j].1)
            && matches!(bytes[j + 1].1, 's' | 'S')
            && (j + 2 >= n || !bytes[j + 2].1.is_alphanumeric())
        {
            tokens.push(Token {
                start: bytes[j].0,
                end: end_of(j + 2),
                lower: "'s".to_string(),
                cap: false,
                punct: false,
                scare: false,
            });
            j += 2;
        }
        i = j;
    }
    mark_scare_quotes(&mut tokens, text);
    tokens
}

fn make(text: &str, start: usize, end: usize, punct: bool) -> Token {
    let word = &text[start..end];
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
            .map(|c| if apostrophe(c) { '\'' } else { c })
            .collect()
    };
    Token {
        start,
        end,
        lower,
        cap: word.chars().next().is_some_and(char::is_uppercase),
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

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn initialisms_possessives_and_apostrophes() {
        assert_eq!(
            words("U.S. officials didn`t say; Assad’s air force and Mr. Obama's cease-fire."),
            vec![
                "u.s.",
                "officials",
                "didn't",
                "say",
                ";",
                "assad",
                "'s",
                "air",
                "force",
                "and",
                "mr.",
                "obama",
                "'s",
                "cease-fire",
                "."
            ]
        );
        assert_eq!(
            words("U.S.–Russian talks"),
            vec!["u.s.", "–", "russian", "talks"]
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
