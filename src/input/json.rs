//! Request and response objects in JSON, whatever wrote them: a HAR entry's `request` and
//! `response`, a HAR request object on its own, a line of an SDK or NDJSON request log. One
//! [`Record`] takes the keys of all of them, so every JSON format reads requests the same way.
//!
//! Values are borrowed [`RawValue`]s: every string keeps its place in the file, so a finding in
//! a body maps back to the exact line and column.

use std::borrow::Cow;
use std::fmt;

use base64::Engine;
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use super::capture::{Draft, InputError, Secrets, header};
use crate::exchange::{Body, Header, Response};
use crate::text::{OffsetMap, Text, decode_json_string};

/// A request object. HAR keys (`headers` as name/value pairs, `postData`, `cookies`) and request
/// log keys (`requestHeaders` as an object or string arrays, `requestBody`/`body` as a JSON value
/// or string, `statusCode`, `responseHeaders`, `responseBody`, `correlationId`, `level`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record<'a> {
    #[serde(borrow)]
    pub method: Option<&'a RawValue>,
    #[serde(borrow)]
    pub url: Option<&'a RawValue>,
    #[serde(borrow, alias = "requestHeaders")]
    pub headers: Option<&'a RawValue>,
    #[serde(borrow)]
    pub cookies: Option<&'a RawValue>,
    #[serde(borrow)]
    pub post_data: Option<&'a RawValue>,
    #[serde(borrow, alias = "requestBody")]
    pub body: Option<&'a RawValue>,
    #[serde(borrow, alias = "statusCode")]
    pub status: Option<&'a RawValue>,
    #[serde(borrow)]
    pub response_headers: Option<&'a RawValue>,
    #[serde(borrow)]
    pub response_body: Option<&'a RawValue>,
    #[serde(borrow)]
    pub correlation_id: Option<&'a RawValue>,
    #[serde(borrow)]
    pub level: Option<&'a RawValue>,
    #[serde(borrow)]
    pub comment: Option<&'a RawValue>,
}

impl Record<'_> {
    /// Whether the object is a request at all (has a method and a URL).
    pub fn is_request(&self) -> bool {
        self.method.is_some() && self.url.is_some()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostData<'a> {
    #[serde(borrow)]
    mime_type: Option<&'a RawValue>,
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    params: Option<&'a RawValue>,
    #[serde(borrow)]
    encoding: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct NameValue<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

/// A HAR entry's `response`, read along with its entry (its content stays unparsed).
#[derive(Deserialize)]
pub struct HarResponse<'a> {
    #[serde(borrow)]
    status: Option<&'a RawValue>,
    #[serde(borrow)]
    headers: Option<&'a RawValue>,
    #[serde(borrow)]
    content: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Content<'a> {
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    encoding: Option<&'a RawValue>,
}

/// The members of a JSON object in file order, values unparsed.
pub(crate) struct Members<'a>(pub(crate) Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                    members.push((k, v));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(V)
    }
}

/// One header as recorded: its name, value and where the value stands.
struct Recorded {
    name: String,
    value: Text,
}

/// A JSON text being read: the whole file (or one line of it), and where it starts in the file.
pub struct JsonFile<'a> {
    pub text: &'a str,
    /// The file offset of `text`'s first byte.
    pub base: usize,
}

impl<'a> JsonFile<'a> {
    /// The file offset of a value borrowed from `text`.
    pub fn offset(&self, raw: &RawValue) -> usize {
        self.base + (raw.get().as_ptr() as usize - self.text.as_ptr() as usize)
    }

    /// A syntax error of the whole text, at its line and column.
    pub fn json_error(&self, e: &serde_json::Error) -> InputError {
        let reason = error_reason(e);
        InputError {
            offset: None,
            line_col: Some((e.line(), e.column().max(1))),
            message: format!("not valid JSON: {reason}"),
            help: None,
        }
    }

    /// Decodes a string literal, or `None` when the value is not a string.
    pub fn string(&self, raw: Option<&RawValue>) -> Option<Text> {
        let raw = raw?;
        decode_json_string(raw.get(), self.offset(raw)).ok()
    }

    /// A scalar as text: a string decoded, a number or boolean as written.
    fn scalar(&self, raw: &RawValue) -> Option<Text> {
        match raw.get().as_bytes().first() {
            Some(b'"') => self.string(Some(raw)),
            Some(b'{' | b'[') | None => None,
            Some(_) if raw.get() == "null" => None,
            Some(_) => Some(Text::verbatim(raw.get(), self.offset(raw))),
        }
    }

