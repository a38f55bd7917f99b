//! `gclint.toml`: scopes, rule selection and severities, per-path ignores, payload mappings, where
//! request bodies live, the formats of written requests whose files are sequences.
//!
//! Bare JSON files are checked as request bodies only when the user says so, because most JSON in
//! a repository is something else (manifests, settings, schemas, recorded responses):
//! `[[payloads]]` maps a glob to the operation its files are sent to; `bodies = ["requests/**/*.json"]`
//! says that the files it matches are request bodies whose operation gclint guesses from their
//! fields (a file there that matches no body is a warning, as is broken JSON). Elsewhere, a JSON
//! file is checked only when its fields are unmistakably those of one request body.
//!
//! `exclude = ["vendor", "**/*.generated.har"]` keeps files and directories out of directory walks
//! (globs relative to this file, as every glob here); a file named on the command line is checked
//! all the same. `[[per-path-ignores]]` takes rule names, codes, code prefixes and `ALL`.
//!
//! Found upward from the working directory (or named with `--config`; `--isolated` uses none).
//! Mistakes in it are reported as diagnostics that point into the TOML.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Rule;
use crate::diagnostic::{Diagnostic, Label, Severity, Snippet};
use crate::input::Format;
use crate::input::payload::EndpointArg;
use crate::rules;

pub const FILE_NAME: &str = "gclint.toml";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    scopes: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    per_path_ignores: Vec<RawPathIgnore>,
    #[serde(default)]
    payloads: Vec<RawPayload>,
    #[serde(default)]
    sequence: Vec<Spanned<String>>,
    #[serde(default)]
    bodies: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathIgnore {
    glob: Spanned<String>,
    rules: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayload {
    glob: Spanned<String>,
    endpoint: Spanned<String>,
}

/// Which rules run. Each entry is `ALL`, a rule's name, or a rule code or the start of one (`GC1`
/// for every `GC1xx` rule), as [`selector`] checked it: codes are kept in capitals, and matched in
/// any case.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// The settled configuration of a run.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    pub scopes: Option<Vec<String>>,
    pub selection: Selection,
    pub severity: BTreeMap<&'static str, Severity>,
    pub per_path_ignores: Vec<(GlobMatcher, Vec<&'static str>)>,
    pub payloads: Vec<(GlobMatcher, EndpointArg)>,
    /// Where request bodies live (`bodies`): the JSON files these globs match are bodies whose
    /// operation is guessed from their fields.
    pub bodies: Vec<GlobMatcher>,
    /// The formats of written requests whose every file is one sequence, run top to bottom
    /// (`sequence`): `http`, `curl`, `postman`, `insomnia`.
    pub sequence: Vec<Format>,
    /// Files and directories a walk passes over (`exclude`). A file named on the command line is
    /// checked all the same, as ruff does, unless `--force-exclude` says otherwise: naming it says
    /// it is wanted.
    pub exclude: Vec<GlobMatcher>,
}

/// Finds `gclint.toml` in `start` or the nearest directory above it. Anything but a directory
/// of that name is found, so that one that cannot be read (a FIFO, a link to a device or to
/// nowhere) is refused by [`load`] rather than silently passed over.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))
}

/// How a report names the configuration file at `path`: relative to the working directory `cwd`
/// when it is in it, below it or in a directory above it (`gclint.toml`, `conf/gclint.toml`,
/// `../../gclint.toml`), absolute elsewhere.
pub fn shown(path: &Path, cwd: &Path) -> String {
    use std::path::Component;
    let absolute = |p: &Path| {
        let mut out = PathBuf::new();
        for c in cwd.join(p).components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    };
    let (file, cwd) = (absolute(path), absolute(cwd));
    if let Ok(below) = file.strip_prefix(&cwd) {
        return below.display().to_string();
    }
    let (Some(dir), Some(name)) = (file.parent(), file.file_name()) else { return file.display().to_string() };
    match cwd.strip_prefix(dir) {
        Ok(up) => {
            let mut shown: PathBuf = up.components().map(|_| "..").collect();
            shown.push(name);
            shown.display().to_string()
        }
        Err(_) => file.display().to_string(),
    }
}

