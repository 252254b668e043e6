//! The store service end to end against tansu and a PostgreSQL cluster of the test's own:
//! every event produced is stored once while the database is stopped mid-stream and started
//! again, and while the service is killed and started again; stories and articles too;
//! SIGTERM writes and commits what was taken.

mod common;
#[path = "../../../crates/store/tests/common/postgres.rs"]
mod postgres;

use std::collections::BTreeSet;
use std::time::Duration;

use common::kafka::{block_on, http_get, setup, Broker, Engine, Service, WAIT};
use common::{herald, records};
use herald_store::query::EventFilter;
use herald_store::Store;
use postgres::Postgres;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::ClientConfig;
use serde_json::Value;

/// The seeds' events, `copies` times over with ids of their own (round `round`).
fn events(seed_events: &[Value], round: usize, copies: usize) -> Vec<Value> {
    (0..copies)
        .flat_map(|c| {
            seed_events.iter().map(move |e| {
                let mut e = e.clone();
                let id = format!("{}-{round}-{c}", e["event_id"].as_str().unwrap());
                e["event_id"] = Value::String(id);
                e
            })
        })
        .collect()
}

fn event_ids(events: &[Value]) -> impl Iterator<Item = String> + '_ {
    events
        .iter()
        .map(|e| e["event_id"].as_str().unwrap().to_string())
}

fn send(broker: &Broker, topic: &str, records: &[Value]) {
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &broker.addr)
        .set("linger.ms", "5")
        .create()
        .unwrap();
    block_on(async {
        let mut pending = Vec::new();
        for r in records {
            let key = r["article_id"].as_str().or(r["id"].as_str()).unwrap_or("");
            let payload = r.to_string();
            pending.push(
                producer
                    .send_result(FutureRecord::to(topic).key(key).payload(&payload))
                    .unwrap(),
            );
        }
        for p in pending {
            p.await.unwrap().unwrap();
        }
    });
}

fn create_topic(broker: &Broker, name: &str) {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", &broker.addr)
        .create()
        .unwrap();
    let topic = NewTopic::new(name, 2, TopicReplication::Fixed(1));
    let results = block_on(admin.create_topics(&[topic], &AdminOptions::new())).unwrap();
    for r in results {
        if let Err((_, code)) = r {
            assert_eq!(code, rdkafka::types::RDKafkaErrorCode::TopicAlreadyExists);
        }
    }
}

fn stored_ids(store: &Store) -> Vec<String> {
    let mut ids = Vec::new();
    let mut f = EventFilter {
        limit: 10_000,
        ..EventFilter::default()
    };
    loop {
        let page = block_on(store.events(&f)).unwrap();
        ids.extend(page.events.into_iter().map(|e| e.event_id));
        let Some(cursor) = page.next_cursor else {
            return ids;
        };
        f = EventFilter::parse(&[("cursor".into(), cursor), ("limit".into(), "10000".into())])
            .unwrap();
    }
}

fn count(pg: &Postgres) -> i64 {
    block_on(async {
        match Store::open_with(&pg.url(), 1).await {
            Ok(store) => {
                let n = store.stats().await.map(|s| s.events).unwrap_or(-1);
                store.close().await;
                n
            }
            Err(_) => -1,
        }
    })
}

fn settings(dir: &std::path::Path, pg: &Postgres) -> std::path::PathBuf {
    let path = dir.join("store.toml");
    std::fs::write(
        &path,
        format!(
            "metrics_addr = \"127.0.0.1:0\"\ndatabase = \"{}\"\nbatch_size = 300\nlinger_ms = 50\n\
             backoff_min_ms = 50\nbackoff_max_ms = 500\nshutdown_deadline_ms = 20000\n\
             [consumer]\n\"fetch.wait.max.ms\" = \"10\"\n\"session.timeout.ms\" = \"6000\"\n\
             \"heartbeat.interval.ms\" = \"500\"\n",
            pg.url()
        ),
    )
    .unwrap();
    path
}

