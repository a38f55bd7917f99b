//! Runs the readers and the rules over one source.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use crate::capture::{CaptureState, Given};
use crate::catalog::facts::facts;
use crate::catalog::{Catalog, Operation, Status, schemas};
use crate::config::{Config, Selection};
use crate::diagnostic::Diagnostic;
use crate::exchange::{Endpoint, Exchange};
use crate::files::read_head;
use crate::input::HEAD;
use crate::input::{self, Input, InputError, payload};
use crate::rules;
use crate::source::{Origin, Source};

#[derive(Debug, Default)]
pub struct Options {
    /// The operation bare payload files are sent to.
    pub endpoint: Option<payload::EndpointArg>,
    /// What the user said outside the captures (the OAuth client's scopes).
    pub given: Given,
    /// The configuration file's settings (payload mappings, per-path ignores, severities).
    pub config: Config,
    /// Which rules run: the file's selection with the command line's on top.
    pub selection: Selection,
    /// How inputs are read (forced format, `.http` environment, decompression bound).
    pub read: input::ReadOptions,
    /// Advanced by the bytes of each file as its requests are checked.
    pub progress: Option<indicatif::ProgressBar>,
    /// Collect the secret values of each file in [`Stats::secrets`] (for `::add-mask::`).
    pub collect_secrets: bool,
    /// The threads that check requests, started when first needed (a run on one small file
    /// needs none): `jobs` of them, or one per CPU.
    pub threads: Threads,
}

/// A thread pool started on first use.
#[derive(Debug, Default)]
pub struct Threads {
    /// How many threads (`--jobs`); `None` or 0 for one per CPU.
    pub jobs: Option<usize>,
    pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
}

impl Threads {
    pub fn new(jobs: Option<usize>) -> Self {
        Threads { jobs, pool: std::sync::OnceLock::new() }
    }

