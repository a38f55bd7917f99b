//! Genesys Cloud CLI (`gc`) logs: the `Calling API with method: ..., URI: ..., data: ...` lines,
//! with the lines that follow them as their responses.
//!
//! `gc logging enable` makes the CLI write Go `log` lines, each starting with a level and a
//! timestamp (`INFO: 2026/11/20 18:30:12 `). Three of them matter:
//!
//! ```text
//! INFO: 2026/11/20 18:30:12 Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1/participants/p1, data: {"state":"disconnected"}
//! INFO: 2026/11/20 18:30:12 API response Correlation ID: 0b4c..., method: PATCH, URI: /api/v2/..., timestamp(ms): 1795199412345
//! WARNING: 2026/11/20 18:30:12 Error from API: Verb PATCH, Path /api/v2/..., Status Code 400, Headers {"Inin-Correlation-Id":["0b4c..."]}
//! ```
//!
//! The body is logged as the CLI sent it: one line from stdin, several from `--file`, so a
//! message runs until the next line that starts like a log line. A body may also be YAML
//! (`--inputformat=yaml`): it is turned into JSON for the checks, each key and value of the JSON
//! leading back to where it is written in the YAML, so that a finding points at the member as
//! written. The log records neither the host
//! (the profile's environment) nor the response body (printed to the terminal, not logged).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::capture::{Capture, Draft};
use crate::exchange::{Body, Header, Response};
use crate::secrets::scan::{self, Found, Kind};
use crate::text::{MAX_JSON_DEPTH, OffsetMap, Text};

/// What starts the message of a request line.
const CALLING: &str = "Calling API with method: ";
/// What starts the message logged when a response carries a correlation id.
const CORRELATION: &str = "API response Correlation ID: ";
/// What starts the message logged for a 4xx or 5xx answer.
const ERROR: &str = "Error from API: ";

/// Whether a text looks like a `gc` log: within its first 64 KiB, a line that starts with a Go
/// `log` prefix followed by one of the CLI's request or response messages (other log lines may
/// come first; the text is trimmed at its start, so its first line starts at 0).
pub fn looks_like(trimmed: &str) -> bool {
    crate::text::head(trimmed, 64 << 10).split('\n').any(|line| {
        prefix_len(line.as_bytes())
            .and_then(|len| line.get(len..))
            .is_some_and(|message| [CALLING, CORRELATION, ERROR].iter().any(|m| message.starts_with(m)))
    })
}

/// The length of the Go `log` prefix a line starts with, `LEVEL: yyyy/mm/dd hh:mm:ss ` (with
/// `.micros` after the seconds when the logger was set so), space included; `None` when the line
/// is not the start of a log message.
fn prefix_len(line: &[u8]) -> Option<usize> {
    let level = line.iter().take(16).take_while(|b| b.is_ascii_uppercase()).count();
    if level == 0 || line.get(level..level + 2) != Some(b": ") {
        return None;
    }
    let stamp = level + 2;
    const SHAPE: &[u8] = b"0000/00/00 00:00:00";
    let written = line.get(stamp..stamp + SHAPE.len())?;
    let fits = written.iter().zip(SHAPE).all(|(&b, &s)| if s == b'0' { b.is_ascii_digit() } else { b == s });
    if !fits {
        return None;
    }
    let mut end = stamp + SHAPE.len();
    if line.get(end) == Some(&b'.') {
        let digits = line.iter().skip(end + 1).take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        end += 1 + digits;
    }
    (line.get(end) == Some(&b' ')).then_some(end + 1)
}

/// One log message: where its text starts (after the prefix) and ends (where the next message's
/// line starts, or the end of the file), as offsets in the text.
struct Message {
    line: usize,
    text: Range<usize>,
}

/// The messages of a log, in order; text before the first one (a cut log) is no message.
fn messages(text: &str) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        if let Some(len) = prefix_len(raw.as_bytes()) {
            if let Some(last) = out.last_mut() {
                last.text.end = at;
            }
            out.push(Message { line: at, text: at + len..text.len() });
        }
        at += raw.len();
    }
    out
}

/// The requests read so far, in order, with those no error line has answered yet by method and
/// URI: an answer goes to the latest of its requests (the CLI sends one request at a time, so
/// that is the one just before), found without a search through the log.
#[derive(Default)]
struct Requests {
    drafts: Vec<Draft>,
    open: HashMap<(String, String), Vec<usize>>,
}

