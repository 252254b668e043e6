//! The text layer the stages share: one tokenizer ([`tokenize`]), one byte ↔ character index
//! ([`CharIndex`]) and one set of word shapes ([`shape`]), built once per article into a
//! [`Doc`] that every stage reads.

mod doc;
mod index;
pub mod shape;
mod tokens;
mod words;

pub use doc::Doc;
pub use index::{prefix, CharIndex};
pub use tokens::{tokenize, Gap, Kind, Token};
pub use words::WordSet;
