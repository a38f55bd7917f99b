//! Masking credentials in what gclint prints: a URL, a message, a snippet's text (its labels
//! moved with it), a JSON value, a diff. What a credential is comes from [`super::scan`]; values
//! known for a file (found there by the taxonomy, or in a `.http` file's private environment)
//! are masked wherever else they are quoted ([`Known`]).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::ops::Range;

use super::edit::{Edit, MIN_TWIN, Patterns, apply, placeholder, plain_edits};
use super::scan::{self, Kind};

/// The URL with every credential the taxonomy sees in it (query and fragment parameters, the
/// password of its user-info) replaced by `<redacted:LEN>`.
pub fn url(url: &str) -> String {
    mask(url, &mut []).unwrap_or_else(|| url.to_owned())
}

/// `text` with every credential the scanner finds replaced by its placeholder, and `spans`
/// (byte ranges in `text`) moved to where the same text is afterwards. For messages and snippets
/// of `check`.
pub fn mask(text: &str, spans: &mut [Range<usize>]) -> Option<String> {
    mask_with(text, spans, &Known::new([]))
}

/// [`mask`], and every occurrence of the known secret `values`.
pub fn mask_with(text: &str, spans: &mut [Range<usize>], values: &Known) -> Option<String> {
    let mut found = scan::scan(text);
    for (range, _) in values.find(text.as_bytes()) {
        // (Values are whole strings, so a match starts and ends on character boundaries.)
        found.push(scan::Found { range, kind: Kind::Token });
    }
    if found.is_empty() {
        return None;
    }
    scan::tidy(&mut found);
    let edits = plain_edits(found, text, 0);
    let moved = |offset: usize, edits: &[Edit]| -> usize {
        let mut shift: isize = 0;
        for e in edits {
            if e.range.end <= offset {
                shift += e.replacement().len() as isize - e.range.len() as isize;
            } else if e.range.start < offset {
                // Inside a masked value: the end of its placeholder.
                return (e.range.start as isize + shift) as usize + e.replacement().len();
            }
        }
        (offset as isize + shift).max(0) as usize
    };
    for span in spans.iter_mut() {
        let (s, e) = (moved(span.start, &edits), moved(span.end, &edits));
        *span = s..e.max(s);
    }
    let (out, _) = apply(text.as_bytes(), edits);
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Masks a string in place (see [`mask_with`]).
pub fn mask_string(s: &mut String, values: &Known) {
    if let Some(m) = mask_with(s, &mut [], values) {
        *s = m;
    }
}

/// Masks the credentials of a JSON value: string members named like one (`password`,
/// `access_token`, ...), and credentials in any other string.
pub fn mask_value(value: &mut serde_json::Value, values: &Known) {
    use serde_json::Value;
    match value {
        Value::Object(members) => {
            for (key, v) in members.iter_mut() {
                match v {
                    Value::String(text) if scan::is_secret_name(key) && !scan::is_placeholder(text) => {
                        *text = placeholder(text.chars().count());
                    }
                    Value::String(text) if scan::header_kind(key).is_some() => {
                        let found = scan::header_value(key, text, 0);
                        let edits = plain_edits(found, text, 0);
                        let (out, _) = apply(text.as_bytes(), edits);
                        *text = String::from_utf8_lossy(&out).into_owned();
                        mask_string(text, values);
                    }
                    _ => mask_value(v, values),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_value(v, values)),
        Value::String(text) => mask_string(text, values),
        _ => {}
    }
}

/// A unified diff with the credentials of its lines masked (context and changed lines alike).
pub fn mask_diff(diff: &str, values: &[String]) -> String {
    let values = Known::new(values.iter().cloned());
    let values = &values;
    let mut out = String::with_capacity(diff.len());
    for line in diff.split_inclusive('\n') {
        let (marker, rest) = match line.chars().next() {
            Some(c @ (' ' | '+' | '-')) if !line.starts_with("+++") && !line.starts_with("---") => {
                line.split_at(c.len_utf8())
            }
            _ => ("", line),
        };
        out.push_str(marker);
        match mask_with(rest, &mut [], values) {
            Some(m) => out.push_str(&m),
            None => out.push_str(rest),
        }
    }
    out
}

/// Known secret values, to be found wherever they stand in one pass (values shorter than
/// [`MIN_TWIN`] are left out).
pub struct Known {
    values: Vec<String>,
    /// Built once for the set (building searchers for every string masked was a tenth of a
    /// HAR's check); a contiguous NFA for many values, as the set is built for each window of a
    /// HAR: it must be cheap to build more than fast to run over a few short strings.
    patterns: Patterns,
}

impl Known {
    pub fn new(values: impl IntoIterator<Item = String>) -> Known {
        let mut values: Vec<String> = values.into_iter().filter(|v| v.len() >= MIN_TWIN).collect();
        values.sort();
        values.dedup();
        let bytes: Vec<&[u8]> = values.iter().map(String::as_bytes).collect();
        let patterns = Patterns::new(&bytes, Some(aho_corasick::AhoCorasickKind::ContiguousNFA));
        Known { values, patterns }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Where the values stand in `haystack`: each range with the value's index (see
    /// [`Patterns::find`]).
    fn find(&self, haystack: &[u8]) -> Vec<(Range<usize>, usize)> {
        self.patterns.find(haystack)
    }
}
