//! Reliability end to end: hostile input, crashes and restarts, memory under load, secrets.
//! The services run as real processes against a real Kafka-protocol broker (tansu).
//!
//! Scale: the CI run is reduced. `HERALD_SOAK=full` runs the full scale (10,000 articles
//! through the crashes, 1,000,000 through `herald run`, 100,000 through the services),
//! best with release binaries: `scripts/soak` does both and prints the figures.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::kafka::{
    bin, block_on, ids, metric_values, proc_status_kib, produce, setup, start_services, Broker,
    Engine, Reader, Service, WAIT,
};
use common::{article, assert_no_leak, seed_stories, tempdir, Reaped};
use herald_stream::dead_letter;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::{json, Value};

/// `ci` normally, `full` under `HERALD_SOAK=full`.
fn scale<T>(ci: T, full: T) -> T {
    if std::env::var("HERALD_SOAK").as_deref() == Ok("full") {
        full
    } else {
        ci
    }
}

fn producer(broker: &Broker) -> FutureProducer {
    ClientConfig::new()
        .set("bootstrap.servers", &broker.addr)
        .set("message.max.bytes", "100000000")
        .set("linger.ms", "1")
        .create()
        .unwrap()
}

/// Sends one message to partition 0 of `news.raw`.
fn send(producer: &FutureProducer, key: &[u8], payload: Option<&[u8]>, headers: OwnedHeaders) {
    let mut record = FutureRecord::to("news.raw")
        .key(key)
        .partition(0)
        .headers(headers);
    if let Some(payload) = payload {
        record = record.payload(payload);
    }
    block_on(producer.send(record, Duration::from_secs(60)))
        .map_err(|(e, _)| e)
        .unwrap();
}

/// What a hostile message must become.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// Dead-lettered with this reason.
    Dead(&'static str),
    /// Processed into `news.enriched` under its id.
    Processed,
}

struct Hostile {
    kind: &'static str,
    key: Vec<u8>,
    payload: Option<Vec<u8>>,
    headers: OwnedHeaders,
    outcome: Outcome,
}

/// A Herald record `{"id": ID, "title": .., "body": BODY}`.
fn record(id: &str, body: &str) -> Vec<u8> {
    json!({"id": id, "title": "Hostile", "body": body})
        .to_string()
        .into_bytes()
}

