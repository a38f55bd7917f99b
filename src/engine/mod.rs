//! The check stage: the rules over what the read stage (`input`) hands over, file by file.
//! For each file: have the read stage open it ([`input::read::file`], [`input::read::reader`]), then run the enabled rules ([`request::Plan`])
//! over its requests — a HAR's as a stream of windows ([`windows`]), anything else's at once —
//! then over the file as a whole; then settle its findings (severities, masking, file order,
//! fingerprints).

mod bare;
pub mod fingerprint;
mod request;
mod vet;
pub mod windows;

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use crate::config::{Config, Selection};
use crate::diagnostic::Diagnostic;
use crate::exchange::{Endpoint, Exchange};
use crate::input::capture::Order;
use crate::input::read::Opened;
use crate::input::source::model::CodeUse;
use crate::input::{self, Input, InputError, payload};
use crate::rules::capture::{CaptureState, Given};
use crate::rules::ctx::{Ctx, Parts};
use crate::rules::rule::{FileFacts, Unmatched};
use crate::secrets::mask::Known;
use crate::source::Source;
use crate::stats::Stats;
use request::Plan;

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
    /// The threads that check requests, started when first needed (a run on one small file
    /// needs none): `jobs` of them, or one per CPU.
    pub threads: Threads,
    /// Keep the findings that `gclint: ignore` comments suppress, marked (for SARIF).
    pub keep_suppressed: bool,
}

impl Options {
    /// The rules that run on the file called `name`: the selection, less the rules the
    /// configuration ignores for its path.
    pub fn plan(&self, name: &str) -> Plan {
        let path = Path::new(name);
        Plan::new(|r| self.selection.enabled_rule(r) && !self.config.ignored_in(path, r.name))
            .vetted_by(vet::advice)
            .keeping_suppressed(self.keep_suppressed)
    }

    /// Whether the requests of a capture read in `order` ran one after the other, so that what
    /// one did is known to the checks of the next: a recording's did; written requests did when
    /// their file says so (`@gclint sequence`) or the configuration does for their format.
    pub fn in_sequence(&self, order: Order) -> bool {
        match order {
            Order::Recorded => true,
            Order::Written { format, sequence } => sequence || self.config.sequence.contains(&format),
        }
    }
}

/// The findings about what the user said outside the files (the scopes given), by the selected
/// rules.
pub fn check_given(opts: &Options) -> Vec<Diagnostic> {
    Plan::new(|r| opts.selection.enabled_rule(r)).check_given(&opts.given)
}

/// A thread pool started on first use.
#[derive(Debug, Default)]
pub struct Threads {
    /// How many threads (`--jobs`); `None` or 0 for one per CPU.
    pub jobs: Option<usize>,
    pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
}

impl Threads {
    pub fn new(jobs: Option<usize>) -> Self {
        Threads { jobs, pool: std::sync::OnceLock::new() }
    }

    /// Runs `f` in the pool, so that the parallel iterators in it use these threads. Should no
    /// thread start, `f` runs on the calling thread (the output is the same, only slower).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        let pool =
            self.pool.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(self.jobs.unwrap_or(0)).build().ok());
        match pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }

    /// Frees `value` on a thread of the pool, while the caller goes on (at once when no thread
    /// started).
    pub fn drop_later<T: Send + 'static>(&self, value: T) {
        match self.pool.get() {
            Some(Some(pool)) => pool.spawn(move || drop(value)),
            _ => drop(value),
        }
    }
}

/// Reads and lints one input (stdin, a buffer), appending its findings in file order. `Err` is
/// for the reader itself failing (an I/O error); what is wrong with the contents is reported as
/// findings.
pub fn lint_reader(
    name: &str,
    reader: impl Read + Send,
    explicit: bool,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    lint(name, opts, stats, out, |check| {
        input::read::reader(name, reader, explicit, &opts.read, opts.progress.as_ref(), check)
    })
}

