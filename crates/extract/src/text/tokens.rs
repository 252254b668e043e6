//! The one tokenizer: runs of letters and digits, and every other non-space character on its
//! own, with byte and character offsets and what separates each token from the one before.
//! Stages that need wider words ("U.S.", "al-Assad") join these tokens; none re-scans the text.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters and digits not starting with an ASCII digit.
    Word,
    /// A run of letters and digits starting with an ASCII digit ("2016", "5th", "1990s").
    Number,
    /// Any other single non-space character.
    Punct,
}

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    None,
    Space,
    /// Whitespace holding a line break.
    Newline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Character (code point) offsets into the text.
    pub char_start: usize,
    pub char_end: usize,
    pub kind: Kind,
    pub gap: Gap,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    pub fn is_punct(&self) -> bool {
        self.kind == Kind::Punct
    }

    /// The first character of the token in `text`.
    pub fn first(&self, text: &str) -> char {
        text[self.start..].chars().next().unwrap_or(' ')
    }
}

/// Splits `text` into tokens, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut gap = Gap::None;
    let mut chars = 0;
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        let char_start = chars;
        chars += 1;
        if c.is_whitespace() {
            if c == '\n' {
                gap = Gap::Newline;
            } else if gap == Gap::None {
                gap = Gap::Space;
            }
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_alphanumeric() {
            while let Some(&(b, d)) = it.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                end = b + d.len_utf8();
                chars += 1;
                it.next();
            }
            if c.is_ascii_digit() {
                Kind::Number
            } else {
                Kind::Word
            }
        } else {
            Kind::Punct
        };
        tokens.push(Token {
            start,
            end,
            char_start,
            char_end: chars,
            kind,
            gap,
        });
        gap = Gap::None;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_letters_and_digits_and_single_marks() {
        let text = "U.S.-led  talks,\n5th «Москва»";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(words.join(" "), "U . S . - led talks , 5th « Москва »");
        let kinds: Vec<Kind> = toks.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds[5..9],
            [Kind::Word, Kind::Word, Kind::Punct, Kind::Number]
        );
        assert_eq!(
            (toks[5].gap, toks[6].gap, toks[7].gap, toks[8].gap),
            (Gap::None, Gap::Space, Gap::None, Gap::Newline)
        );
        assert_eq!((toks[10].char_start, toks[10].char_end), (22, 28));
    }

    proptest::proptest! {
        /// Offsets are in bounds, on character boundaries, ordered and disjoint, the two kinds
        /// agree, and only whitespace lies between tokens.
        #[test]
        fn offsets_are_ordered_char_boundaries(text in "\\PC{0,60}") {
            let toks = tokenize(&text);
            let mut byte = 0;
            for t in &toks {
                proptest::prop_assert!(byte <= t.start && t.start < t.end && t.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                proptest::prop_assert!(text[byte..t.start].chars().all(char::is_whitespace));
                proptest::prop_assert_eq!(t.char_start, text[..t.start].chars().count());
                proptest::prop_assert_eq!(t.char_end, text[..t.end].chars().count());
                byte = t.end;
            }
            proptest::prop_assert!(text[byte..].chars().all(char::is_whitespace));
        }
    }
}
