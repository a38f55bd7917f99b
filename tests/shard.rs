//! `check --shard I/N`: the shards of a tree are disjoint and together make one full run, whatever
//! way the files are named; a shard with no file says so and passes; a malformed shard is a usage
//! error.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("GITHUB_STEP_SUMMARY").env("COLUMNS", "100");
    cmd.args(["check", "--isolated", "--format", "json"]);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gclint runs")
}

/// Every finding of a run, as (path, fingerprint, line, column), and how many files it read.
fn findings(cmd: &mut Command) -> (Vec<(String, String, u64, u64)>, u64) {
    let out = run(cmd);
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().trim_start_matches("./").to_owned();
            (text("path"), text("fingerprint"), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0))
        })
        .collect();
    (found, doc["summary"]["files"].as_u64().unwrap())
}

#[test]
fn the_shards_of_the_fixtures_are_disjoint_and_make_one_full_run() {
    let (full, files) = findings(gclint().arg("fixtures/"));
    assert!(full.len() > 50 && files > 50, "{} findings in {files} files", full.len());
    for n in [2, 3, 5] {
        let mut union = Vec::new();
        let mut shard_files = 0;
        for i in 1..=n {
            // The same shard whether the tree is named `fixtures/` or `./fixtures`.
            let (found, read) = findings(gclint().args(["--shard", &format!("{i}/{n}"), "fixtures/"]));
            let (again, _) = findings(gclint().args(["--shard", &format!("{i}/{n}"), "./fixtures"]));
            // (The fingerprint hashes the path as spelled, so it is left out of this comparison.)
            let place =
                |v: &[(String, String, u64, u64)]| v.iter().map(|f| (f.0.clone(), f.2, f.3)).collect::<Vec<_>>();
            assert_eq!(place(&found), place(&again), "shard {i}/{n}");
            assert!(read < files, "shard {i}/{n} read {read} of {files} files");
            shard_files += read;
            let paths: BTreeSet<&str> = found.iter().map(|f| f.0.as_str()).collect();
            assert!(union.iter().all(|f: &(String, String, u64, u64)| !paths.contains(f.0.as_str())), "{i}/{n}");
            union.extend(found);
        }
        assert_eq!(shard_files, files, "every file is read by one shard of {n}");
        let sorted = |mut v: Vec<(String, String, u64, u64)>| {
            v.sort();
            v
        };
        assert_eq!(sorted(union), sorted(full.clone()), "the {n} shards together");
    }
}

#[test]
fn files_named_on_the_command_line_are_sharded_as_walked_ones() {
    let files = ["fixtures/payloads/enum-case.json", "fixtures/payloads/invalid.json", "fixtures/har/enum-case.har"];
    let mut read = 0;
    for i in 1..=2 {
        let shard = format!("{i}/2");
        let (named, n) = findings(gclint().args(["--shard", &shard]).args(files));
        let (walked, _) = findings(gclint().args(["--shard", &shard, "fixtures/"]));
        for f in &named {
            assert!(walked.contains(f), "{f:?} in shard {shard} when walked");
        }
        read += n;
    }
    assert_eq!(read, 3);
}

#[test]
fn a_shard_with_no_file_says_so_and_passes() {
    // One failing file and 40 shards: one shard fails on it, the 39 others hold nothing.
    let file = "fixtures/payloads/invalid.json";
    let mut failed = 0;
    for i in 1..=40 {
        let out = run(gclint().args(["--shard", &format!("{i}/40"), file]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() == Some(1) {
            failed += 1;
            assert_eq!(stderr, "");
        } else {
            assert_eq!(out.status.code(), Some(0), "{stderr}");
            assert_eq!(stderr, format!("gclint: shard {i}/40 holds none of the files to check\n"));
        }
    }
    assert_eq!(failed, 1);
}

#[test]
fn a_malformed_shard_is_a_usage_error() {
    for bad in ["0/4", "5/4", "a/b", "2", "1/0"] {
        let out = run(gclint().args(["--shard", bad, "fixtures/payloads/invalid.json"]));
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(&format!("error: invalid value '{bad}' for '--shard <I/N>'")), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_baseline_entry_of_another_shard_is_not_stale() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let out = run(gclint().arg("--write-baseline").arg(&baseline).arg("fixtures/payloads"));
    assert_eq!(out.status.code(), Some(0));
    let mut hidden = 0;
    for i in 1..=3 {
        let out =
            run(gclint().args(["--shard", &format!("{i}/3"), "--baseline"]).arg(&baseline).arg("fixtures/payloads"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("stale"), "shard {i}/3: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        hidden += doc["summary"]["baseline"]["hidden"].as_u64().unwrap();
    }
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(hidden, written["findings"].as_array().unwrap().len() as u64);
}
