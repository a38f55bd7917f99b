//! `{{name}}` templates, as `.http` files, Postman collections and Insomnia exports write them:
//! finding the placeholders, filling in the variables that are defined (variables may be defined
//! through other variables), and keeping every piece of the result mapped to its bytes in the
//! file. A filled-in value maps to its placeholder; what stays as written maps to itself.
//!
//! Insomnia writes Nunjucks: `{{ _.name }}` for an environment variable and `{% tag ... %}` for
//! a value computed when the request is sent (a response of another request, a UUID, a
//! timestamp). Both are values of unknown content when they cannot be filled in, and are
//! rewritten to the one placeholder shape the rest of gclint knows, `{{name}}`: a URL that starts
//! with `{{ _.baseUrl }}` (a space in its host) would otherwise be no URL at all.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::text::{OffsetMap, Text, TextBuilder};

/// How much of a body value a template placeholder takes: what it holds is known only when the
/// request is sent (a `{{variable}}`, a Data Action's Velocity `${input.x}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Templated {
    /// The whole value is one placeholder: it may turn into a value of any type.
    Whole,
    /// A placeholder stands inside the text: it is a string, but not one whose content is known.
    Inside,
}

/// Whether a JSON string value (or object key) is, or holds, a template placeholder of a syntax
/// gclint reads: `{{name}}` and `{{ _.name }}` (.http files, Postman, Insomnia), `{% tag %}`
/// (Insomnia), and Velocity references (as [`super::velocity::references`] finds them).
pub fn placeholder_value(value: &str) -> Option<Templated> {
    let v = value.trim();
    let inner = v.strip_prefix("{{").and_then(|rest| rest.strip_suffix("}}"));
    let mut references = super::velocity::references(v);
    let first = references.next();
    let whole = inner.is_some_and(|i| !i.contains("}}"))
        || (v.starts_with("{%") && v.ends_with("%}"))
        || first.as_ref().is_some_and(|r| *r == (0..v.len()));
    if whole && v.len() > 2 {
        return Some(Templated::Whole);
    }
    let closed = |open: &str, close: &str| v.find(open).is_some_and(|i| v[i + open.len()..].contains(close));
    let inside = closed("{{", "}}") || closed("{%", "%}") || first.is_some();
    inside.then_some(Templated::Inside)
}

/// How deep variables may refer to other variables.
const MAX_DEPTH: usize = 16;
/// How many levels of an Insomnia environment's objects are read as `a.b.c` names.
const MAX_OBJECT_DEPTH: usize = 8;

/// Variables as a reader finds them: names and values as written, in file order.
pub type Definitions<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// One scope's variables, by name, values as written.
pub type Layer<'a> = HashMap<Cow<'a, str>, Cow<'a, str>>;

/// The template language of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `{{name}}`; `{{$dynamic}}` variables (`$uuid`, `$timestamp`) are computed when sent and
    /// stay as written (JetBrains and VS Code `.http` files, Postman).
    Mustache,
    /// Nunjucks (Insomnia): `{{ _.name }}` (or `{{ name }}`), `{{ _.name | filter }}`,
    /// `{% tag ... %}`.
    Nunjucks,
}

/// Variables and what filling them in may still cost.
pub struct Vars<'a> {
    syntax: Syntax,
    /// Variables whose values may hold placeholders of their own, in layers (a collection's,
    /// then each folder's around a request): the innermost definition wins. Layers are shared
    /// between scopes, so that a scope costs its own definitions only.
    raw: Vec<Rc<Layer<'a>>>,
    /// [`Self::raw`] variables with their own placeholders filled in; `None` while being filled.
    resolved: HashMap<String, Option<String>>,
    /// Variables whose values are taken as they are (a `.http` file's environment).
    env: Rc<HashMap<String, String>>,
    /// How many more bytes filled-in values may add (keeps nested variables from blowing up).
    pub budget: usize,
    /// Whether a value was left as written because the budget ran out.
    pub exhausted: bool,
}

impl<'a> Vars<'a> {
    /// Variables `raw` (filled through each other) and `env` (taken as they are), with a budget
    /// of `budget` bytes of filled-in values.
    pub fn new(
        syntax: Syntax,
        raw: impl IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
        env: HashMap<String, String>,
        budget: usize,
    ) -> Self {
        let layer = Rc::new(raw.into_iter().collect());
        Vars { syntax, raw: vec![layer], resolved: HashMap::new(), env: Rc::new(env), budget, exhausted: false }
    }

