//! Herald's extraction stages.
//!
//! Each stage is a value built once from configuration and applied with
//! [`Stage::process`]; stages are pure and synchronous and do no I/O. The stage registry
//! (`registry.rs`) names every stage with what it requires and adds, its settings check and its
//! constructor; a [`Pipeline`] is a named list of stages (`[pipelines]`), checked against it
//! at start-up. The one-process CLI and the Kafka services are two drivers of the same
//! pipelines ([`Pipeline::ingest`], [`Pipeline::annotate`], [`Pipeline::events`]).

mod config;
mod csv;
mod error;
mod pipeline;
mod registry;
mod vocabulary;

pub mod dates;
pub mod duplicates;
pub mod entities;
pub mod events;
pub mod language;
pub mod normalise;
pub mod quotes;
pub mod sentences;
pub mod stories;
pub mod text;

pub use config::{Limits, PipelineConfig};
pub use error::{ErrorClass, StageError};
pub use pipeline::{Pipeline, Stage};
pub use registry::Pipelines;
pub use text::{prefix, CharIndex, Doc};
