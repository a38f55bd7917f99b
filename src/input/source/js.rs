//! JavaScript and TypeScript source, parsed by tree-sitter: the imports of Genesys packages, the
//! calls of SDK API methods and the raw HTTP requests to `/api/v2/`, with their arguments as far
//! as the file tells them.
//!
//! Any file may be hostile: the syntax tree is walked with a cursor (never by recursion on its
//! depth), a value nests at most [`MAX_DEPTH`] deep, and the work spent on values is bounded per
//! file ([`BUDGET`]), so that a name traced many times over cannot multiply it.

#![deny(clippy::string_slice)]

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Node, Parser};

use super::model::{Arg, Call, Callee, Found, Import, Value};
use crate::text::{Text, TextBuilder};

/// The grammar a file is parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `.js`, `.mjs`, `.cjs`, `.jsx`: the JavaScript grammar, which reads JSX too.
    JavaScript,
    /// `.ts`, `.mts`, `.cts`.
    TypeScript,
    /// `.tsx`: TypeScript with JSX (`<T>x` type assertions are not allowed there).
    Tsx,
}

/// The dialect of a file extension (with or without its dot, any case).
pub fn dialect_of(extension: &str) -> Option<Dialect> {
    let ext = extension.strip_prefix('.').unwrap_or(extension).to_ascii_lowercase();
    match ext.as_str() {
        "js" | "mjs" | "cjs" | "jsx" => Some(Dialect::JavaScript),
        "ts" | "mts" | "cts" => Some(Dialect::TypeScript),
        "tsx" => Some(Dialect::Tsx),
        _ => None,
    }
}

/// How deep a value nests (objects, arrays, wrappers, names traced to their literal) before the
/// rest of it is taken as opaque.
const MAX_DEPTH: usize = 64;

/// How many syntax nodes the values of one file may take in all, and one argument: a name traced
/// at every call (or a literal made of names made of names) must not turn a small file into a
/// long run. What is past the budget is opaque.
const BUDGET: usize = 250_000;
const VALUE_BUDGET: usize = 50_000;

/// Methods every object has (or every promise): never an API method.
const NOT_METHODS: &[&str] = &["then", "catch", "finally", "bind", "call", "apply", "constructor", "toString"];

/// Methods that change the object they are called on: a name they are called on is not a
/// literal any more.
const MUTATORS: &[&str] = &[
    "push",
    "pop",
    "shift",
    "unshift",
    "splice",
    "sort",
    "reverse",
    "fill",
    "copyWithin",
    "set",
    "delete",
    "clear",
    "add",
];

/// The Genesys imports, SDK calls and raw API requests of `text`, which starts at offset `base` of
/// its file (after a byte-order mark). Every span is a file offset.
pub fn find(text: &str, base: usize, dialect: Dialect) -> Found {
    let language = match dialect {
        Dialect::JavaScript => tree_sitter_javascript::LANGUAGE,
        Dialect::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT,
        Dialect::Tsx => tree_sitter_typescript::LANGUAGE_TSX,
    };
    let mut parser = Parser::new();
    if parser.set_language(&language.into()).is_err() {
        return Found::default();
    }
    let Some(tree) = parser.parse(text, None) else { return Found::default() };
    let mut scan = Scan::new(text, base);
    let calls = scan.collect(tree.root_node());
    for call in calls {
        scan.call(call);
    }
    scan.found
}

/// A name declared in the file: how many times, and the value of its one declaration.
struct Decl<'a> {
    count: u32,
    value: Option<Node<'a>>,
}

/// What the file binds, gathered in one walk before the calls are read.
struct Scan<'a> {
    src: &'a str,
    base: usize,
    found: Found,
    /// Names bound to a Genesys package as a whole (`platformClient`).
    namespaces: HashSet<&'a str>,
    /// Names (and `this.x`) bound to an API class itself: a named import, a destructured
    /// namespace, `const C = platformClient.ConversationsApi`.
    classes: HashMap<String, String>,
    /// Receivers (a name, `this.x`, `obj.x`) bound to an object of an API class, with where
    /// each binding is made: a name made an object of one class in one function and of another
    /// in the next (`let apiInstance = new ...` in each) is, at a call, the object of the last
    /// binding before it.
    instances: HashMap<String, Vec<(usize, String)>>,
    /// Receivers bound to something else, which their name does not make an API object.
    others: HashSet<String>,
    /// Receivers bound to `new XMLHttpRequest()`.
    xhrs: HashSet<String>,
    /// Receivers bound to `axios.create(config)`, with the config.
    axios: HashMap<String, Option<Node<'a>>>,
    decls: HashMap<&'a str, Decl<'a>>,
    /// Names assigned again or changed in place after their declaration.
    changed: HashSet<&'a str>,
    /// The open XMLHttpRequests, by receiver: the index of their call in `found.calls`.
    open: HashMap<String, usize>,
    budget: usize,
    value_budget: usize,
}

/// The arguments of a call, comments left out.
fn arguments<'a>(call: Node<'a>) -> Option<Vec<Node<'a>>> {
    let args = call.child_by_field_name("arguments").filter(|a| a.kind() == "arguments")?;
    Some(named(args))
}

fn named(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect()
}

/// Whether a package or name is a Genesys one.
fn genesys(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("purecloud") || lower.contains("genesys")
}

/// `conversationsApi` → `ConversationsApi`: a name that says its API class.
fn class_of_name(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first = chars.next()?;
    let fits = first.is_ascii_lowercase()
        && name.len() > 3
        && name.ends_with("Api")
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    fits.then(|| first.to_ascii_uppercase().to_string() + chars.as_str())
}

/// An API class name as written in `new platformClient.XxxApi()`.
fn is_class(name: &str) -> bool {
    name.len() > 3
        && name.ends_with("Api")
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `text` is a number as JSON writes it.
fn json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    if b.first() == Some(&b'0') {
        i = 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// Appends the body of a JS string or template literal, `raw`, which stands at `at` in the file,
/// its escapes decoded.
fn push_js(b: &mut TextBuilder, raw: &str, at: usize) {
    let mut i = 0;
    while i < raw.len() {
        let rest = raw.get(i..).unwrap_or_default();
        let Some(rel) = memchr::memchr(b'\\', rest.as_bytes()) else {
            b.push_str(rest, at + i);
            return;
        };
        if rel > 0 {
            b.push_str(rest.get(..rel).unwrap_or_default(), at + i);
        }
        i += rel;
        let (decoded, len) = escape(raw.get(i..).unwrap_or_default());
        b.push_decoded(&decoded, at + i, len);
        i += len;
    }
}

/// The escape sequence at the start of `s` (which starts with `\`): what it stands for, and its
/// length in bytes.
fn escape(s: &str) -> (String, usize) {
    let mut chars = s.chars();
    chars.next();
    let Some(c) = chars.next() else { return (String::new(), s.len()) };
    let hex = |from: usize, n: usize| -> Option<u32> {
        let digits = s.get(from..from + n)?;
        digits.bytes().all(|d| d.is_ascii_hexdigit()).then(|| u32::from_str_radix(digits, 16).ok())?
    };
    let simple = |ch: char| (ch.to_string(), 2);
    match c {
        'n' => simple('\n'),
        't' => simple('\t'),
        'r' => simple('\r'),
        'b' => simple('\u{8}'),
        'f' => simple('\u{c}'),
        'v' => simple('\u{b}'),
        '0' if !s.as_bytes().get(2).is_some_and(u8::is_ascii_digit) => simple('\0'),
        'x' => match hex(2, 2).and_then(char::from_u32) {
            Some(ch) => (ch.to_string(), 4),
            None => simple('x'),
        },
        'u' if s.as_bytes().get(2) == Some(&b'{') => {
            // Looked for among the next few bytes only: `\u{\u{\u{...` must not rescan the rest.
            let close =
                s.get(3..).and_then(|r| r.bytes().take(8).position(|b| b == b'}')).filter(|&n| (1..=6).contains(&n));
            match close.and_then(|n| hex(3, n).map(|v| (v, n))) {
                Some((v, n)) => (char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER).to_string(), n + 4),
                None => simple('u'),
            }
        }
        'u' => match hex(2, 4) {
            Some(hi @ 0xD800..=0xDBFF) => {
                let lo = (s.get(6..8) == Some("\\u")).then(|| hex(8, 4)).flatten();
                match lo {
                    Some(lo @ 0xDC00..=0xDFFF) => {
                        let ch = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                        (ch.unwrap_or(char::REPLACEMENT_CHARACTER).to_string(), 12)
                    }
                    _ => (char::REPLACEMENT_CHARACTER.to_string(), 6),
                }
            }
            Some(v) => (char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER).to_string(), 6),
            None => simple('u'),
        },
        // A line continuation: the backslash and the line end stand for nothing.
        '\r' if s.as_bytes().get(2) == Some(&b'\n') => (String::new(), 3),
        '\r' | '\n' | '\u{2028}' | '\u{2029}' => (String::new(), 1 + c.len_utf8()),
        c => (c.to_string(), 1 + c.len_utf8()),
    }
}

/// The library (other than `fetch`) a raw HTTP call goes through, which says where its options put the method, the
/// URL, the body and the headers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Library {
    Axios,
    Got,
    Request,
}

impl Library {
    fn url_keys(self) -> &'static [&'static str] {
        match self {
            Library::Request => &["uri", "url"],
            _ => &["url"],
        }
    }

    fn base_key(self) -> &'static str {
        match self {
            Library::Axios => "baseURL",
            Library::Got => "prefixUrl",
            Library::Request => "baseUrl",
        }
    }
}

impl<'a> Scan<'a> {
    fn new(src: &'a str, base: usize) -> Self {
        Scan {
            src,
            base,
            found: Found::default(),
            namespaces: HashSet::new(),
            classes: HashMap::new(),
            instances: HashMap::new(),
            others: HashSet::new(),
            xhrs: HashSet::new(),
            axios: HashMap::new(),
            decls: HashMap::new(),
            changed: HashSet::new(),
            open: HashMap::new(),
            budget: BUDGET,
            value_budget: VALUE_BUDGET,
        }
    }

