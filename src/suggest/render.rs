//! Suggestions as text: the block under a finding, the one-line mention of CI formats, and the
//! corrected requests of a capture as a `.http` file, curl commands, or JavaScript and Python SDK
//! calls (`gclint suggest`).
//!
//! Everything a capture recorded (URL, headers, body, file name, and the notes and messages made
//! of them) is data that may hold anything: quotes, `$(...)`, newlines, NUL, terminal escapes.
//! Each form writes it through one function of its language, and nothing else:
//! [`shell_word`] for curl, [`js_literal`] for JavaScript (and the JSON bodies of `.http` files),
//! [`python_literal`] for Python, [`http_url`] and [`printable`] for `.http` lines, and
//! [`comment`] for comment lines in every form. Names that stand in code (SDK methods, shell
//! variables) are written only when they are identifiers of the language.

use std::collections::BTreeMap;

use clap::ValueEnum;
use serde_json::Value;

use super::literal::{is_js_identifier, js_literal, json_text, python_literal, python_string};
use super::request::{AUTHORIZATION, SuggestedRequest, Suggestion};
use crate::diagnostic::Diagnostic;
use crate::rules::is_about;
use crate::rules::rule::Subject;
use crate::text::{is_unsafe_char, printable};

/// Bodies longer than this are cut in the block under a finding.
const SHOWN_BODY: usize = 200;

/// The block shown under a finding's help: the request(s) to send instead, and the note.
pub fn block(s: &Suggestion) -> String {
    let mut out = String::new();
    if !s.requests.is_empty() {
        out.push_str(if s.requests.len() == 1 { "suggested request:" } else { "suggested requests:" });
        for r in &s.requests {
            out.push_str(&format!("\n  {} {}", printable(&r.method), printable(&r.url)));
            if let Some(body) = &r.body {
                out.push_str(&format!("\n  {}", shown_body(body, SHOWN_BODY)));
            }
        }
    }
    if let Some(note) = &s.note {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("note: {}", printable(note)));
    }
    out
}

/// One line for formats with little room (GitHub annotations, JUnit): the first request and the
/// note.
pub fn one_line(s: &Suggestion) -> Option<String> {
    let first = s.requests.first()?;
    let body = first.body.as_ref().map(|b| format!(" {}", shown_body(b, 120)));
    let more = match s.requests.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let note = s.note.as_ref().map(|n| format!("; {}", printable(n))).unwrap_or_default();
    Some(format!(
        "suggested: {} {}{}{more}{note}",
        printable(&first.method),
        printable(&first.url),
        body.unwrap_or_default()
    ))
}

/// A body shown in a report: compact JSON of about `max` characters, on one line and with no
/// character that could steer a terminal (JSON escapes only those below U+0020).
fn shown_body(body: &Value, max: usize) -> String {
    printable(&crate::text::ellipsize(&body.to_string(), max)).into_owned()
}

/// What `gclint suggest` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum As {
    /// A `.http` request file (JetBrains HTTP Client, VS Code REST Client).
    Http,
    /// curl commands for a POSIX shell.
    Curl,
    /// JavaScript with the `purecloud-platform-client-v2` SDK.
    Js,
    /// Python with the `PureCloudPlatformClientV2` SDK.
    Python,
}

/// The corrected requests for one request of a capture.
pub struct Corrected {
    /// Where the request was: `file entry 3` or `file`.
    pub origin: String,
    /// The rules whose suggestions made it.
    pub rules: Vec<&'static str>,
    pub requests: Vec<SuggestedRequest>,
    pub notes: Vec<String>,
    /// The language of the source code that made the request, if code made it: a placeholder
    /// standing for one of its names (`${participantId}`) is that name again in a corrected call
    /// of the same language.
    pub code: Option<crate::input::Format>,
}

