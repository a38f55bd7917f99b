//! The quick fixes of a document's findings: gclint's own fixes as edits, the suggested request in
//! place of the request of a `.http` file, a `gclint: ignore` comment for the rule on the
//! request, and the corrected request copied as curl, JavaScript or Python.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Command, Range, TextEdit, Uri, WorkspaceEdit};
use serde_json::json;

use super::convert::{self, Lines};
use crate::diagnostic::Diagnostic;
use crate::input::classify::{Input, classify, head_format};
use crate::input::{Format, ReadOptions};
use crate::source::Source;
use crate::suggest::render::{self, As};

/// The command that gives the corrected request of a finding as code (the editor copies it).
pub(super) const COPY_REQUEST: &str = "gclint.copyRequest";

/// The arguments of [`COPY_REQUEST`].
#[derive(Debug, serde::Deserialize, serde::Serialize)]
pub(super) struct CopyArgs {
    pub uri: Uri,
    /// The finding's place among the document's findings (its diagnostic's `data.index`).
    pub index: usize,
    /// `curl`, `js` or `python`.
    pub form: String,
}

/// A document as the actions read it: its text and lines, read as the reader of its format reads
/// it.
struct Document<'a> {
    src: Source,
    format: Option<Format>,
    read: &'a ReadOptions,
    text: &'a str,
    lines: &'a Lines,
}

/// The actions for the findings at `wanted` (indexes into `findings`).
pub(super) fn for_findings(
    uri: &Uri,
    path: &Path,
    text: &str,
    lines: &Lines,
    findings: &[Diagnostic],
    wanted: &[usize],
    read: &ReadOptions,
) -> Vec<CodeActionOrCommand> {
    let src = Source::new(path.to_string_lossy(), text.as_bytes().to_vec(), false);
    let doc = Document { format: head_format(&src), src, read, text, lines };
    let mut actions = Vec::new();
    for &index in wanted {
        let Some(d) = findings.get(index) else { continue };
        let shown = convert::diagnostic(d, index, uri, text, lines);
        let action = |title: String, edits: Vec<TextEdit>, preferred: bool| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: preferred.then_some(true),
                ..Default::default()
            })
        };
        if let Some(s) = d.suggestion.as_ref().filter(|s| !s.edits.is_empty()) {
            let edits = s
                .edits
                .iter()
                .filter(|e| text.get(e.range.clone()) == Some(e.original.as_str()))
                .map(|e| TextEdit::new(byte_range(text, lines, e.range.clone()), e.replacement.clone()))
                .collect::<Vec<_>>();
            if edits.len() == s.edits.len() {
                let what = d.help.as_deref().and_then(|h| h.lines().next()).unwrap_or(&d.message);
                actions.push(action(format!("Fix: {what}"), edits, true));
            }
        }
        if matches!(doc.format, Some(Format::Http | Format::Curl)) {
            if let Some((title, edits)) = replace_request(d, &doc) {
                actions.push(action(title, edits, d.suggestion.as_ref().is_some_and(|s| s.edits.is_empty())));
            }
        }
        if let Some(edit) = ignore(d, &doc) {
            actions.push(action(format!("Ignore `{}` for this request", d.rule.name), vec![edit], false));
        }
        if d.suggestion.as_ref().is_some_and(|s| !s.requests.is_empty()) {
            for (form, name) in [("curl", "curl"), ("js", "JavaScript"), ("python", "Python")] {
                let args = CopyArgs { uri: uri.clone(), index, form: form.to_owned() };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Copy the corrected request as {name}"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    command: Some(Command {
                        title: format!("Copy the corrected request as {name}"),
                        command: COPY_REQUEST.to_owned(),
                        arguments: Some(vec![json!(args)]),
                    }),
                    ..Default::default()
                }));
            }
        }
    }
    actions
}

