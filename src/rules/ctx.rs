//! What a rule's check sees of one request ([`Ctx`]): the request and its file, the path's
//! segments, what the catalogue resolved it to, the parsed body and answer; and how a check says
//! what it found ([`Finding`], at a [`Place`]). Laying a finding out for a report (its snippet,
//! title and position) is the diagnostic layer's work, not the rules'.

use std::cell::OnceCell;
use std::ops::Range;

use serde_json::Value;

use crate::catalog::{Catalog, Operation, Resolution};
use crate::diagnostic::{Diagnostic, Label, Located, Related, Rule, Severity, Snippet, TextOf};
use crate::exchange::{Endpoint, Exchange};
use crate::intent::{self, Meant, Reading};
use crate::source::Source;
use crate::suggest::request::{Change, Edit, SuggestedRequest, Suggestion};

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
    /// A byte range of the request's comment (see `Exchange::comment`).
    Comment(Range<usize>),
    /// A byte range of the OAuth scopes its auth asks for (see `Exchange::granted`).
    Granted(Range<usize>),
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
    /// What to send instead.
    pub suggestion: Option<Suggestion>,
    /// Body members (JSON pointers) the finding explains: findings of the rules its rule
    /// supersedes (see `rules::rule::Relation`) at or under them are not shown.
    pub covers: Vec<String>,
}

impl<'p> Finding<'p> {
    pub fn new(rule: &'static Rule, message: String, place: Place<'p>) -> Self {
        Finding {
            rule,
            message,
            place,
            label: None,
            also: Vec::new(),
            help: None,
            severity: None,
            related: Vec::new(),
            suggestion: None,
            covers: Vec::new(),
        }
    }
}

/// A finding a check made, with the body members it explains (see [`Finding::covers`]).
pub struct Found {
    pub diagnostic: Diagnostic,
    pub covers: Vec<String>,
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
    /// The recorded response body as JSON, parsed on first use.
    response: OnceCell<Option<Value>>,
    found: Vec<Found>,
}

/// What the checks of one request alone worked out, without the request itself: kept while the
/// request waits for the checks in order (see [`Ctx::into_parts`]).
pub struct Parts {
    segments: Vec<Segment>,
    resolution: Resolution<'static>,
    json: Option<Result<Value, serde_json::Error>>,
    response: OnceCell<Option<Value>>,
    found: Vec<Found>,
}

impl<'a> Ctx<'a> {
    /// Keeps what was worked out, letting go of the request and source (so that it can wait
    /// while the next requests are read).
    pub fn into_parts(self) -> Parts {
        let Ctx { segments, resolution, json, response, found, .. } = self;
        Parts { segments, resolution, json, response, found }
    }

    /// The context of `ex` again, from what [`Ctx::into_parts`] kept.
    pub fn from_parts(src: &'a Source, ex: &'a Exchange, parts: Parts) -> Self {
        let Parts { segments, resolution, json, response, found } = parts;
        Ctx { src, ex, catalog: Catalog::get(), segments, resolution, json, ast: OnceCell::new(), response, found }
    }

    /// The context of a request: its path split and resolved, its body parsed.
    pub fn new(src: &'a Source, ex: &'a Exchange) -> Self {
        let catalog = Catalog::get();
        let path = ex.path.clone();
        let mut segments = Vec::new();
        let mut at = path.start;
        let raw = &ex.url.value[path.clone()];
        let raw = raw.strip_suffix('/').unwrap_or(raw);
        for (i, seg) in raw.split('/').enumerate() {
            if i > 0 {
                let text = if seg.contains('%') {
                    percent_encoding::percent_decode_str(seg).decode_utf8_lossy().into_owned()
                } else {
                    seg.to_owned()
                };
                segments.push(Segment { text, range: at..at + seg.len() });
            }
            at += seg.len() + 1;
        }
        // HEAD is answered wherever GET is.
        let method = if ex.method.eq_ignore_ascii_case("HEAD") { "GET" } else { ex.method.as_str() };
        let resolution = resolve(catalog, method, raw, &segments);
        let json = ex.body.as_ref().filter(|b| b.looks_json()).map(|b| serde_json::from_str::<Value>(&b.text.value));
        Ctx {
            src,
            ex,
            catalog,
            segments,
            resolution,
            json,
            ast: OnceCell::new(),
            response: OnceCell::new(),
            found: Vec::new(),
        }
    }

