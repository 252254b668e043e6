//! The Kafka clients: the producer, and the consumer with the context that reports health,
//! lag and errors and finishes a revoked partition's work before letting it go.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use metrics::gauge;
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, KafkaResult, RDKafkaErrorCode};
use rdkafka::producer::FutureProducer;
use rdkafka::statistics::Statistics;
use rdkafka::topic_partition_list::TopicPartitionList;
use tracing::{debug, info, warn};

use super::{broker_up, Health, InFlight};
use crate::config::MIN_RECORD_BYTES;
use crate::metrics::{ErrorKind, CONSUMER_LAG};
use crate::{client_properties, ServiceConfig, StreamError};

pub(super) type KafkaConsumer = rdkafka::consumer::StreamConsumer<Context>;

pub(super) struct Context {
    health: Arc<Health>,
    /// Messages taken and not yet done: a revoked partition's are waited for.
    pub(super) in_flight: Arc<InFlight>,
    /// Partitions revoked since the read loop last looked; their workers are retired.
    revoked: Mutex<Vec<i32>>,
    /// How long a revocation waits for the revoked partitions' work to finish.
    drain: Duration,
}

impl Context {
    /// The partitions revoked since the last call.
    pub(super) fn take_revoked(&self) -> Vec<i32> {
        std::mem::take(&mut self.revoked.lock().expect("revoked lock"))
    }

    /// Waits, up to the drain deadline or until stopping, for `partitions` to have no
    /// message in flight.
    fn finish(&self, partitions: &[i32]) {
        let deadline = Instant::now() + self.drain;
        while !self.health.stopping() && Instant::now() < deadline && self.in_flight.any(partitions)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl ClientContext for Context {
    fn stats(&self, stats: Statistics) {
        self.health.set_connected(broker_up(&stats));
        for (topic, t) in &stats.topics {
            for (partition, p) in &t.partitions {
                if *partition >= 0 && p.consumer_lag >= 0 {
                    gauge!(CONSUMER_LAG, "topic" => topic.clone(), "partition" => partition.to_string())
                        .set(p.consumer_lag as f64);
                }
            }
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::AllBrokersDown) {
            self.health.set_connected(false);
        }
        ErrorKind::Kafka.count();
        warn!(%error, reason, "kafka client error");
    }
}

fn partitions(list: &TopicPartitionList) -> Vec<i32> {
    list.elements().iter().map(|e| e.partition()).collect()
}

impl ConsumerContext for Context {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        let Rebalance::Revoke(list) = rebalance else {
            return;
        };
        let revoked = partitions(list);
        info!(partitions = ?revoked, "partitions revoked; finishing their work");
        self.health.set_assigned(false);
        // Let the revoked partitions' taken messages finish so their offsets are committed
        // here and not processed again by the next owner.
        self.finish(&revoked);
        commit(consumer, "revoke");
        self.revoked.lock().expect("revoked lock").extend(revoked);
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) => {
                let assigned = partitions(list);
                info!(partitions = ?assigned, "partitions assigned");
                self.health.set_assigned(!assigned.is_empty());
                self.health.set_connected(true);
            }
            Rebalance::Revoke(_) => {}
            Rebalance::Error(error) => warn!(%error, "rebalance error"),
        }
    }

    fn commit_callback(&self, result: KafkaResult<()>, offsets: &TopicPartitionList) {
        if Commit::of(result, "periodic") == Commit::Done {
            debug!(count = offsets.count(), "offsets committed");
        }
    }
}

/// What became of an offset commit.
#[derive(Debug, PartialEq, Eq)]
enum Commit {
    Done,
    /// Every stored offset was committed already (librdkafka commits each second).
    NoneNew,
    Failed,
}

impl Commit {
    /// What `result` says, counting and logging a failure of the commit made at `when`.
    fn of(result: KafkaResult<()>, when: &str) -> Self {
        match result {
            Ok(()) => Self::Done,
            Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => Self::NoneNew,
            Err(error) => {
                ErrorKind::Commit.count();
                warn!(%error, when, "offset commit failed");
                Self::Failed
            }
        }
    }
}

/// Commits the stored offsets now, and waits for the broker's answer.
pub(super) fn commit<C: Consumer<Context>>(consumer: &C, when: &str) {
    match Commit::of(consumer.commit_consumer_state(CommitMode::Sync), when) {
        Commit::Done => info!(when, "offsets committed"),
        Commit::NoneNew => info!(when, "offsets committed: none new since the last commit"),
        Commit::Failed => {}
    }
}

/// A producer that never loses an acknowledged record nor writes one twice on retry.
pub fn producer(config: &ServiceConfig) -> Result<FutureProducer, StreamError> {
    let mut client = ClientConfig::new();
    client.set("bootstrap.servers", &config.brokers);
    // Room for the largest record with its key and headers.
    client.set(
        "message.max.bytes",
        (config.max_record_bytes + MIN_RECORD_BYTES).to_string(),
    );
    client.extend(client_properties(&config.kafka, &config.producer)?);
    Ok(client
        .set("acks", "all")
        .set("enable.idempotence", "true")
        .create()?)
}

/// A consumer of the partitions it is assigned, from where it is told, outside any group's
/// offsets (`group` only names it): how a service reads a topic back into memory.
pub fn reader(
    brokers: &str,
    properties: Vec<(String, String)>,
    group: &str,
) -> Result<BaseConsumer, StreamError> {
    let mut client = ClientConfig::new();
    client
        .set("bootstrap.servers", brokers)
        .set("enable.partition.eof", "false");
    client.extend(properties);
    Ok(client
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .create()?)
}

/// The consumer of the input topic: offsets stored by the runtime once their work is done,
/// and committed by librdkafka each second.
pub(super) fn consumer(
    config: &ServiceConfig,
    health: Arc<Health>,
) -> Result<KafkaConsumer, StreamError> {
    let mut client = ClientConfig::new();
    client
        .set("bootstrap.servers", &config.brokers)
        .set("auto.offset.reset", "earliest")
        .set("statistics.interval.ms", "5000")
        .set("enable.partition.eof", "false")
        // Stored offsets are committed every second: after a crash, at most about a second
        // of work is done again (librdkafka's default is five).
        .set("auto.commit.interval.ms", "1000")
        // The runtime bounds the work it takes (max_in_flight); librdkafka's own prefetch
        // queue need not hold more than a few batches (its defaults allow 64 MB per client).
        .set("queued.min.messages", "10000")
        .set("queued.max.messages.kbytes", "16384");
    client.extend(client_properties(&config.kafka, &config.consumer)?);
    client
        .set("group.id", &config.group_id)
        .set("enable.auto.commit", "true")
        .set("enable.auto.offset.store", "false");
    let context = Context {
        health,
        in_flight: Arc::default(),
        revoked: Mutex::new(Vec::new()),
        drain: config.shutdown_deadline(),
    };
    Ok(client.create_with_context(context)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_with_no_new_offsets_is_no_failure() {
        let none_new = Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset));
        let failed = Err(KafkaError::ConsumerCommit(
            RDKafkaErrorCode::RequestTimedOut,
        ));
        assert_eq!(Commit::of(Ok(()), "test"), Commit::Done);
        assert_eq!(Commit::of(none_new, "test"), Commit::NoneNew);
        assert_eq!(Commit::of(failed, "test"), Commit::Failed);
    }
}