/// The corrected requests of each request with findings: those of the finding that replaces the
/// request (root-endpoint-patch first, as it knows the participants), or of a body finding
/// (see `rules::primary`).
pub fn corrected(diagnostics: &[Diagnostic]) -> Vec<Corrected> {
    let mut by_request: BTreeMap<(String, Option<usize>, String), Vec<&Diagnostic>> = BTreeMap::new();
    let mut order = Vec::new();
    for d in diagnostics.iter().filter(|d| d.request.is_some()) {
        let key = (d.path.clone(), d.entry, d.request.clone().unwrap_or_default());
        if !by_request.contains_key(&key) {
            order.push(key.clone());
        }
        by_request.entry(key).or_default().push(d);
    }
    order
        .into_iter()
        .filter_map(|key| {
            let found = by_request.remove(&key)?;
            let suggested: Vec<&Diagnostic> = found.iter().copied().filter(|d| d.suggestion.is_some()).collect();
            let base = crate::rules::primary(&found).and_then(|d| d.suggestion.as_ref())?;
            // Each suggestion's requests already carry the body changes of the request's other
            // findings (see `rules::check_in_order`).
            let requests = base.requests.clone();
            // What no suggestion covers stays to be fixed by hand: body findings only while the
            // body is the request's own, findings about where it goes only while the request is
            // (a suggestion that replaces it settles them), and never the recorded answer.
            let keeps_body = requests.iter().any(|r| r.keeps_body);
            let replaces = base.replaces || goes_elsewhere(&requests, &key.2);
            let mut notes: Vec<String> = base.note.iter().cloned().collect();
            notes.extend(
                found
                    .iter()
                    .filter(|d| d.suggestion.is_none() && !is_about(d.rule, Subject::Answer))
                    .filter(|d| !(replaces && is_about(d.rule, Subject::Endpoint)))
                    .filter(|d| keeps_body || d.pointer.is_none())
                    .map(|d| format!("still to fix: {} [{}]", d.message, d.rule.name)),
            );
            let mut rules: Vec<&'static str> = Vec::new();
            for name in suggested.iter().map(|d| d.rule.name) {
                if !rules.contains(&name) {
                    rules.push(name);
                }
            }
            let code = crate::input::source::language_of(&crate::input::extension(&key.0));
            // Source code: the call's line (its requests are no entries of a recording).
            let line = found.iter().filter_map(|d| d.line).min();
            let origin = match (key.1, line) {
                (Some(_), Some(line)) if code.is_some() => format!("{}:{line}", key.0),
                (Some(e), _) => format!("{} entry {e}", key.0),
                (None, _) => key.0.clone(),
            };
            Some(Corrected { origin, rules, requests, notes, code })
        })
        .collect()
}

/// Whether every one of `requests` goes to another method or path than the request found
/// (`METHOD URL`). A suggestion is offered only when it checks clean, so one sent elsewhere
/// settles what the endpoint rules said of the request found (a body finding's transfer to
/// `.../replace/queue` settles the deprecated `.../replace`).
fn goes_elsewhere(requests: &[SuggestedRequest], found: &str) -> bool {
    let path = |url: &str| -> String {
        let range = crate::input::capture::split_url(url).map_or(0..url.len(), |(_, path)| path);
        url.get(range).unwrap_or(url).trim_end_matches('/').to_owned()
    };
    let Some((method, url)) = found.split_once(' ') else { return false };
    !requests.is_empty() && requests.iter().all(|r| !r.method.eq_ignore_ascii_case(method) || path(&r.url) != path(url))
}

/// Renders the corrected requests in the chosen form.
pub fn render(corrected: &[Corrected], form: As) -> String {
    match form {
        As::Http => http(corrected),
        As::Curl => curl(corrected),
        As::Js => js(corrected),
        As::Python => python(corrected),
    }
}

/// A comment line: `marker`, then `text` on one line (see [`printable`]). Newlines, `\r`,
/// U+2028 and the like would end the comment and make the rest code.
fn comment(marker: &str, text: &str) -> String {
    // A capture's text (a file name, a note) saying `gclint: ignore` would turn into a directive
    // of the generated file itself, and hide findings when it is checked: it is written apart.
    format!("{marker} {}\n", printable(text).replace("gclint:", "gclint :"))
}