    /// Runs `f` in the pool, so that the parallel iterators in it use these threads. Should no
    /// thread start, `f` runs on the calling thread (the output is the same, only slower).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        let pool =
            self.pool.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(self.jobs.unwrap_or(0)).build().ok());
        match pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }

    /// Frees `value` on a thread of the pool, while the caller goes on (at once when no thread
    /// started).
    pub fn drop_later<T: Send + 'static>(&self, value: T) {
        match self.pool.get() {
            Some(Some(pool)) => pool.spawn(move || drop(value)),
            _ => drop(value),
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Stats {
    /// Files read.
    pub files: usize,
    pub captures: usize,
    pub payloads: usize,
    /// Files found in directories that hold nothing gclint reads.
    pub skipped: usize,
    /// Requests seen in captures.
    pub requests: usize,
    /// Requests in captures that are Genesys Cloud API calls, and so were checked.
    pub api_requests: usize,
    /// What `--baseline` did, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::Outcome>,
    /// The name of every file read, in order (for reports with one section per file).
    #[serde(skip)]
    pub files_checked: Vec<String>,
    /// The secret values found in the files, when [`Options::collect_secrets`] asks for them.
    #[serde(skip)]
    pub secrets: Vec<String>,
    /// Findings left out of the report by `--max-diagnostics`.
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: usize,
    /// The configuration file the run used, as [`crate::config::shown`] names it: its rule
    /// selection may hide any finding, so every report says which file that was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Stats {
    /// Adds the counts of another run (of other files) to these.
    pub fn merge(&mut self, other: Stats) {
        self.files += other.files;
        self.captures += other.captures;
        self.payloads += other.payloads;
        self.skipped += other.skipped;
        self.requests += other.requests;
        self.api_requests += other.api_requests;
        self.files_checked.extend(other.files_checked);
        self.secrets.extend(other.secrets);
        self.dropped += other.dropped;
    }
}

/// Reads and lints one input (a file's contents, stdin), appending its findings in file order.
/// `Err` is for the reader itself failing (an I/O error); what is wrong with the contents is
/// reported as findings.
pub fn lint_reader(
    name: &str,
    reader: impl Read + Send,
    explicit: bool,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    lint_after_head(name, None, None, reader, explicit, opts, stats, out)
}

/// [`lint_reader`] for a reader whose first bytes may have been read already (`head`: what that
/// read gave), and whose size may be known.
#[allow(clippy::too_many_arguments)]
fn lint_after_head(
    name: &str,
    head: Option<std::io::Result<Vec<u8>>>,
    size: Option<u64>,
    reader: impl Read + Send,
    explicit: bool,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    let first = begin_file(name, stats, out);
    let mut reader = Counted { inner: reader, progress: opts.progress.as_ref(), failed: None };
    let head = match head {
        Some(read) => reader.note(read, Vec::len),
        None => read_head(&mut reader, HEAD),
    };
    if let Ok(head) = head {
        read_and_check(name, head, size, &mut reader, explicit, opts, stats, out);
    }
    if let Some(e) = reader.failed {
        out.truncate(first);
        return Err(format!("cannot read {name}: {e}"));
    }
    finish_file(name, opts, first, out);
    Ok(())
}

/// A file is mapped into memory rather than read when it is a HAR at least this large.
const MAP_FROM: u64 = 4 << 20;

/// Lints a file on disk, as [`lint_reader`] does; a large HAR file is mapped into memory rather
/// than read (see `input::har::Mapped`). Its first bytes are read first: most files are small,
/// and they cost no more system calls than [`lint_reader`] makes (the size of a file is asked
/// for only when it is longer than its first bytes).
pub fn lint_file(
    name: &str,
    mut file: std::fs::File,
    explicit: bool,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    let head = read_head(&mut file, HEAD);
    // A head shorter than asked for is the whole file: too small to map.
    let full = head.as_ref().is_ok_and(|h| h.len() == HEAD);
    if full && head.as_ref().is_ok_and(|h| streams_har(opts, h)) {
        file = match input::har::Mapped::open(file, MAP_FROM) {
            Ok(mapped) => {
                let first = begin_file(name, stats, out);
                let splitter = input::har::Splitter::mapped(mapped.progress(opts.progress.clone()));
                check_har(name, splitter, None, opts, stats, out);
                finish_file(name, opts, first, out);
                return Ok(());
            }
            Err(file) => file,
        };
    }
    let size = if full { file.metadata().ok().map(|m| m.len()) } else { None };
    lint_after_head(name, Some(head), size, file, explicit, opts, stats, out)
}

/// Reports a path that could not be read or walked (`message` says why) as an `invalid-input`
/// finding of its own, so that the run goes on with the other files.
pub fn unreadable(name: &str, message: String, opts: &Options, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let first = begin_file(name, stats, out);
    out.push(rules::name_diagnostic(
        name,
        &rules::INVALID_INPUT,
        message,
        0,
        (1, 1),
        Some("the other files were checked".into()),
    ));
    finish_file(name, opts, first, out);
}

/// Counts a file about to be read; where its findings will start in `out`.
fn begin_file(name: &str, stats: &mut Stats, out: &[Diagnostic]) -> usize {
    stats.files += 1;
    stats.files_checked.push(name.to_owned());
    out.len()
}

/// What every file's findings (from `first` on in `out`) go through once the file is read: the
/// rule selection, configured severities, masking, file order and fingerprints.
fn finish_file(name: &str, opts: &Options, first: usize, out: &mut Vec<Diagnostic>) {
    let path = Path::new(name);
    let mut kept = out.split_off(first);
    kept.retain(|d| opts.selection.enabled(d.rule.name) && !opts.config.ignored_in(path, d.rule.name));
    for d in &mut kept {
        // Nothing a capture holds steers the terminal or breaks a report (see Diagnostic::tame).
        d.tame();
        // A configured severity replaces the rule's default (not a severity the rule chose for
        // one finding, such as request-failed's info).
        if let Some(&s) = opts.config.severity.get(d.rule.name) {
            if d.severity == d.rule.severity {
                d.severity = s;
            }
        }
    }
    // Nothing gclint prints quotes a credential in full. (Many findings are masked and
    // fingerprinted on every thread; a few on this one, without starting any.)
    let many = kept.len() >= BATCH;
    if many {
        opts.threads.install(|| kept.par_iter_mut().for_each(crate::redact::mask_diagnostic));
    } else {
        kept.iter_mut().for_each(crate::redact::mask_diagnostic);
    }
    // Nor a value of hundreds of megabytes (a URL, a field) quoted in a message, in full.
    for d in &mut kept {
        for text in [Some(&mut d.message), d.help.as_mut(), d.request.as_mut()].into_iter().flatten() {
            if let std::borrow::Cow::Owned(cut) = crate::text::clip(text, SHOWN_TEXT) {
                *text = cut;
            }
        }
    }
    // File-level findings (secrets, unreadable parts) are made when the whole file has been
    // read: put everything in file order.
    kept.sort_by_key(|d| d.offset);
    let keys: Vec<[u8; 32]> = if many {
        opts.threads.install(|| kept.par_iter().map(identity).collect())
    } else {
        kept.iter().map(identity).collect()
    };
    assign_fingerprints(&mut kept, &keys);
    out.extend(kept);
}

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

/// What a finding is about, hashed: rule, file, request, body pointer, message.
fn identity(d: &Diagnostic) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    // A finding about a whole file (secrets, unreadable input) is one per file and rule; its
    // message carries counts that change with unrelated entries, so it stays out.
    let message = if d.request.is_some() { d.message.as_str() } else { "" };
    for part in [d.rule.name, &d.path, d.request.as_deref().unwrap_or(""), d.pointer.as_deref().unwrap_or(""), message]
    {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// Gives each finding of one file a fingerprint made of what it is about — rule, file, request
/// (method and URL), body pointer, message — and not of where it is, so that it survives edits
/// elsewhere in the file (timestamps, other entries). Equal findings are told apart by their order.
/// `keys` holds each finding's [`identity`].
fn assign_fingerprints(diagnostics: &mut [Diagnostic], keys: &[[u8; 32]]) {
    use sha2::{Digest, Sha256};
    let mut seen: std::collections::HashMap<[u8; 32], usize> = std::collections::HashMap::new();
    for (d, &key) in diagnostics.iter_mut().zip(keys) {
        let n = seen.entry(key).or_insert(0);
        let mut h = Sha256::new();
        h.update(key);
        h.update(n.to_le_bytes());
        *n += 1;
        const HEX: &[u8; 16] = b"0123456789abcdef";
        d.fingerprint = h.finalize()[..16]
            .iter()
            .flat_map(|&b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
            .map(char::from)
            .collect();
    }
}

/// Whether an input whose first bytes are `head` is read as a HAR stream.
fn streams_har(opts: &Options, head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    matches!(opts.read.format, input::Format::Auto | input::Format::Har)
        && input::har::starts_like_har(head.trim_ascii_start())
}

/// Reads and checks one input: a HAR capture as a stream, anything else whole, up to
/// `--max-file-size`. `size` is the size of a file on disk, when known. Whitespace before the
/// document is read past without being kept, and an input whose first bytes are not text is
/// refused without reading the rest.
#[allow(clippy::too_many_arguments)]
fn read_and_check<R: Read + Send>(
    name: &str,
    head: Vec<u8>,
    size: Option<u64>,
    raw: &mut Counted<R>,
    explicit: bool,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) {
    // The first bytes (`head`, read from `raw`) tell the compression, then (expanded) the
    // format. A small file was read whole with them, in one read and one more that found its
    // end.
    let codec = input::decompress::codec(&head);
    let (mut head, mut reader): (Vec<u8>, Box<dyn Read + Send + '_>) = match codec {
        None => (head, Box::new(raw)),
        Some(codec) => {
            let mut expanded = match input::decompress::reader(
                std::io::Cursor::new(head).chain(raw),
                codec,
                opts.read.max_decompressed,
            ) {
                Ok(r) => r,
                Err(e) => return unreadable_compressed(name, codec, &e, out),
            };
            match read_head(&mut expanded, HEAD) {
                Ok(head) => (head, expanded),
                Err(e) => return unreadable_compressed(name, codec, &input::decompress::explain(&e, codec), out),
            }
        }
    };
    let failed = |e: std::io::Error, out: &mut Vec<Diagnostic>| {
        // The decompressor's complaint (a raw read failure is the caller's to report).
        if let Some(codec) = codec {
            unreadable_compressed(name, codec, &input::decompress::explain(&e, codec), out);
        }
    };
    // A head shorter than asked for was the whole input.
    let mut full = head.len() == HEAD;
    // Where `head` starts in the input, after the whitespace read past.
    let (mut origin, mut bom) = (Origin::default(), false);
    if full && is_blank(&head) {
        match past_blank(head, &mut reader) {
            Ok((rest, at, starts_with_bom)) => (head, origin, bom) = (rest, at, starts_with_bom),
            Err(e) => return failed(e, out),
        }
        full = head.len() == HEAD;
    }
    if streams_har(opts, &head) {
        let reader = std::io::Cursor::new(head).chain(reader);
        return check_har(name, input::har::Splitter::starting_at(reader, origin), codec, opts, stats, out);
    }
    let first = out.len();
    if full {
        // Long enough to be worth refusing early: what is not text is not read on.
        if let Some(input) = input::binary(name, &head, origin.offset, explicit, &opts.read) {
            let src = Source::window(name.to_owned(), head.into(), origin);
            return report_unread(&src, input, stats, out);
        }
    }
    let limit = opts.read.max_file;
    let known = if codec.is_none() { size } else { None };
    // (Whitespace to the end of the input is an empty document: nothing of it was kept.)
    let at_least = known.unwrap_or(0).max((origin.offset + head.len()) as u64);
    if limit > 0 && at_least > limit && !head.is_empty() {
        return too_large(name, codec, limit, out);
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
            return failed(e, out);
        }
        if limit > 0 && bytes.len() as u64 > limit {
            return too_large(name, codec, limit, out);
        }
    }
    drop(reader);
    let src = Source::new(name, bytes, explicit);
    let input = input::classify(&src, &opts.read);
    // Secret values written elsewhere than in the file (a `.http` file's private environment).
    let elsewhere = match &input {
        Input::Capture(capture) => capture.secrets.values.clone(),
        _ => Vec::new(),
    };
    // A HAR collects its secrets entry by entry, as its windows are read.
    let mut known = None;
    if opts.collect_secrets && !matches!(input, Input::Har) {
        let values = crate::redact::secret_values(&src.bytes, name, &opts.read);
        stats.secrets.extend(values.iter().cloned());
        stats.secrets.extend(elsewhere.iter().cloned());
        known = Some(values);
    }
    let streamed = matches!(input, Input::Har);
    match input {
        input @ (Input::Skip | Input::Invalid(_)) => report_unread(&src, input, stats, out),
        Input::Har => check_har(name, input::har::Splitter::new(&*src.bytes), None, opts, stats, out),
        Input::Capture(capture) => {
            stats.captures += 1;
            stats.requests += capture.requests;
            stats.api_requests += capture.exchanges.len();
            let mut run = CaptureRun::new(name, opts);
            run.note(&src, capture.secrets, capture.problems);
            run.check(&src, &capture.exchanges, out);
            run.finish(out);
        }
        Input::Payload => lint_payload(&src, opts, stats, out),
    }
    // What is printed about the file masks every secret value found in it, wherever it is
    // quoted (a HAR masks each window's findings as they are made).
    if !streamed && out.len() > first {
        let mut values = known.unwrap_or_else(|| crate::redact::secret_values(&src.bytes, name, &opts.read));
        values.extend(elsewhere);
        let values = crate::redact::Known::new(values);
        if let Some(found) = out.get_mut(first..) {
            found.iter_mut().for_each(|d| crate::redact::mask_known(d, &values));
        }
    }
}

/// Whether the first bytes of an input are whitespace only (after a byte order mark).
fn is_blank(head: &[u8]) -> bool {
    head.strip_prefix(BOM).unwrap_or(head).iter().all(u8::is_ascii_whitespace)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads on over the whitespace that `head` (the first bytes of an input, all whitespace after a
/// byte order mark) starts: the first bytes after it (up to [`HEAD`]; fewer only at the end of
/// the input, none when the input is all whitespace), where they stand in the input, and whether
/// it starts with a byte order mark. Of the whitespace only its counts are kept: a gigabyte of
/// it costs no memory.
fn past_blank(head: Vec<u8>, reader: &mut impl Read) -> std::io::Result<(Vec<u8>, Origin, bool)> {
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
        if chunk.len() < HEAD {
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

/// Reports an input gclint does not read: skipped, or refused with a finding.
fn report_unread(src: &Source, input: Input, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    match input {
        Input::Invalid(e) => out.push(rules::file_diagnostic(
            src,
            &rules::INVALID_INPUT,
            format!("cannot read {}: {}", src.name, e.message),
            e.offset,
            e.line_col,
            Some(e.help.unwrap_or_else(|| READS.into())),
        )),
        _ => stats.skipped += 1,
    }
}

/// Reports an input larger than `--max-file-size` (`limit`), not read whole and not checked.
fn too_large(name: &str, codec: Option<input::decompress::Codec>, limit: u64, out: &mut Vec<Diagnostic>) {
    let size = input::decompress::human_size(limit);
    let what = if codec.is_some() { "expands to more than" } else { "is larger than" };
    out.push(rules::name_diagnostic(
        name,
        &rules::INVALID_INPUT,
        format!("cannot read {name}: the file {what} {size} (--max-file-size): not checked"),
        0,
        (1, 1),
        Some(
            "gclint reads a HAR capture as a stream and any other input whole, up to --max-file-size (0: no limit)"
                .into(),
        ),
    ));
}

fn unreadable_compressed(name: &str, codec: input::decompress::Codec, error: &str, out: &mut Vec<Diagnostic>) {
    out.push(rules::name_diagnostic(
        name,
        &rules::INVALID_INPUT,
        format!("cannot read {name}: {error}"),
        0,
        (1, 1),
        Some(format!("gclint expands {} inputs up to --max-decompressed-size", codec.name())),
    ));
}

/// Reads a HAR capture as a stream of windows of entries (see [`stream_windows`]), then reports
/// what was found about the file as a whole and a fatal error of the reader, if any.
fn check_har<R: Read + Send>(
    name: &str,
    mut splitter: input::har::Splitter<R>,
    codec: Option<input::decompress::Codec>,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) {
    let mut run = CaptureRun::new(name, opts);
    let read = |window| read_window(name, opts, window);
    let fatal = opts.threads.install(|| stream_windows(&mut splitter, read, &mut run, stats, out));
    run.problems.append(&mut splitter.problems);
    let (seen, io_error) = (splitter.entries_seen(), splitter.io_error.take());
    run.finish(out);
    if fatal.is_none() || seen > 0 {
        stats.captures += 1;
    }
    let Some(e) = fatal else { return };
    if let (Some(codec), Some(io)) = (codec, io_error) {
        // The decompressor's complaint (a raw read failure is the caller's to report).
        return unreadable_compressed(name, codec, &input::decompress::explain(&io, codec), out);
    }
    let help = match seen {
        0 => READS.to_owned(),
        1 => "the entry before this point was read and checked".to_owned(),
        n => format!("the {n} entries before this point were read and checked"),
    };
    let (offset, at) = (e.offset.unwrap_or(0), e.line_col.unwrap_or((1, 1)));
    out.push(rules::name_diagnostic(
        name,
        &rules::INVALID_INPUT,
        format!("cannot read {name}: {}", e.message),
        offset,
        at,
        Some(e.help.unwrap_or(help)),
    ));
}

/// The error that ends a capture when the HAR reader itself fails (a bug).
fn reader_failed() -> InputError {
    InputError::at(0, "the HAR reader stopped unexpectedly")
}

/// Windows of a capture split off and not yet through the checks in order: enough for the
/// threads to go on reading entries while the thread that splits (or the one running the checks
/// in order) is held up, few enough to keep memory flat.
const IN_FLIGHT: usize = 8;

/// Splits the capture into windows, reads each window's entries (all threads), and runs the
/// checks in order over the windows one after the other, as soon as each is read. No thread waits
/// for another while there is work: the calling thread splits until [`IN_FLIGHT`] windows are
/// out, and helps read them while it may not split; the checks in order run on whichever thread
/// finishes reading the window they wait for. The fatal error of the splitter, if any; a failure
/// of the splitter itself, or a window that fails to be read or checked (a bug), ends the
/// capture with an error too, not the run.
fn stream_windows<R: Read + Send>(
    splitter: &mut input::har::Splitter<R>,
    read: impl Fn(input::har::Window) -> ReadWindow + Sync,
    run: &mut CaptureRun,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) -> Option<InputError> {
    use std::sync::{Condvar, Mutex, PoisonError};
    let split = |splitter: &mut input::har::Splitter<R>| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| splitter.next_window()))
            .unwrap_or_else(|_| Err(reader_failed()))
    };
    if rayon::current_thread_index().is_none() {
        // No thread pool started: one window after the other on this thread.
        return loop {
            let window = match split(splitter) {
                Ok(Some(window)) => window,
                Ok(None) => break None,
                Err(e) => break Some(e),
            };
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let bytes = run.window(read(window), stats, out);
                splitter.recycle(bytes);
            }));
            if checked.is_err() {
                break Some(reader_failed());
            }
        };
    }
    /// Windows read and waiting for the checks in order (by number), how many went through them,
    /// the buffers they gave back, and whether reading or checking one failed.
    #[derive(Default)]
    struct Handoff {
        read: std::collections::BTreeMap<usize, ReadWindow>,
        checked: usize,
        spare: Vec<crate::source::Bytes>,
        failed: bool,
    }
    impl Handoff {
        /// Whether `sent` windows are too many to split another (a failed window is never
        /// checked: waiting for it would wait for ever).
        fn full(&self, sent: usize) -> bool {
            !self.failed && sent - self.checked >= IN_FLIGHT
        }
    }
    let handoff = Mutex::new(Handoff::default());
    let lock = || handoff.lock().unwrap_or_else(PoisonError::into_inner);
    let progressed = Condvar::new();
    let in_order = Mutex::new((run, stats, out));
    // Runs the checks in order over every window whose turn it is, unless another thread is at
    // it: that thread takes this window too, as it looks again once it has let go.
    let check_ready = || {
        while let Ok(mut guard) = in_order.try_lock() {
            let (run, stats, out) = &mut *guard;
            let mut next = lock().checked;
            loop {
                // (Taken in a statement of its own: the lock must not be held while checking.)
                let Some(window) = lock().read.remove(&next) else { break };
                let bytes = run.window(window, stats, out);
                next += 1;
                let mut h = lock();
                h.checked = next;
                h.spare.push(bytes);
                progressed.notify_all();
            }
            drop(guard);
            if !lock().read.contains_key(&next) {
                return;
            }
        }
    };
    let fatal = rayon::scope_fifo(|scope| {
        let mut sent = 0;
        loop {
            let spare = std::mem::take(&mut lock().spare);
            spare.into_iter().for_each(|bytes| splitter.recycle(bytes));
            while lock().full(sent) {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    let h = lock();
                    if h.full(sent) {
                        // Woken when a window is through; the timeout only bounds a missed wake.
                        let wait = std::time::Duration::from_millis(1);
                        drop(progressed.wait_timeout(h, wait).unwrap_or_else(PoisonError::into_inner));
                    }
                }
            }
            if lock().failed {
                break Some(reader_failed());
            }
            let window = match split(splitter) {
                Ok(Some(window)) => window,
                Ok(None) => break None,
                Err(e) => break Some(e),
            };
            let (number, lock, check_ready, read, progressed) = (sent, &lock, &check_ready, &read, &progressed);
            scope.spawn_fifo(move |_| {
                let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let window = read(window);
                    lock().read.insert(number, window);
                    check_ready();
                }));
                if done.is_err() {
                    lock().failed = true;
                    progressed.notify_all();
                }
            });
            sent += 1;
        }
    });
    // Every task that read a window ran the checks in order up to it, or left them to a thread
    // that was at them and looked again.
    let h = lock();
    debug_assert!(h.failed || h.read.is_empty(), "windows left unchecked");
    if h.failed { Some(reader_failed()) } else { fatal }
}