impl Requests {
    fn push(&mut self, draft: Draft, method: &str, uri: &str) {
        self.open.entry((method.to_ascii_uppercase(), uri.to_owned())).or_default().push(self.drafts.len());
        self.drafts.push(draft);
    }

    /// The response of the latest open request sent with `method` to `uri`, which an error line
    /// (`closing`) answers for good; `None` when no request matches (an answer to one the log
    /// does not show).
    fn response(&mut self, method: &str, uri: &str, closing: bool) -> Option<&mut Response> {
        let open = self.open.get_mut(&(method.to_ascii_uppercase(), uri.to_owned()))?;
        let i = if closing { open.pop()? } else { *open.last()? };
        let draft = self.drafts.get_mut(i)?;
        Some(draft.response.get_or_insert_with(|| Response { status: None, headers: Vec::new(), body: None }))
    }
}

/// Reads a `gc` log.
pub fn read(text: &str, base: usize) -> Capture {
    let mut capture = Capture::default();
    let mut requests = Requests::default();
    let mut yaml_secrets = Vec::new();
    for message in messages(text) {
        let Some(body) = text.get(message.text.clone()) else { continue };
        let start = message.text.start;
        if let Some(rest) = body.strip_prefix(CALLING) {
            let Some(call) = call(rest, start + CALLING.len()) else {
                capture.problem(
                    base + message.line,
                    "`Calling API` lines without a method and a URI (`method: PATCH, URI: /api/v2/...`)",
                );
                continue;
            };
            let mut draft = Draft::new(call.method, Text::verbatim(call.uri, base + call.uri_at));
            // The CLI sends every body as JSON.
            draft.headers.push(Header { name: "Content-Type".into(), value: "application/json".into() });
            draft.body = call.data.and_then(|(at, data)| {
                let (at, data) = trimmed(at, data)?;
                let json = Some("application/json".to_owned());
                Some(match data_kind(data) {
                    Data::Yaml(converted) => {
                        members(data, at, &mut yaml_secrets);
                        Body { text: converted.text(data, base + at), mime: json, transformed: Some("YAML") }
                    }
                    Data::Written => Body { text: Text::verbatim(data, base + at), mime: json, transformed: None },
                })
            });
            requests.push(draft, call.method, call.uri);
        } else if let Some(rest) = body.strip_prefix(CORRELATION) {
            if let Some((id, method, uri)) = correlation(rest)
                && let Some(response) = requests.response(method, uri, false)
            {
                response.headers.push(Header { name: "inin-correlation-id".into(), value: id.to_owned() });
            }
        } else if let Some(rest) = body.strip_prefix(ERROR) {
            if let Some((method, uri, status, headers)) = api_error(rest)
                && let Some(response) = requests.response(method, uri, true)
            {
                response.status = Some(status);
                for h in headers {
                    if !response.headers.iter().any(|old| old.name.eq_ignore_ascii_case(&h.name)) {
                        response.headers.push(h);
                    }
                }
            }
        }
    }
    for draft in requests.drafts {
        capture.add(draft);
    }
    for found in with_yaml(text, yaml_secrets) {
        capture.secrets.add(found.kind.name(), base + found.range.start);
    }
    capture
}

/// Every credential of a log, where it stands in `text`: what the secret taxonomy sees in the
/// text (a token in a URI or a JSON body, a header line), and the secret members of YAML bodies,
/// where it reads no YAML. `check` counts these and `gclint redact` replaces these, so that the
/// two agree.
pub fn secrets(text: &str) -> Vec<Found> {
    let mut yaml = Vec::new();
    for message in messages(text) {
        let Some(rest) = text.get(message.text.clone()).and_then(|m| m.strip_prefix(CALLING)) else { continue };
        let data =
            call(rest, message.text.start + CALLING.len()).and_then(|c| c.data).and_then(|(at, d)| trimmed(at, d));
        if let Some((at, data)) = data
            && let Data::Yaml(_) = data_kind(data)
        {
            members(data, at, &mut yaml);
        }
    }
    with_yaml(text, yaml)
}

