use super::rule::{Def, Subject};
use crate::diagnostic::{Rule, Severity};

/// A rule of its own, not an `invalid-input` finding: a stale or mistyped suppression is not a
/// file gclint could not read (the requests were checked), and it can be selected, ignored or
/// given a severity like any rule (`--ignore unused-suppression` while a migration is under way).
/// Its check is made by the engine, which alone sees what each suppression took away (see
/// `engine::request`); the findings point at the name in the comment.
pub static RULE: Def = Def {
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
    checks: &[],
    relations: &[],
};
