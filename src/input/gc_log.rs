//! Genesys Cloud CLI (`gc`) logs: the `Calling API with method: ..., URI: ..., data: ...` lines,
//! with the `Error from API` lines that follow as their responses.
//!
//! SKELETON: the reader is being written.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::capture::Capture;

/// Whether a text looks like a `gc` log.
pub fn looks_like(trimmed: &str) -> bool {
    crate::text::head(trimmed, 64 << 10).contains("Calling API with method: ")
}

/// Reads a `gc` log.
pub fn read(_text: &str, _base: usize) -> Capture {
    Capture::default()
}