    /// The request a record stands for, with the response recorded next to it (a HAR entry's
    /// `response`, or the record's own `statusCode`/`responseHeaders`/`responseBody`). Also
    /// counts the credentials it holds. `None` when the record has no URL.
    pub fn draft(
        &self,
        record: &Record<'a>,
        har_response: Option<&HarResponse<'a>>,
        secrets: &mut Secrets,
    ) -> Option<Draft> {
        let url = self.string(record.url)?;
        if let Some(raw) = record.url {
            secrets.url(raw.get(), self.offset(raw));
        }
        let headers = self.headers(record.headers, secrets);
        self.cookies(record.cookies, secrets);
        let method = self.string(record.method).map(|t| t.value).unwrap_or_default();
        let mut body = match (record.post_data, record.body) {
            (Some(p), _) => self.post_data(p, &headers),
            (None, Some(b)) => self.logged_body(b, &headers),
            (None, None) => None,
        };
        if body.as_ref().is_some_and(|b| b.text.value.is_empty()) {
            body = None;
        }
        if let Some(b) = &body {
            secrets.body(&b.text);
        }
        let response = match har_response {
            Some(r) => self.har_response(r, secrets),
            None => self.logged_response(record, secrets),
        };
        let comment = self.string(record.comment);
        Some(Draft { method, url, headers, body, body_unread: false, response, comment, granted: None })
    }

    /// Counts the credentials of a request gclint does not lint, without decoding its body.
    pub fn scan_unlinted(&self, record: &Record<'a>, har_response: Option<&HarResponse<'a>>, secrets: &mut Secrets) {
        if let Some(raw) = record.url {
            secrets.url(raw.get(), self.offset(raw));
        }
        self.credential_headers(record.headers, secrets);
        self.cookies(record.cookies, secrets);
        // The body is decoded only when it names a credential at all.
        let body = match (record.post_data, record.body) {
            (Some(p), _) if crate::secrets::scan::may_hold(p.get()) => self.post_data(p, &[]),
            (None, Some(b)) if crate::secrets::scan::may_hold(b.get()) => self.logged_body(b, &[]),
            _ => None,
        };
        if let Some(b) = &body {
            secrets.body(&b.text);
        }
        match har_response {
            Some(r) => {
                self.credential_headers(r.headers, secrets);
                self.tokens_in_body(r.content, secrets);
            }
            None => {
                self.credential_headers(record.response_headers, secrets);
                self.tokens_in_body(record.response_body, secrets);
            }
        }
    }

    /// Counts the credentials among headers without keeping the headers: in HAR's
    /// `[{"name","value"}]` only the values of credential headers are decoded (most traffic is
    /// not linted, and has many headers); other shapes are read whole.
    fn credential_headers(&self, raw: Option<&'a RawValue>, secrets: &mut Secrets) {
        let Some(raw) = raw else { return };
        let pairs =
            raw.get().starts_with('[').then(|| serde_json::from_str::<Vec<NameValue>>(raw.get()).ok()).flatten();
        let Some(pairs) = pairs else {
            self.headers(Some(raw), secrets);
            return;
        };
        for pair in pairs {
            let Some(name) = pair.name else { continue };
            // A name without escapes is compared as it stands; one with escapes is decoded.
            let plain = name.get().strip_prefix('"').and_then(|n| n.strip_suffix('"')).filter(|n| !n.contains('\\'));
            let decoded;
            let name = match plain {
                Some(n) => n,
                None => match self.string(Some(name)) {
                    Some(t) => {
                        decoded = t.value;
                        decoded.as_str()
                    }
                    None => continue,
                },
            };
            if crate::secrets::scan::header_kind(name).is_none() {
                continue;
            }
            if let Some(value) = pair.value.and_then(|v| self.scalar(v)) {
                let at = value.map.to_file(0).unwrap_or(self.base);
                secrets.header(name, &value.value, at);
            }
        }
    }

    fn cookies(&self, raw: Option<&RawValue>, secrets: &mut Secrets) {
        let Some(cookies) = raw.and_then(|c| serde_json::from_str::<Vec<NameValue>>(c.get()).ok()) else { return };
        for value in cookies.into_iter().filter_map(|c| c.value) {
            if let Some(t) = self.string(Some(value)) {
                secrets.cookie_value(&t.value, self.offset(value));
            }
        }
    }

