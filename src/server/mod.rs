//! `gclint server`: the Language Server Protocol over stdin and stdout, so that an editor shows
//! the findings of `gclint check` while a request is being written, with its fixes as quick fixes.
//!
//! One thread reads the editor's messages ([`transport`]), this one answers them, and one worker
//! checks documents. A change is checked once the typing pauses ([`DEBOUNCE`]); the worker takes
//! only the newest text of each document from its queue, and a result for a text that has been
//! edited since is dropped, so the editor never waits on a check and never sees stale findings.
//! The configuration is `gclint.toml` found from each document's folder, read again when the
//! editor says it changed.

mod actions;
mod convert;
mod hover;
pub(crate) mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{Uri, notification as note, request as req};
use serde_json::{Value, json};

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Options, Threads};
use crate::input::ReadOptions;
use crate::rules::capture::Given;
use crate::stats::Stats;
use convert::Lines;
use transport::Incoming;

/// How long typing must pause before a changed document is checked.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(40);

/// How the server was started: the limits of `gclint check`, a configuration file that replaces
/// the one found from each document (or none at all).
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub read: ReadOptions,
    pub config: Option<PathBuf>,
    pub isolated: bool,
}

/// Serves one editor on stdin and stdout until it says `exit` (`Ok`, with whether it asked for
/// `shutdown` first) or the connection breaks.
pub(crate) fn serve(settings: Settings) -> Result<bool, String> {
    let (incoming_tx, incoming) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let mut stdin = std::io::stdin().lock();
            while let Some(message) = transport::read(&mut stdin) {
                if incoming_tx.send(message).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| e.to_string())?;
    let (outgoing, outgoing_rx) = crossbeam_channel::unbounded::<Value>();
    let writer = std::thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            let mut stdout = std::io::stdout().lock();
            for value in outgoing_rx {
                if transport::write(&mut stdout, &value).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| e.to_string())?;
    let result = Server::new(settings, outgoing).run(&incoming);
    // The writer ends when the server's sender is dropped, after what is queued is written.
    let _ = writer.join();
    result
}

/// A document the editor has open.
struct Doc {
    path: PathBuf,
    version: i32,
    text: Arc<str>,
    lines: Lines,
    /// The findings of the text of `checked` (the version they were found in).
    findings: Vec<Diagnostic>,
    checked: Option<i32>,
}

impl Doc {
    /// The findings, when they are of the text the editor has now.
    fn current(&self) -> Option<&[Diagnostic]> {
        (self.checked == Some(self.version)).then_some(self.findings.as_slice())
    }
}

/// A text to check.
struct Job {
    uri: Uri,
    version: i32,
    path: PathBuf,
    text: Arc<str>,
    opts: Arc<Options>,
}

/// What a check found.
struct Checked {
    uri: Uri,
    version: i32,
    findings: Vec<Diagnostic>,
    /// How long the check took (told the editor when it asks for a trace).
    took: Duration,
}

struct Server {
    settings: Settings,
    out: Sender<Value>,
    docs: HashMap<Uri, Doc>,
    /// The options of each configuration file (and of none), made once, until it changes.
    options: HashMap<Option<PathBuf>, Arc<Options>>,
    /// The scopes the editor gave (`initializationOptions.scopes`): they take precedence over the
    /// configuration's, as `--scopes` does.
    scopes: Option<Vec<String>>,
    /// When each changed document is due to be checked.
    due: HashMap<Uri, Instant>,
    jobs: Sender<Job>,
    checked: Receiver<Checked>,
    next_id: i32,
    shutdown: bool,
    /// Whether the editor asked for a trace (`$/logTrace` says how long each check took).
    trace: bool,
}

impl Server {
    fn new(settings: Settings, out: Sender<Value>) -> Server {
        let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
        let (done_tx, checked) = crossbeam_channel::unbounded();
        std::thread::Builder::new()
            .name("lsp-checker".into())
            .spawn(move || check_loop(&job_rx, &done_tx))
            .expect("a thread can be started");
        Server {
            settings,
            out,
            docs: HashMap::new(),
            options: HashMap::new(),
            scopes: None,
            due: HashMap::new(),
            jobs,
            checked,
            next_id: 0,
            shutdown: false,
            trace: false,
        }
    }

