use super::rule::{Check, Def, FileFacts, Subject};
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "secret-in-capture",
        code: "GC407",
        severity: Severity::Warning,
        summary: "A capture that holds live credentials (tokens, session cookies)",
        explanation: r#"## What it catches
A capture that holds credentials: `Authorization` headers (bearer tokens and other schemes),
`Cookie`/`Set-Cookie` headers and cookie lists, `access_token` in query strings or bodies. It is
reported once per file, with the count and kinds and where the first one is; the secret itself is
never printed. Placeholders (`[REDACTED]`, `${accessToken}`, `{{token}}`, `***`) do not count.

## Why it matters
HAR files are among the most secret-laden files a developer commits. A Genesys token in a
recording lets anyone act as that user or client until it expires.

## Example
    "headers": [{"name": "Authorization", "value": "Bearer eyJ0eXAiOi..."}]

## Fix
Export sanitized captures (Chrome: "Export HAR (sanitized)"), or strip `Authorization`, `Cookie`
and `Set-Cookie` headers and token parameters before sharing or committing the file, and revoke the
tokens that were recorded."#,
    },
    subject: Subject::Input,
    checks: &[Check::File(check)],
    relations: &[],
};

/// One finding per file: how many credentials of which kinds, at the first.
fn check(file: &FileFacts) -> Vec<Diagnostic> {
    let Some((offset, at)) = file.first_secret else { return Vec::new() };
    let kinds: Vec<String> = file.secrets.kinds.iter().map(|(k, n)| format!("{n} × {k}")).collect();
    let n = file.secrets.count();
    vec![Diagnostic::about_file_at(
        &RULE.rule,
        file.name,
        format!("this capture holds {n} live credential{}: {}", if n == 1 { "" } else { "s" }, kinds.join(", ")),
        offset,
        at,
        Some("export a sanitized capture, or strip Authorization/Cookie headers and token parameters before sharing or committing it, and revoke the recorded tokens".into()),
    )]
}
