//! A real Kafka-protocol broker (tansu, on a free loopback port) and the services as real
//! processes, for the end-to-end tests.
//!
//! Without `tansu` on PATH the tests that need it print a notice and pass, unless `CI` is set
//! or `HERALD_REQUIRE_KAFKA=1`, where they fail: `scripts/test` installs it.
//! `HERALD_BIN_DIR` runs the binaries of another build (`target/release` for full-scale runs).

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Headers;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use serde_json::Value;

use super::TestDir;

/// One broker and three services at a time: the machine has two cores.
static SERIAL: Mutex<()> = Mutex::new(());

pub const TOPICS: &[(&str, i32)] = &[
    ("news.raw", 2),
    ("news.articles", 2),
    ("news.annotated", 2),
    ("news.enriched", 2),
    ("news.events", 2),
    ("news.dlq", 1),
    // The wire service's memory of the items it sent (compacted in production).
    ("news.wire.seen", 2),
    // The stories service: its output, its story log (one partition: one owner sees every
    // article) and its changelog (compacted in production; as many partitions as the log).
    ("news.stories", 2),
    ("news.stories.log", 1),
    ("news.stories.changelog", 1),
];
pub const SERVICES: &[&str] = &["ingest", "annotate", "events"];
/// The services' consumer session in the tests: a killed member leaves the group after it.
const SESSION_TIMEOUT: Duration = Duration::from_secs(6);
/// How long a test waits for records.
pub const WAIT: Duration = Duration::from_secs(240);

/// A port no one listens on now. Another process may take it before the broker binds it:
/// `Broker::start` then tries another.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A binary of the workspace: next to `herald`, or in `HERALD_BIN_DIR`.
pub fn bin(name: &str) -> PathBuf {
    let path = match std::env::var_os("HERALD_BIN_DIR") {
        Some(dir) => PathBuf::from(dir).join(name),
        None => Path::new(env!("CARGO_BIN_EXE_herald")).with_file_name(name),
    };
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

/// Where the broker keeps its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Memory,
    /// A SQLite file in the test's folder: survives a broker restart.
    Sqlite,
}

/// A tansu broker; killed on drop.
pub struct Broker {
    child: Child,
    pub addr: String,
    program: PathBuf,
    dir: PathBuf,
    engine: Engine,
}

