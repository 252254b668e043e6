//! A service's settings, layered by [`layered`] over the shipped defaults ([`DEFAULTS`]).

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::StreamError;

/// The settings every runtime service shares, with their defaults and docs.
pub const DEFAULTS: &str = include_str!("../../../config/defaults.toml");

/// Settings of one service: each is described, with its default, in [`DEFAULTS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub brokers: String,
    pub group_id: String,
    pub topics: Topics,
    /// Relative to the folder of the file that names it.
    pub pipeline: Option<PathBuf>,
    pub max_in_flight: usize,
    pub batch_size: usize,
    pub max_message_bytes: usize,
    pub max_record_bytes: usize,
    pub shutdown_deadline_ms: u64,
    pub metrics_addr: SocketAddr,
    pub log_format: LogFormat,
    /// librdkafka properties of every client; `env:` and `file:` values are read at start.
    pub kafka: BTreeMap<String, String>,
    pub consumer: BTreeMap<String, String>,
    pub producer: BTreeMap<String, String>,
}

/// Topic names (`events`: the events service's; `log`, `changelog`: the stories service's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    pub input: String,
    pub output: String,
    pub events: Option<String>,
    pub log: Option<String>,
    pub changelog: Option<String>,
    pub dlq: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for ServiceConfig {
    /// The shipped defaults, [`DEFAULTS`].
    fn default() -> Self {
        toml::from_str(DEFAULTS).expect("the shipped defaults are valid settings")
    }
}

impl Default for Topics {
    fn default() -> Self {
        ServiceConfig::default().topics
    }
}

impl Topics {
    /// Every topic name set: the input first, then the outputs, the dead-letter topic last.
    pub fn names(&self) -> Vec<&String> {
        let outputs = [&self.events, &self.log, &self.changelog];
        let mut names = vec![&self.input, &self.output];
        names.extend(outputs.into_iter().flatten());
        names.push(&self.dlq);
        names
    }
}

impl ServiceConfig {
    /// [`layered`] over [`DEFAULTS`] and `shipped`, the service's `config/<service>.toml`; a
    /// relative `pipeline` path in `path` is made relative to that file's folder.
    pub fn load(
        shipped: &str,
        path: Option<&Path>,
        brokers: Option<&str>,
    ) -> Result<Self, StreamError> {
        let mut config: Self = layered(&[DEFAULTS, shipped], path, brokers)?;
        if let Some(dir) = path.and_then(Path::parent) {
            // `join` leaves an absolute path as it is.
            config.pipeline = config.pipeline.map(|pipeline| dir.join(pipeline));
        }
        Ok(config)
    }

    pub fn shutdown_deadline(&self) -> Duration {
        Duration::from_millis(self.shutdown_deadline_ms)
    }
}

impl Validate for ServiceConfig {
    fn validate(&self) -> Result<(), StreamError> {
        let bad = |m: &str| Err(StreamError::Config(m.to_string()));
        if self.brokers.trim().is_empty() {
            return bad("brokers must be set");
        }
        if self.group_id.trim().is_empty() {
            return bad("group_id must be set");
        }
        let names = self.topics.names();
        if names.iter().any(|n| n.trim().is_empty()) {
            return bad("topic names must not be empty");
        }
        if names[1..].contains(&&self.topics.input) {
            return bad("the input topic must differ from the output and dead-letter topics");
        }
        let outputs = &names[1..names.len() - 1];
        if outputs.iter().collect::<BTreeSet<_>>().len() < outputs.len() {
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
        let [own, shared] = [&self.producer, &self.kafka].map(|p| p.get("message.max.bytes"));
        let producer_max = own.or(shared).map(|max| max.parse::<usize>().unwrap_or(0));
        if producer_max.is_some_and(|max| max < self.max_record_bytes + MIN_RECORD_BYTES) {
            return bad("the producer's message.max.bytes must exceed max_record_bytes by 16384 (room for headers)");
        }
        Ok(())
    }
}

/// Settings that check their own values, without I/O.
pub trait Validate {
    fn validate(&self) -> Result<(), StreamError>;
}

/// Layers the settings of type `T`: the TOML texts `layers` (the first holds every key, with
/// its default), the file `path`, the `HERALD_*` environment variables naming a top-level
/// key (nested keys with `__`: `HERALD_TOPICS__INPUT`), and `brokers`; then validates them.
pub fn layered<T: Serialize + DeserializeOwned + Validate>(
    layers: &[&str],
    path: Option<&Path>,
    brokers: Option<&str>,
) -> Result<T, StreamError> {
    let mut figment = layers
        .iter()
        .fold(Figment::new(), |f, text| f.merge(Toml::string(text)));
    let keys = top_level_keys(&extract::<T>(&figment)?);
    if let Some(path) = path {
        if !path.is_file() {
            let missing = format!("{}: no such file", path.display());
            return Err(StreamError::Config(missing));
        }
        figment = figment.merge(Toml::file(path));
    }
    figment = figment.merge(Env::prefixed("HERALD_").split("__").filter(move |k| {
        let top = k.as_str().split('.').next().unwrap_or("");
        keys.iter().any(|key| top.eq_ignore_ascii_case(key))
    }));
    if let Some(brokers) = brokers {
        figment = figment.merge(Serialized::default("brokers", brokers));
    }
    let settings: T = extract(&figment)?;
    settings.validate()?;
    Ok(settings)
}

fn extract<T: DeserializeOwned>(figment: &Figment) -> Result<T, StreamError> {
    figment
        .extract()
        .map_err(|e| StreamError::Config(e.to_string()))
}

/// The top-level keys of `settings`, the only ones `HERALD_*` variables set: unrelated ones
/// (`HERALD_CONFIG` of `herald run`, `HERALD_LOG`) are not taken for settings.
fn top_level_keys<T: Serialize>(settings: &T) -> Vec<String> {
    match serde_json::to_value(settings) {
        Ok(serde_json::Value::Object(fields)) => fields.into_iter().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    }
}

/// The smallest `max_record_bytes`: room for a dead letter's headers and a useful part of
/// the input.
pub const MIN_RECORD_BYTES: usize = 16 * 1024;

/// The librdkafka properties of one client: the shared `kafka` ones, then `own` (the
/// consumer's or the producer's), with `env:` and `file:` values read.
pub fn client_properties(
    kafka: &BTreeMap<String, String>,
    own: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, StreamError> {
    kafka
        .iter()
        .chain(own)
        .map(|(key, value)| Ok((key.clone(), property_value(key, value)?)))
        .collect()
}

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
