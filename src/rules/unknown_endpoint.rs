use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::facts::facts;
use crate::catalog::{Catalog, InternalOperation, Resolution};
use crate::diagnostic::{Rule, Severity};
use crate::exchange::Endpoint;
use crate::intent::Reading;
use crate::suggest::request::Suggestion;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unknown-endpoint",
        code: "GC101",
        severity: Severity::Error,
        summary: "A path that is not an operation of the Genesys Cloud conversations API",
        explanation: r#"## What it catches
A request under `/api/v2/conversations` (or to a made-up family such as `/api/v2/interactions` or
`/api/v2/calls` on a Genesys host) whose path matches no operation of the API. Forum answers
invent these: `/conversations/conversations/{id}`, `/conversations/conferences/{id}/participants`,
`/conversations/phone/...`, `/conversations/voice/...`. Conversation, participant and
communication ids are UUIDs: a media word or a word of the API where an id belongs
(`/conversations/phone/participants/{participantId}`) is read as the word it is, and such a path
has no conversation id.

A template's parameter left as it is in a request that was sent or written to be sent
(`/conversations/calls/{id}/participants/...`, copied from the docs) is flagged at the segment: no
tool that sends such a request reads `{id}` as a variable, so the API receives the braces (and
from curl, whose URL globbing reads `{id}` as a set of one, the bare word `id`). The variables of
each tool stand for any id and are not flagged: `{{id}}` in a `.http` file or a collection, `$ID`
and `${ID}` in a shell, `${input.id}` in a Data Action, `:id` in Postman; nor are the templates
that `--endpoint` and `[[payloads]]` take.

A few paths that no public operation has are called by Genesys's own apps (the WebRTC SDK's
`POST .../calls/{conversationId}/communications/{communicationId}/metadata`, `POST
/conversations/codes`, video pins): captures of those apps hold them, and they are not mistakes.
Such a request gets an `info` naming the app and its source line, and no other rule judges it.

## Why it matters
The API answers `404 not.found`; code that ignores the status believes the participant was
dropped or transferred.

## Example
    PATCH /api/v2/conversations/conferences/{conversationId}/participants/{participantId}

## Fix
Use the real operation gclint names in the help, e.g.

    PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}
    {"state": "disconnected"}

## How the help picks an operation
What the request meant comes first: when its path words, method and body say one thing gclint
knows (`.../conferences/{conversationId}/disconnect` with a `participant_id`: drop one
participant), the help names the call for it, filled with the request's own ids, and suggests it;
when they say several things, it says so and suggests nothing. Otherwise the nearest operations
are listed, by what the path says, not by how it is spelled. Its words are read after synonyms (`phone`,
`voice` and `conference` are `calls`, `chat` is `messages`, `participant` is `participants`); a
verb in it names the method meant (`update`: PATCH, `send`: POST); its ids are placed by the word
before them (the id after `participants` is a participant id, never a communication id). Each
real operation scores one point per word it shares with the path (half a point for a media word
on the generic `/conversations/{conversationId}/...` form), two more when its last word is what
the path does, one more when it takes the method meant; it loses half a point per word the path
does not say, one when the path's ids have no place in it, one when it is of another medium than
the one the path names. A path that says no word but the family's (`/conversations` said twice,
`/conversations/conversations/{id}`) is about the conversation itself: the operations that say
none either and take its method. Only the best-scoring operations are listed, and of those, the
ones that need no id the path lacks when there are such (`GET /conversations/chat/{id}`: the
conversation, `/conversations/messages/{id}`, not one of its messages). Left out: an operation whose
path ends in a word the path does not say (it does something else), one that shares nothing but a
media word and not the method either, and, for a path that names participants, every operation
that ends the whole conversation (`DELETE /conversations/{conversationId}`,
`POST /conversations/{conversationId}/disconnect`, the root PATCH of a medium). Such an operation
is otherwise listed with a warning and never offered as the corrected request. An id the path
lacks stays as `{conversationId}` for you to fill in, and the help says so."#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[400, 404, 405] }],
};

