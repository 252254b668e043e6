//! `herald bench kafka`: end-to-end throughput and latency of the running services, next to a
//! pass-through service (consume → produce unchanged, on the same runtime) as the ceiling.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use herald_model::{InputLimits, RawArticle};
use herald_stream::{Health, Processor, Record, Rejection, ServiceConfig, Topics};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord, Producer};
use rdkafka::{Message, Offset, TopicPartitionList};

use crate::input;
use crate::kafka::KafkaArgs;

#[derive(clap::Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub what: Bench,
}

#[derive(clap::Subcommand)]
pub enum Bench {
    /// Feeds articles through the running services (news.raw → news.enriched).
    Kafka(KafkaBench),
}

#[derive(clap::Args)]
pub struct KafkaBench {
    /// Stories to send (any format `herald run` reads), repeated under fresh ids up to `--articles`.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub kafka: KafkaArgs,
    /// Articles to send.
    #[arg(short = 'n', long, default_value_t = 1000)]
    pub articles: usize,
    /// Articles a second to send at (default: as fast as possible).
    #[arg(long)]
    pub rate: Option<f64>,
    /// Give up waiting for the output after this many seconds.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
    /// librdkafka `linger.ms` of the bench's own producer, the publisher of every article.
    #[arg(long, default_value_t = 5)]
    pub linger_ms: u32,
    /// librdkafka `linger.ms` of the pass-through service: give it the services' setting
    /// (their shipped one is 1) for a fair ceiling.
    #[arg(long, default_value_t = 1)]
    pub service_linger_ms: u32,
    /// librdkafka `fetch.wait.max.ms` of the bench's reader and the pass-through service
    /// (the test broker holds every fetch this long, data or not).
    #[arg(long, default_value_t = 10)]
    pub fetch_wait_ms: u32,
}

/// Articles sent through each path before the measured ones.
const WARM_UP: usize = 50;

const PASS_IN: &str = "herald.bench.in";
const PASS_OUT: &str = "herald.bench.out";

/// Consume → produce unchanged: the ceiling of any service on this runtime and broker.
struct PassThrough;

