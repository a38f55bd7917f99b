//! HAR 1.1/1.2 captures from any producer, a bare HAR request object, or an array of them.
//!
//! A HAR is read as a stream: [`Splitter`] walks the outer structure of the file (the top-level
//! object and `log`) over any reader, or over a large file mapped into memory ([`Mapped`]), and
//! hands out the elements of `log.entries` in [`Window`]s of whole entries, with the file
//! offset, line and column each window starts at.
//! Entries are then parsed one by one ([`read_entry`], any thread) with borrowed `RawValue`s, so
//! every string keeps its place in the file and a finding in a body maps back to the exact HAR
//! line and column. Memory stays flat in the size of the file: only a window of entries (and
//! the largest single entry) is held at a time. Only requests gclint lints are decoded; other
//! traffic is skipped after its URL and credentials are read.

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::capture::{Capture, InputError, Read1};
use super::json::{HarResponse, JsonFile, Record, error_offset, error_reason};
use crate::source::{Bytes, Origin, Source};

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    log: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
}

/// An entry of `log.entries`, read in one pass (the request and the response with it: the
/// response is most of the bytes).
#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    request: Option<Record<'a>>,
    #[serde(borrow)]
    response: Option<HarResponse<'a>>,
    #[serde(borrow)]
    comment: Option<&'a RawValue>,
    #[serde(borrow, rename = "startedDateTime")]
    started: Option<&'a RawValue>,
    /// The frames of a websocket (Chrome, Edge): notifications, on a Genesys Cloud streaming
    /// channel. Borrowed unread: only a streaming channel's are looked into.
    #[serde(borrow, rename = "_webSocketMessages")]
    frames: Option<&'a RawValue>,
}

/// An entry that is not an [`Entry`] is read again as this: when it is one, only its request was
/// not a request record, and the request is left out rather than reported (the response is read
/// only to be checked).
#[derive(Deserialize)]
struct OddEntry<'a> {
    #[serde(borrow, rename = "response")]
    _response: Option<HarResponse<'a>>,
}

/// What a JSON document turned out to be.
pub enum Shape {
    /// A HAR capture (an object with `log`): read it with [`Splitter`].
    Har,
    /// A bare HAR request object, or an array of them.
    Requests(Capture),
    /// Valid JSON that is not a capture: a payload.
    NotCapture,
}

/// Tells what an in-memory JSON document is: `text` is the whole file without its BOM; `base`
/// is the BOM length. Captures themselves are read by [`Splitter`].
pub fn read(text: &str, base: usize) -> Result<Shape, InputError> {
    let file = JsonFile { text, base };
    match text.trim_start().as_bytes().first() {
        Some(b'{') => {
            let top: Top = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
            if top.log.is_some() {
                Ok(Shape::Har)
            } else if top.method.is_some() && top.url.is_some() {
                let whole: &RawValue = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
                Ok(Shape::Requests(file.requests(std::iter::once(whole))))
            } else {
                Ok(Shape::NotCapture)
            }
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
            let all_requests = !items.is_empty()
                && items
                    .iter()
                    .all(|i| serde_json::from_str::<Top>(i.get()).is_ok_and(|t| t.method.is_some() && t.url.is_some()));
            if all_requests { Ok(Shape::Requests(file.requests(items.into_iter()))) } else { Ok(Shape::NotCapture) }
        }
        _ => {
            // Not an object or array: still report a JSON syntax error precisely.
            serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| file.json_error(&e))?;
            Ok(Shape::NotCapture)
        }
    }
}

/// Whether a text (a file's first bytes, BOM and leading whitespace removed) opens a HAR: an
/// object whose first member is `log`.
pub fn starts_like_har(text: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"{") else { return false };
    rest.trim_ascii_start().starts_with(b"\"log\"")
}

/// The longest URL of a recorded request that is read, in bytes: servers refuse URLs a
/// hundredth of this long.
pub const MAX_URL: usize = 1 << 20;

/// Reads the entry at `range` of a window (`src` holds the window's bytes); `index` is its
/// place in `log.entries`.
pub fn read_entry(src: &Source, range: Range<usize>, index: usize) -> Read1 {
    let base = src.origin.offset + range.start;
    let Some(bytes) = src.bytes.get(range) else { return Read1::default() };
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let problem = InputError::at(base + e.valid_up_to(), "entries of `log.entries` that are not UTF-8 text");
            return Read1 { problem: Some(problem), ..Read1::default() };
        }
    };
    let file = JsonFile { text, base };
    match serde_json::from_str::<Entry>(text) {
        Ok(entry) => {
            let heard = entry.frames.filter(|_| file.is_streaming(entry.request.as_ref())).map(|frames| {
                let (heard, lost) = super::notifications::read(src, &file, frames, index);
                let problem = lost.map(|at| {
                    InputError::at(at, "notification frames that could not be read (not JSON, too large or untimed)")
                        .with_help(
                            "the participants the other notifications list are not taken as the whole conversation",
                        )
                });
                (heard, problem)
            });
            let mut read = file.record(entry.request, entry.response.as_ref(), entry.comment, index);
            if let Some(ex) = read.exchange.as_mut() {
                ex.started = file.string(entry.started).and_then(|t| super::notifications::epoch_seconds(&t.value));
                ex.format = super::format::Format::Har;
            }
            if let Some((heard, problem)) = heard {
                read.heard = heard;
                read.problem = read.problem.or(problem);
            }
            read
        }
        Err(e) if e.is_data() && serde_json::from_str::<OddEntry>(text).is_ok() => Read1::default(),
        Err(e) if e.is_data() => Read1 {
            problem: Some(InputError::at(
                base,
                "entries of `log.entries` that are not objects with `request` and `response`",
            )),
            ..Read1::default()
        },
        Err(e) => Read1 {
            problem: Some(InputError::at(
                base + error_offset(text, &e),
                "entries of `log.entries` that are not valid JSON",
            )),
            ..Read1::default()
        },
    }
}

