//! JSON lines request logs: the Genesys SDKs' JSON logs and generic NDJSON.
//!
//! - JavaScript (`log_format: json`): `{"level","date","method","url","correlationId",
//!   "statusCode","requestHeaders","responseHeaders","requestBody","responseBody"}`, bodies as
//!   JSON values; at trace level each request is logged twice.
//! - Go: the same keys, bodies as JSON strings, headers as string arrays.
//! - Python: no `correlationId`, the URL with its query string.
//! - Generic NDJSON: `{"method","url","headers","body"|"requestBody","status"}`, or a HAR request
//!   object per line.
//!
//! Lines that are not JSON objects (other log output) are passed over; objects without a method
//! and URL (other structured logs) too. A line that starts like an object and does not parse is
//! reported.

use super::capture::Capture;
use super::json::{JsonFile, LoggedKey, Record, merge_response, same_request_twice};

/// Whether a text is a JSON lines request log: its first line is a whole JSON object with a
/// method and a URL, and something follows it. (One object alone is read as a document.)
pub fn looks_like(text: &str) -> bool {
    let text = text.trim();
    let Some(newline) = text.find('\n') else { return false };
    let first = text[..newline].trim();
    first.starts_with('{')
        && serde_json::from_str::<Record>(first).is_ok_and(|r| r.is_request())
        && text[newline..].trim_start().starts_with('{')
}

/// Reads every line of `text` (which starts at file offset `base`).
pub fn read(text: &str, base: usize) -> Capture {
    let mut capture = Capture::default();
    // The previous request read, to tell a request logged twice.
    let mut previous: Option<(LoggedKey, bool)> = None;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = memchr::memchr(b'\n', text.as_bytes().get(line_start..).unwrap_or_default())
            .map_or(text.len(), |i| line_start + i);
        let raw_line = &text[line_start..line_end];
        let start = line_start;
        line_start = line_end + 1;
        let lead = raw_line.len() - raw_line.trim_start().len();
        let line = raw_line.trim();
        if !line.starts_with('{') {
            continue;
        }
        let file = JsonFile { text: line, base: base + start + lead };
        let record = match serde_json::from_str::<Record>(line) {
            Ok(r) if r.is_request() => r,
            Ok(_) => continue,
            Err(e) => {
                // An object that is another kind of log line is not ours to judge; a request
                // record that cannot be read is.
                if line.contains("\"method\"") && line.contains("\"url\"") {
                    let column = e.column().saturating_sub(1).min(line.len());
                    capture
                        .problem(file.base + column, "lines that start a JSON request record but are not valid JSON");
                }
                continue;
            }
        };
        let key = LoggedKey::of(&record);
        if let Some((prev, kept)) = &previous {
            if same_request_twice(prev, &key) {
                // Logged twice: keep the first, with the fuller response of the two.
                if *kept {
                    let mut ignored = super::capture::Secrets::default();
                    let response = file.draft(&record, None, &mut ignored).and_then(|d| d.response);
                    if let Some(last) = capture.exchanges.last_mut() {
                        merge_response(&mut last.response, response);
                    }
                }
                previous = None;
                continue;
            }
        }
        let before = capture.exchanges.len();
        match file.draft(&record, None, &mut capture.secrets) {
            Some(draft) => capture.add(draft),
            None => capture.requests += 1,
        }
        previous = Some((key, capture.exchanges.len() > before));
    }
    capture
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn js_trace_duplicates_are_one_request() {
        let log = concat!(
            r#"{"level":"trace","date":"2026-01-01T00:00:00Z","method":"PATCH","url":"https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1","correlationId":"abc","statusCode":202,"requestHeaders":{"Authorization":"[REDACTED]"},"responseHeaders":{"inin-correlation-id":"abc"},"requestBody":{"state":"disconnected"}}"#,
            "\n",
            r#"{"level":"debug","date":"2026-01-01T00:00:00Z","method":"PATCH","url":"https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1","correlationId":"","statusCode":202,"requestHeaders":{"Authorization":"[REDACTED]"},"requestBody":{"state":"disconnected"}}"#,
            "\n"
        );
        assert!(looks_like(log));
        let c = read(log, 0);
        assert_eq!((c.requests, c.exchanges.len()), (1, 1));
        assert_eq!(c.secrets.count(), 0, "[REDACTED] is not a secret");
        let ex = &c.exchanges[0];
        assert_eq!(ex.method, "PATCH");
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, r#"{"state":"disconnected"}"#);
        assert_eq!(&log[body.text.map.to_file(0).unwrap()..][..9], r#"{"state":"#);
        assert_eq!(ex.response.as_ref().unwrap().headers.len(), 1, "the trace record's response headers are kept");
    }

    #[test]
    fn go_bodies_are_strings_and_headers_arrays() {
        let log = concat!(
            r#"{"level":"debug","method":"PATCH","url":"https://api.mypurecloud.com/api/v2/conversations/c1/participants/p1","correlationId":"x1","statusCode":400,"requestHeaders":{"Content-Type":["application/json"],"Authorization":["Bearer abcdefghijklmnopqrstuvwxyz0123"]},"requestBody":"{\"action\":\"disconnect\"}"}"#,
            "\n",
            r#"{"level":"debug","method":"GET","url":"https://api.mypurecloud.com/api/v2/users/me","correlationId":"x2","statusCode":200}"#,
            "\n"
        );
        let c = read(log, 0);
        assert_eq!((c.requests, c.exchanges.len()), (2, 2));
        let body = c.exchanges[0].body.as_ref().unwrap();
        assert_eq!(body.text.value, r#"{"action":"disconnect"}"#);
        assert_eq!(body.mime.as_deref(), Some("application/json"));
        // `action` in the value (offset 2) stands after `{\"` in the file.
        assert_eq!(&log[body.text.map.to_file(2).unwrap()..][..6], "action");
        assert_eq!(c.secrets.count(), 1, "a live bearer token in a Go header array");
    }

    #[test]
    fn other_lines_are_passed_over_and_broken_records_reported() {
        let log = "starting up\n{\"msg\":\"ready\"}\n{\"method\":\"GET\",\"url\":\"https://api.mypurecloud.com/api/v2/conversations\"}\n{\"method\":\"PATCH\",\"url\":\"x\",\n";
        let c = read(log, 0);
        assert_eq!(c.requests, 1);
        assert_eq!(c.problems.len(), 1);
    }
}
