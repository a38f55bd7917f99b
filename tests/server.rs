//! `gclint server` spoken to as an editor speaks to it: a child process, JSON-RPC frames on its
//! stdin and stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

struct Editor {
    child: Child,
    stdin: ChildStdin,
    frames: Receiver<Value>,
    next_id: i64,
    /// Frames read while waiting for another.
    seen: Vec<Value>,
}

impl Editor {
    fn start(dir: &Path) -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gclint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, frames) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Editor { child, stdin, frames, next_id: 0, seen: Vec::new() }
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(body.to_string().as_bytes());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_raw(body.to_string().as_bytes());
        self.wait_for(|f| f["id"] == id && f.get("method").is_none())
    }

    /// The first frame (already read or still to come) that `wanted` says yes to.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&wanted) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            match self.frames.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(frame) if wanted(&frame) => return frame,
                Ok(frame) => self.seen.push(frame),
                Err(RecvTimeoutError::Timeout) => panic!("no such frame; seen: {:#?}", self.seen),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped; seen: {:#?}", self.seen),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let frame = self.wait_for(|f| {
            f["method"] == "textDocument/publishDiagnostics"
                && f["params"]["uri"] == uri
                && f["params"]["version"] == version
        });
        frame["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

const PUT: &str = "### set the wrap-up\nPUT https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46\nContent-Type: application/json\n\n{\"wrapup\": {\"code\": \"c\"}}\n";

/// Applies a code action's edits (single-line ranges, as the quick fixes here make) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut edits = edits.to_vec();
    // From the end, so that earlier positions stay valid.
    edits.sort_by_key(|e| {
        let s = &e["range"]["start"];
        std::cmp::Reverse((s["line"].as_u64().unwrap(), s["character"].as_u64().unwrap()))
    });
    for e in edits {
        let (s, end) = (&e["range"]["start"], &e["range"]["end"]);
        let line = s["line"].as_u64().unwrap() as usize;
        assert_eq!(line, end["line"].as_u64().unwrap() as usize, "a one-line edit");
        let (a, b) = (s["character"].as_u64().unwrap() as usize, end["character"].as_u64().unwrap() as usize);
        let l = &mut lines[line];
        l.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    lines.join("\n")
}

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.http");
    std::fs::write(&file, PUT).unwrap();
    let doc = uri(&file);
    let mut editor = Editor::start(dir.path());
    let init = editor.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir.path()), "capabilities": {}, "initializationOptions": {}}),
    );
    let caps = &init["result"]["capabilities"];
    assert!(caps["codeActionProvider"].is_object() && caps["hoverProvider"] == true, "{init}");
    assert_eq!(caps["executeCommandProvider"]["commands"], json!(["gclint.copyRequest"]));
    editor.notify("initialized", json!({}));

    // Open: the PUT on a participant is found, where `gclint check` finds it.
    editor.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "http", "version": 1, "text": PUT}}),
    );
    let found = editor.diagnostics(&doc, 1);
    let put = found.iter().find(|d| d["code"] == "put-method").unwrap_or_else(|| panic!("{found:#?}")).clone();
    assert_eq!(put["severity"], 1);
    assert_eq!(put["source"], "gclint");
    assert!(put["codeDescription"]["href"].as_str().unwrap().ends_with("#put-method"));
    assert_eq!(put["range"]["start"], json!({"line": 1, "character": 4}));
    let check = Command::new(env!("CARGO_BIN_EXE_gclint"))
        .args(["check", "--isolated", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let rules = |ds: &[Value], key: &str| ds.iter().map(|d| d[key].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(rules(&found, "code"), rules(check["diagnostics"].as_array().unwrap(), "rule"));

    // Hover on the finding: the rule explained; on the URL: the operation it resolves to.
    let hover =
        editor.request("textDocument/hover", json!({"textDocument": {"uri": doc}, "position": put["range"]["start"]}));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("**put-method**") && shown.contains("GC"), "{shown}");

    // The quick fix: PATCH in place of PUT, and then nothing is found.
    let actions = editor.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": put["range"], "context": {"diagnostics": [put]}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Ignore `put-method` for this request"), "{titles:?}");
    assert!(titles.contains(&"Copy the corrected request as curl"), "{titles:?}");
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Send `PATCH"))
        .unwrap_or_else(|| panic!("{titles:?}"));
    let edits = fix["edit"]["changes"][&doc].as_array().unwrap();
    let fixed = apply(PUT, edits);
    assert!(fixed.contains("\nPATCH https://"), "{fixed}");

    // Copy as curl: the corrected request, as code.
    let copy = actions.iter().find(|a| a["title"] == "Copy the corrected request as curl").unwrap();
    let copied = editor.request("workspace/executeCommand", copy["command"].clone());
    let text = copied["result"]["text"].as_str().unwrap_or_else(|| panic!("{copied}"));
    assert!(text.contains("curl") && text.contains("-X PATCH"), "{text}");

    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(editor.diagnostics(&doc, 2), Vec::<Value>::new());

    // The ignore comment, applied to the PUT, hides it.
    let ignore = actions.iter().find(|a| a["title"] == "Ignore `put-method` for this request").unwrap();
    let ignored = apply(PUT, ignore["edit"]["changes"][&doc].as_array().unwrap());
    assert!(ignored.contains("# gclint: ignore put-method\nPUT "), "{ignored}");
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 3}, "contentChanges": [{"text": ignored}]}),
    );
    assert!(editor.diagnostics(&doc, 3).iter().all(|d| d["code"] != "put-method"));

    // Back to the PUT; then the configuration makes put-method a warning, and the editor says so.
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 4}, "contentChanges": [{"text": PUT}]}),
    );
    assert!(editor.diagnostics(&doc, 4).iter().any(|d| d["code"] == "put-method" && d["severity"] == 1));
    let config = dir.path().join("gclint.toml");
    std::fs::write(&config, "[rules.severity]\nput-method = \"warning\"\n").unwrap();
    editor.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&config), "type": 1}]}));
    assert!(editor.diagnostics(&doc, 4).iter().any(|d| d["code"] == "put-method" && d["severity"] == 2));

    // What is not a message gets an error response, and the server goes on.
    editor.send_raw(b"{this is not json");
    let error = editor.wait_for(|f| f["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    let unknown = editor.request("gclint/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let hover = editor
        .request("textDocument/hover", json!({"textDocument": {"uri": doc}, "position": {"line": 1, "character": 60}}));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("/participants/{participantId}"), "{shown}");

    // Shut down and exit cleanly.
    let shutdown = editor.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    editor.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = editor.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

/// The OAuth scopes the editor gives at initialization are the client's (as `--scopes`): a
/// PATCH with a read-only client is a finding; `$/logTrace` says what each check took when the
/// editor asks for a trace.
#[test]
fn scopes_from_the_editor_and_a_trace_of_each_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mute.http");
    let text = "PATCH https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46\nContent-Type: application/json\n\n{\"muted\": true}\n";
    let doc = uri(&file);
    let mut editor = Editor::start(dir.path());
    editor.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "trace": "messages",
               "initializationOptions": {"scopes": ["conversations:readonly"]}}),
    );
    editor.notify("initialized", json!({}));
    editor.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "http", "version": 1, "text": text}}),
    );
    let found = editor.diagnostics(&doc, 1);
    assert!(found.iter().any(|d| d["code"] == "missing-write-scope"), "{found:#?}");
    let trace = editor.wait_for(|f| f["method"] == "$/logTrace");
    assert!(trace["params"]["message"].as_str().unwrap().contains("(version 1) in "), "{trace}");
    // Closing the document clears its findings.
    editor.notify("textDocument/didClose", json!({"textDocument": {"uri": doc}}));
    let cleared = editor
        .wait_for(|f| f["method"] == "textDocument/publishDiagnostics" && f["params"]["diagnostics"] == json!([]));
    assert_eq!(cleared["params"]["uri"], doc);
    // An `exit` without `shutdown` first: exit code 1, as the protocol says.
    editor.notify("exit", Value::Null);
    let status = editor.child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

/// In a shell script of curl commands, the same quick fixes: the method after `-X` replaced, and
/// the ignore comment above the command's first line.
#[test]
fn quick_fixes_in_a_curl_script() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hangup.sh");
    let text = "#!/bin/sh\n# set the wrap-up\ncurl -X PUT 'https://api.mypurecloud.com/api/v2/conversations/calls/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93/participants/5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"wrapup\": {\"code\": \"c\"}}'\n";
    let doc = uri(&file);
    let mut editor = Editor::start(dir.path());
    editor.request("initialize", json!({"processId": null, "capabilities": {}}));
    editor.notify("initialized", json!({}));
    editor.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "shellscript", "version": 1, "text": text}}),
    );
    let found = editor.diagnostics(&doc, 1);
    let put = found.iter().find(|d| d["code"] == "put-method").unwrap_or_else(|| panic!("{found:#?}")).clone();
    let actions = editor.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": put["range"], "context": {"diagnostics": [put]}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let edits_of = |prefix: &str| {
        let action = actions
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}: {:?}", actions.iter().map(|a| &a["title"]).collect::<Vec<_>>()));
        action["edit"]["changes"][&doc].as_array().unwrap().clone()
    };
    let fixed = apply(text, &edits_of("Send `PATCH"));
    assert!(fixed.contains("\ncurl -X PATCH 'https://"), "{fixed}");
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert!(editor.diagnostics(&doc, 2).iter().all(|d| d["code"] != "put-method"));
    let ignored = apply(text, &edits_of("Ignore `put-method`"));
    assert!(ignored.contains("# set the wrap-up\n# gclint: ignore put-method\ncurl -X PUT"), "{ignored}");
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 3}, "contentChanges": [{"text": ignored}]}),
    );
    assert!(editor.diagnostics(&doc, 3).iter().all(|d| d["code"] != "put-method"));
    editor.request("shutdown", Value::Null);
    editor.notify("exit", Value::Null);
}

