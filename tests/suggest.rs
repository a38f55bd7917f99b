//! Suggestions and fixes: the suggested requests of every seed mistake and of every rule that
//! suggests (JSON snapshots; the human block is in the `cli` snapshots), `gclint suggest` in each
//! form (the .http and curl forms re-check clean), and `gclint check --fix` / `--diff`.

use std::path::Path;
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env_remove("GITHUB_STEP_SUMMARY").env("COLUMNS", "100");
    cmd
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The findings of `paths` that carry a suggestion: rule, place and the suggestion.
fn suggestions(paths: &[&str]) -> Value {
    let out = gclint().args(["check", "--format", "json", "--isolated"]).args(paths).output().unwrap();
    let doc = json_of(&out);
    let found: Vec<Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["suggestion"].is_null())
        .map(|d| {
            serde_json::json!({
                "rule": d["rule"], "at": format!("{}:{}:{}", d["path"].as_str().unwrap(), d["line"], d["column"]),
                "suggestion": d["suggestion"],
            })
        })
        .collect();
    Value::Array(found)
}

#[test]
fn suggestions_of_the_seed_mistakes() {
    insta::assert_json_snapshot!(suggestions(&[
        "fixtures/har/seed-conversations-root.har",
        "fixtures/har/seed-call-root-participants.har",
        "fixtures/har/put-participant.har",
        "fixtures/http/seed-mistakes.http",
        "fixtures/curl/seed-mistakes.sh",
        "fixtures/payloads/action-disconnect.json",
        "fixtures/payloads/attributes-bool.json",
        "fixtures/payloads/enum-case.json",
        "fixtures/payloads/root-participants.json",
    ]));
}

#[test]
fn suggestions_of_every_rule_that_suggests() {
    let all = suggestions(&[
        "fixtures/har/unknown-endpoints.har",
        "fixtures/har/method-not-allowed.har",
        "fixtures/har/deprecated-removed.har",
        "fixtures/har/unknown-fields.har",
        "fixtures/har/enum-case.har",
        "fixtures/har/schema-violations.har",
        "fixtures/har/capture-conflicts.har",
    ]);
    let rules: std::collections::BTreeSet<&str> =
        all.as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    for rule in [
        "unknown-endpoint",
        "method-not-allowed",
        "removed-endpoint",
        "deprecated-endpoint",
        "unknown-field",
        "enum-case",
        "schema-violation",
        "conflicting-actions",
        "root-endpoint-patch",
    ] {
        assert!(rules.contains(rule), "no suggestion from {rule}: {rules:?}");
    }
    insta::assert_json_snapshot!(all);
}

#[test]
fn suggestions_never_carry_the_recorded_token() {
    // The seed captures hold live-looking bearer tokens; suggestions show a placeholder only.
    let text =
        suggestions(&["fixtures/har/seed-call-root-participants.har", "fixtures/curl/devtools-copy-as-curl-cmd.txt"])
            .to_string();
    assert!(text.contains("Bearer {{token}}"), "{text}");
    for recorded in ["FVGqzBqh3zjv", "q8Zr3TnVx1Lm"] {
        assert!(!text.contains(recorded), "{recorded} in {text}");
    }
}

