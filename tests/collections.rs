//! Postman collections and Insomnia exports through `gclint check`, `redact` and `--fix`: the
//! mistakes of the requests in them flagged where they are written in the collection file, the
//! correct requests quiet, the credentials they hold counted, masked and redacted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

const DIR: &str = "fixtures/genesys/collections";
const POSTMAN_TOKEN: &str = "Zq3vX9kLm2Pw8RtY4uIo6EaSdFgHjK1l";
const INSOMNIA_TOKEN: &str = "Vb7nM2xQ9wErT5yU1iOp3AsDfGhJkL0z";

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name)
}

/// The JSON report of `gclint check` on `path` (with `args` before it), and its exit code.
fn check_json(path: &Path, args: &[&str]) -> (Vec<Value>, Option<i32>) {
    let out = gclint().arg("check").args(args).args(["--format", "json"]).arg(path).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    (report["diagnostics"].as_array().cloned().unwrap_or_default(), out.status.code())
}

/// The 1-based line and column (in characters) where the `nth` (0-based) occurrence of `needle`
/// starts in `text`.
fn line_col(text: &str, needle: &str, nth: usize) -> (u64, u64) {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle} #{nth} not in the file")).0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    (line as u64, column as u64)
}

/// Each finding as (rule, line, column), in the report's order.
fn places(diagnostics: &[Value]) -> Vec<(String, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (d["rule"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0))
        })
        .collect()
}

fn place(rule: &str, (line, column): (u64, u64)) -> (String, u64, u64) {
    (rule.to_owned(), line, column)
}

