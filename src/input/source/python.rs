//! Python source, parsed by tree-sitter: the imports of Genesys modules, the SDK calls
//! (`conversations_api.patch_conversation_participant(...)`) and the raw HTTP requests
//! (`requests.patch(f"{host}/api/v2/...", json=body)`) of a `.py` file, with their arguments as
//! far as the source tells them.
//!
//! One parse, then one walk over the tree that notes the imports, the names bound (and how often),
//! the objects built (API instances, HTTP sessions) and the calls; the calls are judged after the
//! walk, when every binding of the file is known. Nothing recurses on the depth of the tree: the
//! walk uses a cursor, and the few recursive helpers (values, receivers) carry a depth bound.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use tree_sitter::{Node, Parser};

use super::model::{Arg, Call, Callee, Found, Import, Value};
use crate::text::{OffsetMap, Text, TextBuilder};

/// How deep a value (nested lists, dicts, traced names) is read before the rest is `Opaque`.
const MAX_DEPTH: usize = 64;
/// How many links of a chain (`a.b.c`, `x = y`, `(((x)))`) are followed before giving up.
const MAX_HOPS: usize = 16;
/// How many earlier bindings of a receiver's name are looked at for one in the call's function.
const MAX_SCOPE_LOOKBACK: usize = 32;
/// What following a name to its literal takes from the budget of values (more than a node: it
/// looks the name up, and is how a small file makes large values).
const TRACE_COST: usize = 16;
/// The longest name or attribute (`self.conversations_api`) whose object is remembered: a longer
/// one is not looked up (in a chain `a.b().c().d()...`, each receiver is the chain before it).
const MAX_KEY: usize = 256;

/// Methods of a list or dict that change it: a name they are called on is not a constant.
const MUTATORS: &[&str] = &[
    "update",
    "append",
    "extend",
    "insert",
    "pop",
    "popitem",
    "setdefault",
    "clear",
    "remove",
    "sort",
    "reverse",
    "__setitem__",
    "__delitem__",
];

/// The HTTP verbs that `requests`, `httpx` and their sessions have as functions.
const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// Finds the Genesys imports, SDK calls and raw API requests of the Python source `text`, which
/// stands at `base` in its file (every span is a file offset).
pub fn find(text: &str, base: usize) -> Found {
    let mut parser = Parser::new();
    if parser.set_language(&tree_sitter_python::LANGUAGE.into()).is_err() {
        return Found::default();
    }
    let Some(tree) = parser.parse(text, None) else { return Found::default() };
    let mut scan = Scan::new(text, base);
    scan.walk(tree.root_node());
    scan.finish()
}

/// An HTTP library, as far as its calls differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lib {
    Requests,
    Httpx,
    /// The `urllib` package (whose `request` module makes requests).
    Urllib,
    /// `urllib.request`.
    UrllibRequest,
}

/// What an imported name stands for.
#[derive(Debug, Clone)]
enum Binding {
    /// A Genesys SDK module (`PureCloudPlatformClientV2`, or any module of such a package).
    SdkModule,
    /// An API class imported from a Genesys module (`ConversationsApi`), by its imported name.
    SdkClass(String),
    /// An HTTP library's module.
    HttpModule(Lib),
    /// A function or class imported from an HTTP library (`post`, `Session`, `urlopen`).
    HttpName(Lib, String),
    /// `json.dumps` imported by name.
    Dumps,
    /// A name imported from some other module.
    Other,
}

/// What the receiver of a method call is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Receiver {
    /// An instance of an SDK API class.
    Instance(String),
    /// The SDK API class itself.
    Class(String),
    SdkModule,
    /// An HTTP library's module, or a session or client of it.
    Http(Lib),
}

/// How an HTTP call says its method and URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HttpKind {
    /// `requests.patch(url, ...)`: the verb is the function's name.
    Verb(&'static str),
    /// `requests.request(method, url, ...)`.
    Request,
    /// `urllib.request.Request(url, data, headers, ..., method=)`.
    UrllibRequest,
    /// `urllib.request.urlopen(url, data)`.
    Urlopen,
}

/// How a name is bound across the file, for tracing it to a literal.
#[derive(Default)]
struct Bound<'t> {
    /// How many plain assignments (`name = ...`) bind it.
    assignments: u32,
    /// The value of the (last) plain assignment.
    value: Option<Node<'t>>,
}

/// An object built and bound to a name or attribute (`api = X.ConversationsApi(c)`,
/// `with requests.Session() as s`): where, in which function, and the expression.
#[derive(Clone, Copy)]
struct Built<'t> {
    at: usize,
    scope: usize,
    value: Node<'t>,
}

struct Scan<'t> {
    src: &'t str,
    base: usize,
    imports: Vec<Import>,
    bindings: HashMap<&'t str, Binding>,
    /// `from <Genesys module> import *`: every `XxxApi` name may be an API class.
    sdk_wildcard: bool,
    bound: HashMap<&'t str, Bound<'t>>,
    /// Names bound other than by one plain assignment (parameters, loop variables, `+=`, `with
    /// ... as`) or changed in place (`name[k] = v`, `name.update(...)`): never traced.
    spoiled: HashSet<&'t str>,
    /// Objects bound to a name or attribute (keyed by its source text), in file order.
    built: HashMap<&'t str, Vec<Built<'t>>>,
    /// The calls of the file, in file order, with the function each stands in.
    calls: Vec<(Node<'t>, usize)>,
    /// What is left of the bytes and nodes the values of a file may take: a name traced to a
    /// literal is read again wherever it is used, and a literal made of such names (`A = [B, B]`,
    /// `B = [C, C]`...) would be read exponentially often. Past the budget, values are `Opaque`.
    budget: Cell<usize>,
}

impl<'t> Scan<'t> {
    fn new(src: &'t str, base: usize) -> Self {
        Scan {
            src,
            base,
            imports: Vec::new(),
            bindings: HashMap::new(),
            sdk_wildcard: false,
            bound: HashMap::new(),
            spoiled: HashSet::new(),
            built: HashMap::new(),
            calls: Vec::new(),
            budget: Cell::new(src.len().saturating_mul(16).saturating_add(1 << 20)),
        }
    }