/// A mistake in the configuration file, as a diagnostic over the TOML text.
fn error(
    path: &Path,
    text: &str,
    span: Option<Range<usize>>,
    message: String,
    help: Option<String>,
) -> Box<Diagnostic> {
    // Shown relative to the working directory when it is under it.
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = path.strip_prefix(&cwd).unwrap_or(path);
    let src = crate::source::Source::new(shown.display().to_string(), text.as_bytes().to_vec(), true);
    let span = span.unwrap_or(0..0);
    let (line, column) = src.position(span.start);
    let title = format!("{}:{line}:{column}", src.name);
    let mut d = Diagnostic::about_file(&CONFIG, src.name.clone(), message, Some((line, column)));
    d.help = help;
    d.snippet = Some(Snippet::new(title, text, vec![Label { span, text: None }]));
    Box::new(d)
}

/// Configuration mistakes are not lint findings; they stop the run (exit 2).
pub static CONFIG: Rule = Rule {
    name: "config",
    code: "GC000",
    severity: Severity::Error,
    summary: "A mistake in gclint.toml",
    explanation: "The configuration file could not be used; gclint stops with exit code 2.",
};

/// What one entry of a rule list stands for (`select`, `ignore`, a severity's key, ... in the file
/// or on the command line).
enum Selector {
    All,
    Name(&'static Rule),
    /// A rule code or the start of one, in capitals; it matches at least one rule.
    Code(String),
}

/// The prefix every rule code starts with.
const CODE_PREFIX: &str = "GC";

/// Whether `entry` is written as a rule code or the start of one: `GC` (in any case) and digits.
/// Only these are matched against codes, so that no name is ever taken for a code prefix.
fn code_like(entry: &str) -> bool {
    entry.len() >= CODE_PREFIX.len()
        && entry.is_char_boundary(CODE_PREFIX.len())
        && entry[..CODE_PREFIX.len()].eq_ignore_ascii_case(CODE_PREFIX)
        && entry[CODE_PREFIX.len()..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether the entry `entry` of a rule list selects `rule`.
fn selects(entry: &str, rule: &Rule) -> bool {
    entry == "ALL"
        || entry == rule.name
        || (code_like(entry)
            && rule.code.len() >= entry.len()
            && rule.code.as_bytes()[..entry.len()].eq_ignore_ascii_case(entry.as_bytes()))
}

impl Selector {
    fn parse(entry: &str) -> Result<Selector, UnknownRule> {
        if entry == "ALL" {
            return Ok(Selector::All);
        }
        if let Some(rule) = rules::by_name(entry) {
            return Ok(Selector::Name(rule));
        }
        if code_like(entry) && rules::rules().any(|r| selects(entry, r)) {
            return Ok(Selector::Code(entry.to_ascii_uppercase()));
        }
        Err(UnknownRule::new(entry))
    }

    /// The entry as a [`Selection`] keeps it.
    fn kept(&self) -> String {
        match self {
            Selector::All => "ALL".into(),
            Selector::Name(rule) => rule.name.into(),
            Selector::Code(code) => code.clone(),
        }
    }

    /// The rules it selects, in the order `gclint rules` lists them.
    fn rules(&self) -> Vec<&'static Rule> {
        match self {
            Selector::All => rules::rules().collect(),
            Selector::Name(rule) => vec![rule],
            Selector::Code(code) => rules::rules().filter(|r| selects(code, r)).collect(),
        }
    }

    /// How narrowly it selects, for `[rules.severity]`, where the narrower of two entries that
    /// select one rule gives its severity: `ALL`, then a prefix by its length, then one rule.
    fn narrowness(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Code(code) if rules::by_code(code).is_none() => code.len(),
            Selector::Code(_) | Selector::Name(_) => usize::MAX,
        }
    }
}

/// An entry of a rule list that selects no rule, with what it may have meant.
#[derive(Debug)]
pub struct UnknownRule {
    entry: String,
    /// Whether it is written as a code (`GC9`), not a name.
    code: bool,
    /// The likely intended name or code.
    near: Option<&'static str>,
}

impl UnknownRule {
    fn new(entry: &str) -> UnknownRule {
        let names = || rules::rules().map(|r| r.name);
        let codes = || rules::rules().map(|r| r.code);
        let code = code_like(entry);
        // A name is looked for among names first, so that a misspelt name is told its name; a
        // mistyped code (`GC1O3`, `CG103`) may still be near a code.
        let near = if code {
            // A code with a digit too many (`GC1034`) is most likely the code it starts with.
            let upper = entry.to_ascii_uppercase();
            codes().find(|c| upper.starts_with(c)).or_else(|| crate::text::closest(entry, codes()))
        } else {
            crate::text::closest(entry, names()).or_else(|| crate::text::closest(entry, codes()))
        };
        UnknownRule { entry: entry.to_owned(), code, near }
    }

