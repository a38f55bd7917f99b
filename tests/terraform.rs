//! Terraform files: the `genesyscloud_integration_action` resources of the shared corpus
//! (`../shared/corpus/genesys-artefacts/terraform`, skipped when absent) and of
//! `fixtures/genesys/terraform`, through `gclint check` as a user runs it: each mistake at its
//! line and column in the `.tf` file, the correct ones quiet, other resources ignored; and
//! `gclint redact` on a `.tf` file.

mod report;
use report::findings;
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

const FIXTURES: &str = "fixtures/genesys/terraform";

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// The JSON report of `gclint check` on `paths`.
fn check(paths: &[&Path]) -> Value {
    let out = gclint().args(["check", "--isolated", "--format", "json"]).args(paths).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The 1-based line and column of the first `needle` in the file at `path`.
fn position_of(path: &Path, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {}", path.display()));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() + 1;
    (line as u64, text[line_start..at].chars().count() as u64 + 1)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

#[test]
fn each_mistake_is_flagged_at_its_place_in_the_tf_file() {
    for (name, rule, needle) in [
        // The URL of the deprecated generic replace, at its first character.
        ("replace-deprecated.tf", "deprecated-endpoint", "/api/v2/conversations/$${input.conversationId}/participants"),
        // Inside a `<<-` heredoc, whose indent is stripped from the body but not from the file.
        ("root-disconnect-heredoc.tf", "root-endpoint-patch", "\"state\": \"disconnected\""),
        // A key of a `jsonencode({...})` object, written without quotes.
        ("jsonencode-unknown-field.tf", "unknown-field", "dispositionCode ="),
        // After `\"`, `\u00e9` and `$${` escapes of the same quoted string.
        ("unknown-field-after-escapes.tf", "unknown-field", "\\\"reason"),
    ] {
        let path = fixture(name);
        let report = check(&[&path]);
        let (line, column) = position_of(&path, needle);
        assert_eq!(findings(&report), [(rule.to_owned(), line, column)], "{name}");
        assert_eq!(report["diagnostics"][0]["path"], path.to_str().unwrap());
    }
}

#[test]
fn correct_actions_and_other_resources_are_quiet() {
    for (name, requests, api_calls) in [("escapes.tf", 2, 2), ("other-resources.tf", 0, 0)] {
        let report = check(&[&fixture(name)]);
        assert_eq!(findings(&report), [], "{name}: {report}");
        let stats = &report["summary"];
        assert_eq!(
            (stats["requests"].as_u64(), stats["api_requests"].as_u64()),
            (Some(requests), Some(api_calls)),
            "{name}: {stats}"
        );
    }
}

#[test]
fn a_directory_walk_reads_tf_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("replace-deprecated.tf"), dir.path().join("actions.tf")).unwrap();
    // A Terraform file without actions, broken or not, is nothing gclint reads.
    std::fs::write(dir.path().join("broken-bucket.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\n")
        .unwrap();
    let report = check(&[dir.path()]);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["deprecated-endpoint"], "{report}");
}

#[test]
fn a_broken_action_file_is_one_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.tf");
    std::fs::write(&path, "resource \"genesyscloud_integration_action\" \"a\" {\n  name = \"A\n}\n").unwrap();
    let report = check(&[dir.path()]);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["invalid-input"], "{report}");
}

/// What the Terraform files of the shared corpus hold: the requests, and those gclint checks.
#[test]
fn the_corpus_files_are_read_without_false_alarms() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/genesys-artefacts/terraform");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    for (name, requests, api_calls) in [
        ("agent-rewards-blueprint__get-agent-id.tf", 1, 1),
        // `GET /api/v2/routing/queues/{id}/users`: not a conversations endpoint, which gclint
        // does not check (it is counted, not linted).
        ("architect-flow-public-api-blueprint__main.tf", 1, 0),
        ("automatic-offer-callback-for-disconnected-call__create-callback.tf", 1, 1),
        ("send-email-notification-when-outbound-message-fails-blueprint__data-actions.tf", 1, 1),
        ("ticketflow__dataactions.tf", 2, 2),
    ] {
        let path = dir.join(name);
        let report = check(&[&path]);
        let stats = &report["summary"];
        assert_eq!(
            (stats["requests"].as_u64(), stats["api_requests"].as_u64()),
            (Some(requests), Some(api_calls)),
            "{name}: {stats}"
        );
        // Quiet, `$${input.rawRequest}` bodies (the action's input, sent as it is) included.
        let findings = report["diagnostics"].as_array().unwrap();
        assert!(findings.is_empty(), "{name}: {findings:?}");
    }
}

#[test]
fn check_a_bad_tf_file() {
    assert_cmd_snapshot!(gclint().args([
        "check",
        "--color",
        "never",
        "fixtures/genesys/terraform/replace-deprecated.tf"
    ]));
}

#[test]
fn redact_masks_a_bearer_token_in_the_headers() {
    const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJvcmciOiI3ZjFiZDFkNyJ9.c2lnbmF0dXJlLXZhbHVl";
    let original = std::fs::read_to_string(fixture("unknown-field-after-escapes.tf")).unwrap().replace(
        "    request_type ",
        &format!("    headers = {{\n      Authorization = \"Bearer {TOKEN}\"\n    }}\n    request_type "),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leaky.tf");
    std::fs::write(&path, &original).unwrap();

    let before = check(&[&path]);
    let rules: Vec<String> = findings(&before).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["secret-in-capture", "unknown-field"], "{before}");
    // One token, counted once (the reader and the Data Action it builds do not both count it).
    let secret = &before["diagnostics"][0]["message"];
    assert!(secret.as_str().unwrap().contains("1 live credential:"), "{secret}");

    let out = gclint().args(["redact"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let redacted = String::from_utf8(out.stdout).unwrap();
    assert!(!redacted.contains(TOKEN), "{redacted}");
    assert!(redacted.contains("Authorization = \"Bearer "), "{redacted}");
    // Only the token changed: the rest of the file is as it was.
    let changed: Vec<(&str, &str)> = original.lines().zip(redacted.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");

    let copy = dir.path().join("redacted.tf");
    std::fs::write(&copy, &redacted).unwrap();
    let after = check(&[&copy]);
    assert_eq!(findings(&after), findings(&before)[1..], "the same mistake, and no live secret left: {after}");
}

#[test]
fn fix_says_why_a_tf_file_is_not_edited() {
    let dir = tempfile::tempdir().unwrap();
    // An enum value in the wrong case: a safe fix in a file people write, but the body is an HCL
    // string.
    let action = "resource \"genesyscloud_integration_action\" \"hang_up\" {\n  name = \"Hang up\"\n  config_request {\n    request_url_template = \"/api/v2/conversations/calls/$${input.conversationId}/participants/$${input.participantId}\"\n    request_type         = \"PATCH\"\n    request_template     = \"{\\\"state\\\": \\\"DISCONNECTED\\\"}\"\n  }\n}\n";
    std::fs::write(dir.path().join("actions.tf"), action).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gclint"))
        .current_dir(dir.path())
        .args(["check", "--isolated", "--fix", "--format", "compact", "actions.tf"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("not fixing")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(!line.contains("recording"), "{line}");
    assert!(line.contains("HCL"), "{line}");
}
