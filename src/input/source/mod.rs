//! Source code: the Genesys SDK calls and raw API requests written in JavaScript, TypeScript and
//! Python files, read with real parsers (tree-sitter), each call turned into the request it makes.
//!
//! A parser (`js.rs`, `python.rs`) says what the file holds in the terms of [`model`]: the imports
//! that name a Genesys package, the SDK method calls, the raw HTTP calls to `/api/v2/`, and every
//! argument as far as the source tells it. This module makes the requests of them:
//!
//! - an SDK call whose method exists on its API class is the request of that method (the SDK's
//!   own HTTP method and path), its path parameters taken from the arguments written as literals
//!   (or traced to one), the others left as placeholders named after what the code passes;
//! - an SDK call whose method does not exist sends nothing (the SDK has no such function): its
//!   body, when it is a literal, is checked as a bare body is, for the operation its fields point
//!   to (the engine guesses it, as for a payload file), so that what the body gets wrong is said
//!   beside the method that does not exist;
//! - a raw HTTP call is the request its URL, method and body say.
//!
//! A body that is not a literal is not guessed: the request is checked without one, as a body
//! that was not read (nothing says it is missing). A value the code computes is a placeholder,
//! `"${expression}"`, which the body checks take for a value of any type, as they take a Data
//! Action's `${input.x}`.
//!
//! Only a file that imports the Genesys SDK (or a package named like it) or calls `/api/v2/` is
//! read: ordinary code holds no request, and most code does not mention Genesys at all, which a
//! byte search tells before anything is parsed.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod js;
pub mod model;
pub mod python;

use std::ops::Range;
use std::sync::OnceLock;

use super::capture::{Capture, Draft, InputError, Order};
use super::format::Format;
use crate::catalog::sdk::{self, Language, Package};
use crate::exchange::{Body, Endpoint, Header};
use crate::text::{Text, TextBuilder};
use model::{Call, Callee, CodeUse, Found, Value};

/// A source file's text, which starts at file offset `base`.
struct File<'t> {
    text: &'t str,
    base: usize,
}

/// How deep a literal is turned into JSON: deeper is not a body anyone writes.
const MAX_DEPTH: usize = 64;

/// The most of an expression's text kept in a placeholder (`"${...}"`).
const MAX_PLACEHOLDER: usize = 120;

/// The format of a source file by its extension (lowercase, without the dot).
pub fn language_of(ext: &str) -> Option<Format> {
    match ext {
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => Some(Format::JavaScript),
        "py" | "pyi" => Some(Format::Python),
        _ => None,
    }
}

/// Reads the requests of a source file of `format` (`ext` tells JavaScript from TypeScript).
pub fn read(text: &str, base: usize, format: Format, ext: &str) -> Result<Capture, InputError> {
    let mut capture = Capture { order: Order::Written { format, sequence: false }, ..Capture::default() };
    if !mentions_genesys(text) {
        return Ok(capture);
    }
    let (mut found, language) = match format {
        Format::Python => (python::find(text, base), Language::Python),
        _ => {
            let dialect = js::dialect_of(ext).unwrap_or(js::Dialect::JavaScript);
            (js::find(text, base, dialect), Language::JavaScript)
        }
    };
    // A raw call to another service's `/api/v2/` is not Genesys's (a file of a CRM client).
    let names_genesys = names_genesys(text);
    found.calls.retain(|call| match &call.callee {
        Callee::Http { url: Value::Str(url), .. } => calls_genesys(&url.value, names_genesys),
        Callee::Http { .. } => false,
        Callee::Sdk { .. } => true,
    });
    if !is_genesys(&found, language) {
        return Ok(capture);
    }
    let file = File { text, base };
    for import in found.imports {
        capture.code.push(CodeUse::Import { language, package: import.package, span: import.span });
    }
    for call in found.calls {
        add_call(&mut capture, call, language, &file);
    }
    Ok(capture)
}

