//! The owner of the story log's partitions: the story stage run on each partition in log
//! order, its updates published, its state kept in the changelog topic.
//!
//! **State.** For each owned partition p of the story log, changelog partition p holds one
//! record per live story (`story/<id>`: a [`Snapshot`]; a tombstone once the story closed or
//! merged away) and one record of how far the log was applied (`offset/<p>`: the log offset
//! and the stage's clock). When the owner gets a partition it reads that changelog partition
//! to its end and restores the stage from it before it applies a message.
//!
//! **At least once, never counted twice.** Messages are applied in batches. A batch's
//! updates go to the output topic, then the snapshots and tombstones of the stories it
//! touched to the changelog (snapshots before tombstones, so that a merge is never lost
//! half-written); only once the broker has acknowledged them all is the offset record
//! written, and only once that is acknowledged is the log offset committed. After a crash
//! the next owner restores the last recorded state and applies again the messages after the
//! recorded offset: their articles may already be members of the restored stories, and an
//! article's mentions are keyed by (article id, event id), so nothing is counted twice.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use herald_extract::stories::{Clock, Snapshot, Stories, StoriesConfig};
use herald_model::StoryUpdate;
use herald_stream::metrics::{ErrorKind, CONSUMED, DEAD_LETTERS, ERRORS, PRODUCED, STAGE_SECONDS};
use herald_stream::{dead_letter, decode_article, ServiceConfig, StreamError};
use metrics::{counter, gauge, histogram};
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::message::{OwnedHeaders, OwnedMessage};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Message, Offset, TopicPartitionList};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::{Topics, LIVE_STORIES};

/// The owner's stage, in metrics and dead letters.
const STAGE: &str = "stories";
/// Longest wait for the changelog to be read to its end when a partition is taken.
const RESTORE_TIMEOUT: Duration = Duration::from_secs(300);

/// How far a log partition was applied: the changelog's `offset/<p>` record.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Applied {
    /// The last log offset applied.
    offset: i64,
    clock: Clock,
}

/// One owned partition: its stories and the last offset applied to them.
struct Owned {
    stories: Stories,
    applied: i64,
}

#[derive(Default)]
struct Context {
    revoked: Mutex<Vec<i32>>,
}

impl ClientContext for Context {}

impl ConsumerContext for Context {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(list) = rebalance {
            let partitions: Vec<i32> = list.elements().iter().map(|e| e.partition()).collect();
            info!(?partitions, "story log partitions revoked");
            // Every batch is acknowledged before the next message is read: nothing is
            // pending here but the last stored offsets.
            if let Err(error) = consumer.commit_consumer_state(CommitMode::Sync) {
                debug!(%error, "commit on revoke");
            }
            self.revoked
                .lock()
                .expect("revoked lock")
                .extend(partitions);
        }
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(list) = rebalance {
            let partitions: Vec<i32> = list.elements().iter().map(|e| e.partition()).collect();
            info!(?partitions, "story log partitions assigned");
        }
    }
}

/// One record to send: to `partition` when set, else by key; `payload` None is a tombstone.
struct Out {
    topic: String,
    partition: Option<i32>,
    key: String,
    payload: Option<Vec<u8>>,
    headers: OwnedHeaders,
}

/// Runs the owner until `stopped` turns true.
pub async fn run(
    config: ServiceConfig,
    topics: Topics,
    stage: StoriesConfig,
    mut stopped: watch::Receiver<bool>,
) -> Result<(), StreamError> {
    let consumer = consumer(&config)?;
    let producer = herald_stream::producer(&config)?;
    consumer.subscribe(&[&topics.log])?;
    info!(topic = %topics.log, group = %owner_group(&config), "owning stories");
    let mut owned: HashMap<i32, Owned> = HashMap::new();
    loop {
        let first = tokio::select! {
            _ = stopped.wait_for(|s| *s) => break,
            m = consumer.recv() => m,
        };
        let mut batch = match first {
            Ok(m) => vec![m.detach()],
            Err(error) => {
                ErrorKind::Consume.count();
                warn!(%error, "consume error");
                continue;
            }
        };
        while batch.len() < config.batch_size {
            match tokio::time::timeout(Duration::ZERO, consumer.recv()).await {
                Ok(Ok(m)) => batch.push(m.detach()),
                _ => break,
            }
        }
        drop_revoked(&consumer, &topics, &mut owned, &mut batch)?;
        for p in batch.iter().map(Message::partition).collect::<HashSet<_>>() {
            if let std::collections::hash_map::Entry::Vacant(slot) = owned.entry(p) {
                let (config, topics, stage) = (config.clone(), topics.clone(), stage.clone());
                let state =
                    tokio::task::spawn_blocking(move || restore(&config, &topics, &stage, p))
                        .await
                        .expect("restoring does not panic")?;
                slot.insert(state);
            }
        }
        let (records, touched) =
            tokio::task::block_in_place(|| apply(&config, &topics, &mut owned, &batch));
        deliver(&producer, records).await;
        mark_applied(&producer, &consumer, &topics, &owned, touched).await;
        gauge!(LIVE_STORIES).set(owned.values().map(|o| o.stories.len()).sum::<usize>() as f64);
    }
    info!("owner stopping");
    match consumer.commit_consumer_state(CommitMode::Sync) {
        Ok(()) => info!(when = "shutdown", "story log offsets committed"),
        Err(error) => debug!(%error, "commit on shutdown"),
    }
    Ok(())
}