/// A window of HAR entries read, and its requests checked alone, waiting for the checks in order.
struct ReadWindow {
    src: Source,
    capture: input::Capture,
    /// What the checks alone found for each request (`None`: not checked).
    parts: Vec<Option<rules::Parts>>,
    /// The credentials of the window, for `::add-mask::` (when asked for).
    secrets: Vec<String>,
    /// Each entry's byte range in the window (to find its credentials when a finding is made),
    /// and the index in `log.entries` of the first.
    entries: Vec<std::ops::Range<usize>>,
    first: usize,
}

/// Reads the entries of a window and runs the checks of each request alone, all in parallel.
fn read_window(name: &str, opts: &Options, window: input::har::Window) -> ReadWindow {
    let src = Source::window(name.to_owned(), window.bytes, window.origin);
    let first = window.first_index;
    let collect = opts.collect_secrets;
    let entries = window.entries.clone();
    let reads: Vec<(input::har::Read1, Vec<String>)> = window
        .entries
        .into_par_iter()
        .enumerate()
        .map(|(i, r)| {
            // For `::add-mask::`: the credentials of the entry, as the redactor finds them.
            // (Only then: checking that the entry is text is work.)
            let text = collect.then(|| src.bytes.get(r.clone()).and_then(|b| std::str::from_utf8(b).ok())).flatten();
            let secrets = text.map(crate::redact::json_secret_values).unwrap_or_default();
            (input::har::read_entry(&src, r, first + i), secrets)
        })
        .collect();
    let mut capture = input::Capture::default();
    let mut secrets = Vec::new();
    for (read, found) in reads {
        capture.take(read);
        secrets.extend(found);
    }
    capture.limit_bodies(opts.read.max_body);
    let parts =
        capture.exchanges.par_iter().map(|ex| rules::check_alone(&src, ex).map(rules::Ctx::into_parts)).collect();
    ReadWindow { src, capture, parts, secrets, entries, first }
}