impl<'a> JsonFile<'a> {
    /// Reads one request record (with the HAR response and comment next to it, if any).
    fn record(
        &self,
        record: Option<Record<'a>>,
        response: Option<&HarResponse<'a>>,
        comment: Option<&'a RawValue>,
        index: usize,
    ) -> Read1 {
        let mut read = Read1::default();
        let Some(record) = record else { return read };
        // A URL longer than any server takes is not decoded (each copy of it would cost its
        // size again): the request is counted, its credentials too, and reported unchecked.
        if let Some(raw) = record.url.filter(|u| u.get().len() > MAX_URL) {
            self.scan_unlinted(&record, response, &mut read.secrets);
            let size = crate::text::human_size(MAX_URL as u64);
            read.problem = Some(InputError::at(
                self.offset(raw),
                format!("requests whose URL is longer than {size} were not checked"),
            ));
            return read;
        }
        // Other traffic is counted (and its credentials too) without decoding its request.
        let target = self.string(record.url).and_then(|u| super::capture::target(&u.value));
        let Some((host, path)) = target else {
            self.scan_unlinted(&record, response, &mut read.secrets);
            return read;
        };
        if let Some(mut draft) = self.draft(&record, response, &mut read.secrets) {
            if let Some(c) = self.string(comment) {
                draft.comment = Some(c);
            }
            read.exchange = Some(draft.into_exchange(index, host, path));
        }
        read
    }

    /// Whether a request opens a Genesys Cloud notification websocket
    /// (`wss://streaming.<env>/channels/<id>`; recorders also write `https://`).
    fn is_streaming(&self, record: Option<&Record<'a>>) -> bool {
        let Some(url) = self.string(record.and_then(|r| r.url)) else { return false };
        let Some((Some(host), path)) = super::capture::split_url(&url.value) else { return false };
        url.value.get(path).is_some_and(|p| p.starts_with("/channels/"))
            && crate::catalog::hosts::is_streaming_host(&host)
    }

    /// The requests of bare HAR request objects, in order.
    fn requests(&self, items: impl Iterator<Item = &'a RawValue>) -> Capture {
        let mut capture = Capture::default();
        for item in items {
            let record = serde_json::from_str::<Record>(item.get()).ok();
            let read = self.record(record, None, None, capture.requests);
            capture.take(read);
        }
        capture
    }
}

/// Whole entries of `log.entries`, read from the file in one piece.
pub struct Window {
    /// The bytes of the file from `origin` to the last entry's end (what comes before the first
    /// entry is the end of the window before, or the HAR's opening).
    pub bytes: Bytes,
    /// Where `bytes` start in the file.
    pub origin: Origin,
    /// Each entry's byte range in `bytes`.
    pub entries: Vec<Range<usize>>,
    /// The index in `log.entries` of the first entry.
    pub first_index: usize,
}

/// A reader of `bytes` that hands out at most `step` bytes a read (for tests and fuzzing: the
/// splitter must find the same entries whatever the reads).
pub struct Trickle<'a> {
    pub bytes: &'a [u8],
    pub step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.bytes.len().min(self.step).min(out.len());
        let (head, rest) = self.bytes.split_at(n);
        if let Some(out) = out.get_mut(..n) {
            out.copy_from_slice(head);
        }
        self.bytes = rest;
        Ok(n)
    }
}

/// How much the splitter reads at a time. A window usually ends where a read does: half a MiB
/// kept the two checking threads busier on the bench HAR than 256 KiB, 1 MiB or 4 MiB.
const CHUNK: usize = 512 << 10;
/// A window is handed out when it holds this many entries or bytes.
const WINDOW_ENTRIES: usize = 512;
const WINDOW_BYTES: usize = 4 << 20;

/// A mapped file is mapped this much at a time (more for an entry that does not fit): the
/// pages of a segment stay in memory until the last window in it is done with.
const SEGMENT: usize = 16 << 20;

/// Where a splitter's bytes come from.
enum Feed<R> {
    /// A reader, read a chunk at a time into `buf`; `spare` holds the buffers of windows done
    /// with, to hold the next ones.
    Read {
        reader: R,
        buf: Vec<u8>,
        spare: Vec<Vec<u8>>,
    },
    Mapped(Mapped),
}

impl<R: Read> Feed<R> {
    /// The bytes read (or mapped) and not yet dropped or handed out: the file from the
    /// splitter's `base` on.
    fn bytes(&self) -> &[u8] {
        match self {
            Feed::Read { buf, .. } => buf,
            Feed::Mapped(m) => m.map.get(m.start - m.map_at..m.end - m.map_at).unwrap_or_default(),
        }
    }

    /// Drops the first `keep` bytes and reads a chunk more; `Ok(0)` at the end of the input.
    fn refill(&mut self, keep: usize) -> std::io::Result<usize> {
        match self {
            Feed::Read { reader, buf, .. } => {
                buf.drain(..keep);
                // Read into the buffer's spare room (not zeroed first); a whole chunk unless the
                // input ends before.
                buf.reserve(CHUNK);
                reader.take(CHUNK as u64).read_to_end(buf)
            }
            Feed::Mapped(m) => {
                m.start += keep;
                m.more()
            }
        }
    }