fn with_yaml(text: &str, yaml: Vec<Found>) -> Vec<Found> {
    let mut found = scan::scan(text);
    for f in &mut found {
        // The CLI writes `, ` between the parts of a message: a query value that a URI ends
        // with stops before it (`?access_token=x, data: ...`).
        if text.get(f.range.end.saturating_sub(1)..f.range.end + 1) == Some(", ") {
            f.range.end -= 1;
        }
    }
    found.extend(yaml);
    scan::tidy(&mut found);
    found
}

/// A `Calling API` message, each part with its offset in the log.
struct Call<'t> {
    method: &'t str,
    uri: &'t str,
    uri_at: usize,
    /// What follows `data:`.
    data: Option<(usize, &'t str)>,
}

/// Reads the rest of a `Calling API` message (`rest`, standing at `at`):
/// `PATCH, URI: /api/v2/..., data: {...}`.
fn call(rest: &str, at: usize) -> Option<Call<'_>> {
    let (method, after) = rest.split_once(", URI: ")?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let uri_at = at + method.len() + ", URI: ".len();
    // The URI runs to `, data:` (a URI holds no space), or to the end of its line when the
    // message was cut.
    let (uri, data) = match after.find(", data:") {
        Some(i) => (after.get(..i)?, Some((uri_at + i + ", data:".len(), after.get(i + ", data:".len()..)?))),
        None => (after.lines().next().unwrap_or_default(), None),
    };
    let uri = uri.trim_end();
    if uri.is_empty() || uri.contains(char::is_whitespace) {
        return None;
    }
    Some(Call { method, uri, uri_at, data })
}

/// The body written after `data:` (at `at`), without the space around it; `None` when there is
/// none: nothing, or `null`.
fn trimmed(at: usize, data: &str) -> Option<(usize, &str)> {
    let lead = data.len() - data.trim_start().len();
    let written = data.trim();
    (!written.is_empty() && written != "null").then_some((at + lead, written))
}

/// What a logged body is.
enum Data {
    /// YAML (a mapping or a sequence, not JSON), as JSON.
    Yaml(Converted),
    /// JSON, or what is neither JSON nor YAML: checked as written, where the JSON checks report
    /// what is wrong with it.
    Written,
}

fn data_kind(data: &str) -> Data {
    if serde_json::from_str::<serde::de::IgnoredAny>(data).is_ok() {
        return Data::Written;
    }
    convert(data).map_or(Data::Written, Data::Yaml)
}

/// A YAML body as JSON, with where each key and value of the JSON is written in the YAML.
struct Converted {
    json: String,
    /// `(offset in the JSON, index in characters in the YAML)` of each key, scalar, mapping and
    /// sequence, in the order written (an alias's copy has none: it maps to what comes before).
    places: Vec<(usize, usize)>,
}

impl Converted {
    /// The JSON as a body text whose map leads each key and value to its place in the YAML,
    /// which stands in the file from `start` on. Between two places the JSON's punctuation maps
    /// on from the earlier one, never past the later one.
    fn text(self, yaml: &str, start: usize) -> Text {
        // The parser counts characters; the file, bytes.
        let bytes: Vec<usize> =
            if yaml.is_ascii() { Vec::new() } else { yaml.char_indices().map(|(i, _)| i).collect() };
        let byte =
            |index: usize| if bytes.is_empty() { index } else { bytes.get(index).copied().unwrap_or(yaml.len()) };
        let mut jumps: Vec<(u32, u32)> = Vec::with_capacity(self.places.len());
        for (json, index) in self.places {
            let (Ok(v), Ok(f)) = (u32::try_from(json), u32::try_from(byte(index))) else { break };
            match jumps.last_mut() {
                Some(last) if last.0 == v => *last = (v, f),
                // A place behind the one before (a flow collection closed on a later line is
                // placed at its start): the map keeps going forward only.
                Some(last) if last.1 > f => {}
                _ => jumps.push((v, f)),
            }
        }
        Text { value: self.json, map: OffsetMap::Escaped { start, jumps } }
    }
}

