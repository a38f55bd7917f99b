use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::Resolution;
use crate::diagnostic::{Rule, Severity};
use crate::exchange::Endpoint;
use crate::suggest::request::Suggestion;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "put-method",
        code: "GC103",
        severity: Severity::Error,
        summary: "PUT on a conversation, participant or communication, which only take PATCH",
        explanation: r#"## What it catches
A PUT on a conversation, a participant or a communication. No PUT changes a participant: PUT under
`/api/v2/conversations` exists only for a few whole-resource replacements (participant
`flaggedreason`, call communication `uuidata`, `recordingstate`, `tags`, `customattributes`,
`secureattributes`, `accessattributes`, an email draft, settings and integrations).

## Why it matters
The request fails, or worse, a proxy or SDK layer turns it into something else. Participant state
changes are partial updates: you send only what changes.

## Example
    PUT /api/v2/conversations/calls/{conversationId}/participants/{participantId}
    {"state": "disconnected"}

## Fix
    PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}
    {"state": "disconnected"}"#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 404, 405] }],
};

fn check(ctx: &mut Ctx) {
    if ctx.ex.endpoint == Endpoint::Inferred || !ctx.method().eq_ignore_ascii_case("PUT") {
        return;
    }
    let Resolution::WrongMethod(ops) = &ctx.resolution else {
        return;
    };
    let Some(patch) = ops.iter().find(|o| o.method == "PATCH") else {
        return;
    };
    let resource = match patch.path.rsplit('/').next() {
        Some("{participantId}") => "a participant",
        Some("{communicationId}") => "a communication",
        Some("{conversationId}") => "a conversation",
        _ => "this resource",
    };
    // What the PUT meant, when that is a call elsewhere (participant data goes to
    // `.../attributes`): the help names the call suggested. Otherwise the same request as PATCH.
    let elsewhere = match super::unknown_endpoint::by_intent(ctx) {
        (Some(help), Some(suggestion)) if suggestion.requests.iter().any(|r| !r.url.ends_with(ctx.own_path())) => {
            Some((help, suggestion))
        }
        _ => None,
    };
    let (help, suggestion) = elsewhere.unwrap_or_else(|| {
        let concrete = crate::secrets::mask::url(ctx.own_path());
        let mut request = ctx.request_to("PATCH", ctx.own_path(), ctx.body().cloned());
        request.keeps_body = true;
        let help = format!(
            "send `PATCH {concrete}` with a partial body: only the fields that change, e.g. {{\"state\": \"disconnected\"}}"
        );
        (help, Suggestion::replace(vec![request], None))
    });
    ctx.emit(Finding {
        label: Some("use PATCH".into()),
        help: Some(help),
        suggestion: Some(suggestion),
        ..Finding::new(
            &RULE.rule,
            format!("PUT does not change {resource}: `{}` takes PATCH", patch.path),
            Place::Method,
        )
    });
}
