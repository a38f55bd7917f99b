//! What a bare JSON document is: a request body (and for which operation), or something else.
//!
//! A repository holds far more JSON that is not a request body (manifests, lockfiles, settings,
//! schemas, OpenAPI documents, recorded responses) than JSON that is. Checking one of those as a
//! body can only raise false alarms, so a document is taken for a body, unless the user says it is
//! one, only when it is unmistakably one ([`unmistakable`]). When the user says it is a body
//! without saying where it goes, the looser [`likely`] guess names an operation.

use serde_json::{Map, Value};

use crate::catalog::facts::facts;
use crate::catalog::schemas::{self, TopFields};
use crate::catalog::{Catalog, Operation, Status};

/// Top-level fields that a recorded response has and a request body never: none of the request
/// models people write takes them.
const RESPONSE_FIELDS: [&str; 2] = ["id", "selfUri"];

/// The operation of a document that is unmistakably a request body: an object whose every
/// top-level field is a field of one request model (or a field people wrongly write into it,
/// `facts.view_aliases`), with no field of a recorded response (`id`, `selfUri`), and at least one
/// field that tells (see [`telling`]). `None` for anything else: it is not checked.
pub(super) fn unmistakable(body: &Value) -> Option<&'static Operation> {
    let obj = body.as_object()?;
    if obj.is_empty() || RESPONSE_FIELDS.iter().any(|f| obj.contains_key(*f)) {
        return None;
    }
    best_view(obj, |fields, obj| {
        let known = obj.keys().all(|k| belongs(fields, k).is_some());
        known && obj.iter().any(|(k, v)| telling(fields.view, k, v))
    })
}

/// The operation a document the user says is a body is most likely for: the model whose fields
/// cover most of its top-level fields (at least half of them).
pub(super) fn likely(body: &Value) -> Option<&'static Operation> {
    let obj = body.as_object()?;
    if obj.is_empty() {
        return None;
    }
    best_view(obj, |fields, obj| {
        let known = obj.keys().filter(|k| belongs(fields, k).is_some()).count();
        known * 2 >= obj.len()
    })
}

/// How a field name belongs to a model: 1 for one of its fields (read-only ones too: writing
/// them is a mistake gclint reports), 0.5 for a field people wrongly write for it.
fn belongs(fields: &TopFields, key: &str) -> Option<f32> {
    if fields.properties.iter().any(|p| p == key) || fields.read_only.iter().any(|p| p == key) {
        Some(1.0)
    } else if facts().view_aliases.get(fields.view).is_some_and(|aliases| aliases.iter().any(|a| a == key)) {
        Some(0.5)
    } else {
        None
    }
}

/// Among the models that `fits`, the one whose fields cover the document best (ties go to the
/// bodies people write most, `facts.view_priority`), and its plainest current operation.
fn best_view(
    obj: &Map<String, Value>,
    fits: impl Fn(&TopFields, &Map<String, Value>) -> bool,
) -> Option<&'static Operation> {
    let priority = &facts().view_priority;
    let rank = |name: &str| priority.iter().position(|v| v == name).unwrap_or(priority.len());
    let mut best: Option<(f32, usize, &'static str)> = None;
    for fields in schemas::top_fields() {
        if !fits(fields, obj) {
            continue;
        }
        let score: f32 = obj.keys().map(|k| belongs(fields, k).unwrap_or(-0.1)).sum();
        if score <= 0.0 {
            continue;
        }
        let candidate = (score, rank(fields.view), fields.view);
        if best.is_none_or(|(s, r, _)| score > s || (score == s && candidate.1 < r)) {
            best = Some(candidate);
        }
    }
    let (_, _, view) = best?;
    Catalog::get()
        .operations
        .iter()
        .filter(|op| op.status == Status::Current && op.body.as_deref() == Some(view))
        .min_by_key(|op| op.path.len())
}