/// Lints a file, as [`lint_reader`] does (the read stage decides how its bytes are read: see
/// [`input::read::file`]).
pub fn lint_file(
    name: &str,
    file: std::fs::File,
    explicit: bool,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    lint(name, opts, stats, out, |check| {
        input::read::file(name, file, explicit, &opts.read, opts.progress.as_ref(), check)
    })
}

/// Lints what `read` opens: the one way through the check stage for a file or a reader.
fn lint(
    name: &str,
    opts: &Options,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
    read: impl FnOnce(&mut dyn FnMut(Opened)) -> Result<(), String>,
) -> Result<(), String> {
    let first = begin_file(name, stats, out);
    let mut run = FileRun::new(name, opts);
    let read = read(&mut |opened| check_opened(&mut run, opened, stats, out));
    if let Err(e) = read {
        out.truncate(first);
        return Err(e);
    }
    run.finish(first, out);
    finish_file(opts, first, out);
    Ok(())
}

/// Reports a path that could not be read or walked (`message` says why) as an `invalid-input`
/// finding of its own, so that the run goes on with the other files.
pub fn unreadable(name: &str, message: String, opts: &Options, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let first = begin_file(name, stats, out);
    let mut run = FileRun::new(name, opts);
    run.unopened = Some(message);
    run.finish(first, out);
    finish_file(opts, first, out);
}

/// Counts a file about to be read; where its findings will start in `out`.
fn begin_file(name: &str, stats: &mut Stats, out: &[Diagnostic]) -> usize {
    stats.files += 1;
    stats.files_checked.push(name.to_owned());
    out.len()
}

/// What every file's findings (from `first` on in `out`) go through once the file is read and
/// they are masked (see [`FileRun::finish`]): configured severities, file order and
/// fingerprints. (Only the rules selected for the file ran: nothing is left to filter.)
fn finish_file(opts: &Options, first: usize, out: &mut Vec<Diagnostic>) {
    let mut kept = out.split_off(first);
    for d in &mut kept {
        // Nothing a capture holds steers the terminal or breaks a report (see Diagnostic::tame).
        d.tame();
        // A configured severity replaces the rule's default (not a severity the rule chose for
        // one finding, such as request-failed's info).
        if let Some(&s) = opts.config.severity.get(d.rule.name) {
            if d.severity == d.rule.severity {
                d.severity = s;
            }
        }
    }
    // A finding lowered because another explains it stands on its own again when the
    // configuration made that one a note (a baseline, which hides findings, is applied later by
    // `check`, which does the same).
    crate::diagnostic::restore_unexplained(&mut kept, |rule| {
        opts.config.severity.get(rule.name).copied().unwrap_or(rule.severity)
    });
    // Nothing gclint prints quotes a value of hundreds of megabytes (a URL, a field) in full.
    for d in &mut kept {
        for text in [Some(&mut d.message), d.help.as_mut(), d.request.as_mut()].into_iter().flatten() {
            if let std::borrow::Cow::Owned(cut) = crate::text::clip(text, SHOWN_TEXT) {
                *text = cut;
            }
        }
    }
    // File-level findings (secrets, unreadable parts) are made when the whole file has been
    // read: put everything in file order.
    kept.sort_by_key(|d| d.offset);
    // A request checked in several versions (a Data Action's template expanded each way through
    // its directives) finds what they share once each.
    let first_seen: Vec<bool> = {
        let mut seen = std::collections::HashSet::new();
        kept.iter()
            .map(|d| d.entry.is_none() || seen.insert((d.entry, d.rule.name, d.offset, d.message.as_str())))
            .collect()
    };
    let mut first = first_seen.into_iter();
    kept.retain(|_| first.next().unwrap_or(true));
    // Many findings are fingerprinted on every thread; a few on this one, without starting any.
    let keys: Vec<[u8; 32]> = if kept.len() >= BATCH {
        opts.threads.install(|| kept.par_iter().map(|d| fingerprint::identity(d, &d.path)).collect())
    } else {
        kept.iter().map(|d| fingerprint::identity(d, &d.path)).collect()
    };
    assign_fingerprints(&mut kept, &keys);
    out.extend(kept);
}

