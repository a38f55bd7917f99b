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
use crate::secrets::scan::Found;
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
            // `add` counts the credentials the action holds, where they stand in the file.
            Some(action) => data_action::add(&mut capture, action),
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
    // hcl-edit checks each key of an object against every key before it (time quadratic in the
    // entries of one object): a file that could make that take long is refused before parsing.
    match widest_object(file.text) {
        Some(n) if n <= MAX_OBJECT_ENTRIES => {}
        n => {
            let why = match n {
                Some(_) => format!("an object with more than {MAX_OBJECT_ENTRIES} entries"),
                None => format!("more than {MAX_LEXICAL_DEPTH} nested brackets and strings"),
            };
            return Err(InputError::at(file.base, format!("not read: the file holds {why}"))
                .with_help("gclint reads Terraform files of the size and shape people write; this one is not"));
        }
    }
    let body = hcl_edit::parser::parse_body(file.text).map_err(|e| {
        let at = e.location().offset().min(file.text.len());
        InputError::at(file.base + at, format!("not valid HCL: {}", e.message()))
            .with_help("gclint reads the genesyscloud_integration_action resources of a Terraform file it can parse")
    })?;
    let integrations = integration_types(&body);
    Ok(resources(&body, ACTION).map(|block| file.action(block, &integrations)).collect())
}

/// The most entries gclint lets one HCL object hold (a Data Action's have a few dozen).
const MAX_OBJECT_ENTRIES: usize = 1024;
/// The most brackets and strings [`widest_object`] follows into each other (the parser refuses
/// more than 64 nested levels anyway).
const MAX_LEXICAL_DEPTH: usize = 256;

/// What [`widest_object`] is inside of.
enum Frame {
    /// `{ ... }`, with the `=` and `:` written directly in it so far.
    Brace(usize),
    /// `( ... )` or `[ ... ]`.
    Bracket,
    /// `${ ... }` or `%{ ... }` inside a template: code, up to its `}`.
    Interpolation,
    /// `"..."`.
    Quoted,
    /// A heredoc, up to the line that is its delimiter.
    Heredoc { delimiter: Range<usize> },
}

/// The most entries any one `{ ... }` of an HCL text can hold, found in one pass over its
/// tokens (comments, strings, heredocs and interpolations told apart, without recursion): the
/// `=` and `:` written directly in it, which every entry has one of (so this never counts
/// fewer). `None` when brackets and strings nest deeper than [`MAX_LEXICAL_DEPTH`].
fn widest_object(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut stack: Vec<Frame> = Vec::new();
    let mut widest = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = at(i);
        match stack.last_mut() {
            Some(Frame::Quoted) => match b {
                b'\\' => i += 1,
                b'$' | b'%' if at(i + 1) == b && at(i + 2) == b'{' => i += 2,
                b'$' | b'%' if at(i + 1) == b'{' => {
                    stack.push(Frame::Interpolation);
                    i += 1;
                }
                b'"' => {
                    stack.pop();
                }
                _ => {}
            },
            Some(Frame::Heredoc { delimiter }) => {
                let line_start = i == 0 || at(i - 1) == b'\n';
                let indent =
                    bytes.get(i..).unwrap_or_default().iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
                let word = bytes.get(delimiter.clone()).unwrap_or_default();
                let after = i + indent + word.len();
                if line_start
                    && bytes.get(i + indent..after) == Some(word)
                    && !(at(after).is_ascii_alphanumeric() || at(after) == b'_' || at(after) == b'-')
                {
                    stack.pop();
                    i = after;
                    continue;
                }
                match b {
                    b'$' | b'%' if at(i + 1) == b && at(i + 2) == b'{' => i += 2,
                    b'$' | b'%' if at(i + 1) == b'{' => {
                        stack.push(Frame::Interpolation);
                        i += 1;
                    }
                    _ => {}
                }
            }
            code => match b {
                b'#' => i = line_end(bytes, i),
                b'/' if at(i + 1) == b'/' => i = line_end(bytes, i),
                b'/' if at(i + 1) == b'*' => {
                    i = memchr::memmem::find(bytes.get(i + 2..).unwrap_or_default(), b"*/")
                        .map_or(bytes.len(), |j| i + 2 + j + 1);
                }
                b'=' | b':' => {
                    if let Some(Frame::Brace(n)) = code {
                        *n += 1;
                        widest = widest.max(*n);
                    }
                }
                b'}' => {
                    if matches!(code, Some(Frame::Brace(_) | Frame::Interpolation)) {
                        stack.pop();
                    }
                }
                b')' | b']' => {
                    if matches!(code, Some(Frame::Bracket)) {
                        stack.pop();
                    }
                }
                b'{' => stack.push(Frame::Brace(0)),
                b'(' | b'[' => stack.push(Frame::Bracket),
                b'"' => stack.push(Frame::Quoted),
                b'<' if at(i + 1) == b'<' => {
                    // `<<ID` or `<<-ID`, then the end of the line: a heredoc from the next line on.
                    let start = i + 2 + usize::from(at(i + 2) == b'-');
                    let len = bytes
                        .get(start..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
                        .count();
                    let end = start + len;
                    let newline = match (at(end), at(end + 1)) {
                        (b'\n', _) => Some(end + 1),
                        (b'\r', b'\n') => Some(end + 2),
                        _ => None,
                    };
                    if let (true, Some(next)) = (len > 0, newline) {
                        stack.push(Frame::Heredoc { delimiter: start..end });
                        i = next;
                        continue;
                    }
                }
                _ => {}
            },
        }
        if stack.len() > MAX_LEXICAL_DEPTH {
            return None;
        }
        i += 1;
    }
    Some(widest)
}

