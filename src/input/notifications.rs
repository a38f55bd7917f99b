//! The notification frames a HAR keeps for a Genesys Cloud websocket: Chrome and Edge record them
//! in the websocket's entry as `_webSocketMessages: [{type, time, opcode, data}]`. Each received
//! `data` is a JSON event, `{"topicName": ..., "eventBody": {...}}`; the conversation events among
//! them list who was in a conversation and when each participant left. They are read here into
//! [`Notification`]s, which the capture rules apply in time order with the requests.
//!
//! A frame is untrusted input like the rest of the file: its size is bounded, broken frames are
//! left out (and said to be, so that lists heard are no longer taken as whole), and nothing in it
//! is trusted to be of the shape its topic promises.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::Members;
use crate::catalog::facts::facts;
use crate::exchange::{FramePlace, Heard, Notification, Notified, Presence};
use crate::source::Source;
use crate::text::{Text, decode_json_string};

/// The largest frame read, in bytes as written: a conversation event is a few kilobytes; a
/// frame far larger is not one (and is left out, as unread).
pub const MAX_FRAME: usize = 1 << 20;

/// The most frames of one websocket read: a day-long session at several events a second.
/// Frames past it are left out, as unread.
pub const MAX_FRAMES: usize = 1 << 18;

/// The most participants of one event read (a conversation has a handful; a conference, dozens).
const MAX_PARTICIPANTS: usize = 1 << 10;

/// An element of `_webSocketMessages`.
#[derive(Deserialize)]
struct Frame<'a> {
    #[serde(borrow, rename = "type")]
    kind: Option<Cow<'a, str>>,
    time: Option<f64>,
    opcode: Option<i64>,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

/// A received frame's data.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event<'a> {
    #[serde(borrow)]
    topic_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event_body: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    participants: Option<Vec<&'a RawValue>>,
}

/// `{"id": ...}` (a participant's `user` or `queue`, a communication).
#[derive(Deserialize)]
struct Id<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
}

/// A communication of a participant (`calls[]`, `emails[]`, ...).
#[derive(Deserialize)]
struct Communication<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    state: Option<&'a RawValue>,
}

/// What a conversation topic tells of its event's participant list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    /// The event is the whole conversation (`v2.users.{id}.conversations[.calls]`,
    /// `v2.routing.queues.{id}.conversations[.calls]`): its list is every participant.
    Whole,
    /// Another conversation topic (`v2.conversations.{id}...`): what it lists is true, but it
    /// may not list everyone.
    Part,
}

fn topic(name: &str) -> Option<Topic> {
    let parts: Vec<&str> = name.split('.').collect();
    let media = |m: &str| facts().media_arrays.iter().any(|a| a.eq_ignore_ascii_case(m));
    match parts.as_slice() {
        ["v2", "users", _, "conversations"] | ["v2", "routing", "queues", _, "conversations"] => Some(Topic::Whole),
        ["v2", "users", _, "conversations", m] | ["v2", "routing", "queues", _, "conversations", m] if media(m) => {
            Some(Topic::Whole)
        }
        ["v2", "users", _, "conversations", ..]
        | ["v2", "routing", "queues", _, "conversations", ..]
        | ["v2", "conversations", ..] => Some(Topic::Part),
        _ => None,
    }
}

/// Whether a state is one a participant or communication has once it has left.
fn ended(state: &str) -> bool {
    state.eq_ignore_ascii_case("disconnected") || state.eq_ignore_ascii_case("terminated")
}

