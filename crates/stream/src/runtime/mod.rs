//! Consume → process → produce, at least once.
//!
//! One task reads the consumer and hands each message to its partition's worker through a
//! bounded channel (backpressure: the read waits when a partition has `max_in_flight`
//! messages taken). A worker processes its partition's messages in order, in batches, on a
//! blocking thread, enqueues the records they produce in order, and passes the delivery
//! futures to the partition's acknowledger, which waits for every delivery of a message
//! (re-sending failed ones with backoff, never dropping them) before it stores that
//! message's offset. librdkafka commits stored offsets periodically; the runtime also commits
//! on partition revocation and on shutdown.

mod acknowledge;
mod backoff;
mod clients;
mod health;
mod worker;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use metrics::{counter, gauge};
use rdkafka::consumer::Consumer;
use rdkafka::error::KafkaResult;
use rdkafka::message::{BorrowedMessage, OwnedMessage};
use rdkafka::producer::{FutureProducer, Producer};
use rdkafka::Message;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tracing::{error, info, warn};

pub use clients::{producer, reader};
pub use health::{broker_up, Health};

use crate::metrics::{ErrorKind, CONSUMED, IN_FLIGHT};
use crate::{Processor, ServiceConfig, StreamError};
use clients::{commit, KafkaConsumer};

/// Messages taken and not yet done, by input partition.
#[derive(Debug, Default)]
struct InFlight(Mutex<HashMap<i32, usize>>);

impl InFlight {
    /// Counts one message of `partition` until the returned guard is dropped.
    fn take(self: &Arc<Self>, partition: i32) -> Counted {
        self.add(partition, 1);
        Counted {
            in_flight: Arc::clone(self),
            partition,
        }
    }

    /// Whether any of `partitions` has messages in flight.
    fn any(&self, partitions: &[i32]) -> bool {
        let counts = self.0.lock().expect("in-flight lock");
        partitions
            .iter()
            .any(|p| counts.get(p).is_some_and(|&n| n > 0))
    }

    fn add(&self, partition: i32, n: isize) {
        let mut counts = self.0.lock().expect("in-flight lock");
        let count = counts.entry(partition).or_default();
        *count = count.saturating_add_signed(n);
        gauge!(IN_FLIGHT).increment(n as f64);
    }
}

/// One message in flight: counted from its read until its offset is stored (or it is given up).
#[derive(Debug)]
struct Counted {
    in_flight: Arc<InFlight>,
    partition: i32,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.in_flight.add(self.partition, -1);
    }
}

/// What every worker needs.
struct Shared<P> {
    processor: P,
    consumer: KafkaConsumer,
    producer: FutureProducer,
    config: ServiceConfig,
    fatal: mpsc::UnboundedSender<StreamError>,
}

/// A message taken from the consumer, counted in flight.
struct Taken {
    message: OwnedMessage,
    counted: Counted,
}

/// Runs the service until `shutdown` resolves (then drains within the configured deadline,
/// flushes and commits) or a fatal error occurs.
pub async fn run<P: Processor>(
    config: ServiceConfig,
    processor: P,
    health: Arc<Health>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), StreamError> {
    let (fatal_tx, mut fatal_rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        consumer: clients::consumer(&config, health.clone())?,
        producer: producer(&config)?,
        processor,
        config,
        fatal: fatal_tx,
    });
    shared.consumer.subscribe(&[&shared.config.topics.input])?;
    info!(
        topic = %shared.config.topics.input,
        group = %shared.config.group_id,
        brokers = %shared.config.brokers,
        "consuming"
    );
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    let outcome = consume(&shared, &mut tasks, shutdown, &mut fatal_rx).await;
    health.set_stopping();
    stop(shared, tasks, &outcome).await;
    outcome?;
    // A fatal error met while draining is still an error.
    fatal_rx.try_recv().map_or(Ok(()), Err)
}

