//! What a capture has shown so far, in order: the token's scopes, the conversations it fetched,
//! the participants and conversations it ended. Capture rules read it; after each request,
//! [`CaptureState::observe`] records what that request did.

// Looked up for most requests of a capture; ids are not chosen to collide, so a fast hash.
use foldhash::HashMap;
use serde_json::Value;

use super::ctx::Ctx;
use crate::catalog::Resolution;
use crate::catalog::facts::facts;
use crate::diagnostic::{Label, Related, Snippet};
use crate::exchange::{Heard, Notification, Presence};

/// What the user said about the run, outside any capture.
#[derive(Debug, Default, Clone)]
pub struct Given {
    /// The OAuth client's scopes (`--scopes` or the configuration file).
    pub scopes: Option<Vec<String>>,
    /// Where they were given: `--scopes`, or the configuration file's name.
    pub scopes_from: String,
}

/// The scopes a capture recorded for its token.
#[derive(Debug, Clone)]
pub struct RecordedScopes {
    pub scopes: Vec<String>,
    /// Where they were read: `GET /api/v2/tokens/me (entry 3)`.
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct ViewParticipant {
    pub id: String,
    pub user_id: Option<String>,
    pub purpose: Option<String>,
    pub communications: Vec<String>,
}

/// A conversation as a GET in the capture showed it, or as its notifications listed it.
#[derive(Debug, Clone)]
pub struct ConversationView {
    /// The entry of the GET.
    pub entry: Option<usize>,
    /// The entry of the websocket whose notifications listed participants (since the GET, if any).
    pub notified: Option<usize>,
    pub participants: Vec<ViewParticipant>,
}

#[derive(Default)]
pub struct CaptureState {
    pub scopes: Option<RecordedScopes>,
    pub views: HashMap<String, ConversationView>,
    /// Conversations ended for everyone, by id (boxed: a capture may hold many thousands, and a
    /// growing table moves its values).
    pub ended: HashMap<String, Box<Related>>,
    /// Participants disconnected, by (conversation id, participant id).
    pub disconnected: HashMap<(String, String), Box<Related>>,
    /// Notifications received and not yet applied: each applies before the first request sent
    /// after it (see [`CaptureState::hear`]).
    pending: std::collections::VecDeque<Notification>,
    /// The participants whose disconnect only a notification showed (a later one may show the
    /// participant back on a new communication).
    left_by_notification: foldhash::HashSet<(String, String)>,
    /// Whether a notification frame could not be read, or too many waited: the participant
    /// lists heard are then no longer taken as whole.
    lost: bool,
}

/// Whether the recorded answer (if any) says the request took effect.
pub fn succeeded(ctx: &Ctx) -> bool {
    match ctx.ex.response.as_ref().and_then(|r| r.status) {
        Some(status) => (200..300).contains(&status),
        // Not recorded (a payload, a capture without responses): assume it was sent.
        None => true,
    }
}

/// The recorded response body as JSON, for 2xx answers and errors alike (parsed once; see
/// [`Ctx::response_json`]).
pub fn response_json<'c>(ctx: &'c Ctx) -> Option<&'c Value> {
    ctx.response_json()
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    Some(v?.as_array()?.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}

/// The scopes a tokens/me or OAuth client response lists, with the pointer they are at.
pub fn scopes_in_response(ctx: &Ctx) -> Option<(Vec<String>, &'static str)> {
    let template = match &ctx.resolution {
        Resolution::Operation(op) => op.path.as_str(),
        _ => "",
    };
    let segs = ctx.segment_texts();
    let is_tokens_me = template == "/api/v2/tokens/me";
    let is_client = matches!(segs.as_slice(), ["api", "v2", "oauth", "clients", _]);
    if !ctx.method().eq_ignore_ascii_case("GET") || !(is_tokens_me || is_client) || !succeeded(ctx) {
        return None;
    }
    let body = response_json(ctx)?;
    if is_tokens_me {
        if let Some(s) = strings(body.get("authorizedScope")).filter(|s| !s.is_empty()) {
            return Some((s, "/authorizedScope"));
        }
        return strings(body.pointer("/OAuthClient/scope"))
            .filter(|s| !s.is_empty())
            .map(|s| (s, "/OAuthClient/scope"));
    }
    strings(body.get("scope")).filter(|s| !s.is_empty()).map(|s| (s, "/scope"))
}

