//! The wire service: polls the feeds of its settings and takes items pushed to
//! `POST /v1/articles`, and sends each new item (or new version of one) once to `news.raw`,
//! keyed by its id. What it has sent is remembered in a compacted topic it reads at start.

mod config;
mod error;
mod fetch;
pub mod metrics;
mod poll;
mod publish;
mod push;
mod seen;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use herald_model::InputLimits;
use herald_stream::{service, Health, StreamError};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, warn};

pub use config::{FeedConfig, HttpConfig, PushConfig, SeenConfig, WireConfig, WireTopics};
pub use error::{FetchError, PublishError, WireError};

/// The whole `main` of `herald-wire`.
pub fn main(bin: &'static str, about: &'static str) -> Result<(), StreamError> {
    let args = service::args(bin, about)?;
    let config = WireConfig::load(args.config.as_deref(), args.brokers.as_deref())?;
    service::init_logs(config.log_format);
    let metrics = herald_stream::metrics::install()?;
    metrics::describe();
    service::run_to_end(service::runtime()?, async move {
        let health = Arc::new(Health::default());
        run(config, metrics, health, service::stop_signal()).await
    })
}

impl WireConfig {
    fn limits(&self) -> InputLimits {
        InputLimits {
            max_document_bytes: self.max_document_bytes,
            ..InputLimits::default()
        }
    }
}

/// Serves the endpoints, loads the memory of sent items, polls the feeds; on `shutdown`,
/// lets the polls under way store their items (within the deadline) and flushes.
pub async fn run(
    config: WireConfig,
    metrics: metrics_exporter_prometheus::PrometheusHandle,
    health: Arc<Health>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), StreamError> {
    let seen = Arc::new(seen::Seen::new(config.seen.max_items));
    let publisher = Arc::new(publish::Publisher::new(
        &config,
        seen.clone(),
        health.clone(),
    )?);
    let mut app = herald_stream::endpoints(metrics, health.clone());
    if config.push.enabled {
        app = app.merge(push_router(&config, publisher.clone())?);
    }
    let http = tokio::spawn(herald_stream::serve_router(config.metrics_addr, app));
    let stop_seen = Arc::new(AtomicBool::new(false));
    {
        let (config, seen, stop) = (config.clone(), seen.clone(), stop_seen.clone());
        tokio::task::spawn_blocking(move || seen::load(&config, seen, stop))
            .await
            .expect("loading does not panic")?;
    }
    health.set_assigned(true);
    let (stop_tx, stop_rx) = watch::channel(false);
    let polls = start_polls(&config, publisher.clone(), stop_rx)?;
    let outcome = tokio::select! {
        () = shutdown => Ok(()),
        r = http => match r {
            Ok(Err(e)) => Err(e),
            _ => Err(StreamError::Config("the http server stopped".to_string())),
        },
    };
    health.set_stopping();
    let _ = stop_tx.send(true);
    drain(polls, &config, &publisher).await;
    stop_seen.store(true, Ordering::Relaxed);
    outcome
}

fn push_router(
    config: &WireConfig,
    publisher: Arc<publish::Publisher>,
) -> Result<Router, StreamError> {
    let tokens = config
        .push
        .tokens
        .iter()
        .map(|t| Ok(herald_stream::property_value("push.tokens", t)?.into_bytes()))
        .collect::<Result<Vec<_>, StreamError>>()?;
    if tokens.iter().any(Vec::is_empty) {
        return Err(StreamError::Config("a push token is empty".to_string()));
    }
    let push = push::Push {
        tokens,
        publisher,
        limits: config.limits(),
        ack_timeout: Duration::from_millis(config.push.ack_timeout_ms),
    };
    Ok(push::router(Arc::new(push), config.push.max_body_bytes))
}

fn start_polls(
    config: &WireConfig,
    publisher: Arc<publish::Publisher>,
    stop: watch::Receiver<bool>,
) -> Result<JoinSet<()>, StreamError> {
    let fetcher = fetch::Fetcher::new(&config.http, config.max_document_bytes)
        .map_err(|e| StreamError::Config(format!("the http client: {e}")))?;
    let poller = Arc::new(poll::Poller {
        fetcher,
        publisher,
        limits: config.limits(),
        http: config.http.clone(),
    });
    let mut tasks = JoinSet::new();
    for feed in &config.feeds {
        tasks.spawn(poll::run(poller.clone(), feed.clone(), stop.clone()));
    }
    info!(
        feeds = config.feeds.len(),
        push = config.push.enabled,
        "polling"
    );
    Ok(tasks)
}

/// Waits for the polls under way to store their items, then for the producer's queue.
async fn drain(mut polls: JoinSet<()>, config: &WireConfig, publisher: &publish::Publisher) {
    info!("stopping: finishing the polls under way");
    let deadline = Instant::now() + config.shutdown_deadline();
    if !service::join_until(&mut polls, deadline).await {
        warn!("shutdown deadline passed: items of unfinished polls are fetched again at the next start");
    }
    let left = deadline.saturating_duration_since(Instant::now());
    publisher.flush(left.max(Duration::from_millis(500)));
}
