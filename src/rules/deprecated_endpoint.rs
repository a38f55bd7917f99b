use serde_json::Value;

use super::ctx::{Ctx, Finding, Place};
use super::rule::{Check, Def, Subject};
use crate::catalog::{Operation, Status};
use crate::diagnostic::{Rule, Severity};
use crate::suggest::request::{SuggestedRequest, Suggestion};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "deprecated-endpoint",
        code: "GC105",
        severity: Severity::Warning,
        summary: "An operation Genesys has deprecated, with its replacements",
        explanation: r#"## What it catches
A request to an operation the Genesys SDKs mark deprecated: the generic blind transfer
`POST .../participants/{participantId}/replace` and the call consult
`POST .../calls/{conversationId}/participants/{participantId}/consult` (deprecated March 2026), and
`.../replace/external` and `.../consult/external` (removal planned for 2028-05-01). Also the other
operations the SDKs mark deprecated: `POST .../messaging/integrations/whatsapp` (replaced by its
`embeddedsignup` form), and, with no named replacement, the cobrowsesessions PATCH, replace,
wrap-up and recordingstate operations, screenshares wrap-up and recordingstate, `POST
/conversations/messages/inbound/open`, `.../messages/media` and `.../suggestions/feedback`.

## Why it matters
Deprecated operations keep working until the day they are removed; code that still uses them then
breaks in production.

## Example
    POST /api/v2/conversations/{conversationId}/participants/{participantId}/replace
    {"queueId": "..."}

## Fix
Use the operation for the target: `replace/agent` (userId), `replace/queue` (queueId),
`replace/contact/external` (contactId) or `transfer` (address); for consults `consult/agent`,
`consult/queue`, `consult/contact/external` or `voice/consult`."#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[],
};

fn check(ctx: &mut Ctx) {
    let Some(op) = ctx.operation_with_status(Status::Deprecated) else {
        return;
    };
    let when = op.removal.as_deref().map(|d| format!("; removal is planned for {d}")).unwrap_or_default();
    let help = replacements_help(ctx, op);
    let span = ctx.ex.path.clone();
    ctx.emit(Finding {
        label: Some("deprecated".into()),
        help,
        suggestion: successor(ctx, op),
        ..Finding::new(&RULE.rule, format!("`{}` is deprecated{when}", op.signature()), Place::Url(span))
    });
}

/// The first replacement (the catalogue lists them in order of preference) whose body model has
/// every field the body sends (`queueId` picks `replace/queue`); failing that, every field once
/// the objects in the body are lifted to its top (the old consult's `destination: {address}` is
/// the newer `voice/consult`'s `address`); none when the body fits none.
pub(super) fn successor(ctx: &Ctx, op: &Operation) -> Option<Suggestion> {
    let segs = ctx.segment_texts();
    let sent = ctx.body().cloned();
    let lifted = sent.as_ref().and_then(lifted);
    let fits = |body: &Option<Value>| {
        let keys: Vec<&str> = body
            .as_ref()
            .and_then(Value::as_object)
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        op.replacements.iter().find_map(|r| {
            let (method, path) = r.split_once(' ')?;
            let target = ctx.catalog.find(method, path)?;
            let accepts = match target.body.as_deref().and_then(crate::catalog::schemas::get) {
                Some(schema) => {
                    let props = schema.properties_at("");
                    keys.iter().all(|k| props.contains(k))
                }
                None => keys.is_empty(),
            };
            accepts.then(|| (method, crate::catalog::Catalog::fill(path, &op.path, &segs)))
        })
    };
    let request = match fits(&sent) {
        Some((method, path)) => SuggestedRequest { keeps_body: true, ..ctx.request_to(method, &path, sent) },
        None => {
            let (method, path) = fits(&lifted)?;
            ctx.request_to(method, &path, lifted)
        }
    };
    Some(Suggestion::replace(vec![request], None))
}

/// A body with the members of its objects moved to its top, when that is one level deep and no
/// name is taken twice.
fn lifted(body: &Value) -> Option<Value> {
    let top = body.as_object()?;
    let mut out = serde_json::Map::new();
    let mut any = false;
    for (k, v) in top {
        match v {
            Value::Object(inner) => {
                any = true;
                for (ik, iv) in inner {
                    if iv.is_object() || out.insert(ik.clone(), iv.clone()).is_some() {
                        return None;
                    }
                }
            }
            _ => {
                if out.insert(k.clone(), v.clone()).is_some() {
                    return None;
                }
            }
        }
    }
    any.then_some(Value::Object(out))
}

/// "use `POST .../replace/agent`, ..." with the request's own ids filled in.
pub(super) fn replacements_help(ctx: &Ctx, op: &Operation) -> Option<String> {
    if op.replacements.is_empty() {
        return None;
    }
    let segs = ctx.segment_texts();
    let list: Vec<String> = op
        .replacements
        .iter()
        .map(|r| {
            let (method, path) = r.split_once(' ').unwrap_or(("", r));
            let model = ctx.catalog.find(method, path).and_then(|o| o.body_model.as_deref());
            let filled = crate::catalog::Catalog::fill(path, &op.path, &segs);
            match model {
                Some(m) => format!("`{method} {filled}` ({m})"),
                None => format!("`{method} {filled}`"),
            }
        })
        .collect();
    Some(format!("use {}", list.join(", or ")))
}
