//! Bounded reading of everything gclint reads: inputs on stdin and on disk, compressed inputs,
//! configuration, baseline and environment files, and the directories walked. Each hostile input
//! ends in a finding or an error (exit 1 or 2), never in a pass, never in a hang, and in bounded
//! memory: every run here is a child process whose peak resident memory is measured (from
//! `wait4`) and capped (it is killed past [`CAP_MB`]).
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use insta_cmd::get_cargo_bin;

mod common;
use common::zstd_rle;

/// A run is killed when its resident memory passes this (so that a regression fails the test
/// instead of the machine).
const CAP_MB: u64 = 1500;

/// The most one run may take: a debug build on a shared 2-core machine.
const WALL: Duration = Duration::from_secs(120);

/// Writes what a run reads on stdin.
type Writer = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send>;

/// What is written to a run's standard input.
enum Input {
    None,
    /// A file (or device) opened as stdin.
    File(PathBuf),
    /// Bytes produced by a closure into a pipe (the write stops when the child stops reading).
    Feed(Writer),
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    /// The first MiB of stdout, and how many bytes it had in all.
    stdout: String,
    stdout_len: usize,
    stderr: String,
    peak_mb: u64,
    killed: Option<&'static str>,
}

/// Keeps the first MiB of what a pipe gives, and counts the rest.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<(Vec<u8>, usize)> {
    std::thread::spawn(move || {
        let (mut kept, mut total, mut buf) = (Vec::new(), 0, vec![0; 1 << 16]);
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
            if kept.len() < 1 << 20 {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        (kept, total)
    })
}

/// Runs gclint with `args` and `input` on stdin, in `dir` (the working directory); measures its
/// peak resident memory, and kills it past [`CAP_MB`] or [`WALL`].
fn run_in(dir: Option<&Path>, args: &[&str], input: Input) -> Run {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.args(args).env("COLUMNS", "100").env_remove("NO_COLOR").stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let mut feed = None;
    match input {
        Input::None => {
            cmd.stdin(Stdio::null());
        }
        Input::File(path) => {
            cmd.stdin(std::fs::File::open(path).unwrap());
        }
        Input::Feed(f) => {
            cmd.stdin(Stdio::piped());
            feed = Some(f);
        }
    }
    // Waited for with wait4 below (for its resource usage), not with Child::wait.
    #[allow(clippy::zombie_processes)]
    let mut child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let writer = feed.map(|f| {
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            // The child may stop reading (a limit, a refusal): the write then fails, as it should.
            let _ = f(&mut stdin);
        })
    });
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let started = Instant::now();
    let mut killed = None;
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: a plain struct of integers, filled in by wait4.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waits for the child started above (by its id), without blocking.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        assert!(r == 0, "wait4 failed");
        if killed.is_none() {
            let rss = rss_mb(pid);
            let why = if rss > CAP_MB {
                Some("memory")
            } else if started.elapsed() > WALL {
                Some("time")
            } else {
                None
            };
            if let Some(why) = why {
                killed = Some(why);
                // SAFETY: signals the child started above, which has not been waited for yet.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if let Some(w) = writer {
        w.join().unwrap();
    }
    let (stdout, stdout_len) = out.join().unwrap();
    let (stderr, _) = err.join().unwrap();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stdout_len,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        // ru_maxrss is in KiB on Linux.
        peak_mb: usage.ru_maxrss as u64 / 1024,
        killed,
    };
    assert!(run.killed.is_none(), "{args:?}: killed for {} (peak {} MB)", run.killed.unwrap(), run.peak_mb);
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    run
}

fn run(args: &[&str], input: Input) -> Run {
    run_in(None, args, input)
}

/// The resident memory of a running process, in MB (0 once it is gone).
fn rss_mb(pid: libc::pid_t) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Writes `total` bytes of `byte` in chunks of 1 MiB.
fn repeat(out: &mut dyn Write, byte: u8, total: usize) -> std::io::Result<()> {
    let chunk = vec![byte; 1 << 20];
    let mut left = total;
    while left > 0 {
        let n = left.min(chunk.len());
        out.write_all(&chunk[..n])?;
        left -= n;
    }
    Ok(())
}

