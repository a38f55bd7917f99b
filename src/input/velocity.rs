//! Apache Velocity templates as gclint needs them: the request body of a Genesys Cloud Data
//! Action (`requestTemplate`) is JSON only once Velocity has run. Nothing here runs a template;
//! it reads one as text and writes out the bodies it may become, each a JSON [`Text`] whose bytes
//! map back to the file through the template's own map.
//!
//! - A reference (`${input.x}`, `$!{input.x}`, `$input.x`, `$esc.jsonString(${input.x})`,
//!   `${input.key.replace(' ','%20')}`) is a value of unknown content. Inside a JSON string it
//!   stays as written: the body checks take a string with a placeholder inside for unknown
//!   content. Standing for a whole JSON value (`"attributes": ${input.attributes}`) it becomes a
//!   JSON string holding its text, which the body checks take as a value of any type; but an
//!   input the action's contract types `number`, `integer` or `boolean` becomes a literal of
//!   that type (`1`, `false`), so that the type checks apply (such a literal is a *stand-in*: its text in the
//!   body differs from the file's, which is how the rules tell it from a value the user wrote).
//! - Directives (`#if`/`#elseif`/`#else`/`#end`, `#foreach`, `#set`, comments) are alternatives:
//!   one body takes the first branch of every `#if`, another the last (`#else`, or nothing), a
//!   `#foreach` body appearing once in each. Two bodies whatever the number of blocks (a
//!   template with twenty `#if` blocks is not 2^20 bodies), built in one pass each, without
//!   recursion.
//! - A body made invalid by a directive is not the user's mistake as far as gclint can tell:
//!   only a template without directives is reported as invalid JSON.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::ops::Range;

use crate::text::{OffsetMap, Text, TextBuilder};

/// What a template makes of a request body.
#[derive(Debug)]
pub enum Bodies {
    /// The body is not known before the action runs (`${input.rawRequest}`, the input object
    /// sent as is; or every way through the directives fails to be JSON).
    Unknown,
    /// The bodies to check, distinct: JSON where a way through the directives gives JSON; the
    /// one body of a template without directives, JSON or not.
    Variants(Vec<Text>),
}

/// The bodies `template` (a `requestTemplate`, decoded, with its map to the file) may become,
/// with `inputs` the contract's type of each input by name.
pub fn bodies(template: &Text, inputs: &BTreeMap<String, String>) -> Bodies {
    let tokens = tokenize(&template.value);
    if is_raw_request(&template.value, &tokens) {
        return Bodies::Unknown;
    }
    let blocks = match_blocks(&tokens);
    let branching = tokens.iter().any(|t| t.kind.branches());
    let mut variants: Vec<Expanded> = Vec::new();
    for way in [Way::First, Way::Last] {
        let expanded = expand(template, inputs, &tokens, &blocks, way);
        if !variants.iter().any(|v| v.text.value == expanded.text.value) {
            variants.push(expanded);
        }
        if !branching {
            break;
        }
    }
    let valid: Vec<Text> = variants.iter().filter(|v| is_json(&v.text.value)).map(|v| v.text.clone()).collect();
    if !valid.is_empty() {
        return Bodies::Variants(valid);
    }
    // Invalid JSON is the template's own fault only when nothing else can have made it so.
    match variants.into_iter().next() {
        Some(only) if !branching && !only.unsure => Bodies::Variants(vec![only.text]),
        _ => Bodies::Unknown,
    }
}