    /// Whether the entry is written as a rule code (`GC9`), not as a name.
    pub fn is_code(&self) -> bool {
        self.code
    }

    /// The name or code it is likely a misspelling of.
    pub fn near(&self) -> Option<&'static str> {
        self.near
    }

    /// What is wrong: ``no rule is named `x` `` or ``no rule code starts with `GC9` ``.
    pub fn message(&self) -> String {
        if self.code {
            format!("no rule code starts with `{}`", self.entry)
        } else {
            format!("no rule is named `{}`", self.entry)
        }
    }

    /// What may have been meant: a near name or code or, for a code near none, how codes start.
    pub fn help(&self) -> Option<String> {
        match self.near {
            Some(near) => Some(format!("did you mean `{near}`?")),
            None if self.code => {
                let mut families: Vec<String> = Vec::new();
                for r in rules::rules() {
                    let family = format!("`{}`", &r.code[..CODE_PREFIX.len() + 1]);
                    if !families.contains(&family) {
                        families.push(family);
                    }
                }
                let (last, others) = families.split_last()?;
                Some(format!("rule codes start with {} or {last}", others.join(", ")))
            }
            None => None,
        }
    }
}

/// Checks one entry of a rule list given on the command line or in the file: `ALL`, a rule's
/// name, or a rule code or the start of one, in any case (`GC104`, `gc1`). `Ok` with the entry as
/// a [`Selection`] keeps it.
pub fn selector(entry: &str) -> Result<String, UnknownRule> {
    Selector::parse(entry).map(|s| s.kept())
}

/// The rule named `name_or_code`: by its name, or by its whole code in any case (`gc103`).
pub fn rule(name_or_code: &str) -> Option<&'static Rule> {
    rules::by_name(name_or_code).or_else(|| rules::by_code(name_or_code))
}

/// The rules whose code starts with `prefix` (in any case), when it is written as a code.
pub fn rules_with_code(prefix: &str) -> Vec<&'static Rule> {
    rules::rules().filter(|r| code_like(prefix) && selects(prefix, r)).collect()
}

/// An entry of a rule list in the file, checked, or the error that points at it.
fn file_selector(entry: &Spanned<String>, path: &Path, text: &str) -> Result<Selector, Box<Diagnostic>> {
    Selector::parse(entry.get_ref()).map_err(|unknown| {
        let help = unknown.help().unwrap_or_else(|| "`gclint rules` lists the rule names".into());
        error(path, text, Some(entry.span()), unknown.message(), Some(help))
    })
}

fn names(list: &[Spanned<String>], path: &Path, text: &str) -> Result<Vec<String>, Box<Diagnostic>> {
    list.iter().map(|n| file_selector(n, path, text).map(|s| s.kept())).collect()
}

