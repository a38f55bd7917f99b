//! HAR 1.1/1.2 captures from any producer, a bare HAR request object, or an array of them.
//!
//! The file is parsed with borrowed [`RawValue`]s: every string keeps its place in the file, so
//! a finding in a body maps back to the exact HAR line and column. Only requests gclint lints are
//! decoded; other traffic is skipped after its URL is read.

use base64::Engine;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Capture, InputError, Secrets, is_placeholder};
use crate::catalog::hosts;
use crate::exchange::{Body, Endpoint, Exchange, Header, Response};
use crate::text::{OffsetMap, Text, decode_json_string};

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    log: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    request: Option<&'a RawValue>,
    #[serde(borrow)]
    response: Option<&'a RawValue>,
    #[serde(borrow)]
    comment: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    headers: Option<&'a RawValue>,
    #[serde(borrow)]
    post_data: Option<&'a RawValue>,
    #[serde(borrow)]
    cookies: Option<&'a RawValue>,
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

#[derive(Deserialize)]
struct HarResponse<'a> {
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

/// What a JSON file turned out to be.
pub enum Shape {
    Capture(Capture),
    /// Valid JSON that is not a capture: a payload.
    NotCapture,
}

/// Reads `text` (the whole file without its BOM; `base` is the BOM length) as a capture.
pub fn read(text: &str, base: usize) -> Result<Shape, InputError> {
    let file = Positions { text, base };
    let first = text.trim_start().as_bytes().first().copied();
    match first {
        Some(b'{') => {
            let top: Top = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
            if let Some(log) = top.log {
                let log: Log = serde_json::from_str(log.get())
                    .map_err(|_| file.error_at(log, "`log` is not an object: this is not a HAR file"))?;
                // A log without entries (pages only) records no request: nothing to check.
                let entries: Vec<&RawValue> = match log.entries {
                    None => Vec::new(),
                    Some(raw) => serde_json::from_str(raw.get())
                        .map_err(|_| file.error_at(raw, "`log.entries` is not an array"))?,
                };
                Ok(Shape::Capture(file.requests(entries.iter().map(|e| RequestSlot::Entry(e)))))
            } else if top.method.is_some() && top.url.is_some() {
                let whole: &RawValue = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
                Ok(Shape::Capture(file.requests(std::iter::once(RequestSlot::Request(whole)))))
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
            if all_requests {
                Ok(Shape::Capture(file.requests(items.iter().map(|i| RequestSlot::Request(i)))))
            } else {
                Ok(Shape::NotCapture)
            }
        }
        _ => {
            // Not an object or array: still report a JSON syntax error precisely.
            serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| file.json_error(&e))?;
            Ok(Shape::NotCapture)
        }
    }
}

enum RequestSlot<'a> {
    Entry(&'a RawValue),
    Request(&'a RawValue),
}

struct Positions<'a> {
    text: &'a str,
    base: usize,
}

impl<'a> Positions<'a> {
    fn offset(&self, raw: &RawValue) -> usize {
        self.base + (raw.get().as_ptr() as usize - self.text.as_ptr() as usize)
    }

    fn error_at(&self, raw: &RawValue, message: &str) -> InputError {
        InputError { offset: Some(self.offset(raw)), line_col: None, message: message.to_owned() }
    }

    fn json_error(&self, e: &serde_json::Error) -> InputError {
        let reason = e.to_string();
        let reason = reason.split(" at line ").next().unwrap_or(&reason);
        InputError {
            offset: None,
            line_col: Some((e.line(), e.column().max(1))),
            message: format!("not valid JSON: {reason}"),
        }
    }

    /// Decodes a string literal, or `None` when the value is not a string.
    fn string(&self, raw: Option<&RawValue>) -> Option<Text> {
        let raw = raw?;
        decode_json_string(raw.get(), self.offset(raw)).ok()
    }

    fn requests(&self, slots: impl Iterator<Item = RequestSlot<'a>>) -> Capture {
        let mut capture = Capture::default();
        for (index, slot) in slots.enumerate() {
            capture.requests += 1;
            let (request, response, comment) = match slot {
                RequestSlot::Request(r) => (Some(r), None, None),
                RequestSlot::Entry(e) => match serde_json::from_str::<Entry>(e.get()) {
                    Ok(entry) => (entry.request, entry.response, entry.comment),
                    Err(_) => {
                        capture.malformed_entries.push(self.offset(e));
                        continue;
                    }
                },
            };
            let Some(request) = request.and_then(|r| serde_json::from_str::<Request>(r.get()).ok()) else {
                continue;
            };
            self.scan_secrets(&request, response, &mut capture.secrets);
            if let Some(mut exchange) = self.exchange(index, request, response) {
                exchange.comment = self.string(comment).map(|t| t.value);
                capture.exchanges.push(exchange);
            }
        }
        capture
    }

