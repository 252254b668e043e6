//! Stage errors and how a driver must treat them.

use herald_model::DecodeError;

/// What a driver does with a failed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// A transient condition outside the record: back off and try again, never drop.
    Retryable,
    /// The record itself is bad: dead-letter it and move on.
    Poison,
    /// The process cannot go on (bad configuration, a broken invariant): stop.
    Fatal,
}

/// Why a stage could not process a record.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("{stage}: {what} over the limit of {limit}")]
    OverLimit {
        stage: &'static str,
        what: &'static str,
        limit: usize,
    },
    #[error("{stage}: took {took_ms} ms, over the budget of {budget_ms} ms")]
    OverBudget {
        stage: &'static str,
        took_ms: u128,
        budget_ms: u64,
    },
    #[error("{stage}: invalid configuration: {message}")]
    Config {
        stage: &'static str,
        message: String,
    },
}

impl StageError {
    /// A configuration error of `stage`.
    pub fn config(stage: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Config { stage, message }
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            Self::Decode(_) | Self::OverLimit { .. } | Self::OverBudget { .. } => {
                ErrorClass::Poison
            }
            Self::Config { .. } => ErrorClass::Fatal,
        }
    }

    /// A short, stable name for metrics and dead-letter headers.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Decode(e) => e.kind(),
            Self::OverLimit { .. } => "over_limit",
            Self::OverBudget { .. } => "over_budget",
            Self::Config { .. } => "config",
        }
    }
}
