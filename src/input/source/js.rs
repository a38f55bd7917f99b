//! JavaScript and TypeScript source, parsed by tree-sitter.
#![allow(dead_code, unused_variables)]
pub enum Dialect { JavaScript, TypeScript, Tsx }
pub fn dialect_of(extension: &str) -> Option<Dialect> { None }
pub fn find(text: &str, base: usize, dialect: Dialect) -> super::model::Found { super::model::Found::default() }
