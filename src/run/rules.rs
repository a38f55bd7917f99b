//! `gclint rules` and `gclint explain`: the rules' documentation.

use super::common::{Outcome, print};
use super::error::Error;
use crate::cli::RulesFormat;
use crate::{config, rules};

/// `gclint rules`: every rule, as a table, JSON or the Markdown reference.
pub(super) fn rules(format: RulesFormat) -> Result<Outcome, Error> {
    let out = match format {
        RulesFormat::Human => rules::rules()
            .map(|r| format!("{:<32} {} {:<8} {}\n", r.name, r.code, r.severity.as_str(), r.summary))
            .collect(),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::rules()
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

/// `gclint explain RULE`: one rule's documentation, the rule named by its name or its code.
pub(super) fn explain(rule: &str) -> Result<Outcome, Error> {
    let Some(r) = config::rule(rule) else { return Err(Error::Usage(unexplained(rule))) };
    print(&format!("{} ({}): {}\n\n{}\n", r.name, r.severity.as_str(), r.summary, r.explanation));
    Ok(Outcome::Pass)
}

/// Why `explain` cannot explain `rule`, and what it can.
fn unexplained(rule: &str) -> String {
    let several = config::rules_with_code(rule);
    if !several.is_empty() {
        // A prefix: `--select` takes it for all of them, explain needs one.
        let listed: Vec<String> = several.iter().map(|r| format!("{} ({})", r.code, r.name)).collect();
        return format!("{rule:?} starts the codes of several rules: {}; explain one of them", listed.join(", "));
    }
    let every_name = || {
        let names: Vec<&str> = rules::rules().map(|r| r.name).collect();
        format!("no rule named {rule:?}; the rules are: {}", names.join(", "))
    };
    match config::selector(rule) {
        Err(unknown) if unknown.is_code() => {
            let near = unknown.help().map(|h| format!("; {h}")).unwrap_or_default();
            format!("no rule has the code {rule:?}{near} (`gclint rules` lists every rule with its code)")
        }
        Err(unknown) => match unknown.near() {
            Some(near) => format!("no rule named {rule:?}; did you mean `{near}`?"),
            None => every_name(),
        },
        // `ALL`, which selects rules but is none to explain.
        Ok(_) => every_name(),
    }
}
