//! HAR captures are read in windows of entries: findings must land on the same line and column
//! wherever the window boundaries fall, whatever the layout of the file (one line, or one key a
//! line), whether it comes from a file, stdin or a gzip stream.

use std::io::Write;
use std::process::{Command, Stdio};

use insta_cmd::get_cargo_bin;

/// Entries enough for several windows (a window holds at most 512).
const ENTRIES: usize = 1500;
/// Every this many entries, one request to a made-up path.
const EVERY: usize = 7;

/// A HAR of `ENTRIES` entries, every `EVERY`th one a PATCH to `/conversations/conferences/...`
/// (an unknown endpoint) and the others page traffic with non-ASCII text in them, so that
/// columns (which count characters) differ from byte offsets. `pretty`: one key a line.
fn capture(pretty: bool) -> String {
    // The answer of every page request: long enough that the capture is over 4 MiB, the size
    // from which a HAR file is mapped into memory rather than read (stdin and gzip are read).
    let page = format!("ok ✓ [\"}}{{ {}", "padding ".repeat(600));
    let mut entries = Vec::new();
    for i in 0..ENTRIES {
        let entry = if i % EVERY == 0 {
            serde_json::json!({
                "startedDateTime": "2026-11-20T10:00:00.000Z",
                "comment": format!("naïve café ☕ {i}"),
                "request": {
                    "method": "PATCH",
                    "url": format!("https://api.mypurecloud.com/api/v2/conversations/conferences/c{i}/participants/p{i}"),
                    "headers": [{"name": "Content-Type", "value": "application/json"}],
                    "postData": {"mimeType": "application/json", "text": "{\"state\":\"disconnected\"}"}
                },
                "response": {"status": 404, "headers": [], "content": {"size": 0, "mimeType": "application/json"}}
            })
        } else {
            serde_json::json!({
                "startedDateTime": "2026-11-20T10:00:00.000Z",
                "request": {"method": "GET", "url": format!("https://example.org/ünïcødé/{i}"), "headers": []},
                "response": {"status": 200, "headers": [], "content": {"size": page.len(), "text": page}}
            })
        };
        entries.push(entry);
    }
    let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test"}, "entries": entries}});
    if pretty { serde_json::to_string_pretty(&har).unwrap() } else { serde_json::to_string(&har).unwrap() }
}

/// 1-based line and column (in characters) of every place `needle` stands in `text`.
fn places(text: &str, needle: &str) -> Vec<(u64, u64)> {
    text.match_indices(needle)
        .map(|(at, _)| {
            let before = &text[..at];
            let line = before.matches('\n').count() as u64 + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            (line, text[line_start..at].chars().count() as u64 + 1)
        })
        .collect()
}

/// The places of the unknown-endpoint findings of a `gclint check --format json` run.
fn found(output: &std::process::Output) -> Vec<(u64, u64)> {
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(report["summary"]["requests"], ENTRIES as u64);
    diagnostics
        .iter()
        .filter(|d| d["rule"] == "unknown-endpoint")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}

fn gclint(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.args(["check", "--isolated", "--format", "json", "--select", "unknown-endpoint"]).args(args);
    cmd
}

