//! Configuration discovery, rule selection, suppressions and baselines, end to end.

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn gclint(dir: &Path) -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.current_dir(dir).env("COLUMNS", "100");
    cmd
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
}

fn rules_of(out: &std::process::Output) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    doc["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn config_is_found_upward_and_applies_scopes_selection_severity_and_payload_mappings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("team/payloads")).unwrap();
    std::fs::write(root.join("team/payloads/body.json"), fixture("payloads/enum-case.json")).unwrap();
    std::fs::write(root.join("team/capture.har"), fixture("har/capture-readonly-scope.har")).unwrap();
    std::fs::write(
        root.join("gclint.toml"),
        r#"scopes = ["conversations"]

[rules]
ignore = ["secret-in-capture"]

[rules.severity]
enum-case = "error"

[[payloads]]
glob = "team/payloads/*.json"
endpoint = "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}"
"#,
    )
    .unwrap();
    // Run from a subdirectory: the file above is found.
    let out = gclint(&root.join("team")).args(["check", "--format", "json", "."]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    let rules: Vec<&str> = diags.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    // The configured scope grants writes; the ignored rule is gone.
    assert!(!rules.contains(&"missing-write-scope"), "{rules:?}");
    assert!(!rules.contains(&"secret-in-capture"), "{rules:?}");
    let enum_case = diags.iter().find(|d| d["rule"] == "enum-case").expect("enum-case on the mapped payload");
    assert_eq!(enum_case["severity"], "error");
    // The payload was checked as the mapped operation, not a guessed one: no "guessed" note.
    assert!(!enum_case["help"].as_str().unwrap().contains("guessed"));
    assert_eq!(out.status.code(), Some(1));

    // --isolated ignores the file.
    let out = gclint(&root.join("team")).args(["check", "--isolated", "--format", "json", "."]).output().unwrap();
    let rules = rules_of(&out);
    assert!(rules.contains(&"missing-write-scope".to_owned()), "{rules:?}");
    assert!(rules.contains(&"secret-in-capture".to_owned()), "{rules:?}");
}

#[test]
fn command_line_selection_goes_on_top_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.har"), fixture("har/capture-conflicts.har")).unwrap();
    std::fs::write(
        dir.path().join("gclint.toml"),
        "[rules]\nselect = [\"conflicting-actions\", \"secret-in-capture\"]\n",
    )
    .unwrap();
    let out = gclint(dir.path())
        .args(["check", "--format", "json", "--ignore", "secret-in-capture", "c.har"])
        .output()
        .unwrap();
    let rules = rules_of(&out);
    assert!(!rules.is_empty());
    assert!(rules.iter().all(|r| r == "conflicting-actions"), "{rules:?}");
    let out = gclint(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "root-endpoint-patch",
            "--extend-select",
            "put-method",
            "c.har",
        ])
        .output()
        .unwrap();
    let rules = rules_of(&out);
    assert!(rules.iter().all(|r| r == "root-endpoint-patch"), "{rules:?}");
}

#[test]
fn config_errors_point_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gclint.toml"),
        "[rules]\nignore = [\"enum-cas\"]\n\n[rules.severity]\nput-method = \"fatal\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    assert_cmd_snapshot!(gclint(dir.path()).args(["check", "--color", "never", "a.json"]));
    std::fs::write(dir.path().join("gclint.toml"), "[rules.severity]\nput-method = \"fatal\"\n").unwrap();
    assert_cmd_snapshot!(gclint(dir.path()).args(["check", "--color", "never", "a.json"]));
    std::fs::write(dir.path().join("gclint.toml"), "[rules]\nunknown-key = 1\n").unwrap();
    assert_cmd_snapshot!(gclint(dir.path()).args(["check", "--color", "never", "a.json"]));
}

