use super::ctx::{Ctx, Place};
use super::rule::{Check, Def};
use crate::diagnostic::{Rule, Severity};

pub static RULE: Def = Def {
    rule: Rule {
        name: "invalid-json",
        code: "GC204",
        severity: Severity::Error,
        summary: "A request body declared or sniffed as JSON that does not parse",
        explanation: r#"## What it catches
A body sent to a Genesys Cloud API path whose media type says JSON (or that starts with `{` or
`[`) but is not valid JSON: trailing commas, single quotes, a body cut short. Also a body sent as
form fields to an operation that only takes JSON.

## Why it matters
The API answers `400 bad.request` and nothing changes, or an SDK wrapper swallows the error and
the participant stays on the call.

## Example
    PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}
    {'state': 'disconnected',}

## Fix
Send strict JSON with `Content-Type: application/json`:

    {"state": "disconnected"}"#,
    },
    checks: &[Check::Alone(check)],
    relations: &[],
};

fn check(ctx: &mut Ctx) {
    let Some(body) = ctx.ex.body.as_ref() else {
        return;
    };
    let text = &body.text.value;
    match &ctx.json {
        Some(Err(e)) => {
            let offset = crate::input::json::error_offset(text, e);
            let span = if offset >= text.len() {
                let start = text.char_indices().next_back().map_or(0, |(i, _)| i);
                start..text.len()
            } else {
                let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
                offset..end
            };
            let reason = crate::input::json::error_reason(e);
            let help = if e.is_eof() {
                "the body ends before the JSON does: it was cut short when recorded or built".to_owned()
            } else if text[span.clone()].starts_with('\'') || reason.contains("key must be a string") {
                "JSON strings and keys take double quotes: {\"state\": \"disconnected\"}".to_owned()
            } else if reason.contains("trailing comma") {
                "remove the comma after the last member: JSON allows no trailing commas".to_owned()
            } else {
                "send strict JSON; the API rejects anything else with 400 bad.request".to_owned()
            };
            let label = Some(reason.clone());
            ctx.report(
                &RULE.rule,
                format!("request body is not valid JSON: {reason}"),
                Place::BodyRange(span),
                label,
                Some(help),
            );
        }
        None if !text.trim().is_empty() => {
            // Not JSON at all, sent to an operation that takes a JSON body.
            let Some(op) = ctx.body_operation() else {
                return;
            };
            let Some(model) = op.body_model.as_deref() else {
                return;
            };
            let sent = body.mime.as_deref().unwrap_or("no media type");
            let span = 0..text.len().min(text.find('\n').unwrap_or(text.len()));
            ctx.report(
                &RULE.rule,
                format!("request body is not JSON ({sent}), but `{}` takes a JSON {model}", op.signature()),
                Place::BodyRange(span),
                Some("not JSON".into()),
                Some("send the body as a JSON object with `Content-Type: application/json`, e.g. {\"state\": \"disconnected\"}".into()),
            );
        }
        _ => {}
    }
}
