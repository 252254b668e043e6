//! What the three article services share: decode an article, run a pipeline, encode it.

use std::time::Duration;

use herald_extract::Pipeline;
use herald_model::EnrichedArticle;

use crate::{Origin, Record, Rejection};

/// Decodes an enriched article (the payload of `news.articles` and `news.annotated`).
pub fn decode_article(payload: &[u8]) -> Result<EnrichedArticle, Rejection> {
    serde_json::from_slice(payload).map_err(|e| {
        let reason = match e.classify() {
            serde_json::error::Category::Data => "invalid_record",
            _ => "not_json",
        };
        Rejection::poison(Origin::Decode, reason, e.to_string())
    })
}

/// Runs every stage of `pipeline`; a failure names the stage that failed.
pub fn run_pipeline(
    pipeline: &Pipeline,
    article: EnrichedArticle,
    observe: &mut dyn FnMut(&'static str, Duration),
) -> Result<EnrichedArticle, Rejection> {
    pipeline
        .process(article, observe)
        .map_err(|(stage, e)| Rejection {
            origin: Origin::Stage(stage),
            reason: e.kind(),
            message: e.to_string(),
            class: e.class(),
        })
}

/// The article as a record keyed by its id.
pub fn article_record(topic: &str, article: &EnrichedArticle) -> Record {
    Record {
        topic: topic.to_string(),
        key: article.id.clone(),
        payload: serde_json::to_vec(article).expect("an article always serialises"),
    }
}

#[cfg(test)]
mod tests {
    use herald_extract::PipelineConfig;
    use herald_model::RawArticle;

    use super::*;

    #[test]
    fn decode_errors_have_reasons() {
        assert_eq!(decode_article(b"{oops").unwrap_err().reason, "not_json");
        assert_eq!(
            decode_article(br#"{"id":"a"}"#).unwrap_err().reason,
            "invalid_record"
        );
    }

    #[test]
    fn a_failing_stage_is_named() {
        let mut config = PipelineConfig::default();
        config.limits.max_sentences = 1;
        let pipeline = Pipeline::annotate(&config).unwrap();
        let body = "One sentence here. Another sentence there. And a third one.";
        let raw = RawArticle::from_text("a", body.into(), &config.limits.input()).unwrap();
        let mut seen = Vec::new();
        let err = run_pipeline(&pipeline, EnrichedArticle::new(raw), &mut |s, _| {
            seen.push(s)
        })
        .unwrap_err();
        assert_eq!(
            (err.origin, err.reason, seen.len()),
            (Origin::Stage(pipeline.stages()[0].name()), "over_limit", 0)
        );
    }
}
