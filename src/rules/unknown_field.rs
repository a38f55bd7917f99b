use serde_json::Value;

use super::ctx::{Ctx, Finding, Place};
use super::rule::{BodyError, Check, Def};
use crate::catalog::facts::facts;
use crate::catalog::schemas::{BodySchema, ErrorKind, pointer_push};
use crate::diagnostic::{Rule, Severity};
use crate::suggest::request::Change;
use crate::text::closest;

pub static RULE: Def = Def {
    rule: Rule {
        name: "unknown-field",
        code: "GC202",
        severity: Severity::Error,
        summary: "A body property the operation's model does not have",
        explanation: r#"## What it catches
A property the request model does not have: `action`, `participantId`, `status`, `reason`,
`dispositionCode`, `wrapupCode`, `transferTargetType`, typos such as `stat`, and fields that exist
on the model but cannot be written through this endpoint (`participants` on a conversation root,
`wrapup` on a communication).

## Why it matters
The API ignores or rejects properties it does not know. A body of `{"action": "disconnect"}` is
answered `202 Accepted` and does nothing: the participant stays on the call.

## Example
    PATCH /api/v2/conversations/{conversationId}/participants/{participantId}
    {"participantId": "...", "action": "disconnect"}

## Fix
    PATCH /api/v2/conversations/{conversationId}/participants/{participantId}
    {"state": "disconnected"}
The participant is named in the URL; what changes is said with the model's own fields.
`gclint check --fix` turns `"action": "disconnect"` into `"state": "disconnected"` in payload and
.http files when the body has no `state` yet."#,
    },
    checks: &[Check::Body(check)],
    relations: &[],
};

