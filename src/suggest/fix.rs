//! `gclint check --fix` / `--diff`: applies the safe edits of findings to the files they are in.
//!
//! Only files people write are edited: JSON payloads and `.http` request files. Recordings
//! (HAR captures, SDK logs, curl commands) are what was sent; they are left as they are, and the
//! fix belongs in the code that sent them. Each edit replaces a byte range whose bytes are checked
//! first, so nothing else in the file changes; the file is written to a fresh temporary file next to
//! it and renamed over it (see `files::write_atomic`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::request::Edit;
use crate::diagnostic::Diagnostic;
use crate::files;
use crate::input::{self, Format, ReadOptions};
use crate::source::Source;

/// What `--fix` or `--diff` did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One line per fixed finding (`path:line:col rule: "A" -> "B"`), and per file left alone.
    pub messages: Vec<String>,
    /// The unified diff of every change (for `--diff`).
    pub diff: String,
    /// The files changed (or, for `--diff`, that would be).
    pub changed: Vec<PathBuf>,
    /// Files that could not be read or written.
    pub errors: Vec<String>,
}

/// An edit with the finding it fixes.
struct Planned<'d> {
    edit: &'d Edit,
    finding: &'d Diagnostic,
}

/// Applies the edits of `diagnostics` to their files, or with `write` false only works out the
/// diff.
pub fn apply(diagnostics: &[Diagnostic], read: &ReadOptions, write: bool) -> Outcome {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.suggestion.as_ref().is_some_and(|s| s.fixable)) {
        by_file.entry(d.path.as_str()).or_default().push(d);
    }
    let mut out = Outcome::default();
    for (path, fixable) in by_file {
        fix_file(path, &fixable, read, write, &mut out);
    }
    out
}

/// Why a file is not edited, or `None` when it may be. A JSON document is a payload when its
/// findings are about no entry of a capture.
fn refusal(src: &Source, read: &ReadOptions, fixable: &[&Diagnostic]) -> Option<String> {
    if input::decompress::codec(&src.bytes).is_some() {
        return Some("compressed files are not edited".into());
    }
    let recording = |what: &str| {
        Some(format!(
            "it is a recording ({what}): gclint does not edit what was sent; fix the code that sent it (`gclint suggest` writes the corrected requests)"
        ))
    };
    match input::text_format(src, read) {
        Some(format) if format.editable() => None,
        // Written by people, but its bodies are HCL expressions (strings with `$${` escapes,
        // heredocs, `jsonencode(...)`) that gclint reads and does not write back.
        Some(Format::Terraform) => Some(
            "the request body is an HCL expression (a string with HCL escapes, a heredoc or `jsonencode(...)`), which gclint does not rewrite safely: make the change in the .tf file by hand (`gclint suggest` writes the corrected request)".into(),
        ),
        Some(other) => recording(other.name()),
        None if fixable.iter().all(|d| d.entry.is_none()) => None,
        None => recording(Format::Har.name()),
    }
}

fn fix_file(path: &str, fixable: &[&Diagnostic], read: &ReadOptions, write: bool, out: &mut Outcome) {
    if path == crate::source::STDIN {
        out.messages.push("not fixing <stdin>: only files are fixed".into());
        return;
    }
    // Only what was checked is fixed: a file read whole when it was checked, so within
    // --max-file-size (a fixable file is a payload or a .http file, never a streamed HAR).
    let bytes = match crate::files::read(Path::new(path), read.max_file, "--max-file-size") {
        Ok(b) => b,
        Err(e) => {
            out.errors.push(format!("cannot read {path}: {e}"));
            return;
        }
    };
    let src = Source::new(path, bytes, true);
    if let Some(why) = refusal(&src, read, fixable) {
        let n = fixable.len();
        out.messages.push(format!("not fixing {path} ({n} fixable finding{}): {why}", if n == 1 { "" } else { "s" }));
        return;
    }
    // A value filled in from a variable, or a body read from another file, has no place of its
    // own in this file.
    for d in fixable.iter().filter(|d| d.suggestion.as_ref().is_some_and(|s| s.edits.is_empty())) {
        let at = d.line.zip(d.column).map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
        out.messages.push(format!(
            "not fixing {path}{at} {}: the value is not written as such in the file (a variable, or a body read from another file)",
            d.rule.name
        ));
    }
    let mut planned: Vec<Planned> = fixable
        .iter()
        .flat_map(|d| d.suggestion.iter().flat_map(|s| &s.edits).map(move |edit| Planned { edit, finding: d }))
        .collect();
    // Edits in file order; one that overlaps an earlier one, or whose bytes are not what they
    // were when the file was checked, is left out.
    planned.sort_by_key(|p| (p.edit.range.start, p.edit.range.end));
    let mut kept: Vec<&Planned> = Vec::new();
    for p in &planned {
        let r = &p.edit.range;
        let fits = src.bytes.get(r.clone()).is_some_and(|b| b == p.edit.original.as_bytes());
        let overlaps = kept.last().is_some_and(|k| k.edit.range.end > r.start);
        if fits && !overlaps {
            kept.push(p);
        }
    }
    if kept.is_empty() {
        return;
    }
    let mut fixed = Vec::with_capacity(src.bytes.len());
    let mut at = 0;
    for p in &kept {
        fixed.extend_from_slice(&src.bytes[at..p.edit.range.start]);
        fixed.extend_from_slice(p.edit.replacement.as_bytes());
        at = p.edit.range.end;
    }
    fixed.extend_from_slice(&src.bytes[at..]);
    // One line per finding, its edits joined.
    let mut said: Vec<(&str, String)> = Vec::new();
    for p in &kept {
        let change = format!("{} -> {}", p.edit.original, p.edit.replacement);
        match said.iter_mut().find(|(f, _)| *f == p.finding.fingerprint) {
            Some((_, line)) => line.push_str(&format!(", {change}")),
            None => said.push((
                &p.finding.fingerprint,
                format!("{path}:{}:{} {}: {change}", p.edit.start_line, p.edit.start_column, p.finding.rule.name),
            )),
        }
    }
    let verb = if write { "fixed" } else { "would fix" };
    out.messages.extend(said.into_iter().map(|(_, line)| format!("{verb} {line}")));
    let old = String::from_utf8_lossy(&src.bytes);
    let new = String::from_utf8_lossy(&fixed);
    let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    // The diff quotes the file's lines: its credentials are masked like everything printed.
    let mut secrets = crate::redact::secret_values(&src.bytes, path, read);
    if crate::input::is_request_file(&src) {
        secrets.extend(crate::input::http_file::env_secret_values(&crate::input::options::base_dir(&src)));
    }
    out.diff.push_str(&crate::secrets::mask::mask_diff(&diff, &secrets));
    out.changed.push(PathBuf::from(path));
    if write {
        if let Err(e) = write_atomically(Path::new(path), &fixed) {
            out.errors.push(format!("cannot write {path}: {e}"));
        }
    }
}

/// Writes the fixed file over the one `path` names: through links, as the file was read through
/// them (the link stays a link), atomically (see [`files::write_atomic`]).
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    files::write_atomic(&files::resolve_link(path)?, bytes)
}
