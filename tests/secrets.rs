//! Secrets are masked in everything gclint prints and redacted completely by `gclint redact`:
//! a table of hostile cases, each with canary secret values that must appear in no output of
//! `check` (every format, on stdout and in `--output` files), of `suggest` (every form), of
//! `check --diff`, and in no copy `redact` writes (or `redact` fails with exit 2 and writes
//! nothing).

use std::path::Path;
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;

fn gclint() -> Command {
    Command::new(get_cargo_bin("gclint"))
}

/// One hostile case: the files to write (the first is the one checked), and the canaries.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    canaries: &'static [&'static str],
}

/// A HAR of one PUT where PATCH is meant (a finding with a suggestion), with `url`, extra request
/// headers, a request body and a response.
macro_rules! har {
    ($url:expr, $headers:expr, $body:expr, $response:expr) => {
        concat!(
            r#"{"log": {"version": "1.2", "entries": [{"request": {"method": "PUT", "url": ""#,
            $url,
            r#"", "headers": [{"name": "Content-Type", "value": "application/json"}"#,
            $headers,
            r#"], "postData": {"mimeType": "application/json", "text": ""#,
            $body,
            r#""}}, "response": "#,
            $response,
            "}]}}\n"
        )
    };
}

macro_rules! participant {
    () => {
        "https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46"
    };
}