/// A header line naming where the request came from and why it changed (the file name is the
/// capture's, so it is text for [`comment`] like any other).
fn heading(c: &Corrected) -> String {
    format!("{} ({})", c.origin, c.rules.join(", "))
}

/// A piece of a URL or of a value: text taken as it is, or a variable (a placeholder the user
/// fills in) whose name is an identifier `[A-Za-z_][A-Za-z0-9_]*`.
#[derive(Debug, Clone, PartialEq)]
enum Part<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// The identifier at the start of `s`.
fn identifier(s: &str) -> Option<&str> {
    let starts = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    let len = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    starts.then(|| s.get(..len)).flatten()
}

/// Whether all of `s` is one identifier.
fn is_identifier(s: &str) -> bool {
    identifier(s).is_some_and(|i| i.len() == s.len())
}

/// A URL's parameters left open, read left to right: `{{name}}` (a .http variable) or `{name}`
/// (a path template's parameter) with `name` one of `parameters`, the path parameters of the
/// request's operation (see [`parameters`]). Any other brace is text: in the curl form a
/// placeholder becomes a shell variable and in the .http form a variable of the user's, so a
/// name the capture chose (`{token}`, `{http_proxy}`, `{{$processEnv HOME}}`) would put the
/// user's own token or environment into a request a capture wrote.
fn url_parts<'a>(url: &'a str, parameters: &[&str]) -> Vec<Part<'a>> {
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut at = 0;
    while let Some(c) = url.get(at..).and_then(|r| r.chars().next()) {
        let rest = url.get(at..).unwrap_or_default();
        let var = [("{{", "}}"), ("{", "}")].iter().find_map(|(open, close)| {
            let inner = rest.strip_prefix(open)?;
            let name = identifier(inner).filter(|n| parameters.contains(n))?;
            inner.get(name.len()..)?.starts_with(close).then_some((name, open.len() + name.len() + close.len()))
        });
        match var {
            Some((name, len)) => {
                out.push(Part::Text(url.get(text_from..at).unwrap_or_default()));
                out.push(Part::Var(name));
                at += len;
                text_from = at;
            }
            None => at += c.len_utf8(),
        }
    }
    out.push(Part::Text(url.get(text_from..).unwrap_or_default()));
    out.retain(|p| *p != Part::Text(""));
    out
}

/// The names of the path parameters of a request's operation (`conversationId`): the only
/// placeholders a suggestion leaves open. None for a request of no known operation.
fn parameters(r: &SuggestedRequest) -> Vec<&'static str> {
    let Some(op) = r.op else { return Vec::new() };
    op.segments().filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect()
}

/// Whether a header name can stand at the start of a `.http` header line: an HTTP token that
/// does not start like a comment (`#`).
fn is_http_header_name(name: &str) -> bool {
    const EXTRA: &[u8] = b"!#$%&'*+-.^_`|~";
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || EXTRA.contains(&b))
}

/// Whether a method can stand at the start of a `.http` request line, as its readers take one.
fn is_http_method(method: &str) -> bool {
    !method.is_empty() && method.len() <= 16 && method.bytes().all(|b| b.is_ascii_uppercase())
}

