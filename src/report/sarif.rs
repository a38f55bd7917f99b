//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; the driver lists every rule (not only those that fired) so that `ruleIndex` is stable.
//! File locations are relative to the working directory (`%SRCROOT%`), which is the checkout in CI.
//! Each result carries gclint's fingerprint as `partialFingerprints["gclint/v1"]`: it survives
//! edits elsewhere in a capture (timestamps, timings, other entries), so alerts are not reopened.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::common::{Report, region};
use crate::diagnostic::Rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::suggest::request::Suggestion;

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/gclint/gclint";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    automation_details: Option<AutomationDetails<'a>>,
    /// Only when results were left out: the notification says how many.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

#[derive(Serialize)]
struct AutomationDetails<'a> {
    id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: [Notification; 1],
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text<'static>,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: &'static str,
}

/// Why a result is shown as suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Hidden {
    /// By a `gclint: ignore` comment on its request.
    InSource,
    /// By the baseline.
    Baseline,
}

impl Hidden {
    fn suppression(self) -> Suppression {
        match self {
            Hidden::InSource => {
                Suppression { kind: "inSource", justification: "a `gclint: ignore` comment on the request" }
            }
            Hidden::Baseline => {
                Suppression { kind: "external", justification: "recorded in the baseline (--baseline)" }
            }
        }
    }
}

/// What the run used besides its inputs: the configuration file, whose selection may hide any
/// finding.
#[derive(Serialize)]
struct RunProperties<'a> {
    config: &'a str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    information_uri: &'static str,
    version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: String,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    /// gclint's short code (`GC104`).
    code: &'static str,
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    /// The edits of a payload file that make the suggested change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
    /// A finding a comment or the baseline hides: kept, so that its alert is closed as suppressed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "ResultProperties::is_empty")]
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: SarifRegion,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    /// 0-based index in `log.entries`.
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<usize>,
    /// JSON pointer into the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    /// `METHOD URL`, credentials masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<&'a str>,
    /// The request(s) to send instead, when the change is not an edit of a payload file.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a Suggestion>,
}

impl ResultProperties<'_> {
    fn is_empty(&self) -> bool {
        self.entry.is_none() && self.pointer.is_none() && self.request.is_none() && self.suggestion.is_none()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// Renders a run as SARIF, with paths relative to the working directory.
pub fn render(report: &Report) -> String {
    let root = std::env::current_dir().ok();
    render_in(report, root.as_deref())
}

/// The most results GitHub code scanning accepts in one run; a larger run is refused whole.
pub const MAX_RESULTS: usize = 25_000;

/// Renders a run as SARIF, with paths under `root` relative to it.
pub fn render_in(report: &Report, root: Option<&Path>) -> String {
    render_capped(report, root, MAX_RESULTS)
}

/// Renders a run as SARIF with at most `max` results: when there are more, the most severe are
/// kept (the reported findings before the suppressed and baselined ones, errors before warnings before notes,
/// then in file order) and a notification says how many were left out.
fn render_capped(report: &Report, root: Option<&Path>, max: usize) -> String {
    let reported = report.diagnostics.iter().map(|d| (d, None));
    let suppressed = report.sarif.suppressed.iter().map(|d| (d, Some(Hidden::InSource)));
    let baselined = report.sarif.baselined.iter().map(|d| (d, Some(Hidden::Baseline)));
    let mut chosen: Vec<(&Diagnostic, Option<Hidden>)> = reported.chain(suppressed).chain(baselined).collect();
    let left_out = chosen.len().saturating_sub(max);
    if left_out > 0 {
        // A stable sort: file order within each kind and severity.
        chosen.sort_by_key(|&(d, hidden)| (hidden.is_some(), std::cmp::Reverse(d.severity)));
        chosen.truncate(max);
    }
    let invocations = if left_out > 0 {
        let text = format!(
            "{left_out} of {} results were left out: a run holds at most {max}; the most severe were kept",
            left_out + max
        );
        vec![Invocation {
            execution_successful: true,
            tool_execution_notifications: [Notification { level: "warning", message: Text { text: text.into() } }],
        }]
    } else {
        Vec::new()
    };
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "gclint",
                    information_uri: INFORMATION_URI,
                    version: env!("CARGO_PKG_VERSION"),
                    rules: rules::rules().map(descriptor).collect(),
                },
            },
            results: chosen.into_iter().map(|(d, hidden)| result(d, root, hidden)).collect(),
            column_kind: "unicodeCodePoints",
            automation_details: report.sarif.category.map(|id| AutomationDetails { id }),
            invocations,
            properties: report.stats.config.as_deref().map(|config| RunProperties { config }),
        }],
    };
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rule: &'static Rule) -> Descriptor {
    Descriptor {
        id: rule.name,
        name: pascal_case(rule.name),
        short_description: Text { text: rule.summary.into() },
        full_description: Text { text: first_paragraph(rule.explanation).into() },
        help: Help { text: rule.explanation, markdown: rule.explanation },
        help_uri: format!("{}#{}", super::common::RULES_DOC, rule.name),
        default_configuration: Configuration { level: level(rule.severity) },
        properties: RuleProperties { code: rule.code, tags: ["genesys-cloud"] },
    }
}