/// Every hostile input with what it must become: the length is the catalogue.
fn hostile_catalogue() -> Vec<Hostile> {
    use Outcome::{Dead, Processed};
    let story = "Diplomats from France and Germany met in Geneva on Monday to discuss a ceasefire.";
    let nested_div = format!(
        "<html><body>{}<p>{story}</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let mut png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    let garbage_headers = (0..100u8).fold(OwnedHeaders::new(), |h, i| {
        let key = if i % 2 == 0 { "\u{0}\u{ffff}" } else { "x-" };
        let value: Vec<u8> = (0..i).map(|j| j.wrapping_mul(37) ^ 0xA5).collect();
        h.insert(Header {
            key,
            value: (i % 3 != 0).then_some(value.as_slice()),
        })
    });
    let raw = |kind: &'static str, payload: Vec<u8>, outcome| Hostile {
        kind,
        key: format!("hostile-{kind}").into_bytes(),
        payload: Some(payload),
        headers: OwnedHeaders::new(),
        outcome,
    };
    let text = |kind: &'static str, body: &str, outcome| {
        raw(kind, record(&format!("hostile-{kind}"), body), outcome)
    };
    let json = |kind: &'static str, value: Value, outcome| {
        let mut value = value;
        value["id"] = json!(format!("hostile-{kind}"));
        raw(kind, value.to_string().into_bytes(), outcome)
    };
    vec![
        raw("empty_value", Vec::new(), Dead("empty_message")),
        Hostile {
            payload: None,
            ..raw("null_value", Vec::new(), Dead("empty_message"))
        },
        raw("not_json", b"this is not json at all".to_vec(), Dead("not_json")),
        raw(
            "truncated_json",
            br#"{"id": "hostile-truncated_json", "body": "Talks in"#.to_vec(),
            Dead("not_json"),
        ),
        raw("json_array", format!("[{}]", String::from_utf8(record("hostile-json_array", story)).unwrap()).into_bytes(), Dead("unknown_format")),
        raw("json_number", b"42".to_vec(), Dead("unknown_format")),
        raw("json_string", br#""a story about talks""#.to_vec(), Dead("unknown_format")),
        json("missing_body", json!({"title": "No body"}), Dead("no_body")),
        text("empty_body", "", Dead("empty_body")),
        text("whitespace_body", " \n\t\u{a0}\u{2003} \r\n ", Dead("empty_body")),
        raw("value_50mb", vec![b'a'; 50 * 1024 * 1024], Dead("message_too_large")),
        text(
            "line_100k_chars",
            &format!("{story} {}", "and the talks went on ".repeat(4_600)),
            Processed,
        ),
        raw(
            "invalid_utf8",
            [b"{\"id\":\"hostile-invalid_utf8\",\"body\":\"Talks \xff\xfe in Geneva\"}".as_slice()].concat(),
            Dead("invalid_utf8"),
        ),
        text("nul_escaped", &format!("{story}\u{0}\u{0} More\u{0}talks."), Processed),
        raw(
            "nul_raw",
            b"{\"id\":\"hostile-nul_raw\",\"body\":\"Talks\0\0 in Geneva\"}".to_vec(),
            Dead("not_json"),
        ),
        raw(
            "nested_json_10k",
            format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)).into_bytes(),
            Dead("not_json"),
        ),
        raw(
            "nested_arrays_10k",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
            Dead("not_json"),
        ),
        raw(
            "duplicate_keys",
            format!(r#"{{"id":"hostile-duplicate_keys","body":"first","body":"{story}","id":"hostile-duplicate_keys"}}"#).into_bytes(),
            Processed,
        ),
        json("wrong_type_body", json!({"body": 123}), Dead("wrong_field_type")),
        json("wrong_type_title", json!({"body": story, "title": {"a": 1}}), Dead("wrong_field_type")),
        json(
            "future_date",
            json!({"body": story, "published_at": "2031-06-01T08:00:00+02:00"}),
            Processed,
        ),
        json(
            "far_future_date",
            json!({"body": story, "published_at": "2999-12-31T23:59:59Z"}),
            Dead("invalid_date"),
        ),
        json(
            "absurd_date",
            json!({"body": story, "published_at": "99999-99-99T99:99:99Z"}),
            Dead("invalid_date"),
        ),
        json(
            "ninjs_malformed",
            json!({"uri": "urn:x", "headline": ["not", "text"], "body_text": story}),
            Dead("wrong_field_type"),
        ),
        raw(
            "ninjs_html",
            json!({"uri": "hostile-ninjs_html", "headline": "Talks", "body_html": format!("<p>{story}</p>"), "versioncreated": "2026-11-25T10:00:00Z"}).to_string().into_bytes(),
            Processed,
        ),
        raw(
            "byte_order_mark",
            [b"\xef\xbb\xbf".as_slice(), &record("hostile-byte_order_mark", story)].concat(),
            Processed,
        ),
        Hostile {
            key: b"hostile-huge_id".to_vec(),
            ..raw("huge_id", record(&"i".repeat(100_000), story), Dead("id_too_long"))
        },
        text(
            "html_script_style_only",
            "<html><head><style>p { color: red }</style><script>var a = 1;</script></head><body><script>alert(1)</script></body></html>",
            Dead("empty_body"),
        ),
        text("html_100k_nested", &nested_div, Processed),
        text("million_quotes", &"\"".repeat(1_000_000), Dead("over_limit")),
        text(
            "many_sentences",
            &"Talks went on. ".repeat(6_000),
            Dead("over_limit"),
        ),
        text(
            "many_entities",
            &format!("{} are places.", "Paris, London, Berlin, Madrid, ".repeat(6_000)),
            Dead("over_limit"),
        ),
        text(
            "rtl_and_zero_width",
            &format!("\u{202e}{story}\u{202c} \u{200b}\u{200d}\u{feff} التقى الدبلوماسيون في جنيف. \u{200f}הם דיברו.\u{200e} Paris\u{200b}Berlin."),
            Processed,
        ),
        text(
            "emoji",
            &format!("🇫🇷🤝🇩🇪 {story} 👨‍👩‍👧‍👦🔥💬 \"Great talks 👍,\" said Angela Merkel."),
            Processed,
        ),
        text("one_url", "https://example.com/news/2026/11/25/talks-in-geneva?utm=x#top", Processed),
        text("control_chars", &format!("{story}\u{1}\u{7}\u{1b}[31m red \u{8}\u{7f}"), Processed),
        text("long_word", &"x".repeat(200_000), Processed),
        text("chinese", "外交官周一在日内瓦会面，讨论停火问题。法国和德国的代表出席了会议。", Processed),
        raw("png", png, Dead("invalid_utf8")),
        text(
            "sentence_5mb",
            &"and the talks went on ".repeat(240_000),
            Dead("message_too_large"),
        ),
        Hostile {
            headers: garbage_headers,
            ..text("garbage_headers", story, Processed)
        },
        Hostile {
            key: vec![0xff, 0x00, 0xfe, 0x80],
            ..text("garbage_key", story, Processed)
        },
    ]
}