/// Whether a top-level field tells that the document is a body of the model `view`. A compound
/// field name of the API (`wrapupSkipped`, `transferType`, `participantId`) does by itself; a
/// plain word (`state`, `name`, `attributes`, `participants`) is in every kind of JSON, and tells
/// only through a value the API gives it: one of its enum values (in any case: a wrong case is a
/// mistake gclint reports), an action word for an invented `action`, an object of the field's own
/// fields, a participant list.
fn telling(view: &str, key: &str, value: &Value) -> bool {
    if key.chars().any(|c| c.is_ascii_uppercase()) {
        return true;
    }
    let f = facts();
    if f.participant_keys.iter().any(|k| k == key) {
        return participant_list(value);
    }
    let field = schemas::get(view).and_then(|s| s.schema_at(&schemas::pointer_push("", key)));
    match value {
        Value::String(s) => {
            let lower = s.to_ascii_lowercase();
            let in_enum = field
                .and_then(|f| f.get("enum"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().filter_map(Value::as_str).any(|v| v.eq_ignore_ascii_case(s)));
            // An instruction one of the intents' words says whole (`"action": "hold"`).
            let said = |words: &[String]| words.contains(&lower);
            let action = f.instruction_keys.iter().any(|k| k == key)
                && (said(&f.action_words.disconnect.0)
                    || crate::intent::intents().iter().any(|i| i.values.get(key).is_some_and(|w| said(w))));
            in_enum || action
        }
        Value::Object(o) if !o.is_empty() => {
            let Some(field) = field else { return false };
            match field.get("properties").and_then(Value::as_object) {
                // An object of the field's own fields (`wrapup: {code, notes}`).
                Some(props) => o.keys().all(|k| props.contains_key(k)),
                // A map of plain values (`attributes: {"crmId": "48213"}`).
                None => {
                    field.get("additionalProperties").is_some_and(Value::is_object)
                        && o.values().all(|v| !v.is_object() && !v.is_array())
                }
            }
        }
        _ => false,
    }
}

/// Whether a value is a list of participants with what should happen to them: objects that each
/// name a participant (`id`) and say what to do (`action`, `state`) or set a call-state field.
fn participant_list(value: &Value) -> bool {
    let f = facts();
    let Some(items) = value.as_array().filter(|a| !a.is_empty()) else { return false };
    items.iter().all(|item| {
        item.as_object().is_some_and(|o| {
            f.participant_id_keys.iter().any(|k| o.contains_key(k))
                && (f.instruction_keys.iter().chain(&f.participant_entry_fields)).any(|k| o.contains_key(k))
        })
    })
}

/// Whether `text`, which is no JSON, reads as a TOML or INI file: its first line that is not
/// blank or a comment names a section (`[name]`, `[[name]]`), and a `key = value` line follows.
/// Such a file starts with `[` as a JSON array does, and is no broken request body.
pub(super) fn ini_like(text: &str) -> bool {
    let mut lines =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';')).take(3);
    let section = |l: &str| {
        let name = l.trim_start_matches('[').trim_end_matches(']');
        l.starts_with('[')
            && l.ends_with(']')
            && !name.is_empty()
            && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '"' | '\''))
    };
    let pair = |l: &str| {
        l.split_once('=').is_some_and(|(k, _)| !k.trim().is_empty() && !k.contains(['{', '}', '[', ']', ':', ',']))
    };
    lines.next().is_some_and(section) && lines.any(|l| pair(l) || section(l))
}

/// How a document that is not strict JSON reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Loose {
    /// As JSON with comments or trailing commas.
    Comments,
    /// As a TOML or INI file ([`ini_like`]).
    Ini,
    /// Not at all.
    No,
}

