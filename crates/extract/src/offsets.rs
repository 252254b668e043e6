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

/// Maps byte offsets of one text to character offsets.
pub struct CharIndex<'a> {
    text: &'a str,
    /// `None` when the text is ASCII and the two coincide.
    starts: Option<Vec<usize>>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b).collect());
        Self { text, starts }
    }

    /// The character offset of byte offset `byte`, which must lie on a character boundary
    /// (or at the end of the text).
    pub fn char_of(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        match &self.starts {
            None => byte,
            Some(starts) => starts.partition_point(|&b| b < byte),
        }
    }

    /// The byte offset of character offset `ch` (the text's length past the end).
    pub fn byte_of(&self, ch: usize) -> usize {
        match &self.starts {
            None => ch.min(self.text.len()),
            Some(starts) => starts.get(ch).copied().unwrap_or(self.text.len()),
        }
    }

    /// The text of the character range `[start, end)`.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.byte_of(start)..self.byte_of(end)]
    }

    /// Length of the text in characters.
    pub fn len_chars(&self) -> usize {
        self.starts.as_ref().map_or(self.text.len(), Vec::len)
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
        assert_eq!(idx.slice(11, 19), "François");
    }

    #[test]
    fn ascii_is_identity() {
        let idx = CharIndex::new("plain");
        assert_eq!(
            (idx.char_of(3), idx.byte_of(3), idx.slice(1, 3)),
            (3, 3, "la")
        );
    }
}
