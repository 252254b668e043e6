//! `herald produce`: sends input records to a topic, one JSON record a message keyed by id.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use herald_model::InputLimits;
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaErrorCode;

use crate::input::{self, Item};
use crate::kafka::KafkaArgs;

#[derive(clap::Args)]
pub struct ProduceArgs {
    /// Files (.json, .jsonl, .ndjson, .txt, .xml: NewsML-G2, RSS, Atom), folders (read
    /// recursively) or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub kafka: KafkaArgs,
    /// Topic to send to.
    #[arg(long, default_value = "news.raw")]
    pub topic: String,
}

/// Deliveries awaited at once, to keep memory flat on large inputs.
const WINDOW: usize = 10_000;

pub fn produce(args: &ProduceArgs) -> anyhow::Result<ExitCode> {
    let producer: FutureProducer = args
        .kafka
        .client()?
        .set("acks", "all")
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .context("creating the producer")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let limits = InputLimits::default();
    let files = input::expand(&args.inputs).context("listing inputs")?;
    let (mut sent, mut rejected) = (0u64, 0u64);
    let mut pending: Vec<DeliveryFuture> = Vec::new();
    for file in &files {
        let mut items = Vec::new();
        if let Err(e) = input::read(file, &limits, &mut |item: Item| items.push(item)) {
            eprintln!("{}: rejected: cannot read: {e}", file.display());
            rejected += 1;
        }
        for item in items {
            let raw = match item.record {
                Ok(raw) => raw,
                Err((err, _)) => {
                    eprintln!("{}: rejected: {err}", item.origin);
                    rejected += 1;
                    continue;
                }
            };
            let payload = serde_json::to_vec(&raw).context("encoding a record")?;
            pending.push(enqueue(
                &runtime,
                &producer,
                &args.topic,
                &raw.id,
                &payload,
            )?);
            if pending.len() >= WINDOW {
                sent += runtime.block_on(settle(&mut pending))?;
            }
        }
    }
    sent += runtime.block_on(settle(&mut pending))?;
    eprintln!(
        "herald produce: {sent} sent to {}, {rejected} rejected",
        args.topic
    );
    Ok(if sent > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn enqueue(
    runtime: &tokio::runtime::Runtime,
    producer: &FutureProducer,
    topic: &str,
    key: &str,
    payload: &[u8],
) -> anyhow::Result<DeliveryFuture> {
    loop {
        let record = FutureRecord::to(topic).key(key).payload(payload);
        match producer.send_result(record) {
            Ok(delivery) => return Ok(delivery),
            Err((e, _)) if e.rdkafka_error_code() == Some(RDKafkaErrorCode::QueueFull) => {
                runtime.block_on(tokio::time::sleep(Duration::from_millis(10)));
            }
            Err((e, _)) => return Err(e).context("sending a record"),
        }
    }
}

/// Waits for every pending delivery; a record the broker did not take is an error.
async fn settle(pending: &mut Vec<DeliveryFuture>) -> anyhow::Result<u64> {
    let mut n = 0;
    for delivery in pending.drain(..) {
        match delivery.await {
            Ok(Ok(_)) => n += 1,
            Ok(Err((e, _))) => return Err(e).context("delivering a record"),
            Err(_) => anyhow::bail!("delivering a record: the producer went away"),
        }
    }
    Ok(n)
}
