//! `gclint suggest`: the corrected requests of the findings, in one form.

use super::common::{Choice, Outcome, lint_paths, load_config, note, print};
use super::error::{Error, Errors};
use crate::cli::SuggestArgs;
use crate::engine::Options;
use crate::rules;

/// `gclint suggest`: the corrected requests of every finding that has them, in one form. Exit 2
/// when an input (or a part of one) could not be read.
pub(super) fn suggest(args: SuggestArgs) -> Result<Outcome, Error> {
    let config = load_config(&args.config)?;
    let read = args.input.read_options();
    let selection = config.selection.clone();
    let opts = Options { endpoint: args.input.endpoint, read, selection, config, ..Options::default() };
    let mut errors = Errors::default();
    let (_, diagnostics) = lint_paths(&args.paths, &opts, &mut errors, Choice::default())?;
    let corrected = crate::suggest::render::corrected(&diagnostics);
    if corrected.is_empty() {
        note("nothing to suggest: no finding with a corrected request");
    } else {
        print(&crate::suggest::render::render(&corrected, args.form));
    }
    // What could not be read was not looked at for suggestions either: said, and not a pass.
    for d in diagnostics.iter().filter(|d| d.rule.name == rules::INVALID_INPUT.name) {
        let at = d.line.zip(d.column);
        errors.report(Error::InvalidInput { path: d.path.clone(), at, message: d.message.clone() });
    }
    Ok(Outcome::of(&errors, false))
}
