//! `--format json`: one document with every diagnostic and the summary.

use serde::Serialize;

use super::Counts;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Stats;
use crate::suggest::Suggestion;

#[derive(Serialize)]
struct JsonDiagnostic<'d> {
    rule: &'static str,
    code: &'static str,
    severity: Severity,
    message: &'d str,
    path: &'d str,
    line: Option<usize>,
    column: Option<usize>,
    entry: Option<usize>,
    pointer: Option<&'d str>,
    help: Option<&'d str>,
    request: Option<&'d str>,
    fingerprint: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'d Suggestion>,
}

impl<'d> JsonDiagnostic<'d> {
    fn of(d: &'d Diagnostic) -> Self {
        JsonDiagnostic {
            rule: d.rule.name,
            code: d.rule.code,
            severity: d.severity,
            message: &d.message,
            path: &d.path,
            line: d.line,
            column: d.column,
            entry: d.entry,
            pointer: d.pointer.as_deref(),
            help: d.help.as_deref(),
            request: d.request.as_deref(),
            fingerprint: &d.fingerprint,
            suggestion: d.suggestion.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct Summary<'s> {
    #[serde(flatten)]
    counts: Counts,
    #[serde(flatten)]
    stats: &'s Stats,
}

/// The document is `{"diagnostics": [...], "summary": {...}}`, pretty-printed as serde_json
/// prints it. Each finding is rendered and put in place two levels deep on its own (in parallel
/// when there are many), then the pieces are joined: JSON text has no raw line breaks inside
/// strings, so indenting every line break is exact.
pub fn render(diagnostics: &[Diagnostic], stats: &Stats) -> String {
    use rayon::prelude::*;
    let one = |d: &Diagnostic| indented(&pretty(&JsonDiagnostic::of(d)), "    ");
    let rendered: Vec<String> = if diagnostics.len() >= super::PARALLEL_FROM {
        diagnostics.par_iter().map(one).collect()
    } else {
        diagnostics.iter().map(one).collect()
    };
    let summary = indented(&pretty(&Summary { counts: Counts::of(diagnostics), stats }), "  ");
    let room = rendered.iter().map(|r| r.len() + 6).sum::<usize>() + summary.len() + 64;
    let mut out = String::with_capacity(room);
    out.push_str("{\n  \"diagnostics\": [");
    for (i, r) in rendered.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(r);
    }
    if !rendered.is_empty() {
        out.push_str("\n  ");
    }
    out.push_str("],\n  \"summary\": ");
    out.push_str(&summary);
    out.push_str("\n}\n");
    out
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// `json` with `indent` after each of its line breaks.
fn indented(json: &str, indent: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', json.as_bytes()) {
        out.push_str(&json[from..=at]);
        out.push_str(indent);
        from = at + 1;
    }
    out.push_str(&json[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as serde_json prints it in one piece.
    fn whole(diagnostics: &[Diagnostic], stats: &Stats) -> String {
        #[derive(Serialize)]
        struct Document<'d> {
            diagnostics: Vec<JsonDiagnostic<'d>>,
            summary: Summary<'d>,
        }
        let doc = Document {
            diagnostics: diagnostics.iter().map(JsonDiagnostic::of).collect(),
            summary: Summary { counts: Counts::of(diagnostics), stats },
        };
        serde_json::to_string_pretty(&doc).unwrap() + "\n"
    }

    #[test]
    fn the_findings_rendered_apart_make_the_document_serde_json_prints() {
        // Real findings, with suggestions (nested objects and arrays) and escaped text.
        let name = "fixtures/har/capture-conflicts.har";
        let bytes = std::fs::read(name).unwrap();
        let (mut stats, mut found) = (Stats::default(), Vec::new());
        crate::lint::lint_reader(name, &bytes[..], true, &crate::lint::Options::default(), &mut stats, &mut found)
            .unwrap();
        assert!(found.iter().any(|d| d.suggestion.is_some()), "the fixture has suggestions");
        // None, one, a few (on this thread), and enough to be rendered in parallel.
        for n in [0, 1, 3, crate::report::PARALLEL_FROM + 5] {
            let many: Vec<Diagnostic> = found.iter().cycle().take(n).cloned().collect();
            assert_eq!(render(&many, &stats), whole(&many, &stats), "{n} findings");
        }
    }
}
