//! A file (or stdin) as read, with lazy line/column lookup.

use std::sync::OnceLock;

use crate::text::LineIndex;

/// The name standard input goes by in every output.
pub const STDIN: &str = "<stdin>";

/// One input as read from disk or stdin. Offsets everywhere in gclint are byte offsets into
/// `bytes`.
pub struct Source {
    /// The path as given or found (used in every output), `-` becomes `<stdin>`.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Whether the user named this file on the command line (as opposed to finding it in a
    /// directory walk): only named files are complained about when they hold nothing lintable.
    pub explicit: bool,
    lines: OnceLock<LineIndex>,
}

impl Source {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>, explicit: bool) -> Self {
        Source { name: name.into(), bytes, explicit, lines: OnceLock::new() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.get_or_init(|| LineIndex::new(&self.bytes)).position(&self.bytes, offset)
    }

    /// Whether the source is standard input.
    pub fn is_stdin(&self) -> bool {
        self.name == STDIN
    }

    /// The length of a UTF-8 byte order mark at the start, if any.
    pub fn bom_len(&self) -> usize {
        if self.bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 }
    }
}
