//! What a rule reports, independent of how it is rendered.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::ops::Range;

use serde::Serialize;

use crate::exchange::{Endpoint, Exchange};
use crate::secrets::mask::{self, Known};
use crate::secrets::{edit, scan};
use crate::source::Source;
use crate::suggest::request::Suggestion;
use crate::text::OffsetMap;

/// What a finding is of: a rule's identity and documentation. `name` is stable: configuration
/// and suppressions use it, as they use `code`. The rule's check, and how it relates to other
/// rules, live with it in `rules/` (see `rules::Def`); reports need only this.
#[derive(Debug)]
pub struct Rule {
    pub name: &'static str,
    /// A short stable code (`GC104`): its hundreds say the family (1: the endpoint, 2: the
    /// body, 3: the input file, 4: the capture, its token and its answers).
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// What it catches, why it matters, a wrong and a right example, the fix.
    pub explanation: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What the message of a finding lowered to info because another explains it ends with.
pub(crate) const EXPLAINED: &str = " (explained above)";

/// Gives each finding that was lowered because others explain it (see
/// [`Diagnostic::explained_by`]) its own severity back when none of them is among `reported` at
/// warning or error: a baseline or the configuration took them away, or made them notes, and a
/// note that points above at nothing would hide what the capture recorded. `severity_of` is the
/// severity a rule's findings are reported at (its default, or the configured one).
pub(crate) fn restore_unexplained(reported: &mut [Diagnostic], severity_of: impl Fn(&Rule) -> Severity) {
    if reported.iter().all(|d| d.explained_by.is_empty()) {
        return;
    }
    let explaining: std::collections::HashSet<(&str, &str, usize)> = reported
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| (d.path.as_str(), d.rule.name, d.offset))
        .collect();
    let explained = |d: &Diagnostic| {
        d.explained_by.iter().any(|(rule, offset)| explaining.contains(&(d.path.as_str(), rule.name, *offset)))
    };
    let alone: Vec<bool> = reported.iter().map(|d| !d.explained_by.is_empty() && !explained(d)).collect();
    for (d, alone) in reported.iter_mut().zip(alone) {
        if alone {
            d.severity = severity_of(d.rule);
            if let Some(own) = d.message.strip_suffix(EXPLAINED) {
                d.message.truncate(own.len());
            }
            d.explained_by.clear();
        }
    }
}

/// A finding. `line`/`column` are 1-based positions in the file that was read (for a HAR body,
/// mapped back through the string escapes to the HAR file).
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// 0-based index in `log.entries` (or in an array of request objects).
    pub entry: Option<usize>,
    /// JSON pointer into the request body.
    pub pointer: Option<String>,
    /// The request the finding is about, `METHOD URL` with credentials masked.
    pub request: Option<String>,
    /// A stable identity for baselines and code scanning: it does not change when line numbers,
    /// timestamps or unrelated entries of the file change (see `lint::fingerprint`).
    pub fingerprint: String,
    pub help: Option<String>,
    pub snippet: Option<Snippet>,
    /// Other places the finding is about (the earlier request of a conflict).
    pub related: Vec<Related>,
    /// The request(s) to send instead, and the edits that make the change in the file.
    pub suggestion: Option<Suggestion>,
    /// Byte offset in the file, for a stable order within one file.
    pub offset: usize,
    /// The findings on its request that explain this one (each by its rule and file offset),
    /// when one did and it was lowered to info for it (see `rules::rule::Relation::Explains`).
    /// Empty for every other finding.
    pub explained_by: Vec<(&'static Rule, usize)>,
    /// Taken away by a `gclint: ignore` comment on its request. Such a finding is kept only when
    /// the run asks for it (SARIF shows it as suppressed in the source), and is then set apart
    /// from the findings of the run before anything counts or shows them.
    pub suppressed: bool,
}