    /// Hands out the first `end` bytes.
    fn split_off(&mut self, end: usize) -> Bytes {
        match self {
            // The window takes the buffer (no copy); what follows moves to a fresh one, with room
            // for a whole read (a buffer that had to grow would be copied).
            Feed::Read { buf, spare, .. } => {
                let mut rest = spare.pop().unwrap_or_else(|| Vec::with_capacity(2 * CHUNK));
                rest.extend_from_slice(buf.get(end..).unwrap_or_default());
                let mut bytes = std::mem::replace(buf, rest);
                bytes.truncate(end);
                Bytes::Owned(bytes)
            }
            Feed::Mapped(m) => {
                let range = m.start - m.map_at..m.start + end - m.map_at;
                m.start += end;
                Bytes::Mapped { map: Arc::clone(&m.map), range }
            }
        }
    }
}

/// A large HAR file mapped into memory, so that its bytes are not copied: windows are stretches
/// of the mapping. The file is mapped a segment at a time and a segment is unmapped when the
/// last window in it is done with, so memory stays flat. Its bytes are made visible to the
/// splitter a chunk at a time, as reads would, so windows are the same size either way.
///
/// A file cut shorter by another program while it is mapped ends the process (SIGBUS) when
/// gclint reaches the missing part; only plain files are mapped (see [`Mapped::open`]).
pub struct Mapped {
    file: std::fs::File,
    /// The file's length when it was opened.
    len: usize,
    /// The current segment, and the file offset it starts at.
    map: Arc<memmap2::Mmap>,
    map_at: usize,
    /// File offsets: the first byte not yet dropped or handed out, and the end of the bytes
    /// made visible.
    start: usize,
    end: usize,
    chunk: usize,
    segment: usize,
    progress: Option<indicatif::ProgressBar>,
}

impl Mapped {
    /// Maps a plain file of at least `min_len` bytes; the file back when it is something else
    /// or cannot be mapped.
    pub fn open(file: std::fs::File, min_len: u64) -> Result<Mapped, std::fs::File> {
        Mapped::open_sized(file, min_len, CHUNK, SEGMENT)
    }

    /// [`Mapped::open`], making `chunk` bytes visible at a time and mapping `segment` bytes at a
    /// time (tests try small ones).
    fn open_sized(file: std::fs::File, min_len: u64, chunk: usize, segment: usize) -> Result<Mapped, std::fs::File> {
        let len = match file.metadata() {
            Ok(meta) if meta.is_file() && meta.len() >= min_len.max(1) => meta.len(),
            _ => return Err(file),
        };
        let Ok(len) = usize::try_from(len) else { return Err(file) };
        let (chunk, segment) = (chunk.max(1), segment.max(1));
        match map(&file, 0, segment.min(len)) {
            Ok(map) => Ok(Mapped { file, len, map, map_at: 0, start: 0, end: 0, chunk, segment, progress: None }),
            Err(_) => Err(file),
        }
    }

    /// Moves `bar` on as bytes are made visible.
    pub fn progress(mut self, bar: Option<indicatif::ProgressBar>) -> Self {
        self.progress = bar;
        self
    }

    /// Makes a chunk more visible, mapping the next segment when the current one ends first.
    fn more(&mut self) -> std::io::Result<usize> {
        let add = self.chunk.min(self.len - self.end);
        let end = self.end + add;
        if end > self.map_at + self.map.len() {
            // The new segment starts at the first byte still needed; an entry longer than a
            // segment gets one twice its length so far.
            let need = end - self.start;
            let len = self.segment.max(2 * need).min(self.len - self.start);
            self.map = map(&self.file, self.start, len)?;
            self.map_at = self.start;
        }
        self.end = end;
        if let Some(bar) = &self.progress {
            bar.inc(add as u64);
        }
        Ok(add)
    }
}

/// Maps `len` bytes of `file` from `offset`, read-only.
fn map(file: &std::fs::File, offset: usize, len: usize) -> std::io::Result<Arc<memmap2::Mmap>> {
    // SAFETY: the mapping is only read. Another program changing the file while it is mapped
    // changes what gclint reads, and cutting it shorter raises SIGBUS (see `Mapped`); gclint
    // maps only plain files, and a writer racing the linter gets a torn read either way.
    let map = unsafe { memmap2::MmapOptions::new().offset(offset as u64).len(len).map(file)? };
    // The file is read front to back, once (a hint only Unix kernels take).
    #[cfg(unix)]
    let _ = map.advise(memmap2::Advice::Sequential);
    Ok(Arc::new(map))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Log,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Member {
    Log,
    Entries,
    Other,
}

/// Where the splitter is in the outer structure of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    /// A key (or the end of the object; `first`: no member yet).
    Key {
        level: Level,
        first: bool,
    },
    Colon {
        level: Level,
        member: Member,
    },
    Value {
        level: Level,
        member: Member,
    },
    /// After a member: `,` or the end of the object.
    After(Level),
    /// An element of `log.entries` (or its end; `first`: no element yet).
    Element {
        first: bool,
    },
    AfterElement,
    /// After the top-level object: only whitespace may follow.
    End,
}

/// How far the end of one JSON value has been looked for.
#[derive(Debug, Clone, Copy)]
struct Scan {
    /// Where the value starts in the buffer.
    start: usize,
    /// The next byte to look at.
    at: usize,
    depth: u32,
    in_string: bool,
}