    fn run(mut self, incoming: &Receiver<Incoming>) -> Result<bool, String> {
        loop {
            let wait = self.due.values().min().map(|t| t.saturating_duration_since(Instant::now()));
            let timeout = crossbeam_channel::after(wait.unwrap_or(Duration::from_secs(3600)));
            select! {
                recv(incoming) -> message => match message {
                    Ok(Incoming::Message(message)) => {
                        if self.handle(message) {
                            return Ok(self.shutdown);
                        }
                    }
                    Ok(Incoming::Malformed(error)) => self.send(error),
                    Err(_) => return Err("the editor closed the connection without `exit`".to_owned()),
                },
                recv(self.checked) -> done => {
                    if let Ok(done) = done {
                        self.publish(done);
                    }
                }
                recv(timeout) -> _ => self.start_due(),
            }
        }
    }

    fn send(&self, value: impl serde::Serialize) {
        if let Ok(value) = serde_json::to_value(value) {
            let _ = self.out.send(value);
        }
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(N::METHOD.to_owned(), params)));
    }

    /// Handles one message; `true` when the editor said `exit`.
    fn handle(&mut self, message: Message) -> bool {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(n) => return self.notification(n),
            // Answers to what the server asked (the file watcher's registration): nothing to do.
            Message::Response(_) => {}
        }
        false
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = if self.shutdown && request.method != req::Shutdown::METHOD {
            Err((ErrorCode::InvalidRequest, "the server is shutting down".to_owned()))
        } else {
            match request.method.as_str() {
                req::Initialize::METHOD => self.initialize(request.params),
                req::Shutdown::METHOD => {
                    self.shutdown = true;
                    Ok(Value::Null)
                }
                req::CodeActionRequest::METHOD => parse(request.params).map(|p| json!(self.code_actions(&p))),
                req::ExecuteCommand::METHOD => parse(request.params).and_then(|p| self.execute(&p)),
                req::HoverRequest::METHOD => parse(request.params).map(|p| json!(self.hover(&p))),
                other => Err((ErrorCode::MethodNotFound, format!("gclint does not answer `{other}`"))),
            }
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    fn initialize(&mut self, params: Value) -> Result<Value, (ErrorCode, String)> {
        let params: lsp_types::InitializeParams = parse(params)?;
        self.trace = params.trace.is_some_and(|t| t != lsp_types::TraceValue::Off);
        self.scopes = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("scopes"))
            .and_then(|s| serde_json::from_value::<Vec<String>>(s.clone()).ok());
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if watch {
            self.watch_configuration();
        }
        let capabilities = lsp_types::ServerCapabilities {
            text_document_sync: Some(lsp_types::TextDocumentSyncCapability::Options(
                lsp_types::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp_types::TextDocumentSyncKind::FULL),
                    save: Some(lsp_types::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
                lsp_types::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(lsp_types::ExecuteCommandOptions {
                commands: vec![actions::COPY_REQUEST.to_owned()],
                ..Default::default()
            }),
            ..Default::default()
        };
        Ok(json!({
            "capabilities": capabilities,
            "serverInfo": {"name": "gclint", "version": env!("CARGO_PKG_VERSION")},
        }))
    }

    /// Asks the editor to say when a `gclint.toml` changes.
    fn watch_configuration(&mut self) {
        self.next_id += 1;
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String(format!("**/{}", config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "gclint-configuration".to_owned(),
                method: note::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = RequestId::from(format!("gclint-{}", self.next_id));
        self.send(Message::Request(Request::new(id, req::RegisterCapability::METHOD.to_owned(), params)));
    }

    fn notification(&mut self, n: Notification) -> bool {
        match n.method.as_str() {
            note::Exit::METHOD => return true,
            note::SetTrace::METHOD => {
                if let Ok(p) = parse::<lsp_types::SetTraceParams>(n.params) {
                    self.trace = p.value != lsp_types::TraceValue::Off;
                }
            }
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.open(doc.uri, doc.version, doc.text);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    // Full sync: the last change is the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.change(p.text_document.uri, p.text_document.version, change.text);
                    }
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidSaveTextDocumentParams>(n.params) {
                    if path_of(&p.text_document.uri).is_some_and(|p| is_configuration(&p)) {
                        self.configuration_changed();
                    }
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    self.docs.remove(&p.text_document.uri);
                    self.due.remove(&p.text_document.uri);
                    self.notify::<note::PublishDiagnostics>(lsp_types::PublishDiagnosticsParams::new(
                        p.text_document.uri,
                        Vec::new(),
                        None,
                    ));
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                    if p.changes.iter().any(|c| path_of(&c.uri).is_some_and(|p| is_configuration(&p))) {
                        self.configuration_changed();
                    }
                }
            }
            _ => {}
        }
        false
    }

    fn open(&mut self, uri: Uri, version: i32, text: String) {
        let Some(path) = path_of(&uri) else { return };
        let text: Arc<str> = text.into();
        let lines = Lines::new(&text);
        let doc = Doc { path, version, text, lines, findings: Vec::new(), checked: None };
        self.docs.insert(uri.clone(), doc);
        // An opened document is checked at once.
        self.due.insert(uri, Instant::now());
    }

    fn change(&mut self, uri: Uri, version: i32, text: String) {
        let Some(doc) = self.docs.get_mut(&uri) else { return };
        doc.version = version;
        doc.lines = Lines::new(&text);
        doc.text = text.into();
        self.due.insert(uri, Instant::now() + DEBOUNCE);
    }

    /// Every configuration is read again, and every open document checked again.
    fn configuration_changed(&mut self) {
        self.options.clear();
        let now = Instant::now();
        for (uri, doc) in &mut self.docs {
            doc.checked = None;
            self.due.insert(uri.clone(), now);
        }
    }

    /// Hands the documents whose pause is over to the checker.
    fn start_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<Uri> = self.due.iter().filter(|(_, t)| **t <= now).map(|(u, _)| u.clone()).collect();
        for uri in ready {
            self.due.remove(&uri);
            let Some((path, version, text)) = self.docs.get(&uri).map(|d| (d.path.clone(), d.version, d.text.clone()))
            else {
                continue;
            };
            let opts = self.options_for(&path);
            let _ = self.jobs.send(Job { uri, version, path, text, opts });
        }
    }

    /// The options a document is checked with: its configuration's, with the editor's scopes.
    fn options_for(&mut self, path: &Path) -> Arc<Options> {
        let file = if self.settings.isolated {
            None
        } else {
            self.settings.config.clone().or_else(|| path.parent().and_then(config::discover))
        };
        if let Some(opts) = self.options.get(&file) {
            return opts.clone();
        }
        let config = match &file {
            Some(f) => {
                let loaded = config::load(f);
                self.show_configuration(f, loaded.as_ref().err().map(|d| &**d));
                loaded.unwrap_or_default()
            }
            None => Config::default(),
        };
        let scopes = self.scopes.clone().or_else(|| config.scopes.clone());
        let scopes_from = if self.scopes.is_some() { "the editor's settings".to_owned() } else { String::new() };
        let opts = Arc::new(Options {
            given: Given { scopes, scopes_from },
            selection: config.selection.clone(),
            config,
            read: self.settings.read.clone(),
            // Every core: a check runs in a pause of the typing, and is over sooner.
            threads: Threads::new(None),
            ..Options::default()
        });
        self.options.insert(file, opts.clone());
        opts
    }

    /// Shows on a configuration file what is wrong with it, or nothing (once it reads again).
    fn show_configuration(&self, file: &Path, error: Option<&Diagnostic>) {
        let Some(uri) = uri_of(file) else { return };
        let diagnostics = error.map(|d| {
            // The text only places the finding; one that cannot be read places it at the start.
            let text =
                crate::files::read_text(file, crate::files::MAX_SETTINGS_FILE, "the limit for a configuration file")
                    .unwrap_or_default();
            convert::diagnostic(d, 0, &uri, &text, &Lines::new(&text))
        });
        let params = lsp_types::PublishDiagnosticsParams::new(uri, diagnostics.into_iter().collect(), None);
        self.notify::<note::PublishDiagnostics>(params);
    }

    fn publish(&mut self, done: Checked) {
        let Some(doc) = self.docs.get_mut(&done.uri) else { return };
        // The text was edited since: the check of the new text will follow.
        if doc.version != done.version {
            return;
        }
        doc.findings = done.findings;
        doc.checked = Some(done.version);
        let diagnostics = doc
            .findings
            .iter()
            .enumerate()
            .map(|(i, d)| convert::diagnostic(d, i, &done.uri, &doc.text, &doc.lines))
            .collect();
        let params = lsp_types::PublishDiagnosticsParams::new(done.uri, diagnostics, Some(done.version));
        let trace = self.trace.then(|| {
            let ms = done.took.as_secs_f64() * 1000.0;
            let (path, found) = (doc.path.display(), doc.findings.len());
            format!("checked {path} (version {}) in {ms:.1} ms: {found} findings", done.version)
        });
        self.notify::<note::PublishDiagnostics>(params);
        if let Some(message) = trace {
            self.notify::<note::LogTrace>(lsp_types::LogTraceParams { message, verbose: None });
        }
    }

    fn code_actions(&self, p: &lsp_types::CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(&p.text_document.uri) else { return Vec::new() };
        let Some(findings) = doc.current() else { return Vec::new() };
        let wanted: Vec<usize> = p
            .context
            .diagnostics
            .iter()
            .filter_map(|d| d.data.as_ref()?.get("index")?.as_u64())
            .filter_map(|i| usize::try_from(i).ok())
            .collect();
        actions::for_findings(
            &p.text_document.uri,
            &doc.path,
            &doc.text,
            &doc.lines,
            findings,
            &wanted,
            &self.settings.read,
        )
    }

    fn execute(&self, p: &lsp_types::ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if p.command != actions::COPY_REQUEST {
            return Err((ErrorCode::InvalidParams, format!("no command `{}`", p.command)));
        }
        let args: actions::CopyArgs = p
            .arguments
            .first()
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .ok()
            .flatten()
            .ok_or((ErrorCode::InvalidParams, "expected one argument: {uri, index, form}".to_owned()))?;
        let findings = self.docs.get(&args.uri).and_then(Doc::current).ok_or((
            ErrorCode::ContentModified,
            "the document changed since its findings: try again once they are shown".to_owned(),
        ))?;
        let text = actions::copy(findings, &args)
            .ok_or((ErrorCode::InvalidParams, "no corrected request to copy".to_owned()))?;
        Ok(json!({ "text": text }))
    }

    fn hover(&self, p: &lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let at = &p.text_document_position_params;
        let doc = self.docs.get(&at.text_document.uri)?;
        hover::at(&doc.text, &doc.lines, doc.current().unwrap_or_default(), at.position)
    }
}

