//! The items sent, remembered by id and version, bounded in size. The memory is kept in a
//! compacted Kafka topic (key = item id, value = version): read to its end at start, then
//! followed, so that restarts and replicas share it.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lru::LruCache;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::{Message, Offset, TopicPartitionList};
use tracing::{info, warn};

use crate::config::WireConfig;
use crate::error::WireError;

/// Item id → the highest version sent; the least recently seen go first when full.
pub struct Seen(Mutex<LruCache<String, u64>>);

impl Seen {
    pub fn new(max_items: usize) -> Self {
        let cap = NonZeroUsize::new(max_items).unwrap_or(NonZeroUsize::MIN);
        Self(Mutex::new(LruCache::new(cap)))
    }

    /// Whether `version` of item `id` was not sent yet.
    pub fn is_new(&self, id: &str, version: u64) -> bool {
        let mut map = self.0.lock().expect("seen lock");
        map.get(id).is_none_or(|sent| version > *sent)
    }

    /// Remembers that `version` of `id` was sent (a lower version never replaces a higher).
    pub fn insert(&self, id: &str, version: u64) {
        let mut map = self.0.lock().expect("seen lock");
        match map.get_mut(id) {
            Some(sent) => *sent = (*sent).max(version),
            None => {
                map.put(id.to_string(), version);
            }
        }
    }

    /// How many items are remembered.
    pub fn remembered(&self) -> usize {
        self.0.lock().expect("seen lock").len()
    }
}

/// A seen-topic record's value: the version, in decimal.
pub fn encode_version(version: u64) -> String {
    version.to_string()
}

fn decode_version(payload: Option<&[u8]>) -> Option<u64> {
    std::str::from_utf8(payload?).ok()?.trim().parse().ok()
}

/// A consumer of every partition of the seen topic, from its beginning.
fn consumer(config: &WireConfig) -> Result<BaseConsumer, WireError> {
    let properties = herald_stream::client_properties(&config.kafka, &config.consumer)?;
    // No group: every replica reads the whole memory.
    Ok(herald_stream::reader(
        &config.brokers,
        properties,
        "herald-wire-seen",
    )?)
}

/// The seen topic's partitions and where each ends now (its high watermark).
fn ends(
    consumer: &BaseConsumer,
    topic: &str,
    wait: Duration,
) -> Result<Vec<(i32, i64)>, WireError> {
    let metadata = consumer.fetch_metadata(Some(topic), wait)?;
    let partitions: Vec<i32> = metadata
        .topics()
        .iter()
        .filter(|t| t.error().is_none())
        .flat_map(|t| t.partitions().iter().map(|p| p.id()))
        .collect();
    if partitions.is_empty() {
        return Err(WireError::Config(format!(
            "the seen topic {topic} does not exist: create it with cleanup.policy=compact"
        )));
    }
    partitions
        .into_iter()
        .map(|p| Ok((p, consumer.fetch_watermarks(topic, p, wait)?.1)))
        .collect()
}

/// Reads the seen topic to its end into `seen`, then follows it on a thread of its own until
/// `stop` is set (other replicas' items, and this one's).
pub fn load(config: &WireConfig, seen: Arc<Seen>, stop: Arc<AtomicBool>) -> Result<(), WireError> {
    let topic = config.topics.seen.clone();
    let consumer = consumer(config)?;
    let wait = Duration::from_millis(config.seen.load_timeout_ms);
    let deadline = Instant::now() + wait;
    let ends = ends(&consumer, &topic, wait)?;
    let mut list = TopicPartitionList::new();
    for (p, _) in &ends {
        list.add_partition_offset(&topic, *p, Offset::Beginning)?;
    }
    consumer.assign(&list)?;
    let mut left: Vec<(i32, i64)> = ends.into_iter().filter(|(_, end)| *end > 0).collect();
    let mut read = 0u64;
    while !left.is_empty() {
        if Instant::now() > deadline {
            return Err(WireError::Config(format!(
                "the seen topic {topic} was not read to its end within seen.load_timeout_ms"
            )));
        }
        if let Some((partition, offset)) = take(&consumer, &seen) {
            read += 1;
            left.retain(|(p, end)| *p != partition || offset + 1 < *end);
        }
    }
    info!(
        topic,
        read,
        remembered = seen.remembered(),
        "seen items loaded"
    );
    std::thread::Builder::new()
        .name("seen-follower".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                take(&consumer, &seen);
            }
        })
        .map_err(|e| WireError::Config(format!("starting the seen follower: {e}")))?;
    Ok(())
}

/// Takes one record of the seen topic into `seen`: its partition and offset.
fn take(consumer: &BaseConsumer, seen: &Seen) -> Option<(i32, i64)> {
    match consumer.poll(Duration::from_millis(100))? {
        Ok(m) => {
            let id = String::from_utf8_lossy(m.key().unwrap_or_default());
            match decode_version(m.payload()) {
                Some(version) => seen.insert(&id, version),
                None => warn!(item_id = %id, "a seen record without a version is ignored"),
            }
            Some((m.partition(), m.offset()))
        }
        Err(error) => {
            warn!(%error, "reading the seen topic");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_highest_version_and_forgets_the_oldest_item() {
        let seen = Seen::new(2);
        assert!(seen.is_new("a", 0));
        seen.insert("a", 1);
        assert!(!seen.is_new("a", 1));
        assert!(seen.is_new("a", 2));
        seen.insert("a", 0);
        assert!(
            !seen.is_new("a", 1),
            "a lower version does not replace a higher"
        );
        seen.insert("b", 1);
        seen.insert("c", 1);
        assert_eq!(seen.remembered(), 2);
        assert!(seen.is_new("a", 1), "the least recently seen is forgotten");
        assert_eq!(decode_version(Some(b"7")), Some(7));
        assert_eq!(decode_version(Some(b"x")), None);
    }
}