/// The offset of the end of the line `i` is on (of its `\n`, or of the text).
fn line_end(bytes: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', bytes.get(i..).unwrap_or_default()).map_or(bytes.len(), |j| i + j)
}

/// The credentials of a Terraform file's actions that a plain scan of its text cannot see: the
/// values of credential headers, which HCL assigns with `=` (`Authorization = "Bearer ..."`),
/// as ranges of `text` (through any escape of the value). A file that cannot be read has none
/// to show here; the plain scan still looks at it.
pub fn secrets(text: &str) -> Vec<Found> {
    let file = File { text, base: 0 };
    let Ok(actions) = actions(&file) else { return Vec::new() };
    let mut found = Vec::new();
    for (name, value) in actions.iter().flatten().flat_map(|a| &a.headers) {
        for f in crate::secrets::scan::header_value(&name.value, &value.value, 0) {
            let (Some(start), Some(end)) = (value.map.to_file(f.range.start), value.map.to_file(f.range.end)) else {
                continue;
            };
            if start < end && end <= text.len() {
                found.push(Found { range: start..end, kind: f.kind });
            }
        }
    }
    found
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
            Some(Expression::String(s)) => Integration::of(s.value()),
            _ => Integration::Unknown,
        };
        types.insert(name.as_str().to_owned(), kind);
    }
    types
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
        // A method Terraform fills in (`"${var.method}"`), or none, is not known here.
        let method = self
            .string(attr("request_type")?)
            .filter(|m| !m.value.is_empty() && m.value.bytes().all(|b| b.is_ascii_alphabetic()))?;
        let url = self.string(attr("request_url_template")?)?;
        let headers = match attr("headers") {
            Some(Expression::Object(object)) => {
                object.iter().filter_map(|(key, value)| Some((self.key(key)?, self.string(value.expr())?))).collect()
            }
            _ => Vec::new(),
        };
        let template = attr("request_template").map(|e| self.body(e));
        let inputs = block.body.get_attribute("contract_input").map(|a| self.inputs(&a.value)).unwrap_or_default();
        let name = match block.body.get_attribute("name").map(|a| &a.value) {
            Some(Expression::String(s)) => Some(s.value().clone()),
            _ => None,
        };
        let named = block.body.get_attribute("integration_id").and_then(|a| integration_ref(&a.value));
        // An integration of this file whose type is written says; otherwise the URL tells.
        let integration = match named.and_then(|n| integrations.get(n)).filter(|k| **k != Integration::Unknown) {
            Some(kind) => kind.clone(),
            // A relative `/api/v2/` path is only ever sent to the org's own API host.
            None if url.value.starts_with("/api/v2/") => Integration::Platform,
            None => Integration::Unknown,
        };
        Some(Action { name, integration, method, url, headers, template, inputs })
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
        // `jsonencode(var.body)`: a value only Terraform knows, whatever JSON it makes.
        if let Some(arg) = jsonencode(expr).filter(|arg| written(arg)) {
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
        properties.iter().filter_map(|(name, p)| Some((name.clone(), p.get("type")?.as_str()?.to_owned()))).collect()
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
                let j = i + raw
                    .get(i..)
                    .unwrap_or_default()
                    .chars()
                    .take(lines.indent)
                    .take_while(|&c| c != '\n' && c != '\r' && c.is_whitespace())
                    .map(char::len_utf8)
                    .sum::<usize>();
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

/// Whether an expression is a value written in the file (an object, an array, a literal), whose
/// JSON text is known, rather than a reference or a call.
fn written(expr: &Expression) -> bool {
    match expr {
        Expression::Parenthesis(p) => written(p.inner()),
        e => !matches!(
            e,
            Expression::Variable(_)
                | Expression::Traversal(_)
                | Expression::FuncCall(_)
                | Expression::Conditional(_)
                | Expression::ForExpr(_)
                | Expression::UnaryOp(_)
                | Expression::BinaryOp(_)
        ),
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
            let escaped: String = piece.chars().map(|c| json_escape(c).unwrap_or_else(|| c.to_string())).collect();
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

    /// A resource with one `config_request` holding `attrs`.
    fn resource(attrs: &str) -> String {
        format!(
            "resource \"genesyscloud_integration_action\" \"a\" {{\n  name = \"A\"\n  config_request {{\n{attrs}\n  }}\n}}\n"
        )
    }

    fn request(method: &str, url: &str, template: &str) -> String {
        resource(&format!(
            "    request_type = \"{method}\"\n    request_url_template = {url}\n    request_template = {template}"
        ))
    }

    #[test]
    fn dollar_escapes_keep_their_place() {
        let tf = request("POST", r#""/api/v2/conversations/$${input.id}/participants/$${input.pid}/replace""#, r#""""#);
        let a = one(&tf);
        assert_eq!(a.method.value, "POST");
        assert_eq!(a.url.value, "/api/v2/conversations/${input.id}/participants/${input.pid}/replace");
        maps(&tf, &a.url, 0, "/api/v2/conversations/$$");
        let dollar = a.url.value.find('$').unwrap();
        maps(&tf, &a.url, dollar, "$${input.id}");
        maps(&tf, &a.url, dollar + 1, "{input.id}");
        let replace = a.url.value.find("/replace").unwrap();
        maps(&tf, &a.url, replace, "/replace\"");
        assert_eq!(a.integration, Integration::Platform, "a relative /api/v2/ path goes to the org's API");
        assert_eq!(a.name.as_deref(), Some("A"));
    }

    #[test]
    fn backslash_escapes_keep_their_place() {
        let tf = request(
            "PATCH",
            r#""/api/v2/conversations/calls/c""#,
            r#""{\"wrapup\": {\"notes\": \"caf\u00e9 \\ %%{x} \U0001F600\n\"}, \"reason\": 1}""#,
        );
        let body = one(&tf).template.unwrap();
        assert_eq!(body.value, "{\"wrapup\": {\"notes\": \"caf\u{e9} \\ %{x} \u{1F600}\n\"}, \"reason\": 1}");
        let at = |needle: &str| body.value.find(needle).unwrap();
        maps(&tf, &body, 0, "{\\\"wrapup");
        maps(&tf, &body, at("\"wrapup"), "\\\"wrapup");
        maps(&tf, &body, at("\u{e9}"), "\\u00e9");
        maps(&tf, &body, at("\\ "), "\\\\ ");
        maps(&tf, &body, at("%{x}"), "%%{x}");
        maps(&tf, &body, at("{x}"), "{x}");
        maps(&tf, &body, at("\u{1F600}"), "\\U0001F600");
        maps(&tf, &body, at("\"reason"), "\\\"reason");
        maps(&tf, &body, at("1}"), "1}\"");
    }

    #[test]
    fn terraform_interpolations_are_placeholders() {
        let tf = request(
            "POST",
            r#""${var.base}/api/v2/conversations/${local.id}/participants/${lookup(var.m, "k")}/replace""#,
            r#""{\"queueId\": \"${var.queue}\"}""#,
        );
        let a = one(&tf);
        assert_eq!(a.url.value, "${var.base}/api/v2/conversations/${local.id}/participants/${terraform}/replace");
        maps(&tf, &a.url, 0, "${var.base}");
        let api = a.url.value.find("/api").unwrap();
        maps(&tf, &a.url, api, "/api/v2");
        let last = a.url.value.find("/replace").unwrap();
        maps(&tf, &a.url, last, "/replace");
        assert_eq!(a.integration, Integration::Unknown, "a host only Terraform knows");
        assert_eq!(a.template.unwrap().value, r#"{"queueId": "${var.queue}"}"#);
    }

    #[test]
    fn heredocs_strip_their_indent() {
        let tf = request(
            "PATCH",
            r#""/api/v2/conversations/calls/$${input.id}""#,
            "<<-EOT\n      {\n        \"state\": \"$${input.state}\",\n\n        \"x\": ${var.x}\n      }\n    EOT",
        );
        let body = one(&tf).template.unwrap();
        assert_eq!(body.value, "{\n  \"state\": \"${input.state}\",\n\n  \"x\": ${var.x}\n}\n");
        let at = |needle: &str| body.value.find(needle).unwrap();
        maps(&tf, &body, 0, "{\n        \"state");
        maps(&tf, &body, at("\"state"), "\"state\": \"$$");
        maps(&tf, &body, at("${input"), "$${input");
        maps(&tf, &body, at("\"x\""), "\"x\": ${var.x}");
        maps(&tf, &body, at("${var.x}"), "${var.x}");
        maps(&tf, &body, body.value.rfind("}\n").unwrap(), "}\n    EOT");

        let plain = request("PATCH", r#""/api/v2/conversations/calls/c""#, "<<EOT\n  {\"state\": \"connected\"}\nEOT");
        assert_eq!(one(&plain).template.unwrap().value, "  {\"state\": \"connected\"}\n", "<< keeps the indent");
    }

    #[test]
    fn jsonencode_writes_json_where_each_value_stands() {
        let tf = request(
            "PATCH",
            r#""/api/v2/conversations/calls/c/participants/p""#,
            "jsonencode({\n      wrapup = {\n        code = local.code\n        tags = [\"a\\\"b\", 2, true, null]\n        \"notes\": \"x${var.y}\"\n      }\n      held = false\n      n = 1.5e3\n      f = upper(\"x\")\n    })",
        );
        let body = one(&tf).template.unwrap();
        let v: serde_json::Value = serde_json::from_str(&body.value).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"wrapup": {"code": "${local.code}", "tags": ["a\"b", 2, true, null], "notes": "x${var.y}"},
                "held": false, "n": 1.5e3, "f": "${terraform}"})
        );
        let at = |needle: &str| body.value.find(needle).unwrap();
        maps(&tf, &body, at("\"wrapup\""), "wrapup =");
        maps(&tf, &body, at("wrapup\""), "wrapup =");
        maps(&tf, &body, at("\"${local.code}\""), "local.code");
        maps(&tf, &body, at("a\\\"b"), "a\\\"b");
        maps(&tf, &body, at("\\\"b"), "\\\"b");
        maps(&tf, &body, at("\"notes\""), "\"notes\":");
        maps(&tf, &body, at("${var.y}"), "${var.y}");
        maps(&tf, &body, at("\"held\""), "held = false");
        maps(&tf, &body, at("false"), "false\n");
        maps(&tf, &body, at("1.5e3"), "1.5e3");
        maps(&tf, &body, at("\"${terraform}\""), "upper(");
    }

    #[test]
    fn files_and_variables_are_bodies_of_unknown_content() {
        for (template, start) in [
            ("templatefile(\"${path.module}/body.json\", {})", "templatefile("),
            ("file(\"/etc/passwd\")", "file("),
            ("var.body", "var.body"),
            ("jsonencode(var.body)", "jsonencode("),
            ("jsonencode((local.body))", "jsonencode("),
        ] {
            let tf = request("POST", r#""/api/v2/conversations/calls""#, template);
            let body = one(&tf).template.unwrap();
            assert_eq!(body.value, UNKNOWN_BODY, "{template}");
            maps(&tf, &body, 0, start);
        }
        let none = resource("    request_type = \"GET\"\n    request_url_template = \"/api/v2/conversations\"");
        assert!(one(&none).template.is_none());
    }

    #[test]
    fn headers_and_inputs_are_read() {
        let tf = format!(
            "{}\n{}",
            "resource \"genesyscloud_integration_action\" \"a\" {\n  contract_input = jsonencode({\n    type = \"object\"\n    properties = {\n      n = { type = \"number\" }\n      \"s\" = { \"type\" = \"string\" }\n      t = { type = [\"string\", \"null\"] }\n    }\n  })\n",
            "  config_request {\n    request_type = \"GET\"\n    request_url_template = \"/api/v2/conversations\"\n    headers = {\n      Content-Type = \"application/json\"\n      \"Authorization\" = \"Bearer abc\\u0031\"\n      (var.k) = \"skipped\"\n    }\n  }\n}\n"
        );
        let a = one(&tf);
        let headers: Vec<(&str, &str)> = a.headers.iter().map(|(k, v)| (k.value.as_str(), v.value.as_str())).collect();
        assert_eq!(headers, [("Content-Type", "application/json"), ("Authorization", "Bearer abc1")]);
        maps(&tf, &a.headers[0].0, 0, "Content-Type =");
        maps(&tf, &a.headers[1].1, 0, "Bearer abc");
        maps(&tf, &a.headers[1].1, "Bearer abc".len(), "\\u0031");
        assert_eq!(a.inputs.get("n").map(String::as_str), Some("number"));
        assert_eq!(a.inputs.get("s").map(String::as_str), Some("string"));
        assert_eq!(a.inputs.len(), 2, "a type that is not one string says nothing: {:?}", a.inputs);

        let heredoc = resource(
            "    request_type = \"GET\"\n    request_url_template = \"/api/v2/conversations\"\n  }\n  contract_input = <<EOF\n{\"properties\": {\"id\": {\"type\": \"integer\"}}}\nEOF\n  config_response {",
        );
        assert_eq!(one(&heredoc).inputs.get("id").map(String::as_str), Some("integer"));
    }

    #[test]
    fn the_integration_is_read_from_the_same_file() {
        let tf = |kind: &str, reference: &str| {
            format!(
                "resource \"genesyscloud_integration\" \"web\" {{\n  integration_type = \"{kind}\"\n}}\n{}",
                resource(&format!(
                    "    request_type = \"GET\"\n    request_url_template = \"/api/v2/users/me\"\n  }}\n  integration_id = {reference}\n  config_response {{"
                ))
            )
        };
        assert_eq!(
            one(&tf("custom-rest-actions", "genesyscloud_integration.web.id")).integration,
            Integration::CustomRest
        );
        assert_eq!(
            one(&tf("function-data-actions", "\"${genesyscloud_integration.web.id}\"")).integration,
            Integration::Function
        );
        assert_eq!(
            one(&tf("purecloud-data-actions", "genesyscloud_integration.web.id")).integration,
            Integration::Platform
        );
        // Another integration, one whose type is not written, or one named by a variable: the
        // URL tells.
        assert_eq!(one(&tf("${var.kind}", "genesyscloud_integration.web.id")).integration, Integration::Platform);
        assert_eq!(
            one(&tf("custom-rest-actions", "genesyscloud_integration.other.id")).integration,
            Integration::Platform
        );
        assert_eq!(one(&tf("custom-rest-actions", "var.integration_id")).integration, Integration::Platform);
        let full = request("GET", "\"https://example.com/api/v2/users\"", "\"\"");
        assert_eq!(one(&full).integration, Integration::Unknown);
    }

    #[test]
    fn template_directives_take_their_first_branch() {
        let tf = request(
            "PATCH",
            r#""/api/v2/conversations/calls/c""#,
            r#""{\"state\": \"%{ if var.hang_up }disconnected%{ else }connected%{ endif }\"%{ for k in var.ks }, \"${k}\": 1%{ endfor }}""#,
        );
        assert_eq!(one(&tf).template.unwrap().value, r#"{"state": "disconnected", "${k}": 1}"#);
    }

    #[test]
    fn other_blocks_are_not_requests() {
        let tf = "resource \"genesyscloud_routing_queue\" \"q\" {\n  name = \"genesyscloud_integration_action\"\n}\n\
                  data \"genesyscloud_integration_action\" \"d\" {\n  name = \"x\"\n}\n\
                  module \"genesyscloud_integration_action\" {\n  source = \"./m\"\n}\n";
        assert!(parse(tf).is_empty());
        let c = read(tf, 0).unwrap();
        assert_eq!((c.requests, c.exchanges.len(), c.problems.len()), (0, 0, 0));
    }

    #[test]
    fn an_action_without_a_written_method_is_counted_but_not_checked() {
        for method in ["var.method", "\"${var.method}\"", "\"\""] {
            let tf = resource(&format!(
                "    request_type = {method}\n    request_url_template = \"/api/v2/conversations/calls/c\""
            ));
            let c = read(&tf, 0).unwrap();
            assert_eq!((c.requests, c.exchanges.len()), (1, 0), "{method}");
        }
    }

    #[test]
    fn broken_hcl_is_one_problem_and_only_for_an_action_file() {
        let tf = "resource \"genesyscloud_integration_action\" \"a\" {\n  name = \"A\n}\n";
        let Err(e) = read(tf, 3) else { panic!("broken HCL read") };
        assert!(e.message.starts_with("not valid HCL"), "{}", e.message);
        let at = e.offset.unwrap() - 3;
        // The parser points at the block it could not read.
        assert!(at >= tf.find('{').unwrap() && at <= tf.len(), "{at}");
        // A broken file that holds no action is nothing gclint reads.
        assert_eq!(read("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\n", 0).unwrap().requests, 0);
    }

    #[test]
    fn deep_nesting_is_refused_or_read_without_overflow() {
        for depth in [10, 60, 63, 64, 65, 200, 100_000] {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let tf = request("POST", "\"/api/v2/conversations/calls\"", &format!("jsonencode({deep})"));
            if let Ok(c) = read(&tf, 0) {
                assert_eq!(c.requests, 1);
            }
            let nested = format!("\"{}x{}\"", "%{ if true }".repeat(depth), "%{ endif }".repeat(depth));
            let _ = read(&request("POST", "\"/api/v2/conversations/calls\"", &nested), 0);
            let parens = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
            let _ = read(&request("POST", "\"/api/v2/conversations/calls\"", &format!("jsonencode({parens})")), 0);
        }
    }

    #[test]
    fn a_bearer_token_in_a_header_is_a_secret() {
        let tf = resource(
            "    request_type = \"GET\"\n    request_url_template = \"/api/v2/conversations\"\n    headers = {\n      Authorization = \"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\"\n    }",
        );
        let c = read(&tf, 0).unwrap();
        assert_eq!(c.secrets.count(), 1);
        assert_eq!(c.secrets.first, Some(tf.find("\"Bearer").unwrap() + 1));
        let placeholder = tf.replace("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "${var.token}");
        assert_eq!(read(&placeholder, 0).unwrap().secrets.count(), 0);
    }

    #[test]
    fn secrets_are_found_where_they_stand_through_escapes() {
        let tf = resource(
            "    request_type = \"GET\"\n    request_url_template = \"/api/v2/conversations\"\n    headers = {\n      \"Authorization\" = \"Bearer abc\\u0031def\"\n      X-Api-Key = \"${var.key}\"\n      Accept = \"application/json\"\n    }",
        );
        let found = secrets(&tf);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&tf[found[0].range.clone()], "abc\\u0031def");
        assert!(secrets("resource \"genesyscloud_integration_action\" \"a\" {").is_empty());
    }

    #[test]
    fn the_widest_object_is_counted_before_parsing() {
        let cases = [
            ("a = { x = 1, y = 2 }\nb = { z = 3 }", 2),
            // Strings, comments and heredocs hold no entries of the code around them.
            ("a = { x = \"= : {\\\" = =\", y = \"${ {p = 1, q = 2, r = 3} }\" }", 3),
            ("a = { # = = =\n x = 1 // = = =\n /* = = = */ }", 1),
            ("a = { x = <<-EOT\n  = = = {\n  EOTX = =\n  EOT\n  y = 2 }", 2),
            // `$${` is no interpolation, `${` is (its braces are code).
            ("a = { x = \"$${ = = = }\" }", 1),
            ("a = { x = [for k, v in m : v], y = 1 }", 2),
            // A heredoc marker not followed by a line end is no heredoc.
            ("a = { x = 1 <<EOT y = 2 }", 2),
        ];
        for (text, widest) in cases {
            assert_eq!(widest_object(text), Some(widest), "{text}");
        }
        assert_eq!(widest_object(&"(".repeat(MAX_LEXICAL_DEPTH + 1)), None);
        assert_eq!(widest_object(&"\"${".repeat(200)), None);
    }

    #[test]
    fn an_object_too_wide_to_parse_quickly_is_refused() {
        let entries = |n: usize| (0..n).map(|i| format!("k{i} = {i}")).collect::<Vec<_>>().join(", ");
        let tf = |n| request("POST", "\"/api/v2/conversations/calls\"", &format!("jsonencode({{{}}})", entries(n)));
        assert_eq!(read(&tf(MAX_OBJECT_ENTRIES), 0).unwrap().requests, 1);
        let started = std::time::Instant::now();
        let Err(e) = read(&tf(100_000), 0) else { panic!("a wide object read") };
        assert!(e.message.contains("more than 1024 entries"), "{}", e.message);
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
