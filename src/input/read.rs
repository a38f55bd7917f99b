//! Opening one input — a file on disk or any reader (stdin, an editor's buffer) — for the check
//! stage, which sees only what [`Opened`] says: the first bytes tell its compression (expanded
//! within `--max-decompressed-size`), then, past any leading whitespace, whether it is a HAR
//! capture (read as a stream of windows of entries; a large HAR file is mapped into memory
//! rather than read) or anything else (read whole, up to `--max-file-size`, and told apart by
//! [`classify`]). What is not text is refused on its first bytes, without reading the rest.

use std::io::Read;

use super::capture::InputError;
use super::classify::{Input, binary, classify};
use super::decompress::{self, Codec};
use super::format::Format;
use super::har::{Mapped, Splitter};
use super::options::{HEAD, ReadOptions};
use crate::files::read_head;
use crate::source::{Origin, Source};

/// A file is mapped into memory rather than read when it is a HAR at least this large.
const MAP_FROM: u64 = 4 << 20;

/// Opens a file on disk and hands it to `check`, opened (see [`Opened`]). Its first bytes are
/// read first: most files are small, and they cost no more system calls than [`reader`] makes
/// (the size of a file is asked for only when it is longer than its first bytes); a large HAR
/// file is then mapped into memory rather than read (see [`Mapped`]). `Err`: reading the file
/// itself failed (an I/O error), after `check` saw what was read; what is wrong with the
/// contents is for `check` to report.
pub fn file(
    name: &str,
    mut file: std::fs::File,
    explicit: bool,
    opts: &ReadOptions,
    progress: Option<&indicatif::ProgressBar>,
    check: impl FnOnce(Opened),
) -> Result<(), String> {
    let head = read_head(&mut file, HEAD);
    // A head shorter than asked for is the whole file: too small to map.
    let full = head.as_ref().is_ok_and(|h| h.len() == HEAD);
    if full && head.as_ref().is_ok_and(|h| streams_har(opts, h)) {
        file = match Mapped::open(file, MAP_FROM) {
            Ok(mapped) => {
                check(Opened::Mapped(Splitter::mapped(mapped.progress(progress.cloned()))));
                return Ok(());
            }
            Err(file) => file,
        };
    }
    let size = if full { file.metadata().ok().map(|m| m.len()) } else { None };
    after_head(name, Some(head), size, file, explicit, opts, progress, check)
}

/// Opens any reader (stdin, a buffer) and hands it to `check`, as [`file`] does.
pub fn reader(
    name: &str,
    reader: impl Read + Send,
    explicit: bool,
    opts: &ReadOptions,
    progress: Option<&indicatif::ProgressBar>,
    check: impl FnOnce(Opened),
) -> Result<(), String> {
    after_head(name, None, None, reader, explicit, opts, progress, check)
}

/// [`reader`] for a reader whose first bytes may have been read already (`head`: what that read
/// gave), and whose size may be known.
#[allow(clippy::too_many_arguments)]
fn after_head(
    name: &str,
    head: Option<std::io::Result<Vec<u8>>>,
    size: Option<u64>,
    reader: impl Read + Send,
    explicit: bool,
    opts: &ReadOptions,
    progress: Option<&indicatif::ProgressBar>,
    check: impl FnOnce(Opened),
) -> Result<(), String> {
    let mut reader = Counted { inner: reader, progress, failed: None };
    let head = match head {
        Some(read) => reader.note(read, Vec::len),
        None => read_head(&mut reader, HEAD),
    };
    if let Ok(head) = head {
        check(open(name, head, size, &mut reader, explicit, opts));
    }
    match reader.failed {
        Some(e) => Err(format!("cannot read {name}: {e}")),
        None => Ok(()),
    }
}