#[test]
fn rule_codes_and_prefixes_work_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("legacy")).unwrap();
    std::fs::write(d.join("c.har"), fixture("har/capture-conflicts.har")).unwrap();
    std::fs::write(d.join("legacy/p.har"), fixture("har/put-participant.har")).unwrap();
    std::fs::write(
        d.join("gclint.toml"),
        r#"[rules]
select = ["GC1", "gc4"]
ignore = ["GC407"]

[rules.severity]
GC4 = "info"
gc401 = "warning"

[[per-path-ignores]]
glob = "legacy/*.har"
rules = ["GC10"]
"#,
    )
    .unwrap();
    let out = gclint(d).args(["check", "--format", "json", "c.har", "legacy/p.har"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: std::collections::BTreeSet<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["path"].as_str().unwrap(), d["code"].as_str().unwrap(), d["severity"]))
        .collect();
    let expected: std::collections::BTreeSet<String> = [
        // GC104 in c.har; GC101 and GC103 of legacy/p.har are ignored there by `GC10`.
        "c.har GC104 \"error\"",
        // GC4 makes the GC4xx rules info, the narrower gc401 makes conflicting-actions a warning;
        // secret-in-capture (GC407) is ignored.
        "c.har GC401 \"warning\"",
        "c.har GC405 \"info\"",
        "legacy/p.har GC405 \"info\"",
    ]
    .map(String::from)
    .into();
    assert_eq!(found, expected);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn codes_in_the_file_that_select_nothing_or_disagree_point_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gclint.toml"), "[rules]\nselect = [\"GC1\", \"GC6\"]\n").unwrap();
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    assert_cmd_snapshot!(gclint(dir.path()).args(["check", "--color", "never", "a.json"]));
    std::fs::write(dir.path().join("gclint.toml"), "[rules.severity]\nput-method = \"info\"\nGC103 = \"error\"\n")
        .unwrap();
    assert_cmd_snapshot!(gclint(dir.path()).args(["check", "--color", "never", "a.json"]));
}

#[test]
fn a_har_entry_comment_suppresses_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut har: serde_json::Value = serde_json::from_str(&fixture("har/put-participant.har")).unwrap();
    let before = {
        std::fs::write(dir.path().join("c.har"), har.to_string()).unwrap();
        rules_of(&gclint(dir.path()).args(["check", "--isolated", "--format", "json", "c.har"]).output().unwrap())
    };
    assert!(before.iter().filter(|r| *r == "put-method").count() == 2, "{before:?}");
    har["log"]["entries"][0]["comment"] = "known: legacy client; gclint: ignore put-method, request-failed".into();
    std::fs::write(dir.path().join("c.har"), har.to_string()).unwrap();
    let out = gclint(dir.path()).args(["check", "--isolated", "--format", "json", "c.har"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for d in doc["diagnostics"].as_array().unwrap() {
        if d["entry"] == 0 {
            assert!(d["rule"] != "put-method" && d["rule"] != "request-failed", "{d}");
        }
    }
    assert_eq!(rules_of(&out).iter().filter(|r| *r == "put-method").count(), 1);
}

#[test]
fn baseline_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut har: serde_json::Value = serde_json::from_str(&fixture("har/capture-conflicts.har")).unwrap();
    std::fs::write(d.join("c.har"), serde_json::to_string_pretty(&har).unwrap()).unwrap();
    // Write the baseline: exit 0 whatever was found.
    let out = gclint(d).args(["check", "--isolated", "--write-baseline", "base.json", "c.har"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("base.json")).unwrap()).unwrap();
    let n = recorded["findings"].as_array().unwrap().len();
    assert!(n >= 8);
    // Re-run: clean, everything hidden.
    let run = || {
        gclint(d)
            .args(["check", "--isolated", "--format", "json", "--baseline", "base.json", "c.har"])
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["baseline"]["hidden"], n);
    // Edit unrelated things: timestamps, and a new clean entry in front (every line moves).
    let entries = har["log"]["entries"].as_array_mut().unwrap();
    for e in entries.iter_mut() {
        e["startedDateTime"] = "2026-12-01T08:00:00.000Z".into();
    }
    let mut extra = entries[1].clone();
    extra["request"]["url"] = "https://api.mypurecloud.com/api/v2/users/me".into();
    extra["request"]["method"] = "GET".into();
    extra["request"].as_object_mut().unwrap().remove("postData");
    entries.insert(0, extra);
    std::fs::write(d.join("c.har"), serde_json::to_string_pretty(&har).unwrap()).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0, "{doc}");
    assert_eq!(doc["summary"]["baseline"]["stale"].as_array().unwrap().len(), 0, "{doc}");
    // Fix one finding (the muted + disconnected body): its baseline entry is stale.
    let entries = har["log"]["entries"].as_array_mut().unwrap();
    let muted = entries
        .iter_mut()
        .find(|e| e["request"]["postData"]["text"].as_str().is_some_and(|t| t.contains("muted")))
        .unwrap();
    muted["request"]["postData"]["text"] = "{\"state\":\"disconnected\"}".into();
    std::fs::write(d.join("c.har"), serde_json::to_string_pretty(&har).unwrap()).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["baseline"]["stale"].as_array().unwrap().len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stale baseline entry") && stderr.contains("conflicting-actions"), "{stderr}");
}

