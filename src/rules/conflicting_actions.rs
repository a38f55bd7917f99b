use serde_json::{Map, Value};

use super::capture::{CaptureState, Given, participant_target};
use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::facts::facts;
use crate::diagnostic::{Related, Rule, Severity};
use crate::suggest::request::Change;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "conflicting-actions",
        code: "GC401",
        severity: Severity::Error,
        summary: "Contradictory instructions in one body, one participant list, or across a capture",
        explanation: r#"## What it catches
- In one body: `"state": "disconnected"` together with `held`, `muted`, `confined` or `recording`
  set to true; `"wrapupSkipped": true` together with a `wrapup`; a conversation-level body that
  both disconnects and merges (`conversationIds`) or changes `recordingState`.
- In one participant list: the same participant twice, or a mix of per-participant actions (the
  "send the whole list, with update for the others" pattern).
- Across a capture: a change to a participant after an earlier request disconnected it, after a
  notification the capture received (a HAR's websocket frames) showed it disconnected, or after
  the whole conversation was ended. Wrap-up after a disconnect is the normal flow and is not flagged.
  A recording (HAR, SDK or NDJSON log) is read in the order it was sent. A `.http` or curl file is
  taken as a set of examples sent one at a time, where a "mute" written below a "hang up" is no
  mute after a hang-up: its requests are compared only when the file says it runs top to bottom
  (a comment line `# @gclint sequence`) or `sequence` in `gclint.toml` lists its format.

## Why it matters
The API applies one of the instructions and drops the other, or rejects the request
(`conversation.error.call.disconnected`); which one wins is not something code should depend on.

## Example
    {"state": "disconnected", "held": true}

## Fix
Send one intent per request: `{"state": "disconnected"}` (with its wrap-up if needed).
The finding suggests it where one reading is clear: on a participant, the disconnect without the
call flags; a wrap-up sent with `"wrapupSkipped": true`, the wrap-up (its code is deliberate, and a
required wrap-up cannot be skipped). A change after the participant was disconnected gets no
request: send it before the disconnect, or not at all."#,
    },
    subject: Subject::Capture,
    checks: &[Check::Alone(check_body), Check::InOrder(check_history)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 409] }],
};

fn truthy(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool) == Some(true)
}

fn disconnects(body: &Map<String, Value>) -> bool {
    body.get("state").and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case("disconnected"))
}

/// Conflicts within the request itself (its body, its participant list): no history needed.
fn check_body(ctx: &mut Ctx) {
    if let Some(body) = ctx.body().and_then(Value::as_object).cloned() {
        in_body(ctx, &body);
        in_list(ctx, &body);
    }
}

/// Conflicts with what earlier requests of the capture did.
fn check_history(ctx: &mut Ctx, state: &CaptureState, _: &Given) {
    across_capture(ctx, state);
}

/// Whether a body sent to `ctx`'s operation is a conversation root's.
fn on_root(ctx: &Ctx) -> bool {
    ctx.body_operation().is_some_and(|op| op.body.as_deref() == Some("ConversationPatch"))
}

/// The members that contradict the body's disconnect: call flags set to true, and on a
/// conversation root a merge or a recording change.
fn against_disconnect(body: &Map<String, Value>, root: bool) -> Vec<&'static str> {
    if !disconnects(body) {
        return Vec::new();
    }
    let mut others: Vec<&'static str> =
        facts().participant_flags.iter().map(String::as_str).filter(|k| truthy(body.get(*k))).collect();
    if root {
        others.extend(["conversationIds", "recordingState"].into_iter().filter(|k| body.contains_key(*k)));
    }
    others
}

/// Whether the body both skips the wrap-up and sends one.
fn skips_and_sends_wrapup(body: &Map<String, Value>) -> bool {
    truthy(body.get("wrapupSkipped")) && body.contains_key("wrapup")
}

/// Whether a body, sent as the body of `ctx`'s request, says two contradictory things (for a
/// body another rule suggests, which must check clean).
pub(super) fn contradicts(ctx: &Ctx, body: &Value) -> bool {
    body.as_object().is_some_and(|b| !against_disconnect(b, on_root(ctx)).is_empty() || skips_and_sends_wrapup(b))
}

fn in_body(ctx: &mut Ctx, body: &Map<String, Value>) {
    let root = on_root(ctx);
    let others = against_disconnect(body, root);
    if !others.is_empty() {
        let listed = others.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let pointers: Vec<String> = others.iter().map(|k| format!("/{k}")).collect();
        let also = pointers.iter().map(|p| (Place::Member(p), "contradicts the disconnect".to_owned())).collect();
        let help = if root {
            "ending the conversation, merging it and changing its recording are separate requests: send the disconnect alone, last".to_owned()
        } else {
            format!(
                "a disconnected participant cannot also be {}: send {{\"state\": \"disconnected\"}} alone",
                others.join("/")
            )
        };
        // On a participant the disconnect is the clear reading: the rest goes.
        let suggestion = if root {
            None
        } else {
            let changes = pointers.iter().map(|p| Change::Remove { pointer: p.clone() }).collect();
            ctx.body_suggestion(changes, None)
        };
        ctx.emit(Finding {
            label: Some("disconnects".into()),
            also,
            help: Some(help),
            suggestion,
            ..Finding::new(
                &RULE.rule,
                format!("`state: \"disconnected\"` together with {listed}"),
                Place::Member("/state"),
            )
        });
    }
    if skips_and_sends_wrapup(body) {
        // The wrap-up is the clear reading: its code is data no one writes by accident, and the
        // API refuses to skip a wrap-up that is required (conversation.error.wrapup.cannot.skip).
        let suggestion = ctx.body_suggestion(vec![Change::Remove { pointer: "/wrapupSkipped".into() }], None);
        ctx.emit(Finding {
            label: Some("skips wrap-up".into()),
            also: vec![(Place::Member("/wrapup"), "sends a wrap-up".into())],
            help: Some("send the wrap-up, or `\"wrapupSkipped\": true`, not both: the wrap-up is kept, since a required wrap-up cannot be skipped".into()),
            suggestion,
            ..Finding::new(
                &RULE.rule,
                "`wrapupSkipped: true` together with a `wrapup`".into(),
                Place::Member("/wrapupSkipped"),
            )
        });
    }
}

