//! gclint stays quiet on files that are not API traffic (manifests, lockfiles, settings with
//! comments, schemas, OpenAPI documents, GeoJSON, Terraform state, notebooks, recorded
//! responses: `fixtures/not-traffic/`), and still flags the request bodies it exists for.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// `gclint check --isolated --format json ARGS` from the crate root (or `dir`): exit code and
/// report.
fn check_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_gclint"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

fn check(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--isolated"];
    all.extend_from_slice(args);
    check_in(Path::new(env!("CARGO_MANIFEST_DIR")), &all)
}

fn diagnostics(report: &Value) -> Vec<&Value> {
    report["diagnostics"].as_array().unwrap().iter().collect()
}

/// Every file of `fixtures/not-traffic`, as named from the crate root.
fn not_traffic() -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/not-traffic")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_walk_over_ordinary_repository_files_is_quiet() {
    let (code, report) = check(&["fixtures/not-traffic"]);
    assert_eq!(diagnostics(&report), Vec::<&Value>::new());
    assert_eq!(code, 0);
    // They were looked at and skipped, not checked as bodies.
    assert_eq!(report["summary"]["payloads"], 0);
    assert!(report["summary"]["skipped"].as_u64().unwrap() >= 10, "{}", report["summary"]);
}

#[test]
fn a_file_named_on_the_command_line_gets_a_note_saying_what_it_was_taken_for() {
    let taken_for = [
        (".vscode/launch.json", "JSON with comments"),
        ("api/openapi.json", "an OpenAPI document"),
        ("dotnet/appsettings.json", "JSON of another kind"),
        ("geo/branches.geojson", "GeoJSON"),
        ("geo/branches.json", "GeoJSON"),
        ("infra/terraform.tfstate", "a Terraform state"),
        ("notebooks/queue-stats.ipynb", "a Jupyter notebook"),
        ("package-lock.json", "a package lockfile"),
        ("package.json", "a package manifest"),
        ("php/composer.json", "a package manifest"),
        ("recorded/conversation.json", "a recorded API response"),
        ("recorded/error.json", "a recorded API error"),
        ("recorded/issue.json", "JSON of another kind"),
        ("renovate.json", "a configuration file"),
        ("schemas/wrapup.schema.json", "a JSON Schema"),
        ("tsconfig.json", "JSON with comments"),
    ];
    let files = not_traffic();
    assert_eq!(files.len(), taken_for.len() + 1, "every fixture has its case: {files:?}");
    // Named, a file cut short is broken JSON: gclint cannot tell what it was meant to be, and
    // says where it breaks.
    let (code, report) = check(&["fixtures/not-traffic/broken/package.json"]);
    let found = diagnostics(&report);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0]["rule"].as_str(), found[0]["line"].as_u64()), (Some("invalid-json"), Some(5)), "{found:?}");
    for (file, kind) in taken_for {
        let path = format!("fixtures/not-traffic/{file}");
        assert!(files.contains(&path), "{path}");
        let (code, report) = check(&[&path]);
        let found = diagnostics(&report);
        assert_eq!(code, 0, "{path}: {found:?}");
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        let d = found[0];
        assert_eq!((d["rule"].as_str(), d["severity"].as_str()), (Some("unmatched-payload"), Some("info")), "{path}");
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(1), Some(1)), "{path}");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains(&format!("gclint took it for {kind}")), "{path}: {message}");
        let help = d["help"].as_str().unwrap();
        assert!(help.contains("--endpoint") && help.contains("[[payloads]]"), "{path}: {help}");
    }
}

