//! Renders one list of diagnostics in several formats. Rendering never decides anything.

pub mod common;
pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

pub use common::{PARALLEL_FROM, Report, RuleCount, SarifRun, rule_counts, statistics, summary_line};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the offending bytes underlined.
    Human,
    /// One line per finding: path:line:col: severity[rule] message.
    Compact,
    /// One JSON document: {"diagnostics": [...], "summary": {...}}.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations); with GITHUB_STEP_SUMMARY set, also a job
    /// summary.
    Github,
    /// JUnit XML: one test suite per file, one test case per request with findings.
    Junit,
}

impl Format {
    /// Whether the format is read by people (and so may use colour and a summary line).
    pub fn is_human(self) -> bool {
        matches!(self, Format::Human)
    }
}

/// Renders a run in one format.
pub fn render(format: Format, report: &Report, style: human::Style) -> String {
    match format {
        Format::Human => {
            let mut out = human::render(report.diagnostics, style);
            out.push_str(&human::wrap(&summary_line(report.diagnostics, report.stats), style.width));
            out.push('\n');
            out
        }
        Format::Compact => compact::render(report.diagnostics),
        Format::Json => json::render(report.diagnostics, report.stats),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
    }
}

/// Renders a run in one format for a file (`--output FORMAT=PATH`). A file carries no secret at
/// all: the GitHub format's `::add-mask::` lines, which quote the secrets so that the runner hides
/// them in its log, belong on stdout, where the runner reads them, and are left out.
pub fn render_file(format: Format, report: &Report, style: human::Style) -> String {
    match format {
        Format::Github => github::render_annotations(report),
        other => render(other, report, style),
    }
}