/// The checks of one capture, run over its requests as they are read, in capture order; and
/// what it found about the file as a whole (credentials, unreadable parts).
struct CaptureRun<'o> {
    name: &'o str,
    opts: &'o Options,
    state: CaptureState,
    secrets: input::Secrets,
    /// Where the first credential is: file offset, line and column.
    first_secret: Option<(usize, (usize, usize))>,
    /// Parts that could not be read, with their lines and columns.
    problems: Vec<InputError>,
}

impl<'o> CaptureRun<'o> {
    fn new(name: &'o str, opts: &'o Options) -> Self {
        CaptureRun {
            name,
            opts,
            state: CaptureState::default(),
            secrets: input::Secrets::default(),
            first_secret: None,
            problems: Vec::new(),
        }
    }

    /// Records what a stretch of the file (`src`) held besides requests, placing it while the
    /// stretch is at hand.
    fn note(&mut self, src: &Source, secrets: input::Secrets, problems: Vec<InputError>) {
        if let (None, Some(first)) = (self.first_secret, secrets.first) {
            self.first_secret = Some((first, src.position(first)));
        }
        self.secrets.merge(secrets);
        for mut p in problems {
            if p.line_col.is_none() {
                p.line_col = p.offset.map(|o| src.position(o));
            }
            self.problems.push(p);
        }
    }

