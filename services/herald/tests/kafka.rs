//! The three services end to end, as real processes, against a real Kafka-protocol broker
//! (tansu, started here on a free loopback port and stopped afterwards).
//!
//! Without `tansu` on PATH these tests print a notice and pass, unless `CI` is set or
//! `HERALD_REQUIRE_KAFKA=1`, where they fail: `scripts/test` installs it.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{root, tempdir};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Headers;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use serde_json::Value;

/// One broker and three services at a time: the machine has two cores.
static SERIAL: Mutex<()> = Mutex::new(());

const TOPICS: &[(&str, i32)] = &[
    ("news.raw", 2),
    ("news.articles", 2),
    ("news.annotated", 2),
    ("news.enriched", 2),
    ("news.events", 2),
    ("news.dlq", 1),
];
const SERVICES: &[&str] = &["ingest", "annotate", "events"];
const WAIT: Duration = Duration::from_secs(240);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A binary of the workspace, built next to `herald`.
fn bin(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_BIN_EXE_herald")).with_file_name(name);
    assert!(
        path.is_file(),
        "{} is missing: build the services first (`cargo build --workspace`, as scripts/test does)",
        path.display()
    );
    path
}

fn tansu() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join("tansu"))
        .find(|p| p.is_file())
}

/// A tansu broker with the memory engine; killed on drop.
struct Broker {
    child: Child,
    addr: String,
}

impl Broker {
    /// `None` (with a notice) when tansu is missing and not required.
    fn start(dir: &Path) -> Option<Self> {
        let Some(tansu) = tansu() else {
            let required = std::env::var_os("CI").is_some_and(|v| !v.is_empty())
                || std::env::var("HERALD_REQUIRE_KAFKA").as_deref() == Ok("1");
            assert!(
                !required,
                "tansu is not installed: run scripts/test, which installs it \
                 (cargo install tansu --locked --version 0.6.0 --features dynostore,libsql)"
            );
            eprintln!("notice: tansu is not installed; skipping the Kafka end-to-end test");
            return None;
        };
        let port = free_port();
        let url = format!("tcp://127.0.0.1:{port}");
        let log = std::fs::File::create(dir.join("tansu.log")).unwrap();
        let child = Command::new(tansu)
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &url,
            ])
            .args(["--storage-engine", "memory://tansu/"])
            .current_dir(dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("starting tansu");
        let broker = Self {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(&broker.addr).is_err() {
            assert!(Instant::now() < deadline, "tansu did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        broker.create_topics();
        Some(broker)
    }

    fn create_topics(&self) {
        let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
            .set("bootstrap.servers", &self.addr)
            .create()
            .unwrap();
        let topics: Vec<NewTopic> = TOPICS
            .iter()
            .map(|(name, partitions)| NewTopic::new(name, *partitions, TopicReplication::Fixed(1)))
            .collect();
        let results = block_on(admin.create_topics(&topics, &AdminOptions::new())).unwrap();
        for result in results {
            result.unwrap();
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// One service process; killed on drop.
struct Service {
    name: &'static str,
    child: Child,
    metrics: String,
    log: PathBuf,
}

impl Service {
    fn start(name: &'static str, broker: &Broker, dir: &Path) -> Self {
        let port = free_port();
        let config = dir.join(format!("{name}.toml"));
        std::fs::write(
            &config,
            format!(
                "metrics_addr = \"127.0.0.1:{port}\"\nshutdown_deadline_ms = 20000\n\
                 [consumer]\n\"fetch.wait.max.ms\" = \"10\"\n[producer]\n\"linger.ms\" = \"1\"\n"
            ),
        )
        .unwrap();
        let log = dir.join(format!("{name}.log"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        let child = Command::new(bin(&format!("herald-{name}")))
            .arg("--config")
            .arg(&config)
            .args(["--brokers", &broker.addr])
            .env("HERALD_LOG", "info")
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .unwrap();
        Self {
            name,
            child,
            metrics: format!("127.0.0.1:{port}"),
            log,
        }
    }

    /// Waits for `/readyz`: debug builds take a while to load their dictionaries.
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(180);
        while http_get(&self.metrics, "/readyz").0 != 200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("{} exited with {status}: {}", self.name, self.logs());
            }
            assert!(
                Instant::now() < deadline,
                "{} not ready: {}",
                self.name,
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the service as an orchestrator does, with SIGTERM.
    fn terminate(&mut self) -> ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "{} did not stop", self.name);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_services(broker: &Broker, dir: &Path) -> Vec<Service> {
    let mut services: Vec<Service> = SERVICES
        .iter()
        .map(|name| Service::start(name, broker, dir))
        .collect();
    for s in &mut services {
        s.wait_ready();
    }
    services
}

/// A plain HTTP/1.1 GET: (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

struct Rec {
    key: String,
    payload: Vec<u8>,
    headers: HashMap<String, String>,
}

impl Rec {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.payload).unwrap()
    }
}

/// Reads `topic` from the beginning until `done` says so or the wait runs out.
fn read_until(broker: &Broker, topic: &str, mut done: impl FnMut(&[Rec]) -> bool) -> Vec<Rec> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &broker.addr)
        .set("group.id", "herald-test-reader")
        .set("enable.auto.commit", "false")
        .set("fetch.wait.max.ms", "10")
        .create()
        .unwrap();
    let partitions = TOPICS.iter().find(|t| t.0 == topic).unwrap().1;
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition_offset(topic, p, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&tpl).unwrap();
    let mut out = Vec::new();
    let deadline = Instant::now() + WAIT;
    while !done(&out) && Instant::now() < deadline {
        let Some(m) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        let m = m.unwrap();
        let text = |b: Option<&[u8]>| String::from_utf8_lossy(b.unwrap_or_default()).into_owned();
        out.push(Rec {
            key: text(m.key()),
            payload: m.payload().unwrap_or_default().to_vec(),
            headers: m
                .headers()
                .map(|h| {
                    h.iter()
                        .map(|h| (h.key.to_string(), text(h.value)))
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    out
}

fn ids(records: &[Rec]) -> BTreeSet<String> {
    records.iter().map(|r| r.key.clone()).collect()
}

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

#[test]
fn every_seed_story_flows_through_the_three_services_with_its_events() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempdir("flow");
    let Some(broker) = Broker::start(&dir) else {
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

    let produce = Command::new(bin("herald"))
        .arg("produce")
        .args(&inputs)
        .args(["--brokers", &broker.addr])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&produce.stderr);
    assert!(produce.status.success(), "{stderr}");
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

#[test]
fn malformed_messages_are_dead_lettered_with_their_reason_while_good_ones_flow() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempdir("dlq");
    let Some(broker) = Broker::start(&dir) else {
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
        assert_eq!(h["herald.reason"], reason, "{key}");
        assert_eq!(h["herald.stage"], "decode");
        assert_eq!(h["herald.topic"], topic);
        assert_eq!(h["herald.partition"], "0");
        assert_eq!(h["herald.offset"], offsets[key].to_string());
        assert!(!h["herald.error"].is_empty());
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
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempdir("restart");
    let Some(broker) = Broker::start(&dir) else {
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
    let produce = Command::new(bin("herald"))
        .arg("produce")
        .arg(&input)
        .args(["--brokers", &broker.addr])
        .output()
        .unwrap();
    assert!(produce.status.success());

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
