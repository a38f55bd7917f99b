//! Every output format on one mixed set of inputs (snapshots), and what each format promises:
//! SARIF that validates against the SARIF 2.1.0 schema with stable fingerprints, GitHub annotations
//! within GitHub's limits and a job summary, JUnit XML with consistent counts, several reports
//! from one run.

use std::process::{Command, Output};

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

/// Captures with errors and warnings, a clean capture and a broken payload.
const MIXED: &[&str] = &[
    "fixtures/har/seed-call-root-participants.har",
    "fixtures/har/enum-case.har",
    "fixtures/har/clean-firefox.har",
    "fixtures/payloads/invalid.json",
];

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    // A test run inside GitHub Actions must not write to the job's own summary.
    cmd.env_remove("NO_COLOR").env_remove("GITHUB_STEP_SUMMARY").env("COLUMNS", "100");
    cmd
}

fn mixed(format: &str) -> Command {
    let mut cmd = gclint();
    cmd.args(["check", "--color", "never", "--format", format]).args(MIXED);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gclint runs")
}

macro_rules! format_snapshots {
    ($($name:ident => $format:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            assert_cmd_snapshot!(mixed($format));
        }
    )*};
}

format_snapshots! {
    mixed_human => "human",
    mixed_compact => "compact",
    mixed_json => "json",
    mixed_sarif => "sarif",
    mixed_github => "github",
    mixed_junit => "junit",
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap()).unwrap();
    // Every `$ref` is local, so the schema validates offline (gclint's jsonschema has no resolver).
    fn refs<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r);
                }
                m.values().for_each(|v| refs(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&schema, &mut all);
    assert!(all.len() > 100);
    assert!(all.iter().all(|r| r.starts_with("#/definitions/")), "a non-local $ref");
    jsonschema::options().build(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema violations:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let out = run(&mut mixed("sarif"));
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &doc);

    let run0 = &doc["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let names: Vec<&str> = gclint::rules::rules().map(|r| r.name).collect();
    assert_eq!(rules.iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(), names);
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), json_count(&mut mixed("json")));
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["artifactLocation"]["uri"].as_str().unwrap().starts_with("fixtures/"));
        assert_eq!(r["partialFingerprints"]["gclint/v1"].as_str().unwrap().len(), 32);
    }

    // The whole fixture set (every rule that fires on a file, unreadable files included), stdin
    // and a file outside the working directory are valid too.
    let out = run(gclint().args(["check", "--format", "sarif", "fixtures/"]));
    assert_valid(&validator, &serde_json::from_slice(&out.stdout).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("a payload.json");
    std::fs::copy("fixtures/payloads/enum-case.json", &outside).unwrap();
    let out = run(gclint()
        .args(["check", "--format", "sarif", "-"])
        .arg(&outside)
        .stdin(std::fs::File::open("fixtures/har/with-bom.har").unwrap()));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &doc);
    let uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris[0], "<stdin>");
    let last = uris.last().unwrap();
    assert!(last.starts_with("file:///") && last.ends_with("/a%20payload.json"), "{uris:?}");

    // And the validator does reject what is not SARIF.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

/// The partial fingerprints of `capture.har` checked from inside `dir`.
fn fingerprints(dir: &str) -> (Vec<String>, Vec<u64>) {
    let out = run(gclint().current_dir(dir).args(["check", "--format", "sarif", "capture.har"]));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    (
        results.iter().map(|r| r["partialFingerprints"]["gclint/v1"].as_str().unwrap().to_owned()).collect(),
        results
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap())
            .collect(),
    )
}

#[test]
fn sarif_fingerprints_survive_new_timestamps_and_an_added_entry() {
    // `after/capture.har` is `before/capture.har` (fixtures/har/put-participant.har) recorded again:
    // other `startedDateTime`, `time` and `timings`, and two unrelated requests added in between.
    let (before, before_lines) = fingerprints("tests/data/fingerprints/before");
    let (after, after_lines) = fingerprints("tests/data/fingerprints/after");
    assert!(before.len() >= 3, "{before:?}");
    assert_eq!(before, after);
    assert!(before_lines.iter().zip(&after_lines).all(|(b, a)| b != a), "the findings did move");
}

