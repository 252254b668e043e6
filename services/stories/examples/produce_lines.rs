//! Sends each line of standard input, as is, to a topic, keyed by its JSON `id`:
//! `produce_lines BROKERS TOPIC < records.jsonl`. Used by scripts/stories-rss to feed the
//! stories service enriched articles without the stages before it.

use std::io::BufRead;
use std::time::Duration;

use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, brokers, topic] = args.as_slice() else {
        return Err("usage: produce_lines BROKERS TOPIC < records.jsonl".into());
    };
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("linger.ms", "20")
        .set("message.max.bytes", "4000000")
        .create()?;
    let mut sent = 0u64;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let id = serde_json::from_str::<serde_json::Value>(&line)?["id"]
            .as_str()
            .ok_or("a record without an id")?
            .to_owned();
        loop {
            match producer.send(BaseRecord::to(topic).key(&id).payload(&line)) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), _)) => {
                    producer.poll(Duration::from_millis(50));
                }
                Err((error, _)) => return Err(error.into()),
            }
        }
        producer.poll(Duration::ZERO);
        sent += 1;
    }
    producer.flush(Duration::from_secs(120))?;
    eprintln!("{sent} records sent to {topic}");
    Ok(())
}