/// The values of the secret members of a YAML body (`password: hunter2`, `client_secret: "x"`)
/// standing at `at`, one a line; flow collections (`{password: x}`) are not looked into.
fn members(yaml: &str, at: usize, found: &mut Vec<Found>) {
    let mut line_at = at;
    for raw in yaml.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = line_at;
        line_at += raw.len();
        let mut rest = line.trim_start();
        while let Some(item) = rest.strip_prefix("- ") {
            rest = item.trim_start();
        }
        let (key, after) = match rest.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let Some(close) = rest.get(1..).and_then(|r| r.find(q as char)) else { continue };
                (rest.get(1..close + 1).unwrap_or_default(), rest.get(close + 2..).unwrap_or_default())
            }
            _ => match rest.find(':') {
                Some(colon) => (rest.get(..colon).unwrap_or_default(), rest.get(colon..).unwrap_or_default()),
                None => continue,
            },
        };
        let Some(value) = after.strip_prefix(": ").or_else(|| after.strip_prefix(":\t")) else { continue };
        if !scan::is_secret_name(key) {
            continue;
        }
        let value_at = start + (line.len() - value.len());
        let lead = value.len() - value.trim_start().len();
        let value = value.trim_start();
        let (inner_at, inner) = match value.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let body = value.get(1..).unwrap_or_default();
                let end = quoted_end(body, q).unwrap_or(body.len());
                (1, body.get(..end).unwrap_or_default())
            }
            Some(b'|' | b'>' | b'&' | b'*' | b'!' | b'[' | b'{' | b'#') | None => continue,
            _ => (0, value.split(" #").next().unwrap_or_default().trim_end()),
        };
        if !scan::is_placeholder(inner) {
            let from = value_at + lead + inner_at;
            found.push(Found { range: from..from + inner.len(), kind: Kind::Token });
        }
    }
}

/// Where a quoted YAML scalar that `body` continues (after its opening `quote`) closes.
fn quoted_end(body: &str, quote: u8) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            _ if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Reads `0b4c..., method: PATCH, URI: /api/v2/..., timestamp(ms): 1795199412345`.
fn correlation(rest: &str) -> Option<(&str, &str, &str)> {
    let (id, rest) = rest.split_once(", method: ")?;
    let (method, rest) = rest.split_once(", URI: ")?;
    let uri = rest.rsplit_once(", timestamp(ms):").map_or(rest, |(u, _)| u).trim();
    Some((id.trim(), method.trim(), uri))
}

