//! Reading gclint's JSON report in the integration tests (`mod report;`).

use serde_json::Value;

/// `(rule, line, column)` of every finding of a report, in its order.
pub fn findings(report: &Value) -> Vec<(String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}
