//! The corrected request(s) a finding suggests, the body changes behind them, and the byte
//! edits that make the change in a payload or `.http` file: the data a rule builds and a report
//! shows.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::Operation;
use crate::catalog::schemas::pointer_tokens;

/// The Authorization header of a suggested request: never the recorded token.
pub const AUTHORIZATION: &str = "Bearer {{token}}";

/// A finding's suggestion: requests to send instead, a note, and how the body changes.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The requests to send instead of the one found (several for a root body naming several
    /// participants; none when no request is needed).
    pub requests: Vec<SuggestedRequest>,
    /// What else to know (e.g. which participants need no request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The changes to the request body, for tools that patch bodies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The same changes as byte edits of the file that was read, when they can be made there as
    /// such (a payload file, a `.http` body without variables at that place).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
    /// Whether the requests replace the request found (another method or path) rather than
    /// only change its body.
    #[serde(skip)]
    pub replaces: bool,
    /// Whether the change is one `--fix` makes (enum case, `"action": "disconnect"`, attribute
    /// values), whether or not this file can take the edits.
    #[serde(skip)]
    pub fixable: bool,
}

impl Suggestion {
    /// A suggestion that sends other requests instead of the one found.
    pub fn replace(requests: Vec<SuggestedRequest>, note: Option<String>) -> Suggestion {
        Suggestion { requests, note, changes: Vec::new(), edits: Vec::new(), replaces: true, fixable: false }
    }

    /// A suggestion that is one edit of the file and no request (a name in source code).
    pub fn edit(edit: Edit) -> Suggestion {
        Suggestion {
            requests: Vec::new(),
            note: None,
            changes: Vec::new(),
            edits: vec![edit],
            replaces: false,
            fixable: true,
        }
    }
}

/// A request to send: method, URL (with the capture's scheme and host when recorded), the headers
/// that matter, and the body.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestedRequest {
    pub method: String,
    pub url: String,
    /// The operation, `PATCH /api/v2/...` with its parameters named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The JavaScript (`purecloud-platform-client-v2`) and Python (`PureCloudPlatformClientV2`)
    /// SDK methods of the operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub js_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub py_method: Option<String>,
    /// The headers that matter; Authorization is a placeholder, never the recorded token.
    pub headers: BTreeMap<String, String>,
    pub body: Option<Value>,
    /// The operation, for the SDK renderers.
    #[serde(skip)]
    pub op: Option<&'static Operation>,
    /// Whether the body is the request's own (so that body changes of other findings apply).
    #[serde(skip)]
    pub keeps_body: bool,
}

impl SuggestedRequest {
    pub fn new(method: &str, url: String, op: Option<&'static Operation>, body: Option<Value>) -> SuggestedRequest {
        let mut headers = BTreeMap::from([("Authorization".to_owned(), AUTHORIZATION.to_owned())]);
        if body.is_some() {
            headers.insert("Content-Type".to_owned(), "application/json".to_owned());
        }
        SuggestedRequest {
            method: method.to_owned(),
            url: crate::secrets::mask::url(&url),
            operation: op.map(Operation::signature),
            js_method: op.and_then(|o| o.js_method.clone()),
            py_method: op.and_then(|o| o.py_method.clone()),
            headers,
            body,
            op,
            keeps_body: false,
        }
    }
}

/// A change to a JSON body at a pointer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Change {
    /// Put `value` at `pointer`.
    Set { pointer: String, value: Value },
    /// Remove the member at `pointer` and add `to` with `value` to the same object.
    Rename { pointer: String, to: String, value: Value },
    /// Remove the member at `pointer`.
    Remove { pointer: String },
}

impl Change {
    /// Runs `f` over the value the change puts in the body (to mask credentials in it).
    pub fn mask(&mut self, f: &mut dyn FnMut(&mut Value)) {
        match self {
            Change::Set { value, .. } | Change::Rename { value, .. } => f(value),
            Change::Remove { .. } => {}
        }
    }

    /// Applies the change to `body`; a pointer that is not there leaves it as it is.
    pub fn apply(&self, body: &mut Value) {
        let pointer = match self {
            Change::Set { pointer, .. } | Change::Rename { pointer, .. } | Change::Remove { pointer } => pointer,
        };
        let tokens: Vec<String> = pointer_tokens(pointer).collect();
        let Some((last, parents)) = tokens.split_last() else {
            if let Change::Set { value, .. } = self {
                *body = value.clone();
            }
            return;
        };
        let mut at = &mut *body;
        for t in parents {
            at = match at {
                Value::Object(o) => match o.get_mut(t) {
                    Some(v) => v,
                    None => return,
                },
                Value::Array(a) => match t.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                    Some(v) => v,
                    None => return,
                },
                _ => return,
            };
        }
        let Value::Object(obj) = at else { return };
        match self {
            Change::Set { value, .. } => {
                obj.insert(last.clone(), value.clone());
            }
            Change::Rename { to, value, .. } => {
                obj.remove(last);
                obj.insert(to.clone(), value.clone());
            }
            Change::Remove { .. } => {
                obj.remove(last);
            }
        }
    }
}

/// Applies changes to a copy of a body.
pub fn changed(body: &Value, changes: &[Change]) -> Value {
    let mut out = body.clone();
    for c in changes {
        c.apply(&mut out);
    }
    out
}

/// A replacement of bytes of the file that was read. Lines and columns (1-based, columns in
/// characters, the end exclusive) are for SARIF.
#[derive(Debug, Clone, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub range: Range<usize>,
    /// The bytes replaced, as they are in the file (an edit is applied only if they still are).
    #[serde(skip)]
    pub original: String,
    pub replacement: String,
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Edit {
    /// An edit of `src` replacing `range`, which must hold `original` byte for byte, with
    /// `replacement`; `None` when it does not.
    pub fn at(src: &crate::source::Source, range: Range<usize>, original: String, replacement: String) -> Option<Edit> {
        if range.end < range.start || src.bytes.get(range.clone())? != original.as_bytes() {
            return None;
        }
        let (start_line, start_column) = src.position(range.start);
        let (end_line, end_column) = src.position(range.end);
        Some(Edit { range, original, replacement, start_line, start_column, end_line, end_column })
    }
}

/// A JSON object from pairs, for suggested bodies.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<String, Value>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_apply_at_their_pointer() {
        let body = json!({"action": "disconnect", "attributes": {"vip": true}, "state": "DISCONNECTED"});
        let out = changed(
            &body,
            &[
                Change::Rename { pointer: "/action".into(), to: "state".into(), value: json!("disconnected") },
                Change::Set { pointer: "/attributes/vip".into(), value: json!("true") },
                Change::Remove { pointer: "/missing/x".into() },
            ],
        );
        assert_eq!(out, json!({"attributes": {"vip": "true"}, "state": "disconnected"}));
    }
}