#[test]
fn named_with_its_endpoint_a_file_is_checked_whatever_it_looks_like() {
    // The user says so: the conversation as a participant PATCH body is full of unknown fields.
    let (code, report) = check(&[
        "--endpoint",
        "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}",
        "fixtures/not-traffic/recorded/conversation.json",
    ]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert!(found.iter().any(|d| d["rule"] == "unknown-field" && d["line"] == 2 && d["column"] == 3), "{found:?}");
    assert!(found.iter().all(|d| d["rule"] != "unmatched-payload"));
}

#[test]
fn the_bodies_gclint_exists_for_are_still_flagged_in_a_walk() {
    let (code, report) = check(&["fixtures/payloads"]);
    assert_eq!(code, 1);
    let found: Vec<(String, String, u64, u64)> = diagnostics(&report)
        .iter()
        .map(|d| {
            let file = d["path"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
            (file, d["rule"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect();
    let expect = |file: &str, rule: &str, line: u64, column: u64| {
        assert!(
            found.contains(&(file.to_owned(), rule.to_owned(), line, column)),
            "{file}: no {rule} at {line}:{column} in {found:?}"
        );
    };
    expect("action-disconnect.json", "unknown-field", 2, 3);
    expect("action-disconnect.json", "unknown-field", 3, 3);
    expect("attributes-bool.json", "schema-violation", 3, 12);
    expect("enum-case.json", "enum-case", 2, 12);
    expect("invalid.json", "invalid-json", 3, 3);
    expect("root-participants.json", "root-endpoint-patch", 2, 3);
    expect("transfer-bad-type.json", "schema-violation", 2, 19);
    // The correct bodies of the same folder stay quiet.
    for quiet in ["participant-disconnect.json", "disconnect-with-wrapup.json"] {
        assert!(found.iter().all(|f| f.0 != quiet), "{quiet}: {found:?}");
    }
    assert!(found.iter().all(|f| f.1 != "unmatched-payload"), "{found:?}");
}

/// A tree with a `gclint.toml` that says where bodies live.
fn configured_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("requests/wrapup")).unwrap();
    std::fs::write(root.join("gclint.toml"), "bodies = [\"requests/**/*.json\"]\n").unwrap();
    // A wrap-up written only in words any JSON uses: not unmistakable, but a body here.
    let wrapup = "{\n  \"name\": \"Billing\",\n  \"notes\": \"answered\",\n  \"tags\": \"billing\"\n}\n";
    std::fs::write(root.join("requests/wrapup/billing.json"), wrapup).unwrap();
    std::fs::write(root.join("requests/settings.json"), "{\"theme\": \"dark\", \"fontSize\": 14}\n").unwrap();
    std::fs::write(root.join("requests/cut.json"), "{\"state\": \"disconn").unwrap();
    // The same files outside the folder are not bodies.
    std::fs::write(root.join("wrapup.json"), wrapup).unwrap();
    std::fs::write(root.join("cut.json"), "{\"state\": \"disconn").unwrap();
    dir
}

#[test]
fn files_where_the_configuration_says_bodies_live_are_checked_as_bodies() {
    let dir = configured_tree();
    let (code, report) = check_in(dir.path(), &["."]);
    assert_eq!(code, 1);
    let found: Vec<(String, String, String, u64, u64)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().trim_start_matches("./").to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let at = |path: &str| found.iter().filter(|f| f.0 == path).collect::<Vec<_>>();
    // Its operation is guessed from most of its fields: a wrap-up, whose `tags` are a list.
    let wrapup = at("requests/wrapup/billing.json");
    assert!(wrapup.iter().any(|f| f.1 == "schema-violation" && f.3 == 4 && f.4 == 11), "{found:?}");
    // Meant to be a body, matching none: a warning, not a note.
    let settings = at("requests/settings.json");
    assert_eq!(settings.len(), 1, "{found:?}");
    assert_eq!((settings[0].1.as_str(), settings[0].2.as_str()), ("unmatched-payload", "warning"));
    // Broken beyond one reading: the syntax is checked.
    let cut = at("requests/cut.json");
    assert!(cut.iter().any(|f| f.1 == "invalid-json" && f.2 == "error"), "{found:?}");
    // Outside, the same files are not request bodies.
    assert!(at("wrapup.json").is_empty() && at("cut.json").is_empty(), "{found:?}");
}

/// An empty file holds no request: a placeholder `outputs.tf`, a script or request file not
/// written yet. Only an empty `.har` is a broken capture (an export that failed).
#[test]
fn empty_files_of_a_walk_are_quiet_but_an_empty_capture() {
    let dir = tempfile::tempdir().unwrap();
    for name in
        ["outputs.tf", "run.sh", "new.http", "calls.rest", "sdk.jsonl", "x.ndjson", "a.curl", "app.log", "x.txt"]
    {
        std::fs::write(dir.path().join(name), "").unwrap();
    }
    let (code, report) = check_in(dir.path(), &["--isolated", "."]);
    assert_eq!((code, diagnostics(&report)), (0, Vec::<&Value>::new()));
    std::fs::write(dir.path().join("export.har"), "\n").unwrap();
    let (code, report) = check_in(dir.path(), &["--isolated", "."]);
    let found: Vec<_> = diagnostics(&report).iter().map(|d| (d["rule"].clone(), d["path"].clone())).collect();
    assert_eq!((code, found), (1, vec![("invalid-input".into(), "./export.har".into())]));
}

#[test]
fn empty_and_utf16_json_files_of_a_walk_are_other_tools_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.json"), "").unwrap();
    // Windows tools write JSON in UTF-16 with a byte order mark.
    std::fs::write(dir.path().join("utf16.json"), b"\xff\xfe{\x00}\x00").unwrap();
    let (code, report) = check_in(dir.path(), &["--isolated", "."]);
    assert_eq!((code, diagnostics(&report)), (0, Vec::<&Value>::new()));
    assert_eq!(report["summary"]["skipped"], 2);
    // Named, they are reported: the user meant them to be read.
    let (code, report) = check_in(dir.path(), &["--isolated", "empty.json", "utf16.json"]);
    let rules: Vec<_> = diagnostics(&report).iter().map(|d| d["rule"].as_str().unwrap().to_owned()).collect();
    assert_eq!((code, rules), (1, vec!["invalid-input".to_owned(), "invalid-input".to_owned()]));
}

/// A directory holding `files` (name, contents).
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_curl_command_in_a_markdown_fence_is_read_and_text_without_one_is_passed_over() {
    let download = "Install it:\n\n```bash\ncurl -fsSL -o x.tgz https://example.com/x.tgz\n```\n";
    let hang_up = "To hang up:\n\n```sh\ncurl -X PATCH 'https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93' \\\n  -H 'Content-Type: application/json' -d '{\"state\": \"disconnected\"}'\n```\n";
    let prose = "curl\nis how we fetch things; see the wiki.\n";
    let dir = tree(&[("notes.txt", download), ("hang-up.txt", hang_up), ("prose.sh", prose)]);
    let (code, report) = check_in(dir.path(), &["--isolated", "."]);
    let found = diagnostics(&report);
    let rules: Vec<&str> = found.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["root-endpoint-patch"], "{found:#?}");
    assert_eq!(found[0]["path"].as_str().map(|p| p.ends_with("hang-up.txt")), Some(true));
    // The body's place, inside the fence.
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(5), Some(44)), "{found:#?}");
    assert_eq!(code, 1);
    // Named on the command line, the download and the prose are no error either.
    for name in ["notes.txt", "prose.sh"] {
        let (code, report) = check_in(dir.path(), &["--isolated", name]);
        let found = diagnostics(&report);
        assert!(found.iter().all(|d| d["severity"] == "info"), "{name}: {found:#?}");
        assert_eq!(code, 0, "{name}");
    }
}

