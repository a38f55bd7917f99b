use serde_json::Value;

use super::ctx::{Ctx, Finding, Place, show};
use super::enum_case::{self, MEANINGFUL_ON_EMAIL, parks_participant};
use super::request_failed;
use super::rule::{BodyError, Check, Def, Relation, Subject};
use crate::catalog::facts::facts;
use crate::catalog::schemas::{BodySchema, ErrorKind, SchemaError};
use crate::diagnostic::{Rule, Severity};
use crate::intent::{self, Reading};
use crate::suggest::request::{Change, Suggestion};
use crate::text::closest;

pub(super) static RULE: Def = Def {
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
becomes `"1.50"`).

The finding suggests the corrected request where the value has one reading: an attribute value
or wrap-up tag as a string, `"30"` as `30`, `"yes"`/`"no"` as `true`/`false`, a single value as a
list, a hang-up word (`"hangup"`) as `"disconnected"`, a blind or warm transfer as `"Unattended"`
or `"Attended"`. A date such as `"tomorrow at 9"`, a missing body, or a state a communication
cannot take get none: the help says what is needed."#,
    },
    subject: Subject::Body,
    checks: &[Check::Body(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400] }],
};

fn field(pointer: &str) -> String {
    let mut tokens = pointer.rsplit('/').map(|t| t.replace("~1", "/").replace("~0", "~"));
    match (tokens.next(), tokens.next()) {
        // An item of an array: `tags[1]`.
        (Some(last), Some(list)) if !list.is_empty() && last.parse::<usize>().is_ok() => format!("{list}[{last}]"),
        (Some(last), _) if !pointer.is_empty() => last,
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

/// The change that sets a schema error's member to the value it was clearly meant to have (see
/// [`meant`]). An item of an array is set with its array (a change sets object members), every
/// item of the array that has the same one reading set right with it.
pub(super) fn meant_change(body: &Value, error: &SchemaError) -> Option<Change> {
    let value = body.pointer(&error.pointer)?;
    let value_meant = meant(&error.pointer, value, &error.kind)?;
    let (parent, _) = error.pointer.rsplit_once('/')?;
    match body.pointer(parent) {
        Some(Value::Array(items)) => {
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| meant(&format!("{parent}/{i}"), item, &error.kind).unwrap_or_else(|| item.clone()))
                .collect();
            Some(Change::Set { pointer: parent.to_owned(), value: Value::Array(items) })
        }
        _ => Some(Change::Set { pointer: error.pointer.clone(), value: value_meant }),
    }
}

/// The value the member at `pointer` was clearly meant to have, for a schema error of `kind`:
/// the enum member it spells in another case or names by a known alias, or the one conversion of
/// a value of the wrong type. `None` when there is no single reading.
fn meant(pointer: &str, value: &Value, kind: &ErrorKind) -> Option<Value> {
    match kind {
        ErrorKind::Enum(options) => {
            let members: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
            enum_case::folded(value, options).or_else(|| alias(pointer, value, &members)).map(Value::from)
        }
        ErrorKind::Type(expected) => converted(pointer, value, expected),
        _ => None,
    }
}

/// The enum member a value names by another word: a hang-up word for the `disconnected` state,
/// a blind or warm transfer for `transferType` (genesys-api.md, "What the user meant"). Whole
/// words only: "pending" holds "end" and means no disconnect.
fn alias<'m>(pointer: &str, value: &Value, members: &[&'m str]) -> Option<&'m str> {
    let word: String =
        value.as_str()?.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let member = match field(pointer).as_str() {
        "state" => {
            // The words of an action that drops a participant (the intents table's).
            let drop = crate::intent::named("drop-participant").and_then(|i| i.values.get("action"));
            let words = drop.map_or(&[][..], Vec::as_slice);
            let stem = [word.as_str(), word.strip_suffix("ed").unwrap_or(""), word.strip_suffix('d').unwrap_or("")];
            let hangs_up = stem.iter().any(|s| !s.is_empty() && words.iter().any(|w| w.replace('-', "") == *s));
            hangs_up.then_some("disconnected")
        }
        "transferType" => match word.as_str() {
            "blind" | "cold" | "blindtransfer" | "coldtransfer" => Some("Unattended"),
            "warm" | "consult" | "warmtransfer" | "consulttransfer" => Some("Attended"),
            _ => None,
        },
        _ => None,
    }?;
    members.iter().copied().find(|m| *m == member)
}

/// Whether the member at `pointer` is free text that the API keeps as a string: a participant
/// attribute value, a wrap-up tag.
fn free_text(pointer: &str) -> bool {
    let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
    pointer.starts_with("/attributes/") || parent.rsplit('/').next() == Some("tags")
}