    pub fn method(&self) -> &str {
        &self.ex.method
    }

    pub fn segment_texts(&self) -> Vec<&str> {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// The recorded response body as JSON, for 2xx answers and errors alike.
    pub fn response_json(&self) -> Option<&Value> {
        self.response
            .get_or_init(|| {
                let text = &self.ex.response.as_ref()?.body.as_ref()?.value;
                serde_json::from_str(text).ok()
            })
            .as_ref()
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

    /// Byte spans (in the body text) of the key and the value of the member at `pointer`.
    pub fn locate(&self, pointer: &str) -> Option<(Option<Range<usize>>, Range<usize>)> {
        let text = &self.ex.body.as_ref()?.text.value;
        let root = self.ast.get_or_init(|| parse_ast(text)).as_ref()?;
        walk_pointer(root, pointer)
    }

    /// What the file holds where the body has a number or boolean the reader put in for
    /// something else (a Data Action's `${input.count}`, an input the contract types `number`,
    /// is checked as a literal of that type): the text as written, when it is not the value's.
    /// Such a value says only its type; what it is, the user did not write.
    pub fn stand_in(&self, pointer: &str) -> Option<String> {
        let body = self.ex.body.as_ref()?;
        // Only a decoded body tells a value from its place; numbers and booleans are written
        // the same in every JSON text, so any difference is a stand-in.
        if !matches!(body.text.map, crate::text::OffsetMap::Escaped { .. }) {
            return None;
        }
        let (_, span) = self.locate(pointer)?;
        let value = body.text.value.get(span.clone())?;
        if !value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | 't' | 'f')) {
            return None;
        }
        let (start, end) = (body.text.map.to_file(span.start)?, body.text.map.to_file(span.end)?);
        let written = self.src.bytes.get(start..end)?;
        // Python writes `True` and `False`: the same literals in another case, no stand-ins.
        (!written.eq_ignore_ascii_case(value.as_bytes())).then(|| String::from_utf8_lossy(written).into_owned())
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
            Place::BodyRange(r) | Place::Comment(r) | Place::Granted(r) => Some(r.clone()),
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
    /// related places, the body members it explains).
    pub fn emit(&mut self, f: Finding) {
        let pointer = match &f.place {
            Place::Member(p) | Place::Value(p) | Place::Key(p) => Some((*p).to_owned()),
            Place::BodyRange(_) => Some(String::new()),
            _ => None,
        };
        let text = match &f.place {
            Place::Url(r) => TextOf::Url(r.clone()),
            Place::Method => TextOf::Method,
            Place::Response(_) => TextOf::Response,
            Place::Comment(_) => TextOf::Comment,
            Place::Granted(_) => TextOf::Granted,
            _ => TextOf::Body,
        };
        let mut labels = vec![Label { span: self.span_of(&f.place).unwrap_or(0..0), text: f.label }];
        for (p, l) in &f.also {
            if let Some(span) = self.span_of(p) {
                labels.push(Label { span, text: Some(l.clone()) });
            }
        }
        let guessed = match (&self.ex.endpoint, self.body_operation()) {
            (Endpoint::Inferred, Some(op)) => Some(op.signature()),
            _ => None,
        };
        let rule = f.rule;
        let located = Located {
            rule,
            severity: f.severity.unwrap_or(rule.severity),
            message: f.message,
            text,
            labels,
            pointer,
            help: f.help,
            guessed,
            related: f.related,
            suggestion: f.suggestion,
        };
        let diagnostic = Diagnostic::on_request(self.src, self.ex, located);
        self.found.push(Found { diagnostic, covers: f.covers });
    }

    /// What the checks found so far, taken out of the context.
    pub fn take_found(&mut self) -> Vec<Found> {
        std::mem::take(&mut self.found)
    }

    /// Where a suggested request goes: `https://` and the API host of the environment the
    /// recorded host belongs to (`https://api.mypurecloud.ie`, for `api.mypurecloud.ie` and for a
    /// wrong host of it such as `apps.mypurecloud.ie` alike); empty otherwise, and for payload
    /// files. A suggested request carries the user's own token, so it never goes to a host a
    /// capture names (a mock, a proxy, or one an attacker chose), nor over plain HTTP: those
    /// are suggested as a path, for the user's own region.
    pub fn origin(&self) -> String {
        if self.ex.endpoint != Endpoint::Recorded {
            return String::new();
        }
        match self.ex.host.as_deref().and_then(crate::catalog::hosts::environment_of) {
            Some((_, env)) => format!("https://{}", crate::catalog::hosts::api_host(env)),
            None => String::new(),
        }
    }

    /// A request to the concrete `path` on this request's host, with its operation (for the SDK
    /// method names) when the catalogue has one.
    pub fn request_to(&self, method: &str, path: &str, body: Option<Value>) -> SuggestedRequest {
        self.request_at(&self.origin(), method, path, body)
    }

    /// A request to the concrete `path` at `origin` (`https://api.mypurecloud.ie`, or empty for
    /// a path alone), with its operation when the catalogue has one.
    pub fn request_at(&self, origin: &str, method: &str, path: &str, body: Option<Value>) -> SuggestedRequest {
        let segs: Vec<&str> = crate::catalog::split_path(path).collect();
        let op = match self.catalog.resolve(method, &segs) {
            Resolution::Operation(op) => Some(op),
            _ => None,
        };
        // A request to this request's own path keeps its query (masked as every suggested URL
        // is); the fragment is never sent. A query longer than servers take (8 KiB: they answer
        // 414) is left out rather than printed in every report that shows the suggestion.
        const MAX_QUERY: usize = 8 << 10;
        let own = self.ex.url.value.get(self.ex.path.clone()) == Some(path);
        let query = match self.ex.url.value.get(self.ex.path.end..) {
            Some(rest) if own && rest.starts_with('?') => rest.split('#').next().unwrap_or_default(),
            _ => "",
        };
        let query = if query.len() > MAX_QUERY { "" } else { query };
        SuggestedRequest::new(method, format!("{origin}{path}{query}"), op, body)
    }

    /// What this request meant, read from its method, path and body (see `crate::intent`).
    pub fn meant(&self) -> Reading {
        intent::read(self.catalog, self.method(), &self.segment_texts(), self.body())
    }

    /// The suggestion of the requests that do what `meant` says, on this request's host (with a
    /// note when the participant is left for the user to name); or what the request lacks for
    /// them.
    pub fn intended(&self, meant: &Meant) -> Result<Suggestion, String> {
        let calls = meant.calls(self.catalog)?;
        let requests: Vec<SuggestedRequest> = calls
            .into_iter()
            .map(|c| self.request_to(&c.method, &c.path, Some(c.body).filter(|b| !b.is_null())))
            .collect();
        let note = requests
            .iter()
            .any(|r| r.url.contains("{participantId}"))
            .then(|| "name the participant in the path; the others stay as they are".to_owned());
        Ok(Suggestion::replace(requests, note))
    }

    /// This request's path, without a trailing slash.
    pub fn own_path(&self) -> &str {
        let path = self.ex.path_str();
        path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path)
    }

