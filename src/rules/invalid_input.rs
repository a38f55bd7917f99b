use super::rule::{Check, Def, FileFacts, Subject};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::input::capture::InputError;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "invalid-input",
        code: "GC301",
        severity: Severity::Error,
        summary: "A file (or part of one) that is not a readable capture or payload (broken HAR, binary, empty, bomb)",
        explanation: r#"## What it catches
A file gclint was asked to read that it cannot read as what it claims to be: a `.har` file that is
not JSON or has no `log` object (a `log` without `entries` recorded nothing, as an empty
`entries` did, and is quiet), a truncated capture, binary data, an empty file, a compressed file
that expands past `--max-decompressed-size` or starts with more whitespace than that, an input
read whole that is larger than `--max-file-size`, a `.http` environment that is not defined. Also the parts of a capture that
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
    },
    subject: Subject::Input,
    checks: &[Check::File(check)],
    relations: &[],
};

/// What gclint reads, for the help of an input it cannot.
const READS: &str = "gclint reads HAR captures, SDK and NDJSON request logs, .http files, curl commands and JSON request bodies (gzip or zstd compressed too); --input-format names the format";

/// The file that could not be read, and each kind of part of it that could not: one finding per
/// kind, at its first place, with how often it happened.
fn check(file: &FileFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(e) = file.unopened {
        let help = e.help.clone();
        out.push(Diagnostic::about_file_at(&RULE.rule, file.name, e.message.clone(), 0, (1, 1), help));
    }
    if let Some(e) = file.unread {
        out.push(Diagnostic::about_file_at(
            &RULE.rule,
            file.name,
            format!("cannot read {}: {}", file.name, e.message),
            e.offset.unwrap_or(0),
            e.line_col.unwrap_or((1, 1)),
            Some(e.help.clone().unwrap_or_else(|| READS.into())),
        ));
    }
    let mut kinds: Vec<(&InputError, usize)> = Vec::new();
    for p in file.problems {
        match kinds.iter_mut().find(|(k, _)| k.message == p.message) {
            Some((_, n)) => *n += 1,
            None => kinds.push((p, 1)),
        }
    }
    for (p, n) in kinds {
        out.push(Diagnostic::about_file_at(
            &RULE.rule,
            file.name,
            match n {
                1 => format!("{}: 1 in this file", p.message),
                n => format!("{}: {n} in this file (the first is shown)", p.message),
            },
            p.offset.unwrap_or(0),
            p.line_col.unwrap_or((1, 1)),
            Some(p.help.clone().unwrap_or_else(|| "these parts were skipped; the rest of the file was checked".into())),
        ));
    }
    out
}
