//! What a wrong request meant, and the one right call for it.
//!
//! A request that is wrong usually still says what its author wanted: the words of its path
//! (`.../participants/{pid}/disconnect`), its method (a DELETE on a participant), its body's
//! fields and values (`"removeParticipants"`, `"action": "hold"`). The intents, their signals and
//! their calls are data (`intents` in schemas/facts.json, from genesys-api.md's "What the user
//! meant"); this module reads a request against them and fills the call with the ids the request
//! carries. An intent is clear when exactly one reads from the request (less those another one
//! carries along, as a disconnect carries a wrap-up); otherwise it is not, and the caller offers
//! no request rather than a guess.

use serde_json::{Map, Value};

use crate::catalog::facts::{Call, Intent, facts};
use crate::catalog::{Catalog, Operation, Status};

/// The ids and the medium a request names, in its path or its body.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Ids {
    /// The medium of the path (`calls` for `calls`, and for `voice` or `phone` in its place).
    pub media: Option<String>,
    pub conversation: Option<String>,
    /// The participants named in the path, or else in the body (one call each).
    pub participants: Vec<String>,
    /// The communication named in the path.
    pub communication: Option<String>,
    /// Where the request names no participant id: what its body says of the one participant it
    /// means instead (`"userId": ..`, `"purpose": "agent"`), as (field, value) pairs; a capture's
    /// GET of the conversation may tell which participant that is.
    pub described: Vec<(String, String)>,
}

/// What a request meant, when that is clear.
#[derive(Debug)]
pub struct Meant {
    pub intent: &'static Intent,
    pub ids: Ids,
    /// The members of the body and of the objects in it, first occurrence of each name: where
    /// the call's `"@name"` values come from.
    values: Map<String, Value>,
}

/// What the request says it meant.
#[derive(Debug)]
pub enum Reading {
    /// One intent.
    Clear(Meant),
    /// Several, which one call cannot serve (their names, as the user would say them).
    Unclear(Vec<&'static str>),
    /// Nothing that gclint knows.
    Silent,
}

/// A call for an intent, filled in: method, concrete path (with `{conversationId}` or
/// `{participantId}` left for the user where the request named none), and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    pub method: String,
    pub path: String,
    pub body: Value,
}

/// The intents of schemas/facts.json.
pub(crate) fn intents() -> &'static [Intent] {
    &facts().intents
}

/// Whether a path word or a value says one of `words`: the whole of it, or one of its parts
/// between non-alphanumeric characters; a part may go on after a word of four letters or more
/// (`disconnected` says `disconnect`, `ended` does not say `end`).
fn says(text: &str, words: &[String]) -> bool {
    let text = text.to_ascii_lowercase();
    let mut parts = std::iter::once(text.as_str()).chain(text.split(|c: char| !c.is_ascii_alphanumeric()));
    parts.any(|part| words.iter().any(|w| part == w || (w.len() >= 4 && part.starts_with(w.as_str()))))
}

