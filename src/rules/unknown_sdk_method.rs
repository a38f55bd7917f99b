use super::rule::{Check, Def, FileFacts, Subject};
use crate::catalog::sdk::{self, Language, Method};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::input::source::model::CodeUse;
use crate::source::Source;
use crate::suggest::request::{Edit, Suggestion};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unknown-sdk-method",
        code: "GC502",
        severity: Severity::Error,
        summary: "A Genesys Cloud SDK method that does not exist on its API class",
        explanation: r#"## What it catches
A call in JavaScript, TypeScript or Python source to a method that the Genesys Cloud SDK's API
class does not have: `conversationsApi.patchConversationParticipants(...)` (the method is
`patchConversationParticipant`, singular), `patchConversationConferenceParticipants`,
`updateConversation`, or a method of another class (`routingApi.getConversation`). The API
objects are found where the code makes them (`new platformClient.ConversationsApi()`,
`PureCloudPlatformClientV2.ConversationsApi(api_client)`) and by the names people give them
(`conversationsApi`, `conversations_api`), in files that import the SDK. A method called on the
class itself (`platformClient.ConversationsApi.patchConversationParticipant(...)`) is reported
too: the SDKs' methods belong to an object of the class.

The methods of every API class, in both languages, come from the SDKs' own operation lists
(gclint's `schemas/sdk.json`). "Did you mean" goes by what the name says (its verb and the
words of its path), not by spelling, and names the request each candidate sends.

## Why it matters
The call throws (`is not a function`, `AttributeError`) or, in code nobody ran, stands for a
request that was never tested. Forum answers invent these names with confidence.

## Example
    await conversationsApi.patchConversationParticipants(conversationId, body);

## Fix
    await conversationsApi.patchConversationParticipant(conversationId, participantId, { state: 'disconnected' });

`gclint check --fix` renames the method when the call already passes what the right method
takes (a misspelt name); otherwise the arguments need a change by hand. When the body of the
call is a literal, it is also checked as the body of the operation its fields point to."#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::File(check)],
    relations: &[],
};

fn check(file: &FileFacts) -> Vec<Diagnostic> {
    let Some((code, src)) = file.code else { return Vec::new() };
    code.iter()
        .filter_map(|used| match used {
            CodeUse::Method { language, class, method, span, on_class, args } => {
                let call = Call { language: *language, class, method, span, on_class: *on_class, args: *args };
                finding(src, &call)
            }
            CodeUse::Import { .. } => None,
        })
        .collect()
}

struct Call<'c> {
    language: Language,
    class: &'c str,
    method: &'c str,
    span: &'c std::ops::Range<usize>,
    on_class: bool,
    args: usize,
}

fn finding(src: &Source, call: &Call) -> Option<Diagnostic> {
    // A class the SDK does not have is the code's own.
    if !sdk::class_exists(call.class) {
        return None;
    }
    let (class, method) = (call.class, call.method);
    if let Some(m) = sdk::method(call.language, class, method) {
        return call.on_class.then(|| on_class(src, call, m));
    }
    let elsewhere = sdk::classes_with(call.language, method);
    let meant = sdk::meant(call.language, class, method);
    let (message, help) = match (elsewhere.first(), meant.first()) {
        (Some(other), _) => (
            format!("`{method}` is a method of `{other}`, not of `{class}`"),
            format!("call it on an object of `{other}` ({})", make(call.language, other)),
        ),
        (None, Some(_)) => {
            let options: Vec<String> = meant.iter().map(|m| format!("`{}` ({})", m.name, sends(m))).collect();
            (format!("`{class}` has no method `{method}`"), format!("did you mean {}?", or_list(&options)))
        }
        // A name that says no request, on an object of the class, is the code's own (a test's
        // `GroupsApi.mockClear()`, a helper set on the object): only a name made as the SDK
        // makes its names, a verb of HTTP first, is a method that should be there.
        (None, None) if !sdk_like(method) => return None,
        (None, None) => (
            format!("`{class}` has no method `{method}`"),
            format!(
                "the methods of `{class}` are listed in the SDK's documentation; gclint knows of none that means this"
            ),
        ),
    };
    let help = if call.on_class {
        format!("{help}\nthe SDK's methods belong to an object of the class: {}", make(call.language, class))
    } else {
        help
    };
    let mut d =
        Diagnostic::in_source(&RULE.rule, src, call.span.clone(), message, Some("no such method".into()), Some(help));
    // A plain rename: the best candidate takes the arguments the call passes, and is on the
    // object the call is made on.
    if let (true, Some(best)) = (elsewhere.is_empty() && !call.on_class, meant.first()) {
        if takes(best, call.args) {
            d.suggestion = rename(src, call, best);
        }
    }
    Some(d)
}

/// A method that exists, called on the class instead of an object of it.
fn on_class(src: &Source, call: &Call, m: &Method) -> Diagnostic {
    Diagnostic::in_source(
        &RULE.rule,
        src,
        call.span.clone(),
        format!("`{}` is called on the class `{}`, not on an object of it", m.name, call.class),
        Some("not a static method".into()),
        Some(format!("make an object of the class first: {}", make(call.language, call.class))),
    )
}

/// How an object of `class` is made, in the language.
fn make(language: Language, class: &str) -> String {
    match language {
        Language::JavaScript => format!("`new platformClient.{class}()`"),
        Language::Python => format!("`PureCloudPlatformClientV2.{class}(api_client)`"),
    }
}

/// The request a method sends: `PATCH /api/v2/conversations/{conversationId}/participants/{participantId}`.
fn sends(m: &Method) -> String {
    format!("{} {}", m.http, m.path)
}

/// Whether a method takes `args` positional arguments: its path parameters, its body (when it
/// has one; an optional one may be left out), and an options object.
fn takes(m: &Method, args: usize) -> bool {
    let least = m.params.len() + usize::from(m.body.is_some() && m.body_required != Some(false));
    let most = m.params.len() + usize::from(m.body.is_some()) + 1;
    (least..=most).contains(&args)
}

fn rename(src: &Source, call: &Call, to: &Method) -> Option<Suggestion> {
    Edit::at(src, call.span.clone(), call.method.to_owned(), to.name.to_owned()).map(Suggestion::edit)
}

/// Whether a method name is made as the SDKs make theirs: an HTTP verb, then the words of the
/// path (`patchConversationX`, `patch_conversation_x`).
fn sdk_like(name: &str) -> bool {
    ["get", "post", "put", "patch", "delete", "head"].iter().any(|verb| {
        name.strip_prefix(verb).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase() || c == '_'))
    })
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
