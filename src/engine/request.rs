//! The rules over one request, phase by phase: the checks of the request alone, the checks of its
//! body against the schema, then (in capture order) the checks that read what came before; then
//! the relations between the findings, the suggestions completed, and the file order.

use crate::catalog::schemas;
use crate::config::{self, Selection};
use crate::diagnostic::{Diagnostic, EXPLAINED, Rule, Severity};
use crate::exchange::{Exchange, Suppression};
use crate::rules::ALL;
use crate::rules::capture::{CaptureState, Given};
use crate::rules::ctx::{Ctx, Found};
use crate::rules::rule::{BodyError, Check, Def, FileFacts, Named, Relation, Suppressed};
use crate::source::Source;
use crate::suggest::request::{Change, changed};

/// The enabled rules of one file, each phase's checks in registry order: only these run.
#[derive(Clone, Default)]
pub struct Plan {
    alone: Vec<fn(&mut Ctx)>,
    body: Vec<fn(&mut Ctx, &schemas::BodySchema, &BodyError)>,
    in_order: Vec<fn(&mut Ctx, &CaptureState, &Given)>,
    suppressed: Vec<fn(&mut Ctx, &Suppressed)>,
    file: Vec<fn(&FileFacts) -> Vec<Diagnostic>>,
    given: Vec<fn(&Given) -> Vec<Diagnostic>>,
    /// The rules whose findings explain others, with what they explain.
    relations: Vec<(&'static Rule, &'static Relation)>,
    /// What checks the suggestions of a request's findings before they are offered (the engine
    /// gives `vet::advice`); none in the plan that does the checking.
    vet: Option<fn(&mut [Diagnostic], &Ctx)>,
    /// The enabled rules: a suppression of a rule that did not run is not called unused.
    enabled: Vec<&'static str>,
    /// Keep the findings a request's comment suppresses, marked as such (for SARIF), instead of
    /// dropping them.
    keep_suppressed: bool,
}

impl Plan {
    /// The checks of the rules for which `enabled` says yes.
    pub fn new(enabled: impl Fn(&Rule) -> bool) -> Plan {
        let mut plan = Plan::default();
        for def in ALL.iter().copied().filter(|d| enabled(&d.rule)) {
            plan.add(def);
            plan.enabled.push(def.rule.name);
        }
        plan
    }

    /// The same plan, with the suggestions of each request's findings checked by `vet`.
    pub fn vetted_by(self, vet: fn(&mut [Diagnostic], &Ctx)) -> Plan {
        Plan { vet: Some(vet), ..self }
    }

    /// The same plan, keeping the findings that comments suppress when `keep` says so (see
    /// [`Diagnostic::suppressed`]).
    pub fn keeping_suppressed(self, keep: bool) -> Plan {
        Plan { keep_suppressed: keep, ..self }
    }

    fn add(&mut self, def: &'static Def) {
        for check in def.checks {
            match *check {
                Check::Alone(f) => self.alone.push(f),
                Check::Body(f) => self.body.push(f),
                Check::InOrder(f) => self.in_order.push(f),
                Check::Suppressed(f) => self.suppressed.push(f),
                Check::File(f) => self.file.push(f),
                Check::Given(f) => self.given.push(f),
            }
        }
        self.relations.extend(def.relations.iter().map(|r| (&def.rule, r)));
    }

    /// Runs the checks that need nothing but the request itself (parsing, routing, schemas):
    /// these may run for many requests at once, on any thread. `None` for requests gclint does
    /// not check.
    pub fn check_alone<'a>(&self, src: &'a Source, ex: &'a Exchange) -> Option<Ctx<'a>> {
        // CORS preflights are sent by browsers, not by the code under review.
        if ex.method.eq_ignore_ascii_case("OPTIONS") {
            return None;
        }
        let mut ctx = Ctx::new(src, ex);
        for check in &self.alone {
            check(&mut ctx);
        }
        if !self.body.is_empty() {
            self.check_body(&mut ctx);
        }
        // Parsed here, in parallel, for the checks in order that read it (a conversation's
        // participants, the token's scopes, the error of a failed request).
        if !self.in_order.is_empty()
            && (ctx.method().eq_ignore_ascii_case("GET")
                || ctx.ex.response.as_ref().and_then(|r| r.status).is_some_and(|s| s >= 300))
        {
            ctx.response_json();
        }
        Some(ctx)
    }