/// The members of `body` and of the objects one level inside it (in lists too), first of each name.
fn values_of(body: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(Value::Object(top)) = body else { return out };
    for (k, v) in top {
        out.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let inner = top.values().flat_map(|v| match v {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        Value::Object(_) => vec![v],
        _ => Vec::new(),
    });
    for object in inner.filter_map(Value::as_object) {
        for (k, v) in object {
            out.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    out
}

/// The ids and medium of a path (segments, `api` first) and body, and the path's other words:
/// the path read as the catalogue reads it for near misses (`Catalog::path_words`: words after
/// synonyms, each id with the kind the word before it names), then the body for ids the path
/// lacks.
fn ids_of(catalog: &Catalog, method: &str, segments: &[&str], body: Option<&Value>) -> Option<(Ids, Vec<String>)> {
    let facts = facts();
    let family = segments.get(2).copied()?;
    let conversations =
        family == "conversations" || facts.invented_families.get(family).is_some_and(|f| f == "conversations");
    if segments.get(..2) != Some(&["api", "v2"][..]) || !conversations {
        return None;
    }
    let said = catalog.path_words(method, segments);
    let mut ids = Ids::default();
    for (i, kind) in &said.ids {
        let Some(segment) = segments.get(*i).map(|s| (*s).to_owned()) else { continue };
        match kind.as_deref() {
            Some("participants") => ids.participants.push(segment),
            Some("communications") => ids.communication = Some(segment),
            Some("conversation") if ids.conversation.is_none() => ids.conversation = Some(segment),
            _ => {}
        }
    }
    ids.media = said.words.iter().find(|w| catalog.is_media(w)).cloned();
    let words: Vec<String> = said.words.into_iter().filter(|w| !catalog.is_media(w)).collect();
    let top = body.and_then(Value::as_object);
    // A conversation named in the body (`/conversations/participants/update` with a body that
    // says which).
    if ids.conversation.is_none() {
        ids.conversation = top.and_then(|o| o.get("conversationId")?.as_str()).map(str::to_owned);
    }
    // A participant named in the body: one id, or a list of ids to drop.
    if ids.participants.is_empty() {
        let named = facts.participant_id_keys.iter().filter_map(|k| top?.get(k)?.as_str().map(str::to_owned)).next();
        ids.participants.extend(named);
        // In lists: ids under a participant key (`removeParticipants: [..]`), and the participant
        // of each entry (`transfers: [{"participantId": ..}]`; a bare `id` only in a participant
        // list, where it can mean nothing else).
        for (key, list) in top.into_iter().flat_map(|o| o.iter()) {
            let of_participants = key.to_ascii_lowercase().contains("participant");
            for item in list.as_array().into_iter().flatten() {
                let id = match item {
                    Value::String(s) if of_participants => Some(s.as_str()),
                    Value::Object(o) => facts
                        .participant_id_keys
                        .iter()
                        .filter(|k| of_participants || *k != "id")
                        .find_map(|k| o.get(k)?.as_str()),
                    _ => None,
                };
                ids.participants.extend(id.map(str::to_owned).filter(|id| !ids.participants.contains(id)));
            }
        }
    }
    if ids.participants.is_empty() {
        ids.described = described(top);
    }
    Some((ids, words))
}

/// What a body says of the one participant it means, without its id: the
/// `participant_described_by` members (`userId`, `purpose`) of the one entry of a participant
/// list in it. Empty when it says nothing of the kind, or speaks of several.
fn described(top: Option<&Map<String, Value>>) -> Vec<(String, String)> {
    let Some(top) = top else { return Vec::new() };
    let of = |o: &Map<String, Value>| -> Vec<(String, String)> {
        let keys = &facts().participant_described_by;
        keys.iter().filter_map(|k| Some((k.clone(), o.get(k)?.as_str()?.to_owned()))).collect()
    };
    let mut entries = facts().participant_keys.iter().filter_map(|k| top.get(k)).flat_map(|v| match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    });
    match (entries.next(), entries.next()) {
        (Some(Value::Object(entry)), None) => of(entry),
        // A `userId` at the top of a body may be anyone's (a transfer's target): only an entry of
        // a participant list describes the participant.
        _ => Vec::new(),
    }
}

/// The conversation a request to `segments` with `body` is about, and what the body says of the
/// one participant it means where it names none by id (see [`Ids::described`]).
pub(crate) fn described_participant(
    catalog: &Catalog,
    method: &str,
    segments: &[&str],
    body: Option<&Value>,
) -> Option<(String, Vec<(String, String)>)> {
    let (ids, _) = ids_of(catalog, method, segments, body)?;
    Some((ids.conversation?, ids.described)).filter(|(_, d)| !d.is_empty())
}

/// The intents a value of `field` says (`"action": "hold"`), in the table's order.
pub(crate) fn by_value(field: &str, value: &str) -> Vec<&'static Intent> {
    intents().iter().filter(|i| i.values.get(field).is_some_and(|words| says(value, words))).collect()
}

/// The intent named `name` in the table.
pub(crate) fn named(name: &str) -> Option<&'static Intent> {
    intents().iter().find(|i| i.name == name)
}