/// Gives each finding of one file a fingerprint made of what it is about — rule, file, request
/// (method and URL), body pointer, message — and not of where it is, so that it survives edits
/// elsewhere in the file (timestamps, other entries). Equal findings are told apart by their order.
/// `keys` holds each finding's [`identity`].
fn assign_fingerprints(diagnostics: &mut [Diagnostic], keys: &[[u8; 32]]) {
    // Equal findings are numbered in file order, the suppressed ones after all the others: a
    // finding's fingerprint is the same whether or not the run keeps the suppressed ones.
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| diagnostics.get(i).is_some_and(|d| d.suppressed));
    let ordered: Vec<[u8; 32]> = order.iter().filter_map(|&i| keys.get(i).copied()).collect();
    for (i, print) in order.into_iter().zip(fingerprint::numbered(&ordered)) {
        if let Some(d) = diagnostics.get_mut(i) {
            d.fingerprint = print;
        }
    }
}

/// Checks an input as the read stage opened it: a HAR capture as a stream, anything else whole.
fn check_opened(run: &mut FileRun, opened: Opened, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let (name, opts) = (run.name, run.opts);
    let (src, input) = match opened {
        Opened::Har(splitter, codec) => return check_har(run, splitter, codec, stats, out),
        Opened::Mapped(splitter) => return check_har(run, splitter, None, stats, out),
        Opened::Unread(e) => {
            run.unread = e;
            return;
        }
        // Refused on its first bytes: nothing more of it is read, looked into for secrets or kept.
        Opened::Refused(src, input) => return run.unread_input(&src, input, stats),
        Opened::Whole(src, input) => (src, input),
    };
    // Secret values written elsewhere than in the file (a `.http` file's private environment).
    let elsewhere = match &input {
        Input::Capture(capture) => capture.secrets.values.clone(),
        _ => Vec::new(),
    };
    // A HAR collects its secrets entry by entry, as its windows are read.
    let mut known = None;
    if opts.collect_secrets && !matches!(input, Input::Har) {
        let values = crate::redact::secret_values(&src.bytes, name, &opts.read);
        stats.secrets.extend(values.iter().cloned());
        stats.secrets.extend(elsewhere.iter().cloned());
        known = Some(values);
    }
    let streamed = matches!(input, Input::Har);
    match input {
        input @ (Input::Skip | Input::Invalid(_)) => run.unread_input(&src, input, stats),
        Input::Har => check_har(run, input::har::Splitter::new(&*src.bytes), None, stats, out),
        Input::Capture(mut capture) => {
            infer_endpoints(&mut capture.exchanges);
            run.code = std::mem::take(&mut capture.code);
            stats.captures += 1;
            stats.requests += capture.requests;
            stats.api_requests += requests_of(&capture.exchanges);
            run.sequence = opts.in_sequence(capture.order);
            run.note(&src, capture.secrets, capture.problems);
            run.check(&src, &capture.exchanges, out);
        }
        Input::Payload => lint_payload(run, &src, stats, out),
    }
    // What is printed about the file masks every secret value found in it, wherever it is
    // quoted (a HAR masks each window's findings as they are made): the file is kept until its
    // findings are all made.
    if !streamed {
        run.masking = Some(Masking { src, elsewhere, known });
    }
}

/// Gives each request a reader could not place (the literal body of an SDK method that does not
/// exist) the operation its body unmistakably is, as for a bare body in a file
/// ([`bare::unmistakable`]); one whose body is no such thing is not checked.
fn infer_endpoints(exchanges: &mut Vec<Exchange>) {
    exchanges.retain_mut(|ex| {
        if ex.endpoint != Endpoint::Inferred || !ex.method.is_empty() {
            return true;
        }
        let body = ex.body.as_ref().and_then(|b| serde_json::from_str::<Value>(&b.text.value).ok());
        let Some(op) = body.as_ref().and_then(bare::unmistakable) else { return false };
        ex.method.clone_from(&op.method);
        // The reader left the call's path arguments in the URL, at the method's place.
        let at = ex.url.map.to_file(0).unwrap_or(0);
        ex.url = input::source::fill_path(&op.path, &ex.url, at);
        ex.path = 0..ex.url.value.len();
        true
    });
}

