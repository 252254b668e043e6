//! Normalisation: HTML → article text, Unicode NFC, apostrophes, whitespace, page residue.

use herald_model::EnrichedArticle;
use serde::Deserialize;

use crate::{Stage, StageError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormaliseConfig {
    pub residue_markers: Vec<String>,
}

impl Default for NormaliseConfig {
    fn default() -> Self {
        Self {
            residue_markers: vec!["More about:".into()],
        }
    }
}

pub struct Normalise {
    #[allow(dead_code)]
    config: NormaliseConfig,
}

impl Normalise {
    pub fn new(config: &NormaliseConfig, _limits: &crate::Limits) -> Result<Self, StageError> {
        Ok(Self {
            config: config.clone(),
        })
    }
}

impl Stage for Normalise {
    fn name(&self) -> &'static str {
        "normalise"
    }

    fn process(&self, article: EnrichedArticle) -> Result<EnrichedArticle, StageError> {
        Ok(article)
    }
}