fn glob(g: &Spanned<String>, base: &Path, path: &Path, text: &str) -> Result<GlobMatcher, Box<Diagnostic>> {
    // Globs are relative to the directory of the configuration file.
    let pattern = if Path::new(g.get_ref()).is_absolute() {
        g.get_ref().clone()
    } else {
        base.join(g.get_ref()).to_string_lossy().replace('\\', "/")
    };
    let refuse = |why: String| error(path, text, Some(g.span()), format!("not a glob: {why}"), None);
    if let Some(why) = too_complex(g.get_ref()) {
        return Err(refuse(why));
    }
    // The checks above keep globset within what it compiles; should it panic all the same (it
    // does on a regex it makes and cannot compile), the glob is refused, not the run.
    match std::panic::catch_unwind(|| Glob::new(&pattern).map(|g| g.compile_matcher())) {
        Ok(compiled) => compiled.map_err(|e| refuse(e.to_string())),
        Err(_) => Err(refuse("it cannot be compiled".into())),
    }
}

/// The longest glob taken, in bytes: far longer than any path pattern people write.
const MAX_GLOB: usize = 1024;

/// The deepest nesting of `{a,b}` alternations in a glob.
const MAX_GLOB_NESTING: usize = 8;

/// Why a glob is too long or too deeply nested to compile (globset builds a regex of it, which
/// may be too large or nested for the regex compiler, and globset then panics).
fn too_complex(glob: &str) -> Option<String> {
    if glob.len() > MAX_GLOB {
        return Some(format!("it is {} bytes long, more than the {MAX_GLOB} a glob may have", glob.len()));
    }
    let (mut depth, mut deepest, mut escaped) = (0usize, 0, false);
    for b in glob.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (deepest > MAX_GLOB_NESTING).then(|| {
        format!("its alternations ({{a,b}}) are nested {deepest} deep, more than the {MAX_GLOB_NESTING} allowed")
    })
}

/// The most a configuration file may hold, for the message of one that holds more.
const CONFIG_LIMIT: &str = "the limit for a configuration file";

/// Reads and checks a configuration file. Only a regular file (or a link to one) is read, up to
/// [`crate::files::MAX_SETTINGS_FILE`].
pub fn load(path: &Path) -> Result<Config, Box<Diagnostic>> {
    let text = crate::files::read_text(path, crate::files::MAX_SETTINGS_FILE, CONFIG_LIMIT)
        .map_err(|e| error(path, "", None, format!("cannot read {}: {e}", path.display()), None))?;
    parse(&text, path)
}