    /// Counts an OAuth token answered in a response body.
    fn tokens_in_body(&self, raw: Option<&RawValue>, secrets: &mut Secrets) {
        let Some(raw) = raw else { return };
        let text = raw.get();
        // A redacted answer (`"access_token": "<redacted:40>"`) holds none.
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("access_token"));
        let live = FINDER.find_iter(text.as_bytes()).find(|&i| {
            let after = text.get(i + "access_token".len()..).unwrap_or("");
            let value = after.trim_start_matches(['"', '\\', ':', ' ', '=']);
            !value.starts_with("<redacted:") && !value.starts_with("[REDACTED]")
        });
        if let Some(i) = live {
            secrets.add("token in a response body", self.offset(raw) + i);
        }
    }

    /// Headers in any of the recorded shapes: HAR's `[{"name","value"}]`, an object of strings or
    /// of string arrays (Go), or `["Name: value"]`. Credentials among them are counted.
    fn headers(&self, raw: Option<&'a RawValue>, secrets: &mut Secrets) -> Vec<Header> {
        let list = self.recorded_headers(raw);
        list.into_iter()
            .map(|r| {
                let at = r.value.map.to_file(0).unwrap_or(self.base);
                secrets.header(&r.name, &r.value.value, at);
                Header { name: r.name, value: r.value.value }
            })
            .collect()
    }

    fn recorded_headers(&self, raw: Option<&'a RawValue>) -> Vec<Recorded> {
        let Some(raw) = raw else { return Vec::new() };
        match raw.get().as_bytes().first() {
            Some(b'[') => {
                let pair = |nv: NameValue<'a>| {
                    Some(Recorded { name: self.string(nv.name)?.value, value: self.scalar(nv.value?)? })
                };
                // HAR's `[{"name", "value"}]` in one pass; other shapes item by item.
                if let Ok(pairs) = serde_json::from_str::<Vec<NameValue>>(raw.get()) {
                    return pairs.into_iter().filter_map(pair).collect();
                }
                let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else { return Vec::new() };
                items
                    .into_iter()
                    .filter_map(|item| {
                        if item.get().starts_with('{') {
                            pair(serde_json::from_str(item.get()).ok()?)
                        } else {
                            // "Name: value"
                            let line = self.string(Some(item))?;
                            let colon = line.value.find(':')?;
                            let skip = line.value[colon + 1..].len() - line.value[colon + 1..].trim_start().len();
                            let at = line.map.to_file(colon + 1 + skip).unwrap_or(self.base);
                            let value = line.value[colon + 1..].trim().to_owned();
                            Some(Recorded {
                                name: line.value[..colon].trim().to_owned(),
                                value: Text { value, map: OffsetMap::Opaque { start: at } },
                            })
                        }
                    })
                    .collect()
            }
            Some(b'{') => {
                let Ok(Members(members)) = serde_json::from_str::<Members>(raw.get()) else { return Vec::new() };
                members
                    .into_iter()
                    .filter_map(|(name, value)| {
                        let value = if value.get().starts_with('[') {
                            // Go: every header is a list of values.
                            let values: Vec<&RawValue> = serde_json::from_str(value.get()).ok()?;
                            let texts: Vec<Text> = values.iter().filter_map(|v| self.scalar(v)).collect();
                            let first = texts.first()?;
                            let start = first.map.to_file(0).unwrap_or(self.base);
                            let joined = texts.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join(", ");
                            if texts.len() == 1 {
                                first.clone()
                            } else {
                                Text { value: joined, map: OffsetMap::Opaque { start } }
                            }
                        } else {
                            self.scalar(value)?
                        };
                        Some(Recorded { name: name.into_owned(), value })
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// A HAR `postData`: its text (base64-decoded when marked so), or its form `params`.
    fn post_data(&self, raw: &RawValue, headers: &[Header]) -> Option<Body> {
        let post: PostData = serde_json::from_str(raw.get()).ok()?;
        let mime = self
            .string(post.mime_type)
            .map(|t| t.value)
            .filter(|m| !m.is_empty())
            .or_else(|| header(headers, "content-type").map(str::to_owned));
        let encoding = self.string(post.encoding).map(|t| t.value);
        if let Some(text) = self.string(post.text).filter(|t| !t.value.is_empty()) {
            if encoding.as_deref().is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
                return Some(Body { text: decode_base64(&text)?, mime, transformed: Some("base64") });
            }
            return Some(Body { text, mime, transformed: None });
        }
        // Form posts recorded as `params` only: rebuild the text they stand for.
        let params_raw = post.params?;
        let params: Vec<NameValue> = serde_json::from_str(params_raw.get()).ok()?;
        if params.is_empty() {
            return None;
        }
        let value = params
            .iter()
            .map(|p| {
                let name = self.string(p.name).map(|t| t.value).unwrap_or_default();
                let value = self.string(p.value).map(|t| t.value).unwrap_or_default();
                format!("{name}={value}")
            })
            .collect::<Vec<_>>()
            .join("&");
        let start = self.offset(params_raw);
        Some(Body {
            text: Text { value, map: OffsetMap::Opaque { start } },
            mime,
            transformed: Some("form parameters"),
        })
    }

    /// A logged body: a JSON value (JavaScript, Python) stands in the file as it was sent; a JSON
    /// string (Go) holds the text that was sent.
    fn logged_body(&self, raw: &RawValue, headers: &[Header]) -> Option<Body> {
        let declared = header(headers, "content-type").map(str::to_owned);
        match raw.get().as_bytes().first() {
            Some(b'"') => Some(Body { text: self.string(Some(raw))?, mime: declared, transformed: None }),
            _ if raw.get() == "null" => None,
            _ => Some(Body {
                text: Text::verbatim(raw.get(), self.offset(raw)),
                mime: declared.or_else(|| Some("application/json".into())),
                transformed: None,
            }),
        }
    }

    fn har_response(&self, r: &HarResponse<'a>, secrets: &mut Secrets) -> Option<Response> {
        let status = r.status.and_then(|s| s.get().parse::<i64>().ok());
        let headers = self.headers(r.headers, secrets);
        self.tokens_in_body(r.content, secrets);
        let content = r.content?;
        let body = serde_json::from_str::<Content>(content.get()).ok().and_then(|c| {
            let text = self.string(c.text)?;
            if self.string(c.encoding).is_some_and(|e| e.value.eq_ignore_ascii_case("base64")) {
                return decode_base64(&text);
            }
            Some(text)
        });
        Some(Response { status, headers, body })
    }

    fn logged_response(&self, record: &Record, secrets: &mut Secrets) -> Option<Response> {
        let status = record.status.and_then(|s| self.scalar(s)).and_then(|t| t.value.trim().parse::<i64>().ok());
        let headers = self.headers(record.response_headers, secrets);
        let body = record.response_body.and_then(|b| match b.get().as_bytes().first() {
            Some(b'"') => self.string(Some(b)),
            _ if b.get() == "null" => None,
            _ => Some(Text::verbatim(b.get(), self.offset(b))),
        });
        self.tokens_in_body(record.response_body, secrets);
        if status.is_none() && headers.is_empty() && body.is_none() {
            return None;
        }
        Some(Response { status, headers, body })
    }
}

/// A serde_json error's reason, without its `at line L column C`.
pub(crate) fn error_reason(e: &serde_json::Error) -> String {
    let reason = e.to_string();
    reason.split(" at line ").next().unwrap_or(&reason).to_owned()
}

/// The byte offset in `text` of a serde_json error's line and column (1-based; column 0 is the
/// start of the line), on a character boundary.
pub(crate) fn error_offset(text: &str, e: &serde_json::Error) -> usize {
    let line_start = match e.line() {
        0 | 1 => 0,
        line => memchr::memchr_iter(b'\n', text.as_bytes()).nth(line - 2).map_or(text.len(), |i| i + 1),
    };
    let mut offset = (line_start + e.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The text a base64 value stands for; every offset in it maps to the start of the value.
fn decode_base64(text: &Text) -> Option<Text> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text.value.trim()).ok()?;
    let start = text.map.to_file(0).unwrap_or_default();
    Some(Text { value: String::from_utf8_lossy(&bytes).into_owned(), map: OffsetMap::Opaque { start } })
}

/// Whether two requests read from a log are one request logged twice (the SDKs log each request
/// at trace and at debug level when the level is trace): same method, URL, status and body,
/// different levels, and no correlation ids that tell them apart.
pub(crate) fn same_request_twice(a: &LoggedKey, b: &LoggedKey) -> bool {
    let ids_agree = a.correlation_id.is_empty() || b.correlation_id.is_empty() || a.correlation_id == b.correlation_id;
    let levels_differ = !a.level.is_empty() && !b.level.is_empty() && !a.level.eq_ignore_ascii_case(&b.level);
    let same_id = !a.correlation_id.is_empty() && a.correlation_id == b.correlation_id;
    a.method == b.method
        && a.url == b.url
        && a.status == b.status
        && a.body.trim() == b.body.trim()
        && ids_agree
        && (levels_differ || same_id)
}

/// What tells one logged request from another.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct LoggedKey {
    pub method: String,
    pub url: String,
    pub status: String,
    pub body: String,
    pub correlation_id: String,
    pub level: String,
}

impl LoggedKey {
    /// The key of a JSON record, from its raw values (no decoding needed to compare).
    pub(crate) fn of(record: &Record) -> LoggedKey {
        let raw = |r: Option<&RawValue>| r.map(|v| v.get().trim_matches('"').to_owned()).unwrap_or_default();
        LoggedKey {
            method: raw(record.method).to_ascii_uppercase(),
            url: raw(record.url),
            status: raw(record.status),
            body: raw(record.body),
            correlation_id: raw(record.correlation_id),
            level: raw(record.level),
        }
    }
}

/// Keeps the fuller response of a request logged twice: the trace record carries the response
/// headers and body the debug record leaves out.
pub(crate) fn merge_response(kept: &mut Option<Response>, other: Option<Response>) {
    let Some(other) = other else { return };
    let fuller = match kept {
        None => true,
        Some(k) => (k.headers.is_empty() && !other.headers.is_empty()) || (k.body.is_none() && other.body.is_some()),
    };
    if fuller {
        *kept = Some(other);
    }
}