/// What an input turned out to be, opened.
pub enum Opened<'r> {
    /// A HAR capture, to be read as a stream, with the compression it had.
    Har(Splitter<Box<dyn Read + Send + 'r>>, Option<Codec>),
    /// A large HAR file, mapped into memory.
    Mapped(Splitter<std::io::Empty>),
    /// Any other input, read whole, as [`classify`] told it apart.
    Whole(Source, Input),
    /// Refused on its first bytes (not text), or skipped (found in a walk): what it is.
    Refused(Source, Input),
    /// Could not be read: why (`None` when reading the input itself failed, which the owner of
    /// the reader reports; see [`Counted`]).
    Unread(Option<InputError>),
}

/// Opens an input whose first bytes (`head`) were read from `raw` already; `size` is its size on
/// disk, when known.
fn open<'r, R: Read + Send + 'r>(
    name: &str,
    head: Vec<u8>,
    size: Option<u64>,
    raw: R,
    explicit: bool,
    opts: &ReadOptions,
) -> Opened<'r> {
    // The first bytes tell the compression, then (expanded) the format. A small file was read
    // whole with them, in one read and one more that found its end.
    let codec = decompress::codec(&head);
    let unreadable = |codec: Codec, error: String| Opened::Unread(Some(unreadable_compressed(codec, error)));
    let (mut head, mut reader): (Vec<u8>, Box<dyn Read + Send + 'r>) = match codec {
        None => (head, Box::new(raw)),
        Some(codec) => {
            let mut expanded =
                match decompress::reader(std::io::Cursor::new(head).chain(raw), codec, opts.max_decompressed) {
                    Ok(r) => r,
                    Err(e) => return unreadable(codec, e),
                };
            match read_head(&mut expanded, HEAD) {
                Ok(head) => (head, expanded),
                Err(e) => return unreadable(codec, decompress::explain(&e, codec)),
            }
        }
    };
    let failed = |e: std::io::Error| match codec {
        // The decompressor's complaint (a raw read failure is the caller's to report).
        Some(codec) => unreadable(codec, decompress::explain(&e, codec)),
        None => Opened::Unread(None),
    };
    // A head shorter than asked for was the whole input.
    let mut full = head.len() == HEAD;
    // Where `head` starts in the input, after the whitespace read past.
    let (mut origin, mut bom) = (Origin::default(), false);
    if full && is_blank(&head) {
        match past_blank(head, &mut reader, opts.max_decompressed, &mut |_| Ok(())) {
            Ok((rest, at, starts_with_bom)) => (head, origin, bom) = (rest, at, starts_with_bom),
            Err(e) => return failed(e),
        }
        // Whitespace is not kept, but reading it takes time: an endless stream of it (a pipe)
        // would never end. It is bounded as what a compressed input expands to is.
        if opts.max_decompressed > 0 && origin.offset as u64 > opts.max_decompressed {
            return Opened::Unread(Some(InputError {
                offset: Some(0),
                line_col: Some((1, 1)),
                message: format!(
                    "the file starts with more than {} of whitespace: not checked",
                    crate::text::human_size(opts.max_decompressed)
                ),
                help: Some("gclint reads past leading whitespace up to --max-decompressed-size".into()),
            }));
        }
        full = head.len() == HEAD;
    }
    if streams_har(opts, &head) {
        let reader: Box<dyn Read + Send + 'r> = Box::new(std::io::Cursor::new(head).chain(reader));
        return Opened::Har(Splitter::starting_at(reader, origin), codec);
    }
    if full {
        // Long enough to be worth refusing early: what is not text is not read on.
        if let Some(input) = binary(name, &head, origin.offset, explicit, opts) {
            return Opened::Refused(Source::window(name.to_owned(), head.into(), origin), input);
        }
    }
    let limit = opts.max_file;
    let known = if codec.is_none() { size } else { None };
    let too_large = || {
        let what = if codec.is_some() { "expands to more than" } else { "is larger than" };
        Opened::Unread(Some(InputError {
            offset: Some(0),
            line_col: Some((1, 1)),
            message: format!("the file {what} {} (--max-file-size): not checked", crate::text::human_size(limit)),
            help: Some(
                "gclint reads a HAR capture as a stream and any other input whole, up to --max-file-size (0: no limit)"
                    .into(),
            ),
        }))
    };
    // (Whitespace to the end of the input is an empty document: nothing of it was kept.)
    let at_least = known.unwrap_or(0).max((origin.offset + head.len()) as u64);
    if limit > 0 && at_least > limit && !head.is_empty() {
        return too_large();
    }
    let mut bytes = if origin.offset > 0 && !head.is_empty() { blank_prefix(origin, bom) } else { Vec::new() };
    bytes.extend_from_slice(&head);
    drop(head);
    if full {
        // Room for the whole input at once, and the byte that tells it is over the limit: the
        // size when known, else the limit (only what is read of it is ever touched). Grown by
        // doubling instead, a read near the limit would hold twice the limit.
        let room = known.unwrap_or(limit).saturating_add(1);
        if known.is_some() || limit > 0 {
            bytes.reserve(usize::try_from(room).unwrap_or(usize::MAX).saturating_sub(bytes.len()));
        }
        let read = if limit == 0 {
            reader.read_to_end(&mut bytes)
        } else {
            (&mut reader).take((limit + 1).saturating_sub(bytes.len() as u64)).read_to_end(&mut bytes)
        };
        if let Err(e) = read {
            return failed(e);
        }
        if limit > 0 && bytes.len() as u64 > limit {
            return too_large();
        }
    }
    drop(reader);
    let src = Source::new(name, bytes, explicit);
    let input = classify(&src, opts);
    Opened::Whole(src, input)
}

