//! The `gclint` command line. Everything it does is in the library; this file is the CLI only.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gclint::diagnostic::Severity;
use gclint::input::payload::EndpointArg;
use gclint::lint::{self, Options, Stats};
use gclint::report::human::Style;
use gclint::report::{self, Format, Report};
use gclint::rules;
use gclint::source::Source;

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
    Check(CheckArgs),
    /// List every rule with its default severity.
    Rules,
    /// Explain a rule: what it catches, why it matters, examples, the fix.
    Explain {
        /// The rule name, e.g. root-endpoint-patch.
        rule: String,
    },
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

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and directories to check (directories are walked); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The operation bare payload files are sent to, e.g.
    /// "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}".
    #[arg(long, value_name = "METHOD PATH")]
    endpoint: Option<EndpointArg>,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rules => {
            let mut out = String::new();
            for r in rules::ALL {
                out.push_str(&format!("{:<22} {:<8} {}\n", r.name, r.severity.as_str(), r.summary));
            }
            print(&out);
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::by_name(&rule) {
            Some(r) => {
                print(&format!("{} ({}): {}\n\n{}\n", r.name, r.severity.as_str(), r.summary, r.explanation));
                ExitCode::SUCCESS
            }
            None => {
                let names: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
                eprintln!("gclint: no rule named {rule:?}; the rules are: {}", names.join(", "));
                ExitCode::from(2)
            }
        },
        Command::Check(args) => check(args),
    }
}

fn print(s: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (gclint ... | head) is not an error worth reporting.
    let _ = stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush());
}

fn check(args: CheckArgs) -> ExitCode {
    let opts = Options { endpoint: args.endpoint };
    let mut io_error = false;
    let files = match gclint::input::discover(&args.paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("gclint: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stats = Stats::default();
    let mut diagnostics = Vec::new();
    for (path, explicit) in files {
        let (name, bytes) = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            match std::io::stdin().read_to_end(&mut buf) {
                Ok(_) => ("<stdin>".to_owned(), buf),
                Err(e) => {
                    eprintln!("gclint: cannot read stdin: {e}");
                    io_error = true;
                    continue;
                }
            }
        } else {
            match std::fs::read(&path) {
                Ok(b) => (path.display().to_string(), b),
                Err(e) => {
                    eprintln!("gclint: cannot read {}: {e}", path.display());
                    io_error = true;
                    continue;
                }
            }
        };
        let src = Source::new(name, bytes, explicit);
        lint::lint_source(&src, &opts, &mut stats, &mut diagnostics);
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
    let report = Report { diagnostics: &diagnostics, stats: &stats, fail_on };
    let screen = Style { color: color && args.format.is_human(), width: if color { terminal_width() } else { 100 } };
    print(&report::render(args.format, &report, screen));
    for (format, path) in &args.output {
        let text = report::render(*format, &report, Style { color: false, width: 100 });
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("gclint: cannot write {}: {e}", path.display());
            io_error = true;
        }
    }
    let github = args.format == Format::Github || args.output.iter().any(|(f, _)| *f == Format::Github);
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| github && !p.is_empty()) {
        let summary = report::github::step_summary(&report);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(summary.as_bytes()));
        if let Err(e) = written {
            eprintln!("gclint: cannot write the step summary to {}: {e}", PathBuf::from(path).display());
            io_error = true;
        }
    }
    if io_error {
        ExitCode::from(2)
    } else if fail_on.is_some_and(|t| diagnostics.iter().any(|d| d.severity >= t)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
