//! What a reader makes of a file: the requests it holds ([`Capture`], built through [`Draft`]),
//! the credentials it holds ([`Secrets`]), and the parts it could not read ([`InputError`]).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::ops::Range;

use super::format::Format;
use crate::catalog::hosts;
use crate::exchange::{Body, Endpoint, Exchange, Granted, Header, Heard, Response};
use crate::text::Text;
/// Requests read from a capture. Only requests gclint lints are kept in `exchanges`.
#[derive(Default)]
pub struct Capture {
    pub exchanges: Vec<Exchange>,
    /// Whether the requests were recorded as sent, or written in a file of examples.
    pub order: Order,
    /// Every request seen, linted or not.
    pub requests: usize,
    /// Parts of the file that could not be read (each reader sums up its own: one problem per
    /// kind, pointing at the first place).
    pub problems: Vec<InputError>,
    /// Credentials recorded anywhere in the capture.
    pub secrets: Secrets,
    /// The notifications it received (a HAR's websocket frames).
    pub heard: Heard,
    /// What source code does with the Genesys SDK beside the requests it makes: the packages it
    /// imports, the methods it calls (see `input::source`).
    pub code: Vec<super::source::model::CodeUse>,
}

/// What the order of a capture's requests means.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Recorded as they were sent (a HAR capture, a log): each request was sent after the ones
    /// before it.
    #[default]
    Recorded,
    /// Written in a file of this format (a `.http` file, curl commands), which is a collection of
    /// examples, each sent on its own, unless it says it is one sequence, sent top to bottom.
    Written { format: Format, sequence: bool },
}

/// The words of the comment that marks a file of written requests as one sequence.
const SEQUENCE: &str = "@gclint sequence";

/// Whether the text of a comment line (without its marker: `#`, `//`) is the directive that
/// marks its file as one sequence, `@gclint sequence`, in any case and spacing: a marker written
/// `#@gclint  sequence` or `# @GCLINT SEQUENCE` means the same, and ignoring it would read the
/// file by the wrong order without a word.
pub fn is_sequence_directive(comment: &str) -> bool {
    let mut words = comment.split_whitespace();
    let mut wanted = SEQUENCE.split_whitespace();
    loop {
        match (words.next(), wanted.next()) {
            (None, None) => return true,
            (Some(w), Some(want)) if w.eq_ignore_ascii_case(want) => continue,
            _ => return false,
        }
    }
}

/// A request as a reader found it, before gclint decides whether it lints it.
pub struct Draft {
    pub method: String,
    pub url: Text,
    pub headers: Vec<Header>,
    pub body: Option<Body>,
    /// Whether a body was written but not read (see [`Exchange::body_unread`]).
    pub body_unread: bool,
    pub response: Option<Response>,
    /// A note recorded with the request; `gclint: ignore ...` in it suppresses findings.
    pub comment: Option<Text>,
    /// The OAuth scopes its auth asks for (a collection's OAuth 2.0 settings).
    pub granted: Option<Granted>,
}

impl Draft {
    pub fn new(method: impl Into<String>, url: Text) -> Self {
        Draft {
            method: method.into(),
            url,
            headers: Vec::new(),
            body: None,
            body_unread: false,
            response: None,
            comment: None,
            granted: None,
        }
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
            body_unread: self.body_unread,
            response: self.response,
            endpoint: Endpoint::Recorded,
            comment: self.comment,
            started: None,
            format: Format::Auto,
            granted: self.granted,
        }
    }
}

impl Capture {
    /// The capture, its requests marked as read from a file of `format`.
    pub fn read_as(mut self, format: Format) -> Self {
        self.exchanges.iter_mut().for_each(|ex| ex.format = format);
        self
    }

    /// Counts one request, and keeps it when it is one gclint lints.
    pub fn add(&mut self, draft: Draft) {
        let index = self.requests;
        self.requests += 1;
        if let Some((host, path)) = target(&draft.url.value) {
            self.exchanges.push(draft.into_exchange(index, host, path));
        }
    }

    /// Counts one request that is checked in several versions (the bodies a Data Action's
    /// template may expand to): each kept as an exchange of the same index, so that their
    /// findings tell the same request (and the engine reports the ones they share once).
    pub fn add_variants(&mut self, drafts: Vec<Draft>) {
        let index = self.requests;
        self.requests += 1;
        for draft in drafts {
            if let Some((host, path)) = target(&draft.url.value) {
                self.exchanges.push(draft.into_exchange(index, host, path));
            }
        }
    }

    /// Counts one request read by `har::read_entry` (or the like), with what it held.
    pub fn take(&mut self, read: Read1) {
        self.requests += 1;
        self.exchanges.extend(read.exchange);
        self.secrets.merge(read.secrets);
        self.problems.extend(read.problem);
        self.heard.merge(read.heard);
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
                ex.body_unread = true;
            }
        }
        for at in skipped {
            let size = crate::text::human_size(max);
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
        use crate::secrets::scan::{Kind, header_kind};
        let Some(kind) = header_kind(name) else { return };
        let live = if kind == Kind::Cookie {
            // Each cookie's value (the first pair's of a Set-Cookie): one that clears a cookie
            // (`sid=; Expires=...`) holds nothing.
            crate::secrets::scan::header_value(name, value, 0)
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
        if !crate::secrets::scan::may_hold(&text.value) {
            return;
        }
        for f in crate::secrets::scan::scan(&text.value) {
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
        for f in crate::secrets::scan::scan(url) {
            let kind =
                if f.kind == crate::secrets::scan::Kind::Password { "password in a URL" } else { "token in a URL" };
            self.add(kind, offset + f.range.start);
        }
    }
}

/// Whether a credential value is a placeholder rather than a live secret (a header value is
/// looked at after its scheme): the secret taxonomy's one notion of a placeholder
/// ([`crate::secrets::scan::is_placeholder`]).
pub fn is_placeholder(value: &str) -> bool {
    crate::secrets::scan::is_placeholder_credentials(value)
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

/// What reading one request of a capture gave: the exchange when gclint lints it, the
/// credentials it holds, and why it could not be read.
#[derive(Default)]
pub struct Read1 {
    pub exchange: Option<Exchange>,
    pub secrets: Secrets,
    pub problem: Option<InputError>,
    /// The notifications its websocket received, if it is one.
    pub heard: Heard,
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