/// Forgets the stories of the partitions revoked since the last batch, and the messages in
/// hand of those no longer assigned.
fn drop_revoked(
    consumer: &StreamConsumer<Context>,
    topics: &Topics,
    owned: &mut HashMap<i32, Owned>,
    batch: &mut Vec<OwnedMessage>,
) -> Result<(), StreamError> {
    let revoked: HashSet<i32> = consumer
        .context()
        .revoked
        .lock()
        .expect("revoked lock")
        .drain(..)
        .collect();
    if revoked.is_empty() {
        return Ok(());
    }
    // Their stories may move on elsewhere: restored again if they come back. The messages
    // in hand of a partition given back at once are the next to apply (the position does
    // not go back), those of a partition gone are its next owner's.
    for p in &revoked {
        owned.remove(p);
    }
    let assigned = consumer.assignment()?;
    batch.retain(|m| {
        assigned
            .find_partition(&topics.log, m.partition())
            .is_some()
    });
    info!(?revoked, "stories of the revoked partitions dropped");
    Ok(())
}

/// Records how far each partition `touched` was applied, then stores its log offset.
async fn mark_applied(
    producer: &FutureProducer,
    consumer: &StreamConsumer<Context>,
    topics: &Topics,
    owned: &HashMap<i32, Owned>,
    touched: Vec<i32>,
) {
    let marks: Vec<Out> = touched
        .iter()
        .map(|p| offset_record(topics, *p, &owned[p]))
        .collect();
    deliver(producer, marks).await;
    for p in touched {
        if let Err(error) = consumer.store_offset(&topics.log, p, owned[&p].applied) {
            debug!(%error, partition = p, "offset not stored");
        }
    }
}

/// Applies a batch to the owned stories: the records to send and the partitions it moved.
fn apply(
    config: &ServiceConfig,
    topics: &Topics,
    owned: &mut HashMap<i32, Owned>,
    batch: &[OwnedMessage],
) -> (Vec<Out>, Vec<i32>) {
    let mut records = Vec::new();
    // Per partition, the stories whose state changed, by id.
    let mut touched: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for message in batch {
        let p = message.partition();
        let state = owned.get_mut(&p).expect("restored before it is applied");
        let ids = touched.entry(p).or_default();
        apply_one(config, topics, state, message, &mut records, ids);
    }
    records.extend(changelog(config, topics, owned, &touched));
    (records, touched.into_keys().collect())
}

