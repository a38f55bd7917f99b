//! `.http` / `.rest` request files, as the JetBrains HTTP Client and the VS Code REST Client
//! write them:
//!
//! ```text
//! @host = api.mypurecloud.com                     (a file variable, usable anywhere in the file)
//!
//! ### Hang up  gclint: ignore put-method          (`###` separates requests and may name them)
//! # @name hangup                                  (`#` and `//` comments and tags)
//! PATCH https://{{host}}/api/v2/conversations/calls/{{callId}}/participants/{{pid}} HTTP/1.1
//!     ?ignored=1                                  (indented `?` / `&` / `/` lines continue the URL)
//! Authorization: Bearer {{token}}
//! Content-Type: application/json
//!                                                 (a blank line ends the headers)
//! { "state": "disconnected" }                     (the body: inline, or `< ./body.json`)
//!
//! > {% client.test(...) %}                        (response handlers and redirects end the body)
//! ```
//!
//! `{{name}}` placeholders are filled from file variables, then from the chosen environment of
//! `http-client.private.env.json` merged over `http-client.env.json` (both next to the file).
//! Unknown and dynamic variables (`{{$uuid}}`) stay as written. The URL, header values and body
//! keep their places in the file: verbatim pieces map one to one, and a filled-in value maps to
//! its placeholder. Bodies read from another file map to the `<` line. The request name, comments
//! and tags become the request's comment, so `gclint: ignore RULE` in any of them suppresses
//! findings.
//!
//! Credentials are counted as written in the file, before variables are filled in: a
//! `{{token}}` placeholder is no leaked secret, whatever the environment file holds.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::{Map, Value};

use super::capture::{Capture, Draft, InputError, Order, is_sequence_directive};
use super::format::Format;
use super::options::{BodyFiles, Includes};
use super::vars::{Built, Syntax, Vars};
use crate::exchange::{Body, Header};
use crate::text::{OffsetMap, Text, TextBuilder};

/// The methods a request line must start with for the content to be taken as a request file.
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
/// How many lines [`looks_like`] reads at most before giving up.
const LOOK_AHEAD: usize = 200;

const ENV_FILES: [&str; 2] = ["http-client.env.json", "http-client.private.env.json"];
const SHARED: &str = "$shared";

/// Whether `text` (trimmed at the start) looks like a request file: its first meaningful line,
/// past blank lines, comments, `###` separators and `@name = value` variables, is a request line
/// `METHOD URL [HTTP/x]`.
pub fn looks_like(text: &str) -> bool {
    for line in text.lines().take(LOOK_AHEAD) {
        let t = line.trim();
        if t.is_empty() || comment(t).is_some() || variable(t).is_some() {
            continue;
        }
        let Some((method, url)) = t.split_once(char::is_whitespace) else { return false };
        let url = without_version(url.trim());
        return METHODS.contains(&method)
            && ["http://", "https://", "/", "{{"].iter().any(|p| url.starts_with(p))
            && !spaces_outside_placeholders(url);
    }
    false
}

/// Reads every request of the file. `base` is the file offset of `text[0]`, `dir` the directory
/// holding the environment files (and the tree body files are read from, as `includes` allows),
/// `env` the environment chosen by the user.
pub fn read(text: &str, base: usize, dir: &Path, env: Option<&str>, includes: Includes) -> Result<Capture, InputError> {
    let mut capture = Capture { order: Order::Written { format: Format::Http, sequence: false }, ..Capture::default() };
    let environment = environment(dir, env, base, &mut capture)?;
    capture.secrets.values = env_secret_values(dir);
    let lines = lines(text);
    let (requests, file_vars) = parse(&lines, base, &mut capture);
    if requests.is_empty() {
        return Err(InputError::at(
            base,
            "no request found: a .http file holds `METHOD URL` request lines, separated by `###` lines",
        ));
    }
    let file_vars = file_vars.into_iter().map(|(name, value)| (name.into(), value.into()));
    let mut vars = Vars::new(Syntax::Mustache, file_vars, environment, (16 << 20) + 8 * text.len());
    for request in requests {
        let draft = request.draft(base, BodyFiles { dir, includes }, &mut vars, &mut capture);
        capture.add(draft);
    }
    if vars.exhausted {
        capture.problem(base, "variables left as written because their values grow the file too much");
    }
    Ok(capture)
}

/// One line of the file: where it starts, its text without the line end, and where the next
/// line starts (offsets in `text`).
#[derive(Clone, Copy)]
struct Line<'a> {
    at: usize,
    text: &'a str,
    next: usize,
}

impl Line<'_> {
    /// The offset in `text` of the first non-blank character.
    fn indent_end(&self) -> usize {
        self.at + (self.text.len() - self.text.trim_start().len())
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut at = 0;
    text.split_inclusive('\n')
        .map(|raw| {
            let line = Line { at, text: raw.trim_end_matches('\n').trim_end_matches('\r'), next: at + raw.len() };
            at += raw.len();
            line
        })
        .collect()
}

/// The offset of `inner` in `outer`, which it must be a slice of.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// The text of a `#` or `//` comment line (trimmed), without its marker.
fn comment(trimmed: &str) -> Option<&str> {
    let rest = if trimmed.starts_with('#') {
        trimmed.trim_start_matches('#')
    } else {
        trimmed.strip_prefix("//")?.trim_start_matches('/')
    };
    Some(rest.trim())
}

