//! The stage registry: every stage by name, with what it needs in an article, what it adds,
//! how its settings are checked and how it is built; and the named pipelines, lists of stage
//! names checked against it at start-up.

use serde::Deserialize;

use crate::dates::Dates;
use crate::duplicates::Duplicates;
use crate::entities::Entities;
use crate::events::Events;
use crate::language::Language;
use crate::normalise::Normalise;
use crate::quotes::Quotes;
use crate::sentences::Sentences;
use crate::{PipelineConfig, Stage, StageError};

/// What a stage reads from an article or adds to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The normalised body every offset refers to.
    Text,
    Language,
    /// `duplicate_of` and `similarity`.
    Duplicates,
    Sentences,
    /// Entities and their clusters.
    Entities,
    Dates,
    Quotes,
    Events,
}

/// One registered stage.
pub struct StageSpec {
    pub name: &'static str,
    /// Fields an earlier stage must add.
    pub requires: &'static [Field],
    /// Fields this stage adds.
    pub assigns: &'static [Field],
    /// Checks the stage's own settings (no I/O).
    pub validate: fn(&PipelineConfig) -> Result<(), StageError>,
    pub build: fn(&PipelineConfig) -> Result<Box<dyn Stage>, StageError>,
}

fn no_settings(_: &PipelineConfig) -> Result<(), StageError> {
    Ok(())
}

/// Every stage, in the order the pipelines run them by default.
pub const STAGES: &[StageSpec] = &[
    StageSpec {
        name: "normalise",
        requires: &[],
        assigns: &[Field::Text],
        validate: |c| c.normalise.validate(),
        build: |c| Ok(Box::new(Normalise::new(&c.normalise, &c.limits)?)),
    },
    StageSpec {
        name: "language",
        requires: &[Field::Text],
        assigns: &[Field::Language],
        validate: |c| c.language.validate(),
        build: |c| Ok(Box::new(Language::new(&c.language))),
    },
    StageSpec {
        name: "duplicates",
        requires: &[Field::Text],
        assigns: &[Field::Duplicates],
        validate: |c| c.duplicates.validate(),
        build: |c| Ok(Box::new(Duplicates::new(&c.duplicates))),
    },
    StageSpec {
        name: "sentences",
        requires: &[Field::Text],
        assigns: &[Field::Sentences],
        validate: no_settings,
        build: |c| Ok(Box::new(Sentences::new(&c.limits)?)),
    },
    StageSpec {
        name: "entities",
        requires: &[Field::Sentences],
        assigns: &[Field::Entities],
        validate: no_settings,
        build: |c| Ok(Box::new(Entities::new(&c.entities)?)),
    },
    StageSpec {
        name: "dates",
        requires: &[Field::Text],
        assigns: &[Field::Dates],
        validate: no_settings,
        build: |_| Ok(Box::new(Dates::new()?)),
    },
    StageSpec {
        name: "quotes",
        requires: &[Field::Sentences, Field::Entities],
        assigns: &[Field::Quotes],
        validate: no_settings,
        build: |_| Ok(Box::new(Quotes::new()?)),
    },
    StageSpec {
        name: "events",
        requires: &[Field::Sentences, Field::Entities, Field::Dates],
        assigns: &[Field::Events],
        validate: |c| unit_interval("events", "min_confidence", c.events.min_confidence),
        build: |c| Ok(Box::new(Events::new(&c.events)?)),
    },
];

/// A setting that must lie in [0, 1].
pub(crate) fn unit_interval(stage: &'static str, key: &str, value: f64) -> Result<(), StageError> {
    if (0.0..=1.0).contains(&value) {
        return Ok(());
    }
    Err(StageError::config(
        stage,
        format!("{stage}.{key} must be in [0, 1]"),
    ))
}

/// The named pipelines (`[pipelines]`): the ingest, annotate and events services each run
/// one, in this order; `herald run` runs all three, one after the other.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Pipelines {
    pub ingest: Vec<String>,
    pub annotate: Vec<String>,
    pub events: Vec<String>,
}

impl Default for Pipelines {
    fn default() -> Self {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Self {
            ingest: names(&["normalise", "language", "duplicates"]),
            annotate: names(&["sentences", "entities", "dates", "quotes"]),
            events: names(&["events"]),
        }
    }
}

impl Pipelines {
    /// Every stage name, in the order the three pipelines run.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.ingest.iter().chain(&self.annotate).chain(&self.events)
    }
}

/// The registered stage called `name`.
pub fn spec(name: &str) -> Result<&'static StageSpec, StageError> {
    STAGES
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| pipeline_error(format!("no stage is called {name:?}")))
}

fn pipeline_error(message: String) -> StageError {
    StageError::config("pipelines", message)
}

/// Checks the settings of every stage, and that the pipelines name registered stages, each
/// after stages that add what it requires, and that `english_only` names registered stages.
pub fn check(config: &PipelineConfig) -> Result<(), StageError> {
    for stage in STAGES {
        (stage.validate)(config)?;
    }
    for name in &config.language.english_only {
        spec(name).map_err(|_| {
            pipeline_error(format!(
                "language.english_only: no stage is called {name:?}"
            ))
        })?;
    }
    let mut added: Vec<Field> = Vec::new();
    for name in config.pipelines.all() {
        let stage = spec(name)?;
        if let Some(missing) = stage.requires.iter().find(|f| !added.contains(f)) {
            return Err(pipeline_error(format!(
                "stage {name:?} requires {missing:?}, which no stage before it adds"
            )));
        }
        added.extend(stage.assigns);
    }
    Ok(())
}

/// Builds the stages called `names`, in order.
pub fn build(config: &PipelineConfig, names: &[String]) -> Result<Vec<Box<dyn Stage>>, StageError> {
    names
        .iter()
        .map(|name| (spec(name)?.build)(config))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(text: &str) -> String {
        PipelineConfig::from_toml(text).unwrap_err().to_string()
    }

    #[test]
    fn the_default_pipelines_check() {
        check(&PipelineConfig::default()).unwrap();
    }

    #[test]
    fn unknown_names_and_missing_requirements_are_configuration_errors() {
        let err = with("[pipelines]\nannotate = [\"sentences\", \"entitys\"]");
        assert!(err.contains("\"entitys\""), "{err}");
        let err = with("[language]\nenglish_only = [\"quote\"]");
        assert!(
            err.contains("english_only") && err.contains("\"quote\""),
            "{err}"
        );
        let err = with("[pipelines]\nannotate = [\"sentences\", \"quotes\", \"entities\"]");
        assert!(err.contains("\"quotes\" requires Entities"), "{err}");
        let err = with("[events]\nmin_confidence = 2.0");
        assert!(err.contains("events.min_confidence"), "{err}");
    }
}
