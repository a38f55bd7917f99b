//! Runs the readers and the rules over one source.

use rayon::prelude::*;
use serde_json::Value;

use std::path::Path;

use crate::capture::{CaptureState, Given};
use crate::catalog::{Catalog, Operation, Status, schemas};
use crate::config::{Config, Selection};
use crate::diagnostic::Diagnostic;
use crate::exchange::Endpoint;
use crate::input::{self, Input, payload};
use crate::rules;
use crate::source::Source;

#[derive(Debug, Default)]
pub struct Options {
    /// The operation bare payload files are sent to.
    pub endpoint: Option<payload::EndpointArg>,
    /// What the user said outside the captures (the OAuth client's scopes).
    pub given: Given,
    /// The configuration file's settings (payload mappings, per-path ignores, severities).
    pub config: Config,
    /// Which rules run: the file's selection with the command line's on top.
    pub selection: Selection,
    /// How inputs are read (forced format, `.http` environment, decompression bound).
    pub read: input::ReadOptions,
    /// Advanced by the bytes of each file as its requests are checked.
    pub progress: Option<indicatif::ProgressBar>,
    /// Collect the secret values of each file in [`Stats::secrets`] (for `::add-mask::`).
    pub collect_secrets: bool,
}

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

/// Lints one source, appending its findings in source order.
pub fn lint_source(src: &Source, opts: &Options, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let first = out.len();
    if opts.collect_secrets {
        stats.secrets.extend(crate::redact::secret_values(&src.bytes, &src.name, &opts.read));
    }
    let shown = read_and_check(src, opts, stats, out);
    if let Some(bar) = &opts.progress {
        bar.inc((src.bytes.len() as u64).saturating_sub(shown));
    }
    let path = Path::new(&src.name);
    let mut kept = out.split_off(first);
    kept.retain(|d| opts.selection.enabled(d.rule.name) && !opts.config.ignored_in(path, d.rule.name));
    for d in &mut kept {
        // A configured severity replaces the rule's default (not a severity the rule chose for
        // one finding, such as request-failed's info).
        if let Some(&s) = opts.config.severity.get(d.rule.name) {
            if d.severity == d.rule.severity {
                d.severity = s;
            }
        }
    }
    // Nothing gclint prints quotes a credential in full.
    kept.iter_mut().for_each(crate::redact::mask_diagnostic);
    // File-level findings (secrets) are made before the requests are read: put everything in
    // file order.
    kept.sort_by_key(|d| d.offset);
    assign_fingerprints(&mut kept);
    out.extend(kept);
}