/// A file variable line `@name = value` (trimmed): its name and value.
fn variable(trimmed: &str) -> Option<(&str, &str)> {
    let (name, value) = trimmed.strip_prefix('@')?.split_once('=')?;
    let name = name.trim();
    let valid = !name.is_empty() && !name.contains(char::is_whitespace) && !name.contains(['{', '}']);
    valid.then(|| (name, value.trim()))
}

/// `url` without a trailing ` HTTP/1.1` (or any ` HTTP/x`).
fn without_version(url: &str) -> &str {
    match url.rfind(char::is_whitespace) {
        Some(sp) if url[sp..].trim_start().starts_with("HTTP/") => url[..sp].trim_end(),
        _ => url,
    }
}

/// Whether `url` holds whitespace outside `{{ ... }}` placeholders.
fn spaces_outside_placeholders(url: &str) -> bool {
    let mut inside = false;
    let mut rest = url;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{") {
            inside = true;
        } else if rest.starts_with("}}") {
            inside = false;
        } else if c.is_whitespace() && !inside {
            return true;
        }
        rest = &rest[c.len_utf8()..];
    }
    false
}

fn is_method(token: &str) -> bool {
    let upper = !token.is_empty() && token.len() <= 16 && token.bytes().all(|b| b.is_ascii_uppercase());
    upper || METHODS.iter().any(|m| m.eq_ignore_ascii_case(token))
}

/// A header name as the request files allow it: an HTTP token, or one made of a placeholder.
fn is_header_name(name: &str) -> bool {
    const EXTRA: &[u8] = b"!#$%&'*+-.^_`|~";
    !name.is_empty()
        && (name.starts_with("{{") || name.bytes().all(|b| b.is_ascii_alphanumeric() || EXTRA.contains(&b)))
}

/// A piece of the file and its offset in `text`.
type Spot<'a> = (&'a str, usize);

struct RawHeader<'a> {
    name: &'a str,
    value: Spot<'a>,
}

enum RawBody<'a> {
    /// The body's lines, as written in the file.
    Inline(Vec<Line<'a>>),
    /// `< path` (or `<@ path`, whose content gets variables filled in), with the offset of `<`.
    File { path: &'a str, at: usize, fill: bool },
}

/// A request as it is written, before variables are filled in.
struct RawRequest<'a> {
    /// The comment lines' texts, each with its file offset.
    comments: Vec<(&'a str, usize)>,
    method: &'a str,
    url: Vec<Spot<'a>>,
    headers: Vec<RawHeader<'a>>,
    body: Option<RawBody<'a>>,
}

/// Splits the file into requests, and collects its variables (file-wide: the last definition of
/// a name wins).
fn parse<'a>(
    lines: &[Line<'a>],
    base: usize,
    capture: &mut Capture,
) -> (Vec<RawRequest<'a>>, HashMap<&'a str, &'a str>) {
    let mut requests = Vec::new();
    let mut vars = HashMap::new();
    let mut start = 0;
    let mut name = None;
    while start <= lines.len() {
        let rest = lines.get(start..).unwrap_or_default();
        let end = rest.iter().position(|l| l.text.starts_with("###")).map_or(lines.len(), |p| start + p);
        let block = lines.get(start..end).unwrap_or_default();
        if let Some(request) = parse_block(block, name, &mut vars, base, capture) {
            requests.push(request);
        }
        name = lines.get(end).map(|l| {
            let n = l.text.trim_start_matches('#').trim();
            (n, base + l.at + offset_in(l.text, n))
        });
        start = end + 1;
    }
    (requests, vars)
}

fn parse_block<'a>(
    block: &[Line<'a>],
    name: Option<(&'a str, usize)>,
    vars: &mut HashMap<&'a str, &'a str>,
    base: usize,
    capture: &mut Capture,
) -> Option<RawRequest<'a>> {
    let mut comments: Vec<(&str, usize)> = name.into_iter().filter(|(n, _)| !n.is_empty()).collect();
    let mut i = 0;
    // Before the request line: blank lines, comments, variables, pre-request scripts.
    while let Some(line) = block.get(i) {
        let t = line.text.trim();
        i += 1;
        if t.is_empty() {
            continue;
        } else if let Some(c) = comment(t) {
            note_comment((c, base + line.at + offset_in(line.text, c)), &mut comments, capture);
        } else if let Some((name, value)) = variable(t) {
            vars.insert(name, value);
        } else if t.starts_with('<') {
            // `< {% script %}` or `< script.js` run before the request; a script may span lines.
            if t.find("{%").is_some_and(|open| !t[open..].contains("%}")) {
                while block.get(i).is_some_and(|l| !l.text.contains("%}")) {
                    i += 1;
                }
                i += 1;
            }
        } else {
            i -= 1;
            break;
        }
    }
    let line = block.get(i)?;
    i += 1;
    let rest = line.text.trim();
    let (method, url) = match rest.split_once(char::is_whitespace) {
        Some((m, url)) if is_method(m) => (m, url.trim()),
        _ if is_method(rest) => (rest, ""),
        _ => ("GET", rest),
    };
    let url = without_version(url);
    if url.is_empty() {
        capture.problem(base + line.indent_end(), "request lines without a URL");
        return None;
    }
    let mut pieces = vec![(url, line.at + offset_in(line.text, url))];
    // Indented lines starting with `?`, `&` or `/` continue the URL.
    while let Some(next) = block.get(i) {
        let t = next.text.trim();
        let continues = next.text.starts_with([' ', '\t']) && t.starts_with(['?', '&', '/']) && !t.starts_with("//");
        if !continues {
            break;
        }
        // The version may close the last line of a long URL.
        pieces.push((without_version(t), next.indent_end()));
        i += 1;
    }
    // Headers, up to the first blank line; a line that is no header starts the body.
    let mut headers = Vec::new();
    while let Some(next) = block.get(i) {
        let t = next.text.trim();
        if t.is_empty() {
            i += 1;
            break;
        }
        if let Some(c) = comment(t) {
            note_comment((c, base + next.at + offset_in(next.text, c)), &mut comments, capture);
            i += 1;
            continue;
        }
        let Some((name, value)) = t.split_once(':').filter(|(n, _)| is_header_name(n.trim())) else { break };
        let value = value.trim();
        headers.push(RawHeader { name: name.trim(), value: (value, next.at + offset_in(next.text, value)) });
        i += 1;
    }
    Some(RawRequest {
        comments,
        method,
        url: pieces,
        headers,
        body: raw_body(block.get(i..).unwrap_or_default(), capture),
    })
}

/// Keeps the text of a comment line as part of its request's comment, unless it is the
/// `@gclint sequence` directive, which is about the whole file: its requests run top to bottom.
fn note_comment<'a>(c: (&'a str, usize), comments: &mut Vec<(&'a str, usize)>, capture: &mut Capture) {
    if is_sequence_directive(c.0) {
        mark_sequence(capture);
    } else if !c.0.is_empty() {
        comments.push(c);
    }
}