    /// Counts the credentials of one entry, linted or not: a capture leaks whatever it holds.
    fn scan_secrets(&self, request: &Request, response: Option<&RawValue>, secrets: &mut Secrets) {
        let headers = |raw: Option<&RawValue>, secrets: &mut Secrets| {
            let Some(list) = raw.and_then(|r| serde_json::from_str::<Vec<NameValue>>(r.get()).ok()) else { return };
            for h in list {
                let (Some(name), Some(value)) = (self.string(h.name), h.value) else { continue };
                let kind = match name.value.to_ascii_lowercase().as_str() {
                    "authorization" | "proxy-authorization" => "Authorization header",
                    "cookie" | "set-cookie" => "cookie",
                    "x-api-key" | "x-auth-token" => "API key header",
                    _ => continue,
                };
                if self.string(Some(value)).is_some_and(|v| !is_placeholder(&v.value)) {
                    secrets.add(kind, self.offset(value));
                }
            }
        };
        headers(request.headers, secrets);
        if let Some(cookies) = request.cookies.and_then(|c| serde_json::from_str::<Vec<NameValue>>(c.get()).ok()) {
            for c in cookies {
                if let Some(v) = c.value.filter(|v| self.string(Some(v)).is_some_and(|t| !is_placeholder(&t.value))) {
                    secrets.add("cookie", self.offset(v));
                }
            }
        }
        if let Some(url) = request.url {
            let raw = url.get();
            for key in ["access_token=", "refresh_token=", "client_secret="] {
                if let Some(i) = raw.find(key) {
                    let value = raw[i + key.len()..].split(['&', '#', '"']).next().unwrap_or("");
                    if !is_placeholder(value) {
                        secrets.add("token in a URL", self.offset(url) + i);
                    }
                }
            }
        }
        if let Some(r) = response.and_then(|r| serde_json::from_str::<HarResponse>(r.get()).ok()) {
            headers(r.headers, secrets);
            if let Some(content) = r.content {
                if let Some(i) = memchr::memmem::find(content.get().as_bytes(), b"access_token") {
                    secrets.add("token in a response body", self.offset(content) + i);
                }
            }
        }
    }

    fn exchange(&self, index: usize, request: Request, response: Option<&RawValue>) -> Option<Exchange> {
        let url = self.string(request.url)?;
        let (host, path) = split_url(&url.value)?;
        if !hosts::is_linted(host.as_deref(), &url.value[path.clone()]) {
            return None;
        }
        let method = self.string(request.method).map(|t| t.value).unwrap_or_default();
        let headers = self.headers(request.headers);
        let body = request.post_data.and_then(|p| self.body(p, &headers));
        let response = response.and_then(|r| self.response(r));
        Some(Exchange {
            entry: Some(index),
            method,
            url,
            host,
            path,
            headers,
            body,
            response,
            endpoint: Endpoint::Recorded,
            comment: None,
        })
    }

    fn headers(&self, raw: Option<&RawValue>) -> Vec<Header> {
        let Some(list) = raw.and_then(|r| serde_json::from_str::<Vec<NameValue>>(r.get()).ok()) else {
            return Vec::new();
        };
        list.into_iter()
            .filter_map(|h| Some(Header { name: self.string(h.name)?.value, value: self.string(h.value)?.value }))
            .collect()
    }

    fn body(&self, raw: &RawValue, headers: &[Header]) -> Option<Body> {
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

    fn response(&self, raw: &RawValue) -> Option<Response> {
        let r: HarResponse = serde_json::from_str(raw.get()).ok()?;
        let status = r.status.and_then(|s| s.get().parse::<i64>().ok());
        let headers = self.headers(r.headers);
        let body = r.content.and_then(|c| serde_json::from_str::<Content>(c.get()).ok()).and_then(|c| {
            let text = self.string(c.text)?;
            if self.string(c.encoding).is_some_and(|e| e.value.eq_ignore_ascii_case("base64")) {
                return decode_base64(&text);
            }
            Some(text)
        });
        Some(Response { status, headers, body })
    }
}

/// The text a base64 value stands for; every offset in it maps to the start of the value.
fn decode_base64(text: &Text) -> Option<Text> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text.value.trim()).ok()?;
    let start = text.map.to_file(0).unwrap_or_default();
    Some(Text { value: String::from_utf8_lossy(&bytes).into_owned(), map: OffsetMap::Opaque { start } })
}

/// The value of the first header called `name` (case-insensitive).
pub fn header<'h>(headers: &'h [Header], name: &str) -> Option<&'h str> {
    headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// Splits a URL into its host (lowercase, no port or credentials) and the byte range of its path.
/// A URL that is only a path (`/api/v2/...`) has no host.
pub fn split_url(url: &str) -> Option<(Option<String>, std::ops::Range<usize>)> {
    let (host, path_start) = match url.find("://") {
        Some(i) => {
            let authority_start = i + 3;
            let rest = &url[authority_start..];
            let end = rest.find(['/', '?', '#']).map_or(url.len(), |j| authority_start + j);
            let authority = &url[authority_start..end];
            let host_port = authority.rsplit('@').next().unwrap_or(authority);
            let host = if host_port.starts_with('[') {
                host_port.split(']').next().map(|h| format!("{h}]"))
            } else {
                host_port.split(':').next().map(str::to_owned)
            };
            (host.map(|h| h.to_ascii_lowercase()), end)
        }
        None if url.starts_with('/') => (None, 0),
        None => return None,
    };
    let path_end = url[path_start..].find(['?', '#']).map_or(url.len(), |j| path_start + j);
    Some((host, path_start..path_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_and_path() {
        let u = "https://user@API.mypurecloud.com:443/api/v2/conversations/x?a=1#f";
        let (host, path) = split_url(u).unwrap();
        assert_eq!(host.as_deref(), Some("api.mypurecloud.com"));
        assert_eq!(&u[path], "/api/v2/conversations/x");
        let (host, path) = split_url("/api/v2/conversations").unwrap();
        assert_eq!((host, path), (None, 0..21));
        assert!(split_url("not a url").is_none());
        let (_, path) = split_url("https://h").unwrap();
        assert!(path.is_empty());
    }
}
