//! Word lists of the configuration files, read as lowercase sets.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer};

/// A list of words in a config file, held as the set of their lowercase forms.
#[derive(Debug, Clone, Default)]
pub struct WordSet(FxHashSet<String>);

impl WordSet {
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for WordSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<String>::deserialize(d)?.into_iter().collect())
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> Self {
        Self(words.into_iter().map(|w| w.to_lowercase()).collect())
    }
}

impl Extend<String> for WordSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        self.0.extend(words.into_iter().map(|w| w.to_lowercase()));
    }
}