    /// This request's path with the `{name}` parameters of a payload's endpoint filled in from
    /// the body's own top-level `name` (a `participantId` sent in the body belongs in the path).
    fn path_from_body(&self) -> String {
        let body = self.body().and_then(Value::as_object);
        let segments: Vec<&str> = self
            .own_path()
            .split('/')
            .map(|seg| {
                let name = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
                name.and_then(|n| body?.get(n)?.as_str()).filter(|v| self.catalog.is_id_like(v)).unwrap_or(seg)
            })
            .collect();
        segments.join("/")
    }

    /// The request as sent, with changes to its body; `edits` make them in the file when the
    /// change is one `--fix` makes (empty when this file cannot take them as such). A body that
    /// did not parse takes only a change of the whole of it (a `Set` at the pointer `""`).
    pub fn body_suggestion(&self, changes: Vec<Change>, edits: Option<Vec<Edit>>) -> Option<Suggestion> {
        let whole = matches!(changes.first(), Some(Change::Set { pointer, .. }) if pointer.is_empty());
        let sent = match self.body() {
            Some(body) => body,
            None if whole => &Value::Null,
            None => return None,
        };
        let body = crate::suggest::request::changed(sent, &changes);
        // The method of the operation the body was checked for (PATCH for a PUT that meant it).
        let method = self.body_operation().map_or_else(|| self.ex.method.to_ascii_uppercase(), |o| o.method.clone());
        let mut request = self.request_to(&method, &self.path_from_body(), Some(body));
        request.keeps_body = true;
        Some(Suggestion {
            requests: vec![request],
            note: None,
            changes,
            fixable: edits.is_some(),
            edits: edits.unwrap_or_default(),
            replaces: false,
        })
    }

