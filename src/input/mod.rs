//! Finding inputs and telling their formats apart. Readers know formats, nothing else: each turns
//! a file into [`Exchange`]s through [`Capture::add`], with every string keeping its place in the
//! file.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod curl;
pub mod decompress;
pub mod har;
pub mod http_file;
pub(crate) mod json;
pub mod jsonl;
pub mod payload;
pub mod sdk_text;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::catalog::hosts;
use crate::exchange::{Body, Endpoint, Exchange, Header, Response};
use crate::source::Source;
use crate::text::Text;

/// The formats gclint reads. `Auto` tells them apart by content (and by extension where the
/// content cannot tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Auto,
    /// HAR 1.1/1.2 captures, a HAR request object, or an array of them.
    Har,
    /// JSON lines: Genesys SDK JSON logs (JavaScript, Go, Python) and generic NDJSON request logs.
    Jsonl,
    /// The Genesys SDKs' text log blocks (`=== REQUEST ===` / `=== RESPONSE ===`).
    SdkText,
    /// JetBrains HTTP Client / VS Code REST Client request files (`.http`, `.rest`).
    Http,
    /// curl command lines (bash or cmd quoting, DevTools' "Copy as cURL").
    Curl,
    /// A bare JSON request body.
    Payload,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Har => "HAR",
            Format::Jsonl => "JSON lines request log",
            Format::SdkText => "SDK text log",
            Format::Http => ".http request file",
            Format::Curl => "curl commands",
            Format::Payload => "JSON payload",
        }
    }
}

/// What readers may need besides the text: where the file is (for `@file` bodies and
/// `http-client.env.json`), and the user's choices.
#[derive(Debug, Default, Clone)]
pub struct ReadOptions {
    /// The format to read every input as (`--input-format`); `Auto` sniffs.
    pub format: Format,
    /// The environment of `http-client.env.json` whose variables fill `{{placeholders}}`.
    pub http_env: Option<String>,
    /// The most bytes a compressed input may expand to.
    pub max_decompressed: u64,
    /// The largest request body (or payload file) checked, in bytes; 0 for no limit. Larger
    /// ones are reported, not checked.
    pub max_body: u64,
    /// Where body files named by the inputs (`< file`, `-d @file`) may be read from
    /// (`--allow-includes-outside` lifts the confinement).
    pub includes: Includes,
    /// The most bytes of an input read whole (anything but a HAR capture, which is streamed),
    /// expanded when compressed; 0 for no limit. A larger input is reported, not checked.
    pub max_file: u64,
}

/// Where a body file named inside an input (a `.http` file's `< file`, curl's `-d @file`) may be
/// read from. A capture is untrusted, and so are the names it holds: read anywhere, `<
/// /proc/self/environ` would print the environment in the finding's snippet.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Includes {
    /// Only the directory tree of the file naming it (the working directory's for stdin): no
    /// absolute path, no `..` above the directory, no symbolic link that leads out of it.
    #[default]
    Confined,
    /// Anywhere the user can read (`--allow-includes-outside`).
    Anywhere,
}

/// Why a body file named inside an input was not read.
#[derive(Debug)]
pub enum IncludeError {
    /// It is not in the directory tree the input may read from.
    Outside,
    /// It could not be read (missing, not a regular file, too large).
    Read(crate::files::ReadError),
}