#[test]
fn statistics_count_per_rule_most_frequent_first() {
    let run = |extra: &str| {
        Command::new(get_cargo_bin("gclint"))
            .args(["check", "--isolated", extra, "fixtures/har/capture-conflicts.har"])
            .output()
            .unwrap()
    };
    let doc: serde_json::Value = serde_json::from_slice(&run("--format=json").stdout).unwrap();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for d in doc["diagnostics"].as_array().unwrap() {
        *counts.entry(d["rule"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    let text = String::from_utf8(run("--statistics").stdout).unwrap();
    let rows: Vec<(usize, String)> = text
        .lines()
        .filter(|l| !l.starts_with("gclint:"))
        .map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next().unwrap().parse().unwrap(), parts.next().unwrap().to_owned())
        })
        .collect();
    assert_eq!(rows.len(), counts.len(), "{text}");
    for (n, rule) in &rows {
        assert_eq!(counts[rule], *n, "{text}");
    }
    assert!(rows.windows(2).all(|w| w[0].0 >= w[1].0), "{text}");
}

/// `sequence` in the configuration makes every file of the formats it lists one sequence, as a
/// `@gclint sequence` line would; recordings are sequences whatever it says.
#[test]
fn sequence_makes_written_files_run_top_to_bottom() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let conflict = |name: &str| {
        let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules/conflicting-actions/silent").join(name);
        std::fs::read_to_string(case).unwrap()
    };
    std::fs::write(d.join("examples.http"), conflict("hang-up-example-then-mute-example.http")).unwrap();
    std::fs::write(d.join("examples.sh"), conflict("hang-up-example-then-mute-example.sh")).unwrap();
    std::fs::write(d.join("c.har"), fixture("har/capture-conflicts.har")).unwrap();
    // The files that report a change after a disconnect, under each configuration.
    let changed_after = |config: Option<&str>| {
        match config {
            Some(text) => std::fs::write(d.join("gclint.toml"), text).unwrap(),
            None => std::fs::remove_file(d.join("gclint.toml")).unwrap_or(()),
        }
        let out = gclint(d)
            .args(["check", "--format", "json", "--select", "conflicting-actions", "examples.http", "examples.sh"])
            .arg("c.har")
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut files: Vec<String> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["message"].as_str().unwrap().contains("is changed after"))
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect();
        files.dedup();
        files
    };
    assert_eq!(changed_after(None), ["c.har"]);
    assert_eq!(changed_after(Some("sequence = []\n")), ["c.har"]);
    assert_eq!(changed_after(Some("sequence = [\"http\"]\n")), ["examples.http", "c.har"]);
    assert_eq!(changed_after(Some("sequence = [\"curl\"]\n")), ["examples.sh", "c.har"]);
    assert_eq!(changed_after(Some("sequence = [\"http\", \"curl\"]\n")), ["examples.http", "examples.sh", "c.har"]);
}