/// The credentials of a source file's raw HTTP calls that a plain scan of its text cannot see:
/// the values of credential headers written as object or dict literals (`Authorization: 'Bearer
/// ...'`), as ranges of `text` (through any escape of the value). For `redact`, which redacts
/// any file, whatever it calls.
pub fn secrets(text: &str, format: Format, ext: &str) -> Vec<crate::secrets::scan::Found> {
    let found = match format {
        Format::Python => python::find(text, 0),
        _ => js::find(text, 0, js::dialect_of(ext).unwrap_or(js::Dialect::JavaScript)),
    };
    let mut out = Vec::new();
    for call in &found.calls {
        let Callee::Http { headers, .. } = &call.callee else { continue };
        for (name, value) in headers {
            let Value::Str(value) = value else { continue };
            for f in crate::secrets::scan::header_value(name, &value.value, 0) {
                let (Some(start), Some(end)) = (value.map.to_file(f.range.start), value.map.to_file(f.range.end))
                else {
                    continue;
                };
                if start < end && end <= text.len() {
                    out.push(crate::secrets::scan::Found { range: start..end, kind: f.kind });
                }
            }
        }
    }
    out
}

/// Whether a text may hold Genesys API use at all: it names Genesys or an `/api/v2/` path. Most
/// source files do not, and are not parsed.
fn mentions_genesys(text: &str) -> bool {
    names_genesys(text) || memchr::memmem::find(text.as_bytes(), b"/api/v2/").is_some()
}

/// Whether a text names Genesys (`purecloud`, `pure.cloud`, `genesys`, any case), in a host, a
/// package, a variable or a comment.
fn names_genesys(text: &str) -> bool {
    static WORDS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["purecloud", "pure.cloud", "genesys"])
            .unwrap_or_else(|_| unreachable!("plain words make a valid automaton"))
    });
    words.is_match(text)
}

/// Whether a raw call's URL goes to Genesys Cloud: to a Genesys host (or one that looks meant to
/// be), or, in a file that names Genesys, to a host the code fills in (`${baseUrl}/api/v2/...`,
/// a path alone). A URL with another service's host is that service's.
fn calls_genesys(url: &str, names_genesys: bool) -> bool {
    let Some((host, path)) = super::capture::split_url(url) else { return false };
    if !url.get(path).is_some_and(|p| p.starts_with("/api/v2/")) {
        return false;
    }
    match host {
        Some(h) if !h.contains(['$', '{']) => {
            crate::catalog::hosts::is_genesys_host(&h) || crate::catalog::hosts::looks_like_genesys(&h)
        }
        _ => names_genesys,
    }
}

/// Whether what a file holds is Genesys API use: it imports the SDK (or a package named like
/// it), or makes a raw call to `/api/v2/`. An SDK-looking call alone (`conversationsApi.x()`
/// in a file that imports nothing of Genesys) is some other code's.
fn is_genesys(found: &Found, language: Language) -> bool {
    let imports = found.imports.iter().any(|i| !matches!(sdk::package(language, &i.package), Package::Other));
    imports || found.calls.iter().any(|c| matches!(c.callee, Callee::Http { .. }))
}

/// Adds the request a call makes (if it makes one gclint can tell) and what the rules check of
/// the call itself.
fn add_call(capture: &mut Capture, call: Call, language: Language, file: &File) {
    match call.callee {
        Callee::Sdk { class, method, method_span, on_class } => {
            let known = sdk::method(language, &class, &method);
            let args = call.args;
            capture.code.push(CodeUse::Method {
                language,
                class: class.clone(),
                method: method.clone(),
                span: method_span.clone(),
                on_class,
                args: args.iter().filter(|a| a.name.is_none()).count(),
            });
            match known {
                Some(m) => sdk_request(capture, m, &args, &method_span, file),
                None if sdk::class_exists(&class) => guessed_request(capture, &args, &method_span, file),
                // A class the SDK does not have (the code's own `*Api` object): not Genesys's.
                None => {}
            }
        }
        Callee::Http { method, url, body, body_unknown, headers, .. } => {
            http_request(capture, method.as_ref(), &url, body.as_ref(), body_unknown, &headers, file)
        }
    }
}

/// The request of an SDK method that exists: its path with the arguments that are literals in
/// place of its parameters, and its body argument.
fn sdk_request(capture: &mut Capture, m: &sdk::Method, args: &[model::Arg], method_span: &Range<usize>, file: &File) {
    let positional: Vec<&Value> = args.iter().filter(|a| a.name.is_none()).map(|a| &a.value).collect();
    let keyword = |name: &str| args.iter().find(|a| a.name.as_deref() == Some(name)).map(|a| &a.value);
    // The SDKs take the path parameters first, in the path's order, then the body.
    let param = |i: usize, name: &str| positional.get(i).copied().or_else(|| keyword(name));
    let url = sdk_url(m, method_span.start, &param);
    let mut draft = Draft::new(m.http, url);
    if m.body.is_some() {
        let n = m.params.len();
        let body_arg = positional.get(n).copied().or_else(|| keyword("body"));
        // No body argument: the SDK sends none (it refuses to, for a required one).
        if let Some(value) = body_arg {
            set_body(&mut draft, value, file);
        }
    }
    capture.add(draft);
}