/// Reads `Verb PATCH, Path /api/v2/..., Status Code 400, Headers {...}` (the headers as JSON,
/// or as a Go map, `map[Inin-Correlation-Id:[0b4c...]]`, from older CLIs).
fn api_error(rest: &str) -> Option<(&str, &str, i64, Vec<Header>)> {
    let rest = rest.strip_prefix("Verb ")?;
    let (method, rest) = rest.split_once(", Path ")?;
    let (uri, rest) = rest.split_once(", Status Code ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let status = rest.get(..digits)?.parse().ok()?;
    let headers = rest.get(digits..).and_then(|r| r.strip_prefix(", Headers ")).map_or_else(Vec::new, error_headers);
    Some((method.trim(), uri.trim(), status, headers))
}

/// The headers of an error line: a JSON object of arrays, or a Go map of slices.
fn error_headers(written: &str) -> Vec<Header> {
    let written = written.trim();
    if let Ok(map) = serde_json::from_str::<HashMap<String, Vec<String>>>(written) {
        let mut headers: Vec<Header> =
            map.into_iter().map(|(name, values)| Header { name, value: values.join(", ") }).collect();
        headers.sort_by(|a, b| a.name.cmp(&b.name));
        return headers;
    }
    // `map[Content-Type:[application/json] Inin-Correlation-Id:[0b4c]]`: only the
    // correlation id is worth the guesswork of reading Go's unquoted formatting.
    let key = "Inin-Correlation-Id:[";
    let Some(at) = written.find(key) else { return Vec::new() };
    let value = written.get(at + key.len()..).and_then(|v| v.split(']').next()).unwrap_or_default();
    match value.split_whitespace().next() {
        Some(id) => vec![Header { name: "Inin-Correlation-Id".into(), value: id.to_owned() }],
        None => Vec::new(),
    }
}

/// A YAML mapping or sequence as pretty-printed JSON; `None` for anything else (a scalar, more
/// than one document, a key that is not a scalar, text that is not YAML) and for YAML past the
/// bounds: nesting deeper than JSON may, or aliases that expand past four times the size of the
/// YAML (the "billion laughs").
pub fn yaml_to_json(yaml: &str) -> Option<String> {
    convert(yaml).map(|c| c.json)
}

/// [`yaml_to_json`], with the places of what it wrote.
fn convert(yaml: &str) -> Option<Converted> {
    let mut places = Vec::new();
    let budget = yaml.len().saturating_mul(4).max(4096);
    let mut out = Json { text: String::with_capacity(yaml.len() * 2), stack: Vec::new(), done: false };
    let mut anchors: HashMap<usize, Range<usize>> = HashMap::new();
    let mut documents = 0;
    for event in Parser::new_from_str(yaml) {
        let (event, span) = event.ok()?;
        let at = span.start.index();
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                let written = if out.in_key_place() {
                    let written = out.key(&value)?;
                    place_string(&mut places, written.start, at, plain);
                    written
                } else {
                    let string = style != ScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str");
                    let literal = if string { None } else { plain_scalar(&value) };
                    let is_literal = literal.is_some();
                    let start = out.value(|json| match literal {
                        Some(l) => {
                            json.push_str(&l);
                            Some(())
                        }
                        None => push_string(json, &value),
                    })?;
                    if is_literal {
                        places.push((start, at));
                    } else {
                        place_string(&mut places, start, at, plain);
                    }
                    start..out.text.len()
                };
                if anchor != 0 {
                    anchors.insert(anchor, written);
                }
            }
            Event::Alias(id) => {
                let range = anchors.get(&id)?.clone();
                let copy = out.text.get(range)?.to_owned();
                if out.in_key_place() {
                    // A key must be a string: an alias of a scalar key is one only as a string.
                    let key: String = serde_json::from_str(&copy).ok()?;
                    out.key(&key)?;
                } else {
                    out.value(|json| {
                        json.push_str(&copy);
                        Some(())
                    })?;
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let mapping = matches!(event, Event::MappingStart(..));
                if out.in_key_place() || out.stack.len() >= MAX_JSON_DEPTH {
                    return None;
                }
                let start = out.value(|json| {
                    json.push(if mapping { '{' } else { '[' });
                    Some(())
                })?;
                places.push((start, at));
                out.stack.push(Frame { mapping, items: 0, key_next: true, anchor, start });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = out.stack.pop()?;
                if frame.items > 0 {
                    out.newline();
                }
                out.text.push(if frame.mapping { '}' } else { ']' });
                if frame.anchor != 0 {
                    anchors.insert(frame.anchor, frame.start..out.text.len());
                }
                out.done = out.stack.is_empty();
            }
        }
        if out.text.len() > budget {
            return None;
        }
    }
    (out.done && out.stack.is_empty()).then_some(Converted { json: out.text, places })
}

/// Places a JSON string written at `json` for a YAML scalar at `at`: its opening quote there,
/// and for a plain scalar (no quote in the YAML) its first character there too.
fn place_string(places: &mut Vec<(usize, usize)>, json: usize, at: usize, plain: bool) {
    places.push((json, at));
    if plain {
        places.push((json + 1, at));
    }
}

/// A mapping or sequence being written.
struct Frame {
    mapping: bool,
    items: usize,
    /// In a mapping: whether the next node is a key.
    key_next: bool,
    anchor: usize,
    /// Where its `{` or `[` is in the output.
    start: usize,
}

/// JSON being written from YAML events, pretty-printed as it goes.
struct Json {
    text: String,
    stack: Vec<Frame>,
    /// Whether the root collection has been closed.
    done: bool,
}

impl Json {
    fn in_key_place(&self) -> bool {
        self.stack.last().is_some_and(|f| f.mapping && f.key_next)
    }

    fn newline(&mut self) {
        self.text.push('\n');
        for _ in 0..self.stack.len() {
            self.text.push_str("  ");
        }
    }

    /// Writes a mapping's key (a YAML scalar of any kind, as a JSON string); gives the range
    /// of the string.
    fn key(&mut self, key: &str) -> Option<Range<usize>> {
        let items = self.stack.last().map(|f| f.items)?;
        if items > 0 {
            self.text.push(',');
        }
        self.newline();
        let start = self.text.len();
        push_string(&mut self.text, key)?;
        let written = start..self.text.len();
        self.text.push_str(": ");
        let frame = self.stack.last_mut()?;
        frame.key_next = false;
        frame.items += 1;
        Some(written)
    }