impl IncludeError {
    /// A problem of the input, at `offset`: `what` says which bodies (`request bodies`), the
    /// rest why they were not read. Problems are summed up by message, so the message names a
    /// kind of failure, not the file.
    pub fn problem(&self, what: &str, offset: usize) -> InputError {
        use crate::files::ReadError;
        match self {
            IncludeError::Outside => InputError::at(
                offset,
                format!("{what} read from a file outside the directory of the file that names it (not read)"),
            )
            .with_help(
                "a body file is read only from the directory of the file that names it (the working directory for stdin) and below: not from an absolute path, not through `..` above it, not through a link leading out of it; --allow-includes-outside reads it anyway",
            ),
            IncludeError::Read(ReadError::NotRegular(kind)) => {
                InputError::at(offset, format!("{what} read from a file that is {kind}, not a regular file (not read)"))
            }
            IncludeError::Read(ReadError::TooLarge { limit, .. }) => InputError::at(
                offset,
                format!("{what} read from a file larger than {} (not read)", decompress::human_size(*limit)),
            ),
            IncludeError::Read(_) => InputError::at(offset, format!("{what} read from a file that cannot be read")),
        }
    }
}

/// Where a reader reads the body files its input names: the directory names resolve against
/// (see [`base_dir`]) and how far from it they may lead.
#[derive(Debug, Clone, Copy)]
pub struct BodyFiles<'a> {
    pub dir: &'a Path,
    pub includes: Includes,
}

impl BodyFiles<'_> {
    /// Reads the body file `name`, at most [`MAX_BODY_FILE`] bytes of a regular file of UTF-8 text.
    /// Confined, the name must not be absolute nor lead above the directory as written, and the
    /// file it resolves to (through every link) must be inside the directory the base resolves
    /// to; nothing outside is opened, so a refusal says nothing about what is there.
    pub fn read(&self, name: &str) -> Result<String, IncludeError> {
        let limit = MAX_BODY_FILE;
        const FLAG: &str = "the most a body file may hold";
        let named = Path::new(name);
        let path = self.dir.join(named);
        if self.includes == Includes::Confined {
            if named.has_root() || !stays_below(named) {
                return Err(IncludeError::Outside);
            }
            let tree = std::fs::canonicalize(self.dir).map_err(|e| IncludeError::Read(e.into()))?;
            let path = std::fs::canonicalize(&path).map_err(|e| IncludeError::Read(e.into()))?;
            if !path.starts_with(&tree) {
                return Err(IncludeError::Outside);
            }
            // The resolved path: no link in it is followed again.
            return crate::files::read_text(&path, limit, FLAG).map_err(IncludeError::Read);
        }
        crate::files::read_text(&path, limit, FLAG).map_err(IncludeError::Read)
    }
}

