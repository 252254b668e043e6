//! Stages and the ordered pipelines the drivers run.

use std::time::{Duration, Instant};

use herald_model::EnrichedArticle;

use crate::text::Doc;
use crate::{registry, Limits, PipelineConfig, StageError};

/// One extraction step, built once from configuration.
pub trait Stage: Send + Sync {
    /// Stable lowercase name, used in metrics, logs, warnings and `skipped_stages`.
    fn name(&self) -> &'static str;

    /// True when the stage keeps state across records (duplicate detection) and so must see
    /// them one at a time, in input order, for its result to be deterministic.
    fn sequential(&self) -> bool {
        false
    }

    /// Adds what the stage finds to the document's article.
    fn process(&self, doc: &mut Doc) -> Result<(), StageError>;

    /// The stage applied to one article on its own.
    fn run(&self, article: EnrichedArticle) -> Result<EnrichedArticle, StageError> {
        let mut doc = Doc::new(article);
        self.process(&mut doc)?;
        Ok(doc.into_article())
    }
}

/// An ordered list of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    english_only: Vec<String>,
    limits: Limits,
}

impl Pipeline {
    /// The `ingest` pipeline (the ingest service): normalise, language, duplicates.
    pub fn ingest(config: &PipelineConfig) -> Result<Self, StageError> {
        Self::named(config, &config.pipelines.ingest)
    }

    /// The `annotate` pipeline (the annotate service): sentences, then the entity stages.
    pub fn annotate(config: &PipelineConfig) -> Result<Self, StageError> {
        Self::named(config, &config.pipelines.annotate)
    }

    /// The `events` pipeline (the events service): event coding.
    pub fn events(config: &PipelineConfig) -> Result<Self, StageError> {
        Self::named(config, &config.pipelines.events)
    }

    /// The three pipelines in order (the one-process mode).
    pub fn all(config: &PipelineConfig) -> Result<Self, StageError> {
        let names: Vec<String> = config.pipelines.all().cloned().collect();
        Self::named(config, &names)
    }

    /// The registered stages called `names`, after checking the configuration.
    fn named(config: &PipelineConfig, names: &[String]) -> Result<Self, StageError> {
        registry::check(config)?;
        Ok(Self::new(config, registry::build(config, names)?))
    }

    fn new(config: &PipelineConfig, stages: Vec<Box<dyn Stage>>) -> Self {
        Self {
            stages,
            english_only: config.language.english_only.clone(),
            limits: config.limits.clone(),
        }
    }

    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    /// Applies one stage, skipping it (and saying so in the record) when it is English-only
    /// and the article is known to be in another language. An article that leaves the stage
    /// with more entities than the limit, or after more than the stage's time budget, is
    /// rejected; the limit is checked first, so that an article over it is rejected for it
    /// however fast the machine.
    pub fn apply(&self, stage: &dyn Stage, doc: &mut Doc) -> Result<(), StageError> {
        let started = Instant::now();
        self.apply_unchecked(stage, doc)?;
        let took = started.elapsed();
        if doc.article().entities.len() > self.limits.max_entities {
            return Err(StageError::OverLimit {
                stage: stage.name(),
                what: "entities",
                limit: self.limits.max_entities,
            });
        }
        if took > Duration::from_millis(self.limits.stage_budget_ms) {
            return Err(StageError::OverBudget {
                stage: stage.name(),
                took_ms: took.as_millis(),
                budget_ms: self.limits.stage_budget_ms,
            });
        }
        Ok(())
    }

    fn apply_unchecked(&self, stage: &dyn Stage, doc: &mut Doc) -> Result<(), StageError> {
        // An undetermined language ("und": too little text to tell) gets the English stages.
        let english = doc
            .article()
            .language
            .as_ref()
            .is_none_or(|l| l.code == "en" || l.code == "und");
        if !english && self.english_only.iter().any(|s| s == stage.name()) {
            let skipped = &mut doc.article_mut().skipped_stages;
            skipped.push(stage.name().to_string());
            return Ok(());
        }
        stage.process(doc)
    }