/// Why a compressed input cannot be read: the decompressor's complaint (`error`).
pub fn unreadable_compressed(codec: Codec, error: String) -> InputError {
    InputError {
        offset: Some(0),
        line_col: Some((1, 1)),
        message: error,
        help: Some(format!("gclint expands {} inputs up to --max-decompressed-size", codec.name())),
    }
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A reader that shows its progress and remembers its own failure (to tell it from a
/// decompressor's complaint about the data).
struct Counted<'p, R> {
    inner: R,
    progress: Option<&'p indicatif::ProgressBar>,
    failed: Option<std::io::Error>,
}

impl<R> Counted<'_, R> {
    /// What a read of `len(&value)` bytes from the inner reader gave: counted, or its failure
    /// remembered.
    fn note<T>(&mut self, read: std::io::Result<T>, len: impl Fn(&T) -> usize) -> std::io::Result<T> {
        match read {
            Ok(value) => {
                if let Some(bar) = self.progress {
                    bar.inc(len(&value) as u64);
                }
                Ok(value)
            }
            Err(e) => {
                let kind = e.kind();
                let message = e.to_string();
                self.failed = Some(e);
                Err(std::io::Error::new(kind, message))
            }
        }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf);
        self.note(read, |&n| n)
    }
}

/// Whether an input whose first bytes are `head` is read as a HAR stream.
pub fn streams_har(opts: &ReadOptions, head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    matches!(opts.format, Format::Auto | Format::Har) && super::har::starts_like_har(head.trim_ascii_start())
}

/// Whether the first bytes of an input are whitespace only (after a byte order mark).
pub(crate) fn is_blank(head: &[u8]) -> bool {
    head.strip_prefix(BOM).unwrap_or(head).iter().all(u8::is_ascii_whitespace)
}

