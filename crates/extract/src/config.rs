//! Pipeline settings. Every struct rejects unknown keys and has defaults, so an empty file
//! is a valid configuration; [`PipelineConfig::validate`] checks values without I/O.

use serde::Deserialize;

use crate::duplicates::DuplicatesConfig;
use crate::entities::EntitiesConfig;
use crate::events::EventsConfig;
use crate::language::LanguageConfig;
use crate::normalise::NormaliseConfig;
use crate::stories::StoriesConfig;
use crate::StageError;

/// Settings of every stage, as read from the `[pipeline]`-level tables of a config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    pub limits: Limits,
    pub normalise: NormaliseConfig,
    pub language: LanguageConfig,
    pub duplicates: DuplicatesConfig,
    pub entities: EntitiesConfig,
    pub events: EventsConfig,
    pub stories: StoriesConfig,
}

/// Bounds that protect the stages from hostile input.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest accepted body, in bytes (HTML included).
    pub max_body_bytes: usize,
    /// Largest normalised body, in characters.
    pub max_body_chars: usize,
    /// Most sentences an article may have.
    pub max_sentences: usize,
    /// Most entity mentions an article may have.
    pub max_entities: usize,
    /// Longest time one stage may take on one article, in milliseconds. A stage runs to its
    /// end (the stages are linear in the bounded input), then an article over the budget is
    /// rejected rather than passed on.
    pub stage_budget_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            max_body_chars: 500_000,
            max_sentences: 5_000,
            max_entities: 20_000,
            stage_budget_ms: 10_000,
        }
    }
}

impl Limits {
    pub fn input(&self) -> herald_model::InputLimits {
        herald_model::InputLimits {
            max_body_bytes: self.max_body_bytes,
            ..Default::default()
        }
    }
}

impl PipelineConfig {
    /// Parses TOML text (no I/O).
    pub fn from_toml(text: &str) -> Result<Self, StageError> {
        let cfg: Self = toml::from_str(text).map_err(|e| StageError::Config {
            stage: "config",
            message: e.to_string(),
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<(), StageError> {
        let bad = |message: &str| {
            Err(StageError::Config {
                stage: "config",
                message: message.to_string(),
            })
        };
        if self.limits.max_body_bytes == 0
            || self.limits.max_body_chars == 0
            || self.limits.max_sentences == 0
            || self.limits.max_entities == 0
            || self.limits.stage_budget_ms == 0
        {
            return bad("limits must be positive");
        }
        if !(0.0..=1.0).contains(&self.duplicates.threshold) {
            return bad("duplicates.threshold must be in [0, 1]");
        }
        if self.duplicates.window == 0 {
            return bad("duplicates.window must be positive");
        }
        if self.duplicates.shingle_words == 0 {
            return bad("duplicates.shingle_words must be positive");
        }
        if let Err(message) = self.language.validate() {
            return bad(&message);
        }
        if !(0.0..=1.0).contains(&self.events.min_confidence) {
            return bad("events.min_confidence must be in [0, 1]");
        }
        if let Err(message) = self.stories.validate() {
            return bad(&message);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_the_default() {
        assert_eq!(
            PipelineConfig::from_toml("").unwrap(),
            PipelineConfig::default()
        );
    }

    #[test]
    fn the_shipped_file_parses() {
        let text = include_str!("../../../config/herald.toml");
        let cfg = PipelineConfig::from_toml(text).unwrap();
        assert_eq!(cfg.limits.max_body_bytes, 2 * 1024 * 1024);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        assert!(PipelineConfig::from_toml("[limits]\nmax_body_byte = 3").is_err());
        assert!(PipelineConfig::from_toml("[duplicates]\nthreshold = 1.5").is_err());
        assert!(PipelineConfig::from_toml("[duplicates]\nwindow = 0").is_err());
        assert!(PipelineConfig::from_toml("[stories]\nthreshold = 2.0").is_err());
        assert!(PipelineConfig::from_toml("[stories]\nwindow_hours = 0").is_err());
    }
}