    /// An edit replacing `range` of the body text with `replacement`, when the body is written
    /// in a file people write (a payload file, a `.http` body, a Data Action export's or a
    /// collection's body, which is a JSON string there: the edit is written escaped) and the file
    /// holds that text at its place, byte for byte. A recording (a capture, a log, a shell
    /// command) is never edited.
    pub fn edit(&self, range: Range<usize>, replacement: String) -> Option<Edit> {
        let body = self.ex.body.as_ref()?;
        let format = self.ex.format;
        if body.transformed.is_some() || !format.editable() {
            return None;
        }
        let value = body.text.value.get(range.clone())?;
        let escaped = format.holds_bodies_as_strings();
        // Written as a JSON string's content: what serde_json writes between the quotes.
        let in_file = |s: &str| -> Option<String> {
            if !escaped {
                return Some(s.to_owned());
            }
            let quoted = serde_json::to_string(s).ok()?;
            Some(quoted.get(1..quoted.len().checked_sub(1)?)?.to_owned())
        };
        let start = body.text.map.to_file(range.start)?;
        let end = body.text.map.to_file(range.end)?;
        if format.is_code() {
            return self.code_edit(start..end, value, &replacement);
        }
        let (original, replacement) = (in_file(value)?, in_file(&replacement)?);
        Edit::at(self.src, start..end, original, replacement)
    }

    /// The edit of a body written as a literal in source code (see `input::source`): `value` and
    /// `replacement` are a JSON value or one member (`"key": value`) of the body's JSON text,
    /// and `range` the bytes of the literal that `value` was read from. The replacement is
    /// written as a literal of the file's language; the edit is made only when those bytes are
    /// one plain literal or member on one line (no comment, spread or placeholder among them),
    /// which the literal written replaces whole.
    fn code_edit(&self, range: Range<usize>, value: &str, replacement: &str) -> Option<Edit> {
        use crate::suggest::literal::source_literal;
        let original = std::str::from_utf8(self.src.bytes.get(range.clone())?).ok()?;
        let python = self.ex.format == crate::input::Format::Python;
        // JavaScript strings take the quotes the code around them uses.
        let double = !python && original.contains('"') && !original.contains('\'');
        let source_literal = |v: &Value, python: bool| match (v, double) {
            (Value::String(_), true) => crate::suggest::literal::js_literal(v),
            _ => source_literal(v, python),
        };
        let loose = ["\n", "//", "/*", "...", "${", "`"].iter().any(|m| original.contains(m))
            || (python && (original.contains('#') || original.contains("**")))
            || value.contains("${");
        if loose || original.contains('\n') {
            return None;
        }
        // One member: `"key": value` (its key may be written bare, `key: value`).
        let member = |text: &str| -> Option<(String, Value)> {
            let Value::Object(map) = serde_json::from_str::<Value>(&format!("{{{text}}}")).ok()? else { return None };
            let mut members = map.into_iter();
            let one = members.next()?;
            members.next().is_none().then_some(one)
        };
        let written = match serde_json::from_str::<Value>(replacement) {
            Ok(v) if serde_json::from_str::<Value>(value).is_ok() => source_literal(&v, python),
            _ => {
                let ((_, _), (key, v)) = (member(value)?, member(replacement)?);
                let key = if !python && crate::suggest::literal::is_js_identifier(&key) {
                    key
                } else {
                    source_literal(&Value::from(key), python)
                };
                format!("{key}: {}", source_literal(&v, python))
            }
        };
        Edit::at(self.src, range, original.to_owned(), written)
    }