/// Reads on over the whitespace that `head` (the first bytes of an input, all whitespace after a
/// byte order mark) starts: the first bytes after it (up to [`HEAD`]; fewer only at the end of
/// the input, none when the input is all whitespace), where they stand in the input, and whether
/// it starts with a byte order mark. Of the whitespace only its counts are kept: a gigabyte of
/// it costs no memory; `sink` is handed each stretch of it as it is read (the byte order mark
/// included), for a copy (`redact`). It stops once more than `limit` bytes of whitespace are read
/// (0: no limit), with nothing after them.
pub(crate) fn past_blank(
    head: Vec<u8>,
    reader: &mut impl Read,
    limit: u64,
    sink: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<(Vec<u8>, Origin, bool)> {
    let bom = head.starts_with(BOM);
    let mut origin = Origin::default();
    let mut chunk = head;
    let mut from = 0;
    if bom {
        // The byte order mark is one character of the first line.
        (origin.offset, origin.column, from) = (BOM.len(), 2, BOM.len());
    }
    loop {
        let rest = chunk.get(from..).unwrap_or_default();
        let blank = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        let (spaces, after) = rest.split_at(blank);
        sink(chunk.get(..from + blank).unwrap_or_default())?;
        let newlines = bytecount::count(spaces, b'\n');
        if newlines > 0 {
            origin.line += newlines;
            origin.column = 1 + spaces.len() - memchr::memrchr(b'\n', spaces).map_or(0, |i| i + 1);
        } else {
            origin.column += spaces.len();
        }
        origin.offset += spaces.len();
        if !after.is_empty() {
            let mut found = after.to_vec();
            if chunk.len() == HEAD {
                found.extend(read_head(reader, HEAD - found.len())?);
            }
            return Ok((found, origin, bom));
        }
        if chunk.len() < HEAD || (limit > 0 && origin.offset as u64 > limit) {
            return Ok((Vec::new(), origin, bom));
        }
        chunk = read_head(reader, HEAD)?;
        from = 0;
    }
}

/// Whitespace that stands for what [`past_blank`] read past: as many bytes, lines and columns
/// (the byte order mark kept), so that offsets and positions in the rest are the input's.
fn blank_prefix(origin: Origin, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(origin.offset);
    if bom {
        bytes.extend_from_slice(BOM);
    }
    let newlines = origin.line - 1;
    let tail = if newlines == 0 { 0 } else { origin.column - 1 };
    let lead = origin.offset.saturating_sub(bytes.len() + newlines + tail);
    bytes.resize(bytes.len() + lead, b' ');
    bytes.resize(bytes.len() + newlines, b'\n');
    bytes.resize(bytes.len() + tail, b' ');
    bytes
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Whitespace read past is counted as the file's offset, line and column, and what stands
    /// for it has the same counts.
    #[test]
    fn whitespace_read_past_keeps_its_place() {
        for (blank, bom) in
            [(" ".repeat(HEAD + 5), false), (" \t\r\n".repeat(HEAD), true), ("\n".repeat(3 * HEAD), false)]
        {
            let mut text = if bom { BOM.to_vec() } else { Vec::new() };
            text.extend_from_slice(blank.as_bytes());
            text.extend_from_slice(b"{\"x\": 1}");
            let whole = Source::new("t", text.clone(), true);
            let mut reader = &text[..];
            let head = read_head(&mut reader, HEAD).unwrap();
            assert!(is_blank(&head));
            let (rest, origin, starts_with_bom) = past_blank(head, &mut reader, 0, &mut |_| Ok(())).unwrap();
            assert_eq!((rest.as_slice(), starts_with_bom), (&b"{\"x\": 1}"[..], bom));
            assert_eq!(origin.offset, text.len() - rest.len());
            assert_eq!((origin.line, origin.column), whole.position(origin.offset));
            let prefix = blank_prefix(origin, bom);
            assert_eq!(prefix.len(), origin.offset);
            let mut stand_in = prefix;
            stand_in.extend_from_slice(&rest);
            assert_eq!(Source::new("t", stand_in, true).position(origin.offset), (origin.line, origin.column));
        }
        // All whitespace: nothing after it.
        let blank = vec![b' '; 3 * HEAD];
        let mut reader = &blank[..];
        let head = read_head(&mut reader, HEAD).unwrap();
        let (rest, origin, _) = past_blank(head, &mut reader, 0, &mut |_| Ok(())).unwrap();
        assert!(rest.is_empty());
        assert_eq!(origin.offset, blank.len());
    }
}
