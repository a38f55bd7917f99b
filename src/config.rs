//! `gclint.toml`: scopes, rule selection and severities, per-path ignores, payload mappings.
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

/// Rule names, with `ALL` for every rule.
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

fn rule_name(name: &Spanned<String>, path: &Path, text: &str) -> Result<&'static str, Box<Diagnostic>> {
    match rules::by_name(name.get_ref()) {
        Some(r) => Ok(r.name),
        None => {
            let names = rules::rules().map(|r| r.name);
            let help = crate::text::closest(name.get_ref(), names)
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "`gclint rules` lists the rule names".into());
            Err(error(path, text, Some(name.span()), format!("no rule is named `{}`", name.get_ref()), Some(help)))
        }
    }
}

fn names(list: &[Spanned<String>], path: &Path, text: &str) -> Result<Vec<String>, Box<Diagnostic>> {
    list.iter()
        .map(|n| if n.get_ref() == "ALL" { Ok("ALL".to_owned()) } else { rule_name(n, path, text).map(str::to_owned) })
        .collect()
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
    for (name, level) in &raw.rules.severity {
        let rule = rules::by_name(name).ok_or_else(|| {
            let at =
                text.find(&format!("{name} ")).or_else(|| text.find(&format!("{name}="))).map(|i| i..i + name.len());
            error(
                path,
                &text,
                at,
                format!("no rule is named `{name}`"),
                Some("`gclint rules` lists the rule names".into()),
            )
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
        config.severity.insert(rule.name, severity);
    }
    for p in &raw.per_path_ignores {
        let matcher = glob(&p.glob, &base, path, &text)?;
        let rules = p.rules.iter().map(|r| rule_name(r, path, &text)).collect::<Result<_, _>>()?;
        config.per_path_ignores.push((matcher, rules));
    }
    for p in &raw.payloads {
        let matcher = glob(&p.glob, &base, path, &text)?;
        let endpoint: EndpointArg =
            p.endpoint.get_ref().parse().map_err(|e| error(path, &text, Some(p.endpoint.span()), e, None))?;
        config.payloads.push((matcher, endpoint));
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

    pub fn enabled(&self, rule: &str) -> bool {
        let listed = |list: &[String]| list.iter().any(|n| n == "ALL" || n == rule);
        let selected = self.select.as_deref().is_none_or(listed) || listed(&self.extend_select);
        selected && !listed(&self.ignore)
    }
}

impl Config {
    /// The endpoint a payload file is mapped to, by the first matching `[[payloads]]` glob.
    pub fn payload_endpoint(&self, file: &Path) -> Option<&EndpointArg> {
        self.payloads.iter().find(|(g, _)| matches(g, file)).map(|(_, e)| e)
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
    let normal: PathBuf = absolute.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
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
}
