//! JSON values written as literals of the languages gclint writes: JSON text that any reader
//! takes, and JavaScript and Python literals, for the code `suggest` writes and for the edits
//! `--fix` makes in source files. Every character that could end a line or steer a terminal is
//! written as an escape.

use serde_json::Value;

use crate::text::is_unsafe_char;

/// JSON text of a value, compact or pretty, with every character that [`is_unsafe_char`] names
/// written as a `\u` escape. serde_json escapes only those below U+0020; the others (U+2028 and
/// U+2029, which end a line in older JavaScript and in some editors, DEL, C1 controls, the
/// bidirectional marks) can only stand inside strings, where the escape means the same.
pub(crate) fn json_text(v: &Value, pretty: bool) -> String {
    let text = if pretty { serde_json::to_string_pretty(v) } else { serde_json::to_string(v) };
    let text = text.unwrap_or_default();
    if !text.chars().any(is_unsafe_char) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        // The newlines and indentation of pretty output are the JSON's own.
        if is_unsafe_char(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON value as a JavaScript literal. JSON is JavaScript (ES2019 made U+2028 and U+2029 legal
/// in strings; they are escaped anyway).
pub(crate) fn js_literal(v: &Value) -> String {
    json_text(v, false)
}

/// A JSON value written as a literal of the source it goes into: Python, or JavaScript (and
/// TypeScript), where strings take the single quotes most code uses.
pub(crate) fn source_literal(v: &Value, python: bool) -> String {
    match (v, python) {
        (_, true) => python_literal(v),
        (Value::String(s), false) if !s.contains(['\'', '\\']) && !s.chars().any(is_unsafe_char) => format!("'{s}'"),
        (_, false) => js_literal(v),
    }
}

/// Whether `name` can follow `conversationsApi.` in JavaScript; only ASCII names are written.
pub(crate) fn is_js_identifier(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A JSON value as a Python literal.
pub(crate) fn python_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => python_string(s),
        Value::Array(a) => format!("[{}]", a.iter().map(python_literal).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", python_string(k), python_literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A Python string literal: double quotes, backslash escapes for `\`, `"` and every character
/// that [`is_unsafe_char`] names (`\n`, `\x00`, `\u2028`, `\U0001f600`...), other characters as
/// they are (Python source is UTF-8).
pub(crate) fn python_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => match u32::from(c) {
                n @ ..=0xff => out.push_str(&format!("\\x{n:02x}")),
                n @ ..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                n => out.push_str(&format!("\\U{n:08x}")),
            },
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
