//! The store service: consumes `news.events`, `news.stories` and `news.enriched` and writes
//! them to the database in batches, each in one transaction; a batch's offsets are committed
//! only after its transaction has committed. While the database is down or failing nothing
//! more is consumed: the batch is retried with backoff and `/readyz` says so. Writes are
//! upserts, so a batch written again after a crash or a rebalance changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use herald_model::{EnrichedArticle, Event, Story, StoryUpdate};
use herald_store::{Batch, Store};
use herald_stream::metrics::ErrorKind;
use herald_stream::{service, LogFormat, StreamError};
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::PrometheusHandle;
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::error::KafkaError;
use rdkafka::statistics::Statistics;
use rdkafka::{Message, Offset, TopicPartitionList};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

/// Records consumed, by topic.
pub const CONSUMED: &str = herald_stream::metrics::CONSUMED;
/// Records written to the database (each once per transaction that held it), by topic.
pub const WRITTEN: &str = "herald_store_records_written_total";
/// Seconds one batch's transaction took.
pub const BATCH_SECONDS: &str = "herald_store_batch_seconds";
/// 1 while the database takes writes, 0 while it is down or failing.
pub const DATABASE_UP: &str = "herald_store_database_up";
/// Records that are not the topic's record type (skipped, counted, logged).
pub const ERRORS: &str = herald_stream::metrics::ERRORS;

/// The store service's shipped settings: every key, with its default and docs.
pub const SHIPPED: &str = include_str!("../../../config/store.toml");

/// Settings of the store service ([`SHIPPED`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub brokers: String,
    pub group_id: String,
    /// A postgres:// URL, or a SQLite file.
    pub database: String,
    pub connections: u32,
    pub batch_size: usize,
    pub linger_ms: u64,
    pub backoff_min_ms: u64,
    pub backoff_max_ms: u64,
    pub shutdown_deadline_ms: u64,
    pub metrics_addr: SocketAddr,
    pub log_format: LogFormat,
    pub topics: StoreTopics,
    pub kafka: BTreeMap<String, String>,
    pub consumer: BTreeMap<String, String>,
}

/// What the store reads; an empty name reads nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreTopics {
    pub events: String,
    pub stories: String,
    pub articles: String,
}

impl StoreConfig {
    /// Layers [`SHIPPED`], the file `path`, the `HERALD_*` environment and `brokers`.
    pub fn load(path: Option<&Path>, brokers: Option<&str>) -> Result<Self, StreamError> {
        herald_stream::layered(&[SHIPPED], path, brokers)
    }
}

impl herald_stream::Validate for StoreConfig {
    fn validate(&self) -> Result<(), StreamError> {
        let bad = |m: &str| Err(StreamError::Config(m.to_string()));
        if self.brokers.trim().is_empty() || self.group_id.trim().is_empty() {
            return bad("brokers and group_id must be set");
        }
        if self.database.trim().is_empty() {
            return bad("database must be set");
        }
        if self.topics.events.trim().is_empty() {
            return bad("topics.events must be set");
        }
        if self.batch_size == 0 || self.connections == 0 {
            return bad("batch_size and connections must be positive");
        }
        if self.backoff_min_ms == 0 || self.backoff_min_ms > self.backoff_max_ms {
            return bad("backoff_min_ms must be positive and at most backoff_max_ms");
        }
        Ok(())
    }
}

impl StoreConfig {
    fn topics(&self) -> Vec<&str> {
        [
            &self.topics.events,
            &self.topics.stories,
            &self.topics.articles,
        ]
        .into_iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect()
    }

    fn shutdown_deadline(&self) -> Duration {
        Duration::from_millis(self.shutdown_deadline_ms)
    }
}

/// Readiness: the broker and the database reachable, not stopping.
#[derive(Debug, Default)]
pub struct Readiness {
    kafka: AtomicBool,
    database: AtomicBool,
    stopping: AtomicBool,
}

impl Readiness {
    fn state(&self) -> (StatusCode, &'static str) {
        if self.stopping.load(Ordering::Relaxed) {
            (StatusCode::SERVICE_UNAVAILABLE, "stopping\n")
        } else if !self.database.load(Ordering::Relaxed) {
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        } else if !self.kafka.load(Ordering::Relaxed) {
            (StatusCode::SERVICE_UNAVAILABLE, "kafka unavailable\n")
        } else {
            (StatusCode::OK, "ready\n")
        }
    }

    fn set_database(&self, up: bool) {
        self.database.store(up, Ordering::Relaxed);
        gauge!(DATABASE_UP).set(if up { 1.0 } else { 0.0 });
    }
}

struct Context(Arc<Readiness>);

impl ClientContext for Context {
    fn stats(&self, stats: Statistics) {
        let up = herald_stream::broker_up(&stats);
        self.0.kafka.store(up, Ordering::Relaxed);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        ErrorKind::Kafka.count();
        warn!(%error, reason, "kafka client error");
    }
}

