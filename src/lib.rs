//! gclint: a linter for Genesys Cloud conversation API traffic.
//!
//! Readers ([`input`]) turn captures and payload files into [`exchange::Exchange`]s; the
//! [`catalog`] knows every operation and body schema; [`rules`] turn exchanges into
//! [`diagnostic::Diagnostic`]s; [`report`] renders them.

// The library exists for the binary, the tests and the fuzz targets: what none of them reaches is
// `pub(crate)`, and this lint (an error in CI, which denies warnings) keeps it so.
#![warn(unreachable_pub)]

pub(crate) mod baseline;
pub mod catalog;
pub mod cli;
pub mod config;
pub(crate) mod diagnostic;
pub mod engine;
pub(crate) mod exchange;
pub(crate) mod files;
pub mod input;
pub(crate) mod intent;
pub mod redact;
pub mod report;
pub mod rules;
pub mod run;
pub mod secrets;
pub(crate) mod server;
pub(crate) mod shard;
pub(crate) mod source;
pub mod stats;
pub mod suggest;
pub mod text;
