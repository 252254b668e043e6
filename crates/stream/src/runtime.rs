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

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use herald_extract::{prefix, ErrorClass};
use metrics::{counter, gauge, histogram};
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, KafkaResult, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders, OwnedMessage};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord, Producer};
use rdkafka::statistics::Statistics;
use rdkafka::topic_partition_list::TopicPartitionList;
use rdkafka::Message;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tracing::{debug, error, info, warn};

use crate::config::MIN_RECORD_BYTES;
use crate::metrics::{CONSUMED, CONSUMER_LAG, DEAD_LETTERS, ERRORS, IN_FLIGHT, PRODUCED};
use crate::{dead_letter, Processor, Record, Rejection, ServiceConfig, StreamError};

/// Readiness, shared with the HTTP endpoints.
#[derive(Debug, Default)]
pub struct Health {
    connected: AtomicBool,
    assigned: AtomicBool,
    stopping: AtomicBool,
}

impl Health {
    /// Connected to a broker, holding partitions, and not stopping.
    pub fn ready(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
            && self.assigned.load(Ordering::Relaxed)
            && !self.stopping.load(Ordering::Relaxed)
    }

    /// Whether a broker is reachable (a service that runs no [`run`] sets it itself).
    pub fn set_connected(&self, up: bool) {
        self.connected.store(up, Ordering::Relaxed);
    }

    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    /// Whether the service has what it needs to work (partitions, or its own state).
    pub fn set_assigned(&self, assigned: bool) {
        self.assigned.store(assigned, Ordering::Relaxed);
    }

    pub fn set_stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }
}

/// Messages taken and not yet done, by input partition.
type InFlight = Mutex<HashMap<i32, usize>>;

struct Context {
    health: Arc<Health>,
    in_flight: Arc<InFlight>,
    /// Partitions revoked since the read loop last looked; their workers are retired.
    revoked: Mutex<Vec<i32>>,
    /// How long a revocation waits for the revoked partitions' work to finish.
    drain: Duration,
}

impl ClientContext for Context {
    fn stats(&self, stats: Statistics) {
        let up = stats.brokers.values().any(|b| b.state == "UP");
        self.health.connected.store(up, Ordering::Relaxed);
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
            self.health.connected.store(false, Ordering::Relaxed);
        }
        counter!(ERRORS, "kind" => "kafka").increment(1);
        warn!(%error, reason, "kafka client error");
    }
}

impl ConsumerContext for Context {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        let Rebalance::Revoke(list) = rebalance else {
            return;
        };
        let partitions: Vec<i32> = list.elements().iter().map(|e| e.partition()).collect();
        info!(?partitions, "partitions revoked; finishing their work");
        self.health.assigned.store(false, Ordering::Relaxed);
        // Let the revoked partitions' taken messages finish so their offsets are committed
        // here and not processed again by the next owner.
        let deadline = Instant::now() + self.drain;
        while !self.health.stopping.load(Ordering::Relaxed) && Instant::now() < deadline {
            let busy = {
                let in_flight = self.in_flight.lock().expect("in-flight lock");
                partitions
                    .iter()
                    .any(|p| in_flight.get(p).copied().unwrap_or(0) > 0)
            };
            if !busy {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        commit(consumer, "revoke");
        self.revoked
            .lock()
            .expect("revoked lock")
            .extend(partitions);
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) => {
                let partitions: Vec<i32> = list.elements().iter().map(|e| e.partition()).collect();
                info!(?partitions, "partitions assigned");
                self.health
                    .assigned
                    .store(!partitions.is_empty(), Ordering::Relaxed);
                self.health.connected.store(true, Ordering::Relaxed);
            }
            Rebalance::Revoke(_) => {}
            Rebalance::Error(error) => warn!(%error, "rebalance error"),
        }
    }

    fn commit_callback(&self, result: KafkaResult<()>, offsets: &TopicPartitionList) {
        match result {
            Ok(()) => debug!(count = offsets.count(), "offsets committed"),
            Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
            Err(error) => {
                counter!(ERRORS, "kind" => "commit").increment(1);
                warn!(%error, "offset commit failed");
            }
        }
    }
}