/// What a JSON document that is not a request body was taken for, for the note that says it was
/// not checked. `parsed` is the document when it is strict JSON; `loose` says how it reads
/// otherwise.
pub(super) fn taken_for(name: &str, parsed: Option<&Value>, loose: Loose) -> String {
    let Some(doc) = parsed else {
        return if loose == Loose::Ini {
            "a TOML or INI file (not JSON)".into()
        } else if loose == Loose::Comments {
            "JSON with comments or trailing commas (a settings file)".into()
        } else {
            "a file that is not valid JSON".into()
        };
    };
    let file = std::path::Path::new(name).file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let has = |k: &str| doc.get(k).is_some();
    let kind = match doc {
        Value::Object(_) if has("openapi") || has("swagger") => "an OpenAPI document",
        // `$schema` alone names the schema a document follows (a configuration file); a schema
        // says what its values are.
        Value::Object(_)
            if (has("$schema") || has("$id") || has("properties"))
                && ["type", "properties", "definitions", "$defs", "allOf", "anyOf", "oneOf", "$ref"]
                    .iter()
                    .any(|k| has(k)) =>
        {
            "a JSON Schema"
        }
        Value::Object(_) if has("nbformat") => "a Jupyter notebook",
        Value::Object(_) if has("terraform_version") => "a Terraform state",
        Value::Object(_) if doc.get("type").and_then(Value::as_str).is_some_and(|t| t.starts_with("Feature")) => {
            "GeoJSON"
        }
        Value::Object(_) if has("lockfileVersion") => "a package lockfile",
        Value::Object(_) if file == "package.json" || file == "composer.json" => "a package manifest",
        Value::Object(_) if has("contextId") && has("message") => "a recorded API error (an ErrorBody)",
        Value::Object(_) if RESPONSE_FIELDS.iter().any(|f| has(f)) => {
            "a recorded API response (it has `id` or `selfUri`, which no request body has)"
        }
        Value::Object(o) if o.is_empty() => "an empty object",
        Value::Object(_) if has("$schema") => "a configuration file (it names its schema in `$schema`)",
        Value::Object(_) => "JSON of another kind (its fields are not all those of one request body)",
        Value::Array(_) => "a JSON array (request bodies of the conversations API are objects)",
        _ => "a JSON value that is not an object",
    };
    kind.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn guess(v: Value) -> Option<String> {
        unmistakable(&v).map(|op| op.signature())
    }

    #[test]
    fn the_mistakes_gclint_exists_for_are_unmistakable_bodies() {
        let root = guess(json!({"participants": [{"id": "p1", "action": "disconnect"}]}));
        assert!(root.as_deref().is_some_and(|s| s.starts_with("PATCH") && !s.contains("participants")), "{root:?}");
        for body in [
            json!({"state": "DISCONNECTED"}),
            json!({"state": "disconnected", "action": "disconnect", "reason": "x"}),
            json!({"participantId": "9c1590ae", "action": "disconnect"}),
            json!({"state": "disconnected", "wrapup": {"code": "c", "notes": "n"}}),
        ] {
            let leg = guess(body.clone());
            assert!(leg.as_deref().is_some_and(|s| s.ends_with("/participants/{participantId}")), "{body}: {leg:?}");
        }
        let attributes = guess(json!({"attributes": {"vip": true, "tier": "gold"}}));
        assert!(attributes.as_deref().is_some_and(|s| s.ends_with("/attributes")), "{attributes:?}");
        let transfer = guess(json!({"transferType": "blind", "queueId": "q"}));
        assert!(transfer.as_deref().is_some_and(|s| s.contains("/replace/queue")), "{transfer:?}");
    }

    #[test]
    fn other_json_is_not_a_body() {
        for doc in [
            // A Data Action export and an npm manifest share `name` with the API's models.
            json!({"name": "Get Recording", "integrationType": "purecloud-data-actions",
                "actionType": "custom", "config": {}, "contract": {}, "secure": false}),
            json!({"name": "app", "version": "1.0.0", "scripts": {}, "dependencies": {}}),
            // Plain words without a value the API gives them.
            json!({"name": "x"}),
            json!({"state": "open"}),
            json!({"name": "Wrap", "code": "abc", "notes": "n"}),
            json!({"attributes": {"nested": {"a": 1}}}),
            json!({"participants": [{"name": "Lee"}]}),
            json!({"participants": []}),
            // A recorded conversation: every field is the conversation's, but `id` and
            // `selfUri` say it was read, not written.
            json!({"id": "c1", "participants": [{"id": "p1", "state": "connected"}],
                "recordingState": "active", "selfUri": "/api/v2/conversations/c1"}),
            json!({"id": "p1", "state": "disconnected"}),
            // A JSON Schema whose keywords are words a model uses.
            json!({"type": "object", "description": "x", "name": "y"}),
            json!([{"state": "disconnected"}]),
            json!({}),
        ] {
            assert_eq!(guess(doc.clone()), None, "{doc}");
        }
    }

    #[test]
    fn a_body_the_user_names_is_guessed_from_most_of_its_fields() {
        let op = likely(&json!({"name": "Wrap", "code": "abc", "notes": "n"}));
        assert!(op.is_some_and(|op| op.signature().contains("wrapup")), "{:?}", op.map(|o| o.signature()));
        assert_eq!(likely(&json!({"theme": "dark", "fontSize": 14})).map(|o| o.signature()), None);
    }

    #[test]
    fn what_a_document_was_taken_for() {
        let said = |name: &str, v: Value| taken_for(name, Some(&v), Loose::No);
        assert_eq!(said("api.json", json!({"openapi": "3.1.0"})), "an OpenAPI document");
        assert_eq!(said("s.json", json!({"$schema": "x", "type": "object"})), "a JSON Schema");
        assert!(said("renovate.json", json!({"$schema": "x", "extends": []})).starts_with("a configuration file"));
        assert_eq!(said("x/package.json", json!({"name": "a"})), "a package manifest");
        assert!(said("c.json", json!({"id": "c", "participants": []})).starts_with("a recorded API response"));
        assert_eq!(
            taken_for("tsconfig.json", None, Loose::Comments),
            "JSON with comments or trailing commas (a settings file)"
        );
        assert_eq!(taken_for("setup.cfg", None, Loose::Ini), "a TOML or INI file (not JSON)");
        assert_eq!(taken_for("x.json", None, Loose::No), "a file that is not valid JSON");
    }

    /// TOML and INI files start with `[` as JSON arrays do; broken JSON arrays are not taken for
    /// them.
    #[test]
    fn toml_and_ini_files_are_told_from_broken_json() {
        for ini in [
            "[package]\nname = \"x\"\n",
            "# settings\n\n[tool.ruff]\nline-length = 100\n",
            "[[bin]]\nname = \"gclint\"\n",
            "; a comment\n[section one]\nkey=value\n",
            "[a]\n[b]\n",
        ] {
            assert!(ini_like(ini), "{ini:?}");
        }
        for not in [
            "[{\"state\": \"disconnected\"},]",
            "[1, 2",
            "[]\nx = 1",
            "[a]",
            "{\"a\": 1",
            "[state]\n{\"state\": \"x\"}",
        ] {
            assert!(!ini_like(not), "{not:?}");
        }
    }
}
