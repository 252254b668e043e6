//! The ingest service: raw wire records → normalised articles with language and duplicate
//! verdicts (`news.raw` → `news.articles`).

use std::time::Duration;

use herald_extract::{Pipeline, PipelineConfig};
use herald_model::{EnrichedArticle, InputLimits, RawArticle};
use herald_stream::{
    article_record, run_pipeline, Origin, Processor, Record, Rejection, ServiceConfig, StreamError,
};

pub struct Ingest {
    pipeline: Pipeline,
    limits: InputLimits,
    output: String,
}

impl Ingest {
    pub fn new(config: &ServiceConfig, pipeline: &PipelineConfig) -> Result<Self, StreamError> {
        Ok(Self {
            pipeline: Pipeline::ingest(pipeline)?,
            limits: pipeline.limits.input(),
            output: config.topics.output.clone(),
        })
    }
}

impl Processor for Ingest {
    fn process(
        &self,
        payload: &[u8],
        observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection> {
        let raw = RawArticle::decode(payload, &self.limits)
            .map_err(|e| Rejection::poison(Origin::Decode, e.kind(), e.to_string()))?;
        let article = run_pipeline(&self.pipeline, EnrichedArticle::new(raw), observe)?;
        Ok(vec![article_record(&self.output, &article)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_in_article_out_or_a_reason() {
        let ingest = Ingest::new(&ServiceConfig::default(), &PipelineConfig::default()).unwrap();
        let mut stages = Vec::new();
        let out = ingest
            .process(
                br#"{"id":"a1","body":"Kerry met Lavrov in Geneva on Friday."}"#,
                &mut |s, _| stages.push(s),
            )
            .unwrap();
        assert_eq!((out.len(), out[0].key.as_str()), (1, "a1"));
        assert_eq!(out[0].topic, "news.articles");
        assert_eq!(stages.len(), ingest.pipeline.stages().len());
        let err = ingest
            .process(br#"{"title":"x"}"#, &mut |_, _| {})
            .unwrap_err();
        assert_eq!((err.origin, err.reason), (Origin::Decode, "no_body"));
    }
}