/// A boolean written as a word: the words that can only mean yes or no.
fn boolean_word(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// The one conversion of a value of the wrong type into the `expected` one, where there is one.
fn converted(pointer: &str, value: &Value, expected: &str) -> Option<Value> {
    match (expected, value) {
        ("string", Value::Bool(_) | Value::Number(_)) if free_text(pointer) => Some(Value::from(value.to_string())),
        ("boolean", Value::String(s)) => boolean_word(s).map(Value::Bool),
        ("integer" | "number", Value::String(s)) => s.trim().parse::<serde_json::Number>().ok().map(Value::Number),
        ("array", Value::String(_)) => Some(Value::Array(vec![value.clone()])),
        _ => None,
    }
}

fn check(ctx: &mut Ctx, schema: &BodySchema, error: &BodyError) {
    let (error, body) = match error {
        BodyError::Invalid { error, body } => (error, body),
        BodyError::Missing => return missing_body(ctx, schema),
    };
    let value = body.pointer(&error.pointer).unwrap_or(&Value::Null);
    // A value the reader put in for a placeholder says its type, nothing more.
    if let Some(written) = ctx.stand_in(&error.pointer) {
        if let ErrorKind::Type(expected) = &error.kind {
            placeholder_of_wrong_type(ctx, &error.pointer, value, expected, &written);
        }
        return;
    }
    match &error.kind {
        // A member in another case is enum-case's.
        ErrorKind::Enum(options) if enum_case::folded(value, options).is_none() => {
            not_in_enum(ctx, &error.pointer, value, options, meant_change(body, error))
        }
        ErrorKind::Type(expected) => wrong_type(ctx, &error.pointer, value, expected, meant_change(body, error)),
        ErrorKind::Format(format) => bad_format(ctx, &error.pointer, value, format),
        ErrorKind::Other(message) => other(ctx, &error.pointer, message),
        ErrorKind::Enum(_) | ErrorKind::Unexpected(_) => {}
    }
}

/// An operation that needs a body was sent none.
fn missing_body(ctx: &mut Ctx, schema: &BodySchema) {
    // A body written but not read is unknown, not missing (invalid-input says why).
    if ctx.ex.body_unread {
        return;
    }
    let Some(op) = ctx.body_operation() else { return };
    let span = ctx.ex.path.clone();
    ctx.report(
        &RULE.rule,
        format!("`{}` needs a request body ({})", op.signature(), schema.title()),
        Place::Url(span),
        Some("no body was sent".into()),
        Some(format!(
            "gclint cannot tell what was meant to change, so it suggests no request: send a JSON {} with the fields to change ({})",
            schema.title(),
            schema.properties_at("").join(", ")
        )),
    );
}

fn not_in_enum(ctx: &mut Ctx, pointer: &str, value: &Value, options: &[Value], change: Option<Change>) {
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
            "`{name}` here can only be \"disconnected\"; other changes go to the participant (PATCH .../participants/{{participantId}}); no request is suggested: what {} was meant to do to one communication is not clear",
            show(value)
        )
    } else if name == "transferType" && value.as_str().is_some_and(|v| v.to_ascii_lowercase().contains("blind")) {
        "a blind transfer is \"Unattended\"; a consult (warm) transfer is \"Attended\"".to_owned()
    } else if let Some(near) = value.as_str().and_then(|s| closest(s, members.iter().copied())) {
        format!("did you mean \"{near}\"?")
    } else {
        format!("use one of {listed}")
    };
    // A near miss of a state that means something on this participant (`"park"` for `"parked"`
    // on an email's) has that one reading.
    let near_meaningful = value.as_str().filter(|_| parks).and_then(|s| closest(s, MEANINGFUL_ON_EMAIL));
    let change = change
        .or_else(|| near_meaningful.map(|near| Change::Set { pointer: pointer.to_owned(), value: Value::from(near) }));
    let suggestion = change.and_then(|change| ctx.body_suggestion(vec![change], None));
    let help = match &suggestion {
        Some(_) => help,
        None if !help.contains("no request") => {
            format!("{help} (no request is suggested: which member was meant is not clear)")
        }
        None => help,
    };
    ctx.emit(Finding {
        label: Some(format!("expected one of {}", crate::text::ellipsize(&listed, 90))),
        help: Some(help),
        suggestion,
        ..Finding::new(&RULE.rule, format!("{} is not a valid `{name}`", show(value)), Place::Value(pointer))
    });
}