    /// Takes `cost` from the budget; `false` once it is spent.
    fn charge(&self, cost: usize) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(cost));
        left >= cost
    }

    fn text(&self, node: Node<'_>) -> &'t str {
        self.src.get(node.start_byte()..node.end_byte()).unwrap_or_default()
    }

    fn span(&self, node: Node<'_>) -> std::ops::Range<usize> {
        self.base + node.start_byte()..self.base + node.end_byte()
    }

    /// The one walk over the tree (preorder, with a cursor).
    fn walk(&mut self, root: Node<'t>) {
        let mut cursor = root.walk();
        // The functions the walk is in: (end byte, scope id); a scope id is the function's
        // start + 1, 0 the module.
        let mut scopes: Vec<(usize, usize)> = Vec::new();
        loop {
            let node = cursor.node();
            let start = node.start_byte();
            while scopes.last().is_some_and(|&(end, _)| start >= end) {
                scopes.pop();
            }
            let scope = scopes.last().map_or(0, |&(_, id)| id);
            match node.kind() {
                "import_statement" => self.import(node),
                "import_from_statement" => self.import_from(node),
                "assignment" => self.assignment(node, scope),
                "augmented_assignment" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        self.spoil_target(left);
                    }
                }
                "for_statement" | "for_in_clause" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        self.spoil_names(left);
                    }
                }
                "as_pattern" => self.as_pattern(node, scope),
                "except_clause" => {
                    if let Some(alias) = node.child_by_field_name("alias") {
                        self.spoil_names(alias);
                    }
                }
                "parameters" | "lambda_parameters" => self.parameters(node),
                "named_expression" => {
                    if let Some(name) = node.child_by_field_name("name") {
                        self.spoil_names(name);
                    }
                }
                "delete_statement" => {
                    let mut c = node.walk();
                    for target in node.named_children(&mut c) {
                        match target.kind() {
                            "expression_list" => {
                                let mut c2 = target.walk();
                                for t in target.named_children(&mut c2) {
                                    self.spoil_target(t);
                                }
                            }
                            _ => self.spoil_target(target),
                        }
                    }
                }
                "function_definition" => {
                    if let Some(name) = node.child_by_field_name("name") {
                        self.spoiled.insert(self.text(name));
                    }
                    scopes.push((node.end_byte(), start + 1));
                }
                "class_definition" => {
                    if let Some(name) = node.child_by_field_name("name") {
                        self.spoiled.insert(self.text(name));
                    }
                }
                "call" => {
                    if let Some(function) = node.child_by_field_name("function") {
                        if function.kind() == "attribute"
                            && let (Some(object), Some(attr)) =
                                (function.child_by_field_name("object"), function.child_by_field_name("attribute"))
                            && MUTATORS.contains(&self.text(attr))
                        {
                            self.spoil_target(object);
                        }
                        if matches!(function.kind(), "attribute" | "identifier") {
                            self.calls.push((node, scope));
                        }
                    }
                }
                _ => {}
            }
            // The escapes inside a string literal are read with the literal, not one by one.
            if node.kind() != "string_content" && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    /// `import X`, `import X.y`, `import X.y as z`.
    fn import(&mut self, node: Node<'t>) {
        let mut c = node.walk();
        for name in node.children_by_field_name("name", &mut c) {
            let (dotted, alias) = match name.kind() {
                "aliased_import" => (name.child_by_field_name("name"), name.child_by_field_name("alias")),
                _ => (Some(name), None),
            };
            let Some(dotted) = dotted else { continue };
            let Some(top) = dotted.named_child(0) else { continue };
            let top_name = self.text(top);
            let full = self.text(dotted);
            // `import X.y` binds `X`; `import X.y as z` binds `z` to `X.y`.
            let (bound, module) = match alias {
                Some(alias) => (self.text(alias), full),
                None => (top_name, top_name),
            };
            if is_genesys(top_name) {
                self.imports.push(Import { package: top_name.to_owned(), span: self.span(top) });
                self.bindings.insert(bound, Binding::SdkModule);
            } else if let Some(lib) = http_module(module) {
                self.bindings.insert(bound, Binding::HttpModule(lib));
            } else {
                self.bindings.insert(bound, Binding::Other);
            }
        }
    }

    /// `from X import a, b as c`, `from X.y import *`.
    fn import_from(&mut self, node: Node<'t>) {
        let Some(module) = node.child_by_field_name("module_name") else { return };
        // A relative import (`from . import x`) is of the project's own modules.
        let top = module.named_child(0).filter(|_| module.kind() == "dotted_name");
        let top_name = top.map_or("", |t| self.text(t));
        let genesys = is_genesys(top_name);
        let lib = top.and_then(|_| http_module(self.text(module)));
        if let Some(top) = top
            && genesys
        {
            self.imports.push(Import { package: top_name.to_owned(), span: self.span(top) });
        }
        let mut c = node.walk();
        if genesys && node.named_children(&mut c).any(|n| n.kind() == "wildcard_import") {
            self.sdk_wildcard = true;
        }
        for name in node.children_by_field_name("name", &mut c) {
            let (orig, alias) = match name.kind() {
                "aliased_import" => (name.child_by_field_name("name"), name.child_by_field_name("alias")),
                _ => (Some(name), None),
            };
            let Some(orig) = orig else { continue };
            let orig = self.text(orig);
            let bound = alias.map_or(orig, |a| self.text(a));
            let binding = if genesys {
                if is_api_class(orig) {
                    Binding::SdkClass(orig.to_owned())
                } else if orig.starts_with(|c: char| c.is_ascii_lowercase()) {
                    // A submodule (`from PureCloudPlatformClientV2 import apis`).
                    Binding::SdkModule
                } else {
                    continue;
                }
            } else if let Some(lib) = lib {
                match (lib, orig) {
                    (Lib::Urllib, "request") => Binding::HttpModule(Lib::UrllibRequest),
                    _ => Binding::HttpName(lib, orig.to_owned()),
                }
            } else if orig == "dumps" && self.text(module) == "json" {
                Binding::Dumps
            } else {
                // Some other module's name (`from facebook import GraphApi`): not the SDK's.
                Binding::Other
            };
            self.bindings.insert(bound, binding);
        }
    }

    fn assignment(&mut self, node: Node<'t>, scope: usize) {
        let Some(left) = node.child_by_field_name("left") else { return };
        let right = node.child_by_field_name("right");
        match left.kind() {
            "identifier" => {
                let Some(right) = right else { return }; // `x: int` binds nothing
                let bound = self.bound.entry(self.text(left)).or_default();
                bound.assignments += 1;
                bound.value = Some(right);
                self.note_built(left, right, scope);
            }
            "attribute" => {
                self.spoil_target(left);
                if let Some(right) = right {
                    self.note_built(left, right, scope);
                }
            }
            _ => self.spoil_names_or_roots(left),
        }
    }

    /// `EXPR as target` (in `with`): the target is bound, and may hold a session.
    fn as_pattern(&mut self, node: Node<'t>, scope: usize) {
        let Some(alias) = node.child_by_field_name("alias") else { return };
        let target = match alias.named_child(0) {
            Some(inner) if alias.named_child_count() == 1 => inner,
            _ => alias,
        };
        self.spoil_names_or_roots(target);
        if let Some(value) = node.named_child(0)
            && value.id() != alias.id()
            && matches!(target.kind(), "identifier" | "attribute")
        {
            self.note_built(target, value, scope);
        }
    }

    fn note_built(&mut self, target: Node<'t>, value: Node<'t>, scope: usize) {
        if value.kind() == "call" && target.end_byte() - target.start_byte() <= MAX_KEY {
            let key = self.text(target);
            self.built.entry(key).or_default().push(Built { at: target.start_byte(), scope, value });
        }
    }

    fn parameters(&mut self, node: Node<'t>) {
        let mut c = node.walk();
        for param in node.named_children(&mut c) {
            let name = match param.kind() {
                "default_parameter" | "typed_default_parameter" => param.child_by_field_name("name"),
                "typed_parameter" => param.named_child(0),
                _ => Some(param),
            };
            if let Some(name) = name {
                self.spoil_names(name);
            }
        }
    }

    /// The target of `target op= ...`, `del target`: a name is rebound; `x[k]`, `x.a` change `x`.
    fn spoil_target(&mut self, target: Node<'t>) {
        if let Some(root) = self.root_name(target) {
            self.spoiled.insert(self.text(root));
        }
    }

    fn spoil_names_or_roots(&mut self, target: Node<'t>) {
        match target.kind() {
            "identifier" | "attribute" | "subscript" => self.spoil_target(target),
            _ => self.spoil_names(target),
        }
    }

    /// Every name in a pattern (`a, (b, c)`, `*rest`), bounded by an explicit stack.
    fn spoil_names(&mut self, pattern: Node<'t>) {
        let mut stack = vec![pattern];
        while let Some(node) = stack.pop() {
            if node.kind() == "identifier" {
                self.spoiled.insert(self.text(node));
                continue;
            }
            let mut c = node.walk();
            stack.extend(node.named_children(&mut c));
        }
    }

    /// The name at the root of `x`, `x.a.b`, `x[k][j]`, `x.f()[k]`.
    fn root_name(&self, mut node: Node<'t>) -> Option<Node<'t>> {
        for _ in 0..MAX_DEPTH {
            node = match node.kind() {
                "identifier" => return Some(node),
                "attribute" => node.child_by_field_name("object")?,
                "subscript" => node.child_by_field_name("value")?,
                "call" => node.child_by_field_name("function")?,
                "parenthesized_expression" => first_named(node)?,
                _ => return None,
            };
        }
        None
    }

    fn finish(self) -> Found {
        let mut calls = Vec::new();
        for &(node, scope) in &self.calls {
            if let Some(call) = self.call(node, scope) {
                calls.push(call);
            }
        }
        Found { imports: self.imports, calls }
    }

    // ---- calls ----

    fn call(&self, node: Node<'t>, scope: usize) -> Option<Call> {
        let function = node.child_by_field_name("function")?;
        let arguments = node.child_by_field_name("arguments")?;
        if arguments.kind() != "argument_list" {
            return None;
        }
        let at = node.start_byte();
        match function.kind() {
            "attribute" => {
                let object = function.child_by_field_name("object")?;
                let method = function.child_by_field_name("attribute")?;
                let name = self.text(method);
                match self.receiver(object, at, scope, 0)? {
                    // `X.ConversationsApi.SOME_CONSTANT(...)`, a nested class: no API method.
                    Receiver::Instance(_) | Receiver::Class(_) if !is_method(name) => None,
                    Receiver::Instance(class) => Some(self.sdk_call(node, arguments, class, method, false)),
                    Receiver::Class(class) => Some(self.sdk_call(node, arguments, class, method, true)),
                    Receiver::SdkModule => None,
                    Receiver::Http(lib) => {
                        let kind = http_kind(lib, name)?;
                        self.http_call(node, function, arguments, kind, Some(method))
                    }
                }
            }
            "identifier" => match self.bindings.get(self.text(function))? {
                Binding::HttpName(lib, name) => {
                    let kind = http_kind(*lib, name)?;
                    self.http_call(node, function, arguments, kind, Some(function))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn sdk_call(&self, node: Node<'t>, arguments: Node<'t>, class: String, method: Node<'t>, on_class: bool) -> Call {
        Call {
            callee: Callee::Sdk {
                class,
                method: self.text(method).to_owned(),
                method_span: self.span(method),
                on_class,
            },
            args: self.args(arguments),
            span: self.span(node),
        }
    }

    fn args(&self, arguments: Node<'t>) -> Vec<Arg> {
        let mut c = arguments.walk();
        arguments
            .named_children(&mut c)
            .filter(|a| a.kind() != "comment")
            .map(|a| match a.kind() {
                "keyword_argument" => Arg {
                    name: a.child_by_field_name("name").map(|n| self.text(n).to_owned()),
                    value: a.child_by_field_name("value").map_or(Value::Opaque(self.span(a)), |v| self.value(v, 0)),
                },
                "list_splat" | "dictionary_splat" => Arg { name: None, value: Value::Opaque(self.span(a)) },
                _ => Arg { name: None, value: self.value(a, 0) },
            })
            .collect()
    }

    /// What `node` (the object of a method call) is: an API instance or class, an HTTP module
    /// or session. `at` and `scope` place the call, to pick the binding of a name in force there.
    fn receiver(&self, node: Node<'t>, at: usize, scope: usize, depth: usize) -> Option<Receiver> {
        if depth > MAX_HOPS {
            return None;
        }
        match node.kind() {
            "identifier" => {
                let name = self.text(node);
                match self.bindings.get(name) {
                    Some(Binding::SdkModule) => return Some(Receiver::SdkModule),
                    Some(Binding::SdkClass(class)) => return Some(Receiver::Class(class.clone())),
                    Some(Binding::HttpModule(lib)) => return Some(Receiver::Http(*lib)),
                    // A module or name of the project's own (`from app import users_api`): not
                    // an API object, whatever its name.
                    Some(Binding::Other | Binding::HttpName(..) | Binding::Dumps) => return None,
                    None => {}
                }
                // An object built by a call the file does not explain (`make_api()`) may still
                // be named for its class.
                if let Some(built) = self.built_at(name, at, scope)
                    && let Some(object) = self.constructed(built.value, depth + 1)
                {
                    return Some(object);
                }
                match name {
                    "requests" => return Some(Receiver::Http(Lib::Requests)),
                    "httpx" => return Some(Receiver::Http(Lib::Httpx)),
                    _ => {}
                }
                if is_genesys(name) {
                    return Some(Receiver::SdkModule);
                }
                if self.loose_classes() && is_api_class(name) {
                    return Some(Receiver::Class(name.to_owned()));
                }
                class_of_name(name).map(Receiver::Instance)
            }
            "attribute" => {
                if node.end_byte() - node.start_byte() <= MAX_KEY
                    && let Some(built) = self.built_at(self.text(node), at, scope)
                    && let Some(object) = self.constructed(built.value, depth + 1)
                {
                    return Some(object);
                }
                let object = node.child_by_field_name("object")?;
                let attr = self.text(node.child_by_field_name("attribute")?);
                match self.receiver(object, at, scope, depth + 1) {
                    Some(Receiver::SdkModule) if is_api_class(attr) => Some(Receiver::Class(attr.to_owned())),
                    // A module of the SDK (`PureCloudPlatformClientV2.conversations_api`).
                    Some(Receiver::SdkModule) => Some(Receiver::SdkModule),
                    Some(Receiver::Http(Lib::Urllib)) if attr == "request" => Some(Receiver::Http(Lib::UrllibRequest)),
                    _ => class_of_name(attr).map(Receiver::Instance),
                }
            }
            "call" => self.constructed(node, depth + 1),
            "parenthesized_expression" => self.receiver(first_named(node)?, at, scope, depth + 1),
            _ => None,
        }
    }

    /// The object a call builds, when it is an API instance or an HTTP session.
    fn constructed(&self, call: Node<'t>, depth: usize) -> Option<Receiver> {
        if call.kind() != "call" || depth > MAX_HOPS {
            return None;
        }
        let function = call.child_by_field_name("function")?;
        match function.kind() {
            "identifier" => {
                let name = self.text(function);
                match self.bindings.get(name) {
                    Some(Binding::SdkClass(class)) => Some(Receiver::Instance(class.clone())),
                    Some(Binding::HttpName(lib, n)) if is_session_class(*lib, n) => Some(Receiver::Http(*lib)),
                    None if self.loose_classes() && is_api_class(name) => Some(Receiver::Instance(name.to_owned())),
                    _ => None,
                }
            }
            "attribute" => {
                let object = function.child_by_field_name("object")?;
                let attr = self.text(function.child_by_field_name("attribute")?);
                match self.receiver(object, call.start_byte(), 0, depth + 1)? {
                    Receiver::SdkModule if is_api_class(attr) => Some(Receiver::Instance(attr.to_owned())),
                    Receiver::Http(lib) if is_session_class(lib, attr) => Some(Receiver::Http(lib)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether a class name the file does not import (`ConversationsApi(client)`) is taken for
    /// an SDK class: when the file imports the SDK (a star import, or a snippet that uses the
    /// classes by name), and only then, as other SDKs have `...Api` classes too.
    fn loose_classes(&self) -> bool {
        self.sdk_wildcard || !self.imports.is_empty()
    }

    /// The object bound to `key` that is in force at `at`: the last one before it in the same
    /// function, else the last one before it, else the first (an attribute set in a method that
    /// comes later in the file).
    fn built_at(&self, key: &str, at: usize, scope: usize) -> Option<Built<'t>> {
        let all = self.built.get(key)?;
        let before = all.partition_point(|b| b.at < at);
        let earlier = all.get(..before).unwrap_or_default();
        earlier
            .iter()
            .rev()
            .take(MAX_SCOPE_LOOKBACK)
            .find(|b| b.scope == scope)
            .or(earlier.last())
            .or(all.first())
            .copied()
    }

    // ---- raw HTTP ----

    fn http_call(
        &self,
        node: Node<'t>,
        function: Node<'t>,
        arguments: Node<'t>,
        kind: HttpKind,
        verb_node: Option<Node<'t>>,
    ) -> Option<Call> {
        let mut positional = Vec::new();
        let mut keywords: Vec<(&str, Node<'t>)> = Vec::new();
        let mut c = arguments.walk();
        for a in arguments.named_children(&mut c) {
            match a.kind() {
                "comment" => {}
                "keyword_argument" => {
                    if let (Some(n), Some(v)) = (a.child_by_field_name("name"), a.child_by_field_name("value")) {
                        keywords.push((self.text(n), v));
                    }
                }
                "list_splat" | "dictionary_splat" => {}
                _ => positional.push(a),
            }
        }
        let arg = |name: &str, index: Option<usize>| {
            keywords
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, v)| v)
                .or_else(|| index.and_then(|i| positional.get(i).copied()))
        };
        let (url_node, method) = match kind {
            HttpKind::Verb(verb) => {
                let method = verb_node.map(|n| {
                    let mut b = TextBuilder::new();
                    b.push_decoded(
                        &verb.to_ascii_uppercase(),
                        self.base + n.start_byte(),
                        n.end_byte() - n.start_byte(),
                    );
                    Value::Str(b.finish(self.base + n.start_byte()))
                });
                (arg("url", Some(0)), method)
            }
            HttpKind::Request => {
                (arg("url", Some(1)), arg("method", Some(0)).map(|m| self.value(m, 0)).filter(is_plain_str))
            }
            HttpKind::UrllibRequest => {
                (arg("url", Some(0)), arg("method", Some(5)).map(|m| self.value(m, 0)).filter(is_plain_str))
            }
            HttpKind::Urlopen => (arg("url", Some(0)), None),
        };
        let url_node = url_node?;
        if kind == HttpKind::Urlopen && self.resolve(url_node).kind() == "call" {
            return None; // `urlopen(Request(...))`: the `Request` is the call that says it all
        }
        let url = self.url_value(url_node);
        if !url.as_str().is_some_and(|u| u.contains("/api/v2/")) {
            return None;
        }
        let mut body = None;
        let mut body_unknown = false;
        let mut headers = Vec::new();
        match kind {
            HttpKind::Verb(_) | HttpKind::Request => {
                let positional_data = match kind {
                    HttpKind::Verb("post" | "put" | "patch") => Some(1),
                    _ => None,
                };
                let positional_json = match kind {
                    HttpKind::Verb("post") => Some(2),
                    _ => None,
                };
                if let Some(j) = arg("json", positional_json) {
                    (body, body_unknown) = self.json_body(j);
                }
                if body.is_none() && !body_unknown {
                    if let Some(d) = arg("data", positional_data).or_else(|| arg("content", None)) {
                        (body, body_unknown) = self.data_body(d);
                    }
                }
                if arg("files", None).is_some_and(|f| self.resolve(f).kind() != "none") {
                    body_unknown = true;
                }
                if let Some(h) = arg("headers", None) {
                    headers = self.headers(h);
                }
            }
            HttpKind::UrllibRequest | HttpKind::Urlopen => {
                if let Some(d) = arg("data", Some(1)) {
                    (body, body_unknown) = self.data_body(d);
                }
                if kind == HttpKind::UrllibRequest
                    && let Some(h) = arg("headers", Some(2))
                {
                    headers = self.headers(h);
                }
            }
        }
        let mut method = method;
        if method.is_none()
            && matches!(kind, HttpKind::UrllibRequest | HttpKind::Urlopen)
            && (body.is_some() || body_unknown)
            && let Some(d) = arg("data", Some(1))
        {
            // urllib sends a POST when there is data and no method is named.
            let span = self.span(d);
            method = Some(Value::Str(Text { value: "POST".into(), map: OffsetMap::Opaque { start: span.start } }));
        }
        Some(Call {
            callee: Callee::Http { function: self.text(function).to_owned(), method, url, body, body_unknown, headers },
            args: self.args(arguments),
            span: self.span(node),
        })
    }

    /// `json=value`: the body, unless it is not known (`json=payload` untraced).
    fn json_body(&self, node: Node<'t>) -> (Option<Value>, bool) {
        match self.value(node, 0) {
            Value::Null(_) => (None, false),
            Value::Unknown(..) | Value::Opaque(_) => (None, true),
            v => (Some(v), false),
        }
    }

    /// `data=...`: JSON when it is `json.dumps(v)` (or a string), a form when it is a dict.
    fn data_body(&self, node: Node<'t>) -> (Option<Value>, bool) {
        let resolved = self.resolve(node);
        if let Some(inner) = self.dumped(resolved) {
            return self.json_body(inner);
        }
        match resolved.kind() {
            "none" => (None, false),
            "string" | "concatenated_string" => (Some(self.value(resolved, 0)), false),
            _ => match self.value(node, 0) {
                Value::Str(t) => (Some(Value::Str(t)), false),
                _ => (None, true),
            },
        }
    }

    fn headers(&self, node: Node<'t>) -> Vec<(String, Value)> {
        match self.value(node, 0) {
            Value::Object(pairs, _) => pairs.into_iter().map(|(k, v)| (k.value, v)).collect(),
            _ => Vec::new(),
        }
    }

    /// A URL: a string, an f-string, or strings joined with `+` (`BASE + "/api/v2/users/" + id`),
    /// whose other parts become `${...}` placeholders.
    fn url_value(&self, node: Node<'t>) -> Value {
        let mut node = self.resolve(node);
        if node.kind() == "identifier"
            && let Some(joined) = self.bound_once(node).filter(|v| v.kind() == "binary_operator")
        {
            node = joined;
        }
        if node.kind() != "binary_operator" {
            return self.value(node, 0);
        }
        if !self.charge(node.end_byte() - node.start_byte()) {
            return Value::Opaque(self.span(node));
        }
        // The operands of a chain of `+`, left to right (explicit stack, bounded).
        let mut parts = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if parts.len() + stack.len() > MAX_DEPTH {
                return self.value(node, 0);
            }
            let is_plus =
                n.kind() == "binary_operator" && n.child_by_field_name("operator").is_some_and(|o| self.text(o) == "+");
            match (is_plus, n.child_by_field_name("left"), n.child_by_field_name("right")) {
                (true, Some(l), Some(r)) => {
                    stack.push(r);
                    stack.push(l);
                }
                _ => parts.push(n),
            }
        }
        let strings: Vec<Node<'t>> = parts.iter().map(|&p| self.resolve(p)).collect();
        if !strings.iter().any(|s| matches!(s.kind(), "string" | "concatenated_string")) {
            return self.value(node, 0);
        }
        let mut b = TextBuilder::new();
        for (&part, &resolved) in parts.iter().zip(&strings) {
            // A traced name stands where it is written, as a placeholder: its literal lies
            // elsewhere in the file, and the places in the text must move forward.
            if part.id() == resolved.id() && matches!(part.kind(), "string" | "concatenated_string") {
                self.push_strings(&mut b, part);
            } else {
                self.push_placeholder(&mut b, part);
            }
        }
        Value::Str(b.finish(self.base + node.start_byte()))
    }

    // ---- values ----

    /// Follows parentheses and names traced to their one assignment; the node reached.
    fn resolve(&self, mut node: Node<'t>) -> Node<'t> {
        for _ in 0..MAX_HOPS {
            node = match node.kind() {
                "parenthesized_expression" => match first_named(node) {
                    Some(inner) => inner,
                    None => return node,
                },
                "identifier" => match self.traced(node) {
                    Some(value) => value,
                    None => return node,
                },
                _ => return node,
            };
        }
        node
    }

    /// The value a name is bound to, when it is bound once in the file, to a literal, and never
    /// rebound or changed.
    fn traced(&self, name: Node<'t>) -> Option<Node<'t>> {
        let value = self.bound_once(name)?;
        let literal = matches!(
            value.kind(),
            "string"
                | "concatenated_string"
                | "integer"
                | "float"
                | "true"
                | "false"
                | "none"
                | "dictionary"
                | "list"
                | "tuple"
                | "unary_operator"
                | "parenthesized_expression"
                | "identifier"
        ) || self.dumped(value).is_some();
        literal.then_some(value)
    }

    /// The value of a name bound by one plain assignment and never rebound or changed.
    fn bound_once(&self, name: Node<'t>) -> Option<Node<'t>> {
        let name = self.text(name);
        if self.spoiled.contains(name) {
            return None;
        }
        let bound = self.bound.get(name)?;
        if bound.assignments != 1 {
            return None;
        }
        bound.value
    }

    /// `x` when `node` is `json.dumps(x, ...)` or `json.dumps(x).encode(...)`.
    fn dumped(&self, mut node: Node<'t>) -> Option<Node<'t>> {
        for _ in 0..MAX_HOPS {
            if node.kind() != "call" {
                return None;
            }
            let function = node.child_by_field_name("function")?;
            let is_dumps = match function.kind() {
                "attribute" => {
                    let object = function.child_by_field_name("object")?;
                    let attr = self.text(function.child_by_field_name("attribute")?);
                    if attr == "encode" {
                        node = object;
                        continue;
                    }
                    attr == "dumps" && self.text(object) == "json"
                }
                "identifier" => matches!(self.bindings.get(self.text(function)), Some(Binding::Dumps)),
                _ => false,
            };
            if !is_dumps {
                return None;
            }
            let arguments = node.child_by_field_name("arguments")?;
            let mut c = arguments.walk();
            let first = arguments.named_children(&mut c).find(|a| a.kind() != "comment")?;
            return match first.kind() {
                "keyword_argument" | "list_splat" | "dictionary_splat" => None,
                _ => Some(first),
            };
        }
        None
    }

    fn value(&self, node: Node<'t>, depth: usize) -> Value {
        let span = self.span(node);
        if depth > MAX_DEPTH || !self.charge(1) {
            return Value::Opaque(span);
        }
        let unknown = || match self.charge(span.len()) {
            true => Value::Unknown(self.text(node).to_owned(), span.clone()),
            false => Value::Opaque(span.clone()),
        };
        match node.kind() {
            "string" | "concatenated_string" if !self.charge(span.len()) => Value::Opaque(span),
            "string" | "concatenated_string" => {
                let mut b = TextBuilder::new();
                self.push_strings(&mut b, node);
                Value::Str(b.finish(self.base + content_start(node)))
            }
            "integer" => {
                let t = self.text(node);
                if is_json_number(t) { Value::Number(t.to_owned(), span) } else { unknown() }
            }
            "float" => {
                let t = self.text(node);
                if is_json_number(t) { Value::Number(t.to_owned(), span) } else { unknown() }
            }
            "unary_operator" => {
                let (Some(op), Some(arg)) =
                    (node.child_by_field_name("operator"), node.child_by_field_name("argument"))
                else {
                    return unknown();
                };
                let digits = self.text(arg);
                if self.text(op) == "-" && matches!(arg.kind(), "integer" | "float") && is_json_number(digits) {
                    Value::Number(format!("-{digits}"), span)
                } else {
                    unknown()
                }
            }
            "true" => Value::Bool(true, span),
            "false" => Value::Bool(false, span),
            "none" => Value::Null(span),
            "dictionary" => {
                let mut pairs = Vec::new();
                let mut c = node.walk();
                for child in node.named_children(&mut c) {
                    match child.kind() {
                        "comment" => {}
                        "pair" => {
                            let (Some(k), Some(v)) =
                                (child.child_by_field_name("key"), child.child_by_field_name("value"))
                            else {
                                return Value::Opaque(span);
                            };
                            let Some(key) = self.key(k) else { return Value::Opaque(span) };
                            pairs.push((key, self.value(v, depth + 1)));
                        }
                        _ => return Value::Opaque(span),
                    }
                }
                Value::Object(pairs, span)
            }
            "list" | "tuple" => {
                let mut items = Vec::new();
                let mut c = node.walk();
                for child in node.named_children(&mut c) {
                    match child.kind() {
                        "comment" => {}
                        "list_splat" | "ERROR" => return Value::Opaque(span),
                        _ => items.push(self.value(child, depth + 1)),
                    }
                }
                Value::Array(items, span)
            }
            "parenthesized_expression" => match first_named(node) {
                Some(inner) if inner.kind() != "list_splat" => self.value(inner, depth + 1),
                _ => unknown(),
            },
            // A name not traced to a literal (or in a cycle of names) stands for itself.
            "identifier" => match self.resolve(node) {
                value if matches!(value.kind(), "identifier" | "parenthesized_expression") => unknown(),
                _ if !self.charge(TRACE_COST) => Value::Opaque(span),
                value => self.value(value, depth + 1),
            },
            "call" => match self.dumped(node) {
                Some(inner) => self.value(inner, depth + 1),
                None => unknown(),
            },
            _ => unknown(),
        }
    }

    /// A dict key: a string literal without substitutions.
    fn key(&self, node: Node<'t>) -> Option<Text> {
        if !matches!(node.kind(), "string" | "concatenated_string")
            || has_interpolation(node)
            || !self.charge(node.end_byte() - node.start_byte())
        {
            return None;
        }
        let mut b = TextBuilder::new();
        self.push_strings(&mut b, node);
        Some(b.finish(self.base + content_start(node)))
    }

    fn push_placeholder(&self, b: &mut TextBuilder, node: Node<'t>) {
        let src = self.text(node);
        b.push_decoded(&format!("${{{src}}}"), self.base + node.start_byte(), src.len());
    }

    /// Appends a string literal (or several written side by side), decoded.
    fn push_strings(&self, b: &mut TextBuilder, node: Node<'t>) {
        if node.kind() == "string" {
            return self.push_string(b, node);
        }
        let mut c = node.walk();
        for s in node.named_children(&mut c) {
            if s.kind() == "string" {
                self.push_string(b, s);
            }
        }
    }

    fn push_string(&self, b: &mut TextBuilder, node: Node<'t>) {
        let mut c = node.walk();
        let mut prefix = "";
        let mut start = node.start_byte();
        let mut end = node.end_byte();
        let mut interpolations = Vec::new();
        for child in node.children(&mut c) {
            match child.kind() {
                "string_start" => {
                    prefix = self.text(child).trim_end_matches(['"', '\'']);
                    start = child.end_byte();
                }
                "string_end" => end = child.start_byte(),
                "interpolation" => interpolations.push(child),
                _ => {}
            }
        }
        let flags = Flags {
            raw: prefix.contains(['r', 'R']),
            bytes: prefix.contains(['b', 'B']),
            format: prefix.contains(['f', 'F', 't', 'T']),
        };
        let mut at = start;
        for interpolation in interpolations {
            self.push_content(b, at, interpolation.start_byte().min(end), flags);
            let expression = interpolation.child_by_field_name("expression");
            let expr = expression.map_or("", |e| self.text(e));
            // A name bound once to a plain string (`API = "https://..."`) is that string, placed
            // at the substitution: what the code sends, a host or an id, is known. (Not with a
            // conversion or a format spec, which change it.)
            let plain = interpolation.named_child_count() == 1;
            let traced = expression
                .filter(|e| plain && e.kind() == "identifier")
                .and_then(|e| self.traced(e))
                .filter(|v| v.kind() == "string" && !has_interpolation(*v))
                .map(|v| {
                    let mut inner = TextBuilder::new();
                    self.push_string(&mut inner, v);
                    inner.finish(0).value
                });
            b.push_decoded(
                &traced.unwrap_or_else(|| format!("${{{expr}}}")),
                self.base + interpolation.start_byte(),
                interpolation.end_byte() - interpolation.start_byte(),
            );
            at = interpolation.end_byte();
        }
        self.push_content(b, at, end, flags);
    }

    /// Appends the characters of a literal between `from` and `to` (no substitution in them).
    fn push_content(&self, b: &mut TextBuilder, from: usize, to: usize, flags: Flags) {
        let Some(content) = self.src.get(from..to) else { return };
        let bytes = content.as_bytes();
        let at = |i: usize| self.base + from + i;
        let mut i = 0;
        let special = |rest: &[u8]| {
            if flags.format { memchr::memchr3(b'\\', b'{', b'}', rest) } else { memchr::memchr(b'\\', rest) }
        };
        while i < bytes.len() {
            let rest = bytes.get(i..).unwrap_or_default();
            let Some(rel) = special(rest) else {
                b.push_str(content.get(i..).unwrap_or_default(), at(i));
                break;
            };
            if rel > 0 {
                b.push_str(content.get(i..i + rel).unwrap_or_default(), at(i));
            }
            i += rel;
            let c = bytes.get(i).copied().unwrap_or_default();
            let next = bytes.get(i + 1).copied();
            if c != b'\\' {
                // `{{` and `}}` in an f-string are a brace; a lone one stays as written.
                if next == Some(c) {
                    b.push_decoded(if c == b'{' { "{" } else { "}" }, at(i), 2);
                    i += 2;
                } else {
                    b.push_str(if c == b'{' { "{" } else { "}" }, at(i));
                    i += 1;
                }
                continue;
            }
            if flags.raw {
                // A raw string keeps its backslashes (`\` only guards the next quote).
                b.push_str("\\", at(i));
                i += 1;
                continue;
            }
            let (decoded, len) = escape(bytes.get(i + 1..).unwrap_or_default(), flags.bytes);
            match decoded {
                Some(ch) => {
                    let mut buf = [0; 4];
                    let s = match ch {
                        Escaped::Char(ch) => ch.encode_utf8(&mut buf) as &str,
                        Escaped::Nothing => "",
                    };
                    b.push_decoded(s, at(i), 1 + len);
                    i += 1 + len;
                }
                None => {
                    // Not an escape: the backslash stays (`\d`, `\N{...}` left as written).
                    b.push_str("\\", at(i));
                    i += 1;
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Flags {
    raw: bool,
    bytes: bool,
    format: bool,
}

enum Escaped {
    Char(char),
    /// A line continuation.
    Nothing,
}

/// The escape after a backslash (`rest` starts after it): what it decodes to and how many bytes
/// it takes after the backslash; `None` when it is not an escape (the backslash stays).
fn escape(rest: &[u8], bytes: bool) -> (Option<Escaped>, usize) {
    let Some(&c) = rest.first() else { return (None, 0) };
    let simple = |ch: char| (Some(Escaped::Char(ch)), 1);
    let code = |n: Option<u32>, len: usize| match n {
        // A byte above 0x7f is no character of its own: it stands as U+FFFD.
        Some(n) if bytes && n > 0x7f => (Some(Escaped::Char(char::REPLACEMENT_CHARACTER)), len),
        Some(n) => (Some(Escaped::Char(char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER))), len),
        None => (None, 0),
    };
    match c {
        b'\n' => (Some(Escaped::Nothing), 1),
        b'\r' if rest.get(1) == Some(&b'\n') => (Some(Escaped::Nothing), 2),
        b'\r' => (Some(Escaped::Nothing), 1),
        b'\\' => simple('\\'),
        b'\'' => simple('\''),
        b'"' => simple('"'),
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b'f' => simple('\u{c}'),
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'v' => simple('\u{b}'),
        b'0'..=b'7' => {
            let len = rest.iter().take(3).take_while(|d| (b'0'..=b'7').contains(d)).count();
            code(digits(rest.get(..len), 8), len)
        }
        b'x' => code(digits(rest.get(1..3), 16), 3),
        b'u' if !bytes => code(digits(rest.get(1..5), 16), 5),
        b'U' if !bytes => code(digits(rest.get(1..9), 16), 9),
        _ => (None, 0),
    }
}

fn digits(d: Option<&[u8]>, radix: u32) -> Option<u32> {
    let s = std::str::from_utf8(d?).ok()?;
    if s.is_empty() || !s.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(s, radix).ok()
}

fn first_named(node: Node<'_>) -> Option<Node<'_>> {
    let mut c = node.walk();
    node.named_children(&mut c).find(|n| n.kind() != "comment")
}

fn has_interpolation(node: Node<'_>) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let mut c = n.walk();
        for child in n.named_children(&mut c) {
            match child.kind() {
                "interpolation" => return true,
                "string" => stack.push(child),
                _ => {}
            }
        }
    }
    false
}

/// Where the characters of a string literal start (after its opening quote).
fn content_start(node: Node<'_>) -> usize {
    let mut n = node;
    if n.kind() == "concatenated_string" {
        match n.named_child(0) {
            Some(first) => n = first,
            None => return node.start_byte(),
        }
    }
    n.named_child(0).filter(|s| s.kind() == "string_start").map_or(n.start_byte(), |s| s.end_byte())
}

fn is_plain_str(v: &Value) -> bool {
    matches!(v, Value::Str(t) if !t.value.contains("${"))
}

/// Whether a module's top-level name is a Genesys one, real or not.
fn is_genesys(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("purecloud") || lower.contains("genesys")
}

fn http_module(dotted: &str) -> Option<Lib> {
    match dotted {
        "requests" => Some(Lib::Requests),
        "httpx" => Some(Lib::Httpx),
        "urllib" => Some(Lib::Urllib),
        "urllib.request" => Some(Lib::UrllibRequest),
        _ => None,
    }
}

fn is_session_class(lib: Lib, name: &str) -> bool {
    match lib {
        Lib::Requests => matches!(name, "Session" | "session"),
        Lib::Httpx => matches!(name, "Client" | "AsyncClient"),
        Lib::Urllib | Lib::UrllibRequest => false,
    }
}

/// What a function of an HTTP library (or of a session) does, by its name.
fn http_kind(lib: Lib, name: &str) -> Option<HttpKind> {
    match lib {
        Lib::Requests | Lib::Httpx => match name {
            "request" | "stream" => Some(HttpKind::Request),
            _ => VERBS.iter().find(|v| **v == name).map(|&v| HttpKind::Verb(v)),
        },
        Lib::UrllibRequest => match name {
            "Request" => Some(HttpKind::UrllibRequest),
            "urlopen" => Some(HttpKind::Urlopen),
            _ => None,
        },
        Lib::Urllib => None,
    }
}

/// Whether a class name is an SDK API class's (`ConversationsApi`; `ApiClient` is not one).
fn is_api_class(name: &str) -> bool {
    name.len() > 3 && name.ends_with("Api") && name.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether a name is a method's (`patch_conversation_participant`), not a class or constant's.
fn is_method(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The API class a variable's name says: `conversations_api` and `conversationsApi` are a
/// `ConversationsApi`.
fn class_of_name(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_lowercase) || name == "api_client" {
        return None;
    }
    if let Some(stem) = name.strip_suffix("_api") {
        if stem.is_empty() || !stem.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_') {
            return None;
        }
        let mut class = String::with_capacity(name.len());
        for word in stem.split('_').filter(|w| !w.is_empty()) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                class.push(first.to_ascii_uppercase());
                class.push_str(chars.as_str());
            }
        }
        class.push_str("Api");
        return Some(class);
    }
    let stem = name.strip_suffix("Api")?;
    if stem.is_empty() || !stem.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(format!("{}{}", first.to_ascii_uppercase(), chars.as_str()))
}

/// Whether a Python number literal is also a JSON number (`1`, `-2.5`, `1e3`; not `1_000`,
/// `0x1f`, `1.`, `.5`, `007`, `1j`).
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b.get(int_start) == Some(&b'0')) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    fn sdk(text: &str, found: &Found) -> Vec<(String, String, bool)> {
        found.sdk_calls(text)
    }

    fn owned(v: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
        v.iter().map(|(c, m, o)| (c.to_string(), m.to_string(), *o)).collect()
    }

    /// A value as JSON-ish text, for compact assertions: strings quoted, unknowns as `?src`.
    fn show(v: &Value) -> String {
        match v {
            Value::Str(t) => format!("{:?}", t.value),
            Value::Number(n, _) => n.clone(),
            Value::Bool(b, _) => b.to_string(),
            Value::Null(_) => "null".into(),
            Value::Object(pairs, _) => {
                let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{:?}: {}", k.value, show(v))).collect();
                format!("{{{}}}", inner.join(", "))
            }
            Value::Array(items, _) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
            Value::Unknown(src, _) => format!("?{src}"),
            Value::Opaque(_) => "opaque".into(),
        }
    }

    #[test]
    fn seed_method_on_a_name_that_says_the_class() {
        let text = "conversations_api.patch_conversation_participants(conversation_id, body)\n";
        let found = find(text, 0);
        assert_eq!(sdk(text, &found), owned(&[("ConversationsApi", "patch_conversation_participants", false)]));
        let call = &found.calls[0];
        assert_eq!(&text[call.span.clone()], text.trim_end());
        assert_eq!(call.args.len(), 2);
        assert!(call.args.iter().all(|a| a.name.is_none()));
        assert_eq!(show(&call.args[0].value), "?conversation_id");
        assert_eq!(&text[call.args[1].value.span()], "body");

        let text = "conversationsApi.patchConversationParticipants(conversationId, body)\n";
        let found = find(text, 0);
        assert_eq!(sdk(text, &found), owned(&[("ConversationsApi", "patchConversationParticipants", false)]));
    }

    #[test]
    fn seed_method_on_the_class() {
        let text = "import PureCloudPlatformClientV2\n\
                    PureCloudPlatformClientV2.ConversationsApi.patch_conversation_conference_participants(cid, body)\n";
        let found = find(text, 0);
        assert_eq!(
            sdk(text, &found),
            owned(&[("ConversationsApi", "patch_conversation_conference_participants", true)])
        );
        assert_eq!(found.imports.len(), 1);
        assert_eq!(found.imports[0].package, "PureCloudPlatformClientV2");
        assert_eq!(&text[found.imports[0].span.clone()], "PureCloudPlatformClientV2");
    }

    #[test]
    fn seed_update_conversation() {
        let text = "result = conversations_api.update_conversation(conversation_id, body=body)\n";
        let found = find(text, 0);
        assert_eq!(sdk(text, &found), owned(&[("ConversationsApi", "update_conversation", false)]));
        assert_eq!(found.calls[0].args[1].name.as_deref(), Some("body"));
    }

    #[test]
    fn seed_imports_of_packages_that_do_not_exist() {
        let text = "import genesyscloud\nfrom genesys_cloud_sdk import ConversationsApi\nimport os, json\n\
                    api = ConversationsApi(client)\napi.patch_conversation_participant('c', 'p', {})\n";
        let found = find(text, 0);
        let imports: Vec<(&str, &str)> =
            found.imports.iter().map(|i| (i.package.as_str(), &text[i.span.clone()])).collect();
        assert_eq!(imports, [("genesyscloud", "genesyscloud"), ("genesys_cloud_sdk", "genesys_cloud_sdk")]);
        assert_eq!(sdk(text, &found), owned(&[("ConversationsApi", "patch_conversation_participant", false)]));
    }

    #[test]
    fn seed_dict_body_passed_to_a_real_method() {
        let text = "import PureCloudPlatformClientV2\n\
                    api_instance = PureCloudPlatformClientV2.ConversationsApi(api_client)\n\
                    api_instance.patch_conversation_participant(conversation_id, participant_id, \
                    {'participants': [{'id': pid, 'action': 'disconnect'}]})\n";
        let found = find(text, 0);
        assert_eq!(sdk(text, &found), owned(&[("ConversationsApi", "patch_conversation_participant", false)]));
        let body = &found.calls[0].args[2].value;
        assert_eq!(show(body), r#"{"participants": [{"id": ?pid, "action": "disconnect"}]}"#);
        let Value::Object(pairs, span) = body else { panic!() };
        assert!(text[span.clone()].starts_with("{'participants'"));
        assert_eq!(text.get(pairs[0].0.map.to_file(0).unwrap()..).unwrap().get(..12), Some("participants"));
        let Value::Array(items, _) = &pairs[0].1 else { panic!() };
        let Value::Object(inner, _) = &items[0] else { panic!() };
        assert_eq!(&text[inner[1].1.span()], "disconnect");
    }

    /// A raw HTTP call as (function, method, url, body, body_unknown), shown compactly.
    type HttpSeen = (String, Option<String>, String, Option<String>, bool);

    /// The raw HTTP calls found.
    fn http(found: &Found) -> Vec<HttpSeen> {
        found
            .calls
            .iter()
            .filter_map(|c| match &c.callee {
                Callee::Http { function, method, url, body, body_unknown, .. } => Some((
                    function.clone(),
                    method.as_ref().map(show),
                    show(url),
                    body.as_ref().map(show),
                    *body_unknown,
                )),
                Callee::Sdk { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_script_like_the_sdk_samples() {
        let text = r#"import base64, sys, os
import time
import PureCloudPlatformClientV2
from PureCloudPlatformClientV2.rest import ApiException
from pprint import pprint

region = PureCloudPlatformClientV2.PureCloudRegionHosts.us_east_1
PureCloudPlatformClientV2.configuration.host = region.get_api_host()
CLIENT_ID = os.environ['GENESYS_CLOUD_CLIENT_ID']
api_client = PureCloudPlatformClientV2.api_client.ApiClient().get_client_credentials_token(CLIENT_ID, os.environ['GENESYS_CLOUD_CLIENT_SECRET'])

# create an instance of the API class
api_instance = PureCloudPlatformClientV2.ConversationsApi(api_client)
conversation_id = 'conversation_id_example' # str | conversation ID
participant_id = 'participant_id_example' # str | participant ID
body = PureCloudPlatformClientV2.MediaParticipantRequest() # MediaParticipantRequest | Participant
body.wrapup_skipped = True

try:
    # Update a participant.
    api_instance.patch_conversation_participant(conversation_id, participant_id, body)
except ApiException as e:
    print("Exception when calling ConversationsApi->patch_conversation_participant: %s\n" % e)

def users():
    api_instance = PureCloudPlatformClientV2.UsersApi(api_client)
    return api_instance.get_users(page_size=25, page_number=1)
"#;
        let found = find(text, 0);
        assert_eq!(
            sdk(text, &found),
            owned(&[("ConversationsApi", "patch_conversation_participant", false), ("UsersApi", "get_users", false),])
        );
        let packages: Vec<&str> = found.imports.iter().map(|i| i.package.as_str()).collect();
        assert_eq!(packages, ["PureCloudPlatformClientV2"; 2]);
        let args: Vec<String> = found.calls[0].args.iter().map(|a| show(&a.value)).collect();
        // Names bound once to a string are traced; `body` is an SDK model changed after.
        assert_eq!(args, [r#""conversation_id_example""#, r#""participant_id_example""#, "?body"]);
        assert_eq!(&text[found.calls[0].args[0].value.span()], "conversation_id_example");
        let kw: Vec<(Option<&str>, String)> =
            found.calls[1].args.iter().map(|a| (a.name.as_deref(), show(&a.value))).collect();
        assert_eq!(kw, [(Some("page_size"), "25".into()), (Some("page_number"), "1".into())]);
    }

    #[test]
    fn api_objects_on_attributes_and_built_in_place() {
        let text = r#"from PureCloudPlatformClientV2 import ConversationsApi as Conv, RoutingApi, ApiClient
import PureCloudPlatformClientV2 as gc

class Bot:
    def __init__(self, client):
        self.conv = Conv(client)
        self.client = ApiClient()

    def hang_up(self, cid, pid):
        self.conv.patch_conversation_participant(cid, pid, {"state": "disconnected"})
        self.client.call_api("/api/v2/x", "GET")

RoutingApi(client).get_routing_queues()
gc.UsersApi.get_user(uid)
RoutingApi.get_routing_queue(qid)
gc.conversations_api.ConversationsApi(c)
self.routing_api.get_routing_skills(*args, **kwargs)
"#;
        let found = find(text, 0);
        assert_eq!(
            sdk(text, &found),
            owned(&[
                ("ConversationsApi", "patch_conversation_participant", false),
                ("RoutingApi", "get_routing_queues", false),
                ("UsersApi", "get_user", true),
                ("RoutingApi", "get_routing_queue", true),
                ("RoutingApi", "get_routing_skills", false),
            ])
        );
        let splats: Vec<String> = found.calls[4].args.iter().map(|a| show(&a.value)).collect();
        assert_eq!(splats, ["opaque", "opaque"]);
    }

    #[test]
    fn names_that_are_not_api_objects() {
        let text = "from app import users_api\nimport routing_api\nfrom . import groups_api\ngroups_api.get_group(g)\nusers_api.get_user(1)\nrouting_api.get_queue(q)\n\
                    api_client.call_api('/api/v2/users', 'GET')\nrest_client.get(x)\napi.get_x()\n\
                    my.conversations_api_helper.get()\nx.RoutingApi(c)\n";
        assert!(find(text, 0).calls.is_empty());
    }

    #[test]
    fn tracing_names_bound_once_to_a_literal() {
        let text = r#"BODY = {"participants": [{"id": PID, "action": "disconnect"}]}
PID = "abc"
count = 1
count += 1
items = []
items.append(1)
opts = {"a": 1}
opts["b"] = 2
twice = "x"
twice = "y"
def f(param="p"):
    conversations_api.patch_conversation(BODY, count, items, opts, twice, param, NOWHERE)
"#;
        let found = find(text, 0);
        let args: Vec<String> = found.calls[0].args.iter().map(|a| show(&a.value)).collect();
        assert_eq!(
            args,
            [
                r#"{"participants": [{"id": "abc", "action": "disconnect"}]}"#,
                "?count",
                "?items",
                "?opts",
                "?twice",
                "?param",
                "?NOWHERE"
            ]
        );
        // The traced literal keeps its own place in the file.
        assert_eq!(&text[found.calls[0].args[0].value.span()], &text[7..text.find('\n').unwrap()]);
    }

    #[test]
    fn tracing_stops_on_cycles_and_other_bindings() {
        let text = "a = b\nb = a\nfor x in y: pass\nx = 1\nwith open(p) as w: pass\nw = 2\ndel z[0]\nz = {}\n\
                    routing_api.get_x(a, x, w, z)\n";
        let found = find(text, 0);
        let args: Vec<String> = found.calls[0].args.iter().map(|a| show(&a.value)).collect();
        assert_eq!(args, ["?a", "?x", "?w", "?z"]);
    }

    #[test]
    fn literals_of_every_kind() {
        let text = r#"conversations_api.post_x(1, -2.5, 1e3, 1_000, 0x1f, 007, 1j, True, False, None, (1, "a"), [], {**x}, {1: 2}, {"k": 1, # note
  "j": [2]}, 'a' "b" f"c{d}", b"by\x41", r"\d\n", x + 1)
"#;
        let found = find(text, 0);
        let args: Vec<String> = found.calls[0].args.iter().map(|a| show(&a.value)).collect();
        assert_eq!(
            args,
            [
                "1",
                "-2.5",
                "1e3",
                "?1_000",
                "?0x1f",
                "?007",
                "?1j",
                "true",
                "false",
                "null",
                r#"[1, "a"]"#,
                "[]",
                "opaque",
                "opaque",
                r#"{"k": 1, "j": [2]}"#,
                r#""abc${d}""#,
                r#""byA""#,
                r#""\\d\\n""#,
                "?x + 1",
            ]
        );
    }

    #[test]
    fn string_escapes_are_decoded_and_mapped() {
        let text = "x_api.f('a\\tb\\'c\\\\d\\x41\\u00e9\\U0001F600\\101\\N{BULLET}\\q', \"\"\"l1\nl2\"\"\", \
                    'co\\\nnt', f'{{{x!r:>10}}}', rb'\\x', u'\\n')\n";
        let found = find(text, 0);
        let args: Vec<&Value> = found.calls[0].args.iter().map(|a| &a.value).collect();
        let s = args[0].as_str().unwrap();
        assert_eq!(s, "a\tb'c\\dAé😀A\\N{BULLET}\\q");
        let Value::Str(t) = args[0] else { panic!() };
        // Each character maps to its bytes in the file: `A` to `\x41`, `é` to `\u00e9`.
        let at = |v: usize| &text[t.map.to_file(v).unwrap()..];
        assert!(at(s.find('A').unwrap()).starts_with("\\x41"));
        assert!(at(s.find('é').unwrap()).starts_with("\\u00e9"));
        assert!(at(s.find('😀').unwrap()).starts_with("\\U0001F600"));
        assert!(at(s.find('N').unwrap()).starts_with("N{BULLET}"));
        assert_eq!(args[1].as_str(), Some("l1\nl2"));
        assert_eq!(args[2].as_str(), Some("cont"));
        assert_eq!(args[3].as_str(), Some("{${x}}"));
        let Value::Str(t) = args[3] else { panic!() };
        assert!(text[t.map.to_file(1).unwrap()..].starts_with("{x!r:>10}"));
        assert_eq!(args[4].as_str(), Some("\\x"));
        assert_eq!(args[5].as_str(), Some("\n"));
    }

    #[test]
    fn spans_are_file_offsets() {
        let text = "routing_api.get_routing_queue('q')\n";
        let found = find(text, 100);
        let Callee::Sdk { method_span, .. } = &found.calls[0].callee else { panic!() };
        assert_eq!(method_span.clone(), 112..129);
        assert_eq!(found.calls[0].span, 100..134);
        assert_eq!(found.calls[0].args[0].value.span(), 131..132);
    }

    #[test]
    fn requests_calls() {
        let text = r#"import json
import requests
from requests import post as send
HOST = "https://api.mypurecloud.com"
BODY = {"state": "disconnected"}
requests.patch(f"{HOST}/api/v2/conversations/calls/{cid}/participants/{pid}", json=BODY, headers={"Authorization": f"Bearer {token}"})
requests.post(HOST + "/api/v2/conversations/" + cid + "/disconnect", data=json.dumps({"a": 1}))
requests.request("PUT", "https://x/api/v2/users/me", data={"form": 1})
send("https://x/api/v2/analytics", data='{"b": 2}', params={"p": 1})
requests.get("https://example.com/other")
requests.post("https://x/api/v2/a", json=payload)
"#;
        let found = find(text, 0);
        let s = |v: &str| v.to_string();
        assert_eq!(
            http(&found),
            [
                (
                    s("requests.patch"),
                    Some(s(r#""PATCH""#)),
                    s(r#""https://api.mypurecloud.com/api/v2/conversations/calls/${cid}/participants/${pid}""#),
                    Some(s(r#"{"state": "disconnected"}"#)),
                    false
                ),
                (
                    s("requests.post"),
                    Some(s(r#""POST""#)),
                    s(r#""${HOST}/api/v2/conversations/${cid}/disconnect""#),
                    Some(s(r#"{"a": 1}"#)),
                    false
                ),
                (s("requests.request"), Some(s(r#""PUT""#)), s(r#""https://x/api/v2/users/me""#), None, true),
                (
                    s("send"),
                    Some(s(r#""POST""#)),
                    s(r#""https://x/api/v2/analytics""#),
                    Some(s(r#""{\"b\": 2}""#)),
                    false
                ),
                (s("requests.post"), Some(s(r#""POST""#)), s(r#""https://x/api/v2/a""#), None, true),
            ]
        );
        let Callee::Http { headers, method, url, .. } = &found.calls[0].callee else { panic!() };
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].0, "Authorization");
        assert_eq!(headers[0].1.as_str(), Some("Bearer ${token}"));
        assert_eq!(&text[method.as_ref().unwrap().span()], "patch");
        let Value::Str(u) = url else { panic!() };
        assert!(text[u.map.to_file(0).unwrap()..].starts_with("{HOST}/api/v2"));
        let v = u.value.find("/api/v2").unwrap();
        assert!(text[u.map.to_file(v).unwrap()..].starts_with("/api/v2/conversations/calls/{cid}"));
    }

    #[test]
    fn sessions_and_clients() {
        let text = r#"import requests as r
import httpx
s = r.Session()
s.put("https://x/api/v2/users/1", json={"name": "n"})
with r.Session() as session:
    session.delete(url="https://x/api/v2/users/2")
client = httpx.Client()
client.post(f"https://x/api/v2/users", json=[1])
async def go():
    async with httpx.AsyncClient() as ac:
        await ac.request("PATCH", "https://x/api/v2/users/3", json={"a": None})
httpx.get("https://x/api/v2/users/4")
"#;
        let found = find(text, 0);
        let got: Vec<(String, Option<String>, String)> =
            http(&found).into_iter().map(|(f, m, u, _, _)| (f, m, u)).collect();
        let s = |v: &str| v.to_string();
        assert_eq!(
            got,
            [
                (s("s.put"), Some(s(r#""PUT""#)), s(r#""https://x/api/v2/users/1""#)),
                (s("session.delete"), Some(s(r#""DELETE""#)), s(r#""https://x/api/v2/users/2""#)),
                (s("client.post"), Some(s(r#""POST""#)), s(r#""https://x/api/v2/users""#)),
                (s("ac.request"), Some(s(r#""PATCH""#)), s(r#""https://x/api/v2/users/3""#)),
                (s("httpx.get"), Some(s(r#""GET""#)), s(r#""https://x/api/v2/users/4""#)),
            ]
        );
    }

    #[test]
    fn urllib_requests() {
        let text = r#"import json
import urllib.request
from urllib.request import Request, urlopen
payload = json.dumps({"state": "disconnected"}).encode("utf-8")
req = urllib.request.Request("https://x/api/v2/conversations/1", data=payload, headers={"Content-Type": "application/json"}, method="PATCH")
urllib.request.urlopen(req)
urlopen(Request(f"https://x/api/v2/users/{uid}", json.dumps([1]).encode()))
urlopen("https://x/api/v2/users/me")
"#;
        let found = find(text, 0);
        let s = |v: &str| v.to_string();
        assert_eq!(
            http(&found),
            [
                (
                    s("urllib.request.Request"),
                    Some(s(r#""PATCH""#)),
                    s(r#""https://x/api/v2/conversations/1""#),
                    Some(s(r#"{"state": "disconnected"}"#)),
                    false
                ),
                (s("Request"), Some(s(r#""POST""#)), s(r#""https://x/api/v2/users/${uid}""#), Some(s("[1]")), false),
                (s("urlopen"), None, s(r#""https://x/api/v2/users/me""#), None, false),
            ]
        );
        let Callee::Http { headers, .. } = &found.calls[0].callee else { panic!() };
        assert_eq!(headers[0].0, "Content-Type");
    }

    #[test]
    fn broken_code_does_not_stop_the_search() {
        // A forum snippet with a placeholder where a value should be.
        let text = "import PureCloudPlatformClientV2\n\
                    api_instance = PureCloudPlatformClientV2.ConversationsApi(api_client)\n\
                    body = { \"participants\": [ <participant> ] }\n\
                    api_instance.patch_conversation_participant(conversation_id, participant_id, body)\n";
        let found = find(text, 0);
        assert_eq!(found.imports.len(), 1);
        assert_eq!(sdk(text, &found), owned(&[("ConversationsApi", "patch_conversation_participant", false)]));
        // The rest of a file after an unclosed bracket.
        let text = "def f(:\n    x = [\nrouting_api.get_routing_queue('q')\n";
        assert_eq!(sdk(text, &find(text, 0)), owned(&[("RoutingApi", "get_routing_queue", false)]));
    }

    #[test]
    fn hostile_input_neither_panics_nor_overflows() {
        for open in ["[", "(", "{"] {
            let text = format!("routing_api.get_x({})\n", open.repeat(50_000));
            let _ = find(&text, 0);
        }
        let text = format!("routing_api.get_x({}1{})\n", "[".repeat(50_000), "]".repeat(50_000));
        let found = find(&text, 0);
        assert!(matches!(found.calls.first().map(|c| &c.args[0].value), Some(Value::Array(..))));
        let text = format!("x = {}\nrouting_api.get_x(x)\n", "a.".repeat(50_000) + "b");
        let _ = find(&text, 0);
        // 5 MB strings, and many escapes and substitutions (each one a token of the parser).
        let big = "abcdefghij".repeat(1 << 19);
        let text = format!("routing_api.get_x('{big}\\n', f'{big}{{x}}', \"\"\"{big}\"\"\")\n");
        let found = find(&text, 0);
        assert_eq!(found.calls[0].args[0].value.as_str().map(str::len), Some(big.len() + 1));
        assert_eq!(found.calls[0].args[1].value.as_str().map(str::len), Some(big.len() + 4));
        let escapes = "a\\n{x}".repeat(50_000);
        let text = format!("routing_api.get_x(f'{escapes}')\n");
        let found = find(&text, 0);
        assert_eq!(found.calls[0].args[0].value.as_str().map(str::len), Some(50_000 * 6));
        let text = format!("requests.post('/api/v2/x', data=json.dumps(b){})\n", ".encode()".repeat(50_000));
        let _ = find(&text, 0);
        let _ = find("\u{0}\u{feff}'''\\", 0);
        let _ = find("f'{", 0);
        let _ = find("requests.get(f'/api/v2/{", 0);
    }

    #[test]
    fn classes_without_a_from_import_and_objects_from_factories() {
        // A file that imports the SDK may use its classes by name (a star import, a snippet).
        let text = "import PureCloudPlatformClientV2\napi = ConversationsApi(client)\napi.get_conversation(cid)\n\
                    conversations_api = make_api()\nconversations_api.get_conversations()\n";
        let found = find(text, 0);
        assert_eq!(
            sdk(text, &found),
            owned(&[("ConversationsApi", "get_conversation", false), ("ConversationsApi", "get_conversations", false)])
        );
        // Without a Genesys import, `GraphApi` is some other SDK's class.
        let text = "from facebook import GraphApi\napi = GraphApi(token)\napi.get_object(i)\nx = OtherApi()\nx.get()\n";
        assert!(find(text, 0).calls.is_empty());
    }

    #[test]
    fn urls_joined_with_plus_in_a_name() {
        let text = "BASE = 'https://api.mypurecloud.com'\nurl = BASE + '/api/v2/users/' + uid\nrequests.get(url)\n";
        let found = find(text, 0);
        assert_eq!(http(&found).first().map(|h| h.2.as_str()), Some(r#""${BASE}/api/v2/users/${uid}""#));
    }

    #[test]
    fn hostile_input_takes_time_in_proportion_to_its_size() {
        // Names traced into each other twice over: 2^40 copies if read naively.
        let mut text: String = (0..40).map(|i| format!("A{i} = [A{}, A{}]\n", i + 1, i + 1)).collect();
        text.push_str("A40 = 'x'\nrouting_api.get_x(A0)\n");
        let found = find(&text, 0);
        assert_eq!(found.calls.len(), 1);
        // One big traced string used many times.
        let mut text = format!("BIG = '{}'\n", "x".repeat(1 << 20));
        text.push_str(&"routing_api.get_x(BIG)\n".repeat(5_000));
        assert_eq!(find(&text, 0).calls.len(), 5_000);
        // Calls nested in calls, each argument the source of all the ones inside it.
        let n = 20_000;
        let text = format!("{}0{}\n", "routing_api.get_x(f(".repeat(n), "))".repeat(n));
        assert_eq!(find(&text, 0).calls.len(), n);
        // A long chain of method calls, each receiver the whole chain before it.
        let text = format!("x{}\n", ".a()".repeat(50_000));
        assert!(find(&text, 0).calls.is_empty());
    }
}