/// The file's requests run top to bottom, one sequence (it says so with `@gclint sequence`).
fn mark_sequence(capture: &mut Capture) {
    capture.order = Order::Written { format: Format::Http, sequence: true };
}

/// The body lines: up to the first response handler or redirect (`> {% %}`, `> file.js`,
/// `>> file`, `>>! file`, `<> file`), without blank lines around. A `@gclint sequence` comment
/// line among them is the directive, wherever it stands, and no part of the body: no body a
/// request file sends (JSON, a form, a file's name) has such a line.
fn raw_body<'a>(lines: &[Line<'a>], capture: &mut Capture) -> Option<RawBody<'a>> {
    let end = lines.iter().position(|l| l.text.starts_with('>') || l.text.starts_with("<>")).unwrap_or(lines.len());
    let mut kept = Vec::with_capacity(end);
    for line in lines.get(..end)? {
        match comment(line.text.trim()) {
            Some(c) if is_sequence_directive(c) => mark_sequence(capture),
            _ => kept.push(*line),
        }
    }
    let lines = kept.as_slice();
    let first = lines.iter().position(|l| !l.text.trim().is_empty())?;
    let last = lines.iter().rposition(|l| !l.text.trim().is_empty())?;
    let lines = lines.get(first..=last)?;
    if let [only] = lines {
        let t = only.text.trim();
        let (path, fill) = match t.strip_prefix("<@") {
            Some(p) => (p, true),
            None => (t.strip_prefix('<').unwrap_or(""), false),
        };
        if path.starts_with(char::is_whitespace) && !path.trim().is_empty() {
            return Some(RawBody::File { path: path.trim(), at: only.indent_end(), fill });
        }
    }
    Some(RawBody::Inline(lines.to_vec()))
}

impl RawRequest<'_> {
    fn draft(self, base: usize, files: BodyFiles, vars: &mut Vars, capture: &mut Capture) -> Draft {
        let mut headers = Vec::new();
        for h in &self.headers {
            let (value, at) = h.value;
            capture.secrets.header(h.name, value, base + at);
            headers.push(Header { name: vars.fill_string(h.name), value: vars.fill_string(value) });
        }
        let mut url = Built::default();
        let url_at = base + self.url.first().map_or(0, |p| p.1);
        // `GET /path` with a `Host:` header is a request to that host.
        let host = super::capture::header(&headers, "host").map(str::trim).filter(|h| !h.is_empty());
        if let (Some(host), true) = (host, self.url.first().is_some_and(|p| p.0.starts_with('/'))) {
            url.filled(&format!("https://{host}"), url_at, 0);
        }
        for &(piece, at) in &self.url {
            capture.secrets.url(piece, base + at);
            vars.fill(piece, base + at, &mut url, 0);
        }
        let mut draft = Draft::new(self.method, url.finish(url_at));
        let mime = super::capture::header(&headers, "content-type").map(|m| m.trim().to_owned());
        draft.body = match self.body {
            None => None,
            Some(RawBody::Inline(lines)) => {
                let mut body = Built::default();
                for (n, line) in lines.iter().enumerate() {
                    if n + 1 == lines.len() {
                        vars.fill(line.text.trim_end(), base + line.at, &mut body, 0);
                    } else {
                        vars.fill(line.text, base + line.at, &mut body, 0);
                        body.written("\n", base + line.next - 1);
                    }
                }
                // Credentials written in the body count as a HAR body's do: as written (a
                // `{{variable}}` is the variable's line's), line by line as `redact` sees them.
                for line in &lines {
                    capture.secrets.body(&Text::verbatim(line.text, base + line.at));
                }
                let at = base + lines.first().map_or(0, |l| l.at);
                Some(Body { text: body.finish(at), mime, transformed: None })
            }
            Some(RawBody::File { path, at, fill }) => match files.read(&vars.fill_string(path)) {
                Ok(content) => {
                    let value = if fill { vars.fill_string(&content) } else { content };
                    let text = Text { value, map: OffsetMap::Opaque { start: base + at } };
                    Some(Body { text, mime, transformed: Some("read from a file") })
                }
                Err(e) => {
                    capture.problems.push(e.problem("request bodies", base + at));
                    draft.body_unread = true;
                    None
                }
            },
        };
        draft.headers = headers;
        // The comment lines joined, each in its place in the file.
        let mut comment = TextBuilder::new();
        for (n, (line, at)) in self.comments.iter().enumerate() {
            if n > 0 {
                comment.push_str("\n", at.saturating_sub(1));
            }
            comment.push_str(line, *at);
        }
        draft.comment = (!comment.is_empty()).then(|| comment.finish(base));
        draft
    }
}