/// The conversation id and kind of participant-level operation a request is, if any.
pub struct ParticipantTarget {
    pub conversation: String,
    pub participant: String,
    /// The URL range of the participant id segment.
    pub segment: std::ops::Range<usize>,
}

/// For a request to `.../{conversationId}/participants/{participantId}[/...]`: the ids.
pub fn participant_target(ctx: &Ctx) -> Option<ParticipantTarget> {
    let op = match &ctx.resolution {
        Resolution::Operation(op) => op,
        Resolution::WrongMethod(ops) => ops.first()?,
        // An undocumented path: nothing says its ids are a conversation's and a participant's.
        Resolution::Internal(_) | Resolution::Unknown => return None,
    };
    let t: Vec<&str> = op.segments().collect();
    let c = t.iter().position(|s| *s == "{conversationId}")?;
    let p = t.iter().position(|s| *s == "{participantId}")?;
    Some(ParticipantTarget {
        conversation: ctx.segments.get(c)?.text.clone(),
        participant: ctx.segments.get(p)?.text.clone(),
        segment: ctx.segments.get(p)?.range.clone(),
    })
}

/// The conversation id of a GET that returns a whole conversation.
fn conversation_get(ctx: &Ctx) -> Option<String> {
    let Resolution::Operation(op) = &ctx.resolution else { return None };
    if op.method != "GET" {
        return None;
    }
    let t: Vec<&str> = op.segments().collect();
    let root = matches!(t.as_slice(), ["api", "v2", "conversations", "{conversationId}"])
        || matches!(t.as_slice(), ["api", "v2", "conversations", _, "{conversationId}"]);
    root.then(|| ctx.segments.get(t.len() - 1).map(|s| s.text.clone())).flatten()
}

/// Whether a request ends a whole conversation; its id.
fn conversation_end(ctx: &Ctx, body: Option<&Value>) -> Option<String> {
    let (op, segs) = match &ctx.resolution {
        Resolution::Operation(op) => (op, ctx.segment_texts()),
        _ => return None,
    };
    let t: Vec<&str> = op.segments().collect();
    let disconnects = body.and_then(|b| b.get("state")).and_then(Value::as_str) == Some("disconnected");
    match (op.method.as_str(), t.as_slice()) {
        ("DELETE", ["api", "v2", "conversations", "{conversationId}"]) => segs.get(3).map(|s| s.to_string()),
        ("POST", ["api", "v2", "conversations", "{conversationId}", "disconnect"]) => {
            segs.get(3).map(|s| s.to_string())
        }
        ("PATCH", ["api", "v2", "conversations", _, "{conversationId}"])
            if op.body.as_deref() == Some("ConversationPatch") && disconnects =>
        {
            segs.get(4).map(|s| s.to_string())
        }
        _ => None,
    }
}

fn view_of(body: &Value, entry: Option<usize>) -> Option<ConversationView> {
    let participants = body.get("participants")?.as_array()?;
    let participants = participants
        .iter()
        .filter_map(|p| {
            let id = p.get("id")?.as_str()?.to_owned();
            let user_id = p
                .get("userId")
                .and_then(Value::as_str)
                .or_else(|| p.pointer("/user/id").and_then(Value::as_str))
                .map(str::to_owned);
            let purpose = p.get("purpose").and_then(Value::as_str).map(str::to_owned);
            let communications = facts()
                .media_arrays
                .iter()
                .filter_map(|m| p.get(m)?.as_array())
                .flatten()
                .filter_map(|c| c.get("id")?.as_str().map(str::to_owned))
                .collect();
            Some(ViewParticipant { id, user_id, purpose, communications })
        })
        .collect();
    Some(ConversationView { entry, notified: None, participants })
}

