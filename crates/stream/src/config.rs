//! A service's settings: built-in defaults, then the service's shipped `config/<service>.toml`
//! (embedded in the binary), then a file given with `--config`, then `HERALD_*` environment
//! variables, then `--brokers`. [`ServiceConfig::validate`] checks values without I/O.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::StreamError;

/// Settings of one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceConfig {
    /// Bootstrap brokers, `HOST:PORT[,HOST:PORT]...` (`HERALD_BROKERS`, `--brokers`).
    pub brokers: String,
    /// Consumer group; run more replicas with the same group to scale out.
    pub group_id: String,
    pub topics: Topics,
    /// Stage settings (a `herald.toml`), relative to the folder of the file that names it;
    /// the built-in defaults when unset.
    pub pipeline: Option<PathBuf>,
    /// Messages of one partition taken but not yet committed-ready (processed, produced and
    /// acknowledged); the consumer waits when a partition reaches it.
    pub max_in_flight: usize,
    /// Messages of one partition handed to the stages at once.
    pub batch_size: usize,
    /// Larger input messages go to the dead-letter topic unread.
    pub max_message_bytes: usize,
    /// Largest record the service produces (payload and key). An input whose output would be
    /// larger goes to the dead-letter topic, and dead letters keep at most this much of the
    /// input; keep it under the broker's `message.max.bytes`.
    pub max_record_bytes: usize,
    /// How long a stopping service may take to finish the work it has taken.
    pub shutdown_deadline_ms: u64,
    /// Where `/metrics`, `/healthz` and `/readyz` are served.
    pub metrics_addr: SocketAddr,
    pub log_format: LogFormat,
    /// librdkafka properties of both the consumer and the producer: security
    /// (`security.protocol`, `sasl.*`, `ssl.*`) and the like. A value `env:NAME` is read from
    /// the environment variable NAME and `file:PATH` from the file PATH (trailing newline
    /// dropped) when the service starts; neither is ever logged.
    pub kafka: BTreeMap<String, String>,
    /// Extra librdkafka consumer properties, e.g. `"fetch.wait.max.ms" = "10"`.
    pub consumer: BTreeMap<String, String>,
    /// Extra librdkafka producer properties, e.g. `"linger.ms" = "5"`.
    pub producer: BTreeMap<String, String>,
}

/// Topic names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Topics {
    pub input: String,
    /// Where each processed article goes.
    pub output: String,
    /// Where one record per coded event goes (the events service only).
    pub events: Option<String>,
    /// The stories service's story log: its input, brought to the partition that owns the
    /// stories (the stories service only).
    pub log: Option<String>,
    /// The stories service's state, replayed at start and at assignment: compacted, one
    /// partition per partition of `log` (the stories service only).
    pub changelog: Option<String>,
    /// Dead letters: poison input, with the reason in headers.
    pub dlq: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            brokers: "127.0.0.1:9092".to_string(),
            group_id: "herald".to_string(),
            topics: Topics::default(),
            pipeline: None,
            max_in_flight: 256,
            batch_size: 16,
            max_message_bytes: 4 * 1024 * 1024,
            max_record_bytes: 1_000_000,
            shutdown_deadline_ms: 10_000,
            metrics_addr: ([0, 0, 0, 0], 9100).into(),
            log_format: LogFormat::Text,
            kafka: BTreeMap::new(),
            consumer: BTreeMap::new(),
            producer: BTreeMap::new(),
        }
    }
}

impl Default for Topics {
    fn default() -> Self {
        Self {
            input: "news.raw".to_string(),
            output: "news.articles".to_string(),
            events: None,
            log: None,
            changelog: None,
            dlq: "news.dlq".to_string(),
        }
    }
}

/// Top-level keys, so that unrelated `HERALD_*` variables (`HERALD_CONFIG` of `herald run`)
/// are not taken for settings.
const KEYS: &[&str] = &[
    "brokers",
    "group_id",
    "topics",
    "pipeline",
    "max_in_flight",
    "batch_size",
    "max_message_bytes",
    "max_record_bytes",
    "shutdown_deadline_ms",
    "metrics_addr",
    "log_format",
    "kafka",
    "consumer",
    "producer",
];