/// What a misplaced field meant: the help, and the change saying it with the model's own field
/// where that is clear (`to`: the field and value to put in its place; none: drop it).
struct Intent {
    help: String,
    change: Option<Option<(&'static str, Value)>>,
}

impl From<String> for Intent {
    fn from(help: String) -> Intent {
        Intent { help, change: None }
    }
}

/// Field names people use for a real field, with the right way to say it. Which names on which
/// models mean what is data (`invented_fields` and `action_words` in schemas/facts.json).
fn intent(key: &str, value: &Value, model: &str, body: &Value) -> Option<Intent> {
    let already_disconnects = body.get("state").and_then(Value::as_str) == Some("disconnected");
    let text = value.as_str().unwrap_or("").to_ascii_lowercase();
    let (fields, words) = (&facts().invented_fields, &facts().action_words);
    let says = |help: &str, to: Option<(&'static str, Value)>| Intent { help: help.to_owned(), change: Some(to) };
    Some(match key {
        _ if fields.action.covers(key, model) => {
            let disconnect = words.disconnect_fix.found_in(&text);
            if disconnect && already_disconnects {
                says("remove `action`: \"state\": \"disconnected\" already says it", None)
            } else if disconnect {
                let to = Some(("state", Value::from("disconnected")));
                says("to disconnect, send \"state\": \"disconnected\" instead of an action", to)
            } else if words.unhold.found_in(&text) {
                says("to take the participant off hold, send \"held\": false", Some(("held", Value::Bool(false))))
            } else if words.hold.found_in(&text) {
                says("to hold, send \"held\": true", Some(("held", Value::Bool(true))))
            } else if words.unmute.found_in(&text) {
                says("to unmute, send \"muted\": false", Some(("muted", Value::Bool(false))))
            } else if words.mute.found_in(&text) {
                says("to mute, send \"muted\": true", Some(("muted", Value::Bool(true))))
            } else {
                "there is no action field: say what should change with the model's own fields (state, held, muted, recording, wrapup)".to_owned().into()
            }
        }
        _ if fields.status.covers(key, model) && !text.is_empty() => {
            let help = format!("the field is `state`: \"state\": \"{text}\"");
            Intent { help, change: Some(Some(("state", Value::from(text)))) }
        }
        _ if fields.status.covers(key, model) => format!("the field is `state`: \"state\": {value}").into(),
        _ if fields.participant_id.covers(key, model) => says(
            "the participant is named in the URL path (.../participants/{participantId}), not in the body",
            None,
        ),
        _ if fields.conversation_id.covers(key, model) => says("the conversation is named in the URL path, not in the body", None),
        _ if fields.wrapup_code.covers(key, model) && value.is_string() && body.get("wrapup").is_none() => {
            let to = Some(("wrapup", crate::suggest::request::object([("code", value.clone())])));
            says("a wrap-up code goes in `wrapup`: \"wrapup\": {\"code\": \"<wrap-up code id>\"}", to)
        }
        _ if fields.wrapup_code.covers(key, model) => {
            "a wrap-up code goes in `wrapup`: \"wrapup\": {\"code\": \"<wrap-up code id>\"}".to_owned().into()
        }
        _ if fields.reason.covers(key, model) => {
            "there is no reason field; wrap-up code and notes go in \"wrapup\": {\"code\": ..., \"notes\": ...}".to_owned().into()
        }
        _ if fields.transfer_target.covers(key, model) => {
            "there are no transfer target fields: use POST .../replace/agent with userId, .../replace/queue with queueId, .../replace/contact/external with contactId, or .../transfer with address".to_owned().into()
        }
        _ if fields.wrapup_in_attributes.covers(key, model) => {
            "wrap-up is not an attribute: send it with PATCH .../participants/{participantId} and {\"wrapup\": {\"code\": ...}}".to_owned().into()
        }
        _ if fields.wrapup_on_communication.covers(key, model) => {
            "a communication takes no wrap-up: use POST .../communications/{communicationId}/wrapup, or the participant PATCH".to_owned().into()
        }
        _ => return None,
    })
}

fn check(ctx: &mut Ctx, schema: &BodySchema, error: &BodyError) {
    let BodyError::Invalid { error, body } = error else { return };
    let ErrorKind::Unexpected(keys) = &error.kind else { return };
    for key in keys {
        report(ctx, schema, &error.pointer, key, body);
    }
}

fn report(ctx: &mut Ctx, schema: &BodySchema, parent: &str, key: &str, body: &Value) {
    let pointer = pointer_push(parent, key);
    let value = body.pointer(&pointer).unwrap_or(&Value::Null);
    let model = schema.schema_at(parent).and_then(|s| s.get("title")).and_then(Value::as_str).unwrap_or(schema.title());
    let allowed = schema.properties_at(parent);
    let read_only = schema.read_only_at(parent);
    let is_read_only = read_only.contains(&key);
    let meant = intent(key, value, model, body);
    let (message, help, change) = if is_read_only {
        let message = format!(
            "`{key}` cannot be written through `{}`",
            ctx.body_operation().map_or(model.to_owned(), |o| o.signature())
        );
        match meant {
            Some(i) => (message, i.help, i.change),
            None => (message, format!("this endpoint takes only {}", allowed.join(", ")), None),
        }
    } else {
        let message = format!("`{key}` is not a field of {model}");
        match (meant, closest(key, allowed.iter().copied())) {
            (Some(i), _) => (message, i.help, i.change),
            // A typo of a real field: the same value under the right name.
            (None, Some(c)) => {
                let to = Some((c, value.clone()));
                (message, format!("did you mean `{c}`?"), Some(to))
            }
            (None, None) => (message, format!("{model} has {}", allowed.join(", ")), None),
        }
    };
    let suggestion = change.and_then(|to| {
        let taken = |field: &str| has_field(body, parent, field);
        let change = match to {
            Some((field, _)) if taken(field) => return None,
            Some((field, value)) => Change::Rename { pointer: pointer.clone(), to: field.to_owned(), value },
            None => Change::Remove { pointer: pointer.clone() },
        };
        // In files, only `"action": "disconnect"` becomes `"state": "disconnected"`: key and value
        // replaced in place, whatever the spacing between them.
        let edits = match &change {
            Change::Rename { to, value, .. } if key == "action" && to == "state" && parent.is_empty() => {
                let edits = ctx.locate(&pointer).and_then(|(key_span, value_span)| {
                    let key_edit = ctx.edit(key_span?, "\"state\"".to_owned())?;
                    Some(vec![key_edit, ctx.edit(value_span, value.to_string())?])
                });
                Some(edits.unwrap_or_default())
            }
            _ => None,
        };
        ctx.body_suggestion(vec![change], edits)
    });
    let label = if is_read_only { "not accepted by this endpoint" } else { "unknown field" };
    ctx.emit(Finding {
        label: Some(label.into()),
        help: Some(help),
        suggestion,
        ..Finding::new(&RULE.rule, message, Place::Member(&pointer))
    });
}

/// Whether the object at `parent` already has `field`.
fn has_field(body: &Value, parent: &str, field: &str) -> bool {
    body.pointer(parent).and_then(Value::as_object).is_some_and(|o| o.contains_key(field))
}