impl CaptureState {
    /// Records what one request did, once the rules have seen it.
    pub fn observe(&mut self, ctx: &Ctx) {
        if let Some((scopes, _)) = scopes_in_response(ctx) {
            let entry = ctx.ex.entry.map(|e| format!(" (entry {e})")).unwrap_or_default();
            self.scopes = Some(RecordedScopes { scopes, source: format!("GET {}{entry}", ctx.ex.path_str()) });
        }
        if !succeeded(ctx) {
            return;
        }
        if let Some(id) = conversation_get(ctx) {
            if let Some(view) = response_json(ctx).and_then(|b| view_of(b, ctx.ex.entry)) {
                self.views.insert(id, view);
            }
        }
        // Kept as the related place of a later conflicting request.
        let earlier = |what: &str, label: &str| {
            let (offset, snippet) = ctx.request_snippet(label.to_owned());
            let (line, column) = offset.map(|o| ctx.src.position(o)).unzip();
            let at = ctx.ex.entry.map(|n| format!(" at entry {n}")).unwrap_or_default();
            Box::new(Related { message: format!("{what} here{at}"), line, column, entry: ctx.ex.entry, snippet })
        };
        if let Some(id) = conversation_end(ctx, ctx.body()) {
            self.ended.insert(id, earlier("ended", "this request ended the conversation for everyone"));
            return;
        }
        let disconnects = ctx.body().and_then(|b| b.get("state")).and_then(Value::as_str) == Some("disconnected");
        if disconnects && ctx.method().eq_ignore_ascii_case("PATCH") {
            // The participant itself, not one of its communications.
            let whole = matches!(&ctx.resolution, Resolution::Operation(op) if op.path.ends_with("{participantId}"));
            if let Some(t) = participant_target(ctx).filter(|_| whole) {
                self.disconnected.insert(
                    (t.conversation, t.participant),
                    earlier("disconnected", "this request disconnected the participant"),
                );
            }
        }
    }
}

impl CaptureState {
    /// Names the participant that the suggestions of `found` leave for the user
    /// (`{participantId}`) from what the capture showed of the conversation (its GET, or its
    /// notifications), where the request says which one it means without its id (a participant
    /// list entry with `"userId"` or `"purpose": "agent"`) and exactly one participant is that
    /// one; where several are, the note says so.
    pub fn name_participants(&self, ctx: &Ctx, found: &mut [crate::diagnostic::Diagnostic]) {
        let placeholder = "{participantId}";
        let leaves = |d: &crate::diagnostic::Diagnostic| {
            d.suggestion.as_ref().is_some_and(|s| s.requests.iter().any(|r| r.url.contains(placeholder)))
        };
        if !found.iter().any(leaves) {
            return;
        }
        let Some((conversation, described)) =
            crate::intent::described_participant(ctx.catalog, ctx.method(), &ctx.segment_texts(), ctx.body())
        else {
            return;
        };
        let Some(view) = self.views.get(&conversation) else { return };
        let is = |p: &ViewParticipant, (field, value): &(String, String)| match field.as_str() {
            "userId" => p.user_id.as_deref() == Some(value.as_str()),
            "purpose" => p.purpose.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(value)),
            _ => false,
        };
        let matching: Vec<&ViewParticipant> =
            view.participants.iter().filter(|p| described.iter().all(|d| is(p, d))).collect();
        let said = described.iter().map(|(k, v)| format!("\"{k}\": \"{v}\"")).collect::<Vec<_>>().join(", ");
        let shown = match (view.entry, view.notified) {
            (Some(e), _) => format!("the capture's GET of the conversation (entry {e})"),
            (None, Some(e)) => format!("the capture's notifications (entry {e})"),
            (None, None) => "the capture".to_owned(),
        };
        let note = match matching.as_slice() {
            [one] => format!("{} is the participant with {said} in {shown}", one.id),
            [] => format!("{shown} lists no participant with {said}: name the participant in the path"),
            many => format!("{shown} lists {} participants with {said}: name the one meant in the path", many.len()),
        };
        for suggestion in found.iter_mut().filter(|d| leaves(d)).filter_map(|d| d.suggestion.as_mut()) {
            if let [one] = matching.as_slice() {
                for request in &mut suggestion.requests {
                    request.url = request.url.replace(placeholder, &one.id);
                }
            }
            suggestion.note = Some(note.clone());
        }
    }
}

/// The most notifications waiting for a later request: past it the capture is no longer followed
/// by its notifications (a HAR whose websocket received that many after its last request).
const MAX_PENDING: usize = 1 << 16;

impl CaptureState {
    /// Takes the notifications of a stretch of the capture (a HAR window), to be applied in time
    /// order with its requests: each before the first request sent after it ([`Self::catch_up`]).
    /// A websocket's entry starts before the requests its notifications report on and holds
    /// frames received after them, so they wait here, across windows, until their time comes;
    /// the same news in a row is kept once by the reader, and the queue is bounded. Whether
    /// notifications had to be left out.
    pub fn hear(&mut self, heard: Heard) -> bool {
        if heard.lost {
            self.lose();
        }
        // (Most windows hear nothing: the queue, sorted already, is left alone.)
        if heard.notifications.is_empty() {
            return false;
        }
        let room = MAX_PENDING.saturating_sub(self.pending.len());
        let overflow = heard.notifications.len() > room;
        self.pending.extend(heard.notifications.into_iter().take(room));
        if overflow {
            self.lose();
        }
        // Windows come in capture order and each websocket's frames in time order: mostly sorted
        // runs, which a stable sort merges in linear time.
        self.pending.make_contiguous().sort_by(|a, b| a.time.total_cmp(&b.time));
        overflow
    }

