//! Renders one list of diagnostics in several formats. Rendering never decides anything.

pub mod compact;
pub mod human;
pub mod json;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Stats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the offending bytes underlined.
    Human,
    /// One line per finding: path:line:col: severity[rule] message.
    Compact,
    /// One JSON document: {"diagnostics": [...], "summary": {...}}.
    Json,
}

impl Format {
    /// Whether the format is read by people (and so may use colour and a summary line).
    pub fn is_human(self) -> bool {
        matches!(self, Format::Human)
    }
}

/// Everything a renderer may show about a run.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub stats: &'a Stats,
    /// The lowest severity that fails the run (`None` for `--fail-on never`).
    pub fail_on: Option<Severity>,
}

/// Renders a run in one format.
pub fn render(format: Format, report: &Report, style: human::Style) -> String {
    match format {
        Format::Human => {
            let mut out = human::render(report.diagnostics, style);
            out.push_str(&summary_line(report.diagnostics, report.stats));
            out.push('\n');
            out
        }
        Format::Compact => compact::render(report.diagnostics),
        Format::Json => json::render(report.diagnostics, report.stats),
    }
}

/// Counts by severity.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}

/// The one-line summary of a run.
pub fn summary_line(diagnostics: &[Diagnostic], stats: &Stats) -> String {
    let c = Counts::of(diagnostics);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if c.errors > 0 {
        parts.push(plural(c.errors, "error"));
    }
    if c.warnings > 0 {
        parts.push(plural(c.warnings, "warning"));
    }
    if c.infos > 0 {
        parts.push(plural(c.infos, "info"));
    }
    let found = if parts.is_empty() { "no problems".to_owned() } else { parts.join(", ") };
    let mut what = Vec::new();
    if stats.captures > 0 {
        what.push(format!("{} of {} captured requests are API calls", stats.api_requests, stats.requests));
    }
    if stats.payloads > 0 {
        what.push(plural(stats.payloads, "payload"));
    }
    if stats.skipped > 0 {
        what.push(format!("{} skipped", plural(stats.skipped, "file")));
    }
    if let Some(b) = &stats.baseline {
        what.push(format!("{} hidden by the baseline, {} stale", b.hidden, b.stale.len()));
    }
    let what = if what.is_empty() { String::new() } else { format!(" ({})", what.join("; ")) };
    format!("gclint: {found} in {}{what}", plural(stats.files, "file"))
}

/// `--statistics`: how many findings each rule has, most frequent first.
pub fn statistics(diagnostics: &[Diagnostic], stats: &Stats) -> String {
    let mut counts: std::collections::BTreeMap<&str, (usize, &'static crate::rules::Rule)> = Default::default();
    for d in diagnostics {
        counts.entry(d.rule.name).or_insert((0, d.rule)).0 += 1;
    }
    let mut rows: Vec<_> = counts.into_values().collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(b.1.name)));
    let mut out = String::new();
    for (n, rule) in rows {
        out.push_str(&format!("{n:>6}  {:<32} {}  {}\n", rule.name, rule.code, rule.severity.as_str()));
    }
    out.push_str(&summary_line(diagnostics, stats));
    out.push('\n');
    out
}
