use serde_json::Value;

use super::ctx::{Ctx, Finding, Place, show};
use super::request_failed;
use super::rule::{BodyError, Check, Def, Relation, Subject};
use crate::catalog::facts::facts;
use crate::catalog::schemas::{BodySchema, ErrorKind};
use crate::diagnostic::{Rule, Severity};
use crate::suggest::request::Change;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "enum-case",
        code: "GC203",
        severity: Severity::Warning,
        summary: "An enum value that matches a member only when case is ignored",
        explanation: r#"## What it catches
A value such as `"DISCONNECTED"`, `"Connected"`, `"paused"` or `"destination"` where the model's
enum member is `disconnected`, `connected`, `PAUSED` or `DESTINATION`.

## Why it matters
Some Genesys SDKs (Python) compare enum values case-insensitively and official samples send
lowercase `speakTo` and `recordingState`, so such requests often work today. But the API documents
the exact spelling, other clients and proxies validate strictly, and behaviour you rely on should
not depend on a lenient comparison. That is why this is a warning, not a schema error.

## Example
    {"state": "DISCONNECTED"}

## Fix
    {"state": "disconnected"}
`gclint check --fix` makes this edit in payload and .http files."#,
    },
    subject: Subject::Body,
    checks: &[Check::Body(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400] }],
};

/// The enum member that `value` spells in another case, if it is one.
pub(super) fn folded<'o>(value: &Value, options: &'o [Value]) -> Option<&'o str> {
    let s = value.as_str()?;
    options.iter().filter_map(Value::as_str).find(|o| o.eq_ignore_ascii_case(s) && *o != s)
}

fn check(ctx: &mut Ctx, _: &BodySchema, error: &BodyError) {
    let BodyError::Invalid { error, body } = error else { return };
    let ErrorKind::Enum(options) = &error.kind else { return };
    let value = body.pointer(&error.pointer).unwrap_or(&Value::Null);
    if let Some(member) = folded(value, options) {
        report(ctx, &error.pointer, value, member);
    }
}

fn report(ctx: &mut Ctx, pointer: &str, value: &Value, member: &str) {
    let field = pointer.rsplit('/').next().unwrap_or("value");
    let change = Change::Set { pointer: pointer.to_owned(), value: Value::from(member) };
    let edit = ctx.locate(pointer).and_then(|(_, span)| ctx.edit(span, Value::from(member).to_string()));
    // A state that changes nothing on this participant is no fix (`"parked"` on a call's).
    let idle = state_means_nothing(ctx, pointer, member);
    let suggestion = if idle { None } else { ctx.body_suggestion(vec![change], Some(edit.into_iter().collect())) };
    let help = if idle {
        format!(
            "the API spells it \"{member}\", but \"{member}\" changes nothing on this participant: only \"connected\" and \"disconnected\" mean anything in an update, so no request is suggested"
        )
    } else {
        format!("write \"{member}\": only some SDKs compare enum values case-insensitively")
    };
    ctx.emit(Finding {
        label: Some(format!("matches \"{member}\" only when case is ignored")),
        help: Some(help),
        suggestion,
        ..Finding::new(
            &RULE.rule,
            format!("`{field}` is {} but the API spells it \"{member}\"", show(value)),
            Place::Value(pointer),
        )
    });
}

/// The states that mean something on the PATCH of a participant that parks (an email's).
pub(super) const MEANINGFUL_ON_EMAIL: [&str; 3] = ["connected", "disconnected", "parked"];

/// Whether the body is checked for the PATCH of a participant of a medium that parks with
/// `"state": "parked"` (`schemas/facts.json`, `parking_media`).
pub(super) fn parks_participant(ctx: &Ctx) -> bool {
    let Some(op) = ctx.body_operation() else { return false };
    let template: Vec<&str> = op.segments().collect();
    op.method == "PATCH"
        && matches!(template.as_slice(), ["api", "v2", "conversations", media, "{conversationId}", "participants", "{participantId}"]
            if facts().parking_media.iter().any(|m| m == media))
}

/// Whether `member`, as the `state` at `pointer` of a participant PATCH, changes nothing: only
/// "connected" and "disconnected" mean anything in an update, and "parked" on a participant of a
/// medium that parks (genesys-api.md, "Body models").
pub(super) fn state_means_nothing(ctx: &Ctx, pointer: &str, member: &str) -> bool {
    let participant = ctx.body_operation().is_some_and(|op| op.body.as_deref() == Some("MediaParticipantRequest"));
    let meaningful: &[&str] = if parks_participant(ctx) { &MEANINGFUL_ON_EMAIL } else { &MEANINGFUL_ON_EMAIL[..2] };
    pointer == "/state" && participant && !meaningful.contains(&member)
}
