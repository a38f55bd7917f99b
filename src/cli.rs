//! The command line: clap's types for every command and its arguments. What the commands do is
//! in [`crate::run`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::input::payload::EndpointArg;
use crate::input::{Format as InputFormat, Includes, ReadOptions};
use crate::report::Format;
use crate::suggest::render::As;

/// Lint Genesys Cloud conversation API traffic: HAR captures and JSON request bodies, checked
/// against the endpoint catalogue and the participants schema.
#[derive(Parser)]
#[command(name = "gclint", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// The rule's name or code, e.g. root-endpoint-patch or GC104 (codes in any case).
        rule: String,
    },
    /// Print the corrected requests of captures and payloads: as a .http file, curl commands, or
    /// JavaScript or Python SDK calls.
    Suggest(SuggestArgs),
    /// Write a copy of a capture with every credential replaced by a placeholder
    /// (`Bearer <redacted:86>`); every other byte stays as it was.
    Redact(RedactArgs),
    /// Print the completion script for a shell.
    ///
    /// E.g. `gclint completions bash > ~/.local/share/bash-completion/completions/gclint`, or for
    /// zsh into a directory of `$fpath` as `_gclint`.
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    ///
    /// E.g. `gclint man > /usr/local/share/man/man1/gclint.1`; `gclint man check` prints the page
    /// of a command (gclint-check.1), which gclint's page refers to.
    #[command(alias = "manpage")]
    Man {
        /// The command whose page is printed (e.g. check); without it, gclint's own page.
        command: Option<String>,
    },
    /// Serve the Language Server Protocol on stdin and stdout, for editors: the findings of the
    /// documents being written, as they are typed, with quick fixes.
    Server(ServerArgs),
}

#[derive(clap::Args)]
pub(crate) struct ServerArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
}

#[derive(clap::Args)]
pub(crate) struct RedactArgs {
    /// The capture to redact (HAR, SDK log, .http file, curl commands, JSON); `-` reads stdin.
    pub(crate) input: PathBuf,
    /// Write the redacted copy here (atomically) instead of to stdout.
    #[arg(short = 'o', long, value_name = "OUT", conflicts_with = "in_place")]
    pub(crate) output: Option<PathBuf>,
    /// Replace the input with its redacted copy (atomically), keeping the original as IN.bak.
    #[arg(long)]
    pub(crate) in_place: bool,
    /// With --in-place, keep no backup.
    #[arg(long, requires = "in_place")]
    pub(crate) no_backup: bool,
    /// Read the input as this format instead of telling formats apart by content.
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub(crate) input_format: InputFormat,
    /// The most a gzip or zstd input may expand to (e.g. 512M, 4G); more is an error.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = crate::input::decompress::parse_size)]
    pub(crate) max_decompressed_size: u64,
    /// The largest input read whole (e.g. 64M, 1G; 0 for no limit): every input but a HAR
    /// capture, which is redacted as a stream, and once expanded when compressed. A larger one
    /// is an error, and nothing is written.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = crate::input::decompress::parse_size)]
    pub(crate) max_file_size: u64,
}

#[derive(clap::Args)]
pub(crate) struct SuggestArgs {
    /// Captures, request files and payloads (directories are walked); `-` reads stdin.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// The form of the corrected requests [default: http; for JavaScript, TypeScript or Python
    /// source files, their own language].
    #[arg(long = "as", value_enum)]
    pub(crate) form: Option<As>,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RulesFormat {
    Human,
    Json,
    /// The rules reference, as docs/rules.md holds it.
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// How inputs are read (for `check` and `suggest`).
#[derive(clap::Args)]
pub(crate) struct InputArgs {
    /// The operation bare payload files are sent to, e.g.
    /// "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}".
    #[arg(long, value_name = "METHOD PATH")]
    pub(crate) endpoint: Option<EndpointArg>,
    /// Read every input as this format instead of telling formats apart by content.
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub(crate) input_format: InputFormat,
    /// The environment of `http-client.env.json` (next to a .http file) whose variables fill
    /// `{{placeholders}}`; without it, a file with one environment uses that one.
    #[arg(long, value_name = "NAME")]
    pub(crate) http_env: Option<String>,
    /// A Postman environment export (`*.postman_environment.json`) whose variables fill the
    /// `{{placeholders}}` of the Postman collections checked; without it, a collection's own
    /// variables only.
    #[arg(long, value_name = "FILE")]
    pub(crate) postman_environment: Option<std::path::PathBuf>,
    /// The most a gzip or zstd input may expand to (e.g. 512M, 4G); more is an error.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = crate::input::decompress::parse_size)]
    pub(crate) max_decompressed_size: u64,
    /// The largest request body or payload file checked (e.g. 16M, 1G; 0 for no limit); a larger
    /// one is reported as invalid-input and not checked.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::input::decompress::parse_size)]
    pub(crate) max_body_size: u64,
    /// Read body files (`< file` in a .http file, curl's `-d @file`) wherever they are; without
    /// it, only those in the directory of the file naming them, or below, are read.
    #[arg(long)]
    pub(crate) allow_includes_outside: bool,
    /// The largest input read whole (e.g. 64M, 1G; 0 for no limit): every input but a HAR
    /// capture, which is read as a stream, and once expanded when compressed. A larger one is
    /// reported as invalid-input and not checked.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = crate::input::decompress::parse_size)]
    pub(crate) max_file_size: u64,
}

impl InputArgs {
    pub(crate) fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format,
            http_env: self.http_env.clone(),
            postman_env: self.postman_environment.clone(),
            max_decompressed: self.max_decompressed_size,
            max_body: self.max_body_size,
            includes: if self.allow_includes_outside { Includes::Anywhere } else { Includes::Confined },
            max_file: self.max_file_size,
        }
    }
}

