//! Text that came out of a file, and the way back to the file.
//!
//! A request body inside a HAR is a JSON string literal: the linter works on the decoded text, but
//! machine output must point at the bytes of the HAR file. [`Text`] carries the decoded value with
//! an [`OffsetMap`] that turns an offset in the value into an offset in the file, through the
//! escapes of the literal. [`LineIndex`] turns file offsets into 1-based lines and columns.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::borrow::Cow;

/// How offsets inside a decoded value map back to offsets in the file it was read from.
#[derive(Debug, Clone, Default)]
pub enum OffsetMap {
    /// The value stands in the file as is, starting at `start`.
    Verbatim { start: usize },
    /// The value was decoded from quoted or escaped text (a JSON string literal, a shell word, a
    /// template with variables filled in) whose first character is at `start`. `jumps` lists
    /// `(value_offset, file_offset - start)` pairs at every point where the two coordinates drift
    /// apart (after an escape sequence, a quote, a line continuation).
    Escaped { start: usize, jumps: Vec<(u32, u32)> },
    /// The value was transformed (base64, form parameters): every offset maps to `start`.
    Opaque { start: usize },
    /// The value does not come from a file (a command-line argument).
    #[default]
    Detached,
}

impl OffsetMap {
    /// The file offset of `offset` in the value, or `None` when the value has no place in a file.
    pub fn to_file(&self, offset: usize) -> Option<usize> {
        match self {
            OffsetMap::Verbatim { start } => Some(start + offset),
            OffsetMap::Opaque { start } => Some(*start),
            OffsetMap::Detached => None,
            OffsetMap::Escaped { start, jumps } => {
                let i = jumps.partition_point(|&(v, _)| v as usize <= offset);
                let (from, linear) = match i.checked_sub(1).and_then(|k| jumps.get(k)) {
                    None => (*start, start + offset),
                    Some(&(v, f)) => (start + f as usize, start + f as usize + offset.saturating_sub(v as usize)),
                };
                // A stretch does not run past where the next one starts in the file: a piece
                // decoded to more bytes than it came from (a reference written as a quoted
                // string) maps inside those bytes. (A next stretch earlier in the file is text
                // taken from elsewhere, a variable's value: no bound.)
                Some(match jumps.get(i) {
                    Some(&(_, next)) if start + next as usize >= from => linear.min(start + next as usize),
                    _ => linear,
                })
            }
        }
    }
}

/// A decoded value and its way back to the file.
#[derive(Debug, Clone, Default)]
pub struct Text {
    pub value: String,
    pub map: OffsetMap,
}

impl Text {
    pub fn verbatim(value: impl Into<String>, start: usize) -> Self {
        Text { value: value.into(), map: OffsetMap::Verbatim { start } }
    }

    pub fn detached(value: impl Into<String>) -> Self {
        Text { value: value.into(), map: OffsetMap::Detached }
    }
}

/// Builds a [`Text`] from pieces that stand at known places in a file, recording where the value
/// and the file drift apart. Readers of quoted formats (shell words, templates) push what each
/// piece of the value decodes to, with the file offset of the bytes it came from.
#[derive(Debug, Default)]
pub struct TextBuilder {
    value: String,
    start: Option<usize>,
    jumps: Vec<(u32, u32)>,
    /// The file offset the next piece would have if nothing were skipped.
    next: usize,
}