fn wrong_type(ctx: &mut Ctx, pointer: &str, value: &Value, expected: &str, change: Option<Change>) {
    let name = field(pointer);
    let in_attributes = pointer.starts_with("/attributes/");
    let help = match (expected, value) {
        ("string", _) if in_attributes => {
            format!("participant attribute values are strings: write \"{}\"", value.to_string().trim_matches('"'))
        }
        ("string", Value::Bool(_) | Value::Number(_)) if free_text(pointer) => {
            format!("`{name}` is text: write \"{}\"", value.to_string().trim_matches('"'))
        }
        ("boolean", Value::String(s)) => match boolean_word(s) {
            Some(b) => format!("write the JSON boolean {b} without quotes"),
            None => format!("`{name}` is true or false, and {} says neither: no request is suggested", show(value)),
        },
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
    let moved = if in_attributes { wrapup_from_attributes(ctx, pointer, value) } else { None };
    let help = if moved.is_some() {
        "wrap-up is not a participant attribute: the participant PATCH takes it as `wrapup`".to_owned()
    } else {
        help
    };
    let suggestion = moved.or_else(|| {
        change.and_then(|change| {
            // Only attribute values are fixed in files: the text as written, quoted.
            let edits = in_attributes.then(|| {
                let edit = ctx.locate(pointer).and_then(|(_, span)| {
                    let written = ctx.ex.body.as_ref()?.text.value.get(span.clone())?.to_owned();
                    ctx.edit(span, Value::from(written).to_string())
                });
                edit.into_iter().collect()
            });
            ctx.body_suggestion(vec![change], edits)
        })
    });
    ctx.emit(Finding {
        label: Some(format!("expected {expected}")),
        help: Some(help),
        suggestion,
        ..Finding::new(&RULE.rule, message, Place::Value(pointer))
    });
}

/// A wrap-up written as a participant attribute (`{"attributes": {"wrapup": {..}}}` sent to
/// `.../attributes`): wrap-up is never an attribute (genesys-api.md, "What the user meant"), so
/// the request is the participant's wrap-up (the intents table's call for it), and the other
/// attributes, if any, stay where they were sent.
fn wrapup_from_attributes(ctx: &Ctx, pointer: &str, value: &Value) -> Option<Suggestion> {
    let name = pointer.strip_prefix("/attributes/")?;
    if !facts().invented_fields.wrapup_in_attributes.fields.iter().any(|f| f == name) {
        return None;
    }
    let segments = ctx.segment_texts();
    let (last, participant) = segments.split_last()?;
    if *last != "attributes" {
        return None;
    }
    let wrapup = crate::suggest::request::object([("wrapup", value.clone())]);
    let Reading::Clear(meant) = intent::read(ctx.catalog, "PATCH", participant, Some(&wrapup)) else { return None };
    let there = ctx.intended(&meant).ok()?;
    let rest = ctx.body_suggestion(vec![Change::Remove { pointer: pointer.to_owned() }], None)?;
    let kept = |r: &crate::suggest::request::SuggestedRequest| {
        r.body.as_ref().and_then(|b| b.get("attributes")).and_then(Value::as_object).is_some_and(|o| !o.is_empty())
    };
    let requests = rest.requests.into_iter().filter(kept).chain(there.requests).collect();
    Some(Suggestion::replace(requests, there.note))
}

/// A placeholder whose type (a Data Action input's, by its contract) is not the member's: no
/// value to quote or correct, only the type to change where the template writes it.
fn placeholder_of_wrong_type(ctx: &mut Ctx, pointer: &str, value: &Value, expected: &str, written: &str) {
    let name = field(pointer);
    let written = crate::text::ellipsize(written, 60);
    let help = match expected {
        "string" => format!("quote it in the template (\"{written}\"), or make the input a string"),
        _ => format!("`{name}` takes {expected}: make the input one, or convert it in the template"),
    };
    ctx.emit(Finding {
        label: Some(format!("stands for {}, expected {expected}", kind(value))),
        help: Some(help),
        ..Finding::new(
            &RULE.rule,
            format!("`{name}` must be {} {expected}, but `{written}` is {}", article(expected), kind(value)),
            Place::Value(pointer),
        )
    })
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'i', 'o']) { "an" } else { "a" }
}

fn bad_format(ctx: &mut Ctx, pointer: &str, value: &Value, format: &str) {
    let name = field(pointer);
    let (what, example) = match format {
        "date-time" => ("an ISO-8601 date-time", "\"2026-11-21T09:00:00.000Z\""),
        _ => (format, ""),
    };
    // Which time or value was meant is not for gclint to guess: no request is suggested.
    let help = if example.is_empty() {
        format!("`{name}` takes {what}; gclint cannot tell which one {} means", show(value))
    } else {
        format!("gclint cannot tell which time {} means: write {what} such as {example}", show(value))
    };
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
