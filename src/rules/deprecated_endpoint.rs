use super::{Ctx, Place, Rule};
use crate::catalog::{Operation, Status};
use crate::diagnostic::Severity;

pub static RULE: Rule = Rule {
    name: "deprecated-endpoint",
    code: "GC105",
    severity: Severity::Warning,
    summary: "An operation Genesys has deprecated, with its replacements",
    explanation: r#"## What it catches
A request to an operation the Genesys SDKs mark deprecated: the generic blind transfer
`POST .../participants/{participantId}/replace` and the call consult
`POST .../calls/{conversationId}/participants/{participantId}/consult` (deprecated March 2026), and
`.../replace/external` and `.../consult/external` (removal planned for 2028-05-01).

## Why it matters
Deprecated operations keep working until the day they are removed; code that still uses them then
breaks in production.

## Example
    POST /api/v2/conversations/{conversationId}/participants/{participantId}/replace
    {"queueId": "..."}

## Fix
Use the operation for the target: `replace/agent` (userId), `replace/queue` (queueId),
`replace/contact/external` (contactId) or `transfer` (address); for consults `consult/agent`,
`consult/queue`, `consult/contact/external` or `voice/consult`."#,
};

pub fn check(ctx: &mut Ctx) {
    let Some(op) = ctx.operation_with_status(Status::Deprecated) else {
        return;
    };
    let when = op.removal.as_deref().map(|d| format!("; removal is planned for {d}")).unwrap_or_default();
    let help = replacements_help(ctx, op);
    let span = ctx.ex.path.clone();
    ctx.report(
        &RULE,
        format!("`{}` is deprecated{when}", op.signature()),
        Place::Url(span),
        Some("deprecated".into()),
        help,
    );
}

/// "use `POST .../replace/agent`, ..." with the request's own ids filled in.
pub fn replacements_help(ctx: &Ctx, op: &Operation) -> Option<String> {
    if op.replacements.is_empty() {
        return None;
    }
    let segs = ctx.segment_texts();
    let list: Vec<String> = op
        .replacements
        .iter()
        .map(|r| {
            let (method, path) = r.split_once(' ').unwrap_or(("", r));
            let model = ctx.catalog.find(method, path).and_then(|o| o.body_model.as_deref());
            let filled = crate::catalog::Catalog::fill(path, &op.path, &segs);
            match model {
                Some(m) => format!("`{method} {filled}` ({m})"),
                None => format!("`{method} {filled}`"),
            }
        })
        .collect();
    Some(format!("use {}", list.join(", or ")))
}