impl TextBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `piece`, which stands in the file from `file_offset` on.
    pub fn push_str(&mut self, piece: &str, file_offset: usize) {
        self.place(file_offset);
        self.value.push_str(piece);
        self.next = file_offset + piece.len();
    }

    /// Appends a character decoded from the `len` file bytes at `file_offset` (an escape
    /// sequence, or a variable's value standing in for its name).
    pub fn push_decoded(&mut self, decoded: &str, file_offset: usize, len: usize) {
        self.place(file_offset);
        self.value.push_str(decoded);
        self.next = file_offset + len;
        self.jump();
    }

    /// Appends `range` of `text` (a value already decoded from a file), each piece placed where
    /// it stands in that file: stretches that stand in the file as they are go in as written, the
    /// character that ends an escape (`\n`, `\u00e9`) as decoded from its bytes. This composes the
    /// maps of a value built out of another value (a template expanded from a decoded string).
    /// A `range` off `text`'s character boundaries appends nothing. As with every piece pushed,
    /// the places must move forward in the file.
    pub fn push_from(&mut self, text: &Text, range: std::ops::Range<usize>) {
        let Some(piece) = text.value.get(range.clone()) else { return };
        if piece.is_empty() {
            return;
        }
        let jumps: &[(u32, u32)] = match &text.map {
            OffsetMap::Escaped { jumps, .. } => jumps,
            OffsetMap::Verbatim { start } => return self.push_str(piece, start + range.start),
            OffsetMap::Opaque { start } => return self.push_decoded(piece, *start, 0),
            // No place in a file: the value is all there is.
            OffsetMap::Detached => return self.push_decoded(piece, 0, 0),
        };
        let mut at = range.start;
        let first = jumps.partition_point(|&(v, _)| v as usize <= at);
        let ends = jumps.iter().skip(first).map(|&(v, _)| v as usize).take_while(|&v| v < range.end);
        for end in ends.chain(std::iter::once(range.end)) {
            let (Some(stretch), Some(from), Some(to)) =
                (text.value.get(at..end), text.map.to_file(at), text.map.to_file(end))
            else {
                return;
            };
            if to.saturating_sub(from) == stretch.len() {
                self.push_str(stretch, from);
            } else {
                // The stretch ends where the value and the file drift apart: its last character
                // stands for more (or fewer) bytes of the file.
                let last = stretch.char_indices().next_back().map_or(0, |(i, _)| i);
                let (plain, decoded) = stretch.split_at(last);
                if !plain.is_empty() {
                    self.push_str(plain, from);
                }
                let there = from + plain.len();
                self.push_decoded(decoded, there, to.saturating_sub(there));
            }
            at = end;
        }
    }

    pub fn push_char(&mut self, c: char, file_offset: usize) {
        let mut buf = [0; 4];
        self.push_str(c.encode_utf8(&mut buf), file_offset);
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    fn place(&mut self, file_offset: usize) {
        match self.start {
            None => {
                self.start = Some(file_offset);
                self.next = file_offset;
            }
            Some(_) if file_offset != self.next => {
                self.next = file_offset;
                self.jump();
            }
            Some(_) => {}
        }
    }

    fn jump(&mut self) {
        let start = self.start.unwrap_or(self.next);
        let point = (self.value.len() as u32, self.next.saturating_sub(start) as u32);
        match self.jumps.last_mut() {
            Some(last) if last.0 == point.0 => *last = point,
            _ => self.jumps.push(point),
        }
    }

    /// The text built; `fallback` is its file offset when nothing was pushed.
    pub fn finish(self, fallback: usize) -> Text {
        let start = self.start.unwrap_or(fallback);
        Text { value: self.value, map: OffsetMap::Escaped { start, jumps: self.jumps } }
    }
}

/// Why a JSON string literal could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    pub offset: usize,
    pub reason: &'static str,
}

