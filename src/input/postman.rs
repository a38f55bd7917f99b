//! Postman collections (v2.1): every request of every folder.
//!
//! SKELETON: the reader is being written.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::capture::{Capture, InputError, Order};
use super::format::Format;

/// Whether a JSON document looks like a Postman collection (its reader decides for sure).
pub fn looks_like(trimmed: &str) -> bool {
    crate::text::head(trimmed, 64 << 10).contains("schema.getpostman.com/json/collection")
}

/// Reads a Postman collection.
pub fn read(_text: &str, _base: usize) -> Result<Capture, InputError> {
    Ok(Capture { order: Order::Written { format: Format::Postman, sequence: false }, ..Capture::default() })
}
