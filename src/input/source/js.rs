//! JavaScript and TypeScript source, parsed by tree-sitter.