/// Decodes the JSON string literal `raw` (quotes included), which stands at `file_offset` in its
/// file. Lone surrogates in `\u` escapes become U+FFFD, as a lenient reader must accept them.
pub fn decode_json_string(raw: &str, file_offset: usize) -> Result<Text, LiteralError> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or(LiteralError { offset: 0, reason: "not a JSON string" })?;
    let start = file_offset + 1;
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        return Ok(Text { value: inner.to_owned(), map: OffsetMap::Escaped { start, jumps: Vec::new() } });
    }
    let bytes = inner.as_bytes();
    let mut value = String::with_capacity(inner.len());
    let mut escapes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(rel) = memchr::memchr(b'\\', bytes.get(i..).unwrap_or_default()) else {
            value.push_str(inner.get(i..).unwrap_or_default());
            break;
        };
        value.push_str(inner.get(i..i + rel).unwrap_or_default());
        i += rel;
        let err = |reason| LiteralError { offset: start + i, reason };
        let kind = *bytes.get(i + 1).ok_or(err("unfinished escape"))?;
        let mut consumed = 2;
        match kind {
            b'"' => value.push('"'),
            b'\\' => value.push('\\'),
            b'/' => value.push('/'),
            b'b' => value.push('\u{8}'),
            b'f' => value.push('\u{c}'),
            b'n' => value.push('\n'),
            b'r' => value.push('\r'),
            b't' => value.push('\t'),
            b'u' => {
                let hi = hex4(bytes, i + 2).ok_or(err("bad \\u escape"))?;
                consumed = 6;
                let ch = if (0xD800..0xDC00).contains(&hi) {
                    match (bytes.get(i + 6), bytes.get(i + 7), hex4(bytes, i + 8)) {
                        (Some(b'\\'), Some(b'u'), Some(lo)) if (0xDC00..0xE000).contains(&lo) => {
                            consumed = 12;
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        }
                        _ => None,
                    }
                } else {
                    char::from_u32(hi)
                };
                value.push(ch.unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            _ => return Err(err("unknown escape")),
        }
        i += consumed;
        escapes.push((value.len() as u32, i as u32));
    }
    Ok(Text { value, map: OffsetMap::Escaped { start, jumps: escapes } })
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// How deep JSON may nest before gclint stops looking into it: serde_json's own limit.
pub const MAX_JSON_DEPTH: usize = 128;

/// Whether the arrays and objects of a JSON text nest deeper than `max` (strings are skipped;
/// the text need not be valid). A linear scan, without recursion.
pub fn nests_deeper_than(text: &str, max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Line starts of a text, built once, for turning byte offsets into lines and columns.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column of `offset`; the column counts characters, not bytes.
    pub fn position(&self, text: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let column = String::from_utf8_lossy(text.get(start..offset).unwrap_or_default()).chars().count() + 1;
        (line + 1, column)
    }
}

/// The first `max` bytes of `s` at most, cut at a character boundary: where a format is told
/// by its first bytes.
pub fn head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// Cuts `s` to at most `max` bytes (at a character boundary), the cut marked with `…`: for a
/// value that may be huge (a URL of hundreds of megabytes), where counting its characters would
/// cost.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", s.get(..end).unwrap_or_default()))
}

/// Shortens `s` to about `max` characters for quoting in a message.
pub fn ellipsize(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    Cow::Owned(cut + "…")
}