/// Reads a HAR capture from a stream and hands out the entries of `log.entries` in windows.
pub struct Splitter<R> {
    /// The file's bytes from `base` on (`feed.bytes()`: "the buffer" below).
    feed: Feed<R>,
    base: usize,
    /// The next byte of the outer structure to read, in the buffer.
    pos: usize,
    eof: bool,
    state: State,
    /// The value being skipped or split off, when it did not end within the buffer yet.
    scan: Option<Scan>,
    /// Entries found and not handed out yet (ranges in the buffer).
    pending: Vec<Range<usize>>,
    /// The index of the next entry found.
    next_index: usize,
    /// Lines and columns, counted up to some offset of the buffer.
    tracker: Tracker,
    seen_log: bool,
    seen_entries: bool,
    /// Non-fatal problems met in the outer structure.
    pub problems: Vec<InputError>,
    /// The reader's own failure, when reading stopped on one.
    pub io_error: Option<std::io::Error>,
    /// A fatal error met while entries were still to be handed out: returned after them.
    failed: Option<InputError>,
}

/// The outcome of one step over the buffered bytes.
enum Step {
    /// The structure moved on.
    Moved,
    /// The step needs bytes that were not read yet.
    NeedMore,
    /// The top-level value ended.
    Done,
}

impl Splitter<std::io::Empty> {
    /// Splits a file mapped into memory.
    pub fn mapped(file: Mapped) -> Self {
        Splitter::with(Feed::Mapped(file))
    }
}

impl<R: Read> Splitter<R> {
    pub fn new(reader: R) -> Self {
        Splitter::with(Feed::Read { reader, buf: Vec::new(), spare: Vec::new() })
    }

    /// Splits what `reader` gives as the rest of a file from `origin` on (what came before, such
    /// as leading whitespace, was read already): offsets, lines and columns are the file's.
    pub fn starting_at(reader: R, origin: Origin) -> Self {
        let mut splitter = Splitter::new(reader);
        splitter.base = origin.offset;
        splitter.tracker = Tracker { offset: origin.offset, line: origin.line, column: origin.column };
        splitter
    }

    fn with(feed: Feed<R>) -> Self {
        Splitter {
            feed,
            base: 0,
            pos: 0,
            eof: false,
            state: State::Start,
            scan: None,
            pending: Vec::new(),
            next_index: 0,
            tracker: Tracker::default(),
            seen_log: false,
            seen_entries: false,
            problems: Vec::new(),
            io_error: None,
            failed: None,
        }
    }

    /// Gives back the bytes of a window done with, so that the next window need not allocate.
    pub fn recycle(&mut self, bytes: Bytes) {
        if let (Feed::Read { spare, .. }, Bytes::Owned(mut bytes)) = (&mut self.feed, bytes) {
            bytes.clear();
            spare.push(bytes);
        }
    }

    /// How many entries `log.entries` held so far.
    pub fn entries_seen(&self) -> usize {
        self.next_index
    }

