//! The `gclint` command line. Everything it does is in the library; this file is the CLI only.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gclint::baseline::Baseline;
use gclint::config::{self, Config, Selection};
use gclint::diagnostic::Severity;
use gclint::engine::{self as lint, Options};
use gclint::input::payload::EndpointArg;
use gclint::input::{Format as InputFormat, Includes, ReadOptions};
use gclint::report::human::Style;
use gclint::report::{self, Format, Report};
use gclint::rules;
use gclint::rules::capture::Given;
use gclint::stats::Stats;
use gclint::suggest::render::As;

/// mimalloc: checking a capture allocates and frees on several threads at once, where glibc's
/// allocator spends a tenth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// MI_OPTION_ALLOW_THP, read from mimalloc.h by build.rs.
include!(concat!(env!("OUT_DIR"), "/allocator.rs"));

/// No transparent huge pages: the first touch of each 2 MiB page zeroes all of it, a fifth of a
/// one-payload run; with 4 KiB pages a 1 GiB HAR also peaks lower and ends sooner. This runs
/// before `main`, as the runtime's first allocation reserves the allocator's memory.
#[ctor::ctor(unsafe)]
fn no_transparent_huge_pages() {
    // SAFETY: sets a plain integer option of the allocator, before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) };
}

/// Lint Genesys Cloud conversation API traffic: HAR captures and JSON request bodies, checked
/// against the endpoint catalogue and the participants schema.
#[derive(Parser)]
#[command(name = "gclint", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check captures (HAR), HAR request objects and JSON payload files.
    Check(Box<CheckArgs>),
    /// List every rule with its code and default severity.
    Rules {
        /// `human` (a table) or `json`.
        #[arg(long, value_enum, default_value = "human")]
        format: RulesFormat,
    },
    /// Explain a rule: what it catches, why it matters, examples, the fix.
    Explain {
        /// The rule name, e.g. root-endpoint-patch.
        rule: String,
    },
    /// Print the corrected requests of captures and payloads: as a .http file, curl commands, or
    /// JavaScript or Python SDK calls.
    Suggest(SuggestArgs),
    /// Write a copy of a capture with every credential replaced by a placeholder
    /// (`Bearer <redacted:86>`); every other byte stays as it was.
    Redact(RedactArgs),
}

#[derive(clap::Args)]
struct RedactArgs {
    /// The capture to redact (HAR, SDK log, .http file, curl commands, JSON); `-` reads stdin.
    input: PathBuf,
    /// Write the redacted copy here (atomically) instead of to stdout.
    #[arg(short = 'o', long, value_name = "OUT", conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Replace the input with its redacted copy (atomically), keeping the original as IN.bak.
    #[arg(long)]
    in_place: bool,
    /// With --in-place, keep no backup.
    #[arg(long, requires = "in_place")]
    no_backup: bool,
    /// Read the input as this format instead of telling formats apart by content.
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    input_format: InputFormat,
    /// The most a gzip or zstd input may expand to (e.g. 512M, 4G); more is an error.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = gclint::input::decompress::parse_size)]
    max_decompressed_size: u64,
}

