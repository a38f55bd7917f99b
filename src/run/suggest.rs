//! `gclint suggest`: the corrected requests of the findings, in one form.

use super::common::{Choice, Outcome, lint_paths, load_config, note, print};
use super::error::{Error, Errors};
use crate::cli::SuggestArgs;
use crate::engine::Options;
use crate::rules;
use crate::suggest::render::As;

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
        let form = args.form.unwrap_or_else(|| language_of(&args.paths));
        print(&crate::suggest::render::render(&corrected, form));
    }
    // What could not be read was not looked at for suggestions either: said, and not a pass.
    for d in diagnostics.iter().filter(|d| d.rule.name == rules::INVALID_INPUT.name) {
        let at = d.line.zip(d.column);
        errors.report(Error::InvalidInput { path: d.path.clone(), at, message: d.message.clone() });
    }
    Ok(Outcome::of(&errors, false))
}

/// The form `suggest` writes when none is asked for: the language of the source files given when
/// they are all in one (the corrected call in the code's own language), `.http` otherwise.
fn language_of(paths: &[std::path::PathBuf]) -> As {
    let language = |p: &std::path::PathBuf| {
        let ext = crate::input::extension(&p.to_string_lossy());
        crate::input::source::language_of(&ext)
    };
    let mut languages = paths.iter().map(language);
    match languages.next().flatten() {
        Some(first) if languages.all(|l| l == Some(first)) => match first {
            crate::input::Format::Python => As::Python,
            _ => As::Js,
        },
        _ => As::Http,
    }
}