    /// Runs the checks in order over a window read by [`read_window`], and gives back the
    /// window's buffer.
    fn window(&mut self, window: ReadWindow, stats: &mut Stats, out: &mut Vec<Diagnostic>) -> crate::source::Bytes {
        let ReadWindow { src, capture, parts, secrets, entries, first } = window;
        stats.requests += capture.requests;
        stats.api_requests += capture.exchanges.len();
        self.note(&src, capture.secrets, capture.problems);
        let before = out.len();
        for (ex, parts) in capture.exchanges.iter().zip(parts) {
            if let Some(parts) = parts {
                self.in_order(&mut rules::Ctx::from_parts(&src, ex, parts), out);
            }
        }
        // The findings of the window mask every secret value of the entries they are about,
        // wherever they quote it (a snippet of a HAR shows a header's value without its name).
        // The values are looked for only in the entries with findings.
        if out.len() > before {
            let values: Vec<String> = if self.opts.collect_secrets {
                secrets.clone()
            } else {
                let mut about: Vec<usize> =
                    out.get(before..).unwrap_or_default().iter().filter_map(|d| d.entry?.checked_sub(first)).collect();
                about.sort_unstable();
                about.dedup();
                let of = |&i: &usize| {
                    entries
                        .get(i)
                        .and_then(|r| src.bytes.get(r.clone()))
                        .and_then(|b| std::str::from_utf8(b).ok())
                        .map(crate::redact::json_secret_values)
                        .unwrap_or_default()
                };
                self.opts.threads.install(|| about.par_iter().flat_map_iter(of).collect())
            };
            let values = crate::redact::Known::new(values);
            if let Some(found) = out.get_mut(before..) {
                found.iter_mut().for_each(|d| crate::redact::mask_known(d, &values));
            }
        }
        stats.secrets.extend(secrets);
        // What the window held is freed on every thread, not on this one alone.
        self.opts.threads.install(|| capture.exchanges.into_par_iter().for_each(drop));
        src.bytes
    }

