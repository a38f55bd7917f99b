use super::rule::{Check, Def, FileFacts};
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub static RULE: Def = Def {
    rule: Rule {
        name: "unmatched-payload",
        code: "GC302",
        severity: Severity::Warning,
        summary: "A JSON file named on the command line matches no request body gclint knows",
        explanation: r#"## What it catches
A JSON file given to `gclint check` without `--endpoint` whose fields match none of the request
models of the conversations API (MediaParticipantRequest, ParticipantAttributes, the conversation
PATCH body, the transfer and consult bodies, ...). Files found while walking a directory are
skipped quietly instead: not every JSON file in a repository is a request body.

## Why it matters
Without knowing the operation, gclint cannot check the body, and saying nothing would look like a
pass.

## Example
    $ gclint check settings.json
    {"theme": "dark"}

## Fix
Name the operation the body is sent to:

    gclint check --endpoint "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}" body.json"#,
    },
    checks: &[Check::File(check)],
    relations: &[],
};

fn check(file: &FileFacts) -> Vec<Diagnostic> {
    let Some((offset, at)) = file.unmatched_payload else { return Vec::new() };
    vec![Diagnostic::about_file_at(
        &RULE.rule,
        file.name,
        format!("{} matches no request body of the conversations API", file.name),
        offset,
        at,
        Some("name the operation it is sent to: --endpoint \"PATCH /api/v2/conversations/{conversationId}/participants/{participantId}\"".into()),
    )]
}