#[derive(clap::Args)]
struct SuggestArgs {
    /// Captures, request files and payloads (directories are walked); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The form of the corrected requests.
    #[arg(long = "as", value_enum, default_value = "http")]
    form: As,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    /// The rules reference, as docs/rules.md holds it.
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// How inputs are read (for `check` and `suggest`).
#[derive(clap::Args)]
struct InputArgs {
    /// The operation bare payload files are sent to, e.g.
    /// "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}".
    #[arg(long, value_name = "METHOD PATH")]
    endpoint: Option<EndpointArg>,
    /// Read every input as this format instead of telling formats apart by content.
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    input_format: InputFormat,
    /// The environment of `http-client.env.json` (next to a .http file) whose variables fill
    /// `{{placeholders}}`; without it, a file with one environment uses that one.
    #[arg(long, value_name = "NAME")]
    http_env: Option<String>,
    /// The most a gzip or zstd input may expand to (e.g. 512M, 4G); more is an error.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = gclint::input::decompress::parse_size)]
    max_decompressed_size: u64,
    /// The largest request body or payload file checked (e.g. 16M, 1G; 0 for no limit); a larger
    /// one is reported as invalid-input and not checked.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = gclint::input::decompress::parse_size)]
    max_body_size: u64,
    /// Read body files (`< file` in a .http file, curl's `-d @file`) wherever they are; without
    /// it, only those in the directory of the file naming them, or below, are read.
    #[arg(long)]
    allow_includes_outside: bool,
    /// The largest input read whole (e.g. 64M, 1G; 0 for no limit): every input but a HAR
    /// capture, which is read as a stream, and once expanded when compressed. A larger one is
    /// reported as invalid-input and not checked.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = gclint::input::decompress::parse_size)]
    max_file_size: u64,
}

impl InputArgs {
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format,
            http_env: self.http_env.clone(),
            max_decompressed: self.max_decompressed_size,
            max_body: self.max_body_size,
            includes: if self.allow_includes_outside { Includes::Anywhere } else { Includes::Confined },
            max_file: self.max_file_size,
        }
    }
}

/// Which configuration file is read (for `check` and `suggest`).
#[derive(clap::Args)]
struct ConfigArgs {
    /// The configuration file (default: gclint.toml in the working directory or the nearest one
    /// above it).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and directories to check (directories are walked); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// How many threads check requests (default: one per CPU). The output is the same whatever
    /// the number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// The OAuth client's scopes, comma-separated (e.g. `conversations,users:readonly`); without
    /// it, scopes recorded in the capture (GET /api/v2/tokens/me) are used.
    #[arg(long, value_name = "SCOPES", value_delimiter = ',')]
    scopes: Option<Vec<String>>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Also write a report to a file, e.g. `--output sarif=gclint.sarif` (repeatable: one run,
    /// several reports).
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_output)]
    output: Vec<(Format, PathBuf)>,
    /// When to use colour (machine formats never use it).
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// The lowest severity that makes gclint exit with 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    #[command(flatten)]
    config: ConfigArgs,
    /// Run only these rules (comma-separated names; `ALL` for every rule).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Run these rules as well as the selected ones.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Hide the findings recorded in this baseline file (and report its stale entries).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in a baseline file, then exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print how many findings each rule has, most frequent first, instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Report at most N findings (the first N, in file order); the summary says how many more
    /// there were, and they still count for the exit code.
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<usize>,
    /// Apply the safe fixes (enum case, `"action": "disconnect"`, attribute values) to payload
    /// and .http files, then report what is left. Recordings are never edited.
    #[arg(long, conflicts_with = "write_baseline")]
    fix: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long, conflicts_with = "write_baseline")]
    diff: bool,
}

/// Inputs larger than this (in bytes, all files together) get a progress bar on a terminal.
const PROGRESS_FROM: u64 = 8 << 20;

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Reads and lints one file (or stdin for `-`): its counts, its findings, or why it cannot be read.
fn lint_file(
    path: &std::path::Path,
    explicit: bool,
    opts: &Options,
) -> (Stats, Vec<gclint::diagnostic::Diagnostic>, Option<String>) {
    let mut stats = Stats::default();
    let mut found = Vec::new();
    let read = if path.as_os_str() == "-" {
        lint::lint_reader(gclint::source::STDIN, std::io::stdin(), explicit, opts, &mut stats, &mut found)
    } else {
        // Most paths are UTF-8: taken as they are, not through the lossy conversion.
        let name = path.to_str().map_or_else(|| path.display().to_string(), str::to_owned);
        // A path named is refused unless it is a regular file (an error, exit 2); one found in a
        // walk was listed as one (and is opened without blocking all the same), and one that
        // cannot be opened is a finding, as an unreadable directory is.
        match if explicit { gclint::files::open_regular(path) } else { gclint::files::open_listed(path) } {
            Ok(file) => lint::lint_file(&name, file, explicit, opts, &mut stats, &mut found),
            Err(e) if !explicit => {
                lint::unreadable(&name, format!("cannot read {name}: {e}"), opts, &mut stats, &mut found);
                Ok(())
            }
            Err(e) => Err(format!("cannot read {name}: {e}")),
        }
    };
    (stats, found, read.err())
}

