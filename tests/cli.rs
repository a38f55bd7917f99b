//! CLI snapshots: every fixture through `gclint check`, each output reviewed like code.

use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn check(path: &str) -> Command {
    let mut cmd = gclint();
    cmd.args(["check", "--color", "never", path]);
    cmd
}

macro_rules! fixture_snapshots {
    ($($name:ident => $path:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            assert_cmd_snapshot!(check($path));
        }
    )*};
}

fixture_snapshots! {
    har_clean_chrome => "fixtures/har/clean-chrome.har",
    har_clean_firefox => "fixtures/har/clean-firefox.har",
    har_noise_only => "fixtures/har/noise-only.har",
    har_seed_conversations_root => "fixtures/har/seed-conversations-root.har",
    har_seed_call_root_participants => "fixtures/har/seed-call-root-participants.har",
    har_put_participant => "fixtures/har/put-participant.har",
    har_unknown_endpoints => "fixtures/har/unknown-endpoints.har",
    har_method_not_allowed => "fixtures/har/method-not-allowed.har",
    har_deprecated_removed => "fixtures/har/deprecated-removed.har",
    har_schema_violations => "fixtures/har/schema-violations.har",
    har_unknown_fields => "fixtures/har/unknown-fields.har",
    har_enum_case => "fixtures/har/enum-case.har",
    har_invalid_json => "fixtures/har/invalid-json.har",
    har_with_bom => "fixtures/har/with-bom.har",
    har_truncated => "fixtures/har/truncated.har",
    har_not_a_har => "fixtures/har/not-a-har.har",
    har_clean_sanitized => "fixtures/har/clean-sanitized.har",
    capture_readonly_scope => "fixtures/har/capture-readonly-scope.har",
    capture_bad_scopes => "fixtures/har/capture-bad-scopes.har",
    capture_request_failed => "fixtures/har/capture-request-failed.har",
    capture_wrong_participant => "fixtures/har/capture-wrong-participant.har",
    capture_conflicts => "fixtures/har/capture-conflicts.har",
    capture_hosts => "fixtures/har/capture-hosts.har",
    payload_participant_disconnect => "fixtures/payloads/participant-disconnect.json",
    payload_disconnect_with_wrapup => "fixtures/payloads/disconnect-with-wrapup.json",
    payload_action_disconnect => "fixtures/payloads/action-disconnect.json",
    payload_attributes_bool => "fixtures/payloads/attributes-bool.json",
    payload_enum_case => "fixtures/payloads/enum-case.json",
    payload_root_participants => "fixtures/payloads/root-participants.json",
    payload_invalid => "fixtures/payloads/invalid.json",
    payload_transfer_bad_type => "fixtures/payloads/transfer-bad-type.json",
    http_seed_mistakes => "fixtures/http/seed-mistakes.http",
    http_clean => "fixtures/http/clean.http",
    curl_seed_mistakes => "fixtures/curl/seed-mistakes.sh",
    curl_devtools_bash => "fixtures/curl/devtools-copy-as-curl-bash.sh",
    curl_devtools_cmd => "fixtures/curl/devtools-copy-as-curl-cmd.txt",
    log_sdk_js_trace => "fixtures/logs/sdk-js-trace.jsonl",
    log_sdk_go => "fixtures/logs/sdk-go.jsonl",
    log_sdk_python => "fixtures/logs/sdk-python.jsonl",
    log_sdk_text => "fixtures/logs/sdk-text.log",
    log_generic_ndjson => "fixtures/logs/requests.ndjson",
    compressed_gzip_har => "fixtures/compressed/seed-call-root-participants.har.gz",
    compressed_zstd_jsonl => "fixtures/compressed/sdk-python.jsonl.zst",
}

#[test]
fn an_http_environment_that_does_not_exist_is_an_input_error() {
    assert_cmd_snapshot!(check("fixtures/http/seed-mistakes.http").args(["--http-env", "staging"]));
}

/// The 1-based line and column, counting characters, of `needle` in the first place where
/// `context` (which contains it) stands in a file.
fn position_of(path: &str, context: &str, needle: &str) -> (u64, u64) {
    let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
    let at = text.find(context).unwrap_or_else(|| panic!("{context} not in {path}")) + context.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() + 1;
    (line as u64, text[line_start..at].chars().count() as u64 + 1)
}

