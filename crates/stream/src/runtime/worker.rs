//! A partition's worker: processes its messages in order, in batches, on a blocking thread,
//! settles each rejection (dead letter, retry, or stop), and enqueues the records.

use std::sync::Arc;

use herald_extract::ErrorClass;
use metrics::{counter, histogram};
use rdkafka::message::{OwnedHeaders, OwnedMessage};
use rdkafka::Message;
use tokio::sync::mpsc;
use tracing::warn;

use super::acknowledge::{acknowledge, enqueue, Pending};
use super::backoff::Backoff;
use super::{Shared, Taken};
use crate::dead_letter::{self, Input};
use crate::metrics::{ERRORS, STAGE_SECONDS};
use crate::{Origin, Processor, Record, Rejection, StreamError};

/// What a message becomes: its records, or its dead letter.
type Output = Vec<(Record, OwnedHeaders)>;

/// Processes one partition's messages in order and hands their deliveries to the acknowledger.
pub(super) async fn worker<P: Processor>(
    shared: Arc<Shared<P>>,
    partition: i32,
    mut rx: mpsc::Receiver<Taken>,
) {
    let (ack_tx, ack_rx) = mpsc::channel(shared.config.max_in_flight);
    let acker = tokio::spawn(acknowledge(shared.clone(), partition, ack_rx));
    let batch_size = shared.config.batch_size;
    let mut batch = Vec::with_capacity(batch_size);
    while rx.recv_many(&mut batch, batch_size).await > 0 {
        let taken = std::mem::take(&mut batch);
        let results = on_blocking_thread(&shared, move |s| {
            let process = |taken: Taken| (process(s, &taken.message), taken);
            taken.into_iter().map(process).collect::<Vec<_>>()
        });
        for (result, taken) in results.await {
            let output = match settle(&shared, &taken.message, result).await {
                Ok(output) => output,
                Err(rejection) => {
                    let _ = shared.fatal.send(StreamError::Fatal {
                        stage: rejection.origin.as_str(),
                        message: rejection.message,
                    });
                    return;
                }
            };
            let pending = produce(&shared, taken, output).await;
            if ack_tx.send(pending).await.is_err() {
                return;
            }
        }
    }
    drop(ack_tx);
    let _ = acker.await;
}

/// Runs `work` on a blocking thread: the stages take CPU time.
async fn on_blocking_thread<P: Processor, T: Send + 'static>(
    shared: &Arc<Shared<P>>,
    work: impl FnOnce(&Shared<P>) -> T + Send + 'static,
) -> T {
    let owned = Arc::clone(shared);
    tokio::task::spawn_blocking(move || work(&owned))
        .await
        .expect("the stages do not panic")
}

/// Runs the processor on a message within the size limits.
fn process<P: Processor>(
    shared: &Shared<P>,
    message: &OwnedMessage,
) -> Result<Vec<Record>, Rejection> {
    let payload = payload_within(message.payload(), shared.config.max_message_bytes)?;
    let records = shared.processor.process(payload, &mut |stage, took| {
        histogram!(STAGE_SECONDS, "stage" => stage).record(took.as_secs_f64());
    })?;
    records_within(records, shared.config.max_record_bytes)
}

/// A message's payload, unless it is empty or over `limit` bytes.
fn payload_within(payload: Option<&[u8]>, limit: usize) -> Result<&[u8], Rejection> {
    let payload = payload.unwrap_or_default();
    let (reason, why) = match payload.len() {
        0 => ("empty_message", "the message has no payload".to_string()),
        n if n > limit => (
            "message_too_large",
            format!("message of {n} bytes is over the limit of {limit} bytes"),
        ),
        _ => return Ok(payload),
    };
    Err(Rejection::poison(Origin::Consume, reason, why))
}

/// The records, unless one (key and payload) is over `limit` bytes.
fn records_within(records: Vec<Record>, limit: usize) -> Result<Vec<Record>, Rejection> {
    let size = |r: &Record| r.key.len() + r.payload.len();
    let Some(r) = records.iter().find(|r| size(r) > limit) else {
        return Ok(records);
    };
    let why = format!(
        "the record for {} would be {} bytes, over the limit of {limit} bytes",
        r.topic,
        size(r)
    );
    Err(Rejection::poison(Origin::Produce, "record_too_large", why))
}

/// What a processed message becomes: poison goes to the dead-letter topic, retryable
/// errors are retried with backoff until they pass, a fatal one is returned (the service stops).
async fn settle<P: Processor>(
    shared: &Arc<Shared<P>>,
    message: &OwnedMessage,
    mut result: Result<Vec<Record>, Rejection>,
) -> Result<Output, Rejection> {
    let mut backoff = Backoff::default();
    loop {
        let rejection = match result {
            Ok(records) => {
                return Ok(records
                    .into_iter()
                    .map(|r| (r, OwnedHeaders::new()))
                    .collect())
            }
            Err(rejection) => rejection,
        };
        match rejection.class {
            ErrorClass::Poison => return Ok(vec![dead_letter_of(shared, message, &rejection)]),
            ErrorClass::Fatal => return Err(rejection),
            ErrorClass::Retryable => {
                counter!(ERRORS, "kind" => rejection.reason).increment(1);
                warn!(
                    partition = message.partition(),
                    offset = message.offset(),
                    reason = rejection.reason,
                    error = %rejection.message,
                    "retrying"
                );
                backoff.wait().await;
                let again = message.clone();
                result = on_blocking_thread(shared, move |s| process(s, &again)).await;
            }
        }
    }
}

fn dead_letter_of<P>(
    shared: &Shared<P>,
    message: &OwnedMessage,
    rejection: &Rejection,
) -> (Record, OwnedHeaders) {
    let input = Input {
        topic: message.topic(),
        partition: message.partition(),
        offset: message.offset(),
    };
    dead_letter::record(
        &shared.config,
        &input,
        &String::from_utf8_lossy(message.key().unwrap_or_default()),
        message.payload().unwrap_or_default(),
        rejection,
    )
}

/// Enqueues a message's records in order: its deliveries, pending their acknowledgement.
async fn produce<P>(shared: &Shared<P>, taken: Taken, output: Output) -> Pending {
    let mut deliveries = Vec::with_capacity(output.len());
    for (record, headers) in output {
        let future = enqueue(&shared.producer, &record, &headers).await;
        deliveries.push((record, headers, future));
    }
    Pending {
        offset: taken.message.offset(),
        deliveries,
        _counted: taken.counted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str, payload: &str) -> Record {
        Record {
            topic: "out".into(),
            key: key.into(),
            payload: payload.into(),
        }
    }

    #[test]
    fn a_payload_must_be_there_and_within_the_limit() {
        assert_eq!(payload_within(Some(b"abc"), 3), Ok(&b"abc"[..]));
        let reason = |p| payload_within(p, 3).unwrap_err().reason;
        assert_eq!(reason(None), "empty_message");
        assert_eq!(reason(Some(b"")), "empty_message");
        assert_eq!(reason(Some(b"abcd")), "message_too_large");
    }

    #[test]
    fn every_record_must_be_within_the_limit_key_included() {
        let fits = vec![record("ab", "cd"), record("a", "b")];
        assert_eq!(records_within(fits.clone(), 4), Ok(fits));
        let err = records_within(vec![record("a", "b"), record("ab", "cde")], 4).unwrap_err();
        assert_eq!(
            (err.origin, err.reason),
            (Origin::Produce, "record_too_large")
        );
        assert!(err.message.contains("would be 5 bytes"), "{}", err.message);
    }
}
