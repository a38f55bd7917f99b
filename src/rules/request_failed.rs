use serde_json::Value;

use super::capture::{CaptureState, Given, response_json};
use super::ctx::{Ctx, Finding, Place};
use super::rule::{Check, Def, Subject};
use crate::catalog::facts::facts;
use crate::diagnostic::{Rule, Severity};
use crate::input::header;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "request-failed",
        code: "GC405",
        severity: Severity::Error,
        summary: "A recorded 4xx/5xx answer, explained from its error body",
        explanation: r#"## What it catches
A linted request whose recorded answer is a 4xx or 5xx. gclint reads the Genesys error body
(`code`, `message`, `messageParams`, `details`) and says what it means: which permission is
missing (`missing.permissions`, `missing.any.permissions`), which field was rejected
(`invalid.value`, `invalid.date`), what a `bad.request` on this operation usually means, and the
`inin-correlation-id` to quote to Genesys support.

It is an error when nothing else explains the failure, and `info` when another rule reported,
at warning or error, a mistake on the same request that draws this answer: a wrong method or path
a 400, 404 or 405, a body mistake a 400, a missing `conversations` scope a 403, a participant the
conversation does not list a 400 or 404. A server error (5xx) or a rate limit (429) is explained by
no mistake in the request, and a deprecation explains nothing. When the explaining finding is not
reported (a baseline hides it, or the configuration makes it `info`), the failure is an error again.

## Why it matters
The API often answers `202`, but when it does answer an error, scripts and SDK wrappers tend to
swallow it; a capture that records one is the best evidence of what went wrong.

## Example
    403 {"code": "missing.any.permissions",
         "message": "You are missing the following permission(s): [conversation:communication:disconnect]"}

## Fix
As the help says: grant the permission through a role, fix the field, or correct the request."#,
    },
    subject: Subject::Answer,
    checks: &[Check::InOrder(check)],
    relations: &[],
};

/// The permissions listed in brackets at the end of a missing-permissions message.
fn bracketed(message: &str) -> Option<Vec<String>> {
    let inner = message.rsplit_once('[')?.1.split(']').next()?;
    let list: Vec<String> = inner.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    (!list.is_empty()).then_some(list)
}

fn explain(ctx: &Ctx, status: i64, code: &str, body: &Value) -> String {
    let message = body.get("message").and_then(Value::as_str).unwrap_or("");
    let field = body
        .pointer("/details/0/fieldName")
        .and_then(Value::as_str)
        .or_else(|| body.get("messageParams").and_then(Value::as_object).and_then(|m| m.values().next()?.as_str()));
    let op = ctx.body_operation();
    match code {
        "missing.permissions" | "missing.any.permissions" => {
            let perms = bracketed(message)
                .or_else(|| op.map(|o| o.permissions.list.clone()).filter(|l| !l.is_empty()))
                .unwrap_or_default();
            let how = if code == "missing.any.permissions" { "any one of" } else { "all of" };
            format!(
                "the user behind the token lacks {how} these permissions: {}; grant them through a role (permissions are not OAuth scopes)",
                perms.join(", ")
            )
        }
        "invalid.value" | "invalid.date" => match field {
            Some(f) => format!("the API rejected the value of `{f}`"),
            None => "the API rejected a value of the body".into(),
        },
        "bad.request" => match op.and_then(|o| o.body_model.as_deref()) {
            Some(model) => format!(
                "a bad.request on `{}` usually means the body is not a valid {model}: only the model's fields, with the right types",
                op.map(|o| o.signature()).unwrap_or_default()
            ),
            None => "the API could not read the request".into(),
        },
        // What the other codes and the statuses mean is data (schemas/facts.json).
        _ => match facts().error_codes.get(code) {
            Some(meaning) => meaning.clone(),
            None => facts().status_meaning(status).map_or_else(|| format!("the API answered {status}"), str::to_owned),
        },
    }
}

fn check(ctx: &mut Ctx, _: &CaptureState, _: &Given) {
    let Some(response) = ctx.ex.response.as_ref() else { return };
    let Some(status) = response.status.filter(|s| *s >= 400) else { return };
    let body = response_json(ctx).cloned().unwrap_or(Value::Null);
    let code = body.get("code").and_then(Value::as_str).unwrap_or("");
    let mut help = explain(ctx, status, code, &body);
    if let Some(id) = header(&response.headers, "inin-correlation-id") {
        help.push_str(&format!("\ncorrelation id for Genesys support: {id}"));
    }
    let shown_code = if code.is_empty() { String::new() } else { format!(" {code}") };
    let (place, label) = if body.get("code").is_some() {
        (Place::Response("/code"), "the API's error code")
    } else {
        (Place::Url(ctx.ex.path.clone()), "failed")
    };
    ctx.emit(Finding {
        label: Some(label.into()),
        help: Some(help),
        ..Finding::new(&RULE.rule, format!("the API answered {status}{shown_code}"), place)
    });
}