/// The URL of an SDK method's request: its path template with each parameter filled in by its
/// argument, mapped to the file (a literal to its characters, anything else to the argument as
/// a placeholder). The template's own text maps to the method name.
fn sdk_url<'v>(m: &sdk::Method, at: usize, param: &dyn Fn(usize, &str) -> Option<&'v Value>) -> Text {
    fill_template(m.path, at, |url, index, name, place| {
        let sdk_name = m.params.get(index).copied().unwrap_or(name);
        match param(index, sdk_name) {
            Some(value) => push_argument(url, value, name),
            // Not passed: the SDK refuses to send the request; the path keeps a placeholder.
            None => {
                url.push_decoded(&placeholder(sdk_name), place, 0);
                place
            }
        }
    })
}

/// Writes a path template: its own text at the place reached so far (zero-width; `at` at first),
/// and each parameter as `fill(url, index, name, place)` writes it, which gives the place it
/// ends at in the file.
fn fill_template(
    template: &str,
    at: usize,
    mut fill: impl FnMut(&mut TextBuilder, usize, &str, usize) -> usize,
) -> Text {
    let mut url = TextBuilder::new();
    let mut place = at;
    let mut rest = template;
    let mut index = 0;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        url.push_decoded(before, place, 0);
        let close = after.find('}').unwrap_or(after.len());
        place = fill(&mut url, index, after.get(1..close).unwrap_or_default(), place);
        rest = after.get(close + 1..).unwrap_or_default();
        index += 1;
    }
    url.push_decoded(rest, place, 0);
    url.finish(at)
}

/// Writes one path argument: a literal's text at its place, anything else as a placeholder for
/// its bytes (named after its expression, or `name`). Gives where it ends in the file.
fn push_argument(url: &mut TextBuilder, value: &Value, name: &str) -> usize {
    let span = value.span();
    match value {
        Value::Str(text) if !text.value.is_empty() && !text.value.contains(['/', '?', '#']) => {
            url.push_from(text, 0..text.value.len());
            text.map.to_file(text.value.len()).unwrap_or(span.end)
        }
        Value::Number(n, _) => {
            url.push_str(n, span.start);
            span.end
        }
        other => {
            url.push_decoded(&placeholder(&written(other, name)), span.start, span.len());
            span.end
        }
    }
}

/// What an argument that is not a literal is called in a placeholder: its expression.
fn written(value: &Value, fallback: &str) -> String {
    match value {
        Value::Unknown(text, _) => text.clone(),
        _ => fallback.to_owned(),
    }
}

/// A placeholder for a value only the running code knows: `${expression}`, clipped.
fn placeholder(expression: &str) -> String {
    let one_line: String = expression.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("${{{}}}", crate::text::ellipsize(&one_line, MAX_PLACEHOLDER))
}

/// The request of an SDK method that does not exist, when its body is a literal: no request is
/// sent, but the body is checked as a bare body is, for the operation its fields point to (the
/// engine guesses it; see `engine::bare`). Without a literal body there is nothing to check.
fn guessed_request(capture: &mut Capture, args: &[model::Arg], method_span: &Range<usize>, file: &File) {
    let is_object = |v: &&Value| matches!(v, Value::Object(..));
    let keyword = args.iter().find(|a| a.name.as_deref() == Some("body")).map(|a| &a.value).filter(is_object);
    let last = args.iter().filter(|a| a.name.is_none()).map(|a| &a.value).rfind(is_object);
    let Some(body) = keyword.or(last) else { return };
    let mut draft = Draft::new("", Text::detached(""));
    set_body(&mut draft, body, file);
    if draft.body.is_none() {
        return;
    }
    let index = capture.requests;
    capture.requests += 1;
    let mut ex = draft.into_exchange(index, None, 0..0);
    ex.endpoint = Endpoint::Inferred;
    // The arguments before the body are the path's parameters, if the operation takes as many.
    let before: Vec<&Value> =
        args.iter().filter(|a| a.name.is_none()).map(|a| &a.value).take_while(|v| !std::ptr::eq(*v, body)).collect();
    ex.url = arguments(&before, method_span.start);
    capture.exchanges.push(ex);
}

