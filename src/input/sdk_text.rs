//! The Genesys SDKs' text request log. Each request is a block:
//!
//! ```text
//! TRACE: 2026-11-20T10:15:02.123Z
//! === REQUEST ===
//! URL: https://api.mypurecloud.com/api/v2/conversations/calls/{id}
//! Method: PATCH
//! Headers:             (each header on a tab-indented line)
//!     Authorization: [REDACTED]
//!     Content-Type: application/json
//! Body: {
//!   "state": "disconnected"
//! }
//!
//! === RESPONSE ===
//! Status: 202
//! Headers:
//!     inin-correlation-id: 4f1c...
//! CorrelationId: 4f1c...
//! Body: ...
//! ```
//!
//! A field is left out when it is empty. At trace level each request is logged twice; it is read
//! once. Bodies stand in the file as sent (pretty-printed JSON), so locations are exact.

use std::sync::OnceLock;

use regex::Regex;

use super::capture::{Capture, Draft, Secrets};
use super::json::{LoggedKey, merge_response, same_request_twice};
use crate::exchange::{Body, Header, Response};
use crate::text::Text;

const REQUEST: &str = "=== REQUEST ===";
const RESPONSE: &str = "=== RESPONSE ===";

pub fn looks_like(text: &str) -> bool {
    lines(text).any(|(_, l)| l.trim() == REQUEST)
}

/// Lines with their offsets, without line ends.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = at;
        at += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

/// The line that opens a block: `TRACE: 2026-...`, `2026-...`.
fn stamp(line: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*(?:([A-Za-z]+):\s*)?\d{4}-\d\d-\d\d[T ][0-9:.]+\S*\s*$")
            .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    });
    re.captures(line).map(|c| c.get(1).map_or("", |m| m.as_str()))
}

struct Section {
    fields: Vec<(String, Text)>,
    headers: Vec<Header>,
}

pub fn read(text: &str, base: usize) -> Capture {
    let all: Vec<(usize, &str)> = lines(text).collect();
    let markers: Vec<usize> =
        all.iter().enumerate().filter(|(_, (_, l))| l.trim() == REQUEST).map(|(i, _)| i).collect();
    let mut capture = Capture::default();
    let mut previous: Option<(LoggedKey, bool)> = None;
    for (n, &m) in markers.iter().enumerate() {
        let line = |i: usize| all.get(i).map_or("", |l| l.1);
        let level = m.checked_sub(1).and_then(|p| stamp(line(p))).unwrap_or("").to_owned();
        let mut end = markers.get(n + 1).copied().unwrap_or(all.len());
        if end < all.len() && end > m + 1 && stamp(line(end - 1)).is_some() {
            end -= 1;
        }
        let block = all.get(m + 1..end).unwrap_or_default();
        let split = block.iter().position(|(_, l)| l.trim() == RESPONSE);
        let (request, response) = match split.and_then(|r| Some((block.get(..r)?, block.get(r + 1..)?))) {
            Some((request, response)) => (request, Some(response)),
            None => (block, None),
        };
        let request = section(text, base, request, &mut capture.secrets);
        let response = response.map(|r| section(text, base, r, &mut capture.secrets));
        let field = |s: &Section, name: &str| s.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let Some(url) = field(&request, "URL") else {
            capture.problem(base + all.get(m).map_or(0, |l| l.0), "request blocks without a `URL:` line");
            continue;
        };
        secrets_in_url(&url, &mut capture.secrets);
        let method = field(&request, "Method").map(|t| t.value).unwrap_or_default();
        let body_text = field(&request, "Body");
        let status = response.as_ref().and_then(|r| field(r, "Status")).map(|t| t.value).unwrap_or_default();
        let key = LoggedKey {
            method: method.to_ascii_uppercase(),
            url: url.value.clone(),
            status: status.clone(),
            body: body_text.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
            correlation_id: response
                .as_ref()
                .and_then(|r| field(r, "CorrelationId"))
                .map(|t| t.value)
                .unwrap_or_default(),
            level,
        };
        let recorded = response.map(|r| Response {
            status: status.trim().parse().ok(),
            body: field(&r, "Body"),
            headers: r.headers,
        });
        if let Some((prev, kept)) = &previous {
            if same_request_twice(prev, &key) {
                if *kept {
                    if let Some(last) = capture.exchanges.last_mut() {
                        merge_response(&mut last.response, recorded);
                    }
                }
                previous = None;
                continue;
            }
        }
        let headers = request.headers;
        let mime = super::capture::header(&headers, "content-type").map(str::to_owned);
        let mut draft = Draft::new(method, url);
        draft.body = body_text.map(|text| Body { text, mime, transformed: None });
        draft.headers = headers;
        draft.response = recorded;
        let before = capture.exchanges.len();
        capture.add(draft);
        previous = Some((key, capture.exchanges.len() > before));
    }
    capture
}

