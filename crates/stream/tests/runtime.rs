//! The runtime against librdkafka's in-process mock cluster: dead letters with their
//! headers, offsets committed only for delivered work, failed deliveries sent again.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use herald_extract::ErrorClass;
use herald_stream::dead_letter::{ERROR, OFFSET, PARTITION, REASON, STAGE, TOPIC, TRUNCATED};
use herald_stream::{Health, Origin, Processor, Record, Rejection, ServiceConfig, Topics};
use rdkafka::config::FromClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Headers;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{DefaultProducerContext, FutureProducer, FutureRecord};
use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};

/// Upper-cases the payload; rejects `bad` as poison and `fatal` as fatal.
struct Upper;

impl Processor for Upper {
    fn process(
        &self,
        payload: &[u8],
        observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection> {
        observe("upper", Duration::from_micros(1));
        let rejected = |reason, why| Rejection::poison(Origin::Stage("upper"), reason, why);
        match payload {
            b"bad" => Err(rejected("bad_word", "the word is bad")),
            b"fatal" => Err(Rejection {
                class: ErrorClass::Fatal,
                ..rejected("config", "cannot go on")
            }),
            _ => Ok(vec![Record {
                topic: "out".into(),
                key: String::from_utf8_lossy(payload).into_owned(),
                payload: payload.to_ascii_uppercase(),
            }]),
        }
    }
}

/// A mock cluster with topics `in`, `out` and `dlq`, and `payloads` sent to `in` (each its
/// own key): the cluster and its bootstrap servers.
async fn cluster(payloads: &[&str]) -> (MockCluster<'static, DefaultProducerContext>, String) {
    let cluster = MockCluster::new(1).unwrap();
    for topic in ["in", "out", "dlq"] {
        cluster.create_topic(topic, 1, 1).unwrap();
    }
    let brokers = cluster.bootstrap_servers();
    let producer: FutureProducer = client(&brokers, None);
    for p in payloads {
        let record = FutureRecord::to("in").key(*p).payload(*p);
        producer.send(record, Duration::from_secs(5)).await.unwrap();
    }
    (cluster, brokers)
}

fn config(brokers: &str) -> ServiceConfig {
    ServiceConfig {
        brokers: brokers.to_string(),
        group_id: "test".into(),
        topics: Topics {
            input: "in".into(),
            output: "out".into(),
            dlq: "dlq".into(),
            ..Topics::default()
        },
        batch_size: 2,
        max_in_flight: 4,
        consumer: [("fetch.wait.max.ms".into(), "10".into())].into(),
        ..ServiceConfig::default()
    }
}

/// A client of the mock cluster, in consumer group `group` if one is given.
fn client<C: FromClientConfig>(brokers: &str, group: Option<&str>) -> C {
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", brokers);
    if let Some(group) = group {
        config.set("group.id", group);
    }
    config.create().unwrap()
}

/// How many records `topic` holds: a test that expects none need not wait for them.
fn records_in(brokers: &str, topic: &str) -> i64 {
    let consumer: BaseConsumer = client(brokers, None);
    let (low, high) = consumer
        .fetch_watermarks(topic, 0, Duration::from_secs(60))
        .unwrap();
    high - low
}

/// A record read: key, payload, headers.
type Read = (String, String, HashMap<String, String>);

/// Reads `n` records of `topic` from the start; what it has after 60 s if fewer arrive.
fn read(brokers: &str, topic: &str, n: usize) -> Vec<Read> {
    let consumer: BaseConsumer = client(brokers, Some("reader"));
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&tpl).unwrap();
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while out.len() < n && Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(100)) {
            let m = m.unwrap();
            let text =
                |b: Option<&[u8]>| String::from_utf8_lossy(b.unwrap_or_default()).into_owned();
            let headers = m.headers().into_iter().flat_map(|h| h.iter());
            let headers = headers.map(|h| (h.key.to_string(), text(h.value)));
            out.push((text(m.key()), text(m.payload()), headers.collect()));
        }
    }
    out
}

fn committed(brokers: &str) -> i64 {
    let consumer: BaseConsumer = client(brokers, Some("test"));
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition("in", 0);
    let offsets = consumer
        .committed_offsets(tpl, Duration::from_secs(10))
        .unwrap();
    match offsets.find_partition("in", 0).unwrap().offset() {
        Offset::Offset(n) => n,
        other => panic!("no committed offset: {other:?}"),
    }
}

