//! What the commands do: [`run`] takes the parsed command line, runs one command and turns how it
//! went into the exit code. Each command returns `Result<Outcome, Error>`; errors are printed in
//! one place ([`error::report`]), and every one of them means exit code 2.

mod check;
mod common;
mod error;
mod redact;
mod rules;
mod server;
mod shell;
mod suggest;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use common::{ERROR, Outcome};

/// Runs the command of `cli` and gives the process's exit code: 0 for a pass, 1 for findings, 2
/// for an error (printed here when it stopped the command, as it happened otherwise).
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check::check(*args),
        Command::Rules { format } => rules::rules(format),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Suggest(args) => suggest::suggest(args),
        Command::Redact(args) => redact::redact(&args),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { command } => shell::man(command.as_deref()),
        Command::Server(args) => server::server(&args),
    };
    match result {
        Ok(Outcome::Pass) => ExitCode::SUCCESS,
        Ok(Outcome::Fail) => ExitCode::from(1),
        Ok(Outcome::Errored) => ExitCode::from(ERROR),
        Err(e) => {
            error::report(&e);
            ExitCode::from(ERROR)
        }
    }
}
