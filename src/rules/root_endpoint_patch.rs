use serde_json::{Map, Value};

use super::ctx::{Ctx, Finding, Place, show};
use super::rule::{Check, Def, Relation, Subject};
use super::{enum_case, request_failed, schema_violation, unknown_field};
use crate::catalog::facts::facts;
use crate::catalog::schemas::pointer_push;
use crate::catalog::{Operation, Resolution};
use crate::diagnostic::{Rule, Severity};
use crate::intent::Reading;
use crate::suggest::request::{SuggestedRequest, Suggestion};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "root-endpoint-patch",
        code: "GC104",
        severity: Severity::Error,
        summary: "A conversation-level PATCH that hangs up on everyone or addresses participants through the root",
        explanation: r#"## What it catches
A PATCH (or PUT) on a conversation-level resource — a real root such as
`/api/v2/conversations/calls/{conversationId}` or a made-up one such as
`/api/v2/conversations/conversations/{conversationId}` — that either
- sends `"state": "disconnected"`, which on a real root disconnects **every** participant, or
- tries to address participants through the root: a `participants` list (with or without an
  `action` per participant), a `participantId` in the body, per-participant actions, or members
  that say what should happen to participants (`removeParticipants`, `transfers`, `actions`,
  `muted`).

## Why it matters
The root PATCH of a conversation takes a Conversation body whose only writable fields are `state`
(only `disconnected`, which ends the conversation for all), `recordingState` and
`conversationIds`. There is no way to change one participant through it. The API often answers
`202 Accepted`, and the customer is hung up on along with everyone else.

## Example (wrong)
    PATCH /api/v2/conversations/calls/{conversationId}
    {"participants": [{"id": "<agent>", "action": "update"},
                      {"id": "<customer>", "action": "disconnect"}]}

## Right
    PATCH /api/v2/conversations/calls/{conversationId}/participants/<customer>
    {"state": "disconnected"}
Participants you do not change need no request at all.

## Fix
Send one participant-level PATCH per participant to change, or the call for what the body meant
(a transfer naming a `queueId` is `POST .../participants/{participantId}/replace/queue`); when the
body asks for several things at once, gclint offers no request and says so. If ending the
conversation for everyone is what you mean, keep the root PATCH and ignore this finding for that
request."#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[
        Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 404, 405] },
        Relation::Supersedes(&unknown_field::RULE.rule),
        Relation::Supersedes(&enum_case::RULE.rule),
        Relation::Supersedes(&schema_violation::RULE.rule),
        Relation::SuggestsFirst,
    ],
};

/// Whether the body names participants (a `participants` list or a participant id).
pub(super) fn addresses_participants(ctx: &Ctx) -> bool {
    ctx.body().and_then(Value::as_object).is_some_and(|o| facts().participant_keys.iter().any(|k| o.contains_key(k)))
}

/// A conversation-level resource the request was sent to.
struct Root {
    conversation_id: String,
    /// The media of the path when it is a real root medium (calls, emails, ...).
    media: Option<String>,
    /// Whether the request reaches a real root PATCH (and so would really run).
    real: bool,
}

fn is_disconnect(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    facts().action_words.disconnect.found_in(&w)
}

