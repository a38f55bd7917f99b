//! The rules. Each rule is one file holding its name, default severity, its documentation (printed
//! by `gclint explain`) and its check. [`check_exchange`] runs them over one request.

mod conflicting_actions;
mod deprecated_endpoint;
mod enum_case;
mod invalid_input;
mod invalid_json;
mod method_not_allowed;
mod missing_write_scope;
mod participant_not_in_conversation;
mod put_method;
mod removed_endpoint;
mod request_failed;
mod root_endpoint_patch;
mod schema_violation;
mod secret_in_capture;
mod unknown_endpoint;
mod unknown_field;
mod unknown_host;
mod unknown_scope;
mod unmatched_payload;
mod validate;

use std::cell::OnceCell;
use std::ops::Range;

use serde_json::Value;

use crate::capture::{CaptureState, Given};
use crate::catalog::{Catalog, Operation, Resolution};
use crate::diagnostic::{Diagnostic, Label, Related, Severity, Snippet};
use crate::exchange::{Endpoint, Exchange};
use crate::source::Source;

pub use invalid_input::RULE as INVALID_INPUT;
pub use invalid_json::RULE as INVALID_JSON;
pub use secret_in_capture::RULE as SECRET_IN_CAPTURE;
pub use unknown_scope::check_given as check_given_scopes;
pub use unmatched_payload::RULE as UNMATCHED_PAYLOAD;

/// A rule's identity and documentation. `name` is stable: configuration and suppressions use it.
#[derive(Debug)]
pub struct Rule {
    pub name: &'static str,
    /// A short stable code (`GC104`), for tools that want one.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// What it catches, why it matters, a wrong and a right example, the fix.
    pub explanation: &'static str,
}

/// Every rule, in the order `gclint rules` lists them.
pub static ALL: &[&Rule] = &[
    &unknown_endpoint::RULE,
    &method_not_allowed::RULE,
    &put_method::RULE,
    &root_endpoint_patch::RULE,
    &deprecated_endpoint::RULE,
    &removed_endpoint::RULE,
    &schema_violation::RULE,
    &unknown_field::RULE,
    &enum_case::RULE,
    &invalid_json::RULE,
    &invalid_input::RULE,
    &unmatched_payload::RULE,
    &conflicting_actions::RULE,
    &missing_write_scope::RULE,
    &unknown_scope::RULE,
    &participant_not_in_conversation::RULE,
    &request_failed::RULE,
    &unknown_host::RULE,
    &secret_in_capture::RULE,
];