impl Broker {
    /// `None` (with a notice) when tansu is missing and not required.
    pub fn start(dir: &Path, engine: Engine) -> Option<Self> {
        let Some(program) = tansu() else {
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
        // A port found free can be taken before tansu binds it: then tansu exits, and
        // another port is tried.
        for _ in 0..5 {
            let addr = format!("127.0.0.1:{}", free_port());
            let child = spawn_tansu(&program, &addr, dir, engine);
            let mut broker = Self {
                child,
                addr,
                program: program.clone(),
                dir: dir.to_path_buf(),
                engine,
            };
            if broker.wait_listening() {
                broker.create_topics();
                return Some(broker);
            }
        }
        panic!("tansu could not listen on a free port: {}", broker_log(dir));
    }

    /// Kills the broker (SIGKILL) and starts it again on the same port and storage.
    pub fn restart(&mut self) {
        assert_eq!(self.engine, Engine::Sqlite, "a memory broker forgets");
        self.kill();
        self.child = spawn_tansu(&self.program, &self.addr, &self.dir, self.engine);
        assert!(
            self.wait_listening(),
            "tansu did not listen again on {}: {}",
            self.addr,
            broker_log(&self.dir)
        );
    }

    /// Kills the broker (SIGKILL): from then on its port refuses connections.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Freezes the broker (SIGSTOP): its connections stay open and nothing answers, as with
    /// a hung broker or a silent network partition.
    pub fn pause(&self) {
        signal(&self.child, "-STOP");
    }

    /// Thaws a paused broker (SIGCONT).
    pub fn resume(&self) {
        signal(&self.child, "-CONT");
    }

    /// Waits until the broker takes connections: true, or false when it exited (its port
    /// was taken). A broker neither listening nor gone after 60 s fails the test.
    fn wait_listening(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            if TcpStream::connect(&self.addr).is_ok() {
                return true;
            }
            assert!(
                Instant::now() < deadline,
                "tansu did not start listening on {} within 60 s: {}",
                self.addr,
                broker_log(&self.dir)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
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

/// The broker's log, for a failure's message.
fn broker_log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("tansu.log")).unwrap_or_default()
}

fn spawn_tansu(program: &Path, addr: &str, dir: &Path, engine: Engine) -> Child {
    let url = format!("tcp://{addr}");
    let storage = match engine {
        Engine::Memory => "memory://tansu/",
        Engine::Sqlite => "sqlite://herald.db",
    };
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("tansu.log"))
        .unwrap();
    Command::new(program)
        .args([
            "broker",
            "--listener-url",
            &url,
            "--advertised-listener-url",
            &url,
        ])
        .args(["--storage-engine", storage])
        .current_dir(dir)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("starting tansu")
}

/// Sends `signal` (`-TERM`, `-STOP`, ...) to a child process.
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// What an end-to-end test starts with: the lock that keeps such tests one at a time, a
/// fresh folder, and a broker with the topics; `None` when tansu is missing and not required.
pub fn setup(name: &str, engine: Engine) -> Option<(MutexGuard<'static, ()>, TestDir, Broker)> {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = super::tempdir(name);
    let broker = Broker::start(&dir, engine)?;
    Some((serial, dir, broker))
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// `herald produce INPUTS... --brokers` to `news.raw`; fails the test if it fails. Its
/// stderr (the summary) is returned.
pub fn produce(broker: &Broker, inputs: &[PathBuf]) -> String {
    let out = Command::new(bin("herald"))
        .arg("produce")
        .args(inputs)
        .args(["--brokers", &broker.addr])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// One service process; killed on drop.
pub struct Service {
    pub name: &'static str,
    pub child: Child,
    /// Its metrics and health listener, known once `wait_ready` has read it from the log.
    pub metrics: String,
    log: PathBuf,
    /// Where this process's lines begin in the log (a restarted service appends to it).
    log_start: usize,
}

impl Service {
    pub fn start(name: &'static str, broker: &Broker, dir: &Path) -> Self {
        Self::start_with(name, broker, dir, "", &[])
    }

    /// With `settings` (TOML) added to the test's own and `env` set. The metrics listener
    /// binds a port the system chooses, so that no two processes race for one.
    pub fn start_with(
        name: &'static str,
        broker: &Broker,
        dir: &Path,
        settings: &str,
        env: &[(&str, &str)],
    ) -> Self {
        let config = dir.join(format!("{name}.toml"));
        let deadline = if settings.contains("shutdown_deadline_ms") {
            ""
        } else {
            "shutdown_deadline_ms = 20000\n"
        };
        std::fs::write(
            &config,
            format!(
                "metrics_addr = \"127.0.0.1:0\"\n{deadline}{settings}\n\
                 [consumer]\n\"fetch.wait.max.ms\" = \"10\"\n\"session.timeout.ms\" = \"{}\"\n\
                 \"heartbeat.interval.ms\" = \"500\"\n[producer]\n\"linger.ms\" = \"1\"\n",
                SESSION_TIMEOUT.as_millis()
            ),
        )
        .unwrap();
        Self::spawn(name, broker, dir, &config, env)
    }

    /// With the settings file `config` as it is.
    pub fn spawn(
        name: &'static str,
        broker: &Broker,
        dir: &Path,
        config: &Path,
        env: &[(&str, &str)],
    ) -> Self {
        let log = dir.join(format!("{name}.log"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        let log_start = file.metadata().unwrap().len() as usize;
        let child = Command::new(bin(&format!("herald-{name}")))
            .arg("--config")
            .arg(config)
            .args(["--brokers", &broker.addr])
            .env("HERALD_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .unwrap();
        Self {
            name,
            child,
            metrics: String::new(),
            log,
            log_start,
        }
    }

    /// Waits for `/readyz`: debug builds take a while to load their dictionaries.
    pub fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            self.assert_running();
            if self.metrics.is_empty() {
                self.metrics = self.logged_metrics_addr().unwrap_or_default();
            }
            if !self.metrics.is_empty() && http_get(&self.metrics, "/readyz").0 == 200 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{} not ready within 180 s: {}",
                self.name,
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The address the metrics listener logged it serves on.
    fn logged_metrics_addr(&self) -> Option<String> {
        let logs = self.logs();
        let line = logs.lines().find(|l| l.contains(herald_stream::SERVING))?;
        let at = line.find("127.0.0.1:")?;
        let port: String = line[at + "127.0.0.1:".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some(format!("127.0.0.1:{port}"))
    }

    /// Waits until `what` holds of the service, polling; fails the test with `message` and
    /// the service's logs after `within`, or at once if the service exits.
    pub fn wait_until(
        &mut self,
        within: Duration,
        message: &str,
        mut what: impl FnMut(&Self) -> bool,
    ) {
        let deadline = Instant::now() + within;
        while !what(self) {
            self.assert_running();
            assert!(Instant::now() < deadline, "{message}: {}", self.logs());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("{} exited with {status}: {}", self.name, self.logs());
        }
    }

    /// Stops the service as an orchestrator does, with SIGTERM.
    pub fn terminate(&mut self) -> ExitStatus {
        signal(&self.child, "-TERM");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "{} did not stop", self.name);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the service as a crash would (SIGKILL) and starts it again once the broker has
    /// dropped the dead member from the group: it waits out the member's session, as an
    /// orchestrator's restart takes (tansu 0.6 tells no one when it expires a member, and does
    /// not rebalance then: a member that rejoins earlier can be left with no partitions).
    pub fn crash_and_restart(&mut self, broker: &Broker, dir: &Path) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::thread::sleep(SESSION_TIMEOUT + Duration::from_secs(2));
        *self = Self::start(self.name, broker, dir);
        self.wait_ready();
    }

    /// Peak resident memory so far, in KiB (`VmHWM`).
    pub fn peak_rss_kib(&self) -> u64 {
        proc_status_kib(self.child.id(), "VmHWM:")
    }

    /// What this process has logged.
    pub fn logs(&self) -> String {
        let bytes = std::fs::read(&self.log).unwrap_or_default();
        String::from_utf8_lossy(bytes.get(self.log_start..).unwrap_or_default()).into_owned()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `/proc/PID/status` figure in KiB (`VmRSS:`, `VmHWM:`); 0 once the process is gone.
pub fn proc_status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

pub fn start_services(broker: &Broker, dir: &Path) -> Vec<Service> {
    let mut services: Vec<Service> = SERVICES
        .iter()
        .map(|name| Service::start(name, broker, dir))
        .collect();
    for s in &mut services {
        s.wait_ready();
    }
    services
}

/// The values of the series of metric `name` whose labels contain `label`, in a Prometheus
/// text exposition.
pub fn metric_values(metrics: &str, name: &str, label: &str) -> Vec<f64> {
    metrics
        .lines()
        .filter(|l| l.starts_with(name) && l.contains(label))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .collect()
}

/// A plain HTTP/1.1 GET: (status, body).
pub fn http_get(addr: &str, path: &str) -> (u16, String) {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    http_request(addr, &head, b"")
}

/// One HTTP/1.1 exchange, `head` (request line and headers) then `body`: (status, body);
/// status 0 when nothing answered.
pub fn http_request(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let _ = stream.set_read_timeout(Some(WAIT));
    if stream.write_all(head.as_bytes()).is_err() {
        return (0, String::new());
    }
    // A server that refuses the body early may close before reading all of it.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
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

/// One record read back.
pub struct Rec {
    pub topic: String,
    pub key: String,
    pub payload: Vec<u8>,
    pub headers: HashMap<String, String>,
}

impl Rec {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.payload).unwrap()
    }
}

/// Reads topics from the beginning, keeping what it has read.
pub struct Reader {
    consumer: BaseConsumer,
    pub records: Vec<Rec>,
}

impl Reader {
    pub fn new(broker: &Broker, topics: &[&str]) -> Self {
        let consumer: BaseConsumer = ClientConfig::new()
            .set("bootstrap.servers", &broker.addr)
            .set("group.id", "herald-test-reader")
            .set("enable.auto.commit", "false")
            .set("fetch.wait.max.ms", "10")
            .set("receive.message.max.bytes", "200000000")
            .create()
            .unwrap();
        let mut tpl = TopicPartitionList::new();
        for topic in topics {
            let partitions = TOPICS.iter().find(|t| t.0 == *topic).unwrap().1;
            for p in 0..partitions {
                tpl.add_partition_offset(topic, p, Offset::Beginning)
                    .unwrap();
            }
        }
        consumer.assign(&tpl).unwrap();
        Self {
            consumer,
            records: Vec::new(),
        }
    }

    /// Reads until `done` says so or `wait` runs out; true when done.
    pub fn until(&mut self, wait: Duration, mut done: impl FnMut(&[Rec]) -> bool) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            if done(&self.records) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            self.poll(Duration::from_millis(100));
        }
    }

    /// Reads what arrives within `wait`, at most one batch.
    pub fn poll(&mut self, wait: Duration) {
        // Errors (a broker restarting) are transient: the client reconnects.
        let Some(Ok(m)) = self.consumer.poll(wait) else {
            return;
        };
        let text = |b: Option<&[u8]>| String::from_utf8_lossy(b.unwrap_or_default()).into_owned();
        self.records.push(Rec {
            topic: m.topic().to_string(),
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

    /// The records read from `topic`.
    pub fn of<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Rec> + 'a {
        self.records.iter().filter(move |r| r.topic == topic)
    }
}

/// Reads `topic` from the beginning until `done` says so or the wait runs out.
pub fn read_until(broker: &Broker, topic: &str, mut done: impl FnMut(&[Rec]) -> bool) -> Vec<Rec> {
    let mut reader = Reader::new(broker, &[topic]);
    reader.until(WAIT, |r| done(r));
    reader.records
}

pub fn ids<'a>(records: impl IntoIterator<Item = &'a Rec>) -> BTreeSet<String> {
    records.into_iter().map(|r| r.key.clone()).collect()
}
