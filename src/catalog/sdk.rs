//! The Genesys SDKs as source code calls them: every method of every API class (JavaScript and
//! Python names, HTTP method, path template, body, status), loaded from the embedded
//! `schemas/sdk.json` on first use, and the SDK packages of `schemas/facts.json`. What it
//! answers: whether a class or a method exists, which classes do have a method called on the
//! wrong object, which method makes a request, which methods an invented name meant (by meaning,
//! not by spelling), which class a receiver's name says, and whether an imported package is the
//! SDK, a name invented for it, or something else.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

use super::facts::{SdkPackage, facts};
use super::meaning::{same, split_words};
use super::status::Status;

const SDK_JSON: &str = include_str!("../../schemas/sdk.json");

/// The language of a source file, as far as the SDKs are concerned: each has its own method
/// names (`patchConversationParticipant`, `patch_conversation_participant`) and package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// JavaScript and TypeScript: the npm package `purecloud-platform-client-v2`.
    JavaScript,
    /// Python: the module `PureCloudPlatformClientV2`.
    Python,
}

/// One method of an SDK API class, in one language.
#[derive(Debug, PartialEq)]
pub struct Method {
    /// The API class (`ConversationsApi`).
    pub class: &'static str,
    /// The method's name in the language asked (`patchConversationParticipant`,
    /// `patch_conversation_participant`).
    pub name: &'static str,
    /// The HTTP method it sends (`PATCH`).
    pub http: &'static str,
    /// The path template it sends to (`/api/v2/conversations/{conversationId}/...`).
    pub path: &'static str,
    /// The body's model in SDK notation (`MediaParticipantRequest`, `list[str]`); `None`: the
    /// method sends no body.
    pub body: Option<&'static str>,
    /// Whether the body is required; `None`: the reference does not say (only the conversations
    /// operations say).
    pub body_required: Option<bool>,
    pub status: Status,
    /// The path parameters in the order the method takes them (the `{...}` of the path, in
    /// order), as the language's SDK names them: `conversationId` in JavaScript,
    /// `conversation_id` in Python.
    pub params: Vec<&'static str>,
    /// Whether the name is not in the reference but derived: a JavaScript name for an operation
    /// newer than the JavaScript SDK the reference was read from, the camelCase of its Python
    /// name (the rule every other method follows). A call by that name is no mistake; it is
    /// still better not offered as advice.
    pub derived: bool,
}

/// What an imported package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    /// The Genesys Platform API SDK of the language.
    Sdk,
    /// A name written for the SDK that does not exist (`@genesyscloud/...`,
    /// `genesys-cloud-sdk`, `purecloudplatformclientv2` in Python); `real` is the SDK's.
    Invented { real: &'static str },
    /// Anything else, Genesys's other real packages (the WebRTC SDK, the guest chat client)
    /// among them: not judged.
    Other,
}

/// A row of `sdk.json`, in the order of its `columns`.
type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<bool>, Status);

#[derive(Deserialize)]
struct SdkFile<'a> {
    #[serde(borrow)]
    columns: Vec<&'a str>,
    #[serde(borrow)]
    media: Vec<&'a str>,
    #[serde(borrow)]
    classes: std::collections::BTreeMap<&'a str, Vec<Row<'a>>>,
}

/// The methods of one language, with what they are looked up by.
#[derive(Default)]
struct Methods {
    all: Vec<Method>,
    /// (class, name) -> method.
    by_name: HashMap<(&'static str, &'static str), usize>,
    /// name -> the methods of that name, in class order.
    by_bare_name: HashMap<&'static str, Vec<usize>>,
    /// class -> its methods.
    by_class: HashMap<&'static str, Vec<usize>>,
    /// (HTTP method, path template) -> the methods that send it, in class order.
    by_operation: HashMap<(&'static str, &'static str), Vec<usize>>,
}

impl Methods {
    fn add(&mut self, method: Method) {
        let i = self.all.len();
        self.by_name.insert((method.class, method.name), i);
        self.by_bare_name.entry(method.name).or_default().push(i);
        self.by_class.entry(method.class).or_default().push(i);
        self.by_operation.entry((method.http, method.path)).or_default().push(i);
        self.all.push(method);
    }
}