#[test]
fn the_root_participants_mistake_is_found_at_its_place_in_every_format() {
    // The same mistake (a participant list on the call root) written in every input format: the
    // same rule, at the line and column of the `participants` key in the file as written.
    for (path, context, needle) in [
        ("fixtures/har/seed-call-root-participants.har", r#"{\n  \"participants\""#, r#"\"participants"#),
        ("fixtures/http/seed-mistakes.http", r#""participants""#, r#""participants""#),
        ("fixtures/curl/seed-mistakes.sh", r#"-d '{"participants""#, r#""participants""#),
        ("fixtures/logs/sdk-python.jsonl", r#""requestBody": {"participants""#, r#""participants""#),
        ("fixtures/logs/sdk-text.log", r#""participants""#, r#""participants""#),
    ] {
        let out = gclint().args(["check", "--format", "json", path]).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "root-endpoint-patch")
            .unwrap_or_else(|| panic!("{path}: no root-endpoint-patch in {doc}"));
        let (line, column) = position_of(path, context, needle);
        assert_eq!((found["line"].as_u64(), found["column"].as_u64()), (Some(line), Some(column)), "{path}");
    }
}

#[test]
fn a_decompression_bomb_is_an_input_error() {
    assert_cmd_snapshot!(check("fixtures/compressed/bomb.har.gz").args(["--max-decompressed-size", "1M"]));
}

#[test]
fn every_format_is_read_from_stdin() {
    for (path, rule) in [
        ("fixtures/logs/sdk-text.log", "unknown-endpoint"),
        ("fixtures/logs/sdk-go.jsonl", "put-method"),
        ("fixtures/compressed/sdk-python.jsonl.zst", "root-endpoint-patch"),
        ("fixtures/har/seed-conversations-root.har", "unknown-endpoint"),
    ] {
        let bytes = std::fs::read(path).unwrap();
        let out = run_with_stdin(gclint().args(["check", "--format", "json", "-"]), &bytes);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<&str> =
            doc["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
        assert!(rules.contains(&rule), "{path} on stdin: {rules:?}");
        assert!(doc["diagnostics"].as_array().unwrap().iter().all(|d| d["path"] == "<stdin>"));
    }
}

fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn input_format_forces_a_reader() {
    // A JSON lines log read as a HAR is not a HAR; read as JSON lines it is.
    let out = gclint()
        .args(["check", "--format", "json", "--input-format", "har", "fixtures/logs/sdk-go.jsonl"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["rule"], "invalid-input", "{doc}");
    let out = gclint()
        .args(["check", "--format", "json", "--input-format", "jsonl", "fixtures/logs/sdk-go.jsonl"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["rule"], "put-method", "{doc}");
    // Forcing `payload` on a log makes it a (broken) JSON body.
    let out = gclint()
        .args(["check", "--format", "json", "--input-format", "payload", "fixtures/logs/sdk-go.jsonl"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["rule"], "invalid-json", "{doc}");
}

#[test]
fn json_format_on_the_seed_mistakes() {
    assert_cmd_snapshot!(gclint().args([
        "check",
        "--format",
        "json",
        "fixtures/har/seed-conversations-root.har",
        "fixtures/har/seed-call-root-participants.har",
        "fixtures/har/put-participant.har",
        "fixtures/payloads/enum-case.json",
    ]));
}

#[test]
fn payload_with_endpoint_flag() {
    assert_cmd_snapshot!(gclint().args([
        "check",
        "--color",
        "never",
        "--endpoint",
        "PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}/communications/{communicationId}",
        "fixtures/payloads/disconnect-with-wrapup.json",
    ]));
}

#[test]
fn payload_with_a_made_up_endpoint() {
    assert_cmd_snapshot!(gclint().args([
        "check",
        "--color",
        "never",
        "--endpoint",
        "PATCH /api/v2/conversations/conversations/c0ffee00-0000-4000-8000-000000000001",
        "fixtures/payloads/action-disconnect.json",
    ]));
}

#[test]
fn scopes_given_on_the_command_line() {
    // A made-up scope is reported once for the run, and it does not grant writes.
    assert_cmd_snapshot!(gclint().args([
        "check",
        "--color",
        "never",
        "--scopes",
        "conversation:write,users:readonly",
        "fixtures/har/clean-sanitized.har",
    ]));
}

#[test]
fn the_write_scope_given_on_the_command_line_wins_over_the_capture() {
    let out = gclint()
        .args(["check", "--format", "json", "--scopes", "conversations", "fixtures/har/capture-readonly-scope.har"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = doc["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"missing-write-scope"), "{rules:?}");
    // With nothing explaining it any more, the 403 is an error of its own.
    let failed = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "request-failed").unwrap();
    assert_eq!(failed["severity"], "error");
}

/// A recorded failure is lowered to a note only by a finding that explains an answer of its
/// status: a deprecation says nothing about a 503, and a body mistake nothing about a 429, so
/// turning such a rule on never hides a failure (or turns a failing run into a passing one).
#[test]
fn a_failure_is_explained_only_by_a_finding_that_explains_its_status() {
    let line = |status: u16, code: &str, body: &str| {
        format!(
            "{{\"method\":\"PATCH\",\"url\":\"https://api.usw2.pure.cloud/api/v2/conversations/cobrowsesessions/\
             0d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6/participants/7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d\",\
             \"statusCode\":{status},\"requestBody\":{body},\"responseBody\":{{\"code\":\"{code}\",\"status\":{status}}}}}\n"
        )
    };
    let failures = |input: &str| {
        let out = run_with_stdin(gclint().args(["check", "--isolated", "--format", "json", "-"]), input.as_bytes());
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<(String, String)> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["rule"].as_str().unwrap().to_owned(), d["severity"].as_str().unwrap().to_owned()))
            .collect();
        (found, out.status.code())
    };
    let disconnect = r#"{"state":"disconnected"}"#;
    // The deprecated endpoint answered 503: the deprecation is reported, and so is the failure.
    let (found, code) = failures(&line(503, "service.unavailable", disconnect));
    assert!(found.contains(&("deprecated-endpoint".into(), "warning".into())), "{found:?}");
    assert!(found.contains(&("request-failed".into(), "error".into())), "{found:?}");
    assert_eq!(code, Some(1));
    // A body mistake explains a 400 it drew, not a 429.
    let wrong = r#"{"state":"disconnected","participantId":"x"}"#;
    let (found, _) = failures(&line(400, "bad.request", wrong));
    assert!(found.contains(&("unknown-field".into(), "error".into())), "{found:?}");
    assert!(found.contains(&("request-failed".into(), "info".into())), "{found:?}");
    let (found, code) = failures(&line(429, "too.many.requests", wrong));
    assert!(found.contains(&("request-failed".into(), "error".into())), "{found:?}");
    assert_eq!(code, Some(1));
}

#[test]
fn secrets_are_never_printed() {
    let har = std::fs::read_to_string("fixtures/har/capture-conflicts.har").unwrap();
    let doc: serde_json::Value = serde_json::from_str(&har).unwrap();
    let auth = doc["log"]["entries"][0]["request"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "authorization")
        .unwrap()["value"]
        .as_str()
        .unwrap()
        .trim_start_matches("Bearer ")
        .to_owned();
    for format in ["human", "json", "compact"] {
        let out = gclint().args(["check", "--format", format, "fixtures/har/capture-conflicts.har"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("secret-in-capture"), "{format}");
        assert!(!text.contains(&auth[..16]), "{format} output shows the token");
    }
}

#[test]
fn stdin_is_read_with_a_dash() {
    let body = std::fs::read("fixtures/har/with-bom.har").unwrap();
    assert_cmd_snapshot!(check("-").pass_stdin(body));
}

#[test]
fn an_unrelated_json_file_named_explicitly_is_reported() {
    assert_cmd_snapshot!(check("tests/data/unrelated.json"));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    assert_cmd_snapshot!(check("fixtures/does-not-exist.har"));
}

#[test]
fn a_bad_endpoint_flag_is_a_usage_error() {
    assert_cmd_snapshot!(gclint().args(["check", "--endpoint", "participants", "fixtures/payloads/invalid.json"]));
}

#[test]
fn rules_and_explain() {
    assert_cmd_snapshot!(gclint().arg("rules"));
    assert_cmd_snapshot!(gclint().args(["explain", "root-endpoint-patch"]));
    assert_cmd_snapshot!(gclint().args(["explain", "no-such-rule"]));
}

#[test]
fn explain_takes_a_rule_code_in_any_case() {
    let stdout = |rule: &str| {
        let out = gclint().args(["explain", rule]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{rule}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let by_name = stdout("root-endpoint-patch");
    assert!(stdout("GC104") == by_name);
    assert!(stdout("gc104") == by_name);
}

#[test]
fn explain_of_a_code_that_is_not_one_rule_says_which_are() {
    // The start of several codes, a code one off, a family that does not exist.
    assert_cmd_snapshot!(gclint().args(["explain", "GC30"]));
    assert_cmd_snapshot!(gclint().args(["explain", "gc109"]));
    assert_cmd_snapshot!(gclint().args(["explain", "GC9"]));
}

/// The rules (by code) of a JSON report of `check` with these flags, over captures that hold
/// findings of the GC1, GC4 and other families.
fn codes_found(flags: &[&str]) -> std::collections::BTreeSet<String> {
    let out = gclint()
        .args(["check", "--isolated", "--format", "json"])
        .args(flags)
        .args(["fixtures/har/capture-conflicts.har", "fixtures/har/put-participant.har", "fixtures/har/enum-case.har"])
        .output()
        .unwrap();
    assert!(out.status.code() != Some(2), "{flags:?}: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn rules_are_selected_and_ignored_by_code_and_code_prefix() {
    let all = codes_found(&[]);
    let family = |prefix: &str| all.iter().filter(|c| c.starts_with(prefix)).cloned().collect();
    assert!(all.iter().any(|c| c.starts_with("GC1")) && all.iter().any(|c| c.starts_with("GC2")), "{all:?}");
    // A prefix selects its whole family, in any case.
    assert_eq!(codes_found(&["--select", "GC1"]), family("GC1"));
    assert_eq!(codes_found(&["--select", "gc1"]), family("GC1"));
    // Codes, prefixes and names mix; --ignore takes codes too and wins over what is selected.
    let mut expected = family("GC1");
    expected.extend(family("GC2"));
    expected.remove("GC103");
    assert_eq!(codes_found(&["--select", "GC1,enum-case", "--extend-select", "GC2", "--ignore", "GC103"]), expected);
    let mut expected = all.clone();
    expected.remove("GC407");
    assert_eq!(codes_found(&["--ignore", "gc407"]), expected);
    assert_eq!(codes_found(&["--select", "ALL", "--ignore", "GC"]), Default::default());
}

#[test]
fn a_code_or_prefix_that_selects_no_rule_is_a_usage_error() {
    assert_cmd_snapshot!(check("fixtures/har/enum-case.har").args(["--select", "GC9"]));
    assert_cmd_snapshot!(check("fixtures/har/enum-case.har").args(["--ignore", "GC108"]));
    assert_cmd_snapshot!(check("fixtures/har/enum-case.har").args(["--extend-select", "GC1O3"]));
}

/// Every command's `--help`: a change to the command line shows here, to be reviewed as text.
#[test]
fn help_of_every_command() {
    for command in ["", "check", "rules", "explain", "suggest", "redact", "completions", "man", "server"] {
        let name = if command.is_empty() { "help".to_owned() } else { format!("help_{command}") };
        let mut cmd = gclint();
        cmd.args(command.split_whitespace()).arg("--help");
        assert_cmd_snapshot!(name, cmd);
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    // enum-case.har holds warnings only.
    let status = |fail_on: &str| {
        gclint().args(["check", "--fail-on", fail_on, "fixtures/har/enum-case.har"]).output().unwrap().status.code()
    };
    assert_eq!(status("error"), Some(0));
    assert_eq!(status("warning"), Some(1));
    assert_eq!(status("info"), Some(1));
    assert_eq!(status("never"), Some(0));
}

#[test]
fn whole_fixture_directory_exits_one_and_reports_every_file() {
    let out = gclint().args(["check", "--format", "json", "fixtures/"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let clean = [
        "clean-chrome.har",
        "clean-firefox.har",
        "clean-sanitized.har",
        "noise-only.har",
        "notification-frames-clean.har",
        "participant-disconnect.json",
        "disconnect-with-wrapup.json",
        "clean.http",
        "hold-if-else.custom.json",
        "gc-log/clean.log",
        "clean.postman_collection.json",
        "clean.insomnia.json",
        "sample-disconnect-participant.js",
        "sample-transfer.ts",
        "sample_set_attributes.py",
        "ordinary-express-app.js",
        "ordinary_flask_app.py",
        "comment-only-api-v2.ts",
    ];
    for d in diagnostics {
        let path = d["path"].as_str().unwrap();
        // Fake bearer tokens are credentials all the same: only secret-in-capture may fire.
        let allowed = d["rule"] == "secret-in-capture" && !path.ends_with("clean-sanitized.har");
        assert!(allowed || !clean.iter().any(|c| path.ends_with(c)), "finding on a clean fixture: {d}");
        // Ordinary repository files (manifests, settings, schemas, responses) are no requests.
        assert!(!path.contains("not-traffic/"), "finding on a file that is not API traffic: {d}");
        for key in ["rule", "severity", "message", "path", "line", "column", "entry", "pointer", "help"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    // 13 of them are the JSON files of fixtures/not-traffic, read and skipped; 14 the source
    // files of fixtures/source.
    assert_eq!(doc["summary"]["files"], 115);
}

#[test]
fn machine_output_has_no_colour_even_when_asked() {
    let out = gclint()
        .args(["check", "--format", "json", "--color", "always", "fixtures/har/with-bom.har"])
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
    let human = gclint().args(["check", "--color", "always", "fixtures/har/with-bom.har"]).output().unwrap();
    assert!(human.stdout.contains(&0x1b));
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let out = gclint().args(["rules", "--format", "markdown"]).output().unwrap();
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    for r in gclint::rules::rules() {
        assert!(committed.contains(&format!("\n## {}\n", r.name)), "{} has no section", r.name);
    }
}

#[test]
fn the_output_is_the_same_whatever_the_number_of_threads() {
    // Every fixture (many requests per capture, several files) in every machine format.
    for format in ["json", "sarif", "human"] {
        let run = |jobs: &str| {
            let out = gclint()
                .args(["check", "--color", "never", "--format", format, "--jobs", jobs, "fixtures/"])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1));
            out.stdout
        };
        let one = run("1");
        assert!(one.len() > 10_000, "{format}: too little output to compare");
        assert!(run("4") == one, "{format}: --jobs 4 differs from --jobs 1");
    }
}

/// A participant id that is in several other conversations fetched earlier is said to be in the
/// one fetched last, on every run (the conversations are kept in a hash table, whose order
/// changes from one process to the next).
#[test]
fn another_conversation_is_the_one_fetched_last() {
    let get = |id: &str| {
        let body = serde_json::json!({"id": id, "participants": [{"id": "p-shared", "purpose": "agent"}]});
        serde_json::json!({
            "request": {"method": "GET", "url": format!("https://api.mypurecloud.com/api/v2/conversations/{id}"), "headers": []},
            "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": body.to_string()}}
        })
    };
    let own = serde_json::json!({"id": "c-target", "participants": [{"id": "p-own", "purpose": "customer"}]});
    let mut entries = vec![serde_json::json!({
        "request": {"method": "GET", "url": "https://api.mypurecloud.com/api/v2/conversations/c-target", "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": own.to_string()}}
    })];
    entries.extend(["c-b", "c-d", "c-a", "c-c"].map(get));
    entries.push(serde_json::json!({
        "request": {
            "method": "PATCH",
            "url": "https://api.mypurecloud.com/api/v2/conversations/c-target/participants/p-shared",
            "headers": [{"name": "content-type", "value": "application/json"}],
            "postData": {"mimeType": "application/json", "text": "{\"wrapupSkipped\": true}"}
        },
        "response": {"status": 202, "headers": [], "content": {}}
    }));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.har");
    std::fs::write(&path, serde_json::json!({"log": {"entries": entries}}).to_string()).unwrap();
    for _ in 0..8 {
        let output = gclint()
            .args(["check", "--isolated", "--format", "json", "--select", "participant-not-in-conversation"])
            .arg(&path)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let help = report["diagnostics"][0]["help"].as_str().unwrap_or_default().to_owned();
        assert!(help.contains("another conversation, `c-c`"), "{help}");
    }
}

/// Findings at one place come in the registry's order (`gclint rules`), whatever phase each
/// rule's check runs in: unknown-field (a body-schema check) before conflicting-actions (a check
/// of the request alone) on the same member.
#[test]
fn findings_at_one_place_come_in_registry_order() {
    let body = br#"PATCH https://api.mypurecloud.com/api/v2/conversations/emails/c1/participants/p1/attributes
Content-Type: application/json

{"state": "DISCONNECTED", "held": true}
"#;
    let out =
        run_with_stdin(gclint().args(["check", "--isolated", "--format", "json", "--input-format", "http", "-"]), body);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let at_state: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["pointer"] == "/state")
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(at_state, ["unknown-field", "conflicting-actions"], "{doc:#}");
    let listed = String::from_utf8(gclint().arg("rules").output().unwrap().stdout).unwrap();
    let position = |name: &str| listed.lines().position(|l| l.starts_with(&format!("{name} "))).unwrap();
    assert!(position("unknown-field") < position("conflicting-actions"));
}

/// A request to an endpoint Genesys's own apps call, which the public API does not document, is
/// not a mistake: one `info` of unknown-endpoint per request, naming who calls it and where, and
/// nothing else (no wrong method, no missing scope), whatever the token's scopes.
#[test]
fn an_endpoint_genesys_apps_call_is_only_noted() {
    let out = gclint()
        .args(["check", "--isolated", "--format", "json", "--scopes", "conversations:readonly"])
        .arg("tests/data/undocumented-endpoints.http")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let entries: Vec<u64> = diagnostics.iter().map(|d| d["entry"].as_u64().unwrap()).collect();
    assert_eq!(entries, [0, 1, 2, 3, 4, 5], "{diagnostics:#?}");
    for d in diagnostics {
        assert_eq!((d["rule"].as_str(), d["severity"].as_str()), (Some("unknown-endpoint"), Some("info")), "{d}");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains("Genesys's own apps call") && message.contains("does not document"), "{message}");
        let help = d["help"].as_str().unwrap();
        assert!(help.contains("genesys-cloud-webrtc-sdk@196d3a7c"), "{help}");
        assert!(d["suggestion"].is_null(), "{d}");
    }
}

/// `parked` means something on an email participant's PATCH (it parks the email): a state that
/// is no enum member there is pointed at it; on a call participant the help stays on connected
/// and disconnected.
#[test]
fn a_wrong_state_on_an_email_participant_is_pointed_at_parked() {
    let help_of = |path: &str| {
        let out = gclint().args(["check", "--isolated", "--format", "json", path]).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "schema-violation").cloned();
        found.unwrap_or_else(|| panic!("no schema-violation in {path}"))["help"].as_str().unwrap().to_owned()
    };
    let email = help_of("tests/rules/schema-violation/fire/email-participant-state-park.http");
    assert!(email.contains(r#"did you mean "parked"?"#), "{email}");
    let call = help_of("tests/rules/schema-violation/fire/state-not-in-enum.http");
    assert!(call.contains(r#"only "connected" and "disconnected""#) && !call.contains("parked"), "{call}");
}

/// A file read as the format the user named, with nothing of that format in it, is an error to
/// say so, never "no problems".
#[test]
fn a_format_named_that_the_file_is_not_is_no_pass() {
    for format in ["data-action", "terraform", "gc-log", "postman", "insomnia", "sdk-text", "jsonl", "curl"] {
        let out = gclint()
            .args([
                "check",
                "--isolated",
                "--format",
                "json",
                "--input-format",
                format,
                "fixtures/not-traffic/package.json",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<&str> =
            doc["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
        assert_eq!(rules, ["invalid-input"], "{format}: {doc}");
    }
}
