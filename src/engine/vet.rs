//! Advice held to gclint's own standard: a suggested request, and the request a `--fix` leaves,
//! are checked by the rules before either is offered.
//!
//! A rule builds its suggestion from the one mistake it knows about; the request it proposes
//! may still carry another (a PUT turned into a PATCH that keeps an `attributes` member the PATCH
//! rejects), or make a dangerous request work (`"DISCONNECTED"` lower-cased on a root PATCH
//! that hangs up on everyone). So every suggested request goes through every rule, at its
//! default severity, as if it had been sent on its own:
//! - a request that checks clean (nothing at warning or error) is offered;
//! - one that does not is replaced by the corrected request(s) of its own findings, checked in
//!   turn, a few times at most: gclint's advice on its advice. What is still flagged after that
//!   is not offered, and the finding says so instead;
//! - a request that ends the conversation for everyone is never offered for a request that did
//!   not already (see [`intent::ends_conversation`]): advice is never a bigger hammer than what
//!   was sent;
//! - the request `--fix` would leave (the body with every safe edit made) is checked too: when it
//!   is still flagged, the edits are withheld, so that a fix never completes a request a rule
//!   calls wrong.

use std::sync::OnceLock;

use serde_json::Value;

use super::request::Plan;
use crate::catalog::Resolution;
use crate::diagnostic::{Diagnostic, Severity};
use crate::exchange::Endpoint;
use crate::intent;
use crate::rules::capture::Given;
use crate::rules::ctx::Ctx;
use crate::source::Source;
use crate::suggest::request::{Change, SuggestedRequest, changed};

/// How many rounds of advice on advice a suggested request may take before it is given up.
const ROUNDS: usize = 3;

/// The name a suggested request is checked under.
const SUGGESTED: &str = "<suggested request>";

/// Every rule, at its default severity: gclint's own standard, whatever the run selected. Its
/// own findings' suggestions are not vetted in turn: [`vetted`] follows them, round by round.
fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| Plan::new(|_| true))
}

/// The findings at warning or error of one request sent on its own (nothing before it in a
/// capture, no scopes given).
fn flagged(request: &SuggestedRequest) -> Vec<Diagnostic> {
    let text = request.body.as_ref().map(Value::to_string).unwrap_or_default();
    let src = Source::new(SUGGESTED, text.into_bytes(), true);
    // Sent as recorded, to the URL as suggested: the host is checked too.
    let mut ex = crate::input::payload::exchange(&src, &request.method, &request.url, Endpoint::Recorded);
    if request.body.is_none() {
        ex.body = None;
    }
    let mut found = plan().check_payload(&src, &ex, &Given::default());
    found.retain(|d| d.severity >= Severity::Warning);
    found
}

/// The request as it was sent, to compare advice with.
struct Sent<'a> {
    method: &'a str,
    /// Its URL, masked as a suggestion's is.
    url: String,
    body: Option<&'a Value>,
    ends_conversation: bool,
}

/// Checks the suggestions of one request's findings, and what `--fix` would leave of it (see
/// the module's documentation).
pub(super) fn advice(found: &mut [Diagnostic], ctx: &Ctx) {
    let body = ctx.body();
    let url = crate::secrets::mask::url(&ctx.ex.url.value);
    // A request sent to no operation asked to end the conversation when that is what it meant (a
    // DELETE of a medium's conversation).
    let ends_conversation = match ctx.resolution {
        Resolution::Operation(op) => intent::ends_conversation(op, body),
        _ => matches!(ctx.meant(), intent::Reading::Clear(m) if m.ends_conversation(ctx.catalog)),
    };
    let sent = Sent { method: &ctx.ex.method, url, body, ends_conversation };
    fixes(found, &sent);
    // The findings of one request often suggest the same corrected request (each carries the
    // body changes of all): it is checked once.
    let mut done: Vec<(Vec<SuggestedRequest>, Vetted)> = Vec::new();
    for d in found.iter_mut() {
        let Some(s) = d.suggestion.as_mut() else { continue };
        if s.requests.is_empty() {
            continue;
        }
        let requests = std::mem::take(&mut s.requests);
        let outcome = match done.iter().find(|(asked, _)| same_requests(asked, &requests)) {
            Some((_, outcome)) => outcome.clone(),
            None => {
                let outcome = vetted(requests.clone(), &sent, ROUNDS);
                done.push((requests, outcome.clone()));
                outcome
            }
        };
        match outcome {
            Ok(requests) => {
                // A body gclint has no model for checks clean only because nothing checks it.
                let unchecked: Vec<String> = requests
                    .iter()
                    .filter(|r| {
                        let model = r.op.and_then(|op| op.body.as_deref()).and_then(crate::catalog::schemas::get);
                        r.body.is_some() && model.is_none()
                    })
                    .filter_map(|r| r.operation.clone())
                    .collect();
                if !unchecked.is_empty() {
                    let said =
                        format!("the body of `{}` is not checked: gclint has no model for it", unchecked.join("`, `"));
                    s.note = Some(match s.note.take() {
                        Some(note) => format!("{note}; {said}"),
                        None => said,
                    });
                }
                s.requests = requests;
            }
            Err(why) => {
                s.note = Some(format!("gclint offers no corrected request here: {why}"));
                s.replaces = false;
            }
        }
        // A suggestion left with nothing to send and nothing to fix says only why: in the help.
        if s.requests.is_empty() && !s.fixable {
            let why = s.note.take();
            d.suggestion = None;
            if let Some(why) = why {
                d.help = Some(match d.help.take() {
                    Some(help) => format!("{help}\n{why}"),
                    None => why,
                });
            }
        }
    }
}

