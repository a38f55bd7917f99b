//! What the user meant, and the one right call for it: mistakes as a user would capture them,
//! each with the corrected request `gclint suggest` must give (or the reason it gives none).

use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::{Value, json};

const C: &str = "0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93";
const P: &str = "5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46";
const M: &str = "7c1b9f5e-2a46-4e8f-a3d0-5e9a1c7d2b64";
const HOST: &str = "https://api.mypurecloud.com";

fn run(args: &[&str], name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out = Command::new(get_cargo_bin("gclint"))
        .args(args)
        .arg(&file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("gclint runs");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// One request as a `.http` file.
fn http(method: &str, path: &str, body: &str) -> String {
    format!("### case\n{method} {HOST}{path}\nContent-Type: application/json\n\n{body}\n")
}

/// The corrected requests `gclint suggest` writes for one request.
fn suggest(method: &str, path: &str, body: &str) -> String {
    run(&["suggest", "--isolated"], "case.http", &http(method, path, body))
}

/// The findings `gclint check` writes for one request.
fn check(method: &str, path: &str, body: &str) -> String {
    run(&["check", "--isolated", "--color", "never"], "case.http", &http(method, path, body))
}

/// The corrected requests of a `.http` suggestion: (request line, body).
fn requests(text: &str) -> Vec<(String, Option<Value>)> {
    let mut out = Vec::new();
    for block in text.split("\n### ").skip(1) {
        // The title, then the note's comment lines, then the request line.
        let mut lines = block.lines().skip(1).skip_while(|l| l.starts_with('#'));
        let line = lines.next().unwrap_or_default().replace(HOST, "");
        let rest: Vec<&str> = lines.skip_while(|l| !l.is_empty()).collect();
        let body = serde_json::from_str(rest.join("\n").trim()).ok();
        out.push((line, body));
    }
    out
}

fn participant() -> String {
    format!("/api/v2/conversations/calls/{C}/participants/{P}")
}

#[test]
fn record_and_park_actions_say_the_models_own_fields() {
    let got = suggest("PATCH", &participant(), r#"{"action":"record"}"#);
    assert_eq!(requests(&got), vec![(format!("PATCH {}", participant()), Some(json!({"recording": true})))], "{got}");
    let email = format!("/api/v2/conversations/emails/{C}/participants/{P}");
    let got = suggest("PATCH", &email, r#"{"action":"park"}"#);
    assert_eq!(requests(&got), vec![(format!("PATCH {email}"), Some(json!({"state": "parked"})))], "{got}");
}

#[test]
fn a_near_miss_of_parked_on_an_email_is_the_parked_state() {
    let email = format!("/api/v2/conversations/emails/{C}/participants/{P}");
    let got = check("PATCH", &email, r#"{"state":"park"}"#);
    assert!(!got.contains("no request is suggested"), "{got}");
    let got = suggest("PATCH", &email, r#"{"state":"park"}"#);
    assert_eq!(requests(&got), vec![(format!("PATCH {email}"), Some(json!({"state": "parked"})))], "{got}");
}

#[test]
fn a_wrap_up_posted_to_the_participant_is_its_patch() {
    let got = suggest("POST", &format!("{}/wrapup", participant()), r#"{"code":"x"}"#);
    assert_eq!(
        requests(&got),
        vec![(format!("PATCH {}", participant()), Some(json!({"wrapup": {"code": "x"}})))],
        "{got}"
    );
}

#[test]
fn a_wrap_up_among_attributes_goes_to_the_participant_patch() {
    let got = suggest("PATCH", &format!("{}/attributes", participant()), r#"{"attributes":{"wrapup":{"code":"x"}}}"#);
    assert_eq!(
        requests(&got),
        vec![(format!("PATCH {}", participant()), Some(json!({"wrapup": {"code": "x"}})))],
        "{got}"
    );
}

#[test]
fn attributes_sent_to_a_communication_go_to_the_participants_attributes() {
    let got = suggest("PATCH", &format!("{}/communications/{M}", participant()), r#"{"attributes":{"k":"v"}}"#);
    assert_eq!(
        requests(&got),
        vec![(format!("PATCH {}/attributes", participant()), Some(json!({"attributes": {"k": "v"}})))],
        "{got}"
    );
}

#[test]
fn a_delete_of_a_media_conversation_ends_the_conversation_and_no_more() {
    let got = suggest("DELETE", &format!("/api/v2/conversations/calls/{C}"), "");
    assert_eq!(requests(&got), vec![(format!("DELETE /api/v2/conversations/{C}"), None)], "{got}");
}

#[test]
fn a_root_body_written_as_yaml_gets_the_participant_level_request() {
    for body in ["state: \"DISCONNECTED\"", "state=disconnected"] {
        let got = suggest("PATCH", &format!("/api/v2/conversations/calls/{C}"), body);
        let want = format!("PATCH /api/v2/conversations/calls/{C}/participants/{{{{participantId}}}}");
        assert_eq!(requests(&got), vec![(want, Some(json!({"state": "disconnected"})))], "{body}: {got}");
        assert!(got.contains("name the participant"), "{got}");
    }
}

#[test]
fn two_intents_that_contradict_get_no_request() {
    let got = check("PATCH", &participant(), r#"{"action":"hold","status":"disconnected"}"#);
    assert!(got.contains("not clear"), "{got}");
    let got = suggest("PATCH", &participant(), r#"{"action":"hold","status":"disconnected"}"#);
    assert!(requests(&got).is_empty(), "{got}");
}

#[test]
fn parked_means_nothing_on_a_call() {
    let got = suggest("PATCH", &participant(), r#"{"state":"PARKED"}"#);
    assert!(requests(&got).iter().all(|(_, b)| b.as_ref() != Some(&json!({"state": "parked"}))), "{got}");
}

#[test]
fn a_body_gclint_has_no_model_for_is_not_passed_off_as_checked() {
    let got = suggest("POST", &format!("/api/v2/conversations/chat/participants/{P}/send-message"), r#"{"body":"hi"}"#);
    let offered = requests(&got);
    assert!(offered.is_empty() || got.contains("not checked"), "{got}");
}

/// A HAR capture of a GET of the conversation, then `patch` with `body`.
fn capture(patch: &str, body: Value, participants: Value) -> String {
    let entry = |method: &str, url: String, body: Option<Value>, answer: Value| {
        let mut request = json!({"method": method, "url": url, "httpVersion": "HTTP/2.0",
            "headers": [{"name": "content-type", "value": "application/json"}], "queryString": [], "cookies": [],
            "headersSize": -1, "bodySize": 0});
        if let Some(b) = body {
            request["postData"] = json!({"mimeType": "application/json", "text": b.to_string()});
        }
        json!({"startedDateTime": "2026-11-20T10:00:01.000Z", "time": 1, "request": request,
            "response": {"status": 200, "statusText": "", "httpVersion": "HTTP/2.0", "headers": [], "cookies": [],
                "content": {"size": 0, "mimeType": "application/json", "text": answer.to_string()},
                "redirectURL": "", "headersSize": -1, "bodySize": 0},
            "cache": {}, "timings": {"send": 1, "wait": 1, "receive": 1}})
    };
    let get = entry(
        "GET",
        format!("{HOST}/api/v2/conversations/calls/{C}"),
        None,
        json!({"id": C, "participants": participants}),
    );
    let patch = entry("PATCH", format!("{HOST}{patch}"), Some(body), json!({}));
    let har = json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [get, patch]}});
    run(&["suggest", "--isolated"], "capture.har", &har.to_string())
}

const AGENT: &str = "9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d";
const CUSTOMER: &str = "1c3e5a7b-9d0f-4b2d-8e6a-0c2e4a6b8d0f";

fn two_participants() -> Value {
    json!([
        {"id": CUSTOMER, "purpose": "customer", "state": "connected"},
        {"id": AGENT, "purpose": "agent", "userId": "u1", "state": "connected"},
    ])
}

#[test]
fn the_captures_own_get_names_the_participant() {
    let root = format!("/api/v2/conversations/calls/{C}");
    let want = format!("PATCH /api/v2/conversations/calls/{C}/participants/{AGENT}");
    let by_user = json!({"participants": [{"userId": "u1", "state": "disconnected"}]});
    let got = capture(&root, by_user, two_participants());
    assert_eq!(requests(&got), vec![(want.clone(), Some(json!({"state": "disconnected"})))], "{got}");
    let by_purpose = json!({"participants": [{"purpose": "agent", "state": "disconnected"}]});
    let got = capture(&root, by_purpose, two_participants());
    assert_eq!(requests(&got), vec![(want, Some(json!({"state": "disconnected"})))], "{got}");
}

#[test]
fn a_participant_the_get_does_not_tell_apart_stays_for_the_user_to_name() {
    let root = format!("/api/v2/conversations/calls/{C}");
    let two_agents = json!([
        {"id": CUSTOMER, "purpose": "agent", "userId": "u2"},
        {"id": AGENT, "purpose": "agent", "userId": "u1"},
    ]);
    let by_purpose = json!({"participants": [{"purpose": "agent", "state": "disconnected"}]});
    let got = capture(&root, by_purpose, two_agents);
    let offered = requests(&got);
    assert_eq!(offered.len(), 1, "{got}");
    assert!(offered[0].0.contains("{{participantId}}"), "{got}");
    assert!(got.contains("2 participants"), "{got}");
}