/// One scenario end to end: three rounds of events, plain, through a database stop and
/// through a kill.
#[test]
fn every_event_is_stored_once_through_database_and_service_failures() {
    let Some((_serial, dir, broker)) = setup("store", Engine::Sqlite) else {
        return;
    };
    let Some(pg) = Postgres::start() else {
        return;
    };
    create_topic(&broker, "news.stories");
    let seed_events = records(&herald(&["run", "seeds", "--emit", "events"], None));
    let stories = records(&herald(&["run", "seeds", "--emit", "stories"], None));
    let articles = records(&herald(&["run", "seeds"], None));
    let mut expected = BTreeSet::new();

    let config = settings(&dir, &pg);
    let mut store = Service::spawn("store", &broker, &dir, &config, &[]);
    store.wait_ready();

    // 1: a first stream.
    let first = events(&seed_events, 1, 4);
    expected.extend(event_ids(&first));
    send(&broker, "news.events", &first);
    store.wait_until(WAIT, "the first events stored", |_| {
        count(&pg) == expected.len() as i64
    });

    // 2: the database stops mid-stream; the service pauses and says so, then catches up.
    let second = events(&seed_events, 2, 4);
    expected.extend(event_ids(&second));
    let (half, rest) = second.split_at(second.len() / 2);
    send(&broker, "news.events", half);
    pg.stop_server();
    send(&broker, "news.events", rest);
    store.wait_until(WAIT, "readiness to name the database", |s| {
        http_get(&s.metrics, "/readyz") == (503, "database unavailable\n".to_string())
    });
    pg.start_server();
    store.wait_until(WAIT, "the events sent while the database was down", |_| {
        count(&pg) == expected.len() as i64
    });
    store.wait_until(WAIT, "ready again", |s| {
        http_get(&s.metrics, "/readyz").0 == 200
    });

    // 3: the service is killed while events, stories and articles arrive, and restarted.
    let third = events(&seed_events, 3, 4);
    expected.extend(event_ids(&third));
    let before = count(&pg);
    send(&broker, "news.events", &third[..third.len() / 2]);
    store.wait_until(WAIT, "some of the third events stored", |_| {
        count(&pg) > before
    });
    let _ = store.child.kill();
    let _ = store.child.wait();
    send(&broker, "news.events", &third[third.len() / 2..]);
    let updates: Vec<Value> = stories
        .iter()
        .map(|s| {
            let mut u = s.clone();
            u["update"] = Value::String("changed".into());
            u
        })
        .collect();
    send(&broker, "news.stories", &updates);
    send(&broker, "news.enriched", &articles);
    std::thread::sleep(Duration::from_secs(8)); // the dead member's session runs out
    let mut store = Service::spawn("store", &broker, &dir, &config, &[]);
    store.wait_ready();
    // The articles carry the seeds' own events: those are expected too.
    expected.extend(event_ids(&seed_events));
    store.wait_until(WAIT, "every event, story and article stored", |_| {
        count(&pg) == expected.len() as i64
    });

    let db = block_on(Store::open(&pg.url())).unwrap();
    let ids = stored_ids(&db);
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "an event stored twice");
    assert_eq!(unique, expected, "events lost or invented");
    let stats = block_on(db.stats()).unwrap();
    assert_eq!(stats.stories as usize, stories.len());
    assert_eq!(stats.articles as usize, articles.len());
    // The articles' evidence sentences arrived with them.
    let with_text = block_on(db.events(&EventFilter {
        text: Some("talks".into()),
        limit: 10_000,
        ..EventFilter::default()
    }))
    .unwrap();
    assert!(!with_text.events.is_empty());
    block_on(db.close());

    // SIGTERM: a clean stop.
    assert!(store.terminate().success(), "{}", store.logs());
    assert!(store.logs().contains("stopped"), "{}", store.logs());
}