/// How many requests `exchanges` are: the versions of one request (a Data Action's bodies, of
/// one entry, kept next to each other) count once.
fn requests_of(exchanges: &[Exchange]) -> usize {
    let mut previous = None;
    exchanges
        .iter()
        .filter(|ex| {
            let new = ex.entry.is_none() || ex.entry != previous;
            previous = ex.entry;
            new
        })
        .count()
}

/// What masks the findings about a file read whole: its secret values, looked for once there
/// are findings to mask.
struct Masking {
    src: Source,
    /// Secret values written elsewhere than in the file (a `.http` file's private environment).
    elsewhere: Vec<String>,
    /// The file's secret values, when they were looked for already.
    known: Option<Vec<String>>,
}

/// Reads a HAR capture as a stream of windows of entries (see [`windows::stream_windows`]),
/// checking each window's requests as it is read; a fatal error of the reader ends the file.
fn check_har<R: Read + Send>(
    run: &mut FileRun,
    mut splitter: input::har::Splitter<R>,
    codec: Option<input::decompress::Codec>,
    stats: &mut Stats,
    out: &mut Vec<Diagnostic>,
) {
    let (name, opts) = (run.name, run.opts);
    let plan = run.plan.clone();
    let read = |window| read_window(name, opts, &plan, window);
    let check = |window| run.window(window, stats, out);
    let fatal = opts.threads.install(|| windows::stream_windows(&mut splitter, read, check));
    run.problems.append(&mut splitter.problems);
    let (seen, io_error) = (splitter.entries_seen(), splitter.io_error.take());
    if fatal.is_none() || seen > 0 {
        stats.captures += 1;
    }
    let Some(e) = fatal else { return };
    if let (Some(codec), Some(io)) = (codec, io_error) {
        // The decompressor's complaint (a raw read failure is the caller's to report).
        run.unread = Some(input::read::unreadable_compressed(codec, input::decompress::explain(&io, codec)));
        return;
    }
    let help = match seen {
        0 => None,
        1 => Some("the entry before this point was read and checked".to_owned()),
        n => Some(format!("the {n} entries before this point were read and checked")),
    };
    run.unread = Some(InputError { help: e.help.or(help), line_col: e.line_col.or(Some((1, 1))), ..e });
}

/// A window of HAR entries read, and its requests checked alone, waiting for the checks in order.
struct ReadWindow {
    src: Source,
    capture: input::Capture,
    /// What the checks alone found for each request (`None`: not checked).
    parts: Vec<Option<Parts>>,
    /// The credentials of the window, for `::add-mask::` (when asked for).
    secrets: Vec<String>,
    /// Each entry's byte range in the window (to find its credentials when a finding is made),
    /// and the index in `log.entries` of the first.
    entries: Vec<std::ops::Range<usize>>,
    first: usize,
}

/// Reads the entries of a window and runs the checks of each request alone, all in parallel.
fn read_window(name: &str, opts: &Options, plan: &Plan, window: input::har::Window) -> ReadWindow {
    let src = Source::window(name.to_owned(), window.bytes, window.origin);
    let first = window.first_index;
    let collect = opts.collect_secrets;
    let entries = window.entries.clone();
    let reads: Vec<(input::capture::Read1, Vec<String>)> = window
        .entries
        .into_par_iter()
        .enumerate()
        .map(|(i, r)| {
            // For `::add-mask::`: the credentials of the entry, as the redactor finds them.
            // (Only then: checking that the entry is text is work.)
            let text = collect.then(|| src.bytes.get(r.clone()).and_then(|b| std::str::from_utf8(b).ok())).flatten();
            let secrets = text.map(crate::redact::json_secret_values).unwrap_or_default();
            (input::har::read_entry(&src, r, first + i), secrets)
        })
        .collect();
    let mut capture = input::Capture::default();
    let mut secrets = Vec::new();
    for (read, found) in reads {
        capture.take(read);
        secrets.extend(found);
    }
    capture.limit_bodies(opts.read.max_body);
    let parts = capture.exchanges.par_iter().map(|ex| plan.check_alone(&src, ex).map(Ctx::into_parts)).collect();
    ReadWindow { src, capture, parts, secrets, entries, first }
}

