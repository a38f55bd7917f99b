//! Terraform files (`.tf`): the request of every `genesyscloud_integration_action` resource (a
//! Data Action, read into a [`super::data_action::Action`]); other resources are not requests.
//!
//! The file is parsed by a real HCL parser (`hcl-edit`, which keeps the byte span of every
//! expression and template element); the strings are then decoded here from their bytes in the
//! file, so that every character of a value keeps its place through HCL's escapes (`\"`,
//! `\uXXXX`, `$${`, `%%{`), a heredoc's stripped indent, and the JSON text that `jsonencode(...)`
//! makes of an object expression.
//!
//! What Terraform alone knows (`var.x`, `local.y`, `${...}` interpolations, the result of a
//! function call) is a value of unknown content: it is kept as a placeholder (`${var.x}`), as a
//! Velocity placeholder of the action is, and matches anything.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use hcl_edit::expr::{Expression, FuncCall, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::{Span, Spanned};

use super::capture::{Capture, InputError, Order};
use super::data_action::{self, Action, Integration};
use super::format::Format;
use crate::text::{Text, TextBuilder};

/// The resource type of a Data Action.
const ACTION: &str = "genesyscloud_integration_action";
/// The resource type of the integration an action belongs to.
const INTEGRATION: &str = "genesyscloud_integration";

/// How deep `jsonencode(...)` values and template directives are followed. The parser already
/// refuses more than 64 nested levels; this keeps the walk bounded on its own.
const MAX_DEPTH: usize = 96;

/// The body a Data Action sends when it is not known here (a `templatefile(...)`, a variable):
/// the action's own way of saying "the input as it is", which checks nothing.
const UNKNOWN_BODY: &str = "${input.rawRequest}";

/// Reads the Data Actions of a Terraform file.
pub fn read(text: &str, base: usize) -> Result<Capture, InputError> {
    let mut capture =
        Capture { order: Order::Written { format: Format::Terraform, sequence: false }, ..Capture::default() };
    let file = File { text, base };
    for action in actions(&file)? {
        match action {
            Some(action) => {
                file.count_secrets(&action, &mut capture);
                data_action::add(&mut capture, action);
            }
            // An action whose method or URL is not written in the file (a variable): a request
            // that cannot be checked.
            None => capture.requests += 1,
        }
    }
    Ok(capture)
}

/// The request of each `genesyscloud_integration_action` resource of a file, in the order
/// written (`None` for one whose method or URL is not written in it).
fn actions(file: &File) -> Result<Vec<Option<Action>>, InputError> {
    // gclint reads one resource type: a file that never names it (most Terraform) holds nothing
    // for it, and is not gclint's to validate.
    if memchr::memmem::find(file.text.as_bytes(), ACTION.as_bytes()).is_none() {
        return Ok(Vec::new());
    }
    let body = hcl_edit::parser::parse_body(file.text).map_err(|e| {
        let at = e.location().offset().min(file.text.len());
        InputError::at(file.base + at, format!("not valid HCL: {}", e.message()))
            .with_help("gclint reads the genesyscloud_integration_action resources of a Terraform file it can parse")
    })?;
    let integrations = integration_types(&body);
    Ok(resources(&body, ACTION).map(|block| file.action(block, &integrations)).collect())
}

/// The `resource "TYPE" "name" { ... }` blocks of one type at the top level of a file.
fn resources<'b>(body: &'b Body, kind: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
    body.get_blocks("resource").filter(move |b| b.labels.first().is_some_and(|l| l.as_str() == kind))
}

/// The `integration_type` of each `genesyscloud_integration` resource of the file, by its name.
fn integration_types(body: &Body) -> HashMap<String, Integration> {
    let mut types = HashMap::new();
    for block in resources(body, INTEGRATION) {
        let Some(name) = block.labels.get(1) else { continue };
        let kind = match block.body.get_attribute("integration_type").map(|a| &a.value) {
            Some(Expression::String(s)) => integration(s.value()),
            _ => Integration::Unknown,
        };
        types.insert(name.as_str().to_owned(), kind);
    }
    types
}

/// What an `integrationType` names.
fn integration(kind: &str) -> Integration {
    match kind {
        "purecloud-data-actions" => Integration::Platform,
        "custom-rest-actions" => Integration::CustomRest,
        "function-data-actions" => Integration::Function,
        _ => Integration::Unknown,
    }
}