const CASES: &[Case] = &[
    Case {
        name: "fragment.har",
        files: &[(
            "fragment.har",
            har!(
                concat!(participant!(), "#access_token=FRAGCANARY0123456789&expires_in=86400"),
                "",
                r#"{\"state\": \"disconnected\"}"#,
                r#"{"status": 200, "headers": [], "content": {"text": "{}"}}"#
            ),
        )],
        canaries: &["FRAGCANARY0123456789"],
    },
    Case {
        name: "location.har",
        files: &[(
            "location.har",
            har!(
                participant!(),
                "",
                r#"{\"state\": \"disconnected\"}"#,
                r#"{"status": 302, "headers": [{"name": "Location", "value": "https://app.example/cb#access_token=LOCCANARY0123456789&state=s"}], "redirectURL": "https://app.example/cb#id_token=REDIRCANARY0123456789", "content": {"text": ""}}"#
            ),
        )],
        canaries: &["LOCCANARY0123456789", "REDIRCANARY0123456789"],
    },
    Case {
        name: "userinfo.har",
        files: &[(
            "userinfo.har",
            har!(
                "https://robot:USERINFOCANARY0123@api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46?token=QTOKCANARY0123&api_key=QKEYCANARY0123",
                "",
                r#"{\"state\": \"disconnected\"}"#,
                r#"{"status": 200, "headers": [], "content": {"text": "{}"}}"#
            ),
        )],
        canaries: &["USERINFOCANARY0123", "QTOKCANARY0123", "QKEYCANARY0123"],
    },
    Case {
        name: "members.har",
        files: &[(
            "members.har",
            har!(
                participant!(),
                r#", {"name": "X-Trace", "value": "t"}"#,
                r#"{\"state\": \"disconnected\", \"apiKey\": \"MAPIKEYCANARY01\", \"api_key\": \"MAPI_KEYCANARY02\", \"token\": \"MTOKENCANARY03\", \"secret\": \"MSECRETCANARY04\", \"jwt\": \"MJWTCANARY05\", \"id_token\": \"MIDTOKCANARY06\", \"access\\u005ftoken\": \"MESCCANARY07\", \"password\": \"pw9Zq\"}"#,
                r#"{"status": 200, "headers": [], "content": {"mimeType": "application/json", "encoding": "base64", "text": "eyJhY2Nlc3NfdG9rZW4iOiJCNjRDQU5BUlkwMTIzNDU2Nzg5In0="}}"#
            ),
        )],
        canaries: &[
            "MAPIKEYCANARY01",
            "MAPI_KEYCANARY02",
            "MTOKENCANARY03",
            "MSECRETCANARY04",
            "MJWTCANARY05",
            "MIDTOKCANARY06",
            "MESCCANARY07",
            "pw9Zq",
            "B64CANARY0123456789",
        ],
    },
    Case {
        name: "pretty.har",
        files: &[(
            "pretty.har",
            concat!(
                "{\n  \"log\": {\n    \"entries\": [\n      {\n        \"request\": {\n          \"method\": \"PUT\",\n          \"url\": \"",
                participant!(),
                "\",\n          \"headers\": [\n            {\n              \"name\": \"Authorization\",\n              \"value\": \"Bearer PRETTYBEARER0123\"\n            },\n            {\n              \"name\": \"Cookie\",\n              \"value\": \"sid=PRETTYCOOKIE0123\"\n            }\n          ],\n          \"queryString\": [\n            {\n              \"name\": \"api_key\",\n              \"value\": \"PRETTYQUERY0123\"\n            }\n          ],\n          \"postData\": {\n            \"mimeType\": \"application/json\",\n            \"text\": \"{\\\"state\\\": \\\"disconnected\\\"}\"\n          }\n        },\n        \"response\": {\"status\": 200, \"content\": {\"text\": \"\"}}\n      }\n    ]\n  }\n}\n"
            ),
        )],
        canaries: &["PRETTYBEARER0123", "PRETTYCOOKIE0123", "PRETTYQUERY0123"],
    },
    Case {
        name: "members.json",
        files: &[(
            "members.json",
            "{\"state\": \"DISCONNECTED\", \"apiKey\": \"PAPIKEYCANARY01\", \"token\": \"PTOKENCANARY03\",\n \"secret\": \"PSECRETCANARY04\", \"jwt\": \"PJWTCANARY05\",\n \"access\\u005ftoken\": \"PESCCANARY07\"}\n",
        )],
        canaries: &["PAPIKEYCANARY01", "PTOKENCANARY03", "PSECRETCANARY04", "PJWTCANARY05", "PESCCANARY07"],
    },
    Case {
        name: "variables.http",
        files: &[
            (
                "variables.http",
                "@token = TOKVARCANARY0123\n@conversationId = 0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93\n@agentId = 5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46\n\n### PUT where PATCH is meant\nPUT https://{{host}}/api/v2/conversations/calls/{{conversationId}}/participants/{{agentId}}?x={{token}}&y={{apiSecret}}\nAuthorization: Bearer {{token}}\nX-Other: {{apiSecret}}\nContent-Type: application/json\n\n{\"state\": \"disconnected\", \"note\": \"{{apiSecret}}\", \"copy\": \"{{token}}\"}\n",
            ),
            ("http-client.env.json", "{\"prod\": {\"host\": \"api.mypurecloud.com\"}}\n"),
            ("http-client.private.env.json", "{\"prod\": {\"apiSecret\": \"PRIVCANARY0123456\"}}\n"),
        ],
        canaries: &["TOKVARCANARY0123", "PRIVCANARY0123456"],
    },
    Case {
        name: "diff.http",
        files: &[(
            "diff.http",
            concat!(
                "@token = DIFFVARCANARY77\n### Hang up\nPATCH ",
                participant!(),
                "?api_key=DIFFQUERYCANARY1\nAuthorization: Bearer DIFFBEARERCANARY1\nX-Api-Key: DIFFKEYCANARY1\nContent-Type: application/json\n\n{\"state\": \"DISCONNECTED\", \"jwt\": \"DIFFJWTCANARY22\"}\n"
            ),
        )],
        canaries: &["DIFFVARCANARY77", "DIFFQUERYCANARY1", "DIFFBEARERCANARY1", "DIFFKEYCANARY1", "DIFFJWTCANARY22"],
    },
    Case {
        name: "userinfo.sh",
        files: &[(
            "userinfo.sh",
            concat!(
                "curl -X PUT 'https://robot:CURLUSERCANARY01@api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46#access_token=CURLFRAGCANARY02' \\\n",
                "  -H Authorization:\\ Bearer\\ CURLESCCANARY03 -H 'Content-Type: application/json' \\\n",
                "  --data '{\"state\": \"disconnected\", \"apiKey\": \"CURLKEYCANARY04\"}'\n"
            ),
        )],
        canaries: &["CURLUSERCANARY01", "CURLFRAGCANARY02", "CURLESCCANARY03", "CURLKEYCANARY04"],
    },
    Case {
        name: "cut.jsonl",
        files: &[(
            "cut.jsonl",
            concat!(
                r#"{"method": "PUT", "url": ""#,
                participant!(),
                r#"", "headers": {"Content-Type": "application/json"}, "body": {"state": "disconnected"}}"#,
                "\n",
                r#"{"method": "GET", "url": "https://api.mypurecloud.com/api/v2/users/me", "headers": {"Authorization": "Bearer JSONLCUTCANARY012"#
            ),
        )],
        canaries: &["JSONLCUTCANARY012"],
    },
    Case {
        name: "cut.txt",
        files: &[(
            "cut.txt",
            concat!(
                "=== REQUEST ===\nURL: ",
                participant!(),
                "\nMethod: PUT\nHeaders:\n  Content-Type: application/json\n  Authorization: Bearer SDKCANARY0123456\nBody:\n{\"state\": \"disconnected\", \"password\": \"SDKPWCANARY01"
            ),
        )],
        canaries: &["SDKCANARY0123456", "SDKPWCANARY01"],
    },
];

