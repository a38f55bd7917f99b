//! `gclint completions SHELL` and `gclint man`: generated from the clap definitions in
//! [`crate::cli`], so the scripts and the pages name exactly the flags the binary takes.

use std::path::PathBuf;

use clap::CommandFactory;

use super::common::{Outcome, print};
use super::error::{Error, Target};
use crate::cli::Cli;

/// Prints the completion script for `shell` on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<Outcome, Error> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gclint", &mut out);
    print(&String::from_utf8_lossy(&out));
    Ok(Outcome::Pass)
}

/// Prints gclint's man page (roff) on stdout, or with `command`, that command's page
/// (`gclint-check(1)`, as gclint's page names it, the way git's commands have theirs).
pub(super) fn man(command: Option<&str>) -> Result<Outcome, Error> {
    let mut cmd = Cli::command();
    // Built, so that the subcommands carry their help flags and version as when parsed.
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let names: Vec<&str> =
                    cmd.get_subcommands().map(clap::Command::get_name).filter(|n| *n != "help").collect();
                return Err(Error::Usage(format!("no command {name:?}; one of {}", names.join(", "))));
            };
            let full = format!("gclint-{}", sub.get_name());
            sub.clone().name(full.clone()).display_name(full).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    // Rendering into memory cannot fail; were it to, it is said, not passed over.
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| Error::write(Target::File(PathBuf::from("<man page>")), e))?;
    print(&String::from_utf8_lossy(&out));
    Ok(Outcome::Pass)
}
