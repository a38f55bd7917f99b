//! `gclint server`: the language server (see `crate::server`), with the limits of `check`.

use super::common::Outcome;
use super::error::Error;
use crate::cli::ServerArgs;

pub(super) fn server(args: &ServerArgs) -> Result<Outcome, Error> {
    let settings = crate::server::Settings {
        read: args.input.read_options(),
        config: args.config.config.clone(),
        isolated: args.config.isolated,
    };
    let shut_down = crate::server::serve(settings).map_err(|e| Error::Input(format!("gclint server: {e}")))?;
    // The protocol: exit code 1 for an `exit` that no `shutdown` came before.
    Ok(if shut_down { Outcome::Pass } else { Outcome::Fail })
}