/// One file as it is checked: the rules that run on it, the capture's history as its requests
/// go through the checks in order, and what was found about the file as a whole (credentials,
/// unreadable parts) for the checks that run once per file.
struct FileRun<'o> {
    name: &'o str,
    opts: &'o Options,
    plan: Plan,
    state: CaptureState,
    /// Whether `state` carries from one request to the next (see [`Options::in_sequence`]); when
    /// not, each request is checked as if it were the first.
    sequence: bool,
    secrets: input::Secrets,
    /// Where the first credential is: file offset, line and column.
    first_secret: Option<(usize, (usize, usize))>,
    /// Parts that could not be read, with their lines and columns.
    problems: Vec<InputError>,
    /// Why the file could not be read, or stopped being read.
    unread: Option<InputError>,
    /// Why the path could not be opened or walked, in full.
    unopened: Option<String>,
    /// Where a JSON file named on the command line that matches no request body starts.
    unmatched_payload: Option<Unmatched>,
    masking: Option<Masking>,
    /// How many findings of `out` are masked already (a HAR window masks its own).
    masked: usize,
    /// What a source file does with the SDK, checked when the file has been read.
    code: Vec<CodeUse>,
}

impl<'o> FileRun<'o> {
    fn new(name: &'o str, opts: &'o Options) -> Self {
        FileRun {
            name,
            opts,
            plan: opts.plan(name),
            state: CaptureState::default(),
            sequence: true,
            secrets: input::Secrets::default(),
            first_secret: None,
            problems: Vec::new(),
            unread: None,
            unopened: None,
            unmatched_payload: None,
            masking: None,
            masked: 0,
            code: Vec::new(),
        }
    }

    /// Notes an input gclint does not read: skipped (found in a walk), or why it cannot be read.
    fn unread_input(&mut self, src: &Source, input: Input, stats: &mut Stats) {
        match input {
            Input::Invalid(e) => {
                let line_col = e.line_col.or_else(|| e.offset.map(|o| src.position(o)));
                self.unread = Some(InputError { line_col, ..e });
            }
            _ => stats.skipped += 1,
        }
    }

    /// Records what a stretch of the file (`src`) held besides requests, placing it while the
    /// stretch is at hand.
    fn note(&mut self, src: &Source, secrets: input::Secrets, problems: Vec<InputError>) {
        if let (None, Some(first)) = (self.first_secret, secrets.first) {
            self.first_secret = Some((first, src.position(first)));
        }
        self.secrets.merge(secrets);
        for mut p in problems {
            if p.line_col.is_none() {
                p.line_col = p.offset.map(|o| src.position(o));
            }
            self.problems.push(p);
        }
    }