/// The members an intent's call to `op` sends whatever the request said (`"held": true`), when
/// one of its calls is that operation: how the intent is said in that operation's body.
pub(crate) fn fixed_body_on(intent: &Intent, op: &Operation) -> Option<Map<String, Value>> {
    let same = |template: &str| {
        let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), op.path.split('/').collect());
        template.replace("/{media}", "") == op.path
            || (t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t == p || (*t == "{media}" && !p.starts_with('{'))))
    };
    let call = intent.calls.iter().find(|c| c.method == op.method && same(&c.path))?;
    let Value::Object(members) = &call.body else { return None };
    let fixed: Map<String, Value> = members
        .iter()
        .filter(|(_, v)| !v.as_str().is_some_and(|s| s.starts_with('@')))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (!fixed.is_empty()).then_some(fixed)
}

/// Reads what a request to `segments` (its path split, `api` first) with `method` and `body`
/// meant.
pub(crate) fn read(catalog: &Catalog, method: &str, segments: &[&str], body: Option<&Value>) -> Reading {
    // A read changes nothing: what it meant is no change to make.
    if method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD") {
        return Reading::Silent;
    }
    let Some((ids, words)) = ids_of(catalog, method, segments, body) else {
        return Reading::Silent;
    };
    // Several objects in lists (`transfers: [{..}, {..}]`) may each ask for something else, with
    // values of their own: read together they would blur into one call for all.
    let entries = body.and_then(Value::as_object).into_iter().flat_map(|o| o.values()).filter_map(Value::as_array);
    if entries.flatten().filter(|e| e.is_object()).count() > 1 {
        return Reading::Unclear(vec!["a change of its own for each of several participants"]);
    }
    let mut values = values_of(body);
    // A body sent to a path named after a field (a WrapupInput posted to `.../wrapup`) is that
    // field's value.
    if let (Some(last), Some(whole @ Value::Object(_))) = (segments.last(), body) {
        if !values.contains_key(*last) && intents().iter().any(|i| i.fields.iter().any(|f| f == last)) {
            values.insert((*last).to_owned(), whole.clone());
        }
    }
    // What a DELETE names: a participant, or else a conversation.
    let deleted = match (method.eq_ignore_ascii_case("DELETE"), ids.participants.is_empty(), &ids.conversation) {
        (true, false, _) => Some("participant"),
        (true, true, Some(_)) => Some("conversation"),
        _ => None,
    };
    let signalled = |i: &Intent| {
        words.iter().any(|w| says(w, &i.words))
            || i.fields.iter().any(|f| values.contains_key(f))
            || i.values.iter().any(|(k, ws)| values.get(k).and_then(Value::as_str).is_some_and(|v| says(v, ws)))
            || deleted.is_some_and(|d| i.delete.as_deref() == Some(d))
    };
    let found: Vec<&'static Intent> = intents().iter().filter(|i| signalled(i)).collect();
    let rivals: Vec<&'static Intent> =
        found.iter().copied().filter(|i| !found.iter().any(|o| o.absorbs.contains(&i.name))).collect();
    match rivals.as_slice() {
        [] => Reading::Silent,
        [one] => Reading::Clear(Meant { intent: one, ids, values }),
        many => Reading::Unclear(many.iter().map(|i| i.says.as_str()).collect()),
    }
}

impl Meant {
    /// Whether what was meant is to end the conversation for everyone: each of its calls is a
    /// teardown (see [`Catalog::is_teardown`]).
    pub fn ends_conversation(&self, catalog: &Catalog) -> bool {
        let teardown = |c: &Call| catalog.find(&c.method, &c.path).is_some_and(Catalog::is_teardown);
        !self.intent.calls.is_empty() && self.intent.calls.iter().all(teardown)
    }

