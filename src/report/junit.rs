//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).
//!
//! One `<testsuite>` per file read. The test cases of a file are its requests with findings, one
//! per entry (`entry N METHOD URL`), plus `file` for findings about the file as a whole and
//! `payload ...` for the body in a payload file; a file without findings has one passing case,
//! `file`.
//! (Requests without findings are not listed one by one: the report does not carry them.)
//! Findings at or above `--fail-on` are `<failure>`s; lower ones go to `<system-out>`.

use std::collections::HashMap;

use super::common::Report;
use crate::diagnostic::Diagnostic;

/// The test case a finding belongs to.
struct Case<'d> {
    name: String,
    failures: Vec<&'d Diagnostic>,
    output: Vec<&'d Diagnostic>,
}

struct Suite<'d> {
    path: &'d str,
    cases: Vec<Case<'d>>,
    /// Index in `cases` by (entry, request).
    index: HashMap<(Option<usize>, Option<&'d str>), usize>,
}

impl Suite<'_> {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.failures.is_empty()).count()
    }
}

pub fn render(report: &Report) -> String {
    let mut suites: Vec<Suite> = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    let paths =
        report.stats.files_checked.iter().map(String::as_str).chain(report.diagnostics.iter().map(|d| d.path.as_str()));
    for path in paths {
        by_path.entry(path).or_insert_with(|| {
            suites.push(Suite { path, cases: Vec::new(), index: HashMap::new() });
            suites.len() - 1
        });
    }
    for d in report.diagnostics {
        let suite = &mut suites[by_path[d.path.as_str()]];
        let request = d.request.as_deref();
        let at = *suite.index.entry((d.entry, request)).or_insert_with(|| {
            suite.cases.push(Case { name: case_name(d.entry, request), failures: Vec::new(), output: Vec::new() });
            suite.cases.len() - 1
        });
        let case = &mut suite.cases[at];
        if report.fail_on.is_some_and(|t| d.severity >= t) {
            case.failures.push(d);
        } else {
            case.output.push(d);
        }
    }
    for suite in &mut suites {
        if suite.cases.is_empty() {
            suite.cases.push(Case { name: "file".into(), failures: Vec::new(), output: Vec::new() });
        }
    }

    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"gclint\" tests=\"{tests}\" failures=\"{failures}\">\n"));
    for suite in &suites {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            attr(suite.path),
            suite.cases.len(),
            suite.failures()
        ));
        if let Some(config) = &report.stats.config {
            out.push_str(&format!(
                "    <properties>\n      <property name=\"config\" value=\"{}\"/>\n    </properties>\n",
                attr(config)
            ));
        }
        for case in &suite.cases {
            let open = format!("    <testcase name=\"{}\" classname=\"{}\"", attr(&case.name), attr(suite.path));
            if case.failures.is_empty() && case.output.is_empty() {
                out.push_str(&open);
                out.push_str("/>\n");
                continue;
            }
            out.push_str(&open);
            out.push_str(">\n");
            for d in &case.failures {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    attr(d.rule.name),
                    attr(&d.message),
                    text(&detail(d))
                ));
            }
            if !case.output.is_empty() {
                let lines: Vec<String> = case.output.iter().map(|d| detail(d)).collect();
                out.push_str(&format!("      <system-out>{}</system-out>\n", text(&lines.join("\n"))));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// `entry N METHOD URL` for a request of a capture, `payload [METHOD PATH]` for the body in a
/// payload file (with the operation it was checked as, when there is one), `file` for the rest.
fn case_name(entry: Option<usize>, request: Option<&str>) -> String {
    match (entry, request.map(str::trim)) {
        (Some(e), Some(r)) if !r.is_empty() => format!("entry {e} {r}"),
        (Some(e), _) => format!("entry {e}"),
        (None, Some("")) => "payload".into(),
        (None, Some(r)) => format!("payload {r}"),
        (None, None) => "file".into(),
    }
}

/// A finding as text: `severity[rule] message`, where, and the help.
fn detail(d: &Diagnostic) -> String {
    let mut s = format!("{}[{}] {}\n  at {}", d.severity.as_str(), d.rule.name, d.message, d.path);
    if let (Some(l), Some(c)) = (d.line, d.column) {
        s.push_str(&format!(":{l}:{c}"));
    }
    if let Some(p) = d.pointer.as_deref().filter(|p| !p.is_empty()) {
        s.push_str(&format!(" (body {p})"));
    }
    if let Some(help) = &d.help {
        s.push_str("\n  help: ");
        s.push_str(&help.replace('\n', "\n        "));
    }
    if let Some(line) = d.suggestion.as_ref().and_then(crate::suggest::render::one_line) {
        s.push_str("\n  ");
        s.push_str(&line);
    }
    s.push('\n');
    s
}

/// Characters XML 1.0 cannot hold at all become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
        c => c,
    }
}

/// Escapes element text.
fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes an attribute value (whitespace other than spaces is kept as character references,
/// which attribute normalisation would otherwise turn into spaces).
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_names() {
        assert_eq!(case_name(Some(3), Some("PATCH https://h/api/v2/x")), "entry 3 PATCH https://h/api/v2/x");
        assert_eq!(case_name(None, Some("PATCH /api/v2/x")), "payload PATCH /api/v2/x");
        assert_eq!(case_name(None, Some(" ")), "payload");
        assert_eq!(case_name(None, None), "file");
    }

    #[test]
    fn escaping() {
        assert_eq!(text("a & <b> \"c\"\r\n\u{1}"), "a &amp; &lt;b&gt; \"c\"&#13;\n\u{FFFD}");
        assert_eq!(attr("a & <b> \"c\" 'd'\n\t"), "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;&#10;&#9;");
    }
}
