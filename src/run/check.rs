//! `gclint check`: lint the inputs, apply or show fixes, keep or apply a baseline, and report.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::common::{Choice, Outcome, lint_paths, load_config, note, print};
use super::error::{Error, Errors};
use super::error::{Refusal, Target};
use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::config::{self, Selection};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Options};
use crate::files::Inputs;
use crate::report::human::Style;
use crate::report::{self, Format, Report};
use crate::rules::capture::Given;
use crate::stats::Stats;

/// Inputs larger than this (in bytes, all files together) get a progress bar on a terminal.
const PROGRESS_FROM: u64 = 8 << 20;

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Rule lists given on the command line (names, codes, code prefixes, `ALL`), checked: an entry
/// that selects no rule is a usage error.
fn rule_names(names: &[String]) -> Result<Vec<String>, Error> {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|n| {
            config::selector(n).map_err(|unknown| {
                let near = unknown.help().map(|h| format!("; {h}")).unwrap_or_default();
                Error::Usage(format!("{}{near} (`gclint rules` lists them)", unknown.message()))
            })
        })
        .collect()
}

/// Why a file `check` is to write (the `--write-baseline` file, the `--output` reports) may not
/// be written: it is one of the `inputs` of the run (a report may not replace the `baseline`
/// either, which `--write-baseline` may).
fn write_onto_input(
    (write_baseline, output): (Option<&Path>, &[(Format, PathBuf)]),
    inputs: &Inputs,
    baseline: &Inputs,
) -> Option<Refusal> {
    if let Some(path) = write_baseline.filter(|p| inputs.holds(p)) {
        return Some(Refusal::OntoInput { what: "the baseline", path: path.to_path_buf() });
    }
    let (_, path) = output.iter().find(|(_, p)| inputs.holds(p) || baseline.holds(p))?;
    Some(Refusal::OntoInput { what: "the report", path: path.clone() })
}

/// A file named twice among the files `check` is to write (`--output`, `--write-baseline`): the
/// second would replace the first. (A device such as /dev/null may take several.)
fn written_twice(write_baseline: Option<&Path>, output: &[(Format, PathBuf)]) -> Option<Refusal> {
    let targets: Vec<&Path> = write_baseline.into_iter().chain(output.iter().map(|(_, p)| p.as_path())).collect();
    let device = |p: &Path| std::fs::metadata(p).is_ok_and(|m| !m.is_file());
    let id = crate::files::FileId::of;
    targets.iter().enumerate().find_map(|(i, a)| {
        // As written (`r.txt` and `./r.txt` alike), or the same file through links.
        let same_name = |b: &Path| std::path::absolute(a).ok() == std::path::absolute(b).ok();
        let twice =
            targets.iter().take(i).any(|b| (same_name(b) && !device(a)) || id(a).is_some_and(|x| id(b) == Some(x)));
        twice.then(|| Refusal::NamedTwice(a.to_path_buf()))
    })
}

/// `--output FORMAT=-`: the report of FORMAT goes to stdout, in place of `--format`'s. One report
/// goes to stdout at most: two `-` outputs, or one beside a `--format` of another report than
/// the default, are a usage error (a file named `-` is never written).
fn stdout_report(args: &mut CheckArgs) -> Result<(), Error> {
    let to_stdout: Vec<Format> =
        args.output.iter().filter(|(_, p)| p.as_os_str() == "-").map(|(format, _)| *format).collect();
    match to_stdout.as_slice() {
        [] => return Ok(()),
        [format] if args.format == Format::Human || args.format == *format => args.format = *format,
        _ => {
            let name =
                |f: &Format| clap::ValueEnum::to_possible_value(f).map(|v| v.get_name().to_owned()).unwrap_or_default();
            let mut named: Vec<String> = to_stdout.iter().map(|f| format!("--output {}=-", name(f))).collect();
            if args.format != Format::Human {
                named.insert(0, format!("--format {}", name(&args.format)));
            }
            return Err(Error::Usage(format!(
                "one report at most goes to stdout, and {} each send one there; write the others to files",
                named.join(" and ")
            )));
        }
    }
    args.output.retain(|(_, p)| p.as_os_str() != "-");
    Ok(())
}

