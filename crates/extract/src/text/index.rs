//! Byte ↔ character offsets. Stages work on `&str` byte indices; records carry character
//! (code point) offsets, as Python's `str` indexes them.

/// At most the first `max` bytes of `text`, cut on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Maps byte offsets of one text to character offsets and back.
pub struct CharIndex {
    /// Length of the text in bytes.
    len: usize,
    /// The text's multi-byte characters, in order: (byte offset, character offset, bytes
    /// beyond one per character up to and including it). Empty when the text is ASCII; news
    /// text has few of them (quotes, dashes, accented names), so this is short.
    wide: Vec<(usize, usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        let mut extra = 0;
        for (b, &x) in text.as_bytes().iter().enumerate() {
            // A lead byte of a multi-byte character (continuation bytes are 0b10xx_xxxx).
            if x >= 0xC0 {
                let width = match x {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                let ch = b - extra;
                extra += width - 1;
                wide.push((b, ch, extra));
            }
        }
        Self {
            len: text.len(),
            wide,
        }
    }

    /// Bytes beyond one per character among the first `n` multi-byte characters.
    fn extra(&self, n: usize) -> usize {
        n.checked_sub(1).map_or(0, |k| self.wide[k].2)
    }

    /// The character offset of byte offset `byte`, which must lie on a character boundary
    /// (or at the end of the text).
    pub fn char_of(&self, byte: usize) -> usize {
        byte - self.extra(self.wide.partition_point(|&(b, _, _)| b < byte))
    }

    /// The byte offset of character offset `ch` (the text's length past the end).
    pub fn byte_of(&self, ch: usize) -> usize {
        let before = self.wide.partition_point(|&(_, c, _)| c < ch);
        (ch + self.extra(before)).min(self.len)
    }

    /// The character range `[start, end)` of `text`, the text this index was built on.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        debug_assert_eq!(text.len(), self.len);
        &text[self.byte_of(start)..self.byte_of(end)]
    }

    /// Length of the text in characters.
    pub fn len_chars(&self) -> usize {
        self.len - self.extra(self.wide.len())
    }
}

#[cfg(test)]
mod tests {
    use super::CharIndex;

    #[test]
    fn maps_both_ways_on_unicode() {
        let text = "Hollande — François, Москва.";
        let idx = CharIndex::new(text);
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of(byte), ch);
            assert_eq!(idx.byte_of(ch), byte);
        }
        assert_eq!(idx.char_of(text.len()), text.chars().count());
        assert_eq!(idx.len_chars(), text.chars().count());
        assert_eq!(idx.slice(text, 11, 19), "François");
    }

    proptest::proptest! {
        /// Both directions agree with counting characters, on any text.
        #[test]
        fn agrees_with_char_indices(text in "\\PC{0,40}", past in 0usize..3) {
            let idx = CharIndex::new(&text);
            let mut n = 0;
            for (ch, (byte, _)) in text.char_indices().enumerate() {
                proptest::prop_assert_eq!(idx.char_of(byte), ch);
                proptest::prop_assert_eq!(idx.byte_of(ch), byte);
                n += 1;
            }
            proptest::prop_assert_eq!(idx.len_chars(), n);
            proptest::prop_assert_eq!(idx.char_of(text.len()), n);
            proptest::prop_assert_eq!(idx.byte_of(n + past), text.len());
        }
    }

    #[test]
    fn ascii_is_identity() {
        let text = "plain";
        let idx = CharIndex::new(text);
        assert_eq!(
            (idx.char_of(3), idx.byte_of(3), idx.slice(text, 1, 3)),
            (3, 3, "la")
        );
    }
}