impl ServiceConfig {
    /// Layers the settings: `shipped` (the service's embedded TOML), the file `path`, the
    /// `HERALD_*` environment (nested keys with `__`: `HERALD_TOPICS__INPUT`), and `brokers`.
    /// A relative `pipeline` path in `path` is made relative to that file's folder.
    pub fn load(
        shipped: &str,
        path: Option<&Path>,
        brokers: Option<&str>,
    ) -> Result<Self, StreamError> {
        let mut config: Self = layered(shipped, path, brokers, KEYS)?;
        if let (Some(pipeline), Some(dir)) = (&config.pipeline, path.and_then(Path::parent)) {
            if pipeline.is_relative() {
                config.pipeline = Some(dir.join(pipeline));
            }
        }
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), StreamError> {
        let bad = |m: &str| Err(StreamError::Config(m.to_string()));
        if self.brokers.trim().is_empty() {
            return bad("brokers must be set");
        }
        if self.group_id.trim().is_empty() {
            return bad("group_id must be set");
        }
        let t = &self.topics;
        let names = [
            Some(&t.input),
            Some(&t.output),
            t.events.as_ref(),
            t.log.as_ref(),
            t.changelog.as_ref(),
            Some(&t.dlq),
        ];
        if names.iter().flatten().any(|n| n.trim().is_empty()) {
            return bad("topic names must not be empty");
        }
        let names: Vec<&String> = names.into_iter().flatten().collect();
        if names.iter().skip(1).any(|n| *n == &t.input) {
            return bad("the input topic must differ from the output and dead-letter topics");
        }
        let mut distinct = std::collections::BTreeSet::new();
        if !names[1..names.len() - 1]
            .iter()
            .all(|n| distinct.insert(*n))
        {
            return bad("the output, events, log and changelog topics must differ");
        }
        if self.max_in_flight == 0 || self.batch_size == 0 || self.max_message_bytes == 0 {
            return bad("max_in_flight, batch_size and max_message_bytes must be positive");
        }
        if self.batch_size > self.max_in_flight {
            return bad("batch_size must not exceed max_in_flight");
        }
        if self.max_record_bytes < MIN_RECORD_BYTES {
            return bad("max_record_bytes must be at least 16384");
        }
        let producer_max = self
            .producer
            .get("message.max.bytes")
            .or(self.kafka.get("message.max.bytes"));
        if let Some(max) = producer_max {
            if max.parse::<usize>().unwrap_or(0) < self.max_record_bytes + MIN_RECORD_BYTES {
                return bad("the producer's message.max.bytes must exceed max_record_bytes by 16384 (room for headers)");
            }
        }
        Ok(())
    }

    /// The librdkafka properties of one client: the shared `kafka` ones, then `own` (the
    /// consumer's or the producer's), with `env:` and `file:` values read.
    pub fn client_properties(
        &self,
        own: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, String)>, StreamError> {
        self.kafka
            .iter()
            .chain(own)
            .map(|(key, value)| Ok((key.clone(), property_value(key, value)?)))
            .collect()
    }

    pub fn shutdown_deadline(&self) -> Duration {
        Duration::from_millis(self.shutdown_deadline_ms)
    }
}

/// Layers the settings of type `T`: its defaults, `shipped` (a service's embedded TOML), the
/// file `path`, the `HERALD_*` environment variables naming one of the top-level `keys`
/// (nested keys with `__`: `HERALD_TOPICS__INPUT`), and `brokers`.
pub fn layered<T: Serialize + DeserializeOwned + Default>(
    shipped: &str,
    path: Option<&Path>,
    brokers: Option<&str>,
    keys: &'static [&'static str],
) -> Result<T, StreamError> {
    let mut figment =
        Figment::from(Serialized::defaults(T::default())).merge(Toml::string(shipped));
    if let Some(path) = path {
        if !path.is_file() {
            return Err(StreamError::Config(format!(
                "{}: no such file",
                path.display()
            )));
        }
        figment = figment.merge(Toml::file(path));
    }
    figment = figment.merge(Env::prefixed("HERALD_").split("__").filter(|k| {
        let top = k.as_str().split('.').next().unwrap_or("");
        keys.iter().any(|key| top.eq_ignore_ascii_case(key))
    }));
    if let Some(brokers) = brokers {
        figment = figment.merge(Serialized::default("brokers", brokers));
    }
    figment
        .extract()
        .map_err(|e| StreamError::Config(e.to_string()))
}

/// The smallest `max_record_bytes`: room for a dead letter's headers and a useful part of
/// the input.
pub const MIN_RECORD_BYTES: usize = 16 * 1024;

