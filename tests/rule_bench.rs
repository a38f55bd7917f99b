//! The rule bench: for every rule of the registry, inputs that must make it fire and near misses
//! that must leave it silent, kept in `tests/rules/<rule>/{fire,silent}/` (see
//! `tests/rules/README.md`).
//!
//! Black-box on purpose: every case goes through `gclint check` as a user runs it, once with the
//! rule selected alone and once with every rule, so that a rule which only works (or only stays
//! quiet) in company is caught too. The registry (`gclint rules --format json`) is the source of
//! truth: a rule without cases fails the bench, and so does a case directory that names no rule.
//! Every problem is collected first and reported in one assertion, so that one run shows the
//! whole state of the bench.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

/// The bench's root, relative to the crate root (the directory the cases are run from, so that
/// paths in failures and in gclint's output read the same).
const BENCH: &str = "tests/rules";
/// Where a case's extra arguments live: next to it, under its own name plus this.
const ARGS_SUFFIX: &str = ".args";
/// The plain files allowed at the top of the bench, next to the rule directories.
const TOP_FILES: [&str; 2] = ["README.md", ".gitattributes"];
/// The rule whose cases may end with exit code 2: its findings are about inputs gclint could not
/// read, and some of those (an unreadable file) also end the run with 2.
const INVALID_INPUT: &str = "invalid-input";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Fire,
    Silent,
}

impl Expect {
    const ALL: [Expect; 2] = [Expect::Fire, Expect::Silent];

    fn dir(self) -> &'static str {
        match self {
            Expect::Fire => "fire",
            Expect::Silent => "silent",
        }
    }
}

/// One input of the bench and what it must do to its rule.
struct Case {
    rule: String,
    expect: Expect,
    /// Relative to the crate root.
    path: PathBuf,
    args: Vec<String>,
}

/// How a case is run: its rule alone, or every rule.
#[derive(Clone, Copy)]
enum Mode {
    Selected,
    All,
}

/// One finding of a run, as much of it as a failure message needs.
struct Finding {
    rule: String,
    severity: String,
    message: String,
    /// The file, entry and request line it belongs to: findings with the same one are about the
    /// same request.
    request: (Value, Value, Value),
}

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The rules of the registry as `(name, code)`, in registry order.
fn registry() -> Vec<(String, String)> {
    let out = gclint().args(["rules", "--format", "json"]).output().expect("gclint runs");
    assert!(out.status.success(), "`gclint rules --format json` failed: {}", String::from_utf8_lossy(&out.stderr));
    let rules: Value = serde_json::from_slice(&out.stdout).expect("`gclint rules --format json` prints JSON");
    rules
        .as_array()
        .expect("the rules are a JSON array")
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap_or_else(|| panic!("a rule without `{k}`: {r}")).to_owned();
            (field("name"), field("code"))
        })
        .collect()
}

/// The entries of a directory, sorted by name (the bench's order is the file system's otherwise).
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    found.sort();
    found
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A case's extra arguments: one a line, as written (an `--endpoint` value holds spaces); blank
/// lines and lines starting with `#` (which say why the case needs them) are not arguments.
fn read_args(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Reads the bench: every case, and every problem with its layout (anything that is not a case
/// is reported rather than passed over, so nothing is skipped without a word).
fn collect(root: &Path, rules: &BTreeSet<&str>, problems: &mut Vec<String>) -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in entries(root) {
        let shown = entry.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&entry).display().to_string();
        let name = name_of(&entry);
        if !entry.is_dir() {
            if !TOP_FILES.contains(&name.as_str()) {
                problems
                    .push(format!("{shown}: only rule directories and {} belong in {BENCH}/", TOP_FILES.join(", ")));
            }
            continue;
        }
        if !rules.contains(name.as_str()) {
            problems.push(format!("{shown}/: names no rule of `gclint rules`"));
            continue;
        }
        for inner in entries(&entry) {
            let inner_name = name_of(&inner);
            if !(inner.is_dir() && Expect::ALL.iter().any(|e| e.dir() == inner_name)) {
                problems.push(format!("{shown}/{inner_name}: a rule directory holds only fire/ and silent/"));
            }
        }
        for expect in Expect::ALL {
            let dir = entry.join(expect.dir());
            if !dir.is_dir() {
                continue;
            }
            for file in entries(&dir) {
                let file_name = name_of(&file);
                let at = format!("{shown}/{}/{file_name}", expect.dir());
                if !file.is_file() {
                    problems.push(format!("{at}: cases are files; a directory here would be skipped"));
                } else if let Some(case_name) = file_name.strip_suffix(ARGS_SUFFIX) {
                    if !dir.join(case_name).is_file() {
                        problems.push(format!("{at}: arguments for `{case_name}`, which does not exist"));
                    }
                } else {
                    let args_file = dir.join(format!("{file_name}{ARGS_SUFFIX}"));
                    let args = if args_file.is_file() { read_args(&args_file) } else { Vec::new() };
                    let path = Path::new(BENCH).join(&name).join(expect.dir()).join(&file_name);
                    cases.push(Case { rule: name.clone(), expect, path, args });
                }
            }
        }
    }
    cases
}