/// Whether `text` parses as JSON, as deep as the body checks read it.
fn is_json(text: &str) -> bool {
    !crate::text::nests_deeper_than(text, crate::text::MAX_JSON_DEPTH)
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Whether the template is one reference to the input object itself: the body is whatever
/// the flow passes.
fn is_raw_request(template: &str, tokens: &[Token]) -> bool {
    let mut significant = tokens.iter().filter(|t| match t.kind {
        Kind::Text => template.get(t.range.clone()).is_some_and(|s| !s.trim().is_empty()),
        Kind::Comment => false,
        _ => true,
    });
    match (significant.next(), significant.next()) {
        (Some(t), None) => matches!(&t.kind, Kind::Reference(r) if r.input.as_deref() == Some("rawRequest") && r.plain),
        _ => false,
    }
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: Kind,
    range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Text written out as is.
    Text,
    /// A reference (`$x`, `${x}`, `$!{x.y(...)}`), written out as its value.
    Reference(Reference),
    /// `## ...` or `#* ... *#`.
    Comment,
    If,
    ElseIf,
    Else,
    End,
    Foreach,
    /// A block whose body is not written where it stands (`#macro`, `#define`).
    Definition,
    /// A directive that writes nothing gclint can know (`#set`, `#break`, `#stop`, `#parse`,
    /// `#include`, `#evaluate`, a macro call).
    Silent {
        branches: bool,
    },
}

impl Kind {
    /// Whether the directive makes a template's output differ between runs.
    fn branches(&self) -> bool {
        match self {
            Kind::If | Kind::ElseIf | Kind::Else | Kind::Foreach | Kind::Definition => true,
            Kind::Silent { branches } => *branches,
            Kind::Text | Kind::Reference(_) | Kind::Comment | Kind::End => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Reference {
    /// The input it names (`x` of `${input.x}`), when it names one and nothing more.
    input: Option<String>,
    /// Whether it is a plain name (`$input.x`), without method calls or indexes.
    plain: bool,
}

/// The longest reference or directive argument list gclint follows: a template's real ones are
/// short, and an unclosed `${` must not make every later `$` scan to the end.
const MAX_REFERENCE: usize = 4096;

/// How many bytes the search for closing brackets may read in all, per byte of template (and
/// a floor for short ones): hostile text of unclosed `${a${a${a...` stays linear.
const SCAN_PER_BYTE: usize = 16;

/// Splits a template into text, references and directives: one pass, no recursion.
fn tokenize(s: &str) -> Vec<Token> {
    let bytes = s.as_bytes();
    let mut budget = s.len().saturating_mul(SCAN_PER_BYTE).max(1 << 16);
    let mut tokens: Vec<Token> = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let push = |tokens: &mut Vec<Token>, text_start: &mut usize, at: usize, token: Option<Token>| {
        if at > *text_start {
            tokens.push(Token { kind: Kind::Text, range: *text_start..at });
        }
        if let Some(t) = token {
            *text_start = t.range.end;
            tokens.push(t);
        }
    };
    while let Some(rel) = memchr::memchr2(b'$', b'#', bytes.get(i..).unwrap_or_default()) {
        let at = i + rel;
        let found =
            if bytes.get(at) == Some(&b'$') { reference(s, at, &mut budget) } else { directive(s, at, &mut budget) };
        match found {
            Some(token) => {
                i = token.range.end.max(at + 1);
                push(&mut tokens, &mut text_start, at, Some(token));
            }
            None => i = at + 1,
        }
    }
    push(&mut tokens, &mut text_start, s.len(), None);
    tokens
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The end of the name that starts at `at`.
fn name_end(bytes: &[u8], at: usize) -> usize {
    at + bytes.get(at..).unwrap_or_default().iter().take_while(|&&b| is_name(b)).count()
}

/// The end of the bracketed group that opens at `at` (`(`, `[` or `{`), brackets nested and
/// quoted strings skipped; `None` when it does not close within [`MAX_REFERENCE`] bytes or
/// the `budget` of bytes to read runs out.
fn group_end(bytes: &[u8], at: usize, budget: &mut usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let limit = MAX_REFERENCE.min(*budget);
    for (i, &b) in bytes.iter().enumerate().skip(at).take(limit) {
        *budget -= 1;
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

/// The reference starting with the `$` at `at`, if one does.
fn reference(s: &str, at: usize, budget: &mut usize) -> Option<Token> {
    let bytes = s.as_bytes();
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'!') {
        i += 1;
    }
    let (body, end, plain) = if bytes.get(i) == Some(&b'{') {
        // `${...}`: a name, then anything up to the brace that closes it.
        if !bytes.get(i + 1).copied().is_some_and(is_name_start) {
            return None;
        }
        let end = group_end(bytes, i, budget)?;
        let inner = s.get(i + 1..end - 1)?;
        let plain = inner.bytes().all(|b| is_name(b) || b == b'.');
        (inner, end, plain)
    } else {
        if !bytes.get(i).copied().is_some_and(is_name_start) {
            return None;
        }
        // `$name`, then `.name`, `.name(...)` or `[...]` as long as they follow.
        let mut end = name_end(bytes, i);
        let mut plain = true;
        loop {
            match bytes.get(end) {
                Some(b'.') if bytes.get(end + 1).copied().is_some_and(is_name_start) => end = name_end(bytes, end + 1),
                Some(b'(' | b'[') => {
                    end = group_end(bytes, end, budget)?;
                    plain = false;
                }
                _ => break,
            }
        }
        (s.get(i..end)?, end, plain)
    };
    let input = plain
        .then(|| body.strip_prefix("input."))
        .flatten()
        .filter(|name| !name.is_empty() && !name.contains('.'))
        .map(str::to_owned);
    Some(Token { kind: Kind::Reference(Reference { input, plain }), range: at..end })
}

/// The byte ranges of the Velocity references in `s` (`${input.x}`, `$!{input.x}`, `$input.x`,
/// `$esc.jsonString(...)`), found as a template's are: in one pass, within the template's budget.
pub fn references(s: &str) -> impl Iterator<Item = Range<usize>> {
    tokenize(s).into_iter().filter(|t| matches!(t.kind, Kind::Reference(_))).map(|t| t.range)
}

/// The directive or comment starting with the `#` at `at`, if one does.
fn directive(s: &str, at: usize, budget: &mut usize) -> Option<Token> {
    let bytes = s.as_bytes();
    match bytes.get(at + 1) {
        Some(b'#') => {
            let end = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default()).map_or(s.len(), |j| at + j + 1);
            return Some(Token { kind: Kind::Comment, range: at..end });
        }
        Some(b'*') => {
            let end =
                memchr::memmem::find(bytes.get(at + 2..).unwrap_or_default(), b"*#").map_or(s.len(), |j| at + j + 4);
            return Some(Token { kind: Kind::Comment, range: at..end });
        }
        _ => {}
    }
    let braced = bytes.get(at + 1) == Some(&b'{');
    let start = at + 1 + usize::from(braced);
    let end = name_end(bytes, start);
    let name = s.get(start..end)?;
    let mut after = end;
    if braced {
        if bytes.get(after) != Some(&b'}') {
            return None;
        }
        after += 1;
    }
    // The argument list, after optional blanks: `#if ($x)`.
    let args = |budget: &mut usize| {
        let open =
            after + bytes.get(after..).unwrap_or_default().iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        if bytes.get(open) == Some(&b'(') { group_end(bytes, open, budget) } else { None }
    };
    let (kind, end) = match name {
        "if" => (Kind::If, args(budget)?),
        "elseif" => (Kind::ElseIf, args(budget)?),
        "foreach" => (Kind::Foreach, args(budget)?),
        "macro" | "define" => (Kind::Definition, args(budget)?),
        "set" => (Kind::Silent { branches: false }, args(budget)?),
        "parse" | "include" | "evaluate" => (Kind::Silent { branches: true }, args(budget)?),
        // `#else` and `#end` are whole words (`#endpoint` is text), unless braced.
        "else" | "end" | "break" | "stop" if braced || !bytes.get(after).copied().is_some_and(is_name) => {
            let kind = match name {
                "else" => Kind::Else,
                "end" => Kind::End,
                _ => Kind::Silent { branches: true },
            };
            (kind, after)
        }
        // A macro call (`#name(...)`): writes what gclint cannot know. Anything else is text
        // (`#fff`, `#1`).
        _ if !name.is_empty() => (Kind::Silent { branches: true }, args(budget)?),
        _ => return None,
    };
    Some(Token { kind, range: at..end })
}

/// For each `#if` (by token index), how its branches end: whether it has an `#else`. Blocks are
/// matched with a stack; an `#end` without a block is ignored, a block left open ends with the
/// template (Velocity would refuse both; gclint reads what it can).
fn match_blocks(tokens: &[Token]) -> BTreeMap<usize, bool> {
    let mut has_else = BTreeMap::new();
    let mut open: Vec<(usize, &Kind)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match &t.kind {
            Kind::If => {
                has_else.insert(i, false);
                open.push((i, &t.kind));
            }
            Kind::Foreach | Kind::Definition => open.push((i, &t.kind)),
            Kind::Else => {
                if let Some((j, Kind::If)) = open.last() {
                    has_else.insert(*j, true);
                }
            }
            Kind::End => {
                open.pop();
            }
            _ => {}
        }
    }
    has_else
}

/// Which way through the directives a body takes.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    /// The first branch of every `#if`.
    First,
    /// The last branch of every `#if`: its `#else`, or nothing.
    Last,
}

/// A block being written out: whether its parent was written, and whether the branch at hand is.
struct Frame {
    parent: bool,
    on: bool,
    /// For an `#if`: its branches so far (the `#if` one is 0).
    branch: usize,
    is_if: bool,
    has_else: bool,
}

struct Expanded {
    text: Text,
    /// Whether a reference was written where a JSON value cannot stand (a key, after a value),
    /// so that invalid JSON may be the template's content rather than a mistake.
    unsure: bool,
}

/// One body: the template written out the `way` given.
fn expand(
    template: &Text,
    inputs: &BTreeMap<String, String>,
    tokens: &[Token],
    blocks: &BTreeMap<usize, bool>,
    way: Way,
) -> Expanded {
    let mut out = Writer { builder: TextBuilder::new(), json: JsonState::default(), unsure: false };
    let mut stack: Vec<Frame> = Vec::new();
    let on = |stack: &[Frame]| stack.last().is_none_or(|f| f.on);
    for (i, t) in tokens.iter().enumerate() {
        match &t.kind {
            Kind::If => {
                let parent = on(&stack);
                let has_else = blocks.get(&i).copied().unwrap_or(false);
                let first = way == Way::First;
                stack.push(Frame { parent, on: parent && first, branch: 0, is_if: true, has_else });
            }
            Kind::ElseIf | Kind::Else => {
                if let Some(f) = stack.last_mut().filter(|f| f.is_if) {
                    f.branch += 1;
                    // The last branch is the `#else`; an `#if` without one takes none last.
                    let last = matches!(t.kind, Kind::Else);
                    f.on = f.parent && way == Way::Last && last && f.has_else;
                }
            }
            Kind::Foreach => {
                let parent = on(&stack);
                stack.push(Frame { parent, on: parent, branch: 0, is_if: false, has_else: false });
            }
            Kind::Definition => {
                let parent = on(&stack);
                stack.push(Frame { parent, on: false, branch: 0, is_if: false, has_else: false });
            }
            Kind::End => {
                stack.pop();
            }
            Kind::Comment | Kind::Silent { .. } => {}
            Kind::Text if on(&stack) => out.text(template, t.range.clone()),
            Kind::Reference(r) if on(&stack) => out.reference(template, t.range.clone(), r, inputs),
            Kind::Text | Kind::Reference(_) => {}
        }
    }
    let fallback = template.map.to_file(0).unwrap_or(0);
    let mut text = out.builder.finish(fallback);
    if matches!(template.map, OffsetMap::Detached) {
        text.map = OffsetMap::Detached;
    }
    Expanded { text, unsure: out.unsure }
}

/// Where the JSON written so far stands, enough to tell whether a reference is inside a string
/// and whether a value may stand where it is.
#[derive(Default)]
struct JsonState {
    in_string: bool,
    escaped: bool,
    /// The last byte written outside strings and blanks (`"` for a string that ended).
    last: Option<u8>,
    /// Whether the innermost open bracket is an object's (`{`) rather than an array's.
    in_object: Vec<bool>,
}

impl JsonState {
    fn feed(&mut self, s: &str) {
        for &b in s.as_bytes() {
            if self.in_string {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => {
                        self.in_string = false;
                        self.last = Some(b'"');
                    }
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'{' | b'[' => {
                    self.in_object.push(b == b'{');
                    self.last = Some(b);
                }
                b'}' | b']' => {
                    self.in_object.pop();
                    self.last = Some(b);
                }
                _ => self.last = Some(b),
            }
        }
    }

    /// Whether a JSON value may stand next: at the start, after `:`, or as an array item.
    fn value_expected(&self) -> bool {
        match self.last {
            None => true,
            Some(b':') => true,
            Some(b'[') => true,
            Some(b',') => self.in_object.last() == Some(&false),
            Some(_) => false,
        }
    }
}

struct Writer {
    builder: TextBuilder,
    json: JsonState,
    unsure: bool,
}

impl Writer {
    fn text(&mut self, template: &Text, range: Range<usize>) {
        if let Some(s) = template.value.get(range.clone()) {
            self.json.feed(s);
        }
        self.builder.push_from(template, range);
    }

    fn reference(&mut self, template: &Text, range: Range<usize>, r: &Reference, inputs: &BTreeMap<String, String>) {
        let Some(written) = template.value.get(range.clone()) else { return };
        let at = template.map.to_file(range.start).unwrap_or(0);
        let len = template.map.to_file(range.end).unwrap_or(at).saturating_sub(at);
        if self.json.in_string {
            // Unknown content inside a string: as written, escaped where JSON needs it.
            let quoted = serde_json::Value::from(written).to_string();
            let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
            if inner == written {
                self.builder.push_from(template, range);
            } else {
                self.builder.push_decoded(inner, at, len);
            }
            return;
        }
        if !self.json.value_expected() {
            self.unsure = true;
        }
        // A whole value: a literal of the input's type where the contract says one, else a
        // string holding the reference (a value of any type to the body checks).
        let typed = r.input.as_ref().and_then(|name| inputs.get(name)).and_then(|ty| match ty.as_str() {
            "number" | "integer" => Some("1"),
            // `false`: a value that asks for nothing, so that no rule reads an action into
            // it (`"held": ${input.hold}` beside a disconnect is no contradiction unless it is
            // true, which gclint cannot know).
            "boolean" => Some("false"),
            _ => None,
        });
        let value = match typed {
            Some(literal) => literal.to_owned(),
            None => serde_json::Value::from(written).to_string(),
        };
        // Known to be no string once written (a stand-in literal, or a whole string).
        self.json.feed(if typed.is_some() { "0" } else { "\"\"" });
        self.builder.push_decoded(&value, at, len);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::text::decode_json_string;

    fn inputs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    /// The bodies of a template written as is at offset 0.
    fn values(template: &str, types: &[(&str, &str)]) -> Option<Vec<String>> {
        match bodies(&Text::verbatim(template, 0), &inputs(types)) {
            Bodies::Unknown => None,
            Bodies::Variants(v) => Some(v.into_iter().map(|t| t.value).collect()),
        }
    }

    #[test]
    fn references_inside_strings_stay_as_written() {
        let t = r#"{"textBody": "$esc.jsonString(${input.body})", "to": "${input.to}", "q": "$!{input.q}"}"#;
        assert_eq!(values(t, &[]), Some(vec![t.to_owned()]));
    }

    #[test]
    fn a_reference_standing_for_a_value_becomes_a_string_or_a_typed_literal() {
        let t = r#"{"attributes": ${input.attributes}, "n": $input.count, "b": $!{input.flag}, "s": $input.name}"#;
        let got = values(t, &[("count", "integer"), ("flag", "boolean"), ("name", "string")]).unwrap();
        assert_eq!(got, vec![r#"{"attributes": "${input.attributes}", "n": 1, "b": false, "s": "$input.name"}"#]);
        // A method call is of unknown type, whatever the input's.
        let got = values(r#"{"n": $input.count.intValue()}"#, &[("count", "integer")]).unwrap();
        assert_eq!(got, vec![r#"{"n": "$input.count.intValue()"}"#]);
    }

    #[test]
    fn positions_map_through_the_json_string_escapes() {
        // The template as it stands in an export: a JSON string literal at offset 10.
        let file = r#"0123456789"{\n \"n\": ${input.count},\n \"s\": \"${input.s}\"\n}""#;
        let literal = &file[10..];
        let template = decode_json_string(literal, 10).unwrap();
        let Bodies::Variants(v) = bodies(&template, &inputs(&[("count", "number")])) else { panic!() };
        let body = &v[0];
        assert_eq!(body.value, "{\n \"n\": 1,\n \"s\": \"${input.s}\"\n}");
        let at = |needle: &str| body.map.to_file(body.value.find(needle).unwrap()).unwrap();
        assert!(file[at("\"n\"")..].starts_with(r#"\"n\""#));
        assert!(file[at("\"s\"")..].starts_with(r#"\"s\""#));
        assert!(file[at("${input.s}")..].starts_with("${input.s}"));
        // The stand-in spans the reference it stands for.
        let one = body.value.find('1').unwrap();
        let (from, to) = (body.map.to_file(one).unwrap(), body.map.to_file(one + 1).unwrap());
        assert_eq!(&file[from..to], "${input.count}");
        // The closing brace, after an escaped newline.
        assert_eq!(&file[at("}")..at("}") + 1], "}");
    }

    #[test]
    fn directives_are_alternatives() {
        let t = r##"{"state": #if($input.hangUp)"disconnected"#else"connected"#end}"##;
        assert_eq!(values(t, &[]).unwrap(), vec![r#"{"state": "disconnected"}"#, r#"{"state": "connected"}"#]);
        // Nested, with `#elseif`, braced forms and comments.
        let t = "## a comment\n{#* block\ncomment *#\"a\": #if($x)#{if}($y)1#{else}2#{end}#elseif($z)3#else 4#end}";
        assert_eq!(values(t, &[]).unwrap(), vec!["{\"a\": 1}", "{\"a\":  4}"]);
        // `#set` writes nothing; `#foreach` writes its body once.
        let t = r##"#set($n = 0)[#foreach($s in $input.skills){"id": "$s"}#if($foreach.hasNext),#end#end]"##;
        assert_eq!(values(t, &[]).unwrap(), vec![r#"[{"id": "$s"}]"#]);
    }

    #[test]
    fn invalid_json_from_directives_is_quiet_and_without_them_is_kept() {
        // Every way through gives broken JSON: the body is unknown.
        assert_eq!(values(r#"{"a": 1 #if($x), "b": 2,#else,#end}"#, &[]), None);
        // Without directives the mistake is the template's.
        assert_eq!(values(r#"{"a": 1,}"#, &[]), Some(vec![r#"{"a": 1,}"#.to_owned()]));
        // A reference where a value cannot stand makes broken JSON possibly right at run time.
        assert_eq!(values(r#"{"a": 1, $input.more}"#, &[]), None);
    }

    #[test]
    fn the_input_object_as_the_body_is_unknown() {
        for t in ["${input.rawRequest}", "  $!{input.rawRequest}\n", "$input.rawRequest", "## c\n$!input.rawRequest"] {
            assert_eq!(values(t, &[]), None, "{t}");
        }
        assert!(values(r#"{"r": "${input.rawRequest}"}"#, &[]).is_some());
    }

    #[test]
    fn text_that_only_looks_like_velocity_is_text() {
        let t = r##"{"color": "#fff", "tag": "#1", "cost": "$5", "n": "#endpoint $ {x} $!", "m": "#if no args"}"##;
        assert_eq!(values(t, &[]), Some(vec![t.to_owned()]));
        // `##` starts a comment even inside a string (Velocity does not know JSON): what it
        // hides breaks the body, and that is the template's mistake.
        let t = "{\"x\": \"a ##b\"}\n";
        assert_eq!(values(t, &[]), Some(vec!["{\"x\": \"a ".to_owned()]));
    }

    #[test]
    fn many_blocks_give_two_bodies_and_deep_nesting_is_bounded() {
        let mut t = String::from("[");
        for i in 1..=40 {
            t.push_str(&format!(
                "#if(\"$!{{input.skillId{i}}}\" != \"\")\n{}{{\"id\": \"$!{{input.skillId{i}}}\"}}\n#end\n",
                if i > 1 { "," } else { "" }
            ));
        }
        t.push(']');
        let got = values(&t, &[]).unwrap();
        assert_eq!(got.len(), 2);
        assert!(got[1].replace(char::is_whitespace, "") == "[]");
        // Hostile: deep nesting and unclosed groups cost one pass.
        let deep = format!("{}1{}", "#if($x)[".repeat(50_000), "]#end".repeat(50_000));
        assert_eq!(values(&deep, &[]), None);
        let open = "${a".repeat(100_000);
        assert_eq!(values(&open, &[]), Some(vec![open.clone()]));
        let unclosed = format!("{}{}", "#if(".repeat(10_000), "$x(".repeat(10_000));
        assert_eq!(values(&unclosed, &[]), Some(vec![unclosed.clone()]));
    }

    #[test]
    fn every_byte_of_a_body_maps_into_the_template() {
        let file = r#""{\"a\": \"\u00e9${input.x}\", #if($y)\"b\": $input.n#else\"c\": 2#end}""#;
        let template = decode_json_string(file, 0).unwrap();
        let Bodies::Variants(v) = bodies(&template, &inputs(&[("n", "integer")])) else { panic!() };
        assert_eq!(v.len(), 2);
        for body in &v {
            for (i, _) in body.value.char_indices() {
                let at = body.map.to_file(i).unwrap();
                assert!(at < file.len(), "{i} of {:?} maps off the file", body.value);
            }
        }
        let b = &v[1];
        let c = b.value.find("\"c\"").unwrap();
        assert!(file[b.map.to_file(c).unwrap()..].starts_with(r#"\"c\""#));
    }
}