impl ConsumerContext for Context {
    fn post_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) => {
                let committed = consumer
                    .committed_offsets((*list).clone(), Duration::from_secs(5))
                    .map(|l| {
                        l.elements()
                            .iter()
                            .map(|e| format!("{}/{}@{:?}", e.topic(), e.partition(), e.offset()))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                info!(
                    ?committed,
                    "partitions assigned; reading from the committed offsets"
                );
            }
            Rebalance::Revoke(list) => {
                info!(partitions = list.count(), "partitions revoked");
            }
            Rebalance::Error(e) => warn!(error = %e, "rebalance"),
        }
    }
}

/// The whole `main` of `herald-store`.
pub fn main(bin: &'static str, about: &'static str) -> Result<(), StreamError> {
    let args = service::args(bin, about)?;
    let config = StoreConfig::load(args.config.as_deref(), args.brokers.as_deref())?;
    service::init_logs(config.log_format);
    let metrics = herald_stream::metrics::install()?;
    service::run_to_end(service::runtime()?, async move {
        let readiness = Arc::new(Readiness::default());
        let http = tokio::spawn(herald_stream::serve_router(
            config.metrics_addr,
            endpoints(metrics, readiness.clone()),
        ));
        tokio::select! {
            r = run(config, readiness, service::stop_signal()) => r,
            r = http => service::http_ended(r),
        }
    })
}

fn endpoints(metrics: PrometheusHandle, readiness: Arc<Readiness>) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(move || async move { herald_stream::metrics::render(&metrics) }),
        )
        .route("/healthz", get(|| async { "ok\n" }))
        .route(
            "/readyz",
            get(|State(r): State<Arc<Readiness>>| async move { r.state() }),
        )
        .with_state(readiness)
}

/// What one batch holds: the records, and the next offset of each partition it read.
#[derive(Default)]
struct Pending {
    batch: Batch,
    records: usize,
    by_topic: HashMap<String, u64>,
    offsets: HashMap<(String, i32), i64>,
}

/// Opens the database (waiting for it), consumes, writes, commits; on `shutdown`, writes
/// and commits what it has taken (within the deadline) and returns.
pub async fn run(
    config: StoreConfig,
    readiness: Arc<Readiness>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), StreamError> {
    tokio::pin!(shutdown);
    let backoff = Backoff::new(&config);
    let Some(store) = open(&config, &readiness, &backoff, &mut shutdown).await else {
        return Ok(());
    };
    let consumer = subscribe(&config, &readiness)?;
    let linger = Duration::from_millis(config.linger_ms);
    let mut pending = Pending::default();
    let mut first_at: Option<Instant> = None;
    let mut stopping = false;
    while !stopping {
        let wait = first_at.map_or(linger, |t| linger.saturating_sub(t.elapsed()));
        tokio::select! {
            _ = &mut shutdown => {
                info!("stopping: writing what was taken");
                readiness.stopping.store(true, Ordering::Relaxed);
                stopping = true;
            }
            m = tokio::time::timeout(wait, consumer.recv()) => match m {
                Ok(Ok(message)) => {
                    take(&config, &mut pending, &message);
                    first_at.get_or_insert_with(Instant::now);
                    if pending.records < config.batch_size {
                        continue;
                    }
                }
                Ok(Err(e)) => {
                    ErrorKind::Kafka.count();
                    warn!(error = %e, "consuming");
                    continue;
                }
                Err(_) => {} // linger elapsed
            }
        }
        if pending.offsets.is_empty() {
            first_at = None;
            continue;
        }
        let deadline = stopping.then(|| Instant::now() + config.shutdown_deadline());
        if !write(&store, &pending, &readiness, &backoff, deadline).await {
            warn!("stopped before the database took the last batch: it is read again at restart");
            break;
        }
        commit(&consumer, &pending);
        pending = Pending::default();
        first_at = None;
    }
    store.close().await;
    Ok(())
}

/// Opens the database, waiting for it while it is unavailable; None on `shutdown` first.
async fn open(
    config: &StoreConfig,
    readiness: &Readiness,
    backoff: &Backoff,
    mut shutdown: impl std::future::Future<Output = ()> + Unpin,
) -> Option<Store> {
    let store = loop {
        match Store::open_with(&config.database, config.connections).await {
            Ok(store) => break store,
            Err(e) => {
                readiness.set_database(false);
                warn!(error = %e, "database unavailable; retrying");
                tokio::select! {
                    _ = &mut shutdown => return None,
                    _ = tokio::time::sleep(backoff.max) => {}
                }
            }
        }
    };
    readiness.set_database(true);
    info!("database ready");
    Some(store)
}

/// A consumer of the store's topics, committing only what the database took.
fn subscribe(
    config: &StoreConfig,
    readiness: &Arc<Readiness>,
) -> Result<StreamConsumer<Context>, StreamError> {
    let mut client = ClientConfig::new();
    for (k, v) in herald_stream::client_properties(&config.kafka, &config.consumer)? {
        client.set(k, v);
    }
    client
        .set("bootstrap.servers", &config.brokers)
        .set("group.id", &config.group_id)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("statistics.interval.ms", "1000");
    let consumer: StreamConsumer<Context> = client
        .create_with_context(Context(readiness.clone()))
        .map_err(StreamError::Kafka)?;
    consumer
        .subscribe(&config.topics())
        .map_err(StreamError::Kafka)?;
    info!(topics = ?config.topics(), "consuming");
    Ok(consumer)
}

