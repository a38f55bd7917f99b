//! The corrected requests of body-level mistakes (invalid-json, schema-violation,
//! conflicting-actions, unknown-field): the request each case of the rule bench gets where the
//! intent is clear, and none where it is not. Cases are the bench's (`tests/rules/<rule>/fire/`).

use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::{Value, json};

/// The suggested requests (method, URL, body) of `rule`'s findings on a bench case, and the
/// help of each finding.
fn suggested(rule: &str, case: &str) -> (Vec<Value>, Vec<String>) {
    let path = format!("tests/rules/{rule}/fire/{case}");
    let out = Command::new(get_cargo_bin("gclint"))
        .args(["check", "--format", "json", "--isolated", "--select", rule, &path])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&Value> = doc["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == rule).collect();
    assert!(!found.is_empty(), "{path}: no {rule} finding");
    let requests = found
        .iter()
        .flat_map(|d| d["suggestion"]["requests"].as_array().cloned().unwrap_or_default())
        .map(|r| json!([r["method"], r["url"], r["body"]]))
        .collect();
    let help = found.iter().map(|d| d["help"].as_str().unwrap_or("").to_owned()).collect();
    (requests, help)
}

const CALL: &str = "https://api.mypurecloud.com/api/v2/conversations/calls/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/721ee355-9010-455f-8892-cb230b671242";

#[test]
fn invalid_json_with_a_clear_body_gets_it_repaired() {
    for case in ["trailing-comma.http", "single-quotes.sh", "form-encoded-body.http"] {
        let (requests, _) = suggested("invalid-json", case);
        assert_eq!(requests, vec![json!(["PATCH", CALL, {"state": "disconnected"}])], "{case}");
    }
    // Unquoted keys, single quotes and a comment; the enum's case set right too.
    let (requests, _) = suggested("invalid-json", "js-object-literal.http");
    assert_eq!(requests, vec![json!(["PATCH", CALL, {"state": "disconnected", "wrapupSkipped": true}])]);
    // YAML-style members without braces.
    let (requests, _) = suggested("invalid-json", "yaml-style-members.http");
    assert_eq!(requests, vec![json!(["PATCH", CALL, {"state": "disconnected"}])]);
    // A missing comma between members on their own lines.
    let (requests, _) = suggested("invalid-json", "missing-comma-between-lines.http");
    assert_eq!(requests, vec![json!(["PATCH", CALL, {"state": "disconnected", "wrapupSkipped": true}])]);
}

#[test]
fn invalid_json_without_a_clear_body_gets_no_request() {
    // Cut short: what came after is unknown.
    let (requests, help) = suggested("invalid-json", "body-cut-short.http");
    assert_eq!(requests, Vec::<Value>::new());
    assert!(help[0].contains("cut short"), "{help:?}");
    // Repaired, it still breaks its model (a flag that says neither yes nor no): no body that would be flagged.
    let (requests, help) = suggested("invalid-json", "repaired-body-still-wrong.http");
    assert_eq!(requests, Vec::<Value>::new());
    assert!(help[0].contains("maybe"), "{help:?}");
}

#[test]
fn schema_violations_with_one_reading_get_it() {
    let (requests, _) = suggested("schema-violation", "muted-as-string.http");
    assert_eq!(requests, vec![json!(["PATCH", CALL.replace("mypurecloud.com", "usw2.pure.cloud"), {"muted": true}])]);
    let (requests, _) = suggested("schema-violation", "state-not-in-enum.http");
    assert_eq!(
        requests,
        vec![json!(["PATCH", CALL.replace("mypurecloud.com", "usw2.pure.cloud"), {"state": "disconnected"}])]
    );
    let (requests, _) = suggested("schema-violation", "transfer-type-blind.http");
    assert_eq!(
        requests[0][2],
        json!({"queueId": "af1064cf-70a3-4f97-a7f9-6a747f1c173d", "transferType": "Unattended"})
    );
    let (requests, _) = suggested("schema-violation", "wrapup-tag-number.http");
    assert_eq!(
        requests[0][2],
        json!({"wrapup": {"code": "048f8204-959e-4ccd-8529-adc53d9d5cd0", "tags": ["vip", "1042"]}})
    );
}

#[test]
fn schema_violations_without_one_reading_say_what_is_needed() {
    for (case, needs) in [
        ("resume-time-not-iso.http", "tomorrow at 9"),
        ("communication-state-connected.http", "participant"),
        ("replace-queue-without-body.http", "queueId"),
    ] {
        let (requests, help) = suggested("schema-violation", case);
        assert_eq!(requests, Vec::<Value>::new(), "{case}");
        assert!(help[0].contains(needs), "{case}: {help:?}");
    }
}

#[test]
fn conflicting_wrapup_instructions_keep_the_wrapup() {
    let (requests, _) = suggested("conflicting-actions", "skip-wrapup-and-send-wrapup.http");
    assert_eq!(
        requests[0][2],
        json!({"state": "disconnected", "wrapup": {"code": "048f8204-959e-4ccd-8529-adc53d9d5cd0"}})
    );
}

#[test]
fn changes_after_a_disconnect_get_no_request_but_say_why() {
    let (requests, help) = suggested("conflicting-actions", "mute-after-disconnect.jsonl");
    assert_eq!(requests, Vec::<Value>::new());
    assert!(help[0].contains("no request"), "{help:?}");
}

#[test]
fn unknown_fields_with_a_known_home_move_there() {
    let ie = CALL.replace("mypurecloud.com", "mypurecloud.ie").replace("/calls", "");
    // Wrap-up sent to the attributes endpoint: two requests.
    let (requests, _) = suggested("unknown-field", "wrapup-in-attributes.http");
    assert_eq!(
        requests,
        vec![
            json!(["PATCH", format!("{ie}/attributes"), {"attributes": {"crmId": "48213"}}]),
            json!(["PATCH", ie, {"wrapup": {"code": "048f8204-959e-4ccd-8529-adc53d9d5cd0"}}]),
        ]
    );
    // Attributes sent to the participant PATCH, values as strings; the rest stays there.
    let (requests, _) = suggested("unknown-field", "attributes-on-participant.http");
    assert_eq!(
        requests,
        vec![
            json!(["PATCH", format!("{CALL}/attributes"), {"attributes": {"crmId": "48213", "vip": "true"}}]),
            json!(["PATCH", CALL, {"state": "disconnected"}]),
        ]
    );
    // Only attributes: one request.
    let (requests, _) = suggested("unknown-field", "only-attributes-on-participant.http");
    assert_eq!(
        requests,
        vec![json!(["PATCH", format!("{CALL}/attributes"), {"attributes": {"priority": "critical"}}])]
    );
    // A transfer target that is a user, on replace/agent.
    let (requests, _) = suggested("unknown-field", "transfer-target-fields.http");
    assert_eq!(requests[0][2], json!({"userId": "a17e30dc-f8d2-45e8-a3cb-6c55c65958a7"}));
    // A reason: the disconnect is sent, the reason has no field.
    let (requests, help) = suggested("unknown-field", "disconnect-with-reason.sh");
    assert_eq!(requests, vec![json!(["PATCH", CALL.replace("/calls", ""), {"state": "disconnected"}])]);
    assert!(help[0].contains("notes"), "{help:?}");
}
