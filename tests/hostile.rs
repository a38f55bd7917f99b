//! Hostile inputs, written by a generator into a temporary directory: HARs cut short at every
//! structural point, invalid UTF-8, NUL bytes, 10^5-deep arrays (as the file and in a body), a
//! 100 MB single-line body, duplicate keys, lone surrogates in `\u` escapes, a HAR whose
//! `entries` is an object. Each must give a finding or a clean pass with a documented exit code
//! (0, 1 or 2), in bounded time, without a panic; `gclint redact` too (0 or 2).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use insta_cmd::get_cargo_bin;

mod common;
use common::zstd_rle;

/// The most one run may take, generously: a debug build on a shared machine.
const WALL: Duration = Duration::from_secs(60);

/// The size of the single-line body: 100 MB, as the issue asks; `GCLINT_HOSTILE_BODY_MB`
/// overrides it (e.g. to try larger ones).
fn big_body_bytes() -> usize {
    std::env::var("GCLINT_HOSTILE_BODY_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(100) * 1_000_000
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], path: &Path) -> Run {
    let started = Instant::now();
    let out = Command::new(get_cargo_bin("gclint")).args(args).arg(path).output().unwrap();
    let took = started.elapsed();
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(took < WALL, "{args:?} {}: took {took:?}", path.display());
    assert!(!run.stderr.contains("panicked"), "{args:?} {}: {}", path.display(), run.stderr);
    run
}

/// `check` gives a finding or a clean pass (0 or 1, or 2 for what cannot be read at all), and
/// `redact` writes a copy or refuses (0 or 2).
fn survives(path: &Path) -> Run {
    let check = run(&["check", "--format", "compact"], path);
    assert!(matches!(check.code, Some(0..=2)), "{}: exit {:?}\n{}", path.display(), check.code, check.stderr);
    let out = path.with_extension("redacted");
    let redact = run(&["redact", "-o", out.to_str().unwrap()], path);
    let _ = std::fs::remove_file(&out);
    assert!(matches!(redact.code, Some(0 | 2)), "{}: redact exit {:?}\n{}", path.display(), redact.code, redact.stderr);
    check
}

const HAR: &str = r#"{"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [
  {"request": {"method": "PATCH", "url": "https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1",
    "headers": [{"name": "Authorization", "value": "Bearer 0123456789abcdefghij"}],
    "postData": {"mimeType": "application/json", "text": "{\"state\": \"DISCONNECTED\", \"action\": \"x\"}"}},
   "response": {"status": 202, "headers": [], "content": {"mimeType": "application/json", "text": ""}}}]}}"#;

fn har_with_body(body: &str) -> String {
    let text = serde_json::to_string(body).unwrap();
    HAR.replace(r#""{\"state\": \"DISCONNECTED\", \"action\": \"x\"}""#, &text)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn hars_cut_short_at_every_structural_point() {
    let dir = tempfile::tempdir().unwrap();
    let cuts: Vec<usize> = HAR.char_indices().filter(|(_, c)| "{}[],:\"".contains(*c)).map(|(i, _)| i).collect();
    assert!(cuts.len() > 50);
    for &cut in &cuts {
        for end in [cut, cut + 1] {
            write(dir.path(), &format!("cut-{end:05}.har"), &HAR.as_bytes()[..end]);
        }
    }
    // One run over the directory (each file is reported on its own), then a few one by one.
    let all = run(&["check", "--format", "compact"], dir.path());
    assert_eq!(all.code, Some(1), "{}", all.stderr);
    for &cut in cuts.iter().step_by(7) {
        let one = survives(&dir.path().join(format!("cut-{cut:05}.har")));
        assert_eq!(one.code, Some(1), "{}", one.stdout);
        assert!(one.stdout.contains("invalid-input") || cut == 0, "cut at {cut}: {}", one.stdout);
    }
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = HAR.as_bytes().to_vec();
    let at = HAR.find("DISCONNECTED").unwrap();
    bad[at] = 0xFF;
    let r = survives(&write(dir.path(), "utf8.har", &bad));
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.contains("not UTF-8"), "{}", r.stdout);

    let nul_in_string = HAR.replacen("DISCONNECTED", "DISCO\0NNECTED", 1);
    let r = survives(&write(dir.path(), "nul-in-string.har", nul_in_string));
    assert_eq!(r.code, Some(1));
    let r = survives(&write(dir.path(), "nul-escaped.har", har_with_body("{\"state\": \"dis\\u0000connected\"}")));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    let r = survives(&write(dir.path(), "nuls.json", vec![0u8; 4096]));
    assert_eq!(r.code, Some(1));
    let r = survives(&write(dir.path(), "nuls.http", b"GET https://api.mypurecloud.com/api/v2/x\0\0\0\n"));
    assert!(matches!(r.code, Some(0 | 1)));
}