fn feed(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static) -> Input {
    Input::Feed(Box::new(f))
}

const MB: usize = 1 << 20;

/// A capture with one request gclint finds a problem with (a PUT to a participant).
const HAR: &str = r#"{"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [
  {"request": {"method": "PUT", "url": "https://api.mypurecloud.com/api/v2/conversations/calls/c1/participants/p1",
    "headers": [], "postData": {"mimeType": "application/json", "text": "{\"state\": \"disconnected\"}"}},
   "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": ""}}}]}}"#;

/// Gzip members of 1 MiB of `byte` each, `mib` of them (gzip readers read every member).
fn gzip_members(byte: u8, mib: usize) -> Vec<u8> {
    let mut one = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    one.write_all(&vec![byte; MB]).unwrap();
    let one = one.finish().unwrap();
    one.repeat(mib)
}

// ---------------------------------------------------------------------------------- stdin

#[test]
fn zeros_on_stdin_are_refused_at_once() {
    let r = run(&["check", "--format", "compact", "-"], Input::File("/dev/zero".into()));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("invalid-input") && r.stdout.contains("binary"), "{}", r.stdout);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
}

#[test]
fn random_bytes_on_stdin_are_refused_at_once() {
    let r = run(&["check", "--format", "compact", "-"], Input::File("/dev/urandom".into()));
    assert_eq!(r.code, Some(1), "{r:?}");
    // Random bytes hold an invalid UTF-8 sequence early, or now and then a NUL before it.
    let refused = r.stdout.contains("not UTF-8") || r.stdout.contains("binary data");
    assert!(r.stdout.contains("invalid-input") && refused, "{}", r.stdout);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
}

#[test]
fn a_long_text_on_stdin_stops_at_the_file_size_limit() {
    // 300 MB on one line of a JSON lines log: more than the default --max-file-size (256 MiB).
    let line = |out: &mut dyn Write| {
        out.write_all(br#"{"method": "GET", "url": "https://api.mypurecloud.com/api/v2/x", "pad": ""#)?;
        repeat(out, b'x', 300_000_000)?;
        out.write_all(b"\"}\n")
    };
    let r = run(&["check", "--format", "compact", "-"], feed(line));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("larger than 256 MiB (--max-file-size)"), "{}", r.stdout);
    assert!(r.peak_mb < 400, "peak {} MB", r.peak_mb);
    // A lower limit ends it sooner.
    let r = run(&["check", "--format", "compact", "--max-file-size", "1M", "-"], feed(line));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("larger than 1 MiB (--max-file-size)"), "{}", r.stdout);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
}

#[test]
fn a_har_after_much_whitespace_is_streamed() {
    let r = run(
        &["check", "--format", "compact", "-"],
        feed(|out| {
            repeat(out, b' ', 300 * MB)?;
            out.write_all(HAR.as_bytes())
        }),
    );
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("put-method"), "{}", r.stdout);
    assert!(r.peak_mb < 150, "peak {} MB", r.peak_mb);
}

#[test]
fn findings_after_much_whitespace_keep_their_lines_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.har");
    std::fs::write(&plain, HAR).unwrap();
    // 100,000 lines of whitespace, the last one 7 spaces: more than the 64 KiB read first.
    let spaced = dir.path().join("spaced.har");
    let prefix = format!("{}{}", " \t\r\n".repeat(100_000), " ".repeat(7));
    std::fs::write(&spaced, format!("{prefix}{HAR}")).unwrap();
    let plain = run(&["check", "--format", "json", plain.to_str().unwrap()], Input::None);
    let spaced = run(&["check", "--format", "json", spaced.to_str().unwrap()], Input::None);
    let at = |r: &Run| -> Vec<(u64, u64)> {
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
            .collect()
    };
    let (plain, spaced) = (at(&plain), at(&spaced));
    assert!(!plain.is_empty());
    let moved: Vec<(u64, u64)> =
        plain.iter().map(|&(l, c)| if l == 1 { (l + 100_000, c + 7) } else { (l + 100_000, c) }).collect();
    assert_eq!(spaced, moved);
}

