use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::Status;
use crate::diagnostic::{Rule, Severity};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "removed-endpoint",
        code: "GC106",
        severity: Severity::Error,
        summary: "An operation that no longer exists, with what replaced it",
        explanation: r#"## What it catches
A request to an operation Genesys has removed: every `/api/v2/conversations/chats/...` path (gone
from the JavaScript SDK in version 259, 2026) and the PATCH and replace operations of
`screenshares`, `socials` and `videos` (removed in 2023).

## Why it matters
Removed operations answer `404` or `410`; old samples and forum answers still use them.

## Example
    PATCH /api/v2/conversations/chats/{conversationId}/participants/{participantId}

## Fix
Use the generic form (`/api/v2/conversations/{conversationId}/participants/{participantId}`) or the
web messaging form (`/api/v2/conversations/messages/...`) that gclint names."#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 404, 405, 410] }],
};

fn check(ctx: &mut Ctx) {
    let Some(op) = ctx.operation_with_status(Status::Removed) else {
        return;
    };
    let when = op.removed_in.as_deref().map(|d| format!(" (removed in {d})")).unwrap_or_default();
    let help = super::deprecated_endpoint::replacements_help(ctx, op)
        .or_else(|| Some("this operation has no direct successor; see `gclint explain removed-endpoint`".into()));
    let span = ctx.ex.path.clone();
    ctx.emit(Finding {
        label: Some("removed".into()),
        help,
        suggestion: super::deprecated_endpoint::successor(ctx, op),
        ..Finding::new(&RULE.rule, format!("`{}` no longer exists{when}", op.signature()), Place::Url(span))
    });
}