/// Hands each message read to its partition's worker until `shutdown` resolves or a worker
/// meets a fatal error.
async fn consume<P: Processor>(
    shared: &Arc<Shared<P>>,
    tasks: &mut JoinSet<()>,
    mut shutdown: Pin<&mut impl Future<Output = ()>>,
    fatal: &mut mpsc::UnboundedReceiver<StreamError>,
) -> Result<(), StreamError> {
    let mut workers: HashMap<i32, mpsc::Sender<Taken>> = HashMap::new();
    loop {
        let received = tokio::select! {
            () = &mut shutdown => return Ok(()),
            Some(e) = fatal.recv() => return Err(e),
            m = shared.consumer.recv() => m,
        };
        for partition in shared.consumer.context().take_revoked() {
            workers.remove(&partition);
        }
        let Some(taken) = admit(shared, received) else {
            continue;
        };
        let partition = taken.message.partition();
        let tx = workers.entry(partition).or_insert_with(|| {
            let (tx, rx) = mpsc::channel(shared.config.max_in_flight);
            tasks.spawn(worker::worker(shared.clone(), partition, rx));
            tx
        });
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            sent = tx.send(taken) => {
                if sent.is_err() {
                    // The worker stopped on a fatal error, reported on `fatal`.
                    workers.remove(&partition);
                }
            }
        }
    }
}

/// A message read, counted; none after a consume error.
fn admit<P>(shared: &Shared<P>, received: KafkaResult<BorrowedMessage<'_>>) -> Option<Taken> {
    let message = received
        .map_err(|error| {
            ErrorKind::Consume.count();
            warn!(%error, "consume error");
        })
        .ok()?
        .detach();
    counter!(CONSUMED, "topic" => message.topic().to_string()).increment(1);
    let in_flight = &shared.consumer.context().in_flight;
    let counted = in_flight.take(message.partition());
    Some(Taken { message, counted })
}

/// Lets the workers finish within the shutdown deadline (or aborts them after a fatal
/// error), flushes the producer, commits and closes the clients.
async fn stop<P: Processor>(
    shared: Arc<Shared<P>>,
    mut tasks: JoinSet<()>,
    outcome: &Result<(), StreamError>,
) {
    let deadline = Instant::now() + shared.config.shutdown_deadline();
    let left = || deadline.saturating_duration_since(Instant::now());
    if let Err(error) = outcome {
        error!(%error, "stopping on a fatal error");
        tasks.abort_all();
    } else {
        info!("stopping: finishing taken messages");
        if !crate::service::join_until(&mut tasks, deadline).await {
            warn!("shutdown deadline passed: unfinished messages will be delivered again");
        }
        let grace = left().max(Duration::from_millis(100));
        if let Err(error) = shared.producer.flush(grace) {
            warn!(%error, "flush failed");
        }
    }
    // The aborted tasks let go of their share of the clients.
    while tasks.join_next().await.is_some() {}
    close(shared, left().max(Duration::from_secs(1))).await;
}

/// Commits the stored offsets and closes the clients (the consumer leaves its group),
/// giving up after `bound`: librdkafka's synchronous commit and close wait for the broker's
/// answer, forever when the broker hangs. They run on a thread of their own, left behind if
/// the bound passes; the offsets not committed are delivered again to the next owner.
async fn close<P: Processor>(shared: Arc<Shared<P>>, bound: Duration) {
    let (done, closed) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        commit(&shared.consumer, "shutdown");
        drop(shared);
        let _ = done.send(());
    });
    if tokio::time::timeout(bound, closed).await.is_err() {
        ErrorKind::Commit.count();
        warn!(
            waited_ms = bound.as_millis() as u64,
            "the broker did not answer the last commit: messages since the previous commit will be delivered again"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_counts_until_its_guard_is_dropped() {
        let in_flight = Arc::new(InFlight::default());
        let first = in_flight.take(3);
        let second = in_flight.take(3);
        assert!(in_flight.any(&[1, 3]) && !in_flight.any(&[1, 2]));
        drop(first);
        assert!(in_flight.any(&[3]));
        drop(second);
        assert!(!in_flight.any(&[3]));
    }
}
