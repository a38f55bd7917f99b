//! Notification frames in a HAR: the conversation events a Genesys Cloud streaming websocket
//! received (kept by Chrome in the websocket's entry as `_webSocketMessages`) teach the capture
//! rules who is in a conversation and who left, in time order with the requests.
//!
//! The fixtures (`fixtures/har/notification-frames*.har`) are Chrome HARs of one agent session:
//! the notification channel created and subscribed to, the websocket (heartbeats, a ping `send`
//! frame and its pong, `v2.users.{id}.conversations.calls` and `v2.users.{id}.conversations`
//! events, a queue topic's events for another call, an attributes event of a third conversation
//! that lists one participant only), then the agent's requests. Other cases are built from them.

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::{Value, json};

const MISTAKES: &str = "fixtures/har/notification-frames.har";
const CLEAN: &str = "fixtures/har/notification-frames-clean.har";

const C1: &str = "8f2d6b1e-4c7a-4e93-a5d0-1b9c3e7f2a64";
const AGENT_USER: &str = "6c1d4a52-9f3e-4b8a-b1d7-2e5f9a0c8d43";
const CUSTOMER: &str = "a41e9c07-2b6d-4f18-9e3a-7c5d0b8f1e29";
const AGENT: &str = "d93b2f5a-7e0c-4a61-8b4f-3e9d1c6a7b05";

fn gclint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("gclint"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// The findings of `gclint check --format json` on `path`: (rule, entry, line, column).
fn findings(path: &Path) -> Vec<(String, Option<u64>, u64, u64)> {
    let out = gclint().args(["check", "--isolated", "--format", "json"]).arg(path).output().unwrap();
    let doc: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |k: &str| d[k].as_u64();
            (d["rule"].as_str().unwrap().to_owned(), n("entry"), n("line").unwrap(), n("column").unwrap())
        })
        .collect()
}

/// The findings of the two rules that learn from notifications: (rule, entry).
fn capture_findings(path: &Path) -> Vec<(String, u64)> {
    findings(path)
        .into_iter()
        .filter(|f| f.0 == "participant-not-in-conversation" || f.0 == "conflicting-actions")
        .map(|f| (f.0, f.1.unwrap()))
        .collect()
}

/// The 1-based line and column, counting characters, of `needle` in the first place where
/// `context` (which contains it) stands in `text`.
fn position_of(text: &str, context: &str, needle: &str) -> (u64, u64) {
    let at = text.find(context).unwrap_or_else(|| panic!("{context} not found")) + context.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() + 1;
    (line as u64, text[line_start..at].chars().count() as u64 + 1)
}

fn load(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn entries(har: &mut Value) -> &mut Vec<Value> {
    har["log"]["entries"].as_array_mut().unwrap()
}

/// The frames of the websocket's entry (entry 1 of both fixtures).
fn frames(har: &mut Value) -> &mut Vec<Value> {
    entries(har)[1]["_webSocketMessages"].as_array_mut().unwrap()
}

/// Writes `har` as Chrome does (indented) into `dir`; its path.
fn write(dir: &tempfile::TempDir, name: &str, har: &Value) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_string_pretty(har).unwrap()).unwrap();
    path
}

#[test]
fn a_request_to_an_id_no_notification_listed_and_a_mute_after_the_hang_up_are_found_at_their_place() {
    let text = std::fs::read_to_string(MISTAKES).unwrap();
    let found = findings(Path::new(MISTAKES));
    let capture: Vec<_> =
        found.iter().filter(|f| f.0 == "participant-not-in-conversation" || f.0 == "conflicting-actions").collect();
    // The PATCH to the agent's user id (entry 4), and the mute of the customer after the
    // notification that it hung up (entry 5). The hold while connected (3), the agent's own
    // hang-up (6), its wrap-up after it (7) and the hold on another call (8) are quiet.
    let wrong_id = position_of(&text, &format!("{C1}/participants/{AGENT_USER}\""), AGENT_USER);
    let muted = position_of(&text, &format!("{C1}/participants/{CUSTOMER}\""), CUSTOMER);
    assert_eq!(
        capture,
        [
            &("participant-not-in-conversation".to_owned(), Some(4), wrong_id.0, wrong_id.1),
            &("conflicting-actions".to_owned(), Some(5), muted.0, muted.1),
        ]
    );
}

