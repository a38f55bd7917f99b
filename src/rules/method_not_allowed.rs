use serde_json::Value;

use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::{Catalog, Resolution};
use crate::diagnostic::{Rule, Severity};
use crate::exchange::Endpoint;
use crate::intent::Reading;
use crate::suggest::request::Suggestion;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "method-not-allowed",
        code: "GC102",
        severity: Severity::Error,
        summary: "The path exists, but not with this HTTP method",
        explanation: r#"## What it catches
A request whose path is a real operation path of the conversations API, sent with a method that
path does not take. The classic one is `PATCH /api/v2/conversations/{conversationId}`: that path
has GET and DELETE only. Another is DELETE on a participant, which has no DELETE.

## Why it matters
The API answers `404` or `405`, and the call you meant never happens.

## Example
    PATCH /api/v2/conversations/{conversationId}
    {"state": "disconnected"}

## Fix
Use a method the path takes, or the operation meant: to drop one participant,

    PATCH /api/v2/conversations/{conversationId}/participants/{participantId}
    {"state": "disconnected"}

(PUT on a resource that has PATCH is reported by `put-method` instead.)"#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 404, 405] }],
};

fn check(ctx: &mut Ctx) {
    if ctx.ex.endpoint == Endpoint::Inferred {
        return;
    }
    let Resolution::WrongMethod(ops) = &ctx.resolution else {
        return;
    };
    let method = ctx.method().to_ascii_uppercase();
    let has_patch = ops.iter().any(|o| o.method == "PATCH");
    if method == "PUT" && has_patch {
        return; // put-method explains it
    }
    let mut methods: Vec<&str> = ops.iter().map(|o| o.method.as_str()).collect();
    methods.sort_unstable();
    let template = ops[0].path.as_str();
    let segs = ctx.segment_texts();
    let concrete = ctx.ex.path_str().trim_end_matches('/').to_owned();
    let participant_patch =
        ops.iter().find(|o| o.method == "PATCH" && o.body.as_deref() == Some("MediaParticipantRequest"));
    let mut suggestion = None;
    let help = if template == "/api/v2/conversations/{conversationId}" && method == "PATCH" {
        let id = Catalog::param(template, &segs, "conversationId").unwrap_or("{conversationId}");
        format!(
            "to change one participant: `PATCH /api/v2/conversations/{id}/participants/{{participantId}}`; to end the conversation for everyone: `DELETE /api/v2/conversations/{id}` or `PATCH /api/v2/conversations/calls/{id}` with {{\"state\": \"disconnected\"}}"
        )
    } else if let Some(patch) = participant_patch.filter(|_| method == "DELETE" || method == "POST") {
        let path = Catalog::fill(&patch.path, template, &segs);
        let body = crate::suggest::request::object([("state", Value::from("disconnected"))]);
        suggestion = Some(Suggestion::replace(vec![ctx.request_to("PATCH", &path, Some(body))], None));
        format!("a participant is removed with `PATCH {path}` and the body {{\"state\": \"disconnected\"}}")
    } else if has_patch && method == "POST" {
        let mut request = ctx.request_to("PATCH", &concrete, ctx.body().cloned());
        request.keeps_body = true;
        suggestion = Some(Suggestion::replace(vec![request], None));
        format!("send `PATCH {concrete}` with only the fields that change")
    } else {
        let list: Vec<String> = ops.iter().map(|o| format!("`{} {}`", o.method, o.path)).collect();
        let has = format!("this path has {}", list.join(", "));
        // What the request meant, where that is clear (a wrap-up POSTed to `.../wrapup`, a DELETE
        // of a medium's conversation): the call for it.
        match ctx.meant() {
            Reading::Clear(meant) => match ctx.intended(&meant) {
                Ok(intended) => {
                    let first = intended.requests.first().and_then(|r| r.operation.clone()).unwrap_or_default();
                    suggestion = Some(intended);
                    format!("{has}; to {}: `{first}`", meant.intent.says)
                }
                Err(why) => format!("{has}; {why}"),
            },
            _ => has,
        }
    };
    ctx.emit(Finding {
        label: Some(format!("this path takes {}", methods.join(", "))),
        help: Some(help),
        suggestion,
        ..Finding::new(&RULE.rule, format!("`{method}` is not a method of `{template}`"), Place::Method)
    });
}
