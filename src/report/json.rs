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
/// prints it. Each finding is rendered on its own (in parallel when there are many) and then put
/// in place two levels deep: JSON text has no raw line breaks inside strings, so indenting every
/// line break is exact.
pub fn render(diagnostics: &[Diagnostic], stats: &Stats) -> String {
    use rayon::prelude::*;
    let one = |d: &Diagnostic| pretty(&JsonDiagnostic::of(d));
    let rendered: Vec<Vec<u8>> = if diagnostics.len() >= super::PARALLEL_FROM {
        diagnostics.par_iter().map(one).collect()
    } else {
        diagnostics.iter().map(one).collect()
    };
    let summary = pretty(&Summary { counts: Counts::of(diagnostics), stats });
    let room = rendered.iter().map(|r| r.len() + r.len() / 8).sum::<usize>() + 2 * summary.len() + 64;
    let mut out = Vec::with_capacity(room);
    out.extend_from_slice(b"{\n  \"diagnostics\": [");
    for (i, r) in rendered.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        indented(&mut out, r, b"    ");
    }
    if !rendered.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.extend_from_slice(b"],\n  \"summary\": ");
    indented(&mut out, &summary, b"  ");
    out.extend_from_slice(b"\n}\n");
    String::from_utf8(out).unwrap_or_default()
}

fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut buf = Vec::with_capacity(1024);
    if serde_json::to_writer_pretty(&mut buf, value).is_err() {
        buf.clear();
    }
    buf
}

/// Appends `json` with `indent` after each of its line breaks.
fn indented(out: &mut Vec<u8>, json: &[u8], indent: &[u8]) {
    let mut lines = json.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.extend_from_slice(indent);
        out.extend_from_slice(line);
    }
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