    /// Writes a value where the next one goes: the root (only one), a sequence's next item, or
    /// the value of a mapping's key; gives where it starts.
    fn value(&mut self, write: impl FnOnce(&mut String) -> Option<()>) -> Option<usize> {
        match self.stack.last_mut() {
            None if self.done || !self.text.is_empty() => return None,
            None => {}
            Some(f) if f.mapping => f.key_next = true,
            Some(f) => {
                f.items += 1;
                if f.items > 1 {
                    self.text.push(',');
                }
                self.newline();
            }
        }
        let start = self.text.len();
        write(&mut self.text)?;
        Some(start)
    }
}

fn push_string(json: &mut String, s: &str) -> Option<()> {
    json.push_str(&serde_json::to_string(s).ok()?);
    Some(())
}

/// The JSON literal a plain YAML scalar stands for under the YAML 1.2 core schema (`null`,
/// booleans, integers in decimal, octal `0o` and hexadecimal `0x`, floats); `None` for a string.
fn plain_scalar(s: &str) -> Option<String> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some("null".into()),
        "true" | "True" | "TRUE" => return Some("true".into()),
        "false" | "False" | "FALSE" => return Some("false".into()),
        _ => {}
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let negative = s.starts_with('-');
    let radix = |digits: &str, r: u32| {
        i64::from_str_radix(digits, r).ok().map(|n| if negative { -n } else { n }).map(|n| n.to_string())
    };
    if let Some(octal) = s.strip_prefix("0o").filter(|d| !d.is_empty()) {
        return radix(octal, 8).filter(|_| !negative);
    }
    if let Some(hex) = s.strip_prefix("0x").filter(|d| !d.is_empty()) {
        return radix(hex, 16).filter(|_| !negative);
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return match s.trim_start_matches('+').parse::<i64>() {
            Ok(n) => Some(n.to_string()),
            Err(_) => s
                .trim_start_matches('+')
                .parse::<u64>()
                .ok()
                .map(|n| n.to_string())
                .or_else(|| float(unsigned, negative)),
        };
    }
    let mantissa = unsigned.split(['e', 'E']).next().unwrap_or_default();
    let exponent = unsigned.get(mantissa.len() + 1..);
    let digits_dot = |m: &str| {
        let (int, frac) = m.split_once('.').unwrap_or((m, ""));
        (int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit()))
            && (!int.is_empty() || !frac.is_empty())
            && m.contains('.') | !int.is_empty()
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    if digits_dot(mantissa) && exponent_ok {
        return float(unsigned, negative);
    }
    None
}

