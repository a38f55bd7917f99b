use super::capture::{CaptureState, Given};
use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::Resolution;
use crate::diagnostic::{Rule, Severity};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "missing-write-scope",
        code: "GC402",
        severity: Severity::Error,
        summary: "A write to /api/v2/conversations by an OAuth client without the `conversations` scope",
        explanation: r#"## What it catches
A PATCH, POST, PUT or DELETE under `/api/v2/conversations` sent with a token whose OAuth client
lacks the read-write `conversations` scope (for example one that has only
`conversations:readonly`).

Where the scopes come from, first match wins:
- `--scopes conversations,users:readonly` on the command line (or `scopes` in `gclint.toml`);
- the capture itself: the `authorizedScope` (or `OAuthClient.scope`) of a `GET /api/v2/tokens/me`
  answer, or the `scope` of a `GET /api/v2/oauth/clients/{id}` answer, recorded earlier in it;
- a collection's OAuth 2.0 auth: the `scope` of a Postman collection's `oauth2` auth (or of the
  folder's or request's own, which replaces it, as Postman does) or of an Insomnia
  `authentication`.
When nothing says which scopes the client has, the rule stays silent: pass `--scopes`.

## Why it matters
The API answers `403` and nothing changes; in code that only logs failures the call "works" in
tests with an admin token and fails in production with the integration's own client.

## Example
    GET  /api/v2/tokens/me   -> {"authorizedScope": ["conversations:readonly"]}
    PATCH /api/v2/conversations/{conversationId}/participants/{participantId}

## Fix
Add the `conversations` scope to the OAuth client (Admin > Integrations > OAuth > Scope) and get
a new token. `conversations:readonly` allows GET only."#,
    },
    subject: Subject::Capture,
    checks: &[Check::InOrder(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[403] }],
};

fn check(ctx: &mut Ctx, state: &CaptureState, given: &Given) {
    let method = ctx.method().to_ascii_uppercase();
    if !matches!(method.as_str(), "PATCH" | "POST" | "PUT" | "DELETE") {
        return;
    }
    let segs = ctx.segment_texts();
    // An undocumented endpoint of Genesys's own apps has no published scope to miss.
    if !matches!(segs.as_slice(), ["api", "v2", "conversations", ..])
        || matches!(ctx.resolution, Resolution::Internal(_))
    {
        return;
    }
    let (scopes, source) = match (&given.scopes, &state.scopes, &ctx.ex.granted) {
        (Some(s), _, _) => (s.clone(), "scopes given to gclint".to_owned()),
        (None, Some(r), _) => (r.scopes.clone(), r.source.clone()),
        (None, None, Some(g)) => (g.scopes().map(|(_, s)| s.to_owned()).collect(), g.source.clone()),
        (None, None, None) => return,
    };
    if scopes.iter().any(|s| s == "conversations") {
        return;
    }
    let listed = if scopes.is_empty() { "none".to_owned() } else { scopes.join(", ") };
    let near = scopes
        .iter()
        .find(|s| s.starts_with("conversation"))
        .map(|s| format!(" (`{s}` is not the read-write scope)"))
        .unwrap_or_default();
    ctx.emit(Finding {
        label: Some("a write".into()),
        help: Some(format!(
            "{source}: {listed}{near}; add the `conversations` scope to the OAuth client and get a new token (`conversations:readonly` allows GET only)"
        )),
        ..Finding::new(
            &RULE.rule,
            format!("`{method}` needs the `conversations` scope, which this OAuth client does not have"),
            Place::Method,
        )
    });
}
