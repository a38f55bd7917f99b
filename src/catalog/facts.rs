//! The hand-written API facts of `schemas/facts.json` (the fields people invent, the words that
//! mean disconnect, the media arrays of a participant, ...), embedded and parsed on first use.
//! Keeping them as data next to the catalogue lets them be checked against it
//! (tests/catalog.rs) and read where they come from (each fact's `_source`).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer};

const FACTS_JSON: &str = include_str!("../../schemas/facts.json");

static FACTS: LazyLock<Facts> =
    LazyLock::new(|| serde_json::from_str(FACTS_JSON).expect("the embedded facts are valid and complete"));

/// The facts, parsed once.
pub fn facts() -> &'static Facts {
    &FACTS
}

/// Every fact of the file, by its name there; its `_source` stays in the file. Unknown members
/// are refused so that the file holds no fact that nothing reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    #[serde(rename = "$comment", default)]
    _comment: String,
    #[serde(deserialize_with = "value")]
    pub invented_fields: InventedFields,
    #[serde(deserialize_with = "value")]
    pub action_words: ActionWords,
    /// Body keys that name participants on a conversation root, in the order they are looked for.
    #[serde(deserialize_with = "value")]
    pub participant_keys: Vec<String>,
    /// Where a participant-list entry says which participant it means.
    #[serde(deserialize_with = "value")]
    pub participant_id_keys: Vec<String>,
    /// Where a body (or an entry of a participant list) that names no participant id says which
    /// participant it means in words a GET of the conversation answers (`userId`, `purpose`).
    #[serde(deserialize_with = "value")]
    pub participant_described_by: Vec<String>,
    /// Where a participant-list entry says what should happen to it, in the order they are read.
    #[serde(deserialize_with = "value")]
    pub instruction_keys: Vec<String>,
    /// Root body members that name participants by id (besides a `participants` list).
    #[serde(deserialize_with = "value")]
    pub root_participant_ids: RootParticipantIds,
    /// Root body members whose value may say to end the conversation for everyone.
    #[serde(deserialize_with = "value")]
    pub root_disconnect_members: RootDisconnectMembers,
    /// Fields of a participant-list entry that the participant PATCH takes as they are.
    #[serde(deserialize_with = "value")]
    pub participant_entry_fields: Vec<String>,
    /// The boolean call-state fields of a participant, in the order findings list them.
    #[serde(deserialize_with = "value")]
    pub participant_flags: Vec<String>,
    /// Path parts (`/replace`) of the operations that move a participant elsewhere.
    #[serde(deserialize_with = "value")]
    pub transfer_path_parts: Vec<String>,
    /// What a user may mean, what says it, and the call that does it (see `crate::intent`).
    #[serde(deserialize_with = "value")]
    pub intents: Vec<Intent>,
    /// The arrays of a participant that hold its communications, one medium each.
    #[serde(deserialize_with = "value")]
    pub media_arrays: Vec<String>,
    /// Body views in the order a tie is broken when guessing a bare body's operation.
    #[serde(deserialize_with = "value")]
    pub view_priority: Vec<String>,
    /// Per view: fields it does not have that still say a body was meant for it.
    #[serde(deserialize_with = "value")]
    pub view_aliases: HashMap<String, Vec<String>>,
    /// Made-up families under `/api/v2`, with the family each one stands for.
    #[serde(deserialize_with = "value")]
    pub invented_families: HashMap<String, String>,
    /// A word put in place of a real path segment, and that segment.
    #[serde(deserialize_with = "value")]
    pub segment_synonyms: HashMap<String, String>,
    /// A verb word in a path (`update`, `send`) and the method it means.
    #[serde(deserialize_with = "value")]
    pub path_verbs: HashMap<String, String>,
    /// The operations (`METHOD /path`) that end a whole conversation, or many.
    #[serde(deserialize_with = "value")]
    pub teardown_operations: Vec<String>,
    /// The Genesys Cloud environments (region domains).
    #[serde(deserialize_with = "value")]
    pub environments: Vec<String>,
    /// Parts of a host name that say it was meant for Genesys Cloud.
    #[serde(deserialize_with = "value")]
    pub lookalike_host_words: Vec<String>,
    /// Genesys's own development and test environments: real hosts, laid out as a region's.
    #[serde(deserialize_with = "value")]
    pub test_environments: Vec<String>,
    /// What a Genesys error code in a recorded answer means, as help.
    #[serde(deserialize_with = "value")]
    pub error_codes: HashMap<String, String>,
    /// What a recorded answer's status means (`5xx`: any server error), when its code says
    /// nothing more.
    #[serde(deserialize_with = "value")]
    pub error_statuses: HashMap<String, String>,
    /// The first label of an environment's hosts, by what each serves.
    #[serde(deserialize_with = "value")]
    pub host_names: HostNames,
    /// The media whose participant PATCH parks the participant with `"state": "parked"`.
    #[serde(deserialize_with = "value")]
    pub parking_media: Vec<String>,
    /// The Genesys SDK packages, and the names people write for them that do not exist (read by
    /// `crate::catalog::sdk::package`).
    #[serde(deserialize_with = "value")]
    pub sdk_packages: SdkPackages,
}

/// The SDK package of each language, and the invented names for it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkPackages {
    pub javascript: SdkPackage,
    pub python: SdkPackage,
}

/// One language's SDK package (JavaScript: the npm package; Python: the module imported).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkPackage {
    /// The package as it is imported.
    pub real: String,
    /// Scopes (`@genesyscloud`) none of whose packages exists.
    pub invented_scopes: Vec<String>,
    /// Names written for the SDK that no registry has (checked, see the fact's `_source`).
    pub invented: Vec<String>,
}

