use super::rule::{Check, Def, FileFacts, Subject};
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unmatched-payload",
        code: "GC302",
        severity: Severity::Info,
        summary: "A JSON file named on the command line that gclint did not check as a request body",
        explanation: r#"## What it catches
A JSON file given to `gclint check` by name, without `--endpoint` or a `[[payloads]]` mapping,
that is not unmistakably a request body: its top-level fields are not all fields of one request
model of the conversations API (MediaParticipantRequest, ParticipantAttributes, the conversation
PATCH body, the transfer and consult bodies, ...), it has fields only a recorded response has
(`id`, `selfUri`), it only uses words any JSON uses (`name`, `state: "open"`), or it is JSON with
comments. The note says what gclint took the file for (a package manifest, a JSON Schema, an
OpenAPI document, a settings file, a recorded response).

Files found while walking a directory are skipped quietly instead: most JSON files in a
repository are not request bodies, and checking them as bodies would only raise false alarms.

A file that the configuration says is a body (`bodies = ["requests/**/*.json"]` in gclint.toml)
and whose fields match no request model is a warning: there, it was meant to be one.

## Why it matters
Without knowing the operation, gclint cannot check the body, and saying nothing about a file
named on purpose would look like a pass.

## Example
    $ gclint check settings.json
    {"theme": "dark"}

## Fix
If it is a request body, name the operation it is sent to:

    gclint check --endpoint "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}" body.json

or map its files to it in gclint.toml:

    [[payloads]]
    glob = "requests/disconnect/*.json"
    endpoint = "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}""#,
    },
    subject: Subject::Input,
    checks: &[Check::File(check)],
    relations: &[],
};

fn check(file: &FileFacts) -> Vec<Diagnostic> {
    let Some(unmatched) = file.unmatched_payload else { return Vec::new() };
    let name = file.name;
    let (message, severity) = if unmatched.said_body {
        (
            format!(
                "{name} is where the configuration says request bodies live, but it is {}: it matches no request body of the conversations API",
                unmatched.taken_for
            ),
            Severity::Warning,
        )
    } else {
        (
            format!("{name} was not checked: gclint took it for {}, not a request body", unmatched.taken_for),
            RULE.rule.severity,
        )
    };
    let mut d = Diagnostic::about_file_at(
        &RULE.rule,
        name,
        message,
        unmatched.offset,
        unmatched.at,
        Some("if it is a request body, name the operation it is sent to: --endpoint \"PATCH /api/v2/conversations/{conversationId}/participants/{participantId}\", or a [[payloads]] mapping in gclint.toml".into()),
    );
    d.severity = severity;
    vec![d]
}