/// The corrected request of the finding `args` names (with what the other findings on the same
/// request change), as code of `args.form`.
pub(super) fn copy(findings: &[Diagnostic], args: &CopyArgs) -> Option<String> {
    let form = match args.form.as_str() {
        "curl" => As::Curl,
        "js" | "javascript" => As::Js,
        "python" | "py" => As::Python,
        "http" => As::Http,
        _ => return None,
    };
    let d = findings.get(args.index)?;
    let same_request: Vec<Diagnostic> =
        findings.iter().filter(|f| f.entry == d.entry && f.path == d.path).cloned().collect();
    let corrected = render::corrected(&same_request);
    (!corrected.is_empty()).then(|| render::render(&corrected, form))
}

fn byte_range(text: &str, lines: &Lines, range: std::ops::Range<usize>) -> Range {
    Range::new(lines.position_of(text, range.start), lines.position_of(text, range.end))
}

/// The request of a finding, as the reader of its document finds it.
fn request_of(d: &Diagnostic, doc: &Document) -> Option<crate::exchange::Exchange> {
    let Input::Capture(capture) = classify(&doc.src, doc.read) else { return None };
    capture.exchanges.into_iter().find(|ex| ex.entry == d.entry)
}

/// Where a request's method and URL are written in a `.http` file or a curl command.
struct Written {
    /// The method's word, or where to put `-X METHOD` in a curl command that has none.
    method: Result<std::ops::Range<usize>, usize>,
    url: std::ops::Range<usize>,
    /// In a shell script: the quote the URL is written in (`'`, `"`, or none).
    shell: Option<Option<char>>,
}