#[test]
fn a_document_of_whitespace_is_empty_and_not_held_in_memory() {
    let r = run(&["check", "--format", "compact", "-"], feed(|out| repeat(out, b' ', 512 * MB)));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("empty"), "{}", r.stdout);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
}

/// An endless stream of whitespace (a pipe) ends: read past up to --max-decompressed-size, then
/// an error, not a run that never ends or a pass.
#[test]
fn endless_whitespace_ends_with_an_error() {
    for command in ["check", "suggest"] {
        let r = run(
            &[command, "--max-decompressed-size", "64M", "-"],
            feed(|out| {
                loop {
                    repeat(out, b' ', 64 * MB)?;
                }
            }),
        );
        assert_ne!(r.code, Some(0), "{command}: {r:?}");
        assert!(
            format!("{}{}", r.stdout, r.stderr).contains("starts with more than 64 MiB of whitespace"),
            "{command}: {r:?}"
        );
        assert!(r.peak_mb < 100, "{command}: peak {} MB", r.peak_mb);
    }
}

// ---------------------------------------------------------------------------- compressed

#[test]
fn compressed_bombs_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        // 20 GB of zeros in 650 KB, as in the issue: binary, refused from its first bytes.
        ("zeros.zst", zstd_rle(0, 20_000_000_000), "binary"),
        ("zeros.gz", gzip_members(0, 4096), "binary"),
        // Text: read whole up to --max-file-size, then refused.
        ("text.json.zst", zstd_rle(b'a', 4 << 30), "--max-file-size"),
        ("text.gz", gzip_members(b'[', 2048), "--max-file-size"),
        // Whitespace: skipped up to --max-decompressed-size.
        ("spaces.json.zst", zstd_rle(b' ', 4 << 30), "--max-decompressed-size"),
    ];
    for (name, bytes, said) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = run(&["check", "--format", "compact", path.to_str().unwrap()], Input::None);
        assert_eq!(r.code, Some(1), "{name}: {r:?}");
        assert!(r.stdout.contains("invalid-input") && r.stdout.contains(said), "{name}: {}", r.stdout);
        assert!(r.peak_mb < 400, "{name}: peak {} MB", r.peak_mb);
        // suggest reads the same way, and says what it could not read (exit 2, not a pass).
        let r = run(&["suggest", path.to_str().unwrap()], Input::None);
        assert_eq!(r.code, Some(2), "suggest {name}: {r:?}");
        assert!(r.stderr.contains(said), "suggest {name}: {}", r.stderr);
        assert!(r.peak_mb < 400, "suggest {name}: peak {} MB", r.peak_mb);
    }
}

// ------------------------------------------------------------------- not regular files

#[test]
fn a_device_named_as_an_input_is_refused() {
    let r = run(&["check", "/dev/zero"], Input::None);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("cannot read /dev/zero: it is a device, not a regular file"), "{}", r.stderr);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success())
}

#[test]
fn fifos_and_devices_named_as_inputs_configs_or_baselines_are_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.json");
    if !mkfifo(&fifo) {
        return;
    }
    let payload = dir.path().join("p.json");
    std::fs::write(&payload, r#"{"state": "disconnected"}"#).unwrap();
    let zero_link = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero_link).unwrap();
    let (fifo, payload, zero_link) = (fifo.to_str().unwrap(), payload.to_str().unwrap(), zero_link.to_str().unwrap());
    for (args, said) in [
        (vec!["check", fifo], "it is a FIFO, not a regular file"),
        (vec!["check", "--config", fifo, payload], "it is a FIFO, not a regular file"),
        (vec!["check", "--config", zero_link, payload], "it is a device, not a regular file"),
        (vec!["check", "--config", "/dev/zero", payload], "it is a device, not a regular file"),
        (vec!["check", "--isolated", "--baseline", fifo, payload], "it is a FIFO, not a regular file"),
        (vec!["check", "--isolated", "--baseline", zero_link, payload], "it is a device, not a regular file"),
        (vec!["suggest", "--config", fifo, payload], "it is a FIFO, not a regular file"),
    ] {
        let r = run(&args, Input::None);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(r.stderr.contains(said), "{args:?}: {}", r.stderr);
    }
    // A gclint.toml found from the working directory is refused the same way, not passed over.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    assert!(mkfifo(&sub.join("gclint.toml")));
    let r = run_in(Some(&sub), &["check", payload], Input::None);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("it is a FIFO, not a regular file"), "{}", r.stderr);
}

