//! What people expect of a command-line linter: shell completions and a man page, output that
//! fits the terminal, `--statistics` in JSON, `--max-diagnostics 0`, `check` with no path, and a
//! walk that finds nothing said as such.

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const COMMANDS: [&str; 8] = ["check", "rules", "explain", "suggest", "redact", "completions", "man", "server"];

#[test]
fn completions_are_generated_for_every_shell_and_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(gclint().args(["completions", shell]));
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        // The flags of `check` too, taken from its definition.
        assert!(script.contains("max-diagnostics"), "{shell}");
    }
}

#[test]
fn the_bash_completion_is_valid_bash() {
    let script = stdout(gclint().args(["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gclint.bash");
    std::fs::write(&file, script).unwrap();
    match Command::new("bash").arg("-n").arg(&file).output() {
        Ok(out) => assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => eprintln!("no bash to check the script with: {e}"),
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = gclint().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let page = stdout(gclint().arg("man"));
    assert!(page.contains(".TH gclint 1"), "{page}");
    for command in COMMANDS {
        assert!(page.contains(&format!("gclint\\-{command}(1)")), "no {command}");
    }
    // The alias as well.
    assert_eq!(stdout(gclint().arg("manpage")), page);
}

#[test]
fn a_command_has_its_own_man_page_with_its_flags() {
    let page = stdout(gclint().args(["man", "check"]));
    assert!(page.contains(".TH gclint-check 1"), "{page}");
    assert!(page.contains("\\-\\-max\\-diagnostics"), "{page}");
    assert!(page.contains("\\-\\-statistics"), "{page}");
    let out = gclint().args(["man", "chek"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no command \"chek\"; one of check,"));
}

/// Whether an overlong line may stay so: one token after the gutter, the place of a snippet
/// (`╭─[path:line:col · entry 3 · request body]`, kept whole as rustc keeps its `-->` line), or a
/// line of a suggested request (`METHOD URL` or its body), which is code to copy.
fn unbreakable(line: &str, in_suggestion: bool) -> bool {
    let text = line.trim_start_matches(|c: char| c.is_whitespace() || "│·╭╰─┬".contains(c));
    in_suggestion || text.split_whitespace().count() <= 1 || (text.starts_with('[') && text.ends_with(']'))
}

/// Every line of `output` longer than `width` columns, but those that may be.
fn overflowing(output: &str, width: usize) -> Vec<String> {
    let mut in_suggestion = false;
    let mut over = Vec::new();
    for line in output.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("suggested request") || trimmed.starts_with("help: ") || trimmed.is_empty() {
            in_suggestion = trimmed.starts_with("suggested request");
        } else if in_suggestion && !line.starts_with("          ") {
            // The request lines are indented under `suggested request:`; a `note:` is prose.
            in_suggestion = false;
        }
        if line.chars().count() > width && !unbreakable(line, in_suggestion) {
            over.push(line.to_owned());
        }
    }
    over
}

#[test]
fn on_80_columns_no_line_of_a_finding_overflows_but_an_unbreakable_token() {
    let mut checked = 0;
    for dir in
        ["fixtures/har", "fixtures/http", "fixtures/curl", "fixtures/payloads", "fixtures/logs", "fixtures/genesys"]
    {
        let out = gclint().env("COLUMNS", "80").args(["check", "--color", "never", dir]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("error["), "{dir}: no finding to look at");
        let over = overflowing(&text, 80);
        assert!(over.is_empty(), "{dir}: {} lines over 80 columns:\n{}", over.len(), over.join("\n"));
        checked += text.lines().count();
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn the_overflow_check_sees_an_overflowing_line() {
    let long = format!("  help: {}", "word ".repeat(30));
    assert_eq!(overflowing(&long, 80).len(), 1);
    assert!(overflowing(&format!("  ╭─[{}:1:2 · entry 3 · request body]", "x".repeat(90)), 80).is_empty());
    let request = format!("  help: send it\n        suggested request:\n          PATCH https://{}", "x".repeat(90));
    assert!(overflowing(&request, 80).is_empty());
    let note = format!("{request}\n        note: {}", "word ".repeat(20));
    assert_eq!(overflowing(&note, 80).len(), 1);
}

#[test]
fn the_width_follows_columns_and_the_snippet_is_cut_around_its_label() {
    let run = |columns: &str| {
        let out = gclint()
            .env("COLUMNS", columns)
            .args(["check", "--color", "never", "fixtures/har/capture-wrong-participant.har"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let (narrow, wide) = (run("80"), run("300"));
    let longest = |s: &str| s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest(&wide) > 120, "{wide}");
    // The request line, cut to a window that keeps the participant the label points at.
    let cut = narrow.lines().find(|l| l.contains("│ …") && l.contains("14a0f9e7-7f1b")).unwrap();
    assert!(cut.chars().count() <= 80, "{cut}");
    let at = narrow.lines().position(|l| l == cut).unwrap();
    let underline = narrow.lines().nth(at + 1).unwrap();
    // The underline starts under the participant id, as it does in the file.
    let column = |s: &str, needle: &str| s.find(needle).map(|b| s[..b].chars().count()).unwrap();
    assert_eq!(column(cut, "14a0f9e7"), column(underline, "─"), "{cut}\n{underline}");
}

#[test]
fn help_wraps_to_the_terminal() {
    for command in COMMANDS {
        let help = stdout(gclint().env("COLUMNS", "80").args([command, "--help"]));
        let over: Vec<&str> = help.lines().filter(|l| l.chars().count() > 80).collect();
        assert!(over.is_empty(), "{command}: {over:?}");
    }
}

#[test]
fn statistics_in_json() {
    let mut cmd = gclint();
    cmd.args(["check", "--statistics", "--format", "json", "fixtures/har/capture-conflicts.har"]);
    assert_cmd_snapshot!(cmd);
}

#[test]
fn statistics_count_the_findings_max_diagnostics_leaves_out() {
    let run = |extra: &[&str]| {
        let mut cmd = gclint();
        cmd.args(["check", "--statistics", "--format", "json", "fixtures/har/"]).args(extra);
        let v: serde_json::Value = serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap();
        v["statistics"].clone()
    };
    let all = run(&[]);
    assert!(all.as_array().unwrap().len() > 3, "{all}");
    assert_eq!(run(&["--max-diagnostics", "1"]), all);
    // Most frequent first.
    let counts: Vec<u64> = all.as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[test]
fn max_diagnostics_0_does_not_say_no_problems() {
    let mut cmd = gclint();
    cmd.args(["check", "--color", "never", "--max-diagnostics", "0", "fixtures/har/capture-conflicts.har"]);
    assert_cmd_snapshot!(cmd);
}

#[test]
fn check_without_a_path_checks_the_working_directory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = gclint();
    cmd.current_dir(root.join("fixtures/payloads")).args([
        "check",
        "--color",
        "never",
        "--isolated",
        "--format",
        "compact",
    ]);
    assert_cmd_snapshot!(cmd);
}

#[test]
fn a_walk_that_finds_no_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing to check").unwrap();
    let mut cmd = gclint();
    cmd.current_dir(dir.path()).args(["check", "--color", "never", "--isolated"]);
    assert_cmd_snapshot!(cmd);
    // Machine formats still write their document.
    let out = gclint().current_dir(dir.path()).args(["check", "--isolated", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no files found to check in ."));
}
