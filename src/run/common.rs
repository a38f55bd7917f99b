//! What the commands share: their outcome, printing, the configuration, and linting the paths
//! given.

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Error, Errors};
use crate::cli::ConfigArgs;
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Options};
use crate::report;
use crate::report::human::Style;
use crate::shard::Shard;
use crate::stats::Stats;

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Exit 0: nothing at or above `--fail-on`, or the command did what it was asked.
    Pass,
    /// Exit 1: findings at or above `--fail-on` (or, for `--diff`, fixes to make).
    Fail,
    /// Exit 2: the command went on to its end, but reported errors on the way (see [`Errors`]).
    Errored,
}

impl Outcome {
    /// Errors reported on the way outweigh findings.
    pub(super) fn of(errors: &Errors, failing: bool) -> Outcome {
        if errors.any() {
            Outcome::Errored
        } else if failing {
            Outcome::Fail
        } else {
            Outcome::Pass
        }
    }
}

/// The exit code of an error, or of a run that reported errors.
pub(super) const ERROR: u8 = 2;

/// Writes command output to stdout.
pub(super) fn print(s: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (gclint ... | head) is not an error worth reporting.
    let _ = stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush());
}

/// Tells the user what was done or left out (`wrote 12 findings to the baseline b.json`), on
/// stderr; not an error.
pub(super) fn note(message: impl Display) {
    eprintln!("gclint: {message}");
}

/// The configuration named with `--config`, or found from the working directory up; none with
/// `--isolated`.
pub(super) fn load_config(args: &ConfigArgs) -> Result<Config, Error> {
    if args.isolated {
        return Ok(Config::default());
    }
    let path = match &args.config {
        Some(p) => p.clone(),
        None => match std::env::current_dir().ok().and_then(|d| config::discover(&d)) {
            Some(p) => p,
            None => return Ok(Config::default()),
        },
    };
    config::load(&path).map_err(|d| Error::Config(report::human::render(&[*d], Style { color: false, width: 100 })))
}

/// Reads and lints one file (or stdin for `-`): its counts, its findings, or why it cannot be read.
/// A file `named` on the command line must be a regular file; one `strict` is reported when it
/// holds nothing gclint reads (see `input::classify`), where a walk passes over it.
fn lint_file(path: &Path, named: bool, strict: bool, opts: &Options) -> (Stats, Vec<Diagnostic>, Option<Error>) {
    let mut stats = Stats::default();
    let mut found = Vec::new();
    let read = if path.as_os_str() == "-" {
        engine::lint_reader(crate::source::STDIN, std::io::stdin(), strict, opts, &mut stats, &mut found)
            .map_err(Error::Input)
    } else {
        // Most paths are UTF-8: taken as they are, not through the lossy conversion.
        let name = path.to_str().map_or_else(|| path.display().to_string(), str::to_owned);
        // A path named is refused unless it is a regular file (an error, exit 2); one found in a
        // walk was listed as one (and is opened without blocking all the same), and one that
        // cannot be opened is a finding, as an unreadable directory is.
        match if named { crate::files::open_regular(path) } else { crate::files::open_listed(path) } {
            Ok(file) => engine::lint_file(&name, file, strict, opts, &mut stats, &mut found).map_err(Error::Input),
            Err(e) if !named => {
                engine::unreadable(&name, format!("cannot read {name}: {e}"), opts, &mut stats, &mut found);
                Ok(())
            }
            Err(source) => Err(Error::Read { path: name, source }),
        }
    };
    (stats, found, read.err())
}

/// Which of the files found are read, and how the files named on the command line are taken.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Choice {
    /// Only the files (and unwalkable paths) of this shard are read; the others count for
    /// nothing, as if they were not there.
    pub shard: Option<Shard>,
    /// `--force-exclude`: the configuration's `exclude` passes over files named too (a hook names
    /// every file changed, excluded or not).
    pub force_exclude: bool,
    /// `--skip-unrecognized`: a file named that holds nothing gclint reads (a shell script
    /// without curl, notes, a manifest) is passed over quietly, as a walk passes over it,
    /// rather than reported as invalid-input.
    pub skip_unrecognized: bool,
}

/// Lints every file found under `paths` (see `input::walk`), in walk order: their counts and
/// their findings. A file named that cannot be read is reported to `errors`; what cannot be read
/// or walked in a directory is an invalid-input finding. `Err` for a path given that does not
/// exist. `choice` says which files are read, and how.
pub(super) fn lint_paths(
    paths: &[PathBuf],
    opts: &Options,
    errors: &mut Errors,
    choice: Choice,
) -> Result<(Stats, Vec<Diagnostic>), Error> {
    let elsewhere = |path: &Path| choice.shard.is_some_and(|s| !s.holds(&path.to_string_lossy()));
    // A file named in an excluded directory is excluded, as the walk would have left it out.
    let forced_out = |path: &Path| {
        choice.force_exclude && path.ancestors().any(|p| !p.as_os_str().is_empty() && opts.config.excluded(p))
    };
    let lint = |path: &Path, named: bool| {
        if elsewhere(path) || (named && forced_out(path)) {
            return (Stats::default(), Vec::new(), None);
        }
        lint_file(path, named, named && !choice.skip_unrecognized, opts)
    };
    let unwalked = |path: &Path, why: String| {
        let (mut stats, mut found) = (Stats::default(), Vec::new());
        if elsewhere(path) {
            return (stats, found, None);
        }
        let name = path.to_str().map_or_else(|| path.display().to_string(), str::to_owned);
        engine::unreadable(&name, why, opts, &mut stats, &mut found);
        (stats, found, None)
    };
    let excluded = |path: &Path| opts.config.excluded(path);
    // One file is read on this thread: the pool starts only if its requests need it.
    let results = match paths {
        [path] if !path.is_dir() => crate::input::walk_except(paths, &excluded, &lint, &unwalked),
        _ => opts.threads.install(|| crate::input::walk_except(paths, &excluded, &lint, &unwalked)),
    };
    if let Some(bar) = &opts.progress {
        bar.finish_and_clear();
    }
    let results = results.map_err(Error::Path)?;
    let mut stats = Stats::default();
    let mut diagnostics = Vec::with_capacity(results.iter().map(|(_, found, _)| found.len()).sum());
    stats.files_checked.reserve(results.len());
    for (file_stats, found, error) in results {
        if let Some(e) = error {
            errors.report(e);
        }
        stats.merge(file_stats);
        diagnostics.extend(found);
    }
    Ok((stats, diagnostics))
}