/// Runs the service until `topic` holds `n` records, then stops it as SIGTERM would: the
/// records read.
async fn run_until(config: ServiceConfig, topic: &'static str, n: usize) -> Vec<Read> {
    let brokers = config.brokers.clone();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let service = tokio::spawn(herald_stream::run(
        config,
        Upper,
        Arc::new(Health::default()),
        async { stop_rx.await.unwrap_or(()) },
    ));
    let seen = tokio::task::spawn_blocking(move || read(&brokers, topic, n))
        .await
        .unwrap();
    assert_eq!(seen.len(), n, "records in {topic}");
    stop_tx.send(()).unwrap();
    service.await.unwrap().unwrap();
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poison_goes_to_the_dead_letter_topic_with_its_reason_and_the_rest_flows() {
    let (_cluster, brokers) = cluster(&["a", "bad", "b", "c"]).await;
    let out = run_until(config(&brokers), "out", 3).await;
    let keys: Vec<_> = out.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect();
    assert_eq!(keys, [("a", "A"), ("b", "B"), ("c", "C")]);
    let dlq = read(&brokers, "dlq", 1);
    assert_eq!(dlq.len(), 1);
    let (key, payload, headers) = &dlq[0];
    assert_eq!((key.as_str(), payload.as_str()), ("bad", "bad"));
    let named = [REASON, STAGE, ERROR, TOPIC, PARTITION, OFFSET].map(|k| headers[k].as_str());
    assert_eq!(
        named,
        ["bad_word", "upper", "the word is bad", "in", "0", "1"]
    );
    assert_eq!(
        committed(&brokers),
        4,
        "every message done, the poison one too"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_deliveries_are_sent_again_and_offsets_wait_for_them() {
    let (cluster, brokers) = cluster(&["a", "b", "c", "d", "e"]).await;
    // The broker refuses the first produce requests with a retryable error, for longer than
    // the producer's own delivery timeout: the runtime must send the records again.
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS; 40],
    );
    let mut config = config(&brokers);
    config.producer = [
        ("message.timeout.ms".into(), "300".into()),
        ("retry.backoff.ms".into(), "20".into()),
    ]
    .into();
    let out = run_until(config, "out", 5).await;
    let mut keys: Vec<_> = out.iter().map(|r| r.0.clone()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys, ["a", "b", "c", "d", "e"], "nothing lost");
    assert_eq!(committed(&brokers), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fatal_error_stops_the_service_without_committing_it() {
    let (_cluster, brokers) = cluster(&["a", "fatal", "b"]).await;
    let result = herald_stream::run(
        config(&brokers),
        Upper,
        Arc::new(Health::default()),
        std::future::pending(),
    )
    .await;
    assert!(
        matches!(
            result,
            Err(herald_stream::StreamError::Fatal { stage: "upper", .. })
        ),
        "{result:?}"
    );
    assert_eq!(records_in(&brokers, "dlq"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_input_and_output_are_dead_lettered_cut_to_size() {
    let large = "x".repeat(20_000);
    let huge = "y".repeat(50_000);
    let (_cluster, brokers) = cluster(&["a", &large, &huge, "b"]).await;
    let mut config = config(&brokers);
    config.max_record_bytes = 16_384;
    config.max_message_bytes = 40_000;
    let out = run_until(config, "out", 2).await;
    let keys: Vec<_> = out.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    let dlq = read(&brokers, "dlq", 2);
    let found: Vec<_> = dlq
        .iter()
        .map(|(key, payload, h)| {
            let named = [REASON, STAGE, TRUNCATED].map(|k| h[k].as_str());
            (key.len(), payload.len(), named)
        })
        .collect();
    assert_eq!(
        found,
        [
            (1024, 8192, ["record_too_large", "produce", "20000"]),
            (1024, 8192, ["message_too_large", "consume", "50000"]),
        ]
    );
    assert_eq!(committed(&brokers), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_the_broker_refuses_as_too_large_is_dead_lettered_not_retried_forever() {
    let (cluster, brokers) = cluster(&["a"]).await;
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE],
    );
    let dlq = run_until(config(&brokers), "dlq", 1).await;
    let (key, payload, h) = &dlq[0];
    assert_eq!((key.as_str(), payload.as_str()), ("a", "A"));
    assert_eq!(h[REASON], "record_too_large");
    assert_eq!(h[TOPIC], "in");
    assert_eq!(records_in(&brokers, "out"), 0);
    assert_eq!(committed(&brokers), 1);
}
