//! Text that came out of a file, and the way back to the file.
//!
//! A request body inside a HAR is a JSON string literal: the linter works on the decoded text, but
//! machine output must point at the bytes of the HAR file. [`Text`] carries the decoded value with
//! an [`OffsetMap`] that turns an offset in the value into an offset in the file, through the
//! escapes of the literal. [`LineIndex`] turns file offsets into 1-based lines and columns.

use std::borrow::Cow;

/// How offsets inside a decoded value map back to offsets in the file it was read from.
#[derive(Debug, Clone, Default)]
pub enum OffsetMap {
    /// The value stands in the file as is, starting at `start`.
    Verbatim { start: usize },
    /// The value was decoded from a JSON string literal whose first character (after the opening
    /// quote) is at `start`. `escapes` lists `(value_offset, file_offset)` pairs at every point
    /// where an escape sequence ended, so the two coordinates drift apart.
    JsonString { start: usize, escapes: Vec<(u32, u32)> },
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
            OffsetMap::JsonString { start, escapes } => {
                let i = escapes.partition_point(|&(v, _)| v as usize <= offset);
                Some(match i {
                    0 => start + offset,
                    _ => {
                        let (v, f) = escapes[i - 1];
                        start + f as usize + (offset - v as usize)
                    }
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
        return Ok(Text { value: inner.to_owned(), map: OffsetMap::JsonString { start, escapes: Vec::new() } });
    }
    let bytes = inner.as_bytes();
    let mut value = String::with_capacity(inner.len());
    let mut escapes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(rel) = memchr::memchr(b'\\', &bytes[i..]) else {
            value.push_str(&inner[i..]);
            break;
        };
        value.push_str(&inner[i..i + rel]);
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
    Ok(Text { value, map: OffsetMap::JsonString { start, escapes } })
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(s, 16).ok()
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
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = String::from_utf8_lossy(&text[start..offset]).chars().count() + 1;
        (line + 1, column)
    }
}

/// Shortens `s` to about `max` characters for quoting in a message.
pub fn ellipsize(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    Cow::Owned(cut + "…")
}

#[cfg(test)]
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
    fn line_index_counts_characters() {
        let text = "ab\nçd\n".as_bytes();
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        assert_eq!(idx.position(text, 5), (2, 2)); // after the two-byte ç
        assert_eq!(idx.position(text, 99), (3, 1));
    }
}