/// Whether `c` must not stand as itself in a line that gclint writes or shows: control
/// characters (line ends, terminal escape sequences, NUL), whitespace other than a plain space
/// (Unicode line and paragraph separators end a line in JavaScript; the others pass for a space),
/// and the invisible bidirectional marks, byte-order mark and tag characters that make text read
/// other than it runs or hide text.
/// Captured text goes through [`printable`] or a language's own escaping wherever it is written.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// `s` with every character that [`is_unsafe_char`] names written as an escape (`\n`, `\r`, `\t`, `\u{1b}`),
/// so that it stays one line and cannot steer a terminal: for comments of generated code and for
/// captured text shown in reports.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `1 GiB`, `512 MiB`, `2048 bytes`.
pub fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.84)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn plain_literal_maps_one_to_one() {
        let t = decode_json_string(r#""abc""#, 10).unwrap();
        assert_eq!(t.value, "abc");
        assert_eq!(t.map.to_file(0), Some(11));
        assert_eq!(t.map.to_file(2), Some(13));
    }

    #[test]
    fn escapes_shift_the_mapping() {
        // file:  " { \ " s \ " : 1 }   value: {"s":1}
        let raw = r#""{\"s\":1}""#;
        let t = decode_json_string(raw, 0).unwrap();
        assert_eq!(t.value, r#"{"s":1}"#);
        // value offset 2 is `s`, which stands at file offset 4.
        assert_eq!(&raw[t.map.to_file(2).unwrap()..][..1], "s");
        // value offset 5 is `1`.
        assert_eq!(&raw[t.map.to_file(5).unwrap()..][..1], "1");
    }

    #[test]
    fn unicode_escapes_and_surrogates() {
        let t = decode_json_string(r#""\u00e9\ud83d\ude00x\ud800y""#, 0).unwrap();
        assert_eq!(t.value, "é😀x\u{FFFD}y");
        let x = t.value.find('x').unwrap();
        assert_eq!(t.map.to_file(x), Some(r#""\u00e9\ud83d\ude00"#.len()));
    }

    #[test]
    fn bad_escape_is_an_error() {
        assert!(decode_json_string(r#""\q""#, 0).is_err());
        assert!(decode_json_string(r#""\u12""#, 0).is_err());
        assert!(decode_json_string("abc", 0).is_err());
    }

    #[test]
    fn builder_maps_pieces_back_to_the_file() {
        // file: -d '{"a":'"$X"'}'   value: {"a":$X}
        let file = r#"-d '{"a":'"$X"'}'"#;
        let mut b = TextBuilder::new();
        b.push_str(r#"{"a":"#, 4);
        b.push_str("$X", 11);
        b.push_str("}", 15);
        let t = b.finish(0);
        assert_eq!(t.value, r#"{"a":$X}"#);
        for (v, want) in [(0, '{'), (1, '"'), (5, '$'), (6, 'X'), (7, '}')] {
            assert_eq!(file[t.map.to_file(v).unwrap()..].chars().next(), Some(want), "value offset {v}");
        }
        // A decoded escape: `\n` (two bytes) becomes one newline.
        let mut b = TextBuilder::new();
        b.push_str("a", 0);
        b.push_decoded("\n", 1, 2);
        b.push_str("b", 3);
        let t = b.finish(0);
        assert_eq!(t.map.to_file(2), Some(3));
    }

    #[test]
    fn a_piece_decoded_longer_than_its_bytes_maps_inside_them() {
        // file: {"a": $x}   value: {"a": "$x"} (a reference written as a quoted string)
        let file = r#"{"a": $x}"#;
        let mut b = TextBuilder::new();
        b.push_str(r#"{"a": "#, 0);
        b.push_decoded(r#""$x""#, 6, 2);
        b.push_str("}", 8);
        let t = b.finish(0);
        assert_eq!(t.value, r#"{"a": "$x"}"#);
        for v in 6..10 {
            let at = t.map.to_file(v).unwrap();
            assert!((6..=8).contains(&at), "value offset {v} maps to {at}, outside `$x`");
        }
        assert_eq!(&file[t.map.to_file(10).unwrap()..], "}");
        // At the end of the file too: nothing maps past it.
        let mut b = TextBuilder::new();
        b.push_str("[", 0);
        b.push_decoded(r#""$x""#, 1, 2);
        let t = b.finish(0);
        assert!((0..t.value.len()).all(|v| t.map.to_file(v).unwrap() <= 3));
    }

    #[test]
    fn pieces_of_a_decoded_value_keep_their_places_when_copied() {
        // file: "a\"b\u00e9c"   value: a"béc
        let file = r#""a\"b\u00e9c""#;
        let t = decode_json_string(file, 0).unwrap();
        assert_eq!(t.value, "a\"béc");
        let mut b = TextBuilder::new();
        b.push_str("<", 0);
        b.push_from(&t, 1..t.value.len());
        let copy = b.finish(0);
        assert_eq!(copy.value, "<\"béc");
        // `"` stands for `\"`, `é` for `\u00e9`, and `c` after them.
        for (v, want) in [(1, "\\\""), (2, "b"), (3, "\\u00e9"), (5, "c")] {
            assert!(file[copy.map.to_file(v).unwrap()..].starts_with(want), "value offset {v}");
        }
        assert_eq!(copy.map.to_file(copy.value.len()), Some(file.len() - 1));
        // Off a character boundary: nothing.
        let mut b = TextBuilder::new();
        b.push_from(&t, 3..4);
        assert!(b.is_empty());
    }

    #[test]
    fn printable_text_is_one_harmless_line() {
        assert_eq!(printable("plain text, with a \\ and \"quotes\""), "plain text, with a \\ and \"quotes\"");
        assert_eq!(
            printable("a\nb\r\tc\u{1b}[2J\u{0}\u{9b}\u{2028}\u{202e}\u{a0}d"),
            "a\\nb\\r\\tc\\u{1b}[2J\\u{0}\\u{9b}\\u{2028}\\u{202e}\\u{a0}d"
        );
        assert!(matches!(printable("é 😀"), Cow::Borrowed(_)));
    }

    #[test]
    fn nesting_depth() {
        assert!(!nests_deeper_than(r#"{"a": [[1]], "b": "[[[[["}"#, 3));
        assert!(nests_deeper_than(r#"{"a": [[[1]]]}"#, 3));
        assert!(!nests_deeper_than(r#""\"[[[[""#, 1));
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\nçd\n".as_bytes();
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        assert_eq!(idx.position(text, 5), (2, 2)); // after the two-byte ç
        assert_eq!(idx.position(text, 99), (3, 1));
    }
}