#[test]
fn arrays_nested_a_hundred_thousand_deep() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // As the file: a payload.
    let r = survives(&write(dir.path(), "deep.json", &deep));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    // As an object member of a payload.
    let r = survives(&write(dir.path(), "deep-member.json", format!("{{\"state\": {deep}}}")));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    // In a HAR body (a JSON string).
    let r = survives(&write(dir.path(), "deep-body.har", har_with_body(&format!("{{\"state\": {deep}}}"))));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    // In the HAR itself.
    let r =
        survives(&write(dir.path(), "deep-har.har", HAR.replace("\"version\": \"1.2\"", &format!("\"x\": {deep}"))));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    // Unclosed.
    let r = survives(&write(dir.path(), "deep-open.json", "[".repeat(100_000)));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    // A JSON lines log with a deep body value.
    let line = format!(
        "{{\"method\": \"PATCH\", \"url\": \"https://api.mypurecloud.com/api/v2/conversations/c/participants/p\", \"requestBody\": {deep}}}\n"
    );
    let r = survives(&write(dir.path(), "deep.jsonl", line.repeat(2)));
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stdout);
}

#[test]
fn a_hundred_megabyte_single_line_body() {
    let dir = tempfile::tempdir().unwrap();
    let size = big_body_bytes();
    // Written in pieces: `{"state": "disconnected", "muted": "yes", "pad": "xxxx...x"}` on one line,
    // as a HAR body (a JSON string) and as a payload file.
    let head = "{\\\"state\\\": \\\"disconnected\\\", \\\"muted\\\": \\\"yes\\\", \\\"pad\\\": \\\"";
    let tail = "\\\"}";
    let (before, after) = HAR.split_once(r#""{\"state\": \"DISCONNECTED\", \"action\": \"x\"}""#).unwrap();
    let chunk = vec![b'x'; 1 << 20];
    let write_big = |path: &Path, prefix: &str, suffix: &str| {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        f.write_all(prefix.as_bytes()).unwrap();
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len());
            f.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        f.write_all(suffix.as_bytes()).unwrap();
        f.flush().unwrap();
    };
    let har = dir.path().join("big-body.har");
    write_big(&har, &format!("{before}\"{head}"), &format!("{tail}\"{after}"));
    // Over the default --max-body-size: reported, not checked.
    let r = survives(&har);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("(--max-body-size) were not checked"), "{}", r.stdout);
    let payload = dir.path().join("big-body.json");
    write_big(&payload, r#"{"state": "disconnected", "muted": "yes", "pad": ""#, r#""}"#);
    // Without the limit, it is checked; the snippets are clipped, so the report stays small.
    let endpoint = "PATCH /api/v2/conversations/c/participants/p";
    let r = run(&["check", "--color", "never", "--max-body-size", "0", "--endpoint", endpoint], &payload);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.len() < 20_000, "{} bytes of output", r.stdout.len());
}

#[test]
fn duplicate_keys() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"{"state": "connected", "state": "disconnected", "muted": true, "muted": "x"}"#;
    let r = survives(&write(dir.path(), "dup-body.har", har_with_body(body)));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    let r = survives(&write(dir.path(), "dup-log.har", HAR.replacen("{\"log\": ", "{\"log\": {}, \"log\": ", 1)));
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stdout);
    let r = survives(&write(
        dir.path(),
        "dup-entries.har",
        HAR.replacen("\"entries\": [", "\"entries\": [], \"entries\": [", 1),
    ));
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stdout);
    let r = survives(&write(dir.path(), "dup.json", body));
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stdout);
}

