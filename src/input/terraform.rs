//! Terraform files (`.tf`): the request of every `genesyscloud_integration_action` resource (a
//! Data Action, read into a [`super::data_action::Action`]); other resources are not requests.
//!
//! SKELETON: the reader is being written.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::capture::{Capture, InputError, Order};
use super::format::Format;

/// Reads the Data Actions of a Terraform file.
pub fn read(_text: &str, _base: usize) -> Result<Capture, InputError> {
    Ok(Capture { order: Order::Written { format: Format::Terraform, sequence: false }, ..Capture::default() })
}