pub fn by_name(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// Runs every rule over one request and returns the findings in source order. `state` is what
/// the capture showed before this request; it is updated with what this request did.
pub fn check_exchange(src: &Source, ex: &Exchange, state: &mut CaptureState, given: &Given) -> Vec<Diagnostic> {
    // CORS preflights are sent by browsers, not by the code under review.
    if ex.method.eq_ignore_ascii_case("OPTIONS") {
        return Vec::new();
    }
    let mut ctx = Ctx::new(src, ex);
    invalid_json::check(&mut ctx);
    unknown_endpoint::check(&mut ctx);
    method_not_allowed::check(&mut ctx);
    put_method::check(&mut ctx);
    deprecated_endpoint::check(&mut ctx);
    removed_endpoint::check(&mut ctx);
    root_endpoint_patch::check(&mut ctx);
    validate::check(&mut ctx);
    unknown_host::check(&mut ctx);
    conflicting_actions::check(&mut ctx, state);
    missing_write_scope::check(&mut ctx, state, given);
    unknown_scope::check(&mut ctx);
    participant_not_in_conversation::check(&mut ctx, state);
    // Last: it is an error only when nothing above explains the failure.
    request_failed::check(&mut ctx);
    state.observe(&ctx);
    let mut out = ctx.diagnostics;
    out.sort_by_key(|d| d.offset);
    out
}

/// A path segment of the request URL: its percent-decoded text and its bytes in the URL.
pub struct Segment {
    pub text: String,
    pub range: Range<usize>,
}

/// Where in the request a finding points.
pub enum Place<'p> {
    /// A byte range of the URL.
    Url(Range<usize>),
    /// The HTTP method.
    Method,
    /// The member of the body at a JSON pointer: its key and value.
    Member(&'p str),
    /// The value at a JSON pointer.
    Value(&'p str),
    /// The key of the member at a JSON pointer.
    Key(&'p str),
    /// A byte range of the body text.
    BodyRange(Range<usize>),
    /// The member at a JSON pointer of the recorded response body.
    Response(&'p str),
}

/// Everything a finding may carry; [`Ctx::report`] covers the common case.
pub struct Finding<'p> {
    pub rule: &'static Rule,
    pub message: String,
    pub place: Place<'p>,
    pub label: Option<String>,
    /// More labelled places in the same text as `place`.
    pub also: Vec<(Place<'p>, String)>,
    pub help: Option<String>,
    /// A severity other than the rule's default.
    pub severity: Option<Severity>,
    /// Places elsewhere (an earlier request) that the finding is about too.
    pub related: Vec<Related>,
}

impl<'p> Finding<'p> {
    pub fn new(rule: &'static Rule, message: String, place: Place<'p>) -> Self {
        Finding { rule, message, place, label: None, also: Vec::new(), help: None, severity: None, related: Vec::new() }
    }
}

/// What the rules see of one request.
pub struct Ctx<'a> {
    pub src: &'a Source,
    pub ex: &'a Exchange,
    pub catalog: &'static Catalog,
    pub segments: Vec<Segment>,
    pub resolution: Resolution<'static>,
    /// The parsed body, when there is a body that is (or claims to be) JSON.
    pub json: Option<Result<Value, serde_json::Error>>,
    ast: OnceCell<Option<jsonc_parser::ast::Value<'a>>>,
    diagnostics: Vec<Diagnostic>,
    /// Body pointers a rule has explained; schema findings at or under them are not repeated.
    claimed: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn new(src: &'a Source, ex: &'a Exchange) -> Self {
        let catalog = Catalog::get();
        let path = ex.path.clone();
        let mut segments = Vec::new();
        let mut at = path.start;
        let raw = &ex.url.value[path.clone()];
        let raw = raw.strip_suffix('/').unwrap_or(raw);
        for (i, seg) in raw.split('/').enumerate() {
            if i > 0 {
                let text = percent_encoding::percent_decode_str(seg).decode_utf8_lossy().into_owned();
                segments.push(Segment { text, range: at..at + seg.len() });
            }
            at += seg.len() + 1;
        }
        let resolution = {
            let segs: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
            // HEAD is answered wherever GET is.
            let method = if ex.method.eq_ignore_ascii_case("HEAD") { "GET" } else { ex.method.as_str() };
            catalog.resolve(method, &segs)
        };
        let json = ex.body.as_ref().filter(|b| b.looks_json()).map(|b| serde_json::from_str::<Value>(&b.text.value));
        Ctx {
            src,
            ex,
            catalog,
            segments,
            resolution,
            json,
            ast: OnceCell::new(),
            diagnostics: Vec::new(),
            claimed: Vec::new(),
        }
    }

    pub fn method(&self) -> &str {
        &self.ex.method
    }

    pub fn segment_texts(&self) -> Vec<&str> {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// The parsed JSON body, if it parsed.
    pub fn body(&self) -> Option<&Value> {
        self.json.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// The operation whose body model the body is checked against: the resolved operation, or
    /// for a PUT on a resource that only has PATCH, the PATCH (the intent is clear).
    pub fn body_operation(&self) -> Option<&'static Operation> {
        match &self.resolution {
            Resolution::Operation(op) => Some(op),
            Resolution::WrongMethod(ops) if self.method().eq_ignore_ascii_case("PUT") => {
                ops.iter().copied().find(|o| o.method == "PATCH")
            }
            _ => None,
        }
    }

    /// The operation the request resolved to, when it has `status` and the endpoint was not
    /// guessed (a guessed endpoint has no status of its own).
    pub fn operation_with_status(&self, status: crate::catalog::Status) -> Option<&'static Operation> {
        match &self.resolution {
            Resolution::Operation(op) if op.status == status && self.ex.endpoint != Endpoint::Inferred => Some(op),
            _ => None,
        }
    }

    /// Marks a body member as explained by a rule, so schema findings under it are not repeated.
    pub fn claim(&mut self, pointer: &str) {
        self.claimed.push(pointer.to_owned());
    }

    pub fn is_claimed(&self, pointer: &str) -> bool {
        self.claimed.iter().any(|c| pointer == c || pointer.starts_with(&format!("{c}/")))
    }

    /// Byte spans (in the body text) of the key and the value of the member at `pointer`.
    pub fn locate(&self, pointer: &str) -> Option<(Option<Range<usize>>, Range<usize>)> {
        let text = &self.ex.body.as_ref()?.text.value;
        let root = self.ast.get_or_init(|| parse_ast(text)).as_ref()?;
        walk_pointer(root, pointer)
    }

    /// The span of a place in the text it belongs to (request line, body or response body).
    fn span_of(&self, place: &Place) -> Option<Range<usize>> {
        let member = |(k, v): (Option<Range<usize>>, Range<usize>)| k.map_or(v.clone(), |k| k.start..v.end);
        let prefix = self.ex.method.len() + 1;
        match place {
            Place::Url(r) => Some(r.start + prefix..r.end + prefix),
            Place::Method => Some(0..self.ex.method.len()),
            Place::Value(p) => self.locate(p).map(|(_, v)| v),
            Place::Key(p) => self.locate(p).map(|(k, v)| k.unwrap_or(v)),
            Place::Member(p) => self.locate(p).map(member),
            Place::BodyRange(r) => Some(r.clone()),
            Place::Response(p) => {
                let text = &self.ex.response.as_ref()?.body.as_ref()?.value;
                locate_in(text, p).map(member)
            }
        }
    }

    /// Reports a finding of `rule` at `place`, with an optional label on the span and help.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        message: String,
        place: Place,
        label: Option<String>,
        help: Option<String>,
    ) {
        self.emit(Finding { label, help, ..Finding::new(rule, message, place) });
    }

    /// Reports a finding with everything it may carry (more labels, a severity of its own,
    /// related places).
    pub fn emit(&mut self, finding: Finding) {
        let diagnostic = self.build(finding);
        self.diagnostics.push(diagnostic);
    }

    /// Whether a rule has already reported something on this request.
    pub fn has_findings(&self) -> bool {
        !self.diagnostics.is_empty()
    }

    /// The snippet of this request's line, with one label: for showing it as a related place of
    /// a finding on a later request.
    pub fn request_snippet(&self, label: String) -> (Option<usize>, Snippet) {
        let entry = self.ex.entry.map(|e| format!(" · entry {e}")).unwrap_or_default();
        let file_offset = self.ex.url.map.to_file(self.ex.path.start);
        let title = self.title(file_offset, &entry, "request");
        let text = format!("{} {}", self.ex.method, crate::redact::url(&self.ex.url.value));
        let span = self.span_of(&Place::Url(self.ex.path.clone())).unwrap_or(0..0);
        (file_offset, Snippet::new(title, &text, vec![Label { span, text: Some(label) }]))
    }

    fn build(&self, f: Finding) -> Diagnostic {
        let ex = self.ex;
        let place = &f.place;
        let pointer = match place {
            Place::Member(p) | Place::Value(p) | Place::Key(p) => Some((*p).to_owned()),
            Place::BodyRange(_) => Some(String::new()),
            _ => None,
        };
        let entry = ex.entry.map(|e| format!(" · entry {e}")).unwrap_or_default();
        let span = self.span_of(place).unwrap_or(0..0);
        let (text, map, what): (String, Option<&crate::text::OffsetMap>, String) = match place {
            Place::Url(_) | Place::Method => {
                let what = match ex.endpoint {
                    Endpoint::Recorded => "request",
                    Endpoint::Flag => "--endpoint",
                    Endpoint::Inferred => "assumed endpoint",
                };
                (format!("{} {}", ex.method, crate::redact::url(&ex.url.value)), None, what.to_owned())
            }
            Place::Response(_) => {
                let body = ex.response.as_ref().and_then(|r| r.body.as_ref());
                let status = ex.response.as_ref().and_then(|r| r.status).map(|s| format!(" {s}")).unwrap_or_default();
                (
                    body.map_or(String::new(), |b| b.value.clone()),
                    body.map(|b| &b.map),
                    format!("response{status} body"),
                )
            }
            _ => {
                let body = ex.body.as_ref();
                let what = match body.and_then(|b| b.transformed) {
                    Some(how) => format!("request body (decoded from {how})"),
                    None if ex.entry.is_some() => "request body".to_owned(),
                    None => String::new(),
                };
                (body.map_or(String::new(), |b| b.text.value.clone()), body.map(|b| &b.text.map), what)
            }
        };
        let file_offset = match place {
            // The request line is shown as `METHOD URL`: map the URL part back.
            Place::Url(r) => ex.url.map.to_file(r.start),
            Place::Method => ex.url.map.to_file(0),
            _ => map.and_then(|m| m.to_file(span.start)),
        };
        let title = self.title(file_offset, &entry, &what);
        let mut labels = vec![Label { span, text: f.label }];
        for (p, l) in &f.also {
            if let Some(span) = self.span_of(p) {
                labels.push(Label { span, text: Some(l.clone()) });
            }
        }
        let snippet = Snippet::new(title, &text, labels);
        let (line, column) = match file_offset {
            Some(o) => {
                let (l, c) = self.src.position(o);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let help = match (&ex.endpoint, self.body_operation()) {
            (Endpoint::Inferred, Some(op)) => Some(format!(
                "{}\n(checked as the body of `{}`, guessed from its fields; pass --endpoint to choose)",
                f.help.unwrap_or_default(),
                op.signature()
            )),
            _ => f.help,
        };
        Diagnostic {
            rule: f.rule,
            severity: f.severity.unwrap_or(f.rule.severity),
            message: f.message,
            path: self.src.name.clone(),
            line,
            column,
            entry: ex.entry,
            pointer,
            request: Some(format!("{} {}", ex.method, crate::redact::url(&ex.url.value))),
            fingerprint: String::new(),
            help,
            snippet: Some(snippet),
            related: f.related,
            offset: file_offset.unwrap_or(0),
        }
    }

    fn title(&self, file_offset: Option<usize>, entry: &str, what: &str) -> String {
        let at = match file_offset {
            Some(o) => {
                let (l, c) = self.src.position(o);
                format!("{}:{l}:{c}", self.src.name)
            }
            None => self.src.name.clone(),
        };
        let what = if what.is_empty() { String::new() } else { format!(" · {what}") };
        format!("{at}{entry}{what}")
    }
}

fn parse_ast(text: &str) -> Option<jsonc_parser::ast::Value<'_>> {
    jsonc_parser::parse_to_ast(text, &Default::default(), &jsonc_parser::ParseOptions::default())
        .ok()
        .and_then(|r| r.value)
}

/// Spans of the key and value of the member at `pointer` in a JSON text.
pub fn locate_in(text: &str, pointer: &str) -> Option<(Option<Range<usize>>, Range<usize>)> {
    walk_pointer(&parse_ast(text)?, pointer)
}

fn walk_pointer(root: &jsonc_parser::ast::Value, pointer: &str) -> Option<(Option<Range<usize>>, Range<usize>)> {
    use jsonc_parser::ast;
    use jsonc_parser::common::Ranged;
    let mut key = None;
    let mut at = root;
    for token in crate::catalog::schemas::pointer_tokens(pointer) {
        match at {
            ast::Value::Object(obj) => {
                let prop = obj.properties.iter().rev().find(|p| p.name.as_str() == token)?;
                key = Some(prop.name.range().start..prop.name.range().end);
                at = &prop.value;
            }
            ast::Value::Array(arr) => {
                at = arr.elements.get(token.parse::<usize>().ok()?)?;
                key = None;
            }
            _ => return None,
        }
    }
    Some((key, at.range().start..at.range().end))
}

/// A diagnostic about a whole file (unreadable input, unmatched payload), at a file offset.
pub fn file_diagnostic(
    src: &Source,
    rule: &'static Rule,
    message: String,
    offset: Option<usize>,
    line_col: Option<(usize, usize)>,
    help: Option<String>,
) -> Diagnostic {
    let at = match (line_col, offset) {
        (Some(lc), _) => lc,
        (None, Some(o)) => src.position(o),
        (None, None) => (1, 1),
    };
    let mut d = Diagnostic::about_file(rule, src.name.clone(), message, Some(at));
    d.help = help;
    d.offset = offset.unwrap_or(0);
    d
}

/// Quotes a JSON value compactly for a message.
pub fn show(v: &Value) -> String {
    crate::text::ellipsize(&v.to_string(), 60).into_owned()
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.84)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
