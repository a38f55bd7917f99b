//! Source code: the Genesys SDK calls and raw API requests written in JavaScript, TypeScript and
//! Python files, read with real parsers (tree-sitter), each call turned into the request it makes.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod js;
pub mod model;
pub mod python;