fn commit<C: Consumer<Context>>(consumer: &C, when: &str) {
    match consumer.commit_consumer_state(CommitMode::Sync) {
        Ok(()) => info!(when, "offsets committed"),
        // Every stored offset was committed already (librdkafka commits each second).
        Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {
            info!(when, "offsets committed: none new since the last commit");
        }
        Err(error) => {
            counter!(ERRORS, "kind" => "commit").increment(1);
            warn!(%error, when, "offset commit failed");
        }
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
    for (k, v) in config.client_properties(&config.producer)? {
        client.set(k, v);
    }
    Ok(client
        .set("acks", "all")
        .set("enable.idempotence", "true")
        .create()?)
}

type KafkaConsumer = rdkafka::consumer::StreamConsumer<Context>;

fn consumer(
    config: &ServiceConfig,
    health: Arc<Health>,
    in_flight: Arc<InFlight>,
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
    for (k, v) in config.client_properties(&config.consumer)? {
        client.set(k, v);
    }
    client
        .set("group.id", &config.group_id)
        .set("enable.auto.commit", "true")
        .set("enable.auto.offset.store", "false");
    let context = Context {
        health,
        in_flight,
        revoked: Mutex::new(Vec::new()),
        drain: config.shutdown_deadline(),
    };
    Ok(client.create_with_context(context)?)
}

/// What every worker needs.
struct Shared<P> {
    processor: P,
    consumer: KafkaConsumer,
    producer: FutureProducer,
    config: ServiceConfig,
    in_flight: Arc<InFlight>,
    fatal: mpsc::UnboundedSender<StreamError>,
}

/// A message processed, its records enqueued, waiting for their acknowledgements.
struct Pending {
    offset: i64,
    deliveries: Vec<(Record, OwnedHeaders, DeliveryFuture)>,
}

/// Runs the service until `shutdown` resolves (then drains within the configured deadline,
/// flushes and commits) or a fatal error occurs.
pub async fn run<P: Processor>(
    config: ServiceConfig,
    processor: P,
    health: Arc<Health>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), StreamError> {
    let in_flight = Arc::new(InFlight::default());
    let (fatal_tx, mut fatal_rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        consumer: consumer(&config, health.clone(), in_flight.clone())?,
        producer: producer(&config)?,
        processor,
        config,
        in_flight,
        fatal: fatal_tx,
    });
    shared.consumer.subscribe(&[&shared.config.topics.input])?;
    info!(
        topic = %shared.config.topics.input,
        group = %shared.config.group_id,
        brokers = %shared.config.brokers,
        "consuming"
    );

    let mut workers: HashMap<i32, mpsc::Sender<OwnedMessage>> = HashMap::new();
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    let outcome = loop {
        let message = tokio::select! {
            () = &mut shutdown => break Ok(()),
            Some(e) = fatal_rx.recv() => break Err(e),
            m = shared.consumer.recv() => m,
        };
        for p in shared
            .consumer
            .context()
            .revoked
            .lock()
            .expect("revoked lock")
            .drain(..)
        {
            workers.remove(&p);
        }
        let message = match message {
            Ok(m) => m.detach(),
            Err(error) => {
                counter!(ERRORS, "kind" => "consume").increment(1);
                warn!(%error, "consume error");
                continue;
            }
        };
        counter!(CONSUMED, "topic" => message.topic().to_string()).increment(1);
        let partition = message.partition();
        *shared
            .in_flight
            .lock()
            .expect("in-flight lock")
            .entry(partition)
            .or_default() += 1;
        gauge!(IN_FLIGHT).increment(1.0);
        let tx = workers.entry(partition).or_insert_with(|| {
            let (tx, rx) = mpsc::channel(shared.config.max_in_flight);
            tasks.spawn(worker(shared.clone(), partition, rx));
            tx
        });
        tokio::select! {
            () = &mut shutdown => break Ok(()),
            sent = tx.send(message) => {
                if sent.is_err() {
                    // The worker stopped on a fatal error, reported on `fatal`.
                    workers.remove(&partition);
                }
            }
        }
    };

    health.stopping.store(true, Ordering::Relaxed);
    drop(workers);
    let deadline = Instant::now() + shared.config.shutdown_deadline();
    if let Err(error) = &outcome {
        error!(%error, "stopping on a fatal error");
        tasks.abort_all();
    } else {
        info!("stopping: finishing taken messages");
        let drained = tokio::time::timeout_at(deadline.into(), async {
            while tasks.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            warn!("shutdown deadline passed: unfinished messages will be delivered again");
            tasks.abort_all();
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if let Err(error) = shared.producer.flush(left.max(Duration::from_millis(100))) {
            warn!(%error, "flush failed");
        }
    }
    // The aborted tasks let go of their share of the clients.
    while tasks.join_next().await.is_some() {}
    let left = deadline.saturating_duration_since(Instant::now());
    close(shared, left.max(Duration::from_secs(1))).await;
    outcome?;
    // A fatal error met while draining is still an error.
    match fatal_rx.try_recv() {
        Ok(e) => Err(e),
        Err(_) => Ok(()),
    }
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
        counter!(ERRORS, "kind" => "commit").increment(1);
        warn!(
            waited_ms = bound.as_millis() as u64,
            "the broker did not answer the last commit: messages since the previous commit will be delivered again"
        );
    }
}

/// Processes one partition's messages in order and hands their deliveries to the acknowledger.
async fn worker<P: Processor>(
    shared: Arc<Shared<P>>,
    partition: i32,
    mut rx: mpsc::Receiver<OwnedMessage>,
) {
    let (ack_tx, ack_rx) = mpsc::channel(shared.config.max_in_flight);
    let acker = tokio::spawn(acknowledge(shared.clone(), partition, ack_rx));
    let batch_size = shared.config.batch_size;
    let mut batch = Vec::with_capacity(batch_size);
    while rx.recv_many(&mut batch, batch_size).await > 0 {
        let mut results = {
            let shared = shared.clone();
            let batch = std::mem::take(&mut batch);
            tokio::task::spawn_blocking(move || {
                batch
                    .into_iter()
                    .map(|m| {
                        let r = process(&shared, &m);
                        (m, r)
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .expect("the stages do not panic")
        };
        for (message, result) in results.drain(..) {
            let records = match result {
                Ok(records) => records
                    .into_iter()
                    .map(|r| (r, OwnedHeaders::new()))
                    .collect(),
                Err(rejection) => match retry(&shared, &message, rejection).await {
                    Ok(records) => records,
                    Err(rejection) => {
                        let _ = shared.fatal.send(StreamError::Fatal {
                            stage: rejection.stage,
                            message: rejection.message,
                        });
                        return;
                    }
                },
            };
            let mut deliveries = Vec::with_capacity(records.len());
            for (record, headers) in records {
                let delivery = enqueue(&shared.producer, &record, &headers).await;
                deliveries.push((record, headers, delivery));
            }
            let pending = Pending {
                offset: message.offset(),
                deliveries,
            };
            if ack_tx.send(pending).await.is_err() {
                return;
            }
        }
    }
    drop(ack_tx);
    let _ = acker.await;
}

fn process<P: Processor>(
    shared: &Shared<P>,
    message: &OwnedMessage,
) -> Result<Vec<Record>, Rejection> {
    let payload = message.payload().filter(|p| !p.is_empty()).ok_or_else(|| {
        Rejection::poison("consume", "empty_message", "the message has no payload")
    })?;
    let limit = shared.config.max_message_bytes;
    if payload.len() > limit {
        return Err(Rejection::poison(
            "consume",
            "message_too_large",
            format!(
                "message of {} bytes is over the limit of {limit} bytes",
                payload.len()
            ),
        ));
    }
    let records = shared.processor.process(payload, &mut |stage, took| {
        histogram!(crate::metrics::STAGE_SECONDS, "stage" => stage).record(took.as_secs_f64());
    })?;
    let limit = shared.config.max_record_bytes;
    if let Some(r) = records
        .iter()
        .find(|r| r.key.len() + r.payload.len() > limit)
    {
        return Err(Rejection::poison(
            "produce",
            "record_too_large",
            format!(
                "the record for {} would be {} bytes, over the limit of {limit} bytes",
                r.topic,
                r.key.len() + r.payload.len()
            ),
        ));
    }
    Ok(records)
}

/// What becomes of a rejected message: poison goes to the dead-letter topic, retryable
/// errors are retried with backoff until they pass, fatal ones stop the service.
async fn retry<P: Processor>(
    shared: &Arc<Shared<P>>,
    message: &OwnedMessage,
    mut rejection: Rejection,
) -> Result<Vec<(Record, OwnedHeaders)>, Rejection> {
    let mut backoff = Backoff::default();
    loop {
        match rejection.class {
            ErrorClass::Poison => return Ok(vec![dead_letter(shared, message, &rejection)]),
            ErrorClass::Fatal => return Err(rejection),
            ErrorClass::Retryable => {
                counter!(ERRORS, "kind" => rejection.reason).increment(1);
                warn!(
                    partition = message.partition(),
                    offset = message.offset(),
                    reason = rejection.reason,
                    error = %rejection.message,
                    "retrying"
                );
                backoff.wait().await;
                let again = {
                    let shared = shared.clone();
                    let message = message.clone();
                    tokio::task::spawn_blocking(move || process(&shared, &message))
                        .await
                        .expect("the stages do not panic")
                };
                match again {
                    Ok(records) => {
                        return Ok(records
                            .into_iter()
                            .map(|r| (r, OwnedHeaders::new()))
                            .collect())
                    }
                    Err(r) => rejection = r,
                }
            }
        }
    }
}

/// Longest key and error text a dead letter carries, in bytes.
const DLQ_FIELD_BYTES: usize = 1024;

fn dead_letter<P>(
    shared: &Shared<P>,
    message: &OwnedMessage,
    rejection: &Rejection,
) -> (Record, OwnedHeaders) {
    let key = String::from_utf8_lossy(message.key().unwrap_or_default());
    let input = Input {
        topic: message.topic(),
        partition: message.partition(),
        offset: message.offset(),
    };
    dead_letter_of(
        &shared.config,
        &input,
        &key,
        message.payload().unwrap_or_default(),
        rejection,
    )
}

/// Where a message was read.
struct Input<'a> {
    topic: &'a str,
    partition: i32,
    offset: i64,
}

/// The dead letter of the input message at `input`: its key and payload, cut to what the
/// topic takes, with headers saying why, where, and how long the payload was if it was cut.
fn dead_letter_of(
    config: &ServiceConfig,
    input: &Input<'_>,
    key: &str,
    payload: &[u8],
    rejection: &Rejection,
) -> (Record, OwnedHeaders) {
    counter!(DEAD_LETTERS, "reason" => rejection.reason, "stage" => rejection.stage).increment(1);
    let key = prefix(key, DLQ_FIELD_BYTES);
    warn!(
        article_id = %key,
        partition = input.partition,
        offset = input.offset,
        stage = rejection.stage,
        reason = rejection.reason,
        error = %rejection.message,
        "dead-lettered"
    );
    let room = config.max_record_bytes - MIN_RECORD_BYTES / 2;
    let partition = input.partition.to_string();
    let offset = input.offset.to_string();
    let size = payload.len().to_string();
    let mut headers = vec![
        (dead_letter::REASON, rejection.reason),
        (dead_letter::STAGE, rejection.stage),
        (
            dead_letter::ERROR,
            prefix(&rejection.message, DLQ_FIELD_BYTES),
        ),
        (dead_letter::TOPIC, input.topic),
        (dead_letter::PARTITION, partition.as_str()),
        (dead_letter::OFFSET, offset.as_str()),
    ];
    if payload.len() > room {
        headers.push((dead_letter::TRUNCATED, size.as_str()));
    }
    let headers = headers
        .into_iter()
        .fold(OwnedHeaders::new(), |h, (key, value)| {
            h.insert(Header {
                key,
                value: Some(value),
            })
        });
    let record = Record {
        topic: config.topics.dlq.clone(),
        key: key.to_string(),
        payload: payload[..payload.len().min(room)].to_vec(),
    };
    (record, headers)
}

/// Enqueues a record, waiting while the producer's queue is full.
async fn enqueue(
    producer: &FutureProducer,
    record: &Record,
    headers: &OwnedHeaders,
) -> DeliveryFuture {
    let mut backoff = Backoff::default();
    loop {
        let future = FutureRecord::to(&record.topic)
            .key(&record.key)
            .payload(&record.payload)
            .headers(headers.clone());
        match producer.send_result(future) {
            Ok(delivery) => return delivery,
            Err((error, _)) => {
                let kind = match error.rdkafka_error_code() {
                    Some(RDKafkaErrorCode::QueueFull) => "queue_full",
                    _ => "produce",
                };
                counter!(ERRORS, "kind" => kind).increment(1);
                if kind != "queue_full" {
                    warn!(%error, topic = %record.topic, "produce failed; retrying");
                }
                backoff.wait().await;
            }
        }
    }
}

/// Waits for every delivery of each message in order, re-sending failures, then stores the
/// message's offset. A record the broker refuses as too large is replaced by a dead letter
/// of it: sending it again could never succeed.
async fn acknowledge<P>(shared: Arc<Shared<P>>, partition: i32, mut rx: mpsc::Receiver<Pending>) {
    let topic = shared.config.topics.input.clone();
    while let Some(pending) = rx.recv().await {
        for (mut record, mut headers, mut delivery) in pending.deliveries {
            let mut backoff = Backoff::default();
            loop {
                match delivery.await {
                    Ok(Ok(_)) => {
                        counter!(PRODUCED, "topic" => record.topic.clone()).increment(1);
                        debug!(
                            article_id = %record.key,
                            topic = %record.topic,
                            partition,
                            offset = pending.offset,
                            "produced"
                        );
                        break;
                    }
                    Ok(Err((error, _)))
                        if too_large(&error) && record.topic != shared.config.topics.dlq =>
                    {
                        let rejection = Rejection::poison(
                            "produce",
                            "record_too_large",
                            format!(
                                "the broker refused the record for {}: {error}",
                                record.topic
                            ),
                        );
                        let input = Input {
                            topic: &topic,
                            partition,
                            offset: pending.offset,
                        };
                        (record, headers) = dead_letter_of(
                            &shared.config,
                            &input,
                            &record.key,
                            &record.payload,
                            &rejection,
                        );
                    }
                    Ok(Err((error, _))) => {
                        counter!(ERRORS, "kind" => "delivery").increment(1);
                        warn!(%error, article_id = %record.key, topic = %record.topic, "delivery failed; sending again");
                        backoff.wait().await;
                    }
                    Err(_) => {
                        counter!(ERRORS, "kind" => "delivery").increment(1);
                        warn!(article_id = %record.key, "delivery lost; sending again");
                        backoff.wait().await;
                    }
                }
                delivery = enqueue(&shared.producer, &record, &headers).await;
            }
        }
        if let Err(error) = shared
            .consumer
            .store_offset(&topic, partition, pending.offset)
        {
            // The partition was revoked: its next owner processes the message again.
            debug!(%error, partition, offset = pending.offset, "offset not stored");
        }
        *shared
            .in_flight
            .lock()
            .expect("in-flight lock")
            .entry(partition)
            .or_default() -= 1;
        gauge!(IN_FLIGHT).decrement(1.0);
    }
}

/// The broker refuses the record for its size: sending it again cannot succeed.
fn too_large(error: &KafkaError) -> bool {
    matches!(
        error.rdkafka_error_code(),
        Some(RDKafkaErrorCode::MessageSizeTooLarge | RDKafkaErrorCode::MessageBatchTooLarge)
    )
}

/// Exponential backoff from 50 ms to 5 s.
struct Backoff(Duration);

impl Default for Backoff {
    fn default() -> Self {
        Self(Duration::from_millis(50))
    }
}

impl Backoff {
    async fn wait(&mut self) {
        tokio::time::sleep(self.0).await;
        self.0 = (self.0 * 2).min(Duration::from_secs(5));
    }
}