#[test]
fn lone_surrogates_in_escapes() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("surrogate-body.har", HAR.replacen("DISCONNECTED", "DISC\\\\ud800ONNECTED", 1)),
        ("surrogate-url.har", HAR.replacen("/participants/p1", "/participants/p\\udc001", 1)),
        ("surrogate-pair-cut.har", HAR.replacen("DISCONNECTED", "\\\\ud83d\\\\u0041", 1)),
        ("surrogate-key.har", HAR.replacen("\"action\"", "\"\\\\udfff\"", 1)),
    ] {
        let r = survives(&write(dir.path(), name, text));
        assert_eq!(r.code, Some(1), "{name}: {}", r.stdout);
    }
    let r = survives(&write(dir.path(), "surrogate.json", r#"{"state": "\ud800", "\udfff": 1}"#));
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stdout);
}

#[test]
fn a_har_whose_entries_is_an_object() {
    let dir = tempfile::tempdir().unwrap();
    let text = HAR.replacen("\"entries\": [", "\"entries\": {\"0\": ", 1).replacen("}}]}}", "}}}}}", 1);
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let r = survives(&write(dir.path(), "entries-object.har", text));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("`log.entries` is not an array"), "{}", r.stdout);
    for (name, text) in [
        ("log-array.har", r#"{"log": []}"#),
        ("entries-null.har", r#"{"log": {"entries": null}}"#),
        ("entries-strings.har", r#"{"log": {"entries": ["a", 1, null, {"request": 5}]}}"#),
        ("request-array.har", r#"{"log": {"entries": [{"request": [], "response": "x"}]}}"#),
    ] {
        let r = survives(&write(dir.path(), name, text));
        assert!(matches!(r.code, Some(0 | 1)), "{name}: {}", r.stdout);
    }
}

#[test]
fn the_span_locator_survives_deep_nesting() {
    // jsonc-parser, which finds the bytes of a JSON pointer, recurses once per level.
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let located = std::thread::spawn(move || gclint::rules::ctx::locate_in(&deep, "/a/0/0")).join();
    assert!(located.is_ok(), "locate_in overflowed its stack");
}

// ------------------------------------------------------------------- bounded reads (item 2)

/// `check` only (the bounds of `redact` are its own): a finding, never a pass.
fn check_finds(path: &Path, extra: &[&str], said: &str) -> Run {
    let mut args = vec!["check", "--format", "compact"];
    args.extend_from_slice(extra);
    let r = run(&args, path);
    assert_eq!(r.code, Some(1), "{}: {}{}", path.display(), r.stdout, r.stderr);
    assert!(r.stdout.contains("invalid-input") && r.stdout.contains(said), "{}: {}", path.display(), r.stdout);
    r
}

#[test]
fn inputs_that_are_not_text_or_too_large_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    // Longer than the 64 KiB read first: decided from them.
    check_finds(&write(dir.path(), "nuls-long.json", vec![0u8; 1 << 20]), &[], "binary data");
    let mut noise = Vec::with_capacity(1 << 20);
    let mut x: u32 = 12345;
    for _ in 0..1 << 20 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    check_finds(&write(dir.path(), "noise.har", &noise), &[], "not UTF-8");
    // In a walk, an unknown extension is skipped, not reported.
    let walked = tempfile::tempdir().unwrap();
    write(walked.path(), "noise", &noise);
    let r = run(&["check", "--format", "compact"], walked.path());
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    // Compressed: zeros, text past --max-file-size, whitespace past --max-decompressed-size.
    check_finds(&write(dir.path(), "zeros.json.zst", zstd_rle(0, 20_000_000_000)), &[], "binary data");
    check_finds(
        &write(dir.path(), "text.json.zst", zstd_rle(b'a', 1 << 30)),
        &["--max-file-size", "8M"],
        "(--max-file-size)",
    );
    check_finds(
        &write(dir.path(), "spaces.json.zst", zstd_rle(b' ', 1 << 30)),
        &["--max-decompressed-size", "64M"],
        "--max-decompressed-size",
    );
    // A JSON lines log with a line longer than the limit.
    let line = format!("{{\"url\": \"https://api.mypurecloud.com/api/v2/x\", \"pad\": \"{}\"}}\n", "x".repeat(3 << 20));
    check_finds(
        &write(dir.path(), "long-line.jsonl", line),
        &["--max-file-size", "2M"],
        "larger than 2 MiB (--max-file-size)",
    );
}

#[test]
fn whitespace_before_or_instead_of_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let spaces = " \n\t\r".repeat(1 << 18);
    // A HAR after 1 MiB of whitespace: streamed, and its findings found.
    let r = survives(&write(dir.path(), "spaced.har", format!("{spaces}{HAR}")));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("error[") || r.stdout.contains("error"), "{}", r.stdout);
    // A payload after it: read whole, positions kept.
    let r = run(&["check", "--format", "compact"], &write(dir.path(), "spaced.json", format!("{spaces}{{\"state\": ")));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains(&format!(":{}:", (1 << 18) + 1)), "{}", r.stdout);
    // Nothing but whitespace: an empty document.
    check_finds(&write(dir.path(), "blank.json", spaces.repeat(8)), &[], "empty");
}