/// Whether a relative path, read lexically, stays in the directory it starts from (`a/../b` does,
/// `a/../../b` does not; a drive prefix does not).
fn stays_below(path: &Path) -> bool {
    use std::path::Component;
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// The largest body file an input names (`< path` in a `.http` file, curl's `@path`) that is
/// read: as large as the largest body checked by default.
pub const MAX_BODY_FILE: u64 = DEFAULT_MAX_BODY;

/// The default of `--max-body-size`: 64 MiB.
pub const DEFAULT_MAX_BODY: u64 = 64 << 20;

/// How much of an input is read before its compression and format are decided.
pub const HEAD: usize = 64 << 10;

/// The default of `--max-file-size`: 256 MiB.
pub const DEFAULT_MAX_FILE: u64 = 256 << 20;

/// The directory a source's relative references (`@body.json`, `http-client.env.json`) are
/// resolved against, and the tree its body files are confined to ([`BodyFiles`]): the file's own
/// directory, or the working directory for stdin.
pub fn base_dir(src: &Source) -> PathBuf {
    if src.is_stdin() {
        return PathBuf::from(".");
    }
    Path::new(&src.name)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Requests read from a capture. Only requests gclint lints are kept in `exchanges`.
#[derive(Default)]
pub struct Capture {
    pub exchanges: Vec<Exchange>,
    /// Every request seen, linted or not.
    pub requests: usize,
    /// Parts of the file that could not be read (each reader sums up its own: one problem per
    /// kind, pointing at the first place).
    pub problems: Vec<InputError>,
    /// Credentials recorded anywhere in the capture.
    pub secrets: Secrets,
}

/// A request as a reader found it, before gclint decides whether it lints it.
pub struct Draft {
    pub method: String,
    pub url: Text,
    pub headers: Vec<Header>,
    pub body: Option<Body>,
    pub response: Option<Response>,
    /// A note recorded with the request; `gclint: ignore ...` in it suppresses findings.
    pub comment: Option<String>,
}

impl Draft {
    pub fn new(method: impl Into<String>, url: Text) -> Self {
        Draft { method: method.into(), url, headers: Vec::new(), body: None, response: None, comment: None }
    }
}

impl Draft {
    /// The exchange this draft is, as the `index`th request of its capture, sent to `host` and
    /// the URL's `path` (as [`target`] found them).
    pub fn into_exchange(self, index: usize, host: Option<String>, path: Range<usize>) -> Exchange {
        Exchange {
            entry: Some(index),
            method: self.method.trim().to_ascii_uppercase(),
            url: self.url,
            host,
            path,
            headers: self.headers,
            body: self.body,
            response: self.response,
            endpoint: Endpoint::Recorded,
            comment: self.comment,
        }
    }
}

impl Capture {
    /// Counts one request, and keeps it when it is one gclint lints.
    pub fn add(&mut self, draft: Draft) {
        let index = self.requests;
        self.requests += 1;
        if let Some((host, path)) = target(&draft.url.value) {
            self.exchanges.push(draft.into_exchange(index, host, path));
        }
    }

    /// Counts one request read by [`har::read_entry`] (or the like), with what it held.
    pub fn take(&mut self, read: har::Read1) {
        self.requests += 1;
        self.exchanges.extend(read.exchange);
        self.secrets.merge(read.secrets);
        self.problems.extend(read.problem);
    }

    /// Drops the request bodies larger than `max` bytes (0: no limit), each reported as not
    /// checked.
    pub fn limit_bodies(&mut self, max: u64) {
        let limit = usize::try_from(max).unwrap_or(usize::MAX);
        if limit == 0 {
            return;
        }
        let mut skipped = Vec::new();
        for ex in &mut self.exchanges {
            if ex.body.as_ref().is_some_and(|b| b.text.value.len() > limit) {
                skipped.push(ex.body.take().and_then(|b| b.text.map.to_file(0)).unwrap_or(0));
            }
        }
        for at in skipped {
            let size = decompress::human_size(max);
            self.problem(at, format!("request bodies larger than {size} (--max-body-size) were not checked"));
        }
    }

    /// Records a part of the file that cannot be read (reported once per message, with a count).
    pub fn problem(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(InputError::at(offset, message));
    }
}

/// The host and the byte range of the path of a URL gclint lints; `None` for other traffic.
pub fn target(url: &str) -> Option<(Option<String>, Range<usize>)> {
    let (host, path) = split_url(url)?;
    hosts::is_linted(host.as_deref(), &url[path.clone()]).then_some((host, path))
}

/// Live credentials found in a capture: how many of each kind, and where the first is.
#[derive(Default, Debug)]
pub struct Secrets {
    pub kinds: std::collections::BTreeMap<&'static str, usize>,
    pub first: Option<usize>,
    /// Secret values that are not written in the file itself (the values of a `.http` file's
    /// private environment): not counted, but masked wherever they are printed.
    pub values: Vec<String>,
}

impl Secrets {
    pub fn add(&mut self, kind: &'static str, offset: usize) {
        *self.kinds.entry(kind).or_default() += 1;
        self.first = Some(self.first.map_or(offset, |f| f.min(offset)));
    }

    pub fn count(&self) -> usize {
        self.kinds.values().sum()
    }

    /// Adds the credentials found elsewhere in the same file.
    pub fn merge(&mut self, other: Secrets) {
        for (kind, n) in other.kinds {
            *self.kinds.entry(kind).or_default() += n;
        }
        if let Some(o) = other.first {
            self.first = Some(self.first.map_or(o, |f| f.min(o)));
        }
        self.values.extend(other.values);
    }

    /// Counts a header whose value, standing at `offset`, is a live credential.
    pub fn header(&mut self, name: &str, value: &str, offset: usize) {
        use crate::redact::scan::{Kind, header_kind};
        let Some(kind) = header_kind(name) else { return };
        let live = if kind == Kind::Cookie {
            // Each cookie's value (the first pair's of a Set-Cookie): one that clears a cookie
            // (`sid=; Expires=...`) holds nothing.
            crate::redact::scan::header_value(name, value, 0)
                .iter()
                .any(|f| value.get(f.range.clone()).is_some_and(|v| !is_placeholder(v)))
        } else {
            !is_placeholder(value)
        };
        if live {
            self.add(kind.name(), offset);
        }
    }

    /// Counts the value of one cookie (a HAR `cookies` entry), standing at `offset`.
    pub fn cookie_value(&mut self, value: &str, offset: usize) {
        if !is_placeholder(value) {
            self.add("cookie", offset);
        }
    }

    /// Counts the credentials the secret taxonomy sees in a request body (JSON members such as
    /// `password` or `apiKey`, form parameters such as `client_secret=`), where they stand in
    /// the file.
    pub fn body(&mut self, text: &crate::text::Text) {
        if !crate::redact::scan::may_hold(&text.value) {
            return;
        }
        for f in crate::redact::scan::scan(&text.value) {
            let at = text.map.to_file(f.range.start).unwrap_or(0);
            self.add("secret in a request body", at);
        }
    }

    /// Counts the credentials of `url` (as it stands in the file, from `offset`) that the secret
    /// taxonomy sees: query and fragment parameters, the password of its user-info.
    pub fn url(&mut self, url: &str, offset: usize) {
        if memchr::memchr2(b'=', b'@', url.as_bytes()).is_none() {
            return;
        }
        for f in crate::redact::scan::scan(url) {
            let kind = if f.kind == crate::redact::Kind::Password { "password in a URL" } else { "token in a URL" };
            self.add(kind, offset + f.range.start);
        }
    }
}

/// Whether a credential value is a placeholder rather than a live secret (a header value is
/// looked at after its scheme): the secret taxonomy's one notion of a placeholder
/// ([`crate::redact::scan::is_placeholder`]).
pub fn is_placeholder(value: &str) -> bool {
    crate::redact::scan::is_placeholder_credentials(value)
}

/// The value of the first header called `name` (case-insensitive).
pub fn header<'h>(headers: &'h [Header], name: &str) -> Option<&'h str> {
    headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// Splits a URL into its host (lowercase, no port or credentials) and the byte range of its path.
/// A URL that is only a path (`/api/v2/...`) has no host; one without a scheme
/// (`api.mypurecloud.com/api/v2/...`, as curl takes it, or `{{host}}/api/v2/...`) has the host
/// it starts with.
pub fn split_url(url: &str) -> Option<(Option<String>, Range<usize>)> {
    // Byte searches: every entry of a capture has its URL split, and every delimiter is ASCII.
    let query_at = |from: usize| {
        memchr::memchr2(b'?', b'#', url.as_bytes().get(from..).unwrap_or_default()).map_or(url.len(), |j| from + j)
    };
    // A path is a path even when its query holds a URL (`/api/v2/x?next=https://...`).
    if url.starts_with('/') {
        return Some((None, 0..query_at(0)));
    }
    let authority_start = match memchr::memmem::find(url.as_bytes(), b"://") {
        Some(i) => i + 3,
        None => {
            let first = url.split(['/', '?', '#']).next().unwrap_or("");
            let hostish = !first.is_empty()
                && (first.contains('.')
                    || first.starts_with("localhost")
                    || first.starts_with('{')
                    || first.starts_with('$'))
                && !first.contains(char::is_whitespace);
            if !hostish {
                return None;
            }
            0
        }
    };
    let end = memchr::memchr3(b'/', b'?', b'#', url.as_bytes().get(authority_start..).unwrap_or_default())
        .map_or(url.len(), |j| authority_start + j);
    let authority = &url[authority_start..end];
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| format!("{h}]"))
    } else if host_port.starts_with("{{") {
        Some(host_port.to_owned())
    } else {
        host_port.split(':').next().map(str::to_owned)
    };
    Some((
        host.map(|mut h| {
            h.make_ascii_lowercase();
            h
        }),
        end..query_at(end),
    ))
}