fn write_case(dir: &Path, case: &Case) -> std::path::PathBuf {
    for (name, text) in case.files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir.join(case.files[0].0)
}

fn leaks(case: &Case, what: &str, text: &str) -> Vec<String> {
    case.canaries.iter().filter(|c| text.contains(*c)).map(|c| format!("{}: {what}: {c}", case.name)).collect()
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

/// Every output of check (six formats, stdout and files), suggest (four forms) and --diff.
fn printed_leaks(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path(), case);
    let mut found = Vec::new();
    for format in ["human", "compact", "json", "sarif", "junit", "github"] {
        let report = dir.path().join(format!("report.{format}"));
        let out = run(gclint()
            .current_dir(dir.path())
            .args(["check", "--color", "never", "--format", format, "--output"])
            .arg(format!("{format}={}", report.display()))
            .arg(&path));
        assert_ne!(out.status.code(), Some(2), "{}: {}", case.name, String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        // GitHub's own masking command, on stdout, is the one deliberate exception.
        let shown: String = stdout
            .lines()
            .filter(|l| !(format == "github" && l.starts_with("::add-mask::")))
            .map(|l| format!("{l}\n"))
            .collect();
        found.extend(leaks(case, &format!("check --format {format}"), &shown));
        found.extend(leaks(case, &format!("check stderr ({format})"), &String::from_utf8_lossy(&out.stderr)));
        let file = std::fs::read_to_string(&report).unwrap_or_default();
        found.extend(leaks(case, &format!("--output {format}=FILE"), &file));
    }
    for form in ["http", "curl", "js", "python"] {
        let out = run(gclint().current_dir(dir.path()).args(["suggest", "--as", form]).arg(&path));
        found.extend(leaks(case, &format!("suggest --as {form}"), &String::from_utf8_lossy(&out.stdout)));
        found.extend(leaks(case, &format!("suggest stderr ({form})"), &String::from_utf8_lossy(&out.stderr)));
    }
    let out = run(gclint().current_dir(dir.path()).args(["check", "--diff"]).arg(&path));
    found.extend(leaks(case, "check --diff", &String::from_utf8_lossy(&out.stdout)));
    found.extend(leaks(case, "check --diff stderr", &String::from_utf8_lossy(&out.stderr)));
    found
}

/// What redact leaves: a copy holding a canary, or a failure that still wrote something.
fn redact_leaks(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path(), case);
    let copy = dir.path().join("copy");
    let out = run(gclint().args(["redact", "-o"]).arg(&copy).arg(&path));
    let mut found = Vec::new();
    match out.status.code() {
        Some(0) => {
            let text = std::fs::read_to_string(&copy).unwrap();
            found.extend(leaks(case, "redact", &text));
        }
        Some(2) => {
            if copy.exists() {
                found.push(format!("{}: redact failed but wrote a copy", case.name));
            }
        }
        code => found.push(format!("{}: redact exited with {code:?}", case.name)),
    }
    // To stdout, too.
    let out = run(gclint().arg("redact").arg(&path));
    if out.status.code() == Some(0) {
        found.extend(leaks(case, "redact to stdout", &String::from_utf8_lossy(&out.stdout)));
    } else if !out.stdout.is_empty() {
        found.push(format!("{}: redact failed but wrote to stdout", case.name));
    }
    found
}