/// A URL on a `.http` request line: parameters as `{{name}}`, and spaces, every character that
/// [`is_unsafe_char`] names and every `{` before a `{` percent-encoded. Such characters have no
/// place in a URL sent on the wire; written as they are, a newline would end the request line
/// and start a header or a request, a space would make ` HTTP/1.1` or the like part of the
/// line's syntax, and a captured `{{...}}` would be a template the client fills in (a single
/// brace, as in a Data Action's `${input.conversationId}`, is no template).
fn http_url(url: &str, parameters: &[&str]) -> String {
    let mut out = String::with_capacity(url.len());
    for part in url_parts(url, parameters) {
        match part {
            Part::Var(name) => out.push_str(&format!("{{{{{name}}}}}")),
            Part::Text(text) => {
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    let opens_template = c == '{' && chars.peek() == Some(&'{');
                    if c == ' ' || opens_template || is_unsafe_char(c) {
                        let mut buf = [0; 4];
                        for b in c.encode_utf8(&mut buf).bytes() {
                            out.push_str(&format!("%{b:02X}"));
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

fn http(corrected: &[Corrected]) -> String {
    let mut out = String::from("# Corrected requests, written by gclint suggest. {{token}} is your OAuth token.\n");
    for c in corrected {
        for (i, r) in c.requests.iter().enumerate() {
            let mut name = heading(c);
            if c.requests.len() > 1 {
                name.push_str(&format!(", request {} of {}", i + 1, c.requests.len()));
            }
            out.push('\n');
            out.push_str(&comment("###", &name));
            if i == 0 {
                for note in &c.notes {
                    out.push_str(&comment("#", note));
                }
            }
            // A request line the readers would take for something else is left out, said so.
            let url = http_url(&r.url, &parameters(r));
            if !is_http_method(&r.method) || url.is_empty() {
                out.push_str(&comment(
                    "#",
                    &format!("left out: {} {} cannot be written as a request line", r.method, r.url),
                ));
                continue;
            }
            out.push_str(&format!("{} {url}\n", r.method));
            for (name, value) in &r.headers {
                if !is_http_header_name(name) {
                    out.push_str(&comment(
                        "#",
                        &format!("left out: the header {name:?}, whose name is no header name"),
                    ));
                } else if value.contains("{{") && value != AUTHORIZATION {
                    // A header value has no escape for `{{`: the client would fill it in.
                    out.push_str(&comment(
                        "#",
                        &format!("left out: the header {name}, whose value holds `{{{{`, which the client would take for a variable"),
                    ));
                } else {
                    out.push_str(&format!("{name}: {}\n", printable(value)));
                }
            }
            if let Some(body) = &r.body {
                // Pretty JSON: every line starts with a space, a bracket or the value itself,
                // never like a separator (`###`), a comment, a handler (`>`) or a file (`<`).
                out.push_str(&format!("\n{}\n", no_templates(&json_text(body, true))));
            }
        }
        if c.requests.is_empty() {
            out.push('\n');
            out.push_str(&comment("#", &format!("{}: no request is needed", heading(c))));
            for note in &c.notes {
                out.push_str(&comment("#", note));
            }
        }
    }
    out
}

/// JSON text with every `{` that a `{` follows written `\u007b`: the same value, and no
/// `{{...}}` that a `.http` client would fill in (`{{token}}` is the user's OAuth token there).
/// Outside strings JSON never has two braces in a row, so only strings change.
fn no_templates(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && chars.peek() == Some(&'{') {
            out.push_str("\\u007b");
        } else {
            out.push(c);
        }
    }
    out
}

/// One word of a POSIX shell that gives `parts` joined: text as it is, variables expanded (and
/// never split or globbed). `None` when a text holds a NUL byte, which no argument of a command
/// can carry.
///
/// A word of plain text and variables is written in double quotes (`"https://${GENESYS_HOST}/..."`),
/// plain meaning printable ASCII without `$`, `` ` ``, `"`, `\`, `!` or `^`, which are all that
/// double quotes leave special. Any other text is quoted by `shlex` (single quotes, and double
/// quotes with backslashes for `'`), the variables standing between the quoted pieces as
/// `"${name}"`.
fn shell_word(parts: &[Part]) -> Option<String> {
    let plain = |t: &str| t.bytes().all(|b| (b' '..=b'~').contains(&b) && !b"$`\"\\!^".contains(&b));
    let has_var = parts.iter().any(|p| matches!(p, Part::Var(_)));
    if has_var && parts.iter().all(|p| matches!(p, Part::Var(_)) || matches!(p, Part::Text(t) if plain(t))) {
        let inner: String = parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => (*t).to_owned(),
                Part::Var(name) => format!("${{{name}}}"),
            })
            .collect();
        return Some(format!("\"{inner}\""));
    }
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text("") => {}
            Part::Text(t) => out.push_str(&shlex::try_quote(t).ok()?),
            Part::Var(name) => out.push_str(&format!("\"${{{name}}}\"")),
        }
    }
    if out.is_empty() {
        out.push_str("''");
    }
    Some(out)
}

/// The curl command of a request, or `None` when a value holds a NUL byte.
fn curl_command(r: &SuggestedRequest) -> Option<String> {
    // The operation's parameters left open become shell variables; a bare path goes to the host
    // the user sets.
    let mut url = Vec::new();
    if r.url.starts_with('/') {
        url.extend([Part::Text("https://"), Part::Var("GENESYS_HOST")]);
    }
    url.extend(url_parts(&r.url, &parameters(r)));
    // `--url`: a URL that starts with `-` is not taken for an option. `-g`: `[1-500]` and
    // `{a,b}` in a URL are text, not globs that make one request of each.
    let mut out = format!("curl -sS -g -X {} --url {}", shell_word(&[Part::Text(&r.method)])?, shell_word(&url)?);
    for (name, value) in &r.headers {
        let header = format!("{name}: ");
        let word = if value == AUTHORIZATION {
            shell_word(&[Part::Text(&format!("{header}Bearer ")), Part::Var("GENESYS_TOKEN")])?
        } else {
            shell_word(&[Part::Text(&format!("{header}{value}"))])?
        };
        out.push_str(&format!(" \\\n  -H {word}"));
    }
    if let Some(body) = &r.body {
        // `--data-raw`: the body is sent as it is, even when it starts with `@` (a file to curl's
        // `--data`). JSON text holds no NUL byte: serde_json escapes control characters.
        out.push_str(&format!(" \\\n  --data-raw {}", shell_word(&[Part::Text(&body.to_string())])?));
    }
    out.push('\n');
    Some(out)
}

fn curl(corrected: &[Corrected]) -> String {
    let mut out = String::from(
        "#!/bin/sh\n# Corrected requests, written by gclint suggest. Set GENESYS_TOKEN to your OAuth token.\n",
    );
    if corrected.iter().flat_map(|c| &c.requests).any(|r| r.url.starts_with('/')) {
        out.push_str("# Set GENESYS_HOST to your region's API host (api.mypurecloud.com, api.mypurecloud.ie, ...).\n");
    }
    for c in corrected {
        out.push('\n');
        out.push_str(&comment("#", &heading(c)));
        for note in &c.notes {
            out.push_str(&comment("#", note));
        }
        for r in &c.requests {
            match curl_command(r) {
                Some(command) => out.push_str(&command),
                None => out.push_str(&comment(
                    "#",
                    &format!(
                        "left out: {} {} holds a NUL byte, which no argument of a command can carry",
                        r.method, r.url
                    ),
                )),
            }
        }
    }
    out
}

/// The environments (`mypurecloud.ie`) of the requests with an API host, in order of first use.
fn environments(corrected: &[Corrected]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A bare path has no host, even when its query holds a URL.
    for r in corrected.iter().flat_map(|c| &c.requests).filter(|r| !r.url.starts_with('/')) {
        let host = r.url.split("://").nth(1).and_then(|rest| rest.split('/').next());
        if let Some(env) = host.and_then(|h| h.strip_prefix("api.")).filter(|e| !out.iter().any(|o| o == e)) {
            out.push(env.to_owned());
        }
    }
    out
}

/// A comment line (after `marker`) when the requests go to several regions: the SDK client is
/// set up for the first.
fn several_regions(envs: &[String], marker: &str) -> String {
    match envs {
        [_, _, ..] => comment(
            marker,
            &format!(
                "These requests go to several regions ({}): the SDK client is set up for the first; run the others with their own environment.",
                envs.join(", ")
            ),
        ),
        _ => String::new(),
    }
}

/// The path parameters of a request, in order: the concrete segments where its operation's
/// template has parameters.
fn path_arguments(r: &SuggestedRequest) -> Option<Vec<String>> {
    let op = r.op?;
    // A bare path is all path, even when its query holds a URL.
    let path = match r.url.find("://").filter(|_| !r.url.starts_with('/')) {
        Some(scheme) => r.url[scheme + 3..].find('/').map_or("", |p| &r.url[scheme + 3 + p..]),
        None => r.url.as_str(),
    };
    // The query and fragment are no part of the last parameter.
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let concrete: Vec<&str> = crate::catalog::split_path(path).collect();
    let args = op.segments().zip(concrete).filter(|(t, _)| t.starts_with('{')).map(|(_, c)| c.to_owned()).collect();
    Some(args)
}

fn js(corrected: &[Corrected]) -> String {
    let mut out = String::from(
        "// Corrected requests, written by gclint suggest. Set GENESYS_TOKEN to your OAuth token.\n\
         const platformClient = require(\"purecloud-platform-client-v2\");\n\n\
         const client = platformClient.ApiClient.instance;\n",
    );
    let envs = environments(corrected);
    out.push_str(&several_regions(&envs, "//"));
    if let Some(env) = envs.first() {
        out.push_str(&format!("client.setEnvironment({});\n", js_literal(&Value::from(env.as_str()))));
    }
    out.push_str("client.setAccessToken(process.env.GENESYS_TOKEN);\n");
    for api in api_classes(corrected) {
        out.push_str(&format!("const {} = new platformClient.{api}();\n", api_variable(api, false)));
    }
    out.push_str("\nasync function main() {\n");
    let js = Sdk {
        comment: "  //",
        call: "  await ",
        snake: false,
        end: ";",
        method: |r| r.js_method.as_deref().filter(|m| is_js_identifier(m)),
        literal: js_literal,
    };
    out.push_str(&js.calls(corrected));
    out.push_str("}\n\nmain().catch((err) => {\n  console.error(err);\n  process.exit(1);\n});\n");
    out
}

/// Whether `name` can follow `conversations_api.` in Python: an ASCII identifier that is no
/// keyword (`conversations_api.import(...)` does not parse).
fn is_python_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    is_identifier(name) && !KEYWORDS.contains(&name)
}

