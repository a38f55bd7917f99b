//! What a rule's file declares besides its docs: the checks it runs, each in the phase it runs in,
//! and how its findings relate to other rules'. The engine walks the registry (`rules::ALL`)
//! once per phase and runs the checks of the enabled rules only, so a rule that is not selected
//! neither runs nor changes what another rule reports.

use serde_json::Value;

use super::capture::{CaptureState, Given};
use super::ctx::Ctx;
use crate::catalog::schemas::{BodySchema, SchemaError};
use crate::diagnostic::{Diagnostic, Rule};
use crate::exchange::Suppression;
use crate::input::capture::{InputError, Secrets};
use crate::input::source::model::CodeUse;
use crate::source::Source;

/// A rule: its identity and docs (what reports show), what its findings are about, its checks
/// and its relations.
pub struct Def {
    pub rule: Rule,
    pub subject: Subject,
    pub checks: &'static [Check],
    pub relations: &'static [Relation],
}

/// What a rule's findings are about: what a corrected request settles, and what is left to fix
/// by hand (`gclint suggest`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Subject {
    /// Where the request goes: its host, method and path. A suggestion that replaces the request
    /// (another method, path or host) settles it.
    Endpoint,
    /// The request's body.
    Body,
    /// The request among the others of its capture: the token's scopes, what earlier requests
    /// did or showed.
    Capture,
    /// The answer the API recorded: evidence of a mistake, not one to fix in the request.
    Answer,
    /// The input as a whole: what cannot be read, what it holds, its comments.
    Input,
}

/// A check and the phase it runs in. Phases run in this order for each request; within a phase,
/// the rules run in the registry's order.
#[derive(Clone, Copy)]
pub enum Check {
    /// On each request by itself: any thread, any order (routing, the method, the path).
    Alone(fn(&mut Ctx)),
    /// On each way the request's body breaks its operation's schema (see [`BodyError`]); the
    /// body is checked against the schema once, when some rule of this phase is enabled.
    Body(fn(&mut Ctx, &BodySchema, &BodyError)),
    /// On each request in capture order, after the checks above, with what the capture showed
    /// before it (the token's scopes, the conversations it fetched and ended).
    InOrder(fn(&mut Ctx, &CaptureState, &Given)),
    /// On each request whose comment holds a `gclint: ignore` directive, once the directive has
    /// taken away the findings it names (see [`Suppressed`]).
    Suppressed(fn(&mut Ctx, &Suppressed)),
    /// Once per file, when it has been read, on what was found about it as a whole.
    File(fn(&FileFacts) -> Vec<Diagnostic>),
    /// Once per run, on what the user said outside the files (`--scopes`).
    Given(fn(&Given) -> Vec<Diagnostic>),
}

/// How a rule's findings relate to other rules' on the same request. A relation holds only
/// between findings that were made, so only between enabled rules: deselecting a rule never
/// hides another's finding.
pub enum Relation {
    /// A finding of this rule explains the findings of `rule` at or under the body members it
    /// covers (see `Finding::covers`): those are not shown.
    Supersedes(&'static Rule),
    /// A finding of this rule at warning or error explains why the API answered the request with
    /// one of `statuses`, as recorded: the finding of `rule` about that answer (request-failed's)
    /// is lowered to info and says so ("explained above"). Only the statuses the mistake draws:
    /// a server error or a 429 is explained by no mistake in the request. Should the explaining
    /// finding not be reported after all (a baseline hides it, the configuration makes it info),
    /// the explained one gets its severity back (`diagnostic::restore_unexplained`).
    Explains { rule: &'static Rule, statuses: &'static [i64] },
    /// This rule's suggestion is the corrected request of its request, before any other rule's
    /// (`rules::primary`): it knows more of what the request meant than the others do.
    SuggestsFirst,
}

/// What a request's `gclint: ignore` directive took away.
pub struct Suppressed<'a> {
    /// The directive.
    pub suppression: &'a Suppression,
    /// For each name the directive lists, in its order: the rules it selects (a name, a code, a
    /// code prefix, `ALL`) or why it selects none, and whether it took a finding away.
    pub names: &'a [(Named, bool)],
    /// Whether the directive took any finding away.
    pub took_any: bool,
    /// Whether every rule ran on the request (a bare directive says nothing unless all did).
    pub all_ran: bool,
    /// The names of the rules that ran on the request.
    pub ran: &'a [&'static str],
}

/// What a name in a `gclint: ignore` directive stands for.
pub enum Named {
    /// The rules it selects.
    Rules(Vec<&'static Rule>),
    /// It selects none: why (`no rule is named ...`), and what was likely meant.
    Unknown { message: String, help: Option<String> },
}

impl Named {
    /// Whether the name selects `rule`.
    pub fn selects(&self, rule: &Rule) -> bool {
        matches!(self, Named::Rules(rules) if rules.iter().any(|r| std::ptr::eq(*r, rule)))
    }
}

/// A way a body breaks its operation's schema.
pub enum BodyError<'b> {
    /// The operation needs a body and none was sent.
    Missing,
    /// The member at `error.pointer` breaks the schema.
    Invalid { error: &'b SchemaError, body: &'b Value },
}

/// What reading one file found about it as a whole.
pub struct FileFacts<'a> {
    /// The file's name as shown.
    pub name: &'a str,
    /// Why the file could not be read, or stopped being read (what was read before was checked).
    pub unread: Option<&'a InputError>,
    /// Why the path could not be opened or walked (the message says it all).
    pub unopened: Option<&'a InputError>,
    /// Parts of the file that could not be read and were skipped.
    pub problems: &'a [InputError],
    /// The live credentials it holds.
    pub secrets: &'a Secrets,
    /// Where the first credential is: file offset, line and column.
    pub first_secret: Option<(usize, (usize, usize))>,
    /// For a JSON file named on the command line (or said to be a body) that is not checked as
    /// a request body: why.
    pub unmatched_payload: Option<&'a Unmatched>,
    /// What source code does with the Genesys SDK (the packages it imports, the methods it
    /// calls), with the file it is in, read whole.
    pub code: Option<(&'a [CodeUse], &'a Source)>,
}

/// A JSON file that was not checked as a request body.
#[derive(Debug)]
pub struct Unmatched {
    /// Where its document starts: file offset, line and column.
    pub offset: usize,
    pub at: (usize, usize),
    /// What gclint took it for (`a package manifest`, `JSON with comments ...`).
    pub taken_for: String,
    /// Whether the configuration says it is a body (`bodies`): then its matching none is a
    /// mistake, not a note.
    pub said_body: bool,
}
