//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
//! run and on the changed files of a pull request, and [`step_summary`], a Markdown job summary.
//!
//! GitHub shows at most 10 annotations of each kind (error, warning, notice) per step and drops the
//! rest silently, so errors come first, each kind is cut at 10, and a last plain line says how many
//! were left out. The job summary lists every finding.

use std::path::Path;

use super::common::{Report, region, summary_line};
use crate::diagnostic::{Diagnostic, Severity};

/// Annotations of one kind GitHub shows per step.
pub const PER_KIND: usize = 10;

/// GitHub refuses a step summary larger than 1 MiB; stay below it with room for a last line.
const SUMMARY_BUDGET: usize = 1000 * 1024;

/// Renders a run as workflow commands, with paths relative to the working directory.
pub fn render(report: &Report) -> String {
    let root = std::env::current_dir().ok();
    render_in(report, root.as_deref())
}

/// Renders a run as workflow commands without the `::add-mask::` lines: the annotations and the
/// summary line, which hold no secret (for a report written to a file).
pub fn render_annotations(report: &Report) -> String {
    let root = std::env::current_dir().ok();
    annotations(report, root.as_deref(), String::new())
}

/// Renders a run as workflow commands, with paths under `root` relative to it.
pub fn render_in(report: &Report, root: Option<&Path>) -> String {
    let mut out = String::new();
    // GitHub hides a masked value in every later line of the job's log. This is the one place
    // gclint prints secrets in full, and only because GitHub needs them to mask them: on stdout,
    // where the runner reads them, never in a file (see `render_annotations`).
    let mut secrets: Vec<&String> = report.stats.secrets.iter().collect();
    secrets.sort();
    secrets.dedup();
    for secret in secrets {
        out.push_str(&format!("::add-mask::{}\n", data(secret)));
    }
    annotations(report, root, out)
}

/// The annotations and the summary line, after what `out` holds.
fn annotations(report: &Report, root: Option<&Path>, mut out: String) -> String {
    let mut left_out = 0;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let of_kind: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.severity == severity).collect();
        for d in of_kind.iter().take(PER_KIND) {
            out.push_str(&command(d, root));
            out.push('\n');
        }
        left_out += of_kind.len().saturating_sub(PER_KIND);
    }
    if left_out > 0 {
        out.push_str(&format!(
            "gclint: {left_out} more finding{} not annotated (GitHub shows {PER_KIND} per kind per step); see the full report in the job summary\n",
            if left_out == 1 { "" } else { "s" }
        ));
    }
    out.push_str(&summary_line(report.diagnostics, report.stats));
    out.push('\n');
    out
}

/// One workflow command: `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`.
fn command(d: &Diagnostic, root: Option<&Path>) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = Vec::new();
    if d.path != crate::source::STDIN {
        let file = root.and_then(|r| super::common::relative_path(&d.path, r)).unwrap_or_else(|| d.path.clone());
        props.push(format!("file={}", property(&file)));
        match region(d) {
            // GitHub takes columns only for a region on one line.
            Some(r) if r.end_line == r.start_line => {
                props.push(format!("line={}", r.start_line));
                props.push(format!("col={}", r.start_column));
                props.push(format!("endLine={}", r.end_line));
                props.push(format!("endColumn={}", r.end_column));
            }
            Some(r) => {
                props.push(format!("line={}", r.start_line));
                props.push(format!("endLine={}", r.end_line));
            }
            None => {}
        }
    }
    props.push(format!("title={}", property(&format!("gclint {}", d.rule.name))));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(line) = d.suggestion.as_ref().and_then(crate::suggest::render::one_line) {
        message.push('\n');
        message.push_str(&line);
    }
    format!("::{kind} {}::{}", props.join(","), data(&message))
}

