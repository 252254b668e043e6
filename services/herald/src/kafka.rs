//! The broker connection of `herald produce` and `herald tail`.

use anyhow::Context;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::BaseConsumer;

#[derive(clap::Args)]
pub struct KafkaArgs {
    /// Bootstrap brokers, HOST:PORT[,HOST:PORT]...
    #[arg(long, env = "HERALD_BROKERS")]
    pub brokers: String,
    /// A librdkafka property, KEY=VALUE (repeatable), e.g. -X security.protocol=sasl_ssl.
    /// A value env:NAME is read from the environment variable NAME, file:PATH from a file.
    #[arg(short = 'X', value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
}

impl KafkaArgs {
    /// A client configuration with the brokers and the properties.
    pub fn client(&self) -> anyhow::Result<ClientConfig> {
        let mut client = ClientConfig::new();
        client.set("bootstrap.servers", &self.brokers);
        for (key, value) in self.properties()? {
            client.set(key, herald_stream::property_value(key, value)?);
        }
        Ok(client)
    }

    /// A consumer of the partitions it is assigned, outside any group's offsets (`group` only
    /// names it), whose fetches the broker holds at most `fetch_wait_ms`.
    pub fn reader(&self, group: &str, fetch_wait_ms: u32) -> anyhow::Result<BaseConsumer> {
        self.client()?
            .set("group.id", group)
            .set("enable.auto.commit", "false")
            .set("fetch.wait.max.ms", fetch_wait_ms.to_string())
            .create()
            .context("creating the consumer")
    }

    /// The -X properties as given, KEY and VALUE (an env: or file: value not yet read).
    pub fn properties(&self) -> anyhow::Result<Vec<(&str, &str)>> {
        self.properties
            .iter()
            .map(|p| p.split_once('=').context("a -X property must be KEY=VALUE"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_set_and_secrets_read() {
        std::env::set_var("HERALD_TEST_TAIL_SECRET", "pw");
        let args = KafkaArgs {
            brokers: "b:1".into(),
            properties: vec![
                "security.protocol=sasl_ssl".into(),
                "sasl.password=env:HERALD_TEST_TAIL_SECRET".into(),
            ],
        };
        let client = args.client().unwrap();
        assert_eq!(client.get("bootstrap.servers"), Some("b:1"));
        assert_eq!(client.get("security.protocol"), Some("sasl_ssl"));
        assert_eq!(client.get("sasl.password"), Some("pw"));
        let bad = KafkaArgs {
            properties: vec!["no-equals".into()],
            ..args
        };
        assert!(bad.client().is_err());
    }
}