    /// Checks requests in capture order. The checks of one request alone run for a batch of
    /// requests in parallel; the checks that read the capture's history then run in order, so
    /// the output is the same whatever the number of threads.
    fn check(&mut self, src: &Source, exchanges: &[Exchange], out: &mut Vec<Diagnostic>) {
        for batch in exchanges.chunks(BATCH) {
            let mut alone: Vec<_> =
                self.opts.threads.install(|| batch.par_iter().map(|ex| rules::check_alone(src, ex)).collect());
            for ctx in alone.iter_mut().flatten() {
                self.in_order(ctx, out);
            }
            // What the checks parsed is freed on every thread, not on this one alone.
            self.opts.threads.install(|| alone.into_par_iter().for_each(drop));
        }
    }

    /// Runs the checks in order on one request; keeps the findings its comment does not suppress.
    fn in_order(&mut self, ctx: &mut rules::Ctx, out: &mut Vec<Diagnostic>) {
        let found = rules::check_in_order(ctx, &mut self.state, &self.opts.given);
        out.extend(found.into_iter().filter(|d| !ctx.ex.suppresses(d.rule.name)));
    }

    /// Reports what was found about the file as a whole. The capture's history (large for a
    /// large capture) is freed while the findings are reported.
    fn finish(self, out: &mut Vec<Diagnostic>) {
        self.opts.threads.drop_later(self.state);
        report_problems(self.name, &self.problems, out);
        if let Some((offset, at)) = self.first_secret {
            let kinds: Vec<String> = self.secrets.kinds.iter().map(|(k, n)| format!("{n} × {k}")).collect();
            let n = self.secrets.count();
            out.push(rules::name_diagnostic(
                self.name,
                &rules::SECRET_IN_CAPTURE,
                format!("this capture holds {n} live credential{}: {}", if n == 1 { "" } else { "s" }, kinds.join(", ")),
                offset,
                at,
                Some("export a sanitized capture, or strip Authorization/Cookie headers and token parameters before sharing or committing it, and revoke the recorded tokens".into()),
            ));
        }
    }
}