struct Sdk {
    /// The media of `/api/v2/conversations/{media}/{conversationId}`, the most used first (of
    /// methods as close to a name, the media forms come in this order).
    media: Vec<&'static str>,
    javascript: Methods,
    python: Methods,
    classes: BTreeSet<&'static str>,
    /// A class name folded as [`fold_receiver`] folds an identifier -> the class.
    by_folded_class: HashMap<String, &'static str>,
}

static SDK: LazyLock<Sdk> = LazyLock::new(load);

/// Keeps a string made at load time (a derived name, a snake_case parameter) for the life of the
/// process, once per distinct string: the catalogue is itself loaded once and never dropped.
fn interned(pool: &mut HashMap<String, &'static str>, text: String) -> &'static str {
    if let Some(&s) = pool.get(&text) {
        return s;
    }
    let s: &'static str = Box::leak(text.clone().into_boxed_str());
    pool.insert(text, s);
    s
}

fn load() -> Sdk {
    let file: SdkFile<'static> = serde_json::from_str(SDK_JSON).expect("the embedded sdk.json is valid");
    assert_eq!(
        file.columns,
        ["http", "path", "js_method", "py_method", "body_model", "body_required", "status"],
        "sdk.json has the columns sdk.rs reads"
    );
    let mut pool = HashMap::new();
    let mut sdk = Sdk {
        media: file.media,
        javascript: Methods::default(),
        python: Methods::default(),
        classes: BTreeSet::new(),
        by_folded_class: HashMap::new(),
    };
    for (class, rows) in file.classes {
        sdk.classes.insert(class);
        sdk.by_folded_class.insert(fold_receiver(class), class);
        for (http, path, js, py, body, body_required, status) in rows {
            let js_params: Vec<&'static str> = path_params(path).collect();
            let method = |name, params, derived| Method {
                class,
                name,
                http,
                path,
                body,
                body_required,
                status,
                params,
                derived,
            };
            match (js, py) {
                (Some(js), _) => sdk.javascript.add(method(js, js_params.clone(), false)),
                (None, Some(py)) => {
                    sdk.javascript.add(method(interned(&mut pool, camel_case(py)), js_params.clone(), true))
                }
                (None, None) => {}
            }
            if let Some(py) = py {
                let params = js_params.iter().map(|p| interned(&mut pool, snake_case(p))).collect();
                sdk.python.add(method(py, params, false));
            }
        }
    }
    sdk
}

fn methods(lang: Language) -> &'static Methods {
    match lang {
        Language::JavaScript => &SDK.javascript,
        Language::Python => &SDK.python,
    }
}

/// The `{...}` parameter names of a path template, in order.
fn path_params(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
}

/// `conversationId` -> `conversation_id` (the Python SDK's parameter names).
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `post_conversations_message_participant_takeover` -> `postConversationsMessageParticipantTakeover`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// An identifier or class name without case and `_`: `conversations_api`, `conversationsApi`
/// and `ConversationsApi` are all `conversationsapi`.
fn fold_receiver(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether an SDK API class of this name exists (`ConversationsApi`; exact spelling, as the SDKs
/// export it).
pub fn class_exists(class: &str) -> bool {
    SDK.classes.contains(class)
}

/// The method `name` of `class` in the language's SDK, exactly as spelled.
pub fn method(lang: Language, class: &str, name: &str) -> Option<&'static Method> {
    let m = methods(lang);
    m.by_name.get(&(class, name)).map(|&i| &m.all[i])
}

/// The classes that have a method `name` (exactly as spelled), in name order: where a method
/// called on the wrong API object lives.
pub fn classes_with(lang: Language, name: &str) -> Vec<&'static str> {
    let m = methods(lang);
    m.by_bare_name.get(name).map(|is| is.iter().map(|&i| m.all[i].class).collect()).unwrap_or_default()
}

