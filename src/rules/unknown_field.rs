use serde_json::Value;

use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{BodyError, Check, Def, Relation, Subject};
use super::schema_violation;
use crate::catalog::Operation;
use crate::catalog::facts::facts;
use crate::catalog::schemas::{self, BodySchema, ErrorKind, pointer_push};
use crate::diagnostic::{Rule, Severity};
use crate::intent;
use crate::suggest::request::{Change, SuggestedRequest, Suggestion};
use crate::text::closest;

pub(super) static RULE: Def = Def {
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
.http files when the body has no `state` yet.

A field with a home of its own moves there: `attributes` sent to the participant PATCH goes to
`PATCH .../participants/{participantId}/attributes` as `{"attributes": {...}}` (values as
strings), a `wrapup` sent to `.../attributes` goes to the participant PATCH; the rest of the body
stays where it was sent (two requests). A wrap-up code goes in `wrapup.code`, a transfer target
that is a user or a queue in `userId` or `queueId`, and a `reason` (which no model has) is left
out: to record why, send a wrap-up with `notes`."#,
    },
    subject: Subject::Body,
    checks: &[Check::Body(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400] }],
};

/// What a misplaced field meant: the help, and the change saying it with the model's own field
/// where that is clear (`to`: the field and value to put in its place; none: drop it).
struct Intent {
    help: String,
    change: Option<Option<(String, Value)>>,
}

impl From<String> for Intent {
    fn from(help: String) -> Intent {
        Intent { help, change: None }
    }
}

