//! Herald's Kafka runtime, the one every service uses.
//!
//! A service is a [`Processor`]: it turns one input message into the records to produce, or
//! rejects it. The runtime ([`run`]) consumes, hands messages to the processor off the async
//! threads, produces, and stores an input offset only once every record made from it is
//! acknowledged (at-least-once); rejected input goes to the dead-letter topic with the reason
//! in headers. [`service::main`] is a service binary's whole `main`.

mod articles;
mod config;
pub mod dead_letter;
pub mod heap;
mod http;
pub mod metrics;
mod runtime;
pub mod service;

use std::time::Duration;

use herald_extract::{ErrorClass, StageError};

pub use articles::{article_record, decode_article, run_pipeline};
pub use config::{
    client_properties, layered, property_value, LogFormat, ServiceConfig, Topics, Validate,
    MIN_RECORD_BYTES,
};
pub use http::{endpoints, serve_router, SERVING};
pub use runtime::{broker_up, producer, reader, run, Health};

/// One record to produce.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub topic: String,
    /// The article id.
    pub key: String,
    pub payload: Vec<u8>,
}

/// Where a message was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Taken from the broker: empty, or over `max_message_bytes`.
    Consume,
    /// Read into the service's input type.
    Decode,
    /// A stage of the pipeline, by name.
    Stage(&'static str),
    /// Made into records: one over `max_record_bytes`, or refused by the broker.
    Produce,
}

impl Origin {
    /// The name in dead-letter headers and metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consume => "consume",
            Self::Decode => "decode",
            Self::Stage(name) => name,
            Self::Produce => "produce",
        }
    }
}

/// Why a message could not be processed, and what the runtime must do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub origin: Origin,
    /// Short stable reason (`StageError::kind`, `DecodeError::kind`, ...), for headers and metrics.
    pub reason: &'static str,
    pub message: String,
    pub class: ErrorClass,
}

impl Rejection {
    /// A property of the message itself: dead-letter it.
    pub fn poison(origin: Origin, reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            origin,
            reason,
            message: message.into(),
            class: ErrorClass::Poison,
        }
    }
}

/// What a service does with one message.
pub trait Processor: Send + Sync + 'static {
    /// Turns one input payload into the records to produce, reporting each stage's time to
    /// `observe`. Runs on a blocking thread, in order within a partition.
    fn process(
        &self,
        payload: &[u8],
        observe: &mut dyn FnMut(&'static str, Duration),
    ) -> Result<Vec<Record>, Rejection>;
}

/// Errors that stop a service.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("{0}")]
    Stage(#[from] StageError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("fatal error at {stage}: {message}")]
    Fatal {
        stage: &'static str,
        message: String,
    },
}
