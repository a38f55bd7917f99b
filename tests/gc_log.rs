//! `gc` CLI logs through the command line: each mistake of `fixtures/genesys/gc-log/` found at
//! its place in the log (a YAML body's at its member in the YAML), the clean log quiet, the same
//! log with Windows line ends and name read alike, `redact` on a log, and `--fix` leaving a log
//! (a recording) as it was.

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

const MISTAKES: &str = "fixtures/genesys/gc-log/mistakes.log";
const CLEAN: &str = "fixtures/genesys/gc-log/clean.log";
const SECRETS: &str = "fixtures/genesys/gc-log/with-secrets.log";

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// `check --format json` of `path` (with `extra` arguments): the exit code and the diagnostics.
fn diagnostics(path: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let out = gclint().args(["check", "--format", "json"]).args(extra).arg(path).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), doc["diagnostics"].as_array().unwrap().clone())
}

/// The 1-based line and column (in characters) of the first `needle` after the first `after`.
fn position(text: &str, after: &str, needle: &str) -> (u64, u64) {
    let from = text.find(after).unwrap_or_else(|| panic!("{after:?} not in the log"));
    let at = from + text[from..].find(needle).unwrap_or_else(|| panic!("{needle:?} not after {after:?}"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    ((text[..at].matches('\n').count() + 1) as u64, (text[line_start..at].chars().count() + 1) as u64)
}

/// `(rule, line, column)` of every diagnostic, in output order.
fn places(found: &[Value]) -> Vec<(String, u64, u64)> {
    found
        .iter()
        .map(|d| {
            (d["rule"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0))
        })
        .collect()
}

/// Where each mistake of the fixture stands in `text` (the fixture, with either line end).
fn expected(text: &str) -> Vec<(String, u64, u64)> {
    let at = |rule: &str, (line, column): (u64, u64)| (rule.to_owned(), line, column);
    let mut want = vec![
        // `{"state":"disconnected"}` sent to the call root (from stdin: one line).
        at("root-endpoint-patch", position(text, "calls/f7821ab4", "\"state\"")),
        // The PUT, pointed at in the request line (the URI: the method has no place of its own).
        at("put-method", position(text, "method: PUT", "/api/v2/")),
        // The 400 the CLI logged for the request from a file, on its URI.
        at("request-failed", position(text, "method: PATCH, URI: /api/v2/conversations/calls/ae747ab5", "/api/v2/")),
        // The unknown field of the body read from a file, on its own line.
        at(
            "unknown-field",
            position(text, "method: PATCH, URI: /api/v2/conversations/calls/ae747ab5", "\"disconnectType\""),
        ),
        // The YAML body's mistake: at the value in the YAML, where it is written.
        at("enum-case", position(text, "4b1ea79b-852e-4fcd-9f62-438493378190, data: ", "DISCONNECTED")),
    ];
    want.sort();
    want
}

#[test]
fn each_mistake_of_a_log_is_found_at_its_place() {
    let (code, found) = diagnostics(MISTAKES, &[]);
    assert_eq!(code, 1);
    let mut got = places(&found);
    got.sort();
    let text = std::fs::read_to_string(MISTAKES).unwrap();
    assert_eq!(got, expected(&text));
    // The recorded 400 is explained, and names the correlation id the CLI logged.
    let failed = found.iter().find(|d| d["rule"] == "request-failed").unwrap();
    assert!(failed["message"].as_str().unwrap().contains("400"), "{failed}");
    assert!(failed.to_string().contains("6cac78fc-39fd-46e9-9ac8-cb40cb0f8dbb"), "{failed}");
}

#[test]
fn a_log_of_correct_requests_is_quiet() {
    let (code, found) = diagnostics(CLEAN, &[]);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
}

#[test]
fn a_windows_log_reads_alike() {
    // `%TEMP%\GenesysCloud\gc.txt`: CRLF line ends, and a name that says nothing.
    let dir = tempfile::tempdir().unwrap();
    let crlf = std::fs::read_to_string(MISTAKES).unwrap().replace('\n', "\r\n");
    let path = dir.path().join("gc.txt");
    std::fs::write(&path, &crlf).unwrap();
    let (code, found) = diagnostics(path.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    let mut got = places(&found);
    got.sort();
    assert_eq!(got, expected(&crlf));
}

#[test]
fn a_log_is_read_from_stdin_and_when_its_format_is_named() {
    let bytes = std::fs::read(MISTAKES).unwrap();
    let mut child = gclint()
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &bytes).unwrap();
    let doc: Value = serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 5, "{doc}");
    // Named, it is read as a log even where a line before its first request is cut.
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("tail.txt");
    let text = std::fs::read_to_string(MISTAKES).unwrap();
    std::fs::write(&cut, format!("}}\n{}", &text[text.find('\n').unwrap() + 1..])).unwrap();
    let (_, found) = diagnostics(cut.to_str().unwrap(), &["--input-format", "gc-log"]);
    assert_eq!(found.len(), 5, "{found:?}");
}

#[test]
fn prose_about_the_cli_is_no_log() {
    // A note quoting the CLI's message (no log prefix at the start of its line) is skipped in a
    // walk, not read as a log.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.txt"),
        "The CLI logs: Calling API with method: PATCH, URI: /api/v2/conversations/x, data: {\"participants\": []}\n",
    )
    .unwrap();
    let out = gclint().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!((&doc["summary"]["skipped"], &doc["summary"]["captures"]), (&Value::from(1), &Value::from(0)), "{doc}");
}

