//! `--format json`: one document with every diagnostic and the summary.

use serde::Serialize;

use super::common::Counts;
use crate::diagnostic::{Diagnostic, Severity};
use crate::stats::Stats;
use crate::suggest::request::Suggestion;

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

/// Findings rendered together: enough to make a thread's share worth it, few enough to spread
/// over every thread.
const RUN: usize = 64;

/// The document is `{"diagnostics": [...], "summary": {...}}`, pretty-printed as serde_json
/// prints it. Findings are rendered two levels deep, a run of them at a time (runs in parallel
/// when there are many), then the runs are joined.
pub fn render(diagnostics: &[Diagnostic], stats: &Stats) -> String {
    use rayon::prelude::*;
    let run = |(n, run): (usize, &[Diagnostic])| {
        let mut out = Vec::new();
        for (i, d) in run.iter().enumerate() {
            out.extend_from_slice(if n == 0 && i == 0 { b"\n    " } else { b",\n    " });
            pretty(&mut out, &JsonDiagnostic::of(d), b"    ");
        }
        out
    };
    let runs: Vec<Vec<u8>> = if diagnostics.len() >= super::common::PARALLEL_FROM {
        diagnostics.par_chunks(RUN).enumerate().map(run).collect()
    } else {
        diagnostics.chunks(RUN).enumerate().map(run).collect()
    };
    let mut summary = Vec::new();
    pretty(&mut summary, &Summary { counts: Counts::of(diagnostics), stats }, b"  ");
    let room = runs.iter().map(Vec::len).sum::<usize>() + summary.len() + 64;
    let mut out = Vec::with_capacity(room);
    out.extend_from_slice(b"{\n  \"diagnostics\": [");
    for r in &runs {
        out.extend_from_slice(r);
    }
    if !diagnostics.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.extend_from_slice(b"],\n  \"summary\": ");
    out.extend_from_slice(&summary);
    out.extend_from_slice(b"\n}\n");
    // Serde writes UTF-8 and every piece added here is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// `--statistics` with `--format json`: `{"statistics": [...], "summary": {...}}`, the rows in
/// place of the findings (as the human format prints them instead of the findings); each row has
/// `rule`, `code`, `severity` and `count`, most frequent first.
pub fn render_statistics(rows: &[super::common::RuleCount], diagnostics: &[Diagnostic], stats: &Stats) -> String {
    #[derive(Serialize)]
    struct Document<'s> {
        statistics: &'s [super::common::RuleCount],
        summary: Summary<'s>,
    }
    let mut out = Vec::new();
    pretty(&mut out, &Document { statistics: rows, summary: Summary { counts: Counts::of(diagnostics), stats } }, b"");
    out.push(b'\n');
    // Serde writes UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `value` pretty-printed to `out` as serde_json's `PrettyFormatter` prints it, every
/// line after the first starting with `indent` (the depth it has in the document).
fn pretty(out: &mut Vec<u8>, value: &impl Serialize, indent: &'static [u8]) {
    let mark = out.len();
    let nested = Nested { indent, depth: 0, has_value: false };
    if value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, nested)).is_err() {
        out.truncate(mark);
    }
}

/// serde_json's pretty printing, two spaces a level, starting `indent` deep.
struct Nested {
    indent: &'static [u8],
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn new_line<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        w.write_all(self.indent)?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
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
        crate::engine::lint_reader(name, &bytes[..], true, &crate::engine::Options::default(), &mut stats, &mut found)
            .unwrap();
        assert!(found.iter().any(|d| d.suggestion.is_some()), "the fixture has suggestions");
        // None, one, a few, a run and one more (on this thread), and enough to be rendered in parallel.
        for n in [0, 1, 3, RUN, RUN + 1, crate::report::PARALLEL_FROM + 5] {
            let many: Vec<Diagnostic> = found.iter().cycle().take(n).cloned().collect();
            assert_eq!(render(&many, &stats), whole(&many, &stats), "{n} findings");
        }
    }
}