/// The checker's loop: of what is queued, only the newest text of each document is checked.
fn check_loop(jobs: &Receiver<Job>, done: &Sender<Checked>) {
    while let Ok(first) = jobs.recv() {
        let mut queued = vec![first];
        queued.extend(jobs.try_iter());
        let mut newest: Vec<Job> = Vec::new();
        for job in queued {
            match newest.iter_mut().find(|j| j.uri == job.uri) {
                Some(older) => *older = job,
                None => newest.push(job),
            }
        }
        for job in newest {
            let started = Instant::now();
            let findings = check(&job.path, &job.text, &job.opts);
            let took = started.elapsed();
            if done.send(Checked { uri: job.uri, version: job.version, findings, took }).is_err() {
                return;
            }
        }
    }
}

/// The findings of a document's text, as `gclint check` finds them in a walk of its folder: a file
/// that holds no API traffic (a manifest, a script without curl) gets none.
fn check(path: &Path, text: &str, opts: &Options) -> Vec<Diagnostic> {
    let name = path.to_string_lossy();
    let mut stats = Stats::default();
    let mut found = Vec::new();
    if let Err(e) = engine::lint_reader(&name, text.as_bytes(), false, opts, &mut stats, &mut found) {
        // Reading from memory does not fail; should it, the document shows why.
        engine::unreadable(&name, e, opts, &mut stats, &mut found);
    }
    found
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn is_configuration(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == config::FILE_NAME)
}

/// The file a `file:` URI names.
fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///c%3A/x` on Windows, `file:///home/x` elsewhere; a host other than localhost is
    // not a local file.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    // The query and fragment go before the escapes are decoded (`%23` is a `#` of the name).
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let decoded: &str = &decoded;
    if cfg!(windows) {
        // `/c:/x` is `c:/x`.
        let windows = decoded.strip_prefix('/').filter(|d| d.as_bytes().get(1) == Some(&b':'));
        return Some(PathBuf::from(windows.unwrap_or(decoded)));
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of a path.
fn uri_of(path: &Path) -> Option<Uri> {
    crate::report::common::file_uri(&std::path::absolute(path).ok()?).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths() {
        let uri: Uri = "file:///home/a%20b/c%23.http".parse().unwrap();
        assert_eq!(path_of(&uri), Some(PathBuf::from("/home/a b/c#.http")));
        assert_eq!(path_of(&"untitled:Untitled-1".parse().unwrap()), None);
        assert_eq!(path_of(&"file://server/share/x".parse().unwrap()), None);
        let back = uri_of(Path::new("/home/a b/c#.http")).unwrap();
        assert_eq!(back.as_str(), "file:///home/a%20b/c%23.http");
    }
}