#[test]
fn sarif_regions_cover_the_labelled_text() {
    // The end of a region comes from the label's text as written in the file; check it against
    // the file itself for every finding of every fixture.
    let mut checked = 0;
    for entry in walk("fixtures") {
        let bytes = std::fs::read(&entry).unwrap();
        let name = entry.to_string_lossy().into_owned();
        let mut stats = gclint::stats::Stats::default();
        let mut diagnostics = Vec::new();
        gclint::engine::lint_reader(&name, bytes.as_slice(), true, &Default::default(), &mut stats, &mut diagnostics)
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let lines: Vec<&str> = text.split('\n').collect();
        for d in &diagnostics {
            let Some(r) = gclint::report::common::region(d) else { continue };
            let Some(label) = d.snippet.as_ref().and_then(|s| s.labels.first()) else { continue };
            if r.end_line == r.start_line && r.end_column == r.start_column + 1 {
                continue; // a one-character region: nothing to compare
            }
            let snippet = d.snippet.as_ref().unwrap();
            let expected = &snippet.text[label.span.clone()];
            let chars = |l: usize| lines[l - 1].chars();
            let in_file: String = if r.start_line == r.end_line {
                chars(r.start_line).skip(r.start_column - 1).take(r.end_column - r.start_column).collect()
            } else {
                let mut s: String = chars(r.start_line).skip(r.start_column - 1).collect();
                for l in r.start_line + 1..r.end_line {
                    s.push('\n');
                    s.extend(chars(l));
                }
                s.push('\n');
                s.extend(chars(r.end_line).take(r.end_column - 1));
                s
            };
            let decoded = if d.entry.is_some() {
                serde_json::from_str::<String>(&format!("\"{in_file}\"")).unwrap()
            } else {
                in_file
            };
            assert_eq!(decoded, expected, "{} {}:{}", d.rule.name, d.path, r.start_line);
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "har" || x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn github_annotations_stop_at_ten_of_a_kind() {
    let out = run(gclint().args(["check", "--format", "github", "fixtures/"]));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = run(gclint().args(["check", "--format", "json", "fixtures/"]));
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let (errors, warnings) =
        (doc["summary"]["errors"].as_u64().unwrap() as usize, doc["summary"]["warnings"].as_u64().unwrap() as usize);
    assert!(errors > 10);
    let lines: Vec<&str> = stdout.lines().collect();
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("::error "), 10);
    assert_eq!(count("::warning "), warnings.min(10));
    // Errors first.
    let last_error = lines.iter().rposition(|l| l.starts_with("::error ")).unwrap();
    let first_warning = lines.iter().position(|l| l.starts_with("::warning ")).unwrap();
    assert!(last_error < first_warning);
    let infos = doc["summary"]["infos"].as_u64().unwrap() as usize;
    let left_out = errors - 10 + warnings.saturating_sub(10) + infos.saturating_sub(10);
    assert!(
        stdout.contains(&format!("gclint: {left_out} more findings not annotated (GitHub shows 10 per kind per step)")),
        "{stdout}"
    );
}

#[test]
fn github_step_summary_is_appended_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "## an earlier step\n\n").unwrap();
    let out = run(mixed("github").env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&summary).unwrap();
    let ours = text.strip_prefix("## an earlier step\n\n").expect("appended, not overwritten");
    insta::assert_snapshot!(ours);
    let rows = ours.lines().filter(|l| ["| error", "| warning", "| info"].iter().any(|p| l.starts_with(p))).count();
    assert_eq!(rows, json_count(&mut mixed("json")));

    // Created when missing; also when `github` is only an --output format.
    let created = dir.path().join("new.md");
    let report = dir.path().join("annotations.txt");
    let mut output = std::ffi::OsString::from("github=");
    output.push(&report);
    let out = run(gclint()
        .env("GITHUB_STEP_SUMMARY", &created)
        .args(["check", "--format", "json", "--output"])
        .arg(output)
        .args(MIXED));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&created).unwrap(), ours);
    assert!(first_annotation(&std::fs::read_to_string(&report).unwrap()).starts_with("::error "));

    // Not written for other formats.
    let untouched = dir.path().join("untouched.md");
    run(mixed("sarif").env("GITHUB_STEP_SUMMARY", &untouched));
    assert!(!untouched.exists());

    // A summary that cannot be written is an I/O error (exit 2), after the report was printed.
    let out = run(mixed("github").env("GITHUB_STEP_SUMMARY", dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the step summary"));
    assert!(first_annotation(&String::from_utf8_lossy(&out.stdout)).starts_with("::error "));
}

#[test]
fn several_reports_from_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("gclint.json");
    let sarif = dir.path().join("gclint.sarif");
    let mut cmd = gclint();
    cmd.args(["check", "--format", "compact"]);
    for (format, path) in [("json", &json), ("sarif", &sarif)] {
        let mut arg = std::ffi::OsString::from(format!("{format}="));
        arg.push(path);
        cmd.arg("--output").arg(arg);
    }
    let out = run(cmd.args(MIXED));
    assert_eq!(out.status.code(), Some(1));
    let compact = String::from_utf8(out.stdout).unwrap();
    assert_eq!(compact.lines().count(), json_count(&mut mixed("json")));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(diagnostics.len(), results.len());
    for (d, r) in diagnostics.iter().zip(results) {
        assert_eq!(d["rule"], r["ruleId"]);
        assert_eq!(d["fingerprint"], r["partialFingerprints"]["gclint/v1"]);
        assert_eq!(d["line"], r["locations"][0]["physicalLocation"]["region"]["startLine"]);
    }
}