#[cfg(unix)]
#[test]
fn what_is_not_a_regular_file_is_refused_when_named_and_skipped_in_a_walk() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.har");
    let made = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", dir.path().join("random.har")).unwrap();
    write(dir.path(), "ok.json", r#"{"state": "disconnected"}"#);
    // Walked: skipped, the rest checked.
    let r = run(&["check", "--format", "compact"], dir.path());
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    // Named: refused with exit 2, never waited on.
    let mut named = vec![dir.path().join("zero.json"), dir.path().join("random.har")];
    if made {
        named.push(fifo);
    }
    for path in named {
        let r = run(&["check"], &path);
        assert_eq!(r.code, Some(2), "{}: {}", path.display(), r.stderr);
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    }
}

/// The size of the giant URL: 16 MB; `GCLINT_HOSTILE_URL_MB` overrides it (300 as in the issue).
fn big_url_bytes() -> usize {
    std::env::var("GCLINT_HOSTILE_URL_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(16) * 1_000_000
}

#[test]
fn a_giant_url_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("giant-url.har");
    let url = "https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1";
    let (before, after) = HAR.split_once(url).unwrap();
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(format!("{before}{url}?pad=").as_bytes()).unwrap();
    let chunk = vec![b'y'; 1 << 20];
    let mut left = big_url_bytes();
    while left > 0 {
        let n = left.min(chunk.len());
        f.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    f.write_all(after.as_bytes()).unwrap();
    f.flush().unwrap();
    drop(f);
    for format in ["human", "json", "sarif", "junit", "github"] {
        let r = run(&["check", "--color", "never", "--format", format], &path);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        assert!(r.stdout.contains("requests whose URL is longer than 1 MiB were not checked"), "{}", r.stdout);
        assert!(r.stdout.len() < 200_000, "{format}: {} bytes of output", r.stdout.len());
    }
}

/// Control characters in a capture (an escape sequence that clears the screen or retitles the
/// terminal, a bell, a bidirectional override) reach no output as they are: every format prints
/// them as escapes or `?`, and the JUnit report stays well-formed XML.
#[test]
fn control_characters_of_a_capture_cannot_steer_a_terminal_or_break_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://api.mypurecloud.com/api/v2/conversations/calls/c1\\u001b]0;pwned\\u0007\\u001b[2J\\u202e/participantz/p1";
    let har = HAR.replace("https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1", url);
    assert_ne!(har, HAR);
    let path = write(dir.path(), "esc.har", har);
    for format in ["human", "compact", "github", "junit", "json", "sarif"] {
        let out = run(&["check", "--isolated", "--color", "never", "--format", format], &path);
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        // JSON and SARIF are data: their strings hold the capture's characters exactly, control
        // characters escaped by JSON itself.
        let machine = matches!(format, "json" | "sarif");
        let shown = |c: char| c != '\n' && if machine { c.is_control() } else { gclint::text::is_unsafe_char(c) };
        let raw: Vec<char> = out.stdout.chars().filter(|&c| shown(c)).collect();
        assert!(raw.is_empty(), "{format}: {raw:?} in\n{}", out.stdout);
        if format == "junit" {
            roxmltree::Document::parse(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.stdout));
        }
    }
}
