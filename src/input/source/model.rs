//! What a parser finds in a source file, said the same way for every language: the imports that
//! name a Genesys package, the calls that make an API request (an SDK method, a raw HTTP call),
//! and each argument as far as the source tells it without running anything.
//!
//! The language parsers (`js.rs`, `python.rs`) fill these in; `mod.rs` turns them into requests.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::ops::Range;

use crate::text::Text;

/// The language of a source file (the catalogue's: SDK method names are per language).
pub use crate::catalog::sdk::Language;

/// What one file holds, in the order written.
#[derive(Debug, Default)]
pub struct Found {
    pub imports: Vec<Import>,
    pub calls: Vec<Call>,
}

/// An import of a package whose name is a Genesys one, real or not (`purecloud-platform-client-v2`,
/// `@genesyscloud/platform-client`, `PureCloudPlatformClientV2`, `genesys_cloud_sdk`): a parser
/// keeps every import whose name mentions `purecloud` or `genesys` (any case) and leaves the
/// judging to the rules.
#[derive(Debug, Clone)]
pub struct Import {
    /// The package (or module) as written, decoded: `@genesyscloud/purecloud-platform-client-v2`,
    /// `PureCloudPlatformClientV2` (Python: the top-level module; `from A.b import c` gives `A`).
    pub package: String,
    /// The bytes of the name in the file (inside the quotes of a JS string; the dotted name's
    /// first part in Python).
    pub span: Range<usize>,
}

/// A call that makes (or claims to make) an API request.
#[derive(Debug, Clone)]
pub struct Call {
    pub callee: Callee,
    /// The arguments, in order (Python keyword arguments carry their names).
    pub args: Vec<Arg>,
    /// The whole call expression in the file (`api.patchX(a, b)`).
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub enum Callee {
    /// A method of a Genesys SDK API class: `conversationsApi.patchConversationParticipant(...)`
    /// on an object the file built with `new platformClient.ConversationsApi()` (or
    /// `PureCloudPlatformClientV2.ConversationsApi(client)`), on a name that says the class
    /// (`conversationsApi`, `conversations_api`), or on the class itself
    /// (`platformClient.ConversationsApi.patchX(...)`).
    Sdk {
        /// The API class (`ConversationsApi`), as written in the file.
        class: String,
        /// The method name as written.
        method: String,
        /// The bytes of the method name in the file.
        method_span: Range<usize>,
        /// Whether the method was called on the class itself rather than on an instance (the
        /// SDKs' methods are instance methods: such a call fails whatever the method).
        on_class: bool,
    },
    /// A raw HTTP call (`fetch`, `axios`, `got`, `request`, `XMLHttpRequest`; Python `requests`,
    /// `httpx`, `urllib`) whose URL is a string or template that holds `/api/v2/`.
    Http {
        /// The function as written (`fetch`, `axios.patch`, `requests.post`, `xhr.open`).
        function: String,
        /// The HTTP method, where the call says it (`axios.patch`, `method: 'PATCH'`); `None`
        /// where it is not a literal. A call that says none sends the library's default (GET).
        method: Option<Value>,
        /// The URL as written: a string, or a template whose substitutions are placeholders.
        url: Value,
        /// The JSON body, where the call sends one (`body: JSON.stringify({...})`, `data`,
        /// `json=`, `data=json.dumps({...})`). `None`: no body is sent.
        body: Option<Value>,
        /// Whether the call sends a body that is not JSON gclint can read (a form, a stream,
        /// `body: payload` where `payload` is not traceable): the body is unknown, not absent.
        body_unknown: bool,
        /// Request headers written as literals (name, value).
        headers: Vec<(String, Value)>,
    },
}

/// One argument of a call.
#[derive(Debug, Clone)]
pub struct Arg {
    /// A Python keyword argument's name (`body=...`); `None` for a positional one.
    pub name: Option<String>,
    pub value: Value,
}

/// A value as the source writes it. Identifiers bound once to a literal (`const body = {...}`,
/// a module-level `BODY = {...}`) are traced to that literal by the parser, which then gives the
/// literal (with its own spans).
#[derive(Debug, Clone)]
pub enum Value {
    /// A string literal, decoded, each character mapped to its place in the file. A template
    /// string (`` `...${x}...` ``, an f-string) is a string whose substitutions are written
    /// `${x}` (the expression's source text), mapped to the substitution in the file.
    Str(Text),
    /// A number as written (already valid JSON: `1`, `2.5`, `-3`; a parser leaves hex, `1_000`
    /// or `1n` as `Unknown`).
    Number(String, Range<usize>),
    Bool(bool, Range<usize>),
    /// `null`, `undefined`, Python `None`.
    Null(Range<usize>),
    /// An object or dict literal whose keys are all known strings: each key (decoded, mapped)
    /// and value, in order.
    Object(Vec<(Text, Value)>, Range<usize>),
    Array(Vec<Value>, Range<usize>),
    /// A value known only when the code runs (an identifier not traced to a literal, a member
    /// access, a call, an arithmetic expression): its source text, which stands in as a
    /// placeholder.
    Unknown(String, Range<usize>),
    /// A literal gclint cannot take as JSON as a whole (an object with a spread `...x` or a
    /// computed key, `**kwargs` in a dict): what it holds is not known.
    Opaque(Range<usize>),
}

impl Value {
    /// The bytes of the value in the file.
    pub fn span(&self) -> Range<usize> {
        match self {
            Value::Str(t) => {
                let start = t.map.to_file(0).unwrap_or(0);
                let end = t.map.to_file(t.value.len()).unwrap_or(start);
                start..end
            }
            Value::Number(_, r)
            | Value::Bool(_, r)
            | Value::Null(r)
            | Value::Object(_, r)
            | Value::Array(_, r)
            | Value::Unknown(_, r)
            | Value::Opaque(r) => r.clone(),
        }
    }

    /// The string, when the value is a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(t) => Some(&t.value),
            _ => None,
        }
    }
}

/// What the rules check of a source file's use of the SDK itself, beside the requests it makes
/// (see `rules::unknown_sdk_package`, `rules::unknown_sdk_method`).
#[derive(Debug, Clone)]
pub enum CodeUse {
    /// An import of a package named like a Genesys one.
    Import { language: Language, package: String, span: Range<usize> },
    /// A method called on an SDK API class (or an object of it).
    Method {
        language: Language,
        class: String,
        method: String,
        /// The bytes of the method name in the file.
        span: Range<usize>,
        /// Whether it was called on the class rather than on an object of it.
        on_class: bool,
        /// How many positional arguments the call passes.
        args: usize,
    },
}

#[cfg(test)]
impl Found {
    /// The SDK calls as (class, method, on_class), each method's span checked against `text`:
    /// what the parsers' tests compare.
    pub fn sdk_calls(&self, text: &str) -> Vec<(String, String, bool)> {
        self.calls
            .iter()
            .filter_map(|c| match &c.callee {
                Callee::Sdk { class, method, method_span, on_class } => {
                    assert_eq!(text.get(method_span.clone()), Some(method.as_str()));
                    Some((class.clone(), method.clone(), *on_class))
                }
                Callee::Http { .. } => None,
            })
            .collect()
    }
}
