use super::capture::{CaptureState, Given, scopes_in_response};
use super::ctx::{Ctx, Finding, Place};
use super::rule::{Check, Def, Subject};
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unknown-scope",
        code: "GC403",
        severity: Severity::Error,
        summary: "A scope name that Genesys Cloud does not have (often a permission used as a scope)",
        explanation: r#"## What it catches
A scope given to gclint (`--scopes`, `gclint.toml`), recorded in a capture (a tokens/me or OAuth
client answer) or asked for by a collection's OAuth 2.0 auth (Postman, Insomnia; reported once,
where it is written) that is not a Genesys Cloud scope: `conversations:write`, `conversation:write`,
`conversation:modify`, `conversations:read`. Names with the singular `conversation:` and three
parts, such as `conversation:communication:disconnect`, are permissions: they are granted to users
through roles, not to OAuth clients.

## Why it matters
An OAuth client configured with a scope that does not exist has no write access; the requests that
need it answer `403`, far from where the mistake was made.

## Example
    --scopes conversation:write

## Fix
The conversation scopes are `conversations` (read-write) and `conversations:readonly`. Grant
permissions such as `conversation:communication:disconnect` through a role."#,
    },
    subject: Subject::Capture,
    checks: &[Check::InOrder(check), Check::Given(check_given)],
    relations: &[],
};

/// What is wrong with a scope name, and the fix; `None` for a known scope or one outside the
/// conversations family (gclint knows nothing about those).
pub(super) fn classify(scope: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = scope.split(':').collect();
    match parts.as_slice() {
        ["conversations"] | ["conversations", "readonly"] => None,
        ["conversation", _, _] => Some((
            format!("`{scope}` is a permission, not an OAuth scope"),
            "permissions are granted to users through roles; the OAuth client needs the `conversations` scope".into(),
        )),
        ["conversations", "read"] => {
            Some((format!("`{scope}` is not a Genesys Cloud scope"), "did you mean `conversations:readonly`?".into()))
        }
        ["conversation" | "conversations", ..] => Some((
            format!("`{scope}` is not a Genesys Cloud scope"),
            "did you mean `conversations`? it is the read-write scope (`conversations:readonly` is read-only)".into(),
        )),
        _ => None,
    }
}

/// Scopes recorded in this request's answer, and those its collection's auth asks for (with the
/// first request the auth applies to).
fn check(ctx: &mut Ctx, _: &CaptureState, _: &Given) {
    let asked: Vec<_> = ctx
        .ex
        .granted
        .iter()
        .filter(|g| g.first)
        .flat_map(|g| g.scopes().filter_map(|(range, s)| Some((range, classify(s)?))).collect::<Vec<_>>())
        .collect();
    for (range, (message, help)) in asked {
        ctx.emit(Finding {
            label: Some("the scope the collection's auth asks for".into()),
            help: Some(help),
            ..Finding::new(&RULE.rule, message, Place::Granted(range))
        });
    }
    let Some((scopes, pointer)) = scopes_in_response(ctx) else { return };
    for (i, scope) in scopes.iter().enumerate() {
        if let Some((message, help)) = classify(scope) {
            let at = format!("{pointer}/{i}");
            ctx.emit(Finding {
                label: Some("recorded scope".into()),
                help: Some(help),
                ..Finding::new(&RULE.rule, message, Place::Response(&at))
            });
        }
    }
}

/// Scopes given on the command line or in the configuration, checked once per run.
fn check_given(given: &Given) -> Vec<Diagnostic> {
    given
        .scopes
        .iter()
        .flatten()
        .filter_map(|s| classify(s))
        .map(|(message, help)| {
            let mut d = Diagnostic::about_file(&RULE.rule, given.scopes_from.clone(), message, None);
            d.help = Some(help);
            d
        })
        .collect()
}
