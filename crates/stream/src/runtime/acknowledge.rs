//! Enqueueing records and waiting for their acknowledgement: a message's offset is stored
//! only once every record made from it is delivered.

use std::sync::Arc;

use metrics::counter;
use rdkafka::consumer::Consumer;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::OwnedHeaders;
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use tokio::sync::mpsc;
use tracing::{debug, warn};

use super::backoff::Backoff;
use super::{Counted, Shared};
use crate::dead_letter::{self, Input};
use crate::metrics::{ErrorKind, PRODUCED};
use crate::{Origin, Record, Rejection};

/// A record enqueued, waiting for the broker's acknowledgement.
pub(super) type Delivery = (Record, OwnedHeaders, DeliveryFuture);

/// A message processed, its records enqueued, waiting for their acknowledgements.
pub(super) struct Pending {
    pub(super) offset: i64,
    pub(super) deliveries: Vec<Delivery>,
    /// Counts the message in flight until its offset is stored.
    pub(super) _counted: Counted,
}

/// Enqueues a record, waiting while the producer's queue is full.
pub(super) async fn enqueue(
    producer: &FutureProducer,
    record: &Record,
    headers: &OwnedHeaders,
) -> DeliveryFuture {
    let mut backoff = Backoff::default();
    loop {
        let future = FutureRecord::to(&record.topic)
            .key(&record.key)
            .payload(&record.payload)
            .headers(headers.clone());
        match producer.send_result(future) {
            Ok(delivery) => return delivery,
            Err((error, _)) => {
                let kind = send_error_kind(&error);
                kind.count();
                if kind != ErrorKind::QueueFull {
                    warn!(%error, topic = %record.topic, "produce failed; retrying");
                }
                backoff.wait().await;
            }
        }
    }
}

fn send_error_kind(error: &KafkaError) -> ErrorKind {
    match error.rdkafka_error_code() {
        Some(RDKafkaErrorCode::QueueFull) => ErrorKind::QueueFull,
        _ => ErrorKind::Produce,
    }
}

/// Waits for every delivery of each message in order, then stores the message's offset.
pub(super) async fn acknowledge<P>(
    shared: Arc<Shared<P>>,
    partition: i32,
    mut rx: mpsc::Receiver<Pending>,
) {
    let topic = shared.config.topics.input.as_str();
    while let Some(pending) = rx.recv().await {
        let input = Input {
            topic,
            partition,
            offset: pending.offset,
        };
        for delivery in pending.deliveries {
            confirm(&shared, &input, delivery).await;
        }
        if let Err(error) = shared.consumer.store_offset(topic, partition, input.offset) {
            // The partition was revoked: its next owner processes the message again.
            debug!(%error, partition, offset = input.offset, "offset not stored");
        }
    }
}

/// Waits until the broker acknowledges the record, sending it again after a failure. A
/// record the broker refuses as too large is replaced by a dead letter of it: sending it
/// again could never succeed.
async fn confirm<P>(shared: &Shared<P>, input: &Input<'_>, delivery: Delivery) {
    let (mut record, mut headers, mut future) = delivery;
    let mut backoff = Backoff::default();
    loop {
        let error = match future.await {
            Ok(Ok(_)) => {
                counter!(PRODUCED, "topic" => record.topic.clone()).increment(1);
                debug!(
                    article_id = %record.key,
                    topic = %record.topic,
                    partition = input.partition,
                    offset = input.offset,
                    "produced"
                );
                return;
            }
            Ok(Err((error, _))) => error,
            // The producer dropped the delivery without an answer.
            Err(_) => KafkaError::Canceled,
        };
        if too_large(&error) && record.topic != shared.config.topics.dlq {
            let why = format!(
                "the broker refused the record for {}: {error}",
                record.topic
            );
            let rejection = Rejection::poison(Origin::Produce, "record_too_large", why);
            (record, headers) = dead_letter::record(
                &shared.config,
                input,
                &record.key,
                &record.payload,
                &rejection,
            );
        } else {
            ErrorKind::Delivery.count();
            warn!(%error, article_id = %record.key, topic = %record.topic, "delivery failed; sending again");
            backoff.wait().await;
        }
        future = enqueue(&shared.producer, &record, &headers).await;
    }
}

/// The broker refuses the record for its size: sending it again cannot succeed.
fn too_large(error: &KafkaError) -> bool {
    matches!(
        error.rdkafka_error_code(),
        Some(RDKafkaErrorCode::MessageSizeTooLarge | RDKafkaErrorCode::MessageBatchTooLarge)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use RDKafkaErrorCode::{MessageBatchTooLarge, MessageSizeTooLarge, NotEnoughReplicas};

    #[test]
    fn a_full_queue_is_its_own_kind_of_error_and_only_size_refusals_are_too_large() {
        let kind = |code| send_error_kind(&KafkaError::MessageProduction(code));
        assert_eq!(kind(RDKafkaErrorCode::QueueFull), ErrorKind::QueueFull);
        assert_eq!(kind(NotEnoughReplicas), ErrorKind::Produce);
        let refused = |code| too_large(&KafkaError::MessageProduction(code));
        assert!(refused(MessageSizeTooLarge) && refused(MessageBatchTooLarge));
        assert!(!refused(NotEnoughReplicas));
    }
}