    /// Runs every stage on one article, reporting each stage's time to `observe`; a failure
    /// comes with the name of the stage that failed.
    pub fn process(
        &self,
        article: EnrichedArticle,
        mut observe: impl FnMut(&'static str, Duration),
    ) -> Result<EnrichedArticle, (&'static str, StageError)> {
        let mut doc = Doc::new(article);
        for stage in &self.stages {
            let started = Instant::now();
            self.apply(stage.as_ref(), &mut doc)
                .map_err(|e| (stage.name(), e))?;
            observe(stage.name(), started.elapsed());
        }
        Ok(doc.into_article())
    }
}

#[cfg(test)]
mod tests {
    use herald_model::{EnrichedArticle, Entity, Label, Language, RawArticle};

    use super::Pipeline;
    use crate::PipelineConfig;

    fn article(body: &str) -> EnrichedArticle {
        EnrichedArticle::new(RawArticle::from_text("a", body.into(), &Default::default()).unwrap())
    }

    fn annotated(code: &str) -> EnrichedArticle {
        let mut article = article("Mr. Putin met Angela Merkel in Berlin.");
        article.language = Some(Language {
            code: code.to_string(),
            confidence: 0.2,
            method: None,
        });
        Pipeline::annotate(&PipelineConfig::default())
            .unwrap()
            .process(article, |_, _| {})
            .unwrap()
    }

    /// A stage that takes its time, and adds `entities` entities.
    struct Slow {
        entities: usize,
    }

    impl super::Stage for Slow {
        fn name(&self) -> &'static str {
            "slow"
        }

        fn process(&self, doc: &mut crate::text::Doc) -> Result<(), crate::StageError> {
            std::thread::sleep(std::time::Duration::from_millis(30));
            let entity = Entity {
                start: 0,
                end: 4,
                text: "Text".into(),
                label: Label::Misc,
                subtype: None,
                cluster: 0,
                geo: None,
            };
            let entities = &mut doc.article_mut().entities;
            entities.extend(std::iter::repeat_n(entity, self.entities));
            Ok(())
        }
    }

    #[test]
    fn an_article_over_a_stage_budget_or_the_entity_limit_is_rejected() {
        let mut config = PipelineConfig::default();
        config.limits.stage_budget_ms = 5;
        let slow = Pipeline::new(&config, vec![Box::new(Slow { entities: 0 })]);
        let (stage, err) = slow.process(article("Text."), |_, _| {}).unwrap_err();
        assert_eq!((stage, err.kind()), ("slow", "over_budget"));
        assert_eq!(err.class(), crate::ErrorClass::Poison);
        config.limits.stage_budget_ms = 10_000;
        assert!(Pipeline::new(&config, vec![Box::new(Slow { entities: 0 })])
            .process(article("Text."), |_, _| {})
            .is_ok());

        let mut config = PipelineConfig::default();
        config.limits.max_entities = 2;
        let body = article("Angela Merkel met Emmanuel Macron and Joe Biden in Paris.");
        let (stage, err) = Pipeline::annotate(&config)
            .unwrap()
            .process(body, |_, _| {})
            .unwrap_err();
        assert_eq!((stage, err.kind()), ("entities", "over_limit"));
        assert!(
            err.to_string().contains("entities over the limit of 2"),
            "{err}"
        );
        // Over both, it is the limit: the same reason on a slow machine as on a fast one.
        config.limits.stage_budget_ms = 5;
        let crowded = Pipeline::new(&config, vec![Box::new(Slow { entities: 3 })]);
        let (_, err) = crowded.process(article("Text."), |_, _| {}).unwrap_err();
        assert_eq!(err.kind(), "over_limit");
    }

    #[test]
    fn english_only_stages_skip_other_languages_but_not_undetermined_ones() {
        let french = annotated("fr");
        assert_eq!(french.skipped_stages, ["entities", "dates", "quotes"]);
        assert!(french.entities.is_empty());
        assert!(
            !french.sentences.is_empty(),
            "sentences are not English-only"
        );
        let unknown = annotated("und");
        assert!(unknown.skipped_stages.is_empty());
        assert!(unknown.entities.iter().any(|e| e.text == "Angela Merkel"));
    }
}