/// The name of the `genesyscloud_integration` resource an `integration_id` refers to
/// (`genesyscloud_integration.x.id`, or the same inside `"${...}"`).
fn integration_ref(expr: &Expression) -> Option<&str> {
    let expr = match expr {
        Expression::StringTemplate(t) => match t.as_single_element()? {
            Element::Interpolation(i) => &i.expr,
            _ => return None,
        },
        e => e,
    };
    let Expression::Traversal(t) = expr else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    if root.as_str() != INTEGRATION {
        return None;
    }
    match (t.operators.first().map(|o| o.value()), t.operators.get(1).map(|o| o.value())) {
        (Some(TraversalOperator::GetAttr(name)), Some(TraversalOperator::GetAttr(id))) if id.as_str() == "id" => {
            Some(name.as_str())
        }
        _ => None,
    }
}

/// A file being read: its text and the file offset of its first byte.
struct File<'t> {
    text: &'t str,
    base: usize,
}

impl File<'_> {
    /// The request of one `genesyscloud_integration_action` resource, when its method and URL
    /// are written in the file.
    fn action(&self, block: &Block, integrations: &HashMap<String, Integration>) -> Option<Action> {
        let request = block.body.get_blocks("config_request").next()?;
        let attr = |name: &str| request.body.get_attribute(name).map(|a| &a.value);
        let method = self.string(attr("request_type")?)?;
        let url = self.string(attr("request_url_template")?)?;
        let headers = match attr("headers") {
            Some(Expression::Object(object)) => object
                .iter()
                .filter_map(|(key, value)| Some((self.key(key)?, self.string(value.expr())?)))
                .collect(),
            _ => Vec::new(),
        };
        let template = attr("request_template").map(|e| self.body(e));
        let inputs = block.body.get_attribute("contract_input").map(|a| self.inputs(&a.value)).unwrap_or_default();
        let name = match block.body.get_attribute("name").map(|a| &a.value) {
            Some(Expression::String(s)) => Some(s.value().clone()),
            _ => None,
        };
        let named = block.body.get_attribute("integration_id").and_then(|a| integration_ref(&a.value));
        let integration = match named.and_then(|n| integrations.get(n)) {
            Some(kind) => kind.clone(),
            // A relative `/api/v2/` path is only ever sent to the org's own API host.
            None if url.value.starts_with("/api/v2/") => Integration::Platform,
            None => Integration::Unknown,
        };
        Some(Action { name, integration, method, url, headers, template, inputs })
    }

    /// Counts the credentials the action holds where they stand in the file: headers (an
    /// `Authorization` written into a resource), the URL's query, the body.
    fn count_secrets(&self, action: &Action, capture: &mut Capture) {
        for (name, value) in &action.headers {
            let at = value.map.to_file(0).unwrap_or(self.base);
            capture.secrets.header(&name.value, &value.value, at);
        }
        if let Some(at) = action.url.map.to_file(0) {
            capture.secrets.url(&action.url.value, at);
        }
        if let Some(body) = &action.template {
            capture.secrets.body(body);
        }
    }

    /// The bytes of `span` in the file.
    fn raw(&self, span: &Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or_default()
    }

    /// A string value (quoted, a template, a heredoc), decoded; `None` for other expressions.
    fn string(&self, expr: &Expression) -> Option<Text> {
        let start = self.base + expr.span().map_or(0, |s| s.start);
        let mut sink = Sink::new(false);
        self.string_into(expr, &mut sink, 0)?;
        Some(sink.out.finish(start))
    }

    /// An object key: an identifier as written, or a string.
    fn key(&self, key: &ObjectKey) -> Option<Text> {
        match key {
            ObjectKey::Ident(ident) => {
                let start = self.base + ident.span().map_or(0, |s| s.start);
                Some(Text::verbatim(ident.as_str(), start))
            }
            ObjectKey::Expression(expr) => self.string(expr),
        }
    }

    /// The body of `request_template`: a string, `jsonencode(...)`, or (a file, a variable) the
    /// body of unknown content.
    fn body(&self, expr: &Expression) -> Text {
        let span = expr.span().unwrap_or_default();
        if let Some(text) = self.string(expr) {
            return text;
        }
        if let Some(arg) = jsonencode(expr) {
            let mut sink = Sink::new(true);
            self.json(arg, &mut sink, 0);
            return sink.out.finish(self.base + span.start);
        }
        let mut out = TextBuilder::new();
        out.push_decoded(UNKNOWN_BODY, self.base + span.start, span.len());
        out.finish(self.base + span.start)
    }

    /// The JSON Schema type of each input of `contract_input` (`jsonencode({...})` or a JSON
    /// string), by name.
    fn inputs(&self, expr: &Expression) -> BTreeMap<String, String> {
        let json = match jsonencode(expr) {
            Some(arg) => {
                let mut sink = Sink::new(true);
                self.json(arg, &mut sink, 0);
                sink.out.value().to_owned()
            }
            None => match self.string(expr) {
                Some(text) => text.value,
                None => return BTreeMap::new(),
            },
        };
        let Ok(schema) = serde_json::from_str::<serde_json::Value>(&json) else { return BTreeMap::new() };
        let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) else {
            return BTreeMap::new();
        };
        properties
            .iter()
            .filter_map(|(name, p)| Some((name.clone(), p.get("type")?.as_str()?.to_owned())))
            .collect()
    }

    /// Decodes a string expression into `sink`; `None` (with nothing written) for other
    /// expressions.
    fn string_into(&self, expr: &Expression, sink: &mut Sink, depth: usize) -> Option<()> {
        match expr {
            Expression::String(s) => {
                let span = s.span()?;
                // The literal between its quotes.
                let inner = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
                self.quoted(&inner, sink);
            }
            Expression::StringTemplate(t) => {
                let mut state = Lines::quoted();
                self.template(t, sink, &mut state, depth);
            }
            Expression::HeredocTemplate(h) => {
                let mut state = Lines::heredoc(h.indent());
                self.template(&h.template, sink, &mut state, depth);
            }
            _ => return None,
        }
        Some(())
    }

    /// Decodes a template's elements: literals as written, each interpolation as a placeholder,
    /// and a directive's first branch (`%{ if }`'s template, one turn of `%{ for }`).
    fn template(&self, template: &Template, sink: &mut Sink, lines: &mut Lines, depth: usize) {
        for element in template.iter() {
            match element {
                Element::Literal(literal) => self.literal(literal, sink, lines),
                Element::Interpolation(interpolation) => {
                    let span = interpolation.span().unwrap_or_default();
                    sink.decoded(&placeholder(&interpolation.expr, self), self.base + span.start, span.len());
                    lines.at_start = false;
                }
                Element::Directive(directive) if depth < MAX_DEPTH => {
                    let branch = match directive.as_ref() {
                        Directive::If(d) => &d.if_expr.template,
                        Directive::For(d) => &d.for_expr.template,
                    };
                    self.template(branch, sink, lines, depth + 1);
                }
                Element::Directive(_) => {}
            }
        }
    }

    /// Decodes one literal of a template.
    fn literal(&self, literal: &Spanned<String>, sink: &mut Sink, lines: &mut Lines) {
        let Some(span) = literal.span() else { return };
        if lines.heredoc {
            self.heredoc_literal(&span, sink, lines);
        } else {
            self.quoted(&span, sink);
        }
    }

    /// Decodes the bytes of a quoted string (without its quotes): backslash escapes and the
    /// `$${` / `%%{` escapes of template markers.
    fn quoted(&self, span: &Range<usize>, sink: &mut Sink) {
        let raw = self.raw(span);
        let at = self.base + span.start;
        let bytes = raw.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let escape = match b {
                b'\\' => unescape(raw, i),
                b'$' | b'%' if bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b'{') => {
                    Some((if b == b'$' { '$' } else { '%' }, 2))
                }
                _ => None,
            };
            let Some((decoded, len)) = escape else {
                i += 1;
                continue;
            };
            sink.verbatim(raw.get(run..i).unwrap_or_default(), at + run);
            if b == b'\\' {
                let mut buf = [0; 4];
                sink.decoded(decoded.encode_utf8(&mut buf), at + i, len);
            } else {
                // `$$` of `$${`: one `$`, and the `{` that follows is written as is.
                sink.decoded(if b == b'$' { "$" } else { "%" }, at + i, len);
            }
            i += len;
            run = i;
        }
        sink.verbatim(raw.get(run..).unwrap_or_default(), at + run);
    }

    /// Decodes the bytes of a heredoc literal: the `$${` / `%%{` escapes, and the indent a
    /// `<<-` heredoc strips from the start of every line.
    fn heredoc_literal(&self, span: &Range<usize>, sink: &mut Sink, lines: &mut Lines) {
        let raw = self.raw(span);
        let at = self.base + span.start;
        let bytes = raw.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if lines.at_start && lines.indent > 0 {
                // Strip up to `indent` characters of leading whitespace (as the parser counted it).
                let mut stripped = 0;
                let mut j = i;
                for c in raw.get(i..).unwrap_or_default().chars() {
                    if stripped == lines.indent || c == '\n' || c == '\r' || !c.is_whitespace() {
                        break;
                    }
                    stripped += 1;
                    j += c.len_utf8();
                }
                sink.verbatim(raw.get(run..i).unwrap_or_default(), at + run);
                lines.at_start = false;
                i = j;
                run = j;
                continue;
            }
            lines.at_start = false;
            if (b == b'$' || b == b'%') && bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b'{') {
                sink.verbatim(raw.get(run..i).unwrap_or_default(), at + run);
                sink.decoded(if b == b'$' { "$" } else { "%" }, at + i, 2);
                i += 2;
                run = i;
                continue;
            }
            i += 1;
            if b == b'\n' {
                lines.at_start = true;
            }
        }
        sink.verbatim(raw.get(run..).unwrap_or_default(), at + run);
    }

    /// Writes the JSON text `jsonencode` makes of `expr` into `sink`, each value where it stands
    /// in the file, the punctuation JSON adds at the place of what it stands for.
    fn json(&self, expr: &Expression, sink: &mut Sink, depth: usize) {
        let span = expr.span().unwrap_or_default();
        let at = self.base + span.start;
        let end = self.base + span.end.max(span.start + 1) - 1;
        match expr {
            _ if depth >= MAX_DEPTH => self.unknown_json(expr, sink),
            Expression::Null(_) => sink.out.push_str("null", at),
            Expression::Bool(b) => sink.out.push_str(if *b.value() { "true" } else { "false" }, at),
            Expression::Number(n) => {
                // HCL's numbers are written as JSON writes them; what serde_json would not read
                // (it cannot be, but the file is hostile) is an unknown value.
                let raw = self.raw(&span);
                if serde_json::from_str::<serde_json::Number>(raw).is_ok() {
                    sink.out.push_str(raw, at);
                } else {
                    sink.out.push_decoded(&n.value().to_string(), at, span.len());
                }
            }
            Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
                sink.out.push_decoded("\"", at, 0);
                let _ = self.string_into(expr, sink, depth + 1);
                sink.out.push_decoded("\"", end, 0);
            }
            Expression::Parenthesis(p) => self.json(p.inner(), sink, depth + 1),
            Expression::Array(array) => {
                sink.out.push_decoded("[", at, 0);
                for (k, item) in array.iter().enumerate() {
                    if k > 0 {
                        let item_at = self.base + item.span().map_or(span.start, |s| s.start);
                        sink.out.push_decoded(",", item_at, 0);
                    }
                    self.json(item, sink, depth + 1);
                }
                sink.out.push_decoded("]", end, 0);
            }
            Expression::Object(object) => {
                sink.out.push_decoded("{", at, 0);
                for (k, (key, value)) in object.iter().enumerate() {
                    let key_span = key.span().unwrap_or_default();
                    let key_at = self.base + key_span.start;
                    if k > 0 {
                        sink.out.push_decoded(",", key_at, 0);
                    }
                    match key {
                        ObjectKey::Ident(ident) => {
                            sink.out.push_decoded("\"", key_at, 0);
                            sink.out.push_str(ident.as_str(), key_at);
                            sink.out.push_decoded("\"", self.base + key_span.end, 0);
                        }
                        ObjectKey::Expression(e) => self.json(e, sink, depth + 1),
                    }
                    let value_at = self.base + value.expr().span().map_or(key_span.end, |s| s.start);
                    sink.out.push_decoded(":", value_at, 0);
                    self.json(value.expr(), sink, depth + 1);
                }
                sink.out.push_decoded("}", end, 0);
            }
            _ => self.unknown_json(expr, sink),
        }
    }

    /// A JSON value only Terraform knows: a JSON string holding its placeholder, which any value
    /// matches.
    fn unknown_json(&self, expr: &Expression, sink: &mut Sink) {
        let span = expr.span().unwrap_or_default();
        sink.out.push_decoded(&format!("\"{}\"", placeholder(expr, self)), self.base + span.start, span.len());
    }
}