/// Only the formats written by hand can be listed: recordings are always sequences, a payload is
/// one request.
#[test]
fn sequence_lists_only_formats_of_written_requests() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    std::fs::write(dir.path().join("gclint.toml"), "sequence = [\"http\", \"har\"]\n").unwrap();
    assert_cmd_snapshot!(gclint(dir.path()).args(["check", "--color", "never", "a.json"]));
}

/// A baseline matches findings by their file's path relative to the baseline, not by how the path
/// was typed: written for `bl/`, it hides everything found through `./bl/`, and through `../bl/`
/// from a directory beside it.
#[test]
fn baseline_matches_paths_however_they_are_spelled() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("bl")).unwrap();
    std::fs::create_dir_all(d.join("elsewhere")).unwrap();
    std::fs::write(d.join("bl/c.har"), fixture("har/capture-conflicts.har")).unwrap();
    let out = gclint(d).args(["check", "--isolated", "--write-baseline", "bl.json", "bl/"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("bl.json")).unwrap()).unwrap();
    let n = recorded["findings"].as_array().unwrap().len();
    assert!(n >= 8, "{recorded}");
    assert_eq!(recorded["findings"][0]["path"], "bl/c.har");
    for (cwd, baseline, path) in [(d.to_path_buf(), "bl.json", "./bl/"), (d.join("elsewhere"), "../bl.json", "../bl")] {
        let out = gclint(&cwd)
            .args(["check", "--isolated", "--format", "json", "--baseline", baseline, path])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0, "{path}: {doc}");
        assert_eq!(doc["summary"]["baseline"]["hidden"], n, "{path}: {doc}");
        assert_eq!(doc["summary"]["baseline"]["stale"].as_array().unwrap().len(), 0, "{path}: {doc}");
        assert_eq!(out.status.code(), Some(0));
    }
}