/// The most of a message, help or request line shown, in bytes (what is longer quotes a huge
/// value, and is cut).
const SHOWN_TEXT: usize = 4096;

/// How many requests of a capture are checked at once.
const BATCH: usize = 256;

/// What gclint reads, for the help of an input it cannot.
const READS: &str = "gclint reads HAR captures, SDK and NDJSON request logs, .http files, curl commands and JSON request bodies (gzip or zstd compressed too); --input-format names the format";

/// Reports the parts of a capture its reader could not read: one finding per kind of problem,
/// at its first place, with how often it happened.
fn report_problems(name: &str, problems: &[InputError], out: &mut Vec<Diagnostic>) {
    let mut kinds: Vec<(&input::InputError, usize)> = Vec::new();
    for p in problems {
        match kinds.iter_mut().find(|(k, _)| k.message == p.message) {
            Some((_, n)) => *n += 1,
            None => kinds.push((p, 1)),
        }
    }
    for (p, n) in kinds {
        out.push(rules::name_diagnostic(
            name,
            &rules::INVALID_INPUT,
            match n {
                1 => format!("{}: 1 in this file", p.message),
                n => format!("{}: {n} in this file (the first is shown)", p.message),
            },
            p.offset.unwrap_or(0),
            p.line_col.unwrap_or((1, 1)),
            Some(p.help.clone().unwrap_or_else(|| "these parts were skipped; the rest of the file was checked".into())),
        ));
    }
}

fn lint_payload(src: &Source, opts: &Options, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let mapped = opts.config.payload_endpoint(Path::new(&src.name));
    if let Some(ep) = opts.endpoint.as_ref().or(mapped) {
        stats.payloads += 1;
        let ex = payload::exchange(src, &ep.method, &ep.url, Endpoint::Flag);
        out.extend(rules::check_payload(src, &ex, &opts.given));
        return;
    }
    let text = String::from_utf8_lossy(&src.bytes[src.bom_len()..]);
    let parsed = serde_json::from_str::<Value>(&text);
    let op = match &parsed {
        Ok(v) => infer_operation(v),
        Err(_) => None,
    };
    match (parsed.is_ok(), op) {
        (true, Some(op)) => {
            stats.payloads += 1;
            let ex = payload::exchange(src, &op.method, &op.path, Endpoint::Inferred);
            out.extend(rules::check_payload(src, &ex, &opts.given));
        }
        (false, _) => {
            // Broken JSON: only the syntax can be checked.
            stats.payloads += 1;
            let ex = payload::exchange(src, "", "", Endpoint::Inferred);
            out.extend(rules::check_payload(src, &ex, &opts.given));
        }
        (true, None) if src.explicit => {
            stats.payloads += 1;
            out.push(rules::file_diagnostic(
                src,
                &rules::UNMATCHED_PAYLOAD,
                format!("{} matches no request body of the conversations API", src.name),
                Some(src.bom_len()),
                None,
                Some("name the operation it is sent to: --endpoint \"PATCH /api/v2/conversations/{conversationId}/participants/{participantId}\"".into()),
            ));
        }
        (true, None) => stats.skipped += 1,
    }
}