/// The argument of a `jsonencode(...)` call.
fn jsonencode(expr: &Expression) -> Option<&Expression> {
    match expr {
        Expression::FuncCall(call) if is_call(call, "jsonencode") && call.args.len() == 1 => call.args.iter().next(),
        _ => None,
    }
}

fn is_call(call: &FuncCall, name: &str) -> bool {
    call.name.namespace.is_empty() && call.name.name.as_str() == name
}

/// Decodes the backslash escape at `i` of a quoted HCL string: the character and the bytes
/// it takes. `None` for what the parser would have refused.
fn unescape(raw: &str, i: usize) -> Option<(char, usize)> {
    let hex = |len: usize| {
        let digits = raw.get(i + 2..i + 2 + len)?;
        let code = u32::from_str_radix(digits, 16).ok()?;
        Some((char::from_u32(code)?, 2 + len))
    };
    match raw.as_bytes().get(i + 1)? {
        b'n' => Some(('\n', 2)),
        b'r' => Some(('\r', 2)),
        b't' => Some(('\t', 2)),
        b'\\' => Some(('\\', 2)),
        b'"' => Some(('"', 2)),
        b'u' => hex(4),
        b'U' => hex(8),
        _ => None,
    }
}

/// Where a template's decoding stands in its lines (a heredoc strips its indent from each).
struct Lines {
    heredoc: bool,
    indent: usize,
    at_start: bool,
}

