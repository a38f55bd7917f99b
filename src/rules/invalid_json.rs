use crate::intent::{self, Reading};
use serde_json::{Map, Value};

use super::ctx::{Ctx, Finding, Place, show};
use super::rule::{Check, Def, Relation, Subject};
use super::{conflicting_actions, request_failed, schema_violation};
use crate::catalog::schemas;
use crate::diagnostic::{Rule, Severity};
use crate::suggest::request::Change;

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

    {"state": "disconnected"}
Where the body has one clear reading (single quotes, unquoted keys, trailing commas, comments, a
missing comma at the end of a line, members written without their braces, form fields) and that
body fits the operation's model once its values with one reading are set right (an enum value's
case, `"true"` for a boolean), the finding suggests the request with that body. A body cut short, or one that still breaks its model once
repaired, gets no request: what it was meant to say is not clear."#,
    },
    subject: Subject::Body,
    checks: &[Check::Alone(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400] }],
};

fn check(ctx: &mut Ctx) {
    let Some(body) = ctx.ex.body.as_ref() else {
        return;
    };
    let text = &body.text.value;
    let form = body.mime.as_deref().is_some_and(|m| m.to_ascii_lowercase().contains("form"));
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
                "the body ends before the JSON does: it was cut short when recorded or built, and what came after is not known, so no request is suggested".to_owned()
            } else if text[span.clone()].starts_with('\'') || reason.contains("key must be a string") {
                "JSON strings and keys take double quotes: {\"state\": \"disconnected\"}".to_owned()
            } else if reason.contains("trailing comma") {
                "remove the comma after the last member: JSON allows no trailing commas".to_owned()
            } else {
                "send strict JSON; the API rejects anything else with 400 bad.request".to_owned()
            };
            // Form fields (`state=disconnected`) have one reading too, whatever the media type said.
            let repaired = if e.is_eof() { None } else { repair(text).or_else(|| form_fields(text)) };
            let (help, suggestion) = suggest(ctx, repaired, help);
            ctx.emit(Finding {
                label: Some(reason.clone()),
                help: Some(help),
                suggestion,
                ..Finding::new(&RULE.rule, format!("request body is not valid JSON: {reason}"), Place::BodyRange(span))
            });
        }
        None if !text.trim().is_empty() => {
            // Not JSON at all, sent to an operation that takes a JSON body.
            let Some(op) = ctx.body_operation() else {
                return;
            };
            let Some(model) = op.body_model.as_deref() else {
                return;
            };
            let message = format!(
                "request body is not JSON ({}), but `{}` takes a JSON {model}",
                body.mime.as_deref().unwrap_or("no media type"),
                op.signature()
            );
            let span = 0..text.len().min(text.find('\n').unwrap_or(text.len()));
            let repaired = if form { form_fields(text) } else { repair(text) };
            let help = "send the body as a JSON object with `Content-Type: application/json`, e.g. {\"state\": \"disconnected\"}".to_owned();
            let (help, suggestion) = suggest(ctx, repaired, help);
            ctx.emit(Finding {
                label: Some("not JSON".into()),
                help: Some(help),
                suggestion,
                ..Finding::new(&RULE.rule, message, Place::BodyRange(span))
            });
        }
        _ => {}
    }
}

/// The request with the repaired body, when that body fits the operation's model once the values
/// with one clear reading are set right (an enum value's case, `"true"` for a boolean) and says
/// nothing contradictory: a body other rules would flag is not offered. The help says why not.
fn suggest(ctx: &Ctx, repaired: Option<Value>, help: String) -> (String, Option<crate::suggest::request::Suggestion>) {
    let Some(mut body) = repaired else { return (help, None) };
    let Some(schema) = ctx.body_operation().and_then(|op| op.body.as_deref()).and_then(schemas::get) else {
        return (help, None);
    };
    for error in schema.validate(&body) {
        match schema_violation::meant_change(&body, &error) {
            Some(change) => change.apply(&mut body),
            None => break,
        }
    }
    if !schema.validate(&body).is_empty() || conflicting_actions::contradicts(ctx, &body) {
        let help = format!(
            "{help}; even with the JSON repaired, {} does not fit {}, so no request is suggested",
            show(&body),
            schema.title()
        );
        return (help, None);
    }
    // Repaired, the body would end the conversation for everyone (`state: disconnected` on a
    // root): read as the root rule reads it, what it meant is the participant-level request.
    if ctx.body_operation().is_some_and(|op| intent::ends_conversation(op, Some(&body))) {
        let segments = ctx.segment_texts();
        return match intent::read(ctx.catalog, ctx.method(), &segments, Some(&body)) {
            Reading::Clear(meant) if meant.intent.scope == "participant" => match ctx.intended(&meant) {
                Ok(s) => (
                    format!(
                        "{help}; repaired, the body would end the conversation for everyone: to {}, send the participant-level request",
                        meant.intent.says
                    ),
                    Some(s),
                ),
                Err(why) => (format!("{help}; {why}"), None),
            },
            _ => (help, None),
        };
    }
    let suggestion = ctx.body_suggestion(vec![Change::Set { pointer: String::new(), value: body }], None);
    (help, suggestion)
}