fn in_list(ctx: &mut Ctx, body: &Map<String, Value>) {
    let Some(list) = body.get("participants").and_then(Value::as_array) else { return };
    let id_of =
        |p: &Value| ["id", "participantId"].iter().find_map(|k| p.get(*k).and_then(Value::as_str)).map(str::to_owned);
    let action_of = |p: &Value| {
        facts().instruction_keys.iter().find_map(|k| p.get(k).and_then(Value::as_str)).map(str::to_ascii_lowercase)
    };
    // The same participant twice.
    for (i, a) in list.iter().enumerate() {
        let Some(id) = id_of(a) else { continue };
        if let Some(j) = list.iter().skip(i + 1).position(|b| id_of(b).as_deref() == Some(&id)).map(|k| k + i + 1) {
            let (first, second) = (format!("/participants/{i}"), format!("/participants/{j}"));
            ctx.emit(Finding {
                label: Some("first time".into()),
                also: vec![(Place::Value(&second), "second time".into())],
                help: Some("name each participant once, in its own request to .../participants/{participantId}".into()),
                ..Finding::new(&RULE.rule, format!("participant `{id}` is listed twice"), Place::Value(&first))
            });
            return;
        }
    }
    // Mixed actions.
    let actions: Vec<(usize, String)> = list.iter().enumerate().filter_map(|(i, p)| Some((i, action_of(p)?))).collect();
    let is_end = |a: &str| facts().action_words.disconnect_in_list.found_in(a);
    let ends: Vec<usize> = actions.iter().filter(|(_, a)| is_end(a)).map(|(i, _)| *i).collect();
    let others: Vec<&(usize, String)> = actions.iter().filter(|(_, a)| !is_end(a)).collect();
    if let (Some(&first_end), Some((first_other, other))) = (ends.first(), others.first()) {
        let (end_ptr, other_ptr) = (format!("/participants/{first_end}"), format!("/participants/{first_other}"));
        ctx.emit(Finding {
            label: Some("a disconnect".into()),
            also: vec![(Place::Value(&other_ptr), format!("`{other}`, in the same request"))],
            help: Some(
                "participants you do not change need no request: send one PATCH .../participants/{participantId} per participant to change"
                    .into(),
            ),
            ..Finding::new(
                &RULE.rule,
                format!("the participant list mixes a disconnect with `{other}` for the others"),
                Place::Value(&end_ptr),
            )
        });
    }
}

/// Whether a request changes a participant's call state (not wrap-up, not attributes).
fn changes_call_state(ctx: &Ctx) -> bool {
    let method = ctx.method().to_ascii_uppercase();
    if !matches!(method.as_str(), "PATCH" | "POST" | "PUT") {
        return false;
    }
    let path = ctx.ex.path_str();
    if path.ends_with("/wrapup") || path.ends_with("/attributes") {
        return false;
    }
    if facts().transfer_path_parts.iter().any(|p| path.contains(p.as_str())) {
        return true;
    }
    let Some(body) = ctx.body().and_then(Value::as_object) else { return false };
    let sets_state = body.get("state").and_then(Value::as_str).is_some_and(|s| !s.eq_ignore_ascii_case("disconnected"));
    sets_state || facts().participant_flags.iter().any(|k| body.contains_key(k))
}

fn across_capture(ctx: &mut Ctx, state: &CaptureState) {
    if state.ended.is_empty() && state.disconnected.is_empty() {
        return;
    }
    let Some(target) = participant_target(ctx) else { return };
    if !changes_call_state(ctx) {
        return;
    }
    let (earlier, message, what) = if let Some(e) = state.ended.get(&target.conversation) {
        (e, format!("participant `{}` is changed after its conversation was ended", target.participant), "ended")
    } else if let Some(e) = state.disconnected.get(&(target.conversation.clone(), target.participant.clone())) {
        (e, format!("participant `{}` is changed after it was disconnected", target.participant), "disconnected")
    } else {
        return;
    };
    let help = "a participant that is no longer on the call cannot be held, muted, recorded or transferred, so no request is suggested: send this change before the disconnect, or leave it out; after a disconnect only wrap-up (PATCH with `wrapup`, or POST .../wrapup) makes sense".to_owned();
    ctx.emit(Finding {
        label: Some(format!("already {what}")),
        help: Some(help),
        related: vec![Related::clone(earlier)],
        ..Finding::new(&RULE.rule, message, Place::Url(target.segment))
    });
}