/// (name, tests, failures) of each suite, and the totals.
fn junit_counts(xml: &str) -> (Vec<(String, usize, usize)>, usize, usize) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("name"), Some("gclint"));
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
    let mut suites = Vec::new();
    let (mut tests, mut failures) = (0, 0);
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        let failing = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
        assert_eq!(num(suite, "tests"), cases.len());
        assert_eq!(num(suite, "failures"), failing);
        for case in &cases {
            assert_eq!(case.attribute("classname"), suite.attribute("name"));
            for failure in case.children().filter(|n| n.has_tag_name("failure")) {
                assert!(gclint::rules::by_name(failure.attribute("type").unwrap()).is_some());
                assert!(!failure.attribute("message").unwrap().is_empty());
            }
        }
        tests += cases.len();
        failures += failing;
        suites.push((suite.attribute("name").unwrap().to_owned(), cases.len(), failing));
    }
    assert_eq!(num(root, "tests"), tests);
    assert_eq!(num(root, "failures"), failures);
    (suites, tests, failures)
}

/// The number of findings of a run, from its JSON output.
fn json_count(cmd: &mut Command) -> usize {
    let doc: Value = serde_json::from_slice(&run(cmd).stdout).unwrap();
    doc["diagnostics"].as_array().unwrap().len()
}

#[test]
fn junit_counts_add_up() {
    let out = run(&mut mixed("junit"));
    assert_eq!(out.status.code(), Some(1));
    let (suites, tests, failures) = junit_counts(&String::from_utf8(out.stdout).unwrap());
    // Expected from the JSON report of the same run: per file, one case per request with
    // findings (or one passing case), failing when one of its findings is at the threshold.
    let doc: Value = serde_json::from_slice(&run(&mut mixed("json")).stdout).unwrap();
    let expected_at = |failing_severities: &[&str]| {
        let mut expected = Vec::new();
        for file in MIXED {
            let mut cases: Vec<(String, bool)> = Vec::new();
            for d in doc["diagnostics"].as_array().unwrap().iter().filter(|d| d["path"] == *file) {
                let key = format!("{}|{}", d["entry"], d["request"]);
                let fails = failing_severities.iter().any(|s| d["severity"] == *s);
                match cases.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, f)) => *f |= fails,
                    None => cases.push((key, fails)),
                }
            }
            let failing = cases.iter().filter(|(_, f)| *f).count();
            expected.push(((*file).to_owned(), cases.len().max(1), failing));
        }
        expected
    };
    let expected = expected_at(&["error"]);
    assert_eq!(suites, expected);
    assert_eq!(tests, expected.iter().map(|e| e.1).sum::<usize>());
    assert_eq!(failures, expected.iter().map(|e| e.2).sum::<usize>());

    // With --fail-on warning the enum-case warnings fail their requests.
    let out = run(gclint().args(["check", "--format", "junit", "--fail-on", "warning"]).args(MIXED));
    let (suites, _, _) = junit_counts(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(suites, expected_at(&["error", "warning"]));

    // Every fixture (odd bytes, quotes and `<` in messages included) still parses.
    let out = run(gclint().args(["check", "--format", "junit", "fixtures/"]));
    let (suites, _, failures) = junit_counts(&String::from_utf8(out.stdout).unwrap());
    let files: Value =
        serde_json::from_slice(&run(gclint().args(["check", "--format", "json", "fixtures/"])).stdout).unwrap();
    assert_eq!(suites.len() as u64, files["summary"]["files"].as_u64().unwrap());
    assert!(failures > 10);
}