impl Diagnostic {
    /// Makes what a capture can put into this finding inert wherever it is shown: a control
    /// character (an escape sequence that clears a terminal or retitles it, a NUL that XML cannot
    /// hold), a bidirectional mark or another line break is written as an escape in the message,
    /// help, request line and labels, and replaced by `?` (one for each of its bytes, so that the
    /// labels keep their places) in the text of a snippet. Line ends stay where a text has lines.
    pub fn tame(&mut self) {
        fn lines(s: &mut String) {
            if s.chars().any(|c| c != '\n' && crate::text::is_unsafe_char(c)) {
                *s = s.split('\n').map(crate::text::printable).collect::<Vec<_>>().join("\n");
            }
        }
        fn line(s: &mut String) {
            if let std::borrow::Cow::Owned(tamed) = crate::text::printable(s) {
                *s = tamed;
            }
        }
        fn snippet(snippet: &mut Snippet) {
            line(&mut snippet.title);
            for label in &mut snippet.labels {
                label.text.as_mut().map(line);
            }
            let text = &snippet.text;
            let unsafe_at = |i: usize, c: char| {
                let crlf = c == '\r' && text.as_bytes().get(i + 1) == Some(&b'\n');
                !matches!(c, '\n' | '\t' | ' ') && !crlf && crate::text::is_unsafe_char(c)
            };
            if text.char_indices().any(|(i, c)| unsafe_at(i, c)) {
                let tamed = text
                    .char_indices()
                    .map(|(i, c)| if unsafe_at(i, c) { "?".repeat(c.len_utf8()) } else { c.to_string() })
                    .collect();
                snippet.text = tamed;
            }
        }
        line(&mut self.message);
        self.help.as_mut().map(lines);
        self.request.as_mut().map(line);
        self.snippet.as_mut().map(snippet);
        for related in &mut self.related {
            line(&mut related.message);
            snippet(&mut related.snippet);
        }
    }

    /// Masks every credential in what this finding prints (its message, help, request line,
    /// snippets and the requests it suggests), and every occurrence of the secret `values` known
    /// for its file (a `.http` file's private environment values; see [`Known`]).
    pub fn mask(&mut self, values: &Known) {
        let d = self;
        if let Some(suggestion) = d.suggestion.as_mut() {
            for r in &mut suggestion.requests {
                r.url = mask::mask_with(&r.url, &mut [], values).unwrap_or_else(|| r.url.clone());
                for (name, value) in r.headers.iter_mut() {
                    let found = scan::header_value(name, value, 0);
                    if !found.is_empty() {
                        let (out, _) = edit::apply(value.as_bytes(), edit::plain_edits(found, value, 0));
                        *value = String::from_utf8_lossy(&out).into_owned();
                    }
                    mask::mask_string(value, values);
                }
                if let Some(body) = r.body.as_mut() {
                    mask::mask_value(body, values);
                }
            }
            for change in &mut suggestion.changes {
                change.mask(&mut |v| mask::mask_value(v, values));
            }
            if let Some(note) = suggestion.note.as_mut() {
                mask::mask_string(note, values);
            }
        }
        let mut fields: Vec<&mut String> = vec![&mut d.message];
        fields.extend(d.request.as_mut());
        fields.extend(d.help.as_mut());
        fields.extend(d.related.iter_mut().map(|r| &mut r.message));
        for s in fields {
            mask::mask_string(s, values);
        }
        let snippets = d.snippet.iter_mut().chain(d.related.iter_mut().map(|r| &mut r.snippet));
        for snippet in snippets {
            mask::mask_string(&mut snippet.title, values);
            let mut spans: Vec<Range<usize>> = snippet.labels.iter().map(|l| l.span.clone()).collect();
            if let Some(m) = mask::mask_with(&snippet.text, &mut spans, values) {
                snippet.text = m;
                for (label, span) in snippet.labels.iter_mut().zip(spans) {
                    label.span = span;
                }
            }
            for label in &mut snippet.labels {
                if let Some(t) = label.text.as_mut() {
                    mask::mask_string(t, values);
                }
            }
        }
    }

    /// A finding about a file as a whole (not one request): unreadable input, secrets, a
    /// configuration mistake, scopes given on the command line.
    pub fn about_file(rule: &'static Rule, path: String, message: String, at: Option<(usize, usize)>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            path,
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            entry: None,
            pointer: None,
            request: None,
            fingerprint: String::new(),
            help: None,
            snippet: None,
            related: Vec::new(),
            suggestion: None,
            offset: 0,
            explained_by: Vec::new(),
            suppressed: false,
        }
    }
}

/// Which text of a request a finding points into: its URL (a byte range of `Exchange::url`),
/// its method, its body or its recorded answer's body.
pub enum TextOf {
    Url(Range<usize>),
    Method,
    Body,
    Response,
    /// The request's comment.
    Comment,
    /// The OAuth scopes the request's auth asks for.
    Granted,
}

