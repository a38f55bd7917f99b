use serde_json::Value;

use super::{Ctx, Place, Rule, closest};
use crate::catalog::schemas::{BodySchema, pointer_push};
use crate::diagnostic::Severity;

pub static RULE: Rule = Rule {
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
The participant is named in the URL; what changes is said with the model's own fields."#,
};

/// Field names people use for a real field, with the right way to say it.
fn intent(key: &str, value: &Value, model: &str, body: &Value) -> Option<String> {
    let already_disconnects = body.get("state").and_then(Value::as_str) == Some("disconnected");
    let text = value.as_str().unwrap_or("").to_ascii_lowercase();
    let participant_model = model == "MediaParticipantRequest" || model == "CommunicationPatch";
    Some(match key {
        "action" | "command" | "operation" if participant_model || model == "ConversationPatch" => {
            let disconnect = ["disconnect", "hangup", "end", "remove"].iter().any(|w| text.contains(w));
            if disconnect && already_disconnects {
                "remove `action`: \"state\": \"disconnected\" already says it".to_owned()
            } else if disconnect {
                "to disconnect, send \"state\": \"disconnected\" instead of an action".to_owned()
            } else if text.contains("unhold") || text.contains("resume") {
                "to take the participant off hold, send \"held\": false".to_owned()
            } else if text.contains("hold") {
                "to hold, send \"held\": true".to_owned()
            } else if text.contains("unmute") {
                "to unmute, send \"muted\": false".to_owned()
            } else if text.contains("mute") {
                "to mute, send \"muted\": true".to_owned()
            } else {
                "there is no action field: say what should change with the model's own fields (state, held, muted, recording, wrapup)".to_owned()
            }
        }
        "status" if participant_model => {
            format!("the field is `state`: \"state\": {}", if text.is_empty() { value.to_string() } else { format!("\"{}\"", text) })
        }
        "participantId" | "participant" | "participantIds" | "id" if participant_model => {
            "the participant is named in the URL path (.../participants/{participantId}), not in the body".to_owned()
        }
        "conversationId" if participant_model => "the conversation is named in the URL path, not in the body".to_owned(),
        "wrapupCode" | "dispositionCode" | "disposition" | "wrapUpCode" if participant_model => {
            "a wrap-up code goes in `wrapup`: \"wrapup\": {\"code\": \"<wrap-up code id>\"}".to_owned()
        }
        "reason" if participant_model => {
            "there is no reason field; wrap-up code and notes go in \"wrapup\": {\"code\": ..., \"notes\": ...}".to_owned()
        }
        "transferTargetType" | "transferTargetId" | "targetId" | "targetType" => {
            "there are no transfer target fields: use POST .../replace/agent with userId, .../replace/queue with queueId, .../replace/contact/external with contactId, or .../transfer with address".to_owned()
        }
        "wrapup" | "wrapupCode" if model == "ParticipantAttributes" => {
            "wrap-up is not an attribute: send it with PATCH .../participants/{participantId} and {\"wrapup\": {\"code\": ...}}".to_owned()
        }
        "wrapup" | "wrapupSkipped" if model == "CommunicationPatch" => {
            "a communication takes no wrap-up: use POST .../communications/{communicationId}/wrapup, or the participant PATCH".to_owned()
        }
        _ => return None,
    })
}

pub fn report(ctx: &mut Ctx, schema: &BodySchema, parent: &str, key: &str, body: &Value) {
    let pointer = pointer_push(parent, key);
    let value = body.pointer(&pointer).unwrap_or(&Value::Null);
    let model = schema.schema_at(parent).and_then(|s| s.get("title")).and_then(Value::as_str).unwrap_or(schema.title());
    let allowed = schema.properties_at(parent);
    let read_only = schema.read_only_at(parent);
    let is_read_only = read_only.contains(&key);
    let (message, help) = if is_read_only {
        (
            format!(
                "`{key}` cannot be written through `{}`",
                ctx.body_operation().map_or(model.to_owned(), |o| o.signature())
            ),
            intent(key, value, model, body)
                .unwrap_or_else(|| format!("this endpoint takes only {}", allowed.join(", "))),
        )
    } else {
        let help = intent(key, value, model, body)
            .or_else(|| closest(key, allowed.iter().copied()).map(|c| format!("did you mean `{c}`?")))
            .unwrap_or_else(|| format!("{model} has {}", allowed.join(", ")));
        (format!("`{key}` is not a field of {model}"), help)
    };
    let label = if is_read_only { "not accepted by this endpoint" } else { "unknown field" };
    ctx.report(&RULE, message, Place::Member(&pointer), Some(label.into()), Some(help));
}