    /// Checks the body against its operation's schema once, and hands each error to every
    /// body check (each takes the kinds it explains).
    fn check_body(&self, ctx: &mut Ctx) {
        let Some(op) = ctx.body_operation() else { return };
        let Some(schema) = op.body.as_deref().and_then(schemas::get) else { return };
        let Some(body) = ctx.body() else {
            if ctx.ex.body.is_none() && op.body_required == Some(true) && op.method != "GET" && op.method != "DELETE" {
                for check in &self.body {
                    check(ctx, schema, &BodyError::Missing);
                }
            }
            return;
        };
        let errors = without_placeholders(schema.validate(body), body);
        if errors.is_empty() {
            return;
        }
        // The checks borrow the context mutably: they read a copy of the body.
        let body = body.clone();
        for error in &errors {
            for check in &self.body {
                check(ctx, schema, &BodyError::Invalid { error, body: &body });
            }
        }
    }

    /// Runs the checks that read what earlier requests of the capture did (requests go through
    /// here one at a time, in capture order), then settles the request's findings. `state` is
    /// what the capture showed before this request; it is updated with what this request did.
    pub fn check_in_order(&self, ctx: &mut Ctx, state: &mut CaptureState, given: &Given) -> Vec<Diagnostic> {
        state.catch_up(ctx);
        let found = self.findings_in_order(ctx, state, given);
        state.observe(ctx);
        found
    }

    /// Every check over a request on its own (a payload file): nothing came before it, and
    /// nothing comes after.
    pub fn check_payload(&self, src: &Source, ex: &Exchange, given: &Given) -> Vec<Diagnostic> {
        match self.check_alone(src, ex) {
            Some(mut ctx) => self.findings_in_order(&mut ctx, &CaptureState::default(), given),
            None => Vec::new(),
        }
    }

    /// The findings about a file as a whole.
    pub fn check_file(&self, file: &FileFacts) -> Vec<Diagnostic> {
        self.file.iter().flat_map(|check| check(file)).collect()
    }

    /// The findings about what the user said outside the files.
    pub fn check_given(&self, given: &Given) -> Vec<Diagnostic> {
        self.given.iter().flat_map(|check| check(given)).collect()
    }

    fn findings_in_order(&self, ctx: &mut Ctx, state: &CaptureState, given: &Given) -> Vec<Diagnostic> {
        for check in &self.in_order {
            check(ctx, state, given);
        }
        // What the request's own comment suppresses is gone before it can explain anything.
        let mut found = ctx.take_found();
        let mut suppressed = Vec::new();
        if let Some(suppression) = ctx.ex.suppression() {
            (found, suppressed) = self.suppress(ctx, &suppression, found);
        }
        self.relate(&mut found, ctx.ex.response.as_ref().and_then(|r| r.status));
        let mut out: Vec<Diagnostic> = found.into_iter().map(|f| f.diagnostic).collect();
        state.name_participants(ctx, &mut out);
        complete_suggestions(&mut out);
        if let Some(vet) = self.vet {
            vet(&mut out, ctx);
        }
        if self.keep_suppressed {
            out.extend(suppressed.into_iter().map(|f| Diagnostic { suppressed: true, ..f.diagnostic }));
        }
        // In file order; at one place, in registry order, whatever phase each rule's check ran in.
        out.sort_by_key(|d| (d.offset, registry_position(d.rule)));
        out
    }

    /// Takes away the findings `suppression` names (all of them for a bare `gclint: ignore`),
    /// then runs the checks of what it took away (`unused-suppression`'s): the findings kept,
    /// with theirs, and those taken away.
    fn suppress(&self, ctx: &mut Ctx, suppression: &Suppression, found: Vec<Found>) -> (Vec<Found>, Vec<Found>) {
        // What each name selects (a name, a whole code, a code prefix, `ALL`), or why it selects
        // nothing; and whether it took a finding away.
        let mut names: Vec<(Named, bool)> = suppression
            .names
            .iter()
            .map(|(name, _)| match config::selector(name) {
                Ok(kept) => {
                    let one = Selection { select: Some(vec![kept]), ..Selection::default() };
                    (Named::Rules(crate::rules::rules().filter(|r| one.enabled_rule(r)).collect()), false)
                }
                Err(unknown) => (Named::Unknown { message: unknown.message(), help: unknown.help() }, false),
            })
            .collect();
        let mut kept = Vec::with_capacity(found.len());
        let mut taken = Vec::new();
        for f in found {
            let mut hit = suppression.names.is_empty();
            for (named, used) in &mut names {
                if named.selects(f.diagnostic.rule) {
                    *used = true;
                    hit = true;
                }
            }
            if hit {
                taken.push(f);
            } else {
                kept.push(f);
            }
        }
        if !self.suppressed.is_empty() {
            let applied = Suppressed {
                suppression,
                names: &names,
                took_any: !taken.is_empty(),
                all_ran: self.enabled.len() == ALL.len(),
                ran: &self.enabled,
            };
            for check in &self.suppressed {
                check(ctx, &applied);
            }
            kept.extend(ctx.take_found());
        }
        (kept, taken)
    }