#[test]
fn an_environment_file_linked_to_dev_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let http = dir.path().join("calls.http");
    std::fs::write(
        &http,
        "PATCH https://api.mypurecloud.com/api/v2/conversations/calls/{{c}}/participants/p1\n\
         Content-Type: application/json\n\n{\"state\": \"disconnected\"}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("http-client.env.json")).unwrap();
    let private = dir.path().join("http-client.private.env.json");
    if mkfifo(&private) {
        let r = run(&["check", "--format", "compact", http.to_str().unwrap()], Input::None);
        assert_eq!(r.code, Some(1), "{r:?}");
        assert!(r.stdout.contains("http-client.env.json files that cannot be read"), "{}", r.stdout);
        assert!(r.stdout.contains("http-client.private.env.json files that cannot be read"), "{}", r.stdout);
        assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
    }
}

// ---------------------------------------------------------------------------- large files

#[test]
fn a_named_file_over_the_size_limit_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let line = r#"{"method": "GET", "url": "https://api.mypurecloud.com/api/v2/x"}"#;
    std::fs::write(&path, format!("{line}\n").repeat(40_000)).unwrap();
    let r = run(&["check", "--format", "compact", "--max-file-size", "1M", path.to_str().unwrap()], Input::None);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("the file is larger than 1 MiB (--max-file-size): not checked"), "{}", r.stdout);
    // 0: no limit.
    let r = run(&["check", "--format", "compact", "--max-file-size", "0", path.to_str().unwrap()], Input::None);
    assert_eq!(r.code, Some(0), "{r:?}");
}

/// The size of the giant URL: 64 MB; `GCLINT_READS_URL_MB` overrides it (300 as in the issue).
fn url_bytes() -> usize {
    std::env::var("GCLINT_READS_URL_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(64) * 1_000_000
}

/// Writes the capture with `pad` bytes added to its URL, after `/participants/p1` and `glue`.
fn har_with_long_url(path: &Path, glue: &str, pad: usize) {
    let (before, after) = HAR.split_once("/participants/p1").unwrap();
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(format!("{before}/participants/p1{glue}").as_bytes()).unwrap();
    repeat(&mut f, b'x', pad).unwrap();
    f.write_all(after.as_bytes()).unwrap();
    f.flush().unwrap();
}

#[test]
fn a_giant_url_is_reported_not_read_and_a_long_one_is_cut_where_it_is_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("url.har");
    // Longer than any server takes: the request is reported unchecked, its URL never copied.
    har_with_long_url(&path, "?pad=", url_bytes());
    for format in ["human", "compact", "json", "sarif", "github", "junit"] {
        let r = run(&["check", "--color", "never", "--format", format, path.to_str().unwrap()], Input::None);
        assert_eq!(r.code, Some(1), "{format}: {:?} {}", r.code, r.stderr);
        assert!(
            r.stdout.contains("requests whose URL is longer than 1 MiB were not checked"),
            "{format}: {}",
            r.stdout
        );
        assert!(r.stdout_len < 100_000, "{format}: {} bytes of output", r.stdout_len);
        assert!(r.peak_mb < 100 + (url_bytes() >> 20) as u64, "{format}: peak {} MB", r.peak_mb);
    }
    // Long, but read: checked, and quoted cut in the message, the help and the request line.
    har_with_long_url(&path, "?pad=", 1_000_000);
    for format in ["human", "compact", "json", "sarif", "github", "junit"] {
        let r = run(&["check", "--color", "never", "--format", format, path.to_str().unwrap()], Input::None);
        assert_eq!(r.code, Some(1), "{format}: {:?} {}", r.code, r.stderr);
        assert!(r.stdout.contains("put-method") || r.stdout.contains("PUT"), "{format}: {}", r.stdout);
        assert!(r.stdout_len < 100_000, "{format}: {} bytes of output", r.stdout_len);
    }
    let r = run(&["suggest", path.to_str().unwrap()], Input::None);
    assert!(r.stdout_len < 100_000, "suggest: {} bytes of output", r.stdout_len);
    // In the path, the URL is in the corrected request: once, not again in the message, the
    // help and the request line.
    har_with_long_url(&path, "", 1_000_000);
    for format in ["human", "json", "sarif", "junit"] {
        let r = run(&["check", "--color", "never", "--format", format, path.to_str().unwrap()], Input::None);
        assert_eq!(r.code, Some(1), "{format}: {:?} {}", r.code, r.stderr);
        // What the report holds besides the URL (SARIF carries every rule's docs) is under 150 kB.
        assert!(r.stdout_len < 1_000_000 + 150_000, "{format}: {} bytes of output", r.stdout_len);
    }
}