/// Lints every file found under `paths` (see `input::walk`), in walk order: their counts, their
/// findings, and whether some file named could not be read (each such error is printed); what
/// cannot be read or walked in a directory is an invalid-input finding. `Err` for a path given
/// that does not exist.
fn lint_paths(paths: &[PathBuf], opts: &Options) -> Result<(Stats, Vec<gclint::diagnostic::Diagnostic>, bool), String> {
    let lint = |path: &std::path::Path, explicit: bool| lint_file(path, explicit, opts);
    let unwalked = |path: &std::path::Path, why: String| {
        let (mut stats, mut found) = (Stats::default(), Vec::new());
        let name = path.to_str().map_or_else(|| path.display().to_string(), str::to_owned);
        lint::unreadable(&name, why, opts, &mut stats, &mut found);
        (stats, found, None)
    };
    // One file is read on this thread: the pool starts only if its requests need it.
    let results = match paths {
        [path] if !path.is_dir() => gclint::input::walk(paths, &lint, &unwalked),
        _ => opts.threads.install(|| gclint::input::walk(paths, &lint, &unwalked)),
    };
    if let Some(bar) = &opts.progress {
        bar.finish_and_clear();
    }
    let results = results?;
    let mut stats = Stats::default();
    let mut io_error = false;
    let mut diagnostics = Vec::with_capacity(results.iter().map(|(_, found, _)| found.len()).sum());
    stats.files_checked.reserve(results.len());
    for (file_stats, found, error) in results {
        if let Some(e) = error {
            eprintln!("gclint: {e}");
            io_error = true;
        }
        stats.merge(file_stats);
        diagnostics.extend(found);
    }
    Ok((stats, diagnostics, io_error))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rules { format } => {
            let out = match format {
                RulesFormat::Human => rules::rules()
                    .map(|r| format!("{:<32} {} {:<8} {}\n", r.name, r.code, r.severity.as_str(), r.summary))
                    .collect(),
                RulesFormat::Json => {
                    let list: Vec<serde_json::Value> = rules::rules()
                        .map(|r| {
                            serde_json::json!({"name": r.name, "code": r.code, "severity": r.severity,
                                "summary": r.summary, "explanation": r.explanation})
                        })
                        .collect();
                    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
                }
                RulesFormat::Markdown => rules::markdown(),
            };
            print(&out);
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::by_name(&rule) {
            Some(r) => {
                print(&format!("{} ({}): {}\n\n{}\n", r.name, r.severity.as_str(), r.summary, r.explanation));
                ExitCode::SUCCESS
            }
            None => {
                let names: Vec<&str> = rules::rules().map(|r| r.name).collect();
                eprintln!("gclint: no rule named {rule:?}; the rules are: {}", names.join(", "));
                ExitCode::from(2)
            }
        },
        Command::Check(args) => check(*args),
        Command::Suggest(args) => suggest(args),
        Command::Redact(args) => redact(&args),
    }
}

