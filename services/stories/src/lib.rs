//! The stories service: enriched articles grouped into stories across outlets, each story's
//! state published to `news.stories` whenever it changes.
//!
//! Two parts run in each replica (services/stories/README.md):
//! - the **router** (the shared runtime, `herald_stream::run`): consumes `news.enriched` in
//!   the group `group_id`, dead-letters poison, and sends each article, slimmed to what the
//!   matching reads, to the story log under one routing key;
//! - the **owner** ([`owner`]): the replica that holds a partition of the story log (group
//!   `<group_id>.owner`) runs the story stage on it, in log order. Its state is kept in the
//!   changelog topic and replayed when it gets the partition.

pub mod owner;

use std::sync::Arc;
use std::time::{Duration, Instant};

use herald_extract::stories;
use herald_stream::{
    decode_article, service, Health, Processor, Record, Rejection, ServiceConfig, StreamError,
};
use tokio::sync::watch;

/// The story log's key: every article under one key, so that one owner sees them all.
pub const ROUTE: &str = "stories";

/// Gauge: live stories held by this replica's owner.
pub const LIVE_STORIES: &str = "herald_stories_live";

/// The topics of the service, checked at start.
#[derive(Debug, Clone)]
pub struct Topics {
    pub input: String,
    pub output: String,
    pub log: String,
    pub changelog: String,
    pub dlq: String,
}

impl Topics {
    pub fn of(config: &ServiceConfig) -> Result<Self, StreamError> {
        let t = &config.topics;
        let missing = |what: &str| {
            StreamError::Config(format!("topics.{what} must be set for the stories service"))
        };
        Ok(Self {
            input: t.input.clone(),
            output: t.output.clone(),
            log: t.log.clone().ok_or_else(|| missing("log"))?,
            changelog: t.changelog.clone().ok_or_else(|| missing("changelog"))?,
            dlq: t.dlq.clone(),
        })
    }
}

/// news.enriched → the story log.
pub struct Router {
    log: String,
}

impl Router {
    pub fn new(topics: &Topics) -> Self {
        Self {
            log: topics.log.clone(),
        }
    }
}

impl Processor for Router {
    fn process(
        &self,
        payload: &[u8],
        observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection> {
        let started = Instant::now();
        let article = stories::slim(&decode_article(payload)?);
        observe("route", started.elapsed());
        Ok(vec![Record {
            topic: self.log.clone(),
            key: ROUTE.to_string(),
            payload: serde_json::to_vec(&article).expect("an article always serialises"),
        }])
    }
}

/// The whole `main` of `herald-stories`.
pub fn main(bin: &'static str, about: &'static str, shipped: &str) -> Result<(), StreamError> {
    let args = service::args(bin, about)?;
    let config = ServiceConfig::load(shipped, args.config.as_deref(), args.brokers.as_deref())?;
    let topics = Topics::of(&config)?;
    let stage = herald_extract::PipelineConfig::read(config.pipeline.as_deref())?.stories;
    stage.validate().map_err(StreamError::Config)?;
    service::init_logs(config.log_format);
    let metrics = herald_stream::metrics::install()?;
    metrics::describe_gauge!(LIVE_STORIES, "live stories held by this replica");
    service::run_to_end(service::runtime()?, async move {
        let health = Arc::new(Health::default());
        let app = herald_stream::endpoints(metrics, health.clone());
        let http = tokio::spawn(herald_stream::serve_router(config.metrics_addr, app));
        let (stop, stopped) = watch::channel(false);
        let mut owner = tokio::spawn(owner::run(
            config.clone(),
            topics.clone(),
            stage,
            stopped.clone(),
        ));
        let router_config = ServiceConfig {
            topics: herald_stream::Topics {
                output: topics.log.clone(),
                ..config.topics.clone()
            },
            ..config
        };
        let router = herald_stream::run(router_config, Router::new(&topics), health, wait(stopped));
        tokio::pin!(router);
        let signal = service::stop_signal();
        tokio::pin!(signal);
        let joined = |r: Result<Result<(), StreamError>, tokio::task::JoinError>| {
            r.unwrap_or_else(|e| {
                Err(StreamError::Fatal {
                    stage: "stories",
                    message: e.to_string(),
                })
            })
        };
        tokio::select! {
            () = &mut signal => {
                stop.send_replace(true);
                let routed = router.await;
                routed.and(joined(owner.await))
            }
            routed = &mut router => {
                stop.send_replace(true);
                routed.and(joined(owner.await))
            }
            owned = &mut owner => {
                stop.send_replace(true);
                let routed = router.await;
                joined(owned).and(routed)
            }
            r = http => service::http_ended(r),
        }
    })
}

/// Resolves once `stopped` turns true.
async fn wait(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|s| *s).await;
}

#[cfg(test)]
mod tests {
    use herald_model::{EnrichedArticle, RawArticle};

    use super::*;

    #[test]
    fn the_router_sends_every_article_under_one_key_and_rejects_poison() {
        let config =
            ServiceConfig::load(include_str!("../../../config/stories.toml"), None, None).unwrap();
        let topics = Topics::of(&config).unwrap();
        let router = Router::new(&topics);
        let body = "Word ".repeat(500);
        let raw = RawArticle::from_text("a1", body, &Default::default()).unwrap();
        let payload = serde_json::to_vec(&EnrichedArticle::new(raw)).unwrap();
        let out = router.process(&payload, &mut |_, _| {}).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].topic.as_str(), out[0].key.as_str()),
            ("news.stories.log", ROUTE)
        );
        let slim: EnrichedArticle = serde_json::from_slice(&out[0].payload).unwrap();
        assert_eq!(slim.id, "a1");
        assert!(slim.body.len() < 500, "the body is cut to the lead");
        let poison = router.process(b"{oops", &mut |_, _| {}).unwrap_err();
        assert_eq!(poison.reason, "not_json");

        let mut config = config;
        config.topics.changelog = None;
        assert!(Topics::of(&config).is_err());
    }
}
