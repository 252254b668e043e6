//! Dead letters: rejected input on the dead-letter topic, with headers saying where and why.

use herald_extract::prefix;
use metrics::counter;
use rdkafka::message::{Header, OwnedHeaders};
use tracing::warn;

use crate::metrics::DEAD_LETTERS;
use crate::{Record, Rejection, ServiceConfig, MIN_RECORD_BYTES};

/// The rejection's short stable reason (`Rejection::reason`).
pub const REASON: &str = "herald.reason";
/// Where it failed (`Rejection::origin`).
pub const STAGE: &str = "herald.stage";
/// The error message, cut to [`FIELD_BYTES`].
pub const ERROR: &str = "herald.error";
/// The input topic, partition and offset of the message.
pub const TOPIC: &str = "herald.topic";
pub const PARTITION: &str = "herald.partition";
pub const OFFSET: &str = "herald.offset";
/// Present when the payload was cut to fit: the original size in bytes.
pub const TRUNCATED: &str = "herald.truncated";

/// Longest key and error text a dead letter carries, in bytes.
pub const FIELD_BYTES: usize = 1024;

/// Where a message was read.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
}

/// The headers of the dead letter of the message at `input`, rejected at `stage` for `reason`.
pub fn headers(input: &Input<'_>, stage: &str, reason: &str, error: &str) -> OwnedHeaders {
    [
        (REASON, reason),
        (STAGE, stage),
        (ERROR, prefix(error, FIELD_BYTES)),
        (TOPIC, input.topic),
        (PARTITION, &input.partition.to_string()),
        (OFFSET, &input.offset.to_string()),
    ]
    .into_iter()
    .fold(OwnedHeaders::new(), |all, (key, value)| {
        all.insert(Header {
            key,
            value: Some(value),
        })
    })
}

/// The dead letter of the input message at `input`: its key and payload, cut to what the
/// topic takes, with headers saying why, where, and how long the payload was if it was cut.
pub(crate) fn record(
    config: &ServiceConfig,
    input: &Input<'_>,
    key: &str,
    payload: &[u8],
    rejection: &Rejection,
) -> (Record, OwnedHeaders) {
    let stage = rejection.origin.as_str();
    counter!(DEAD_LETTERS, "reason" => rejection.reason, "stage" => stage).increment(1);
    let cut_key = prefix(key, FIELD_BYTES);
    warn!(
        article_id = %cut_key,
        partition = input.partition,
        offset = input.offset,
        stage,
        reason = rejection.reason,
        error = %rejection.message,
        "dead-lettered"
    );
    let room = config.max_record_bytes - MIN_RECORD_BYTES / 2;
    let mut why = headers(input, stage, rejection.reason, &rejection.message);
    if payload.len() > room {
        why = why.insert(Header {
            key: TRUNCATED,
            value: Some(&payload.len().to_string()),
        });
    }
    let record = Record {
        topic: config.topics.dlq.clone(),
        key: cut_key.to_string(),
        payload: payload[..payload.len().min(room)].to_vec(),
    };
    (record, why)
}