/// `gclint redact`: exit 0 when the copy is written, 2 when the input cannot be read or
/// redacted completely or the copy cannot be written (nothing is written then, and the input is
/// untouched). The input is read as a stream (a HAR a window of entries at a time) into a
/// temporary file, which becomes the copy only when the whole redaction succeeded.
fn redact(args: &RedactArgs) -> ExitCode {
    let stdin = args.input.as_os_str() == "-";
    if stdin && args.in_place {
        eprintln!("gclint: --in-place needs a file, not stdin");
        return ExitCode::from(2);
    }
    // Where the copy goes, settled before the input is read. In place, a link named as the input
    // stays a link: the file it leads to is redacted. A copy never goes onto its own input.
    let in_place = match args.in_place.then(|| gclint::files::resolve_link(&args.input)).transpose() {
        Ok(real) => real,
        Err(e) => {
            eprintln!("gclint: cannot read {}: {e}", args.input.display());
            return ExitCode::from(2);
        }
    };
    if let Some(out) = &args.output {
        let mut input = gclint::files::Inputs::default();
        input.add(if stdin { std::path::Path::new("-") } else { &args.input });
        if input.holds(out) {
            eprintln!(
                "gclint: refusing to write the redacted copy onto {}: it is the input; --in-place replaces the input (keeping a .bak copy)",
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    let name = if stdin { gclint::source::STDIN.to_owned() } else { args.input.display().to_string() };
    let opts = ReadOptions {
        format: args.input_format,
        http_env: None,
        max_decompressed: args.max_decompressed_size,
        max_body: 0,
        includes: Includes::Confined,
        max_file: 0,
    };
    // The copy is written to a temporary file next to its target, renamed over it at the end
    // (see files::Atomic), or, for stdout, to an unnamed temporary file copied out at the end: a
    // failure writes nothing.
    enum Copy<'t> {
        Target(gclint::files::Atomic, &'t std::path::Path),
        Stdout(std::fs::File),
    }
    let made = match in_place.as_ref().or(args.output.as_ref()) {
        Some(target) => gclint::files::Atomic::create(target).map(|out| Copy::Target(out, target)),
        None => tempfile::tempfile().map(Copy::Stdout),
    };
    let mut copy = match made {
        Ok(copy) => copy,
        Err(e) => {
            eprintln!("gclint: cannot write the copy of {name}: {e}; nothing was written");
            return ExitCode::from(2);
        }
    };
    let redacted = {
        let file = match &mut copy {
            Copy::Target(out, _) => out.file(),
            Copy::Stdout(file) => file,
        };
        let mut sink = std::io::BufWriter::new(file);
        let done = if stdin {
            gclint::redact::redact_to(std::io::stdin(), &name, &opts, &mut sink)
        } else {
            match gclint::files::open_regular(&args.input) {
                Ok(file) => gclint::redact::redact_to(std::io::BufReader::new(file), &name, &opts, &mut sink),
                Err(e) => {
                    eprintln!("gclint: cannot read {name}: {e}");
                    return ExitCode::from(2);
                }
            }
        };
        done.and_then(|s| {
            sink.flush().map_err(|e| gclint::redact::Error(format!("cannot write the copy: {e}")))?;
            Ok(s)
        })
    };
    let redacted = match redacted {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gclint: cannot redact {name}: {e}; nothing was written");
            return ExitCode::from(2);
        }
    };
    let (out, target) = match copy {
        Copy::Target(out, target) => (out, target),
        Copy::Stdout(mut file) => {
            let mut stdout = std::io::stdout().lock();
            let copied = std::io::Seek::rewind(&mut file)
                .and_then(|_| std::io::copy(&mut file, &mut stdout))
                .and_then(|_| stdout.flush());
            if let Err(e) = copied {
                eprintln!("gclint: cannot write to stdout: {e}");
                return ExitCode::from(2);
            }
            eprintln!("gclint: redacted {} in {name} (read as {})", redacted.summary(), redacted.format.name());
            return ExitCode::SUCCESS;
        }
    };
    if args.in_place && !args.no_backup {
        // Next to the file redacted, which is where a link named as the input leads; a streamed
        // copy (a capture may be large) with the original's permissions.
        let mut backup = target.as_os_str().to_owned();
        backup.push(".bak");
        let backup = PathBuf::from(backup);
        let copied = gclint::files::open_regular(target).map_err(|e| std::io::Error::other(e.to_string())).and_then(
            |mut original| {
                let mut copy = gclint::files::Atomic::copy_of(target, &backup)?;
                std::io::copy(&mut original, copy.file())?;
                copy.commit()
            },
        );
        if let Err(e) = copied {
            eprintln!("gclint: cannot write the backup {}: {e}; {name} is untouched", backup.display());
            return ExitCode::from(2);
        }
    }
    if let Err(e) = out.commit() {
        eprintln!("gclint: cannot write {}: {e}; {name} is untouched", target.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "gclint: redacted {} in {name} (read as {}); wrote {}",
        redacted.summary(),
        redacted.format.name(),
        target.display()
    );
    ExitCode::SUCCESS
}

fn print(s: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (gclint ... | head) is not an error worth reporting.
    let _ = stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush());
}

/// Rule names given on the command line, checked: a misspelt name is a usage error.
fn rule_names(names: &[String]) -> Result<Vec<String>, String> {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|n| {
            if n == "ALL" || rules::by_name(n).is_some() {
                Ok(n.to_owned())
            } else {
                let near = gclint::text::closest(n, rules::rules().map(|r| r.name))
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                Err(format!("no rule is named `{n}`{near} (`gclint rules` lists them)"))
            }
        })
        .collect()
}

/// The configuration named with `--config`, or found from the working directory up; none with
/// `--isolated`.
fn load_config(args: &ConfigArgs) -> Result<Config, ExitCode> {
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
    config::load(&path).map_err(|d| {
        eprint!("{}", report::human::render(&[*d], Style { color: false, width: 100 }));
        ExitCode::from(2)
    })
}

/// Why a file `check` is to write (the `--write-baseline` file, the `--output` reports) may not
/// be written: it is one of the `inputs` of the run (a report may not replace the `baseline`
/// either, which `--write-baseline` may).
fn write_onto_input(
    (write_baseline, output): (Option<&std::path::Path>, &[(Format, PathBuf)]),
    inputs: &gclint::files::Inputs,
    baseline: &gclint::files::Inputs,
) -> Option<String> {
    if let Some(path) = write_baseline.filter(|p| inputs.holds(p)) {
        return Some(gclint::files::onto_input("the baseline", path));
    }
    let (_, path) = output.iter().find(|(_, p)| inputs.holds(p) || baseline.holds(p))?;
    Some(gclint::files::onto_input("the report", path))
}

/// A file named twice among the files `check` is to write (`--output`, `--write-baseline`): the
/// second would replace the first. (A device such as /dev/null may take several.)
fn written_twice(write_baseline: Option<&std::path::Path>, output: &[(Format, PathBuf)]) -> Option<String> {
    let targets: Vec<&std::path::Path> =
        write_baseline.into_iter().chain(output.iter().map(|(_, p)| p.as_path())).collect();
    let device = |p: &std::path::Path| std::fs::metadata(p).is_ok_and(|m| !m.is_file());
    let id = gclint::files::FileId::of;
    targets.iter().enumerate().find_map(|(i, a)| {
        // As written (`r.txt` and `./r.txt` alike), or the same file through links.
        let same_name = |b: &std::path::Path| std::path::absolute(a).ok() == std::path::absolute(b).ok();
        let twice =
            targets.iter().take(i).any(|b| (same_name(b) && !device(a)) || id(a).is_some_and(|x| id(b) == Some(x)));
        twice.then(|| {
            format!(
                "{} is named twice as a file to write: one report would replace the other; name one file for each",
                a.display()
            )
        })
    })
}

fn check(args: CheckArgs) -> ExitCode {
    let config = match load_config(&args.config) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let cli_selection = match (|| -> Result<Selection, String> {
        Ok(Selection {
            select: args.select.as_deref().map(rule_names).transpose()?,
            extend_select: rule_names(&args.extend_select)?,
            ignore: rule_names(&args.ignore)?,
        })
    })() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gclint: {e}");
            return ExitCode::from(2);
        }
    };
    let baseline = match args.baseline.as_deref().map(Baseline::read).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gclint: {e}");
            return ExitCode::from(2);
        }
    };
    // Writes that would land on a file this run reads are refused before anything is read (the
    // files named, the configuration, the baseline), and again once the walked files are known.
    let mut inputs = gclint::files::Inputs::default();
    for path in args.paths.iter().map(PathBuf::as_path).chain(config.path.as_deref()) {
        inputs.add(path);
    }
    let mut baseline_file = gclint::files::Inputs::default();
    if let Some(path) = &args.baseline {
        baseline_file.add(path);
    }
    if let Some(refusal) = write_onto_input((args.write_baseline.as_deref(), &args.output), &inputs, &baseline_file)
        .or_else(|| written_twice(args.write_baseline.as_deref(), &args.output))
    {
        eprintln!("gclint: {refusal}");
        return ExitCode::from(2);
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
    let opts = Options {
        endpoint: args.input.endpoint,
        given: Given { scopes, scopes_from: scope_origin },
        selection,
        config,
        read,
        progress: None,
        collect_secrets: github,
        threads: lint::Threads::new(args.jobs),
    };
    // The findings of every file, in order, or the first path that cannot be walked.
    let lint_all = |opts: &Options| -> Result<(Stats, Vec<gclint::diagnostic::Diagnostic>, bool), String> {
        let (stats, mut found, io_error) = lint_paths(&args.paths, opts)?;
        let scopes = lint::check_given(opts);
        // The findings about the given scopes come first (the files' are not moved without them).
        if !scopes.is_empty() {
            found.splice(0..0, scopes);
        }
        Ok((stats, found, io_error))
    };
    // Progress on stderr for large inputs, only for a person watching a terminal (the files are
    // measured only then).
    let watched = args.format == Format::Human && std::io::stderr().is_terminal();
    let size = |path: &std::path::Path, _| std::fs::metadata(path).map_or(0, |m| m.len());
    let total: u64 = if watched {
        opts.threads
            .install(|| gclint::input::walk(&args.paths, &size, &|_, _| 0))
            .map_or(0, |sizes| sizes.iter().sum())
    } else {
        0
    };
    let mut opts = Options { progress: (total > PROGRESS_FROM).then(|| progress_bar(total)), ..opts };
    let (mut stats, mut diagnostics, mut io_error) = match lint_all(&opts) {
        Ok(linted) => linted,
        Err(e) => {
            eprintln!("gclint: {e}");
            return ExitCode::from(2);
        }
    };
    // The files found by walking directories: only looked at when some file is to be written.
    if !args.output.is_empty() || args.write_baseline.is_some() || step_summary.is_some() {
        for name in stats.files_checked.iter().filter(|n| *n != gclint::source::STDIN) {
            inputs.add(std::path::Path::new(name));
        }
        if let Some(refusal) = write_onto_input((args.write_baseline.as_deref(), &args.output), &inputs, &baseline_file)
        {
            eprintln!("gclint: {refusal}");
            return ExitCode::from(2);
        }
    }
    // The runner's job summary is appended to, as the runner expects; but never to a file this run
    // read (told now: --fix replaces the files it edits).
    let step_summary = match step_summary {
        Some(path) if inputs.holds(&path) => {
            eprintln!("gclint: {}", gclint::files::onto_input("the step summary", &path));
            io_error = true;
            None
        }
        other => other,
    };
    if args.fix || args.diff {
        let outcome = gclint::suggest::fix::apply(&diagnostics, &opts.read, !args.diff);
        for m in &outcome.messages {
            eprintln!("gclint: {m}");
        }
        for e in &outcome.errors {
            eprintln!("gclint: {e}");
        }
        if args.diff {
            print(&outcome.diff);
            return if !outcome.errors.is_empty() {
                ExitCode::from(2)
            } else if outcome.changed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
        }
        io_error |= !outcome.errors.is_empty();
        // Report what is left in the files as they are now.
        if !outcome.changed.is_empty() {
            opts.progress = None;
            match lint_all(&opts) {
                Ok((s, d, e)) => (stats, diagnostics, io_error) = (s, d, e || io_error),
                Err(e) => {
                    eprintln!("gclint: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    if let Some(path) = &args.write_baseline {
        let b = Baseline::of(&diagnostics);
        return match gclint::files::write_atomic(path, b.to_json().as_bytes()) {
            Ok(()) => {
                eprintln!("gclint: wrote {} findings to the baseline {}", b.findings.len(), path.display());
                if io_error { ExitCode::from(2) } else { ExitCode::SUCCESS }
            }
            Err(e) => {
                eprintln!("gclint: cannot write {}: {e}", path.display());
                ExitCode::from(2)
            }
        };
    }
    if let Some(b) = &baseline {
        let outcome = b.apply(&mut diagnostics);
        for e in &outcome.stale {
            eprintln!("gclint: stale baseline entry (no longer found): {} in {}: {}", e.rule, e.path, e.message);
        }
        stats.baseline = Some(outcome);
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let fail_on = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = fail_on.is_some_and(|t| diagnostics.iter().any(|d| d.severity >= t));
    if let Some(max) = args.max_diagnostics.filter(|&m| diagnostics.len() > m) {
        stats.dropped = diagnostics.len() - max;
        diagnostics.truncate(max);
        eprintln!("gclint: {} more findings not reported (--max-diagnostics {max})", stats.dropped);
    }
    stats.config = config_shown;
    let report = Report { diagnostics: &diagnostics, stats: &stats, fail_on };
    let screen = Style { color: color && args.format.is_human(), width: if color { terminal_width() } else { 100 } };
    if args.statistics && args.format.is_human() {
        print(&report::statistics(&diagnostics, &stats));
    } else {
        // Many findings are rendered on every thread (see report::PARALLEL_FROM).
        let render = || report::render(args.format, &report, screen);
        print(&if diagnostics.len() >= report::PARALLEL_FROM { opts.threads.install(render) } else { render() });
    }
    for (format, path) in &args.output {
        let text = report::render_file(*format, &report, Style { color: false, width: 100 });
        if let Err(e) = gclint::files::write_atomic(path, text.as_bytes()) {
            eprintln!("gclint: cannot write {}: {e}", path.display());
            io_error = true;
        }
    }
    if let Some(path) = &step_summary {
        let summary = report::github::step_summary(&report);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(summary.as_bytes()));
        if let Err(e) = written {
            eprintln!("gclint: cannot write the step summary to {}: {e}", path.display());
            io_error = true;
        }
    }
    // The process ends now: freeing the findings one by one would only take time.
    std::mem::forget(diagnostics);
    if io_error {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `gclint suggest`: the corrected requests of every finding that has them, in one form. Exit 2
/// when an input (or a part of one) could not be read.
fn suggest(args: SuggestArgs) -> ExitCode {
    let config = match load_config(&args.config) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let read = args.input.read_options();
    let selection = config.selection.clone();
    let opts = Options { endpoint: args.input.endpoint, read, selection, config, ..Options::default() };
    let (_, diagnostics, io_error) = match lint_paths(&args.paths, &opts) {
        Ok(linted) => linted,
        Err(e) => {
            eprintln!("gclint: {e}");
            return ExitCode::from(2);
        }
    };
    let corrected = gclint::suggest::render::corrected(&diagnostics);
    if corrected.is_empty() {
        eprintln!("gclint: nothing to suggest: no finding with a corrected request");
    } else {
        print(&gclint::suggest::render::render(&corrected, args.form));
    }
    // What could not be read was not looked at for suggestions either: said, and not a pass.
    let unread: Vec<_> = diagnostics.iter().filter(|d| d.rule.name == rules::INVALID_INPUT.name).collect();
    for d in &unread {
        let at = d.line.zip(d.column).map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
        eprintln!("gclint: {}{at}: {}", d.path, d.message);
    }
    if io_error || !unread.is_empty() { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

fn parse_output(s: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = s.split_once('=').ok_or_else(|| format!("expected FORMAT=PATH, got {s:?}"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        format!("unknown format {format:?}; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the output path is empty".into());
    }
    Ok((format, PathBuf::from(path)))
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100)
}