fn run(case: &Case, mode: Mode) -> Output {
    let mut cmd = gclint();
    cmd.args(["check", "--isolated", "--format", "json"]);
    if let Mode::Selected = mode {
        cmd.args(["--select", &case.rule]);
    }
    cmd.args(&case.args).arg(&case.path);
    cmd.output().unwrap_or_else(|e| panic!("cannot run gclint on {}: {e}", case.path.display()))
}

/// The findings of one run, or why the run itself is a failure.
fn findings(case: &Case, out: &Output) -> Result<Vec<Finding>, String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0 | 1) => {}
        // Exit 2 is a usage or read error; for invalid-input it may be the very thing shown.
        Some(2) if case.rule == INVALID_INPUT => {}
        code => {
            let code = code.map_or_else(|| "no exit code (a signal)".to_owned(), |c| format!("exit code {c}"));
            return Err(format!("{code}, 0 or 1 expected; stderr: {}", stderr.trim()));
        }
    }
    let report: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("stdout is not the JSON report ({e}); stderr: {}", stderr.trim()))?;
    let list = report["diagnostics"].as_array().ok_or("the JSON report has no `diagnostics` array")?;
    Ok(list
        .iter()
        .map(|d| Finding {
            rule: d["rule"].as_str().unwrap_or("?").to_owned(),
            severity: d["severity"].as_str().unwrap_or("?").to_owned(),
            message: d["message"].as_str().unwrap_or("").to_owned(),
            request: (d["path"].clone(), d["entry"].clone(), d["request"].clone()),
        })
        .collect())
}

/// Whether the rule reported something that stands in this output. An `info` finding about a
/// request is a note that defers to another rule's finding on it ("explained above"): it counts
/// only when that finding is there to read, at warning or error (a note explains nothing), or the
/// rule would "fire" with nothing said. An `info` about a whole file (unmatched-payload's "not
/// checked") says all there is to say.
fn fires(rule: &str, found: &[Finding]) -> bool {
    found.iter().filter(|f| f.rule == rule).any(|f| {
        f.severity != "info"
            || f.request.2.is_null()
            || found.iter().any(|other| other.rule != rule && other.request == f.request && other.severity != "info")
    })
}

/// An argument quoted for a POSIX shell when it needs it.
fn quoted(arg: &str) -> String {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_.,:/=@".contains(c)) {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Every finding of a run, one a line under the failure.
fn describe(found: &[Finding]) -> String {
    if found.is_empty() {
        return "no finding at all".to_owned();
    }
    let mut out = format!("{} finding(s):", found.len());
    for f in found {
        let _ = write!(out, "\n        {} ({}): {}", f.rule, f.severity, f.message);
    }
    out
}

/// Runs a case in both modes; the failures, one line each.
fn check(case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    for mode in [Mode::Selected, Mode::All] {
        // The options as a shell would take them, to run the case again by hand.
        let args: String = case.args.iter().map(|a| format!(" {}", quoted(a))).collect();
        let at = match mode {
            Mode::Selected => format!("{} [--select {}{args}]", case.path.display(), case.rule),
            Mode::All => format!("{} [all rules{args}]", case.path.display()),
        };
        let out = run(case, mode);
        let found = match findings(case, &out) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{at}: {e}"));
                continue;
            }
        };
        match case.expect {
            Expect::Fire if !fires(&case.rule, &found) => {
                failures.push(format!("{at}: expected a finding of {}, got {}", case.rule, describe(&found)));
            }
            Expect::Silent if found.iter().any(|f| f.rule == case.rule) => {
                failures.push(format!("{at}: expected no finding of {}, got {}", case.rule, describe(&found)));
            }
            _ => {}
        }
    }
    failures
}

#[test]
fn every_rule_fires_on_its_fire_cases_and_stays_silent_on_its_silent_cases() {
    let registry = registry();
    assert!(!registry.is_empty(), "`gclint rules` lists no rule");
    let names: BTreeSet<&str> = registry.iter().map(|(n, _)| n.as_str()).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(BENCH);
    let mut problems = Vec::new();
    let cases = collect(&root, &names, &mut problems);

    for (name, code) in &registry {
        for expect in Expect::ALL {
            if !cases.iter().any(|c| &c.rule == name && c.expect == expect) {
                problems.push(format!("{name} ({code}): no case in {BENCH}/{name}/{}/", expect.dir()));
            }
        }
    }

    // Each case starts two processes; a few threads keep the bench quick on any machine.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let next = Mutex::new(cases.iter());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let Some(case) = next.lock().unwrap().next() else { break };
                    let found = check(case);
                    failures.lock().unwrap().extend(found);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    problems.extend(failures);

    let fire = cases.iter().filter(|c| c.expect == Expect::Fire).count();
    assert!(
        problems.is_empty(),
        "rule bench: {} problem(s) in {} cases ({fire} fire, {} silent) of {} rules:\n  {}",
        problems.len(),
        cases.len(),
        cases.len() - fire,
        registry.len(),
        problems.join("\n  ")
    );
}
