//! Layers import downwards only: no file of `src/` depends, directly or through others, on a file
//! that depends on it.
//!
//! A file depends on another when it names it: a `mod child;` declaration, or a path through
//! `crate::`, `super::` or `self::` (in a `use`, or written out in code), resolved to the file
//! that defines the module the path reaches. A path that names an item of a module (a type, a
//! function) depends on the file of that module; `crate::rules::put_method::RULE` on
//! `rules/put_method.rs`, `crate::rules::Rule` on `rules/mod.rs`, which depends on every rule it
//! declares. Comments and the unit tests of a file (`#[cfg(test)] mod tests`) are left out: a
//! test may reach up to build what it checks.
//!
//! The test prints every cycle it finds, one strongly connected set of files per line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path (`["rules", "put_method"]`) and the file that defines it.
type Modules = BTreeMap<Vec<String>, String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src/ is readable").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path a file under `src/` defines (`lib.rs` and `main.rs` are the crate roots).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The file's code without comments, string and char literals, and its `#[cfg(test)]` items.
fn code_of(text: &str) -> String {
    without_tests(&without_literals(text))
}

/// `code` without the items marked `#[cfg(test)]` (up to the brace that closes them, or `;`).
fn without_tests(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let item = &rest[at + MARK.len()..];
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, b) in item.bytes().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' if depth <= 1 => {
                    end = i + 1;
                    break;
                }
                b'}' => depth -= 1,
                b';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// `text` with comments removed and string and char literals emptied.
fn without_literals(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(hashes) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            i += body + rest[body..].find(&close).map_or(rest.len() - body, |e| e + close.len());
            out.push_str("\"\"");
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            i += (j + 1).min(rest.len());
            out.push_str("\"\"");
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            // A char literal that is a quote or a brace would confuse the scans above.
            if c == '\'' && rest.len() >= 3 {
                let lit = &rest[1..];
                let end = if lit.starts_with('\\') { lit[2..].find('\'').map(|e| e + 3) } else { lit.find('\'') };
                if let Some(end) = end.filter(|&e| e <= 4) {
                    i += end + 2;
                    out.push_str("' '");
                    continue;
                }
            }
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// How many `#` a raw string literal starting here has.
fn raw_string_start(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix('r').or_else(|| rest.strip_prefix("br"))?;
    let hashes = after.bytes().take_while(|&b| b == b'#').count();
    after[hashes..].starts_with('"').then_some(hashes)
}

/// Expands a `use` tree (`crate::a::{b, c::{d, self}}`) into its paths.
fn expand_use(tree: &str) -> Vec<String> {
    // `a as b` names `a`; then whitespace means nothing.
    let renamed = regex::Regex::new(r"\s+as\s+\w+").expect("valid");
    let tree: String = renamed.replace_all(tree, "").chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    let mut out = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        for sub in expand_use(part) {
            let sub = if sub == "self" { prefix.trim_end_matches("::").to_owned() } else { format!("{prefix}{sub}") };
            out.push(sub);
        }
    }
    out
}

/// The file defining the longest module prefix of `path`, written in module `from`.
fn resolve(path: &str, from: &[String], modules: &Modules) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut at: Vec<String> = match segments.first().copied() {
        Some("crate") | Some("gclint") => Vec::new(),
        Some("self") => from.to_vec(),
        Some("super") => from.to_vec(),
        _ => return None,
    };
    let mut first = true;
    while let Some(&seg) = segments.first() {
        match seg {
            "crate" | "gclint" | "self" if first => {}
            "super" => {
                at.pop();
            }
            _ => break,
        }
        first = false;
        segments.remove(0);
    }
    let mut best = modules.get(&at).cloned();
    for seg in segments {
        at.push(seg.to_owned());
        match modules.get(&at) {
            Some(file) => best = Some(file.clone()),
            None => break,
        }
    }
    best
}

/// Every file of `src/` and the files it depends on.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut modules = Modules::new();
    for f in &files {
        let rel = f.strip_prefix(src).expect("under src");
        if rel == Path::new("main.rs") {
            continue;
        }
        modules.insert(module_of(rel), rel.display().to_string());
    }
    let use_re = regex::Regex::new(r"(?s)\buse\s+((?:crate|super|self|gclint)\b[^;]*);").expect("valid");
    let path_re = regex::Regex::new(r"\b(?:crate|super|self)(?:::(?:\w+|\{))+").expect("valid");
    let mod_re = regex::Regex::new(r"\bmod\s+(\w+)\s*;").expect("valid");
    let mut edges = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(src).expect("under src");
        let name = rel.display().to_string();
        let from = module_of(rel);
        let code = code_of(&std::fs::read_to_string(f).expect("readable"));
        let mut deps = BTreeSet::new();
        for m in mod_re.captures_iter(&code) {
            let mut child = from.clone();
            child.push(m[1].to_owned());
            if let Some(file) = modules.get(&child) {
                deps.insert(file.clone());
            }
        }
        let mut paths: Vec<String> = use_re.captures_iter(&code).flat_map(|c| expand_use(&c[1])).collect();
        let without_uses = use_re.replace_all(&code, "");
        paths.extend(path_re.find_iter(&without_uses).map(|m| m.as_str().trim_end_matches("::{").to_owned()));
        for p in paths {
            if let Some(file) = resolve(&p, &from, &modules) {
                if file != name {
                    deps.insert(file);
                }
            }
        }
        edges.insert(name, deps);
    }
    edges
}

/// The strongly connected sets of more than one file (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                set.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                set.sort();
                s.found.push(set);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_file_depends_on_a_file_that_depends_on_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    let found = cycles(&edges);
    let shown: Vec<String> = found
        .iter()
        .map(|set| {
            let inner: Vec<String> = set
                .iter()
                .map(|f| {
                    let deps: Vec<&str> = edges[f].iter().filter(|d| set.contains(d)).map(String::as_str).collect();
                    format!("  {f} -> {}", deps.join(", "))
                })
                .collect();
            format!("a cycle of {} files:\n{}", set.len(), inner.join("\n"))
        })
        .collect();
    assert!(found.is_empty(), "{}", shown.join("\n"));
}

/// The checker itself: a file that names its parent module's items is a cycle with it, a file
/// that names a sibling is not.
#[test]
fn the_checker_sees_a_cycle_through_a_parent_module() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path();
    std::fs::create_dir_all(src.join("rules")).expect("dir");
    std::fs::write(src.join("lib.rs"), "pub mod rules;\npub mod diagnostic;\n").expect("write");
    std::fs::write(src.join("diagnostic.rs"), "pub struct D;\n").expect("write");
    std::fs::write(src.join("rules/mod.rs"), "mod a;\nmod ctx;\npub use a::RULE;\n").expect("write");
    std::fs::write(src.join("rules/ctx.rs"), "use crate::diagnostic::D;\npub struct Ctx;\n").expect("write");
    std::fs::write(
        src.join("rules/a.rs"),
        "use super::{ctx::Ctx};\n// use super::Registry;\npub static RULE: u8 = 0;\n",
    )
    .expect("write");
    assert!(cycles(&graph(src)).is_empty(), "{:?}", graph(src));
    std::fs::write(src.join("rules/a.rs"), "use super::{ctx::Ctx, RULE as X};\n").expect("write");
    assert_eq!(cycles(&graph(src)), vec![vec!["rules/a.rs".to_owned(), "rules/mod.rs".to_owned()]]);
    std::fs::write(src.join("rules/a.rs"), "fn f() { crate::rules::helper() }\n").expect("write");
    assert_eq!(cycles(&graph(src)).len(), 1);
}