/// Checks the text of a configuration file read from `path` (globs are relative to its
/// directory).
pub fn parse(text: &str, path: &Path) -> Result<Config, Box<Diagnostic>> {
    let text = text.to_owned();
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let message = e.message().trim().to_owned();
        error(path, &text, e.span(), format!("invalid configuration: {message}"), None)
    })?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let base = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let mut config = Config { path: Some(path.to_path_buf()), ..Config::default() };
    config.scopes = raw.scopes.map(|s| s.into_inner());
    config.selection = Selection {
        select: raw.rules.select.as_deref().map(|s| names(s, path, &text)).transpose()?,
        extend_select: names(&raw.rules.extend_select, path, &text)?,
        ignore: names(&raw.rules.ignore, path, &text)?,
    };
    // Every key and level is checked first, in the file's order of keys (the table comes sorted
    // by key: the first mistake reported is the first one written); then the severities are set
    // from the broadest key to the narrowest, so that `GC1 = "warning"` with `GC104 = "error"`
    // leaves root-endpoint-patch an error.
    let mut written: Vec<(&String, &Spanned<String>)> = raw.rules.severity.iter().collect();
    written.sort_by_key(|(_, level)| level.span().start);
    let mut levels = Vec::with_capacity(written.len());
    for (key, level) in written {
        let selector = Selector::parse(key).map_err(|unknown| {
            // The key is the last occurrence of its text before its value, on the value's line.
            let at =
                text.get(..level.span().start).and_then(|before| before.rfind(key.as_str())).map(|i| i..i + key.len());
            let help = unknown.help().unwrap_or_else(|| "`gclint rules` lists the rule names".into());
            error(path, &text, at, unknown.message(), Some(help))
        })?;
        let severity = match level.get_ref().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err(error(
                    path,
                    &text,
                    Some(level.span()),
                    format!("`{other}` is not a severity"),
                    Some("use \"error\", \"warning\" or \"info\" (or ignore the rule)".into()),
                ));
            }
        };
        levels.push((selector, key, level, severity));
    }
    levels.sort_by_key(|(selector, ..)| selector.narrowness());
    // Each rule's severity, and the key that set it.
    let mut set: BTreeMap<&'static str, (Severity, usize, &String)> = BTreeMap::new();
    for (selector, key, level, severity) in &levels {
        let narrowness = selector.narrowness();
        for rule in selector.rules() {
            // Two keys as narrow as each other (a rule's name and its code, `gc1` and `GC1`) that
            // disagree: neither may silently win.
            if let Some((other, _, other_key)) =
                set.get(rule.name).filter(|(s, n, _)| *n == narrowness && s != severity)
            {
                return Err(error(
                    path,
                    &text,
                    Some(level.span()),
                    format!(
                        "{} is given two severities: `{}` by `{key}` and `{}` by `{other_key}`",
                        rule.name,
                        severity.as_str(),
                        other.as_str()
                    ),
                    Some("keep one of the two keys".into()),
                ));
            }
            set.insert(rule.name, (*severity, narrowness, key));
        }
    }
    config.severity = set.into_iter().map(|(name, (severity, ..))| (name, severity)).collect();
    for p in &raw.per_path_ignores {
        let matcher = glob(&p.glob, &base, path, &text)?;
        let mut rules = Vec::new();
        for entry in &p.rules {
            rules.extend(file_selector(entry, path, &text)?.rules().into_iter().map(|r| r.name));
        }
        config.per_path_ignores.push((matcher, rules));
    }
    for p in &raw.payloads {
        let matcher = glob(&p.glob, &base, path, &text)?;
        let endpoint: EndpointArg =
            p.endpoint.get_ref().parse().map_err(|e| error(path, &text, Some(p.endpoint.span()), e, None))?;
        config.payloads.push((matcher, endpoint));
    }
    for g in &raw.bodies {
        config.bodies.push(glob(g, &base, path, &text)?);
    }
    for g in &raw.exclude {
        config.exclude.push(glob(g, &base, path, &text)?);
    }
    for entry in &raw.sequence {
        let format = match entry.get_ref().as_str() {
            "http" => Format::Http,
            "curl" => Format::Curl,
            "postman" => Format::Postman,
            "insomnia" => Format::Insomnia,
            other => {
                return Err(error(
                    path,
                    &text,
                    Some(entry.span()),
                    format!("`{other}` is not a format of written requests"),
                    Some("`sequence` lists \"http\" (.http and .rest files), \"curl\", \"postman\" and \"insomnia\" (collections run top to bottom); recordings (HAR captures, logs) are always checked in order".into()),
                ));
            }
        };
        config.sequence.push(format);
    }
    Ok(config)
}

impl Selection {
    /// Applies `other` (the command line) on top of `self` (the file): a `select` replaces,
    /// `extend-select` and `ignore` add.
    pub fn merge(&self, other: &Selection) -> Selection {
        Selection {
            select: other.select.clone().or_else(|| self.select.clone()),
            extend_select: self.extend_select.iter().chain(&other.extend_select).cloned().collect(),
            ignore: self.ignore.iter().chain(&other.ignore).cloned().collect(),
        }
    }

    /// Whether the rule named `rule` runs. A name that is no rule's is matched by `ALL` and by
    /// itself only.
    pub fn enabled(&self, rule: &str) -> bool {
        match rules::by_name(rule) {
            Some(known) => self.enabled_rule(known),
            None => self.allows(|entry| entry == "ALL" || entry == rule),
        }
    }