#[test]
fn no_output_prints_a_secret() {
    let leaked: Vec<String> = CASES.iter().flat_map(printed_leaks).collect();
    eprintln!("secrets printed: {}", leaked.len());
    assert!(leaked.is_empty(), "secrets printed: {}\n{}", leaked.len(), leaked.join("\n"));
}

#[test]
fn redact_leaves_no_secret() {
    let leaked: Vec<String> = CASES.iter().flat_map(redact_leaks).collect();
    eprintln!("secrets left by redact: {}", leaked.len());
    assert!(leaked.is_empty(), "secrets left by redact: {}\n{}", leaked.len(), leaked.join("\n"));
}

/// The cases a complete redaction must succeed on (not merely fail safely).
#[test]
fn redact_succeeds_on_what_it_can_see() {
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let path = write_case(dir.path(), case);
        let out = run(gclint().arg("redact").arg(&path));
        assert_eq!(out.status.code(), Some(0), "{}: {}", case.name, String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn backslash_escaped_curl_header_is_redacted() {
    let sh = "curl -H Authorization:\\ Bearer\\ abcdef0123456789 https://api.mypurecloud.com/api/v2/users/me\n";
    let r = gclint::redact::redact(sh.as_bytes(), "a.sh", &opts()).unwrap();
    let out = String::from_utf8(r.bytes).unwrap();
    assert!(!out.contains("abcdef0123456789"), "{out}");
    assert!(out.contains("Authorization:\\ Bearer\\ "), "{out}");
}

fn opts() -> gclint::input::ReadOptions {
    gclint::input::ReadOptions { max_decompressed: gclint::input::decompress::DEFAULT_LIMIT, ..Default::default() }
}

#[test]
fn only_secret_bytes_change() {
    let har = r#"{"log": {"entries": [{"request": {"method": "GET", "url": "https://h/x", "headers": [{"name": "Authorization", "value": "Bearer abcdef0123456789 "}]}}]}}"#;
    let r = gclint::redact::redact(har.as_bytes(), "a.har", &opts()).unwrap();
    let out = String::from_utf8(r.bytes).unwrap();
    assert!(out.contains(r#""Bearer <redacted:16> ""#), "{out}");
}

#[test]
fn params_twins_are_redacted_with_their_text() {
    let har = r#"{"log": {"entries": [{"request": {"method": "POST", "url": "https://login.example/oauth/token", "headers": [],
      "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "code=TWINCANARY0123&redirect_uri=https%3A%2F%2Fapp",
      "params": [{"name": "code", "value": "TWINCANARY0123"}]}}}]}}"#;
    let r = gclint::redact::redact(har.as_bytes(), "a.har", &opts()).unwrap();
    let out = String::from_utf8(r.bytes).unwrap();
    assert!(!out.contains("TWINCANARY0123"), "{out}");
}

