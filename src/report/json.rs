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

#[derive(Serialize)]
struct Summary<'s> {
    #[serde(flatten)]
    counts: Counts,
    #[serde(flatten)]
    stats: &'s Stats,
}

#[derive(Serialize)]
struct Document<'d> {
    diagnostics: Vec<JsonDiagnostic<'d>>,
    summary: Summary<'d>,
}

pub fn render(diagnostics: &[Diagnostic], stats: &Stats) -> String {
    let doc = Document {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
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
            })
            .collect(),
        summary: Summary { counts: Counts::of(diagnostics), stats },
    };
    // About a kilobyte a finding: reserved once rather than grown by doubling.
    let mut out = Vec::with_capacity(1024 * (diagnostics.len() + 1));
    if serde_json::to_writer_pretty(&mut out, &doc).is_err() {
        out.clear();
    }
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}