/// One scenario end to end: each hostile input sent with a good one behind it, and what
/// became of both.
#[test]
fn hostile_input_is_dead_lettered_with_its_reason_or_processed_and_never_stalls_a_service() {
    let Some((_serial, dir, broker)) = setup("hostile", Engine::Memory) else {
        return;
    };
    let mut services = start_services(&broker, &dir);
    let producer = producer(&broker);
    let mut reader = Reader::new(&broker, &["news.enriched", "news.dlq"]);
    let catalogue = hostile_catalogue();
    assert!(catalogue.len() >= 25);

    let mut timings = Vec::new();
    let mut wrong = Vec::new();
    for (i, hostile) in catalogue.iter().enumerate() {
        let id = format!("hostile-{}", hostile.kind);
        let good = format!("after-{i}");
        let started = Instant::now();
        send(
            &producer,
            &hostile.key,
            hostile.payload.as_deref(),
            hostile.headers.clone(),
        );
        send(
            &producer,
            good.as_bytes(),
            Some(&record(&good, "Envoys met in Vienna on Tuesday.")),
            OwnedHeaders::new(),
        );
        // What became of it: the dead letter's reason, or "processed".
        let outcome = |records: &[common::kafka::Rec]| {
            records.iter().find_map(|r| match r.topic.as_str() {
                "news.dlq" if r.key == id => Some(r.headers[dead_letter::REASON].clone()),
                "news.enriched" if r.key == id => Some("processed".to_string()),
                _ => None,
            })
        };
        let mut seen = None;
        let flowed = reader.until(WAIT, |r| {
            if seen.is_none() {
                seen = outcome(r).map(|o| (o, started.elapsed()));
            }
            seen.is_some()
                && r.iter()
                    .any(|r| r.topic == "news.enriched" && r.key == good)
        });
        for s in &mut services {
            s.assert_running();
        }
        let good_arrived = reader.of("news.enriched").any(|r| r.key == good);
        assert!(
            flowed,
            "{}: outcome {seen:?}; the good message after it arrived: {good_arrived}",
            hostile.kind
        );
        let (got, took) = seen.unwrap();
        let expected = match hostile.outcome {
            Outcome::Dead(reason) => reason,
            Outcome::Processed => "processed",
        };
        if got != expected {
            wrong.push(format!(
                "{}: expected {:?}, got {got:?}",
                hostile.kind, hostile.outcome
            ));
        }
        timings.push((took, hostile.kind));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let dead = catalogue
        .iter()
        .filter(|h| matches!(h.outcome, Outcome::Dead(_)))
        .count();
    assert_eq!(
        reader.of("news.dlq").count(),
        dead,
        "only the bad ones are dead letters"
    );
    for letter in reader.of("news.dlq") {
        let h = &letter.headers;
        for header in [
            dead_letter::STAGE,
            dead_letter::ERROR,
            dead_letter::TOPIC,
            dead_letter::PARTITION,
            dead_letter::OFFSET,
        ] {
            assert!(h.contains_key(header), "{}: no {header}", letter.key);
        }
        assert!(
            letter.payload.len() <= 1_000_000,
            "{}: dead letter cut to size",
            letter.key
        );
    }

    timings.sort();
    timings.reverse();
    eprintln!(
        "hostile input: {} kinds ({dead} dead-lettered); slowest, from send to outcome:",
        catalogue.len()
    );
    for (took, kind) in timings.iter().take(8) {
        eprintln!("  {kind:<24} {:>8.1} ms", took.as_secs_f64() * 1e3);
    }
}

/// One scenario end to end: one stream of articles, each service killed and the broker
/// restarted while it flows.
#[test]
fn nothing_is_lost_when_each_service_is_killed_and_the_broker_restarts() {
    let Some((_serial, dir, mut broker)) = setup("crash", Engine::Sqlite) else {
        return;
    };
    let mut services = start_services(&broker, &dir);
    let n = scale(1_000, 10_000);
    let stories = seed_stories();
    let input = dir.join("articles.jsonl");
    let lines: String = (0..n).map(|i| article(&stories, "c", i) + "\n").collect();
    std::fs::write(&input, lines).unwrap();
    let expected: BTreeSet<String> = (0..n).map(|i| format!("c{i}")).collect();
    produce(&broker, &[input]);

    // Each fault strikes while articles flow: a service is killed once its own output has
    // part of them, the broker once most are through.
    let mut reader = Reader::new(
        &broker,
        &[
            "news.articles",
            "news.annotated",
            "news.enriched",
            "news.dlq",
        ],
    );
    let count = |reader: &Reader, topic: &str| ids(reader.of(topic)).len();
    let faults: [(&str, usize); 4] = [
        ("news.articles", n / 4),
        ("news.annotated", n / 3),
        ("news.enriched", n / 2),
        ("news.enriched", 3 * n / 4),
    ];
    for (step, (topic, threshold)) in faults.into_iter().enumerate() {
        let reached = reader.until(WAIT, |r| {
            ids(r.iter().filter(|x| x.topic == topic)).len() >= threshold
        });
        assert!(reached, "{topic} did not reach {threshold}");
        let started = Instant::now();
        if step < 3 {
            let service = &mut services[step];
            eprintln!(
                "kill -9 {} at {} records of {topic}",
                service.name,
                count(&reader, topic)
            );
            service.crash_and_restart(&broker, &dir);
        } else {
            eprintln!(
                "broker restart at {} records of {topic}",
                count(&reader, topic)
            );
            broker.restart();
        }
        eprintln!("  back in {:.1} s", started.elapsed().as_secs_f64());
    }

    let done = |r: &[common::kafka::Rec]| {
        let arrived: BTreeSet<&str> = r
            .iter()
            .filter(|x| x.topic == "news.enriched" || x.topic == "news.dlq")
            .map(|x| x.key.as_str())
            .collect();
        expected.iter().all(|id| arrived.contains(id.as_str()))
    };
    reader.until(WAIT * 3, done);
    for s in &mut services {
        s.assert_running();
    }
    let enriched: Vec<_> = reader.of("news.enriched").collect();
    let dlq = ids(reader.of("news.dlq"));
    let arrived: BTreeSet<String> = ids(enriched.iter().copied()).union(&dlq).cloned().collect();
    let lost: Vec<_> = expected.difference(&arrived).collect();
    let unknown: Vec<_> = arrived.difference(&expected).collect();
    assert!(unknown.is_empty(), "records of no input: {unknown:?}");

    // A repeat is the same article with the same events: a consumer keying on the ids sees
    // each once.
    let mut events_of: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for record in &enriched {
        let v = record.json();
        let events: BTreeSet<String> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event_id"].as_str().unwrap().to_string())
            .collect();
        if let Some(first) = events_of.get(record.key.as_str()) {
            assert_eq!(
                first, &events,
                "a repeat of {} with other events",
                record.key
            );
        } else {
            events_of.insert(&record.key, events);
        }
    }
    let repeats = enriched.len() - events_of.len();
    for topic in ["news.articles", "news.annotated"] {
        let all = reader.of(topic).count();
        eprintln!(
            "{topic}: {all} records, {} repeats",
            all - ids(reader.of(topic)).len()
        );
    }
    eprintln!(
        "crash and restart: {n} fed, {} lost, {} in news.enriched ({repeats} repeats, {:.2} %), {} dead-lettered",
        lost.len(),
        enriched.len(),
        100.0 * repeats as f64 / n as f64,
        dlq.len()
    );
    assert!(lost.is_empty(), "lost {} articles: {lost:?}", lost.len());
    assert!(dlq.is_empty(), "good articles dead-lettered: {dlq:?}");
}

/// The heap `herald run` reports holding at its end, in bytes.
fn run_heap(stories: &[(String, String)], config: &std::path::Path, n: usize) -> f64 {
    let child = Command::new(bin("herald"))
        .args(["run", "-", "--emit", "events", "--config"])
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Reaped::new(child);
    let pid = child.id();
    let mut stdin = child.take_stdin();
    for i in 0..n {
        writeln!(stdin, "{}", article(stories, "m", i)).unwrap();
    }
    drop(stdin);
    let rss = proc_status_kib(pid, "VmRSS:");
    let out = child.wait_with_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let heap: f64 = stderr
        .rsplit_once("heap ")
        .and_then(|(_, mb)| mb.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no heap in the summary: {stderr}"));
    eprintln!(
        "herald run over {n} articles: heap {heap:.1} MB at the end, RSS {} MiB",
        rss / 1024
    );
    heap * 1e6
}

#[test]
fn herald_run_keeps_memory_flat_over_many_articles() {
    let dir = tempdir("memory-run");
    // The warm-up fills the duplicate window (small in the reduced run, so that it fills
    // early; the shipped one in the full run); the runs then differ by `more` articles.
    let (window, warm_up, more) = scale((1_000, 1_500, 2_000), (50_000, 60_000, 1_000_000));
    let config = dir.join("herald.toml");
    std::fs::write(&config, format!("[duplicates]\nwindow = {window}\n")).unwrap();
    let stories = seed_stories();
    let short = run_heap(&stories, &config, warm_up + more / 10);
    let long = run_heap(&stories, &config, warm_up + more);
    assert_no_leak(
        "herald run",
        (warm_up + more / 10, short),
        (warm_up + more, long),
    );
}

/// A service's `herald_messages_consumed_total` (all topics), `herald_in_flight` and
/// `herald_heap_bytes`, from its `/metrics`.
fn service_figures(service: &Service) -> (usize, usize, f64) {
    let (_, metrics) = common::kafka::http_get(&service.metrics, "/metrics");
    // Counters and gauges appear once first set; the heap gauge at every scrape.
    let values = |name: &str| metric_values(&metrics, name, "");
    let heap = values("herald_heap_bytes");
    assert_eq!(
        heap.len(),
        1,
        "{}: no heap gauge in\n{metrics}",
        service.name
    );
    (
        values("herald_messages_consumed_total").iter().sum::<f64>() as usize,
        values("herald_in_flight").iter().sum::<f64>() as usize,
        heap[0],
    )
}

/// Feeds articles `from..to` and waits until every service has taken and finished them;
/// returns each service's heap then.
fn feed_and_settle(
    broker: &Broker,
    services: &mut [Service],
    dir: &std::path::Path,
    stories: &[(String, String)],
    (from, to): (usize, usize),
) -> Vec<f64> {
    let input = dir.join("articles.jsonl");
    let lines: String = (from..to)
        .map(|i| article(stories, "s", i) + "\n")
        .collect();
    std::fs::write(&input, lines).unwrap();
    produce(broker, &[input]);
    let deadline = Instant::now() + WAIT * 3;
    loop {
        let figures: Vec<_> = services
            .iter_mut()
            .map(|s| {
                s.assert_running();
                service_figures(s)
            })
            .collect();
        if figures
            .iter()
            .all(|&(taken, busy, _)| taken >= to && busy == 0)
        {
            return figures.into_iter().map(|f| f.2).collect();
        }
        assert!(
            Instant::now() < deadline,
            "the services did not finish {to} articles within {:?}: (taken, in flight, heap) {figures:?}",
            WAIT * 3
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_services_keep_memory_flat_under_load() {
    let Some((_serial, dir, broker)) = setup("memory-services", Engine::Memory) else {
        return;
    };
    let (window, warm_up, more) = scale((200, 1_000, 3_000), (50_000, 60_000, 100_000));
    std::fs::write(
        dir.join("herald.toml"),
        format!("[duplicates]\nwindow = {window}\n"),
    )
    .unwrap();
    let settings = format!("pipeline = {:?}", dir.join("herald.toml"));
    let mut services: Vec<Service> = common::kafka::SERVICES
        .iter()
        .map(|name| Service::start_with(name, &broker, &dir, &settings, &[]))
        .collect();
    for s in &mut services {
        s.wait_ready();
    }
    let stories = seed_stories();
    let before = feed_and_settle(&broker, &mut services, &dir, &stories, (0, warm_up));
    let rss_before: Vec<u64> = services
        .iter()
        .map(|s| proc_status_kib(s.child.id(), "VmRSS:"))
        .collect();
    let after = feed_and_settle(
        &broker,
        &mut services,
        &dir,
        &stories,
        (warm_up, warm_up + more),
    );
    for (i, s) in services.iter().enumerate() {
        eprintln!(
            "{}: RSS {} -> {} MiB, peak {} MiB",
            s.name,
            rss_before[i] / 1024,
            proc_status_kib(s.child.id(), "VmRSS:") / 1024,
            s.peak_rss_kib() / 1024
        );
    }
    for (i, s) in services.iter().enumerate() {
        assert_no_leak(s.name, (warm_up, before[i]), (warm_up + more, after[i]));
    }
}

#[test]
fn a_service_stops_by_its_deadline_when_the_broker_hangs() {
    let Some((_serial, dir, broker)) = setup("hung-broker", Engine::Memory) else {
        return;
    };
    let deadline = Duration::from_secs(3);
    let mut ingest = Service::start_with(
        "ingest",
        &broker,
        &dir,
        &format!("shutdown_deadline_ms = {}", deadline.as_millis()),
        &[],
    );
    ingest.wait_ready();
    let stories = seed_stories();
    let producer = producer(&broker);
    for i in 0..scale(500, 5_000) {
        let (key, payload) = (format!("h{i}"), article(&stories, "h", i));
        while producer
            .send_result(FutureRecord::to("news.raw").key(&key).payload(&payload))
            .is_err()
        {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    producer.flush(Duration::from_secs(60)).unwrap();
    // The broker hangs mid-stream, with offsets stored and not yet committed; nothing it
    // is asked (the last commit, leaving the group) gets an answer.
    let mut reader = Reader::new(&broker, &["news.articles"]);
    assert!(
        reader.until(WAIT, |r| r.len() >= 20),
        "no articles came out"
    );
    broker.pause();
    let status = ingest.terminate();
    broker.resume();
    let logs = ingest.logs();
    assert!(status.success(), "{status}: {logs}");
    assert!(logs.contains("stopped"), "{logs}");
}

#[test]
fn secrets_given_to_the_kafka_client_never_reach_the_logs() {
    let Some((_serial, dir, broker)) = setup("secrets", Engine::Memory) else {
        return;
    };
    let secret = "s3cr3t-Herald-7f2c9a";
    let file = dir.join("truststore-password");
    std::fs::write(&file, format!("{secret}-file\n")).unwrap();
    // The broker speaks no SASL: the client fails to authenticate and says so, at debug level,
    // for a while; none of what it says may hold the password.
    let settings = format!(
        "log_format = \"json\"\n[kafka]\n\"security.protocol\" = \"sasl_plaintext\"\n\
         \"sasl.mechanisms\" = \"PLAIN\"\n\"sasl.username\" = \"herald\"\n\
         \"sasl.password\" = \"env:HERALD_TEST_KAFKA_PASSWORD\"\n\
         \"ssl.key.password\" = \"file:{}\"",
        file.display()
    );
    let mut service = Service::start_with(
        "ingest",
        &broker,
        &dir,
        &settings,
        &[
            ("HERALD_TEST_KAFKA_PASSWORD", secret),
            ("HERALD_LOG", "debug"),
        ],
    );
    // Until the client has failed to authenticate and said so.
    service.wait_until(
        Duration::from_secs(120),
        "no client error logged within 120 s",
        |s| s.logs().contains("kafka client error"),
    );
    service.assert_running();
    service.terminate();
    let logs = service.logs();
    assert!(
        logs.contains("\"level\":\"DEBUG\"") || logs.contains("\"level\":\"INFO\""),
        "{logs}"
    );
    assert!(
        !logs.contains(secret),
        "the password is in the logs:\n{logs}"
    );
    assert!(
        !logs.contains("s3cr3t"),
        "part of the password is in the logs"
    );
}