    /// Applies the declared relations between the findings of one request, whose recorded
    /// answer has `status`.
    fn relate(&self, found: &mut Vec<Found>, status: Option<i64>) {
        if found.len() < 2 {
            return;
        }
        for (explaining, relation) in &self.relations {
            let by_explaining = |f: &&Found| std::ptr::eq(f.diagnostic.rule, *explaining);
            match relation {
                Relation::Supersedes(explained) => {
                    let covered: Vec<String> =
                        found.iter().filter(by_explaining).flat_map(|f| f.covers.iter().cloned()).collect();
                    if covered.is_empty() {
                        continue;
                    }
                    found.retain(|f| {
                        !std::ptr::eq(f.diagnostic.rule, *explained)
                            || !f.diagnostic.pointer.as_deref().is_some_and(|p| under_any(p, &covered))
                    });
                }
                Relation::Explains { rule: explained, statuses } => {
                    if !status.is_some_and(|s| statuses.contains(&s)) {
                        continue;
                    }
                    // A note of the explaining rule (an info it chose) explains nothing.
                    let by: Vec<(&'static Rule, usize)> = found
                        .iter()
                        .filter(by_explaining)
                        .filter(|f| f.diagnostic.severity >= Severity::Warning)
                        .map(|f| (f.diagnostic.rule, f.diagnostic.offset))
                        .collect();
                    if by.is_empty() {
                        continue;
                    }
                    for f in found.iter_mut().filter(|f| std::ptr::eq(f.diagnostic.rule, *explained)) {
                        let d = &mut f.diagnostic;
                        if d.explained_by.is_empty() {
                            d.severity = Severity::Info;
                            d.message.push_str(EXPLAINED);
                        }
                        d.explained_by.extend(by.iter().copied());
                    }
                }
                Relation::SuggestsFirst => {}
            }
        }
    }
}

/// The schema errors of `body` that are not about a template placeholder: a value that is wholly
/// a placeholder (`"{{muted}}"`, `"${input.state}"`) may turn into any value when the request is
/// sent; one with a placeholder inside is a string, but no enum or format can be judged; a member
/// named by a placeholder may be any field.
fn without_placeholders(mut errors: Vec<schemas::SchemaError>, body: &serde_json::Value) -> Vec<schemas::SchemaError> {
    use crate::input::vars::{Templated, placeholder_value};
    use schemas::ErrorKind;
    errors.retain_mut(|error| {
        let held = body.pointer(&error.pointer).and_then(serde_json::Value::as_str).and_then(placeholder_value);
        match (&mut error.kind, held) {
            (ErrorKind::Unexpected(keys), _) => {
                keys.retain(|k| placeholder_value(k).is_none());
                !keys.is_empty()
            }
            (_, Some(Templated::Whole)) => false,
            (ErrorKind::Enum(_) | ErrorKind::Format(_) | ErrorKind::Other(_), Some(Templated::Inside)) => false,
            _ => true,
        }
    });
    errors
}

/// Where `rule` stands in the registry.
fn registry_position(rule: &Rule) -> usize {
    ALL.iter().position(|d| std::ptr::eq(&d.rule, rule)).unwrap_or(ALL.len())
}

/// Whether the JSON pointer `p` is one of `covered` or under one.
fn under_any(p: &str, covered: &[String]) -> bool {
    covered.iter().any(|c| p == c || p.strip_prefix(c.as_str()).is_some_and(|rest| rest.starts_with('/')))
}

/// Makes each suggested request of one request's findings the whole correction: the body changes
/// of every finding go into every request that keeps the body as sent.
fn complete_suggestions(found: &mut [Diagnostic]) {
    let changes: Vec<Change> = found
        .iter()
        .filter_map(|d| d.suggestion.as_ref())
        .filter(|s| !s.replaces)
        .flat_map(|s| s.changes.iter().cloned())
        .collect();
    if changes.is_empty() {
        return;
    }
    for request in found.iter_mut().filter_map(|d| d.suggestion.as_mut()).flat_map(|s| s.requests.iter_mut()) {
        if let (true, Some(body)) = (request.keeps_body, request.body.as_mut()) {
            *body = changed(body, &changes);
        }
    }
}