#[test]
fn json_with_a_leading_comment_named_on_the_command_line_is_no_error() {
    let dir = tree(&[("tsdoc-metadata.json", "// tool metadata\n{\"tsdocVersion\": \"0.12\"}\n")]);
    let (code, report) = check_in(dir.path(), &["--isolated", "tsdoc-metadata.json"]);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0]["rule"].as_str(), found[0]["severity"].as_str()), (Some("unmatched-payload"), Some("info")));
    assert!(found[0]["message"].as_str().unwrap().contains("JSON with comments"), "{found:#?}");
    assert_eq!(code, 0);
}

/// A TOML or INI file named on the command line starts with `[` as a JSON array does: it is
/// noted as what it is, not called a broken request body. Said to be a body, it is checked as one.
#[test]
fn toml_and_ini_files_named_on_the_command_line_are_no_broken_bodies() {
    let dir = tree(&[
        ("Cargo.toml", "[package]\nname = \"x\"\nversion = \"0.1.0\"\n"),
        ("setup.cfg", "[metadata]\nname = x\n\n[options]\npackages = find:\n"),
    ]);
    for name in ["Cargo.toml", "setup.cfg"] {
        let (code, report) = check_in(dir.path(), &["--isolated", name]);
        let found = diagnostics(&report);
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(
            (found[0]["rule"].as_str(), found[0]["severity"].as_str()),
            (Some("unmatched-payload"), Some("info")),
            "{name}"
        );
        assert!(found[0]["message"].as_str().unwrap().contains("TOML or INI"), "{name}: {found:#?}");
        assert_eq!(code, 0, "{name}");
    }
    let (code, report) = check_in(dir.path(), &["--isolated", "--input-format", "payload", "Cargo.toml"]);
    assert_eq!(diagnostics(&report)[0]["rule"].as_str(), Some("invalid-json"));
    assert_eq!(code, 1);
}
