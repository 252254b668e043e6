//! English vocabulary several stages read: `config/language/en_shared.toml`.

use serde::Deserialize;

use crate::StageError;

const SHARED: &str = include_str!("../../../config/language/en_shared.toml");

/// The shared word lists; each stage adds its own words to them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedWords {
    pub speech_verbs: Vec<String>,
    pub name_particles: Vec<String>,
}

impl SharedWords {
    /// The shipped lists; a parse error is reported as `stage`'s.
    pub fn english(stage: &'static str) -> Result<Self, StageError> {
        toml::from_str(SHARED)
            .map_err(|e| StageError::config(stage, format!("en_shared.toml: {e}")))
    }
}
