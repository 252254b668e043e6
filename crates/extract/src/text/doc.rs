//! One article and its text layer, each part built the first time a stage asks for it.

use std::cell::OnceCell;

use herald_model::EnrichedArticle;

use super::{tokenize, CharIndex, Token};

/// The article the stages enrich, with the character index and tokens of its body, built at
/// most once per body.
pub struct Doc {
    article: EnrichedArticle,
    index: OnceCell<CharIndex>,
    tokens: OnceCell<Vec<Token>>,
}

impl Doc {
    pub fn new(article: EnrichedArticle) -> Self {
        Self {
            article,
            index: OnceCell::new(),
            tokens: OnceCell::new(),
        }
    }

    pub fn article(&self) -> &EnrichedArticle {
        &self.article
    }

    /// The article, for a stage to add what it found. The body is changed only through
    /// [`Doc::replace_body`], which drops the text layer built on the old one.
    pub fn article_mut(&mut self) -> &mut EnrichedArticle {
        &mut self.article
    }

    pub fn into_article(self) -> EnrichedArticle {
        self.article
    }

    pub fn body(&self) -> &str {
        &self.article.body
    }

    /// Puts `body` in place of the article's body, which it returns.
    pub fn replace_body(&mut self, body: String) -> String {
        self.index = OnceCell::new();
        self.tokens = OnceCell::new();
        std::mem::replace(&mut self.article.body, body)
    }

    /// Byte ↔ character offsets of the body.
    pub fn index(&self) -> &CharIndex {
        self.index
            .get_or_init(|| CharIndex::new(&self.article.body))
    }

    /// The tokens of the body.
    pub fn tokens(&self) -> &[Token] {
        self.tokens.get_or_init(|| tokenize(&self.article.body))
    }
}