/// A float as a JSON number (`None` past what a float holds: JSON has no infinity).
fn float(unsigned: &str, negative: bool) -> Option<String> {
    let f: f64 = unsigned.parse().ok()?;
    let n = serde_json::Number::from_f64(if negative { -f } else { f })?;
    Some(n.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const LOG: &str = "INFO: 2026/11/20 18:30:10 Using profile default\n\
INFO: 2026/11/20 18:30:12 Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1/participants/p1, data: {\"state\":\"DISCONNECTED\"}\n\
INFO: 2026/11/20 18:30:12 API response Correlation ID: 0b4c, method: PATCH, URI: /api/v2/conversations/calls/c1/participants/p1, timestamp(ms): 1795199412345\n\
WARNING: 2026/11/20 18:30:12 Error from API: Verb PATCH, Path /api/v2/conversations/calls/c1/participants/p1, Status Code 400, Headers {\"Content-Type\":[\"application/json\"],\"Inin-Correlation-Id\":[\"0b4c\"]}\n";

    #[test]
    fn prefixes_of_go_log_lines() {
        assert_eq!(prefix_len(b"INFO: 2026/11/20 18:30:12 Calling"), Some(26));
        assert_eq!(prefix_len(b"WARNING: 2026/11/20 18:30:12.123456 x"), Some(36));
        for not in [
            "INFO 2026/11/20 18:30:12 x",
            "info: 2026/11/20 18:30:12 x",
            "INFO: 2026-11-20 18:30:12 x",
            "INFO: 2026/11/20 18:30:12",
            "",
        ] {
            assert_eq!(prefix_len(not.as_bytes()), None, "{not}");
        }
    }

    #[test]
    fn a_log_is_told_by_its_lines_not_by_its_words() {
        assert!(looks_like(LOG));
        assert!(looks_like(&LOG.replace('\n', "\r\n")));
        // Quoted in prose, or with the prefix elsewhere on the line, it is no log.
        assert!(!looks_like("The CLI logs `Calling API with method: PATCH, URI: /api/v2/x, data: {}`"));
        assert!(!looks_like("note INFO: 2026/11/20 18:30:12 Calling API with method: PATCH, URI: /x, data: "));
        // Far past other log lines, it still is one.
        let long = format!("{}{LOG}", "TRACE: 2026/11/20 18:30:00 something else\n".repeat(1000));
        assert!(looks_like(&long));
    }

    #[test]
    fn a_request_with_its_answer() {
        let c = read(LOG, 7);
        assert_eq!((c.requests, c.exchanges.len()), (1, 1));
        let ex = &c.exchanges[0];
        assert_eq!(ex.method, "PATCH");
        assert_eq!(ex.path_str(), "/api/v2/conversations/calls/c1/participants/p1");
        assert_eq!(ex.url.map.to_file(0), Some(7 + LOG.find("/api/v2").unwrap()));
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\"state\":\"DISCONNECTED\"}");
        let at = body.text.map.to_file(body.text.value.find("DISC").unwrap()).unwrap() - 7;
        assert!(LOG[at..].starts_with("DISCONNECTED"));
        let response = ex.response.as_ref().unwrap();
        assert_eq!(response.status, Some(400));
        let ids: Vec<&str> = response
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case("inin-correlation-id"))
            .map(|h| h.value.as_str())
            .collect();
        assert_eq!(ids, ["0b4c"]);
        assert_eq!(c.secrets.count(), 0);
        assert!(c.problems.is_empty());
    }

    #[test]
    fn a_body_from_a_file_runs_to_the_next_log_line() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: POST, URI: /api/v2/conversations/calls, data: {\r\n  \"phoneNumber\": \"+13175550100\",\r\n  \"callerIdName\": \"x\"\r\n}\r\n\
INFO: 2026/11/20 18:30:13 Calling API with method: GET, URI: /api/v2/conversations/calls/c1, data: \r\n";
        let c = read(log, 0);
        assert_eq!(c.exchanges.len(), 2);
        let body = c.exchanges[0].body.as_ref().unwrap();
        assert!(body.text.value.starts_with('{') && body.text.value.ends_with('}'));
        let at = body.text.map.to_file(body.text.value.find("\"callerIdName").unwrap()).unwrap();
        assert!(log[at..].starts_with("\"callerIdName"));
        assert!(c.exchanges[1].body.is_none(), "an empty `data:` is no body");
        assert!(c.exchanges[0].response.is_none());
    }

    #[test]
    fn errors_answer_the_latest_request_of_their_method_and_path() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1, data: null\n\
