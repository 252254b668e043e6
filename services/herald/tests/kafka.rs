//! The three services end to end, as real processes, against a real Kafka-protocol broker
//! (tansu, started here on a free loopback port and stopped afterwards; see common/kafka.rs).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::kafka::{
    bin, block_on, http_get, ids, produce, read_until, setup, start_services, Engine, Rec, Service,
};
use common::root;
use herald_stream::dead_letter;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::ClientConfig;
use serde_json::Value;

/// The seed stories, and the user's seed story when `../shared` has it.
fn seed_inputs() -> Vec<PathBuf> {
    let root = root();
    let mut inputs = vec![root.join("seeds")];
    let user = root.join("../shared/seeds/000_2e52c00e7977d0ac.txt");
    if user.is_file() {
        inputs.push(user);
    } else {
        eprintln!("notice: {} is absent; not sent", user.display());
    }
    inputs
}

/// One scenario end to end: the seeds through the three services, read back by `herald tail`.
#[test]
fn every_seed_story_flows_through_the_three_services_with_its_events() {
    let Some((_serial, dir, broker)) = setup("flow", Engine::Memory) else {
        return;
    };
    let services = start_services(&broker, &dir);

    // What one process makes of the same input: the ids to expect.
    let inputs = seed_inputs();
    let local = Command::new(bin("herald"))
        .arg("run")
        .args(&inputs)
        .output()
        .unwrap();
    assert!(local.status.success());
    let expected: BTreeSet<String> = String::from_utf8_lossy(&local.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(expected.len() >= 20, "{expected:?}");

    let stderr = produce(&broker, &inputs);
    assert!(
        stderr.contains(&format!(
            "herald produce: {} sent to news.raw",
            expected.len()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("rejected: not json"), "{stderr}");

    let enriched = read_until(&broker, "news.enriched", |r| ids(r) == expected);
    assert_eq!(ids(&enriched), expected, "every article arrives");
    let wanted: usize = enriched
        .iter()
        .map(|r| r.json()["events"].as_array().unwrap().len())
        .sum();
    let events = read_until(&broker, "news.events", |r| r.len() >= wanted);
    let mut per_article: BTreeMap<String, usize> = BTreeMap::new();
    for e in &events {
        *per_article.entry(e.key.clone()).or_default() += 1;
    }
    for article in &enriched {
        let v = article.json();
        assert_eq!(v["id"].as_str(), Some(article.key.as_str()), "keyed by id");
        let n = v["events"].as_array().unwrap().len();
        assert_eq!(
            per_article.get(&article.key).copied().unwrap_or(0),
            n,
            "the events of {}",
            article.key
        );
    }

    let tail = Command::new(bin("herald"))
        .args([
            "tail",
            "--brokers",
            &broker.addr,
            "--topic",
            "news.enriched",
        ])
        .args(["--from-beginning", "--max", "3", "--timeout", "60"])
        .output()
        .unwrap();
    assert!(tail.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&tail.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines
        .iter()
        .all(|a| expected.contains(a["id"].as_str().unwrap())));

    let (status, metrics) = http_get(&services[2].metrics, "/metrics");
    assert_eq!(status, 200);
    for name in [
        "herald_messages_consumed_total",
        "herald_messages_produced_total",
        "herald_stage_seconds_bucket",
        "herald_in_flight",
    ] {
        assert!(metrics.contains(name), "{name} missing from\n{metrics}");
    }
    assert_eq!(http_get(&services[0].metrics, "/healthz").0, 200);
}

/// One scenario end to end: good and malformed messages interleaved, then the dead letters
/// read.
#[test]
fn malformed_messages_are_dead_lettered_with_their_reason_while_good_ones_flow() {
    let Some((_serial, dir, broker)) = setup("dlq", Engine::Memory) else {
        return;
    };
    let services = start_services(&broker, &dir);

    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &broker.addr)
        .create()
        .unwrap();
    let story = |id: &str| {
        format!(
            r#"{{"id":"{id}","title":"Talks","body":"Diplomats met in Geneva on Monday to discuss a ceasefire in {id}."}}"#
        )
    };
    let messages: Vec<(&str, &str, Vec<u8>)> = vec![
        ("news.raw", "good-1", story("good-1").into_bytes()),
        (
            "news.raw",
            "broken",
            b"{\"id\": \"broken\", \"body\": ".to_vec(),
        ),
        ("news.raw", "good-2", story("good-2").into_bytes()),
        (
            "news.raw",
            "nobody",
            br#"{"id":"nobody","title":"no body"}"#.to_vec(),
        ),
        ("news.raw", "good-3", story("good-3").into_bytes()),
        (
            "news.articles",
            "shapeless",
            br#"{"id":"shapeless"}"#.to_vec(),
        ),
    ];
    let mut offsets = HashMap::new();
    for (topic, key, payload) in &messages {
        let delivery = block_on(
            producer.send(
                FutureRecord::to(topic)
                    .key(*key)
                    .payload(payload)
                    .partition(0),
                Duration::from_secs(10),
            ),
        )
        .unwrap();
        offsets.insert(*key, delivery.offset);
    }

    let good: BTreeSet<String> = ["good-1", "good-2", "good-3"].map(String::from).into();
    let enriched = read_until(&broker, "news.enriched", |r| ids(r) == good);
    assert_eq!(ids(&enriched), good, "the good ones flow");
    let dlq = read_until(&broker, "news.dlq", |r| r.len() >= 3);
    let by_key: HashMap<&str, &Rec> = dlq.iter().map(|r| (r.key.as_str(), r)).collect();
    for (key, topic, reason) in [
        ("broken", "news.raw", "not_json"),
        ("nobody", "news.raw", "no_body"),
        ("shapeless", "news.articles", "invalid_record"),
    ] {
        let rec = by_key
            .get(key)
            .unwrap_or_else(|| panic!("{key} not dead-lettered"));
        let h = &rec.headers;
        assert_eq!(h[dead_letter::REASON], reason, "{key}");
        assert_eq!(h[dead_letter::STAGE], "decode");
        assert_eq!(h[dead_letter::TOPIC], topic);
        assert_eq!(h[dead_letter::PARTITION], "0");
        assert_eq!(h[dead_letter::OFFSET], offsets[key].to_string());
        assert!(!h[dead_letter::ERROR].is_empty());
        let original = &messages.iter().find(|m| m.1 == key).unwrap().2;
        assert_eq!(&rec.payload, original, "the original message is kept");
    }
    assert_eq!(dlq.len(), 3, "only the bad ones");

    let (_, metrics) = http_get(&services[0].metrics, "/metrics");
    assert!(
        metrics.lines().any(
            |l| l.starts_with("herald_dead_letters_total") && l.contains("reason=\"not_json\"")
        ),
        "{metrics}"
    );
}

#[test]
fn a_service_stopped_with_sigterm_mid_stream_and_restarted_loses_nothing() {
    let Some((_serial, dir, broker)) = setup("restart", Engine::Memory) else {
        return;
    };
    let mut services = start_services(&broker, &dir);

    let n = 200;
    let stories: String = (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"title\":\"Report {i}\",\"body\":\"Officials in Geneva said on \
                 Monday that talks on item {i} would resume. Russia and the United States \
                 sent envoys. The meeting number {i} ended without a deal.\"}}\n"
            )
        })
        .collect();
    let input = dir.join("stories.jsonl");
    std::fs::write(&input, stories).unwrap();
    produce(&broker, &[input]);

    // Stop annotate once some articles are through, while the rest are on their way.
    let some = read_until(&broker, "news.enriched", |r| r.len() >= 20);
    assert!(some.len() >= 20);
    let status = services[1].terminate();
    assert!(
        status.success(),
        "exit status {status}: {}",
        services[1].logs()
    );
    assert!(services[1].logs().contains("offsets committed"));
    services[1] = Service::start("annotate", &broker, &dir);
    services[1].wait_ready();

    let expected: BTreeSet<String> = (0..n).map(|i| format!("r{i}")).collect();
    let enriched = read_until(&broker, "news.enriched", |r| ids(r) == expected);
    let arrived = ids(&enriched);
    let missing: Vec<_> = expected.difference(&arrived).collect();
    assert!(missing.is_empty(), "lost: {missing:?}");
}
