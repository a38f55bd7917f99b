//! Credentials: finding them, replacing them in a copy of a capture (`gclint redact`), and
//! masking them in everything `gclint check`, `suggest` and `check --diff` print. What a
//! credential is, is decided in one place, [`scan`] (the secret taxonomy), for all three.
//!
//! One placeholder everywhere: `<redacted:N>`, where N is the length of the value it replaces in
//! characters. It keeps what surrounds the value (the `Bearer ` scheme, the cookie's name, the
//! parameter's name, a trailing space), and [`scan::is_placeholder`] knows it, so a redacted
//! capture holds no `secret-in-capture`.
//!
//! A redaction is complete or fails: the copy is read again with the same taxonomy, and a
//! credential still seen in it, or a replaced value still standing anywhere in it, is an error
//! (`gclint redact` exits 2 and writes nothing). Values found once are replaced wherever else
//! they stand ([`MIN_TWIN`]), and masked wherever a finding quotes them ([`Known`]).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

mod json;
mod shell;

use std::collections::BTreeMap;
use std::io::{Read, Write};

use crate::files::read_head;
use crate::input::decompress::{self, Codec};
use crate::input::read::{BOM, is_blank};
use crate::input::{Format, HEAD, ReadOptions};
use crate::secrets::edit::{Edit, MIN_TWIN, add_twins, apply, find_all, plain_edits, values_of};
use crate::secrets::scan::{self, Kind};
use crate::source::Origin;

/// How many values of each kind were replaced.
type Counts = BTreeMap<Kind, usize>;

/// Why a file cannot be redacted. Nothing is written then.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a redaction did: the format read, the values replaced, the compression.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The format the file was read as.
    pub format: Format,
    /// How many values of each kind were replaced.
    pub counts: BTreeMap<Kind, usize>,
    /// The compression the file had (and its copy has again).
    pub codec: Option<Codec>,
}

/// `3 credentials (2 × Authorization header, 1 × cookie)`.
fn summary_of(counts: &BTreeMap<Kind, usize>) -> String {
    let n: usize = counts.values().sum();
    let kinds: Vec<String> = counts.iter().map(|(k, n)| format!("{n} × {}", k.name())).collect();
    let plural = if n == 1 { "" } else { "s" };
    if kinds.is_empty() {
        format!("{n} credential{plural}")
    } else {
        format!("{n} credential{plural} ({})", kinds.join(", "))
    }
}

impl Summary {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn summary(&self) -> String {
        summary_of(&self.counts)
    }
}

/// A redacted copy of a file.
#[derive(Debug)]
pub struct Redacted {
    pub bytes: Vec<u8>,
    /// The format the file was read as.
    pub format: Format,
    /// How many values of each kind were replaced.
    pub counts: BTreeMap<Kind, usize>,
    /// The compression the file had (and its copy has again).
    pub codec: Option<Codec>,
}

impl Redacted {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// `3 credentials (2 × Authorization header, 1 × cookie)`.
    pub fn summary(&self) -> String {
        summary_of(&self.counts)
    }
}

/// The format a text is read as (`Auto`: told apart as `check` does).
fn format_of(text: &str, format: Format, name: &str) -> Result<Format, Error> {
    match format {
        Format::Auto => {
            let trimmed = text.trim_start();
            match crate::input::sniff(trimmed, &crate::input::extension(name)) {
                Some(f) => Ok(f),
                None if trimmed.starts_with(['{', '[']) => Ok(Format::Har),
                None => Err(Error(
                    "not a capture gclint reads: no HAR, SDK log, .http request, curl command or JSON document found"
                        .into(),
                )),
            }
        }
        f => Ok(f),
    }
}