    /// The snippet of this request's line, with one label: for showing it as a related place of
    /// a finding on a later request.
    pub fn request_snippet(&self, label: String) -> (Option<usize>, Snippet) {
        let span = self.span_of(&Place::Url(self.ex.path.clone())).unwrap_or(0..0);
        crate::diagnostic::request_snippet(self.src, self.ex, span, label)
    }
}

fn parse_ast(text: &str) -> Option<jsonc_parser::ast::Value<'_>> {
    // jsonc-parser recurses once per level: deeper than serde_json reads is not looked into.
    if crate::text::nests_deeper_than(text, crate::text::MAX_JSON_DEPTH) {
        return None;
    }
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

/// Quotes a JSON value compactly for a message.
pub fn show(v: &Value) -> String {
    crate::text::ellipsize(&v.to_string(), 60).into_owned()
}

/// What a method and path resolve to in the catalogue (`raw`: the path as written, `segments`:
/// its segments decoded). The last answer is kept on each thread: every payload of a tree checked
/// against one `--endpoint` has the same path.
fn resolve(catalog: &'static Catalog, method: &str, raw: &str, segments: &[Segment]) -> Resolution<'static> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, String, Resolution<'static>)>> =
            const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        if let Some((_, _, resolution)) = last.as_ref().filter(|(m, p, _)| m == method && p == raw) {
            return resolution.clone();
        }
        let segs: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
        let resolution = catalog.resolve(method, &segs);
        *last = Some((method.to_owned(), raw.to_owned(), resolution.clone()));
        resolution
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a resolution names, to compare two of them.
    fn named(r: &Resolution) -> String {
        match r {
            Resolution::Operation(op) => format!("{} {}", op.method, op.path),
            Resolution::WrongMethod(ops) => ops.iter().map(|op| format!("not {} {}", op.method, op.path)).collect(),
            Resolution::Internal(op) => format!("internal {}", op.signature()),
            Resolution::Unknown => "unknown".into(),
        }
    }

    /// The last answer kept on a thread is given again only for the same method and path.
    #[test]
    fn a_kept_resolution_is_only_given_for_its_own_request() {
        let catalog = Catalog::get();
        let requests = [
            ("PATCH", "/api/v2/conversations/c/participants/p"),
            ("PATCH", "/api/v2/conversations/c/participants/p"),
            ("PUT", "/api/v2/conversations/c/participants/p"),
            ("PATCH", "/api/v2/conversations/calls/c/participants/p"),
            ("PATCH", "/api/v2/conversations/conferences/c"),
            ("PATCH", "/api/v2/conversations/c/participants/p"),
        ];
        for (method, path) in requests {
            let segments: Vec<Segment> =
                path.split('/').skip(1).map(|s| Segment { text: s.to_owned(), range: 0..0 }).collect();
            let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
            let kept = resolve(catalog, method, path, &segments);
            assert_eq!(named(&kept), named(&catalog.resolve(method, &texts)), "{method} {path}");
        }
    }
}