/// The method that sends `http` (any case) to `path_template` (`/api/v2/...` with `{name}`
/// parameters, as the catalogue writes it). Several classes may have the same operation
/// (`ConversationsApi` and `SearchApi`): the one named after the path's family
/// (`/api/v2/conversations/...`: `ConversationsApi`) is preferred, then a current one, then the
/// first by class name.
pub fn for_operation(lang: Language, http: &str, path_template: &str) -> Option<&'static Method> {
    let m = methods(lang);
    let http = http.to_ascii_uppercase();
    let found = m.by_operation.get(&(http.as_str(), path_template))?;
    found
        .iter()
        .map(|&i| &m.all[i])
        .min_by_key(|method| (!of_own_family(method), method.status != Status::Current, method.class))
}

/// Whether a method's path is of the family its class is named after (`ConversationsApi`:
/// `/api/v2/conversations/...`).
fn of_own_family(method: &Method) -> bool {
    let family = method.path.split('/').nth(3).map(fold_receiver).unwrap_or_default();
    fold_receiver(method.class).strip_suffix("api").is_some_and(|c| c == family)
}

/// The class a receiver's name says, when that class exists: `conversationsApi`,
/// `conversations_api`, `ConversationsApi`, `CONVERSATIONS_API` -> `ConversationsApi`. Case and
/// `_` are ignored, nothing else: `api`, `apiInstance` or `conversations` say no class. The
/// languages name the classes alike.
pub fn class_for_receiver(_lang: Language, identifier: &str) -> Option<&'static str> {
    let folded = fold_receiver(identifier.trim_start_matches(['_', '$']));
    SDK.by_folded_class.get(&folded).copied()
}

/// What an imported package is. JavaScript: the npm name, from an `import` or `require` (a
/// subpath, `purecloud-platform-client-v2/dist/...`, is its package's); Python: the top-level
/// module imported. The facts (`sdk_packages` in schemas/facts.json) list the real name and
/// the invented ones checked on the registries; besides these, the real name with another case,
/// other separators or another version digit (`purecloud_platform_client_v2`,
/// `PureCloudPlatformClientV3`) is invented. Everything else is [`Package::Other`]: a name
/// gclint cannot tell is not judged.
pub fn package(lang: Language, name: &str) -> Package {
    let facts = &facts().sdk_packages;
    let (known, name) = match lang {
        Language::JavaScript => (&facts.javascript, npm_package(name)),
        Language::Python => (&facts.python, name.split('.').next().unwrap_or(name)),
    };
    if name == known.real {
        return Package::Sdk;
    }
    let real = known.real.as_str();
    let scope = name.strip_prefix('@').and_then(|n| n.split_once('/')).map(|(scope, _)| scope);
    let invented = scope.is_some_and(|s| known.invented_scopes.iter().any(|i| i.strip_prefix('@') == Some(s)))
        || known.invented.iter().any(|i| i == name)
        || near_miss_of_real(known, name);
    if invented { Package::Invented { real } } else { Package::Other }
}

/// The package of an npm import: `@scope/name` or `name`, without a subpath.
fn npm_package(spec: &str) -> &str {
    let parts = if spec.starts_with('@') { 2 } else { 1 };
    match spec.match_indices('/').nth(parts - 1) {
        Some((at, _)) => &spec[..at],
        None => spec,
    }
}

/// Whether `name` is the real package but for case, separators (`-`, `_`, `.`) or the version
/// digit (`purecloud-platform-client`, `PureCloudPlatformClientV3`).
fn near_miss_of_real(known: &SdkPackage, name: &str) -> bool {
    let unversioned = |n: &str| {
        let folded = fold_receiver(n);
        let without_digits = folded.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
        without_digits.strip_suffix('v').map(str::to_owned).unwrap_or(without_digits)
    };
    name != known.real && unversioned(name) == unversioned(&known.real)
}

