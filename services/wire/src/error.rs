//! The wire service's errors, each classified as the runtime's are: retryable (back off and
//! try again), poison (the document or item itself is bad: reject it, keep going) or fatal.

use herald_extract::ErrorClass;
use herald_stream::StreamError;
use rdkafka::error::KafkaError;

/// Errors that stop the service.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("kafka: {0}")]
    Kafka(#[from] KafkaError),
    #[error(transparent)]
    Stream(#[from] StreamError),
}

impl From<WireError> for StreamError {
    fn from(error: WireError) -> Self {
        match error {
            WireError::Config(m) => StreamError::Config(m),
            WireError::Kafka(e) => StreamError::Kafka(e),
            WireError::Stream(e) => e,
        }
    }
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("http status {0}")]
    Status(u16),
    #[error("response over the limit of {0} bytes (after decompression)")]
    TooLarge(usize),
    #[error("robots.txt disallows {0}")]
    Disallowed(String),
    #[error("http: {0}")]
    Http(String),
}

impl FetchError {
    /// Timeouts, connection failures, 5xx and 429 pass; a refused or oversized document does
    /// not get better by asking again soon.
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::Timeout(_) | Self::Connect(_) | Self::Http(_) => ErrorClass::Retryable,
            Self::Status(s) if *s == 429 || *s >= 500 => ErrorClass::Retryable,
            Self::Status(_) | Self::TooLarge(_) | Self::Disallowed(_) => ErrorClass::Poison,
        }
    }

    /// A short, stable name for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Timeout(_) => "timeout",
            Self::Connect(_) => "connect",
            Self::Status(_) => "status",
            Self::TooLarge(_) => "too_large",
            Self::Disallowed(_) => "robots",
            Self::Http(_) => "http",
        }
    }
}

impl From<reqwest::Error> for FetchError {
    fn from(e: reqwest::Error) -> Self {
        // The error's source chain names the cause (a read timeout is a body error).
        let text = format!("{e}: {}", sources(&e));
        if e.is_timeout() || text.contains("timed out") {
            Self::Timeout(text)
        } else if e.is_connect() {
            Self::Connect(text)
        } else {
            Self::Http(text)
        }
    }
}

fn sources(e: &dyn std::error::Error) -> String {
    let mut out = Vec::new();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push(c.to_string());
        cause = c.source();
    }
    out.join(": ")
}

/// Why an item was not stored.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("record of {size} bytes is over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the broker did not acknowledge the record: {0}")]
    Delivery(String),
    #[error("the broker is unreachable")]
    Unreachable,
}

impl PublishError {
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::TooLarge { .. } => ErrorClass::Poison,
            Self::Delivery(_) | Self::Unreachable => ErrorClass::Retryable,
        }
    }
}
