//! The counts a run reports in its summary line.

/// Counts for the summary line.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Stats {
    /// Files read.
    pub files: usize,
    pub captures: usize,
    pub payloads: usize,
    /// Files found in directories that hold nothing gclint reads.
    pub skipped: usize,
    /// Requests seen in captures.
    pub requests: usize,
    /// Requests in captures that are Genesys Cloud API calls, and so were checked.
    pub api_requests: usize,
    /// What `--baseline` did, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::Outcome>,
    /// The name of every file read, in order (for reports with one section per file).
    #[serde(skip)]
    pub files_checked: Vec<String>,
    /// The secret values found in the files, when [`Options::collect_secrets`] asks for them.
    #[serde(skip)]
    pub secrets: Vec<String>,
    /// Findings left out of the report by `--max-diagnostics`.
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: usize,
    /// The configuration file the run used, as [`crate::config::shown`] names it: its rule
    /// selection may hide any finding, so every report says which file that was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Stats {
    /// Adds the counts of another run (of other files) to these.
    pub fn merge(&mut self, other: Stats) {
        self.files += other.files;
        self.captures += other.captures;
        self.payloads += other.payloads;
        self.skipped += other.skipped;
        self.requests += other.requests;
        self.api_requests += other.api_requests;
        self.files_checked.extend(other.files_checked);
        self.secrets.extend(other.secrets);
        self.dropped += other.dropped;
    }
}