/// Field names people use for a real field, with the right way to say it. Which names on which
/// models mean what is data (`invented_fields` in schemas/facts.json); what an action asks for,
/// and the field of `op`'s body that says it, is the `intents` table's (see `crate::intent`).
fn intent(key: &str, value: &Value, model: &str, body: &Value, op: Option<&Operation>) -> Option<Intent> {
    let text = value.as_str().unwrap_or("").to_ascii_lowercase();
    let fields = &facts().invented_fields;
    let says = |help: &str, to: Option<(&str, Value)>| Intent {
        help: help.to_owned(),
        change: Some(to.map(|(field, value)| (field.to_owned(), value))),
    };
    Some(match key {
        _ if fields.action.covers(key, model) => {
            let meant = intent::by_value(key, &text);
            let said_here = match (meant.as_slice(), op) {
                ([one], Some(op)) => intent::fixed_body_on(one, op).map(|b| (*one, b)),
                _ => None,
            };
            match (meant.as_slice(), said_here) {
                // One member says it (`"held": true`): the action becomes that member.
                (_, Some((one, fixed))) if fixed.len() == 1 => {
                    let (field, value) = fixed.into_iter().next()?;
                    let shown = format!("\"{field}\": {value}");
                    if body.get(&field) == Some(&value) {
                        Intent { help: format!("remove `{key}`: {shown} already says it"), change: Some(None) }
                    } else {
                        let help = format!("to {}, send {shown} instead of an action", one.says);
                        Intent { help, change: Some(Some((field, value))) }
                    }
                }
                ([one], _) => format!(
                    "there is no action field, and {model} has none to {}: say what should change with the model's own fields (state, held, muted, recording, wrapup)",
                    one.says
                )
                .into(),
                _ => "there is no action field: say what should change with the model's own fields (state, held, muted, recording, wrapup)".to_owned().into(),
            }
        }
        _ if fields.status.covers(key, model) && !text.is_empty() => {
            let help = format!("the field is `state`: \"state\": \"{text}\"");
            Intent { help, change: Some(Some(("state".to_owned(), Value::from(text)))) }
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
        _ if fields.reason.covers(key, model) => says(
            "there is no reason field, and the API does not keep one: the request is suggested without it; to record why, send a wrap-up with notes: \"wrapup\": {\"code\": \"<wrap-up code id>\", \"notes\": ...}",
            None,
        ),
        _ if fields.transfer_target.covers(key, model) => {
            let help = "there are no transfer target fields: use POST .../replace/agent with userId, .../replace/queue with queueId, .../replace/contact/external with contactId, or .../transfer with address";
            match transfer_target(body, model) {
                // The type goes; the id goes in the model's field for that type.
                Some(_) if key.ends_with("Type") => says(help, None),
                Some(field) => says(help, Some((field, value.clone()))),
                None => help.to_owned().into(),
            }
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

/// The field of `model` that a transfer target pair (`transferTargetType: "user"`,
/// `transferTargetId`) names: `userId` for a user or agent, `queueId` for a queue, when the
/// model has it and the pair is whole.
fn transfer_target(body: &Value, model: &str) -> Option<&'static str> {
    let fields = &facts().invented_fields.transfer_target;
    let obj = body.as_object()?;
    let sent = |suffix: &str| obj.iter().find(|(k, _)| fields.covers(k, model) && k.ends_with(suffix)).map(|(_, v)| v);
    let kind = sent("Type")?.as_str()?.to_ascii_lowercase();
    sent("Id")?.as_str()?;
    let field = match kind.as_str() {
        "user" | "agent" => "userId",
        "queue" => "queueId",
        _ => return None,
    };
    let schema = schemas::get(model)?;
    schema.properties_at("").contains(&field).then_some(field)
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
    let meant = intent(key, value, model, body, ctx.body_operation());
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
                let to = Some((c.to_owned(), value.clone()));
                (message, format!("did you mean `{c}`?"), Some(to))
            }
            (None, None) => (message, format!("{model} has {}", allowed.join(", ")), None),
        }
    };
    // Invented members that ask for different things (`"action": "hold"` and `"status":
    // "disconnected"`): which was meant is not clear, and no request is a guess at it.
    let rivals = if parent.is_empty() { rivals(body, &allowed) } else { Vec::new() };
    let asks = value.as_str().is_some_and(|v| !intent::by_value(key, v).is_empty());
    let (help, change) = if rivals.len() > 1 && asks {
        let help = format!(
            "the body asks to {} at once: which was meant is not clear, so no request is suggested",
            rivals.join(" and to ")
        );
        (help, None)
    } else {
        (help, change)
    };
    let moved = if parent.is_empty() { moved(ctx, key, body) } else { None };
    let help = match (&moved, home(ctx, key)) {
        (Some(_), Some((path, true))) => format!(
            "`{key}` has an endpoint of its own: PATCH {path} with {{\"{key}\": ...}} (attribute values are strings); the rest of the body stays here"
        ),
        (Some(_), Some((_, false))) => format!("{help}; the rest of the body stays here"),
        _ => help,
    };
    let suggestion = moved.or_else(|| {
        change.and_then(|to| {
            let taken = |field: &str| has_field(body, parent, field);
            let change = match to {
                Some((field, _)) if taken(&field) => return None,
                Some((field, value)) => Change::Rename { pointer: pointer.clone(), to: field, value },
                None => Change::Remove { pointer: pointer.clone() },
            };
            // In files, only `"action": "disconnect"` becomes `"state": "disconnected"`: key and value
            // replaced in place, whatever the spacing between them.
            let edits = match &change {
                Change::Rename { to, value, .. }
                    if key == "action" && to == "state" && value == "disconnected" && parent.is_empty() =>
                {
                    let edits = ctx.locate(&pointer).and_then(|(key_span, value_span)| {
                        let key_edit = ctx.edit(key_span?, "\"state\"".to_owned())?;
                        Some(vec![key_edit, ctx.edit(value_span, value.to_string())?])
                    });
                    Some(edits.unwrap_or_default())
                }
                _ => None,
            };
            // A body left empty by the change said nothing else: there is nothing to send.
            if crate::suggest::request::changed(body, std::slice::from_ref(&change))
                .as_object()
                .is_some_and(|o| o.is_empty())
            {
                return None;
            }
            ctx.body_suggestion(vec![change], edits)
        })
    });
    let label = if is_read_only { "not accepted by this endpoint" } else { "unknown field" };
    ctx.emit(Finding {
        label: Some(label.into()),
        help: Some(help),
        suggestion,
        ..Finding::new(&RULE.rule, message, Place::Member(&pointer))
    });
}

/// What the members of `body` that its model does not have (`allowed` are its fields) ask for by
/// their values, as the intents table reads them: each intent once, as the user would say it.
fn rivals(body: &Value, allowed: &[&str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let invented = body.as_object().into_iter().flatten().filter(|(k, _)| !allowed.contains(&k.as_str()));
    for (key, value) in invented {
        for meant in value.as_str().map(|v| intent::by_value(key, v)).unwrap_or_default() {
            if !out.contains(&meant.says.as_str()) {
                out.push(&meant.says);
            }
        }
    }
    out
}

/// Whether the object at `parent` already has `field`.
fn has_field(body: &Value, parent: &str, field: &str) -> bool {
    body.pointer(parent).and_then(Value::as_object).is_some_and(|o| o.contains_key(field))
}

/// Where a top-level member sent to this request's operation has a home of its own: the
/// sub-resource named after it (`attributes` of a participant: PATCH .../attributes), that of the
/// resource holding it (`attributes` sent to a communication), or the resource above (a `wrapup` sent to .../attributes belongs to the participant), when that
/// operation takes the same method and its body has the member. The path, and whether the home
/// is the sub-resource.
fn home(ctx: &Ctx, key: &str) -> Option<(String, bool)> {
    let op = ctx.body_operation()?;
    let method = op.method.as_str();
    // The operation's own words with this request's ids: the path of the operation the body was
    // checked for, whatever words the request used to reach it.
    let own: Vec<&str> = crate::catalog::split_path(ctx.own_path()).collect();
    let template: Vec<&str> = crate::catalog::split_path(&op.path).collect();
    let path = if own.len() == template.len() {
        let words = template.iter().zip(&own).map(|(t, o)| if t.starts_with('{') { *o } else { *t });
        words.fold(String::new(), |path, w| path + "/" + w)
    } else {
        ctx.own_path().to_owned()
    };
    let path = path.as_str();
    // Up from a sub-resource (.../attributes), not from a resource named by its id.
    let up = path.rsplit_once('/').map(|(p, _)| p.to_owned()).filter(|_| !op.path.ends_with('}'));
    // From a resource named by its id, the sub-resource of the one that holds it (`attributes`
    // sent to a communication belong to its participant's .../attributes).
    let holder = path.rsplitn(3, '/').nth(2).filter(|_| op.path.ends_with('}')).map(|h| format!("{h}/{key}"));
    let candidates =
        [(format!("{path}/{key}"), true)].into_iter().chain(holder.map(|h| (h, true))).chain(up.map(|p| (p, false)));
    candidates.into_iter().find(|(p, _)| {
        let segs: Vec<&str> = crate::catalog::split_path(p).collect();
        matches!(ctx.catalog.resolve(method, &segs), crate::catalog::Resolution::Operation(op)
            if op.body.as_deref().and_then(schemas::get).is_some_and(|s| s.properties_at("").contains(&key)))
    })
}

/// The member `key` moved to its home (see [`home`]), with its values set right where they have
/// one reading (attribute values as strings), and the rest of the body sent where it was: two
/// requests, or one when nothing else was sent. None when the moved body would still break its
/// model.
fn moved(ctx: &Ctx, key: &str, body: &Value) -> Option<Suggestion> {
    let (path, below) = home(ctx, key)?;
    let mut part = crate::suggest::request::object([(key, body.get(key)?.clone())]);
    let method = ctx.body_operation()?.method.clone();
    let mut there: SuggestedRequest = ctx.request_to(&method, &path, None);
    let schema = there.op.and_then(|op| op.body.as_deref()).and_then(schemas::get)?;
    for error in schema.validate(&part) {
        schema_violation::meant_change(&part, &error)?.apply(&mut part);
    }
    if !schema.validate(&part).is_empty() {
        return None;
    }
    there = ctx.request_to(&method, &path, Some(part));
    // The rest stays the request's own body: the other findings' changes apply to it.
    let rest = ctx.body_suggestion(vec![Change::Remove { pointer: pointer_push("", key) }], None)?;
    let rest =
        rest.requests.into_iter().filter(|r| r.body.as_ref().and_then(Value::as_object).is_some_and(|o| !o.is_empty()));
    let requests =
        if below { std::iter::once(there).chain(rest).collect() } else { rest.chain(std::iter::once(there)).collect() };
    Some(Suggestion::replace(requests, None))
}