impl Processor for PassThrough {
    fn process(
        &self,
        payload: &[u8],
        _observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection> {
        let key = serde_json::from_slice::<RawArticle>(payload)
            .map(|a| a.id)
            .unwrap_or_default();
        Ok(vec![Record {
            topic: PASS_OUT.to_string(),
            key,
            payload: payload.to_vec(),
        }])
    }
}

struct Measure {
    sent: usize,
    arrived: usize,
    per_sec: f64,
    p50: Duration,
    p99: Duration,
    /// Each hop's name and p50 / p99 in ms: publish → the first topic written on the way,
    /// topic → topic, the output → the bench's reader.
    hops: Vec<(String, i64, i64)>,
}

pub fn bench(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let Bench::Kafka(args) = &args.what;
    let stories = read_stories(&args.inputs)?;
    let run = wall_ms();
    let records = copies(&stories, run, "", args.articles);
    // Sent through each path first and not counted: connections, metadata and the first
    // batches of every client are set up before the clock starts.
    let warm_up = copies(&stories, run, "warm-up-", WARM_UP);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let path = ServicePath::shipped(&args.kafka.brokers)?;
    let ceiling = bench_pass_through(&runtime, args, &path, run, &warm_up, &records)?;
    let (input, via, output) = (&path.input, &path.via, &path.output);
    measure(&runtime, args, input, via, output, &warm_up)?;
    let services = measure(&runtime, args, input, via, output, &records)?;
    report(args, &path, records.len(), &ceiling, &services);
    Ok(if services.arrived == services.sent {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The stories of every input file.
fn read_stories(inputs: &[PathBuf]) -> anyhow::Result<Vec<RawArticle>> {
    let mut stories = Vec::new();
    for file in input::expand(inputs).context("listing inputs")? {
        input::read(&file, &InputLimits::default(), &mut |item| {
            if let Ok(raw) = item.record {
                stories.push(raw);
            }
        })
        .with_context(|| format!("reading {}", file.display()))?;
    }
    anyhow::ensure!(!stories.is_empty(), "no stories in the input");
    Ok(stories)
}

/// `n` copies of the stories, in turn, as (id, payload), with ids and text of their own so
/// that the duplicate detector sees distinct stories.
fn copies(stories: &[RawArticle], run: i64, name: &str, n: usize) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let mut raw = stories[i % stories.len()].clone();
            raw.id = format!("bench-{run}-{name}{i}");
            raw.body = format!("{} (Bench copy {name}{i}.)", raw.body);
            let payload = serde_json::to_vec(&raw).expect("a raw article serialises");
            (raw.id, payload)
        })
        .collect()
}

/// Runs the pass-through service on its own topics and measures it on the warm-up, then
/// on the counted records.
fn bench_pass_through(
    runtime: &tokio::runtime::Runtime,
    args: &KafkaBench,
    path: &ServicePath,
    run: i64,
    warm_up: &[(String, Vec<u8>)],
    records: &[(String, Vec<u8>)],
) -> anyhow::Result<Measure> {
    create_pass_topics(runtime, args, path)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let health = Arc::new(Health::default());
    let pass = runtime.spawn(herald_stream::run(
        pass_through_config(args, path, run)?,
        PassThrough,
        health.clone(),
        async move {
            let _ = stopped.await;
        },
    ));
    // Measured once it holds its partitions, as the services are (scripts/bench-kafka
    // waits for their /readyz).
    let started = Instant::now();
    while !health.ready() {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(60),
            "the pass-through service did not get its partitions within 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    measure(runtime, args, PASS_IN, &[], PASS_OUT, warm_up)?;
    let ceiling = measure(runtime, args, PASS_IN, &[], PASS_OUT, records)?;
    let _ = stop.send(());
    runtime
        .block_on(pass)
        .context("the pass-through service")??;
    Ok(ceiling)
}

/// The pass-through topics, with as many partitions as the services' input, so that both
/// paths poll alike.
fn create_pass_topics(
    runtime: &tokio::runtime::Runtime,
    args: &KafkaBench,
    path: &ServicePath,
) -> anyhow::Result<()> {
    let admin: AdminClient<DefaultClientContext> = args
        .kafka
        .client()?
        .create()
        .context("creating the admin client")?;
    let partitions = admin
        .inner()
        .fetch_metadata(Some(&path.input), Duration::from_secs(10))
        .context("reading metadata")?
        .topics()
        .first()
        .map_or(0, |t| t.partitions().len())
        .max(1);
    let partitions = i32::try_from(partitions).unwrap_or(1);
    let topics =
        [PASS_IN, PASS_OUT].map(|t| NewTopic::new(t, partitions, TopicReplication::Fixed(1)));
    // "Already exists" is fine.
    let _ = runtime.block_on(admin.create_topics(&topics, &AdminOptions::new()));
    Ok(())
}

/// The pass-through service's settings: the bench's brokers and client properties, the
/// services' dead-letter topic, and the fetch wait and linger asked for.
fn pass_through_config(
    args: &KafkaBench,
    path: &ServicePath,
    run: i64,
) -> anyhow::Result<ServiceConfig> {
    let mut config = ServiceConfig {
        brokers: args.kafka.brokers.clone(),
        group_id: format!("herald-bench-{run}"),
        topics: Topics {
            input: PASS_IN.to_string(),
            output: PASS_OUT.to_string(),
            events: None,
            dlq: path.dlq.clone(),
            ..Topics::default()
        },
        ..ServiceConfig::default()
    };
    for (key, value) in args.kafka.properties()? {
        config.kafka.insert(key.to_string(), value.to_string());
    }
    config
        .consumer
        .insert("fetch.wait.max.ms".into(), args.fetch_wait_ms.to_string());
    config
        .producer
        .insert("linger.ms".into(), args.service_linger_ms.to_string());
    Ok(config)
}

/// Prints both paths' throughput and latency, and where the end-to-end time goes.
fn report(
    args: &KafkaBench,
    path: &ServicePath,
    sent: usize,
    ceiling: &Measure,
    services: &Measure,
) {
    let rate = args
        .rate
        .map_or_else(|| "as fast as possible".to_string(), |r| format!("{r}/s"));
    println!(
        "herald bench kafka: {sent} articles sent {rate}, {} broker(s) {}",
        args.kafka.brokers.split(',').count(),
        args.kafka.brokers
    );
    println!(
        "{:<32} {:>10} {:>10} {:>9} {:>9}",
        "", "arrived", "articles/s", "p50 ms", "p99 ms"
    );
    let services_name = format!("services {}→{}", path.input, path.output);
    for (name, m) in [
        ("pass-through (ceiling)", ceiling),
        (services_name.as_str(), services),
    ] {
        println!(
            "{name:<32} {:>10} {:>10.0} {:>9.1} {:>9.1}",
            format!("{}/{}", m.arrived, m.sent),
            m.per_sec,
            m.p50.as_secs_f64() * 1e3,
            m.p99.as_secs_f64() * 1e3
        );
    }
    println!(
        "services at {:.0} % of the pass-through throughput",
        100.0 * services.per_sec / ceiling.per_sec.max(1e-9)
    );
    // From the records' create times (stamped by each producer when it hands the record
    // over): where the end-to-end time goes.
    for (name, m) in [("pass-through", ceiling), ("services", services)] {
        let hops: Vec<String> = m
            .hops
            .iter()
            .map(|(hop, p50, p99)| format!("{hop} {p50} / {p99}"))
            .collect();
        println!("{name} hops, p50 / p99 ms: {}", hops.join(", "));
    }
}

/// The topics an article passes through the services, from their shipped settings.
struct ServicePath {
    /// The first service's input (news.raw).
    input: String,
    /// The topics written on the way (news.articles, news.annotated).
    via: Vec<String>,
    /// The last service's output (news.enriched).
    output: String,
    dlq: String,
}

impl ServicePath {
    fn shipped(brokers: &str) -> anyhow::Result<Self> {
        let topics = |shipped| {
            ServiceConfig::load(shipped, None, Some(brokers))
                .map(|c| c.topics)
                .context("reading the services' shipped settings")
        };
        let ingest = topics(include_str!("../../../config/ingest.toml"))?;
        let annotate = topics(include_str!("../../../config/annotate.toml"))?;
        let events = topics(include_str!("../../../config/events.toml"))?;
        anyhow::ensure!(
            annotate.input == ingest.output && events.input == annotate.output,
            "the shipped services do not form a chain: {} → {}, {} → {}, {} → {}",
            ingest.input,
            ingest.output,
            annotate.input,
            annotate.output,
            events.input,
            events.output
        );
        Ok(Self {
            input: ingest.input,
            via: vec![ingest.output, annotate.output],
            output: events.output,
            dlq: events.dlq,
        })
    }
}

/// Milliseconds since the Unix epoch, as Kafka timestamps are.
fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn consumer(args: &KafkaBench) -> anyhow::Result<BaseConsumer> {
    args.kafka.reader("herald-bench-reader", args.fetch_wait_ms)
}

/// Every partition of `topic` at its current end.
fn ends(consumer: &BaseConsumer, topic: &str) -> anyhow::Result<TopicPartitionList> {
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .context("reading metadata")?;
    let mut tpl = TopicPartitionList::new();
    for t in metadata.topics() {
        for p in t.partitions() {
            let (_, high) = consumer
                .fetch_watermarks(topic, p.id(), Duration::from_secs(10))
                .context("reading watermarks")?;
            tpl.add_partition_offset(topic, p.id(), Offset::Offset(high))?;
        }
    }
    anyhow::ensure!(tpl.count() > 0, "no topic {topic}");
    Ok(tpl)
}

/// The create time of the first record of each key in `topic` from `from` to the current
/// end. Read after a run, so that the run's broker does not serve an extra reader.
fn create_times(
    args: &KafkaBench,
    topic: &str,
    from: &TopicPartitionList,
) -> anyhow::Result<HashMap<String, i64>> {
    let consumer = consumer(args)?;
    let mut left: HashMap<i32, i64> = HashMap::new();
    for e in ends(&consumer, topic)?.elements() {
        let start = from
            .find_partition(topic, e.partition())
            .and_then(|s| s.offset().to_raw())
            .unwrap_or(0);
        if let Some(end) = e.offset().to_raw() {
            if end > start {
                left.insert(e.partition(), end);
            }
        }
    }
    consumer.assign(from)?;
    let mut times = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(args.timeout);
    while !left.is_empty() && Instant::now() < deadline {
        let Some(Ok(m)) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        if left
            .get(&m.partition())
            .is_some_and(|end| m.offset() + 1 >= *end)
        {
            left.remove(&m.partition());
        }
        if let (Some(key), Some(t)) = (m.key(), m.timestamp().to_millis()) {
            times
                .entry(String::from_utf8_lossy(key).into_owned())
                .or_insert(t);
        }
    }
    Ok(times)
}

/// Each hop's p50 and p99 in ms, from the publish time (`sent`), the create times on each
/// topic of `via` and the output, and the arrival time (`arrived`), for the keys seen on
/// every hop.
fn hops(
    sent: &HashMap<String, i64>,
    stamps: &[(String, HashMap<String, i64>)],
    arrived: &HashMap<String, i64>,
) -> Vec<(String, i64, i64)> {
    let mut names = vec!["publish".to_string()];
    names.extend(stamps.iter().map(|(t, _)| t.clone()));
    names.push("bench".to_string());
    let mut hops: Vec<Vec<i64>> = vec![Vec::new(); names.len() - 1];
    for (key, t0) in sent {
        let mut times = vec![*t0];
        times.extend(stamps.iter().filter_map(|(_, s)| s.get(key).copied()));
        times.extend(arrived.get(key).copied());
        if times.len() == names.len() {
            for (hop, pair) in hops.iter_mut().zip(times.windows(2)) {
                hop.push(pair[1] - pair[0]);
            }
        }
    }
    names
        .windows(2)
        .zip(hops)
        .map(|(pair, mut ms)| {
            ms.sort_unstable();
            (
                format!("{}→{}", pair[0], pair[1]),
                pct(&ms, 0.50),
                pct(&ms, 0.99),
            )
        })
        .collect()
}

/// The `p` quantile of sorted values (the default when there are none).
fn pct<T: Copy + Default>(sorted: &[T], p: f64) -> T {
    sorted
        .get(((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1))
        .copied()
        .unwrap_or_default()
}

/// Each key's send: the clock for its latency, and the wall time for its first hop.
type SentAt = Arc<Mutex<HashMap<String, (Instant, i64)>>>;

/// Each key's latency, create time on the output, and wall time of arrival.
type Arrivals = HashMap<String, (Duration, Option<i64>, i64)>;

/// Sends `records` to `input` (paced by `--rate`), times each one's first arrival on
/// `output`, and splits the time into hops at the topics `via` written on the way.
fn measure(
    runtime: &tokio::runtime::Runtime,
    args: &KafkaBench,
    input: &str,
    via: &[String],
    output: &str,
    records: &[(String, Vec<u8>)],
) -> anyhow::Result<Measure> {
    // Read from the current ends, fixed before anything is sent.
    let consumer = consumer(args)?;
    let tpl = ends(&consumer, output)?;
    let starts = via
        .iter()
        .map(|t| ends(&consumer, t))
        .collect::<anyhow::Result<Vec<_>>>()?;
    consumer.assign(&tpl)?;
    // Connects and starts fetching; nothing has been sent yet.
    let _ = consumer.poll(Duration::from_millis(100));

    let sent_at = SentAt::default();
    let reader = read_arrivals(consumer, sent_at.clone(), records.len(), args.timeout);
    let first = publish(runtime, args, input, records, &sent_at)?;
    let (arrivals, last) = reader.join().expect("the reader does not panic");
    let mut latencies: Vec<Duration> = arrivals.values().map(|a| a.0).collect();
    latencies.sort();
    let sent: HashMap<String, i64> = std::mem::take(&mut *sent_at.lock().expect("lock"))
        .into_iter()
        .map(|(k, (_, wall))| (k, wall))
        .collect();
    let mut stamps = Vec::new();
    for (topic, from) in via.iter().zip(&starts) {
        stamps.push((topic.to_string(), create_times(args, topic, from)?));
    }
    stamps.push((
        output.to_string(),
        arrivals
            .iter()
            .filter_map(|(k, a)| Some((k.clone(), a.1?)))
            .collect(),
    ));
    let arrived = arrivals.iter().map(|(k, a)| (k.clone(), a.2)).collect();
    Ok(Measure {
        sent: records.len(),
        arrived: latencies.len(),
        per_sec: latencies.len() as f64 / (last - first).as_secs_f64().max(1e-9),
        p50: pct(&latencies, 0.50),
        p99: pct(&latencies, 0.99),
        hops: hops(&sent, &stamps, &arrived),
    })
}

/// On a thread of its own: the first arrival of each key sent, until `expected` arrived or
/// `timeout` seconds passed, and when the last one came.
fn read_arrivals(
    consumer: BaseConsumer,
    sent_at: SentAt,
    expected: usize,
    timeout: u64,
) -> std::thread::JoinHandle<(Arrivals, Instant)> {
    let deadline = Duration::from_secs(timeout);
    std::thread::spawn(move || {
        let mut arrivals = Arrivals::new();
        let started = Instant::now();
        let mut last = started;
        while arrivals.len() < expected && started.elapsed() < deadline {
            let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) else {
                continue;
            };
            let now = Instant::now();
            let key = String::from_utf8_lossy(m.key().unwrap_or_default()).into_owned();
            if let Some((t, _)) = sent_at.lock().expect("lock").get(&key) {
                let created = m.timestamp().to_millis();
                arrivals
                    .entry(key)
                    .or_insert((now - *t, created, wall_ms()));
                last = now;
            }
        }
        (arrivals, last)
    })
}

/// Sends `records` to `input`, paced by `--rate`, noting each one's send in `sent_at`, and
/// waits for every delivery; when the first was sent.
fn publish(
    runtime: &tokio::runtime::Runtime,
    args: &KafkaBench,
    input: &str,
    records: &[(String, Vec<u8>)],
    sent_at: &SentAt,
) -> anyhow::Result<Instant> {
    let producer: FutureProducer = args
        .kafka
        .client()?
        .set("linger.ms", args.linger_ms.to_string())
        .create()
        .context("creating the producer")?;
    producer
        .client()
        .fetch_metadata(Some(input), Duration::from_secs(10))
        .context("reading metadata")?;
    let first = Instant::now();
    let mut deliveries: Vec<DeliveryFuture> = Vec::with_capacity(records.len());
    for (i, (id, payload)) in records.iter().enumerate() {
        if let Some(rate) = args.rate {
            let due = first + Duration::from_secs_f64(i as f64 / rate);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        sent_at
            .lock()
            .expect("lock")
            .insert(id.clone(), (Instant::now(), wall_ms()));
        loop {
            match producer.send_result(FutureRecord::to(input).key(id).payload(payload)) {
                Ok(d) => break deliveries.push(d),
                Err(_) => std::thread::sleep(Duration::from_millis(1)),
            }
        }
    }
    runtime.block_on(async {
        for d in deliveries {
            let _ = d.await;
        }
    });
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_services_form_one_path() {
        let path = ServicePath::shipped("b:1").unwrap();
        assert_eq!(path.input, "news.raw");
        assert_eq!(path.via, ["news.articles", "news.annotated"]);
        assert_eq!(path.output, "news.enriched");
        assert_eq!(path.dlq, "news.dlq");
    }

    fn map(pairs: &[(&str, i64)]) -> HashMap<String, i64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn hops_split_each_key_between_its_stamps() {
        let sent = map(&[("a", 0), ("b", 100), ("c", 200)]);
        let stamps = vec![
            ("x".to_string(), map(&[("a", 10), ("b", 130), ("c", 210)])),
            // "c" never reached y: it is left out of every hop.
            ("y".to_string(), map(&[("a", 15), ("b", 150)])),
        ];
        let arrived = map(&[("a", 40), ("b", 151), ("c", 260)]);
        assert_eq!(
            hops(&sent, &stamps, &arrived),
            vec![
                ("publish→x".to_string(), 10, 30),
                ("x→y".to_string(), 5, 20),
                ("y→bench".to_string(), 1, 25),
            ]
        );
    }

    #[test]
    fn quantiles_of_nothing_are_zero() {
        assert_eq!(pct::<i64>(&[], 0.99), 0);
        assert_eq!(pct(&[1, 2, 3, 4], 0.5), 2);
        assert_eq!(pct(&[1, 2, 3, 4], 0.99), 4);
    }
}