/// The path arguments of a call whose operation is not known yet, as the URL of its exchange:
/// each `/` and then the argument (a literal's text, anything else a placeholder), at its place
/// in the file. [`fill_path`] puts them into the operation's path once it is known.
fn arguments(values: &[&Value], at: usize) -> Text {
    let mut url = TextBuilder::new();
    let mut place = at;
    for value in values {
        url.push_decoded("/", place, 0);
        place = push_argument(&mut url, value, "argument");
    }
    url.finish(at)
}

/// The path of `template` (`/api/v2/conversations/calls/{conversationId}`) with its parameters
/// taken from `arguments` (as [`arguments`] wrote them), in order, each mapped to its place in
/// the file; the template's own text maps to `at` (the method's name). When the call passes
/// another number of arguments than the path has parameters, they are left as they are
/// (`{conversationId}`): which is which cannot be told.
pub fn fill_path(template: &str, arguments: &Text, at: usize) -> Text {
    let ranges: Vec<Range<usize>> = {
        let value = arguments.value.as_str();
        let mut at = 0;
        value
            .split('/')
            .map(|piece| {
                let range = at..at + piece.len();
                at += piece.len() + 1;
                range
            })
            .skip(1)
            .collect()
    };
    let wanted = template.matches('{').count();
    fill_template(template, at, |url, index, name, place| match ranges.get(index).filter(|_| ranges.len() == wanted) {
        Some(range) => {
            url.push_from(arguments, range.clone());
            arguments.map.to_file(range.end).unwrap_or(place)
        }
        None => {
            url.push_decoded(&format!("{{{name}}}"), place, 0);
            place
        }
    })
}

/// The request of a raw HTTP call.
fn http_request(
    capture: &mut Capture,
    method: Option<&Value>,
    url: &Value,
    body: Option<&Value>,
    body_unknown: bool,
    headers: &[(String, Value)],
    file: &File,
) {
    let Value::Str(url) = url else { return };
    // A method the code computes: a request gclint cannot tell.
    let method = match method {
        None => "GET".to_owned(),
        Some(Value::Str(m)) if m.value.bytes().all(|b| b.is_ascii_alphabetic()) && !m.value.is_empty() => {
            m.value.to_ascii_uppercase()
        }
        Some(_) => {
            capture.requests += 1;
            return;
        }
    };
    let mut draft = Draft::new(method, url.clone());
    capture.secrets.url(&url.value, url.map.to_file(0).unwrap_or(0));
    for (name, value) in headers {
        let value_text = match value {
            Value::Str(t) => t.value.clone(),
            other => placeholder(&written(other, name)),
        };
        if let Value::Str(t) = value {
            capture.secrets.header(name, &t.value, t.map.to_file(0).unwrap_or(0));
        }
        draft.headers.push(Header { name: name.clone(), value: value_text });
    }
    match body {
        Some(value) => set_body(&mut draft, value, file),
        None => draft.body_unread = body_unknown,
    }
    capture.add(draft);
}

/// Gives a draft the body `value` is, when it is a literal: JSON text mapped to the file. A body
/// that is not one is unknown (not checked, and not missing either).
fn set_body(draft: &mut Draft, value: &Value, file: &File) {
    let text = match value {
        // A string is sent as it is (a JSON text written as a string literal).
        Value::Str(text) => Some(text.clone()),
        Value::Object(..) | Value::Array(..) => json_of(value, file),
        _ => None,
    };
    match text {
        // A literal in code that names a password or a key is a sample's or a test's (Genesys's
        // own tutorials create users so): credentials are counted in headers and URLs only.
        Some(text) => {
            draft.body = Some(Body { text, mime: Some("application/json".into()), transformed: None });
        }
        None => draft.body_unread = true,
    }
}

/// The JSON text of a literal, each token mapped to where the source writes it; `None` for a
/// literal that is not JSON as a whole (a spread, a computed key).
fn json_of(value: &Value, file: &File) -> Option<Text> {
    let mut out = TextBuilder::new();
    write_json(value, &mut out, file, 0)?;
    Some(out.finish(value.span().start))
}