    /// The participant lists heard are no longer whole: the views they made are dropped and no
    /// more are made (what they said of disconnects stays true).
    fn lose(&mut self) {
        self.lost = true;
        self.views.retain(|_, v| v.notified.is_none());
    }

    /// Applies the notifications received before the request of `ctx` was sent. A request whose
    /// time is not recorded cannot be placed among them: they wait for one that is.
    pub fn catch_up(&mut self, ctx: &Ctx) {
        let Some(sent) = ctx.ex.started else { return };
        while self.pending.front().is_some_and(|n| n.time < sent) {
            if let Some(n) = self.pending.pop_front() {
                self.apply(&n, &ctx.src.name);
            }
        }
    }

    /// What one notification shows, as a GET of the conversation would: who is in it (when the
    /// list is whole), and who has left.
    fn apply(&mut self, n: &Notification, file: &str) {
        if n.complete && !self.lost {
            let view = self.views.entry(n.conversation.clone()).or_insert_with(|| ConversationView {
                entry: None,
                notified: None,
                participants: Vec::new(),
            });
            view.notified = Some(n.entry);
            // Everyone ever listed: a participant stays in the conversation's record after it
            // leaves, and a request to one listed earlier is no request to a stranger.
            for p in &n.participants {
                if !view.participants.iter().any(|v| v.id == p.id) {
                    view.participants.push(ViewParticipant {
                        id: p.id.clone(),
                        user_id: p.user_id.clone(),
                        purpose: p.purpose.clone(),
                        communications: p.communications.clone(),
                    });
                }
            }
        }
        for p in &n.participants {
            let key = (n.conversation.clone(), p.id.clone());
            match &p.presence {
                Presence::Left(place) if !self.disconnected.contains_key(&key) => {
                    let title = format!("{file}:{}:{} · entry {} · notification", place.line, place.column, n.entry);
                    let label = Label { span: place.span.clone(), text: Some("the notification says it left".into()) };
                    let related = Related {
                        message: format!("a notification received in entry {} showed it disconnected here", n.entry),
                        line: Some(place.line),
                        column: Some(place.column),
                        entry: Some(n.entry),
                        snippet: Snippet::new(title, &place.excerpt, vec![label]),
                    };
                    self.disconnected.insert(key.clone(), Box::new(related));
                    self.left_by_notification.insert(key);
                }
                // Back on a communication (an agent's callback followed by its call): what only a
                // notification said is taken back.
                Presence::Present => {
                    if self.left_by_notification.remove(&key) {
                        self.disconnected.remove(&key);
                    }
                }
                Presence::Left(_) | Presence::Unknown => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{Notified, Presence};

    fn notification(time: f64) -> Notification {
        let p = Notified {
            id: "p1".into(),
            user_id: None,
            purpose: None,
            communications: Vec::new(),
            presence: Presence::Present,
        };
        Notification { time, entry: 1, conversation: "c1".into(), participants: vec![p], complete: true }
    }

    #[test]
    fn notifications_wait_in_time_order_and_the_queue_is_bounded() {
        let mut state = CaptureState::default();
        let heard =
            |times: &[f64]| Heard { notifications: times.iter().copied().map(notification).collect(), lost: false };
        assert!(!state.hear(heard(&[3.0, 5.0])));
        assert!(!state.hear(heard(&[1.0, 4.0])));
        assert_eq!(state.pending.iter().map(|n| n.time).collect::<Vec<_>>(), [1.0, 3.0, 4.0, 5.0]);
        state.apply(&notification(0.0), "t.har");
        assert!(state.views.get("c1").is_some_and(|v| v.notified == Some(1)));
        // Past the bound, the rest is left out and the lists heard are no longer whole.
        let many = vec![0.5; MAX_PENDING];
        assert!(state.hear(heard(&many)));
        assert_eq!(state.pending.len(), MAX_PENDING);
        assert!(state.lost && state.views.is_empty());
        state.apply(&notification(0.0), "t.har");
        assert!(state.views.is_empty());
    }
}