#[test]
fn the_hang_up_is_shown_where_the_notification_says_it_in_the_har() {
    // Wide enough that no sentence looked for below is wrapped.
    let out =
        gclint().env("COLUMNS", "1000").args(["check", "--isolated", "--color", "never", MISTAKES]).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    // The per-communication event: the customer's call state, through the frame's escapes.
    let text = std::fs::read_to_string(MISTAKES).unwrap();
    let context = format!(
        r#"{CUSTOMER}\",\"purpose\":\"customer\",\"calls\":[{{\"id\":\"e5b8d2c1-3a7f-4c9e-b0d6-8f1a4e7c2b93\",\"state\":\"disconnected"#
    );
    let (line, column) = position_of(&text, &context, r#"\"disconnected"#);
    let title = format!("{MISTAKES}:{line}:{column} · entry 1 · notification");
    assert!(shown.contains(&title), "no {title} in\n{shown}");
    assert!(shown.contains("a notification received in entry 1 showed it disconnected here"), "{shown}");
    // The help names where the participants were listed.
    assert!(shown.contains("the notifications received in entry 1 list"), "{shown}");
    assert!(shown.contains(&format!("is the user id of participant `{AGENT}` (agent)")), "{shown}");
}

#[test]
fn the_session_done_right_is_quiet() {
    // The mute comes before the notification that the customer left (though the websocket's
    // entry, and so the frame, stands above it in the file); a hold on a conversation heard of
    // only through a topic that may not list everyone; one on a conversation never heard of.
    assert_eq!(capture_findings(Path::new(CLEAN)), []);
}

#[test]
fn each_notification_applies_before_the_first_request_sent_after_it() {
    let dir = tempfile::tempdir().unwrap();
    // The mute (entry 5, sent at 10:00:08) after the hang-up notification (10:00:07): found; the
    // same notification received a second after the mute: the mute came first, nothing to say.
    let mut har = load(MISTAKES);
    for f in frames(&mut har).iter_mut() {
        if f["data"].as_str().unwrap().contains(&format!("\"topicName\":\"v2.users.{AGENT_USER}.conversations\"")) {
            f["time"] = json!(f["time"].as_f64().unwrap() + 2.0);
        }
    }
    let later = write(&dir, "later.har", &har);
    assert_eq!(capture_findings(&later), [("participant-not-in-conversation".to_owned(), 4)]);
    // Without the frames, the capture knows nothing of the conversation: nothing to say.
    let mut har = load(MISTAKES);
    frames(&mut har).clear();
    assert_eq!(capture_findings(&write(&dir, "deaf.har", &har)), []);
    // A request whose time is not recorded is not placed among the notifications.
    let mut har = load(MISTAKES);
    for e in entries(&mut har).iter_mut().skip(3) {
        e.as_object_mut().unwrap().remove("startedDateTime");
    }
    assert_eq!(capture_findings(&write(&dir, "untimed.har", &har)), []);
}

#[test]
fn notifications_wait_across_windows_for_the_requests_they_precede() {
    // The websocket's entry, then more than a window of other traffic (512 entries), then the
    // requests: the notifications wait in the capture's history for them.
    let mut har = load(MISTAKES);
    let noise = json!({
        "startedDateTime": "2026-11-20T10:00:04.000Z",
        "request": {"method": "GET", "url": "https://apps.mypurecloud.com/directory/assets/logo.svg", "headers": []},
        "response": {"status": 200, "headers": [], "content": {"size": 0, "mimeType": "image/svg+xml"}},
    });
    entries(&mut har).splice(3..3, std::iter::repeat_n(noise, 1500));
    let dir = tempfile::tempdir().unwrap();
    let rules: Vec<(String, u64)> = capture_findings(&write(&dir, "long.har", &har));
    assert_eq!(rules, [("participant-not-in-conversation".to_owned(), 1504), ("conflicting-actions".to_owned(), 1505)]);
}

#[test]
fn a_conversation_partly_heard_of_or_not_at_all_raises_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut har = load(MISTAKES);
    // The events of the call through a topic that may not list everyone.
    for f in frames(&mut har).iter_mut() {
        let data = f["data"].as_str().unwrap().replace(
            &format!("\"topicName\":\"v2.users.{AGENT_USER}.conversations.calls\""),
            &format!("\"topicName\":\"v2.conversations.{C1}.attributes\""),
        );
        f["data"] = json!(data.replace(
            &format!("\"topicName\":\"v2.users.{AGENT_USER}.conversations\""),
            &format!("\"topicName\":\"v2.conversations.{C1}.attributes\""),
        ));
    }
    // The wrong id goes unnoticed; what the events said of the hang-up is still true.
    assert_eq!(capture_findings(&write(&dir, "partial.har", &har)), [("conflicting-actions".to_owned(), 5)]);
    // A participant without an id: the list is not whole.
    let mut har = load(MISTAKES);
    for f in frames(&mut har).iter_mut() {
        let data = f["data"].as_str().unwrap().replace(&format!("{{\"id\":\"{AGENT}\","), "{");
        f["data"] = json!(data);
    }
    let rules = capture_findings(&write(&dir, "no-id.har", &har));
    assert!(rules.iter().all(|r| r.0 != "participant-not-in-conversation"), "{rules:?}");
    // The same events for another conversation change nothing for this one.
    let mut har = load(MISTAKES);
    for f in frames(&mut har).iter_mut() {
        f["data"] = json!(f["data"].as_str().unwrap().replace(C1, "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"));
    }
    assert_eq!(capture_findings(&write(&dir, "other.har", &har)), []);
}

