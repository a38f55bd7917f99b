//! Baselines: a file of known findings, by fingerprint, that later runs hide. Fingerprints do not
//! depend on line numbers, timestamps or other entries (see `lint`), so edits elsewhere in a
//! capture keep the baseline valid; entries that no longer match are reported as stale so the
//! file can shrink.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Outcome {
    pub hidden: usize,
    /// Baseline entries no current finding matches.
    pub stale: Vec<Entry>,
}

impl Baseline {
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let findings = diagnostics
            .iter()
            .map(|d| Entry {
                fingerprint: d.fingerprint.clone(),
                rule: d.rule.name.to_owned(),
                path: d.path.clone(),
                message: d.message.clone(),
            })
            .collect();
        Baseline { version: 1, findings }
    }

    /// Reads a baseline file: only a regular file (or a link to one), up to
    /// [`crate::files::MAX_SETTINGS_FILE`].
    pub fn read(path: &std::path::Path) -> Result<Baseline, String> {
        let limit = crate::files::MAX_SETTINGS_FILE;
        let text = crate::files::read_text(path, limit, "the limit for a baseline")
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{} is not a gclint baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!("{}: baseline version {} is not supported (expected 1)", path.display(), b.version));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Removes the findings the baseline knows; returns how many, and the stale entries.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) -> Outcome {
        let known: std::collections::HashSet<&str> = self.findings.iter().map(|e| e.fingerprint.as_str()).collect();
        let before = diagnostics.len();
        let present: std::collections::HashSet<String> = diagnostics.iter().map(|d| d.fingerprint.clone()).collect();
        diagnostics.retain(|d| !known.contains(d.fingerprint.as_str()));
        let stale = self.findings.iter().filter(|e| !present.contains(&e.fingerprint)).cloned().collect();
        Outcome { hidden: before - diagnostics.len(), stale }
    }
}