    /// Whether `rule` runs: selected by `select` (all rules without one) or `extend-select`, by
    /// name, code, code prefix or `ALL`, and not ignored. `ignore` wins over both, however broad
    /// it is: `--select GC104 --ignore GC1` runs nothing.
    pub fn enabled_rule(&self, rule: &Rule) -> bool {
        self.allows(|entry| selects(entry, rule))
    }

    fn allows(&self, selects: impl Fn(&str) -> bool) -> bool {
        let listed = |list: &[String]| list.iter().any(|entry| selects(entry));
        let selected = self.select.as_deref().is_none_or(listed) || listed(&self.extend_select);
        selected && !listed(&self.ignore)
    }
}

impl Config {
    /// The endpoint a payload file is mapped to, by the first matching `[[payloads]]` glob.
    pub fn payload_endpoint(&self, file: &Path) -> Option<&EndpointArg> {
        self.payloads.iter().find(|(g, _)| matches(g, file)).map(|(_, e)| e)
    }

    /// Whether the configuration says `file` is a request body (`bodies`).
    pub fn is_body(&self, file: &Path) -> bool {
        self.bodies.iter().any(|g| matches(g, file))
    }

    /// Whether a walk passes over `path` (a file or a directory below a path given): an `exclude`
    /// glob matches it.
    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude.iter().any(|g| matches(g, path))
    }

    /// Whether a finding of `rule` in `file` is ignored by a `[[per-path-ignores]]` entry.
    pub fn ignored_in(&self, file: &Path, rule: &str) -> bool {
        self.per_path_ignores.iter().any(|(g, rules)| rules.contains(&rule) && matches(g, file))
    }
}

