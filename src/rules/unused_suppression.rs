use super::ctx::{Ctx, Place};
use super::rule::{Check, Def, Named, Subject, Suppressed};
use crate::diagnostic::{Rule, Severity};

/// A rule of its own, not an `invalid-input` finding: a stale or mistyped suppression is not a
/// file gclint could not read (the requests were checked), and it can be selected, ignored or
/// given a severity like any rule (`--ignore unused-suppression` while a migration is under way).
/// It runs once the engine has applied a request's directive, on what the directive took away;
/// the findings point at the name in the comment.
pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unused-suppression",
        code: "GC303",
        severity: Severity::Warning,
        summary: "A `gclint: ignore` comment that names no rule, or that suppresses nothing on its request",
        explanation: r#"## What it catches
A `gclint: ignore` directive (in a HAR entry's `comment`, a `###` or `#` comment of a `.http`
file, a `#` comment line just above a curl command) that:
- names something that is no rule's name or code (`put-methd`, `GC1O3`): it suppresses nothing,
  and the finding it was meant for is still reported or will be;
- names a rule that found nothing on the request, or is a bare `gclint: ignore` on a request
  with no finding. Only rules that ran are judged: a suppression of a rule the configuration
  turned off (or that `--select` left out) is not reported as unused.

## Why it matters
A suppression that no longer suppresses anything hides the next real mistake of that kind on the
request, silently. Like ruff's `RUF100`, gclint says so, so that the comment can go.

## Example
    # gclint: ignore put-methd
    curl -X PUT https://api.mypurecloud.com/api/v2/conversations/calls/c/participants/p -d '{"state":"disconnected"}'

## Fix
Correct the name (`gclint rules` lists them), or remove the directive (or the names in it) that
no longer suppress anything. To keep one on purpose, add `unused-suppression` to its list."#,
    },
    subject: Subject::Input,
    checks: &[Check::Suppressed(check)],
    relations: &[],
};

/// Reports each name of the directive that is no rule's, and each that took nothing away though
/// its rules ran (or the bare directive, when every rule ran and it took nothing).
fn check(ctx: &mut Ctx, applied: &Suppressed) {
    let unused = &RULE.rule;
    // `unused-suppression` named in the directive keeps it as it is.
    if applied.names.iter().any(|(named, _)| named.selects(unused)) {
        return;
    }
    let suppression = applied.suppression;
    if suppression.names.is_empty() {
        if !applied.took_any && applied.all_ran {
            let message = "unused suppression: no finding on this request to suppress".to_owned();
            let place = Place::Comment(suppression.span.clone());
            let help = Some("remove the `gclint: ignore` comment".to_owned());
            ctx.report(unused, message, place, Some("suppresses nothing".into()), help);
        }
        return;
    }
    let ran = |rule: &Rule| applied.ran.contains(&rule.name);
    for ((name, span), (named, used)) in suppression.names.iter().zip(applied.names) {
        let place = Place::Comment(span.clone());
        match named {
            Named::Unknown { message, help } => {
                let message = format!("{message} in this suppression");
                let help = help.clone().or_else(|| Some("`gclint rules` lists the rule names".into()));
                ctx.report(unused, message, place, Some("no such rule".into()), help);
            }
            Named::Rules(rules) if !used && !rules.is_empty() && rules.iter().all(|r| ran(r)) => {
                let message = format!("unused suppression: `{name}` found nothing on this request");
                let help = Some(format!("remove `{name}` from the `gclint: ignore` comment"));
                ctx.report(unused, message, place, Some("suppresses nothing".into()), help);
            }
            Named::Rules(_) => {}
        }
    }
}
