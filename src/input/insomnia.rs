//! Insomnia exports (v4): every request of every workspace and folder.
//!
//! SKELETON: the reader is being written.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::capture::{Capture, InputError, Order};
use super::format::Format;

/// Whether a JSON document looks like an Insomnia export (its reader decides for sure).
pub fn looks_like(trimmed: &str) -> bool {
    let head = crate::text::head(trimmed, 64 << 10);
    head.contains("\"__export_format\"") && head.contains("\"resources\"")
}

/// Reads an Insomnia export.
pub fn read(_text: &str, _base: usize) -> Result<Capture, InputError> {
    Ok(Capture { order: Order::Written { format: Format::Insomnia, sequence: false }, ..Capture::default() })
}