#[test]
fn source_files_get_diagnostics_and_a_quick_fix_for_a_misspelt_method() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drop.ts");
    let text = "import platformClient from 'purecloud-platform-client-v2';\nconst api = new platformClient.ConversationsApi();\nexport const drop = (cid: string, pid: string) =>\n  api.patchConversationParticipants(cid, pid, { state: 'disconnected' });\n";
    let doc = uri(&file);
    let mut editor = Editor::start(dir.path());
    editor.request("initialize", json!({"processId": null, "capabilities": {}}));
    editor.notify("initialized", json!({}));
    editor.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "typescript", "version": 1, "text": text}}),
    );
    let found = editor.diagnostics(&doc, 1);
    let method =
        found.iter().find(|d| d["code"] == "unknown-sdk-method").unwrap_or_else(|| panic!("{found:#?}")).clone();
    // On the method's name: line 3 (0-based), after `  api.`.
    assert_eq!(method["range"]["start"], json!({"line": 3, "character": 6}));
    let actions = editor.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": method["range"], "context": {"diagnostics": [method]}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let fix = actions
        .iter()
        .find(|a| a["edit"]["changes"][&doc].is_array() && !a["title"].as_str().unwrap().starts_with("Ignore"))
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let fixed = apply(text, fix["edit"]["changes"][&doc].as_array().unwrap());
    assert!(fixed.contains("api.patchConversationParticipant(cid, pid,"), "{fixed}");
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(editor.diagnostics(&doc, 2), Vec::<Value>::new());
    editor.request("shutdown", Value::Null);
    editor.notify("exit", Value::Null);
}