/// Reads the frames of a websocket entry (`frames` is its `_webSocketMessages`, standing in
/// `file`); `entry` is the entry's index. Only received text frames are read; `send` frames,
/// binary frames, heartbeats and other topics are passed over.
pub fn read(src: &Source, file: &super::json::JsonFile, frames: &RawValue, entry: usize) -> (Heard, Option<usize>) {
    let mut heard = Heard::default();
    // Where the first frame left unread is.
    let mut first_lost: Option<usize> = None;
    let mut lose = |heard: &mut Heard, at: usize| {
        heard.lost = true;
        first_lost.get_or_insert(at);
    };
    let Ok(list) = serde_json::from_str::<Vec<&RawValue>>(frames.get()) else {
        lose(&mut heard, file.offset(frames));
        return (heard, first_lost);
    };
    for (n, raw) in list.into_iter().enumerate() {
        let at = file.offset(raw);
        if n >= MAX_FRAMES {
            lose(&mut heard, at);
            break;
        }
        let Ok(frame) = serde_json::from_str::<Frame>(raw.get()) else {
            lose(&mut heard, at);
            continue;
        };
        let received = frame.kind.as_deref().is_none_or(|k| k.eq_ignore_ascii_case("receive"));
        // Chrome writes 1 for text and 2 for binary (base64); notifications are text.
        if !received || frame.opcode.is_some_and(|o| o != 1) {
            continue;
        }
        let (Some(data), Some(time)) = (frame.data, frame.time.filter(|t| t.is_finite())) else {
            lose(&mut heard, at);
            continue;
        };
        let data_at = file.offset(data);
        if data.get().len() > MAX_FRAME {
            lose(&mut heard, data_at);
            continue;
        }
        let Ok(text) = decode_json_string(data.get(), data_at) else {
            lose(&mut heard, data_at);
            continue;
        };
        match event(src, &text, time, entry) {
            Ok(Some(notification)) => {
                // A conversation is notified of again and again as nothing changes: the same
                // news twice in a row is kept once.
                let same = heard.notifications.last().is_some_and(|last| same_news(last, &notification));
                if !same {
                    heard.notifications.push(notification);
                }
            }
            Ok(None) => {}
            Err(()) => lose(&mut heard, data_at),
        }
    }
    (heard, first_lost)
}

/// Whether two notifications say the same of the same conversation.
fn same_news(a: &Notification, b: &Notification) -> bool {
    let key =
        |p: &Notified| (p.id.clone(), matches!(p.presence, Presence::Left(_)), matches!(p.presence, Presence::Present));
    a.conversation == b.conversation
        && a.complete == b.complete
        && a.participants.len() == b.participants.len()
        && a.participants.iter().map(key).eq(b.participants.iter().map(key))
}

/// The conversation news in a received frame's decoded data: `Ok(None)` for anything that is no
/// conversation event (a heartbeat, another topic), `Err` for a frame that cannot be read.
fn event(src: &Source, text: &Text, time: f64, entry: usize) -> Result<Option<Notification>, ()> {
    let data = text.value.as_str();
    let event: Event = serde_json::from_str(data).map_err(|_| ())?;
    let Some(kind) = event.topic_name.as_deref().and_then(topic) else { return Ok(None) };
    let body: Body = match event.event_body {
        Some(raw) => serde_json::from_str(raw.get()).map_err(|_| ())?,
        None => return Err(()),
    };
    // A conversation event without a list of participants says nothing of who is in it.
    let (Some(conversation), Some(list)) = (body.id, body.participants) else { return Ok(None) };
    if list.len() > MAX_PARTICIPANTS {
        return Err(());
    }
    let mut complete = kind == Topic::Whole;
    let mut participants = Vec::with_capacity(list.len());
    for raw in list {
        match participant(src, text, raw) {
            Some(p) => participants.push(p),
            // One without an id: the list is no longer known to be whole.
            None => complete = false,
        }
    }
    Ok(Some(Notification { time, entry, conversation: conversation.into_owned(), participants, complete }))
}