#[test]
fn fix_never_edits_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gc.log");
    let before = std::fs::read(MISTAKES).unwrap();
    std::fs::write(&path, &before).unwrap();
    let out = gclint().args(["check", "--fix", "--color", "never"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), before, "a recording is never edited");
}

#[test]
fn redact_masks_every_credential_of_a_log() {
    let original = std::fs::read_to_string(SECRETS).unwrap();
    let (_, found) = diagnostics(SECRETS, &[]);
    let secret = found.iter().find(|d| d["rule"] == "secret-in-capture").expect("the credentials are reported");
    assert!(secret["message"].as_str().unwrap().contains("4 live credentials"), "{secret}");

    let out = gclint().args(["redact", SECRETS]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let copy = String::from_utf8(out.stdout).unwrap();
    // The token of a URI (twice), a JSON member, a YAML member: each value gone, every other
    // byte as it was.
    for value in [
        "nWAotwpEueaSM1w7UyVzDvOQ46bVVnGHqtMiWaqcRJGOppL5_RCc6YqOMfLSFy-U",
        "ybJhShkvWTMM7MEe7Z",
        "5WkHUtVuviLsPth7UTkO",
    ] {
        assert!(original.contains(value));
        assert!(!copy.contains(value), "{value} is still in the copy");
    }
    assert_eq!(copy.lines().count(), original.lines().count());
    assert!(copy.contains("?access_token=<redacted:64>, data: \n"), "{copy}");
    assert!(copy.contains("password: '<redacted:20>'\n"), "{copy}");

    // The copy reads as the same log, with no credential left.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("redacted.log");
    std::fs::write(&path, &copy).unwrap();
    let (code, found) = diagnostics(path.to_str().unwrap(), &[]);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
}

#[test]
fn check_on_the_mistakes_log() {
    assert!(Path::new(MISTAKES).exists());
    assert_cmd_snapshot!(gclint().args(["check", "--color", "never", MISTAKES]));
}

#[test]
fn hostile_logs_are_read_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let line = |n: usize, message: &str| format!("INFO: 2026/11/20 18:{:02}:{:02} {message}\n", n / 60 % 60, n % 60);
    // 100,000 requests, then 100,000 answers that match none of them: each answer is looked
    // up, not searched for through the log (which would take 10^10 steps).
    let mut many = String::new();
    for n in 0..100_000 {
        many.push_str(&line(n, &format!("Calling API with method: GET, URI: /api/v2/conversations/c{n}, data: ")));
    }
    for n in 0..100_000 {
        many.push_str(&line(
            n,
            &format!(
                "Error from API: Verb PATCH, Path /api/v2/conversations/calls/x{n}, Status Code 400, Headers {{}}"
            ),
        ));
    }
    // A YAML body whose aliases would expand to 10^8 items, and one nested 100,000 deep: both
    // left as written (not JSON: reported as such), neither expanded nor followed down.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let deep = format!("k: {}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let yaml = format!(
        "{}{bomb}{}{deep}\n",
        line(0, "Calling API with method: PATCH, URI: /api/v2/conversations/calls/c1, data: "),
        line(1, "Calling API with method: PATCH, URI: /api/v2/conversations/calls/c2, data: "),
    );
    for (name, text, want) in [("many.log", many, (0, 0)), ("yaml.log", yaml, (1, 2))] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let started = std::time::Instant::now();
        let (code, found) = diagnostics(path.to_str().unwrap(), &[]);
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{name}: took {:?}", started.elapsed());
        assert_eq!((code, found.len()), want, "{name}: {:?}", places(&found));
        assert!(found.iter().all(|d| d["rule"] == "invalid-json"), "{name}: {:?}", places(&found));
    }
}

#[test]
fn each_mistake_of_a_yaml_body_is_found_at_its_member() {
    let log = "INFO: 2026/11/20 18:34:51 Calling API with method: PATCH, URI: /api/v2/conversations/calls/29c632d5-8fd9-428e-8d5c-d6ca9aaef29b/participants/4b1ea79b-852e-4fcd-9f62-438493378190, data: wrapup:\n  code: 17fc9ca4-2ca9-40eb-b900-1c8c068d97b7\n  notes: \"call back — tomorrow\"\nbogusField: 1\nstate: 'DISCONNECTED'\nINFO: 2026/11/20 18:34:52 API response Correlation ID: 993c49fc-4eb6-4897-95dc-72901467655e, method: PATCH, URI: /api/v2/conversations/calls/29c632d5-8fd9-428e-8d5c-d6ca9aaef29b/participants/4b1ea79b-852e-4fcd-9f62-438493378190, timestamp(ms): 1795199691622\n";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("gc-log-yaml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gc.log");
    std::fs::write(&path, log).unwrap();
    let (code, found) = diagnostics(path.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    let mut got = places(&found);
    got.sort();
    let mut want = vec![
        ("unknown-field".to_owned(), position(log, "data: ", "bogusField").0, position(log, "data: ", "bogusField").1),
        (
            "enum-case".to_owned(),
            position(log, "bogusField", "'DISCONNECTED'").0,
            position(log, "bogusField", "'DISCONNECTED'").1,
        ),
    ];
    want.sort();
    assert_eq!(got, want, "{found:#?}");
}