impl Lines {
    fn quoted() -> Self {
        Lines { heredoc: false, indent: 0, at_start: false }
    }

    fn heredoc(indent: Option<usize>) -> Self {
        Lines { heredoc: true, indent: indent.unwrap_or(0), at_start: true }
    }
}

/// Where decoded text goes: as it is (a string value), or written as the inside of a JSON
/// string (a string inside `jsonencode(...)`).
struct Sink {
    out: TextBuilder,
    json: bool,
}

impl Sink {
    fn new(json: bool) -> Self {
        Sink { out: TextBuilder::new(), json }
    }

    /// Text that stands in the file as it is, from `at` on.
    fn verbatim(&mut self, piece: &str, at: usize) {
        if !self.json {
            if !piece.is_empty() {
                self.out.push_str(piece, at);
            }
            return;
        }
        let mut run = 0;
        for (i, c) in piece.char_indices() {
            if let Some(escaped) = json_escape(c) {
                if run < i {
                    self.out.push_str(piece.get(run..i).unwrap_or_default(), at + run);
                }
                self.out.push_decoded(&escaped, at + i, c.len_utf8());
                run = i + c.len_utf8();
            }
        }
        if run < piece.len() {
            self.out.push_str(piece.get(run..).unwrap_or_default(), at + run);
        }
    }

