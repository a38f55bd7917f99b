//! What stops a command, or makes a command that went on to its end exit with 2: one type, so
//! that every such message is worded here and printed in one place ([`report`]).

use std::fmt;
use std::path::PathBuf;

use crate::files::ReadError;

/// An error of a command. Each is printed as `gclint: <message>` on stderr (a configuration
/// mistake as the diagnostic that points into the TOML), and the exit code is 2.
#[derive(Debug)]
pub(crate) enum Error {
    /// The command line asks for what does not exist (a rule, a code) or cannot be done
    /// (`--in-place` on stdin). clap reports its own usage errors before a command runs.
    Usage(String),
    /// A mistake in the configuration file, rendered as the diagnostic over its text.
    Config(String),
    /// The file named with `--baseline` cannot be read or is not a baseline.
    Baseline(String),
    /// A path named on the command line cannot be walked: nothing there, or not reachable.
    Path(String),
    /// A file cannot be opened or read.
    Read { path: String, source: ReadError },
    /// An input failed part way through its read; the engine's message names the input.
    Input(String),
    /// An input that `suggest` could not read, as its invalid-input finding says.
    InvalidInput { path: String, at: Option<(usize, usize)>, message: String },
    /// A write refused before anything was written.
    Refused(Refusal),
    /// A file or stream cannot be written; `aftermath` says what that left as it was.
    Write { target: Target, source: std::io::Error, aftermath: Aftermath },
    /// `--fix` could not read or write a file (the fixer's message names it).
    Fix(String),
    /// A capture could not be redacted completely, so no copy was written.
    Redact { input: String, source: crate::redact::Error },
}

/// A write `check` or `redact` refuses to make.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// `what` (the baseline, the report, the step summary) would replace a file the run reads.
    OntoInput { what: &'static str, path: PathBuf },
    /// One file named twice among the files `check` writes: one would replace the other.
    NamedTwice(PathBuf),
    /// redact's copy would replace the capture it is a copy of.
    CopyOntoInput(PathBuf),
}

/// What a failed write is writing.
#[derive(Debug)]
pub(crate) enum Target {
    /// A file named on the command line (a report, a baseline, redact's copy).
    File(PathBuf),
    /// The GitHub job summary, appended to.
    StepSummary(PathBuf),
    /// redact's copy of an input, while it is made.
    CopyOf(String),
    /// The backup `redact --in-place` keeps.
    Backup(PathBuf),
    Stdout,
}

/// What a failed write left as it was, said after the error (redact writes all or nothing).
#[derive(Debug)]
pub(crate) enum Aftermath {
    /// Nothing to add.
    Unsaid,
    /// No copy was made.
    NothingWritten,
    /// The input named is as it was.
    Untouched(String),
}

impl Error {
    /// A write of `target` that failed with `source`.
    pub(crate) fn write(target: Target, source: std::io::Error) -> Error {
        Error::Write { target, source, aftermath: Aftermath::Unsaid }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message)
            | Error::Config(message)
            | Error::Baseline(message)
            | Error::Path(message)
            | Error::Input(message)
            | Error::Fix(message) => f.write_str(message),
            Error::Read { path, source } => write!(f, "cannot read {path}: {source}"),
            Error::InvalidInput { path, at, message } => match at {
                Some((line, column)) => write!(f, "{path}:{line}:{column}: {message}"),
                None => write!(f, "{path}: {message}"),
            },
            Error::Refused(refusal) => refusal.fmt(f),
            Error::Write { target, source, aftermath } => {
                match target {
                    Target::Stdout => write!(f, "cannot write to stdout: {source}")?,
                    Target::File(path) => write!(f, "cannot write {}: {source}", path.display())?,
                    Target::StepSummary(path) => {
                        write!(f, "cannot write the step summary to {}: {source}", path.display())?
                    }
                    Target::CopyOf(input) => write!(f, "cannot write the copy of {input}: {source}")?,
                    Target::Backup(path) => write!(f, "cannot write the backup {}: {source}", path.display())?,
                }
                match aftermath {
                    Aftermath::Unsaid => Ok(()),
                    Aftermath::NothingWritten => f.write_str("; nothing was written"),
                    Aftermath::Untouched(input) => write!(f, "; {input} is untouched"),
                }
            }
            Error::Redact { input, source } => write!(f, "cannot redact {input}: {source}; nothing was written"),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OntoInput { what, path } => f.write_str(&crate::files::onto_input(what, path)),
            Refusal::NamedTwice(path) => write!(
                f,
                "{} is named twice as a file to write: one report would replace the other; name one file for each",
                path.display()
            ),
            Refusal::CopyOntoInput(path) => write!(
                f,
                "refusing to write the redacted copy onto {}: it is the input; --in-place replaces the input (keeping a .bak copy)",
                path.display()
            ),
        }
    }
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Error {
        Error::Refused(refusal)
    }
}

/// Prints an error on stderr: the one place an error reaches the user.
pub(crate) fn report(error: &Error) {
    match error {
        // A rendered diagnostic, with its own heading and final line break.
        Error::Config(rendered) => eprint!("{rendered}"),
        other => eprintln!("gclint: {other}"),
    }
}

/// The errors a command reports as it goes on rather than stopping at (a file it cannot read
/// among many, a report it cannot write): each is printed when it happens, and any one makes the
/// run end with exit code 2.
#[derive(Default)]
pub(crate) struct Errors {
    any: bool,
}

impl Errors {
    pub(crate) fn report(&mut self, error: Error) {
        report(&error);
        self.any = true;
    }

    /// Whether any error was reported.
    pub(crate) fn any(&self) -> bool {
        self.any
    }
}