fn python(corrected: &[Corrected]) -> String {
    let mut out = String::from(
        "# Corrected requests, written by gclint suggest. Set GENESYS_TOKEN to your OAuth token.\n\
         import os\n\n\
         import PureCloudPlatformClientV2\n\n",
    );
    let envs = environments(corrected);
    out.push_str(&several_regions(&envs, "#"));
    if let Some(env) = envs.first() {
        out.push_str(&format!(
            "PureCloudPlatformClientV2.configuration.host = {}\n",
            python_string(&format!("https://api.{env}"))
        ));
    }
    out.push_str("PureCloudPlatformClientV2.configuration.access_token = os.environ[\"GENESYS_TOKEN\"]\n");
    for api in api_classes(corrected) {
        out.push_str(&format!("{} = PureCloudPlatformClientV2.{api}()\n", api_variable(api, true)));
    }
    let python = Sdk {
        comment: "#",
        call: "",
        snake: true,
        end: "",
        method: |r| r.py_method.as_deref().filter(|m| is_python_identifier(m)),
        literal: python_literal,
    };
    for c in corrected {
        // A blank line before each request's calls, as Python style has it.
        out.push('\n');
        out.push_str(&python.calls(std::slice::from_ref(c)));
    }
    out
}

/// The SDK API class every request of a catalogued operation is called through, and
/// `ConversationsApi` first, always (most operations are its). A name that is not an identifier
/// is left out; its requests are written as comments.
fn api_classes(corrected: &[Corrected]) -> Vec<&str> {
    let mut out = vec![CONVERSATIONS_API];
    for api in corrected.iter().flat_map(|c| &c.requests).filter_map(api_of) {
        if !out.contains(&api) {
            out.push(api);
        }
    }
    out
}

