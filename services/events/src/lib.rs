//! The events service: annotated articles → one record per coded event (`news.events`) and
//! the full article (`news.enriched`), both keyed by the article id.

use std::time::Duration;

use herald_extract::{Pipeline, PipelineConfig};
use herald_stream::{
    article_record, decode_article, run_pipeline, Processor, Record, Rejection, ServiceConfig,
    StreamError,
};

pub struct Events {
    pipeline: Pipeline,
    enriched: String,
    events: String,
}

impl Events {
    pub fn new(config: &ServiceConfig, pipeline: &PipelineConfig) -> Result<Self, StreamError> {
        let events = config.topics.events.clone().ok_or_else(|| {
            StreamError::Config("topics.events must be set for the events service".to_string())
        })?;
        Ok(Self {
            pipeline: Pipeline::events(pipeline)?,
            enriched: config.topics.output.clone(),
            events,
        })
    }
}

impl Processor for Events {
    fn process(
        &self,
        payload: &[u8],
        observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection> {
        let article = run_pipeline(&self.pipeline, decode_article(payload)?, observe)?;
        let mut records: Vec<Record> = article
            .events
            .iter()
            .map(|event| Record {
                topic: self.events.clone(),
                key: article.id.clone(),
                payload: serde_json::to_vec(event).expect("an event always serialises"),
            })
            .collect();
        records.push(article_record(&self.enriched, &article));
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use herald_model::{EnrichedArticle, RawArticle};

    use super::*;

    #[test]
    fn the_article_goes_last_after_its_events() {
        let mut config = ServiceConfig::default();
        config.topics.output = "news.enriched".into();
        assert!(Events::new(&config, &PipelineConfig::default()).is_err());
        config.topics.events = Some("news.events".into());
        let events = Events::new(&config, &PipelineConfig::default()).unwrap();
        let raw = RawArticle::from_text("a1", "One.".into(), &Default::default()).unwrap();
        let payload = serde_json::to_vec(&EnrichedArticle::new(raw)).unwrap();
        let out = events.process(&payload, &mut |_, _| {}).unwrap();
        let last = out.last().unwrap();
        assert_eq!(
            (last.topic.as_str(), last.key.as_str()),
            ("news.enriched", "a1")
        );
        assert!(out.iter().all(|r| r.key == "a1"));
    }
}