/// Applies one message to its partition's stories, unless it was applied before the last
/// restart: its update records (or its dead letter) to `records`, the stories it changed
/// to `ids`.
fn apply_one(
    config: &ServiceConfig,
    topics: &Topics,
    state: &mut Owned,
    message: &OwnedMessage,
    records: &mut Vec<Out>,
    ids: &mut Vec<String>,
) {
    let p = message.partition();
    if message.offset() <= state.applied {
        return; // applied before the last restart
    }
    if message.offset() > state.applied + 1 {
        // Offsets are committed only once applied and recorded: only retention can have
        // taken these.
        warn!(
            partition = p,
            from = state.applied + 1,
            to = message.offset(),
            "story log messages missing: never applied"
        );
    }
    state.applied = message.offset();
    counter!(CONSUMED, "topic" => topics.log.clone()).increment(1);
    let article = match decode_article(message.payload().unwrap_or_default()) {
        Ok(a) => a,
        Err(rejection) => {
            counter!(DEAD_LETTERS, "reason" => rejection.reason, "stage" => STAGE).increment(1);
            warn!(
                partition = p,
                offset = message.offset(),
                reason = rejection.reason,
                "dead-lettered"
            );
            records.push(dead_letter_of(
                topics,
                message,
                rejection.reason,
                &rejection.message,
            ));
            return;
        }
    };
    let started = Instant::now();
    let updates = state.stories.add(&article);
    histogram!(STAGE_SECONDS, "stage" => STAGE).record(started.elapsed().as_secs_f64());
    debug!(article_id = %article.id, offset = message.offset(), updates = updates.len(), "applied");
    for update in updates {
        let id = match &update {
            StoryUpdate::Changed(s) | StoryUpdate::Closed(s) => s.story_id.clone(),
            StoryUpdate::Merged { story_id, .. } => story_id.clone(),
        };
        let payload = serde_json::to_vec(&update).expect("an update always serialises");
        if let Some(out) = sized(config, &topics.output, None, &id, Some(payload)) {
            records.push(out);
        }
        ids.push(id);
    }
}

/// The changelog records of the stories `touched`, each once: snapshots of those still
/// live first, then the tombstones of those gone.
fn changelog(
    config: &ServiceConfig,
    topics: &Topics,
    owned: &HashMap<i32, Owned>,
    touched: &BTreeMap<i32, Vec<String>>,
) -> Vec<Out> {
    let mut snapshots = Vec::new();
    let mut tombstones = Vec::new();
    for (p, ids) in touched {
        let stories = &owned[p].stories;
        let mut seen = HashSet::new();
        for id in ids.iter().rev().filter(|id| seen.insert(*id)) {
            let key = format!("story/{id}");
            match stories.snapshot(id) {
                Some(s) => {
                    let payload = serde_json::to_vec(&s).expect("a snapshot always serialises");
                    snapshots.extend(sized(
                        config,
                        &topics.changelog,
                        Some(*p),
                        &key,
                        Some(payload),
                    ));
                }
                None => tombstones.extend(sized(config, &topics.changelog, Some(*p), &key, None)),
            }
        }
    }
    snapshots.extend(tombstones);
    snapshots
}

/// The record, unless it is over `max_record_bytes` (then counted and logged).
fn sized(
    config: &ServiceConfig,
    topic: &str,
    partition: Option<i32>,
    key: &str,
    payload: Option<Vec<u8>>,
) -> Option<Out> {
    let size = key.len() + payload.as_ref().map_or(0, Vec::len);
    if size > config.max_record_bytes {
        counter!(ERRORS, "kind" => "story_too_large").increment(1);
        warn!(
            topic,
            key, size, "a story's record is over max_record_bytes: not sent"
        );
        return None;
    }
    Some(Out {
        topic: topic.to_string(),
        partition,
        key: key.to_string(),
        payload,
        headers: OwnedHeaders::new(),
    })
}

fn offset_record(topics: &Topics, partition: i32, state: &Owned) -> Out {
    let applied = Applied {
        offset: state.applied,
        clock: state.stories.clock(),
    };
    Out {
        topic: topics.changelog.clone(),
        partition: Some(partition),
        key: format!("offset/{partition}"),
        payload: Some(serde_json::to_vec(&applied).expect("an offset always serialises")),
        headers: OwnedHeaders::new(),
    }
}

fn dead_letter_of(topics: &Topics, message: &OwnedMessage, reason: &str, error: &str) -> Out {
    let input = dead_letter::Input {
        topic: &topics.log,
        partition: message.partition(),
        offset: message.offset(),
    };
    let headers = dead_letter::headers(&input, STAGE, reason, error);
    Out {
        topic: topics.dlq.clone(),
        partition: None,
        key: String::from_utf8_lossy(message.key().unwrap_or_default()).into_owned(),
        payload: message.payload().map(<[u8]>::to_vec),
        headers,
    }
}

/// Sends the records and waits until the broker has acknowledged every one, sending again
/// those that fail (with backoff), never dropping one.
async fn deliver(producer: &FutureProducer, records: Vec<Out>) {
    let mut pending = Vec::with_capacity(records.len());
    for record in &records {
        pending.push(send(producer, record).await);
    }
    for (record, mut delivery) in records.iter().zip(pending) {
        let mut backoff = Duration::from_millis(50);
        loop {
            match delivery.await {
                Ok(Ok(_)) => {
                    counter!(PRODUCED, "topic" => record.topic.clone()).increment(1);
                    break;
                }
                Ok(Err((error, _))) => {
                    ErrorKind::Delivery.count();
                    warn!(%error, topic = %record.topic, key = %record.key, "delivery failed; sending again");
                }
                Err(_) => {
                    ErrorKind::Delivery.count();
                    warn!(topic = %record.topic, key = %record.key, "delivery lost; sending again");
                }
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(5));
            delivery = send(producer, record).await;
        }
    }
}