fn result<'d>(d: &'d Diagnostic, root: Option<&Path>, hidden: Option<Hidden>) -> SarifResult<'d> {
    let rule_index = rules::rules().position(|r| r.name == d.rule.name).unwrap_or(0);
    let message = match &d.help {
        Some(help) => format!("{}\n\nhelp: {help}", d.message).into(),
        None => d.message.as_str().into(),
    };
    let region = region(d).map(|r| SarifRegion {
        start_line: r.start_line,
        start_column: r.start_column,
        end_line: r.end_line,
        end_column: r.end_column,
    });
    // A payload file (no entry) can be edited as such; a capture's suggestion is a request to send.
    let edits = d.suggestion.as_ref().filter(|s| d.entry.is_none() && !s.edits.is_empty());
    let fixes = edits
        .map(|s| Fix {
            description: Text { text: d.help.as_deref().unwrap_or(d.message.as_str()).into() },
            artifact_changes: [ArtifactChange {
                artifact_location: artifact(&d.path, root),
                replacements: s
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: SarifRegion {
                            start_line: e.start_line,
                            start_column: e.start_column,
                            end_line: e.end_line,
                            end_column: e.end_column,
                        },
                        inserted_content: Text { text: e.replacement.as_str().into() },
                    })
                    .collect(),
            }],
        })
        .into_iter()
        .collect();
    SarifResult {
        rule_id: d.rule.name,
        rule_index,
        level: level(d.severity),
        message: Text { text: message },
        locations: [Location {
            physical_location: PhysicalLocation { artifact_location: artifact(&d.path, root), region },
        }],
        partial_fingerprints: BTreeMap::from([("gclint/v1", d.fingerprint.as_str())]),
        fixes,
        suppressions: hidden.map(Hidden::suppression).into_iter().collect(),
        properties: ResultProperties {
            entry: d.entry,
            pointer: d.pointer.as_deref(),
            // A broken payload has no request to speak of.
            request: d.request.as_deref().filter(|r| !r.trim().is_empty()),
            suggestion: d.suggestion.as_ref().filter(|_| edits.is_none()),
        },
    }
}

/// The file of a finding: relative to `%SRCROOT%` (the working directory) when it is under it, an
/// absolute `file:` URI when it is elsewhere, `<stdin>` as is.
fn artifact(path: &str, root: Option<&Path>) -> ArtifactLocation {
    if path == crate::source::STDIN {
        return ArtifactLocation { uri: path.to_owned(), uri_base_id: None };
    }
    if let Some(rel) = root.and_then(|root| super::common::relative_path(path, root)) {
        return ArtifactLocation { uri: super::common::uri_path(&rel), uri_base_id: Some(SRCROOT) };
    }
    let absolute = root.and_then(|root| super::common::absolute_path(path, root)).filter(|p| p.is_absolute());
    match absolute {
        Some(abs) => ArtifactLocation { uri: super::common::file_uri(&abs), uri_base_id: None },
        None => ArtifactLocation { uri: super::common::uri_path(&path.replace('\\', "/")), uri_base_id: None },
    }
}

