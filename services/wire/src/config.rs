//! The wire service's settings, layered as every service's are (the shipped
//! `config/wire.toml`, `--config`, `HERALD_*` variables, `--brokers`) and checked without I/O
//! by [`WireConfig::validate`].

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use herald_stream::{LogFormat, StreamError, MIN_RECORD_BYTES};
use reqwest::Url;
use serde::{Deserialize, Serialize};

/// The wire service's shipped settings: every key, with its default and docs.
pub const SHIPPED: &str = include_str!("../../../config/wire.toml");

/// Settings of the wire service ([`SHIPPED`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireConfig {
    /// Bootstrap brokers, `HOST:PORT[,HOST:PORT]...` (`HERALD_BROKERS`, `--brokers`).
    pub brokers: String,
    pub topics: WireTopics,
    /// Where `/metrics`, `/healthz`, `/readyz` and the push endpoint are served.
    pub metrics_addr: SocketAddr,
    pub log_format: LogFormat,
    /// How long a stopping service may take to finish the items it has fetched.
    pub shutdown_deadline_ms: u64,
    /// Largest record produced (key and payload); a larger item is rejected.
    pub max_record_bytes: usize,
    /// Largest feed document or pushed body, after decompression.
    pub max_document_bytes: usize,
    pub seen: SeenConfig,
    pub http: HttpConfig,
    pub push: PushConfig,
    #[serde(default)]
    pub feeds: Vec<FeedConfig>,
    /// librdkafka properties of every client (`env:`/`file:` values are read at start).
    pub kafka: BTreeMap<String, String>,
    /// Extra properties of the consumer that reads the seen-items topic.
    pub consumer: BTreeMap<String, String>,
    /// Extra producer properties.
    pub producer: BTreeMap<String, String>,
}

/// Topic names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireTopics {
    /// Where each new item goes, keyed by its id.
    pub output: String,
    /// The memory of the items sent: a compacted topic, key = item id, value = version.
    pub seen: String,
}

/// The memory of the items sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenConfig {
    /// Items remembered; the least recently seen are forgotten first.
    pub max_items: usize,
    /// How long the start may take to read the seen topic to its end.
    pub load_timeout_ms: u64,
}

/// The feed fetcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub user_agent: String,
    pub connect_timeout_ms: u64,
    /// Longest wait for the next bytes of a response.
    pub read_timeout_ms: u64,
    /// Longest whole request, body included.
    pub request_timeout_ms: u64,
    /// Shortest time between two requests to one host (one request at a time per host).
    pub min_host_interval_ms: u64,
    /// Backoff of a failing feed: from `backoff_min_ms`, doubling to `backoff_max_ms`, with
    /// jitter.
    pub backoff_min_ms: u64,
    pub backoff_max_ms: u64,
}

/// The push endpoint, `POST /v1/articles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushConfig {
    pub enabled: bool,
    /// Accepted bearer tokens, each `env:NAME` or `file:PATH` (read at start, never logged).
    pub tokens: Vec<String>,
    /// Largest accepted body, in bytes (413 above).
    pub max_body_bytes: usize,
    /// Longest wait for the broker's acknowledgement before answering 503.
    pub ack_timeout_ms: u64,
}

/// One polled feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// An RSS, Atom, JSON Feed or NewsML-G2 document, over http or https.
    pub url: String,
    /// The record's `source`.
    pub source: String,
    /// Time between two polls.
    #[serde(default = "default_interval")]
    pub interval_ms: u64,
    /// ISO 639-1 code of the items that declare none.
    #[serde(default)]
    pub language: Option<String>,
    /// Fetch each item's linked page (when robots.txt allows) and send its HTML as the body.
    #[serde(default)]
    pub fetch_page: bool,
}

fn default_interval() -> u64 {
    60_000
}

fn bad<T>(message: impl Into<String>) -> Result<T, StreamError> {
    Err(StreamError::Config(message.into()))
}

impl WireConfig {
    /// Layers [`SHIPPED`], the file `path`, the `HERALD_*` environment and `brokers`.
    pub fn load(path: Option<&Path>, brokers: Option<&str>) -> Result<Self, StreamError> {
        herald_stream::layered(&[SHIPPED], path, brokers)
    }
}

impl herald_stream::Validate for WireConfig {
    fn validate(&self) -> Result<(), StreamError> {
        if self.brokers.trim().is_empty() {
            return bad("brokers must be set");
        }
        let t = &self.topics;
        if t.output.trim().is_empty() || t.seen.trim().is_empty() || t.output == t.seen {
            return bad("topics.output and topics.seen must be set and differ");
        }
        if self.max_record_bytes < MIN_RECORD_BYTES || self.max_document_bytes == 0 {
            return bad("max_record_bytes must be at least 16384, max_document_bytes positive");
        }
        if self.seen.max_items == 0 {
            return bad("seen.max_items must be positive");
        }
        self.http.validate()?;
        self.push.validate()?;
        let mut urls = BTreeSet::new();
        for feed in &self.feeds {
            feed.validate()?;
            if !urls.insert(&feed.url) {
                return bad(format!("feed {} is listed twice", feed.url));
            }
        }
        Ok(())
    }
}