/// `gclint check`: exit 1 when a finding is at or above `--fail-on` (or `--diff` has fixes to
/// show), 2 when the run cannot start or something it reads or writes fails.
pub(super) fn check(mut args: CheckArgs) -> Result<Outcome, Error> {
    stdout_report(&mut args)?;
    let config = load_config(&args.config)?;
    let cli_selection = Selection {
        select: args.select.as_deref().map(rule_names).transpose()?,
        extend_select: rule_names(&args.extend_select)?,
        ignore: rule_names(&args.ignore)?,
    };
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose().map_err(Error::Baseline)?;
    // Writes that would land on a file this run reads are refused before anything is read (the
    // files named, the configuration, the baseline), and again once the walked files are known.
    let mut inputs = Inputs::default();
    for path in args.paths.iter().map(PathBuf::as_path).chain(config.path.as_deref()) {
        inputs.add(path);
    }
    let mut baseline_file = Inputs::default();
    if let Some(path) = &args.baseline {
        baseline_file.add(path);
    }
    if let Some(refusal) = write_onto_input((args.write_baseline.as_deref(), &args.output), &inputs, &baseline_file)
        .or_else(|| written_twice(args.write_baseline.as_deref(), &args.output))
    {
        return Err(refusal.into());
    }
    let config_shown = config.path.as_deref().map(|p| config::shown(p, &std::env::current_dir().unwrap_or_default()));
    let cli_scopes =
        args.scopes.map(|s| s.into_iter().map(|x| x.trim().to_owned()).filter(|x| !x.is_empty()).collect::<Vec<_>>());
    let scope_origin = match (&cli_scopes, &config.path) {
        (Some(_), _) => "--scopes".to_owned(),
        (None, Some(p)) => p.display().to_string(),
        (None, None) => String::new(),
    };
    let scopes = cli_scopes.or_else(|| config.scopes.clone());
    let selection = config.selection.merge(&cli_selection);
    let read = args.input.read_options();
    let github = args.format == Format::Github || args.output.iter().any(|(f, _)| *f == Format::Github);
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| github && !p.is_empty()).map(PathBuf::from);
    let sarif = args.format == Format::Sarif || args.output.iter().any(|(f, _)| *f == Format::Sarif);
    let opts = Options {
        endpoint: args.input.endpoint,
        given: Given { scopes, scopes_from: scope_origin },
        selection,
        config,
        read,
        progress: None,
        collect_secrets: github,
        threads: engine::Threads::new(args.jobs),
        // SARIF shows what comments suppress, as suppressed results.
        keep_suppressed: sarif,
    };
    let mut errors = Errors::default();
    let choice =
        Choice { shard: args.shard, force_exclude: args.force_exclude, skip_unrecognized: args.skip_unrecognized };
    // The findings of every file, in order, and those that comments suppress (kept for SARIF
    // only), or the first path that cannot be walked.
    let lint_all = |opts: &Options, errors: &mut Errors| -> Result<(Stats, Vec<Diagnostic>, Vec<Diagnostic>), Error> {
        let (stats, mut found) = lint_paths(&args.paths, opts, errors, choice)?;
        let mut suppressed = Vec::new();
        if opts.keep_suppressed && found.iter().any(|d| d.suppressed) {
            (suppressed, found) = found.into_iter().partition(|d| d.suppressed);
        }
        // The findings about the given scopes belong to no file: the first shard reports them.
        let scopes = if args.shard.is_none_or(|s| s.index == 1) { engine::check_given(opts) } else { Vec::new() };
        // The findings about the given scopes come first (the files' are not moved without them).
        if !scopes.is_empty() {
            found.splice(0..0, scopes);
        }
        Ok((stats, found, suppressed))
    };
    // Progress on stderr for large inputs, only for a person watching a terminal (the files are
    // measured only then).
    let watched = args.format == Format::Human && std::io::stderr().is_terminal();
    let size = |path: &Path, _| std::fs::metadata(path).map_or(0, |m| m.len());
    let total: u64 = if watched {
        opts.threads
            .install(|| crate::input::walk_except(&args.paths, &|p| opts.config.excluded(p), &size, &|_, _| 0))
            .map_or(0, |sizes| sizes.iter().sum())
    } else {
        0
    };
    let mut opts = Options { progress: (total > PROGRESS_FROM).then(|| progress_bar(total)), ..opts };
    let (mut stats, mut diagnostics, mut suppressed) = lint_all(&opts, &mut errors)?;
    // The files found by walking directories: only looked at when some file is to be written.
    if !args.output.is_empty() || args.write_baseline.is_some() || step_summary.is_some() {
        for name in stats.files_checked.iter().filter(|n| *n != crate::source::STDIN) {
            inputs.add(Path::new(name));
        }
        if let Some(refusal) = write_onto_input((args.write_baseline.as_deref(), &args.output), &inputs, &baseline_file)
        {
            return Err(refusal.into());
        }
    }
    // The runner's job summary is appended to, as the runner expects; but never to a file this run
    // read (told now: --fix replaces the files it edits).
    let step_summary = match step_summary {
        Some(path) if inputs.holds(&path) => {
            errors.report(Refusal::OntoInput { what: "the step summary", path }.into());
            None
        }
        other => other,
    };
    if args.fix || args.diff {
        let outcome = crate::suggest::fix::apply(&diagnostics, &opts.read, !args.diff);
        for m in &outcome.messages {
            note(m);
        }
        for e in &outcome.errors {
            errors.report(Error::Fix(e.clone()));
        }
        if args.diff {
            print(&outcome.diff);
            // The fixer's errors decide, not the files that could not be read above.
            return Ok(if !outcome.errors.is_empty() {
                Outcome::Errored
            } else if outcome.changed.is_empty() {
                Outcome::Pass
            } else {
                Outcome::Fail
            });
        }
        // Report what is left in the files as they are now.
        if !outcome.changed.is_empty() {
            opts.progress = None;
            (stats, diagnostics, suppressed) = lint_all(&opts, &mut errors)?;
        }
    }
    if let Some(path) = &args.write_baseline {
        let b = Baseline::of(&diagnostics, path);
        crate::files::write_atomic(path, b.to_json().as_bytes())
            .map_err(|e| Error::write(Target::File(path.clone()), e))?;
        note(format_args!("wrote {} findings to the baseline {}", b.findings.len(), path.display()));
        return Ok(Outcome::of(&errors, false));
    }
    let mut baselined = Vec::new();
    if let Some(b) = &baseline {
        let all = if sarif { diagnostics.clone() } else { Vec::new() };
        let mut outcome = b.apply(&mut diagnostics);
        if sarif {
            baselined = hidden_by(all, &diagnostics);
        }
        // An entry of another shard's file is not stale: that shard checks it.
        if let Some(shard) = args.shard {
            outcome.stale.retain(|e| shard.holds(&b.file_of(e).to_string_lossy()));
        }
        for e in &outcome.stale {
            note(format_args!("stale baseline entry (no longer found): {} in {}: {}", e.rule, e.path, e.message));
        }
        stats.baseline = Some(outcome);
    }
    // A finding lowered because another explains it stands on its own again when the baseline
    // hid that one (the configuration's notes were settled file by file by the engine).
    crate::diagnostic::restore_unexplained(&mut diagnostics, |rule| {
        opts.config.severity.get(rule.name).copied().unwrap_or(rule.severity)
    });
    let color = args.color.on_stdout();
    let fail_on = args.fail_on.threshold();
    let failing = fail_on.is_some_and(|t| diagnostics.iter().any(|d| d.severity >= t));
    // Counted over every finding, before --max-diagnostics leaves some out.
    let rule_counts = args.statistics.then(|| report::rule_counts(&diagnostics));
    if let Some(max) = args.max_diagnostics.filter(|&m| diagnostics.len() > m) {
        stats.dropped = diagnostics.len() - max;
        diagnostics.truncate(max);
        let more = if max == 0 { "" } else { "more " };
        note(format_args!("{} {more}findings not reported (--max-diagnostics {max})", stats.dropped));
    }
    stats.config = config_shown;
    let category = sarif_category(args.sarif_category.as_deref(), args.shard);
    let sarif = report::SarifRun { category: category.as_deref(), baselined: &baselined, suppressed: &suppressed };
    let report = Report { diagnostics: &diagnostics, stats: &stats, fail_on, sarif };
    let screen = Style { color: color && args.format.is_human(), width: terminal_width() };
    if let Some(shard) = args.shard.filter(|_| stats.files == 0) {
        note(format_args!("shard {}/{} holds none of the files to check", shard.index, shard.count));
    } else if nothing_found(&stats, &diagnostics) {
        note(format_args!("no files found to check in {}", shown_paths(&args.paths)));
    }
    if let Some(rows) = rule_counts.as_deref().filter(|_| matches!(args.format, Format::Human | Format::Json)) {
        print(&if args.format == Format::Json {
            report::json::render_statistics(rows, &diagnostics, &stats)
        } else {
            report::statistics(rows, &diagnostics, &stats)
        });
    } else if args.format.is_human() && nothing_found(&stats, &diagnostics) {
        // Said on stderr above: "no problems in 0 files" would read as a pass over something.
    } else {
        // Many findings are rendered on every thread (see report::PARALLEL_FROM).
        let render = || report::render(args.format, &report, screen);
        print(&if diagnostics.len() >= report::PARALLEL_FROM { opts.threads.install(render) } else { render() });
    }
    for (format, path) in &args.output {
        let text = report::render_file(*format, &report, Style { color: false, width: 100 });
        if let Err(e) = crate::files::write_atomic(path, text.as_bytes()) {
            errors.report(Error::write(Target::File(path.clone()), e));
        }
    }
    if let Some(path) = step_summary {
        let summary = report::github::step_summary(&report);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(summary.as_bytes()));
        if let Err(e) = written {
            errors.report(Error::write(Target::StepSummary(path), e));
        }
    }
    // The process ends now: freeing the findings one by one would only take time.
    std::mem::forget(diagnostics);
    Ok(Outcome::of(&errors, failing))
}

