//! The stories service end to end, as real processes against a real Kafka-protocol broker
//! (tansu): the seed stories and rewritten copies of some of them from other outlets, as
//! enriched articles on `news.enriched`, become on `news.stories` the stories `herald run
//! --emit stories` makes of them in one process, with the same counts; through a crash
//! (SIGKILL) and restart, and with two replicas in one group.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::kafka::{block_on, setup, Broker, Engine, Reader, Service, WAIT};
use common::root;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::ClientConfig;
use serde_json::Value;

fn inputs() -> Vec<PathBuf> {
    let root = root();
    vec![
        root.join("seeds"),
        root.join("services/herald/tests/data/stories_rewrites.jsonl"),
    ]
}

/// `herald run INPUTS --emit EMIT`: its records.
fn run(emit: &str) -> Vec<Value> {
    let inputs = inputs();
    let mut args = vec!["run"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--emit", emit]);
    common::records(&common::herald_ok(&args, None))
}

/// A story as the tests compare it: its member articles, counts and events with their
/// counts (not its id, which comes from whichever member opened it).
type View = BTreeSet<String>;

fn view(stories: &[&Value]) -> View {
    stories
        .iter()
        .map(|s| {
            let mut members: Vec<&str> = s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap())
                .collect();
            members.sort_unstable();
            // An undated article takes the newest time the stage has seen, which depends on
            // the order of arrival: so does the day of its events.
            let undated = s["first_seen"].is_null();
            let events: Vec<String> = s["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} {} {} m{} a{} s{} c{}",
                        e["plover"],
                        e["source"],
                        e["target"],
                        e["place"],
                        if undated { &Value::Null } else { &e["date"] },
                        e["num_mentions"],
                        e["num_articles"],
                        e["num_sources"],
                        e["confidence"]
                    )
                })
                .collect();
            format!(
                "{members:?} articles {} sources {} events {events:?}",
                s["num_articles"], s["num_sources"]
            )
        })
        .collect()
}

/// The current state of every story on `news.stories`: the last record of each key that is
/// not a merge.
fn current(records: &[common::kafka::Rec]) -> Vec<Value> {
    let mut last: BTreeMap<&str, Value> = BTreeMap::new();
    for r in records.iter().filter(|r| r.topic == "news.stories") {
        last.insert(&r.key, r.json());
    }
    last.into_values()
        .filter(|v| v["update"] != "merged")
        .collect()
}

fn members(stories: &[Value]) -> BTreeSet<String> {
    stories
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap().clone())
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

/// Sends enriched articles to `news.enriched`, keyed by id (spread over its partitions).
fn send(broker: &Broker, articles: &[Value]) {
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &broker.addr)
        .set("linger.ms", "1")
        .create()
        .unwrap();
    for a in articles {
        let id = a["id"].as_str().unwrap();
        let payload = a.to_string();
        block_on(producer.send(
            FutureRecord::to("news.enriched").key(id).payload(&payload),
            Duration::from_secs(30),
        ))
        .map_err(|(e, _)| e)
        .unwrap();
    }
}

/// Waits until `news.stories` holds the expected stories; fails with the difference.
fn assert_stories(reader: &mut Reader, expected: &View, events: usize) {
    reader.until(WAIT, |r| {
        let now = current(r);
        view(&now.iter().collect::<Vec<_>>()) == *expected
    });
    let now = current(&reader.records);
    let got = view(&now.iter().collect::<Vec<_>>());
    let missing: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "stories differ from herald run's\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
    // Every event of every article is one mention, once.
    let mut mentions = BTreeSet::new();
    let mut counted = 0;
    for story in &now {
        for event in story["events"].as_array().unwrap() {
            let list = event["mentions"].as_array().unwrap();
            assert_eq!(event["num_mentions"].as_u64().unwrap() as usize, list.len());
            counted += list.len();
            for m in list {
                let key = (m["article_id"].to_string(), m["event_id"].to_string());
                assert!(
                    mentions.insert(key.clone()),
                    "mention {key:?} counted twice"
                );
            }
        }
    }
    assert_eq!(counted, events, "every event one mention");
}

struct Expected {
    articles: Vec<Value>,
    stories: View,
    events: usize,
}

fn expected() -> Expected {
    let articles = run("articles");
    let stories = run("stories");
    let events = articles
        .iter()
        .map(|a| a["events"].as_array().unwrap().len())
        .sum();
    let joined = stories
        .iter()
        .filter(|s| s["num_articles"].as_u64() > Some(1));
    assert!(joined.count() >= 5, "the rewrites join their originals");
    Expected {
        stories: view(&stories.iter().collect::<Vec<_>>()),
        articles,
        events,
    }
}

fn start(broker: &Broker, dir: &Path) -> Service {
    std::fs::create_dir_all(dir).unwrap();
    let mut service = Service::start("stories", broker, dir);
    service.wait_ready();
    service
}

#[test]
fn seed_stories_and_their_rewrites_arrive_as_herald_run_makes_them_through_a_crash() {
    let Some((_serial, dir, broker)) = setup("stories-crash", Engine::Memory) else {
        return;
    };
    let expected = expected();
    let mut service = start(&broker, &dir);
    let mut reader = Reader::new(&broker, &["news.stories"]);

    // The first half, its stories published, then a crash.
    let (first, second): (Vec<_>, Vec<_>) = expected
        .articles
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let first: Vec<Value> = first.into_iter().map(|(_, a)| a).collect();
    let second: Vec<Value> = second.into_iter().map(|(_, a)| a).collect();
    let ids = |a: &[Value]| -> BTreeSet<String> {
        a.iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    send(&broker, &first);
    let wanted = ids(&first);
    assert!(
        reader.until(WAIT, |r| members(&current(r)) == wanted),
        "the first half's stories: {:?}",
        members(&current(&reader.records))
    );
    // The second half on its way while the service dies: some of it may be applied, some
    // recorded, some neither.
    send(&broker, &second[..second.len() / 2]);
    service.crash_and_restart(&broker, &dir);
    send(&broker, &second[second.len() / 2..]);
    assert_stories(&mut reader, &expected.stories, expected.events);
    assert!(
        service
            .logs()
            .contains("stories restored from the changelog"),
        "{}",
        service.logs()
    );
}

#[test]
fn two_replicas_in_one_group_make_the_same_stories() {
    let Some((_serial, dir, broker)) = setup("stories-replicas", Engine::Memory) else {
        return;
    };
    let expected = expected();
    let mut replicas = [
        start(&broker, &dir.join("a")),
        start(&broker, &dir.join("b")),
    ];
    let mut reader = Reader::new(&broker, &["news.stories"]);
    send(&broker, &expected.articles);
    assert_stories(&mut reader, &expected.stories, expected.events);
    for replica in &mut replicas {
        replica.assert_running();
    }
}