/// A file (or a part of one) that cannot be read as what it claims to be.
#[derive(Debug, Clone)]
pub struct InputError {
    pub offset: Option<usize>,
    pub line_col: Option<(usize, usize)>,
    pub message: String,
    /// How to fix it, when the reader knows better than the generic advice.
    pub help: Option<String>,
}

impl InputError {
    pub fn at(offset: usize, message: impl Into<String>) -> Self {
        InputError { offset: Some(offset), line_col: None, message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

pub enum Input {
    Capture(Capture),
    /// A HAR capture: its entries are read as a stream (see [`har::Splitter`]).
    Har,
    /// A JSON document (or something meant to be one) to check as a request body.
    Payload,
    /// Nothing gclint reads (found in a directory walk): counted as skipped, not reported.
    Skip,
    Invalid(InputError),
}

/// The extension of a file name, lowercase, looking through a compression suffix
/// (`capture.har.gz` is a `har`).
pub(crate) fn extension(name: &str) -> String {
    let path = Path::new(name);
    let ext = |p: &Path| p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext(path).as_str() {
        "gz" | "zst" | "zstd" => path.file_stem().map(|stem| ext(Path::new(stem))).unwrap_or_default(),
        other => other.to_owned(),
    }
}

/// Decides what a source is and reads it: by `--input-format` when given, otherwise by content
/// first and by extension where content cannot tell.
pub fn classify(src: &Source, opts: &ReadOptions) -> Input {
    let limit = usize::try_from(opts.max_body).unwrap_or(usize::MAX);
    let too_big = |len: usize| limit > 0 && len > limit;
    let size = |n: u64| decompress::human_size(n);
    match classify_any(src, opts) {
        Input::Payload if too_big(src.bytes.len()) => Input::Invalid(InputError::at(
            0,
            format!(
                "the payload is {} bytes, more than the {} --max-body-size limit: not checked",
                src.bytes.len(),
                size(opts.max_body)
            ),
        )),
        Input::Capture(mut capture) => {
            capture.limit_bodies(opts.max_body);
            Input::Capture(capture)
        }
        other => other,
    }
}

/// Whether an input that holds nothing gclint reads is reported (rather than skipped): it was
/// named, its extension or `--input-format` says it holds something gclint reads.
fn strict(name: &str, explicit: bool, opts: &ReadOptions) -> bool {
    let ext = extension(name);
    let claims = matches!(ext.as_str(), "har" | "json" | "http" | "rest" | "jsonl" | "ndjson" | "sh" | "curl");
    explicit || claims || opts.format != Format::Auto
}

/// What an input is when its first bytes (`head`, from file offset `base` on; an input goes on
/// after them) are not text: a NUL byte or a byte that is not UTF-8 in them (a character cut at
/// the end of them aside). `None` for text. Binary data is refused without reading the rest.
pub fn binary(name: &str, head: &[u8], base: usize, explicit: bool, opts: &ReadOptions) -> Option<Input> {
    let bom = if base == 0 && head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = head.get(bom..).unwrap_or_default();
    let not_utf8 = match simdutf8::compat::from_utf8(text) {
        Err(e) if e.error_len().is_some() => Some(e.valid_up_to()),
        _ => None,
    };
    let nul = memchr::memchr(0, text);
    let (at, what) = match (nul, not_utf8) {
        (Some(n), u) if u.is_none_or(|u| n < u) => (n, "binary data (a NUL byte"),
        (_, Some(u)) => (u, "not UTF-8 text (invalid byte"),
        (_, None) => return None,
    };
    let at = base + bom + at;
    let message = format!("{what} at offset {at}): not a capture, request file or JSON payload");
    Some(if strict(name, explicit, opts) { Input::Invalid(InputError::at(at, message)) } else { Input::Skip })
}

fn classify_any(src: &Source, opts: &ReadOptions) -> Input {
    let ext = extension(&src.name);
    let claims_capture = ext == "har";
    let claims_json = claims_capture || ext == "json";
    let strict = strict(&src.name, src.explicit, opts);
    let base = src.bom_len();
    let text = match simdutf8::compat::from_utf8(src.bytes.get(base..).unwrap_or_default()) {
        Ok(t) => t,
        Err(e) if strict => {
            let offset = base + e.valid_up_to();
            return Input::Invalid(InputError::at(
                offset,
                format!(
                    "not UTF-8 text (invalid byte at offset {offset}): not a capture, request file or JSON payload"
                ),
            ));
        }
        Err(_) => return Input::Skip,
    };
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return if strict { Input::Invalid(InputError::at(0, "the file is empty")) } else { Input::Skip };
    }
    let ctx = Reading { text, base };
    let format = match opts.format {
        Format::Auto => sniff(trimmed, &ext),
        f => Some(f),
    };
    match format {
        Some(Format::Http) => {
            done(http_file::read(text, base, &base_dir(src), opts.http_env.as_deref(), opts.includes))
        }
        Some(Format::Curl) => done(curl::read(text, base, &base_dir(src), opts.includes)),
        Some(Format::SdkText) => Input::Capture(sdk_text::read(text, base)),
        Some(Format::Jsonl) => Input::Capture(jsonl::read(text, base)),
        Some(Format::Payload) => Input::Payload,
        Some(Format::Har) => match har::read(text, base) {
            Ok(har::Shape::Har) => Input::Har,
            Ok(har::Shape::Requests(c)) => Input::Capture(c),
            Ok(har::Shape::NotCapture) => {
                Input::Invalid(InputError::at(base, "not a HAR file: no `log` object at the top level"))
            }
            Err(e) => Input::Invalid(e),
        },
        Some(Format::Auto) | None => ctx.json_or_other(trimmed, claims_capture, claims_json, src.explicit),
    }
}

/// The text format a source is read as, by `--input-format` or by its content and extension:
/// `None` for JSON documents (HAR captures, request objects, payloads: [`classify`] tells them
/// apart) and for what gclint does not read.
pub fn text_format(src: &Source, opts: &ReadOptions) -> Option<Format> {
    if opts.format != Format::Auto {
        return Some(opts.format);
    }
    let text = std::str::from_utf8(src.bytes.get(src.bom_len()..).unwrap_or_default()).ok()?;
    sniff(text.trim_start(), &extension(&src.name))
}

/// Whether a source is a `.http` request file, by its extension or by how it starts: its bodies
/// are written as sent, so they can be edited in place.
pub fn is_request_file(src: &Source) -> bool {
    let head = src.bytes.get(src.bom_len()..src.bytes.len().min(8 << 10).max(src.bom_len())).unwrap_or_default();
    let head = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
    };
    sniff(head.trim_start(), &extension(&src.name)) == Some(Format::Http)
}

/// Tells a text format by its content; `None` for JSON documents and anything else.
pub(crate) fn sniff(trimmed: &str, ext: &str) -> Option<Format> {
    let json_like = matches!(trimmed.as_bytes().first(), Some(b'{' | b'['));
    if json_like {
        return jsonl::looks_like(trimmed).then_some(Format::Jsonl);
    }
    if matches!(ext, "http" | "rest") {
        return Some(Format::Http);
    }
    if sdk_text::looks_like(trimmed) {
        Some(Format::SdkText)
    } else if curl::looks_like(trimmed) {
        Some(Format::Curl)
    } else if http_file::looks_like(trimmed) {
        Some(Format::Http)
    } else {
        None
    }
}

fn done(read: Result<Capture, InputError>) -> Input {
    match read {
        Ok(c) => Input::Capture(c),
        Err(e) => Input::Invalid(e),
    }
}

struct Reading<'a> {
    text: &'a str,
    base: usize,
}

