//! gclint's advice held to its own standard, over every fixture and every file of the shared
//! corpus (`../shared/corpus`, when it is next to the project):
//! - each corrected request `gclint suggest` writes checks clean: `gclint check` finds nothing
//!   at warning or error in the `.http` file it wrote;
//! - each request `gclint check --fix` changes checks clean afterwards.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn gclint(args: &[&str], file: &Path) -> std::process::Output {
    Command::new(get_cargo_bin("gclint"))
        .args(args)
        .arg(file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("gclint runs")
}

/// Every file under `dir`, but notes and environment files.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            files(&path, out);
        } else if !name.ends_with(".md") && name != "http-client.env.json" {
            out.push(path);
        }
    }
}

/// The fixtures, the rule bench's cases, and the shared corpus when it is there.
fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["fixtures", "tests/rules", "../shared/corpus"] {
        files(&root.join(dir), &mut out);
    }
    out.retain(|p| p.extension().is_none_or(|e| e != "args"));
    out.sort();
    assert!(out.len() > 100, "expected the fixtures and the rule bench, found {} files", out.len());
    out
}

/// The findings at warning or error of a JSON report.
fn flagged(report: &[u8]) -> Vec<Value> {
    let report: Value = serde_json::from_slice(report).expect("a JSON report");
    let all = report["diagnostics"].as_array().cloned().unwrap_or_default();
    all.into_iter().filter(|d| d["severity"] == "error" || d["severity"] == "warning").collect()
}

fn summary(d: &Value) -> String {
    format!("{} (entry {}): {}", d["rule"], d["entry"], d["message"])
}

#[test]
fn every_suggested_request_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut offered = 0;
    let mut failures = Vec::new();
    for input in inputs() {
        let out = gclint(&["suggest", "--isolated"], &input);
        let text = String::from_utf8_lossy(&out.stdout);
        let n = text.lines().filter(|l| l.starts_with("### ")).count();
        if n == 0 {
            continue;
        }
        offered += n;
        let written = dir.path().join("suggested.http");
        std::fs::write(&written, text.as_bytes()).unwrap();
        let check = gclint(&["check", "--isolated", "--format", "json"], &written);
        for d in flagged(&check.stdout) {
            failures.push(format!("{}: suggestion {}", input.display(), summary(&d)));
        }
    }
    assert!(offered > 20, "expected the fixtures to get corrected requests, got {offered}");
    assert!(failures.is_empty(), "suggestions gclint itself flags:\n{}", failures.join("\n"));
}

#[test]
fn every_request_fix_changes_checks_clean_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut fixed_files = 0;
    let mut failures = Vec::new();
    for input in inputs() {
        let before = gclint(&["check", "--isolated", "--format", "json"], &input);
        let Ok(report) = serde_json::from_slice::<Value>(&before.stdout) else { continue };
        // The requests --fix edits: those with a finding whose suggestion carries edits; a
        // finding about no request (a source file's import or method name) by what it says.
        let edited: Vec<(Value, Value)> = report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["suggestion"]["edits"].as_array().is_some_and(|e| !e.is_empty()))
            .map(|d| (d["entry"].clone(), if d["entry"].is_null() { d["message"].clone() } else { Value::Null }))
            .collect();
        if edited.is_empty() {
            continue;
        }
        // Fixed in a copy, next to copies of the files a .http file may read.
        let copy_dir = dir.path().join(fixed_files.to_string());
        std::fs::create_dir_all(&copy_dir).unwrap();
        for sibling in std::fs::read_dir(input.parent().unwrap()).unwrap().flatten() {
            if sibling.path().is_file() {
                std::fs::copy(sibling.path(), copy_dir.join(sibling.file_name())).unwrap();
            }
        }
        let copy = copy_dir.join(input.file_name().unwrap());
        fixed_files += 1;
        let fix = gclint(&["check", "--isolated", "--fix"], &copy);
        assert!(fix.status.code().is_some_and(|c| c <= 1), "{}: --fix failed: {:?}", input.display(), fix);
        let after = gclint(&["check", "--isolated", "--format", "json"], &copy);
        let was_edited = |d: &Value| {
            let message = if d["entry"].is_null() { d["message"].clone() } else { Value::Null };
            edited.contains(&(d["entry"].clone(), message))
        };
        for d in flagged(&after.stdout).into_iter().filter(was_edited) {
            failures.push(format!("{}: after --fix, {}", input.display(), summary(&d)));
        }
    }
    assert!(fixed_files >= 3, "expected fixtures that --fix edits, found {fixed_files}");
    assert!(failures.is_empty(), "requests --fix left flagged:\n{}", failures.join("\n"));
}