    /// Runs the checks in order over a window read by [`read_window`], and gives back the
    /// window's buffer.
    fn window(&mut self, window: ReadWindow, stats: &mut Stats, out: &mut Vec<Diagnostic>) -> crate::source::Bytes {
        let ReadWindow { src, mut capture, parts, secrets, entries, first } = window;
        // The window's notifications wait in the capture's history for the requests sent after
        // them (in this window or a later one: see CaptureState::hear).
        let heard = std::mem::take(&mut capture.heard);
        let at = heard.notifications.first().map(|n| n.entry);
        if self.state.hear(heard) {
            let offset = at.and_then(|i| entries.get(i.checked_sub(first)?)).map_or(0, |r| src.origin.offset + r.start);
            capture.problem(offset, "notification frames past the most that may wait for a later request");
        }
        stats.requests += capture.requests;
        stats.api_requests += requests_of(&capture.exchanges);
        self.note(&src, capture.secrets, capture.problems);
        let before = out.len();
        for (ex, parts) in capture.exchanges.iter().zip(parts) {
            if let Some(parts) = parts {
                self.in_order(&mut Ctx::from_parts(&src, ex, parts), out);
            }
        }
        // The findings of the window mask every secret value of the entries they are about,
        // wherever they quote it (a snippet of a HAR shows a header's value without its name).
        // The values are looked for only in the entries with findings.
        if out.len() > before {
            let values: Vec<String> = if self.opts.collect_secrets {
                secrets.clone()
            } else {
                let mut about: Vec<usize> =
                    out.get(before..).unwrap_or_default().iter().filter_map(|d| d.entry?.checked_sub(first)).collect();
                about.sort_unstable();
                about.dedup();
                let of = |&i: &usize| {
                    entries
                        .get(i)
                        .and_then(|r| src.bytes.get(r.clone()))
                        .and_then(|b| std::str::from_utf8(b).ok())
                        .map(crate::redact::json_secret_values)
                        .unwrap_or_default()
                };
                self.opts.threads.install(|| about.par_iter().flat_map_iter(of).collect())
            };
            let values = Known::new(values);
            if let Some(found) = out.get_mut(before..) {
                found.iter_mut().for_each(|d| d.mask(&values));
            }
        }
        self.masked = out.len();
        stats.secrets.extend(secrets);
        // What the window held is freed on every thread, not on this one alone.
        self.opts.threads.install(|| capture.exchanges.into_par_iter().for_each(drop));
        src.bytes
    }

    /// Checks requests in capture order. The checks of one request alone run for a batch of
    /// requests in parallel; the checks that read the capture's history then run in order, so
    /// the output is the same whatever the number of threads.
    fn check(&mut self, src: &Source, exchanges: &[Exchange], out: &mut Vec<Diagnostic>) {
        for batch in exchanges.chunks(BATCH) {
            let mut alone: Vec<_> =
                self.opts.threads.install(|| batch.par_iter().map(|ex| self.plan.check_alone(src, ex)).collect());
            for ctx in alone.iter_mut().flatten() {
                self.in_order(ctx, out);
            }
            // What the checks parsed is freed on every thread, not on this one alone.
            self.opts.threads.install(|| alone.into_par_iter().for_each(drop));
        }
    }

    /// Runs the checks in order on one request.
    fn in_order(&mut self, ctx: &mut Ctx, out: &mut Vec<Diagnostic>) {
        if !self.sequence {
            // An example of its own: nothing another request of the file did is known.
            self.state = CaptureState::default();
        }
        out.extend(self.plan.check_in_order(ctx, &mut self.state, &self.opts.given));
    }

    /// Runs the checks of the file as a whole, then masks the findings about the file (from
    /// `first` in `out`) that a HAR window has not masked already: every credential the taxonomy
    /// sees in them, and every secret value of a file read whole. The capture's history (large
    /// for a large capture) is freed meanwhile.
    fn finish(self, first: usize, out: &mut Vec<Diagnostic>) {
        self.opts.threads.drop_later(self.state);
        let unopened = self.unopened.map(|message| InputError {
            offset: Some(0),
            line_col: Some((1, 1)),
            message,
            help: Some("the other files were checked".into()),
        });
        let facts = FileFacts {
            name: self.name,
            unread: self.unread.as_ref(),
            unopened: unopened.as_ref(),
            problems: &self.problems,
            secrets: &self.secrets,
            first_secret: self.first_secret,
            unmatched_payload: self.unmatched_payload.as_ref(),
            code: self.masking.as_ref().filter(|_| !self.code.is_empty()).map(|m| (self.code.as_slice(), &m.src)),
        };
        out.extend(self.plan.check_file(&facts));
        let Some(found) = out.get_mut(self.masked.max(first)..).filter(|f| !f.is_empty()) else { return };
        // Every credential the taxonomy sees, and every secret value of a file read whole.
        let values = match self.masking {
            Some(masking) => {
                let mut values = masking
                    .known
                    .unwrap_or_else(|| crate::redact::secret_values(&masking.src.bytes, self.name, &self.opts.read));
                values.extend(masking.elsewhere);
                Known::new(values)
            }
            None => Known::new([]),
        };
        // Many findings are masked on every thread; a few on this one, without starting any.
        if found.len() >= BATCH {
            self.opts.threads.install(|| found.par_iter_mut().for_each(|d| d.mask(&values)));
        } else {
            found.iter_mut().for_each(|d| d.mask(&values));
        }
    }
}