/// The members of a root body that name participants by id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootParticipantIds {
    /// Each holds one participant id.
    pub one: Vec<String>,
    /// Each holds a list of participant ids.
    pub many: Vec<String>,
}

/// The members of a root body whose value may say to end the conversation for everyone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootDisconnectMembers {
    /// The root's own field: it ends the conversation as `disconnected` only.
    pub field: String,
    /// Members no root has, whose value is any disconnect word.
    pub invented: Vec<String>,
}

impl Facts {
    /// What the status of a recorded answer means, when its error code says nothing more.
    pub fn status_meaning(&self, status: i64) -> Option<&str> {
        let key = if status >= 500 { "5xx".to_owned() } else { status.to_string() };
        self.error_statuses.get(&key).map(String::as_str)
    }
}

/// The hosts of an environment, as the label put before it (`api` for `api.mypurecloud.ie`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostNames {
    /// The API, and the only host of the environment that serves it.
    pub api: String,
    /// Login (OAuth).
    pub login: String,
    /// The web app.
    pub web_app: String,
    /// The notification websockets (`wss://streaming.<env>/channels/<id>`).
    pub streaming: String,
}

/// One thing a user may mean, as schemas/facts.json says it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub name: String,
    /// What it is, as the user would say it ("drop one participant").
    pub says: String,
    /// `participant` (the call needs a participant id) or `conversation`.
    pub scope: String,
    /// Path words that say it (a segment, or a part of one between `-` and `_`).
    pub words: Vec<String>,
    /// Body fields that say it.
    pub fields: Vec<String>,
    /// Body fields whose (string) value says it, with the words of such values.
    pub values: HashMap<String, Vec<String>>,
    /// What a DELETE says it on: `participant` (a DELETE naming a participant), `conversation`
    /// (one naming a conversation and no participant); none: a DELETE does not say it.
    pub delete: Option<String>,
    /// Intents whose fields the call carries along: not rivals of this one.
    pub absorbs: Vec<String>,
    /// The calls that do it, tried in order: the first whose body the request can fill.
    pub calls: Vec<Call>,
}

/// A real call: method, path template (`{media}` is the request's medium where the catalogue has
/// that form), and a body template whose `"@name"` strings take the request's own values.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: serde_json::Value,
}

/// Reads the `value` of a `{"_source": ..., "value": ...}` fact.
fn value<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sourced<T> {
        #[serde(rename = "_source")]
        _source: String,
        value: T,
    }
    Sourced::deserialize(d).map(|s| s.value)
}

/// Field names that are not in a body's model but say what its author meant, one set per
/// meaning (the help for each is prose, in the unknown-field rule).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventedFields {
    pub action: FieldIntent,
    pub status: FieldIntent,
    pub participant_id: FieldIntent,
    pub conversation_id: FieldIntent,
    pub wrapup_code: FieldIntent,
    pub reason: FieldIntent,
    pub transfer_target: FieldIntent,
    pub wrapup_in_attributes: FieldIntent,
    pub wrapup_on_communication: FieldIntent,
}

impl InventedFields {
    /// Every intent with its name in the file.
    pub fn all(&self) -> [(&'static str, &FieldIntent); 9] {
        [
            ("action", &self.action),
            ("status", &self.status),
            ("participant_id", &self.participant_id),
            ("conversation_id", &self.conversation_id),
            ("wrapup_code", &self.wrapup_code),
            ("reason", &self.reason),
            ("transfer_target", &self.transfer_target),
            ("wrapup_in_attributes", &self.wrapup_in_attributes),
            ("wrapup_on_communication", &self.wrapup_on_communication),
        ]
    }
}

/// Invented field names and the views (schema titles) on which they carry one meaning.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldIntent {
    pub fields: Vec<String>,
    /// `None`: on any view.
    pub models: Option<Vec<String>>,
}

impl FieldIntent {
    /// Whether `field` on a body of `model` means this.
    pub fn covers(&self, field: &str, model: &str) -> bool {
        self.fields.iter().any(|f| f == field) && self.models.as_ref().is_none_or(|m| m.iter().any(|v| v == model))
    }
}

/// Words in an instruction's value (`"action": "hangup"`) that end a participant. What else an
/// instruction asks for is the `intents` table's (see `crate::intent::by_value`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionWords {
    /// Anything that ends a participant.
    pub disconnect: Words,
    /// The ones counted as a disconnect among the actions of a participant list.
    pub disconnect_in_list: Words,
}

/// Words looked for as parts of a (lower-cased) value.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Words(pub Vec<String>);

impl Words {
    /// Whether one of the words is part of `text`.
    pub fn found_in(&self, text: &str) -> bool {
        self.0.iter().any(|w| text.contains(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::facts;

    #[test]
    fn the_root_members_naming_participants_are_participant_keys() {
        let f = facts();
        for key in f.root_participant_ids.one.iter().chain(&f.root_participant_ids.many) {
            assert!(f.participant_keys.contains(key), "{key} is not in participant_keys");
        }
        assert!(f.participant_keys.iter().any(|k| k == "participants"));
    }

    #[test]
    fn every_status_a_code_is_recorded_with_has_a_meaning() {
        let f = facts();
        for status in [400, 401, 403, 404, 429, 500, 503] {
            assert!(f.status_meaning(status).is_some(), "{status}");
        }
        assert_eq!(f.status_meaning(418), None);
    }
}