/// A participant of an event (`raw` is borrowed from `text`'s value).
fn participant(src: &Source, text: &Text, raw: &RawValue) -> Option<Notified> {
    let members: Members = serde_json::from_str(raw.get()).ok()?;
    let get = |name: &str| members.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| *v);
    let string = |v: Option<&RawValue>| v.and_then(|v| serde_json::from_str::<Cow<str>>(v.get()).ok());
    let id = string(get("id"))?.into_owned();
    let nested_id = |name: &str| {
        get(name).and_then(|v| serde_json::from_str::<Id>(v.get()).ok()).and_then(|i| i.id.map(Cow::into_owned))
    };
    let user_id = string(get("userId")).map(Cow::into_owned).or_else(|| nested_id("user"));
    let purpose = string(get("purpose")).map(Cow::into_owned);
    let place = |state: &RawValue| frame_place(src, text, raw, state);
    let mut communications = Vec::new();
    // Per communication (`v2.users.{id}.conversations`): left once every communication has.
    let (mut any, mut all_ended, mut last_state) = (false, true, None);
    for (key, value) in &members.0 {
        if !facts().media_arrays.iter().any(|m| m == key) {
            continue;
        }
        let Ok(list) = serde_json::from_str::<Vec<Communication>>(value.get()) else { continue };
        for c in list {
            communications.extend(c.id.map(Cow::into_owned));
            let state = c.state.and_then(|s| serde_json::from_str::<Cow<str>>(s.get()).ok().map(|v| (s, v)));
            match state {
                Some((raw_state, value)) => {
                    any = true;
                    all_ended &= ended(&value);
                    last_state = Some(raw_state);
                }
                None => all_ended = false,
            }
        }
    }
    // Participant-level state (`v2.users.{id}.conversations.calls`) first.
    let presence = match get("state").and_then(|s| serde_json::from_str::<Cow<str>>(s.get()).ok().map(|v| (s, v))) {
        Some((raw_state, value)) if ended(&value) => place(raw_state).map_or(Presence::Unknown, Presence::Left),
        Some(_) => Presence::Present,
        None if any && all_ended => last_state.and_then(place).map_or(Presence::Unknown, Presence::Left),
        None if any => Presence::Present,
        // Neither says: a participant is given an end time when it leaves.
        None => match get("endTime") {
            Some(end) if string(Some(end)).is_some_and(|t| !t.is_empty()) => {
                place(end).map_or(Presence::Unknown, Presence::Left)
            }
            _ => Presence::Unknown,
        },
    };
    Some(Notified { id, user_id, purpose, communications, presence })
}

/// The most of a participant's object kept to show where it left: about what a snippet shows of
/// one long line around its label (each departure heard is kept until its time comes).
const EXCERPT: usize = 320;

/// Where `state` (borrowed from `text`'s value, inside the participant `object`) stands in the
/// file, with the participant's text around it.
fn frame_place(src: &Source, text: &Text, object: &RawValue, state: &RawValue) -> Option<Box<FramePlace>> {
    let base = text.value.as_ptr() as usize;
    let object_at = (object.get().as_ptr() as usize).checked_sub(base)?;
    let state_at = (state.get().as_ptr() as usize).checked_sub(base)?;
    let offset = text.map.to_file(state_at)?;
    let (line, column) = src.position(offset);
    let whole = object.get();
    let in_object = state_at.checked_sub(object_at)?;
    // A window of the participant's object when it is large, on character boundaries.
    let mut from = in_object.saturating_sub(EXCERPT / 2);
    while !whole.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (in_object + EXCERPT / 2).min(whole.len());
    while !whole.is_char_boundary(to) {
        to += 1;
    }
    let excerpt = whole.get(from..to)?.to_owned();
    let start = in_object - from;
    let span = start..(start + state.get().len()).min(excerpt.len());
    Some(Box::new(FramePlace { offset, line, column, excerpt, span }))
}

