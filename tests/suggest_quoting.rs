//! The corrected requests `gclint suggest` writes hold captured text as data only. Whatever the
//! URL, headers, body, file name or notes of a capture hold (quotes, `$(...)`, backticks,
//! newlines, NUL, terminal escapes, Unicode line separators, `###`), the curl script passes
//! exactly those values to curl and runs nothing else, the Python and JavaScript code hold them
//! as literals, and the `.http` file reads back as the same requests.
//!
//! The requests are built through the library, since no real capture holds every byte; the
//! end-to-end tests at the bottom go through the CLI with a hostile HAR. The shell, Python and
//! Node run once per batch of requests (one script holds many), not once per request.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use gclint::catalog::{Catalog, Operation};
use gclint::suggest::render::{As, Corrected, block, one_line, render};
use gclint::suggest::request::{AUTHORIZATION, SuggestedRequest, Suggestion};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Pieces of text that end a quote, a comment, a line or a request in one of the languages, or
/// run a command when they do.
const HOSTILE: &[&str] = &[
    "$(touch PWNED)",
    "`touch PWNED`",
    "\"; touch PWNED; \"",
    "'; touch PWNED; '",
    "'",
    "\"",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "\x0b",
    "\x0c",
    "\x7f",
    "\u{85}",
    "\u{9b}31m",
    "\u{1b}[2J",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "#",
    "###",
    "\n###\nGET https://evil.example/\n",
    "\n< /etc/passwd\n",
    "> x",
    "{{",
    "}}",
    "${",
    "}",
    "{conversationId}",
    "{{token}}",
    "${HOME}",
    "*/",
    "\"\"\"",
    "'''",
    "\\u0000",
    "\\'",
    "__import__(\"os\").system(\"touch PWNED\")",
    "\n__import__(\"os\").system(\"touch PWNED\")\n",
    "\nrequire(\"fs\").writeFileSync(\"PWNED\", \"\")\n",
    "%",
    "@",
    "?",
    "&",
    ";",
    "|",
    "!",
    "^",
    "~",
    "=",
    " HTTP/1.1",
    " ",
    "\t",
    "-o",
    "https://api.evil.example/",
    "😀",
    "é",
    "\u{a0}",
    "\u{feff}",
    "\u{e0041}",
];

/// Short words, so that placeholders (`{abc}`) and identifiers come up.
const WORDS: &[&str] = &["a", "id", "x1", "_", "Z9", "name", "conversationId", "token"];

/// Arbitrary text, mostly made of hostile pieces.
fn hostile(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        2 => prop::sample::select(WORDS).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

/// Hostile text that stays one segment of a URL's path (no `/`, `?` or `#`), so that the URL
/// stays a conversations URL the readers look at and the SDK forms find the path parameters.
fn segment() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(HOSTILE).prop_map(str::to_owned),
        prop::sample::select(WORDS).prop_map(str::to_owned),
        any::<char>().prop_map(String::from),
    ];
    // Never empty: an empty segment is no parameter of the path.
    prop::collection::vec(piece, 1..5).prop_map(|p| p.concat().replace(['/', '?', '#'], "_"))
}

/// What may follow a URL's path: more segments, a query or a fragment, of hostile text.
fn tail() -> impl Strategy<Value = String> {
    let start = prop::sample::select(&["/", "?", "#"][..]);
    prop_oneof![Just(String::new()), (start, hostile(6)).prop_map(|(s, t)| format!("{s}{t}"))]
}

/// One request of a batch, as the property tests vary it.
#[derive(Debug, Clone)]
struct Case {
    origin: String,
    note: String,
    method: String,
    /// `https://api.{env}` before the path, or a bare path.
    env: Option<String>,
    conversation: String,
    participant: String,
    /// What follows the path (a query, more segments, anything).
    tail: String,
    /// The Authorization value when it is not the placeholder.
    authorization: Option<String>,
    extra: Option<(String, String)>,
    body: Option<Value>,
    js_method: String,
    py_method: String,
}

fn case() -> impl Strategy<Value = Case> {
    let method = prop_oneof![
        4 => prop::sample::select(&["PATCH", "POST", "DELETE", "GET"][..]).prop_map(str::to_owned),
        1 => hostile(3),
    ];
    let header_name = prop_oneof![Just("X-Trace".to_owned()), hostile(3)];
    let body = (hostile(6), hostile(3), hostile(4), any::<i32>(), any::<bool>()).prop_map(
        |(state, key, item, n, b)| json!({"state": state, key: [item, n, null], "held": b, "wrapup": {"code": "x"}}),
    );
    let js = prop_oneof![3 => Just("patchConversationsCallParticipant".to_owned()), 1 => hostile(3)];
    let py = prop_oneof![3 => Just("patch_conversations_call_participant".to_owned()), 1 => hostile(3)];
    (
        (hostile(6), hostile(6), method, proptest::option::of(segment())),
        (segment(), segment(), tail(), proptest::option::weighted(0.3, hostile(6))),
        (proptest::option::of((header_name, hostile(6))), proptest::option::weighted(0.8, body), js, py),
    )
        .prop_map(
            |(
                (origin, note, method, env),
                (conversation, participant, tail, authorization),
                (extra, body, js_method, py_method),
            )| Case {
                origin,
                note,
                method,
                env,
                conversation,
                participant,
                tail,
                authorization,
                extra,
                body,
                js_method,
                py_method,
            },
        )
}