/// An API call to a wrong host is suggested again, as it was sent, at the API host of the
/// environment it was meant for, and only when that environment is plain; the suggestions of the
/// request's other findings go there too, and its body changes ride along.
#[test]
fn a_wrong_host_is_suggested_the_api_host_of_its_environment() {
    let out = gclint().args(["check", "--format", "json", "--isolated", "tests/data/hosts.http"]).output().unwrap();
    let doc = json_of(&out);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let conversation = "0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93";
    let participant = format!("{conversation}/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46");
    let host_findings: Vec<(u64, Value)> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "unknown-host")
        .map(|d| {
            let request = &d["suggestion"]["requests"][0];
            let suggested = if request.is_null() {
                Value::Null
            } else {
                serde_json::json!([request["method"], request["url"], request["body"]])
            };
            (d["entry"].as_u64().unwrap(), suggested)
        })
        .collect();
    let expected = |method: &str, url: String, body: Value| serde_json::json!([method, url, body]);
    assert_eq!(
        host_findings,
        [
            (
                0,
                expected(
                    "PATCH",
                    format!("https://api.mypurecloud.com/api/v2/conversations/calls/{participant}"),
                    serde_json::json!({"state": "disconnected"})
                )
            ),
            (
                1,
                expected("GET", format!("https://api.mypurecloud.ie/api/v2/conversations/{conversation}"), Value::Null)
            ),
            (
                2,
                expected(
                    "DELETE",
                    format!("https://api.usw2.pure.cloud/api/v2/conversations/{conversation}"),
                    Value::Null
                )
            ),
            (
                3,
                expected(
                    "PATCH",
                    format!("https://api.mypurecloud.com/api/v2/conversations/calls/{participant}"),
                    serde_json::json!({"state": "disconnected"})
                )
            ),
            (4, Value::Null),
            (5, expected("GET", "https://api.inintca.com/api/v2/users/me".into(), Value::Null)),
        ]
    );
    // The body finding on the organisation's subdomain suggests the API host as well.
    let field = diagnostics.iter().find(|d| d["rule"] == "unknown-field").unwrap();
    let url = field["suggestion"]["requests"][0]["url"].as_str().unwrap();
    assert!(url.starts_with("https://api.mypurecloud.com/"), "{url}");
}

/// Suggested SDK code calls each operation through an object of its own API class: a recording
/// of a conversation is RecordingApi's, not ConversationsApi's.
#[test]
fn sdk_calls_go_through_the_api_class_of_their_operation() {
    let code = |form: &str| {
        let out =
            gclint().args(["suggest", "--isolated", "--as", form, "tests/data/recording-path-typo.http"]).output();
        String::from_utf8(out.unwrap().stdout).unwrap()
    };
    let js = code("js");
    assert!(js.contains("const recordingApi = new platformClient.RecordingApi();"), "{js}");
    assert!(js.contains("await recordingApi.getConversationRecording("), "{js}");
    let python = code("python");
    assert!(python.contains("recording_api = PureCloudPlatformClientV2.RecordingApi()"), "{python}");
    assert!(python.contains("\nrecording_api.get_conversation_recording("), "{python}");
}

/// The captures of the fixtures (every format but payloads), each file on its own.
const CAPTURES: &[&str] = &[
    "fixtures/har/seed-conversations-root.har",
    "fixtures/har/seed-call-root-participants.har",
    "fixtures/har/put-participant.har",
    "fixtures/har/unknown-endpoints.har",
    "fixtures/har/method-not-allowed.har",
    "fixtures/har/deprecated-removed.har",
    "fixtures/har/schema-violations.har",
    "fixtures/har/unknown-fields.har",
    "fixtures/har/enum-case.har",
    "fixtures/har/capture-conflicts.har",
    "fixtures/http/seed-mistakes.http",
    "fixtures/curl/seed-mistakes.sh",
    "fixtures/logs/sdk-python.jsonl",
    "fixtures/logs/sdk-text.log",
    "fixtures/logs/requests.ndjson",
    "fixtures/payloads/action-disconnect.json",
    "fixtures/payloads/attributes-bool.json",
    "fixtures/payloads/enum-case.json",
    "fixtures/payloads/root-participants.json",
    "tests/data/hosts.http",
];