/// A baseline of version 1 (fingerprints of the paths as typed) is still read and matched.
#[test]
fn a_version_1_baseline_still_hides_what_it_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.har"), fixture("har/capture-conflicts.har")).unwrap();
    let out = gclint(d).args(["check", "--isolated", "--format", "json", "c.har"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = doc["diagnostics"].as_array().unwrap();
    let findings: Vec<serde_json::Value> = found
        .iter()
        .map(|f| {
            serde_json::json!({"fingerprint": f["fingerprint"], "rule": f["rule"], "path": "c.har", "message": f["message"]})
        })
        .collect();
    let old = serde_json::json!({"version": 1, "findings": findings});
    std::fs::write(d.join("old.json"), old.to_string()).unwrap();
    let out = gclint(d)
        .args(["check", "--isolated", "--format", "json", "--baseline", "old.json", "c.har"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0, "{doc}");
    assert_eq!(doc["summary"]["baseline"]["hidden"], found.len());
}

/// `exclude` globs (relative to the configuration file) keep files and whole directories out of
/// a walk; a file named on the command line is checked all the same, but with `--force-exclude`.
/// `per-path-ignores` takes `ALL`.
#[test]
fn exclude_skips_walked_files_and_all_ignores_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["caps/vendor/deep", "caps/legacy", "sub"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    for file in ["caps/a.har", "caps/old.har", "caps/vendor/deep/v.har", "caps/legacy/l.har"] {
        std::fs::write(d.join(file), fixture("har/put-participant.har")).unwrap();
    }
    std::fs::write(
        d.join("gclint.toml"),
        "exclude = [\"caps/vendor\", \"**/old.har\"]\n\n[[per-path-ignores]]\nglob = \"caps/legacy/*\"\nrules = [\"ALL\"]\n",
    )
    .unwrap();
    let paths = |cwd: &Path, args: &[&str]| -> std::collections::BTreeSet<String> {
        let out = gclint(cwd).args(["check", "--format", "json"]).args(args).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["diagnostics"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap().to_owned()).collect()
    };
    let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(paths(d, &["caps"]), set(&["caps/a.har"]));
    // From another directory, the globs are still the configuration file's.
    assert_eq!(paths(&d.join("sub"), &["--config", "../gclint.toml", "../caps"]), set(&["../caps/a.har"]));
    // Named, an excluded file is checked, unless `--force-exclude` says the globs hold for files
    // named too (a file in an excluded directory as well).
    assert_eq!(paths(d, &["caps/old.har", "caps/vendor/deep/v.har"]), set(&["caps/old.har", "caps/vendor/deep/v.har"]));
    let named = ["--force-exclude", "caps/old.har", "caps/vendor/deep/v.har", "caps/a.har"];
    assert_eq!(paths(d, &named), set(&["caps/a.har"]));
    assert_eq!(
        paths(&d.join("sub"), &["--force-exclude", "../caps/old.har", "../caps/a.har"]),
        set(&["../caps/a.har"])
    );
    // Without the configuration, everything is.
    assert_eq!(
        paths(d, &["--isolated", "caps"]),
        set(&["caps/a.har", "caps/legacy/l.har", "caps/old.har", "caps/vendor/deep/v.har"])
    );
}

/// A suppression that names no rule, or that suppresses nothing, is an `unused-suppression`
/// warning pointing at the name in the HAR entry's comment (through the JSON string's escapes);
/// one that is used, or names `unused-suppression`, is not. Codes suppress as names do.
#[test]
fn unknown_and_unused_suppressions_are_reported_at_the_comment() {
    let dir = tempfile::tempdir().unwrap();
    let mut har: serde_json::Value = serde_json::from_str(&fixture("har/put-participant.har")).unwrap();
    let entries = har["log"]["entries"].as_array_mut().unwrap();
    entries[0]["comment"] = "legacy \"dialler\"\tgclint: ignore put-methd, GC103".into();
    entries[1]["comment"] = "gclint: ignore enum-case, unknown-endpoint".into();
    entries[2]["comment"] = "gclint: ignore enum-case, unused-suppression".into();
    let text = serde_json::to_string_pretty(&har).unwrap();
    std::fs::write(dir.path().join("c.har"), &text).unwrap();
    let out = gclint(dir.path()).args(["check", "--isolated", "--format", "json", "c.har"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unused: Vec<(u64, String, u64, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unused-suppression")
        .map(|d| {
            let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
            (d["entry"].as_u64().unwrap(), d["message"].as_str().unwrap().to_owned(), line, column)
        })
        .collect();
    // Where each name is in the file as written (the comment's quotes and tab are escaped).
    let place = |needle: &str| {
        let at = text.find(needle).unwrap();
        let line = text[..at].matches('\n').count() as u64 + 1;
        let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u64 + 1;
        (line, column)
    };
    let (l0, c0) = place("put-methd");
    let (l1, c1) = place("enum-case, unknown-endpoint");
    assert_eq!(
        unused,
        vec![
            (0, "no rule is named `put-methd` in this suppression".to_owned(), l0, c0),
            (1, "unused suppression: `enum-case` found nothing on this request".to_owned(), l1, c1),
        ]
    );
    // GC103 and put-method took their findings away.
    let rules = rules_of(&out);
    assert_eq!(rules.iter().filter(|r| *r == "put-method").count(), 1, "{rules:?}");
    // Turned off, the rule says nothing.
    let out = gclint(dir.path())
        .args(["check", "--isolated", "--format", "json", "--ignore", "unused-suppression", "c.har"])
        .output()
        .unwrap();
    assert!(!rules_of(&out).iter().any(|r| r == "unused-suppression"));
}

/// A hook names every file changed: with `--skip-unrecognized`, those that hold nothing gclint
/// reads pass quietly, as in a walk, while the captures among them are checked as ever and a
/// file that claims a format but cannot be read is still an error.
#[test]
fn skip_unrecognized_passes_over_named_files_that_are_not_traffic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let others = [
        ("build.sh", "#!/bin/sh\nset -e\nmake all\n"),
        ("notes.txt", "call the vendor on Monday\n"),
        ("LICENSE", "MIT License\n"),
        ("server.log", "2026-12-07 INFO started\n"),
        ("package.json", "{\"name\": \"app\", \"version\": \"1.0.0\", \"dependencies\": {\"x\": \"1\"}}\n"),
        ("tsconfig.json", "{\n  // strict\n  \"compilerOptions\": {\"strict\": true,},\n}\n"),
    ];
    for (name, text) in others {
        std::fs::write(d.join(name), text).unwrap();
    }
    let names: Vec<&str> = others.iter().map(|(n, _)| *n).collect();
    let run = |args: &[&str]| {
        let out = gclint(d).args(["check", "--isolated", "--format", "json"]).args(args).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<String> =
            doc["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_owned()).collect();
        (out.status.code(), rules)
    };
    // Named as they are, the text files are not captures gclint can read: errors.
    let (code, rules) = run(&names);
    assert_eq!(code, Some(1));
    assert_eq!(rules.iter().filter(|r| *r == "invalid-input").count(), 4, "{rules:?}");
    let quiet = [&["--skip-unrecognized"][..], &names].concat();
    assert_eq!(run(&quiet), (Some(0), Vec::new()));
    // Traffic among them is checked as ever; a capture that cannot be read is still reported.
    std::fs::write(d.join("hangup.sh"), "curl -X PUT https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46 -d '{\"wrapup\": {\"code\": \"x\"}}'\n").unwrap();
    std::fs::write(d.join("cut.har"), fixture("har/truncated.har")).unwrap();
    let (code, rules) = run(&[&quiet[..], &["hangup.sh", "cut.har"]].concat());
    assert_eq!(code, Some(1));
    assert!(rules.contains(&"put-method".to_owned()), "{rules:?}");
    assert!(rules.contains(&"invalid-input".to_owned()), "{rules:?}");
}

/// The answers of `fixtures/har/put-participant.har` as the JSON report gives them:
/// `(severity, message)` of each `request-failed` finding, and the exit code.
fn failures_of(out: &std::process::Output) -> (Vec<(String, String)>, Option<i32>) {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let failed = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "request-failed")
        .map(|d| (d["severity"].as_str().unwrap().to_owned(), d["message"].as_str().unwrap().to_owned()))
        .collect();
    (failed, out.status.code())
}

/// A recorded failure lowered to a note because another finding explains it stands on its own
/// again when that finding is not reported: a baseline that hides the explaining findings leaves
/// no "(explained above)" with nothing above it.
#[test]
fn a_failure_explained_by_a_baselined_finding_is_an_error_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.har"), fixture("har/put-participant.har")).unwrap();
    let out = gclint(d)
        .args(["check", "--isolated", "--select", "put-method,unknown-endpoint", "--write-baseline", "bl.json"])
        .arg("c.har")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // Without the baseline, each failure is explained by the finding above it.
    let out = gclint(d).args(["check", "--isolated", "--format", "json", "c.har"]).output().unwrap();
    let (failed, _) = failures_of(&out);
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert!(failed.iter().all(|(s, m)| s == "info" && m.ends_with("(explained above)")), "{failed:?}");
    // With it, nothing above them is reported: they are the errors they are.
    let out =
        gclint(d).args(["check", "--isolated", "--format", "json", "--baseline", "bl.json", "c.har"]).output().unwrap();
    let (failed, code) = failures_of(&out);
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert!(failed.iter().all(|(s, m)| s == "error" && !m.contains("explained")), "{failed:?}");
    assert_eq!(code, Some(1));
}

/// A finding the configuration lowers to info explains nothing: the failure it would have
/// explained keeps its own severity (the one the configuration gives it, if any).
#[test]
fn a_finding_configured_to_info_explains_no_failure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.har"), fixture("har/put-participant.har")).unwrap();
    std::fs::write(
        d.join("gclint.toml"),
        "[rules.severity]\nput-method = \"info\"\nunknown-endpoint = \"info\"\nrequest-failed = \"warning\"\n",
    )
    .unwrap();
    let out = gclint(d).args(["check", "--format", "json", "c.har"]).output().unwrap();
    let (failed, code) = failures_of(&out);
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert!(failed.iter().all(|(s, m)| s == "warning" && !m.contains("explained")), "{failed:?}");
    assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}