fn operation() -> &'static Operation {
    Catalog::get()
        .find("PATCH", "/api/v2/conversations/calls/{conversationId}/participants/{participantId}")
        .expect("the operation is in the catalogue")
}

impl Case {
    fn url(&self) -> String {
        let path =
            format!("/api/v2/conversations/calls/{}/participants/{}{}", self.conversation, self.participant, self.tail);
        match &self.env {
            Some(env) => format!("https://api.{env}{path}"),
            None => path,
        }
    }

    fn headers(&self) -> BTreeMap<String, String> {
        let mut headers = BTreeMap::new();
        headers
            .insert("Authorization".to_owned(), self.authorization.clone().unwrap_or_else(|| AUTHORIZATION.to_owned()));
        if self.body.is_some() {
            headers.insert("Content-Type".to_owned(), "application/json".to_owned());
        }
        if let Some((name, value)) = &self.extra {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    fn corrected(&self) -> Corrected {
        let request = SuggestedRequest {
            method: self.method.clone(),
            url: self.url(),
            operation: None,
            js_method: Some(self.js_method.clone()),
            py_method: Some(self.py_method.clone()),
            headers: self.headers(),
            body: self.body.clone(),
            op: Some(operation()),
            keeps_body: false,
        };
        Corrected {
            origin: self.origin.clone(),
            rules: vec!["put-method"],
            requests: vec![request],
            notes: vec![self.note.clone(), format!("still to fix: {} [enum-case]", self.note)],
            // A capture: its placeholders are text, whatever they look like.
            code: None,
        }
    }

    /// The SDK call's arguments: the path parameters, then the body.
    fn sdk_arguments(&self) -> Value {
        let mut args = vec![json!(self.conversation), json!(self.participant)];
        args.extend(self.body.clone());
        Value::Array(args)
    }
}

fn batch() -> impl Strategy<Value = Vec<Case>> {
    prop::collection::vec(case(), 1..17)
}

fn config() -> ProptestConfig {
    // Each case is a batch of up to 16 requests run through sh, python3 or node once.
    // Failing cases are printed, not kept in files beside the tests.
    // The seed is fixed so that a run in CI is the same run as here (the fuzz target
    // `suggest_render` explores at random); PROPTEST_RNG_SEED picks another.
    let seed = std::env::var("PROPTEST_RNG_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(17);
    ProptestConfig {
        cases: 6,
        max_shrink_iters: 200,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..ProptestConfig::default()
    }
}

/// The path parameters of the operation every case is a request of: the only placeholders a
/// suggestion leaves open (a shell variable in curl, a `{{name}}` in .http).
const PARAMETERS: &[&str] = &["conversationId", "participantId"];

/// A part of a URL: literal text, or a placeholder (`{name}` or `{{name}}` with `name` one of
/// the operation's [`PARAMETERS`]) that the curl form makes a shell variable and the .http form
/// a `{{name}}`.
#[derive(Debug)]
enum Part {
    Text(String),
    Var(String),
}

/// The identifier (`[A-Za-z_][A-Za-z0-9_]*`) at the start of `s`.
fn identifier(s: &str) -> Option<&str> {
    s.chars().next().filter(|c| c.is_ascii_alphabetic() || *c == '_')?;
    let len = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    Some(&s[..len])
}

/// The placeholders of a URL, read left to right: `{{name}}` first, then `{name}`, for the
/// operation's parameters only; any other brace is text (`{token}`, `{{$processEnv HOME}}`,
/// `{http_proxy}` are what a capture wrote, never the user's variables).
fn parts(url: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = url;
    while let Some(c) = rest.chars().next() {
        let var = [("{{", "}}"), ("{", "}")].iter().find_map(|(open, close)| {
            let inner = rest.strip_prefix(open)?;
            let name = identifier(inner).filter(|n| PARAMETERS.contains(n))?;
            inner[name.len()..].starts_with(close).then(|| (name, open.len() + name.len() + close.len()))
        });
        match var {
            Some((name, len)) => {
                out.push(Part::Text(std::mem::take(&mut text)));
                out.push(Part::Var(name.to_owned()));
                rest = &rest[len..];
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.push(Part::Text(text));
    out
}

fn has_program(name: &str) -> bool {
    Command::new(name).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// curl

const TOKEN: &str = "tok-en";
const HOST: &str = "api.example.test";

/// Runs a curl script with `sh`, `curl` being a stub that records its arguments, in an empty
/// directory; returns each call's arguments and the files the script left in that directory.
fn run_curl_script(script: &str, vars: &BTreeMap<String, String>) -> (Output, Vec<Vec<String>>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let stub = dir.path().join("bin");
    let work = dir.path().join("work");
    std::fs::create_dir(&stub).unwrap();
    std::fs::create_dir(&work).unwrap();
    let log = dir.path().join("calls");
    std::fs::write(&log, b"").unwrap();
    // The argument count, then each argument, NUL-terminated.
    let curl = format!("#!/bin/sh\nprintf '%s\\0' \"$#\" \"$@\" >>'{}'\n", log.display());
    std::fs::write(stub.join("curl"), curl).unwrap();
    std::fs::set_permissions(stub.join("curl"), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let file = dir.path().join("suggested.sh");
    std::fs::write(&file, script).unwrap();

    let syntax = Command::new("sh").arg("-n").arg(&file).stdin(Stdio::null()).output().unwrap();
    assert!(syntax.status.success(), "sh -n: {}\n{script}", String::from_utf8_lossy(&syntax.stderr));

    let mut cmd = Command::new("timeout");
    cmd.arg("20").arg("sh").arg(&file).current_dir(&work).stdin(Stdio::null()).env_clear();
    for (name, value) in vars {
        cmd.env(name, value);
    }
    cmd.env("PATH", format!("{}:/usr/bin:/bin", stub.display())).env("GENESYS_TOKEN", TOKEN).env("GENESYS_HOST", HOST);
    let out = cmd.output().unwrap();

    let raw = std::fs::read(&log).unwrap();
    let mut fields = raw.split(|b| *b == 0).map(|f| String::from_utf8_lossy(f).into_owned());
    let mut calls = Vec::new();
    while let Some(count) = fields.next().filter(|f| !f.is_empty()) {
        let n: usize = count.parse().unwrap();
        calls.push(fields.by_ref().take(n).collect());
    }
    (out, calls, files_in(&work))
}

/// What one curl call was given.
#[derive(Debug, PartialEq)]
struct CurlCall {
    /// Whether URL globbing is off (`-g`): `[1-500]` and `{a,b}` in a captured URL are text.
    globoff: bool,
    method: String,
    url: String,
    headers: Vec<String>,
    data: Option<Value>,
}

fn curl_call(args: &[String]) -> CurlCall {
    let mut call =
        CurlCall { globoff: false, method: String::new(), url: String::new(), headers: Vec::new(), data: None };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().unwrap_or_else(|| panic!("{arg} without a value"));
        match arg.as_str() {
            "-sS" => {}
            "-g" | "--globoff" => call.globoff = true,
            "-X" => call.method = value(),
            "--url" => call.url = value(),
            "-H" => call.headers.push(value()),
            "--data-raw" => call.data = Some(serde_json::from_str(&value()).unwrap()),
            other => panic!("curl was given {other:?}"),
        }
    }
    call
}

/// The variables a script runs with: one for each placeholder of the URLs (named after it), and
/// the user's own environment, which holds variables named like the words a capture may write
/// in braces: were any of them expanded, its value would show in the URL curl gets.
fn placeholder_vars(cases: &[Case]) -> BTreeMap<String, String> {
    let mut vars: BTreeMap<String, String> = WORDS
        .iter()
        .chain(&["HOME", "http_proxy", "token"])
        .filter(|w| identifier(w).is_some_and(|i| i.len() == w.len()))
        .map(|w| (w.to_string(), format!("[env {w}]")))
        .collect();
    for case in cases {
        for part in parts(&case.url()) {
            if let Part::Var(name) = part {
                vars.insert(name.clone(), format!("[{name}]"));
            }
        }
    }
    for fixed in ["PATH", "GENESYS_TOKEN", "GENESYS_HOST"] {
        vars.remove(fixed);
    }
    vars
}

fn expected_curl_call(case: &Case, vars: &BTreeMap<String, String>) -> Option<CurlCall> {
    // No argument of a command can hold a NUL byte: such a request is left out.
    let headers = case.headers();
    let url = case.url();
    let texts = [case.method.as_str(), &url].into_iter().chain(headers.iter().flat_map(|(n, v)| [n.as_str(), v]));
    if texts.clone().any(|t| t.contains('\0')) {
        return None;
    }
    let mut expanded = if url.starts_with('/') { format!("https://{HOST}") } else { String::new() };
    for part in parts(&url) {
        match part {
            Part::Text(t) => expanded.push_str(&t),
            Part::Var(name) => expanded.push_str(match name.as_str() {
                "PATH" => "",
                "GENESYS_TOKEN" => TOKEN,
                "GENESYS_HOST" => HOST,
                _ => &vars[&name],
            }),
        }
    }
    let headers = headers
        .iter()
        .map(|(name, value)| match value.as_str() {
            AUTHORIZATION => format!("{name}: Bearer {TOKEN}"),
            _ => format!("{name}: {value}"),
        })
        .collect();
    Some(CurlCall { globoff: true, method: case.method.clone(), url: expanded, headers, data: case.body.clone() })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn curl_scripts_pass_the_values_and_run_nothing_else(cases in batch()) {
        let corrected: Vec<Corrected> = cases.iter().map(Case::corrected).collect();
        let script = render(&corrected, As::Curl);
        let vars = placeholder_vars(&cases);
        let (out, calls, left) = run_curl_script(&script, &vars);
        prop_assert!(out.status.success(), "{}\n{script}", String::from_utf8_lossy(&out.stderr));
        prop_assert!(left.is_empty(), "the script created {left:?}:\n{script}");
        prop_assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}\n{script}");
        let expected: Vec<CurlCall> = cases.iter().filter_map(|c| expected_curl_call(c, &vars)).collect();
        let got: Vec<CurlCall> = calls.iter().map(|c| curl_call(c)).collect();
        prop_assert_eq!(got, expected, "{}", script);
    }
}

#[test]
fn a_url_is_never_taken_for_an_option() {
    // curl takes a word that starts with `-` for an option: `-oPWNED` writes the answer there.
    let case = Case { env: None, ..plain_case() };
    let mut corrected = case.corrected();
    corrected.requests[0].url = "-oPWNED".into();
    let script = render(&[corrected], As::Curl);
    let (out, calls, left) = run_curl_script(&script, &BTreeMap::new());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(left.is_empty());
    let [call] = calls.as_slice() else { panic!("{calls:?}\n{script}") };
    let call = curl_call(call);
    assert_eq!(call.url, "-oPWNED", "{script}");
}

/// A case with a plain URL and body, for the examples below.
fn plain_case() -> Case {
    Case {
        origin: "o".into(),
        note: String::new(),
        method: "PATCH".into(),
        env: Some("mypurecloud.ie".into()),
        conversation: "c".into(),
        participant: "p".into(),
        tail: String::new(),
        authorization: None,
        extra: None,
        body: None,
        js_method: String::new(),
        py_method: String::new(),
    }
}

#[test]
fn braces_a_capture_wrote_are_no_shell_variables_and_no_globs() {
    // `{token}` and `{http_proxy}` name no parameter of the operation: were they shell
    // variables, the user's environment would go into the URL; `[1-500]` and `{p1,p2,p3}` are
    // curl globs, 1,500 requests with the user's token.
    for (conversation, participant) in
        [("{token}", "{http_proxy}"), ("c[1-500]", "{p1,p2,p3}"), ("{{token}}", "{HOME}")]
    {
        let case = Case { conversation: conversation.into(), participant: participant.into(), ..plain_case() };
        let script = render(&[case.corrected()], As::Curl);
        let vars = placeholder_vars(std::slice::from_ref(&case));
        let (out, calls, left) = run_curl_script(&script, &vars);
        assert!(out.status.success() && left.is_empty(), "{}\n{script}", String::from_utf8_lossy(&out.stderr));
        let [call] = calls.as_slice() else { panic!("{calls:?}\n{script}") };
        let call = curl_call(call);
        assert!(call.globoff, "{script}");
        assert_eq!(
            call.url,
            format!("https://api.mypurecloud.ie/api/v2/conversations/calls/{conversation}/participants/{participant}"),
            "{script}"
        );
    }
    // The operation's own parameters stay open, for the user to fill in.
    let case =
        Case { conversation: "{conversationId}".into(), participant: "{{participantId}}".into(), ..plain_case() };
    let script = render(&[case.corrected()], As::Curl);
    assert!(script.contains("/calls/${conversationId}/participants/${participantId}"), "{script}");
}

#[test]
fn templates_a_capture_wrote_are_not_live_in_a_http_file() {
    let body = json!({"state": "DISCONNECTED", "wrapup": {"code": "c", "notes": "{{token}}", "{{$processEnv HOME}}": "{{{x}}}"}});
    let case = Case {
        conversation: "{{token}}".into(),
        participant: "{conversationId}".into(),
        tail: "?q={{$processEnv HOME}}".into(),
        extra: Some(("X-Trace".into(), "{{token}}".into())),
        body: Some(body.clone()),
        ..plain_case()
    };
    let text = render(&[case.corrected()], As::Http);
    assert_eq!(foreign_templates(&text), Vec::<String>::new(), "{text}");
    assert!(text.contains("\"notes\": \"\\u007b{token}}\""), "{text}");
    assert!(text.contains("Authorization: Bearer {{token}}"), "{text}");
    assert!(text.contains("/calls/%7B{token}}/participants/{{conversationId}}?q=%7B{$processEnv%20HOME}}"), "{text}");
    // The body is the same JSON value.
    let dir = tempfile::tempdir().unwrap();
    let capture =
        gclint::input::http_file::read(&text, 0, dir.path(), None, gclint::input::Includes::Confined).unwrap();
    let sent: Value = serde_json::from_str(&capture.exchanges[0].body.as_ref().unwrap().text.value).unwrap();
    assert_eq!(sent, body);
}

// ---------------------------------------------------------------------------------------------
// Python

/// Reads a Python file with `ast` and prints its statements: imports, assignments (target, and
/// the value as a literal or as code) and calls (function, literal arguments).
const PYTHON_STATEMENTS: &str = r#"
import ast, json, sys
source = open(sys.argv[1], encoding="utf-8").read()
out = []
for node in ast.parse(source).body:
    if isinstance(node, ast.Import):
        out.append(["import"] + [a.name for a in node.names])
    elif isinstance(node, ast.Assign):
        try:
            value = {"literal": ast.literal_eval(node.value)}
        except ValueError:
            value = {"code": ast.unparse(node.value)}
        out.append(["assign", ast.unparse(node.targets[0]), value])
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        out.append(["call", ast.unparse(node.value.func), [ast.literal_eval(a) for a in node.value.args]])
    else:
        out.append(["other", ast.unparse(node)])
print(json.dumps(out))
"#;

fn python_statements(source: &str) -> Result<Value, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suggested.py");
    std::fs::write(&file, source).unwrap();
    let out =
        Command::new("python3").arg("-c").arg(PYTHON_STATEMENTS).arg(&file).stdin(Stdio::null()).output().unwrap();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(serde_json::from_slice(&out.stdout).unwrap())
}

/// The environments of the requests with a host, in order of first use.
fn environments(cases: &[Case]) -> Vec<String> {
    let mut envs: Vec<String> = Vec::new();
    for env in cases.iter().filter_map(|c| c.env.clone()) {
        if !envs.contains(&env) {
            envs.push(env);
        }
    }
    envs
}

fn is_python_identifier(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    identifier(s).is_some_and(|i| i.len() == s.len()) && !KEYWORDS.contains(&s)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn python_holds_the_values_as_literals(cases in batch()) {
        if !has_program("python3") {
            eprintln!("python3 is missing: the Python form is not checked");
            return Ok(());
        }
        let corrected: Vec<Corrected> = cases.iter().map(Case::corrected).collect();
        let source = render(&corrected, As::Python);
        let got = python_statements(&source).map_err(|e| TestCaseError::fail(format!("{e}\n{source}")))?;
        let mut expected = vec![json!(["import", "os"]), json!(["import", "PureCloudPlatformClientV2"])];
        if let Some(env) = environments(&cases).first() {
            expected.push(json!(["assign", "PureCloudPlatformClientV2.configuration.host", {"literal": format!("https://api.{env}")}]));
        }
        expected.push(json!(["assign", "PureCloudPlatformClientV2.configuration.access_token", {"code": "os.environ['GENESYS_TOKEN']"}]));
        expected.push(json!(["assign", "conversations_api", {"code": "PureCloudPlatformClientV2.ConversationsApi()"}]));
        for case in cases.iter().filter(|c| is_python_identifier(&c.py_method)) {
            expected.push(json!(["call", format!("conversations_api.{}", case.py_method), case.sdk_arguments()]));
        }
        prop_assert_eq!(got, Value::Array(expected), "{}", source);
    }
}

// ---------------------------------------------------------------------------------------------
// JavaScript

/// Runs a JavaScript file in a fresh context with a stub SDK, and prints every call made on it.
const NODE_HARNESS: &str = r#"
const fs = require("fs");
const vm = require("vm");
const calls = [];
const record = (method) => (...args) => { calls.push([method, args]); };
const api = new Proxy({}, { get: (_, name) => record(String(name)) });
const sdk = {
  ApiClient: { instance: { setEnvironment: record("setEnvironment"), setAccessToken: record("setAccessToken") } },
  ConversationsApi: function () { return api; },
};
const context = {
  require: (name) => { calls.push(["require", [name]]); return sdk; },
  process: { env: { GENESYS_TOKEN: "tok-en" }, exit: record("exit") },
  console: { error: record("console.error"), log: record("console.log") },
};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), context);
setTimeout(() => process.stdout.write(JSON.stringify(calls)), 50);
"#;

fn node_calls(source: &str) -> Result<Value, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suggested.js");
    std::fs::write(&file, source).unwrap();
    let check = Command::new("node").arg("--check").arg(&file).stdin(Stdio::null()).output().unwrap();
    if !check.status.success() {
        return Err(format!("node --check: {}", String::from_utf8_lossy(&check.stderr)));
    }
    let out = Command::new("node").arg("-e").arg(NODE_HARNESS).arg(&file).stdin(Stdio::null()).output().unwrap();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(serde_json::from_slice(&out.stdout).unwrap())
}

/// Whether `s` is a JavaScript identifier gclint writes as a method name (ASCII only).
fn is_js_identifier(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn javascript_holds_the_values_as_literals(cases in batch()) {
        if !has_program("node") {
            eprintln!("node is missing: the JavaScript form is not checked");
            return Ok(());
        }
        let corrected: Vec<Corrected> = cases.iter().map(Case::corrected).collect();
        let source = render(&corrected, As::Js);
        let got = node_calls(&source).map_err(|e| TestCaseError::fail(format!("{e}\n{source}")))?;
        let mut expected = vec![json!(["require", ["purecloud-platform-client-v2"]])];
        if let Some(env) = environments(&cases).first() {
            expected.push(json!(["setEnvironment", [env]]));
        }
        expected.push(json!(["setAccessToken", [TOKEN]]));
        for case in cases.iter().filter(|c| is_js_identifier(&c.js_method)) {
            expected.push(json!([case.js_method, case.sdk_arguments()]));
        }
        prop_assert_eq!(got, Value::Array(expected), "{}", source);
    }
}

// ---------------------------------------------------------------------------------------------
// .http

/// Whether gclint writes `name` as a header line of a .http file: an HTTP token that no reader
/// takes for a comment.
fn is_http_header_name(name: &str) -> bool {
    const EXTRA: &[u8] = b"!#$%&'*+-.^_`|~";
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || EXTRA.contains(&b))
}

/// The characters a .http line cannot hold as they are: control characters, whitespace other
/// than a plain space, Unicode line and paragraph separators and the bidirectional controls.
fn breaks_a_line(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// `c` as gclint shows a character that cannot stand in a line of text.
fn shown(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// The URL of a request in a .http file: placeholders as `{{name}}`; spaces, characters that
/// break a line and a `{` before a `{` percent-encoded (a captured `{{...}}` is no template).
fn expected_http_url(url: &str) -> String {
    let mut out = String::new();
    for part in parts(url) {
        match part {
            Part::Var(name) => out.push_str(&format!("{{{{{name}}}}}")),
            Part::Text(t) => {
                let mut chars = t.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == ' ' || (c == '{' && chars.peek() == Some(&'{')) || breaks_a_line(c) {
                        let mut buf = [0; 4];
                        for b in c.encode_utf8(&mut buf).bytes() {
                            out.push_str(&format!("%{b:02X}"));
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

fn is_http_method(method: &str) -> bool {
    !method.is_empty() && method.len() <= 16 && method.bytes().all(|b| b.is_ascii_uppercase())
}

/// The `{{...}}` templates a .http client fills in, outside comment lines, that are not
/// gclint's own: `{{token}}` in the Authorization header and the operation's parameters on a
/// request line. Any other (`{{token}}` in a body, `{{$processEnv HOME}}`) would put the user's
/// variables where a capture chose.
fn foreign_templates(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with("//") || line == format!("Authorization: {AUTHORIZATION}") {
            continue;
        }
        let mut line = line.to_owned();
        if line.split(' ').next().is_some_and(is_http_method) {
            for name in PARAMETERS {
                line = line.replace(&format!("{{{{{name}}}}}"), "");
            }
        }
        if line.contains("{{") {
            found.push(line);
        }
    }
    found
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn http_files_read_back_as_the_same_requests(cases in batch()) {
        let corrected: Vec<Corrected> = cases.iter().map(Case::corrected).collect();
        let text = render(&corrected, As::Http);
        let foreign = foreign_templates(&text);
        prop_assert!(foreign.is_empty(), "templates a capture wrote: {:?}\n{}", foreign, text);
        let dir = tempfile::tempdir().unwrap();
        let read = gclint::input::http_file::read(&text, 0, dir.path(), None, gclint::input::Includes::Confined);
        // A batch whose every request was left out makes a file of comments only, which the
        // reader rightly calls a file without requests.
        if read.is_err() && !cases.iter().any(|c| is_http_method(&c.method)) {
            return Ok(());
        }
        let capture = read.map_err(|e| TestCaseError::fail(format!("{}\n{text}", e.message)))?;
        let got: Vec<Value> = capture
            .exchanges
            .iter()
            .map(|x| {
                let headers: Vec<(String, String)> = x.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect();
                let body = x.body.as_ref().map(|b| serde_json::from_str::<Value>(&b.text.value).unwrap_or(json!({"unparsed": b.text.value})));
                json!({"method": x.method, "url": x.url.value, "headers": headers, "body": body})
            })
            .collect();
        let expected: Vec<Value> = cases
            .iter()
            .filter(|c| is_http_method(&c.method))
            .map(|c| {
                let headers: Vec<(String, String)> = c
                    .headers()
                    .into_iter()
                    .filter(|(name, _)| is_http_header_name(name))
                    // A value holding `{{` is left out (no header value can escape it), but
                    // gclint's own `Bearer {{token}}`.
                    .filter(|(_, value)| value == AUTHORIZATION || !value.contains("{{"))
                    .map(|(name, value)| {
                        let value: String = value.chars().map(|c| if breaks_a_line(c) { shown(c) } else { c.to_string() }).collect();
                        (name, value.trim().to_owned())
                    })
                    .collect();
                json!({"method": c.method, "url": expected_http_url(&c.url()), "headers": headers, "body": c.body})
            })
            .collect();
        prop_assert_eq!(capture.requests, expected.len(), "{}", text);
        prop_assert_eq!(got, expected, "{}", text);
    }
}

// ---------------------------------------------------------------------------------------------
// The block under a finding

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_block_under_a_finding_holds_no_control_characters(cases in batch()) {
        let requests: Vec<SuggestedRequest> = cases.iter().flat_map(|c| c.corrected().requests).collect();
        let note = cases.iter().map(|c| c.note.as_str()).collect::<String>();
        let suggestion = Suggestion {
            requests,
            note: Some(note),
            changes: Vec::new(),
            edits: Vec::new(),
            replaces: true,
            fixable: false,
        };
        let shown = block(&suggestion);
        // Lines are the block's own: one per request, one per body, one for the note.
        let lines = 1 + suggestion.requests.iter().map(|r| 1 + usize::from(r.body.is_some())).sum::<usize>() + 1;
        prop_assert_eq!(shown.split('\n').count(), lines, "{:?}", shown);
        prop_assert!(!shown.chars().any(|c| c != '\n' && breaks_a_line(c)), "{:?}", shown);
        let line = one_line(&suggestion).unwrap();
        prop_assert!(!line.chars().any(breaks_a_line), "{:?}", line);
    }
}

// ---------------------------------------------------------------------------------------------
// End to end, through the CLI

fn gclint() -> Command {
    let mut cmd = Command::new(insta_cmd::get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env_remove("GITHUB_STEP_SUMMARY").env("COLUMNS", "100");
    cmd
}

/// A HAR of one PUT on a participant (which gclint suggests as a PATCH), with `url`.
fn har(url: &str) -> String {
    json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [{
        "startedDateTime": "2024-04-09T19:22:08.567Z",
        "time": 1,
        "request": {
            "method": "PUT",
            "url": url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [{"name": "content-type", "value": "application/json"}],
            "queryString": [],
            "headersSize": -1,
            "bodySize": 24,
            "postData": {"mimeType": "application/json", "text": "{\"state\":\"disconnected\"}"}
        },
        "response": {"status": 400, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
            "content": {"size": 0, "mimeType": "application/json", "text": ""}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 0}
    }]}})
    .to_string()
}

const HOSTILE_URL: &str = "https://api.usw2.pure.cloud/api/v2/conversations/calls/$(touch PWNED)`touch PWNED1`/participants/\"; touch PWNED2; \"";

/// The names of hostile captures: each breaks out of a comment line in one language.
const HOSTILE_NAMES: &[&str] = &[
    "x\ntouch PWNED3\n.har",
    "y\n__import__(\"os\").system(\"touch PWNED4\")\n.har",
    "z\u{2028}require(\"fs\").writeFileSync(\"PWNED5\", \"\")\u{2028}.har",
];

/// A directory holding the hostile captures, and the suggestion of the CLI in `form` for them.
fn suggest_hostile(form: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    for name in HOSTILE_NAMES {
        std::fs::write(dir.path().join(name), har(HOSTILE_URL)).unwrap();
    }
    let out = gclint().current_dir(dir.path()).args(["suggest", "--as", form]).args(HOSTILE_NAMES).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_hostile_capture_makes_a_curl_script_that_runs_nothing() {
    let (_dir, script) = suggest_hostile("curl");
    let (out, calls, left) = run_curl_script(&script, &BTreeMap::new());
    assert!(out.status.success(), "{}\n{script}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(left, Vec::<String>::new(), "the script created files:\n{script}");
    assert_eq!(calls.len(), HOSTILE_NAMES.len(), "{script}");
    for call in &calls {
        let call = curl_call(call);
        assert_eq!(call.method, "PATCH");
        assert_eq!(call.url, HOSTILE_URL);
        assert_eq!(call.data, Some(json!({"state": "disconnected"})));
    }
}

#[test]
fn a_hostile_capture_makes_python_that_runs_nothing() {
    if !has_program("python3") {
        eprintln!("python3 is missing: the Python form is not checked");
        return;
    }
    let (_dir, source) = suggest_hostile("python");
    let statements = python_statements(&source).unwrap_or_else(|e| panic!("{e}\n{source}"));
    let calls: Vec<&Value> = statements.as_array().unwrap().iter().filter(|s| s[0] == "call").collect();
    assert_eq!(calls.len(), HOSTILE_NAMES.len(), "{source}");
    for call in calls {
        assert_eq!(call[2], json!(["$(touch PWNED)`touch PWNED1`", "\"; touch PWNED2; \"", {"state": "disconnected"}]));
    }
    // Run it with a stub SDK that records the calls: it makes them and nothing else.
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let sdk = dir.path().join("PureCloudPlatformClientV2.py");
    std::fs::write(
        &sdk,
        "import json\nclass _C: pass\nconfiguration = _C()\ncalls = []\n\
         class ConversationsApi:\n    def __getattr__(self, name):\n        def call(*args):\n            calls.append([name, list(args)])\n        return call\n\
         import atexit\natexit.register(lambda: print(json.dumps(calls)))\n",
    )
    .unwrap();
    let file = dir.path().join("suggested.py");
    std::fs::write(&file, &source).unwrap();
    let out = Command::new("python3")
        .arg(&file)
        .current_dir(&work)
        .env("PYTHONPATH", dir.path())
        .env("GENESYS_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{source}", String::from_utf8_lossy(&out.stderr));
    let recorded: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(recorded.as_array().unwrap().len(), HOSTILE_NAMES.len());
    assert_eq!(files_in(&work), Vec::<String>::new(), "{source}");
}

#[test]
fn a_hostile_capture_makes_javascript_that_runs_nothing() {
    if !has_program("node") {
        eprintln!("node is missing: the JavaScript form is not checked");
        return;
    }
    let (_dir, source) = suggest_hostile("js");
    let calls = node_calls(&source).unwrap_or_else(|e| panic!("{e}\n{source}"));
    let patches: Vec<&Value> =
        calls.as_array().unwrap().iter().filter(|c| c[0] == "patchConversationsCallParticipant").collect();
    assert_eq!(patches.len(), HOSTILE_NAMES.len(), "{source}");
    assert_eq!(calls.as_array().unwrap().len(), HOSTILE_NAMES.len() + 3, "{calls}\n{source}");
}

#[test]
fn a_hostile_capture_makes_a_http_file_of_its_requests_only() {
    let (_dir, text) = suggest_hostile("http");
    let dir = tempfile::tempdir().unwrap();
    let capture =
        gclint::input::http_file::read(&text, 0, dir.path(), None, gclint::input::Includes::Confined).unwrap();
    assert_eq!(capture.requests, HOSTILE_NAMES.len(), "{text}");
    assert_eq!(capture.exchanges.len(), HOSTILE_NAMES.len(), "{text}");
    for x in &capture.exchanges {
        assert_eq!(x.method, "PATCH");
        assert_eq!(
            x.url.value,
            "https://api.usw2.pure.cloud/api/v2/conversations/calls/$(touch%20PWNED)`touch%20PWNED1`/participants/\";%20touch%20PWNED2;%20\""
        );
    }
}

/// A suggested request carries the user's own token (`$GENESYS_TOKEN`, `{{token}}`, the SDK's
/// access token): it goes to a Genesys Cloud region over HTTPS, never to whatever host a capture
/// names. A request recorded elsewhere (a mock, a proxy, a host made up by an attacker) is
/// suggested as a path, for the user to send to their own region.
#[test]
fn a_suggestion_never_sends_the_token_to_a_host_the_capture_names() {
    let path = "/api/v2/conversations/calls/563d837f-2394-4292-b357-3fabc3588b7e/participants/2a4f4682-fe45-4bb3-a348-f3f30033b2a1";
    let dir = tempfile::tempdir().unwrap();
    let hosts = [
        ("foreign", "https://evil.example"),
        ("plain-http", "http://api.mypurecloud.ie"),
        ("lookalike", "https://api.mypurecloud.ie.evil.example"),
        ("odd-bytes", "https://x$(id).mypurecloud.ie"),
        ("user-info", "https://api.mypurecloud.ie:443@evil.example"),
    ];
    for (name, origin) in hosts {
        std::fs::write(dir.path().join(format!("{name}.har")), har(&format!("{origin}{path}"))).unwrap();
    }
    std::fs::write(dir.path().join("region.har"), har(&format!("https://api.mypurecloud.ie{path}"))).unwrap();
    for form in ["http", "curl", "js", "python"] {
        for (name, _) in hosts {
            let out = gclint()
                .current_dir(dir.path())
                .args(["suggest", "--as", form, &format!("{name}.har")])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("PATCH") || text.contains("patch"), "{form} {name}: {text}");
            // The host may be named in a comment (a note); never as where the request goes.
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#') && !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let sent_there = code.contains("evil.example/api") || code.contains("evil.example\"");
            assert!(!sent_there && !code.contains("http://") && !code.contains("$(id)"), "{form} {name}: {text}");
        }
        // A region's own host is kept.
        let out = gclint().current_dir(dir.path()).args(["suggest", "--as", form, "region.har"]).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("mypurecloud.ie"), "{form}");
    }
}

/// The query of the request is kept in the suggestion of the same path (its credentials masked,
/// quoted like the rest); the fragment is not sent, so not kept.
#[test]
fn the_query_string_is_kept_masked() {
    let url = "https://api.mypurecloud.ie/api/v2/conversations/calls/c1/participants/p1?x=$(id)&access_token=SECRET12345#frag";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.har"), har(url)).unwrap();
    let suggest = |form: &str| {
        let out = gclint().current_dir(dir.path()).args(["suggest", "--as", form, "q.har"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let script = suggest("curl");
    assert!(!script.contains("SECRET12345"), "{script}");
    let (out, calls, left) = run_curl_script(&script, &BTreeMap::new());
    assert!(out.status.success() && left.is_empty(), "{script}");
    let [call] = calls.as_slice() else { panic!("{calls:?}\n{script}") };
    assert_eq!(
        curl_call(call).url,
        "https://api.mypurecloud.ie/api/v2/conversations/calls/c1/participants/p1?x=$(id)&access_token=<redacted:11>"
    );
    let http = suggest("http");
    assert!(
        http.contains("PATCH https://api.mypurecloud.ie/api/v2/conversations/calls/c1/participants/p1?x=$(id)&access_token=<redacted:11>\n"),
        "{http}"
    );
}
