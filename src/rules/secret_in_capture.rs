use super::Rule;
use crate::diagnostic::Severity;

pub static RULE: Rule = Rule {
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
};
