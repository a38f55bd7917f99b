//! Baselines: a file of known findings, by fingerprint, that later runs hide. Fingerprints do not
//! depend on line numbers, timestamps or other entries (see `lint`), so edits elsewhere in a
//! capture keep the baseline valid; entries that no longer match are reported as stale so the
//! file can shrink.
//!
//! A finding is matched by the path of its file relative to the baseline's directory, not by the
//! spelling that found it: a baseline written by `check --write-baseline bl.json bl/` hides the
//! same findings when `./bl/` or `../repo/bl` is checked, from any working directory. (Version 1
//! baselines matched by the engine's fingerprint, which hashes the path as typed; they are still
//! read, and matched that way.)

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// In version 2, the finding's fingerprint with its file named by `path`; in version 1, the
    /// fingerprint of the report.
    pub fingerprint: String,
    pub rule: String,
    /// In version 2, relative to the baseline's directory (absolute for a file outside it and
    /// every directory above it).
    pub path: String,
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
    /// The directory the baseline's paths are relative to: where its file is.
    #[serde(skip)]
    base: PathBuf,
}

impl Baseline {
    /// The file an entry is about, as a path from the working directory: its path joined to the
    /// baseline's directory (version 2), or as it was written (version 1).
    pub(crate) fn file_of(&self, entry: &Entry) -> PathBuf {
        if self.version >= 2 { self.base.join(&entry.path) } else { PathBuf::from(&entry.path) }
    }
}

/// What applying a baseline did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Outcome {
    pub hidden: usize,
    /// Baseline entries no current finding matches.
    pub stale: Vec<Entry>,
}

/// The version written; 1 is still read.
const VERSION: u32 = 2;

/// How a baseline in the directory `base` names the file a finding is in (see [`crate::config::shown`]).
fn relative(d: &Diagnostic, base: &Path, cwd: &Path) -> String {
    // Findings about no file (the given scopes) or about standard input keep their name.
    if d.path.is_empty() || d.path == crate::source::STDIN {
        return d.path.clone();
    }
    crate::config::shown(&cwd.join(&d.path), &cwd.join(base)).replace(std::path::MAIN_SEPARATOR, "/")
}

/// The directory of the baseline file at `file`.
fn directory(file: &Path) -> &Path {
    file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

impl Baseline {
    /// The baseline of `diagnostics`, to be written at `file`.
    pub(crate) fn of(diagnostics: &[Diagnostic], file: &Path) -> Baseline {
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = directory(file);
        let paths: Vec<String> = diagnostics.iter().map(|d| relative(d, base, &cwd)).collect();
        let prints = located(diagnostics, &paths);
        let findings = diagnostics
            .iter()
            .zip(paths)
            .zip(prints)
            .map(|((d, path), fingerprint)| Entry {
                fingerprint,
                rule: d.rule.name.to_owned(),
                path,
                message: d.message.clone(),
            })
            .collect();
        Baseline { version: VERSION, findings, base: base.to_path_buf() }
    }

    /// Reads a baseline file: only a regular file (or a link to one), up to
    /// [`crate::files::MAX_SETTINGS_FILE`].
    pub(crate) fn read(path: &Path) -> Result<Baseline, String> {
        let limit = crate::files::MAX_SETTINGS_FILE;
        let text = crate::files::read_text(path, limit, "the limit for a baseline")
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let mut b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{} is not a gclint baseline: {e}", path.display()))?;
        if !(1..=VERSION).contains(&b.version) {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1 or {VERSION})",
                path.display(),
                b.version
            ));
        }
        b.base = directory(path).to_path_buf();
        Ok(b)
    }

    pub(crate) fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Removes the findings the baseline knows; returns how many, and the stale entries.
    pub(crate) fn apply(&self, diagnostics: &mut Vec<Diagnostic>) -> Outcome {
        let prints: Vec<String> = if self.version == 1 {
            diagnostics.iter().map(|d| d.fingerprint.clone()).collect()
        } else {
            let cwd = std::env::current_dir().unwrap_or_default();
            let paths: Vec<String> = diagnostics.iter().map(|d| relative(d, &self.base, &cwd)).collect();
            located(diagnostics, &paths)
        };
        let known: HashSet<&str> = self.findings.iter().map(|e| e.fingerprint.as_str()).collect();
        let present: HashSet<&str> = prints.iter().map(String::as_str).collect();
        let stale = self.findings.iter().filter(|e| !present.contains(e.fingerprint.as_str())).cloned().collect();
        let before = diagnostics.len();
        let mut keep = prints.iter().map(|p| !known.contains(p.as_str()));
        diagnostics.retain(|_| keep.next().unwrap_or(true));
        Outcome { hidden: before - diagnostics.len(), stale }
    }
}

/// The fingerprints of `diagnostics` with each one's file named by `paths` (in order).
fn located(diagnostics: &[Diagnostic], paths: &[String]) -> Vec<String> {
    crate::engine::fingerprint::fingerprints_at(diagnostics, paths)
}