    /// The same variables with `inner` defined over them (a folder's variables inside its
    /// collection's), sharing what is left of the budget until [`Self::give_back`].
    pub fn scope(&self, inner: impl IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>) -> Vars<'a> {
        let layer: Layer = inner.into_iter().collect();
        self.over((!layer.is_empty()).then(|| Rc::new(layer)))
    }

    /// The same variables with a shared `layer` defined over them (see [`Self::scope`]).
    pub fn scope_shared(&self, layer: Rc<Layer<'a>>) -> Vars<'a> {
        self.over(Some(layer))
    }

    /// The same variables with `layer` (if any) over them, sharing what is left of the budget.
    fn over(&self, layer: Option<Rc<Layer<'a>>>) -> Vars<'a> {
        let mut raw = self.raw.clone();
        raw.extend(layer);
        Vars {
            syntax: self.syntax,
            raw,
            resolved: HashMap::new(),
            env: self.env.clone(),
            budget: self.budget,
            exhausted: false,
        }
    }

    /// The definition of `name` as written, from the innermost layer that has one.
    fn definition(&self, name: &str) -> Option<Cow<'a, str>> {
        self.raw.iter().rev().find_map(|layer| layer.get(name)).cloned()
    }

    /// Returns what an inner scope (from [`Self::scope`]) left of the budget.
    pub fn give_back(&mut self, inner: Vars) {
        self.budget = inner.budget;
        self.exhausted |= inner.exhausted;
    }

    /// The variable a placeholder's inside names: `None` when it is computed when the request is
    /// sent (`$uuid`) or more than a name (a Nunjucks filter).
    fn name(&self, inner: &'_ str) -> Option<String> {
        let name = inner.trim();
        match self.syntax {
            Syntax::Mustache => (!name.is_empty() && !name.starts_with('$')).then(|| name.to_owned()),
            Syntax::Nunjucks => {
                let name = name.strip_prefix("_.").unwrap_or(name);
                let plain = !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'$'));
                plain.then(|| name.to_owned())
            }
        }
    }

    /// The value of `{{inner}}`, or `None` to leave the placeholder as written.
    fn value(&mut self, inner: &str, depth: usize) -> Option<String> {
        let name = self.name(inner)?;
        let value = match self.definition(&name) {
            Some(raw) => match self.resolved.get(&name) {
                Some(Some(done)) if done.len() > self.budget => {
                    self.exhausted = true;
                    return None;
                }
                Some(Some(done)) => Some(done.clone()),
                // A variable defined through itself.
                Some(None) => return None,
                None if depth >= MAX_DEPTH => return None,
                None => {
                    self.resolved.insert(name.clone(), None);
                    let mut built = Built::default();
                    self.fill(&raw, 0, &mut built, depth + 1);
                    let done = built.finish(0).value;
                    self.resolved.insert(name, Some(done.clone()));
                    Some(done)
                }
            },
            None => self.env.get(&name).cloned(),
        }?;
        match self.budget.checked_sub(value.len()) {
            Some(left) => {
                self.budget = left;
                Some(value)
            }
            None => {
                self.exhausted = true;
                None
            }
        }
    }

    /// What stands for a placeholder that is not filled in: itself, or for Nunjucks the
    /// `{{name}}` shape (see the module's documentation).
    fn unfilled(&self, placeholder: &Placeholder, written: &str) -> Option<String> {
        if self.syntax != Syntax::Nunjucks {
            return None;
        }
        let inner = written.get(2..written.len().saturating_sub(2)).unwrap_or("").trim();
        let name = match placeholder.kind {
            Kind::Variable => {
                let inner = inner.strip_prefix("_.").unwrap_or(inner);
                inner.split(|c: char| c.is_whitespace() || c == '|').next().unwrap_or("")
            }
            // The tag's name: `{% response 'body', ... %}` is `{{response}}`.
            Kind::Tag => inner.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or(""),
        };
        let name = if name.is_empty() || name.contains(['{', '}']) { "value" } else { name };
        let shaped = format!("{{{{{name}}}}}");
        (shaped != written).then_some(shaped)
    }

    /// Appends `raw` (standing at file offset `at`, as is) to `out`, with known placeholders
    /// filled in.
    pub fn fill(&mut self, raw: &str, at: usize, out: &mut Built, depth: usize) {
        let mut last = 0;
        for p in placeholders(raw, self.syntax) {
            let written = raw.get(p.range.clone()).unwrap_or("");
            let value = match p.kind {
                Kind::Variable => self.value(written.get(2..written.len().saturating_sub(2)).unwrap_or(""), depth),
                Kind::Tag => None,
            };
            if let Some(value) = value.or_else(|| self.unfilled(&p, written)) {
                out.written(raw.get(last..p.range.start).unwrap_or(""), at + last);
                out.filled(&value, at + p.range.start, p.range.len());
                last = p.range.end;
            }
        }
        out.written(raw.get(last..).unwrap_or(""), at + last);
    }

    /// `raw` with known placeholders filled in, without a place in a file.
    pub fn fill_string(&mut self, raw: &str) -> String {
        let mut built = Built::default();
        self.fill(raw, 0, &mut built, 0);
        built.finish(0).value
    }

    /// A decoded text (a JSON string literal) with known placeholders filled in, every piece
    /// still mapped to the file through the literal's escapes. The text itself when it holds
    /// nothing to fill.
    pub fn fill_text(&mut self, text: Text) -> Text {
        self.fill_decoded(text, false)
    }

    /// A JSON body with known placeholders filled in, as [`Self::fill_text`]; a placeholder left
    /// unfilled where a JSON value stands (`{"held": {{held}}}`) becomes a JSON string holding
    /// it, which the body checks take for a value of unknown content, rather than broken JSON.
    pub fn fill_json(&mut self, text: Text) -> Text {
        self.fill_decoded(text, true)
    }

    fn fill_decoded(&mut self, text: Text, json: bool) -> Text {
        let marks: &[&str] = match self.syntax {
            Syntax::Mustache => &["{{"],
            Syntax::Nunjucks => &["{{", "{%"],
        };
        if !marks.iter().any(|m| text.value.contains(m)) {
            return text;
        }
        let mut out = Built::default();
        let mut last = 0;
        let mut changed = false;
        let mut strings = JsonStrings::default();
        for p in placeholders(&text.value, self.syntax) {
            let written = text.value.get(p.range.clone()).unwrap_or("");
            let in_string = strings.inside_at(&text.value, p.range.start);
            let value = match p.kind {
                Kind::Variable => self.value(written.get(2..written.len().saturating_sub(2)).unwrap_or(""), 0),
                Kind::Tag => None,
            };
            let value = value.or_else(|| {
                let unknown = self.unfilled(&p, written);
                if json && !in_string {
                    let shown = unknown.as_deref().unwrap_or(written);
                    serde_json::to_string(shown).ok()
                } else {
                    unknown
                }
            });
            strings.skip_to(p.range.end);
            if let Some(value) = value {
                out.copy(&text, last..p.range.start);
                let (start, end) = (text.map.to_file(p.range.start), text.map.to_file(p.range.end));
                let (start, len) = match (start, end) {
                    (Some(s), Some(e)) => (s, e.saturating_sub(s)),
                    _ => (start.unwrap_or(0), 0),
                };
                out.filled(&value, start, len);
                last = p.range.end;
                changed = true;
            }
        }
        if !changed {
            return text;
        }
        out.copy(&text, last..text.value.len());
        let fallback = text.map.to_file(0).unwrap_or(0);
        out.finish(fallback)
    }
}