/// `requests` with each one that is flagged replaced by the advice on it, or why not.
fn vetted(requests: Vec<SuggestedRequest>, sent: &Sent, rounds: usize) -> Vetted {
    let mut out = Vec::new();
    for request in requests {
        // A suggested request carries the operation the catalogue resolved it to.
        let ends = request.op.is_some_and(|op| intent::ends_conversation(op, request.body.as_ref()));
        if ends && !sent.ends_conversation {
            return Err(format!(
                "the nearest real call, `{}`, ends the conversation for everyone, which this request did not ask for",
                request.operation.clone().unwrap_or_else(|| format!("{} {}", request.method, request.url))
            ));
        }
        if is_resent(&request, sent) {
            return Err("the request would be sent as it is".into());
        }
        let found = flagged(&request);
        let Some(first) = found.first() else {
            out.push(request);
            continue;
        };
        let found: Vec<&Diagnostic> = found.iter().collect();
        let next = crate::rules::primary(&found).and_then(|d| d.suggestion.as_ref()).filter(|s| !s.requests.is_empty());
        match next {
            Some(s) if rounds > 1 => out.extend(vetted(s.requests.clone(), sent, rounds - 1)?),
            _ => {
                return Err(format!(
                    "the request it would suggest is itself flagged ({}: {})",
                    first.rule.name,
                    crate::text::ellipsize(&first.message, 120)
                ));
            }
        }
    }
    Ok(out)
}

/// The requests to offer instead of those suggested, or why none.
type Vetted = Result<Vec<SuggestedRequest>, String>;

/// Whether two lists of suggested requests send the same: method, URL and body, one by one.
fn same_requests(a: &[SuggestedRequest], b: &[SuggestedRequest]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.method == y.method && x.url == y.url && x.body == y.body)
}

/// Whether a suggested request is the one that was sent: method, host, path and body alike.
fn is_resent(request: &SuggestedRequest, sent: &Sent) -> bool {
    request.method.eq_ignore_ascii_case(sent.method)
        && request.body.as_ref() == sent.body
        && target(&request.url) == target(&sent.url)
}

/// Where a URL sends a request: its host, lower-cased, and its path without its query and a
/// trailing slash.
fn target(url: &str) -> (Option<String>, &str) {
    let (host, path) = crate::input::capture::split_url(url).unwrap_or((None, 0..url.len()));
    let path = url.get(path).unwrap_or(url);
    (host.map(|h| h.to_ascii_lowercase()), path.strip_suffix('/').unwrap_or(path))
}

/// Withholds the safe edits of a request when the request they would leave is still flagged.
fn fixes(found: &mut [Diagnostic], sent: &Sent) {
    let changes: Vec<Change> = found
        .iter()
        .filter_map(|d| d.suggestion.as_ref())
        .filter(|s| s.fixable)
        .flat_map(|s| s.changes.iter().cloned())
        .collect();
    let Some(body) = sent.body.filter(|_| !changes.is_empty()) else {
        return;
    };
    let fixed = SuggestedRequest::new(sent.method, sent.url.clone(), None, Some(changed(body, &changes)));
    let still = flagged(&fixed);
    let Some(first) = still.first() else {
        return;
    };
    let why = format!(
        "--fix does not make this change: the request would still be flagged after it ({}: {})",
        first.rule.name,
        crate::text::ellipsize(&first.message, 120)
    );
    for s in found.iter_mut().filter_map(|d| d.suggestion.as_mut()).filter(|s| s.fixable) {
        s.fixable = false;
        // Said only where --fix could have edited the file: a recording is never edited.
        if !std::mem::take(&mut s.edits).is_empty() {
            s.note = Some(match s.note.take() {
                Some(note) => format!("{note}; {why}"),
                None => why.clone(),
            });
        }
    }
}