fn check(ctx: &mut Ctx) {
    unfilled_parameters(ctx);
    if let Resolution::Internal(op) = ctx.resolution {
        return undocumented(ctx, op);
    }
    if ctx.ex.endpoint == Endpoint::Inferred || !matches!(ctx.resolution, Resolution::Unknown) {
        return;
    }
    let segs = ctx.segment_texts();
    let in_scope = match segs.as_slice() {
        ["api", "v2", "conversations", ..] => true,
        ["api", "v2", family, ..] => facts().invented_families.contains_key(*family),
        _ => false,
    };
    if !in_scope {
        return;
    }
    let near = ctx.catalog.near_misses(ctx.method(), &segs, 3);
    let path_range = ctx.ex.path.clone();
    // Point at the segments that differ from the best match, or where the path leaves every
    // real one, or at the whole path.
    let span = near
        .first()
        .and_then(|n| {
            let first = *n.differs.first()?;
            let last = *n.differs.last()?;
            Some(ctx.segments.get(first)?.range.start..ctx.segments.get(last)?.range.end)
        })
        .or_else(|| {
            near.is_empty()
                .then(|| ctx.catalog.first_unmatched(&segs))
                .flatten()
                .and_then(|i| Some(ctx.segments.get(i)?.range.clone()))
        })
        .unwrap_or(path_range);
    let method = ctx.method().to_ascii_uppercase();
    let targets_participants = super::root_endpoint_patch::addresses_participants(ctx);
    // What the request meant comes first: its call is the answer, whatever path is spelt nearest.
    // A body naming participants with no one call for what it meant (a list whose entries each
    // ask for something) is root-endpoint-patch's to read, entry by entry.
    let (meant_help, meant_suggestion) = match by_intent(ctx) {
        (Some(_), None) if targets_participants => (None, None),
        meant => meant,
    };
    let near_help = if targets_participants {
        Some(
            "one participant is changed with `PATCH /api/v2/conversations/{conversationId}/participants/{participantId}` (see root-endpoint-patch for the exact request)".into(),
        )
    } else if near.is_empty() {
        Some(
            "no operation of the conversations API is close to this path; see `gclint explain unknown-endpoint`".into(),
        )
    } else {
        let list: Vec<String> = near
            .iter()
            .map(|n| {
                let mut item = if n.operation.method.eq_ignore_ascii_case(&method) {
                    format!("`{} {}`", n.operation.method, n.concrete)
                } else {
                    format!("`{}` (which takes {})", n.concrete, n.operation.method)
                };
                if Catalog::is_teardown(n.operation) {
                    item.push_str(" (it ends the conversation for everyone)");
                }
                item
            })
            .collect();
        let mut help = format!("did you mean {}?", list.join(", or "));
        // What the user has to fill in: the ids the path lacks (`/conversations/phone/participants/{pid}`).
        if let [only] = near.as_slice() {
            if !only.unfilled.is_empty() {
                let names: Vec<String> = only.unfilled.iter().map(|n| format!("`{{{n}}}`")).collect();
                help.push_str(&format!(" This path has no id for {}: fill it in.", names.join(" and ")));
            }
        }
        Some(help)
    };
    // What the request meant, and when that has no call here (it lacks what the call needs), the
    // nearest operations too.
    let help = match (meant_help, &meant_suggestion, near_help) {
        (Some(meant), Some(_), _) | (Some(meant), None, None) => Some(meant),
        (Some(meant), None, Some(near)) => Some(format!("{meant}; {near}")),
        (None, _, near) => near,
    };
    let label = match near.first() {
        Some(n) if !n.differs.is_empty() => "no operation has this here",
        None if ctx.catalog.first_unmatched(&segs).is_some() => "no operation has this here",
        _ => "no such operation",
    };
    // The one best operation, when it takes the method, is what was meant, with the body as
    // sent (a root body naming participants gets its requests from root-endpoint-patch). An
    // operation that ends the whole conversation is listed, never sent in the user's place.
    let suggestion = meant_suggestion.or_else(|| {
        near.first()
            .filter(|n| near.len() == 1 && !targets_participants && n.operation.method.eq_ignore_ascii_case(&method))
            .filter(|n| !Catalog::is_teardown(n.operation))
            .map(|n| {
                let mut request = ctx.request_to(&method, &n.concrete, ctx.body().cloned());
                request.keeps_body = true;
                Suggestion::replace(vec![request], None)
            })
    });
    ctx.emit(Finding {
        label: Some(label.into()),
        help,
        suggestion,
        ..Finding::new(
            &RULE.rule,
            format!(
                "`{method} {}` is not an operation of the Genesys Cloud API",
                crate::secrets::mask::url(ctx.ex.path_str())
            ),
            Place::Url(span),
        )
    });
}