fn secrets_in_url(url: &Text, secrets: &mut Secrets) {
    if let Some(at) = url.map.to_file(0) {
        secrets.url(&url.value, at);
    }
}

/// Reads the `Name: value` fields of one half of a block. `Headers:` is followed by indented
/// `name: value` lines; `Body:` runs to the end of the half.
fn section(text: &str, base: usize, lines: &[(usize, &str)], secrets: &mut Secrets) -> Section {
    let mut out = Section { fields: Vec::new(), headers: Vec::new() };
    let mut i = 0;
    while let Some(&(start, line)) = lines.get(i) {
        i += 1;
        let Some(colon) = line.find(':') else { continue };
        let name = line[..colon].trim();
        let rest = &line[colon + 1..];
        let value_at = start + colon + 1 + (rest.len() - rest.trim_start().len());
        match name {
            "Headers" => {
                while let Some(&(hs, hl)) = lines.get(i).filter(|l| l.1.starts_with(['\t', ' '])) {
                    i += 1;
                    let Some(hc) = hl.find(':') else { continue };
                    let value = hl[hc + 1..].trim();
                    let at = base + hs + hc + 1 + (hl[hc + 1..].len() - hl[hc + 1..].trim_start().len());
                    let header = Header { name: hl[..hc].trim().to_owned(), value: value.to_owned() };
                    secrets.header(&header.name, &header.value, at);
                    out.headers.push(header);
                }
            }
            "Body" => {
                // To the end of the section, without trailing blank lines.
                let end = lines.last().map_or(value_at, |(s, l)| s + l.len());
                let body = text[value_at.min(end)..end].trim_end();
                if !body.is_empty() {
                    out.fields.push((name.to_owned(), Text::verbatim(body, base + value_at)));
                }
                break;
            }
            _ => out.fields.push((name.to_owned(), Text::verbatim(rest.trim(), base + value_at))),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const BLOCK: &str = "TRACE: 2026-11-20T10:15:02.123Z\n=== REQUEST === \nURL: https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1\nMethod: PATCH\nHeaders: \n\tAuthorization: [REDACTED]\n\tContent-Type: application/json\nBody: {\n  \"state\": \"DISCONNECTED\"\n}\n\n=== RESPONSE ===\nStatus: 202\nHeaders: \n\tinin-correlation-id: 0b4c\nCorrelationId: 0b4c\n";

    #[test]
    fn a_block_is_one_request_with_exact_body() {
        let c = read(BLOCK, 0);
        assert_eq!((c.requests, c.exchanges.len()), (1, 1));
        let ex = &c.exchanges[0];
        assert_eq!(ex.method, "PATCH");
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\n  \"state\": \"DISCONNECTED\"\n}");
        let at = body.text.map.to_file(body.text.value.find("DISC").unwrap()).unwrap();
        assert!(BLOCK[at..].starts_with("DISCONNECTED"));
        assert_eq!(ex.response.as_ref().and_then(|r| r.status), Some(202));
        assert_eq!(c.secrets.count(), 0);
    }

    #[test]
    fn trace_duplicates_are_read_once() {
        let debug = BLOCK
            .replace("TRACE:", "DEBUG:")
            .replace("Headers: \n\tinin-correlation-id: 0b4c\nCorrelationId: 0b4c\n", "");
        let twice = format!("{BLOCK}{debug}");
        let c = read(&twice, 0);
        assert_eq!((c.requests, c.exchanges.len()), (1, 1));
        // The same request sent again later (a new correlation id) is a second request.
        let again = BLOCK.replace("0b4c", "77aa");
        let c = read(&format!("{BLOCK}{again}"), 0);
        assert_eq!(c.requests, 2);
    }
}