/// `root-endpoint-patch` -> `RootEndpointPatch`.
fn pascal_case(name: &str) -> String {
    name.split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// The first paragraph of a rule's explanation (after its first heading), unwrapped; list items
/// keep a line of their own.
fn first_paragraph(explanation: &str) -> String {
    let mut out = String::new();
    for line in explanation.lines().map(str::trim_end).skip_while(|l| l.trim().is_empty() || l.starts_with('#')) {
        if line.trim().is_empty() || line.starts_with('#') {
            break;
        }
        if !out.is_empty() {
            out.push(if line.trim_start().starts_with("- ") { '\n' } else { ' ' });
        }
        out.push_str(line.trim());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(pascal_case("root-endpoint-patch"), "RootEndpointPatch");
        assert_eq!(first_paragraph("## What\nOne\ntwo:\n- a\n- b\n\n## Next\nno"), "One two:\n- a\n- b");
        for rule in rules::rules() {
            assert!(!first_paragraph(rule.explanation).is_empty(), "{}", rule.name);
        }
    }

    #[test]
    fn a_run_over_the_cap_keeps_the_most_severe_and_says_how_many_were_left_out() {
        use crate::diagnostic::{Diagnostic, Severity};
        let finding = |severity, line: usize| Diagnostic {
            rule: &rules::ALL[0].rule,
            severity,
            message: format!("at {line}"),
            path: "a.json".to_owned(),
            line: Some(line),
            column: Some(1),
            entry: None,
            pointer: None,
            request: None,
            fingerprint: format!("f{line}"),
            help: None,
            snippet: None,
            related: Vec::new(),
            suggestion: None,
            offset: line,
            explained_by: Vec::new(),
            suppressed: false,
        };
        let ds = vec![
            finding(Severity::Info, 1),
            finding(Severity::Warning, 2),
            finding(Severity::Error, 3),
            finding(Severity::Info, 4),
            finding(Severity::Error, 5),
        ];
        let baselined = vec![finding(Severity::Error, 6)];
        let stats = crate::stats::Stats::default();
        let suppressed = vec![finding(Severity::Warning, 7)];
        let sarif = super::super::SarifRun { category: None, baselined: &baselined, suppressed: &suppressed };
        let report = Report { diagnostics: &ds, stats: &stats, fail_on: None, sarif };
        let doc: serde_json::Value = serde_json::from_str(&render_capped(&report, None, 3)).unwrap();
        // Still SARIF 2.1.0 with the notification (the schema's `$ref`s are all local).
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap()).unwrap();
        let validator = jsonschema::options().build(&schema).unwrap();
        assert!(validator.is_valid(&doc));
        let run = &doc["runs"][0];
        let lines: Vec<u64> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [3, 5, 2]);
        let note = &run["invocations"][0]["toolExecutionNotifications"][0];
        assert_eq!(note["level"], "warning");
        assert_eq!(
            note["message"]["text"],
            "4 of 7 results were left out: a run holds at most 3; the most severe were kept"
        );
        // Under the cap: every result in file order, then those comments suppress, then the
        // baselined, and no notification.
        let doc: serde_json::Value = serde_json::from_str(&render_capped(&report, None, 7)).unwrap();
        assert!(validator.is_valid(&doc));
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 7);
        assert_eq!(results[0]["level"], "note");
        assert!(results[..5].iter().all(|r| r.get("suppressions").is_none()));
        assert_eq!(results[5]["suppressions"][0]["kind"], "inSource");
        assert_eq!(results[6]["suppressions"][0]["kind"], "external");
        assert!(doc["runs"][0].get("invocations").is_none());
    }

    #[test]
    fn artifact_locations() {
        let root = Path::new("/work/repo");
        let uri = |p: &str| {
            let a = artifact(p, Some(root));
            (a.uri, a.uri_base_id)
        };
        assert_eq!(uri("fixtures/a.har"), ("fixtures/a.har".into(), Some(SRCROOT)));
        assert_eq!(uri("./fixtures/../fixtures/a b.har"), ("fixtures/a%20b.har".into(), Some(SRCROOT)));
        assert_eq!(uri("/work/repo/x/y.json"), ("x/y.json".into(), Some(SRCROOT)));
        assert_eq!(uri("/tmp/y.json"), ("file:///tmp/y.json".into(), None));
        assert_eq!(uri("../other/y.json"), ("file:///work/other/y.json".into(), None));
        assert_eq!(uri("<stdin>"), ("<stdin>".into(), None));
    }
}