/// Every value the scanner masks in output is one `secret-in-capture` counts and `redact`
/// replaces, and the other way round: one taxonomy.
#[test]
fn detection_masking_and_redaction_agree() {
    for text in [
        "https://h/api/v2/x?token=abc",
        "https://h/api/v2/x?api_key=abcdefgh12",
        "https://h/api/v2/x#access_token=abcdefgh12",
        "https://u:pa55word@h/api/v2/x",
        "https://h/api/v2/x?password=pw",
    ] {
        let masked = gclint::secrets::mask::url(text);
        assert!(masked.contains("<redacted:"), "{text}: not masked: {masked}");
        let line = format!("curl '{text}'\n");
        let r = gclint::redact::redact(line.as_bytes(), "a.sh", &opts()).unwrap();
        assert!(r.total() > 0, "{text}: not redacted");
        let opts = gclint::engine::Options { read: opts(), ..Default::default() };
        let (mut stats, mut found) = (gclint::stats::Stats::default(), Vec::new());
        gclint::engine::lint_reader("a.sh", line.as_bytes(), true, &opts, &mut stats, &mut found).unwrap();
        assert!(found.iter().any(|d| d.rule.name == "secret-in-capture"), "{text}: not detected");
    }
}

/// A HAR of many windows is redacted as the whole document is.
#[test]
fn streamed_redaction_equals_whole_file_redaction() {
    let entry = |i: usize| {
        format!(
            r#"{{"request": {{"method": "GET", "url": "https://api.mypurecloud.com/api/v2/users/{i}?access_token=tok{i:08}", "headers": [{{"name": "Authorization", "value": "Bearer bearer{i:010}"}}, {{"name": "Location", "value": "https://a/#id_token=idt{i:08}"}}]}}, "response": {{"status": 200, "content": {{"text": "{{\"jwt\": \"jwt{i:08}\"}}"}}}}}}"#
        )
    };
    let entries: Vec<String> = (0..3000).map(entry).collect();
    let har = format!(
        "{{\"log\": {{\"version\": \"1.2\", \"pages\": [{{\"title\": \"https://x/?access_token=pagesecret123\"}}], \"entries\": [\n{}\n], \"comment\": \"password=trailsecret1\"}}}}\n",
        entries.join(",\n")
    );
    let mut streamed = Vec::new();
    let summary =
        gclint::redact::redact_to(std::io::Cursor::new(har.as_bytes()), "big.har", &opts(), &mut streamed).unwrap();
    let whole = gclint::redact::redact_document(har.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(streamed.clone()).unwrap(), String::from_utf8(whole).unwrap());
    assert_eq!(summary.total(), 3000 * 4 + 2);
    let text = String::from_utf8(streamed).unwrap();
    assert!(!text.contains("pagesecret123") && !text.contains("trailsecret1") && !text.contains("bearer00"));
}