#[test]
fn a_postman_collection_s_mistakes_are_flagged_where_they_are_written() {
    let path = fixture("mistakes.postman_collection.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (diagnostics, code) = check_json(&path, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        places(&diagnostics),
        vec![
            // The collection's bearer token, where it is written.
            place("secret-in-capture", line_col(&text, POSTMAN_TOKEN, 0)),
            // The root PATCH in the folder: its body is a JSON string in the file, so the
            // member's place is its escaped quote.
            place("root-endpoint-patch", line_col(&text, r#"\"state\": \"disconnected\""#, 0)),
            // A finding about the method points at the URL, as in every format.
            place(
                "put-method",
                line_col(&text, "{{baseUrl}}/api/v2/conversations/calls/{{conversationId}}/participants", 0)
            ),
            place("enum-case", line_col(&text, r#"\"CONNECTED\""#, 0)),
        ],
        "{diagnostics:#?}"
    );
    // The URL's variables are filled from the collection; the participant is left as written.
    let put = &diagnostics[2];
    assert_eq!(
        put["request"],
        "PUT https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/{{participantId}}"
    );
    // The disabled `Content-Type: application/x-www-form-urlencoded` is not sent: the JSON body
    // is read as JSON, so no invalid-json.
    assert!(diagnostics.iter().all(|d| d["rule"] != "invalid-json"));
}

#[test]
fn an_insomnia_export_s_mistakes_are_flagged_where_they_are_written() {
    let path = fixture("mistakes.insomnia.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (diagnostics, code) = check_json(&path, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        places(&diagnostics),
        vec![
            // The sub-environment's token (a live credential in the export).
            place("secret-in-capture", line_col(&text, INSOMNIA_TOKEN, 0)),
            place("root-endpoint-patch", line_col(&text, r#"\"state\": \"disconnected\""#, 0)),
            place(
                "put-method",
                line_col(&text, "{{ _.baseUrl }}/api/v2/conversations/calls/{{ _.conversationId }}/participants", 0)
            ),
            place("enum-case", line_col(&text, r#"\"CONNECTED\""#, 0)),
        ],
        "{diagnostics:#?}"
    );
    // `{{ _.baseUrl }}` is filled from the base environment with the first sub-environment's
    // region over it; an unknown variable and a `{% response %}` tag stay placeholders.
    assert_eq!(
        diagnostics[2]["request"],
        "PUT https://api.mypurecloud.ie/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/{{participantId}}"
    );
    assert!(diagnostics[3]["request"].as_str().unwrap().ends_with("/participants/{{response}}"));
}

#[test]
fn correct_collections_are_quiet() {
    for name in ["clean.postman_collection.json", "clean.insomnia.json"] {
        let (diagnostics, code) = check_json(&fixture(name), &[]);
        assert_eq!((places(&diagnostics), code), (vec![], Some(0)), "{name}");
    }
}

#[test]
fn values_filled_in_when_sent_are_no_mistakes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/placeholder-values.postman_collection.json");
    let (diagnostics, code) = check_json(&path, &[]);
    assert_eq!((places(&diagnostics), code), (vec![], Some(0)));
}

#[test]
fn collections_are_told_apart_by_content_whatever_their_names() {
    let dir = tempdir();
    for (name, copy) in
        [("mistakes.postman_collection.json", "export.json"), ("mistakes.insomnia.json", "Insomnia_2026-11-20")]
    {
        let to = dir.join(copy);
        std::fs::copy(fixture(name), &to).unwrap();
        let (diagnostics, _) = check_json(&to, &[]);
        assert!(diagnostics.iter().any(|d| d["rule"] == "put-method"), "{copy}: {diagnostics:#?}");
    }
    // Named as a collection, a file that is not one is an input error, not a pass.
    let other = dir.join("package.json");
    std::fs::write(&other, r#"{"name": "x", "version": "1.0.0"}"#).unwrap();
    for format in ["postman", "insomnia"] {
        let (diagnostics, code) = check_json(&other, &["--input-format", format]);
        assert_eq!(code, Some(1), "{format}");
        assert_eq!(diagnostics[0]["rule"], "invalid-input", "{format}");
    }
}

#[test]
fn collection_credentials_are_masked_in_every_output() {
    for (name, token) in
        [("mistakes.postman_collection.json", POSTMAN_TOKEN), ("mistakes.insomnia.json", INSOMNIA_TOKEN)]
    {
        for format in ["human", "json", "sarif"] {
            let out =
                gclint().args(["check", "--color", "never", "--format", format]).arg(fixture(name)).output().unwrap();
            let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(!all.contains(token), "{name} as {format}: the token is printed");
            assert!(!all.contains(&token[..12]), "{name} as {format}: part of the token is printed");
        }
        let out = gclint().args(["suggest"]).arg(fixture(name)).output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains(token), "{name}: suggest prints the token");
    }
}

fn redact(path: &Path) -> (String, Output) {
    let out = gclint().arg("redact").arg(path).output().unwrap();
    (String::from_utf8(out.stdout.clone()).unwrap(), out)
}

#[test]
fn redacting_a_collection_replaces_its_credentials_and_nothing_else() {
    let dir = tempdir();
    for (name, token) in
        [("mistakes.postman_collection.json", POSTMAN_TOKEN), ("mistakes.insomnia.json", INSOMNIA_TOKEN)]
    {
        let original = std::fs::read_to_string(fixture(name)).unwrap();
        let (copy, out) = redact(&fixture(name));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!copy.contains(token), "{name}");
        assert_eq!(copy, original.replace(token, &format!("<redacted:{}>", token.len())), "{name}");
        // The copy is the same collection without its secret: the same mistakes, no credential.
        let to = dir.join(name);
        std::fs::write(&to, &copy).unwrap();
        let (after, _) = check_json(&to, &[]);
        let (before, _) = check_json(&fixture(name), &[]);
        let rules = |d: &[Value]| d.iter().map(|d| d["rule"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
        let mut expected = rules(&before);
        expected.retain(|r| r != "secret-in-capture");
        assert_eq!(rules(&after), expected, "{name}");
    }
}

#[test]
fn redaction_knows_every_place_a_collection_keeps_a_credential() {
    let postman = r#"{"info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "auth": {"type": "oauth2", "oauth2": [{"key": "accessToken", "value": "AT-live-1"}, {"key": "clientSecret", "value": "CS-live-2"}, {"key": "addTokenTo", "value": "header"}]},
  "variable": [{"key": "password", "value": "PW-live-3"}, {"key": "baseUrl", "value": "https://api.mypurecloud.com"}],
  "item": [{"name": "x", "request": {"method": "GET", "url": "{{baseUrl}}/api/v2/conversations",
    "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "X-Api-Key"}, {"key": "value", "value": "AK-live-4"}]},
    "header": [{"key": "Authorization", "value": "Bearer HD-live-5", "disabled": true}]}}]}"#;
    let dir = tempdir();
    let path = dir.join("c.postman_collection.json");
    std::fs::write(&path, postman).unwrap();
    let (copy, out) = redact(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!copy.contains("-live-"), "{copy}");
    assert!(copy.contains("https://api.mypurecloud.com") && copy.contains("X-Api-Key"));
    // `check` counts the same five.
    let (diagnostics, _) = check_json(&path, &[]);
    let secrets = diagnostics.iter().find(|d| d["rule"] == "secret-in-capture").expect("a secret-in-capture finding");
    assert!(secrets["message"].as_str().unwrap().contains("5 live credentials"), "{secrets:#?}");
}

#[test]
fn fix_rewrites_an_enum_case_inside_a_postman_raw_body() {
    let dir = tempdir();
    let path = dir.join("c.postman_collection.json");
    let original = std::fs::read_to_string(fixture("mistakes.postman_collection.json")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let out = gclint().args(["check", "--color", "never", "--fix"]).arg(&path).output().unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        original.replace(r#"\"state\": \"CONNECTED\""#, r#"\"state\": \"connected\""#),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str::<Value>(&fixed).unwrap();
    let (diagnostics, _) = check_json(&path, &[]);
    assert!(diagnostics.iter().all(|d| d["rule"] != "enum-case"));
}

/// The HAR inputs of Insomnia's importer (HAR files, not Insomnia exports) are read as HARs:
/// no error, only their real cookies.
#[test]
fn the_insomnia_importer_s_inputs_read_without_false_alarms() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/har-importer-inputs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let mut seen = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let (diagnostics, code) = check_json(&path, &[]);
        assert_eq!(code, Some(0), "{}: {diagnostics:#?}", path.display());
        assert!(diagnostics.iter().all(|d| d["rule"] == "secret-in-capture"), "{}: {diagnostics:#?}", path.display());
        seen += 1;
    }
    assert!(seen >= 5);
}

#[test]
fn check_a_postman_collection_with_mistakes() {
    let mut cmd = gclint();
    cmd.args(["check", "--color", "never", "fixtures/genesys/collections/mistakes.postman_collection.json"]);
    assert_cmd_snapshot!(cmd);
}

/// A fresh directory under the target directory (removed by the next run).
fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "collections-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_collection_s_oauth_scope_is_the_client_s_scope() {
    let path = fixture("scoped.postman_collection.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (diagnostics, code) = check_json(&path, &[]);
    assert_eq!(code, Some(1));
    let mut got = places(&diagnostics);
    got.sort();
    let request = |name: &str| {
        line_col(
            &text,
            "https://api.mypurecloud.com",
            text[..text.find(name).unwrap()].matches("https://api.mypurecloud.com").count(),
        )
    };
    let mut want = vec![
        // The collection's read-only client writes.
        place("missing-write-scope", request("Hang up (read-only client)")),
        // A folder's auth replaces the collection's: its client has no such scope as
        // `conversations:write` (said once, where it is written), and so no write scope either.
        place("unknown-scope", line_col(&text, "conversations:write", 0)),
        place("missing-write-scope", request("\"Hold\"")),
        place("missing-write-scope", request("\"Unhold\"")),
    ];
    want.sort();
    assert_eq!(got, want, "{diagnostics:#?}");
    let first = diagnostics.iter().find(|d| d["rule"] == "missing-write-scope").unwrap();
    let help = first["help"].as_str().unwrap();
    assert!(help.contains("conversations:readonly") && help.contains("OAuth 2.0"), "{help}");
    // Scopes given on the command line still come first.
    let (diagnostics, _) = check_json(&path, &["--scopes", "conversations"]);
    assert!(diagnostics.iter().all(|d| d["rule"] != "missing-write-scope"), "{diagnostics:#?}");
}

#[test]
fn an_insomnia_export_s_oauth_scope_is_the_client_s_scope() {
    let path = fixture("scoped.insomnia.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (diagnostics, code) = check_json(&path, &[]);
    assert_eq!(code, Some(1));
    let mut got = places(&diagnostics);
    got.sort();
    let mut want = vec![
        place("missing-write-scope", line_col(&text, "https://api.mypurecloud.com", 0)),
        place("missing-write-scope", line_col(&text, "https://api.mypurecloud.com", 1)),
        place("unknown-scope", line_col(&text, "conversation:write", 0)),
    ];
    want.sort();
    assert_eq!(got, want, "{diagnostics:#?}");
}

#[test]
fn a_postman_environment_fills_the_collection_it_is_named_for() {
    let collection = fixture("environment.postman_collection.json");
    let environment = fixture("acme.postman_environment.json");
    let text = std::fs::read_to_string(&collection).unwrap();
    // Not named: nothing is guessed from the files around it.
    let (diagnostics, code) = check_json(&collection, &[]);
    assert_eq!((places(&diagnostics), code), (vec![], Some(0)));
    let env = environment.to_str().unwrap();
    let (diagnostics, code) = check_json(&collection, &["--postman-environment", env]);
    assert_eq!(code, Some(1), "{diagnostics:#?}");
    let state = diagnostics.iter().find(|d| d["pointer"] == "/state").unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(
        (state["line"].as_u64(), state["column"].as_u64()),
        Some(line_col(&text, r#"\"{{state}}\""#, 0)).map(|(l, c)| (Some(l), Some(c))).unwrap()
    );
    assert!(
        diagnostics.iter().all(|d| d["request"].as_str().is_none_or(|r| r.contains("https://acme.mypurecloud.com/"))),
        "{diagnostics:#?}"
    );
    // The environment's secret token is not printed.
    let out = gclint().args(["check", "--postman-environment", env]).arg(&collection).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(!shown.contains("Hq7wN3eR5tY9uK2pL6zX8cV1bM4nA0sD"), "{shown}");
    // A missing environment file is said, not passed over.
    let out = gclint()
        .args(["check", "--postman-environment", "no-such.postman_environment.json"])
        .arg(&collection)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no-such.postman_environment.json"), "{out:?}");
}

#[test]
fn a_postman_environment_alone_is_quiet_but_for_its_live_secrets() {
    let path = fixture("acme.postman_environment.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (diagnostics, code) = check_json(&path, &[]);
    // The enabled secret only (the disabled one is kept but not used: still a secret, but the
    // first one is where the finding points).
    assert_eq!(
        places(&diagnostics),
        vec![place("secret-in-capture", line_col(&text, "Hq7wN3eR5tY9uK2pL6zX8cV1bM4nA0sD", 0))],
        "{diagnostics:#?}"
    );
    assert_eq!(code, Some(0), "a warning");
    assert!(diagnostics.iter().all(|d| !d["message"].as_str().unwrap().contains("recorded API response")));
}