/// Flags each segment of a sent request that is a template's parameter left unfilled (`{id}`).
/// Only where a request is as it goes out (a capture, a log, a `.http` file, a curl command):
/// a payload's endpoint is a template by design, and Data Actions, Terraform and collections
/// have variables of their own that the reader leaves for any segment.
fn unfilled_parameters(ctx: &mut Ctx) {
    use crate::input::Format;
    if ctx.ex.endpoint != Endpoint::Recorded || ctx.ex.entry.is_none() {
        return;
    }
    // The format the read stage read the request from (sniffing the file again for each request
    // cost a HAR capture 70% more time).
    let format = ctx.ex.format;
    if matches!(format, Format::DataAction | Format::Terraform | Format::Postman | Format::Insomnia) {
        return;
    }
    let templates: Vec<(usize, std::ops::Range<usize>, String)> = ctx
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, seg)| Some((i, seg.range.clone(), crate::catalog::template_parameter(&seg.text)?.to_owned())))
        .collect();
    // Most paths hold no template at all: nothing more is worked out for them.
    if templates.is_empty() {
        return;
    }
    let said = ctx.catalog.path_words(ctx.method(), &ctx.segment_texts());
    for (i, range, name) in templates {
        let kind = said.ids.iter().find(|(at, _)| *at == i).and_then(|(_, kind)| kind.clone());
        let received = if format == Format::Curl {
            format!("curl reads the braces as a set (URL globbing) and sends `{name}` in its place")
        } else {
            format!("the API receives the text `{{{name}}}`")
        };
        let id = match kind.as_deref() {
            Some("conversation") => "the conversation's id",
            Some("participants") => "the participant's id",
            Some("communications") => "the communication's id",
            _ => "the id",
        };
        let help = match format {
            Format::Http => format!("put {id} here, or `{{{{{name}}}}}` for a variable of the request file"),
            Format::Curl => format!("put {id} here, or a shell variable (`\"${{{name}}}\"`)"),
            Format::JavaScript => {
                format!("put {id} here: a template literal fills it in (`${{{name}}}` inside backquotes)")
            }
            Format::Python => format!("put {id} here: an f-string fills it in (`f\"...{{{name}}}...\"`)"),
            _ => format!("the code that sent it left the template as it was: put {id} in before sending"),
        };
        ctx.emit(Finding {
            label: Some("never filled in".into()),
            help: Some(help),
            ..Finding::new(
                &RULE.rule,
                format!("`{{{name}}}` is a template placeholder that was never filled in: {received}"),
                Place::Url(range),
            )
        });
    }
}

/// The help and suggestion for what the request meant (see `crate::intent`): the call for it when
/// that is clear and the request carries what the call needs; what is missing, or the several
/// things the request asks for, otherwise; nothing when it says nothing gclint knows.
pub(super) fn by_intent(ctx: &Ctx) -> (Option<String>, Option<Suggestion>) {
    match ctx.meant() {
        Reading::Clear(meant) => match ctx.intended(&meant) {
            Ok(suggestion) => {
                let Some(first) = suggestion.requests.first() else { return (None, None) };
                let each = if suggestion.requests.len() > 1 { ", one request per participant" } else { "" };
                let path = first.url.strip_prefix(&ctx.origin()).unwrap_or(&first.url);
                let help = format!("to {}, send `{} {path}`{each}", meant.intent.says, first.method);
                (Some(help), Some(suggestion))
            }
            Err(why) => (Some(why), None),
        },
        Reading::Unclear(names) => (
            Some(format!(
                "the request asks for several things ({}): send one request for each; no request is suggested",
                names.join(", ")
            )),
            None,
        ),
        Reading::Silent => (None, None),
    }
}

/// A request to an endpoint Genesys's own apps call but the public API does not document: not a
/// mistake, only noted, and checked no further (it has no published schema or permissions).
fn undocumented(ctx: &mut Ctx, op: &InternalOperation) {
    let span = ctx.ex.path.clone();
    ctx.emit(Finding {
        label: Some("undocumented".into()),
        help: Some(format!(
            "{} calls it (source: {}); it has no published schema or permissions and may change without notice, so gclint checks it no further",
            op.caller, op.source
        )),
        severity: Some(Severity::Info),
        ..Finding::new(
            &RULE.rule,
            format!(
                "`{}` is an endpoint Genesys's own apps call that the public API does not document",
                op.signature()
            ),
            Place::Url(span),
        )
    });
}