/// Enqueues one record, waiting while the producer's queue is full.
async fn send(producer: &FutureProducer, record: &Out) -> rdkafka::producer::DeliveryFuture {
    let mut backoff = Duration::from_millis(10);
    loop {
        let mut future = FutureRecord::to(&record.topic)
            .key(&record.key)
            .headers(record.headers.clone());
        if let Some(payload) = &record.payload {
            future = future.payload(payload);
        }
        if let Some(p) = record.partition {
            future = future.partition(p);
        }
        match producer.send_result(future) {
            Ok(delivery) => return delivery,
            Err((error, _)) => {
                ErrorKind::Produce.count();
                debug!(%error, topic = %record.topic, "produce failed; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
    }
}

/// Reads changelog partition `partition` to its end and restores the stage from it.
fn restore(
    config: &ServiceConfig,
    topics: &Topics,
    stage: &StoriesConfig,
    partition: i32,
) -> Result<Owned, StreamError> {
    let started = Instant::now();
    let reader = herald_stream::reader(
        &config.brokers,
        herald_stream::client_properties(&config.kafka, &config.consumer)?,
        &format!("{}.restore", config.group_id),
    )?;
    let topic = &topics.changelog;
    let (_, end) = reader.fetch_watermarks(topic, partition, RESTORE_TIMEOUT)?;
    let mut list = TopicPartitionList::new();
    list.add_partition_offset(topic, partition, Offset::Beginning)?;
    reader.assign(&list)?;
    // The last record of each key: the changelog as compaction leaves it.
    let mut latest: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    let mut next = 0;
    while next < end {
        if started.elapsed() > RESTORE_TIMEOUT {
            return Err(StreamError::Fatal {
                stage: "restore",
                message: format!("{topic} partition {partition} was not read to its end"),
            });
        }
        match reader.poll(Duration::from_millis(100)) {
            Some(Ok(m)) => {
                let key = String::from_utf8_lossy(m.key().unwrap_or_default()).into_owned();
                latest.insert(key, m.payload().map(<[u8]>::to_vec));
                next = m.offset() + 1;
            }
            Some(Err(error)) => warn!(%error, "reading the changelog"),
            None => {}
        }
    }
    let applied: Option<Applied> = latest
        .remove(&format!("offset/{partition}"))
        .flatten()
        .and_then(|p| serde_json::from_slice(&p).ok());
    let snapshots: Vec<Snapshot> = latest
        .into_iter()
        .filter(|(k, _)| k.starts_with("story/"))
        .filter_map(|(key, payload)| {
            let snapshot = serde_json::from_slice(&payload?);
            if let Err(error) = &snapshot {
                warn!(%error, key, "a changelog record that is no snapshot is ignored");
            }
            snapshot.ok()
        })
        .collect();
    let stories = Stories::restore(
        stage,
        applied.map(|a| a.clock).unwrap_or_default(),
        snapshots,
    );
    let applied = applied.map_or(-1, |a| a.offset);
    info!(
        partition,
        stories = stories.len(),
        applied,
        records = next,
        took_ms = started.elapsed().as_millis() as u64,
        "stories restored from the changelog"
    );
    Ok(Owned { stories, applied })
}

fn owner_group(config: &ServiceConfig) -> String {
    format!("{}.owner", config.group_id)
}

fn consumer(config: &ServiceConfig) -> Result<StreamConsumer<Context>, StreamError> {
    let mut client = ClientConfig::new();
    client
        .set("bootstrap.servers", &config.brokers)
        .set("auto.offset.reset", "earliest")
        .set("enable.partition.eof", "false")
        .set("auto.commit.interval.ms", "1000");
    for (k, v) in herald_stream::client_properties(&config.kafka, &config.consumer)? {
        client.set(k, v);
    }
    Ok(client
        .set("group.id", owner_group(config))
        .set("enable.auto.commit", "true")
        .set("enable.auto.offset.store", "false")
        .create_with_context(Context::default())?)
}