/// Writes `value` as JSON, and gives the file offset where it ends in the source. Every token is
/// placed where the source writes it, and what JSON adds (quotes around a bare key, a `:` or `,`
/// that the source writes elsewhere) is placed zero-width at the end of the token before it: so
/// the JSON span of any value or member maps back to exactly its bytes in the source.
fn write_json(value: &Value, out: &mut TextBuilder, file: &File, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match value {
        Value::Str(text) => write_string(text, out, file),
        Value::Number(n, span) => {
            out.push_decoded(n, span.start, span.len());
            span.end
        }
        Value::Bool(b, span) => {
            out.push_decoded(if *b { "true" } else { "false" }, span.start, span.len());
            span.end
        }
        Value::Null(span) => {
            out.push_decoded("null", span.start, span.len());
            span.end
        }
        Value::Unknown(expression, span) => {
            let quoted = serde_json::to_string(&placeholder(expression)).ok()?;
            out.push_decoded(&quoted, span.start, span.len());
            span.end
        }
        Value::Opaque(_) => return None,
        Value::Object(members, span) => {
            out.push_decoded("{", span.start, 1);
            let mut end = None;
            for (key, member) in members {
                if let Some(end) = end {
                    out.push_decoded(",", end, 0);
                }
                let key_end = write_string(key, out, file);
                out.push_decoded(":", key_end, 0);
                end = Some(write_json(member, out, file, depth + 1)?);
            }
            close(out, end, "}", span);
            span.end
        }
        Value::Array(items, span) => {
            out.push_decoded("[", span.start, 1);
            let mut end = None;
            for item in items {
                if let Some(end) = end {
                    out.push_decoded(",", end, 0);
                }
                end = Some(write_json(item, out, file, depth + 1)?);
            }
            close(out, end, "]", span);
            span.end
        }
    })
}

/// Closes an object or array at its last byte; a space placed at the end of its last item
/// first keeps that item's end where it is (what follows it in the source, a trailing comma or
/// a comment, is no part of it).
fn close(out: &mut TextBuilder, last: Option<usize>, bracket: &str, span: &Range<usize>) {
    if let Some(end) = last {
        out.push_decoded(" ", end, 0);
    }
    out.push_decoded(bracket, span.end.saturating_sub(1), 1);
}