#[test]
fn findings_keep_their_places_across_windows() {
    let dir = tempfile::tempdir().unwrap();
    for pretty in [false, true] {
        let text = capture(pretty);
        // The finding points at the made-up segment.
        let expected = places(&text, "conferences/");
        assert_eq!(expected.len(), ENTRIES.div_ceil(EVERY));
        assert!(text.len() > 4 << 20, "{} bytes: too small to be mapped", text.len());
        let path = dir.path().join(if pretty { "pretty.har" } else { "one-line.har" });
        std::fs::write(&path, &text).unwrap();
        let from_file = gclint(&[path.to_str().unwrap()]).output().unwrap();
        assert_eq!(found(&from_file), expected, "pretty: {pretty}");

        // The same from stdin, and from a gzip stream: byte-identical reports but for the name.
        let mut child = gclint(&["-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let from_stdin = child.wait_with_output().unwrap();
        assert_eq!(found(&from_stdin), expected, "stdin, pretty: {pretty}");

        let gz = dir.path().join("capture.har.gz");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
        let from_gzip = gclint(&[gz.to_str().unwrap()]).output().unwrap();
        assert_eq!(found(&from_gzip), expected, "gzip, pretty: {pretty}");
    }
}

#[test]
fn a_capture_cut_anywhere_reports_what_came_before_the_cut() {
    let text = capture(false);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.har");
    let all = places(&text, "conferences/");
    // Cut in the middle of a made-up entry far into the file.
    let cut = text.match_indices("conferences/").nth(150).unwrap().0 + 5;
    assert!(cut > 4 << 20, "{cut} bytes: too small to be mapped");
    std::fs::write(&path, &text[..cut]).unwrap();
    let output = gclint(&["--extend-select", "invalid-input", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let places_found: Vec<(u64, u64)> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "unknown-endpoint")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(places_found, all[..150]);
    let cut_error = diagnostics.iter().find(|d| d["rule"] == "invalid-input").expect("the cut is reported");
    let message = cut_error["message"].as_str().unwrap();
    assert!(message.contains(&format!("in entry {}", 150 * EVERY)), "{message}");
    assert_eq!(cut_error["column"].as_u64().unwrap(), text[..cut].chars().count() as u64 + 1);
}

/// A reader that hands out `bytes`, then panics: a bug below the splitter.
struct Breaks<'a> {
    bytes: &'a [u8],
}

impl std::io::Read for Breaks<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        assert!(!self.bytes.is_empty(), "the reader broke");
        let n = self.bytes.len().min(out.len());
        out[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

/// A failure inside the HAR reader ends that capture with an error finding, on whatever thread it
/// happens; the run goes on, and the next capture is read as usual.
#[test]
fn a_failing_reader_ends_the_capture_not_the_run() {
    let text = capture(false);
    let cut = text.match_indices("conferences/").nth(150).unwrap().0;
    let opts = gclint::engine::Options::default();
    let (mut stats, mut found) = (gclint::stats::Stats::default(), Vec::new());
    let reader = Breaks { bytes: &text.as_bytes()[..cut] };
    gclint::engine::lint_reader("breaks.har", reader, true, &opts, &mut stats, &mut found).unwrap();
    let error = found.iter().find(|d| d.rule.name == "invalid-input").expect("the failure is reported");
    assert!(error.message.contains("stopped unexpectedly"), "{}", error.message);
    let mut next = Vec::new();
    gclint::engine::lint_reader("whole.har", text.as_bytes(), true, &opts, &mut stats, &mut next).unwrap();
    assert_eq!(next.iter().filter(|d| d.rule.name == "unknown-endpoint").count(), ENTRIES.div_ceil(EVERY));
}

/// The checks that read a capture's history see its windows in file order, however many windows
/// are being read at once and whichever thread finishes reading first: a participant changed
/// after its conversation was ended (many windows earlier) is found every time, and the report
/// is byte-identical whatever the number of threads.
#[test]
fn the_history_of_a_capture_is_read_in_order_across_many_windows() {
    /// Entries: about 20 windows, far more than are read at once.
    const ALL: usize = 10_000;
    /// How far after a conversation is ended one of its participants is changed: several windows.
    const LATER: usize = 4_505;
    let patch = |path: String, body: &str, entry: usize| {
        serde_json::json!({
            "request": {
                "method": "PATCH",
                "url": format!("https://api.mypurecloud.com/api/v2/conversations/calls/{path}"),
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "postData": {"mimeType": "application/json", "text": body},
                "comment": format!("entry {entry}")
            },
            "response": {"status": 202, "headers": [], "content": {"size": 0}}
        })
    };
    let entries: Vec<serde_json::Value> = (0..ALL)
        .map(|i| match i % 10 {
            // Ends conversation c{i/10} for everyone.
            0 => patch(format!("c{}", i / 10), r#"{"state":"disconnected"}"#, i),
            // Holds a participant of the conversation ended LATER entries before.
            5 if i >= LATER => patch(format!("c{0}/participants/p{0}", (i - LATER) / 10), r#"{"held":true}"#, i),
            _ => serde_json::json!({
                "request": {"method": "GET", "url": format!("https://example.org/{i}"), "headers": []},
                "response": {"status": 200, "headers": [], "content": {"size": 2, "text": "ok"}}
            }),
        })
        .collect();
    let har = serde_json::json!({"log": {"version": "1.2", "entries": entries}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.har");
    std::fs::write(&path, serde_json::to_string(&har).unwrap()).unwrap();

    let run = |jobs: &str| {
        let args = ["--select", "conflicting-actions", "--jobs", jobs, path.to_str().unwrap()];
        let output = gclint(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    };
    let one = run("1");
    let report: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let entries_found: Vec<u64> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("after its conversation was ended"))
        .map(|d| d["entry"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = (LATER as u64..ALL as u64).filter(|i| i % 10 == 5).collect();
    assert_eq!(entries_found, expected);
    for jobs in ["2", "3", "8"] {
        assert!(run(jobs) == one, "--jobs {jobs} differs from --jobs 1");
    }
}