/// The methods of `class` that an unknown method `name` meant, best first, at most three; empty
/// when nothing is close in meaning (or the class does not exist). By meaning, not by spelling:
/// an SDK method's name is a verb and its path's words, so `name` is read as a verb (the HTTP
/// method it means) and a bag of words, and each method of the class is weighed by its path's
/// words (see [`Said`] and [`Fit`]). The name may be in either language's style; the answer is
/// in the language asked.
pub fn meant(lang: Language, class: &str, name: &str) -> Vec<&'static Method> {
    let m = methods(lang);
    let Some(candidates) = m.by_class.get(class) else {
        return Vec::new();
    };
    let said = Said::read(name);
    let mut fits: Vec<(Fit, &'static Method)> = candidates
        .iter()
        .map(|&i| &m.all[i])
        .filter(|method| said.takes(method))
        .filter(|method| !(said.names_participants() && is_teardown(method)))
        .filter_map(|method| Some((Fit::of(&said, method)?, method)))
        .collect();
    fits.sort_by_key(|(fit, method)| fit.rank(method));
    fits.into_iter().take(3).map(|(_, method)| method).collect()
}

/// What an invented method name says: the methods its verb means and its words.
#[derive(Debug)]
struct Said {
    /// The HTTP methods the verb means; `None`: the name starts with no verb gclint knows, and
    /// says nothing about the method.
    methods: Option<Vec<&'static str>>,
    /// Whether the verb ends something (`remove`, `disconnect`, `delete`): besides a DELETE, the
    /// PATCH that disconnects (a participant's, with a `MediaParticipantRequest`).
    ends: bool,
    /// The other words, each as written and as the real word it stands for.
    words: Vec<Word>,
}

/// A word of a name, folded (lower case, singular), and the real word it stands for
/// (`segment_synonyms`: `conference` -> `call`, `phone` -> `call`; else itself).
#[derive(Debug)]
struct Word {
    written: String,
    meant: String,
}

/// What the SDKs' own verbs mean: the first word of every method name is its HTTP method.
const HTTP_VERBS: [&str; 6] = ["get", "post", "put", "patch", "delete", "head"];

impl Said {
    fn read(name: &str) -> Said {
        let f = facts();
        let words = split_words(name);
        let (verb, rest) = match words.split_first() {
            Some((first, rest)) => (first.as_str(), rest),
            None => ("", &[][..]),
        };
        let ends = f.action_words.disconnect.0.iter().any(|w| w == verb) || verb == "delete";
        let methods: Option<Vec<&'static str>> = match verb {
            // No PUT changes a participant: a PUT may mean the PATCH.
            "put" => Some(vec!["PUT", "PATCH"]),
            _ if HTTP_VERBS.contains(&verb) => HTTP_VERBS
                .iter()
                .position(|v| *v == verb)
                .map(|i| vec![["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"][i]]),
            _ if ends => Some(vec!["DELETE"]),
            _ => match f.path_verbs.get(verb).map(String::as_str) {
                // A change is a PATCH, or a PUT where the resource is replaced whole (tags).
                Some("PATCH") => Some(vec!["PATCH", "PUT"]),
                Some("POST") => Some(vec!["POST"]),
                Some("GET") => Some(vec!["GET"]),
                _ => None,
            },
        };
        // A name that starts with no verb: its first word is a word like the others.
        let rest = if methods.is_some() { rest } else { &words[..] };
        let words = rest
            .iter()
            .filter(|w| !matches!(w.as_str(), "id" | "ids" | "by"))
            .map(|w| Word {
                written: fold(w),
                meant: fold(f.segment_synonyms.get(w.as_str()).map(String::as_str).unwrap_or(w)),
            })
            .collect();
        Said { methods, ends, words }
    }

    /// Whether the verb allows `method`: its HTTP method is one the verb means, or it is the PATCH
    /// that disconnects a participant and the verb ends something.
    fn takes(&self, method: &Method) -> bool {
        let Some(methods) = &self.methods else { return true };
        methods.contains(&method.http)
            || (self.ends && method.http == "PATCH" && method.body == Some("MediaParticipantRequest"))
    }

    fn names_participants(&self) -> bool {
        self.words.iter().any(|w| w.meant == "participant")
    }
}

