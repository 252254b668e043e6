//! `herald-wire` end to end: the service against tansu and a web server in the test
//! (loopback only) serving feeds and NewsML-G2 documents.
//!
//! The documents are the model crate's wire samples (`crates/model/tests/data/`, written for
//! Herald's tests after the RSS 2.0, Atom 1.0 and NewsML-G2 specifications, Apache-2.0; see
//! the README there) and small RSS 2.0 feeds this file writes itself (same licence).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::future::IntoFuture;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use common::kafka::{
    http_get, http_request, metric_values, setup, Broker, Engine, Reader, Rec, Service,
};
use serde_json::Value;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../crates/model/tests/data/"
);
/// How long a test waits for something to happen.
const WAIT: Duration = Duration::from_secs(60);
const TOKEN: &str = "test-token-3f9a";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}{name}")).unwrap()
}

/// An RSS 2.0 channel with no language, one item a guid.
fn rss(guids: &[&str]) -> Vec<u8> {
    let links: Vec<String> = guids
        .iter()
        .map(|g| format!("https://news.herald.invalid/{g}"))
        .collect();
    let items: Vec<(&str, &str)> = guids
        .iter()
        .copied()
        .zip(links.iter().map(String::as_str))
        .collect();
    rss_linking(&items)
}

/// An RSS 2.0 channel with no language, one item a (guid, link).
fn rss_linking(items: &[(&str, &str)]) -> Vec<u8> {
    let items: String = items
        .iter()
        .map(|(g, link)| {
            format!(
                "<item><title>Story {g}</title><link>{link}</link>\
                 <guid isPermaLink=\"false\">{g}</guid><pubDate>Tue, 19 Sep 2017 16:00:00 GMT</pubDate>\
                 <description>The council of the town met on Tuesday about story {g}.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test</title>\
         <link>https://news.herald.invalid/</link><description>Test feed</description>{items}</channel></rss>"
    )
    .into_bytes()
}

/// What the test server answers at one path.
#[derive(Clone, Default)]
struct Doc {
    body: Vec<u8>,
    etag: Option<String>,
    /// Answer 500 this many times first.
    fail: usize,
    /// Wait this long before answering.
    delay: Duration,
    /// The body is gzip-compressed already.
    gzip: bool,
}

#[derive(Default)]
struct Site {
    docs: Mutex<HashMap<String, Doc>>,
    /// Requests by path, and 304 answers by path.
    hits: Mutex<HashMap<String, usize>>,
    not_modified: Mutex<HashMap<String, usize>>,
}

impl Doc {
    fn new(body: impl Into<Vec<u8>>) -> Self {
        Self {
            body: body.into(),
            ..Self::default()
        }
    }

    fn etag(self, tag: &str) -> Self {
        let etag = Some(format!("\"{tag}\""));
        Self { etag, ..self }
    }

    fn delay(self, delay: Duration) -> Self {
        Self { delay, ..self }
    }
}

impl Site {
    fn put(&self, path: &str, doc: Doc) {
        self.docs.lock().unwrap().insert(path.to_string(), doc);
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn not_modified(&self, path: &str) -> usize {
        self.not_modified
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

async fn answer(State(site): State<Arc<Site>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    *site.hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let doc = {
        let mut docs = site.docs.lock().unwrap();
        let Some(doc) = docs.get_mut(&path) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if doc.fail > 0 {
            doc.fail -= 1;
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        doc.clone()
    };
    tokio::time::sleep(doc.delay).await;
    let matched = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    if doc.etag.is_some() && matched == doc.etag.as_deref() {
        *site.not_modified.lock().unwrap().entry(path).or_default() += 1;
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut response = doc.body.into_response();
    if let Some(etag) = doc.etag {
        response
            .headers_mut()
            .insert(header::ETAG, etag.parse().unwrap());
    }
    if doc.gzip {
        let gzip = header::HeaderValue::from_static("gzip");
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, gzip);
    }
    response
}

/// The web server: one site on several loopback addresses (hosts to the service), stopped
/// on drop.
struct Server {
    site: Arc<Site>,
    addrs: Vec<SocketAddr>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(hosts: usize) -> Self {
        let site = Arc::new(Site::default());
        let listeners: Vec<std::net::TcpListener> = (1..=hosts)
            .map(|i| std::net::TcpListener::bind(format!("127.0.0.{i}:0")).unwrap())
            .collect();
        let addrs = listeners.iter().map(|l| l.local_addr().unwrap()).collect();
        let app = Router::new().fallback(answer).with_state(site.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                for listener in listeners {
                    listener.set_nonblocking(true).unwrap();
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    tokio::spawn(axum::serve(listener, app.clone()).into_future());
                }
                let _ = stopped.await;
            });
            runtime.shutdown_timeout(Duration::from_secs(1));
        });
        Self {
            site,
            addrs,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://HOST:PORT/path` on the `host`-th address (0-based).
    fn url(&self, host: usize, path: &str) -> String {
        format!("http://{}{path}", self.addrs[host])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn feed(url: &str, source: &str, extra: &str) -> String {
    format!("[[feeds]]\nurl = \"{url}\"\nsource = \"{source}\"\ninterval_ms = 200\n{extra}\n")
}

/// Fast timeouts and backoff for the tests.
const HTTP: &str = "[http]\nconnect_timeout_ms = 1000\nread_timeout_ms = 1000\n\
    request_timeout_ms = 3000\nmin_host_interval_ms = 20\nbackoff_min_ms = 100\nbackoff_max_ms = 400\n";

fn start_wire(broker: &Broker, dir: &std::path::Path, settings: &str) -> Service {
    let mut wire = Service::start_with(
        "wire",
        broker,
        dir,
        settings,
        &[("HERALD_TEST_PUSH_TOKEN", TOKEN)],
    );
    wire.wait_ready();
    wire
}

/// Waits for `what`, failing the test with `message` and the service's logs after [`WAIT`].
fn wait_for(wire: &mut Service, message: &str, mut what: impl FnMut() -> bool) {
    wire.wait_until(WAIT, message, |_| what());
}

/// Waits until the records `raw` has read satisfy `what`.
fn wait_for_raw(
    wire: &mut Service,
    raw: &mut Reader,
    message: &str,
    what: impl Fn(&Reader) -> bool,
) {
    wait_for(wire, message, || {
        raw.poll(Duration::from_millis(10));
        what(raw)
    });
}

/// Whether `raw` has read a record of each of `keys`.
fn stored(raw: &Reader, keys: &[&str]) -> bool {
    keys.iter().all(|k| raw.of("news.raw").any(|r| r.key == *k))
}

/// Waits until `site` has answered `more` requests for `path` on top of those so far.
fn wait_for_polls(wire: &mut Service, site: &Site, path: &str, more: usize) {
    let polls = site.hits(path) + more;
    let message = format!("{path} was not polled {more} more times");
    wait_for(wire, &message, || site.hits(path) >= polls);
}

/// The news.raw records read so far: (key, version) → how many times.
fn counts<'a>(records: impl Iterator<Item = &'a Rec>) -> BTreeMap<(String, u64), usize> {
    let mut counts = BTreeMap::new();
    for r in records {
        let version = r.json()["version"].as_u64().unwrap_or(0);
        *counts.entry((r.key.clone(), version)).or_default() += 1;
    }
    counts
}

/// A counter's value in the service's metrics, summed over the series whose labels contain
/// `label`.
fn metric(wire: &Service, name: &str, label: &str) -> f64 {
    let (_, text) = http_get(&wire.metrics, "/metrics");
    metric_values(&text, name, label).iter().sum()
}

fn gzip_bomb(decoded: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..decoded / zeros.len() {
        encoder.write_all(&zeros).unwrap();
    }
    encoder.finish().unwrap()
}

/// One scenario end to end: good, slow, failing and bad feeds polled side by side, then a new
/// version of an item.
#[test]
fn feeds_send_each_item_once_through_304s_failures_timeouts_and_bad_documents() {
    let Some((_serial, dir, broker)) = setup("wire-feeds", Engine::Memory) else {
        return;
    };
    let server = Server::start(3);
    let site = &server.site;
    site.put("/rss", Doc::new(sample("rss.xml")).etag("r1"));
    site.put("/plain", Doc::new(rss(&["plain-1", "plain-2"])));
    let v1 = sample("newsml_item_text.xml");
    site.put(
        "/newsml",
        Doc {
            fail: 3,
            ..Doc::new(v1).etag("n1")
        },
    );
    // Past the read timeout, on a host of its own: the other hosts are not held up.
    let slow = Duration::from_secs(5);
    site.put("/slow", Doc::new(rss(&["slow-1"])).delay(slow));
    site.put("/big", Doc::new(vec![b' '; 2 << 20]));
    site.put(
        "/bomb",
        Doc {
            gzip: true,
            ..Doc::new(gzip_bomb(16 << 20))
        },
    );
    site.put("/malformed", Doc::new(sample("malformed.xml")));
    site.put("/laughs", Doc::new(sample("billion_laughs.xml")));

    let mut settings = format!("max_document_bytes = 1048576\n{HTTP}");
    settings += &feed(&server.url(0, "/rss"), "Test RSS", "");
    settings += &feed(&server.url(0, "/plain"), "Plain", "language = \"de\"");
    settings += &feed(&server.url(0, "/newsml"), "Test NewsML", "");
    settings += &feed(&server.url(1, "/slow"), "Slow", "");
    for bad in ["/big", "/bomb", "/malformed", "/laughs"] {
        settings += &feed(&server.url(2, bad), "Bad", "");
    }
    let mut wire = start_wire(&broker, &dir, &settings);
    let mut raw = Reader::new(&broker, &["news.raw"]);

    // rss.xml: 3 of its 4 items (one has no body); 2 plain items; the NewsML-G2 item once
    // its feed recovers.
    wait_for_raw(&mut wire, &mut raw, "the feeds were not all read", |r| {
        r.records.len() >= 6
    });
    wait_for(&mut wire, "no 304 for the unchanged feed", || {
        site.not_modified("/rss") >= 2
    });
    wait_for(&mut wire, "the slow feed was not tried again", || {
        site.hits("/slow") >= 2
    });
    wait_for(&mut wire, "the bad feeds were not polled again", || {
        ["/big", "/bomb", "/malformed", "/laughs"]
            .iter()
            .all(|p| site.hits(p) >= 2)
    });

    // A new version of the NewsML-G2 item: one new record.
    let v2 = sample("newsml_item_text_v2.xml");
    site.put("/newsml", Doc::new(v2).etag("n2"));
    wait_for_raw(&mut wire, &mut raw, "version 2 was not sent", |r| {
        r.records.len() >= 7
    });
    // More polls: nothing is sent again.
    wait_for_polls(&mut wire, site, "/rss", 3);
    let newsml_polls = site.not_modified("/newsml") + 2;
    wait_for(&mut wire, "no 304 for version 2", || {
        site.not_modified("/newsml") >= newsml_polls
    });
    raw.until(Duration::from_secs(1), |_| false);

    let counts = counts(raw.of("news.raw"));
    assert_eq!(counts.len(), 7, "{counts:?}");
    assert!(
        counts.values().all(|n| *n == 1),
        "an item sent twice: {counts:?}"
    );
    let guid = "urn:newsml:herald.invalid:20170131:avdiivka-shelling";
    assert!(
        counts.contains_key(&(guid.to_string(), 1)) && counts.contains_key(&(guid.to_string(), 2))
    );
    let by_key: HashMap<String, Value> = raw
        .of("news.raw")
        .map(|r| (r.key.clone(), r.json()))
        .collect();
    let zapad = &by_key["herald-rss-2017-09-14-zapad"];
    assert_eq!(zapad["source"], "Test RSS");
    assert_eq!(
        zapad["url"],
        "https://news.herald.invalid/world/2017/09/14/zapad-drills"
    );
    assert_eq!(zapad["published_at"], "2017-09-14T10:20:00Z");
    assert_eq!(zapad["language"], "en", "the feed's own language stays");
    assert_eq!(
        by_key["plain-1"]["language"], "de",
        "the setting's language when none is declared"
    );
    assert_eq!(by_key[guid]["wire"]["slugline"], "UKRAINE-CRISIS/AVDIIVKA");
    assert!(
        raw.of("news.raw").all(|r| !r.key.starts_with("slow")),
        "the slow feed never answers in time"
    );

    let fetches = "herald_wire_fetches_total";
    assert!(
        metric(&wire, fetches, "result=\"timeout\"") >= 1.0,
        "{}",
        wire.logs()
    );
    assert!(
        metric(&wire, fetches, "result=\"too_large\"") >= 4.0,
        "oversized and gzip bomb capped"
    );
    let rejected = "herald_wire_rejected_total";
    assert!(metric(&wire, rejected, "reason=\"xml_entity\"") >= 2.0);
    assert!(metric(&wire, rejected, "reason=\"not_xml\"") >= 2.0);
    wire.assert_running();
}

#[test]
fn a_restart_mid_poll_loses_no_item_and_sends_none_twice() {
    let Some((_serial, dir, broker)) = setup("wire-restart", Engine::Memory) else {
        return;
    };
    let server = Server::start(2);
    let site = &server.site;
    site.put("/a", Doc::new(rss(&["a1", "a2", "a3"])).etag("a"));
    let slow = Duration::from_millis(1500);
    site.put("/b", Doc::new(rss(&["b1", "b2"])).delay(slow));
    let settings = format!(
        "{}{}{}",
        HTTP.replace("read_timeout_ms = 1000", "read_timeout_ms = 10000")
            .replace("request_timeout_ms = 3000", "request_timeout_ms = 10000"),
        feed(&server.url(0, "/a"), "A", ""),
        feed(&server.url(1, "/b"), "B", "")
    );
    let mut wire = start_wire(&broker, &dir, &settings);
    let mut raw = Reader::new(&broker, &["news.raw"]);
    wait_for_raw(&mut wire, &mut raw, "the first items were not sent", |r| {
        r.records.len() >= 5
    });

    // New items on both feeds; stopped while the slow feed's poll is under way.
    site.put("/a", Doc::new(rss(&["a1", "a2", "a3", "a4"])).etag("a2"));
    site.put("/b", Doc::new(rss(&["b1", "b2", "b3"])).delay(slow));
    wait_for_polls(&mut wire, site, "/b", 1);
    assert!(wire.terminate().success(), "{}", wire.logs());

    let mut wire = start_wire(&broker, &dir, &settings);
    assert!(wire.logs().contains("seen items loaded"), "{}", wire.logs());
    let message = "the new items were not sent after the restart";
    wait_for_raw(&mut wire, &mut raw, message, |r| stored(r, &["a4", "b3"]));
    wait_for_polls(&mut wire, site, "/b", 2);
    raw.until(Duration::from_secs(1), |_| false);
    let counts = counts(raw.of("news.raw"));
    let keys: Vec<&str> = counts.keys().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]);
    assert!(
        counts.values().all(|n| *n == 1),
        "an item sent twice: {counts:?}"
    );
}

/// An article page: its HTML, with `sentence` as its text.
fn page(sentence: &str) -> Doc {
    let html = format!(
        "<!DOCTYPE html><html><head><title>Story</title></head>\
         <body><article><h1>Story</h1><p>{sentence}</p></article></body></html>"
    );
    Doc::new(html)
}

/// Everything is closed to crawlers but `herald-wire` (the product token of the default
/// `http.user_agent`), which may fetch all but `/private/`: a wrong agent token finds
/// every page disallowed.
const ROBOTS: &str = "User-agent: *\nDisallow: /\n\nUser-agent: herald-wire\nDisallow: /private/\n";

/// One scenario end to end: two hosts, one with a robots.txt, over two polls.
#[test]
fn fetch_page_sends_the_pages_robots_txt_allows_and_the_feed_text_of_the_others() {
    let Some((_serial, dir, broker)) = setup("wire-pages", Engine::Memory) else {
        return;
    };
    // Two hosts: one with a robots.txt, one without (404: everything allowed).
    let guarded = Server::start(1);
    let open = Server::start(1);
    let (a1, a2, o1) = (
        "The harbour board approved the new pier on a vote of five to two.",
        "The ferry timetable changes on the first of May.",
        "The library reopens after a year of repairs.",
    );
    guarded.site.put("/robots.txt", Doc::new(ROBOTS));
    guarded.site.put("/articles/a1.html", page(a1));
    guarded.site.put("/articles/a2.html", page(a2));
    guarded
        .site
        .put("/private/p1.html", page("Not for crawlers."));
    open.site.put("/articles/o1.html", page(o1));
    open.site.put("/articles/o2.html", page("Not asked for."));
    let a1_url = guarded.url(0, "/articles/a1.html");
    let p1_url = guarded.url(0, "/private/p1.html");
    let o1_url = open.url(0, "/articles/o1.html");
    let first = [
        ("a1", a1_url.as_str()),
        ("p1", p1_url.as_str()),
        ("o1", o1_url.as_str()),
    ];
    let feed_doc = |items: &[(&str, &str)]| Doc::new(rss_linking(items));
    guarded.site.put("/rss", feed_doc(&first));
    // A feed without fetch_page: its item's page is not fetched.
    let o2_url = open.url(0, "/articles/o2.html");
    open.site.put("/rss", feed_doc(&[("o2", o2_url.as_str())]));

    let settings = format!(
        "{HTTP}{}{}",
        feed(&guarded.url(0, "/rss"), "Pages", "fetch_page = true"),
        feed(&open.url(0, "/rss"), "Summaries", "")
    );
    let mut wire = start_wire(&broker, &dir, &settings);
    let mut raw = Reader::new(&broker, &["news.raw"]);
    let message = "the first items were not all sent";
    wait_for_raw(&mut wire, &mut raw, message, |r| {
        stored(r, &["a1", "p1", "o1", "o2"])
    });

    // A new item in a later poll: the host's rules are known, robots.txt is not asked again.
    let a2_url = guarded.url(0, "/articles/a2.html");
    let mut second = first.to_vec();
    second.push(("a2", a2_url.as_str()));
    guarded.site.put("/rss", feed_doc(&second));
    wait_for_raw(&mut wire, &mut raw, "the new item was not sent", |r| {
        stored(r, &["a2"])
    });
    wait_for_polls(&mut wire, &guarded.site, "/rss", 3);
    raw.poll(Duration::from_millis(10));

    let body = |key: &str| -> String {
        let records: Vec<Value> = raw
            .of("news.raw")
            .filter(|r| r.key == key)
            .map(Rec::json)
            .collect();
        assert_eq!(records.len(), 1, "{key} sent once: {records:?}");
        records[0]["body"].as_str().unwrap_or_default().to_string()
    };
    for (key, sentence) in [("a1", a1), ("a2", a2), ("o1", o1)] {
        let body = body(key);
        assert!(
            body.starts_with("<!DOCTYPE html>") && body.contains(sentence),
            "{key}: the linked page's HTML is the body: {body}"
        );
    }
    // Disallowed, and not asked for: the feed's own text.
    for key in ["p1", "o2"] {
        assert_eq!(
            body(key),
            format!("The council of the town met on Tuesday about story {key}."),
            "{key}: the feed's text is the body"
        );
    }
    assert_eq!(
        guarded.site.hits("/private/p1.html"),
        0,
        "a page robots.txt disallows is never fetched"
    );
    assert_eq!(open.site.hits("/articles/o2.html"), 0, "fetch_page is off");
    for (site, path) in [
        (&guarded.site, "/articles/a1.html"),
        (&guarded.site, "/articles/a2.html"),
        (&open.site, "/articles/o1.html"),
    ] {
        assert_eq!(site.hits(path), 1, "{path} fetched once");
    }
    assert_eq!(
        (
            guarded.site.hits("/robots.txt"),
            open.site.hits("/robots.txt")
        ),
        (1, 1),
        "each host's robots.txt (or its 404) is asked for once"
    );
    assert_eq!(
        metric(&wire, "herald_wire_fetches_total", "result=\"robots\""),
        1.0,
        "the disallowed page is counted"
    );
    wire.assert_running();
}

/// A POST of `body` to `/v1/articles`, with `token` as its bearer: (status, body).
fn post(addr: &str, token: Option<&str>, body: &[u8]) -> (u16, String) {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /v1/articles HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    http_request(addr, &head, body)
}

const PUSH: &str = "[push]\nenabled = true\ntokens = [\"env:HERALD_TEST_PUSH_TOKEN\"]\n\
    max_body_bytes = 65536\nack_timeout_ms = 3000\n";

/// One scenario end to end: refused pushes, stored ones, a paused broker, then a dead one.
#[test]
fn pushed_items_are_acknowledged_only_once_stored() {
    let Some((_serial, dir, mut broker)) = setup("wire-push", Engine::Memory) else {
        return;
    };
    let mut wire = start_wire(&broker, &dir, PUSH);
    let addr = wire.metrics.clone();
    let article = |id: &str| format!(r#"{{"id":"{id}","body":"The council met on Tuesday."}}"#);

    assert_eq!(post(&addr, None, article("p0").as_bytes()).0, 401);
    assert_eq!(post(&addr, Some("wrong"), article("p0").as_bytes()).0, 401);
    let (status, reason) = post(&addr, Some(TOKEN), br#"{"id":"p0"}"#);
    assert_eq!(
        (status, reason.contains("no_body")),
        (400, true),
        "{reason}"
    );
    let (status, reason) = post(&addr, Some(TOKEN), &sample("billion_laughs.xml"));
    assert_eq!(
        (status, reason.contains("xml_entity")),
        (400, true),
        "{reason}"
    );
    let big = format!(r#"{{"id":"big","body":"{}"}}"#, "x".repeat(70_000));
    assert_eq!(post(&addr, Some(TOKEN), big.as_bytes()).0, 413);

    let mut acked = vec![];
    for (id, body) in [
        ("p1", article("p1").into_bytes()),
        (
            "urn:p2",
            br#"{"uri":"urn:p2","headline":"H","body_text":"The council met."}"#.to_vec(),
        ),
        (
            "urn:newsml:herald.invalid:20170131:avdiivka-shelling",
            sample("newsml_item_text.xml"),
        ),
    ] {
        let (status, answer) = post(&addr, Some(TOKEN), &body);
        assert_eq!(status, 202, "{answer}");
        assert!(answer.contains("stored"), "{answer}");
        acked.push(id.to_string());
    }
    let (status, answer) = post(&addr, Some(TOKEN), article("p1").as_bytes());
    assert_eq!(
        (status, answer.contains("duplicate")),
        (202, true),
        "{answer}"
    );

    // The broker stops answering for a while: an item pushed then is acknowledged only if
    // it is stored (read back below), else refused with 503.
    broker.pause();
    let (status, answer) = post(&addr, Some(TOKEN), article("p3").as_bytes());
    broker.resume();
    match status {
        202 => acked.push("p3".to_string()),
        status => assert_eq!(status, 503, "{answer}"),
    }
    let deadline = Instant::now() + WAIT;
    loop {
        let (status, answer) = post(&addr, Some(TOKEN), article("p4").as_bytes());
        if status == 202 {
            acked.push("p4".to_string());
            break;
        }
        assert_eq!(status, 503, "{answer}");
        assert!(
            Instant::now() < deadline,
            "no 202 after the broker came back: {}",
            wire.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let mut raw = Reader::new(&broker, &["news.raw"]);
    let stored = |r: &[Rec]| acked.iter().all(|id| r.iter().any(|x| &x.key == id));
    assert!(
        raw.until(WAIT, stored),
        "an acknowledged item is not stored"
    );
    raw.until(Duration::from_secs(1), |_| false);
    assert_eq!(raw.of("news.raw").filter(|r| r.key == "p1").count(), 1);
    let p1 = raw.of("news.raw").find(|r| r.key == "p1").unwrap().json();
    assert_eq!(p1["body"], "The council met on Tuesday.");

    // The broker is gone: nothing is acknowledged.
    broker.kill();
    let (status, answer) = post(&addr, Some(TOKEN), article("p5").as_bytes());
    assert_eq!(status, 503, "{answer}");
    wire.assert_running();
}

/// User and system CPU time a process has used so far (`/proc/PID/stat`, at 100 ticks/s).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

/// The push endpoint's rate with durable acknowledgement (`docs/performance.md`):
/// `cargo test -p herald --test wire -- --ignored push_throughput --nocapture`.
#[test]
#[ignore = "a measurement"]
fn push_throughput() {
    let Some((_serial, dir, broker)) = setup("wire-push-rate", Engine::Memory) else {
        return;
    };
    let wire = start_wire(&broker, &dir, PUSH);
    let (clients, each) = (32, 500);
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let addr = wire.metrics.clone();
            std::thread::spawn(move || {
                for i in 0..each {
                    let body = format!(
                        r#"{{"id":"rate-{c}-{i}","body":"The council met on Tuesday about item {i}."}}"#
                    );
                    assert_eq!(post(&addr, Some(TOKEN), body.as_bytes()).0, 202);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let took = started.elapsed().as_secs_f64();
    let items = clients * each;
    eprintln!(
        "push: {items} items acknowledged in {took:.2} s: {:.0} items/s ({clients} clients)",
        items as f64 / took
    );
}

/// The poller's CPU for 500 feeds polled each minute (`docs/performance.md`):
/// `cargo test -p herald --test wire -- --ignored poller_cpu --nocapture`.
#[test]
#[ignore = "a measurement"]
fn poller_cpu() {
    let Some((_serial, dir, broker)) = setup("wire-poller-cpu", Engine::Memory) else {
        return;
    };
    let (hosts, feeds) = (50, 500);
    let server = Server::start(hosts);
    let mut settings = "[http]\nmin_host_interval_ms = 1000\n".to_string();
    for f in 0..feeds {
        let path = format!("/feed/{f}");
        let guids: Vec<String> = (0..20).map(|i| format!("f{f}-{i}")).collect();
        let guids: Vec<&str> = guids.iter().map(String::as_str).collect();
        server
            .site
            .put(&path, Doc::new(rss(&guids)).etag(&f.to_string()));
        let url = server.url(f % hosts, &path);
        settings +=
            &format!("[[feeds]]\nurl = \"{url}\"\nsource = \"F{f}\"\ninterval_ms = 60000\n");
    }
    let wire = start_wire(&broker, &dir, &settings);
    let stored = |w: &Service| metric(w, "herald_wire_items_total", "outcome=\"stored\"");
    let deadline = Instant::now() + WAIT;
    while stored(&wire) < (feeds * 20) as f64 {
        assert!(Instant::now() < deadline, "the first round was not stored");
        std::thread::sleep(Duration::from_millis(200));
    }
    let minutes = 2.0;
    let before = cpu_seconds(wire.child.id());
    std::thread::sleep(Duration::from_secs_f64(minutes * 60.0));
    let used = cpu_seconds(wire.child.id()) - before;
    let hits: usize = (0..feeds)
        .map(|f| server.site.hits(&format!("/feed/{f}")))
        .sum();
    eprintln!(
        "poller: {feeds} feeds at 60 s, {hits} requests in all: {used:.2} CPU s over {minutes} min = {:.2} % of a core",
        100.0 * used / (minutes * 60.0)
    );
}