// --------------------------------------------------------------------------- configuration

#[test]
fn a_glob_that_cannot_compile_is_a_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.json"), r#"{"state": "disconnected"}"#).unwrap();
    let nested = |n: usize| format!("{}b{}", "{a,".repeat(n), "}".repeat(n));
    let globs = [
        nested(200),
        nested(2000),
        "{a,".repeat(200),
        "{".repeat(5000),
        "a".repeat(100_000),
        "[".repeat(3000),
        "**/".repeat(3000),
        "{a,b}".repeat(5000),
        "[a-z]".repeat(20_000),
    ];
    for glob in globs {
        for table in ["per-path-ignores", "payloads"] {
            let rest = if table == "payloads" {
                r#"endpoint = "PATCH /api/v2/conversations/c/participants/p""#
            } else {
                r#"rules = ["put-method"]"#
            };
            std::fs::write(dir.path().join("gclint.toml"), format!("[[{table}]]\nglob = {glob:?}\n{rest}\n")).unwrap();
            let r = run_in(Some(dir.path()), &["check", "p.json"], Input::None);
            assert!(matches!(r.code, Some(0 | 2)), "{table} {}: {r:?}", &glob[..10]);
            if r.code == Some(2) {
                assert!(r.stderr.contains("gclint.toml"), "{}", r.stderr);
            }
        }
    }
    // The nested alternation of the issue in particular.
    std::fs::write(
        dir.path().join("gclint.toml"),
        format!("[[per-path-ignores]]\nglob = {:?}\nrules = []\n", nested(200)),
    )
    .unwrap();
    let r = run_in(Some(dir.path()), &["check", "p.json"], Input::None);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("not a glob"), "{}", r.stderr);
}

// --------------------------------------------------------------------------------- walking

#[test]
fn a_symlinked_capture_in_a_walked_directory_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("real.har"), HAR).unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("real.har"), tree.join("capture.har")).unwrap();
    let r = run(&["check", "--format", "compact", tree.to_str().unwrap()], Input::None);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("capture.har") && r.stdout.contains("put-method"), "{}", r.stdout);
}

#[test]
fn a_directory_deeper_than_the_limit_does_not_crash_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().join("tree");
    std::fs::write(dir.path().join("top.har"), HAR).unwrap();
    for _ in 0..1500 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("bottom.har"), HAR).unwrap();
    let r = run(&["check", "--format", "compact", dir.path().to_str().unwrap()], Input::None);
    assert!(r.code.is_some(), "{r:?}");
    assert!(r.stdout.contains("top.har"), "{}", r.stdout);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(said.contains("deeper than"), "{said}");
}

#[test]
fn unreadable_paths_in_a_walk_are_reported_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.har"), HAR).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing.har"), dir.path().join("dangling.har")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("in.har"), HAR).unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    std::fs::write(dir.path().join("z.har"), HAR).unwrap();
    let r = run(&["check", "--format", "compact", dir.path().to_str().unwrap()], Input::None);
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    assert!(matches!(r.code, Some(1 | 2)), "{r:?}");
    assert!(r.stdout.contains("a.har") && r.stdout.contains("z.har"), "{}", r.stdout);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(said.contains("dangling.har"), "{said}");
    // As root the locked directory is readable, and checked.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        assert!(said.contains("locked"), "{said}");
    }
}
