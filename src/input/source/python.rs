//! Python source, parsed by tree-sitter.