/// A timestamp of a HAR (`startedDateTime`: RFC 3339, as `2026-11-20T18:30:12.345Z` or with an
/// offset, `+01:00`) in seconds since the Unix epoch; `None` for anything else.
///
/// Written here rather than taken from a date crate: this one fixed format is all gclint reads,
/// and it is a few lines of arithmetic (days from the civil date, after Howard Hinnant's
/// `days_from_civil`).
pub fn epoch_seconds(stamp: &str) -> Option<f64> {
    let b = stamp.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(r)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    let sep = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut fraction = 0.0;
    if sep(i, b".") {
        let digits = b.get(i + 1..)?.iter().take_while(|c| c.is_ascii_digit()).count();
        let text = stamp.get(i..i + 1 + digits)?;
        fraction = if digits == 0 { return None } else { text.parse::<f64>().ok()? };
        i += 1 + digits;
    }
    let offset = match b.get(i..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && sep(i + 3, b":") => {
            let minutes = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if *sign == b'+' { minutes * 60 } else { -minutes * 60 }
        }
        _ => return None,
    };
    // Days since 1970-01-01 of the civil date (proleptic Gregorian).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(seconds as f64 + fraction)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn har_timestamps_are_read_as_seconds_since_the_epoch() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(epoch_seconds("2023-08-29T13:03:20.195591+00:00"), Some(1_693_314_200.195_591));
        assert_eq!(epoch_seconds("2026-11-20T18:30:12.500Z"), Some(1_795_199_412.5));
        // The same moment written with an offset.
        assert_eq!(epoch_seconds("2026-11-20T19:30:12.500+01:00"), Some(1_795_199_412.5));
        assert_eq!(epoch_seconds("2000-02-29T00:00:00Z"), Some(951_782_400.0));
        for bad in ["", "2026-11-20", "2026-11-20T18:30:12", "2026-13-20T18:30:12Z", "2026-11-20T18:30:12.Z", "x"] {
            assert_eq!(epoch_seconds(bad), None, "{bad}");
        }
    }

    /// Reads `frames` (the text of a `_webSocketMessages` array) as the whole file.
    fn heard(frames: &str) -> (Heard, Option<usize>) {
        let src = Source::new("t.har", frames.as_bytes().to_vec(), true);
        let file = super::super::json::JsonFile { text: frames, base: 0 };
        let raw: &RawValue = serde_json::from_str(frames).unwrap();
        read(&src, &file, raw, 7)
    }

    /// A received frame at `time` holding `event` (a JSON value), as Chrome writes it.
    fn frame(time: f64, event: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"type": "receive", "time": time, "opcode": 1, "data": event.to_string()})
    }

    fn event(topic: &str, participants: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"topicName": topic, "version": "2", "eventBody": {"id": "c1", "participants": participants}})
    }

    fn presence(p: &Notified) -> &'static str {
        match p.presence {
            Presence::Present => "present",
            Presence::Left(_) => "left",
            Presence::Unknown => "unknown",
        }
    }

    #[test]
    fn participants_are_read_with_whether_they_left() {
        let frames = serde_json::json!([
            frame(1.0, serde_json::json!({"topicName": "channel.metadata", "eventBody": {"message": "WebSocket Heartbeat"}})),
            {"type": "send", "time": 1.5, "opcode": 1, "data": "{\"message\":\"ping\"}"},
            frame(2.0, event("v2.users.u1.conversations.calls", serde_json::json!([
                {"id": "p1", "purpose": "customer", "state": "disconnected", "endTime": "x"},
                {"id": "p2", "purpose": "agent", "state": "connected", "user": {"id": "u1"}},
                {"id": "p3", "purpose": "acd", "endTime": "2026-11-20T10:00:00Z"},
                {"id": "p4", "purpose": "external"},
            ]))),
            frame(3.0, event("v2.users.u1.conversations", serde_json::json!([
                {"id": "p1", "calls": [{"id": "k1", "state": "disconnected"}, {"id": "k2", "state": "terminated"}]},
                {"id": "p2", "userId": "u1", "callbacks": [{"id": "k3", "state": "disconnected"}], "calls": [{"id": "k4", "state": "dialing"}]},
            ]))),
        ]);
        let text = serde_json::to_string_pretty(&frames).unwrap();
        let (heard, lost) = heard(&text);
        assert!(!heard.lost && lost.is_none());
        let [calls, comms] = heard.notifications.as_slice() else { panic!("{:?}", heard.notifications) };
        assert!(calls.complete && comms.complete);
        assert_eq!((calls.time, calls.entry, calls.conversation.as_str()), (2.0, 7, "c1"));
        let shown: Vec<_> = calls.participants.iter().map(|p| (p.id.as_str(), presence(p))).collect();
        assert_eq!(shown, [("p1", "left"), ("p2", "present"), ("p3", "left"), ("p4", "unknown")]);
        assert_eq!(calls.participants[1].user_id.as_deref(), Some("u1"));
        let shown: Vec<_> = comms.participants.iter().map(|p| (p.id.as_str(), presence(p))).collect();
        assert_eq!(shown, [("p1", "left"), ("p2", "present")]);
        assert_eq!(comms.participants[0].communications, ["k1", "k2"]);
        // The place of a departure is the state's, in the file, through the frame's escapes.
        let Presence::Left(place) = &comms.participants[0].presence else { unreachable!() };
        let at = text.find(r#"\"terminated"#).unwrap();
        assert_eq!(place.offset, at);
        assert_eq!(&place.excerpt[place.span.clone()], "\"terminated\"");
    }

    #[test]
    fn lists_that_may_not_be_whole_say_so() {
        let frames = serde_json::json!([
            frame(
                1.0,
                event("v2.conversations.c1.attributes", serde_json::json!([{"id": "p1", "state": "connected"}]))
            ),
            frame(
                2.0,
                event("v2.users.u1.conversations.calls", serde_json::json!([{"id": "p1"}, {"purpose": "agent"}]))
            ),
        ]);
        let (heard, _) = heard(&frames.to_string());
        assert_eq!(heard.notifications.iter().map(|n| n.complete).collect::<Vec<_>>(), [false, false]);
    }

    #[test]
    fn the_same_news_twice_in_a_row_is_kept_once() {
        let same = event("v2.users.u1.conversations.calls", serde_json::json!([{"id": "p1", "state": "connected"}]));
        let left = event("v2.users.u1.conversations.calls", serde_json::json!([{"id": "p1", "state": "disconnected"}]));
        let frames = serde_json::json!([frame(1.0, same.clone()), frame(2.0, same), frame(3.0, left)]);
        let (heard, _) = heard(&frames.to_string());
        assert_eq!(heard.notifications.iter().map(|n| n.time).collect::<Vec<_>>(), [1.0, 3.0]);
    }

    #[test]
    fn frames_that_cannot_be_read_are_lost_at_their_place_and_others_passed_over() {
        let huge = "x".repeat(MAX_FRAME);
        for (frames, lost) in [
            (r#"[{"type": "receive", "time": 1, "opcode": 1, "data": "{\"topicName\": "}]"#.to_owned(), true),
            (r#"[{"type": "receive", "opcode": 1, "data": "{}"}]"#.to_owned(), true),
            (r#"[{"type": "receive", "time": "soon", "opcode": 1, "data": "{}"}]"#.to_owned(), true),
            (format!(r#"[{{"type": "receive", "time": 1, "opcode": 1, "data": "{huge}"}}]"#), true),
            (r#"{"not": "a list"}"#.to_owned(), true),
            (r#"[{"type": "receive", "time": 1, "opcode": 1, "data": "{\"topicName\": \"v2.users.u.conversations\", \"eventBody\": 3}"}]"#.to_owned(), true),
            // Binary frames, sent frames, other topics and bodies without participants.
            (r#"[{"type": "receive", "time": 1, "opcode": 2, "data": "AAEC"}]"#.to_owned(), false),
            (r#"[{"type": "send", "time": 1, "opcode": 1, "data": "not json"}]"#.to_owned(), false),
            (r#"[{"type": "receive", "time": 1, "opcode": 1, "data": "{\"topicName\": \"v2.users.u.presence\"}"}]"#.to_owned(), false),
            (r#"[{"type": "receive", "time": 1, "opcode": 1, "data": "{\"topicName\": \"v2.users.u.conversations\", \"eventBody\": {\"id\": \"c\"}}"}]"#.to_owned(), false),
        ] {
            let (heard, at) = heard(&frames);
            assert_eq!(heard.lost, lost, "{}", crate::text::head(&frames, 200));
            assert_eq!(at.is_some(), lost);
            assert!(heard.notifications.is_empty());
            if let Some(at) = at {
                assert!(matches!(frames.as_bytes()[at], b'"' | b'{' | b'['), "{at}");
            }
        }
    }

    #[test]
    fn topics_say_whether_an_event_lists_everyone() {
        assert!(topic("v2.users.u1.conversations.calls") == Some(Topic::Whole));
        assert!(topic("v2.users.u1.conversations") == Some(Topic::Whole));
        assert!(topic("v2.routing.queues.q1.conversations.emails") == Some(Topic::Whole));
        assert!(topic("v2.conversations.c1.transcription") == Some(Topic::Part));
        assert!(topic("v2.users.u1.conversations.calls.extra") == Some(Topic::Part));
        assert!(topic("channel.metadata").is_none());
        assert!(topic("v2.users.u1.presence").is_none());
    }
}