/// The JSON value a loosely written body means, when it has one reading: JSON with single-quoted
/// strings, unquoted keys, trailing commas, comments, or no comma between members on separate
/// lines; or object members written without their braces (`state: "disconnected"`). Bare words
/// as values, numbers JSON does not have, and anything else are not guessed at.
pub fn repair(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    // Comments before the document (a tool's header line) are comments, not members.
    if after_comments(trimmed).starts_with(['{', '[']) {
        loose(trimmed)
    } else {
        loose(&format!("{{\n{trimmed}\n}}")).filter(|v| v.as_object().is_some_and(|o| !o.is_empty()))
    }
}

/// The text after the `//` and `/* */` comments (and blanks) it starts with.
fn after_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return text;
        }
    }
}

fn loose(text: &str) -> Option<Value> {
    if crate::text::nests_deeper_than(text, crate::text::MAX_JSON_DEPTH) {
        return None;
    }
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &jsonc_parser::ParseOptions::default()).ok()?;
    to_json(text, &parsed.value?)
}

/// The AST of a loose parse as JSON, refusing what has more than one reading: values next to each
/// other with neither a comma nor a line break between them (`[1 2]` may be `[12]`), and numbers
/// that are not JSON numbers.
fn to_json(text: &str, v: &jsonc_parser::ast::Value) -> Option<Value> {
    use jsonc_parser::ast;
    use jsonc_parser::common::Ranged;
    let separated = |ranges: &[(usize, usize)]| {
        ranges.windows(2).all(|w| text.get(w[0].1..w[1].0).is_some_and(|gap| gap.contains([',', '\n'])))
    };
    Some(match v {
        ast::Value::StringLit(s) => Value::from(s.value.as_ref()),
        ast::Value::NumberLit(n) => Value::Number(n.value.parse::<serde_json::Number>().ok()?),
        ast::Value::BooleanLit(b) => Value::Bool(b.value),
        ast::Value::NullKeyword(_) => Value::Null,
        ast::Value::Array(a) => {
            let ranges: Vec<(usize, usize)> = a.elements.iter().map(|e| (e.range().start, e.range().end)).collect();
            if !separated(&ranges) {
                return None;
            }
            Value::Array(a.elements.iter().map(|e| to_json(text, e)).collect::<Option<_>>()?)
        }
        ast::Value::Object(o) => {
            let ranges: Vec<(usize, usize)> = o.properties.iter().map(|p| (p.range().start, p.range().end)).collect();
            if !separated(&ranges) {
                return None;
            }
            let mut out = Map::new();
            for p in &o.properties {
                // The same key twice: which one was meant is not clear.
                if out.insert(p.name.as_str().to_owned(), to_json(text, &p.value)?).is_some() {
                    return None;
                }
            }
            Value::Object(out)
        }
    })
}

/// Form fields (`state=disconnected&wrapupSkipped=true`) as a JSON object of strings, when each
/// field is named once and names a plain key (not `wrapup[code]`): the schema then tells which
/// strings are booleans or numbers.
fn form_fields(text: &str) -> Option<Value> {
    let mut out = Map::new();
    for pair in text.trim().split('&') {
        let (key, value) = pair.split_once('=')?;
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8().ok().map(|c| c.into_owned())
        };
        let key = decode(key)?;
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        if out.insert(key, Value::from(decode(value)?)).is_some() {
            return None;
        }
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn loose_json_with_one_reading_is_repaired() {
        let cases = [
            ("{'state': 'disconnected'}", json!({"state": "disconnected"})),
            ("{\"state\": \"disconnected\",}", json!({"state": "disconnected"})),
            ("{state: 'x', /* c */ held: true // d\n}", json!({"state": "x", "held": true})),
            ("{\n \"a\": 1\n \"b\": [1,\n2\n3]\n}", json!({"a": 1, "b": [1, 2, 3]})),
            ("state: \"disconnected\"", json!({"state": "disconnected"})),
            ("a: 1\nb: 'two'", json!({"a": 1, "b": "two"})),
        ];
        for (text, want) in cases {
            assert_eq!(repair(text), Some(want), "{text}");
        }
    }

    #[test]
    fn loose_json_without_one_reading_is_not_guessed() {
        for text in [
            "{\"state\": \"disconnected\"",
            "{state: disconnected}",
            "{\"a\": 1 \"b\": 2}",
            "[1 2]",
            "{\"a\": 0x10}",
            "{\"a\": 1, \"a\": 2}",
            "\"disconnected\"",
            "disconnected",
            "{\"a\": 1} {\"b\": 2}",
            "",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn form_fields_are_strings_named_once() {
        assert_eq!(
            form_fields("state=disconnected&note=a+b%21"),
            Some(json!({"state": "disconnected", "note": "a b!"}))
        );
        assert_eq!(form_fields("a=1&a=2"), None);
        assert_eq!(form_fields("wrapup[code]=x"), None);
        assert_eq!(form_fields("state"), None);
    }
}