/// A finding on one request with its places found: what [`Diagnostic::on_request`] lays out.
pub struct Located {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub text: TextOf,
    /// Labelled spans of that text as it is shown (the request line is `METHOD URL`); the first
    /// is the finding's own place.
    pub labels: Vec<Label>,
    /// The JSON pointer of the body member the finding is about.
    pub pointer: Option<String>,
    pub help: Option<String>,
    /// The operation a payload was checked against when its endpoint was guessed, not given.
    pub guessed: Option<String>,
    pub related: Vec<Related>,
    pub suggestion: Option<Suggestion>,
}

impl Diagnostic {
    /// A finding on the request `ex` of `src`: its position in the file, and a snippet of the
    /// text it points into, titled with where that text is (`a.har:12:40 · entry 3 · request body`).
    pub fn on_request(src: &Source, ex: &Exchange, f: Located) -> Diagnostic {
        let span = f.labels.first().map_or(0..0, |l| l.span.clone());
        let (text, map, what): (String, Option<&OffsetMap>, String) = match &f.text {
            TextOf::Url(_) | TextOf::Method => {
                let what = match ex.endpoint {
                    Endpoint::Recorded => "request",
                    Endpoint::Flag => "--endpoint",
                    Endpoint::Inferred => "assumed endpoint",
                };
                (ex.request_line(), None, what.to_owned())
            }
            TextOf::Response => {
                let body = ex.response.as_ref().and_then(|r| r.body.as_ref());
                let status = ex.response.as_ref().and_then(|r| r.status).map(|s| format!(" {s}")).unwrap_or_default();
                (
                    body.map_or(String::new(), |b| b.value.clone()),
                    body.map(|b| &b.map),
                    format!("response{status} body"),
                )
            }
            TextOf::Comment => {
                let comment = ex.comment.as_ref();
                (comment.map_or(String::new(), |c| c.value.clone()), comment.map(|c| &c.map), "comment".to_owned())
            }
            TextOf::Granted => {
                let scope = ex.granted.as_ref().map(|g| &g.scope);
                (scope.map_or(String::new(), |s| s.value.clone()), scope.map(|s| &s.map), "OAuth scope".to_owned())
            }
            TextOf::Body => {
                let body = ex.body.as_ref();
                let what = match body.and_then(|b| b.transformed) {
                    Some(how) => format!("request body (decoded from {how})"),
                    None if ex.entry.is_some() => "request body".to_owned(),
                    None => String::new(),
                };
                (body.map_or(String::new(), |b| b.text.value.clone()), body.map(|b| &b.text.map), what)
            }
        };
        let file_offset = match &f.text {
            // The request line is shown as `METHOD URL`: map the URL part back.
            TextOf::Url(r) => ex.url.map.to_file(r.start),
            TextOf::Method => ex.url.map.to_file(0),
            _ => map.and_then(|m| m.to_file(span.start)),
        };
        // Source code: the lines of the file, not the JSON gclint read from them (the body is an
        // object literal there, the request line a method call).
        let snippet = match (ex.format.is_code(), map) {
            (true, Some(map)) => source_snippet(src, map, &f.labels),
            (true, None) if matches!(f.text, TextOf::Url(_) | TextOf::Method) => {
                // The request line is `METHOD URL`: its labels, as spans of the URL.
                let prefix = ex.method.len() + 1;
                let len = ex.url.value.len();
                // A label on the method (which the code writes elsewhere, or not at all) is shown
                // under the whole URL.
                let of_url = |r: &Range<usize>| match r.start.saturating_sub(prefix).min(len)
                    ..r.end.saturating_sub(prefix).min(len)
                {
                    url if url.is_empty() => 0..len,
                    url => url,
                };
                let labels: Vec<Label> =
                    f.labels.iter().map(|l| Label { span: of_url(&l.span), text: l.text.clone() }).collect();
                source_snippet(src, &ex.url.map, &labels)
            }
            _ => None,
        };
        let snippet =
            snippet.unwrap_or_else(|| Snippet::new(title(src, file_offset, ex.entry, &what), &text, f.labels));
        let (line, column) = match file_offset {
            Some(o) => {
                let (l, c) = src.position(o);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let help = match f.guessed {
            Some(signature) if ex.format.is_code() => Some(format!(
                "{}\n(checked as the body of `{signature}`, which its fields point to: the method called does not exist)",
                f.help.unwrap_or_default(),
            )),
            Some(signature) => Some(format!(
                "{}\n(checked as the body of `{signature}`, guessed from its fields; pass --endpoint to choose)",
                f.help.unwrap_or_default(),
            )),
            None => f.help,
        };
        Diagnostic {
            rule: f.rule,
            severity: f.severity,
            message: f.message,
            path: src.name.clone(),
            line,
            column,
            entry: ex.entry,
            pointer: f.pointer,
            request: Some(ex.request_line()),
            fingerprint: String::new(),
            help,
            snippet: Some(snippet),
            related: f.related,
            suggestion: f.suggestion,
            offset: file_offset.unwrap_or(0),
            explained_by: Vec::new(),
            suppressed: false,
        }
    }

    /// A finding about the file called `name` as a whole (unreadable input, secrets, an
    /// unmatched payload), at a file offset already placed at its line and column (`at`).
    pub fn about_file_at(
        rule: &'static Rule,
        name: &str,
        message: String,
        offset: usize,
        at: (usize, usize),
        help: Option<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::about_file(rule, name.to_owned(), message, Some(at));
        d.help = help;
        d.offset = offset;
        d
    }
}

impl Diagnostic {
    /// A finding about the bytes `span` of a source file read whole (a method name, a package
    /// name), shown rustc-style on the lines of the file that hold it, with `label` under it.
    pub fn in_source(
        rule: &'static Rule,
        src: &Source,
        span: Range<usize>,
        message: String,
        label: Option<String>,
        help: Option<String>,
    ) -> Diagnostic {
        let bytes = &src.bytes[..];
        let start = span.start.min(bytes.len());
        let end = span.end.clamp(start, bytes.len());
        let from = memchr::memrchr(b'\n', bytes.get(..start).unwrap_or_default()).map_or(0, |i| i + 1);
        let to = memchr::memchr(b'\n', bytes.get(end..).unwrap_or_default()).map_or(bytes.len(), |i| end + i);
        let text = String::from_utf8_lossy(bytes.get(from..to).unwrap_or_default()).into_owned();
        let (line, column) = src.position(start);
        let mut snippet = Snippet::new(
            title(src, Some(start), None, ""),
            &text,
            vec![Label { span: start - from..end - from, text: label }],
        );
        snippet.first_line = line;
        let mut d = Diagnostic::about_file_at(rule, &src.name, message, start, (line, column), help);
        d.snippet = Some(snippet);
        d
    }
}

/// A snippet of the lines of a source file that hold `labels` (spans of a text whose `map` leads
/// into the file), each label at its bytes there; `None` when a label has no place in the file.
fn source_snippet(src: &Source, map: &OffsetMap, labels: &[Label]) -> Option<Snippet> {
    let placed: Vec<(Range<usize>, Option<String>)> = labels
        .iter()
        .map(|l| {
            let start = map.to_file(l.span.start)?;
            let end = map.to_file(l.span.end)?.max(start);
            Some((start..end, l.text.clone()))
        })
        .collect::<Option<_>>()?;
    let bytes = &src.bytes[..];
    let first = placed.first()?.0.start.min(bytes.len());
    let last = placed.iter().map(|(r, _)| r.end).max()?.min(bytes.len());
    let from = memchr::memrchr(b'\n', bytes.get(..first)?).map_or(0, |i| i + 1);
    let from = placed.iter().map(|(r, _)| r.start).min()?.min(from);
    let from = memchr::memrchr(b'\n', bytes.get(..from)?).map_or(0, |i| i + 1);
    let to = memchr::memchr(b'\n', bytes.get(last..)?).map_or(bytes.len(), |i| last + i);
    let text = String::from_utf8_lossy(bytes.get(from..to)?).into_owned();
    let labels = placed
        .into_iter()
        .map(|(r, text)| Label { span: r.start.saturating_sub(from)..r.end.saturating_sub(from), text })
        .collect();
    let mut snippet = Snippet::new(title(src, Some(first), None, ""), &text, labels);
    snippet.first_line = src.position(from).0;
    Some(snippet)
}

/// The place of the request `ex` in its file, and a snippet of its request line with one label
/// over `span` (of the line as shown): for showing it as the related place of a finding on a later
/// request.
pub(crate) fn request_snippet(
    src: &Source,
    ex: &Exchange,
    span: Range<usize>,
    label: String,
) -> (Option<usize>, Snippet) {
    let file_offset = ex.url.map.to_file(ex.path.start);
    let title = title(src, file_offset, ex.entry, "request");
    (file_offset, Snippet::new(title, &ex.request_line(), vec![Label { span, text: Some(label) }]))
}

/// `file:line:col · entry N · what`: where a snippet's text is.
fn title(src: &Source, file_offset: Option<usize>, entry: Option<usize>, what: &str) -> String {
    let at = match file_offset {
        Some(o) => {
            let (l, c) = src.position(o);
            format!("{}:{l}:{c}", src.name)
        }
        None => src.name.clone(),
    };
    let entry = entry.map(|e| format!(" · entry {e}")).unwrap_or_default();
    let what = if what.is_empty() { String::new() } else { format!(" · {what}") };
    format!("{at}{entry}{what}")
}

/// Another place a finding is about, with its own message and position.
#[derive(Debug, Clone)]
pub struct Related {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub entry: Option<usize>,
    pub snippet: Snippet,
}

/// The text shown under a diagnostic: a request line or a decoded body, with labelled spans.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// What the text is, e.g. `fixtures/a.har:12:40 · entry 3 · request body`.
    pub title: String,
    pub text: String,
    /// Line number of the first line of `text` within the whole (for clipped excerpts).
    pub first_line: usize,
    pub labels: Vec<Label>,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub span: Range<usize>,
    pub text: Option<String>,
}

/// Lines longer than this are clipped around the labels when shown.
const MAX_SHOWN_LINE: usize = 200;
const CLIP_CONTEXT: usize = 60;

impl Snippet {
    /// A snippet over `text`; a very long line holding the first label is cut down to a window
    /// around the labels on it so that a 100 MB single-line body prints as a few lines.
    pub fn new(title: String, text: &str, labels: Vec<Label>) -> Snippet {
        let Some(first) = labels.first() else {
            return Snippet { title, text: text.to_owned(), first_line: 1, labels };
        };
        let mut at = first.span.start.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line_start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
        let line_end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
        let total_lines = text.len() < MAX_SHOWN_LINE * 50 && text.lines().all(|l| l.len() <= MAX_SHOWN_LINE);
        if total_lines {
            return Snippet { title, text: text.to_owned(), first_line: 1, labels };
        }
        // Clip to the one line holding the first label, and within it to a window.
        let on_line: Vec<&Label> =
            labels.iter().filter(|l| l.span.start >= line_start && l.span.end <= line_end.max(l.span.start)).collect();
        let lo = on_line.iter().map(|l| l.span.start).min().unwrap_or(at);
        // A label over a huge value (a 100 MB string) shows its start only.
        let hi = on_line.iter().map(|l| l.span.end).max().unwrap_or(at).min(line_end).min(lo + MAX_SHOWN_LINE);
        let mut from = lo.saturating_sub(CLIP_CONTEXT).max(line_start);
        let mut to = (hi + CLIP_CONTEXT).min(line_end).max(from);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let prefix = if from > line_start { "…" } else { "" };
        let suffix = if to < line_end { "…" } else { "" };
        let shift = prefix.len() as isize - from as isize;
        let moved = |r: &Range<usize>| {
            let s = (r.start.clamp(from, to) as isize + shift) as usize;
            let e = ((r.end.min(to)) as isize + shift) as usize;
            s..e.max(s)
        };
        let labels = on_line.into_iter().map(|l| Label { span: moved(&l.span), text: l.text.clone() }).collect();
        let first_line = text.get(..line_start).map_or(0, |t| t.matches('\n').count()) + 1;
        let shown = text.get(from..to).unwrap_or_default();
        Snippet { title, text: format!("{prefix}{shown}{suffix}"), first_line, labels }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_clipped_around_the_label() {
        let body = format!("{{\"pad\":\"{}\",\"muted\":\"yes\"}}", "x".repeat(5000));
        let at = body.find("\"yes\"").unwrap();
        let s = Snippet::new("t".into(), &body, vec![Label { span: at..at + 5, text: None }]);
        assert!(s.text.len() < 200, "{}", s.text.len());
        assert!(s.text.starts_with('…'));
        assert_eq!(&s.text[s.labels[0].span.clone()], "\"yes\"");
    }

    #[test]
    fn short_texts_are_kept_whole() {
        let s = Snippet::new("t".into(), "{\n  \"a\": 1\n}", vec![Label { span: 4..7, text: None }]);
        assert_eq!(s.text, "{\n  \"a\": 1\n}");
        assert_eq!(s.first_line, 1);
    }
}