/// Which configuration file is read (for `check`, `suggest` and `server`; the server looks for one
/// from each document's folder).
#[derive(clap::Args)]
pub(crate) struct ConfigArgs {
    /// The configuration file (default: gclint.toml in the working directory or the nearest one
    /// above it; for `server`, in each document's folder or the nearest one above it).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub(crate) isolated: bool,
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files and directories to check (directories are walked); `-` reads stdin. Without one,
    /// the working directory is checked.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// How many threads check requests (default: one per CPU). The output is the same whatever
    /// the number.
    #[arg(long, short = 'j', value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// The OAuth client's scopes, comma-separated (e.g. `conversations,users:readonly`); without
    /// it, scopes recorded in the capture (GET /api/v2/tokens/me) are used.
    #[arg(long, value_name = "SCOPES", value_delimiter = ',')]
    pub(crate) scopes: Option<Vec<String>>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    /// Also write a report to a file, e.g. `--output sarif=gclint.sarif` (repeatable: one run,
    /// several reports).
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub(crate) output: Vec<(Format, PathBuf)>,
    /// When to use colour (machine formats never use it).
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: Color,
    /// The lowest severity that makes gclint exit with 1.
    #[arg(long, value_enum, default_value = "error")]
    pub(crate) fail_on: FailOn,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Run only these rules (comma-separated names, codes, or the start of codes: `GC1` for every
    /// GC1xx rule; `ALL` for every rule).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) select: Option<Vec<String>>,
    /// Run these rules as well as the selected ones (names, codes or the start of codes).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) extend_select: Vec<String>,
    /// Do not run these rules (names, codes or the start of codes), even when selected.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
    /// Hide the findings recorded in this baseline file (and report its stale entries).
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record the current findings in a baseline file, then exit 0.
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Print how many findings each rule has, most frequent first, instead of the findings.
    #[arg(long)]
    pub(crate) statistics: bool,
    /// Report at most N findings (the first N, in file order); the summary says how many more
    /// there were, and they still count for the exit code.
    #[arg(long, value_name = "N")]
    pub(crate) max_diagnostics: Option<usize>,
    /// Apply the safe fixes (enum case, `"action": "disconnect"`, attribute values) to payload
    /// and .http files, then report what is left. Recordings are never edited.
    #[arg(long, conflicts_with = "write_baseline")]
    pub(crate) fix: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long, conflicts_with = "write_baseline")]
    pub(crate) diff: bool,
    /// Check only shard I of N (e.g. 2/4) of the files: each file belongs to one shard, by its
    /// path, the same on every machine, so N CI jobs together check every file once.
    #[arg(long, value_name = "I/N", value_parser = crate::shard::Shard::parse)]
    pub(crate) shard: Option<crate::shard::Shard>,
    /// The SARIF run's category (`automationDetails.id`), which keeps several uploads for one
    /// commit apart (default with --shard: `gclint/shard-I-of-N/`).
    #[arg(long, value_name = "NAME")]
    pub(crate) sarif_category: Option<String>,
    /// Apply the configuration's `exclude` to files named on the command line too, not only to
    /// what a walk finds (for pre-commit and other tools that name every file changed).
    #[arg(long)]
    pub(crate) force_exclude: bool,
    /// Pass over a file named on the command line that holds nothing gclint reads (a shell
    /// script without curl, a text file), as a walk does, instead of reporting it as
    /// invalid-input. A file that claims a format (`.har`, `.http`) and cannot be read is still
    /// reported.
    #[arg(long)]
    pub(crate) skip_unrecognized: bool,
}

/// `--output FORMAT=PATH`: a report format and the file it goes to.
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

impl Color {
    /// Whether output on stdout is coloured: `auto` only on a terminal, and not with `NO_COLOR`.
    pub(crate) fn on_stdout(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::IsTerminal::is_terminal(&std::io::stdout()) && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

impl FailOn {
    /// The lowest severity that fails the run; `None` for `never`.
    pub(crate) fn threshold(self) -> Option<crate::diagnostic::Severity> {
        use crate::diagnostic::Severity;
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own checks of the definitions (conflicts and requirements name real arguments, no
    /// two arguments share a flag), which it otherwise makes only when that command is parsed.
    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
