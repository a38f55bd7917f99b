//! The embedded JSON Schemas of request bodies, compiled on first use, and the schema facts
//! rules need around an error (the properties allowed at a place, read-only fields).

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/bodies.rs"));

pub struct BodySchema {
    pub name: &'static str,
    pub schema: Value,
    validator: jsonschema::Validator,
}

/// One way a body fails its schema, at a JSON pointer into the body.
#[derive(Debug, Clone)]
pub struct SchemaError {
    pub pointer: String,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone)]
pub enum ErrorKind {
    /// Properties the model does not have.
    Unexpected(Vec<String>),
    /// The value is none of these.
    Enum(Vec<Value>),
    /// The value is not of this JSON type (`string`, `boolean`, ...).
    Type(String),
    /// The string is not in this format (`date-time`).
    Format(String),
    /// Anything else, in the validator's words.
    Other(String),
}

static COMPILED: OnceLock<HashMap<&'static str, OnceLock<Option<BodySchema>>>> = OnceLock::new();

/// The schema view `name`, compiled on first use; `None` for an unknown name.
pub fn get(name: &str) -> Option<&'static BodySchema> {
    let table = COMPILED.get_or_init(|| BODY_SCHEMAS.iter().map(|(n, _)| (*n, OnceLock::new())).collect());
    let (&key, cell) = table.get_key_value(name)?;
    cell.get_or_init(|| {
        let text = BODY_SCHEMAS.iter().find(|(n, _)| *n == key)?.1;
        let schema: Value = serde_json::from_str(text).ok()?;
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .ok()?;
        Some(BodySchema { name: key, schema, validator })
    })
    .as_ref()
}

/// Every schema view name.
pub fn names() -> impl Iterator<Item = &'static str> {
    BODY_SCHEMAS.iter().map(|(n, _)| *n)
}

/// `schema` (a part of the document `root`) with its `$ref`s to `root`'s `$defs` followed.
fn resolve_in<'s>(root: &'s Value, mut schema: &'s Value) -> Option<&'s Value> {
    for _ in 0..16 {
        let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
            return Some(schema);
        };
        let name = r.strip_prefix("#/$defs/")?;
        schema = root.get("$defs")?.get(name)?;
    }
    None
}

/// The fields at the top of a body view: those it takes, and those its model has but does not
/// let be written (`x-gclint-readonly`).
pub struct TopFields {
    pub view: &'static str,
    pub properties: Vec<String>,
    pub read_only: Vec<String>,
}

/// Every view's top-level fields, read once from the embedded schemas without compiling any
/// validator: guessing the body of a bare JSON file looks at every view, and compiling them all
/// for that cost a one-payload run more than the rest of its work.
pub fn top_fields() -> &'static [TopFields] {
    static TOP: OnceLock<Vec<TopFields>> = OnceLock::new();
    TOP.get_or_init(|| {
        BODY_SCHEMAS
            .iter()
            .filter_map(|&(view, text)| {
                let root: Value = serde_json::from_str(text).ok()?;
                let top = resolve_in(&root, &root)?;
                let names = |v: Option<&Value>| -> Vec<String> {
                    match v {
                        Some(Value::Object(o)) => o.keys().cloned().collect(),
                        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                        _ => Vec::new(),
                    }
                };
                Some(TopFields {
                    view,
                    properties: names(top.get("properties")),
                    read_only: names(top.get("x-gclint-readonly")),
                })
            })
            .collect()
    })
}

fn type_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
    }
}

impl BodySchema {
    pub fn validate(&self, body: &Value) -> Vec<SchemaError> {
        // Most bodies are valid: the yes-or-no check is cheaper than looking for errors.
        if self.validator.is_valid(body) {
            return Vec::new();
        }
        let mut errors: Vec<SchemaError> = self
            .validator
            .iter_errors(body)
            .map(|e| {
                let pointer = e.instance_path().as_str().to_owned();
                let kind = match e.kind() {
                    ValidationErrorKind::AdditionalProperties { unexpected } => {
                        ErrorKind::Unexpected(unexpected.clone())
                    }
                    ValidationErrorKind::Enum { options } => {
                        ErrorKind::Enum(options.as_array().cloned().unwrap_or_default())
                    }
                    ValidationErrorKind::Constant { expected_value } => {
                        ErrorKind::Enum(vec![(**expected_value).clone()])
                    }
                    ValidationErrorKind::Type { kind } => ErrorKind::Type(type_name(kind)),
                    ValidationErrorKind::Format { format } => ErrorKind::Format(format.clone()),
                    _ => ErrorKind::Other(e.to_string()),
                };
                SchemaError { pointer, kind }
            })
            .collect();
        errors.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        errors
    }

    /// The subschema that describes the value at `pointer` of a body, following `$ref`s.
    pub fn schema_at(&self, pointer: &str) -> Option<&Value> {
        let mut at = self.resolve(&self.schema)?;
        for token in pointer_tokens(pointer) {
            let next = if let Some(props) = at.get("properties").and_then(Value::as_object) {
                props.get(&token).or_else(|| at.get("additionalProperties").filter(|v| v.is_object()))
            } else if let Some(items) = at.get("items") {
                Some(items)
            } else {
                at.get("additionalProperties").filter(|v| v.is_object())
            };
            at = self.resolve(next?)?;
        }
        Some(at)
    }

    fn resolve<'s>(&'s self, schema: &'s Value) -> Option<&'s Value> {
        resolve_in(&self.schema, schema)
    }

    /// Property names allowed on the object at `pointer`.
    pub fn properties_at(&self, pointer: &str) -> Vec<&str> {
        self.schema_at(pointer)
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Fields of the model that exist but cannot be written through this view.
    pub fn read_only_at(&self, pointer: &str) -> Vec<&str> {
        self.schema_at(pointer)
            .and_then(|s| s.get("x-gclint-readonly"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The `title` of the schema (the model name the user knows).
    pub fn title(&self) -> &str {
        self.schema.get("title").and_then(Value::as_str).unwrap_or(self.name)
    }
}

/// The unescaped tokens of a JSON pointer.
pub fn pointer_tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// Appends a token to a JSON pointer.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}