    /// The calls that do what was meant (one per participant named), or what the request lacks
    /// for them.
    pub fn calls(&self, catalog: &Catalog) -> Result<Vec<Filled>, String> {
        let mut lacking = Vec::new();
        // A request about one communication gets a call about that communication or none: the
        // participant's is a bigger hammer.
        let eligible = |call: &&Call| call.path.contains("{communicationId}") == self.ids.communication.is_some();
        for call in self.intent.calls.iter().filter(eligible) {
            let Some(template) = self.template(catalog, call) else { continue };
            let body = match self.fill_body(&call.body) {
                Ok(body) => body,
                Err(name) => {
                    lacking.push(name);
                    continue;
                }
            };
            let conversation = self.ids.conversation.as_deref().unwrap_or("{conversationId}");
            let participants: Vec<&str> = match (self.intent.scope.as_str(), self.ids.participants.as_slice()) {
                ("participant", []) => vec!["{participantId}"],
                ("participant", ids) => ids.iter().map(String::as_str).collect(),
                _ => vec!["{participantId}"],
            };
            return Ok(participants
                .into_iter()
                .map(|p| Filled {
                    method: call.method.clone(),
                    path: template
                        .replace("{conversationId}", conversation)
                        .replace("{participantId}", p)
                        .replace("{communicationId}", self.ids.communication.as_deref().unwrap_or("{communicationId}")),
                    body: body.clone(),
                })
                .collect());
        }
        Err(match lacking.as_slice() {
            [] if self.ids.media.is_none() => {
                format!("to {}, the path has to name the medium (calls, emails, messages, ...)", self.intent.says)
            }
            [] => format!("gclint knows no call to {} here", self.intent.says),
            names => format!("to {}, the request has to say {}", self.intent.says, or_list(names)),
        })
    }

    /// The path template of `call` for this request: the media form when the request's medium
    /// has it in the catalogue, else the generic form; `None` when neither is an operation.
    fn template(&self, catalog: &Catalog, call: &Call) -> Option<String> {
        let media = self.ids.media.as_deref().map(|m| call.path.replace("{media}", m));
        let generic = call.path.replace("/{media}", "");
        media
            .into_iter()
            .chain([generic])
            .find(|t| catalog.find(&call.method, t).is_some_and(|op| op.status == Status::Current))
    }

    /// The body template with the request's values in it; the name of a required one missing.
    fn fill_body(&self, template: &Value) -> Result<Value, String> {
        if let Some(name) = template.as_str().and_then(|s| s.strip_prefix('@')) {
            return self.value(name).ok_or_else(|| format!("`{name}`"));
        }
        let Value::Object(members) = template else { return Ok(template.clone()) };
        let mut out = Map::new();
        for (k, v) in members {
            let reference = v.as_str().and_then(|s| s.strip_prefix('@'));
            match reference {
                None => {
                    out.insert(k.clone(), v.clone());
                }
                Some(name) => {
                    let (optional, name) = name.strip_prefix('?').map_or((false, name), |n| (true, n));
                    match self.value(name) {
                        Some(value) => {
                            out.insert(k.clone(), value);
                        }
                        None if optional => {}
                        None => return Err(format!("`{name}`")),
                    }
                }
            }
        }
        Ok(Value::Object(out))
    }