#[test]
fn new_formats_are_accepted_by_output() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["sarif", "github", "junit"] {
        let path = dir.path().join(format);
        let mut arg = std::ffi::OsString::from(format!("{format}="));
        arg.push(&path);
        let out = run(gclint().args(["check", "--format", "compact", "--output"]).arg(arg).arg(MIXED[0]));
        assert_eq!(out.status.code(), Some(1));
        assert!(!std::fs::read_to_string(&path).unwrap().is_empty());
    }
}

/// The first line of a GitHub report that is not an `::add-mask::` command.
fn first_annotation(report: &str) -> &str {
    report.lines().find(|l| !l.starts_with("::add-mask::")).unwrap_or("")
}

#[test]
fn sarif_run_category_from_the_shard_or_the_option() {
    let validator = sarif_validator();
    let id = |extra: &[&str]| {
        let out = run(mixed("sarif").args(extra));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&validator, &doc);
        doc["runs"][0].get("automationDetails").map(|a| a["id"].as_str().unwrap().to_owned())
    };
    assert_eq!(id(&[]), None);
    // GitHub takes what precedes the last `/` as the category: one per shard.
    assert_eq!(id(&["--shard", "2/3"]).as_deref(), Some("gclint/shard-2-of-3/"));
    assert_eq!(id(&["--sarif-category", "captures"]).as_deref(), Some("captures/"));
    assert_eq!(id(&["--shard", "2/3", "--sarif-category", "gclint-2/"]).as_deref(), Some("gclint-2/"));
}

#[test]
fn sarif_keeps_baselined_findings_as_suppressed_results() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    // The baseline knows the findings of one of the files.
    let out = run(gclint().args(["check", "--write-baseline"]).arg(&baseline).arg(MIXED[1]));
    assert_eq!(out.status.code(), Some(0));
    let known = json_count(gclint().args(["check", "--format", "json", MIXED[1]]));
    assert!(known > 0);
    let all = json_count(&mut mixed("json"));

    let out = run(mixed("sarif").arg("--baseline").arg(&baseline));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), all, "the baselined findings are kept");
    let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), known);
    for r in &suppressed {
        assert_eq!(r["suppressions"][0]["kind"], "external");
        assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with(MIXED[1]));
    }
    // The other formats still leave them out, and the exit code does not count them.
    assert_eq!(json_count(mixed("json").arg("--baseline").arg(&baseline)), all - known);
    let out = run(gclint().args(["check", "--format", "sarif", "--baseline"]).arg(&baseline).arg(MIXED[1]));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn sarif_keeps_what_comments_suppress_as_in_source_suppressions() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("requests.http");
    // The same mistake twice: the first is suppressed by its comment, the second is not.
    let put = "PUT https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46\nContent-Type: application/json\n\n{\"wrapup\": {\"code\": \"c\"}}\n";
    std::fs::write(&file, format!("### first\n# gclint: ignore put-method\n{put}\n### second\n{put}")).unwrap();
    let put_method = |doc: &Value, key: &str| -> Vec<Value> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "put-method" || d["ruleId"] == "put-method")
            .cloned()
            .collect()
    };
    let out = run(gclint().args(["check", "--format", "json"]).arg(&file));
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reported = put_method(&json, "diagnostics");
    assert_eq!(reported.len(), 1, "the comment suppresses the first");
    assert_eq!(reported[0]["entry"], 1);

    let out = run(gclint().args(["check", "--format", "sarif"]).arg(&file));
    assert_eq!(out.status.code(), Some(1), "a suppressed finding does not decide the exit code");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &doc);
    let results = put_method(&doc["runs"][0], "results");
    assert_eq!(results.len(), 2, "SARIF keeps the suppressed finding: {results:#?}");
    let (kept, hidden): (Vec<&Value>, Vec<&Value>) = results.iter().partition(|r| r.get("suppressions").is_none());
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(hidden[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
    // The finding shown has the fingerprint it has without SARIF (baselines match either way),
    // and the suppressed one another.
    let print = |r: &Value| r["partialFingerprints"]["gclint/v1"].clone();
    assert_eq!(print(kept[0]), reported[0]["fingerprint"]);
    assert_ne!(print(hidden[0]), print(kept[0]));
    // The other formats written by the same run still leave it out.
    let json_out = dir.path().join("out.json");
    let out = run(gclint()
        .args(["check", "--format", "sarif", "--output"])
        .arg(format!("json={}", json_out.display()))
        .arg(&file));
    assert_eq!(out.status.code(), Some(1));
    let also: Value = serde_json::from_slice(&std::fs::read(&json_out).unwrap()).unwrap();
    assert_eq!(put_method(&also, "diagnostics").len(), 1);
    assert_eq!(also["summary"], json["summary"]);
}