    fn text(&self, node: Node<'_>) -> &'a str {
        self.src.get(node.byte_range()).unwrap_or_default()
    }

    fn span(&self, node: Node<'_>) -> Range<usize> {
        self.base + node.start_byte()..self.base + node.end_byte()
    }

    /// One walk over the whole tree: imports, declarations, bindings, changes; and the calls,
    /// in the order written, read once everything they may refer to is known.
    fn collect(&mut self, root: Node<'a>) -> Vec<Node<'a>> {
        let mut calls = Vec::new();
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            if node.kind() == "call_expression" {
                calls.push(node);
            }
            self.visit(node);
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return calls;
                }
            }
        }
    }

    fn visit(&mut self, node: Node<'a>) {
        match node.kind() {
            "import_statement" => self.import_statement(node),
            // `export { X } from 'p'` names the package too.
            "export_statement" => {
                if let Some((package, span)) = node.child_by_field_name("source").and_then(|s| self.package(s)) {
                    self.add_import(package, span);
                }
            }
            "call_expression" => self.visit_call(node),
            "variable_declarator" => self.declarator(node),
            "assignment_expression" => {
                let (Some(left), right) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                    return;
                };
                self.change(left);
                if let (Some(key), Some(right)) = (self.key(left), right) {
                    self.bind(key, right);
                }
            }
            "augmented_assignment_expression" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.change(left);
                }
            }
            "update_expression" => {
                if let Some(arg) = node.child_by_field_name("argument") {
                    self.change(arg);
                }
            }
            "unary_expression" => {
                let delete = node.child_by_field_name("operator").is_some_and(|o| o.kind() == "delete");
                if let (true, Some(arg)) = (delete, node.child_by_field_name("argument")) {
                    self.change(arg);
                }
            }
            "field_definition" | "public_field_definition" => {
                let name = node.child_by_field_name("property").or_else(|| node.child_by_field_name("name"));
                let Some(name) = name else { return };
                let key = format!("this.{}", self.text(name));
                match (node.child_by_field_name("value"), node.child_by_field_name("type")) {
                    (Some(value), _) => self.bind(key, value),
                    (None, Some(annotation)) => self.typed(key, annotation),
                    (None, None) => {}
                }
            }
            // `constructor(private api: ConversationsApi)`: a parameter that is a field too.
            "required_parameter" | "optional_parameter" => {
                let name = node.child_by_field_name("pattern").or_else(|| node.child_by_field_name("name"));
                let (Some(name), Some(annotation)) = (name, node.child_by_field_name("type")) else { return };
                if name.kind() != "identifier" {
                    return;
                }
                let field =
                    named(node).iter().any(|n| matches!(n.kind(), "accessibility_modifier" | "override_modifier"))
                        || self.src.get(node.byte_range()).is_some_and(|t| t.starts_with("readonly"));
                if field {
                    self.typed(format!("this.{}", self.text(name)), annotation);
                }
                self.typed(self.text(name).to_owned(), annotation);
            }
            "formal_parameters" => {
                for param in named(node) {
                    self.declare_pattern(param);
                }
            }
            "arrow_function" => {
                if let Some(param) = node.child_by_field_name("parameter") {
                    self.declare_pattern(param);
                }
            }
            "catch_clause" => {
                if let Some(param) = node.child_by_field_name("parameter") {
                    self.declare_pattern(param);
                }
            }
            "function_declaration" | "generator_function_declaration" | "class_declaration" => {
                if let Some(name) = node.child_by_field_name("name") {
                    self.declare(self.text(name), None);
                }
            }
            "for_in_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    if node.child_by_field_name("kind").is_some() {
                        self.declare_pattern(left);
                    } else {
                        self.change(left);
                    }
                }
            }
            _ => {}
        }
    }

    fn declare(&mut self, name: &'a str, value: Option<Node<'a>>) {
        let decl = self.decls.entry(name).or_insert(Decl { count: 0, value: None });
        decl.count += 1;
        decl.value = value;
    }

    /// Declares every name a binding pattern binds (`a`, `{ a, b: c }`, `[a, ...b]`, `a = 1`).
    fn declare_pattern(&mut self, pattern: Node<'a>) {
        for name in self.pattern_names(pattern) {
            self.declare(name, None);
        }
    }

    fn pattern_names(&self, pattern: Node<'a>) -> Vec<&'a str> {
        let mut names = Vec::new();
        let mut stack = vec![pattern];
        // A pattern is small; the bound keeps a hostile one from costing more than its size.
        let mut steps = 0;
        while let Some(node) = stack.pop() {
            steps += 1;
            if steps > 10_000 {
                break;
            }
            match node.kind() {
                "identifier" | "shorthand_property_identifier_pattern" => names.push(self.text(node)),
                "object_pattern" | "array_pattern" | "rest_pattern" => stack.extend(named(node)),
                "pair_pattern" => stack.extend(node.child_by_field_name("value")),
                "assignment_pattern" | "object_assignment_pattern" => stack.extend(node.child_by_field_name("left")),
                "required_parameter" | "optional_parameter" => {
                    stack.extend(node.child_by_field_name("pattern").or_else(|| node.child_by_field_name("name")))
                }
                _ => {}
            }
        }
        names
    }

    /// A name or member whose value changes: a name assigned again, an object changed in place.
    fn change(&mut self, target: Node<'a>) {
        match target.kind() {
            "identifier" => {
                self.changed.insert(self.text(target));
            }
            "object_pattern" | "array_pattern" => {
                for name in self.pattern_names(target) {
                    self.changed.insert(name);
                }
            }
            _ => {
                if let Some(root) = self.root_name(target) {
                    self.changed.insert(root);
                }
            }
        }
    }

    /// `body` in `body.a.b`, `body[0].c`, `(body as T).x`.
    fn root_name(&self, mut node: Node<'a>) -> Option<&'a str> {
        loop {
            node = match node.kind() {
                "identifier" => return Some(self.text(node)),
                "member_expression" | "subscript_expression" => node.child_by_field_name("object")?,
                "parenthesized_expression" | "non_null_expression" | "as_expression" | "satisfies_expression" => {
                    node.named_child(0)?
                }
                _ => return None,
            };
        }
    }

    /// The receiver key of a name or a member of a name or `this`: `api`, `this.api`, `apis.c`.
    fn key(&self, node: Node<'a>) -> Option<String> {
        match node.kind() {
            "identifier" => Some(self.text(node).to_owned()),
            "member_expression" => {
                let object = node.child_by_field_name("object")?;
                let property = node.child_by_field_name("property")?;
                matches!(object.kind(), "identifier" | "this")
                    .then(|| format!("{}.{}", self.text(object), self.text(property)))
            }
            "parenthesized_expression" | "non_null_expression" => self.key(unwrap(node)),
            _ => None,
        }
    }

    /// The package a `require('p')` or `import('p')` call loads, with the span inside the quotes.
    fn loaded_package(&self, call: Node<'a>) -> Option<(String, Range<usize>)> {
        let function = call.child_by_field_name("function")?;
        let loads =
            function.kind() == "import" || (function.kind() == "identifier" && self.text(function) == "require");
        if !loads {
            return None;
        }
        let first = *arguments(call)?.first()?;
        self.package(first)
    }

    fn package(&self, string: Node<'a>) -> Option<(String, Range<usize>)> {
        if string.kind() != "string" {
            return None;
        }
        let text = self.string(string);
        let inner = self.inner(string);
        Some((text.value, self.base + inner.start..self.base + inner.end))
    }

    /// The bytes of a string or template between its quotes (relative to the text).
    fn inner(&self, literal: Node<'_>) -> Range<usize> {
        let range = literal.byte_range();
        let raw = self.src.get(range.clone()).unwrap_or_default();
        let quote = raw.chars().next();
        let closed = raw.len() >= 2 && quote.is_some_and(|q| raw.ends_with(q));
        range.start + usize::from(!raw.is_empty())..range.end - usize::from(closed)
    }

    fn add_import(&mut self, package: String, span: Range<usize>) {
        if genesys(&package) {
            self.found.imports.push(Import { package, span });
        }
    }

    fn import_statement(&mut self, node: Node<'a>) {
        let mut source = node.child_by_field_name("source");
        let mut binds = Vec::new();
        for child in named(node) {
            match child.kind() {
                "import_clause" => binds.extend(named(child)),
                "import_require_clause" => {
                    source = child.child_by_field_name("source");
                    binds.extend(named(child).into_iter().filter(|n| n.kind() == "identifier"));
                }
                _ => {}
            }
        }
        let Some((package, span)) = source.and_then(|s| self.package(s)) else { return };
        let sdk = genesys(&package);
        self.add_import(package, span);
        for bind in binds {
            match bind.kind() {
                "identifier" => self.bind_namespace(bind, sdk),
                "namespace_import" => {
                    if let Some(name) = named(bind).into_iter().find(|n| n.kind() == "identifier") {
                        self.bind_namespace(name, sdk);
                    }
                }
                "named_imports" => {
                    for spec in named(bind).into_iter().filter(|n| n.kind() == "import_specifier") {
                        let Some(name) = spec.child_by_field_name("name") else { continue };
                        let local = spec.child_by_field_name("alias").unwrap_or(name);
                        self.declare(self.text(local), None);
                        if !sdk {
                            continue;
                        }
                        let imported = self.text(name);
                        if imported == "default" {
                            self.namespaces.insert(self.text(local));
                        } else if is_class(imported) {
                            self.classes.insert(self.text(local).to_owned(), imported.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn bind_namespace(&mut self, name: Node<'a>, sdk: bool) {
        let name = self.text(name);
        self.declare(name, None);
        if sdk {
            self.namespaces.insert(name);
        }
    }

    fn visit_call(&mut self, call: Node<'a>) {
        if let Some((package, span)) = self.loaded_package(call) {
            self.add_import(package, span);
            return;
        }
        let Some(function) = call.child_by_field_name("function") else { return };
        if function.kind() != "member_expression" {
            return;
        }
        let (Some(object), Some(property)) =
            (function.child_by_field_name("object"), function.child_by_field_name("property"))
        else {
            return;
        };
        let method = self.text(property);
        if MUTATORS.contains(&method) {
            self.change(object);
        } else if method == "assign" && self.text(object) == "Object" {
            if let Some(&target) = arguments(call).unwrap_or_default().first() {
                self.change(target);
            }
        }
    }

    fn declarator(&mut self, node: Node<'a>) {
        let Some(name) = node.child_by_field_name("name") else { return };
        let value = node.child_by_field_name("value");
        if name.kind() != "identifier" {
            self.declare_pattern(name);
            // `const { ConversationsApi } = platformClient` (or `= require('purecloud-...')`).
            if let (Some(value), "object_pattern") = (value, name.kind()) {
                if self.is_sdk_module(unwrap(value)) {
                    self.bind_classes(name);
                }
            }
            return;
        }
        self.declare(self.text(name), value);
        let Some(value) = value else {
            if let Some(annotation) = node.child_by_field_name("type") {
                self.typed(self.text(name).to_owned(), annotation);
            }
            return;
        };
        let inner = unwrap(value);
        if inner.kind() == "call_expression" {
            if let Some((package, _)) = self.loaded_package(inner) {
                if genesys(&package) {
                    self.namespaces.insert(self.text(name));
                }
                return;
            }
        }
        self.bind(self.text(name).to_owned(), value);
    }

    /// Whether `node` is a Genesys package as a whole: a namespace name or its loading.
    fn is_sdk_module(&self, node: Node<'a>) -> bool {
        match node.kind() {
            "identifier" => self.namespaces.contains(self.text(node)),
            "call_expression" => self.loaded_package(node).is_some_and(|(p, _)| genesys(&p)),
            _ => false,
        }
    }

    /// Whether `node` names the SDK's namespace: a name bound by a Genesys import, or a name that
    /// says it (`platformClient`, `window.platformClient`: the browser SDK is a global).
    fn is_namespace(&self, node: Node<'a>) -> bool {
        match node.kind() {
            "identifier" => {
                let name = self.text(node);
                self.namespaces.contains(name) || genesys(name) || name.eq_ignore_ascii_case("platformClient")
            }
            "member_expression" => {
                let text = self.text(node);
                genesys(text) || text.to_ascii_lowercase().contains("platformclient")
            }
            _ => false,
        }
    }

    fn bind_classes(&mut self, pattern: Node<'a>) {
        for prop in named(pattern) {
            let (imported, local) = match prop.kind() {
                "shorthand_property_identifier_pattern" => (prop, prop),
                "pair_pattern" => match (prop.child_by_field_name("key"), prop.child_by_field_name("value")) {
                    (Some(k), Some(v)) if v.kind() == "identifier" => (k, v),
                    _ => continue,
                },
                _ => continue,
            };
            if is_class(self.text(imported)) {
                self.classes.insert(self.text(local).to_owned(), self.text(imported).to_owned());
            }
        }
    }

    /// The API class that `constructor` in `new constructor(...)` names, if it is one of the SDK.
    fn sdk_class(&self, constructor: Node<'a>) -> Option<String> {
        match constructor.kind() {
            "identifier" => self.classes.get(self.text(constructor)).cloned(),
            "member_expression" => {
                let object = constructor.child_by_field_name("object")?;
                let name = self.text(constructor.child_by_field_name("property")?);
                (is_class(name) && self.is_namespace(object)).then(|| name.to_owned())
            }
            _ => None,
        }
    }

    /// Records what `key` is bound to: an API object, an API class, an XMLHttpRequest, an axios
    /// instance, or something else.
    fn bind(&mut self, key: String, value: Node<'a>) {
        let value = unwrap(value);
        match value.kind() {
            "new_expression" => {
                let Some(constructor) = value.child_by_field_name("constructor") else { return };
                if let Some(class) = self.sdk_class(constructor) {
                    self.instances.entry(key).or_default().push((value.start_byte(), class));
                    return;
                }
                if self.text(constructor) == "XMLHttpRequest" {
                    self.xhrs.insert(key.clone());
                }
            }
            "call_expression" => {
                let function = value.child_by_field_name("function").map(|f| self.text(f));
                if function != Some("axios.create") {
                    // What a call returns is not in sight: the name may still say it.
                    return;
                }
                let config = arguments(value).unwrap_or_default().first().copied();
                self.axios.insert(key.clone(), config);
            }
            "member_expression" | "identifier" => {
                if let Some(class) = self.sdk_class(value) {
                    self.classes.insert(key, class);
                }
                return;
            }
            "object"
            | "array"
            | "string"
            | "template_string"
            | "number"
            | "true"
            | "false"
            | "null"
            | "arrow_function"
            | "function_expression"
            | "class" => {}
            _ => return,
        }
        self.others.insert(key);
    }

    /// `api: ConversationsApi`, `api: platformClient.ConversationsApi`: a TypeScript annotation
    /// that says the API class of what `key` holds.
    fn typed(&mut self, key: String, annotation: Node<'a>) {
        let Some(ty) = named(annotation).into_iter().next() else { return };
        let class = match ty.kind() {
            "type_identifier" => self.classes.get(self.text(ty)).cloned(),
            "nested_type_identifier" => {
                let text = self.text(ty);
                let (prefix, name) = text.rsplit_once('.').unwrap_or_default();
                let namespace = self.namespaces.contains(prefix.trim())
                    || genesys(prefix)
                    || prefix.to_ascii_lowercase().contains("platformclient");
                (namespace && is_class(name.trim())).then(|| name.trim().to_owned())
            }
            _ => None,
        };
        if let Some(class) = class {
            self.instances.entry(key).or_default().push((annotation.start_byte(), class));
        }
    }

    /// The API class of the receiver of a method call, and whether it is the class itself.
    fn sdk_receiver(&self, object: Node<'a>) -> Option<(String, bool)> {
        let object = unwrap(object);
        match object.kind() {
            "new_expression" => Some((self.sdk_class(object.child_by_field_name("constructor")?)?, false)),
            "identifier" | "member_expression" => {
                let key = self.key(object);
                if let Some(key) = &key {
                    if let Some(bound) = self.instances.get(key) {
                        let at = object.start_byte();
                        let last_before = bound.iter().filter(|(made, _)| *made <= at).max_by_key(|(made, _)| *made);
                        if let Some((_, class)) = last_before.or(bound.first()) {
                            return Some((class.clone(), false));
                        }
                    }
                    if let Some(class) = self.classes.get(key) {
                        return Some((class.clone(), true));
                    }
                }
                if let Some(class) = self.sdk_class(object).filter(|_| object.kind() == "member_expression") {
                    return Some((class, true));
                }
                if key.is_some_and(|k| self.others.contains(&k)) {
                    return None;
                }
                let last = match object.kind() {
                    "identifier" => object,
                    _ => object.child_by_field_name("property")?,
                };
                Some((class_of_name(self.text(last))?, false))
            }
            _ => None,
        }
    }

    fn call(&mut self, call: Node<'a>) {
        let Some(mut function) = call.child_by_field_name("function") else { return };
        // The TypeScript grammar reads `await f<T>(x)` as the call of `await f`.
        if function.kind() == "await_expression" {
            let Some(inner) = function.named_child(0) else { return };
            function = inner;
        }
        let Some(args) = arguments(call) else { return };
        match function.kind() {
            "identifier" => {
                let name = self.text(function);
                match name {
                    "fetch" => self.fetch(call, function, &args),
                    "axios" => self.http(call, function, Library::Axios, None, &args, None),
                    "got" => self.http(call, function, Library::Got, None, &args, None),
                    "request" => self.http(call, function, Library::Request, None, &args, None),
                    _ => {
                        if let Some(config) = self.axios.get(name).copied() {
                            self.http(call, function, Library::Axios, None, &args, config);
                        }
                    }
                }
            }
            "member_expression" => {
                let (Some(object), Some(property)) =
                    (function.child_by_field_name("object"), function.child_by_field_name("property"))
                else {
                    return;
                };
                let method = self.text(property);
                if property.kind() == "property_identifier" && !NOT_METHODS.contains(&method) {
                    if let Some((class, on_class)) = self.sdk_receiver(object) {
                        let args = args.iter().map(|&a| Arg { name: None, value: self.arg(a) }).collect();
                        let callee = Callee::Sdk {
                            class,
                            method: method.to_owned(),
                            method_span: self.span(property),
                            on_class,
                        };
                        self.found.calls.push(Call { callee, args, span: self.span(call) });
                        return;
                    }
                }
                self.member_http(call, function, object, property, &args);
            }
            _ => {}
        }
    }

    fn member_http(
        &mut self,
        call: Node<'a>,
        function: Node<'a>,
        object: Node<'a>,
        property: Node<'a>,
        args: &[Node<'a>],
    ) {
        let method = self.text(property);
        let receiver = self.text(object);
        if method == "fetch" && matches!(receiver, "window" | "globalThis" | "self") {
            return self.fetch(call, function, args);
        }
        let key = self.key(object);
        if let Some(key) = key.filter(|k| self.xhrs.contains(k) || self.open.contains_key(k) || method == "open") {
            return self.xhr(call, function, key, method, args);
        }
        let (library, config) = match receiver {
            "axios" => (Library::Axios, None),
            "got" => (Library::Got, None),
            "request" => (Library::Request, None),
            _ => match self.axios.get(receiver) {
                Some(&config) => (Library::Axios, config),
                None => return,
            },
        };
        let verb = match (library, method) {
            (_, "get" | "post" | "put" | "patch" | "delete" | "head") => method.to_ascii_uppercase(),
            (Library::Axios, "options") => "OPTIONS".to_owned(),
            (Library::Request, "del") => "DELETE".to_owned(),
            (Library::Axios | Library::Request, "request") => {
                return self.http(call, function, library, None, args, config);
            }
            _ => return,
        };
        let mut b = TextBuilder::new();
        b.push_decoded(&verb, self.base + property.start_byte(), property.byte_range().len());
        let verb = Value::Str(b.finish(self.base + property.start_byte()));
        self.http(call, function, library, Some(verb), args, config);
    }

    fn fetch(&mut self, call: Node<'a>, function: Node<'a>, args: &[Node<'a>]) {
        let Some(&url) = args.first() else { return };
        let url = self.value(url, 0);
        if !holds_api(&url) {
            return;
        }
        let mut request = Request::new(url);
        if let Some(&init) = args.get(1) {
            self.options(&mut request, init, &["method"], &["body"], true);
        }
        self.push_http(call, function, request);
    }

    /// An axios, got or request call: `lib(url, options)`, `lib(options)`, and the verb methods
    /// (`lib.post(url, data, config)` for axios, `lib.post(url, options)` for the others).
    /// `base` is the config of the axios instance called.
    fn http(
        &mut self,
        call: Node<'a>,
        function: Node<'a>,
        library: Library,
        verb: Option<Value>,
        args: &[Node<'a>],
        base: Option<Node<'a>>,
    ) {
        let Some(&first) = args.first() else { return };
        let first_is_options = matches!(self.resolve(first).kind(), "object");
        // `request.patch({ url, ... })`: the other libraries take their options first too.
        let (url, options) = if first_is_options && (verb.is_none() || library != Library::Axios) {
            let fields = self.fields(first);
            let Some(url) = library.url_keys().iter().find_map(|k| fields.get(k)) else { return };
            (self.value(url, 0), Some(first))
        } else {
            (self.value(first, 0), None)
        };
        let sends_data = matches!(verb.as_ref().and_then(Value::as_str), Some("POST" | "PUT" | "PATCH"));
        let axios_data = library == Library::Axios && sends_data;
        let options = options.or_else(|| args.get(if axios_data { 2 } else { 1 }).copied());
        let prefix = [base, options].into_iter().flatten().find_map(|o| self.fields(o).get(library.base_key()));
        let url = match prefix.map(|p| self.value(p, 0)) {
            Some(Value::Str(prefix)) => join(&prefix, url),
            _ => url,
        };
        if !holds_api(&url) {
            return;
        }
        let mut request = Request::new(url);
        let body_keys: &[&str] = match library {
            Library::Axios => &["data"],
            Library::Got => &["json", "body"],
            Library::Request => &["json", "body"],
        };
        if let Some(options) = options {
            self.options(&mut request, options, if verb.is_some() { &[] } else { &["method"] }, body_keys, !axios_data);
        }
        if axios_data {
            match args.get(1) {
                Some(&data) => self.body(&mut request, data),
                None => request.body = None,
            }
        }
        if verb.is_some() {
            request.method = verb;
        }
        self.push_http(call, function, request);
    }

    /// Reads the method, body and headers of an options object into `request`. An options object
    /// the file does not show (a name not traced, a spread that may hold any key) leaves them
    /// unknown.
    fn options(
        &mut self,
        request: &mut Request,
        options: Node<'a>,
        method_keys: &[&str],
        body_keys: &[&str],
        body: bool,
    ) {
        let fields = self.fields(options);
        let unknown = Value::Unknown(self.text(options).to_owned(), self.span(options));
        if !fields.readable {
            if !method_keys.is_empty() {
                request.method = Some(unknown);
            }
            request.body_unknown |= body;
            return;
        }
        match method_keys.iter().find_map(|k| fields.get(k)) {
            Some(method) => request.method = Some(self.value(method, 0)),
            None if fields.spread && !method_keys.is_empty() => request.method = Some(unknown),
            None => {}
        }
        if body {
            // `request`'s `json: true` says the body is JSON; the body is then under `body`.
            let chosen = body_keys.iter().filter_map(|k| fields.get(k)).find(|&n| unwrap(n).kind() != "true");
            match chosen {
                Some(node) => self.body(request, node),
                None if fields.spread => request.body_unknown = true,
                None => {}
            }
        }
        if let Some(headers) = fields.get("headers") {
            request.headers = self.headers(headers);
        }
    }

    fn body(&mut self, request: &mut Request, node: Node<'a>) {
        match self.value(node, 0) {
            Value::Null(_) => request.body = None,
            Value::Unknown(..) => {
                request.body = None;
                request.body_unknown = true;
            }
            opaque @ Value::Opaque(_) => {
                request.body = Some(opaque);
                request.body_unknown = true;
            }
            value => request.body = Some(value),
        }
    }

    fn headers(&mut self, node: Node<'a>) -> Vec<(String, Value)> {
        let mut node = self.resolve(node);
        // `new Headers({...})`
        if node.kind() == "new_expression" {
            let headers = node.child_by_field_name("constructor").is_some_and(|c| self.text(c) == "Headers");
            match arguments(node).unwrap_or_default().first() {
                Some(&init) if headers => node = self.resolve(init),
                _ => return Vec::new(),
            }
        }
        if node.kind() != "object" {
            return Vec::new();
        }
        let mut headers = Vec::new();
        for (key, value) in self.fields(node).entries {
            let value = self.value(value, 0);
            headers.push((key, value));
        }
        headers
    }

    fn xhr(&mut self, call: Node<'a>, function: Node<'a>, key: String, method: &str, args: &[Node<'a>]) {
        match method {
            "open" => {
                let (Some(&verb), Some(&url)) = (args.first(), args.get(1)) else { return };
                let verb = self.value(verb, 0);
                // Not an XMLHttpRequest the file made: the first argument must be a method.
                let known = self.xhrs.contains(&key);
                let is_verb =
                    verb.as_str().is_some_and(|v| v.bytes().all(|c| c.is_ascii_alphabetic()) && !v.is_empty());
                if !known && !is_verb {
                    return;
                }
                let url = self.value(url, 0);
                if !holds_api(&url) {
                    return;
                }
                let mut request = Request::new(url);
                request.method = Some(verb);
                self.open.insert(key, self.found.calls.len());
                self.push_http(call, function, request);
            }
            "setRequestHeader" => {
                let (Some(&name), Some(&value)) = (args.first(), args.get(1)) else { return };
                let Some(&index) = self.open.get(&key) else { return };
                let name = self.value(name, 0);
                let value = self.value(value, 0);
                if let (Some(name), Some(Callee::Http { headers, .. })) =
                    (name.as_str(), self.found.calls.get_mut(index).map(|c| &mut c.callee))
                {
                    headers.push((name.to_owned(), value));
                }
            }
            "send" => {
                let Some(index) = self.open.remove(&key) else { return };
                let mut request = Request::new(Value::Opaque(0..0));
                if let Some(&body) = args.first() {
                    self.body(&mut request, body);
                }
                if let Some(Callee::Http { body, body_unknown, .. }) =
                    self.found.calls.get_mut(index).map(|c| &mut c.callee)
                {
                    *body = request.body;
                    *body_unknown = request.body_unknown;
                }
            }
            _ => {}
        }
    }

    fn push_http(&mut self, call: Node<'a>, function: Node<'a>, request: Request) {
        let Request { method, url, body, body_unknown, headers } = request;
        let function = self.text(function).to_owned();
        let callee = Callee::Http { function, method, url, body, body_unknown, headers };
        self.found.calls.push(Call { callee, args: Vec::new(), span: self.span(call) });
    }

    /// The fields of an options object, the object found through wrappers and traced names.
    fn fields(&self, node: Node<'a>) -> Fields<'a> {
        let node = self.resolve(node);
        let mut fields = Fields { readable: node.kind() == "object", spread: false, entries: Vec::new() };
        if !fields.readable {
            return fields;
        }
        for child in named(node) {
            match child.kind() {
                "pair" => {
                    let (Some(key), Some(value)) =
                        (child.child_by_field_name("key"), child.child_by_field_name("value"))
                    else {
                        continue;
                    };
                    let key = match key.kind() {
                        "string" => self.string(key).value,
                        "property_identifier" | "number" => self.text(key).to_owned(),
                        _ => {
                            fields.spread = true;
                            continue;
                        }
                    };
                    fields.entries.push((key, value));
                }
                "shorthand_property_identifier" => fields.entries.push((self.text(child).to_owned(), child)),
                "method_definition" => {}
                _ => fields.spread = true,
            }
        }
        fields
    }

    /// `node` through parentheses, type wrappers and names traced to their literal.
    fn resolve(&self, mut node: Node<'a>) -> Node<'a> {
        for _ in 0..MAX_DEPTH {
            node = unwrap(node);
            match node.kind() {
                "identifier" | "shorthand_property_identifier" => match self.trace(self.text(node)) {
                    Some(value) => node = value,
                    None => return node,
                },
                _ => return node,
            }
        }
        node
    }

    /// The literal a name stands for: declared once with a value, never assigned again nor
    /// changed in place.
    fn trace(&self, name: &str) -> Option<Node<'a>> {
        let decl = self.decls.get(name)?;
        if decl.count != 1 || self.changed.contains(name) {
            return None;
        }
        decl.value
    }

    fn arg(&mut self, node: Node<'a>) -> Value {
        if node.kind() == "spread_element" {
            return Value::Opaque(self.span(node));
        }
        self.value(node, 0)
    }

    /// The value `node` writes, as far as the file tells it.
    fn value(&mut self, node: Node<'a>, depth: usize) -> Value {
        let span = self.span(node);
        if depth == 0 {
            self.value_budget = VALUE_BUDGET;
        }
        if depth > MAX_DEPTH || self.budget == 0 || self.value_budget == 0 {
            return Value::Opaque(span);
        }
        self.budget -= 1;
        self.value_budget -= 1;
        let unknown = |s: &Self| Value::Unknown(s.text(node).to_owned(), span.clone());
        match node.kind() {
            "string" => Value::Str(self.string(node)),
            "template_string" => Value::Str(self.template(node)),
            "number" if json_number(self.text(node)) => Value::Number(self.text(node).to_owned(), span),
            "true" => Value::Bool(true, span),
            "false" => Value::Bool(false, span),
            "null" | "undefined" => Value::Null(span),
            "object" => self.object(node, depth),
            "array" => {
                let mut items = Vec::new();
                for item in named(node) {
                    if item.kind() == "spread_element" {
                        return Value::Opaque(span);
                    }
                    items.push(self.value(item, depth + 1));
                }
                Value::Array(items, span)
            }
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "type_assertion" => {
                let inner = unwrap(node);
                if inner == node {
                    return unknown(self);
                }
                self.value(inner, depth + 1)
            }
            "unary_expression" => {
                let minus = node.child_by_field_name("operator").is_some_and(|o| o.kind() == "-");
                match node.child_by_field_name("argument") {
                    Some(n) if minus && n.kind() == "number" && json_number(self.text(n)) => {
                        Value::Number(format!("-{}", self.text(n)), span)
                    }
                    _ => unknown(self),
                }
            }
            "identifier" | "shorthand_property_identifier" => {
                let name = self.text(node);
                match self.trace(name) {
                    Some(literal) => match self.value(literal, depth + 1) {
                        Value::Unknown(..) => unknown(self),
                        value => value,
                    },
                    None if name == "undefined" => Value::Null(span),
                    None => unknown(self),
                }
            }
            "call_expression" => {
                let stringify = node.child_by_field_name("function").is_some_and(|f| self.text(f) == "JSON.stringify");
                match arguments(node).and_then(|a| a.first().copied()) {
                    Some(inner) if stringify && inner.kind() != "spread_element" => self.value(inner, depth + 1),
                    _ => unknown(self),
                }
            }
            "binary_expression" => self.concatenation(node, depth).unwrap_or_else(|| unknown(self)),
            _ => unknown(self),
        }
    }

    fn object(&mut self, node: Node<'a>, depth: usize) -> Value {
        let span = self.span(node);
        let mut entries = Vec::new();
        for child in named(node) {
            let (key, value) = match child.kind() {
                "pair" => {
                    let (Some(key), Some(value)) =
                        (child.child_by_field_name("key"), child.child_by_field_name("value"))
                    else {
                        return Value::Opaque(span);
                    };
                    let key = match key.kind() {
                        "property_identifier" => Text::verbatim(self.text(key), self.base + key.start_byte()),
                        "string" => self.string(key),
                        "number" if json_number(self.text(key)) => {
                            Text::verbatim(self.text(key), self.base + key.start_byte())
                        }
                        _ => return Value::Opaque(span),
                    };
                    (key, self.value(value, depth + 1))
                }
                "shorthand_property_identifier" => {
                    (Text::verbatim(self.text(child), self.base + child.start_byte()), self.value(child, depth + 1))
                }
                _ => return Value::Opaque(span),
            };
            entries.push((key, value));
        }
        Value::Object(entries, span)
    }

    /// `'/api/v2/users/' + id + '/queues'`: a string when one operand is a string, the others
    /// written `${...}` as in a template (a name traced to a string gives its string).
    fn concatenation(&mut self, node: Node<'a>, depth: usize) -> Option<Value> {
        let mut operands = Vec::new();
        let mut left = node;
        // A left-leaning chain of `+`, taken apart without recursion.
        loop {
            let plus = left.kind() == "binary_expression"
                && left.child_by_field_name("operator").is_some_and(|o| o.kind() == "+");
            if !plus {
                operands.push(left);
                break;
            }
            operands.extend(left.child_by_field_name("right"));
            left = left.child_by_field_name("left")?;
        }
        if operands.len() < 2 {
            return None;
        }
        operands.reverse();
        let values: Vec<(Node<'a>, Value)> = operands.into_iter().map(|o| (o, self.value(o, depth + 1))).collect();
        if !values.iter().any(|(_, v)| matches!(v, Value::Str(_))) {
            return None;
        }
        let mut b = TextBuilder::new();
        for (operand, value) in &values {
            match value {
                Value::Str(t) => b.push_from(t, 0..t.value.len()),
                Value::Number(n, r) => b.push_str(n, r.start),
                _ => b.push_decoded(
                    &format!("${{{}}}", self.text(*operand)),
                    self.base + operand.start_byte(),
                    operand.byte_range().len(),
                ),
            }
        }
        Some(Value::Str(b.finish(self.base + node.start_byte())))
    }

    /// A string literal, its escapes decoded.
    fn string(&self, node: Node<'_>) -> Text {
        let inner = self.inner(node);
        let mut b = TextBuilder::new();
        push_js(&mut b, self.src.get(inner.clone()).unwrap_or_default(), self.base + inner.start);
        b.finish(self.base + inner.start)
    }

    /// A template literal, each substitution written `${expression}` and mapped to it.
    fn template(&self, node: Node<'_>) -> Text {
        let inner = self.inner(node);
        let mut b = TextBuilder::new();
        let mut at = inner.start;
        for sub in named(node).into_iter().filter(|n| n.kind() == "template_substitution") {
            let range = sub.byte_range();
            push_js(&mut b, self.src.get(at..range.start).unwrap_or_default(), self.base + at);
            let expression = named(sub).first().map_or("", |e| self.text(*e));
            // A name bound once to a plain string (`const API = 'https://...'`) is that string,
            // placed at the substitution: what the code sends, a host or an id, is known.
            let traced = named(sub)
                .first()
                .filter(|e| e.kind() == "identifier")
                .and_then(|_| self.trace(expression))
                .filter(|v| v.kind() == "string")
                .map(|v| self.string(v).value);
            let piece = traced.unwrap_or_else(|| format!("${{{expression}}}"));
            b.push_decoded(&piece, self.base + range.start, range.len());
            at = range.end;
        }
        push_js(&mut b, self.src.get(at..inner.end.max(at)).unwrap_or_default(), self.base + at);
        b.finish(self.base + inner.start)
    }
}

/// A request being read.
struct Request {
    method: Option<Value>,
    url: Value,
    body: Option<Value>,
    body_unknown: bool,
    headers: Vec<(String, Value)>,
}

impl Request {
    fn new(url: Value) -> Self {
        Request { method: None, url, body: None, body_unknown: false, headers: Vec::new() }
    }
}

/// The fields of an options object, by key, in order.
struct Fields<'a> {
    /// Whether the object is written in the file.
    readable: bool,
    /// Whether it holds a spread or a computed key, which may bring any field.
    spread: bool,
    entries: Vec<(String, Node<'a>)>,
}

impl<'a> Fields<'a> {
    /// The last field of the name, as the last one wins in JavaScript.
    fn get(&self, key: &str) -> Option<Node<'a>> {
        self.entries.iter().rev().find(|(k, _)| k == key).map(|&(_, n)| n)
    }
}

/// `node` without parentheses, `await` and TypeScript's type wrappers (`x as T`, `<T>x`, `x!`,
/// `x satisfies T`), peeled a bounded number of times.
fn unwrap(mut node: Node<'_>) -> Node<'_> {
    for _ in 0..MAX_DEPTH {
        let inner = match node.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "await_expression" => named(node).first().copied(),
            // `<T>x`: the type comes first.
            "type_assertion" => named(node).last().copied(),
            _ => None,
        };
        match inner {
            Some(inner) => node = inner,
            None => return node,
        }
    }
    node
}

/// Whether a URL is one of the platform API.
fn holds_api(url: &Value) -> bool {
    url.as_str().is_some_and(|u| u.contains("/api/v2/"))
}

/// A relative URL joined to the base URL of its client (`baseURL`, `prefixUrl`): a URL that
/// names its own host stays as it is.
fn join(base: &Text, url: Value) -> Value {
    let Value::Str(path) = &url else { return url };
    if path.value.contains("://") || path.value.starts_with("//") || path.value.starts_with("${") {
        return url;
    }
    let mut b = TextBuilder::new();
    b.push_from(base, 0..base.value.len());
    let skip = usize::from(base.value.ends_with('/') && path.value.starts_with('/'));
    if !base.value.ends_with('/') && !path.value.starts_with('/') && !path.value.is_empty() {
        b.push_decoded("/", base.map.to_file(base.value.len()).unwrap_or(0), 0);
    }
    b.push_from(path, skip..path.value.len());
    Value::Str(b.finish(0))
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice, clippy::panic)]
mod tests {
    use super::super::model::{Call, Callee, Found, Value};
    use super::*;

    fn js(text: &str) -> Found {
        find(text, 0, Dialect::JavaScript)
    }

    fn sdk(text: &str, found: &Found) -> Vec<(String, String, bool)> {
        found.sdk_calls(text)
    }

    fn one_sdk(text: &str, dialect: Dialect) -> (String, String, bool, Call) {
        let found = find(text, 0, dialect);
        let calls = sdk(text, &found);
        assert_eq!(calls.len(), 1, "{calls:?}");
        let (class, method, on_class) = calls.into_iter().next().unwrap();
        (class, method, on_class, found.calls.into_iter().find(|c| matches!(c.callee, Callee::Sdk { .. })).unwrap())
    }

    fn imports(text: &str, found: &Found) -> Vec<String> {
        found
            .imports
            .iter()
            .map(|i| {
                assert_eq!(&text[i.span.clone()], i.package);
                i.package.clone()
            })
            .collect()
    }

    fn field<'v>(v: &'v Value, key: &str) -> &'v Value {
        let Value::Object(entries, _) = v else { panic!("not an object: {v:?}") };
        &entries.iter().find(|(k, _)| k.value == key).unwrap_or_else(|| panic!("no {key} in {v:?}")).1
    }

    fn first(v: &Value) -> &Value {
        let Value::Array(items, _) = v else { panic!("not an array: {v:?}") };
        &items[0]
    }

    fn str_of(v: &Value) -> &str {
        v.as_str().unwrap_or_else(|| panic!("not a string: {v:?}"))
    }

    struct Http {
        function: String,
        method: Option<Value>,
        url: Value,
        body: Option<Value>,
        body_unknown: bool,
        headers: Vec<(String, Value)>,
    }

    fn http(found: &Found) -> Vec<Http> {
        found
            .calls
            .iter()
            .filter_map(|c| match &c.callee {
                Callee::Http { function, method, url, body, body_unknown, headers } => Some(Http {
                    function: function.clone(),
                    method: method.clone(),
                    url: url.clone(),
                    body: body.clone(),
                    body_unknown: *body_unknown,
                    headers: headers.clone(),
                }),
                Callee::Sdk { .. } => None,
            })
            .collect()
    }

    fn one_http(text: &str) -> Http {
        let found = js(text);
        let mut calls = http(&found);
        assert_eq!(calls.len(), 1, "{:?}", found.calls);
        calls.remove(0)
    }

    fn method_of(h: &Http) -> Option<&str> {
        h.method.as_ref().and_then(Value::as_str)
    }

    // The seeds: the code the forum threads handed their readers.

    #[test]
    fn seed_method_on_a_receiver_named_after_its_class() {
        let text = "conversationsApi.patchConversationParticipants(conversationId, body)";
        let (class, method, on_class, call) = one_sdk(text, Dialect::JavaScript);
        assert_eq!(
            (class.as_str(), method.as_str(), on_class),
            ("ConversationsApi", "patchConversationParticipants", false)
        );
        assert_eq!(call.span, 0..text.len());
        assert_eq!(call.args.len(), 2);
        assert!(matches!(&call.args[0].value, Value::Unknown(s, r) if s == "conversationId" && &text[r.clone()] == s));
        assert!(call.args.iter().all(|a| a.name.is_none()));
    }

    #[test]
    fn seed_method_called_on_the_class() {
        let text = "platformClient.ConversationsApi.patchConversationConferenceParticipants(...)";
        let (class, method, on_class, _) = one_sdk(text, Dialect::JavaScript);
        assert_eq!(
            (class.as_str(), method.as_str(), on_class),
            ("ConversationsApi", "patchConversationConferenceParticipants", true)
        );
    }

    #[test]
    fn seed_update_conversation() {
        let text = "conversationsApi.updateConversation(...)";
        let (class, method, on_class, _) = one_sdk(text, Dialect::JavaScript);
        assert_eq!((class.as_str(), method.as_str(), on_class), ("ConversationsApi", "updateConversation", false));
    }

    #[test]
    fn seed_imports_of_packages_that_do_not_exist() {
        let text = "import platformClient from '@genesyscloud/purecloud-platform-client-v2'";
        assert_eq!(imports(text, &js(text)), ["@genesyscloud/purecloud-platform-client-v2"]);
        let text = "const platformClient = require('@genesyscloud/genesyscloud')";
        assert_eq!(imports(text, &js(text)), ["@genesyscloud/genesyscloud"]);
    }

    #[test]
    fn seed_object_literal_with_a_shorthand_property() {
        let text = "conversationsApi.patchConversationParticipant(conversationId, participantId, \
                    { participants: [{ id, action: 'disconnect' }] })";
        let (_, method, _, call) = one_sdk(text, Dialect::JavaScript);
        assert_eq!(method, "patchConversationParticipant");
        let body = &call.args[2].value;
        assert_eq!(&text[body.span()], "{ participants: [{ id, action: 'disconnect' }] }");
        let Value::Array(items, _) = field(body, "participants") else { panic!() };
        assert!(matches!(field(&items[0], "id"), Value::Unknown(s, r) if s == "id" && &text[r.clone()] == "id"));
        let action = field(&items[0], "action");
        assert_eq!(str_of(action), "disconnect");
        assert_eq!(&text[action.span()], "disconnect");
        // Keys map to the file too.
        let Value::Object(entries, _) = body else { panic!() };
        assert_eq!(&text[entries[0].0.map.to_file(0).unwrap()..][..12], "participants");
    }

    #[test]
    fn seed_real_sdk_usage() {
        let text = "const platformClient = require('purecloud-platform-client-v2'); const client = platformClient.ApiClient.instance; let apiInstance = new platformClient.ConversationsApi(); apiInstance.patchConversationParticipant(conversationId, participantId, body).then(...)";
        let found = js(text);
        assert_eq!(imports(text, &found), ["purecloud-platform-client-v2"]);
        assert_eq!(
            sdk(text, &found),
            [("ConversationsApi".to_owned(), "patchConversationParticipant".to_owned(), false)]
        );
    }

    // Whole files.

    #[test]
    fn a_realistic_javascript_file() {
        let text = r#"'use strict';
const platformClient = require("purecloud-platform-client-v2");
const axios = require('axios');
const client = platformClient.ApiClient.instance;
client.setEnvironment(platformClient.PureCloudRegionHosts.us_east_1);

const routingApi = new platformClient.RoutingApi();
const apis = {};
apis.users = new platformClient.UsersApi();

// Disconnect a participant.
async function disconnect(conversationId, participantId) {
  const body = { state: 'disconnected', wrapup: { code: "abc", notes: 'it\'s done\n' } };
  await conversationsApi.patchConversationParticipant(conversationId, participantId, body);
  routingApi.getRoutingQueues({ pageSize: 25, pageNumber: 1 }).then((data) => console.log(data)).catch(console.error);
  apis.users.getUsersMe({ expand: ['presence'] });
}
"#;
        let found = js(text);
        assert_eq!(imports(text, &found), ["purecloud-platform-client-v2"]);
        let calls = sdk(text, &found);
        let names: Vec<_> =
            calls.iter().map(|(c, m, o)| format!("{c}.{m}{}", if *o { " (class)" } else { "" })).collect();
        assert_eq!(
            names,
            ["ConversationsApi.patchConversationParticipant", "RoutingApi.getRoutingQueues", "UsersApi.getUsersMe"]
        );
        let patch = &found.calls[0];
        let body = &patch.args[2].value;
        assert_eq!(str_of(field(body, "state")), "disconnected");
        let notes = field(field(body, "wrapup"), "notes");
        assert_eq!(str_of(notes), "it's done\n");
        // The traced literal keeps its own spans, and an escape maps to its bytes.
        assert_eq!(&text[body.span()], r#"{ state: 'disconnected', wrapup: { code: "abc", notes: 'it\'s done\n' } }"#);
        let Value::Str(t) = notes else { panic!() };
        assert_eq!(&text[t.map.to_file(2).unwrap()..][..2], "\\'");
        assert_eq!(&text[t.map.to_file(3).unwrap()..][..1], "s");
        let queues = &found.calls[1].args[0].value;
        assert!(matches!(field(queues, "pageSize"), Value::Number(n, _) if n == "25"));
    }

    #[test]
    fn a_realistic_typescript_file() {
        let text = r#"import * as platformClient from 'purecloud-platform-client-v2';
import { ConversationsApi, UsersApi as Users } from "purecloud-platform-client-v2";
import type { Models } from 'purecloud-platform-client-v2';
import axios, { AxiosResponse } from 'axios';

interface Options { id: string }

export class Service {
  private readonly conversations: ConversationsApi = new ConversationsApi();
  private users = new Users();
  #routing = new platformClient.RoutingApi();
  private client!: platformClient.ApiClientClass;

  async run(conversationId: string): Promise<void> {
    const body = { state: 'disconnected' } as Models.MediaParticipantRequest;
    await this.conversations.patchConversationsCallParticipant(conversationId, 'p1', body!);
    const me = await this.users.getUsersMe(<any>{ expand: ['presence'] });
    this.#routing.getRoutingQueue(`${conversationId}`);
    ConversationsApi.getConversation(conversationId);
    const res: AxiosResponse = await axios.post<unknown>(
      `https://api.${region}/api/v2/conversations/${conversationId}/disconnect`,
      { reason: 'done' } satisfies object,
      { headers: { Authorization: `Bearer ${token}` } },
    );
  }
}
"#;
        let found = find(text, 0, Dialect::TypeScript);
        assert_eq!(imports(text, &found).len(), 3);
        let calls = sdk(text, &found);
        assert_eq!(
            calls,
            [
                ("ConversationsApi".to_owned(), "patchConversationsCallParticipant".to_owned(), false),
                ("UsersApi".to_owned(), "getUsersMe".to_owned(), false),
                ("RoutingApi".to_owned(), "getRoutingQueue".to_owned(), false),
                ("ConversationsApi".to_owned(), "getConversation".to_owned(), true),
            ]
        );
        let patch = &found.calls[0];
        assert_eq!(str_of(field(&patch.args[2].value, "state")), "disconnected");
        assert_eq!(str_of(first(field(&found.calls[1].args[0].value, "expand"))), "presence");
        let h = http(&found);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].function, "axios.post");
        assert_eq!(method_of(&h[0]), Some("POST"));
        assert_eq!(str_of(&h[0].url), "https://api.${region}/api/v2/conversations/${conversationId}/disconnect");
        assert_eq!(str_of(field(h[0].body.as_ref().unwrap(), "reason")), "done");
        assert_eq!(h[0].headers.len(), 1);
        assert_eq!(h[0].headers[0].0, "Authorization");
        assert_eq!(str_of(&h[0].headers[0].1), "Bearer ${token}");
    }

    #[test]
    fn a_tsx_component() {
        let text = r#"import React, { useEffect } from 'react';
import platformClient from 'purecloud-platform-client-v2';

export function Queues(props: { id: string }) {
  const api = new platformClient.RoutingApi();
  useEffect(() => {
    api.getRoutingQueueMembers(props.id, { pageSize: 100 }).then(setMembers);
  }, []);
  return <div className="queues">{members.map((m) => <span key={m.id}>{m.name}</span>)}</div>;
}
"#;
        let found = find(text, 0, Dialect::Tsx);
        assert_eq!(imports(text, &found), ["purecloud-platform-client-v2"]);
        assert_eq!(sdk(text, &found), [("RoutingApi".to_owned(), "getRoutingQueueMembers".to_owned(), false)]);
        // JSX in a .jsx file, read by the JavaScript grammar.
        let jsx = text.replace("(props: { id: string })", "(props)");
        let found = js(&jsx);
        assert_eq!(sdk(&jsx, &found).len(), 1);
    }

    #[test]
    fn spans_are_file_offsets() {
        let text = "api.x(); conversationsApi.getConversation('a\\tb')";
        let found = find(text, 100, Dialect::JavaScript);
        let Callee::Sdk { method_span, .. } = &found.calls[0].callee else { panic!() };
        assert_eq!(method_span.start - 100, text.find("getConversation").unwrap());
        let Value::Str(t) = &found.calls[0].args[0].value else { panic!() };
        assert_eq!(t.value, "a\tb");
        assert_eq!(t.map.to_file(2).unwrap() - 100, text.find("b'").unwrap());
        assert_eq!(found.calls[0].span.end - 100, text.len());
    }

    #[test]
    fn not_an_api_object() {
        let text = "const usersApi = new RestClient(); usersApi.getUser(1); const routingApi = { x: 1 }; routingApi.get(); \
                    const k = new k8s.CoreV1Api(); k.listPods(); \
                    conversationsApi.then(x); conversationsApi.getX.call(this); myApi['getX']()";
        let found = js(text);
        assert_eq!(sdk(text, &found), []);
    }

    #[test]
    fn api_objects_made_every_way() {
        let text = "import { ConversationsApi } from 'purecloud-platform-client-v2';\n\
                    const { RoutingApi, UsersApi: U } = require('purecloud-platform-client-v2');\n\
                    let a; a = new ConversationsApi(); a.getA();\n\
                    new RoutingApi().getB();\n\
                    const u = new U(); u.getC();\n\
                    this.api = new platformClient.AnalyticsApi(); this.api.postD({});\n\
                    (new platformClient.RoutingApi()).getE();\n\
                    window.platformClient.UsersApi.getF();\n";
        let found = js(text);
        let calls: Vec<_> = sdk(text, &found).into_iter().map(|(c, m, o)| format!("{c}.{m}:{o}")).collect();
        assert_eq!(
            calls,
            [
                "ConversationsApi.getA:false",
                "RoutingApi.getB:false",
                "UsersApi.getC:false",
                "AnalyticsApi.postD:false",
                "RoutingApi.getE:false",
                "UsersApi.getF:true"
            ]
        );
    }

    #[test]
    fn api_objects_from_elsewhere() {
        // What a call returns is not in sight: the name says it.
        let text = "const usersApi = getApis().users; usersApi.getUser(1);";
        assert_eq!(sdk(text, &js(text)).len(), 1);
        // TypeScript annotations say the class.
        let text = "import * as pc from 'purecloud-platform-client-v2';\n\
                    import { RoutingApi } from 'purecloud-platform-client-v2';\n\
                    class A {\n\
                      private api: pc.ConversationsApi;\n\
                      constructor(private readonly routing: RoutingApi, other: pc.UsersApi) { other.getUsersMe(); }\n\
                      run() { this.api.getConversation('1'); this.routing.getRoutingQueues(); }\n\
                    }\n\
                    let later: pc.AnalyticsApi; later.postAnalyticsX({});";
        let found = find(text, 0, Dialect::TypeScript);
        let classes: Vec<_> = sdk(text, &found).into_iter().map(|(c, _, _)| c).collect();
        assert_eq!(classes, ["UsersApi", "ConversationsApi", "RoutingApi", "AnalyticsApi"]);
    }

    #[test]
    fn every_form_of_import() {
        let text = r#"import a from 'purecloud-platform-client-v2';
import * as b from "@genesyscloud/platform-client";
import { C, D as E } from 'GenesysCloudSDK';
import 'purecloud-guest-chat-client';
import x from 'lodash';
export { ConversationsApi } from 'purecloud-platform-client-v3';
const f = await import('genesys-cloud-client-auth');
const g = require(`purecloud-x`);
"#;
        let found = js(text);
        assert_eq!(
            imports(text, &found),
            [
                "purecloud-platform-client-v2",
                "@genesyscloud/platform-client",
                "GenesysCloudSDK",
                "purecloud-guest-chat-client",
                "purecloud-platform-client-v3",
                "genesys-cloud-client-auth"
            ]
        );
        let ts = "import platformClient = require('purecloud-platform-client-v2');\n\
                  const api = new platformClient.UsersApi(); api.getUsersMe();";
        let found = find(ts, 0, Dialect::TypeScript);
        assert_eq!(imports(ts, &found), ["purecloud-platform-client-v2"]);
        assert_eq!(sdk(ts, &found).len(), 1);
    }

    // Values.

    #[test]
    fn names_traced_to_their_literal() {
        let text = "const body = { state: 'disconnected', n: -2.5, ok: true, no: null, u: undefined, big: 1_000 };\n\
                    conversationsApi.patchX(body);";
        let found = js(text);
        let body = &found.calls[0].args[0].value;
        assert!(text[body.span()].starts_with("{ state"));
        assert!(matches!(field(body, "n"), Value::Number(n, _) if n == "-2.5"));
        assert!(matches!(field(body, "ok"), Value::Bool(true, _)));
        assert!(matches!(field(body, "no"), Value::Null(_)));
        assert!(matches!(field(body, "u"), Value::Null(_)));
        assert!(matches!(field(body, "big"), Value::Unknown(s, _) if s == "1_000"));
        // Names through names, and through wrappers and JSON.stringify.
        let text = "const inner = { a: 1 }; const outer = { inner }; const s = JSON.stringify((outer));\n\
                    conversationsApi.patchX(s);";
        let found = js(text);
        let outer = &found.calls[0].args[0].value;
        assert!(matches!(field(field(outer, "inner"), "a"), Value::Number(n, _) if n == "1"));
    }

    #[test]
    fn names_not_traced() {
        for change in [
            "body.state = 'x';",
            "body['state'] = 'x';",
            "body = {};",
            "body += 1;",
            "body.list.push(1);",
            "delete body.state;",
            "Object.assign(body, { a: 1 });",
            "body++;",
            "[body] = [1];",
            "for (body of list) {}",
            "function f(body) {}",
            "const g = (body) => 1;",
            "{ const body = 2; }",
        ] {
            let text = format!("let body = {{ state: 'disconnected' }};\n{change}\nconversationsApi.patchX(body);");
            let found = js(&text);
            let arg = &found.calls.last().unwrap().args[0].value;
            assert!(
                matches!(arg, Value::Unknown(s, r) if s == "body" && &text[r.clone()] == "body"),
                "{change}: {arg:?}"
            );
        }
        // Not a literal: the name as written.
        let text = "const body = build(); conversationsApi.patchX(body, other, a.b, f(), 1 + 2);";
        let found = js(text);
        let args: Vec<_> = found.calls[0]
            .args
            .iter()
            .map(|a| if let Value::Unknown(s, _) = &a.value { s.clone() } else { panic!() })
            .collect();
        assert_eq!(args, ["body", "other", "a.b", "f()", "1 + 2"]);
    }

    #[test]
    fn tracing_terminates() {
        let text = "const a = b; const b = a; const c = [c, c]; conversationsApi.patchX(a, c);";
        let found = js(text);
        assert_eq!(found.calls.len(), 1);
        // A literal made of names made of names: bounded, whatever the count.
        let mut text = String::from("const a0 = [1, 2];\n");
        for i in 1..200 {
            text.push_str(&format!("const a{i} = [a{p}, a{p}, a{p}];\n", p = i - 1));
        }
        text.push_str("conversationsApi.patchX(a199); conversationsApi.patchY(a199);");
        let found = js(&text);
        assert_eq!(found.calls.len(), 2);
    }

    #[test]
    fn comments_inside_wrappers() {
        let text = "conversationsApi.patchX((/* the body */ { a: 1 }) as Body, /* none */ <T>(x!))";
        let (_, _, _, call) = one_sdk(text, Dialect::TypeScript);
        assert_eq!(call.args.len(), 2);
        assert!(matches!(field(&call.args[0].value, "a"), Value::Number(..)));
        assert!(matches!(&call.args[1].value, Value::Unknown(s, _) if s == "x"));
    }

    #[test]
    fn opaque_literals() {
        let text = "conversationsApi.patchX({ ...base, a: 1 }, { [k]: 1 }, { m() {} }, [...xs], ...rest);";
        let found = js(text);
        let args = &found.calls[0].args;
        assert_eq!(args.len(), 5);
        assert!(args.iter().all(|a| matches!(a.value, Value::Opaque(_))), "{args:?}");
        assert_eq!(&text[args[0].value.span()], "{ ...base, a: 1 }");
    }

    #[test]
    fn string_escapes_decoded() {
        let text = r#"conversationsApi.x('a\x41\u0042\u{1F600}\uD83D\uDE00\"\\\
z', "\0", `t\`\${x}${ y + 1 }`, { 'k\n': 1, "q": 2, 3: 4 })"#;
        let found = js(text);
        let args = &found.calls[0].args;
        assert_eq!(str_of(&args[0].value), "aAB😀😀\"\\z");
        let Value::Str(t) = &args[0].value else { panic!() };
        let z = t.value.find('z').unwrap();
        assert_eq!(&text[t.map.to_file(z).unwrap()..][..1], "z");
        assert_eq!(str_of(&args[1].value), "\0");
        assert_eq!(str_of(&args[2].value), "t`${x}${y + 1}");
        let Value::Str(t) = &args[2].value else { panic!() };
        let sub = t.value.rfind("${").unwrap();
        assert_eq!(&text[t.map.to_file(sub).unwrap()..][..2], "${");
        let Value::Object(entries, _) = &args[3].value else { panic!() };
        let keys: Vec<_> = entries.iter().map(|(k, _)| k.value.as_str()).collect();
        assert_eq!(keys, ["k\n", "q", "3"]);
    }

    // Raw HTTP calls.

    #[test]
    fn fetch_calls() {
        let h = one_http(
            "const host = 'x';\nfetch(`https://${host}/api/v2/conversations/calls/${id}`, {\n  method: 'PATCH',\n  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },\n  body: JSON.stringify({ state: 'disconnected' }),\n});",
        );
        assert_eq!(h.function, "fetch");
        assert_eq!(method_of(&h), Some("PATCH"));
        // A name bound once to a string is that string; any other substitution stays a placeholder.
        assert_eq!(str_of(&h.url), "https://x/api/v2/conversations/calls/${id}");
        assert_eq!(str_of(field(h.body.as_ref().unwrap(), "state")), "disconnected");
        assert!(!h.body_unknown);
        assert_eq!(h.headers.len(), 2);
        assert_eq!(str_of(&h.headers[1].1), "Bearer ${token}");
        // No options: a GET; an options name not traced: all unknown.
        let h = one_http("fetch('/api/v2/users/me')");
        assert!(h.method.is_none() && h.body.is_none() && !h.body_unknown);
        let h = one_http("window.fetch('/api/v2/users/me', opts)");
        assert!(matches!(h.method, Some(Value::Unknown(..))) && h.body_unknown);
        // A body not traced, a spread that may bring a body.
        let h = one_http("fetch('/api/v2/users', { method: 'POST', body: payload })");
        assert!(h.body.is_none() && h.body_unknown);
        let h = one_http("fetch('/api/v2/users', { ...init, method: 'POST' })");
        assert!(h.body.is_none() && h.body_unknown);
        assert_eq!(method_of(&h), Some("POST"));
        // A body given as a JSON string stays a string.
        let h = one_http(r#"fetch('/api/v2/users', { method: 'POST', body: '{"a":1}' })"#);
        assert_eq!(str_of(h.body.as_ref().unwrap()), r#"{"a":1}"#);
        // Not the API.
        assert!(http(&js("fetch('https://example.com/x', { method: 'POST' })")).is_empty());
    }

    #[test]
    fn url_built_with_plus() {
        let text = "const base = 'https://api.mypurecloud.com';\n\
                    fetch(base + '/api/v2/conversations/' + conversationId + '/participants', { method: 'GET' })";
        let h = one_http(text);
        assert_eq!(str_of(&h.url), "https://api.mypurecloud.com/api/v2/conversations/${conversationId}/participants");
        let Value::Str(t) = &h.url else { panic!() };
        let sub = t.value.find("${").unwrap();
        assert_eq!(&text[t.map.to_file(sub).unwrap()..][..14], "conversationId");
        let api = t.value.find("/api/v2").unwrap();
        assert_eq!(&text[t.map.to_file(api).unwrap()..][..7], "/api/v2");
    }

    #[test]
    fn axios_calls() {
        let h = one_http("axios.patch('/api/v2/users/1', { name: 'x' }, { headers: { 'X-A': 'b' } })");
        assert_eq!((h.function.as_str(), method_of(&h)), ("axios.patch", Some("PATCH")));
        assert_eq!(str_of(field(h.body.as_ref().unwrap(), "name")), "x");
        assert_eq!(h.headers[0].0, "X-A");
        let h = one_http("axios.get('/api/v2/users/1', { params: { a: 1 } })");
        assert_eq!(method_of(&h), Some("GET"));
        assert!(h.body.is_none() && !h.body_unknown);
        let h = one_http("axios.post('/api/v2/users')");
        assert!(h.body.is_none() && !h.body_unknown);
        let h = one_http("axios.delete('/api/v2/users/1', { data: { a: 1 } })");
        assert_eq!(method_of(&h), Some("DELETE"));
        assert!(h.body.is_some());
        let h = one_http("axios({ method: 'put', url: '/api/v2/users/1', data: { a: 1 }, headers: { A: 'b' } })");
        assert_eq!((h.function.as_str(), method_of(&h)), ("axios", Some("put")));
        assert_eq!(str_of(&h.url), "/api/v2/users/1");
        assert!(h.body.is_some());
        assert_eq!(h.headers.len(), 1);
        let h = one_http("axios('/api/v2/users/1', { method: 'delete' })");
        assert_eq!(method_of(&h), Some("delete"));
        let h = one_http(
            "const config = { method: 'post', url: '/api/v2/x/', data: JSON.stringify({ b: 2 }) };\naxios.request(config)",
        );
        assert_eq!((h.function.as_str(), method_of(&h)), ("axios.request", Some("post")));
        assert!(matches!(field(h.body.as_ref().unwrap(), "b"), Value::Number(..)));
        // An instance with a base URL.
        let text = "const gc = axios.create({ baseURL: 'https://api.mypurecloud.com/api/v2', headers: {} });\n\
                    gc.patch(`/conversations/${id}`, { state: 'x' }); gc.get('users/me'); gc({ url: '/users', method: 'get' });";
        let found = js(text);
        let calls = http(&found);
        let urls: Vec<_> = calls.iter().map(|h| str_of(&h.url).to_owned()).collect();
        assert_eq!(
            urls,
            [
                "https://api.mypurecloud.com/api/v2/conversations/${id}",
                "https://api.mypurecloud.com/api/v2/users/me",
                "https://api.mypurecloud.com/api/v2/users"
            ]
        );
        let Value::Str(t) = &calls[0].url else { panic!() };
        let c = t.value.find("/conversations").unwrap();
        assert_eq!(&text[t.map.to_file(c).unwrap()..][..14], "/conversations");
    }

    #[test]
    fn got_calls() {
        let h =
            one_http("got.post('https://api.mypurecloud.com/api/v2/users', { json: { a: 1 }, headers: { A: 'b' } })");
        assert_eq!((h.function.as_str(), method_of(&h)), ("got.post", Some("POST")));
        assert!(matches!(field(h.body.as_ref().unwrap(), "a"), Value::Number(..)));
        let h = one_http("got('https://x/api/v2/users', { method: 'PATCH', body: JSON.stringify({ a: 1 }) })");
        assert_eq!((h.function.as_str(), method_of(&h)), ("got", Some("PATCH")));
        assert!(h.body.is_some());
    }

    #[test]
    fn request_calls() {
        let h = one_http("request({ uri: 'https://x/api/v2/users', method: 'POST', json: { a: 1 } }, cb)");
        assert_eq!((h.function.as_str(), method_of(&h)), ("request", Some("POST")));
        assert!(h.body.is_some());
        let h = one_http("request('https://x/api/v2/users', { method: 'POST', json: true, body: { a: 2 } }, cb)");
        assert!(matches!(field(h.body.as_ref().unwrap(), "a"), Value::Number(n, _) if n == "2"));
        let h = one_http("request.patch({ url: 'https://x/api/v2/users/1', json: true }, cb)");
        assert_eq!((h.function.as_str(), method_of(&h)), ("request.patch", Some("PATCH")));
        assert!(h.body.is_none() && !h.body_unknown);
        let h = one_http("request.del('https://x/api/v2/users/1', cb)");
        assert_eq!(method_of(&h), Some("DELETE"));
    }

    #[test]
    fn xml_http_request() {
        let text = "var xhr = new XMLHttpRequest();\n\
                    xhr.open('PATCH', 'https://api.mypurecloud.com/api/v2/users/' + id, true);\n\
                    xhr.setRequestHeader('Content-Type', 'application/json');\n\
                    xhr.send(JSON.stringify({ state: 'x' }));\n\
                    xhr.send('later');";
        let h = one_http(text);
        assert_eq!((h.function.as_str(), method_of(&h)), ("xhr.open", Some("PATCH")));
        assert_eq!(str_of(field(h.body.as_ref().unwrap(), "state")), "x");
        assert_eq!(h.headers.len(), 1);
        assert!(http(&js("window.open('https://api.mypurecloud.com/api/v2/users')")).is_empty());
    }

    // Hostile input.

    #[test]
    fn deep_nesting_and_huge_strings() {
        for open in ["[", "(", "{", "conversationsApi.patchX(", "a + "] {
            let text = open.repeat(50_000);
            let _ = js(&text);
            let _ = find(&text, 0, Dialect::TypeScript);
        }
        let deep = format!("conversationsApi.patchX({}1{})", "[".repeat(50_000), "]".repeat(50_000));
        let found = js(&deep);
        assert_eq!(found.calls.len(), 1);
        // (Each escape is a node of the tree: a string of millions of them takes seconds to parse
        // in a debug build, not a test's business.)
        let big = format!(
            "conversationsApi.patchX('{}{}', `{}`)",
            "a\\n".repeat(20_000),
            "a".repeat(5_000_000),
            "b".repeat(5_000_000)
        );
        let found = js(&big);
        assert_eq!(str_of(&found.calls[0].args[0].value).len(), 5_040_000);
        let _ = js(&format!("f('{}')", "\\u{".repeat(300_000)));
        let binary: String = (0u32..200_000).map(|i| char::from_u32((i * 7919) % 0x7ff).unwrap_or('x')).collect();
        let _ = js(&binary);
        let _ = find(&binary, 0, Dialect::Tsx);
    }

    #[test]
    fn dialects() {
        assert_eq!(dialect_of("js"), Some(Dialect::JavaScript));
        assert_eq!(dialect_of(".MJS"), Some(Dialect::JavaScript));
        assert_eq!(dialect_of("cts"), Some(Dialect::TypeScript));
        assert_eq!(dialect_of("tsx"), Some(Dialect::Tsx));
        assert_eq!(dialect_of("py"), None);
    }
}
