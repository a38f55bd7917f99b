use super::Rule;
use crate::diagnostic::Severity;

pub static RULE: Rule = Rule {
    name: "invalid-input",
    code: "GC301",
    severity: Severity::Error,
    summary: "A file (or part of one) that is not a readable capture or payload (broken HAR, binary, empty, bomb)",
    explanation: r#"## What it catches
A file gclint was asked to read that it cannot read as what it claims to be: a `.har` file that is
not JSON or has no `log.entries`, a truncated capture, binary data, an empty file, a compressed
file that expands past `--max-decompressed-size`, an input read whole that is larger than
`--max-file-size`, a `.http` environment that is not defined. Also the parts of a capture that
were skipped: a log line that starts a JSON request record but does not parse, a curl command
with an unterminated quote, a request whose URL is longer than 1 MiB, a `@file` or `< file` body
that cannot be read, or that is not read because it lies outside the directory of the file naming
it (an absolute path, `..` above it, a link leading out of it: a capture cannot make gclint print
`/proc/self/environ`; `--allow-includes-outside` reads it anyway). And what a directory walk could
not read: an unreadable directory or file, a broken link, a directory more than 256 levels down.

## Why it matters
A capture that cannot be read is a capture whose requests were not checked. In CI a silent pass on
a broken recording hides every mistake in it, so gclint reports the file and goes on with the others.

## Example
    {"log": {"version": "1.2", "entries": [{"request": {"method": "PATCH", "url": "https://api.myp

## Fix
Export the capture again (DevTools: "Save all as HAR with content"), or check that the file was
not cut short when it was copied or committed (Git LFS pointers are not HAR files). When gclint
guesses the format wrong, name it with `--input-format`."#,
};