    /// Text decoded from the `len` file bytes at `at` (an escape).
    fn decoded(&mut self, piece: &str, at: usize, len: usize) {
        if self.json {
            let escaped: String =
                piece.chars().map(|c| json_escape(c).unwrap_or_else(|| c.to_string())).collect();
            self.out.push_decoded(&escaped, at, len);
        } else {
            self.out.push_decoded(piece, at, len);
        }
    }

}

/// A value only Terraform knows (a reference, a function call), as a placeholder:
/// `${var.x}` when the expression is a plain reference (so that a message names it),
/// `${terraform}` otherwise (the text of a call may hold quotes that would break the JSON
/// around it).
fn placeholder(expr: &Expression, file: &File) -> String {
    let raw = expr.span().map(|s| file.raw(&s).trim()).unwrap_or_default();
    let plain = !raw.is_empty() && raw.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    format!("${{{}}}", if plain { raw } else { "terraform" })
}

/// How JSON writes `c` inside a string, when it must be escaped.
fn json_escape(c: char) -> Option<String> {
    match c {
        '"' => Some("\\\"".into()),
        '\\' => Some("\\\\".into()),
        '\n' => Some("\\n".into()),
        '\r' => Some("\\r".into()),
        '\t' => Some("\\t".into()),
        c if (c as u32) < 0x20 => Some(format!("\\u{:04x}", c as u32)),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Action> {
        let file = File { text, base: 0 };
        actions(&file).unwrap().into_iter().map(|a| a.expect("method and URL")).collect()
    }

    fn one(text: &str) -> Action {
        let mut all = parse(text);
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    /// Asserts that offset `v` of `value` maps to a place in `file` that starts with `want`.
    fn maps(file: &str, value: &Text, v: usize, want: &str) {
        let at = value.map.to_file(v).expect("mapped");
        assert!(file[at..].starts_with(want), "value offset {v} maps to {:?}, not {want:?}", &file[at..]);
    }

    #[test]
    fn debug_print() {
        for name in ["agent-rewards-blueprint__get-agent-id.tf", "ticketflow__dataactions.tf", "send-email-notification-when-outbound-message-fails-blueprint__data-actions.tf", "architect-flow-public-api-blueprint__main.tf"] {
            let path = format!("{}/../shared/corpus/genesys-artefacts/terraform/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            for a in parse(&text) {
                eprintln!("{:?} {:?} {} {}\n  headers {:?}\n  body {:?}\n  inputs {:?}", a.name, a.integration, a.method.value, a.url.value, a.headers.iter().map(|(k,v)| (k.value.clone(), v.value.clone())).collect::<Vec<_>>(), a.template.as_ref().map(|t| &t.value), a.inputs);
            }
        }
    }
}