impl Reading<'_> {
    /// A JSON document (HAR, request object, payload) or a file gclint does not read.
    fn json_or_other(&self, trimmed: &str, claims_capture: bool, claims_json: bool, explicit: bool) -> Input {
        let base = self.base;
        let json_like = matches!(trimmed.as_bytes().first(), Some(b'{' | b'['));
        if !json_like {
            return if claims_capture {
                Input::Invalid(InputError::at(base, "not a HAR file: a HAR is a JSON object with `log.entries`"))
            } else if claims_json {
                Input::Payload
            } else if explicit {
                Input::Invalid(InputError::at(
                    base,
                    "not a capture gclint reads: no HAR, SDK log, .http request, curl command or JSON body found",
                ))
            } else {
                Input::Skip
            };
        }
        match har::read(self.text, base) {
            Ok(har::Shape::Har) => Input::Har,
            Ok(har::Shape::Requests(c)) => Input::Capture(c),
            Ok(har::Shape::NotCapture) if claims_capture => {
                Input::Invalid(InputError::at(base, "not a HAR file: no `log` object at the top level"))
            }
            Ok(har::Shape::NotCapture) if claims_json || explicit => Input::Payload,
            Ok(har::Shape::NotCapture) => Input::Skip,
            // A broken file that starts like a HAR is a broken capture; other broken JSON is a
            // broken payload, reported by the body checks.
            Err(e) if claims_capture || har::starts_like_har(trimmed.as_bytes()) => Input::Invalid(e),
            Err(_) if claims_json || explicit => Input::Payload,
            Err(_) => Input::Skip,
        }
    }
}