/// A decoded string as a JSON string literal: its quotes at the quotes of the source, each
/// character at its place (escaped for JSON where it must be). Gives where it ends in the file.
fn write_string(text: &Text, out: &mut TextBuilder, file: &File) -> usize {
    let start = text.map.to_file(0).unwrap_or(0);
    let end = text.map.to_file(text.value.len()).unwrap_or(start);
    // A key written bare (`state: ...`) has no quotes: the JSON's stand on either side of it.
    let quoted = start
        .checked_sub(file.base + 1)
        .and_then(|i| file.text.as_bytes().get(i))
        .is_some_and(|q| matches!(q, b'"' | b'\'' | b'`'));
    let quote = usize::from(quoted);
    out.push_decoded("\"", start - quote, quote);
    let mut plain = 0;
    for (i, c) in text.value.char_indices() {
        let escaped = match c {
            '"' => Some("\\\"".to_owned()),
            '\\' => Some("\\\\".to_owned()),
            c if (c as u32) < 0x20 => Some(format!("\\u{:04x}", c as u32)),
            _ => None,
        };
        if let Some(escaped) = escaped {
            if plain < i {
                out.push_from(text, plain..i);
            }
            let at = text.map.to_file(i).unwrap_or(start);
            let next = text.map.to_file(i + c.len_utf8()).unwrap_or(at);
            out.push_decoded(&escaped, at, next.saturating_sub(at));
            plain = i + c.len_utf8();
        }
    }
    if plain < text.value.len() {
        out.push_from(text, plain..text.value.len());
    }
    out.push_decoded("\"", end, quote);
    end + quote
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::model::Value;
    use super::*;

    /// A string value standing in `text` at `range`, verbatim.
    fn string(text: &str, range: Range<usize>) -> Value {
        Value::Str(Text::verbatim(&text[range.clone()], range.start))
    }

    fn find(text: &str, what: &str) -> Range<usize> {
        let at = text.find(what).unwrap_or_else(|| panic!("{what} in {text}"));
        at..at + what.len()
    }

    #[test]
    fn a_literal_becomes_json_whose_every_token_points_at_the_source() {
        let src = "api.x({ state: 'Disconnected', \"muted\": true, n: 2, who: participantId, list: [null] })";
        let file = File { text: src, base: 0 };
        let key = |k: &str| Text::verbatim(k, find(src, k).start);
        let value = Value::Object(
            vec![
                (key("state"), string(src, find(src, "Disconnected"))),
                (key("muted"), Value::Bool(true, find(src, "true"))),
                (key("n"), Value::Number("2".into(), find(src, "2"))),
                (key("who"), Value::Unknown("participantId".into(), find(src, "participantId"))),
                (key("list"), Value::Array(vec![Value::Null(find(src, "null"))], find(src, "[null]"))),
            ],
            find(src, "{ state: 'Disconnected', \"muted\": true, n: 2, who: participantId, list: [null] }"),
        );
        let json = json_of(&value, &file).expect("a literal");
        assert_eq!(
            json.value,
            r#"{"state":"Disconnected","muted":true,"n":2,"who":"${participantId}","list":[null ] }"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&json.value).expect("JSON");
        assert_eq!(parsed["who"], "${participantId}");
        // The string value with its quotes is the quoted literal in the source.
        let at = json.value.find("\"Disconnected\"").expect("value");
        let (from, to) = (json.map.to_file(at).unwrap(), json.map.to_file(at + 14).unwrap());
        assert_eq!(&src[from..to], "'Disconnected'");
        // A bare key has no quotes in the source: its JSON quotes stand on either side of it.
        let at = json.value.find("\"state\"").expect("key");
        let (from, to) = (json.map.to_file(at).unwrap(), json.map.to_file(at + 7).unwrap());
        assert_eq!(&src[from..to], "state");
        // A placeholder stands for the expression's bytes, whole.
        let at = json.value.find("\"${participantId}\"").expect("placeholder");
        let (from, to) = (json.map.to_file(at).unwrap(), json.map.to_file(at + 18).unwrap());
        assert_eq!(&src[from..to], "participantId");
    }

    #[test]
    fn a_literal_with_a_spread_is_not_json() {
        let src = "{ ...defaults, state: 'x' }";
        let value = Value::Object(vec![(Text::verbatim("state", 15), string(src, find(src, "x")))], 0..src.len());
        let value = Value::Array(vec![value, Value::Opaque(2..13)], 0..src.len());
        assert!(json_of(&value, &File { text: src, base: 0 }).is_none());
    }

    #[test]
    fn characters_json_escapes_are_escaped_where_they_stand() {
        let src = r#"{ note: 'say "hi"\\' }"#;
        let content = find(src, r#"say "hi"\\"#);
        // The decoded string is `say "hi"\`: the escape `\\` is two bytes for one character.
        let mut b = TextBuilder::new();
        b.push_str("say \"hi\"", content.start);
        b.push_decoded("\\", content.start + 8, 2);
        let value = Value::Object(
            vec![(Text::verbatim("note", find(src, "note").start), Value::Str(b.finish(content.start)))],
            0..src.len(),
        );
        let json = json_of(&value, &File { text: src, base: 0 }).expect("a literal");
        assert_eq!(json.value, r#"{"note":"say \"hi\"\\" }"#);
        let parsed: serde_json::Value = serde_json::from_str(&json.value).expect("JSON");
        assert_eq!(parsed["note"], "say \"hi\"\\");
    }

    #[test]
    fn a_guessed_operation_takes_the_calls_arguments_as_its_path_parameters() {
        let src = "api.patchConversationParticipants(conversationId, '6a1d8f3e', body)";
        let args = [
            &Value::Unknown("conversationId".into(), find(src, "conversationId")),
            &string(src, find(src, "6a1d8f3e")),
        ];
        let written = arguments(&args, find(src, "patchConversationParticipants").start);
        assert_eq!(written.value, "/${conversationId}/6a1d8f3e");
        let template = "/api/v2/conversations/{conversationId}/participants/{participantId}";
        let url = fill_path(template, &written, 4);
        assert_eq!(url.value, "/api/v2/conversations/${conversationId}/participants/6a1d8f3e");
        // Each argument at its place in the source.
        let at = url.value.find("6a1d8f3e").unwrap();
        assert_eq!(url.map.to_file(at), Some(find(src, "6a1d8f3e").start));
        // Another number of arguments: which is which cannot be told.
        let one = fill_path(
            "/api/v2/conversations/calls/{conversationId}/participants/{participantId}",
            &arguments(&args[..1], 4),
            4,
        );
        assert_eq!(one.value, "/api/v2/conversations/calls/{conversationId}/participants/{participantId}");
    }

    #[test]
    fn only_text_that_names_genesys_or_the_api_is_parsed() {
        assert!(mentions_genesys("import x from 'purecloud-platform-client-v2'"));
        assert!(mentions_genesys("requests.get(f'{base}/api/v2/users/me')"));
        assert!(mentions_genesys("# GENESYS helpers"));
        assert!(!mentions_genesys("const api = new StripeApi(); fetch('/v1/charges')"));
    }
}