/// Whether offsets of a JSON text stand inside a string, read left to right once.
#[derive(Default)]
struct JsonStrings {
    at: usize,
    inside: bool,
    escaped: bool,
}

impl JsonStrings {
    fn inside_at(&mut self, text: &str, offset: usize) -> bool {
        for &b in text.as_bytes().get(self.at..offset).unwrap_or_default() {
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' if self.inside => self.escaped = true,
                b'"' => self.inside = !self.inside,
                _ => {}
            }
        }
        self.at = self.at.max(offset);
        self.inside
    }

    /// Goes on after a placeholder, whose own quotes are not the text's.
    fn skip_to(&mut self, offset: usize) {
        self.at = self.at.max(offset);
    }
}

/// Flattens a JSON object of variables (an Insomnia environment's `data`) into names and values:
/// strings as they are, numbers and booleans as written, nested objects as `a.b` names.
pub fn flatten(value: &serde_json::Value, prefix: &str, depth: usize, out: &mut Vec<(String, String)>) {
    let serde_json::Value::Object(map) = value else { return };
    for (key, v) in map {
        let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match v {
            serde_json::Value::String(s) => out.push((name, s.clone())),
            serde_json::Value::Number(n) => out.push((name, n.to_string())),
            serde_json::Value::Bool(b) => out.push((name, b.to_string())),
            serde_json::Value::Object(_) if depth < MAX_OBJECT_DEPTH => flatten(v, &name, depth + 1, out),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `{{ ... }}`
    Variable,
    /// `{% ... %}` (Nunjucks)
    Tag,
}

struct Placeholder {
    range: Range<usize>,
    kind: Kind,
}

/// The placeholders of `s`, in order. For `{{`, the innermost one before the closing braces
/// counts (`{{{{x}}` holds `{{x}}`); a placeholder without its closing braces is none.
fn placeholders(s: &str, syntax: Syntax) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let rest = s.get(from..).unwrap_or("");
        let var = rest.find("{{");
        let tag = if syntax == Syntax::Nunjucks { rest.find("{%") } else { None };
        let (open, kind) = match (var, tag) {
            (Some(v), Some(t)) if t < v => (from + t, Kind::Tag),
            (Some(v), _) => (from + v, Kind::Variable),
            (None, Some(t)) => (from + t, Kind::Tag),
            (None, None) => break,
        };
        let close_mark = if kind == Kind::Tag { "%}" } else { "}}" };
        let Some(close) = s.get(open + 2..).and_then(|r| r.find(close_mark)).map(|c| open + 2 + c) else { break };
        let open = match kind {
            Kind::Variable => open + s.get(open..close).and_then(|r| r.rfind("{{")).unwrap_or(0),
            Kind::Tag => open,
        };
        let end = close + 2;
        out.push(Placeholder { range: open..end, kind });
        from = end;
    }
    out
}

