//! Pipeline settings. Every struct rejects unknown keys and has defaults, so an empty file
//! is a valid configuration; [`PipelineConfig::validate`] checks values without I/O, and
//! [`PipelineConfig::read`] reads a settings file with the data files it names.

use std::path::Path;

use serde::Deserialize;

use crate::duplicates::DuplicatesConfig;
use crate::entities::EntitiesConfig;
use crate::events::EventsConfig;
use crate::language::LanguageConfig;
use crate::normalise::NormaliseConfig;
use crate::registry::{self, Pipelines};
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
    pub pipelines: Pipelines,
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
        let cfg: Self =
            toml::from_str(text).map_err(|e| StageError::config("config", e.to_string()))?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks the limits, every registered stage's own settings, the pipelines and the
    /// stories settings.
    pub fn validate(&self) -> Result<(), StageError> {
        let bad = |message: String| Err(StageError::config("config", message));
        let limits = &self.limits;
        if [
            limits.max_body_bytes,
            limits.max_body_chars,
            limits.max_sentences,
            limits.max_entities,
        ]
        .contains(&0)
            || limits.stage_budget_ms == 0
        {
            return bad("limits must be positive".into());
        }
        registry::check(self)?;
        self.stories.validate().or_else(bad)
    }

    /// Reads the settings file at `path` (`config/herald.toml` and the like) with the data
    /// files it names (extra event patterns and actors, extra entity knowledge), whose
    /// relative paths are relative to it; the defaults when there is no file. The one place
    /// where the drivers (the services and `herald run`) do the I/O the stages do not;
    /// errors name the file.
    pub fn read(path: Option<&Path>) -> Result<Self, StageError> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let read = |file: &Path| {
            std::fs::read_to_string(file).map_err(|e| {
                StageError::config("config", format!("reading {}: {e}", file.display()))
            })
        };
        let mut config = Self::from_toml(&read(path)?).map_err(|e| match e {
            StageError::Config { stage, message } => {
                StageError::config(stage, format!("{}: {message}", path.display()))
            }
            other => other,
        })?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let texts = |files: &[String]| -> Result<Vec<(String, String)>, StageError> {
            files
                .iter()
                .map(|f| Ok((f.clone(), read(&dir.join(f))?)))
                .collect()
        };
        config.events.pattern_texts = texts(&config.events.extra_patterns)?;
        config.events.actor_texts = texts(&config.events.extra_actors)?;
        config.entities.knowledge_texts = texts(&config.entities.extra_knowledge)?;
        Ok(config)
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

    #[test]
    fn pipeline_settings_read_their_data_files_relative_to_themselves() {
        assert_eq!(
            PipelineConfig::read(None).unwrap(),
            PipelineConfig::default()
        );
        let temp = tempfile::Builder::new()
            .prefix("herald-pipeline-")
            .tempdir()
            .unwrap();
        let dir = temp.path();
        std::fs::create_dir_all(dir.join("mine")).unwrap();
        std::fs::write(
            dir.join("herald.toml"),
            "[entities]\nextra_knowledge = [\"mine/titles.txt\"]\n[events]\nextra_actors = [\"mine/actors.toml\"]\n",
        )
        .unwrap();
        std::fs::write(dir.join("mine/titles.txt"), "Grand Vizier\n").unwrap();
        std::fs::write(dir.join("mine/actors.toml"), "").unwrap();
        let config = PipelineConfig::read(Some(&dir.join("herald.toml"))).unwrap();
        assert_eq!(
            config.entities.knowledge_texts,
            vec![("mine/titles.txt".to_string(), "Grand Vizier\n".to_string())]
        );
        assert_eq!(
            config.events.actor_texts,
            vec![("mine/actors.toml".to_string(), String::new())]
        );
        std::fs::remove_file(dir.join("mine/titles.txt")).unwrap();
        let err = PipelineConfig::read(Some(&dir.join("herald.toml"))).unwrap_err();
        assert!(err.to_string().contains("mine/titles.txt"), "{err}");
        std::fs::write(dir.join("herald.toml"), "[limits]\nmax_body_byte = 3\n").unwrap();
        let err = PipelineConfig::read(Some(&dir.join("herald.toml"))).unwrap_err();
        assert!(err.to_string().contains("herald.toml"), "{err}");
    }
}