/// The deepest a directory walk goes below a path given: a directory deeper down is reported,
/// not walked.
pub const MAX_DEPTH: usize = 256;

/// Visits the files found under the given paths and returns what `visit` made of each (with
/// whether the file was named on the command line), in a stable order: the paths as given, and
/// under a directory its entries by name, depth first. Directories are walked (hidden ones,
/// `target` and `node_modules` are skipped) down to [`MAX_DEPTH`]; in them, files that may hold
/// captures or payloads are kept, by extension, and sniffed later by content. A symbolic link to
/// a file is followed (a link to a directory is not: no loop, no file checked twice); FIFOs,
/// sockets and devices are skipped.
///
/// What cannot be read or walked in a directory (an unreadable directory, a broken link, a
/// directory too deep) goes to `unwalked` with why, in its place, and the walk goes on. The
/// directories are listed first, on this thread; the files are then visited on the threads of
/// the current rayon pool. `Err` for a path given that does not exist.
pub fn walk<T: Send>(
    paths: &[PathBuf],
    visit: &(impl Fn(&Path, bool) -> T + Sync),
    unwalked: &(impl Fn(&Path, String) -> T + Sync),
) -> Result<Vec<T>, String> {
    use rayon::prelude::*;
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Found::File(path.clone(), true));
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            list_dir(path, &mut found);
        } else {
            found.push(Found::File(path.clone(), true));
        }
    }
    let one = |f: Found| match f {
        Found::File(path, explicit) => visit(&path, explicit),
        Found::Unwalked(path, why) => unwalked(&path, why),
    };
    Ok(if found.len() < 2 { found.into_iter().map(one).collect() } else { found.into_par_iter().map(one).collect() })
}

