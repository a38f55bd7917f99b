use super::Rule;
use crate::diagnostic::Severity;

pub static RULE: Rule = Rule {
    name: "invalid-input",
    code: "GC301",
    severity: Severity::Error,
    summary: "A file that is not a readable capture or payload (broken HAR, binary, empty)",
    explanation: r#"## What it catches
A file gclint was asked to read that it cannot read as what it claims to be: a `.har` file that is
not JSON or has no `log.entries`, a truncated capture, binary data, an empty file.

## Why it matters
A capture that cannot be read is a capture whose requests were not checked. In CI a silent pass on
a broken recording hides every mistake in it, so gclint reports the file and goes on with the others.

## Example
    {"log": {"version": "1.2", "entries": [{"request": {"method": "PATCH", "url": "https://api.myp

## Fix
Export the capture again (DevTools: "Save all as HAR with content"), or check that the file was
not cut short when it was copied or committed (Git LFS pointers are not HAR files)."#,
};