INFO: 2026/11/20 18:30:13 Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1, data: {}\n\
WARNING: 2026/11/20 18:30:13 Error from API: Verb PATCH, Path /api/v2/conversations/calls/c1, Status Code 409, Headers map[Content-Type:[application/json] Inin-Correlation-Id:[77aa]]\n\
WARNING: 2026/11/20 18:30:14 Error from API: Verb DELETE, Path /api/v2/conversations/calls/c1, Status Code 404, Headers {}\n";
        let c = read(log, 0);
        assert_eq!(c.exchanges.len(), 2);
        assert!(c.exchanges[0].body.is_none(), "`data: null` is no body");
        assert!(c.exchanges[0].response.is_none());
        let r = c.exchanges[1].response.as_ref().unwrap();
        assert_eq!(r.status, Some(409));
        assert_eq!(r.headers[0].value, "77aa");
    }

    #[test]
    fn a_yaml_body_is_checked_as_json_each_member_at_its_place_in_the_yaml() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1/participants/p1, data: state: disconnected\nwrapup:\n  code: 'abc'\n  notes: |\n    two\n    lines\n";
        let c = read(log, 3);
        let body = c.exchanges[0].body.as_ref().unwrap();
        let value: serde_json::Value = serde_json::from_str(&body.text.value).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"state": "disconnected", "wrapup": {"code": "abc", "notes": "two\nlines\n"}})
        );
        assert_eq!(body.transformed, Some("YAML"));
        let json = &body.text.value;
        let file = |json_at: usize| body.text.map.to_file(json_at).map(|f| f - 3);
        assert_eq!(file(0), log.find("state:"));
        assert_eq!(file(json.find("\"state\"").unwrap()), log.find("state:"));
        assert_eq!(file(json.find("\"disconnected\"").unwrap()), log.find("disconnected\n"));
        assert_eq!(file(json.find("\"wrapup\"").unwrap()), log.find("wrapup:"));
        assert_eq!(file(json.find("\"abc\"").unwrap()), log.find("'abc'"));
        assert_eq!(file(json.find("\"notes\"").unwrap()), log.find("notes:"));
    }

    #[test]
    fn yaml_scalars_follow_the_core_schema() {
        let json = yaml_to_json(
            "a: 1\nb: -2\nc: 1.5e3\nd: ~\ne: true\nf: '7'\ng: 0x1F\nh: .inf\ni: 007\nj: !!str 12\nk: [x, \"y\", {z: null}]\nl: 123456789012345678901\n",
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": -2, "c": 1500.0, "d": null, "e": true, "f": "7", "g": 31, "h": ".inf", "i": 7, "j": "12", "k": ["x", "y", {"z": null}], "l": 123456789012345678901.0})
        );
        // The order of the keys is the order written.
        assert!(json.find("\"a\"").unwrap() < json.find("\"l\"").unwrap());
        assert!(json.starts_with("{\n  \"a\": 1,\n"));
    }

    #[test]
    fn yaml_that_is_no_body_or_too_much_is_refused() {
        for no in ["just text", "42", "a: [1\n", "? [a, b]\n: c\n", "a: 1\n---\nb: 2\n", ""] {
            assert_eq!(yaml_to_json(no), None, "{no:?}");
        }
        // Deeper than JSON may nest.
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(yaml_to_json(&deep), None);
        // Aliases that multiply: refused past four times the size of the YAML.
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert_eq!(yaml_to_json(&bomb), None);
        // A few aliases are fine.
        let v: serde_json::Value =
            serde_json::from_str(&yaml_to_json("base: &b {code: x}\nfirst: *b\nlist: [*b]\n").unwrap()).unwrap();
        assert_eq!(v["first"], serde_json::json!({"code": "x"}));
        assert_eq!(v["list"][0], serde_json::json!({"code": "x"}));
    }

    #[test]
    fn text_that_is_neither_json_nor_yaml_stays_as_written() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1, data: {\"state\": \n";
        let c = read(log, 0);
        let body = c.exchanges[0].body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\"state\":");
        assert_eq!(body.transformed, None);
        assert_eq!(body.text.map.to_file(0), Some(log.find('{').unwrap()));
    }

    #[test]
    fn broken_request_lines_are_problems() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: PATCH URI /x\n";
        let c = read(log, 0);
        assert_eq!(c.requests, 0);
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].offset, Some(0));
    }

    #[test]
    fn secret_members_of_yaml_bodies_are_found_where_they_stand() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: POST, URI: /api/v2/users, data: name: Ann\n\
password: \"hunter2 \\\" x\"\nitems:\n  - token: abc123 # rotated monthly\n  - apiKey: '{{key}}'\n  - 'client_secret': 'it''s'\n\
INFO: 2026/11/20 18:30:13 Calling API with method: POST, URI: /api/v2/users, data: {\"password\": \"in json\"}\n";
        let found = secrets(log);
        let values: Vec<&str> = found.iter().map(|f| &log[f.range.clone()]).collect();
        assert_eq!(values, ["hunter2 \\\" x", "abc123", "it''s", "in json"]);
        // `check` counts the same.
        assert_eq!(read(log, 0).secrets.count(), 4);
    }

    #[test]
    fn credentials_anywhere_in_the_log_are_counted() {
        let log = "INFO: 2026/11/20 18:30:12 Calling API with method: GET, URI: /api/v2/conversations?access_token=abcdef123456, data: \n\
INFO: 2026/11/20 18:30:13 Calling API with method: POST, URI: /api/v2/conversations/calls, data: password: hunter22\n";
        let c = read(log, 0);
        assert_eq!(c.secrets.count(), 2, "{:?}", c.secrets.kinds);
        assert_eq!(c.secrets.first, Some(log.find("abcdef").unwrap()));
        // The token of a URI stops before the `, ` that ends the URI.
        let values: Vec<&str> = secrets(log).iter().map(|f| &log[f.range.clone()]).collect();
        assert_eq!(values, ["abcdef123456", "hunter22"]);
    }
}