/// The secret values of the environment files next to a `.http` file, to be masked wherever
/// they are printed: every value of `http-client.private.env.json` (of every environment), and
/// the values of `http-client.env.json` whose names say they hold a secret.
pub fn env_secret_values(dir: &Path) -> Vec<String> {
    let mut values = Vec::new();
    for (i, name) in ENV_FILES.iter().enumerate() {
        let private = i == 1;
        let Ok(text) = crate::files::read_text(&dir.join(name), crate::files::MAX_SETTINGS_FILE, "the settings limit")
        else {
            continue;
        };
        let Ok(map) = serde_json::from_str::<Map<String, Value>>(&text) else { continue };
        for section in map.values() {
            let Value::Object(vars) = section else { continue };
            for (var, value) in vars {
                let value = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(_) | Value::Bool(_) => value.to_string(),
                    _ => continue,
                };
                if (private || crate::secrets::scan::is_secret_variable(var))
                    && !crate::secrets::scan::is_placeholder(&value)
                {
                    values.push(value);
                }
            }
        }
    }
    values.sort();
    values.dedup();
    values
}

/// The variables of the chosen environment: `$shared` overlaid by the environment, the private
/// file over the public one at each step. An environment asked for that the files do not define
/// is an error, unless there are no environment files at all.
fn environment(
    dir: &Path,
    env: Option<&str>,
    base: usize,
    capture: &mut Capture,
) -> Result<HashMap<String, String>, InputError> {
    let mut files = Vec::new();
    let mut broken = Vec::new();
    for name in ENV_FILES {
        // Only a regular file (or a link to one), of a sane size: not a FIFO, not /dev/zero.
        let read = crate::files::read_text(&dir.join(name), crate::files::MAX_SETTINGS_FILE, "the limit for it");
        let text = match read {
            Ok(text) => text,
            Err(crate::files::ReadError::Missing) => continue,
            Err(_) => {
                capture.problem(base, format!("{name} files that cannot be read"));
                broken.push(name);
                continue;
            }
        };
        match serde_json::from_str::<Map<String, Value>>(&text) {
            Ok(map) => files.push(map),
            Err(_) => {
                capture.problem(base, format!("{name} files that are not valid JSON"));
                broken.push(name);
            }
        }
    }
    let defined: BTreeSet<&str> = files
        .iter()
        .flat_map(|f| f.iter())
        .filter(|(k, v)| k.as_str() != SHARED && v.is_object())
        .map(|(k, _)| k.as_str())
        .collect();
    let chosen = match env {
        Some(env) if defined.contains(env) => Some(env),
        Some(env) if files.is_empty() && broken.is_empty() => {
            capture.problems.push(
                InputError::at(
                    base,
                    format!(
                        "request files whose environment `{env}` is not defined: no http-client.env.json next to them"
                    ),
                )
                .with_help("the requests were read with their {{variables}} left as written"),
            );
            None
        }
        Some(env) => {
            let known = defined.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
            let known = if known.is_empty() { "none".to_owned() } else { known };
            let unread = broken.iter().map(|name| format!("; {name} cannot be read as JSON")).collect::<String>();
            return Err(InputError::at(
                base,
                format!("no environment `{env}` in http-client.env.json (environments defined: {known}{unread})"),
            )
            .with_help("name a defined environment with --http-env; without it, the only environment (or just `$shared`) is used"));
        }
        None if defined.len() == 1 => defined.first().copied(),
        None => None,
    };
    let mut vars = HashMap::new();
    for section in std::iter::once(SHARED).chain(chosen) {
        for file in &files {
            let Some(Value::Object(values)) = file.get(section) else { continue };
            for (name, value) in values {
                let value = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(_) | Value::Bool(_) => value.to_string(),
                    _ => continue,
                };
                vars.insert(name.clone(), value);
            }
        }
    }
    Ok(vars)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::text::LineIndex;

    const HOST: &str = "https://api.mypurecloud.com";

    /// A fresh directory for one test, removed when dropped.
    struct TempDir(PathBuf);

    impl std::ops::Deref for TempDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A fresh directory holding `files`.
    fn temp_dir(files: &[(&str, &str)]) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("gclint-http-file-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, content) in files {
            std::fs::write(dir.join(name), content).unwrap();
        }
        TempDir(dir)
    }

    /// Reads `text` from a directory without environment files.
    fn read_plain(text: &str) -> Capture {
        read(text, 0, &temp_dir(&[]), None, Includes::Confined).unwrap()
    }

    fn urls(c: &Capture) -> Vec<&str> {
        c.exchanges.iter().map(|e| e.url.value.as_str()).collect()
    }

    /// `@gclint sequence` on a `#` or `//` comment line, in any case and spacing, wherever the
    /// line stands (after a body too: no JSON body has such a line), makes the file one sequence
    /// and is no part of a request's comment or body; in a request name or inside another comment
    /// it is not the directive.
    #[test]
    fn a_comment_line_marks_the_file_as_one_sequence() {
        let sequence = |text: &str| match read_plain(text).order {
            Order::Written { format: Format::Http, sequence } => sequence,
            other => panic!("{other:?}"),
        };
        let get = format!("GET {HOST}/api/v2/conversations/calls/c1\n");
        assert!(!sequence(&get));
        for marked in [
            format!("# @gclint sequence\n{get}"),
            format!("  //   @gclint sequence  \r\n{get}"),
            format!("{get}\n###\n# @gclint sequence\n{get}"),
            format!("{get}X-Note: 1\n// @gclint sequence\n"),
            format!("POST {HOST}/api/v2/conversations/calls/c1\n\n# @gclint sequence\n"),
            format!("#@gclint   sequence\n{get}"),
            format!("# @GCLINT SEQUENCE\n{get}"),
            format!("{get}\t//@Gclint\tSequence\n"),
            format!(
                "POST {HOST}/api/v2/conversations/calls/c1\n\n{{\"state\": \"disconnected\"}}\n# @gclint sequence\n"
            ),
            format!(
                "POST {HOST}/api/v2/conversations/calls/c1\n\n{{\"state\": \"disconnected\"}}\n\n// @gclint sequence\n\n###\n{get}"
            ),
        ] {
            assert!(sequence(&marked), "{marked:?}");
            let c = read_plain(&marked);
            assert!(
                c.exchanges.iter().all(|e| e
                    .comment
                    .as_ref()
                    .map(|c| c.value.as_str())
                    .is_none_or(|c| !c.contains("@gclint")))
            );
            // The marker after a body is no part of it.
            let bodies = c.exchanges.iter().filter_map(|e| e.body.as_ref());
            for body in bodies {
                assert_eq!(body.text.value.trim(), r#"{"state": "disconnected"}"#, "{marked:?}");
            }
        }
        for unmarked in [
            format!("### @gclint sequence\n{get}"),
            format!("# runs as a @gclint sequence\n{get}"),
            format!("# @gclint sequences\n{get}"),
        ] {
            assert!(!sequence(&unmarked), "{unmarked:?}");
        }
    }

    #[test]
    fn requests_between_separators_with_names_and_comments() {
        let text = format!(
            "# A collection of calls\n\n### Get the call\n// fetched first\nGET {HOST}/api/v2/conversations/calls/c1\n\n\
             ### gclint: ignore put-method\n# @name replace\nPUT {HOST}/api/v2/conversations/calls/c1 HTTP/1.1\n\
             Content-Type: application/json\n\n{{}}\n###\n\nDELETE https://example.com/other\n"
        );
        let c = read_plain(&text);
        assert_eq!(c.requests, 3);
        assert_eq!(c.exchanges.len(), 2);
        let (get, put) = (&c.exchanges[0], &c.exchanges[1]);
        assert_eq!((get.method.as_str(), put.method.as_str()), ("GET", "PUT"));
        assert_eq!(get.url.value, format!("{HOST}/api/v2/conversations/calls/c1"));
        // The first block holds no request: its comment goes with it.
        assert_eq!(get.comment.as_ref().map(|c| c.value.as_str()), Some("Get the call\nfetched first"));
        assert!(get.body.is_none());
        assert_eq!(put.comment.as_ref().map(|c| c.value.as_str()), Some("gclint: ignore put-method\n@name replace"));
        assert!(put.suppresses("put-method") && !get.suppresses("put-method"));
        // Each comment line keeps its place in the file (for findings about the suppression).
        for (ex, piece, want) in [(get, "fetched", "fetched first\nGET"), (put, "@name", "@name replace\nPUT")] {
            let comment = ex.comment.as_ref().unwrap();
            let at = comment.map.to_file(comment.value.find(piece).unwrap()).unwrap();
            assert!(text[at..].starts_with(want), "{:?}", &text[at..]);
        }
        let comment = put.comment.as_ref().unwrap();
        let at = comment.map.to_file(comment.value.find("put-method").unwrap()).unwrap();
        assert!(text[at..].starts_with("put-method\n# @name"));
        // The URL stands in the file as is, without ` HTTP/1.1`.
        assert!(matches!(put.url.map, OffsetMap::Verbatim { .. }));
        let at = put.url.map.to_file(0).unwrap();
        assert!(text[at..].starts_with("https://api.mypurecloud.com/api/v2/conversations/calls/c1 HTTP/1.1"));
        assert_eq!(put.body.as_ref().map(|b| b.text.value.as_str()), Some("{}"));
        assert!(c.problems.is_empty());
    }

    #[test]
    fn json_body_offsets_point_into_the_file() {
        let text = format!(
            "PATCH {HOST}/api/v2/conversations/calls/c1/participants/p1\nAuthorization: Bearer {{{{token}}}}\n\
             # a comment between headers\nContent-Type: application/json; charset=utf-8\n\n\n{{\n  \"state\": \"DISCONNECTED\",\n  \
             \"wrapup\": {{ \"code\": \"x\" }}\n}}\n\n\n"
        );
        let c = read(&text, 7, &temp_dir(&[]), None, Includes::Confined).unwrap();
        let ex = &c.exchanges[0];
        assert_eq!(ex.headers.len(), 2);
        assert_eq!(ex.headers[1].name, "Content-Type");
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.mime.as_deref(), Some("application/json; charset=utf-8"));
        assert!(body.text.value.starts_with('{') && body.text.value.ends_with('}'));
        assert!(matches!(body.text.map, OffsetMap::Verbatim { .. }));
        let at = body.text.map.to_file(body.text.value.find("DISC").unwrap()).unwrap() - 7;
        assert!(text[at..].starts_with("DISCONNECTED\","));
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(index.position(text.as_bytes(), at), (8, 13));
        assert_eq!(ex.comment.as_ref().map(|c| c.value.as_str()), Some("a comment between headers"));
    }

    #[test]
    fn crlf_lines_leave_no_carriage_returns() {
        let text = format!(
            "POST {HOST}/api/v2/conversations/emails\r\nContent-Type: application/json\r\n\r\n{{\r\n  \"a\": 1\r\n}}\r\n"
        );
        let c = read_plain(&text);
        let ex = &c.exchanges[0];
        assert_eq!(ex.url.value, format!("{HOST}/api/v2/conversations/emails"));
        assert_eq!(ex.headers[0].value, "application/json");
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\n  \"a\": 1\n}");
        let at = body.text.map.to_file(body.text.value.find('1').unwrap()).unwrap();
        assert!(text[at..].starts_with("1\r\n}"));
        let at = body.text.map.to_file(body.text.value.rfind('}').unwrap()).unwrap();
        assert!(text[at..].starts_with("}\r\n"));
    }

    #[test]
    fn a_bare_url_is_a_get() {
        let c = read_plain(&format!("# no method\n{HOST}/api/v2/conversations\n"));
        assert_eq!(c.exchanges[0].method, "GET");
        assert_eq!(c.exchanges[0].url.value, format!("{HOST}/api/v2/conversations"));
    }

    #[test]
    fn indented_lines_continue_the_url() {
        let text = format!(
            "GET {HOST}\n    /api/v2/conversations\n    ?pageSize=25\n    &pageNumber=2 HTTP/1.1\nAccept: */*\n"
        );
        let c = read_plain(&text);
        let ex = &c.exchanges[0];
        assert_eq!(ex.url.value, format!("{HOST}/api/v2/conversations?pageSize=25&pageNumber=2"));
        assert_eq!(ex.path_str(), "/api/v2/conversations");
        let at = ex.url.map.to_file(ex.url.value.find("&page").unwrap()).unwrap();
        assert!(text[at..].starts_with("&pageNumber=2"));
        assert_eq!(ex.headers.len(), 1);
    }

    #[test]
    fn file_variables_fill_placeholders() {
        let text = "@host = api.mypurecloud.com\n@base = https://{{host}}/api/v2\n\n###\n\
                    PATCH https://{{ host }}/api/v2/conversations/calls/{{callId}}\nContent-Type: application/json\n\n\
                    {\"state\": \"{{state}}\"}\n\n###\nGET {{base}}/users/me\n\n###\n@callId = c42\n@state = disconnected\n";
        let c = read_plain(text);
        assert_eq!(c.requests, 2);
        let ex = &c.exchanges[0];
        assert_eq!(ex.url.value, "https://api.mypurecloud.com/api/v2/conversations/calls/c42");
        assert_eq!(ex.host.as_deref(), Some("api.mypurecloud.com"));
        // After a filled-in value the URL maps back to the file again.
        let at = ex.url.map.to_file(ex.url.value.find("/api/v2").unwrap()).unwrap();
        assert!(text[at..].starts_with("/api/v2/conversations/calls/{{callId}}"));
        let at = ex.url.map.to_file(ex.url.value.find("c42").unwrap()).unwrap();
        assert!(text[at..].starts_with("{{callId}}"));
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\"state\": \"disconnected\"}");
        let at = body.text.map.to_file(body.text.value.find("disc").unwrap()).unwrap();
        assert!(text[at..].starts_with("{{state}}"));
        let at = body.text.map.to_file(body.text.value.rfind('}').unwrap()).unwrap();
        assert!(text[at..].starts_with("}\n"));
        // Variables made of variables.
        assert_eq!(c.exchanges[1].url.value, "https://api.mypurecloud.com/api/v2/users/me");
    }

    #[test]
    fn variables_defined_through_themselves_stay_as_written() {
        let text = "@a = {{b}}x\n@b = {{a}}y\nGET https://api.mypurecloud.com/api/v2/{{a}}\n";
        let c = read_plain(text);
        assert_eq!(c.exchanges[0].url.value, "https://api.mypurecloud.com/api/v2/{{a}}yx");
        // Doubling variables stop at the budget instead of growing without bound.
        let mut text = String::from("@v0 = xxxxxxxxxxxxxxxx\n");
        for n in 1..40 {
            text.push_str(&format!("@v{n} = {{{{v{}}}}}{{{{v{}}}}}\n", n - 1, n - 1));
        }
        text.push_str("GET https://api.mypurecloud.com/api/v2/users/{{v39}}\n");
        let c = read_plain(&text);
        assert_eq!(c.requests, 1);
        assert!(c.exchanges[0].url.value.len() < 64 << 20);
    }

    #[test]
    fn environment_files_fill_placeholders() {
        let dir = temp_dir(&[
            (
                "http-client.env.json",
                r#"{"$shared": {"version": "v2", "host": "shared.example"},
                    "dev": {"host": "api.mypurecloud.com", "size": 25, "token": "abc"},
                    "prod": {"host": "api.mypurecloud.ie"}}"#,
            ),
            ("http-client.private.env.json", r#"{"dev": {"token": "from-private"}}"#),
        ]);
        let text = "GET https://{{host}}/api/{{version}}/users?pageSize={{size}}\nAuthorization: Bearer {{token}}\n";
        let c = read(text, 0, &dir, Some("dev"), Includes::Confined).unwrap();
        let ex = &c.exchanges[0];
        assert_eq!(ex.url.value, "https://api.mypurecloud.com/api/v2/users?pageSize=25");
        assert_eq!(ex.headers[0].value, "Bearer from-private");
        assert_eq!(c.secrets.count(), 0);
        let c = read(text, 0, &dir, Some("prod"), Includes::Confined).unwrap();
        assert_eq!(c.exchanges[0].url.value, "https://api.mypurecloud.ie/api/v2/users?pageSize={{size}}");
        // Two environments and none chosen: only `$shared`.
        let c = read(text, 0, &dir, None, Includes::Confined).unwrap();
        assert_eq!(c.requests, 1);
        assert!(c.exchanges.is_empty(), "shared.example is no Genesys host");
        // An environment the files do not define.
        let err = read(text, 0, &dir, Some("staging"), Includes::Confined).err().unwrap();
        assert!(err.message.contains("`staging`") && err.message.contains("`dev`, `prod`"), "{}", err.message);
        // The only environment is the default one.
        let dir = temp_dir(&[("http-client.env.json", r#"{"$shared": {}, "only": {"host": "api.mypurecloud.com"}}"#)]);
        let c = read("GET https://{{host}}/api/v2/users/me\n", 0, &dir, None, Includes::Confined).unwrap();
        assert_eq!(c.exchanges[0].url.value, "https://api.mypurecloud.com/api/v2/users/me");
    }

    #[test]
    fn broken_environment_files_are_problems() {
        let dir = temp_dir(&[("http-client.env.json", "{ not json")]);
        let c = read("GET https://{{host}}/api/v2/conversations\n", 3, &dir, None, Includes::Confined).unwrap();
        assert_eq!(c.exchanges[0].url.value, "https://{{host}}/api/v2/conversations");
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].offset, Some(3));
        assert_eq!(c.problems[0].message, "http-client.env.json files that are not valid JSON");
        let err = read("GET /api/v2/conversations\n", 0, &dir, Some("dev"), Includes::Confined).err().unwrap();
        assert!(err.message.contains("defined: none; http-client.env.json cannot be read as JSON"), "{}", err.message);
        // Asking for an environment where there are no environment files is not fatal.
        let c = read("GET /api/v2/conversations\n", 0, &temp_dir(&[]), Some("dev"), Includes::Confined).unwrap();
        assert_eq!((c.exchanges.len(), c.problems.len()), (1, 1));
    }

    #[test]
    fn unknown_and_dynamic_variables_stay_as_written() {
        let text = "@known = yes\nPOST https://api.mypurecloud.com/api/v2/conversations/{{$uuid}}/x/{{ unknown }}\n\
                    X-Id: {{$random.uuid}}\n\n{\"a\": \"{{$processEnv HOME}}\", \"b\": \"{{$timestamp}}\", \"k\": \"{{known}}\", \
                    \"c\": \"{{login.response.body.id}}\", \"d\": \"{{ open\"}\n";
        let c = read_plain(text);
        let ex = &c.exchanges[0];
        assert_eq!(ex.url.value, "https://api.mypurecloud.com/api/v2/conversations/{{$uuid}}/x/{{ unknown }}");
        assert!(matches!(ex.url.map, OffsetMap::Verbatim { .. }));
        assert_eq!(ex.headers[0].value, "{{$random.uuid}}");
        let body = &ex.body.as_ref().unwrap().text.value;
        assert!(body.contains("{{$processEnv HOME}}") && body.contains("{{$timestamp}}"));
        assert!(body.contains("\"k\": \"yes\"") && body.contains("{{login.response.body.id}}"));
        assert!(body.ends_with("\"d\": \"{{ open\"}"));
    }

    #[test]
    fn response_handlers_and_redirects_end_the_body() {
        let text = format!(
            "POST {HOST}/api/v2/conversations/calls\nContent-Type: application/json\n\n{{\"a\": 1}}\n\n\
             > {{%\n    client.test(\"ok\", function() {{\n\n        client.assert(response.status === 200);\n    }});\n%}}\n\
             >> ./out.json\n\n###\nGET {HOST}/api/v2/conversations\n\n> ./handler.js\n<> 2024-01-01T000000.200.json\n\
             ###\nGET {HOST}/api/v2/conversations/calls\nAccept: application/json\n>>! saved.json\n"
        );
        let c = read_plain(&text);
        assert_eq!(c.exchanges.len(), 3);
        assert_eq!(c.exchanges[0].body.as_ref().unwrap().text.value, "{\"a\": 1}");
        assert!(c.exchanges[1].body.is_none());
        assert!(c.exchanges[2].body.is_none());
        assert_eq!(c.exchanges[2].headers.len(), 1);
    }

    #[test]
    fn pre_request_scripts_are_skipped() {
        let text = format!("< {{%\n  request.variables.set(\"id\", \"1\");\n%}}\nGET {HOST}/api/v2/conversations\n");
        let c = read_plain(&text);
        assert_eq!(urls(&c), [format!("{HOST}/api/v2/conversations")]);
    }

    #[test]
    fn bodies_read_from_files() {
        let dir = temp_dir(&[("body.json", "{\"state\": \"{{state}}\"}")]);
        let text = format!(
            "@state = held\nPATCH {HOST}/api/v2/conversations/calls/c1\nContent-Type: application/json\n\n< ./body.json\n\n\
             ###\nPATCH {HOST}/api/v2/conversations/calls/c2\n\n<@ body.json\n\n\
             ###\nPATCH {HOST}/api/v2/conversations/calls/c3\n\n  < ./missing.json\n"
        );
        let c = read(&text, 10, &dir, None, Includes::Confined).unwrap();
        let body = c.exchanges[0].body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\"state\": \"{{state}}\"}");
        assert_eq!(body.transformed, Some("read from a file"));
        assert_eq!(body.mime.as_deref(), Some("application/json"));
        let at = body.text.map.to_file(5).unwrap() - 10;
        assert!(text[at..].starts_with("< ./body.json"));
        assert_eq!(c.exchanges[1].body.as_ref().unwrap().text.value, "{\"state\": \"held\"}");
        assert!(c.exchanges[2].body.is_none());
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].message, "request bodies read from a file that cannot be read");
        assert!(text[c.problems[0].offset.unwrap() - 10..].starts_with("< ./missing.json"));
    }

    #[test]
    fn secrets_are_counted_as_written() {
        let live = "Bearer q8ZrT3mXv0LpA7sWn2YcK5dHf9JbUe4GiR6oTs1N";
        let dir =
            temp_dir(&[("http-client.env.json", r#"{"dev": {"token": "q8ZrT3mXv0LpA7sWn2YcK5dHf9JbUe4GiR6o"}}"#)]);
        let text = format!(
            "GET {HOST}/api/v2/conversations\nAuthorization: {live}\n\n###\nGET {HOST}/api/v2/conversations\n\
             Authorization: Bearer {{{{token}}}}\n\n###\nGET {HOST}/api/v2/users?access_token={{{{token}}}}\n"
        );
        let c = read(&text, 0, &dir, None, Includes::Confined).unwrap();
        assert_eq!(c.secrets.count(), 1);
        assert!(text[c.secrets.first.unwrap()..].starts_with(live));
        assert_eq!(c.exchanges[1].headers[0].value, "Bearer q8ZrT3mXv0LpA7sWn2YcK5dHf9JbUe4GiR6o");
        let c = read_plain(&format!("GET {HOST}/api/v2/users\n    ?access_token=q8ZrT3mXv0LpA7sWn2YcK5\n"));
        assert_eq!(c.secrets.kinds.get("token in a URL"), Some(&1));
    }

    #[test]
    fn a_host_header_completes_a_path() {
        let text = "GET /api/v2/users/me\nHost: api.mypurecloud.com\n";
        let c = read_plain(text);
        let ex = &c.exchanges[0];
        assert_eq!(ex.url.value, "https://api.mypurecloud.com/api/v2/users/me");
        assert_eq!(ex.path_str(), "/api/v2/users/me");
        assert_eq!(ex.url.map.to_file(ex.path.start), Some(4));
    }

    #[test]
    fn files_without_requests_are_errors() {
        let dir = temp_dir(&[]);
        for text in ["", "# only a comment\n", "@host = x\n###\n### \n", "### a\n// b\n"] {
            assert!(read(text, 0, &dir, None, Includes::Confined).is_err(), "{text:?}");
        }
        let c = read("GET\n###\nGET /api/v2/conversations\n", 0, &dir, None, Includes::Confined).unwrap();
        assert_eq!((c.requests, c.problems.len()), (1, 1));
        assert_eq!(c.problems[0].message, "request lines without a URL");
    }

    #[test]
    fn odd_input_does_not_panic() {
        let dir = temp_dir(&[]);
        let odd = [
            "GET é{{\u{3000}HTTP/1.1",
            "GET https://x/{{{{}}}}{{}}{{ }}{{é}}}}\n\n{{",
            "POST /\u{3000}\nH: é\n\n< \u{3000}\n",
            "\r\n\r\n###\r\nGET /a\r\n\r\n>\r\n",
            "@ = 1\n@x=\n@{{y}} = 2\nGET /{{x}}{{y}}\n",
            "GET /\n\t?\n\t&\n\t/\n:\n\n",
            "< {% never closed\nGET /\n",
            "###\n###\n###",
            "\u{feff}GET /api/v2/conversations",
        ];
        for text in odd {
            let _ = read(text, 0, &dir, Some("x"), Includes::Confined);
            let _ = read(text, 5, &dir, None, Includes::Confined);
            let _ = looks_like(text);
        }
    }

    #[test]
    fn sniffing() {
        for yes in [
            "GET https://api.mypurecloud.com/api/v2/users/me",
            "### first\n# comment\n// another\n@host = api.mypurecloud.com\n\nPATCH https://{{host}}/api/v2/x HTTP/1.1\n",
            "POST /api/v2/conversations/calls HTTP/2\r\nContent-Type: application/json\r\n",
            "GET {{ base }}/api/v2/users",
        ] {
            assert!(looks_like(yes), "{yes:?}");
        }
        for no in [
            r#"{"method": "GET", "url": "https://api.mypurecloud.com/api/v2/users"}"#,
            "curl -X GET https://api.mypurecloud.com/api/v2/users/me",
            "GET the logs from the server and look at them.",
            "Get https://api.mypurecloud.com/api/v2/users",
            "# Notes\nWe call GET /api/v2/users every night.",
            "GET /api/v2/users and more",
            "FETCH https://example.com",
            "",
        ] {
            assert!(!looks_like(no), "{no:?}");
        }
    }
}