/// What a walk found: a file to read (and whether it was named), or a path it could not read or
/// walk, with why.
enum Found {
    File(PathBuf, bool),
    Unwalked(PathBuf, String),
}

/// Lists the files under `root` that a walk keeps (see [`walk`]), in walk order.
fn list_dir(root: &Path, found: &mut Vec<Found>) {
    let kept = |e: &walkdir::DirEntry| {
        let name = e.file_name().as_encoded_bytes();
        let skipped =
            name.starts_with(b".") || (e.file_type().is_dir() && (name == b"target" || name == b"node_modules"));
        e.depth() == 0 || !skipped
    };
    let entries = walkdir::WalkDir::new(root).max_depth(MAX_DEPTH).sort_by_file_name().into_iter().filter_entry(kept);
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                found.push(Found::Unwalked(path.clone(), format!("cannot read {}: {why}", path.display())));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            if entry.depth() == MAX_DEPTH && entry.depth() > 0 {
                let why = format!(
                    "cannot walk {}: it is deeper than {MAX_DEPTH} directories below {}, so what it holds was not checked",
                    entry.path().display(),
                    root.display()
                );
                found.push(Found::Unwalked(entry.into_path(), why));
            }
            continue;
        }
        if !walk_candidate(Path::new(entry.file_name())) {
            continue;
        }
        if kind.is_file() {
            found.push(Found::File(entry.into_path(), false));
        } else if kind.is_symlink() {
            // Followed to a file; a link to a directory, FIFO, socket or device is skipped.
            match std::fs::metadata(entry.path()) {
                Ok(meta) if meta.is_file() => found.push(Found::File(entry.into_path(), false)),
                Ok(_) => {}
                Err(e) => {
                    let target = std::fs::read_link(entry.path()).map(|t| t.display().to_string()).unwrap_or_default();
                    let why = format!(
                        "cannot read {}: it links to {target}, which cannot be read: {e}",
                        entry.path().display()
                    );
                    found.push(Found::Unwalked(entry.into_path(), why));
                }
            }
        }
    }
}