/// A [`TextBuilder`] that remembers whether the text stands in the file as is, so that it can be
/// a verbatim [`Text`].
#[derive(Default)]
pub struct Built {
    builder: TextBuilder,
    start: Option<usize>,
    next: usize,
    changed: bool,
}

impl Built {
    /// Appends `piece`, which stands in the file as is from `at` on.
    pub fn written(&mut self, piece: &str, at: usize) {
        if piece.is_empty() {
            return;
        }
        match self.start {
            None => self.start = Some(at),
            Some(_) => self.changed |= at != self.next,
        }
        self.next = at + piece.len();
        self.builder.push_str(piece, at);
    }

    /// Appends `value`, which stands for the `len` file bytes at `at` (a placeholder).
    pub fn filled(&mut self, value: &str, at: usize, len: usize) {
        self.start.get_or_insert(at);
        self.changed = true;
        self.next = at + len;
        self.builder.push_decoded(value, at, len);
    }

    /// Appends the `range` of a decoded text, each run of it that stands in the file without an
    /// escape pushed as written.
    pub fn copy(&mut self, text: &Text, range: Range<usize>) {
        let piece = |r: Range<usize>| text.value.get(r).unwrap_or("");
        match &text.map {
            OffsetMap::Verbatim { start } => self.written(piece(range.clone()), start + range.start),
            OffsetMap::Escaped { jumps, .. } => {
                let mut from = range.start;
                let first = jumps.partition_point(|&(v, _)| v as usize <= from);
                for &(v, _) in jumps.get(first..).unwrap_or_default() {
                    let v = v as usize;
                    if v >= range.end {
                        break;
                    }
                    self.written(piece(from..v), text.map.to_file(from).unwrap_or(0));
                    from = v;
                }
                self.written(piece(from..range.end), text.map.to_file(from).unwrap_or(0));
            }
            OffsetMap::Opaque { start } => self.filled(piece(range), *start, 0),
            OffsetMap::Detached => self.filled(piece(range), 0, 0),
        }
    }

    /// The text built; `fallback` is its file offset when nothing was pushed.
    pub fn finish(self, fallback: usize) -> Text {
        let start = self.start.unwrap_or(fallback);
        let text = self.builder.finish(fallback);
        if self.changed { text } else { Text::verbatim(text.value, start) }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::text::decode_json_string;

    fn vars(syntax: Syntax, defs: &[(&'static str, &'static str)]) -> Vars<'static> {
        Vars::new(syntax, defs.iter().map(|&(k, v)| (k.into(), v.into())), HashMap::new(), 1 << 20)
    }

    #[test]
    fn template_placeholders_in_values() {
        use super::Templated::{Inside, Whole};
        for whole in [
            "{{state}}",
            "{{ _.token }}",
            "{% uuid 'v4' %}",
            "${input.conversationId}",
            "$!{input.x}",
            "$input.attributes",
            "$!input.x",
            "$esc.jsonString(${input.body})",
            "$esc.url('On Queue')",
            "${input.key.replace(' ','%20')}",
            "$successTemplateUtils.firstFromArray(\"$.x\", \"\")",
        ] {
            assert_eq!(placeholder_value(whole), Some(Whole), "{whole}");
        }
        for inside in ["Bearer {{token}}", "tel:${input.number}", "Hello $input.name!", "a {% now %}"] {
            assert_eq!(placeholder_value(inside), Some(Inside), "{inside}");
        }
        for plain in ["disconnected", "costs $5", "$", "${", "{{", "{}", "a}}b{{", "$esc.url('unclosed"] {
            assert_eq!(placeholder_value(plain), None, "{plain}");
        }
    }