/// Gives each finding of one file a fingerprint made of what it is about — rule, file, request
/// (method and URL), body pointer, message — and not of where it is, so that it survives edits
/// elsewhere in the file (timestamps, other entries). Equal findings are told apart by their order.
fn assign_fingerprints(diagnostics: &mut [Diagnostic]) {
    use sha2::{Digest, Sha256};
    let mut seen: std::collections::HashMap<[u8; 32], usize> = std::collections::HashMap::new();
    for d in diagnostics {
        let mut h = Sha256::new();
        // A finding about a whole file (secrets, unreadable input) is one per file and rule; its
        // message carries counts that change with unrelated entries, so it stays out.
        let message = if d.request.is_some() { d.message.as_str() } else { "" };
        for part in
            [d.rule.name, &d.path, d.request.as_deref().unwrap_or(""), d.pointer.as_deref().unwrap_or(""), message]
        {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let key: [u8; 32] = h.finalize().into();
        let n = seen.entry(key).or_insert(0);
        let mut h = Sha256::new();
        h.update(key);
        h.update(n.to_le_bytes());
        *n += 1;
        d.fingerprint = h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect();
    }
}

/// Reads and checks one source; returns how many of its bytes it has shown as progress.
fn read_and_check(src: &Source, opts: &Options, stats: &mut Stats, out: &mut Vec<Diagnostic>) -> u64 {
    let file_len = src.bytes.len() as u64;
    let mut shown = 0;
    stats.files += 1;
    stats.files_checked.push(src.name.clone());
    let expanded;
    let src = match input::decompress::codec(&src.bytes) {
        None => src,
        Some(codec) => match input::decompress::expand(&src.bytes, codec, opts.read.max_decompressed) {
            Ok(bytes) => {
                expanded = Source::new(src.name.clone(), bytes, src.explicit);
                &expanded
            }
            Err(e) => {
                out.push(rules::file_diagnostic(
                    src,
                    &rules::INVALID_INPUT,
                    format!("cannot read {}: {e}", src.name),
                    Some(0),
                    None,
                    Some(format!("gclint expands {} inputs up to --max-decompressed-size", codec.name())),
                ));
                return shown;
            }
        },
    };
    match input::classify(src, &opts.read) {
        Input::Skip => stats.skipped += 1,
        Input::Invalid(e) => {
            out.push(rules::file_diagnostic(
                src,
                &rules::INVALID_INPUT,
                format!("cannot read {}: {}", src.name, e.message),
                e.offset,
                e.line_col,
                Some(e.help.unwrap_or_else(|| READS.into())),
            ));
        }
        Input::Capture(capture) => {
            stats.captures += 1;
            stats.requests += capture.requests;
            stats.api_requests += capture.exchanges.len();
            report_problems(src, &capture.problems, out);
            if let Some(first) = capture.secrets.first {
                let kinds: Vec<String> = capture.secrets.kinds.iter().map(|(k, n)| format!("{n} × {k}")).collect();
                let n = capture.secrets.count();
                out.push(rules::file_diagnostic(
                    src,
                    &rules::SECRET_IN_CAPTURE,
                    format!("this capture holds {n} live credential{}: {}", if n == 1 { "" } else { "s" }, kinds.join(", ")),
                    Some(first),
                    None,
                    Some("export a sanitized capture, or strip Authorization/Cookie headers and token parameters before sharing or committing it, and revoke the recorded tokens".into()),
                ));
            }
            // The checks of one request alone run for a batch of requests in parallel; the
            // checks that read the capture's history then run in capture order, so the output
            // is the same whatever the number of threads.
            let mut state = CaptureState::default();
            for batch in capture.exchanges.chunks(BATCH) {
                let alone: Vec<_> = batch.par_iter().map(|ex| rules::check_alone(src, ex)).collect();
                for (ex, ctx) in batch.iter().zip(alone) {
                    let Some(ctx) = ctx else { continue };
                    let found = rules::check_in_order(ctx, &mut state, &opts.given);
                    out.extend(found.into_iter().filter(|d| !ex.suppresses(d.rule.name)));
                }
                // Progress in the file as read (a compressed file's share of its expanded text).
                if let (Some(bar), Some(at)) = (&opts.progress, batch.last().and_then(|ex| ex.url.map.to_file(0))) {
                    let at = (at as u128 * file_len as u128 / src.bytes.len().max(1) as u128) as u64;
                    bar.inc(at.saturating_sub(shown));
                    shown = shown.max(at);
                }
            }
        }
        Input::Payload => lint_payload(src, opts, stats, out),
    }
    shown
}

/// How many requests of a capture are checked at once.
const BATCH: usize = 256;

/// What gclint reads, for the help of an input it cannot.
const READS: &str = "gclint reads HAR captures, SDK and NDJSON request logs, .http files, curl commands and JSON request bodies (gzip or zstd compressed too); --input-format names the format";

/// Reports the parts of a capture its reader could not read: one finding per kind of problem,
/// at its first place, with how often it happened.
fn report_problems(src: &Source, problems: &[input::InputError], out: &mut Vec<Diagnostic>) {
    let mut kinds: Vec<(&input::InputError, usize)> = Vec::new();
    for p in problems {
        match kinds.iter_mut().find(|(k, _)| k.message == p.message) {
            Some((_, n)) => *n += 1,
            None => kinds.push((p, 1)),
        }
    }
    for (p, n) in kinds {
        out.push(rules::file_diagnostic(
            src,
            &rules::INVALID_INPUT,
            match n {
                1 => format!("{}: 1 in this file", p.message),
                n => format!("{}: {n} in this file (the first is shown)", p.message),
            },
            p.offset,
            p.line_col,
            Some(p.help.clone().unwrap_or_else(|| "these parts were skipped; the rest of the file was checked".into())),
        ));
    }
}

fn lint_payload(src: &Source, opts: &Options, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let mapped = opts.config.payload_endpoint(Path::new(&src.name));
    if let Some(ep) = opts.endpoint.as_ref().or(mapped) {
        stats.payloads += 1;
        let ex = payload::exchange(src, &ep.method, &ep.url, Endpoint::Flag);
        out.extend(rules::check_exchange(src, &ex, &mut CaptureState::default(), &opts.given));
        return;
    }
    let text = String::from_utf8_lossy(&src.bytes[src.bom_len()..]);
    let parsed = serde_json::from_str::<Value>(&text);
    let op = match &parsed {
        Ok(v) => infer_operation(v),
        Err(_) => None,
    };
    match (parsed.is_ok(), op) {
        (true, Some(op)) => {
            stats.payloads += 1;
            let ex = payload::exchange(src, &op.method, &op.path, Endpoint::Inferred);
            out.extend(rules::check_exchange(src, &ex, &mut CaptureState::default(), &opts.given));
        }
        (false, _) => {
            // Broken JSON: only the syntax can be checked.
            stats.payloads += 1;
            let ex = payload::exchange(src, "", "", Endpoint::Inferred);
            out.extend(rules::check_exchange(src, &ex, &mut CaptureState::default(), &opts.given));
        }
        (true, None) if src.explicit => {
            stats.payloads += 1;
            out.push(rules::file_diagnostic(
                src,
                &rules::UNMATCHED_PAYLOAD,
                format!("{} matches no request body of the conversations API", src.name),
                Some(src.bom_len()),
                None,
                Some("name the operation it is sent to: --endpoint \"PATCH /api/v2/conversations/{conversationId}/participants/{participantId}\"".into()),
            ));
        }
        (true, None) => stats.skipped += 1,
    }
}

/// Views in the order a tie is broken: the bodies people write most come first.
const VIEW_PRIORITY: &[&str] = &[
    "MediaParticipantRequest",
    "ParticipantAttributes",
    "ConversationPatch",
    "WrapupInput",
    "TransferToQueueRequest",
    "TransferToAgentRequest",
    "TransferToAddressRequest",
    "TransferToExternalContactRequest",
    "ConsultTransferToQueue",
    "ConsultTransferToAgent",
    "ConsultTransferToAddress",
    "ConsultTransferToExternalContact",
    "ConsultTransferUpdate",
    "UpdateConferenceRequest",
    "SetRecordingState",
];

/// Fields people send to the participant PATCH that it does not have; they still say which
/// operation the body was meant for.
const PARTICIPANT_ALIASES: &[&str] = &["action", "participantId", "status", "wrapupCode", "dispositionCode", "reason"];

/// Guesses the operation a bare body is meant for from its top-level fields: the schema view
/// whose properties (and read-only fields) cover most of them, and that view's plainest current
/// operation.
pub fn infer_operation(body: &Value) -> Option<&'static Operation> {
    let obj = body.as_object()?;
    if obj.is_empty() {
        return None;
    }
    let catalog = Catalog::get();
    let rank = |name: &str| VIEW_PRIORITY.iter().position(|v| *v == name).unwrap_or(VIEW_PRIORITY.len());
    let mut best: Option<(f32, usize, &'static str)> = None;
    for name in schemas::names() {
        let Some(schema) = schemas::get(name) else { continue };
        let props = schema.properties_at("");
        let read_only = schema.read_only_at("");
        let mut score = 0.0;
        for key in obj.keys() {
            if props.contains(&key.as_str()) || read_only.contains(&key.as_str()) {
                score += 1.0;
            } else if name == "MediaParticipantRequest" && PARTICIPANT_ALIASES.contains(&key.as_str()) {
                score += 0.5;
            } else {
                score -= 0.1;
            }
        }
        if score <= 0.0 {
            continue;
        }
        let candidate = (score, rank(name), name);
        let better = match best {
            None => true,
            Some((s, r, _)) => score > s || (score == s && candidate.1 < r),
        };
        if better {
            best = Some(candidate);
        }
    }
    let (_, _, view) = best?;
    catalog
        .operations
        .iter()
        .filter(|op| op.status == Status::Current && op.body.as_deref() == Some(view))
        .min_by_key(|op| op.path.len())
}
