//! `herald tail`: prints a topic's records, one JSON record a line.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{BorrowedMessage, Headers};
use rdkafka::{Message, Offset, TopicPartitionList};
use serde_json::{json, Value};

use crate::kafka::KafkaArgs;

#[derive(clap::Args)]
pub struct TailArgs {
    #[command(flatten)]
    pub kafka: KafkaArgs,
    /// Topic to read.
    #[arg(long)]
    pub topic: String,
    /// Start at the oldest record (default: only new records).
    #[arg(long)]
    pub from_beginning: bool,
    /// Stop after this many records.
    #[arg(long)]
    pub max: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long)]
    pub timeout: Option<f64>,
    /// Print each record with its topic, partition, offset, key and headers around it.
    #[arg(long)]
    pub meta: bool,
}

pub fn tail(args: &TailArgs) -> anyhow::Result<ExitCode> {
    let consumer = assigned(args)?;
    let deadline = args
        .timeout
        .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let mut out = io::stdout().lock();
    let mut seen = 0u64;
    while args.max.is_none_or(|max| seen < max) {
        let wait = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(left) => left.min(Duration::from_millis(200)),
                None => break,
            },
            None => Duration::from_millis(200),
        };
        let Some(message) = consumer.poll(wait) else {
            continue;
        };
        let message = message.context("reading")?;
        serde_json::to_writer(&mut out, &line(&message, args.meta)).context("writing")?;
        out.write_all(b"\n").context("writing")?;
        out.flush().context("writing")?;
        seen += 1;
    }
    Ok(ExitCode::SUCCESS)
}

/// A consumer assigned every partition of the topic, at its beginning or its end.
fn assigned(args: &TailArgs) -> anyhow::Result<BaseConsumer> {
    let consumer = args.kafka.reader("herald-tail", 50)?;
    let metadata = consumer
        .fetch_metadata(Some(&args.topic), Duration::from_secs(10))
        .context("reading the topic's metadata")?;
    let topic = metadata
        .topics()
        .iter()
        .find(|t| t.name() == args.topic && !t.partitions().is_empty())
        .with_context(|| format!("no topic {}", args.topic))?;
    let start = if args.from_beginning {
        Offset::Beginning
    } else {
        Offset::End
    };
    let mut assignment = TopicPartitionList::new();
    for p in topic.partitions() {
        assignment
            .add_partition_offset(&args.topic, p.id(), start)
            .context("assigning partitions")?;
    }
    consumer
        .assign(&assignment)
        .context("assigning partitions")?;
    Ok(consumer)
}

/// The record's payload as JSON (a string when it is not JSON), with `meta` inside its
/// topic, partition, offset, key and headers.
fn line(message: &BorrowedMessage<'_>, meta: bool) -> Value {
    let payload = message.payload().unwrap_or_default();
    let value = serde_json::from_slice::<Value>(payload)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(payload).into_owned()));
    if !meta {
        return value;
    }
    let headers: serde_json::Map<String, Value> = message
        .headers()
        .map(|h| {
            h.iter()
                .map(|h| {
                    let v = String::from_utf8_lossy(h.value.unwrap_or_default());
                    (h.key.to_string(), Value::String(v.into_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "topic": message.topic(),
        "partition": message.partition(),
        "offset": message.offset(),
        "key": message.key().map(|k| String::from_utf8_lossy(k).into_owned()),
        "headers": headers,
        "payload": value,
    })
}