fn walk_candidate(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "har"
            | "json"
            | "jsonl"
            | "ndjson"
            | "http"
            | "rest"
            | "sh"
            | "curl"
            | "txt"
            | "log"
            | "gz"
            | "zst"
            | "zstd"
            | ""
    )
}

#[cfg(test)]
mod tests {
    use super::split_url;

    fn parts(url: &str) -> Option<(Option<String>, &str)> {
        split_url(url).map(|(host, path)| (host, &url[path]))
    }

    #[test]
    fn urls_split_into_host_and_path() {
        let path = "/api/v2/conversations/c1/participants/p1";
        assert_eq!(
            parts(&format!("https://API.mypurecloud.com{path}?a=1")),
            Some((Some("api.mypurecloud.com".into()), path))
        );
        assert_eq!(
            parts(&format!("https://user@api.mypurecloud.com:443{path}#x")),
            Some((Some("api.mypurecloud.com".into()), path))
        );
        assert_eq!(parts(&format!("api.mypurecloud.com{path}")), Some((Some("api.mypurecloud.com".into()), path)));
        assert_eq!(parts(&format!("{{{{host}}}}{path}")), Some((Some("{{host}}".into()), path)));
        assert_eq!(parts("not a url"), None);
    }

    #[test]
    fn include_names_that_lead_above_their_directory_as_written() {
        use std::path::Path;
        for inside in ["body.json", "./a/body.json", "a/../body.json", "a/b/../../c"] {
            assert!(super::stays_below(Path::new(inside)), "{inside}");
        }
        for outside in ["../body.json", "a/../../body.json", "./..", "/etc/passwd"] {
            assert!(!super::stays_below(Path::new(outside)), "{outside}");
        }
    }

    #[test]
    fn a_path_stays_a_path_when_its_query_holds_a_url() {
        let path = "/api/v2/conversations/c1";
        assert_eq!(parts(&format!("{path}?next=https://example.com/x")), Some((None, path)));
        assert_eq!(parts(&format!("{path}#https://example.com")), Some((None, path)));
    }
}
