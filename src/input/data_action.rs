//! Genesys Cloud Data Action exports (`*.custom.json`): the request an action makes, from
//! `config.request`. The same action written as a Terraform resource is read by
//! [`super::terraform`] into the same [`Action`].
//!
//! SKELETON: the reader and the Velocity handling are being written.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use super::capture::{Capture, Draft, InputError, Order};
use super::format::Format;
use crate::exchange::{Body, Header};
use crate::text::Text;

/// What a Data Action calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integration {
    /// `purecloud-data-actions`: the Genesys Cloud Platform API, with the org's credentials.
    Platform,
    /// `custom-rest-actions`: any web service.
    CustomRest,
    /// `function-data-actions`: a Genesys Function, no URL.
    Function,
    /// Not said (a Terraform resource names its integration by reference), or another type.
    Unknown,
}

/// A Data Action's request, each string with its place in the file it was read from.
#[derive(Debug, Clone)]
pub struct Action {
    pub name: Option<String>,
    pub integration: Integration,
    /// `requestType`.
    pub method: Text,
    /// `requestUrlTemplate`: a path relative to the org's API host, or a full URL.
    pub url: Text,
    /// `headers`, by name.
    pub headers: Vec<(Text, Text)>,
    /// `requestTemplate`: the body, written in Velocity.
    pub template: Option<Text>,
    /// The JSON Schema type of each input (`contract.input.inputSchema.properties`), by name.
    pub inputs: BTreeMap<String, String>,
}

/// Whether a JSON document looks like a Data Action export (its reader decides for sure).
pub fn looks_like(trimmed: &str) -> bool {
    let head = crate::text::head(trimmed, 64 << 10);
    head.contains("\"integrationType\"") && head.contains("\"requestUrlTemplate\"")
}

/// Reads a Data Action export.
pub fn read(_text: &str, _base: usize) -> Result<Capture, InputError> {
    Ok(Capture { order: Order::Written { format: Format::DataAction, sequence: false }, ..Capture::default() })
}

/// Adds the request `action` makes to `capture`.
pub fn add(capture: &mut Capture, action: Action) {
    if action.integration == Integration::Function {
        capture.requests += 1;
        return;
    }
    let mut draft = Draft::new(action.method.value.clone(), action.url);
    draft.headers =
        action.headers.into_iter().map(|(name, value)| Header { name: name.value, value: value.value }).collect();
    draft.body = action.template.map(|text| Body { text, mime: Some("application/json".into()), transformed: None });
    capture.add(draft);
}
