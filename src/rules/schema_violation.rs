use serde_json::Value;

use super::ctx::{Ctx, Finding, Place, show};
use super::enum_case;
use super::rule::{BodyError, Check, Def};
use crate::catalog::facts::facts;
use crate::catalog::schemas::{BodySchema, ErrorKind};
use crate::diagnostic::{Rule, Severity};
use crate::suggest::request::Change;
use crate::text::closest;

pub static RULE: Def = Def {
    rule: Rule {
        name: "schema-violation",
        code: "GC201",
        severity: Severity::Error,
        summary: "A body value of the wrong type, outside its enum, in the wrong format, or a missing body",
        explanation: r#"## What it catches
A request body that does not match the JSON Schema of its operation's model: a string where a
boolean is expected (`"muted": "yes"`), a value outside the enum (`"state": "hangup"`), a date that
is not ISO-8601 (`"resumeTime": "tomorrow"`), a number where participant attributes need strings,
a missing body where the operation requires one. (Unknown fields are `unknown-field`; enum values
that differ only in case are `enum-case`.)

The participant `state` enum lists every state a participant can be in, and a body with any of
them is valid. Only `connected` and `disconnected` mean something in an update, with one more on
an email participant: `"state": "parked"` parks the email. The help for a state outside the enum
says which of these fit.

## Why it matters
The API answers `400 invalid.value` / `bad.request`, or coerces the value into something you did
not mean.

## Example
    PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes
    {"attributes": {"vip": true}}

## Fix
    {"attributes": {"vip": "true"}}
Participant attribute values are strings; booleans go unquoted only where the model says boolean.
`gclint check --fix` quotes attribute values in payload and .http files, as written (`1.50`
becomes `"1.50"`)."#,
    },
    checks: &[Check::Body(check)],
    relations: &[],
};

fn field(pointer: &str) -> String {
    match pointer.rsplit('/').next() {
        Some(last) if !pointer.is_empty() => last.replace("~1", "/").replace("~0", "~"),
        _ => "the body".to_owned(),
    }
}

/// Describes a JSON value's type the way the messages say it.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check(ctx: &mut Ctx, schema: &BodySchema, error: &BodyError) {
    let (error, body) = match error {
        BodyError::Invalid { error, body } => (error, body),
        BodyError::Missing => return missing_body(ctx, schema),
    };
    let value = body.pointer(&error.pointer).unwrap_or(&Value::Null);
    match &error.kind {
        // A member in another case is enum-case's.
        ErrorKind::Enum(options) if enum_case::folded(value, options).is_none() => {
            not_in_enum(ctx, &error.pointer, value, options)
        }
        ErrorKind::Type(expected) => wrong_type(ctx, &error.pointer, value, expected),
        ErrorKind::Format(format) => bad_format(ctx, &error.pointer, value, format),
        ErrorKind::Other(message) => other(ctx, &error.pointer, message),
        ErrorKind::Enum(_) | ErrorKind::Unexpected(_) => {}
    }
}

/// An operation that needs a body was sent none.
fn missing_body(ctx: &mut Ctx, schema: &BodySchema) {
    let Some(op) = ctx.body_operation() else { return };
    let span = ctx.ex.path.clone();
    ctx.report(
        &RULE.rule,
        format!("`{}` needs a request body ({})", op.signature(), schema.title()),
        Place::Url(span),
        Some("no body was sent".into()),
        Some(format!("send a JSON {} with the fields to change", schema.title())),
    );
}

/// The states that mean something on the PATCH of a participant that parks (an email's).
const MEANINGFUL_ON_EMAIL: [&str; 3] = ["connected", "disconnected", "parked"];

/// Whether the body is checked for the PATCH of a participant of a medium that parks with
/// `"state": "parked"` (`schemas/facts.json`, `parking_media`).
fn parks_participant(ctx: &Ctx) -> bool {
    let Some(op) = ctx.body_operation() else { return false };
    let template: Vec<&str> = op.segments().collect();
    op.method == "PATCH"
        && matches!(template.as_slice(), ["api", "v2", "conversations", media, "{conversationId}", "participants", "{participantId}"]
            if facts().parking_media.iter().any(|m| m == media))
}

