//! Metric names, in one place, and the Prometheus recorder. Every service exports the same
//! set; Prometheus tells the services apart by their scrape job.

use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::StreamError;

/// Input messages taken from the broker, by topic.
pub const CONSUMED: &str = "herald_messages_consumed_total";
/// Records acknowledged by the broker, by topic (dead letters included).
pub const PRODUCED: &str = "herald_messages_produced_total";
/// Messages sent to the dead-letter topic, by reason and stage.
pub const DEAD_LETTERS: &str = "herald_dead_letters_total";
/// Errors the service recovered from (retried), by kind.
pub const ERRORS: &str = "herald_errors_total";
/// Time spent in each stage, in seconds.
pub const STAGE_SECONDS: &str = "herald_stage_seconds";
/// Messages between the committed offset and the end of each input partition.
pub const CONSUMER_LAG: &str = "herald_consumer_lag";
/// Messages taken but not yet done (processed, produced, acknowledged, offset stored).
pub const IN_FLIGHT: &str = "herald_in_flight";
/// Bytes the service holds on its heap (`heap::in_use`), read at each scrape.
pub const HEAP_BYTES: &str = "herald_heap_bytes";

/// The kinds of [`ERRORS`] the runtime recovers from (a retried rejection counts under its
/// own reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Kafka,
    Commit,
    Consume,
    /// The producer's queue was full: the record waits.
    QueueFull,
    /// The producer refused a record.
    Produce,
    /// A record was not delivered: it is sent again.
    Delivery,
}

impl ErrorKind {
    /// Counts one error of this kind.
    pub fn count(self) {
        let kind = match self {
            Self::Kafka => "kafka",
            Self::Commit => "commit",
            Self::Consume => "consume",
            Self::QueueFull => "queue_full",
            Self::Produce => "produce",
            Self::Delivery => "delivery",
        };
        metrics::counter!(ERRORS, "kind" => kind).increment(1);
    }
}

/// Stage-time buckets, in seconds: 10 µs to 10 s.
const BUCKETS: &[f64] = &[
    0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
    2.5, 10.0,
];

/// Installs the process-wide recorder; its handle renders the text exposition format.
pub fn install() -> Result<PrometheusHandle, StreamError> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(STAGE_SECONDS.to_string()), BUCKETS)
        .and_then(PrometheusBuilder::install_recorder)
        .map_err(|e| StreamError::Config(e.to_string()))?;
    describe_counter!(CONSUMED, "input messages taken from the broker");
    describe_counter!(PRODUCED, "records acknowledged by the broker");
    describe_counter!(DEAD_LETTERS, "messages sent to the dead-letter topic");
    describe_counter!(ERRORS, "errors recovered from by retrying");
    describe_histogram!(STAGE_SECONDS, Unit::Seconds, "time spent in each stage");
    describe_gauge!(
        CONSUMER_LAG,
        "messages between the committed offset and the end of the partition"
    );
    describe_gauge!(IN_FLIGHT, "messages taken but not yet done");
    describe_gauge!(
        HEAP_BYTES,
        Unit::Bytes,
        "bytes held on the heap (not counting librdkafka's own buffers)"
    );
    Ok(handle)
}

/// The text exposition of every metric, with the heap gauge read now.
pub fn render(handle: &PrometheusHandle) -> String {
    metrics::gauge!(HEAP_BYTES).set(crate::heap::in_use() as f64);
    handle.render()
}