/// The most of a message, help or request line shown, in bytes (what is longer quotes a huge
/// value, and is cut).
const SHOWN_TEXT: usize = 4096;

/// How many requests of a capture are checked at once.
const BATCH: usize = 256;

/// Checks a JSON document as the body of the operation it is sent to: the one given
/// (`--endpoint`, a `[[payloads]]` mapping), or the one its fields point to when it is
/// unmistakably a request body ([`bare::unmistakable`]) or sits where the configuration says
/// bodies live (`bodies`, [`bare::likely`]). Any other JSON (manifests, settings, schemas,
/// recorded responses, JSON with comments) is not a request: skipped in a walk, and noted (an
/// `info` of unmatched-payload) when named on the command line. Broken JSON with no one reading
/// is skipped in a walk too; named, its syntax is checked.
fn lint_payload(run: &mut FileRun, src: &Source, stats: &mut Stats, out: &mut Vec<Diagnostic>) {
    let opts = run.opts;
    let path = Path::new(&src.name);
    let mapped = opts.config.payload_endpoint(path);
    if let Some(ep) = opts.endpoint.as_ref().or(mapped) {
        stats.payloads += 1;
        let ex = payload::exchange(src, &ep.method, &ep.url, Endpoint::Flag);
        out.extend(run.plan.check_payload(src, &ex, &opts.given));
        return;
    }
    // `--input-format payload` says so too.
    let said_body = opts.config.is_body(path) || opts.read.format == input::Format::Payload;
    let text = String::from_utf8_lossy(&src.bytes[src.bom_len()..]);
    let parsed = serde_json::from_str::<Value>(&text).ok();
    // Broken JSON that has one reading (`invalid_json::repair`: comments, trailing commas, single
    // quotes) is judged by that reading, so that a body written loosely is still checked (and
    // the repaired body suggested). JSON with comments is how settings files are written, so the
    // reading must be unmistakably a body, as any other document.
    let repaired = match &parsed {
        Some(_) => None,
        None => crate::rules::invalid_json::repair(&text),
    };
    let reading = parsed.as_ref().or(repaired.as_ref());
    let guess = if said_body { bare::likely } else { bare::unmistakable };
    match reading.and_then(guess) {
        Some(op) => {
            stats.payloads += 1;
            let ex = payload::exchange(src, &op.method, &op.path, Endpoint::Inferred);
            out.extend(run.plan.check_payload(src, &ex, &opts.given));
        }
        // Named, or said to be a body, but broken beyond one reading (cut short, not text):
        // only the syntax can be checked (a TOML or INI file named is no body at all). Found in
        // a walk, it is some other tool's file.
        None if (said_body || src.explicit) && reading.is_none() && (said_body || !bare::ini_like(&text)) => {
            stats.payloads += 1;
            let ex = payload::exchange(src, "", "", Endpoint::Inferred);
            out.extend(run.plan.check_payload(src, &ex, &opts.given));
        }
        // Not checked: counted with the files skipped, and noted (an info; a warning where the
        // configuration says bodies live).
        None if said_body || src.explicit => {
            stats.skipped += 1;
            let loose = match (&repaired, reading) {
                (Some(_), _) => bare::Loose::Comments,
                (None, None) => bare::Loose::Ini,
                (None, Some(_)) => bare::Loose::No,
            };
            let taken_for = bare::taken_for(&src.name, parsed.as_ref(), loose);
            run.unmatched_payload =
                Some(Unmatched { offset: src.bom_len(), at: src.position(src.bom_len()), taken_for, said_body });
        }
        None => stats.skipped += 1,
    }
}