fn not_in_enum(ctx: &mut Ctx, pointer: &str, value: &Value, options: &[Value]) {
    let name = field(pointer);
    let members: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
    let listed = members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
    let parks = name == "state" && members.contains(&"parked") && parks_participant(ctx);
    let help = if let Some(near) = value.as_str().filter(|_| parks).and_then(|s| closest(s, MEANINGFUL_ON_EMAIL)) {
        format!("did you mean \"{near}\"?")
    } else if parks {
        "only \"connected\", \"disconnected\" and \"parked\" (which parks this participant) mean anything in an update: to hang up this participant send \"state\": \"disconnected\"".to_owned()
    } else if name == "state" && members.contains(&"connected") && members.len() > 2 {
        // The schema lists every state; only two mean anything in an update.
        "only \"connected\" and \"disconnected\" mean anything in an update: to hang up this participant send \"state\": \"disconnected\"".to_owned()
    } else if members == ["disconnected"] {
        format!(
            "`{name}` here can only be \"disconnected\"; other changes go to the participant (PATCH .../participants/{{participantId}})"
        )
    } else if name == "transferType" && value.as_str().is_some_and(|v| v.to_ascii_lowercase().contains("blind")) {
        "a blind transfer is \"Unattended\"; a consult (warm) transfer is \"Attended\"".to_owned()
    } else if let Some(near) = value.as_str().and_then(|s| closest(s, members.iter().copied())) {
        format!("did you mean \"{near}\"?")
    } else {
        format!("use one of {listed}")
    };
    ctx.report(
        &RULE.rule,
        format!("{} is not a valid `{name}`", show(value)),
        Place::Value(pointer),
        Some(format!("expected one of {}", crate::text::ellipsize(&listed, 90))),
        Some(help),
    );
}

fn wrong_type(ctx: &mut Ctx, pointer: &str, value: &Value, expected: &str) {
    let name = field(pointer);
    let in_attributes = pointer.starts_with("/attributes/");
    let help = match (expected, value) {
        ("string", _) if in_attributes => {
            format!("participant attribute values are strings: write \"{}\"", value.to_string().trim_matches('"'))
        }
        ("boolean", Value::String(s)) => {
            let b = matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1");
            format!("write the JSON boolean {b} without quotes")
        }
        ("integer" | "number", Value::String(s)) if s.trim().parse::<f64>().is_ok() => {
            format!("write the number {} without quotes", s.trim())
        }
        ("array", Value::String(_)) => format!("wrap the value in a list: [{}]", show(value)),
        ("string", Value::Number(n)) => format!("write the string \"{n}\""),
        _ => format!("`{name}` takes {expected}"),
    };
    let message = if pointer.is_empty() {
        format!("the body must be {expected}, found {}", kind(value))
    } else {
        format!(
            "`{name}` must be {} {expected}, found {}",
            if expected.starts_with(['a', 'i', 'o']) { "an" } else { "a" },
            kind(value)
        )
    };
    // Mechanical fixes: an attribute value written as a string, a boolean or number unquoted.
    let fixed = match (expected, value) {
        ("string", Value::Bool(_) | Value::Number(_)) if in_attributes => Some(Value::from(value.to_string())),
        ("boolean", Value::String(s)) if s == "true" || s == "false" => Some(Value::Bool(s == "true")),
        ("integer" | "number", Value::String(s)) => s.trim().parse::<serde_json::Number>().ok().map(Value::Number),
        ("array", Value::String(_)) => Some(Value::Array(vec![value.clone()])),
        _ => None,
    };
    let suggestion = fixed.and_then(|v| {
        // Only attribute values are fixed in files: the text as written, quoted.
        let edits = in_attributes.then(|| {
            let edit = ctx.locate(pointer).and_then(|(_, span)| {
                let written = ctx.ex.body.as_ref()?.text.value.get(span.clone())?.to_owned();
                ctx.edit(span, Value::from(written).to_string())
            });
            edit.into_iter().collect()
        });
        ctx.body_suggestion(vec![Change::Set { pointer: pointer.to_owned(), value: v }], edits)
    });
    ctx.emit(Finding {
        label: Some(format!("expected {expected}")),
        help: Some(help),
        suggestion,
        ..Finding::new(&RULE.rule, message, Place::Value(pointer))
    });
}

fn bad_format(ctx: &mut Ctx, pointer: &str, value: &Value, format: &str) {
    let name = field(pointer);
    let (what, example) = match format {
        "date-time" => ("an ISO-8601 date-time", "\"2026-11-21T09:00:00.000Z\""),
        _ => (format, ""),
    };
    let help =
        if example.is_empty() { format!("`{name}` takes {what}") } else { format!("write {what} such as {example}") };
    ctx.report(
        &RULE.rule,
        format!("`{name}` must be {what}, found {}", show(value)),
        Place::Value(pointer),
        Some(format!("not {what}")),
        Some(help),
    );
}

fn other(ctx: &mut Ctx, pointer: &str, message: &str) {
    let name = field(pointer);
    ctx.report(&RULE.rule, format!("`{name}`: {message}"), Place::Value(pointer), None, None);
}
