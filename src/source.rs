//! A file (or stdin), or a window of one, as read, with lazy line/column lookup.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::text::LineIndex;

/// The name standard input goes by in every output.
pub(crate) const STDIN: &str = "<stdin>";

/// Where the bytes of a [`Source`] start in their file: the file offset, and the 1-based line
/// and column (in characters) of that offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Default for Origin {
    fn default() -> Self {
        Origin { offset: 0, line: 1, column: 1 }
    }
}

/// The bytes of a [`Source`]: read into memory, or a stretch of a file mapped into memory (a
/// window of a large HAR, see `input::har::Mapped`).
pub enum Bytes {
    Owned(Vec<u8>),
    Mapped { map: Arc<memmap2::Mmap>, range: Range<usize> },
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(bytes) => bytes,
            Bytes::Mapped { map, range } => map.get(range.clone()).unwrap_or_default(),
        }
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::Owned(bytes)
    }
}

/// One input as read from disk or stdin, whole or a window of it (a stretch of HAR entries).
/// Offsets everywhere in gclint are byte offsets in the file; `bytes` holds the file from
/// `origin.offset` on.
pub struct Source {
    /// The path as given or found (used in every output), `-` becomes `<stdin>`.
    pub name: String,
    pub bytes: Bytes,
    /// Whether the user named this file on the command line (as opposed to finding it in a
    /// directory walk): only named files are complained about when they hold nothing lintable.
    pub explicit: bool,
    /// Where `bytes` start in the file.
    pub origin: Origin,
    lines: OnceLock<LineIndex>,
}

impl Source {
    /// A whole file.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>, explicit: bool) -> Self {
        Source { name: name.into(), bytes: bytes.into(), explicit, origin: Origin::default(), lines: OnceLock::new() }
    }

    /// A stretch of a file, starting at `origin`.
    pub fn window(name: String, bytes: Bytes, origin: Origin) -> Self {
        Source { name, bytes, explicit: true, origin, lines: OnceLock::new() }
    }

    /// 1-based line and column (in characters) of a file offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let local = offset.saturating_sub(self.origin.offset);
        let (line, column) = self.lines.get_or_init(|| LineIndex::new(&self.bytes)).position(&self.bytes, local);
        if line == 1 {
            (self.origin.line, self.origin.column + column - 1)
        } else {
            (self.origin.line + line - 1, column)
        }
    }

    /// Whether the source is standard input.
    pub fn is_stdin(&self) -> bool {
        self.name == STDIN
    }

    /// The length of a UTF-8 byte order mark at the start of the file, if any.
    pub fn bom_len(&self) -> usize {
        if self.origin.offset == 0 && self.bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 }
    }
}
