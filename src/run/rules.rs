//! `gclint rules` and `gclint explain`: the rules' documentation.

use super::{Error, Outcome, print};
use crate::cli::RulesFormat;
use crate::rules;

/// `gclint rules`: every rule, as a table, JSON or the Markdown reference.
pub(super) fn rules(format: RulesFormat) -> Result<Outcome, Error> {
    let out = match format {
        RulesFormat::Human => rules::ALL
            .iter()
            .map(|r| format!("{:<32} {} {:<8} {}\n", r.name, r.code, r.severity.as_str(), r.summary))
            .collect(),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|r| {
                    serde_json::json!({"name": r.name, "code": r.code, "severity": r.severity,
                        "summary": r.summary, "explanation": r.explanation})
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        RulesFormat::Markdown => rules::markdown(),
    };
    print(&out);
    Ok(Outcome::Pass)
}

/// `gclint explain RULE`: one rule's documentation.
pub(super) fn explain(rule: &str) -> Result<Outcome, Error> {
    let Some(r) = rules::by_name(rule) else {
        let names: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
        return Err(Error::Usage(format!("no rule named {rule:?}; the rules are: {}", names.join(", "))));
    };
    print(&format!("{} ({}): {}\n\n{}\n", r.name, r.severity.as_str(), r.summary, r.explanation));
    Ok(Outcome::Pass)
}