#[test]
fn base64_bodies_holding_a_token_are_redacted() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let body = b64.encode(r#"{"access_token":"B64CANARY0123456789","expires_in":86400}"#);
    let har = format!(
        r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "https://h/x", "headers": []}}, "response": {{"status": 200, "content": {{"mimeType": "application/json", "encoding": "base64", "text": "{body}"}}}}}}]}}}}"#
    );
    let r = gclint::redact::redact(har.as_bytes(), "a.har", &opts()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&r.bytes).unwrap();
    let text = v["log"]["entries"][0]["response"]["content"]["text"].as_str().unwrap();
    let decoded = String::from_utf8(b64.decode(text).unwrap()).unwrap();
    assert!(!decoded.contains("B64CANARY0123456789"), "{decoded}");
    assert!(decoded.contains(r#""access_token":"<redacted:19>""#), "{decoded}");
    assert!(decoded.contains(r#""expires_in":86400"#), "{decoded}");
}

#[test]
fn a_github_report_file_carries_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let case = CASES.iter().find(|c| c.name == "members.har").unwrap();
    let path = write_case(dir.path(), case);
    let report = dir.path().join("report.github");
    let out = run(gclint()
        .args(["check", "--format", "github", "--output"])
        .arg(format!("github={}", report.display()))
        .arg(&path));
    // On stdout, the runner needs the values to hide them in its log.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("::add-mask::")), "{stdout}");
    let file = std::fs::read_to_string(&report).unwrap();
    assert!(!file.contains("::add-mask::"), "{file}");
    assert!(file.contains("::error") || file.contains("::warning"), "{file}");
    assert!(leaks(case, "file", &file).is_empty(), "{file}");
}

/// A compressed input expands within --max-decompressed-size in `redact` too, whatever it
/// holds: a HAR (read as a stream) or anything else (read whole).
#[test]
fn redact_reads_within_the_decompression_limit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    for (name, head) in [("bomb.har.gz", "{\"log\": {\"entries\": [\"x"), ("bomb.http.gz", "GET https://h/x\n\n")] {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(head.as_bytes()).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..16 {
            enc.write_all(&zeros).unwrap();
        }
        let path = dir.path().join(name);
        std::fs::write(&path, enc.finish().unwrap()).unwrap();
        let copy = dir.path().join("copy");
        let out = run(gclint().args(["redact", "--max-decompressed-size", "1M", "-o"]).arg(&copy).arg(&path));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains("--max-decompressed-size"), "{name}: {err}");
        assert!(!copy.exists(), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn redact_refuses_what_is_not_a_regular_file_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.har");
    if !Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        return;
    }
    let started = std::time::Instant::now();
    let out = run(gclint().arg("redact").arg(&fifo));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// A secret in a request body (a JSON member or a form parameter) is counted by
/// `secret-in-capture` as it is masked and redacted.
#[test]
fn secrets_in_request_bodies_are_detected() {
    for body in [r#"{\"apiKey\": \"k3y0123456\"}"#, r#"client_id=a&client_secret=s3cr3t0123"#] {
        let har = format!(
            r#"{{"log": {{"entries": [{{"request": {{"method": "POST", "url": "https://example.org/login", "headers": [], "postData": {{"mimeType": "text/plain", "text": "{body}"}}}}}}]}}}}"#
        );
        let opts = gclint::engine::Options { read: opts(), ..Default::default() };
        let (mut stats, mut found) = (gclint::stats::Stats::default(), Vec::new());
        gclint::engine::lint_reader("a.har", har.as_bytes(), true, &opts, &mut stats, &mut found).unwrap();
        let secret = found.iter().find(|d| d.rule.name == "secret-in-capture");
        assert!(secret.is_some_and(|d| d.message.contains("request body")), "{body}: {:?}", secret.map(|d| &d.message));
        let r = gclint::redact::redact(har.as_bytes(), "a.har", &self::opts()).unwrap();
        assert_eq!(r.total(), 1, "{body}");
    }
}

/// The `secret-in-capture` findings of one file, and what `redact` counts in it.
fn detected_and_redacted(name: &str, text: &str) -> (usize, usize) {
    let opts = gclint::engine::Options { read: opts(), ..Default::default() };
    let (mut stats, mut found) = (gclint::stats::Stats::default(), Vec::new());
    gclint::engine::lint_reader(name, text.as_bytes(), true, &opts, &mut stats, &mut found).unwrap();
    let detected = found.iter().filter(|d| d.rule.name == "secret-in-capture").count();
    let r = gclint::redact::redact(text.as_bytes(), name, &self::opts()).unwrap();
    let copy = String::from_utf8(r.bytes.clone()).unwrap();
    assert!(!copy.contains("CANARY"), "{name}: left in the copy:\n{copy}");
    (detected, r.total())
}

/// A secret in the body of a `.http` request or a curl command is counted by
/// `secret-in-capture`, as in a HAR, and as `redact` replaces it.
#[test]
fn secrets_in_http_and_curl_bodies_are_detected() {
    let url = "https://api.mypurecloud.com/api/v2/conversations/calls/c/participants/p";
    let body = r#"{"state":"DISCONNECTED","token":"CANARYbody0123456789"}"#;
    for (name, text) in [
        ("a.http", format!("PATCH {url}\nContent-Type: application/json\n\n{body}\n")),
        ("a.sh", format!("curl -X PATCH '{url}' -H 'Content-Type: application/json' -d '{body}'\n")),
    ] {
        let (detected, redacted) = detected_and_redacted(name, &text);
        assert_eq!((detected, redacted), (1, 1), "{name}");
    }
}

/// Header names are read with the taxonomy of member names: a header named like a credential
/// (`Api-Key`, `X-Access-Token`, `X-Amz-Security-Token`, `*-Session-Token`) is detected and
/// redacted in every format; an ordinary header is neither.
#[test]
fn credential_headers_are_named_by_the_taxonomy() {
    let url = "https://api.mypurecloud.com/api/v2/conversations/calls/c/participants/p";
    let har = |name: &str, value: &str| {
        format!(
            r#"{{"log": {{"entries": [{{"request": {{"method": "PATCH", "url": "{url}", "headers": [{{"name": "{name}", "value": "{value}"}}], "postData": {{"mimeType": "application/json", "text": "{{}}"}}}}}}]}}}}"#
        )
    };
    let http =
        |name: &str, value: &str| format!("PATCH {url}\n{name}: {value}\nContent-Type: application/json\n\n{{}}\n");
    let curl = |name: &str, value: &str| format!("curl -X PATCH '{url}' -H '{name}: {value}' -d '{{}}'\n");
    for name in [
        "X-Auth-Token",
        "X-API-Key",
        "Api-Key",
        "X-Access-Token",
        "X-Client-Secret",
        "X-Amz-Security-Token",
        "X-Session-Token",
        "Genesys-Session-Token",
        "x_goog_api_key",
    ] {
        for (file, text) in [
            ("a.har", har(name, "CANARYhdr0123456789")),
            ("a.http", http(name, "CANARYhdr0123456789")),
            ("a.sh", curl(name, "CANARYhdr0123456789")),
        ] {
            assert_eq!(detected_and_redacted(file, &text), (1, 1), "{name} in {file}");
        }
    }
    for name in [
        "Content-Type",
        "Accept",
        "X-Request-Id",
        "User-Agent",
        "ININ-Correlation-Id",
        "Cache-Control",
        "Tokenization-Policy",
        "X-Page-Token",
        "Sec-WebSocket-Key",
        "Idempotency-Key",
        "X-Token-Count",
        "Secret-Santa",
    ] {
        for (file, text) in [
            ("a.har", har(name, "value0123456789")),
            ("a.http", http(name, "value0123456789")),
            ("a.sh", curl(name, "value0123456789")),
        ] {
            assert_eq!(detected_and_redacted(file, &text), (0, 0), "{name} in {file}");
        }
    }
}

/// Every value of `http-client.private.env.json` is a secret (check masks each wherever it is
/// printed), so `redact` replaces each; in `http-client.env.json`, those whose names say so.
#[test]
fn private_environment_values_are_all_redacted() {
    let private =
        r#"{"dev": {"privtok": "CANARYpriv0123456", "cid": "CANARYcid01"}, "$shared": {"host": "CANARYhost"}}"#;
    let r = gclint::redact::redact(private.as_bytes(), "dir/http-client.private.env.json", &opts()).unwrap();
    let copy = String::from_utf8(r.bytes).unwrap();
    assert!(!copy.contains("CANARY"), "{copy}");
    assert_eq!(r.counts.values().sum::<usize>(), 3);
    serde_json::from_str::<serde_json::Value>(&copy).unwrap();
    let public = r#"{"dev": {"myToken": "CANARYpub0123456", "cid": "c-1"}}"#;
    let r = gclint::redact::redact(public.as_bytes(), "http-client.env.json", &opts()).unwrap();
    let copy = String::from_utf8(r.bytes).unwrap();
    assert!(!copy.contains("CANARY") && copy.contains("c-1"), "{copy}");
}