/// Where the request `ex` of a `.http` file (`format` Http) or a curl script (Curl) is written:
/// the URL where the reader found it; in a `.http` file, the method the word before it on its
/// line; in a curl command, the word after `-X`/`--request`.
fn written(ex: &crate::exchange::Exchange, format: Option<Format>, text: &str, lines: &Lines) -> Option<Written> {
    let url_start = ex.url.map.to_file(0)?;
    let url_end = ex.url.map.to_file(ex.url.value.len())?;
    let line_start = text.get(..url_start)?.rfind('\n').map_or(0, |i| i + 1);
    if format == Some(Format::Http) {
        let before = text.get(line_start..url_start)?;
        let method_start = line_start + (before.len() - before.trim_start().len());
        let method_end = line_start + before.trim_end().len();
        if !text.get(method_start..method_end)?.eq_ignore_ascii_case(&ex.method) {
            return None;
        }
        let url_end = text.get(url_start..)?.find(char::is_whitespace).map_or(text.len(), |i| url_start + i);
        return Some(Written { method: Ok(method_start..method_end), url: url_start..url_end, shell: None });
    }
    let (first, last) = command_lines(text, lines, lines.position_of(text, url_start).line as usize);
    let start = lines_start(text, lines, first);
    let end = lines_start(text, lines, last) + lines.line(text, last).len();
    let command = text.get(start..end)?;
    static METHOD: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = METHOD.get_or_init(|| {
        regex::Regex::new(r#"(?:^|\s)(?:-X|--request)(?:\s+|=)?['"]?([A-Za-z]+)"#).expect("a valid pattern")
    });
    let said = re.captures_iter(command).filter_map(|c| c.get(1)).find(|m| m.as_str().eq_ignore_ascii_case(&ex.method));
    let method = match said {
        Some(m) => Ok(start + m.start()..start + m.end()),
        // No method said: after the `curl` word.
        None => {
            let at = command.find("curl")?;
            Err(start + at + "curl".len())
        }
    };
    let quote = text.get(..url_start)?.chars().next_back().filter(|c| matches!(c, '\'' | '"'));
    Some(Written { method, url: url_start..url_end, shell: Some(quote) })
}

/// The suggested request in place of the request of a `.http` file or a curl command: its method
/// and URL written over the request's, when that is all that changes (the body stays as it is).
fn replace_request(d: &Diagnostic, doc: &Document) -> Option<(String, Vec<TextEdit>)> {
    let (text, lines) = (doc.text, doc.lines);
    let s = d.suggestion.as_ref().filter(|s| s.replaces && s.requests.len() == 1)?;
    let r = s.requests.first()?;
    let ex = request_of(d, doc)?;
    let body_unchanged = r.keeps_body
        || match (&r.body, ex.body.as_ref().map(|b| serde_json::from_str::<serde_json::Value>(&b.text.value))) {
            (None, None) => true,
            (Some(new), Some(Ok(old))) => *new == old,
            _ => false,
        };
    if !body_unchanged {
        return None;
    }
    let at = written(&ex, doc.format, text, lines)?;
    let mut edits = Vec::new();
    if !r.method.eq_ignore_ascii_case(&ex.method) {
        edits.push(match at.method {
            Ok(word) => TextEdit::new(byte_range(text, lines, word), r.method.clone()),
            Err(after) => TextEdit::new(byte_range(text, lines, after..after), format!(" -X {}", r.method)),
        });
    }
    if r.url != ex.url.value {
        // Only a URL written as it is sent (no `{{variable}}`, no escape in it) is replaced, and
        // only with what its quotes can hold as it is.
        if text.get(at.url.clone())? != ex.url.value {
            return None;
        }
        let url = match at.shell {
            None => r.url.clone(),
            Some(Some('\'')) if !r.url.contains('\'') => r.url.clone(),
            Some(Some('"')) if !r.url.contains(['"', '$', '`', '\\', '!']) => r.url.clone(),
            Some(None) => shlex::try_quote(&r.url).ok()?.into_owned(),
            Some(Some(_)) => return None,
        };
        edits.push(TextEdit::new(byte_range(text, lines, at.url), url));
    }
    if edits.is_empty() {
        return None;
    }
    let what = r.operation.clone().unwrap_or_else(|| format!("{} {}", r.method, r.url));
    Some((format!("Send `{what}` instead"), edits))
}

/// A `gclint: ignore RULE` comment for the finding's request, in a file that has comments (a
/// `.http` file, a shell script of curl commands): the rule added to the request's directive, or a
/// directive of its own on the line above the request.
fn ignore(d: &Diagnostic, doc: &Document) -> Option<TextEdit> {
    let (format, text, lines) = (doc.format, doc.text, doc.lines);
    if !matches!(format, Some(Format::Http | Format::Curl)) {
        return None;
    }
    let ex = request_of(d, doc)?;
    let url_start = ex.url.map.to_file(0)?;
    // The first line of the request (of a curl command continued over lines, the first).
    let (start, _) = command_lines(text, lines, lines.position_of(text, url_start).line as usize);
    let is_comment = |l: &str| {
        let t = l.trim_start();
        t.starts_with('#') || (format == Some(Format::Http) && t.starts_with("//"))
    };
    let mut above = start;
    while above > 0 && is_comment(lines.line(text, above - 1)) {
        above -= 1;
        let line = lines.line(text, above);
        let directive =
            line.find("gclint:").and_then(|at| line.get(at + "gclint:".len()..)?.trim_start().strip_prefix("ignore"));
        if let Some(names) = directive {
            // A bare `gclint: ignore` already suppresses every rule on the request.
            if names.trim().is_empty() {
                return None;
            }
            let end = lines.position_of(text, lines_start(text, lines, above) + line.trim_end().len());
            return Some(TextEdit::new(Range::new(end, end), format!(", {}", d.rule.name)));
        }
    }
    let line = lines.line(text, start);
    let indent = &line[..line.len() - line.trim_start().len()];
    let at = lines.position_of(text, lines_start(text, lines, start));
    Some(TextEdit::new(Range::new(at, at), format!("{indent}# gclint: ignore {}\n", d.rule.name)))
}

/// The first and last lines (0-based) of the command that `line` is a line of: the lines around
/// it that a `\` at the end continues.
fn command_lines(text: &str, lines: &Lines, line: usize) -> (usize, usize) {
    let continued = |l: usize| lines.line(text, l).trim_end().ends_with('\\');
    let (mut first, mut last) = (line, line);
    while first > 0 && continued(first - 1) {
        first -= 1;
    }
    while continued(last) && last + 1 < lines.count() {
        last += 1;
    }
    (first, last)
}

/// The byte offset at which 0-based `line` starts.
fn lines_start(text: &str, lines: &Lines, line: usize) -> usize {
    lines.offset(text, lsp_types::Position::new(u32::try_from(line).unwrap_or(u32::MAX), 0))
}
