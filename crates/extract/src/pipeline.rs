//! Stages and the ordered pipelines the drivers run.

use std::time::{Duration, Instant};

use herald_model::EnrichedArticle;

use crate::dates::Dates;
use crate::duplicates::Duplicates;
use crate::entities::Entities;
use crate::events::Events;
use crate::language::Language;
use crate::normalise::Normalise;
use crate::quotes::Quotes;
use crate::sentences::Sentences;
use crate::{PipelineConfig, StageError};

/// One extraction step, built once from configuration.
pub trait Stage: Send + Sync {
    /// Stable lowercase name, used in metrics, logs, warnings and `skipped_stages`.
    fn name(&self) -> &'static str;

    /// True when the stage keeps state across records (duplicate detection) and so must see
    /// them one at a time, in input order, for its result to be deterministic.
    fn sequential(&self) -> bool {
        false
    }

    fn process(&self, article: EnrichedArticle) -> Result<EnrichedArticle, StageError>;
}

/// An ordered list of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    english_only: Vec<String>,
}

impl Pipeline {
    /// Parse-side stages (the ingest service): normalise, language, duplicates.
    pub fn ingest(config: &PipelineConfig) -> Result<Self, StageError> {
        Ok(Self::new(
            config,
            vec![
                Box::new(Normalise::new(&config.normalise, &config.limits)?),
                Box::new(Language::new(&config.language)),
                Box::new(Duplicates::new(&config.duplicates)),
            ],
        ))
    }

    /// Annotation stages (the annotate service): sentences, then the entity stages.
    pub fn annotate(config: &PipelineConfig) -> Result<Self, StageError> {
        Ok(Self::new(
            config,
            vec![
                Box::new(Sentences::new(&config.limits)?),
                Box::new(Entities::new(&config.entities)?),
                Box::new(Dates::new()?),
                Box::new(Quotes::new()?),
            ],
        ))
    }

    /// Event coding (the events service).
    pub fn events(config: &PipelineConfig) -> Result<Self, StageError> {
        Ok(Self::new(
            config,
            vec![Box::new(Events::new(&config.events)?)],
        ))
    }

    /// All stages in order (the one-process mode).
    pub fn all(config: &PipelineConfig) -> Result<Self, StageError> {
        let mut all = Self::ingest(config)?;
        all.stages.extend(Self::annotate(config)?.stages);
        all.stages.extend(Self::events(config)?.stages);
        Ok(all)
    }

    fn new(config: &PipelineConfig, stages: Vec<Box<dyn Stage>>) -> Self {
        Self {
            stages,
            english_only: config.language.english_only.clone(),
        }
    }

    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    /// Applies one stage, skipping it (and saying so in the record) when it is English-only
    /// and the article is not in English.
    pub fn apply(
        &self,
        stage: &dyn Stage,
        article: EnrichedArticle,
    ) -> Result<EnrichedArticle, StageError> {
        let english = article.language.as_ref().is_none_or(|l| l.code == "en");
        if !english && self.english_only.iter().any(|s| s == stage.name()) {
            let mut article = article;
            article.skipped_stages.push(stage.name().to_string());
            return Ok(article);
        }
        stage.process(article)
    }

    /// Runs every stage on one article, reporting each stage's time to `observe`.
    pub fn process(
        &self,
        mut article: EnrichedArticle,
        mut observe: impl FnMut(&'static str, Duration),
    ) -> Result<EnrichedArticle, StageError> {
        for stage in &self.stages {
            let started = Instant::now();
            article = self.apply(stage.as_ref(), article)?;
            observe(stage.name(), started.elapsed());
        }
        Ok(article)
    }
}