/// Escapes the message of a workflow command.
pub fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown job summary: the counts and a table of every finding (for `$GITHUB_STEP_SUMMARY`).
pub fn step_summary(report: &Report) -> String {
    let mut out = String::from("## gclint\n\n");
    let line = summary_line(report.diagnostics, report.stats);
    out.push_str(&cell(line.strip_prefix("gclint: ").unwrap_or(&line)));
    out.push_str("\n\n");
    if report.diagnostics.is_empty() {
        return out;
    }
    out.push_str("| severity | rule | location | message |\n|---|---|---|---|\n");
    for (i, d) in report.diagnostics.iter().enumerate() {
        let mut location = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("`{}:{l}:{c}`", d.path),
            _ => format!("`{}`", d.path),
        };
        if let Some(e) = d.entry {
            location.push_str(&format!(" entry {e}"));
        }
        let row =
            format!("| {} | `{}` | {} | {} |\n", d.severity.as_str(), d.rule.name, cell(&location), cell(&d.message));
        if out.len() + row.len() > SUMMARY_BUDGET {
            let rest = report.diagnostics.len() - i;
            out.push_str(&format!(
                "\n{rest} more finding{} left out: GitHub takes at most 1 MiB of summary per step.\n",
                if rest == 1 { "" } else { "s" }
            ));
            return out;
        }
        out.push_str(&row);
    }
    out
}

/// Escapes text for a cell of a Markdown table: `|` always; outside code spans, `<`, `>` and `&`
/// (GitHub would take `<stdin>` for an HTML tag), and newlines become `<br>`.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for ch in s.chars() {
        match ch {
            '`' => {
                in_code = !in_code;
                out.push(ch);
            }
            '|' => out.push_str("\\|"),
            '\r' => {}
            '\n' if in_code => out.push(' '),
            '\n' => out.push_str("<br>"),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            '&' if !in_code => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use crate::stats::Stats;

    fn finding(severity: Severity, message: &str) -> Diagnostic {
        Diagnostic {
            rule: &rules::ALL[0].rule,
            severity,
            message: message.to_owned(),
            path: "dir/a,b:c.har".to_owned(),
            line: Some(3),
            column: Some(7),
            entry: Some(2),
            pointer: None,
            request: None,
            fingerprint: String::new(),
            help: Some("100% sure\r\nreally".to_owned()),
            snippet: None,
            related: Vec::new(),
            suggestion: None,
            offset: 0,
            explained_by: Vec::new(),
            suppressed: false,
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
        assert_eq!(property("50% a\r\nb:c,d"), "50%25 a%0D%0Ab%3Ac%2Cd");
        let d = finding(Severity::Warning, "bad: `x`, 1%");
        assert_eq!(
            command(&d, None),
            "::warning file=dir/a%2Cb%3Ac.har,line=3,col=7,endLine=3,endColumn=8,title=gclint unknown-endpoint::bad: `x`, 1%25%0Ahelp: 100%25 sure%0D%0Areally"
        );
    }

    #[test]
    fn at_most_ten_of_a_kind_errors_first() {
        let mut ds: Vec<Diagnostic> = (0..12).map(|i| finding(Severity::Info, &format!("i{i}"))).collect();
        ds.extend((0..11).map(|i| finding(Severity::Warning, &format!("w{i}"))));
        ds.extend((0..3).map(|i| finding(Severity::Error, &format!("e{i}"))));
        let stats = Stats::default();
        let out = render_in(
            &Report { diagnostics: &ds, stats: &stats, fail_on: Some(Severity::Error), sarif: Default::default() },
            None,
        );
        let kinds: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("::")?.split(' ').next()).collect();
        assert_eq!(kinds.len(), 23);
        assert!(kinds[..3].iter().all(|k| *k == "error"));
        assert!(kinds[3..13].iter().all(|k| *k == "warning"));
        assert!(kinds[13..].iter().all(|k| *k == "notice"));
        assert!(out.contains("gclint: 3 more findings not annotated"), "{out}");
    }

    #[test]
    fn summary_cells() {
        assert_eq!(cell("a | b\n<stdin> `x|<y>`"), "a \\| b<br>&lt;stdin&gt; `x\\|<y>`");
    }
}