    #[test]
    fn filled_values_map_to_their_placeholders_through_escapes() {
        // file: "{{base}}/x\"y/{{id}}/z"  at offset 10
        let file = r#"0123456789"{{base}}/x\"y/{{id}}/z""#;
        let text = decode_json_string(&file[10..], 10).unwrap();
        let mut v = vars(Syntax::Mustache, &[("base", "https://{{host}}/api/v2"), ("host", "h.example")]);
        let t = v.fill_text(text);
        assert_eq!(t.value, "https://h.example/api/v2/x\"y/{{id}}/z");
        let at = |needle: &str| t.map.to_file(t.value.find(needle).unwrap()).unwrap();
        assert_eq!(at("https"), file.find("{{base}}").unwrap());
        assert!(file[at("/x")..].starts_with("/x\\\"y"));
        assert!(file[at("y/")..].starts_with("y/{{id}}"));
        assert!(file[at("{{id}}")..].starts_with("{{id}}"));
        assert!(file[at("/z")..].starts_with("/z\""));
    }

    #[test]
    fn a_text_without_placeholders_is_kept() {
        let text = decode_json_string(r#""a\nb""#, 3).unwrap();
        let t = vars(Syntax::Mustache, &[]).fill_text(text);
        assert_eq!(t.value, "a\nb");
        assert!(matches!(t.map, OffsetMap::Escaped { start: 4, .. }));
    }

    #[test]
    fn unknown_dynamic_and_self_referring_variables_stay_as_written() {
        let mut v = vars(Syntax::Mustache, &[("a", "{{b}}"), ("b", "{{a}}")]);
        assert_eq!(v.fill_string("{{$guid}} {{nope}} {{a}}"), "{{$guid}} {{nope}} {{a}}");
        assert_eq!(v.fill_string("{{ x"), "{{ x");
    }

    #[test]
    fn nunjucks_variables_and_tags() {
        let mut v = vars(Syntax::Nunjucks, &[("baseUrl", "https://api.mypurecloud.com")]);
        let s = "{{ _.baseUrl }}/api/v2/conversations/{{ _.conversationId }}/x/{% response 'body', 'req_1', '$.id' %}/{{ _.a | upper }}";
        assert_eq!(
            v.fill_string(s),
            "https://api.mypurecloud.com/api/v2/conversations/{{conversationId}}/x/{{response}}/{{a}}"
        );
        // `{{ baseUrl }}` without `_.` is the same variable.
        assert_eq!(v.fill_string("{{baseUrl}}"), "https://api.mypurecloud.com");
    }

    #[test]
    fn doubling_variables_stop_at_the_budget() {
        let mut defs: Vec<(Cow<str>, Cow<str>)> = vec![("v0".into(), "xxxxxxxxxxxxxxxx".into())];
        for n in 1..40 {
            defs.push((format!("v{n}").into(), format!("{{{{v{}}}}}{{{{v{}}}}}", n - 1, n - 1).into()));
        }
        let mut v = Vars::new(Syntax::Mustache, defs, HashMap::new(), 1 << 20);
        let out = v.fill_string("{{v39}}");
        assert!(out.len() <= 2 << 20);
        assert!(v.exhausted);
    }

    #[test]
    fn placeholders_standing_for_json_values_become_strings() {
        let file = r#"{"held": {{held}}, "muted": {{muted}}, "s": "{{s}} \"{{t}}\"", "n": {% now %}}"#;
        let mut v = vars(Syntax::Mustache, &[("muted", "true")]);
        let t = v.fill_json(Text::verbatim(file, 0));
        assert_eq!(t.value, r#"{"held": "{{held}}", "muted": true, "s": "{{s}} \"{{t}}\"", "n": {% now %}}"#);
        let at = t.map.to_file(t.value.find("\"{{held").unwrap()).unwrap();
        assert!(file[at..].starts_with("{{held}}"));
        let mut v = vars(Syntax::Nunjucks, &[]);
        let t = v.fill_json(Text::verbatim(r#"{"n": {% now %}, "x": "{{ _.x }}"}"#, 0));
        assert_eq!(t.value, r#"{"n": "{{now}}", "x": "{{x}}"}"#);
    }

    #[test]
    fn flattened_environments() {
        let data = serde_json::json!({"a": "x", "n": 3, "o": {"b": true, "c": [1]}});
        let mut out = Vec::new();
        flatten(&data, "", 0, &mut out);
        out.sort();
        assert_eq!(out, vec![("a".into(), "x".into()), ("n".into(), "3".into()), ("o.b".into(), "true".into())]);
    }
}