/// Whether the run found no file gclint reads (an empty directory, or only files it skips), as
/// ruff's "No Python files found": exit 0, said on stderr.
fn nothing_found(stats: &Stats, diagnostics: &[Diagnostic]) -> bool {
    stats.files == stats.skipped && diagnostics.is_empty() && stats.dropped == 0
}

/// The paths of the command line, as typed, for a message.
fn shown_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// The width human output is fitted to: `COLUMNS` when set (as clap and miette read it), else
/// the terminal's when stdout is one, else 100 (piped: stable in logs and snapshots).
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w > 0)
        .or_else(|| terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0)))
        .unwrap_or(100)
        // Narrower than this, nothing fits, and the underline art needs room for its gutter.
        .max(40)
}

/// The findings of `all` that are not in `kept`, which is `all` with some left out (in order).
fn hidden_by(all: Vec<Diagnostic>, kept: &[Diagnostic]) -> Vec<Diagnostic> {
    let same = |a: &Diagnostic, b: &Diagnostic| {
        a.fingerprint == b.fingerprint && a.path == b.path && a.line == b.line && a.column == b.column
    };
    let mut next = kept.iter().peekable();
    all.into_iter()
        .filter(|d| {
            if next.peek().is_some_and(|k| same(k, d)) {
                next.next();
                false
            } else {
                true
            }
        })
        .collect()
}

/// The SARIF run's `automationDetails.id`: the category given, or the shard's. GitHub takes what
/// comes before the last `/` as the category, so the id ends with one.
fn sarif_category(given: Option<&str>, shard: Option<crate::shard::Shard>) -> Option<String> {
    match given.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if c.ends_with('/') => Some(c.to_owned()),
        Some(c) => Some(format!("{c}/")),
        None => shard.map(|s| s.category()),
    }
}
