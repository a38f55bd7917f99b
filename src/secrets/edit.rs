//! Replacing a credential in text: one edit per value, its placeholder, and applying many edits
//! to a text at once. The `redact` command and the masking of what gclint prints share them.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::collections::BTreeMap;
use std::ops::Range;

use super::scan::{self, Kind};

/// A secret value known for a file (found by the taxonomy in one place) is also replaced, and
/// masked, wherever else it stands in that file when it is at least this long: a twin in a
/// HAR's `params` of a value redacted in `postData.text`, a token echoed in a response, a `.http`
/// variable's value filled into a URL. Shorter values are replaced only where the taxonomy finds
/// them, so that a short value does not clobber unrelated text.
pub const MIN_TWIN: usize = 6;

/// The placeholder for a value of `len` characters.
pub fn placeholder(len: usize) -> String {
    format!("<redacted:{len}>")
}

/// How a placeholder must be written where it goes: `<` and `>` are redirections in an unquoted
/// bash word and in cmd.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quoting {
    None,
    Bash,
    Cmd,
}

/// One replacement: the file bytes of a secret value, and the placeholder's length.
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    /// Characters of the value replaced; 0 for the later pieces of a value split by quotes,
    /// which are removed.
    pub len: usize,
    pub kind: Kind,
    pub quoting: Quoting,
    /// What replaces the bytes instead of a placeholder (a base64 body, decoded, redacted and
    /// encoded again).
    pub rewrite: Option<Rewrite>,
}

/// A value rewritten whole: its new text, and the credentials replaced inside it.
#[derive(Debug, Clone)]
pub(crate) struct Rewrite {
    pub text: String,
    pub kinds: Vec<Kind>,
    pub values: Vec<String>,
}

impl Edit {
    pub(crate) fn new(range: Range<usize>, len: usize, kind: Kind, quoting: Quoting) -> Edit {
        Edit { range, len, kind, quoting, rewrite: None }
    }

    pub(crate) fn replacement(&self) -> String {
        if let Some(r) = &self.rewrite {
            return r.text.clone();
        }
        if self.len == 0 {
            return String::new();
        }
        let p = placeholder(self.len);
        match self.quoting {
            Quoting::None => p,
            Quoting::Bash => p.replace('<', "\\<").replace('>', "\\>"),
            Quoting::Cmd => p.replace('<', "^<").replace('>', "^>"),
        }
    }
}

/// Edits for findings in a text that stands in the file as is, from `base`.
pub(crate) fn plain_edits(found: Vec<scan::Found>, text: &str, base: usize) -> Vec<Edit> {
    found
        .into_iter()
        .map(|f| {
            let len = text.get(f.range.clone()).map_or(0, |s| s.chars().count());
            Edit::new(base + f.range.start..base + f.range.end, len, f.kind, Quoting::None)
        })
        .collect()
}

/// Every place in `bytes` where one of `patterns` stands, with the pattern's index (see
/// [`Patterns::find`]).
pub(crate) fn find_all(bytes: &[u8], patterns: &[&[u8]]) -> Vec<(Range<usize>, usize)> {
    Patterns::new(patterns, None).find(bytes)
}

/// Applies edits to `bytes`: in file order, a longer edit first where two start at one place,
/// one that overlaps an earlier one dropped.
pub(crate) fn apply(bytes: &[u8], mut edits: Vec<Edit>) -> (Vec<u8>, BTreeMap<Kind, usize>) {
    edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut out = Vec::with_capacity(bytes.len());
    let mut counts = BTreeMap::new();
    let mut at = 0;
    for e in edits {
        if e.range.start < at || e.range.end > bytes.len() || e.range.start > e.range.end {
            continue;
        }
        out.extend_from_slice(bytes.get(at..e.range.start).unwrap_or_default());
        out.extend_from_slice(e.replacement().as_bytes());
        match &e.rewrite {
            Some(r) => r.kinds.iter().for_each(|k| *counts.entry(*k).or_default() += 1),
            None if e.len > 0 => *counts.entry(e.kind).or_default() += 1,
            None => {}
        }
        at = e.range.end;
    }
    out.extend_from_slice(bytes.get(at..).unwrap_or_default());
    (out, counts)
}

/// Searchers for a fixed set of byte strings: a few are looked for one by one, many in one pass
/// (leftmost-longest, without overlaps) through an automaton of the given kind (`None`: the
/// kind aho-corasick picks).
pub(crate) struct Patterns {
    one_by_one: Vec<(usize, memchr::memmem::Finder<'static>)>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Patterns {
    pub(crate) fn new(patterns: &[&[u8]], kind: Option<aho_corasick::AhoCorasickKind>) -> Patterns {
        if patterns.len() <= 8 {
            let one_by_one = patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .map(|(i, p)| (i, memchr::memmem::Finder::new(p).into_owned()))
                .collect();
            return Patterns { one_by_one, automaton: None };
        }
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(kind)
            .build(patterns)
            .ok();
        Patterns { one_by_one: Vec::new(), automaton }
    }

    /// Every place in `haystack` where one of the patterns stands, with the pattern's index
    /// (one by one, overlaps are for [`apply`] to settle).
    pub(crate) fn find(&self, haystack: &[u8]) -> Vec<(Range<usize>, usize)> {
        if let Some(a) = &self.automaton {
            return a.find_iter(haystack).map(|m| (m.range(), m.pattern().as_usize())).collect();
        }
        let mut found = Vec::new();
        for (i, f) in &self.one_by_one {
            found.extend(f.find_iter(haystack).map(|at| (at..at + f.needle().len(), *i)));
        }
        found
    }
}

/// Adds an edit for every other place in `bytes` where a value the edits replace (at least
/// [`MIN_TWIN`] bytes) is written the same way. Not for curl commands, whose words need their
/// quoting: there, a twin left is caught by the check of the copy.
pub(crate) fn add_twins(bytes: &[u8], edits: &mut Vec<Edit>) {
    let mut values: Vec<(&[u8], usize, Kind)> = edits
        .iter()
        .filter(|e| e.len > 0 && e.rewrite.is_none() && e.quoting == Quoting::None)
        .filter_map(|e| bytes.get(e.range.clone()).map(|b| (b, e.len, e.kind)))
        .filter(|(b, _, _)| b.len() >= MIN_TWIN)
        .collect();
    if values.is_empty() {
        return;
    }
    values.sort();
    values.dedup_by(|a, b| a.0 == b.0);
    let patterns: Vec<&[u8]> = values.iter().map(|v| v.0).collect();
    for (range, i) in find_all(bytes, &patterns) {
        if let Some(&(_, len, kind)) = values.get(i) {
            edits.push(Edit::new(range, len, kind, Quoting::None));
        }
    }
}

/// The distinct texts the edits would replace (for a rewritten base64 body: the values found
/// inside it).
pub(crate) fn values_of(bytes: &[u8], edits: &[Edit]) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for e in edits {
        if let Some(r) = &e.rewrite {
            values.extend(r.values.iter().cloned());
        } else if e.len > 0 {
            values.extend(bytes.get(e.range.clone()).map(|b| String::from_utf8_lossy(b).into_owned()));
        }
    }
    values.sort();
    values.dedup();
    values
}