/// A word in the singular, lower case (`participants`, `summaries`: `participant`, `summary`);
/// both sides are folded alike, so a wrong singular of an odd plural still matches.
fn fold(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 3) {
        return format!("{stem}y");
    }
    match w.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_owned(),
        _ => w,
    }
}

/// How a method fits what a name says.
#[derive(Debug)]
struct Fit {
    /// Words of the method's path that the name says (as written, as the word it stands for, or
    /// spelled nearly alike; two of its words joined count for one: `recording` + `state`).
    shared: usize,
    /// Words of the method's path the name does not say.
    extra: usize,
    /// Words of the name the method's path does not have.
    missing: usize,
    /// Whether the path's last word (what the method acts on) is one the name says.
    action: bool,
}

impl Fit {
    /// How `method` fits `said`; `None` when the two have no word in common, or the name says
    /// more words the method lacks than it shares.
    fn of(said: &Said, method: &Method) -> Option<Fit> {
        let words: Vec<String> =
            method.path.split('/').skip(3).filter(|s| !s.is_empty() && !s.starts_with('{')).map(fold).collect();
        let mut used = vec![false; said.words.len()];
        let mut matched = vec![false; words.len()];
        for (j, word) in words.iter().enumerate() {
            let single = said
                .words
                .iter()
                .enumerate()
                .position(|(i, w)| !used[i] && (w.written == *word || w.meant == *word || same(&w.written, word)));
            if let Some(i) = single {
                used[i] = true;
                matched[j] = true;
                continue;
            }
            // Two words of the name that make one of the path (`recordingState`: recordingstate).
            let pair = (1..said.words.len()).find(|&i| {
                !used[i - 1] && !used[i] && {
                    let joined = fold(&format!("{}{}", said.words[i - 1].written, said.words[i].written));
                    joined == *word || same(&joined, word)
                }
            });
            if let Some(i) = pair {
                used[i - 1] = true;
                used[i] = true;
                matched[j] = true;
            }
        }
        let shared = matched.iter().filter(|m| **m).count();
        let missing = used.iter().filter(|u| !**u).count();
        if shared == 0 || missing > shared {
            return None;
        }
        Some(Fit { shared, extra: words.len() - shared, missing, action: matched.last() == Some(&true) })
    }

    /// `2·shared − extra − 2·missing`: each word in common counts, a word the name did not say
    /// counts against, one it said that the method lacks counts double.
    fn score(&self) -> i64 {
        2 * self.shared as i64 - self.extra as i64 - 2 * self.missing as i64
    }

    /// The sort key, best first: current methods before deprecated and removed ones; methods that
    /// act on what the name acts on before those that act on something else; the score; a method
    /// that ends a whole conversation last (never more destructive than what was meant); a path of
    /// the class's own family (`RoutingApi`: `/api/v2/routing/...`) first; then the body the
    /// users mean most (`view_priority`: the participant's before the rest), the generic form,
    /// then the media in the order `sdk.json` gives them (calls first); the shorter path;
    /// the name.
    #[allow(clippy::type_complexity)]
    fn rank(&self, method: &Method) -> (u8, bool, i64, bool, bool, usize, usize, usize, &'static str) {
        let f = facts();
        let status = match method.status {
            Status::Current => 0,
            Status::Deprecated => 1,
            Status::Removed => 2,
        };
        let view_rank =
            method.body.and_then(|v| f.view_priority.iter().position(|p| p == v)).unwrap_or(f.view_priority.len());
        let media_rank = match method.path.split('/').nth(4) {
            Some(s) if s.starts_with('{') => 0,
            Some(s) => SDK.media.iter().position(|m| *m == s).map_or(usize::MAX, |i| i + 1),
            None => usize::MAX,
        };
        (
            status,
            !self.action,
            -self.score(),
            is_teardown(method),
            !of_own_family(method),
            view_rank,
            media_rank,
            method.path.len(),
            method.name,
        )
    }
}