    /// The next window of entries; `None` at the end of the capture. An error is fatal: the
    /// file cannot be read past it.
    pub fn next_window(&mut self) -> Result<Option<Window>, InputError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        match self.advance() {
            Ok(window) => Ok(window),
            // The entries found before the error are handed out first; the error comes next.
            Err(e) if !self.pending.is_empty() => {
                self.failed = Some(e);
                Ok(Some(self.window()))
            }
            Err(e) => Err(e),
        }
    }

    fn advance(&mut self) -> Result<Option<Window>, InputError> {
        loop {
            if self.pending.len() >= WINDOW_ENTRIES || self.pending_bytes() >= WINDOW_BYTES {
                return Ok(Some(self.window()));
            }
            match self.step()? {
                Step::Moved => {}
                Step::Done => return Ok(if self.pending.is_empty() { None } else { Some(self.window()) }),
                Step::NeedMore if !self.pending.is_empty() => return Ok(Some(self.window())),
                Step::NeedMore if self.eof => return Err(self.truncated()),
                Step::NeedMore => self.refill()?,
            }
        }
    }

    fn pending_bytes(&self) -> usize {
        match (self.pending.first(), self.pending.last()) {
            (Some(a), Some(b)) => b.end - a.start,
            _ => 0,
        }
    }

    /// Hands out the pending entries: the window takes the buffer up to the end of its last
    /// entry.
    fn window(&mut self) -> Window {
        let first_index = self.next_index - self.pending.len();
        let end = self.pending.last().map_or(self.pos, |r| r.end);
        // The tracker stands at `base`, where the buffer starts.
        let origin = self.tracker.origin();
        let bytes = self.feed.split_off(end);
        self.tracker.advance(&bytes, self.base, self.base + end);
        self.base += end;
        self.pos -= end;
        if let Some(s) = &mut self.scan {
            s.start -= end;
            s.at -= end;
        }
        let entries = self.pending.drain(..).collect();
        Window { bytes, origin, entries, first_index }
    }

    /// Drops what has been read and reads more.
    fn refill(&mut self) -> Result<(), InputError> {
        let keep = self.scan.map_or(self.pos, |s| s.start).min(self.pos);
        self.tracker.advance(self.feed.bytes(), self.base, self.base + keep);
        let read = self.feed.refill(keep);
        self.base += keep;
        self.pos -= keep;
        if let Some(s) = &mut self.scan {
            s.start -= keep;
            s.at -= keep;
        }
        match read {
            Ok(0) => self.eof = true,
            Ok(_) => {}
            Err(e) => {
                let error = self.error(self.feed.bytes().len(), e.to_string());
                self.io_error = Some(e);
                return Err(error);
            }
        }
        Ok(())
    }

    /// The error for a file that ends before its structure does.
    fn truncated(&mut self) -> InputError {
        let inside = match self.state {
            State::Element { .. } | State::AfterElement => {
                format!("the file ends inside `log.entries`, in entry {}", self.next_index)
            }
            State::Start => "the file is empty".to_owned(),
            _ => "the file ends before the HAR's closing braces".to_owned(),
        };
        self.error(self.feed.bytes().len(), format!("not valid JSON: {inside} (a truncated capture?)"))
    }

    /// An error at `at` (in the buffer), with its line and column.
    fn error(&mut self, at: usize, message: impl Into<String>) -> InputError {
        let mut tracker = self.tracker.clone();
        tracker.advance(self.feed.bytes(), self.base, self.base + at);
        let origin = tracker.origin();
        InputError {
            offset: Some(origin.offset),
            line_col: Some((origin.line, origin.column)),
            message: message.into(),
            help: None,
        }
    }

    /// Whitespace is skipped; `None` when the buffer ends first.
    fn next_byte(&mut self) -> Option<u8> {
        while let Some(&b) = self.feed.bytes().get(self.pos) {
            if !b.is_ascii_whitespace() {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    fn unexpected(&mut self, expected: &str) -> InputError {
        let found = match self.feed.bytes().get(self.pos) {
            Some(&b) if b.is_ascii_graphic() => format!("`{}`", b as char),
            Some(&b) => format!("byte 0x{b:02x}"),
            None => "the end of the file".to_owned(),
        };
        self.error(self.pos, format!("not valid JSON: expected {expected}, found {found}"))
    }

    /// Takes one step through the outer structure.
    fn step(&mut self) -> Result<Step, InputError> {
        if self.state == State::Start && self.base == 0 && self.pos == 0 {
            if self.feed.bytes().len() < 3 && !self.eof {
                return Ok(Step::NeedMore);
            }
            if self.feed.bytes().starts_with(b"\xEF\xBB\xBF") {
                self.pos = 3;
            }
        }
        if let Some(scan) = self.scan {
            return self.continue_value(scan);
        }
        let Some(b) = self.next_byte() else {
            return Ok(if self.state == State::End && self.eof { Step::Done } else { Step::NeedMore });
        };
        match self.state {
            State::Start => {
                if b != b'{' {
                    return Err(self.unexpected("a HAR object (`{`)"));
                }
                self.pos += 1;
                self.state = State::Key { level: Level::Top, first: true };
            }
            State::Key { level, first } => {
                if b == b'}' && first {
                    self.pos += 1;
                    self.close(level);
                } else if b == b'"' {
                    let Some(end) = string_end(self.feed.bytes(), self.pos + 1) else { return Ok(Step::NeedMore) };
                    let key = self.feed.bytes().get(self.pos + 1..end.saturating_sub(1)).unwrap_or_default();
                    let member = match (level, key) {
                        (Level::Top, b"log") => Member::Log,
                        (Level::Log, b"entries") => Member::Entries,
                        _ => Member::Other,
                    };
                    self.pos = end;
                    self.state = State::Colon { level, member };
                } else {
                    return Err(self.unexpected(if first { "a key or `}`" } else { "a key" }));
                }
            }
            State::Colon { level, member } => {
                if b != b':' {
                    return Err(self.unexpected("`:`"));
                }
                self.pos += 1;
                self.state = State::Value { level, member };
            }
            State::Value { member, .. } => self.member_value(b, member)?,
            State::After(level) => match b {
                b',' => {
                    self.pos += 1;
                    self.state = State::Key { level, first: false };
                }
                b'}' => {
                    self.pos += 1;
                    self.close(level);
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            },
            State::Element { first } => {
                if b == b']' && first {
                    self.pos += 1;
                    self.state = State::After(Level::Log);
                } else if matches!(b, b']' | b',' | b'}' | b':') {
                    return Err(self.unexpected("an entry"));
                } else {
                    self.scan = Some(Scan { start: self.pos, at: self.pos, depth: 0, in_string: false });
                }
            }
            State::AfterElement => match b {
                b',' => {
                    self.pos += 1;
                    self.state = State::Element { first: false };
                }
                b']' => {
                    self.pos += 1;
                    self.state = State::After(Level::Log);
                }
                _ => return Err(self.unexpected("`,` or `]` after an entry of `log.entries`")),
            },
            State::End => return Err(self.unexpected("the end of the file after the HAR object")),
        }
        Ok(Step::Moved)
    }

    /// The value of a member of the top-level object or of `log`.
    fn member_value(&mut self, b: u8, member: Member) -> Result<(), InputError> {
        match member {
            Member::Log if !self.seen_log => {
                if b != b'{' {
                    return Err(self.error(self.pos, "`log` is not an object: this is not a HAR file"));
                }
                self.seen_log = true;
                self.pos += 1;
                self.state = State::Key { level: Level::Log, first: true };
            }
            Member::Entries if !self.seen_entries => {
                if b != b'[' {
                    return Err(self.error(self.pos, "`log.entries` is not an array"));
                }
                self.seen_entries = true;
                self.pos += 1;
                self.state = State::Element { first: true };
            }
            Member::Log | Member::Entries => {
                let name = if member == Member::Log { "`log`" } else { "`log.entries`" };
                let problem = self.error(self.pos, format!("a second {name} in one capture (only the first is read)"));
                self.problems.push(problem);
                self.scan = Some(Scan { start: self.pos, at: self.pos, depth: 0, in_string: false });
            }
            Member::Other => self.scan = Some(Scan { start: self.pos, at: self.pos, depth: 0, in_string: false }),
        }
        Ok(())
    }

    /// Looks further for the end of the value being scanned.
    fn continue_value(&mut self, mut scan: Scan) -> Result<Step, InputError> {
        let Some(end) = value_end(self.feed.bytes(), &mut scan, self.eof) else {
            self.scan = Some(scan);
            return Ok(Step::NeedMore);
        };
        self.scan = None;
        self.pos = end;
        match self.state {
            State::Element { .. } => {
                self.pending.push(scan.start..end);
                self.next_index += 1;
                self.state = State::AfterElement;
            }
            State::Value { level, .. } => {
                // Values gclint does not read (`version`, `creator`, `pages`) must still be JSON.
                // The byte after the value goes along, so that a cut-off word (`tru,`) is
                // reported as what it is rather than as the end of the file.
                let next = self.feed.bytes().get(end).filter(|b| b.is_ascii()).map_or(0, |_| 1);
                let slice = self.feed.bytes().get(scan.start..end + next).unwrap_or_default();
                let checked = std::str::from_utf8(slice)
                    .map_err(|e| (e.valid_up_to(), "not UTF-8 text".to_owned()))
                    .and_then(|text| {
                        let mut de = serde_json::Deserializer::from_str(text);
                        serde::de::IgnoredAny::deserialize(&mut de)
                            .map(|_| ())
                            .map_err(|e| (error_offset(text, &e), error_reason(&e)))
                    });
                if let Err((at, reason)) = checked {
                    return Err(self.error(scan.start + at, format!("not valid JSON: {reason}")));
                }
                self.state = State::After(level);
            }
            _ => {}
        }
        Ok(Step::Moved)
    }

    fn close(&mut self, level: Level) {
        self.state = match level {
            Level::Log => State::After(Level::Top),
            Level::Top => State::End,
        };
    }
}

/// The first `"` or `\\` at or after `from`.
fn quote_or_backslash(buf: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'"', b'\\', buf.get(from..)?).map(|n| from + n)
}

/// The end (one past the closing quote) of the string whose first content byte is at `from`.
fn string_end(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i = quote_or_backslash(buf, i)?;
        if buf.get(i) == Some(&b'"') {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// Finds where the value that `scan` started ends, going on from where it stopped. `None` when
/// `buf` ends first (a scalar at the very end of the file ends there when `eof`). Values are not
/// checked here: the parser that reads them does.
fn value_end(buf: &[u8], scan: &mut Scan, eof: bool) -> Option<usize> {
    let first = *buf.get(scan.start)?;
    if !matches!(first, b'{' | b'[' | b'"') {
        // A number, `true`, `false`, `null` (or something wrong, for the parser to report).
        let rest = buf.get(scan.at..)?;
        return match rest.iter().position(|b| b.is_ascii_whitespace() || matches!(b, b',' | b']' | b'}')) {
            Some(n) => Some(scan.at + n),
            None if eof => Some(buf.len()),
            None => {
                scan.at = buf.len();
                None
            }
        };
    }
    let mut i = scan.at;
    loop {
        if scan.depth > 0 {
            if let Some(end) = blocks(buf, &mut i, scan) {
                return Some(end);
            }
        }
        if scan.in_string {
            match quote_or_backslash(buf, i) {
                None => {
                    scan.at = buf.len();
                    return None;
                }
                Some(at) => {
                    i = at;
                    if buf.get(i) == Some(&b'\\') {
                        if i + 1 >= buf.len() {
                            scan.at = i;
                            return None;
                        }
                        i += 2;
                    } else {
                        i += 1;
                        scan.in_string = false;
                        if scan.depth == 0 {
                            return Some(i);
                        }
                    }
                }
            }
            continue;
        }
        let Some(&b) = buf.get(i) else {
            scan.at = i;
            return None;
        };
        i += 1;
        match b {
            b'"' => scan.in_string = true,
            b'{' | b'[' => scan.depth += 1,
            b'}' | b']' => {
                scan.depth = scan.depth.saturating_sub(1);
                if scan.depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
}

/// Goes on through an object or array (`scan.depth > 0`) from `*i`, 64 bytes at a time while
/// `buf` holds a whole block: the end of the value if it is met. Strings are told apart from
/// the rest by the quotes before each byte, worked out for the whole block at once; only
/// backslashes and brackets outside strings are then looked at one by one. Whatever the text,
/// valid JSON or not, the outcome is the loop byte by byte's.
fn blocks(buf: &[u8], i: &mut usize, scan: &mut Scan) -> Option<usize> {
    while let Some(block) = buf.get(*i..*i + 64).and_then(|b| <&[u8; 64]>::try_from(b).ok()) {
        let Classes { quote, backslash, open, close } = classify(block);
        // The bytes escaped by a backslash in a string (not itself escaped); the block's first
        // byte never is. Backslashes are few: each is placed in or out of a string by the
        // quotes before it, whose escapes are known by then.
        let mut escaped = 0u64;
        let mut ends_escaping = false;
        let mut rest = backslash;
        while rest != 0 {
            let bit = rest & rest.wrapping_neg();
            rest &= rest - 1;
            let quotes_before = (quote & !escaped & (bit - 1)).count_ones();
            if escaped & bit == 0 && (quotes_before % 2 == 1) != scan.in_string {
                ends_escaping = bit == 1 << 63;
                escaped |= bit << 1;
            }
        }
        // Bit n: byte n is in a string (an opening quote is, a closing one is not).
        let mut inside = prefix_xor(quote & !escaped);
        if scan.in_string {
            inside = !inside;
        }
        // (An escaped byte is always in a string.)
        let mut brackets = (open | close) & !inside;
        while brackets != 0 {
            let bit = brackets & brackets.wrapping_neg();
            brackets &= brackets - 1;
            if open & bit != 0 {
                scan.depth += 1;
            } else {
                scan.depth -= 1;
                if scan.depth == 0 {
                    return Some(*i + bit.trailing_zeros() as usize + 1);
                }
            }
        }
        scan.in_string = inside >> 63 == 1;
        if ends_escaping {
            // The loop byte by byte takes the backslash and the byte it escapes.
            *i += 63;
            return None;
        }
        *i += 64;
    }
    None
}

/// Bit n of the result: whether an odd number of the bits 0..=n of `x` are set.
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

/// Where the bytes of a 64-byte block that matter to [`blocks`] are: bit n stands for byte n.
#[derive(Default)]
struct Classes {
    quote: u64,
    backslash: u64,
    /// `{` or `[`.
    open: u64,
    /// `}` or `]`.
    close: u64,
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn classify(block: &[u8; 64]) -> Classes {
    // SAFETY: this is compiled only where SSE2 is enabled, as it is on every x86-64 target.
    unsafe { classify_sse2(block) }
}

/// Sixteen bytes compared at a time.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn classify_sse2(block: &[u8; 64]) -> Classes {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let mut c = Classes::default();
    for (k, lane) in block.chunks_exact(16).enumerate() {
        // SAFETY: `lane` holds 16 bytes, and the load needs no alignment.
        let bytes = unsafe { _mm_loadu_si128(lane.as_ptr().cast()) };
        // `{` and `[` differ in one bit (0x20), as do `}` and `]`: with it set, one compare finds both.
        let folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        let mask = |v: __m128i, b: u8| {
            u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u16) << (16 * k)
        };
        c.quote |= mask(bytes, b'"');
        c.backslash |= mask(bytes, b'\\');
        c.open |= mask(folded, b'{');
        c.close |= mask(folded, b'}');
    }
    c
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn classify(block: &[u8; 64]) -> Classes {
    let mut c = Classes::default();
    for (n, &b) in block.iter().enumerate() {
        let bit = 1u64 << n;
        match b {
            b'"' => c.quote |= bit,
            b'\\' => c.backslash |= bit,
            b'{' | b'[' => c.open |= bit,
            b'}' | b']' => c.close |= bit,
            _ => {}
        }
    }
    c
}

/// Counts lines and columns over the bytes of a file as it streams past.
#[derive(Debug, Clone)]
struct Tracker {
    /// The file offset counted up to.
    offset: usize,
    /// 1-based line and column (in characters) at `offset`.
    line: usize,
    column: usize,
}

impl Default for Tracker {
    fn default() -> Self {
        Tracker { offset: 0, line: 1, column: 1 }
    }
}

impl Tracker {
    /// Counts on to file offset `to`, over `buf` (which holds the file from `base` on).
    fn advance(&mut self, buf: &[u8], base: usize, to: usize) {
        if to <= self.offset {
            return;
        }
        let (Some(from), Some(upto)) = (self.offset.checked_sub(base), to.checked_sub(base)) else { return };
        let Some(bytes) = buf.get(from..upto) else { return };
        let newlines = bytecount::count(bytes, b'\n');
        if newlines > 0 {
            self.line += newlines;
            let last = memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1);
            self.column = 1 + bytecount::num_chars(bytes.get(last..).unwrap_or_default());
        } else {
            self.column += bytecount::num_chars(bytes);
        }
        self.offset = to;
    }

    fn origin(&self) -> Origin {
        Origin { offset: self.offset, line: self.line, column: self.column }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// An entry found: its index, its text, its line and column.
    type Found = (usize, String, (usize, usize));

    /// Splits `text` with a reader that hands out `step` bytes at a time. The same text mapped
    /// from a file, `step` bytes made visible at a time, in segments of several sizes (smaller
    /// than an entry too), must give the same entries, places and errors.
    fn split(text: &str, step: usize) -> Result<Vec<Found>, InputError> {
        let read = split_with(Splitter::new(Trickle { bytes: text.as_bytes(), step }), text);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.har");
        std::fs::write(&path, text).unwrap();
        for segment in [1, step, 3 * step + 1, 1 << 20] {
            let Ok(file) = Mapped::open_sized(std::fs::File::open(&path).unwrap(), 0, step, segment) else {
                assert!(text.is_empty(), "only an empty file is not mapped");
                continue;
            };
            let mapped = split_with(Splitter::mapped(file), text);
            assert_eq!(format!("{mapped:?}"), format!("{read:?}"), "step {step}, segment {segment}");
        }
        read
    }

    fn split_with<R: Read>(mut s: Splitter<R>, text: &str) -> Result<Vec<Found>, InputError> {
        let mut found = Vec::new();
        while let Some(w) = s.next_window()? {
            let entries: Vec<String> =
                w.entries.iter().map(|r| String::from_utf8(w.bytes[r.clone()].to_vec()).unwrap()).collect();
            let src = Source::window("t".into(), w.bytes, w.origin);
            for (i, (r, entry)) in w.entries.iter().zip(entries).enumerate() {
                let offset = w.origin.offset + r.start;
                assert_eq!(&text[offset..offset + entry.len()], entry);
                found.push((w.first_index + i, entry, src.position(offset)));
            }
        }
        Ok(found)
    }

    const HAR: &str = "\u{feff}{\"log\": {\"version\": \"1.2\", \"pages\": [{\"x\": \"]}\\\"\"}],\n \"entries\": [\n  {\"a\": \"é}\\\\\"},\n  {\"b\": [1, {\"c\": null}]}, 7\n ], \"comment\": \"\"}}\n";

    #[test]
    fn entries_are_found_whatever_the_reads() {
        for step in [1, 2, 3, 7, 64, 1 << 20] {
            let found = split(HAR, step).unwrap();
            let entries: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
            assert_eq!(entries, [r#"{"a": "é}\\"}"#, r#"{"b": [1, {"c": null}]}"#, "7"], "step {step}");
            assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), [0, 1, 2]);
            // Lines and columns count characters, the BOM as one.
            assert_eq!(found[0].2, (3, 3));
            assert_eq!(found[1].2, (4, 3));
            assert_eq!(found[2].2, (4, 28));
        }
    }

    #[test]
    fn broken_structure_is_an_error_at_its_place() {
        let cases = [
            ("{\"log\": {\"entries\": [{}, {\"x\": 1", "in entry 1", (1, 33)),
            ("{\"log\": {\"entries\": [{} {}]}}", "expected `,` or `]`", (1, 25)),
            ("{\"log\": [1]}", "`log` is not an object", (1, 9)),
            ("{\"log\": {\"entries\": {\"a\": 1}}}", "`log.entries` is not an array", (1, 21)),
            ("{\"log\": {\"version\": tru, \"entries\": []}}", "expected ident", (1, 24)),
            ("{\"log\": {\"entries\": []}} x", "the end of the file", (1, 26)),
            ("{\"log\": {\"entries\": []}", "closing braces", (1, 24)),
        ];
        for (text, message, at) in cases {
            for step in [1, 5, 1 << 20] {
                let e = split(text, step).expect_err(text);
                assert!(e.message.contains(message), "{text}: {}", e.message);
                assert_eq!(e.line_col, Some(at), "{text} (step {step}): {}", e.message);
            }
        }
    }

    #[test]
    fn entries_before_an_error_are_handed_out_first() {
        // Found by fuzzing: a syntax error after a few entries used to drop them unread.
        for text in
            [r#"{"log": {"entries": [{"a": 1}, {"b": 2} {"c": 3}]}}"#, r#"{"log": {"entries": [{"a": 1}, {"b": 2}"#]
        {
            for step in [1, 7, 1 << 20] {
                let mut s = Splitter::new(Trickle { bytes: text.as_bytes(), step });
                let mut handed = 0;
                let error = loop {
                    match s.next_window() {
                        Ok(Some(w)) => handed += w.entries.len(),
                        Ok(None) => panic!("{text}: no error"),
                        Err(e) => break e,
                    }
                };
                assert_eq!(handed, 2, "{text} (step {step})");
                assert_eq!(s.entries_seen(), 2);
                assert!(error.message.contains("not valid JSON"), "{}", error.message);
            }
        }
    }

    #[test]
    fn a_second_log_is_a_problem_not_an_error() {
        let text = r#"{"log": {"entries": [1]}, "log": {"entries": [2]}}"#;
        let mut s = Splitter::new(text.as_bytes());
        let mut n = 0;
        while let Some(w) = s.next_window().unwrap() {
            n += w.entries.len();
        }
        assert_eq!(n, 1);
        assert_eq!(s.problems.len(), 1);
        assert!(s.problems[0].message.contains("second `log`"));
    }

    /// A generator of test text (xorshift: the same text on every run).
    struct Noise(u64);

    impl Noise {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        /// A string made of the pieces that matter to the splitter, runs of backslashes too.
        fn text(&mut self) -> String {
            const PIECES: [&str; 10] = ["\"", "\\", "{", "}", "[", "]", "é", "a", "\\\\\\", "x y"];
            (0..self.below(40)).map(|_| PIECES[self.below(PIECES.len())]).collect()
        }

        fn value(&mut self, depth: usize) -> serde_json::Value {
            match self.below(if depth > 4 { 3 } else { 6 }) {
                0 => self.text().into(),
                1 => self.below(1000).into(),
                2 => serde_json::Value::Null,
                3 => (0..self.below(6)).map(|_| self.value(depth + 1)).collect(),
                _ => (0..self.below(8)).map(|_| (self.text(), self.value(depth + 1))).collect(),
            }
        }
    }

    #[test]
    fn entries_are_found_in_any_text_whether_scanned_a_block_or_a_byte_at_a_time() {
        // Mapped a byte at a time, the splitter never has 64 bytes ahead and goes byte by byte;
        // read whole, it goes a block at a time: `split` checks that the two agree.
        let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
        for round in 0..40 {
            let entries: Vec<serde_json::Value> = (0..1 + noise.below(12))
                .map(|_| serde_json::json!({"request": noise.value(0), "pad": noise.text().repeat(noise.below(30))}))
                .collect();
            let text = serde_json::json!({"log": {"entries": entries}}).to_string();
            let found = split(&text, 1).unwrap();
            let texts: Vec<String> = found.into_iter().map(|f| f.1).collect();
            let expected: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
            assert_eq!(texts, expected, "round {round}");
            // The same text broken anywhere: both ways must find the same entries, or fail alike.
            for _ in 0..10 {
                let mut broken = text.as_bytes().to_vec();
                for _ in 0..1 + noise.below(3) {
                    let at = noise.below(broken.len());
                    broken[at] = [b'"', b'\\', b'{', b']', b'x'][noise.below(5)];
                }
                if let Ok(broken) = String::from_utf8(broken) {
                    let _ = split(&broken, 1);
                }
            }
        }
    }

    #[test]
    fn windows_are_bounded() {
        let entry = format!("{{\"pad\": \"{}\"}}", "x".repeat(1000));
        let many = vec![entry.as_str(); 3 * WINDOW_ENTRIES].join(",");
        let text = format!("{{\"log\": {{\"entries\": [{many}]}}}}");
        let mut s = Splitter::new(text.as_bytes());
        let mut sizes = Vec::new();
        while let Some(w) = s.next_window().unwrap() {
            assert!(w.entries.len() <= WINDOW_ENTRIES);
            sizes.push(w.entries.len());
        }
        assert_eq!(sizes.iter().sum::<usize>(), 3 * WINDOW_ENTRIES);
        assert!(sizes.len() >= 3);
    }
}
