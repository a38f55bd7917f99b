//! The embedded catalogue and schemas agree with the reference data they were generated from
//! (the copy in `schemas/reference`), regenerating them from it changes nothing, the copy is
//! the shared reference (when `../shared/reference` is there), every schema compiles, and the
//! hand-written facts (`schemas/facts.json`) name only what the catalogue and models have.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gclint::catalog::facts::facts;
use gclint::catalog::{Catalog, Resolution, Status, schemas};
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A JSON file of the repository.
fn json(relative: &str) -> Value {
    let path = repo().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_reference_operation_is_in_the_catalogue_with_its_status() {
    let reference = json("schemas/reference/conversations-endpoints.json");
    let catalog = Catalog::get();
    for op in reference["operations"].as_array().unwrap() {
        let (method, template) = (op["method"].as_str().unwrap(), op["path"].as_str().unwrap());
        let found = catalog.find(method, template).unwrap_or_else(|| panic!("{method} {template} missing"));
        let status = match op["status"].as_str().unwrap() {
            "current" => Status::Current,
            "deprecated" => Status::Deprecated,
            _ => Status::Removed,
        };
        assert_eq!(found.status, status, "{method} {template}");
        assert_eq!(found.body_model.as_deref(), op["body_model"].as_str(), "{method} {template}");
        assert_eq!(Some(found.api.as_str()), op["api"].as_str(), "{method} {template}");
        // The template resolves to itself.
        let segs: Vec<&str> = gclint::catalog::split_path(template).collect();
        match catalog.resolve(method, &segs) {
            Resolution::Operation(o) => assert_eq!(o.path, template),
            _ => panic!("{method} {template} does not resolve to itself"),
        }
    }
}

/// The SDK method catalogue has every method of the whole Platform API reference under its class
/// and both names, and agrees with the catalogue on the operations both have: the status the
/// facts give (removed chats, deprecations) is the SDK method's too.
#[test]
fn every_sdk_method_is_in_the_sdk_catalogue_as_the_catalogue_says() {
    use gclint::catalog::sdk::{self, Language};
    let platform = json("schemas/reference/platform-operations.json");
    for op in platform["operations"].as_array().unwrap() {
        let (class, http, path) =
            (op["api"].as_str().unwrap(), op["method"].as_str().unwrap(), op["path"].as_str().unwrap());
        assert!(sdk::class_exists(class), "{class}");
        let py = sdk::method(Language::Python, class, op["py_method"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{class}.{} missing", op["py_method"]));
        assert_eq!((py.http, py.path), (http, path));
        if let Some(js) = op["js_method"].as_str() {
            let js = sdk::method(Language::JavaScript, class, js).unwrap_or_else(|| panic!("{class}.{js} missing"));
            assert_eq!((js.http, js.path, js.derived), (http, path, false));
        }
    }
    for op in &Catalog::get().operations {
        for (lang, name) in [(Language::JavaScript, &op.js_method), (Language::Python, &op.py_method)] {
            let Some(name) = name else { continue };
            let m = sdk::method(lang, &op.api, name).unwrap_or_else(|| panic!("{}.{name} missing", op.api));
            assert_eq!((m.http, m.path, m.status), (op.method.as_str(), op.path.as_str(), op.status), "{name}");
            assert_eq!(m.body, op.body_model.as_deref(), "{name}");
            assert_eq!(m.body_required, op.body_required, "{name}");
        }
    }
}

/// Every undocumented operation of the reference under `/api/v2/conversations` resolves as
/// such, none of them is a public operation, and a variable where the template has a word does
/// not make a request one of them.
#[test]
fn the_internal_operations_under_conversations_resolve_as_internal() {
    let reference = json("schemas/reference/internal-endpoints.json");
    let catalog = Catalog::get();
    let mut seen = 0;
    for op in reference["operations"].as_array().unwrap() {
        let (method, template) = (op["method"].as_str().unwrap(), op["path"].as_str().unwrap());
        if !template.starts_with("/api/v2/conversations/") {
            continue;
        }
        seen += 1;
        assert!(catalog.find(method, template).is_none(), "{method} {template} is public");
        let segs: Vec<&str> = gclint::catalog::split_path(template).collect();
        match catalog.resolve(method, &segs) {
            Resolution::Internal(found) => assert_eq!((found.method.as_str(), found.path.as_str()), (method, template)),
            _ => panic!("{method} {template} does not resolve as internal"),
        }
    }
    assert_eq!(seen, catalog.internal.len());
    let root = ["api", "v2", "conversations", "{{conversationId}}"];
    assert!(matches!(catalog.resolve("POST", &root), Resolution::WrongMethod(_)));
}

#[test]
fn every_schema_view_compiles_and_every_operation_view_exists() {
    for name in schemas::names() {
        assert!(schemas::get(name).is_some(), "{name} does not compile");
    }
    for op in &Catalog::get().operations {
        if let Some(view) = op.body.as_deref() {
            assert!(schemas::get(view).is_some(), "{} uses missing view {view}", op.signature());
        }
        for r in &op.replacements {
            let (m, p) = r.split_once(' ').unwrap();
            let target = Catalog::get().find(m, p).unwrap_or_else(|| panic!("replacement {r} missing"));
            assert_eq!(target.status, Status::Current, "replacement {r} is not current");
        }
    }
}

#[test]
fn participant_schema_accepts_the_documented_bodies() {
    let mpr = schemas::get("MediaParticipantRequest").unwrap();
    for ok in [
        r#"{"state": "disconnected"}"#,
        r#"{"wrapup": {"code": "c", "notes": "n"}, "state": "disconnected"}"#,
        r#"{"state": "disconnected", "wrapupSkipped": true}"#,
        r#"{"resumeTime": "2026-11-21T09:00:00.000Z"}"#,
    ] {
        let v: serde_json::Value = serde_json::from_str(ok).unwrap();
        assert!(mpr.validate(&v).is_empty(), "{ok}");
    }
    let bad: serde_json::Value = serde_json::from_str(r#"{"action": "disconnect"}"#).unwrap();
    assert_eq!(mpr.validate(&bad).len(), 1);
}

/// Every file under `dir`, by its path below it, with its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The generator, run on the in-repository copy of the reference into a scratch directory,
/// writes exactly the committed catalogue, schemas and README: a fresh clone can rebuild them,
/// and nobody edited a generated file by hand.
#[test]
fn regenerating_from_the_reference_copy_reproduces_the_committed_files() {
    if std::process::Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is absent, so tools/gen_schemas.py cannot be run");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new("python3")
        .current_dir(repo())
        .args(["tools/gen_schemas.py", "--no-check", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "gen_schemas.py failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let generated = files_under(out.path());
    let committed: Vec<(PathBuf, Vec<u8>)> = files_under(&repo().join("schemas"))
        .into_iter()
        .filter(|(p, _)| {
            ["catalog.json", "sdk.json", "README.md"].iter().any(|f| p == Path::new(f)) || p.starts_with("bodies")
        })
        .collect();
    let names = |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<BTreeSet<_>>();
    let (new, old) = (names(&generated), names(&committed));
    let only_new: Vec<_> = new.difference(&old).collect();
    let only_old: Vec<_> = old.difference(&new).collect();
    assert!(only_new.is_empty() && only_old.is_empty(), "generated only: {only_new:?}; committed only: {only_old:?}");
    for ((path, new), (_, old)) in generated.iter().zip(&committed) {
        assert!(new == old, "schemas/{} differs from what tools/gen_schemas.py generates", path.display());
    }
}

/// The copy the generator reads is the shared reference it was taken from; when the shared one
/// moves on, the copy (and what is generated from it) is refreshed in one step.
#[test]
fn the_reference_copy_is_the_shared_reference() {
    let shared = repo().join("../shared/reference");
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    for name in ["conversations-endpoints.json", "models.json", "internal-endpoints.json", "platform-operations.json"] {
        let copy = std::fs::read(repo().join("schemas/reference").join(name)).unwrap();
        let original = std::fs::read(shared.join(name)).unwrap();
        assert!(
            copy == original,
            "schemas/reference/{name} is not ../shared/reference/{name}: run python3 tools/gen_schemas.py --update-reference"
        );
    }
}

#[test]
fn every_fact_says_where_it_comes_from() {
    let file = json("schemas/facts.json");
    for (name, fact) in file.as_object().unwrap() {
        if name == "$comment" {
            continue;
        }
        let source = fact.get("_source").and_then(Value::as_str).unwrap_or("");
        assert!(source.len() > 20, "fact {name} does not say where it comes from");
    }
    // Parsing refuses members that nothing reads, and facts without a source.
    assert!(!facts().participant_keys.is_empty());
}

/// Whether `name` is a body view (a schema title) or a model of the reference.
fn is_view_or_model(name: &str, models: &Value) -> bool {
    schemas::names().any(|v| v == name) || models.get(name).is_some()
}

#[test]
fn facts_name_only_what_the_catalogue_and_the_models_have() {
    let models = json("schemas/reference/models.json")["models"].clone();
    let fields_of = |model: &str| -> Value { models[model]["fields"].clone() };
    let top = |view: &str| schemas::top_fields().iter().find(|t| t.view == view).unwrap_or_else(|| panic!("{view}"));
    let f = facts();

    // Views and models.
    let mut seen = BTreeSet::new();
    for view in &f.view_priority {
        assert!(schemas::get(view).is_some(), "view_priority: {view} is not a view of schemas/bodies");
        assert!(seen.insert(view), "view_priority: {view} twice");
    }
    for (view, aliases) in &f.view_aliases {
        assert!(schemas::get(view).is_some(), "view_aliases: {view} is not a view");
        for alias in aliases {
            assert!(!top(view).properties.contains(alias), "view_aliases: {alias} is a real field of {view}");
        }
    }
    for (intent, meant) in f.invented_fields.all() {
        let views: Vec<&str> = match &meant.models {
            Some(m) => m.iter().map(String::as_str).collect(),
            None => schemas::names().collect(),
        };
        for view in &views {
            assert!(is_view_or_model(view, &models), "invented_fields.{intent}: no view or model {view}");
            let Some(t) = schemas::top_fields().iter().find(|t| t.view == *view) else { continue };
            for field in &meant.fields {
                assert!(!t.properties.contains(field), "invented_fields.{intent}: {field} is a real field of {view}");
            }
        }
    }

    // Fields of the participant model.
    let mpr = fields_of("MediaParticipantRequest");
    for field in f.participant_entry_fields.iter().chain(&f.participant_flags) {
        assert!(mpr.get(field).is_some(), "{field} is not a field of MediaParticipantRequest");
    }
    for flag in &f.participant_flags {
        assert_eq!(mpr[flag]["type"], "bool", "participant_flags: {flag} is not a boolean");
    }
    assert!(f.instruction_keys.iter().any(|k| mpr.get(k).is_some()), "instruction_keys lack the model's own field");
    let participant = fields_of("Participant");
    for media in &f.media_arrays {
        let kind = participant[media]["type"].as_str().unwrap_or("");
        assert!(kind.starts_with("list["), "media_arrays: {media} is not a list field of Participant ({kind:?})");
    }
    // Keys that name participants are never writable on the root.
    let root = top("ConversationPatch");
    for key in &f.participant_keys {
        assert!(!root.properties.contains(key), "participant_keys: {key} is writable on the root");
    }

    // Words.
    let words = &f.action_words;
    for narrower in [&words.disconnect_in_list] {
        for w in &narrower.0 {
            assert!(words.disconnect.0.contains(w), "action_words: {w} is not in disconnect");
        }
    }

    // Paths: synonyms and transfers lead to real segments, invented families are not real.
    let literals: BTreeSet<&str> =
        Catalog::get().operations.iter().flat_map(|op| op.segments()).filter(|s| !s.starts_with('{')).collect();
    for (word, real) in &f.segment_synonyms {
        assert!(literals.contains(real.as_str()), "segment_synonyms: {word} -> {real}, which no path has");
    }
    for method in f.path_verbs.values() {
        assert!(["GET", "POST", "PATCH", "PUT", "DELETE"].contains(&method.as_str()), "path_verbs: {method}");
    }
    for teardown in &f.teardown_operations {
        let (method, path) = teardown.split_once(' ').unwrap_or_else(|| panic!("teardown_operations: {teardown}"));
        assert!(Catalog::get().find(method, path).is_some(), "teardown_operations: no operation {teardown}");
    }
    for part in &f.transfer_path_parts {
        let segment = part.strip_prefix('/').unwrap_or_else(|| panic!("transfer_path_parts: {part} lacks its /"));
        assert!(literals.contains(segment), "transfer_path_parts: no path has {segment}");
    }
    let families: BTreeSet<&str> = Catalog::get().operations.iter().filter_map(|op| op.segments().nth(2)).collect();
    for (family, stands_for) in &f.invented_families {
        assert!(!families.contains(family.as_str()), "invented_families: {family} is a real family");
        assert!(literals.contains(stands_for.as_str()), "invented_families: {family} stands for unknown {stands_for}");
    }
    // The whole Platform API, when the shared reference is there to say so.
    if let Ok(text) = std::fs::read_to_string(repo().join("../shared/reference/platform-operations.json")) {
        let platform: Value = serde_json::from_str(&text).unwrap();
        for op in platform["operations"].as_array().unwrap() {
            let family = op["path"].as_str().unwrap().split('/').nth(3).unwrap_or("");
            assert!(!f.invented_families.contains_key(family), "invented_families: {family} is a Platform API family");
        }
    }

    // Media that park: each has a participant PATCH taking MediaParticipantRequest, whose state
    // enum has `parked`.
    for media in &f.parking_media {
        let template = format!("/api/v2/conversations/{media}/{{conversationId}}/participants/{{participantId}}");
        let op =
            Catalog::get().find("PATCH", &template).unwrap_or_else(|| panic!("parking_media: no PATCH {template}"));
        assert_eq!(op.body.as_deref(), Some("MediaParticipantRequest"), "parking_media: {media}");
    }
    assert!(mpr["state"]["enum"].as_array().unwrap().iter().any(|s| s == "parked"), "no parked state");

    // Hosts: Genesys's own test environments are no customer region.
    for env in &f.test_environments {
        assert!(!f.environments.contains(env), "test_environments: {env} is a region");
    }
    for env in f.environments.iter().chain(&f.test_environments) {
        assert!(gclint::catalog::hosts::is_genesys_host(&format!("api.{env}")), "{env}");
        assert!(!env.starts_with("api.") && !env.starts_with("login.") && *env == env.to_ascii_lowercase(), "{env}");
    }
}

/// Each intent's calls are operations of the catalogue (in their generic form or in at least one
/// medium), and their bodies hold only fields of the operation's body model: a fact cannot send
/// gclint's advice to a path or field that does not exist.
#[test]
fn intents_call_real_operations_with_real_fields() {
    let catalog = Catalog::get();
    let f = facts();
    let mut names = BTreeSet::new();
    for intent in &f.intents {
        assert!(names.insert(&intent.name), "intents: {} twice", intent.name);
        assert!(
            matches!(intent.scope.as_str(), "participant" | "conversation"),
            "{}: scope {}",
            intent.name,
            intent.scope
        );
        assert!(!intent.calls.is_empty(), "{} has no call", intent.name);
        for call in &intent.calls {
            let forms: Vec<String> = if call.path.contains("{media}") {
                let mut forms: Vec<String> =
                    catalog.root_media.iter().map(|m| call.path.replace("{media}", m)).collect();
                forms.push(call.path.replace("/{media}", ""));
                forms
            } else {
                vec![call.path.clone()]
            };
            let ops: Vec<_> = forms.iter().filter_map(|p| catalog.find(&call.method, p)).collect();
            assert!(!ops.is_empty(), "{}: {} {} is no operation in any form", intent.name, call.method, call.path);
            for op in ops {
                // A call without a body (the conversation's DELETE) is to an operation that takes none.
                if call.body.is_null() {
                    assert!(op.body.is_none(), "{}: {} takes a body", intent.name, op.path);
                    continue;
                }
                let view = op.body.as_deref().unwrap_or_else(|| panic!("{} has no body", op.path));
                let top = schemas::top_fields().iter().find(|t| t.view == view).unwrap();
                // A body that is one of the request's own values whole (`"@wrapup"`) has its
                // fields checked by the body's own rules.
                for field in call.body.as_object().into_iter().flat_map(|o| o.keys()) {
                    assert!(top.properties.contains(field), "{}: {field} is not a field of {view}", intent.name);
                }
            }
        }
        for absorbed in &intent.absorbs {
            assert!(f.intents.iter().any(|i| &i.name == absorbed), "{}: absorbs unknown {absorbed}", intent.name);
        }
    }
}