/// The edits that redact a text read as `format` (`Auto`: told apart as `check` does); `origin`
/// is where the text starts in the file (after whitespace copied through), for messages.
fn edits_of(text: &str, base: usize, format: Format, name: &str, origin: Origin) -> Result<(Vec<Edit>, Format), Error> {
    let format = format_of(text, format, name)?;
    let json_error = |e: serde_json::Error| {
        let column = if e.line() == 1 { origin.column + e.column() - 1 } else { e.column() };
        Error(format!(
            "not valid JSON (line {}, column {column}): {}; a capture that cannot be read cannot be redacted safely",
            origin.line + e.line() - 1,
            crate::input::json::error_reason(&e)
        ))
    };
    let file_name = std::path::Path::new(name).file_name().and_then(|n| n.to_str());
    let env = matches!(file_name, Some("http-client.env.json" | "http-client.private.env.json"));
    let edits = match format {
        Format::Payload | Format::Auto | Format::Har if env => {
            json::env_file(text, base, file_name == Some("http-client.private.env.json")).map_err(json_error)?
        }
        Format::Har | Format::Payload | Format::Auto | Format::DataAction | Format::Postman | Format::Insomnia => {
            let mut walker = json::Walker::new(text, base);
            walker.document().map_err(json_error)?;
            walker.edits
        }
        Format::Jsonl => json::lines(text, base),
        Format::SdkText => plain_edits(scan::scan(text), text, base),
        // Source code: credentials in the shapes the scan knows, and the values of credential
        // headers its raw calls write as literals (`Authorization: 'Bearer ...'`).
        Format::JavaScript | Format::Python => {
            let mut found = scan::scan(text);
            found.extend(crate::input::source::secrets(text, format, &crate::input::extension(name)));
            scan::tidy(&mut found);
            plain_edits(found, text, base)
        }
        Format::GcLog => plain_edits(crate::input::gc_log::secrets(text), text, base),
        Format::Terraform => {
            let mut found = scan::scan(text);
            found.extend(crate::input::terraform::secrets(text));
            scan::tidy(&mut found);
            plain_edits(found, text, base)
        }
        Format::Http => {
            let mut found = scan::scan(text);
            found.extend(scan::http_variables(text));
            scan::tidy(&mut found);
            plain_edits(found, text, base)
        }
        Format::Curl => shell::edits(text, base),
    };
    Ok((edits, format))
}

