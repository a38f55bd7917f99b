//! gclint reads only what it was asked to read and writes only where it was asked to write:
//!
//! - a body included by a `.http` file (`< file`) or a curl command (`-d @file`, `-T file`,
//!   `< file`) is read only from the directory tree of the file that names it; anything else is
//!   an `invalid-input` finding, and its content appears in no output of any command;
//! - every file gclint writes (`--fix`, `--output`, `--write-baseline`, `redact`) is written
//!   through a fresh temporary file renamed over the target: a planted link is replaced, never
//!   written through; a target that is an input of the same run is refused;
//! - the configuration file a run used is named in its reports.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use insta_cmd::get_cargo_bin;
use serde_json::Value;

/// What a file outside the tree holds: no output may ever show it.
const CANARY: &str = "CANARY-5f0c9e27";
/// A body with a mistake `suggest` corrects, so that a read body would be printed whole.
const SECRET_BODY: &str = r#"{"state": "disconnected", "wrapup": {"code": "CANARY-5f0c9e27"}}"#;
const URL: &str = "https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1";

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env_remove("GITHUB_STEP_SUMMARY").env("COLUMNS", "100");
    cmd
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A temporary directory holding `secret.json` (the canary) and `project/`, where the request
/// files go.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.json"), SECRET_BODY).unwrap();
        std::fs::create_dir_all(dir.path().join("project/sub")).unwrap();
        Tree { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    fn secret(&self) -> PathBuf {
        self.dir.path().join("secret.json")
    }

    /// Writes `project/NAME` and returns its path.
    fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.project().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

/// A `.http` request whose body is included from `include`.
fn http_including(include: &str) -> String {
    format!("PUT {URL}\nContent-Type: application/json\n\n< {include}\n")
}

/// A curl command with these arguments for its body.
fn curl_with(body_args: &str) -> String {
    format!("curl -X PUT '{URL}' -H 'Content-Type: application/json' {body_args}\n")
}

/// Everything every command prints about `file` (run in `dir`): `check` in every format, `suggest`
/// in two forms, `redact` to stdout.
fn every_output(dir: &Path, file: &Path, extra: &[&str]) -> String {
    let mut all = String::new();
    for format in ["human", "compact", "json", "sarif", "github", "junit"] {
        let out = gclint()
            .current_dir(dir)
            .args(["check", "--isolated", "--color", "never", "--format", format])
            .args(extra)
            .arg(file)
            .output()
            .unwrap();
        all.push_str(&text(&out));
    }
    for form in ["http", "curl"] {
        let out =
            gclint().current_dir(dir).args(["suggest", "--isolated", "--as", form]).args(extra).arg(file).output();
        all.push_str(&text(&out.unwrap()));
    }
    all.push_str(&text(&gclint().current_dir(dir).arg("redact").arg(file).output().unwrap()));
    all
}

/// The `invalid-input` messages of a `check --format json` run.
fn invalid_inputs(dir: &Path, file: &Path, extra: &[&str]) -> Vec<String> {
    let out = gclint()
        .current_dir(dir)
        .args(["check", "--isolated", "--format", "json"])
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "invalid-input")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_refused_as_outside(tree: &Tree, file: &Path) {
    let messages = invalid_inputs(&tree.project(), file, &[]);
    assert!(
        messages.iter().any(|m| m.contains("outside the directory")),
        "{}: expected an invalid-input finding about an include outside the tree, got {messages:?}",
        file.display()
    );
    let all = every_output(&tree.project(), file, &[]);
    assert!(!all.contains(CANARY), "{}: the canary was printed:\n{all}", file.display());
}

#[test]
fn http_includes_outside_the_tree_are_refused_and_never_printed() {
    let tree = Tree::new();
    let absolute = tree.secret().display().to_string();
    symlink(tree.secret(), tree.project().join("sub/link.json")).unwrap();
    for (name, include) in [
        ("absolute.http", absolute.as_str()),
        ("parent.http", "../secret.json"),
        ("dotdot.http", "sub/../../secret.json"),
        ("link.http", "sub/link.json"),
    ] {
        let file = tree.write(name, &http_including(include));
        assert_refused_as_outside(&tree, &file);
    }
    // The tree is that of the file naming the include, not the working directory's.
    let deeper = tree.project().join("sub").join("deeper.http");
    std::fs::write(&deeper, http_including("../../secret.json")).unwrap();
    assert_refused_as_outside(&tree, &deeper);
}

#[test]
fn system_files_are_not_included() {
    let tree = Tree::new();
    for (name, include) in [("passwd.http", "/etc/passwd"), ("environ.http", "/proc/self/environ")] {
        let file = tree.write(name, &http_including(include));
        let messages = invalid_inputs(&tree.project(), &file, &[]);
        assert!(messages.iter().any(|m| m.contains("outside the directory")), "{name}: {messages:?}");
        let mut all = String::new();
        for format in ["human", "json"] {
            let out = gclint()
                .current_dir(tree.project())
                .env("GCLINT_TEST_ENVIRON", CANARY)
                .args(["check", "--isolated", "--format", format])
                .arg(&file)
                .output()
                .unwrap();
            all.push_str(&text(&out));
        }
        assert!(!all.contains(CANARY) && !all.contains("root:"), "{name}: a system file was printed:\n{all}");
    }
}

#[test]
fn curl_body_files_outside_the_tree_are_refused_and_never_printed() {
    let tree = Tree::new();
    let absolute = tree.secret().display().to_string();
    symlink(tree.secret(), tree.project().join("sub/link.json")).unwrap();
    for (name, args) in [
        ("absolute.sh", format!("-d @{absolute}")),
        ("parent.sh", "-d @../secret.json".to_owned()),
        ("binary.sh", "--data-binary @../secret.json".to_owned()),
        ("json.sh", "--json @../secret.json".to_owned()),
        ("link.sh", "-d @sub/link.json".to_owned()),
        ("stdin.sh", "-d @- < ../secret.json".to_owned()),
    ] {
        let file = tree.write(name, &curl_with(&args));
        assert_refused_as_outside(&tree, &file);
    }
    let upload =
        tree.write("upload.sh", &format!("curl -T ../secret.json '{URL}' -H 'Content-Type: application/json'\n"));
    assert_refused_as_outside(&tree, &upload);
    let piped = tree.write("piped.sh", &format!("cat ../secret.json | \\\n  {}", curl_with("-d @-")));
    assert_refused_as_outside(&tree, &piped);
}

#[test]
fn stdin_includes_stay_in_the_working_directory() {
    let tree = Tree::new();
    let run = |content: String| {
        let mut child = gclint()
            .current_dir(tree.project())
            .args(["check", "--isolated", "--input-format", "http", "--format", "json", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), content.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(http_including("../secret.json"));
    assert!(!text(&out).contains(CANARY), "{}", text(&out));
    assert!(text(&out).contains("outside the directory"), "{}", text(&out));
    // Inside the working directory, a body is read.
    std::fs::write(tree.project().join("sub/body.json"), r#"{"state": "DISCONNECTED"}"#).unwrap();
    let out = run(http_including("sub/body.json"));
    assert!(text(&out).contains("enum-case"), "{}", text(&out));
}

#[test]
fn includes_inside_the_tree_are_read() {
    let tree = Tree::new();
    std::fs::write(tree.project().join("sub/body.json"), r#"{"state": "DISCONNECTED"}"#).unwrap();
    symlink("body.json", tree.project().join("sub/alias.json")).unwrap();
    for (name, content) in [
        ("inside.http", http_including("sub/body.json")),
        ("alias.http", http_including("./sub/alias.json")),
        ("inside.sh", curl_with("-d @sub/body.json")),
        ("roundabout.sh", curl_with("-d @sub/../sub/body.json")),
    ] {
        let file = tree.write(name, &content);
        let out = gclint()
            .current_dir(tree.root())
            .args(["check", "--isolated", "--format", "json"])
            .arg(&file)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<&str> =
            json["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
        assert!(rules.contains(&"enum-case") && !rules.contains(&"invalid-input"), "{name}: {rules:?}");
    }
}

#[test]
fn allow_includes_outside_lifts_the_confinement() {
    let tree = Tree::new();
    let file = tree.write("parent.http", &http_including("../secret.json"));
    let flag = ["--allow-includes-outside"];
    assert_eq!(invalid_inputs(&tree.project(), &file, &flag), Vec::<String>::new());
    let out =
        gclint().current_dir(tree.project()).args(["suggest", "--isolated"]).args(flag).arg(&file).output().unwrap();
    assert!(text(&out).contains(CANARY), "{}", text(&out));
    let absolute = tree.write("absolute.sh", &curl_with(&format!("-d @{}", tree.secret().display())));
    assert_eq!(invalid_inputs(&tree.project(), &absolute, &flag), Vec::<String>::new());
}

/// Runs a command, failing the test if it has not ended within 30 seconds.
fn output_within_deadline(cmd: &mut Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("gclint waited on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_fifo_include_is_refused_without_waiting() {
    let tree = Tree::new();
    let fifo = tree.project().join("sub/fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (name, content) in [("fifo.http", http_including("sub/fifo")), ("fifo.sh", curl_with("-d @sub/fifo"))] {
        let file = tree.write(name, &content);
        let out = output_within_deadline(
            gclint().current_dir(tree.project()).args(["check", "--isolated", "--format", "json"]).arg(&file),
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let messages: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "invalid-input")
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        assert!(messages.iter().any(|m| m.contains("FIFO")), "{name}: {messages:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Writes

/// A payload with a fixable mistake, in its own directory, and a victim file elsewhere.
struct Writes {
    dir: tempfile::TempDir,
}

const VICTIM: &str = "precious, not to be overwritten\n";
const PAYLOAD: &str = "{\"state\": \"DISCONNECTED\"}\n";

impl Writes {
    fn new() -> Writes {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        std::fs::write(dir.path().join("victim"), VICTIM).unwrap();
        std::fs::write(dir.path().join("work/payload.json"), PAYLOAD).unwrap();
        Writes { dir }
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn victim(&self) -> PathBuf {
        self.dir.path().join("victim")
    }

    fn assert_victim_untouched(&self) {
        assert_eq!(std::fs::read_to_string(self.victim()).unwrap(), VICTIM, "the victim was written through a link");
    }

    fn run(&self, args: &[&str]) -> Output {
        gclint().current_dir(self.work()).args(args).output().unwrap()
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).unwrap().file_type().is_symlink()
}

#[test]
fn fix_does_not_write_through_a_planted_temporary_name() {
    let w = Writes::new();
    // The old temporary name was `.NAME.gclint-fix-PID`: the shell plants it for its own PID, which
    // `exec` hands to gclint; links at other likely names are planted too.
    for name in [".payload.json.tmp", ".payload.json.gclint", ".gclint-payload.json.tmp"] {
        symlink(w.victim(), w.work().join(name)).unwrap();
    }
    let script = format!(
        "ln -s {victim} .payload.json.gclint-fix-$$ && exec {gclint} check --isolated --fix payload.json",
        victim = w.victim().display(),
        gclint = get_cargo_bin("gclint").display()
    );
    let out = Command::new("sh").current_dir(w.work()).args(["-c", &script]).output().unwrap();
    w.assert_victim_untouched();
    let fixed = std::fs::read_to_string(w.work().join("payload.json")).unwrap();
    assert_eq!(fixed, "{\"state\": \"disconnected\"}\n", "{}", text(&out));
    assert!(!is_link(&w.work().join("payload.json")));
}

#[test]
fn fix_edits_the_file_a_named_link_points_to() {
    let w = Writes::new();
    symlink("payload.json", w.work().join("alias.json")).unwrap();
    let out = w.run(&["check", "--isolated", "--fix", "alias.json"]);
    assert!(is_link(&w.work().join("alias.json")), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(w.work().join("payload.json")).unwrap(), "{\"state\": \"disconnected\"}\n");
}

#[test]
fn a_report_replaces_a_link_at_its_path_instead_of_writing_through_it() {
    let w = Writes::new();
    symlink(w.victim(), w.work().join("report.json")).unwrap();
    let out = w.run(&["check", "--isolated", "--output", "json=report.json", "payload.json"]);
    w.assert_victim_untouched();
    assert!(!is_link(&w.work().join("report.json")), "{}", text(&out));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(w.work().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["diagnostics"][0]["rule"], "enum-case");
}

#[test]
fn a_baseline_replaces_a_link_at_its_path_instead_of_writing_through_it() {
    let w = Writes::new();
    symlink(w.victim(), w.work().join("baseline.json")).unwrap();
    let out = w.run(&["check", "--isolated", "--write-baseline", "baseline.json", "payload.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    w.assert_victim_untouched();
    assert!(!is_link(&w.work().join("baseline.json")));
    assert!(std::fs::read_to_string(w.work().join("baseline.json")).unwrap().contains("enum-case"));
}

#[test]
fn a_report_is_never_written_onto_an_input_of_the_run() {
    let w = Writes::new();
    std::fs::create_dir_all(w.work().join("dir")).unwrap();
    std::fs::write(w.work().join("dir/other.json"), PAYLOAD).unwrap();
    symlink("payload.json", w.work().join("alias.json")).unwrap();
    for args in [
        &["check", "--isolated", "--output", "json=payload.json", "payload.json"][..],
        &["check", "--isolated", "--output", "sarif=alias.json", "payload.json"],
        &["check", "--isolated", "--output", "json=./payload.json", "alias.json"],
        // A file found by walking a directory named on the command line.
        &["check", "--isolated", "--output", "json=dir/other.json", "dir"],
        &["check", "--isolated", "--write-baseline", "payload.json", "payload.json"],
        &["check", "--isolated", "--write-baseline", "dir/other.json", "dir"],
    ] {
        let out = w.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("it is an input of this run"), "{args:?}: {}", text(&out));
        assert_eq!(std::fs::read_to_string(w.work().join("payload.json")).unwrap(), PAYLOAD, "{args:?}");
        assert_eq!(std::fs::read_to_string(w.work().join("dir/other.json")).unwrap(), PAYLOAD, "{args:?}");
    }
    // Standard input redirected from the file the report would replace.
    let out = gclint()
        .current_dir(w.work())
        .args(["check", "--isolated", "--output", "json=payload.json", "-"])
        .stdin(std::fs::File::open(w.work().join("payload.json")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(w.work().join("payload.json")).unwrap(), PAYLOAD);
}

#[test]
fn the_configuration_baseline_and_step_summary_are_kept_off_inputs() {
    let w = Writes::new();
    let config = "[rules]\nignore = [\"put-method\"]\n";
    std::fs::write(w.work().join("cfg.toml"), config).unwrap();
    let out = w.run(&["check", "--config", "cfg.toml", "--output", "json=cfg.toml", "payload.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(w.work().join("cfg.toml")).unwrap(), config);
    // A baseline may be refreshed in place, but a report may not replace it.
    let out = w.run(&["check", "--isolated", "--write-baseline", "b.json", "payload.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let baseline = std::fs::read_to_string(w.work().join("b.json")).unwrap();
    let out = w.run(&["check", "--isolated", "--baseline", "b.json", "--output", "json=b.json", "payload.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(w.work().join("b.json")).unwrap(), baseline);
    let out = w.run(&["check", "--isolated", "--baseline", "b.json", "--write-baseline", "b.json", "payload.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // The job summary is appended to, but not to a file the run read.
    let out = gclint()
        .current_dir(w.work())
        .env("GITHUB_STEP_SUMMARY", w.work().join("payload.json"))
        .args(["check", "--isolated", "--format", "github", "payload.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("it is an input of this run"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(w.work().join("payload.json")).unwrap(), PAYLOAD);
}

#[test]
fn a_har_capture_is_not_destroyed_by_its_own_report() {
    let w = Writes::new();
    let capture = std::fs::read("fixtures/har/enum-case.har").unwrap();
    std::fs::write(w.work().join("cap.har"), &capture).unwrap();
    let out = w.run(&["check", "--isolated", "--output", "json=cap.har", "cap.har"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("refusing to write the report onto cap.har: it is an input of this run"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(w.work().join("cap.har")).unwrap(), capture);
    // Nothing was reported on stdout either: the run stopped before.
    assert!(out.stdout.is_empty(), "{}", text(&out));
}

#[test]
fn a_file_named_twice_to_write_is_refused_before_anything_is_written() {
    let w = Writes::new();
    let out = w.run(&["check", "--isolated", "--output", "json=r.txt", "--output", "sarif=./r.txt", "payload.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is named twice as a file to write"), "{}", text(&out));
    assert!(!w.work().join("r.txt").exists());
    let out = w.run(&["check", "--isolated", "--write-baseline", "b.json", "--output", "json=b.json", "payload.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // A device takes as many as are sent to it.
    let out =
        w.run(&["check", "--isolated", "--output", "json=/dev/null", "--output", "sarif=/dev/null", "payload.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn reports_to_devices_are_written_to_them() {
    let w = Writes::new();
    let out = w.run(&["check", "--isolated", "--output", "json=/dev/null", "payload.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = w.run(&["redact", "-o", "/dev/stdout", "payload.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), PAYLOAD);
}

/// A HAR with a live token, for redact.
fn har_with_token() -> String {
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    format!(
        r#"{{"log": {{"version": "1.2", "entries": [{{"request": {{"method": "GET", "url": "{URL}", "headers": [{{"name": "Authorization", "value": "Bearer {token}"}}]}}, "response": {{"status": 200}}}}]}}}}"#
    )
}

#[test]
fn redact_in_place_on_a_link_redacts_the_file_it_points_to() {
    let w = Writes::new();
    let real_dir = w.dir.path().join("real");
    std::fs::create_dir_all(&real_dir).unwrap();
    let original = har_with_token();
    std::fs::write(real_dir.join("cap.har"), &original).unwrap();
    symlink(real_dir.join("cap.har"), w.work().join("link.har")).unwrap();
    let out = w.run(&["redact", "--in-place", "link.har"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(is_link(&w.work().join("link.har")), "the link was replaced: {}", text(&out));
    let redacted = std::fs::read_to_string(real_dir.join("cap.har")).unwrap();
    assert!(redacted.contains("<redacted"), "{redacted}");
    assert_eq!(std::fs::read_to_string(real_dir.join("cap.har.bak")).unwrap(), original);
    assert!(!w.work().join("link.har.bak").exists());
}

#[test]
fn redact_never_writes_its_copy_onto_its_input() {
    let w = Writes::new();
    let original = har_with_token();
    std::fs::write(w.work().join("cap.har"), &original).unwrap();
    symlink("cap.har", w.work().join("alias.har")).unwrap();
    for args in [
        &["redact", "-o", "cap.har", "cap.har"][..],
        &["redact", "-o", "./cap.har", "alias.har"],
        &["redact", "--output", "alias.har", "cap.har"],
    ] {
        let out = w.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("--in-place"), "{args:?}: {}", text(&out));
        assert_eq!(std::fs::read_to_string(w.work().join("cap.har")).unwrap(), original, "{args:?}");
        assert!(is_link(&w.work().join("alias.har")));
    }
}

#[test]
fn redact_replaces_a_link_at_its_output_instead_of_writing_through_it() {
    let w = Writes::new();
    std::fs::write(w.work().join("cap.har"), har_with_token()).unwrap();
    symlink(w.victim(), w.work().join("out.har")).unwrap();
    let out = w.run(&["redact", "-o", "out.har", "cap.har"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    w.assert_victim_untouched();
    assert!(!is_link(&w.work().join("out.har")));
    assert!(std::fs::read_to_string(w.work().join("out.har")).unwrap().contains("<redacted"));
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn a_configuration_found_above_is_named_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gclint.toml"), "[rules]\nignore = [\"ALL\"]\n").unwrap();
    let work = dir.path().join("a/b");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("payload.json"), PAYLOAD).unwrap();
    let run = |format: &str| {
        let out = gclint()
            .current_dir(&work)
            .args(["check", "--color", "never", "--format", format, "payload.json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let human = run("human");
    assert_eq!(human.lines().last(), Some("gclint: no problems in 1 file (1 payload); config: ../../gclint.toml"));
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["summary"]["config"], "../../gclint.toml");
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["properties"]["config"], "../../gclint.toml");
    // `run.properties` is a property bag: the document is still valid SARIF.
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap()).unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(run("github").contains("config: ../../gclint.toml"));
    assert!(run("junit").contains(r#"<property name="config" value="../../gclint.toml"/>"#));
    // Without a configuration, nothing is said about one.
    let isolated = gclint().current_dir(&work).args(["check", "--isolated", "payload.json"]).output().unwrap();
    assert!(!text(&isolated).contains("config"), "{}", text(&isolated));
}

/// `--output FORMAT=-` sends that report to stdout (no file named `-` is written); one report
/// at most goes there.
#[test]
fn an_output_to_dash_goes_to_stdout_and_only_one_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("payload.json"), PAYLOAD).unwrap();
    let run = |args: &[&str]| {
        gclint().current_dir(dir.path()).args(["check", "--isolated"]).args(args).arg("payload.json").output().unwrap()
    };
    let out = run(&["--output", "json=-"]);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    assert!(json["summary"].is_object());
    assert!(!dir.path().join("-").exists(), "a file named - was written");
    // Beside a report to a file.
    let out = run(&["--format", "sarif", "--output", "sarif=-", "--output", "junit=r.xml"]);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out));
    serde_json::from_slice::<Value>(&out.stdout).unwrap();
    assert!(dir.path().join("r.xml").exists());
    for args in [&["--output", "json=-", "--output", "sarif=-"][..], &["--format", "sarif", "--output", "json=-"][..]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(out.stdout.is_empty() && text(&out).contains("one report at most goes to stdout"), "{}", text(&out));
        assert!(!dir.path().join("-").exists());
    }
}

/// The job summary GitHub shows names the configuration file too.
#[test]
fn the_github_step_summary_names_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gclint.toml"), "[rules]\nignore = [\"ALL\"]\n").unwrap();
    std::fs::write(dir.path().join("payload.json"), PAYLOAD).unwrap();
    let summary = dir.path().join("summary.md");
    let out = gclint()
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--format", "github", "payload.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("config: gclint.toml"), "{}", text(&out));
    assert!(std::fs::read_to_string(&summary).unwrap().contains("config: gclint.toml"));
}

/// A body that was written but not read (an include refused, one over --max-body-size) is
/// unknown, not absent: `invalid-input` says why, and no `schema-violation` says that no body
/// was sent.
#[test]
fn a_body_not_read_is_not_a_body_missing() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(dir.path().join("x.json"), SECRET_BODY).unwrap();
    std::fs::write(
        work.join("big.json"),
        format!("{{\"state\": \"disconnected\", \"pad\": \"{}\"}}", "a".repeat(4096)),
    )
    .unwrap();
    let cases = [
        ("passwd.http", format!("PATCH {URL}\nContent-Type: application/json\n\n< /etc/passwd\n"), &[][..]),
        ("up.http", format!("PATCH {URL}\nContent-Type: application/json\n\n< ../x.json\n"), &[][..]),
        ("up.sh", format!("curl -X PATCH '{URL}' -H 'Content-Type: application/json' -d @../x.json\n"), &[][..]),
        (
            "big.http",
            format!("PATCH {URL}\nContent-Type: application/json\n\n< big.json\n"),
            &["--max-body-size", "1K"][..],
        ),
        (
            "big.sh",
            format!("curl -X PATCH '{URL}' -H 'Content-Type: application/json' -d @big.json\n"),
            &["--max-body-size", "1K"][..],
        ),
    ];
    for (name, request, extra) in cases {
        std::fs::write(work.join(name), request).unwrap();
        let out = gclint()
            .current_dir(&work)
            .args(["check", "--isolated", "--format", "json"])
            .args(extra)
            .arg(name)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{name}: {e}: {}", text(&out)));
        let found: Vec<(String, String)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap_or_default().to_owned(),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        assert!(found.iter().any(|(r, _)| r == "invalid-input"), "{name}: {found:?}");
        assert!(
            !found.iter().any(|(r, m)| r == "schema-violation" && m.contains("needs a request body")),
            "{name}: {found:?}"
        );
    }
}