#[test]
fn a_frame_that_cannot_be_read_is_reported_and_the_lists_are_no_longer_taken_as_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut har = load(MISTAKES);
    let broken = json!({"type": "receive", "time": 1_795_168_801.5, "opcode": 1, "data": "{\"topicName\":\"v2.users."});
    frames(&mut har).insert(2, broken);
    let path = write(&dir, "broken.har", &har);
    let found = findings(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    let (line, column) = position_of(&text, r#""{\"topicName\":\"v2.users.""#, r#""{"#);
    assert!(found.contains(&("invalid-input".to_owned(), None, line, column)), "{found:?}");
    // The wrong id may have been listed by the frame lost: no guess. The hang-up stays known.
    assert_eq!(capture_findings(&path), [("conflicting-actions".to_owned(), 5)]);
}

#[test]
fn frames_of_other_websockets_are_not_notifications() {
    // The same frames on a websocket that is no Genesys Cloud streaming channel.
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "wss://demo.piesocket.com/v3/channel_123",
        "wss://streaming.mypurecloud.com.example.org/channels/x",
        "wss://apps.mypurecloud.com/channels/x",
    ] {
        let mut har = load(MISTAKES);
        entries(&mut har)[1]["request"]["url"] = json!(url);
        assert_eq!(capture_findings(&write(&dir, "other.har", &har)), [], "{url}");
    }
    // Recorders other than Chrome write the websocket's URL with https://: still a channel.
    let mut har = load(MISTAKES);
    let url = entries(&mut har)[1]["request"]["url"].as_str().unwrap().replace("wss://", "https://");
    entries(&mut har)[1]["request"]["url"] = json!(url);
    assert_eq!(capture_findings(&write(&dir, "https.har", &har)).len(), 2);
}

#[test]
fn notification_frames_cli() {
    assert_cmd_snapshot!(gclint().args(["check", "--isolated", "--color", "never", MISTAKES]));
}
