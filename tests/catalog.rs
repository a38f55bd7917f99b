//! The embedded catalogue and schemas agree with the reference data they were generated from
//! (`../shared/reference`, skipped when absent), and every schema compiles.

use std::path::Path;

use gclint::catalog::{Catalog, Resolution, Status, schemas};

#[test]
fn every_reference_operation_is_in_the_catalogue_with_its_status() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/conversations-endpoints.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
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
        // The template resolves to itself.
        let segs: Vec<&str> = gclint::catalog::split_path(template).collect();
        match catalog.resolve(method, &segs) {
            Resolution::Operation(o) => assert_eq!(o.path, template),
            _ => panic!("{method} {template} does not resolve to itself"),
        }
    }
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