/// Adds one message's record to the batch and moves its partition's offset past it.
fn take(config: &StoreConfig, pending: &mut Pending, message: &rdkafka::message::BorrowedMessage) {
    let topic = message.topic();
    let payload = message.payload().unwrap_or_default();
    let t = &config.topics;
    let added = if topic == t.events {
        serde_json::from_slice::<Event>(payload).map(|e| pending.batch.add_event(&e))
    } else if topic == t.stories {
        serde_json::from_slice::<StoryUpdate>(payload)
            .map(|u| pending.batch.add_story_update(&u))
            .or_else(|_| {
                serde_json::from_slice::<Story>(payload).map(|s| pending.batch.add_story(&s, false))
            })
    } else {
        serde_json::from_slice::<EnrichedArticle>(payload).map(|a| pending.batch.add_article(&a))
    };
    counter!(CONSUMED, "topic" => topic.to_string()).increment(1);
    match added {
        Ok(()) => {
            pending.records += 1;
            *pending.by_topic.entry(topic.to_string()).or_default() += 1;
        }
        Err(e) => {
            counter!(ERRORS, "kind" => "decode").increment(1);
            warn!(topic, partition = message.partition(), offset = message.offset(), error = %e,
                "not a record of the topic's type: skipped");
        }
    }
    pending.offsets.insert(
        (topic.to_string(), message.partition()),
        message.offset() + 1,
    );
}

/// Writes the batch, retrying with backoff while it fails; false when `deadline` passed
/// first.
async fn write(
    store: &Store,
    pending: &Pending,
    readiness: &Readiness,
    backoff: &Backoff,
    deadline: Option<Instant>,
) -> bool {
    let mut delay = backoff.min;
    loop {
        let started = Instant::now();
        match store.write(&pending.batch).await {
            Ok(()) => {
                histogram!(BATCH_SECONDS).record(started.elapsed().as_secs_f64());
                for (topic, n) in &pending.by_topic {
                    counter!(WRITTEN, "topic" => topic.clone()).increment(*n);
                }
                if !readiness.database.load(Ordering::Relaxed) {
                    info!("database back: writing again");
                }
                readiness.set_database(true);
                return true;
            }
            Err(e) => {
                counter!(ERRORS, "kind" => "database").increment(1);
                if readiness.database.load(Ordering::Relaxed) {
                    warn!(error = %e, unavailable = e.is_unavailable(),
                        "writing a batch failed: pausing, retrying with backoff");
                }
                readiness.set_database(false);
            }
        }
        if deadline.is_some_and(|d| Instant::now() + delay > d) {
            return false;
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(backoff.max);
    }
}

/// Commits the batch's offsets (synchronously: the next batch starts after the broker has
/// them). A failed commit is logged: the next one covers its partitions.
fn commit(consumer: &StreamConsumer<Context>, pending: &Pending) {
    let mut list = TopicPartitionList::new();
    for ((topic, partition), offset) in &pending.offsets {
        if let Err(e) = list.add_partition_offset(topic, *partition, Offset::Offset(*offset)) {
            warn!(error = %e, "offset list");
        }
    }
    match consumer.commit(&list, CommitMode::Sync) {
        Ok(()) => info!(
            records = pending.records,
            "batch written; offsets committed"
        ),
        Err(e) => {
            ErrorKind::Commit.count();
            warn!(error = %e, "committing offsets failed; the next commit covers them");
        }
    }
}

struct Backoff {
    min: Duration,
    max: Duration,
}

impl Backoff {
    fn new(config: &StoreConfig) -> Self {
        Self {
            min: Duration::from_millis(config.backoff_min_ms),
            max: Duration::from_millis(config.backoff_max_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_settings_parse_and_bad_ones_are_refused() {
        let over = |text| herald_stream::layered::<StoreConfig>(&[SHIPPED, text], None, None);
        let c = StoreConfig::load(None, None).unwrap();
        assert_eq!(c.topics(), ["news.events", "news.stories", "news.enriched"]);
        assert!(over("batch_size = 0").is_err());
        assert!(over("backoff_min_ms = 10\nbackoff_max_ms = 5").is_err());
        assert!(over("databse = \"x\"").is_err());
        let c = over("[topics]\nstories = \"\"").unwrap();
        assert_eq!(c.topics(), ["news.events", "news.enriched"]);
    }

    #[test]
    fn readiness_names_what_is_missing() {
        let r = Readiness::default();
        r.kafka.store(true, Ordering::Relaxed);
        assert_eq!(r.state().1, "database unavailable\n");
        r.set_database(true);
        assert_eq!(r.state(), (StatusCode::OK, "ready\n"));
        r.stopping.store(true, Ordering::Relaxed);
        assert_eq!(r.state().1, "stopping\n");
    }
}
