//! gclint over the shared corpus of real captures (`../shared/corpus`): it must never crash,
//! must exit 0 or 1, and must stay quiet on unrelated traffic; only the broken files may get
//! `invalid-input`, and only the two Genesys forum curl commands hold real mistakes. Skipped when
//! the corpus is not next to the project.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e != "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The corpus files that are broken on purpose (see corpus/SOURCES.md).
const BROKEN: &[&str] =
    &["mitmproxy_brokenfile.har", "mitmproxy_harextractor_wrapped.har", "harvalidator_invalid.json"];

/// The forum answers copied as curl commands, with the mistakes gclint exists to catch.
const FORUM: &[(&str, &[&str])] = &[
    // PATCH on the call root with a participants/action body.
    ("genesys_forum-sggu-12285_patch-calls-participants-action.sh", &["root-endpoint-patch"]),
    // `/conversations/voice/...` does not exist.
    ("genesys_forum-sggu-9826_patch-voice-participant-attributes.sh", &["unknown-endpoint"]),
    // A published Data Action that reads chat messages through the removed chats API.
    (
        "limitless-flows-blueprint__Limitless---Get-Message-Ids-From-Chat-Conv-By-Id-from-Genesys-v1-20210721153255.custom.json",
        &["removed-endpoint"],
    ),
];

/// Genesys files that hold no request (Architect flows name Data Actions, they make no HTTP
/// call): named on the command line, each must say gclint does not read it, and say nothing else.
fn holds_no_request(name: &str, finding: &serde_json::Value) -> bool {
    name.ends_with(".yaml") && finding["message"].as_str().is_some_and(|m| m.contains("not a capture gclint reads"))
}

fn expected_mistake(name: &str, rule: &str) -> bool {
    FORUM.iter().any(|(file, rules)| *file == name && rules.contains(&rule))
}

#[test]
fn every_corpus_file_is_read_without_crash_or_false_positive() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let all = files(&dir);
    assert!(all.len() > 50, "expected the corpus to hold captures, found {}", all.len());
    for file in all {
        let out =
            Command::new(get_cargo_bin("gclint")).args(["check", "--format", "json"]).arg(&file).output().unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{}: exit {code:?}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for d in doc["diagnostics"].as_array().unwrap() {
            let rule = d["rule"].as_str().unwrap();
            let allowed = match rule {
                _ if expected_mistake(&name, rule) => true,
                "invalid-input" => BROKEN.contains(&name.as_str()) || holds_no_request(&name, d),
                // curl scripts and odd JSON documents named explicitly are not payloads.
                "unmatched-payload" => !name.ends_with(".har"),
                // Real captures hold real credentials; saying so is not a false positive.
                "secret-in-capture" => true,
                _ => false,
            };
            assert!(allowed, "{name}: unexpected finding {d}");
        }
    }
}

#[test]
fn the_corpus_directory_as_a_whole_is_quiet_but_for_broken_files() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let out = Command::new(get_cargo_bin("gclint")).args(["check", "--format", "json"]).arg(&dir).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for d in doc["diagnostics"].as_array().unwrap() {
        let rule = d["rule"].as_str().unwrap();
        let name = Path::new(d["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        let allowed = rule == "invalid-input" || rule == "secret-in-capture" || expected_mistake(&name, rule);
        assert!(allowed, "{name}: unexpected finding {d}");
    }
    for (file, rules) in FORUM {
        for rule in *rules {
            let found = doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["rule"] == *rule && d["path"].as_str().unwrap().ends_with(file));
            assert!(found, "{file}: {rule} not reported");
        }
    }
    assert!(doc["summary"]["requests"].as_u64().unwrap() > 500);
}

#[test]
fn every_corpus_curl_command_is_read() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let curl = files(&dir.join("curl"));
    assert!(curl.len() >= 30, "expected the corpus curl commands, found {}", curl.len());
    for file in curl {
        let out = Command::new(get_cargo_bin("gclint"))
            .args(["check", "--format", "json", "--input-format", "curl"])
            .arg(&file)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(doc["summary"]["requests"].as_u64() >= Some(1), "{name}: no request read: {doc}");
        assert!(doc["diagnostics"].as_array().unwrap().iter().all(|d| d["rule"] != "invalid-input"), "{name}: {doc}");
    }
}