fn root_of(ctx: &Ctx) -> Option<Root> {
    let method = ctx.method().to_ascii_uppercase();
    if method != "PATCH" && method != "PUT" {
        return None;
    }
    let segs = ctx.segment_texts();
    let media_root = |media: &str| ctx.catalog.root_media.iter().any(|m| m == media).then(|| media.to_owned());
    let template_root = |ops: &[&Operation]| -> Option<Root> {
        let t: Vec<&str> = ops.first()?.segments().collect();
        match t.as_slice() {
            ["api", "v2", "conversations", "{conversationId}"] => {
                Some(Root { conversation_id: segs[3].to_owned(), media: None, real: false })
            }
            ["api", "v2", "conversations", media, "{conversationId}"]
                if ops.iter().any(|o| o.body.as_deref() == Some("ConversationPatch")) =>
            {
                let real = ops.iter().any(|o| o.method == method && o.body.as_deref() == Some("ConversationPatch"));
                Some(Root { conversation_id: segs[4].to_owned(), media: media_root(media), real })
            }
            ["api", "v2", "conversations", media, "{conversationId}", "participants"] => {
                Some(Root { conversation_id: segs[4].to_owned(), media: media_root(media), real: false })
            }
            _ => None,
        }
    };
    match &ctx.resolution {
        Resolution::Operation(op) => template_root(&[op]),
        Resolution::WrongMethod(ops) => template_root(ops),
        Resolution::Internal(_) => None,
        Resolution::Unknown => {
            let rest = match segs.as_slice() {
                ["api", "v2", family, rest @ ..]
                    if *family == "conversations"
                        || facts().invented_families.get(*family).is_some_and(|f| f == "conversations") =>
                {
                    rest
                }
                _ => return None,
            };
            let rest = rest.strip_suffix(&["participants"]).unwrap_or(rest);
            let (media, id) = match rest {
                [id] => (None, *id),
                [word, id] if !ctx.catalog.is_id_like(word) || word.chars().all(|c| c.is_ascii_lowercase()) => {
                    (media_root(word), *id)
                }
                _ => return None,
            };
            ctx.catalog.is_id_like(id).then(|| Root { conversation_id: id.to_owned(), media, real: false })
        }
    }
}

/// A participant-level request to send instead.
struct Target {
    id: Option<String>,
    body: Map<String, Value>,
}

/// Reads the per-participant instructions of a body: the requests to send, and the participants
/// that need none.
fn targets(body: &Map<String, Value>) -> (Vec<Target>, Vec<String>) {
    let mut out = Vec::new();
    let mut untouched = Vec::new();
    let mut one = |entry: &Map<String, Value>, fallback_id: Option<&str>| {
        let id = facts()
            .participant_id_keys
            .iter()
            .find_map(|k| entry.get(k).and_then(Value::as_str))
            .or(fallback_id)
            .map(str::to_owned);
        let instruction = facts().instruction_keys.iter().find_map(|k| entry.get(k).and_then(Value::as_str));
        let mut send = Map::new();
        if instruction.is_some_and(is_disconnect) {
            send.insert("state".into(), Value::from("disconnected"));
        }
        for key in &facts().participant_entry_fields {
            if let Some(v) = entry.get(key) {
                send.insert(key.into(), v.clone());
            }
        }
        if send.is_empty() {
            untouched.push(id.unwrap_or_else(|| "(no id)".into()));
        } else {
            out.push(Target { id, body: send });
        }
    };
    match body.get("participants") {
        Some(Value::Array(list)) => {
            for entry in list.iter().filter_map(Value::as_object) {
                one(entry, None);
            }
        }
        Some(Value::Object(entry)) => one(entry, None),
        _ => {}
    }
    let named = &facts().root_participant_ids;
    for key in &named.one {
        if let Some(id) = body.get(key).and_then(Value::as_str) {
            one(body, Some(id));
        }
    }
    for key in &named.many {
        for id in body.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            one(body, Some(id));
        }
    }
    (out, untouched)
}

