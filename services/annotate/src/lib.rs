//! The annotate service: articles → articles with sentences, entities, places, dates and
//! quotes (`news.articles` → `news.annotated`).

use std::time::Duration;

use herald_extract::{Pipeline, PipelineConfig};
use herald_stream::{
    article_record, decode_article, run_pipeline, Processor, Record, Rejection, ServiceConfig,
    StreamError,
};

pub struct Annotate {
    pipeline: Pipeline,
    output: String,
}

impl Annotate {
    pub fn new(config: &ServiceConfig, pipeline: &PipelineConfig) -> Result<Self, StreamError> {
        Ok(Self {
            pipeline: Pipeline::annotate(pipeline)?,
            output: config.topics.output.clone(),
        })
    }
}

impl Processor for Annotate {
    fn process(
        &self,
        payload: &[u8],
        observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection> {
        let article = run_pipeline(&self.pipeline, decode_article(payload)?, observe)?;
        Ok(vec![article_record(&self.output, &article)])
    }
}

#[cfg(test)]
mod tests {
    use herald_model::{EnrichedArticle, RawArticle};

    use super::*;
    use herald_stream::Origin;

    #[test]
    fn article_in_annotated_article_out() {
        let config = ServiceConfig::default();
        let annotate = Annotate::new(&config, &PipelineConfig::default()).unwrap();
        let raw = RawArticle::from_text("a1", "One. Two.".into(), &Default::default()).unwrap();
        let payload = serde_json::to_vec(&EnrichedArticle::new(raw)).unwrap();
        let out = annotate.process(&payload, &mut |_, _| {}).unwrap();
        let back: EnrichedArticle = serde_json::from_slice(&out[0].payload).unwrap();
        assert_eq!((out[0].key.as_str(), back.sentences.len()), ("a1", 2));
        let err = annotate.process(b"{}", &mut |_, _| {}).unwrap_err();
        assert_eq!((err.origin, err.reason), (Origin::Decode, "invalid_record"));
    }
}