/// Redacts a whole text (`plain`: the file's bytes, decompressed, from `origin` on): the
/// taxonomy's edits and their twins, applied; then the copy is read again as the same format,
/// and anything the taxonomy still sees in it, or any replaced value still in it, fails the
/// redaction.
fn redact_text(plain: &[u8], name: &str, format: Format, origin: Origin) -> Result<(Vec<u8>, Format, Counts), Error> {
    let bom = if plain.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = std::str::from_utf8(plain.get(bom..).unwrap_or_default()).map_err(|e| {
        Error(format!(
            "not UTF-8 text (invalid byte at offset {}): not a capture gclint reads",
            origin.offset + bom + e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(Error("the file is empty".into()));
    }
    let (mut edits, format) = edits_of(text, bom, format, name, origin)?;
    if edits.is_empty() {
        // Nothing the taxonomy sees: the copy is the file, and reading it again would find
        // nothing either.
        return Ok((plain.to_vec(), format, BTreeMap::new()));
    }
    if format != Format::Curl {
        add_twins(plain, &mut edits);
    }
    let replaced: Vec<Vec<u8>> = values_of(plain, &edits).into_iter().map(String::into_bytes).collect();
    let (out, counts) = apply(plain, edits);
    let after = std::str::from_utf8(out.get(bom..).unwrap_or_default())
        .map_err(|_| Error("the redacted copy is not UTF-8 (a bug): nothing was written".into()))?;
    if format == Format::Curl && !shell::verify(text, after, bom) {
        return Err(Error(
            "its shell quoting is too irregular to replace the credentials without changing the commands".into(),
        ));
    }
    verify(&out, after, bom, format, name, &replaced, origin)?;
    Ok((out, format, counts))
}

/// Fails when the copy still holds a credential the taxonomy sees, or a value that was replaced
/// elsewhere (at least [`MIN_TWIN`] long).
fn verify(
    out: &[u8],
    after: &str,
    bom: usize,
    format: Format,
    name: &str,
    replaced: &[Vec<u8>],
    origin: Origin,
) -> Result<(), Error> {
    let (left, _) = edits_of(after, bom, format, name, origin)?;
    if let Some(e) = left.first() {
        return Err(Error(format!(
            "a {} at byte {} could not be replaced completely; a copy that still holds a credential is not written",
            e.kind.name(),
            origin.offset + e.range.start
        )));
    }
    let patterns: Vec<&[u8]> = replaced.iter().filter(|v| v.len() >= MIN_TWIN).map(Vec::as_slice).collect();
    if !find_all(out, &patterns).is_empty() {
        return Err(Error(
            "a credential stands in it where it cannot be replaced safely; a copy that still holds it is not written"
                .into(),
        ));
    }
    Ok(())
}

/// Redacts a whole file: every credential replaced by a placeholder, every other byte as it was.
/// A compressed file is expanded (within `opts.max_decompressed`) and compressed again.
pub fn redact(bytes: &[u8], name: &str, opts: &ReadOptions) -> Result<Redacted, Error> {
    let mut out = Vec::new();
    let s = redact_to(bytes, name, opts, &mut out)?;
    Ok(Redacted { bytes: out, format: s.format, counts: s.counts, codec: s.codec })
}

/// Redacts what `reader` holds into `out`. A HAR capture is read and written a window of
/// entries at a time (see [`crate::input::har::Splitter`]), so memory stays flat whatever its
/// size; any other format is read whole, up to `opts.max_decompressed` bytes (0: no bound). A
/// gzip or zstd input is expanded in a stream within `opts.max_decompressed` and compressed
/// again. On `Err`, what was written to `out` is incomplete and must be thrown away: the caller
/// writes to a temporary file and keeps it only on success.
pub fn redact_to<R: Read + Send, W: Write>(
    reader: R,
    name: &str,
    opts: &ReadOptions,
    out: &mut W,
) -> Result<Summary, Error> {
    let mut reader = reader;
    let io = |e: std::io::Error| Error(format!("cannot read it: {e}"));
    let head = read_head(&mut reader, HEAD).map_err(io)?;
    let codec = decompress::codec(&head);
    let input = std::io::Cursor::new(head).chain(reader);
    let Some(codec) = codec else {
        let (format, counts) = redact_plain(input, name, opts, None, out, &|e| format!("cannot read it: {e}"))?;
        return Ok(Summary { format, counts, codec: None });
    };
    // (The decompressor is asked for at most 1 MiB a read: see decompress::reader.)
    let expanded = decompress::reader(input, codec, opts.max_decompressed).map_err(Error)?;
    let explain = move |e: &std::io::Error| decompress::explain(e, codec);
    let failed = |e: std::io::Error| Error(format!("cannot compress: {e}"));
    let (format, counts) = match codec {
        Codec::Gzip => {
            let mut enc = flate2::write::GzEncoder::new(out, flate2::Compression::default());
            let done = redact_plain(expanded, name, opts, Some(codec), &mut enc, &explain)?;
            enc.try_finish().map_err(failed)?;
            done
        }
        Codec::Zstd => {
            // The plain copy goes through a temporary file, compressed from there.
            let mut plain = tempfile::tempfile().map_err(failed)?;
            let done = {
                let mut w = std::io::BufWriter::new(&mut plain);
                let done = redact_plain(expanded, name, opts, Some(codec), &mut w, &explain)?;
                w.flush().map_err(failed)?;
                done
            };
            std::io::Seek::rewind(&mut plain).map_err(failed)?;
            ruzstd::encoding::compress(
                std::io::BufReader::new(plain),
                &mut *out,
                ruzstd::encoding::CompressionLevel::Fastest,
            );
            done
        }
    };
    Ok(Summary { format, counts, codec: Some(codec) })
}

/// [`redact_to`] for a plain (decompressed) input; `codec` is the compression it had, and
/// `explain` words a read failure. Leading whitespace is copied through as it is read; then a
/// HAR is redacted as a stream, and anything else read whole, up to `opts.max_file` bytes in
/// all (0: no bound), as `check` reads it: a larger input is an error, never a copy of what
/// fitted.
fn redact_plain<R: Read, W: Write>(
    mut reader: R,
    name: &str,
    opts: &ReadOptions,
    codec: Option<Codec>,
    out: &mut W,
    explain: &dyn Fn(&std::io::Error) -> String,
) -> Result<(Format, BTreeMap<Kind, usize>), Error> {
    let mut head = read_head(&mut reader, HEAD).map_err(|e| Error(explain(&e)))?;
    let mut origin = Origin::default();
    if head.len() == HEAD && is_blank(&head) {
        // Copied through as it is read, and bounded as `check` bounds it.
        let mut unwritten = None;
        let mut copy = |blank: &[u8]| {
            out.write_all(blank).map_err(|e| {
                let stop = std::io::Error::new(e.kind(), "the copy could not be written");
                unwritten = Some(e);
                stop
            })
        };
        let read = crate::input::read::past_blank(head, &mut reader, opts.max_decompressed, &mut copy);
        if let Some(e) = unwritten {
            return Err(Error(format!("cannot write the copy: {e}")));
        }
        (head, origin, _) = read.map_err(|e| Error(explain(&e)))?;
        if opts.max_decompressed > 0 && origin.offset as u64 > opts.max_decompressed {
            return Err(Error(format!(
                "{name} starts with more than {} of whitespace (--max-decompressed-size): not redacted",
                crate::text::human_size(opts.max_decompressed)
            )));
        }
    }
    let bare = head.strip_prefix(BOM).unwrap_or(&head);
    let har = matches!(opts.format, Format::Auto | Format::Har)
        && crate::input::har::starts_like_har(bare.trim_ascii_start());
    if har {
        let counts = redact_har(std::io::Cursor::new(head).chain(reader), out, explain, origin)?;
        return Ok((Format::Har, counts));
    }
    // What is no capture at all (a file of zeros) is refused on its first bytes, before the rest
    // is read.
    if opts.format == Format::Auto {
        let prefix = match std::str::from_utf8(bare) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(bare.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
        };
        if !prefix.trim().is_empty() {
            format_of(prefix, opts.format, name)?;
        }
    }
    let mut bytes = head;
    let limit = opts.max_file;
    // The whitespace copied through counts: the limit is on the file.
    let size = |bytes: &[u8]| (origin.offset + bytes.len()) as u64;
    let too_large = || {
        let what = if codec.is_some() { "expands to more than" } else { "is larger than" };
        Error(format!(
            "the file {what} {} (--max-file-size); gclint redacts a HAR capture as a stream and reads any other input whole, up to --max-file-size (0: no limit)",
            crate::text::human_size(limit)
        ))
    };
    if limit > 0 && size(&bytes) > limit {
        return Err(too_large());
    }
    if bytes.len() == HEAD {
        // The rest, up to the limit; one byte more tells that it goes past it.
        let room = if limit == 0 { u64::MAX } else { limit - size(&bytes) };
        // Room for all of it at once (taken from the system only as it is filled): a buffer that
        // grows by doubling would hold the old and the new copy at once.
        if limit > 0 {
            let _ = bytes.try_reserve_exact(usize::try_from(room.saturating_add(1)).unwrap_or(usize::MAX));
        }
        reader.take(room.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error(explain(&e)))?;
        if limit > 0 && size(&bytes) > limit {
            return Err(too_large());
        }
    }
    let (copy, format, counts) = redact_text(&bytes, name, opts.format, origin)?;
    out.write_all(&copy).map_err(|e| Error(format!("cannot write the copy: {e}")))?;
    Ok((format, counts))
}

/// The bytes a [`crate::input::har::Splitter`] reads, kept until they are written out (the
/// splitter hands out entries; what stands between and around them is taken from here).
#[derive(Default)]
struct Kept {
    bytes: Vec<u8>,
    /// The file offset of `bytes[0]`.
    start: usize,
    /// Set when more than [`MAX_KEPT`] bytes were waiting to be written.
    overflow: bool,
}

/// The most of a HAR read and not yet written: one entry (with the window it ends) or the
/// structure around the entries. More is an error, so that a capture that is mostly something
/// else than entries (a stream of blanks from a decompression bomb) cannot fill memory. The
/// splitter holds the entry being read as well, in a buffer that grows by doubling, so memory
/// peaks at about three times this: 96 MiB keeps the peak near 300 MB (a 300 MB URL reached
/// 800 MB at 256 MiB).
const MAX_KEPT: usize = 96 << 20;

struct Tee<R> {
    inner: R,
    kept: std::rc::Rc<std::cell::RefCell<Kept>>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut kept = self.kept.borrow_mut();
        if kept.bytes.len() + n > MAX_KEPT {
            kept.overflow = true;
            return Err(std::io::Error::other("too much of the capture is waiting to be written"));
        }
        if kept.bytes.capacity() - kept.bytes.len() < n {
            // Room up to the bound at once (taken from the system only as it is filled), rather
            // than doubling, which would hold two copies while growing.
            let len = kept.bytes.len();
            let want = if len < 16 << 20 { (len + n) * 2 } else { MAX_KEPT };
            let _ = kept.bytes.try_reserve_exact(want.max(len + n) - len);
        }
        kept.bytes.extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// Redacts a HAR capture as a stream: each entry of `log.entries` as a JSON document of its own
/// (as [`redact_document`] would in the whole file), what stands around the entries as text.
fn redact_har<R: Read, W: Write>(
    reader: R,
    out: &mut W,
    explain: &dyn Fn(&std::io::Error) -> String,
    origin: Origin,
) -> Result<BTreeMap<Kind, usize>, Error> {
    // What comes before `origin` (whitespace) is written already.
    let kept = std::rc::Rc::new(std::cell::RefCell::new(Kept { start: origin.offset, ..Kept::default() }));
    let tee = Tee { inner: reader, kept: std::rc::Rc::clone(&kept) };
    let mut splitter = crate::input::har::Splitter::starting_at(tee, origin);
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut add = |c: BTreeMap<Kind, usize>| c.into_iter().for_each(|(k, n)| *counts.entry(k).or_default() += n);
    let write = |out: &mut W, b: &[u8]| out.write_all(b).map_err(|e| Error(format!("cannot write the copy: {e}")));
    // The file up to here is written.
    let mut done = origin.offset;
    loop {
        let window = match splitter.next_window() {
            Ok(Some(w)) => w,
            Ok(None) => break,
            Err(e) => {
                if kept.borrow().overflow {
                    return Err(Error(format!(
                        "more than {} of it stands outside the entries of `log.entries`, or in one entry: too much to redact as a stream",
                        crate::text::human_size(MAX_KEPT as u64)
                    )));
                }
                if let Some(io) = splitter.io_error.take() {
                    return Err(Error(explain(&io)));
                }
                return Err(Error(format!(
                    "{} (line {}); a capture that cannot be read cannot be redacted safely",
                    e.message,
                    e.line_col.map_or(0, |l| l.0)
                )));
            }
        };
        let origin = window.origin.offset;
        let mut at = origin;
        // The entries of a window are redacted on every thread, and written in order.
        let copies: Vec<Result<(Vec<u8>, Counts), Error>> = {
            use rayon::prelude::*;
            let bytes: &[u8] = &window.bytes;
            window
                .entries
                .par_iter()
                .enumerate()
                .map(|(i, r)| {
                    let entry = bytes.get(r.clone()).unwrap_or_default();
                    redact_text(entry, "entry.har", Format::Har, Origin::default())
                        .map(|(copy, _, c)| (copy, c))
                        .map_err(|e| Error(format!("entry {}: {e}", window.first_index + i)))
                })
                .collect()
        };
        for (r, copy) in window.entries.iter().zip(copies) {
            let (between, c) = around(&kept.borrow(), done, origin + r.start)?;
            add(c);
            write(out, &between)?;
            let (copy, c) = copy?;
            add(c);
            write(out, &copy)?;
            done = origin + r.end;
            at = done;
        }
        let mut k = kept.borrow_mut();
        let drop_to = at.saturating_sub(k.start).min(k.bytes.len());
        k.bytes.drain(..drop_to);
        k.start += drop_to;
        drop(k);
        splitter.recycle(window.bytes);
    }
    // What follows the last entry: the end of `log.entries` and of the HAR.
    let end = {
        let k = kept.borrow();
        k.start + k.bytes.len()
    };
    let (rest, c) = around(&kept.borrow(), done, end)?;
    add(c);
    write(out, &rest)?;
    Ok(counts)
}

/// The bytes of the file from `from` to `to` (which stand between entries), redacted as text.
fn around(kept: &Kept, from: usize, to: usize) -> Result<(Vec<u8>, BTreeMap<Kind, usize>), Error> {
    let bytes = kept.bytes.get(from.saturating_sub(kept.start)..to.saturating_sub(kept.start)).unwrap_or_default();
    if bytes.is_empty() {
        return Ok((Vec::new(), BTreeMap::new()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error("not UTF-8 text: not a capture gclint reads".into()))?;
    let mut edits = plain_edits(scan::scan(text), text, 0);
    add_twins(bytes, &mut edits);
    let (out, counts) = apply(bytes, edits);
    let after = String::from_utf8_lossy(&out);
    if !scan::scan(&after).is_empty() {
        return Err(Error("a credential outside the entries could not be replaced completely".into()));
    }
    Ok((out, counts))
}

/// A HAR redacted as one JSON document (not as a stream of entries): the whole-file result that
/// [`redact_to`]'s stream must equal. For tests.
#[doc(hidden)]
pub fn redact_document(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    redact_text(bytes, "capture.har", Format::Har, Origin::default()).map(|(out, _, _)| out)
}

/// The secret values in a file (as written in it), for `::add-mask::` and for masking what is
/// printed about the file. Empty when the file cannot be read.
pub fn secret_values(bytes: &[u8], name: &str, opts: &ReadOptions) -> Vec<String> {
    let expanded;
    let plain = match decompress::codec(bytes) {
        None => bytes,
        Some(c) => match decompress::expand(bytes, c, opts.max_decompressed) {
            Ok(b) => {
                expanded = b;
                &expanded
            }
            Err(_) => return Vec::new(),
        },
    };
    let bom = if plain.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = match std::str::from_utf8(plain.get(bom..).unwrap_or_default()) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(plain.get(bom..bom + e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
    };
    let Ok((edits, _)) = edits_of(text, bom, opts.format, name, Origin::default()) else {
        // A broken file: what the scanner finds in its text.
        return scan::scan(text).into_iter().filter_map(|f| text.get(f.range).map(str::to_owned)).collect();
    };
    values_of(plain, &edits)
}

/// The secret values in one JSON document (a HAR entry read as a stream), as
/// [`secret_values`] finds them in a whole file.
pub fn json_secret_values(text: &str) -> Vec<String> {
    let mut walker = json::Walker::new(text, 0);
    match walker.document() {
        Ok(()) => values_of(text.as_bytes(), &walker.edits),
        Err(_) => scan::scan(text).into_iter().filter_map(|f| text.get(f.range).map(str::to_owned)).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    fn har_opts() -> ReadOptions {
        ReadOptions { max_decompressed: decompress::DEFAULT_LIMIT, ..Default::default() }
    }

    #[test]
    fn masks_credentials_in_the_query_only() {
        assert_eq!(
            crate::secrets::mask::url("https://h/p?a=1&access_token=abcdef#x"),
            "https://h/p?a=1&access_token=<redacted:6>#x"
        );
        assert_eq!(crate::secrets::mask::url("https://h/p"), "https://h/p");
    }

    #[test]
    fn har_secrets_are_replaced_in_place() {
        let har = r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://h/cb?code=abc123&state=xyz","headers":[{"name":"Authorization","value":"Bearer tok\u0065n1234"},{"name":"Accept","value":"*/*"}],"cookies":[{"name":"sid","value":"c00kie"}],"queryString":[{"name":"code","value":"abc123"},{"name":"state","value":"xyz"}],"postData":{"mimeType":"application/json","text":"{\"password\":\"hunter2\",\"user\":\"u\"}"}},"response":{"content":{"text":"{\"access_token\":\"AT-1\"}"}}}]}}"#;
        let r = redact(har.as_bytes(), "a.har", &har_opts()).unwrap();
        let out = String::from_utf8(r.bytes.clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let req = &v["log"]["entries"][0]["request"];
        assert_eq!(req["headers"][0]["value"], "Bearer <redacted:9>");
        assert_eq!(req["headers"][1]["value"], "*/*");
        assert_eq!(req["cookies"][0]["value"], "<redacted:6>");
        assert_eq!(req["url"], "https://h/cb?code=<redacted:6>&state=<redacted:3>");
        assert_eq!(req["queryString"][0]["value"], "<redacted:6>");
        assert_eq!(req["postData"]["text"], r#"{"password":"<redacted:7>","user":"u"}"#);
        assert_eq!(v["log"]["entries"][0]["response"]["content"]["text"], r#"{"access_token":"<redacted:4>"}"#);
        assert_eq!(r.total(), 8, "{:?}", r.counts);
    }

    #[test]
    fn shell_words_keep_their_quoting() {
        let sh = "curl -H 'Authorization: Bearer abcdefgh' -b \"sid=s1d\" -u me:pa55 https://h/x?access_token=tt\n";
        let r = redact(sh.as_bytes(), "a.sh", &har_opts()).unwrap();
        assert_eq!(
            String::from_utf8(r.bytes).unwrap(),
            "curl -H 'Authorization: Bearer <redacted:8>' -b \"sid=<redacted:3>\" -u me:\\<redacted:4\\> https://h/x?access_token=\\<redacted:2\\>\n"
        );
    }

    #[test]
    fn masking_moves_spans() {
        let text = "a=1&password=secret&b=2";
        let mut spans = vec![20..23, 4..12];
        let m = crate::secrets::mask::mask(text, &mut spans).unwrap();
        assert_eq!(m, "a=1&password=<redacted:6>&b=2");
        assert_eq!(&m[spans[0].clone()], "b=2");
        assert_eq!(&m[spans[1].clone()], "password");
    }
}
