use super::capture::{CaptureState, Given, ViewParticipant, participant_target};
use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::diagnostic::{Rule, Severity};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "participant-not-in-conversation",
        code: "GC404",
        severity: Severity::Error,
        summary: "A participant id that the capture's own view of the conversation does not list",
        explanation: r#"## What it catches
A request to `.../{conversationId}/participants/{participantId}` whose participant id is not among
the participants of that conversation as an earlier GET of the conversation in the same capture
returned them, or as the conversation events a HAR's notification websocket received before the
request listed them (`v2.users.{id}.conversations[.calls]`, events that carry every participant).
gclint says what the id is instead when it can: the conversation's communication id, a user id,
or a participant of another conversation.

## Why it matters
The API answers `404 conversation.error.not.conversation.participant`, or, with an id of another
conversation's participant, acts on a call you did not mean.

## Example
    GET   /api/v2/conversations/c1   -> participants: [{"id": "p1", "userId": "u1", "calls": [{"id": "k1"}]}]
    PATCH /api/v2/conversations/c1/participants/u1

## Fix
Use the participant's `id` from the conversation (`p1`), not its `userId` or a communication id."#,
    },
    subject: Subject::Capture,
    checks: &[Check::InOrder(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 404] }],
};

fn check(ctx: &mut Ctx, state: &CaptureState, _: &Given) {
    if state.views.is_empty() {
        return;
    }
    let Some(target) = participant_target(ctx) else { return };
    let Some(view) = state.views.get(&target.conversation) else { return };
    let pid = target.participant.as_str();
    if view.participants.iter().any(|p| p.id == pid) {
        return;
    }
    let name = |p: &ViewParticipant| match &p.purpose {
        Some(purpose) => format!("`{}` ({purpose})", p.id),
        None => format!("`{}`", p.id),
    };
    let what = if let Some(p) = view.participants.iter().find(|p| p.communications.iter().any(|c| c == pid)) {
        format!("`{pid}` is a communication id of participant {}: use the participant id", name(p))
    } else if let Some(p) = view.participants.iter().find(|p| p.user_id.as_deref() == Some(pid)) {
        format!("`{pid}` is the user id of participant {}: use the participant id", name(p))
    } else if let Some((other, _)) = state
        .views
        .iter()
        .filter(|(c, v)| **c != target.conversation && v.participants.iter().any(|p| p.id == pid))
        // The conversation fetched last (the table's order is not the capture's).
        .max_by(|(a, x), (b, y)| x.entry.cmp(&y.entry).then_with(|| b.cmp(a)))
    {
        format!("`{pid}` is a participant of another conversation, `{other}`")
    } else {
        "the id is not a participant, communication or user of this conversation".to_owned()
    };
    let get = view.entry.map(|e| format!("the GET of this conversation (entry {e})"));
    let heard = view.notified.map(|e| format!("notifications received in entry {e}"));
    let source = match (get, heard) {
        (Some(get), Some(heard)) => format!("{get} and the {heard} list"),
        (Some(get), None) => format!("{get} lists"),
        (None, Some(heard)) => format!("the {heard} list"),
        (None, None) => "the capture lists".to_owned(),
    };
    let listed: Vec<String> = view.participants.iter().map(name).collect();
    ctx.emit(Finding {
        label: Some("not a participant of this conversation".into()),
        help: Some(format!("{what}; {source} {}", listed.join(", "))),
        ..Finding::new(
            &RULE.rule,
            format!("participant `{pid}` is not in conversation `{}`", target.conversation),
            Place::Url(target.segment),
        )
    });
}
