//! Renders one list of diagnostics in several formats. Rendering never decides anything.

pub mod human;
pub mod json;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Stats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the offending bytes underlined.
    Human,
    /// One JSON document: {"diagnostics": [...], "summary": {...}}.
    Json,
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
    let what = if what.is_empty() { String::new() } else { format!(" ({})", what.join("; ")) };
    format!("gclint: {found} in {}{what}", plural(stats.files, "file"))
}
