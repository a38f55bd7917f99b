//! What every report format shares: the findings and counts of a run ([`Report`]), the summary
//! line, and where a finding is (its region, its path relative to a root).

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::stats::Stats;

/// Where each rule's documentation is (a rule's anchor is its name).
pub const RULES_DOC: &str = "https://github.com/gclint/gclint/blob/main/docs/rules.md";

/// Characters escaped in a path written as a URI (besides controls and non-ASCII).
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A path written as the path of a URI: escaped (a `\` too: turning one into `/` is the
/// caller's to say).
pub fn uri_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, URI_PATH).to_string()
}

/// The `file:` URI of an absolute path (`C:\x` is `file:///C:/x`).
pub fn file_uri(absolute: &Path) -> String {
    let slashed = absolute.to_string_lossy().replace('\\', "/");
    let slashed = if slashed.starts_with('/') { slashed } else { format!("/{slashed}") };
    format!("file://{}", uri_path(&slashed))
}

/// Everything a renderer may show about a run.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub stats: &'a Stats,
    /// The lowest severity that fails the run (`None` for `--fail-on never`).
    pub fail_on: Option<Severity>,
    /// What only SARIF shows.
    pub sarif: SarifRun<'a>,
}

/// What a SARIF report says beyond the findings: the run's category, and the findings a baseline
/// or a `gclint: ignore` comment hides, which SARIF keeps as suppressed results (code scanning
/// closes their alerts as such) rather than leaving them out.
#[derive(Debug, Default, Clone, Copy)]
pub struct SarifRun<'a> {
    /// `automationDetails.id`.
    pub category: Option<&'a str>,
    /// The findings the baseline hid, in file order.
    pub baselined: &'a [Diagnostic],
    /// The findings `gclint: ignore` comments suppressed, in file order.
    pub suppressed: &'a [Diagnostic],
}

/// From this many findings on, the formats that can render them on every thread of the current
/// rayon pool do (JSON).
pub const PARALLEL_FROM: usize = 256;

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
    // Every finding left out by `--max-diagnostics 0` is still a finding: never "no problems".
    let none_shown = parts.is_empty() && stats.dropped > 0;
    let found = match (parts.is_empty(), none_shown) {
        (_, true) => plural(stats.dropped, "finding"),
        (true, false) => "no problems".to_owned(),
        (false, false) => parts.join(", "),
    };
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
    if none_shown {
        what.push("none shown: --max-diagnostics".to_owned());
    } else if stats.dropped > 0 {
        what.push(format!("{} not shown: --max-diagnostics", plural(stats.dropped, "more finding")));
    }
    if let Some(b) = &stats.baseline {
        what.push(format!("{} hidden by the baseline, {} stale", b.hidden, b.stale.len()));
    }
    let what = if what.is_empty() { String::new() } else { format!(" ({})", what.join("; ")) };
    // The configuration may hide any finding: a run with one says which.
    let config = stats.config.as_ref().map(|c| format!("; config: {c}")).unwrap_or_default();
    format!("gclint: {found} in {}{what}{config}", plural(stats.files, "file"))
}

/// One row of `--statistics`: a rule and how many findings it has.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub code: &'static str,
    /// The highest severity among its findings (the configuration may change a rule's).
    pub severity: Severity,
    pub count: usize,
}

/// How many findings each rule has, most frequent first (then by name). Owned, so that it can be
/// taken before `--max-diagnostics` cuts the findings short.
pub fn rule_counts(diagnostics: &[Diagnostic]) -> Vec<RuleCount> {
    let mut counts: std::collections::BTreeMap<&str, RuleCount> = Default::default();
    for d in diagnostics {
        let row = counts.entry(d.rule.name).or_insert(RuleCount {
            rule: d.rule.name,
            code: d.rule.code,
            severity: d.severity,
            count: 0,
        });
        row.count += 1;
        row.severity = row.severity.max(d.severity);
    }
    let mut rows: Vec<RuleCount> = counts.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    rows
}

/// `--statistics`: how many findings each rule has, most frequent first, then the summary line.
pub fn statistics(rows: &[RuleCount], diagnostics: &[Diagnostic], stats: &Stats) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!("{:>6}  {:<32} {}  {}\n", r.count, r.rule, r.code, r.severity.as_str()));
    }
    out.push_str(&summary_line(diagnostics, stats));
    out.push('\n');
    out
}

/// Where a finding is in its file: 1-based lines and columns (in characters), the end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The region of a finding, or `None` when it has no line. The end comes from the text under the
/// first label of the snippet, as that text is written in the file: verbatim in a payload file, as
/// a JSON string (escaped, on one line) in a HAR capture. When the labelled text is not in the file
/// as such (the method, which is located at the URL; a body decoded from base64 or rebuilt from
/// form parameters) or is empty, the region is one character wide.
pub fn region(d: &Diagnostic) -> Option<Region> {
    let (start_line, start_column) = (d.line?, d.column?);
    let one = Region { start_line, start_column, end_line: start_line, end_column: start_column + 1 };
    let Some(text) = labelled_text(d).filter(|t| !t.is_empty()) else {
        return Some(one);
    };
    if d.entry.is_some() {
        // Inside a JSON string of the capture: what the text looks like there.
        let quoted = serde_json::to_string(text).unwrap_or_default();
        let width = quoted.chars().count().saturating_sub(2).max(1);
        return Some(Region { end_column: start_column + width, ..one });
    }
    match text.rfind('\n') {
        Some(last) => Some(Region {
            end_line: start_line + text.matches('\n').count(),
            end_column: text[last + 1..].chars().count() + 1,
            ..one
        }),
        None => Some(Region { end_column: start_column + text.chars().count(), ..one }),
    }
}

/// The text under the first label of a finding's snippet, when that text is what the finding's
/// line and column point at.
fn labelled_text(d: &Diagnostic) -> Option<&str> {
    let snippet = d.snippet.as_ref()?;
    let label = snippet.labels.first()?;
    // A label at the start of a request line is on the method, but the finding is located at the
    // URL (the method has no place of its own in a HAR entry).
    if d.pointer.is_none() && label.span.start == 0 {
        return None;
    }
    // Every offset of a decoded body maps to the start of its encoded value.
    if snippet.title.contains("(decoded from ") {
        return None;
    }
    snippet.text.get(label.span.clone())
}

/// `path` relative to `root` when it is under it: forward slashes, no leading `./`. `None` for
/// `<stdin>` and for paths outside `root`.
pub fn relative_path(path: &str, root: &Path) -> Option<String> {
    if path == crate::source::STDIN {
        return None;
    }
    let full = normalize(&root.join(path))?;
    let rel = full.strip_prefix(normalize(root)?).ok()?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// `path` made absolute against `root`, with `.` and `..` resolved lexically.
pub fn absolute_path(path: &str, root: &Path) -> Option<PathBuf> {
    normalize(&root.join(path))
}

fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}