/// The class of the SDKs that has most operations, and a request's when nothing says otherwise.
const CONVERSATIONS_API: &str = "ConversationsApi";

/// The SDK API class of a suggested request's operation (`RecordingApi` for a recording's).
fn api_of(r: &SuggestedRequest) -> Option<&str> {
    let api = r.op.map_or(CONVERSATIONS_API, |op| op.api.as_str());
    is_identifier(api).then_some(api)
}

/// The variable an API class is held in: `aiStudioApi` in JavaScript, `ai_studio_api` in
/// Python, for `AIStudioApi`. A run of capitals is one word.
fn api_variable(api: &str, snake: bool) -> String {
    let chars: Vec<char> = api.chars().collect();
    let mut words: Vec<String> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
        let starts = i == 0 || (c.is_ascii_uppercase() && (!prev_upper || next_lower));
        match words.last_mut() {
            Some(word) if !starts => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    if snake {
        return lower.join("_");
    }
    lower.iter().enumerate().map(|(i, w)| if i == 0 { w.clone() } else { capitalised(w) }).collect()
}

/// `word` with its first letter upper-case.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// How one SDK's calls are written.
struct Sdk {
    /// The comment marker, with the indentation of the calls.
    comment: &'static str,
    /// What comes before the API object and method name.
    call: &'static str,
    /// Whether the API object is named in snake case (Python) or camel case (JavaScript).
    snake: bool,
    /// What ends a call.
    end: &'static str,
    /// The SDK's method of a request's operation, when it is an identifier of the language.
    method: fn(&SuggestedRequest) -> Option<&str>,
    /// A value as a literal of the language.
    literal: fn(&Value) -> String,
}

impl Sdk {
    /// One commented group of calls per corrected request: the path parameters in order, then
    /// the body.
    /// The name a path argument of a request made by source code stands for (`${participantId}`,
    /// what the code passed), when it is a name of the language: the corrected call passes it
    /// again. Only for code of this language: a placeholder in a recording is text, never code,
    /// and a JavaScript name means nothing in Python.
    fn name_in_code<'a>(&self, c: &Corrected, arg: &'a str) -> Option<&'a str> {
        let name = arg.strip_prefix("${")?.strip_suffix('}')?;
        const RESERVED: &[&str] = &[
            "arguments",
            "await",
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "enum",
            "eval",
            "export",
            "extends",
            "false",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "let",
            "new",
            "null",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "true",
            "try",
            "typeof",
            "undefined",
            "var",
            "void",
            "while",
            "with",
            "yield",
        ];
        let fits = if self.snake {
            is_python_identifier(name)
        } else {
            is_js_identifier(name) && !name.contains('$') && !RESERVED.contains(&name)
        };
        let language = if self.snake { crate::input::Format::Python } else { crate::input::Format::JavaScript };
        (c.code == Some(language) && fits).then_some(name)
    }

    fn calls(&self, corrected: &[Corrected]) -> String {
        let mut out = String::new();
        for c in corrected {
            out.push_str(&comment(self.comment, &heading(c)));
            for note in &c.notes {
                out.push_str(&comment(self.comment, note));
            }
            for r in &c.requests {
                match ((self.method)(r), api_of(r), path_arguments(r)) {
                    (Some(method), Some(api), Some(args)) => {
                        let mut list: Vec<String> = args
                            .into_iter()
                            .map(|a| match self.name_in_code(c, &a) {
                                Some(name) => name.to_owned(),
                                None => (self.literal)(&Value::from(a)),
                            })
                            .collect();
                        list.extend(r.body.as_ref().map(self.literal));
                        let object = api_variable(api, self.snake);
                        out.push_str(&format!("{}{object}.{method}({}){}\n", self.call, list.join(", "), self.end));
                    }
                    _ => out.push_str(&comment(
                        self.comment,
                        &format!("{} {}: no SDK method is known for this request", r.method, r.url),
                    )),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_the_operations_parameters_in_braces() {
        use Part::{Text, Var};
        let params = ["x", "y_2", "home"];
        assert_eq!(url_parts("/a/{x}/b/{{y_2}}", &params), [Text("/a/"), Var("x"), Text("/b/"), Var("y_2")]);
        // Anything else in braces is text: `{{$uuid}}`, `{a b}`, `${HOME}`'s braces around a name
        // are a placeholder, its `$` text.
        assert_eq!(url_parts("{{$uuid}}{a b}{1x}{", &params), [Text("{{$uuid}}{a b}{1x}{")]);
        assert_eq!(url_parts("${home}", &params), [Text("$"), Var("home")]);
        assert_eq!(comment("#", "a.har gclint: ignore"), "# a.har gclint : ignore\n");
        // Names the operation does not have stay text: the user's token and environment never
        // fill a URL.
        assert_eq!(
            url_parts("/a/${HOME}/{token}/{{http_proxy}}/{_x}", &params),
            [Text("/a/${HOME}/{token}/{{http_proxy}}/{_x}")]
        );
        assert_eq!(url_parts("{{{x}}}", &params), [Text("{"), Var("x"), Text("}")]);
    }

    #[test]
    fn json_bodies_hold_no_templates() {
        let v = serde_json::json!({"a": "{{token}}", "{{{b": "\\{{"});
        let text = no_templates(&json_text(&v, false));
        assert!(!text.contains("{{"), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }

    #[test]
    fn shell_words_quote_text_and_expand_only_variables() {
        use Part::{Text, Var};
        assert_eq!(
            shell_word(&[Text("https://api.mypurecloud.com/api/v2/x")]).unwrap(),
            "https://api.mypurecloud.com/api/v2/x"
        );
        assert_eq!(
            shell_word(&[Text("https://"), Var("GENESYS_HOST"), Text("/a")]).unwrap(),
            "\"https://${GENESYS_HOST}/a\""
        );
        assert_eq!(shell_word(&[Text("$(touch x)")]).unwrap(), "'$(touch x)'");
        assert_eq!(shell_word(&[Text("/$(touch x)/"), Var("id")]).unwrap(), "'/$(touch x)/'\"${id}\"");
        assert_eq!(shell_word(&[Text("a'b")]).unwrap(), "\"a'b\"");
        assert_eq!(shell_word(&[Text("")]).unwrap(), "''");
        assert_eq!(shell_word(&[Text("a\0b")]), None);
    }

    #[test]
    fn http_urls_stay_on_their_line() {
        assert_eq!(http_url("/a/{x}/b c\nd\u{2028}{{y}}", &["x"]), "/a/{{x}}/b%20c%0Ad%E2%80%A8%7B{y}}");
        assert_eq!(http_url("/${input.id}/{{{x}}}", &[]), "/${input.id}/%7B%7B{x}}}");
    }

    #[test]
    fn literals_escape_what_ends_a_line() {
        let v = serde_json::json!({"a": "x\n\u{2028}\u{85}\u{1f600}\"\\"});
        assert_eq!(js_literal(&v), r#"{"a":"x\n\u2028\u0085😀\"\\"}"#);
        assert_eq!(python_literal(&v), r#"{"a": "x\n\u2028\x85😀\"\\"}"#);
        assert_eq!(python_string("\0\u{1b}\u{e0001}\u{feff}"), r#""\x00\x1b\U000e0001\ufeff""#);
    }

    #[test]
    fn names_in_code_are_identifiers() {
        assert!(is_js_identifier("patchConversationsCallParticipant"));
        assert!(!is_js_identifier("a(b)"));
        assert!(is_python_identifier("patch_conversations_call_participant"));
        assert!(!is_python_identifier("import"));
        assert!(!is_python_identifier("x\ny"));
    }

    #[test]
    fn api_objects_are_named_after_their_class() {
        assert_eq!(api_variable("ConversationsApi", false), "conversationsApi");
        assert_eq!(api_variable("ConversationsApi", true), "conversations_api");
        assert_eq!(api_variable("AIStudioApi", false), "aiStudioApi");
        assert_eq!(api_variable("AIStudioApi", true), "ai_studio_api");
        assert_eq!(api_variable("ScreenMonitoringApi", true), "screen_monitoring_api");
    }

    #[test]
    fn python_literals() {
        let v = serde_json::json!({"held": true, "wrapup": {"code": "x", "tags": [1, null]}});
        assert_eq!(python_literal(&v), r#"{"held": True, "wrapup": {"code": "x", "tags": [1, None]}}"#);
    }
}