#[test]
fn suggested_http_and_curl_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    for form in ["http", "curl"] {
        for path in CAPTURES {
            let out = gclint().args(["suggest", "--as", form, path]).output().unwrap();
            assert!(out.status.success(), "{form} {path}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(!out.stdout.is_empty(), "{form} {path}: nothing suggested");
            let file = dir.path().join(format!("suggested.{}", if form == "http" { "http" } else { "sh" }));
            std::fs::write(&file, &out.stdout).unwrap();
            let check = gclint().args(["check", "--format", "json", "--isolated"]).arg(&file).output().unwrap();
            let doc = json_of(&check);
            assert_eq!(
                doc["diagnostics"],
                serde_json::json!([]),
                "{form} of {path} does not check clean:\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
            assert!(check.status.success());
        }
    }
}

#[test]
fn suggest_as_every_form() {
    let seeds = [
        "fixtures/har/seed-call-root-participants.har",
        "fixtures/http/seed-mistakes.http",
        "fixtures/har/deprecated-removed.har",
        "fixtures/payloads/attributes-bool.json",
    ];
    for form in ["http", "curl", "js", "python"] {
        let out = gclint().args(["suggest", "--as", form]).args(seeds).output().unwrap();
        assert!(out.status.success());
        insta::assert_snapshot!(format!("suggest_as_{form}"), String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn sdk_method_names_come_from_the_reference() {
    let out =
        gclint().args(["suggest", "--as", "js", "fixtures/har/seed-call-root-participants.har"]).output().unwrap();
    let js = String::from_utf8(out.stdout).unwrap();
    assert!(js.contains("require(\"purecloud-platform-client-v2\")"), "{js}");
    assert!(js.contains("conversationsApi.patchConversationsCallParticipant("), "{js}");
    let out =
        gclint().args(["suggest", "--as", "python", "fixtures/har/seed-call-root-participants.har"]).output().unwrap();
    let py = String::from_utf8(out.stdout).unwrap();
    assert!(py.contains("import PureCloudPlatformClientV2"), "{py}");
    assert!(py.contains("conversations_api.patch_conversations_call_participant("), "{py}");
    // Every method named is one the reference lists.
    let reference = Path::new("schemas/reference/conversations-endpoints.json");
    if let Ok(text) = std::fs::read_to_string(reference) {
        for (name, field) in [(&js, "js_method"), (&py, "py_method")] {
            let method = name.split("Api.").nth(1).or_else(|| name.split("_api.").nth(1)).unwrap();
            let method = method.split('(').next().unwrap();
            assert!(text.contains(&format!("\"{field}\": \"{method}\"")), "{method} is not in the reference");
        }
    }
}

#[test]
fn nothing_to_suggest_on_a_clean_capture() {
    let out = gclint().args(["suggest", "fixtures/http/clean.http"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to suggest"));
}

/// A copy of `fixtures/fix/` in a temporary directory.
fn fix_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("fixtures/fix").unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    gclint().current_dir(dir).args(args).output().unwrap()
}

#[test]
fn fix_edits_payloads_and_http_files_in_place() {
    let dir = fix_copy();
    let before = contents(dir.path());
    let out = run_in(dir.path(), &["check", "--isolated", "--fix", "--color", "never", "."]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    insta::assert_snapshot!("fix_messages", stderr);
    // What is left after the fix is reported, and nothing is.
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let after = contents(dir.path());
    let shown: String = after.iter().map(|(name, text)| format!("=== {name}\n{text}")).collect();
    insta::assert_snapshot!("fixed_files", shown);
    // Only the fixed bytes changed: every line that changed held a fix.
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        assert_eq!(old.lines().count(), new.lines().count(), "{name}");
        for (a, b) in old.lines().zip(new.lines()) {
            if a != b {
                let fixed = ["\"true\"", "\"false\"", "\"42\"", "\"1.50\"", "\"3\"", "\"state\"", "connected"];
                assert!(fixed.iter().any(|f| b.contains(f)), "{name}: {a:?} -> {b:?}");
            }
        }
    }
    // The fixed files check clean, and a second --fix changes nothing.
    let check = run_in(dir.path(), &["check", "--isolated", "--format", "json", "."]);
    assert_eq!(json_of(&check)["diagnostics"], serde_json::json!([]));
    let again = run_in(dir.path(), &["check", "--isolated", "--fix", "."]);
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stderr).contains("fixed"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(contents(dir.path()), after);
    // No temporary file is left behind.
    assert_eq!(after.len(), before.len());
}

#[test]
fn diff_shows_the_fixes_without_writing() {
    let dir = fix_copy();
    let before = contents(dir.path());
    let out = run_in(dir.path(), &["check", "--isolated", "--diff", "attributes.json", "requests.http"]);
    assert_eq!(out.status.code(), Some(1), "a diff with changes exits 1");
    insta::assert_snapshot!("fix_diff", String::from_utf8(out.stdout).unwrap());
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn recordings_are_never_edited() {
    let dir = tempfile::tempdir().unwrap();
    for path in ["fixtures/har/enum-case.har", "fixtures/logs/sdk-js-trace.jsonl"] {
        std::fs::copy(path, dir.path().join(Path::new(path).file_name().unwrap())).unwrap();
    }
    // A curl command whose one mistake --fix would make right if it were a file people write.
    let curl = "curl -X PATCH 'https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46' \\\n  -H 'Content-Type: application/json' --data-raw '{\"state\": \"DISCONNECTED\"}'\n";
    std::fs::write(dir.path().join("seed-mistakes.sh"), curl).unwrap();
    let before = contents(dir.path());
    let out = run_in(dir.path(), &["check", "--isolated", "--fix", "--format", "compact", "."]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    for name in ["enum-case.har", "seed-mistakes.sh", "sdk-js-trace.jsonl"] {
        assert!(
            stderr.lines().any(|l| l.contains("not fixing") && l.contains(name) && l.contains("it is a recording")),
            "{name}: {stderr}"
        );
    }
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn values_from_variables_are_not_edited() {
    let dir = tempfile::tempdir().unwrap();
    let text = "@state = DISCONNECTED\n\nPATCH https://api.mypurecloud.com/api/v2/conversations/c0ffee00-0000-4000-8000-000000000001/participants/c0ffee00-0000-4000-8000-000000000002\nContent-Type: application/json\n\n{\"state\": \"{{state}}\"}\n";
    std::fs::write(dir.path().join("vars.http"), text).unwrap();
    let out = run_in(dir.path(), &["check", "--isolated", "--fix", "--format", "compact", "vars.http"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("not fixing vars.http:6:11 enum-case"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("vars.http")).unwrap(), text);
}

#[test]
fn sarif_fixes_edit_payload_files_and_requests_go_in_properties() {
    let out = gclint()
        .args([
            "check",
            "--isolated",
            "--format",
            "sarif",
            "fixtures/payloads/enum-case.json",
            "fixtures/har/put-participant.har",
        ])
        .output()
        .unwrap();
    let doc = json_of(&out);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let enum_case = results.iter().find(|r| r["ruleId"] == "enum-case").unwrap();
    let change = &enum_case["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "fixtures/payloads/enum-case.json");
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 2, "startColumn": 12, "endLine": 2, "endColumn": 26},
            "insertedContent": {"text": "\"disconnected\""}
        })
    );
    assert!(enum_case["properties"].get("suggestion").is_none());
    let put = results.iter().find(|r| r["ruleId"] == "put-method").unwrap();
    assert!(put.get("fixes").is_none());
    assert_eq!(put["properties"]["suggestion"]["requests"][0]["method"], "PATCH");
}

/// A request as `gclint suggest` writes it: method, URL, body.
type Written = (String, String, Value);

/// The requests `gclint suggest` (with `args`) writes for `path`, each with the entry it corrects.
fn written(args: &[&str], path: &Path) -> Vec<(Option<usize>, Written)> {
    let out = gclint().args(["suggest", "--isolated"]).args(args).arg(path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut requests = Vec::new();
    for block in text.split("\n### ").skip(1) {
        let (head, rest) = block.split_once('\n').unwrap();
        let entry = head.split(" entry ").nth(1).map(|e| e.split(' ').next().unwrap().parse().unwrap());
        let Some(line) = rest.lines().find(|l| !l.starts_with('#')) else { continue };
        let (method, url) = line.split_once(' ').unwrap();
        let body = rest.split_once("\n\n").map(|(_, b)| b.trim()).filter(|b| !b.is_empty());
        let body = body.map_or(Value::Null, |b| serde_json::from_str(b).unwrap());
        requests.push((entry, (method.to_owned(), url.to_owned(), body)));
    }
    requests
}

/// The requests `gclint suggest` writes for `path`, by the entry they correct.
fn suggested_by_entry(path: &str) -> std::collections::BTreeMap<usize, Vec<Written>> {
    let mut by_entry: std::collections::BTreeMap<usize, Vec<Written>> = Default::default();
    for (entry, request) in written(&[], Path::new(path)) {
        by_entry.entry(entry.unwrap()).or_default().push(request);
    }
    by_entry
}

const API: &str = "https://api.mypurecloud.com/api/v2/conversations";
const C: &str = "0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93";
const P: &str = "5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46";

/// The one right call for each mistake seen in the wild that issue 19 lists, by its place in
/// fixtures/http/advice.http (and in the same mistakes written as curl commands, a HAR capture
/// and payload files).
fn advice_wanted() -> Vec<(usize, Vec<Written>)> {
    let drop = |media: &str| {
        ("PATCH".to_owned(), format!("{API}/{media}{C}/participants/{P}"), serde_json::json!({"state": "disconnected"}))
    };
    vec![
        // A conference disconnect naming one participant drops that participant: never the
        // teardown `POST /conversations/{id}/disconnect`.
        (0, vec![drop("calls/")]),
        (1, vec![drop("calls/")]),
        (
            2,
            vec![(
                "POST".into(),
                format!("{API}/{C}/participants/{P}/replace/queue"),
                serde_json::json!({"queueId": "a1b2c3d4-0000-4e8f-a3d0-7c1b9f5e2a46"}),
            )],
        ),
        (3, vec![("PATCH".into(), format!("{API}/calls/{C}/participants/{P}"), serde_json::json!({"held": true}))]),
        // Participant data goes to .../attributes, which is what the PUT meant.
        (
            4,
            vec![(
                "PATCH".into(),
                format!("{API}/calls/{C}/participants/{P}/attributes"),
                serde_json::json!({"attributes": {"vip": "yes"}}),
            )],
        ),
        // "Drop the agent" through the root: the participant-level request, the participant left
        // for the user to name; never the root request lower-cased into working.
        (
            5,
            vec![(
                "PATCH".into(),
                format!("{API}/calls/{C}/participants/{{{{participantId}}}}"),
                serde_json::json!({"state": "disconnected"}),
            )],
        ),
        // The removed chats path: the messages form, not the enum fixed on the removed path.
        (6, vec![drop("messages/")]),
        (7, vec![drop("calls/")]),
        (
            8,
            vec![(
                "PATCH".into(),
                format!("{API}/calls/{{{{conversationId}}}}/participants/{P}"),
                serde_json::json!({"state": "disconnected"}),
            )],
        ),
        (9, vec![drop("")]),
        (10, vec![drop("calls/")]),
    ]
}

/// What of `want` a form got otherwise, one line each; and that nothing in it ends the
/// conversation for everyone.
fn advice_differences(got: &std::collections::BTreeMap<usize, Vec<Written>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (entry, requests) in &advice_wanted() {
        if got.get(entry) != Some(requests) {
            wrong.push(format!("entry {entry}: want {requests:?}\n          got {:?}", got.get(entry)));
        }
    }
    for (method, url, body) in got.values().flatten() {
        let root = url.trim_end_matches('/').rsplit('/').nth(1).is_some_and(|s| s == "conversations");
        if url.ends_with("/disconnect") || method == "DELETE" && root {
            wrong.push(format!("a teardown: {method} {url}"));
        }
        if body["state"] == "disconnected" && !url.contains("/participants/") {
            wrong.push(format!("a root disconnect: {method} {url} {body}"));
        }
    }
    wrong
}

/// The mistakes seen in the wild that issue 19 lists, each as its author sent it
/// (fixtures/http/advice.http): the one right call for what was meant, never a bigger hammer.
#[test]
fn advice_for_mistakes_seen_in_the_wild() {
    let wrong = advice_differences(&suggested_by_entry("fixtures/http/advice.http"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The same mistakes as curl commands (fixtures/curl/advice.sh) and recorded in a HAR capture
/// (fixtures/har/advice.har): the same calls, whatever form the request came in.
#[test]
fn advice_for_mistakes_seen_in_the_wild_as_curl_and_har() {
    for path in ["fixtures/curl/advice.sh", "fixtures/har/advice.har"] {
        let wrong = advice_differences(&suggested_by_entry(path));
        assert!(wrong.is_empty(), "{path}:\n{}", wrong.join("\n"));
    }
}

/// The same mistakes as payload files, each checked against the endpoint it was sent to
/// (`--endpoint` with the URL as sent): the same calls again.
#[test]
fn advice_for_mistakes_seen_in_the_wild_as_payloads() {
    let sent = [
        (0, "POST", format!("{API}/conferences/{C}/disconnect")),
        (1, "PATCH", format!("{API}/conferences/{C}")),
        (2, "PATCH", format!("{API}/voice/{C}")),
        (3, "PATCH", format!("{API}/voice/{C}")),
        (4, "PUT", format!("{API}/calls/{C}/participants/{P}")),
        (5, "PATCH", format!("{API}/calls/{C}")),
        (6, "PATCH", format!("{API}/chats/{C}/participants/{P}")),
        (7, "PATCH", format!("{API}/voice/{C}/participants/{P}")),
        (8, "PUT", format!("{API}/phone/participants/{P}")),
        (9, "POST", format!("{API}/participants/update")),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/advice");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), sent.len());
    let mut got = std::collections::BTreeMap::new();
    for ((entry, method, url), file) in sent.iter().zip(&files) {
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with(&format!("{entry:02}-")), "{name}");
        let endpoint = format!("{method} {url}");
        // A payload's corrected request is a path, for the user's own region.
        for (_, (method, path, body)) in written(&["--endpoint", &endpoint], file) {
            let url = format!("https://api.mypurecloud.com{path}");
            got.entry(*entry).or_insert_with(Vec::new).push((method, url, body));
        }
    }
    // A DELETE has no body to keep in a file: the last mistake has no payload form.
    let mut wrong = advice_differences(&got);
    wrong.retain(|w| !w.starts_with("entry 10:"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `--fix` never completes a request that a rule calls dangerous: the root PATCH's
/// `"DISCONNECTED"` stays as it is, and the finding says why.
#[test]
fn fix_leaves_a_root_disconnect_broken() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drop-agent.http");
    let text = "### drop the agent\nPATCH https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93\nContent-Type: application/json\n\n{\"state\": \"DISCONNECTED\"}\n";
    std::fs::write(&file, text).unwrap();
    let out = gclint().args(["check", "--isolated", "--fix", "--color", "never"]).arg(&file).output().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "the file is left as it is");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("--fix does not make this change") && said.contains("root-endpoint-patch"), "{said}");
    assert_eq!(out.status.code(), Some(1));
}

/// The findings of `gclint check` on a file holding `text`, named `name`, with `args`.
fn findings_of(name: &str, text: &str, args: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out = gclint().args(["check", "--isolated", "--format", "json"]).args(args).arg(&file).output().unwrap();
    json_of(&out)["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// The corrected requests `gclint suggest` writes for a file holding `text`, named `name`.
fn suggested_for(name: &str, text: &str) -> Vec<Written> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    written(&[], &file).into_iter().map(|(_, request)| request).collect()
}

/// A template's `{id}` left in a request as sent is no placeholder: the API gets the braces
/// (or, from curl, which reads `{a}` as a set, the bare word). Flagged at the segment, in each
/// form a request is sent or recorded in; a template given for a payload is not a request sent.
#[test]
fn a_template_placeholder_left_in_a_sent_path_is_flagged() {
    let unfilled = |found: &[Value], name: &str| -> Vec<u64> {
        found
            .iter()
            .filter(|d| d["rule"] == "unknown-endpoint" && d["message"].as_str().unwrap().contains(name))
            .filter(|d| d["message"].as_str().unwrap().contains("never filled in"))
            .map(|d| d["column"].as_u64().unwrap())
            .collect()
    };
    let path = format!("/api/v2/conversations/calls/{{id}}/participants/{P}");
    let http = format!(
        "PATCH https://api.mypurecloud.com{path}\nContent-Type: application/json\n\n{{\"state\":\"disconnected\"}}\n"
    );
    let found = findings_of("drop.http", &http, &[]);
    assert_eq!(unfilled(&found, "`{id}`"), [62], "{found:?}");
    let curl = format!(
        "curl -X PATCH \"https://api.mypurecloud.com/api/v2/conversations/{{conversationId}}/participants/{P}\" \\\n  -H 'Content-Type: application/json' -d '{{\"state\":\"disconnected\"}}'\n"
    );
    let found = findings_of("drop.sh", &curl, &[]);
    assert_eq!(unfilled(&found, "`{conversationId}`"), [65], "{found:?}");
    assert!(found.iter().any(|d| d["message"].as_str().unwrap().contains("curl")), "{found:?}");
    // A browser writes the braces percent-encoded.
    let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [{
        "startedDateTime": "2026-11-20T18:30:10.000Z", "time": 1,
        "request": {"method": "GET", "url": "https://api.mypurecloud.com/api/v2/conversations/%7BconversationId%7D",
            "httpVersion": "HTTP/1.1", "cookies": [], "headers": [], "queryString": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 400, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
            "content": {"size": 0, "mimeType": ""}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}]}});
    let found = findings_of("capture.har", &har.to_string(), &[]);
    assert_eq!(unfilled(&found, "`{conversationId}`").len(), 1, "{found:?}");
    // Templates where templates belong: `--endpoint`, and the variables of request files,
    // shells, Data Actions and collections.
    let endpoint = "PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}";
    let found = findings_of("body.json", r#"{"state": "disconnected"}"#, &["--endpoint", endpoint]);
    assert!(found.is_empty(), "{found:?}");
    let found = findings_of("drop.http", &http.replace("{id}", "{{id}}"), &[]);
    assert!(found.is_empty(), "{found:?}");
    let found = findings_of("drop.sh", &curl.replace("{conversationId}", "$CONV_ID"), &[]);
    assert!(found.is_empty(), "{found:?}");
    let out = gclint().args(["check", "--isolated", "--format", "json", "fixtures/genesys"]).output().unwrap();
    let all = json_of(&out)["diagnostics"].as_array().cloned().unwrap();
    assert!(all.iter().all(|d| !d["message"].as_str().unwrap().contains("never filled in")), "{all:?}");
}

/// Paths invented by machine-written answers get the one real call they stand for: the family
/// word said twice, a media word where the media collection belongs (`chat`: the chats API is
/// gone, messages replaced it).
#[test]
fn invented_paths_get_the_one_right_call() {
    for (path, want) in [
        (format!("/api/v2/conversations/conversations/{C}"), format!("{API}/{C}")),
        (format!("/api/v2/conversations/chat/{C}"), format!("{API}/messages/{C}")),
    ] {
        let text = format!("GET https://api.mypurecloud.com{path}\n");
        let got = suggested_for("get.http", &text);
        assert_eq!(got, [("GET".to_owned(), want, Value::Null)], "{path}");
    }
}

/// A host one slip of the keyboard from an environment is that environment's API host, named or
/// not like Genesys Cloud; hosts of other servers (a mock, your own proxy) are left alone.
#[test]
fn a_misspelt_host_is_the_environment_it_is_nearest() {
    let path = format!("/api/v2/conversations/calls/{C}/participants/{P}");
    let request = |host: &str| {
        format!("PATCH https://{host}{path}\nContent-Type: application/json\n\n{{\"state\":\"disconnected\"}}\n")
    };
    for (host, meant) in [
        ("api.mypurcloud.com", "api.mypurecloud.com"),
        ("api.inindac.com", "api.inindca.com"),
        ("api.ininda.com", "api.inindca.com"),
        ("api.mypurecloud.con", "api.mypurecloud.com"),
        ("api.inintca.co", "api.inintca.com"),
        ("api.mypurecloud.i", "api.mypurecloud.ie"),
    ] {
        let found = findings_of("drop.http", &request(host), &[]);
        let hosts: Vec<&Value> = found.iter().filter(|d| d["rule"] == "unknown-host").collect();
        assert_eq!(hosts.len(), 1, "{host}: {found:?}");
        assert!(hosts[0]["help"].as_str().unwrap().contains(&format!("`{meant}`")), "{host}: {found:?}");
        let got = suggested_for("drop.http", &request(host));
        let want = ("PATCH".to_owned(), format!("https://{meant}{path}"), serde_json::json!({"state": "disconnected"}));
        assert_eq!(got, [want], "{host}");
    }
    for host in [
        "localhost:8080",
        "127.0.0.1:3000",
        "example.com",
        "api.example.com",
        "mock.acme.internal",
        "proxy.acme.com",
        "india.com",
        "api.intca.com",
    ] {
        let found = findings_of("drop.http", &request(host), &[]);
        assert!(found.iter().all(|d| d["rule"] != "unknown-host"), "{host}: {found:?}");
    }
}

/// put-method's help names the call it suggests: participant data goes to `.../attributes`.
#[test]
fn put_method_help_says_what_it_suggests() {
    let text = format!(
        "PUT https://api.mypurecloud.com/api/v2/conversations/calls/{C}/participants/{P}\nContent-Type: application/json\n\n{{\"attributes\": {{\"vip\": \"yes\"}}}}\n"
    );
    let found = findings_of("put.http", &text, &[]);
    let put = found.iter().find(|d| d["rule"] == "put-method").expect("a put-method finding");
    let help = put["help"].as_str().unwrap();
    let url = put["suggestion"]["requests"][0]["url"].as_str().unwrap();
    assert!(url.ends_with("/attributes"), "{put}");
    assert!(help.contains(&format!("/participants/{P}/attributes`")), "{help}");
    assert!(!help.contains("disconnected"), "{help}");
}

/// A note on a corrected request names only what the request still needs: the deprecated
/// `.../replace` is settled by a suggestion that goes to `.../replace/queue`.
#[test]
fn no_note_on_what_the_suggested_request_settles() {
    let text = format!(
        "POST https://api.mypurecloud.com/api/v2/conversations/{C}/participants/{P}/replace\nContent-Type: application/json\n\n{{\"transferTargetType\": \"queue\", \"transferTargetId\": \"a1b2c3d4-0000-4e8f-a3d0-7c1b9f5e2a46\"}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("transfer.http");
    std::fs::write(&file, text).unwrap();
    let out = gclint().args(["suggest", "--isolated"]).arg(&file).output().unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains(&format!("/participants/{P}/replace/queue\n")), "{said}");
    assert!(!said.contains("still to fix"), "{said}");
}