/// Matches a glob written relative to the config file against a path as given (relative to the
/// working directory, or absolute).
fn matches(glob: &GlobMatcher, file: &Path) -> bool {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = if file.is_absolute() { file.to_path_buf() } else { cwd.join(file) };
    // `.` and `..` are resolved as written (`../caps/a.har` from `sub/` is `caps/a.har`), as the
    // globs' own directory was.
    let mut normal = PathBuf::new();
    for c in absolute.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    glob.is_match(&normal) || glob.is_match(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Globs globset would panic on, or take long to compile, are configuration errors.
    #[test]
    fn globs_too_long_or_too_nested_are_refused() {
        let nested = |n: usize| format!("{}b{}", "{a,".repeat(n), "}".repeat(n));
        let path = Path::new("/nowhere/gclint.toml");
        for glob in [nested(200), nested(MAX_GLOB_NESTING + 1), "a".repeat(MAX_GLOB + 1)] {
            let text = format!("[[per-path-ignores]]\nglob = {glob:?}\nrules = []\n");
            let Err(error) = parse(&text, path) else { panic!("accepted {glob}") };
            assert!(error.message.starts_with("not a glob: "), "{}", error.message);
        }
        let text = format!("[[payloads]]\nglob = {:?}\nendpoint = \"PATCH /api/v2/x\"\n", nested(MAX_GLOB_NESTING));
        assert!(parse(&text, path).is_ok());
        // An escaped brace does not nest.
        assert_eq!(too_complex(&"\\{".repeat(MAX_GLOB_NESTING + 2)), None);
    }

    #[test]
    fn the_configuration_is_shown_from_the_working_directory() {
        let cwd = Path::new("/work/project/a");
        assert_eq!(shown(Path::new("/work/project/a/gclint.toml"), cwd), "gclint.toml");
        assert_eq!(shown(Path::new("conf/gclint.toml"), cwd), "conf/gclint.toml");
        assert_eq!(shown(Path::new("/work/gclint.toml"), cwd), "../../gclint.toml");
        assert_eq!(shown(Path::new("../b/gclint.toml"), cwd), "/work/project/b/gclint.toml");
        assert_eq!(shown(Path::new("/etc/gclint.toml"), cwd), "/etc/gclint.toml");
    }

    #[test]
    fn selection_follows_select_extend_ignore() {
        let s = Selection { select: Some(vec!["put-method".into()]), extend_select: vec![], ignore: vec![] };
        assert!(s.enabled("put-method"));
        assert!(!s.enabled("enum-case"));
        let s = s.merge(&Selection {
            select: None,
            extend_select: vec!["enum-case".into()],
            ignore: vec!["put-method".into()],
        });
        assert!(s.enabled("enum-case"));
        assert!(!s.enabled("put-method"));
        assert!(Selection::default().enabled("anything"));
    }

    fn selection(select: Option<&[&str]>, extend_select: &[&str], ignore: &[&str]) -> Selection {
        let kept = |list: &[&str]| list.iter().map(|e| selector(e).unwrap()).collect::<Vec<_>>();
        Selection { select: select.map(kept), extend_select: kept(extend_select), ignore: kept(ignore) }
    }

    #[test]
    fn codes_and_their_prefixes_select_in_any_case() {
        // put-method is GC103, root-endpoint-patch GC104, secret-in-capture GC407.
        let s = selection(Some(&["gc10"]), &["GC407"], &["gc104"]);
        assert_eq!(s.select.as_deref(), Some(&["GC10".to_owned()][..]), "codes are kept in capitals");
        assert!(s.enabled("put-method"));
        assert!(s.enabled_rule(crate::rules::by_name("secret-in-capture").unwrap()));
        assert!(!s.enabled("root-endpoint-patch"));
        assert!(!s.enabled("enum-case"));
        // `ignore` wins, however broad: the whole family goes.
        let s = selection(Some(&["GC104"]), &["put-method"], &["GC1"]);
        assert!(!s.enabled("root-endpoint-patch") && !s.enabled("put-method"));
        let s = selection(Some(&["GC"]), &[], &[]);
        assert!(rules::rules().all(|r| s.enabled_rule(r)));
        // A name no rule has (the configuration's own) is selected by `ALL` and by itself only.
        let s = selection(Some(&["GC"]), &[], &[]);
        assert!(!s.enabled(CONFIG.name));
        assert!(selection(Some(&["ALL"]), &[], &[]).enabled(CONFIG.name));
    }

    #[test]
    fn entries_that_select_no_rule_are_refused_with_what_was_meant() {
        let unknown = |entry: &str| selector(entry).expect_err(entry);
        for entry in ["ALL", "put-method", "GC", "gc1", "GC10", "GC103", "gc407"] {
            assert!(selector(entry).is_ok(), "{entry}");
        }
        // A digit too many, one off, or a letter for a digit: the code meant.
        assert_eq!(unknown("GC1034").help().as_deref(), Some("did you mean `GC103`?"));
        assert_eq!(unknown("GC108").help().as_deref(), Some("did you mean `GC106`?"));
        assert_eq!(unknown("GC1O3").help().as_deref(), Some("did you mean `GC103`?"));
        assert_eq!(unknown("GC1O3").message(), "no rule is named `GC1O3`");
        // A family that does not exist: the families that do.
        let none = unknown("GC9");
        assert_eq!(none.message(), "no rule code starts with `GC9`");
        assert_eq!(none.help().as_deref(), Some("rule codes start with `GC1`, `GC2`, `GC3`, `GC4` or `GC5`"));
        // Names stay names: a misspelt one is told the name, and nothing that is not `GC` and
        // digits is taken for a code prefix.
        assert_eq!(unknown("enum-cas").help().as_deref(), Some("did you mean `enum-case`?"));
        for entry in ["G", "", "GC-1", "GC1x", "all", "config", "GC000"] {
            assert!(selector(entry).is_err(), "{entry:?}");
        }
    }

    #[test]
    fn codes_work_in_every_rule_list_of_the_file() {
        let path = Path::new("/nowhere/gclint.toml");
        let text = "[rules]\nselect = [\"gc1\"]\nextend-select = [\"GC407\"]\nignore = [\"GC103\"]\n\n\
                    [rules.severity]\nGC1 = \"warning\"\ngc104 = \"info\"\nALL = \"error\"\n\n\
                    [[per-path-ignores]]\nglob = \"legacy/*.har\"\nrules = [\"GC10\", \"request-failed\"]\n";
        let config = parse(text, path).unwrap();
        assert_eq!(config.selection.select.as_deref(), Some(&["GC1".to_owned()][..]));
        assert!(config.selection.enabled("unknown-endpoint") && config.selection.enabled("secret-in-capture"));
        assert!(!config.selection.enabled("put-method") && !config.selection.enabled("enum-case"));
        // The narrowest key gives a rule its severity, whatever the keys' order or case.
        assert_eq!(config.severity["unknown-endpoint"], Severity::Warning);
        assert_eq!(config.severity["root-endpoint-patch"], Severity::Info);
        assert_eq!(config.severity["enum-case"], Severity::Error);
        assert_eq!(config.severity.len(), rules::ALL.len());
        let legacy = Path::new("/nowhere/legacy/a.har");
        assert!(config.ignored_in(legacy, "removed-endpoint") && config.ignored_in(legacy, "request-failed"));
        assert!(!config.ignored_in(legacy, "enum-case"));
        assert!(!config.ignored_in(Path::new("/nowhere/a.har"), "removed-endpoint"));
    }

    #[test]
    fn codes_that_select_nothing_or_disagree_are_configuration_errors() {
        let path = Path::new("/nowhere/gclint.toml");
        let refused = |text: &str| parse(text, path).err().unwrap_or_else(|| panic!("accepted {text}"));
        let e = refused("[rules]\nignore = [\"GC9\"]\n");
        assert_eq!(e.message, "no rule code starts with `GC9`");
        assert_eq!(e.help.as_deref(), Some("rule codes start with `GC1`, `GC2`, `GC3`, `GC4` or `GC5`"));
        let e = refused("[[per-path-ignores]]\nglob = \"*.har\"\nrules = [\"GC1034\"]\n");
        assert_eq!(e.help.as_deref(), Some("did you mean `GC103`?"));
        let e = refused("[rules.severity]\ngc6 = \"info\"\n");
        assert_eq!(e.message, "no rule code starts with `gc6`");
        // A rule's name and its code, as narrow as each other: neither may win silently...
        let e = refused("[rules.severity]\nput-method = \"warning\"\nGC103 = \"info\"\n");
        // The second key written is the one shown, at its line.
        assert_eq!(e.message, "put-method is given two severities: `info` by `GC103` and `warning` by `put-method`");
        assert_eq!(e.line, Some(3));
        // ... but saying the same thing twice is no mistake.
        assert!(parse("[rules.severity]\nput-method = \"info\"\ngc103 = \"info\"\n", path).is_ok());
    }

    #[test]
    fn the_first_bad_severity_in_the_file_is_the_one_reported() {
        let path = Path::new("/nowhere/gclint.toml");
        // Keys in the file's order, not sorted (`GC101` sorts before `put-method`).
        let e = parse("[rules.severity]\nput-method = \"off\"\nGC101 = \"off\"\n", path).err().unwrap();
        assert_eq!((e.message.as_str(), e.line), ("`off` is not a severity", Some(2)));
        let e = parse("[rules.severity]\nput-methd = \"info\"\nGC9 = \"info\"\n", path).err().unwrap();
        assert_eq!((e.message.as_str(), e.line), ("no rule is named `put-methd`", Some(2)));
        // A key that is also written earlier in the file (in a list) is shown where it is a key.
        let text = "[rules]\nignore = [\"enum-case\"]\n\n[rules.severity]\nenum-cas = \"info\"\nput-method = \"of\"\n";
        let e = parse(text, path).err().unwrap();
        assert_eq!((e.message.as_str(), e.line), ("no rule is named `enum-cas`", Some(5)));
    }
}