/// A librdkafka property's value: `env:NAME` and `file:PATH` are read; errors name the key
/// and where the value was to come from, never the value.
pub fn property_value(key: &str, value: &str) -> Result<String, StreamError> {
    if let Some(name) = value.strip_prefix("env:") {
        return std::env::var(name).map_err(|_| {
            StreamError::Config(format!(
                "kafka property {key}: environment variable {name} is not set"
            ))
        });
    }
    if let Some(path) = value.strip_prefix("file:") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| StreamError::Io(format!("kafka property {key}: reading {path}"), e))?;
        return Ok(text.trim_end_matches(['\r', '\n']).to_string());
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's own error type
    fn shipped_text_flag_and_environment_layer_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "svc.toml",
                "group_id = \"g2\"\npipeline = \"herald.toml\"\n[topics]\ninput = \"in2\"",
            )?;
            jail.set_env("HERALD_TOPICS__DLQ", "dead");
            jail.set_env("HERALD_CONFIG", "ignored.toml");
            jail.set_env("HERALD_BROKERS", "env:1");
            let shipped = "group_id = \"g1\"\nmax_in_flight = 32\n[topics]\ninput = \"in1\"";
            let c = ServiceConfig::load(shipped, Some(Path::new("svc.toml")), None).unwrap();
            assert_eq!(
                (
                    c.group_id.as_str(),
                    c.max_in_flight,
                    c.topics.input.as_str()
                ),
                ("g2", 32, "in2")
            );
            assert_eq!(c.topics.dlq, "dead");
            assert_eq!(c.brokers, "env:1");
            assert_eq!(c.pipeline.as_deref(), Some(Path::new("herald.toml")));
            let c = ServiceConfig::load(shipped, None, Some("flag:2")).unwrap();
            assert_eq!(c.brokers, "flag:2");
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        assert!(ServiceConfig::load("max_inflight = 3", None, None).is_err());
        assert!(ServiceConfig::load("[topics]\noutput = \"news.raw\"", None, None).is_err());
        assert!(ServiceConfig::load("batch_size = 0", None, None).is_err());
        assert!(ServiceConfig::load("max_record_bytes = 100", None, None).is_err());
        assert!(ServiceConfig::load("", Some(Path::new("/no/such.toml")), None).is_err());
    }

    #[test]
    fn secrets_come_from_the_environment_or_files_and_errors_do_not_show_them() {
        let dir = tempfile::Builder::new()
            .prefix("herald-secret-")
            .tempdir()
            .unwrap();
        let file = dir.path().join("password");
        std::fs::write(&file, "from-a-file\n").unwrap();
        std::env::set_var("HERALD_TEST_SASL_SECRET", "from-the-env");
        let text = format!(
            "[kafka]\n\"security.protocol\" = \"sasl_ssl\"\n\"sasl.password\" = \"env:HERALD_TEST_SASL_SECRET\"\n\
             [producer]\n\"ssl.key.password\" = \"file:{}\"\n",
            file.display()
        );
        let config = ServiceConfig::load(&text, None, None).unwrap();
        let producer = config.client_properties(&config.producer).unwrap();
        let get = |k: &str| producer.iter().find(|p| p.0 == k).map(|p| p.1.as_str());
        assert_eq!(get("security.protocol"), Some("sasl_ssl"));
        assert_eq!(get("sasl.password"), Some("from-the-env"));
        assert_eq!(get("ssl.key.password"), Some("from-a-file"));
        let consumer = config.client_properties(&config.consumer).unwrap();
        assert_eq!(consumer.len(), 2, "the shared properties only");

        let missing = "[kafka]\n\"sasl.password\" = \"env:HERALD_TEST_NO_SUCH_VAR\"\n";
        let config = ServiceConfig::load(missing, None, None).unwrap();
        let err = config.client_properties(&config.consumer).unwrap_err();
        assert!(err.to_string().contains("HERALD_TEST_NO_SUCH_VAR"), "{err}");
    }

    #[test]
    fn the_shipped_files_parse() {
        for text in [
            include_str!("../../../config/ingest.toml"),
            include_str!("../../../config/annotate.toml"),
            include_str!("../../../config/events.toml"),
            include_str!("../../../config/stories.toml"),
        ] {
            ServiceConfig::load(text, None, None).unwrap();
        }
    }
}