    /// The request's own value for `name`. A wrap-up written as an invented code field
    /// (`wrapupCode`) is the `wrapup` it meant.
    fn value(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.values.get(name).filter(|v| !v.is_null()) {
            return Some(v.clone());
        }
        if name == "wrapup" {
            let code = facts().invented_fields.wrapup_code.fields.iter().find_map(|f| self.values.get(f)?.as_str())?;
            return Some(Value::Object(Map::from_iter([("code".to_owned(), Value::from(code))])));
        }
        None
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Whether a request to `op` with `body` ends the conversation for every participant: a
/// teardown operation (`Catalog::is_teardown`: `DELETE /api/v2/conversations/{id}`,
/// `POST .../{id}/disconnect`, ...), where that is a medium's root PATCH only with
/// `"state": "disconnected"` (in any case; its `recordingState` and `conversationIds` end nothing).
pub(crate) fn ends_conversation(op: &Operation, body: Option<&Value>) -> bool {
    let state = body.and_then(|b| b.get("state")).and_then(Value::as_str);
    Catalog::is_teardown(op) && (op.method != "PATCH" || state.is_some_and(|s| s.eq_ignore_ascii_case("disconnected")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::split_path;
    use serde_json::json;

    fn meant(method: &str, path: &str, body: Value) -> Reading {
        let segs: Vec<&str> = split_path(path).collect();
        read(Catalog::get(), method, &segs, Some(&body))
    }

    fn calls(method: &str, path: &str, body: Value) -> Result<Vec<Filled>, String> {
        match meant(method, path, body) {
            Reading::Clear(m) => m.calls(Catalog::get()),
            other => Err(format!("{other:?}")),
        }
    }

    const C: &str = "0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93";
    const P: &str = "5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46";

    #[test]
    fn a_conference_disconnect_naming_a_participant_drops_that_participant() {
        let got =
            calls("POST", &format!("/api/v2/conversations/conferences/{C}/disconnect"), json!({"participant_id": P}));
        let want = Filled {
            method: "PATCH".into(),
            path: format!("/api/v2/conversations/calls/{C}/participants/{P}"),
            body: json!({"state": "disconnected"}),
        };
        assert_eq!(got, Ok(vec![want]));
    }

    #[test]
    fn remove_participants_drops_each_one() {
        let got = calls(
            "PATCH",
            &format!("/api/v2/conversations/conferences/{C}"),
            json!({"removeParticipants": [P, "p2-0000000000000000000"]}),
        )
        .expect("clear");
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|f| f.body == json!({"state": "disconnected"}) && f.method == "PATCH"));
        assert!(got[1].path.ends_with("/participants/p2-0000000000000000000"), "{got:?}");
    }

    #[test]
    fn a_transfer_goes_to_the_target_it_names() {
        let got = calls(
            "PATCH",
            &format!("/api/v2/conversations/voice/{C}"),
            json!({"transfers": [{"participantId": P, "queueId": "q-1"}]}),
        )
        .expect("clear");
        assert_eq!(got[0].path, format!("/api/v2/conversations/{C}/participants/{P}/replace/queue"));
        assert_eq!(got[0].body, json!({"queueId": "q-1"}));
        let unnamed =
            calls("PATCH", &format!("/api/v2/conversations/voice/{C}"), json!({"transfers": [{"participantId": P}]}));
        assert!(
            unnamed.as_ref().is_err_and(|why| why.contains("`queueId`, `userId`, `contactId` or `address`")),
            "{unnamed:?}"
        );
    }

    #[test]
    fn a_disconnect_with_a_wrap_up_is_one_intent_and_a_delete_on_a_participant_drops_it() {
        let got =
            calls("DELETE", &format!("/api/v2/conversations/calls/{C}/participants/{P}"), json!({"wrapupCode": "w"}));
        assert_eq!(got.expect("clear")[0].body, json!({"state": "disconnected", "wrapup": {"code": "w"}}));
    }

    #[test]
    fn what_says_two_things_or_nothing_is_not_guessed() {
        let two = meant("POST", &format!("/api/v2/conversations/{C}/participants/{P}/mute-and-transfer"), json!({}));
        assert!(matches!(two, Reading::Unclear(ref names) if names.len() == 2), "{two:?}");
        let none = meant("POST", "/api/v2/conversations/participants/update", json!({}));
        assert!(matches!(none, Reading::Silent), "{none:?}");
        // Entries of their own are not blurred into one call for all.
        let entries =
            json!({"transfers": [{"participantId": P, "queueId": "q1"}, {"participantId": "p2", "userId": "u2"}]});
        assert!(matches!(meant("PATCH", &format!("/api/v2/conversations/calls/{C}"), entries), Reading::Unclear(_)));
        // Words are parts, not substrings: `send` does not say `end`, `pending` neither.
        assert!(matches!(
            meant("POST", &format!("/api/v2/conversations/{C}/send"), json!({"status": "pending"})),
            Reading::Silent
        ));
    }
}