/// Guesses the operation a bare body is meant for from its top-level fields: the schema view
/// whose properties (and read-only fields) cover most of them, and that view's plainest current
/// operation.
pub fn infer_operation(body: &Value) -> Option<&'static Operation> {
    let obj = body.as_object()?;
    if obj.is_empty() {
        return None;
    }
    let catalog = Catalog::get();
    // Ties go to the bodies people write most (schemas/facts.json).
    let priority = &facts().view_priority;
    let rank = |name: &str| priority.iter().position(|v| v == name).unwrap_or(priority.len());
    let mut best: Option<(f32, usize, &'static str)> = None;
    for fields in schemas::top_fields() {
        let name = fields.view;
        let (mut score, mut known) = (0.0, 0);
        for key in obj.keys() {
            if fields.properties.contains(key) || fields.read_only.contains(key) {
                score += 1.0;
                known += 1;
            } else if facts().view_aliases.get(name).is_some_and(|aliases| aliases.contains(key)) {
                score += 0.5;
                known += 1;
            } else {
                score -= 0.1;
            }
        }
        // A body whose fields are mostly foreign to the model is some other JSON document (a
        // Data Action export, a package manifest) that shares a common name such as `name`:
        // checking it as this body would only report false errors.
        if score <= 0.0 || known * 2 < obj.len() {
            continue;
        }
        let candidate = (score, rank(name), name);
        let better = match best {
            None => true,
            Some((s, r, _)) => score > s || (score == s && candidate.1 < r),
        };
        if better {
            best = Some(candidate);
        }
    }
    let (_, _, view) = best?;
    catalog
        .operations
        .iter()
        .filter(|op| op.status == Status::Current && op.body.as_deref() == Some(view))
        .min_by_key(|op| op.path.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_guessed_only_when_most_of_its_fields_belong_to_the_model() {
        let guess = |v: Value| infer_operation(&v).map(|op| op.signature());
        // A Genesys Data Action export: `name` is a (read-only) field of a conversation, the
        // other five are nothing of the API's; an npm manifest likewise. Neither is a body.
        let export = serde_json::json!({"name": "Get Recording", "integrationType": "purecloud-data-actions",
            "actionType": "custom", "config": {}, "contract": {}, "secure": false});
        assert_eq!(guess(export), None);
        let manifest = serde_json::json!({"name": "app", "version": "1.0.0", "scripts": {}, "dependencies": {}});
        assert_eq!(guess(manifest), None);
        // The mistakes gclint exists for are still recognised, invented fields and all.
        let root = serde_json::json!({"participants": [{"id": "p1", "action": "disconnect"}]});
        assert!(guess(root).is_some_and(|s| s.starts_with("PATCH") && !s.contains("participants")));
        let leg = serde_json::json!({"state": "disconnected", "action": "disconnect", "reason": "x"});
        assert!(guess(leg).is_some_and(|s| s.ends_with("/participants/{participantId}")));
    }

    /// A capture of `n` small entries (several windows when `n` is over 512).
    fn capture(n: usize) -> String {
        let entry =
            r#"{"request":{"method":"GET","url":"https://example.org/x","headers":[]},"response":{"status":200}}"#;
        format!(r#"{{"log":{{"entries":[{}]}}}}"#, vec![entry; n].join(","))
    }

    /// Streams `text` through [`stream_windows`] on `jobs` threads, reading each window with
    /// `read`: the fatal error, if any.
    fn stream(
        text: &str,
        jobs: usize,
        read: impl Fn(input::har::Window) -> ReadWindow + Sync + Send,
    ) -> Option<InputError> {
        let opts = Options { threads: Threads::new(Some(jobs)), ..Options::default() };
        let (mut stats, mut out) = (Stats::default(), Vec::new());
        let mut run = CaptureRun::new("t.har", &opts);
        let mut splitter = input::har::Splitter::new(text.as_bytes());
        opts.threads.install(|| stream_windows(&mut splitter, read, &mut run, &mut stats, &mut out))
    }

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
            let (rest, origin, starts_with_bom) = past_blank(head, &mut reader).unwrap();
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
        let (rest, origin, _) = past_blank(head, &mut reader).unwrap();
        assert!(rest.is_empty());
        assert_eq!(origin.offset, blank.len());
    }

    /// A window that fails to be read (a bug) ends the capture with an error, on one thread or
    /// many, however many windows are out: it does not wait for ever for the window's turn.
    #[test]
    fn a_window_that_fails_to_be_read_ends_the_capture() {
        let text = capture(20 * 512);
        let opts = Options::default();
        for jobs in [1, 2, 4] {
            for broken in [0, 1, 5, 15] {
                let read_so_far = std::sync::atomic::AtomicUsize::new(0);
                let read = |window: input::har::Window| {
                    let n = read_so_far.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    assert!(n != broken, "window {n} breaks");
                    read_window("t.har", &opts, window)
                };
                let error = stream(&text, jobs, read).expect("the failure is an error");
                assert_eq!(error.message, reader_failed().message, "jobs {jobs}, window {broken}");
            }
            let whole = stream(&text, jobs, |window| read_window("t.har", &opts, window));
            assert!(whole.is_none(), "jobs {jobs}: {:?}", whole.map(|e| e.message));
        }
    }
}