/// Whether the method ends a whole conversation, or many (`teardown_operations` of the facts).
fn is_teardown(method: &Method) -> bool {
    facts().teardown_operations.iter().any(|t| t.split_once(' ') == Some((method.http, method.path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTICIPANT: &str = "/api/v2/conversations/{conversationId}/participants/{participantId}";

    fn names(found: &[&Method]) -> Vec<&'static str> {
        found.iter().map(|m| m.name).collect()
    }

    #[test]
    fn classes_and_methods_exist_by_their_exact_names() {
        assert!(class_exists("ConversationsApi") && class_exists("RoutingApi") && class_exists("AIStudioApi"));
        assert!(
            !class_exists("conversationsApi") && !class_exists("ConversationApi") && !class_exists("Conversations")
        );
        let js = method(Language::JavaScript, "ConversationsApi", "patchConversationParticipant").unwrap();
        assert_eq!((js.class, js.http, js.path), ("ConversationsApi", "PATCH", PARTICIPANT));
        assert_eq!(js.params, ["conversationId", "participantId"]);
        assert_eq!(
            (js.body, js.body_required, js.status),
            (Some("MediaParticipantRequest"), Some(true), Status::Current)
        );
        let py = method(Language::Python, "ConversationsApi", "patch_conversation_participant").unwrap();
        assert_eq!((py.http, py.path), ("PATCH", PARTICIPANT));
        assert_eq!(py.params, ["conversation_id", "participant_id"]);
        // Each language has its own names; the seeds' inventions exist in neither.
        assert!(method(Language::Python, "ConversationsApi", "patchConversationParticipant").is_none());
        assert!(method(Language::JavaScript, "ConversationsApi", "patch_conversation_participant").is_none());
        for invented in
            ["patchConversationParticipants", "patchConversationConferenceParticipants", "updateConversation"]
        {
            assert!(method(Language::JavaScript, "ConversationsApi", invented).is_none(), "{invented}");
        }
        // The facts' names (genesys-api.md, 'SDK names').
        for real in
            ["patchConversationsCallParticipant", "patchConversationsCall", "patchConversationParticipantAttributes"]
        {
            assert!(method(Language::JavaScript, "ConversationsApi", real).is_some(), "{real}");
        }
        // Removed and deprecated methods are there, with their status.
        let chat = method(Language::JavaScript, "ConversationsApi", "patchConversationsChatParticipant").unwrap();
        assert_eq!(chat.status, Status::Removed);
        let replace = method(Language::Python, "ConversationsApi", "post_conversation_participant_replace").unwrap();
        assert_eq!(replace.status, Status::Deprecated);
    }

    /// An operation newer than the JavaScript SDK the reference was read from has the camelCase of
    /// its Python name, marked as derived.
    #[test]
    fn javascript_names_missing_from_the_reference_are_derived() {
        let js =
            method(Language::JavaScript, "ConversationsApi", "postConversationsMessageParticipantTakeover").unwrap();
        assert!(js.derived);
        assert_eq!(js.params, ["conversationId", "participantId"]);
        let py =
            method(Language::Python, "ConversationsApi", "post_conversations_message_participant_takeover").unwrap();
        assert!(!py.derived);
        assert!(!method(Language::JavaScript, "ConversationsApi", "patchConversationParticipant").unwrap().derived);
        // The one irregular family keeps its reference names.
        assert!(method(Language::JavaScript, "PresenceApi", "getPresenceDefinitions0").is_some());
        assert!(method(Language::Python, "PresenceApi", "get_presence_definitions").is_some());
    }

    #[test]
    fn the_classes_that_have_a_method() {
        assert_eq!(classes_with(Language::JavaScript, "patchConversationParticipant"), ["ConversationsApi"]);
        assert_eq!(classes_with(Language::Python, "get_tokens_me"), ["TokensApi"]);
        // One operation in two classes.
        assert_eq!(
            classes_with(Language::JavaScript, "postConversationsParticipantsAttributesSearch"),
            ["ConversationsApi", "SearchApi"]
        );
        assert!(classes_with(Language::JavaScript, "updateConversation").is_empty());
        assert!(classes_with(Language::JavaScript, "patch_conversation_participant").is_empty());
    }

    #[test]
    fn the_method_of_an_operation() {
        let js = for_operation(Language::JavaScript, "PATCH", PARTICIPANT).unwrap();
        assert_eq!((js.class, js.name), ("ConversationsApi", "patchConversationParticipant"));
        let py = for_operation(Language::Python, "patch", PARTICIPANT).unwrap();
        assert_eq!(py.name, "patch_conversation_participant");
        let call = "/api/v2/conversations/calls/{conversationId}/participants/{participantId}";
        assert_eq!(
            for_operation(Language::JavaScript, "PATCH", call).unwrap().name,
            "patchConversationsCallParticipant"
        );
        // No root PATCH without a medium; an operation of two classes goes to the one of its family.
        assert!(for_operation(Language::JavaScript, "PATCH", "/api/v2/conversations/{conversationId}").is_none());
        let agentic = for_operation(Language::JavaScript, "GET", "/api/v2/agentic/virtualagents").unwrap();
        assert_eq!(agentic.class, "AIStudioApi", "neither class is named after the family: the first");
        assert_eq!(for_operation(Language::Python, "GET", "/api/v2/tokens/me").unwrap().class, "TokensApi");
    }

    #[test]
    fn the_class_a_receiver_names() {
        for (lang, ident) in [
            (Language::JavaScript, "conversationsApi"),
            (Language::JavaScript, "ConversationsApi"),
            (Language::Python, "conversations_api"),
            (Language::Python, "CONVERSATIONS_API"),
            (Language::Python, "_conversations_api"),
        ] {
            assert_eq!(class_for_receiver(lang, ident), Some("ConversationsApi"), "{ident}");
        }
        assert_eq!(class_for_receiver(Language::JavaScript, "aiStudioApi"), Some("AIStudioApi"));
        assert_eq!(class_for_receiver(Language::Python, "routing_api"), Some("RoutingApi"));
        for ident in ["api", "apiInstance", "conversations", "client", "conversationApi", "fooApi"] {
            assert_eq!(class_for_receiver(Language::JavaScript, ident), None, "{ident}");
        }
    }

    #[test]
    fn packages() {
        use Package::*;
        let js = |n| package(Language::JavaScript, n);
        let py = |n| package(Language::Python, n);
        let js_real = Invented { real: "purecloud-platform-client-v2" };
        let py_real = Invented { real: "PureCloudPlatformClientV2" };
        assert_eq!(js("purecloud-platform-client-v2"), Sdk);
        assert_eq!(js("purecloud-platform-client-v2/dist/node/purecloud-platform-client-v2.js"), Sdk);
        assert_eq!(py("PureCloudPlatformClientV2"), Sdk);
        assert_eq!(py("PureCloudPlatformClientV2.rest"), Sdk);
        // The seeds, the facts' inventions, and near misses by separator, case or version.
        for name in [
            "@genesyscloud/purecloud-platform-client-v2",
            "@genesyscloud/genesyscloud",
            "@genesyscloud/platform-client",
            "genesys-cloud-sdk",
            "genesyscloud",
            "genesys-cloud-platform-client",
            "purecloud_platform_client_v2",
            "purecloudplatformclientv2",
            "PureCloud-Platform-Client-V2",
            "purecloud-platform-client",
            "purecloud-platform-client-v3",
        ] {
            assert_eq!(js(name), js_real, "{name}");
        }
        for name in [
            "genesyscloud",
            "genesys_cloud_sdk",
            "purecloud_platform_client_v2",
            "purecloudplatformclientv2",
            "PurecloudPlatformClientV2",
            "PureCloudPlatformClientV1",
            "PureCloudPlatformClient",
        ] {
            assert_eq!(py(name), py_real, "{name}");
        }
        // Genesys's other real packages, and everything else, are not judged.
        for name in [
            "genesys-cloud-webrtc-sdk",
            "genesys-cloud-streaming-client",
            "genesys-cloud-client-logger",
            "purecloud-guest-chat-client",
            "genesys-cloud-purecloud-widgets",
            "lodash",
            "@genesys/anything",
        ] {
            assert_eq!(js(name), Other, "{name}");
        }
        for name in ["requests", "genesys", "purecloud_guest_chat", "PureCloudPlatformClientV2Extras"] {
            assert_eq!(py(name), Other, "{name}");
        }
        // A Python module name is no npm name, and the other way round.
        assert_eq!(js("PureCloudPlatformClientV2"), js_real);
        assert_eq!(py("purecloud-platform-client-v2"), py_real);
    }

    #[test]
    fn did_you_mean_by_meaning() {
        let js = |name| names(&meant(Language::JavaScript, "ConversationsApi", name));
        let py = |name| names(&meant(Language::Python, "ConversationsApi", name));
        // A plural slip: the participant PATCH, and its media form among the suggestions.
        let found = js("patchConversationParticipants");
        assert_eq!(found.first(), Some(&"patchConversationParticipant"), "{found:?}");
        assert!(found.contains(&"patchConversationsCallParticipant"), "{found:?}");
        assert!(found.len() <= 3);
        // A conference is a call's participants.
        let found = js("patchConversationConferenceParticipants");
        assert!(
            ["patchConversationsCallParticipant", "patchConversationParticipant"].contains(&found[0])
                && found.contains(&"patchConversationsCallParticipant"),
            "{found:?}"
        );
        // Changing a conversation means changing its participants, never the root PATCH that hangs
        // up on everyone.
        let found = js("updateConversation");
        assert_eq!(found.first(), Some(&"patchConversationParticipant"), "{found:?}");
        assert!(!found.contains(&"patchConversationsCall"), "{found:?}");
        assert_eq!(py("update_conversation").first(), Some(&"patch_conversation_participant"));
        // Python names, and a name in the other language's style, answered in the language asked.
        assert_eq!(py("patch_conversation_participants").first(), Some(&"patch_conversation_participant"));
        assert_eq!(py("patchConversationParticipants").first(), Some(&"patch_conversation_participant"));
        assert!(py("patch_conversation_conference_participants").contains(&"patch_conversations_call_participant"));
        // Nothing close in meaning: nothing.
        assert!(js("doTheThing").is_empty());
        assert!(py("do_the_thing").is_empty());
        assert!(meant(Language::JavaScript, "NoSuchApi", "patchConversationParticipants").is_empty());
    }

    /// The verb is what the name means to do: removing a participant is the PATCH that disconnects
    /// it, a medium word where the media form belongs is that form, and current methods come first.
    #[test]
    fn did_you_mean_weighs_the_verb_and_the_words() {
        let js = |name| names(&meant(Language::JavaScript, "ConversationsApi", name));
        assert_eq!(js("removeConversationParticipant").first(), Some(&"patchConversationParticipant"));
        assert_eq!(js("disconnectParticipant").first(), Some(&"patchConversationParticipant"));
        assert_eq!(js("deleteConversationParticipant").first(), Some(&"patchConversationParticipant"));
        assert_eq!(js("patchConversationsPhoneParticipant").first(), Some(&"patchConversationsCallParticipant"));
        assert_eq!(js("getConversationParticipantWrapupCodes").first(), Some(&"getConversationParticipantWrapupcodes"));
        assert_eq!(
            js("updateConversationParticipantAttribute").first(),
            Some(&"patchConversationParticipantAttributes")
        );
        assert_eq!(js("fetchConversation").first(), Some(&"getConversation"));
        // Of methods as close, the class's own family first.
        let queue = names(&meant(Language::JavaScript, "RoutingApi", "getQueue"));
        assert!(queue.first().is_some_and(|q| q.starts_with("getRoutingQueue")), "{queue:?}");
        // The chats are gone: a chat is a message now.
        assert_eq!(js("patchConversationsChatParticipants").first(), Some(&"patchConversationsMessageParticipant"));
        // Naming participants never gets the teardown.
        for name in ["removeConversationParticipant", "endConversationParticipant", "updateConversationParticipants"] {
            let found = meant(Language::JavaScript, "ConversationsApi", name);
            assert!(found.iter().all(|m| !is_teardown(m)), "{name}: {:?}", names(&found));
        }
    }
}