fn check(ctx: &mut Ctx) {
    let Some(root) = root_of(ctx) else {
        return;
    };
    let Some(body) = ctx.body().and_then(Value::as_object).cloned() else {
        return;
    };
    let participant_path = |id: &str| match &root.media {
        Some(m) => format!("/api/v2/conversations/{m}/{}/participants/{id}", root.conversation_id),
        None => format!("/api/v2/conversations/{}/participants/{id}", root.conversation_id),
    };
    let listed = facts().participant_keys.iter().find(|k| body.contains_key(*k));
    if let Some(key) = listed {
        let (targets, untouched) = targets(&body);
        let mut requests: Vec<SuggestedRequest> = targets
            .iter()
            .map(|t| {
                let id = t.id.as_deref().unwrap_or("{participantId}");
                ctx.request_to("PATCH", &participant_path(id), Some(Value::Object(t.body.clone())))
            })
            .collect();
        if targets.is_empty() {
            let body = Value::Object(Map::from_iter([("state".to_owned(), Value::from("disconnected"))]));
            requests.push(ctx.request_to("PATCH", &participant_path("{participantId}"), Some(body)));
        }
        let note = (!untouched.is_empty()).then(|| {
            format!(
                "{} need{} no request: participants you do not change stay as they are",
                untouched.join(", "),
                if untouched.len() == 1 { "s" } else { "" }
            )
        });
        let help = if requests.len() == 1 {
            "send one participant-level request to the participant to change".to_owned()
        } else {
            "send one participant-level request per participant to change".to_owned()
        };
        let suggestion = Suggestion::replace(requests, note);
        let pointer = format!("/{key}");
        // The per-participant instructions are this finding's to explain, not the schema's.
        let covers =
            facts().participant_keys.iter().map(String::as_str).chain(["action"]).map(|k| format!("/{k}")).collect();
        let also_ends =
            body.get("state").and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case("disconnected"));
        let message = if also_ends && root.real {
            "this conversation-level PATCH disconnects every participant; participants cannot be addressed through the root".to_owned()
        } else {
            "participants cannot be changed through the conversation root".to_owned()
        };
        ctx.emit(Finding {
            label: Some("the root takes no per-participant instructions".into()),
            help: Some(help),
            suggestion: Some(suggestion),
            covers,
            ..Finding::new(&RULE.rule, message, Place::Key(&pointer))
        });
        return;
    }
    // No participants named: a disconnect on the root ends the conversation for everyone.
    let members = &facts().root_disconnect_members;
    let value = |k: &str| body.get(k).and_then(Value::as_str);
    let ends = std::iter::once((&members.field, false)).chain(members.invented.iter().map(|k| (k, true))).find(
        |(k, invented)| {
            value(k).is_some_and(|v| v.eq_ignore_ascii_case("disconnected") || (*invented && is_disconnect(v)))
        },
    );
    let Some((key, invented)) = ends else {
        return by_intent(ctx, &body);
    };
    let key = key.as_str();
    let pointer = format!("/{key}");
    // An invented `action`/`status` that means "end it" is explained here; `state` is a field.
    let covers = if invented { vec![pointer.clone()] } else { Vec::new() };
    let shown = show(&body[key]);
    let message = if root.real {
        format!("`{key}: {shown}` on the conversation root disconnects every participant")
    } else {
        format!("`{key}: {shown}` on a conversation root would disconnect every participant")
    };
    let help = "to drop one participant, send the participant-level request; if ending the conversation for everyone is intended, ignore this finding for this request".to_owned();
    let body = Value::Object(Map::from_iter([("state".to_owned(), Value::from("disconnected"))]));
    let request = ctx.request_to("PATCH", &participant_path("{participantId}"), Some(body));
    let note = "name the participant to drop in the path; the others stay on the call".to_owned();
    ctx.emit(Finding {
        label: Some("ends the conversation for all participants".into()),
        help: Some(help),
        suggestion: Some(Suggestion::replace(vec![request], Some(note))),
        covers,
        ..Finding::new(&RULE.rule, message, Place::Member(&pointer))
    });
}

/// A root body that names no participant list but says what should happen to participants
/// (`"removeParticipants": [...]`, `"transfers": [...]`, `"actions": [...]`): the calls for what
/// it meant, or, when it says several things, none.
fn by_intent(ctx: &mut Ctx, body: &Map<String, Value>) {
    // The finding points at the first member of the body: each of them is this finding's.
    let Some(first) = body.keys().next() else { return };
    let (help, suggestion) = match ctx.meant() {
        Reading::Clear(meant) if meant.intent.scope == "participant" => match ctx.intended(&meant) {
            Ok(suggestion) => {
                let help = format!(
                    "to {}, send the participant-level request{}",
                    meant.intent.says,
                    if suggestion.requests.len() == 1 { "" } else { "s, one per participant" }
                );
                (help, Some(suggestion))
            }
            Err(why) => (format!("{why}; the participant-level request is the one to send"), None),
        },
        Reading::Unclear(names) => (
            format!(
                "the body asks for several things ({}): send one participant-level request for each",
                names.join(", ")
            ),
            None,
        ),
        _ => return,
    };
    let pointer = pointer_push("", first);
    let covers = body.keys().map(|k| pointer_push("", k)).collect();
    ctx.emit(Finding {
        label: Some("the root takes no per-participant instructions".into()),
        help: Some(help),
        suggestion,
        covers,
        ..Finding::new(
            &RULE.rule,
            "participants cannot be changed through the conversation root".into(),
            Place::Key(&pointer),
        )
    });
}