impl WireConfig {
    pub fn shutdown_deadline(&self) -> Duration {
        Duration::from_millis(self.shutdown_deadline_ms)
    }
}

impl HttpConfig {
    fn validate(&self) -> Result<(), StreamError> {
        let timeouts = [
            self.connect_timeout_ms,
            self.read_timeout_ms,
            self.request_timeout_ms,
            self.backoff_min_ms,
        ];
        if timeouts.contains(&0) {
            return bad("http timeouts and backoff_min_ms must be positive");
        }
        if self.backoff_max_ms < self.backoff_min_ms {
            return bad("http.backoff_max_ms must not be below http.backoff_min_ms");
        }
        Ok(())
    }
}

impl PushConfig {
    fn validate(&self) -> Result<(), StreamError> {
        if !self.enabled {
            return Ok(());
        }
        if self.tokens.is_empty() {
            return bad("push.tokens must name at least one token when push is enabled");
        }
        let secret = |t: &String| t.starts_with("env:") || t.starts_with("file:");
        if !self.tokens.iter().all(secret) {
            return bad(
                "each of push.tokens must be env:NAME or file:PATH, never the token itself",
            );
        }
        if self.max_body_bytes == 0 || self.ack_timeout_ms == 0 {
            return bad("push.max_body_bytes and push.ack_timeout_ms must be positive");
        }
        Ok(())
    }
}

impl FeedConfig {
    fn validate(&self) -> Result<(), StreamError> {
        let url = Url::parse(&self.url)
            .map_err(|e| StreamError::Config(format!("feed url {:?}: {e}", self.url)))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return bad(format!(
                "feed url {}: must be http(s) with a host",
                self.url
            ));
        }
        if self.source.trim().is_empty() {
            return bad(format!("feed {}: source must be set", self.url));
        }
        if self.interval_ms == 0 {
            return bad(format!("feed {}: interval_ms must be positive", self.url));
        }
        let code =
            |l: &String| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase());
        if self.language.as_ref().is_some_and(|l| !code(l)) {
            return bad(format!(
                "feed {}: language must be an ISO 639 code such as \"en\"",
                self.url
            ));
        }
        Ok(())
    }

    pub fn interval(&self) -> Duration {
        Duration::from_millis(self.interval_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_parses() {
        let config = WireConfig::load(None, None).unwrap();
        assert_eq!(config.topics.seen, "news.wire.seen");
    }

    #[test]
    fn the_kubernetes_config_map_is_valid_settings() {
        let manifest = include_str!("../../../deploy/k8s/wire.yaml");
        let start = manifest.find("wire.toml: |").unwrap();
        let text: String = manifest[start..]
            .lines()
            .skip(1)
            .take_while(|l| l.is_empty() || l.starts_with("    "))
            .map(|l| format!("{}\n", l.get(4..).unwrap_or("")))
            .collect();
        let path = std::env::temp_dir().join(format!("herald-wire-{}.toml", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let loaded = WireConfig::load(Some(&path), None);
        std::fs::remove_file(&path).unwrap();
        let config = loaded.unwrap();
        assert!(config.push.enabled);
        assert_eq!(config.metrics_addr.port(), 9104);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        let feed = |extra: &str| {
            format!("[[feeds]]\nurl = \"https://a.invalid/rss\"\nsource = \"A\"\n{extra}")
        };
        assert!(herald_stream::layered::<WireConfig>(&[SHIPPED, &feed("")], None, None).is_ok());
        for text in [
            "max_inflight = 3".to_string(),
            feed("colour = \"red\""),
            feed("language = \"English\""),
            feed("interval_ms = 0"),
            "[[feeds]]\nurl = \"ftp://a.invalid/rss\"\nsource = \"A\"".to_string(),
            "[[feeds]]\nurl = \"https://a.invalid/rss\"\nsource = \" \"".to_string(),
            format!("{}\n{}", feed(""), feed("")),
            "[push]\nenabled = true".to_string(),
            "[push]\nenabled = true\ntokens = [\"plain-secret\"]".to_string(),
            "[topics]\nseen = \"news.raw\"".to_string(),
            "[http]\nbackoff_min_ms = 10\nbackoff_max_ms = 5".to_string(),
        ] {
            assert!(
                herald_stream::layered::<WireConfig>(&[SHIPPED, &text], None, None).is_err(),
                "{text}"
            );
        }
    }
}
