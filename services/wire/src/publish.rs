//! Each item once, durably: a new item (or a new version) is produced to the output topic
//! keyed by its id, and only once the broker has acknowledged it is it marked seen (in the
//! seen topic and in memory). A crash between the two sends the item again once: records
//! are idempotent by id downstream.

use std::sync::Arc;
use std::time::Duration;

use herald_model::RawArticle;
use herald_stream::{Health, MIN_RECORD_BYTES};
use metrics::counter;
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use rdkafka::statistics::Statistics;
use tracing::{debug, warn};

use crate::config::WireConfig;
use crate::error::{PublishError, WireError};
use crate::metrics::ITEMS;
use crate::seen::{encode_version, Seen};

/// Keeps the health's broker state from the producer's statistics and errors.
pub struct Context(pub Arc<Health>);

impl ClientContext for Context {
    fn stats(&self, stats: Statistics) {
        self.0.set_connected(herald_stream::broker_up(&stats));
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::AllBrokersDown) {
            self.0.set_connected(false);
        }
        counter!(herald_stream::metrics::ERRORS, "kind" => "kafka").increment(1);
        warn!(%error, reason, "kafka client error");
    }
}

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Produced and acknowledged.
    Stored,
    /// This version was sent before.
    Duplicate,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Self::Stored => "stored",
            Self::Duplicate => "duplicate",
        }
    }
}

pub struct Publisher {
    producer: FutureProducer<Context>,
    output: String,
    seen_topic: String,
    seen: Arc<Seen>,
    max_record_bytes: usize,
    health: Arc<Health>,
}

impl Publisher {
    pub fn new(
        config: &WireConfig,
        seen: Arc<Seen>,
        health: Arc<Health>,
    ) -> Result<Self, WireError> {
        let mut client = ClientConfig::new();
        client
            .set("bootstrap.servers", &config.brokers)
            .set("statistics.interval.ms", "1000")
            .set("linger.ms", "2")
            // A record not acknowledged within the push wait is reported failed (503), and
            // the poller sends it again.
            .set("message.timeout.ms", config.push.ack_timeout_ms.to_string())
            .set(
                "message.max.bytes",
                (config.max_record_bytes + MIN_RECORD_BYTES).to_string(),
            );
        for (k, v) in herald_stream::client_properties(&config.kafka, &config.producer)? {
            client.set(k, v);
        }
        // Durable (acks=all), not idempotent: with idempotence a record that times out
        // while the broker is unreachable bumps the producer's epoch, and a broker that
        // does not follow (tansu 0.6) fences it for good. A retried send may store a record
        // twice; records are idempotent by id downstream.
        let producer = client
            .set("acks", "all")
            .set("enable.idempotence", "false")
            .create_with_context(Context(health.clone()))?;
        Ok(Self {
            producer,
            output: config.topics.output.clone(),
            seen_topic: config.topics.seen.clone(),
            seen,
            max_record_bytes: config.max_record_bytes,
            health,
        })
    }

    pub fn is_new(&self, raw: &RawArticle) -> bool {
        self.seen.is_new(&raw.id, raw.version.unwrap_or(0))
    }

    /// Sends `raw` unless its version was sent before; returns once the broker holds it.
    pub async fn publish(&self, raw: &RawArticle) -> Result<Outcome, PublishError> {
        let version = raw.version.unwrap_or(0);
        if !self.seen.is_new(&raw.id, version) {
            counter!(ITEMS, "outcome" => "duplicate").increment(1);
            return Ok(Outcome::Duplicate);
        }
        if !self.health.connected() {
            return Err(PublishError::Unreachable);
        }
        let payload = serde_json::to_vec(raw).expect("a record serialises");
        let size = payload.len() + raw.id.len();
        if size > self.max_record_bytes {
            let limit = self.max_record_bytes;
            return Err(PublishError::TooLarge { size, limit });
        }
        self.send(&self.output, &raw.id, &payload).await?;
        counter!(ITEMS, "outcome" => "stored").increment(1);
        counter!(herald_stream::metrics::PRODUCED, "topic" => self.output.clone()).increment(1);
        self.seen.insert(&raw.id, version);
        self.mark(&raw.id, version);
        debug!(item_id = %raw.id, version, "stored");
        Ok(Outcome::Stored)
    }

    async fn send(&self, topic: &str, key: &str, payload: &[u8]) -> Result<(), PublishError> {
        let record = FutureRecord::to(topic).key(key).payload(payload);
        match self.producer.send(record, Duration::from_secs(1)).await {
            Ok(_) => Ok(()),
            Err((error, _)) => {
                counter!(herald_stream::metrics::ERRORS, "kind" => "delivery").increment(1);
                Err(PublishError::Delivery(error.to_string()))
            }
        }
    }

    /// Records in the seen topic that `version` of `id` is stored. Not awaited: a mark lost
    /// to a crash sends the item once more.
    fn mark(&self, id: &str, version: u64) {
        let value = encode_version(version);
        let record = FutureRecord::to(&self.seen_topic).key(id).payload(&value);
        if let Err((error, _)) = self.producer.send_result(record) {
            counter!(herald_stream::metrics::ERRORS, "kind" => "seen").increment(1);
            warn!(%error, item_id = %id, "not marked seen: it may be sent again once");
        }
    }

    /// Waits up to `wait` for every record handed to the producer.
    pub fn flush(&self, wait: Duration) {
        if let Err(error) = self.producer.flush(wait) {
            warn!(%error, "flush failed");
        }
    }
}
