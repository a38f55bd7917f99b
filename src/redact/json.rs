//! Credentials in JSON documents and JSON lines: HAR captures, HAR request objects, SDK and
//! NDJSON request logs, payloads, Postman collections and Insomnia exports.
//!
//! The document is walked with borrowed [`RawValue`]s, so every value keeps its place in the file:
//! HAR name/value pairs (`headers`, `cookies`, `queryString`, `params`) and Postman's key/value
//! pairs (headers, variables, auth parameters), API key auths, header objects of logs
//! (`"Authorization": "..."` or, from Go, `["..."]`), members named like a credential
//! (`access_token`, `password`, ...), and every string, decoded and scanned (URLs, bodies held as
//! strings, `"Name: value"` header lines). Ranges found in a decoded string are mapped back
//! through its escapes.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::input::json::{JsonFile, Members};
use crate::secrets::edit::{Edit, Quoting};
use crate::secrets::scan::{self, Found, Kind};
use crate::text::{Text, decode_json_string};

/// Deeper than this, a subtree is scanned as text instead of walked (each level of the walk
/// parses its subtree again; serde_json stops at 128 levels anyway).
const MAX_WALK_DEPTH: usize = 48;

/// The name of a HAR name/value pair.
#[derive(Deserialize)]
struct Named<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
}

pub(super) struct Walker<'a> {
    file: JsonFile<'a>,
    pub edits: Vec<Edit>,
}

impl<'a> Walker<'a> {
    pub(super) fn new(text: &'a str, base: usize) -> Self {
        Walker { file: JsonFile { text, base }, edits: Vec::new() }
    }

    /// Walks the whole text as one JSON document.
    pub(super) fn document(&mut self) -> Result<(), serde_json::Error> {
        let root: &'a RawValue = serde_json::from_str(self.file.text)?;
        self.value(root, None, 0);
        Ok(())
    }

    fn value(&mut self, raw: &'a RawValue, parent: Option<&str>, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            self.raw_text(raw);
            return;
        }
        match raw.get().as_bytes().first() {
            Some(b'{') => self.object(raw, parent, depth),
            Some(b'[') => {
                let Ok(items) = serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) else {
                    self.raw_text(raw);
                    return;
                };
                let oauth = parent.is_some_and(|p| matches!(p, "queryString" | "params")) && self.is_oauth_list(&items);
                for item in items {
                    if oauth {
                        self.value(item, Some("oauth-params"), depth + 1);
                    } else {
                        self.value(item, parent, depth + 1);
                    }
                }
            }
            Some(b'"') => self.string(raw),
            _ => {}
        }
    }

    fn object(&mut self, raw: &'a RawValue, parent: Option<&str>, depth: usize) {
        let Ok(Members(members)) = serde_json::from_str::<Members<'a>>(raw.get()) else {
            self.raw_text(raw);
            return;
        };
        // A pair's name: HAR's `name`, or the `key` of Postman's `{key, value}` pairs (headers,
        // variables, auth parameters), which may carry a display `name` beside it.
        let named = |field: &str| members.iter().find(|(k, _)| k == field).and_then(|(_, v)| self.file.string(Some(v)));
        let name = named("key").or_else(|| named("name"));
        let pair_value = members.iter().find(|(k, _)| k == "value").map(|(_, v)| *v);
        // An API key auth (Insomnia's `{"type": "apikey", "key": "X-Key", "value": "..."}`):
        // its `value` is the key, whatever the header is called. A Postman variable of type
        // `secret` (an environment's or a collection's, enabled or not) holds one whatever its
        // name.
        if let (Some(kind), Some(value)) = (named("type"), pair_value) {
            if kind.value == "apikey" || kind.value == "secret" {
                self.whole(value, Kind::Token);
                for (key, v) in &members {
                    if key != "value" {
                        self.value(v, Some(key), depth + 1);
                    }
                }
                return;
            }
        }
        if let (Some(name), Some(value)) = (&name, pair_value) {
            if self.pair(&name.value, value, parent) {
                for (key, v) in &members {
                    if key != "value" {
                        self.value(v, Some(key), depth + 1);
                    }
                }
                return;
            }
        }
        // A body held as base64 (HAR `content` or `postData` with `"encoding": "base64"`): decoded,
        // redacted, encoded again.
        let base64 = members
            .iter()
            .find(|(k, _)| k == "encoding")
            .and_then(|(_, v)| self.file.string(Some(v)))
            .is_some_and(|e| e.value.trim().eq_ignore_ascii_case("base64"));
        for (key, v) in &members {
            if base64 && key == "text" {
                self.base64(v);
            // A member named like a credential that holds a list or an object (Postman's
            // `"apikey": [{key, value}]` parameters) is walked like any other.
            } else if scan::is_secret_name(key) && !v.get().starts_with(['{', '[']) {
                self.whole(v, Kind::Token);
            } else if scan::header_kind(key).is_some() && !scan::is_secret_name(key) {
                // (A credential name that holds a list is walked above: only header names
                // that are no member names hold Go's header value lists.)
                self.header(key, v);
            } else {
                self.value(v, Some(key), depth + 1);
            }
        }
    }

    /// A HAR name/value pair: a header, a cookie, a query or form parameter. Returns whether it
    /// was one of those with a credential name (its value is then done).
    fn pair(&mut self, name: &str, value: &'a RawValue, parent: Option<&str>) -> bool {
        if parent == Some("cookies") {
            self.whole(value, Kind::Cookie);
            return true;
        }
        if scan::header_kind(name).is_some() {
            self.header(name, value);
            return true;
        }
        let oauth = parent == Some("oauth-params") && scan::is_oauth_key(name);
        // Postman's API key auth: `"apikey": [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "..."}]`.
        let api_key = parent == Some("apikey") && name == "value";
        if scan::is_secret_name(name) || oauth || api_key {
            self.whole(value, Kind::Token);
            return true;
        }
        false
    }

    /// Whether a list of HAR query or form parameters is an OAuth redirect or token request.
    fn is_oauth_list(&self, items: &[&'a RawValue]) -> bool {
        let names: Vec<String> = items
            .iter()
            .filter_map(|i| serde_json::from_str::<Named>(i.get()).ok())
            .filter_map(|nv| self.file.string(nv.name))
            .map(|t| t.value.to_ascii_lowercase())
            .collect();
        let has = |n: &str| names.iter().any(|x| x == n);
        has("redirect_uri") || has("grant_type") || (has("code") && has("state"))
    }

    /// A header value: a string, or (Go) an array of strings.
    fn header(&mut self, name: &str, raw: &'a RawValue) {
        match raw.get().as_bytes().first() {
            Some(b'"') => {
                if let Some(text) = self.decoded(raw) {
                    let found = scan::header_value(name, &text.value, 0);
                    self.mapped(&text, found);
                }
            }
            Some(b'[') => {
                let Ok(items) = serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) else { return };
                for item in items {
                    self.header(name, item);
                }
            }
            _ => {}
        }
    }

    /// A string value that is a credential as a whole.
    fn whole(&mut self, raw: &'a RawValue, kind: Kind) {
        if let Some(text) = self.decoded(raw) {
            if !scan::is_placeholder(&text.value) {
                let found = vec![Found { range: 0..text.value.len(), kind }];
                self.mapped(&text, found);
            }
        }
    }

    /// Any other string: a URL, a body, a `Name: value` header line.
    fn string(&mut self, raw: &'a RawValue) {
        if !scan::may_hold(raw.get()) {
            return;
        }
        if let Some(text) = self.decoded(raw) {
            let found = scan::scan(&text.value);
            self.mapped(&text, found);
        }
    }

    /// A base64 body: the credentials of what it decodes to are replaced there, and the body is
    /// encoded again (its length changes). Bytes that are no base64 of UTF-8 text are scanned
    /// as they stand.
    fn base64(&mut self, raw: &'a RawValue) {
        use base64::Engine;
        let Some(text) = self.decoded(raw) else { return };
        let compact: String = text.value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let engine = base64::engine::general_purpose::STANDARD;
        let inner = engine.decode(compact.as_bytes()).ok().and_then(|b| String::from_utf8(b).ok());
        let Some(inner) = inner else {
            self.string(raw);
            return;
        };
        let mut walker = Walker::new(&inner, 0);
        let edits = if inner.trim_start().starts_with(['{', '[']) && walker.document().is_ok() {
            walker.edits
        } else {
            crate::secrets::edit::plain_edits(scan::scan(&inner), &inner, 0)
        };
        if edits.is_empty() {
            return;
        }
        let mut edits = edits;
        crate::secrets::edit::add_twins(inner.as_bytes(), &mut edits);
        let values = crate::secrets::edit::values_of(inner.as_bytes(), &edits);
        let (plain, counts) = crate::secrets::edit::apply(inner.as_bytes(), edits);
        let kinds = counts.into_iter().flat_map(|(k, n)| std::iter::repeat_n(k, n)).collect();
        let at = self.file.offset(raw);
        let range = at + 1..at + raw.get().len() - 1;
        let mut edit = Edit::new(range, 0, Kind::Token, Quoting::None);
        edit.rewrite = Some(crate::secrets::edit::Rewrite { text: engine.encode(plain), kinds, values });
        self.edits.push(edit);
    }

    /// A subtree too deep or too broken to walk: scanned as it stands in the file.
    fn raw_text(&mut self, raw: &'a RawValue) {
        let at = self.file.offset(raw);
        for f in scan::scan(raw.get()) {
            let len = raw.get().get(f.range.clone()).map_or(0, |s| s.chars().count());
            self.edits.push(Edit::new(at + f.range.start..at + f.range.end, len, f.kind, Quoting::None));
        }
    }

    fn decoded(&self, raw: &RawValue) -> Option<Text> {
        if !raw.get().starts_with('"') {
            return None;
        }
        decode_json_string(raw.get(), self.file.offset(raw)).ok()
    }

    /// Turns ranges in a decoded string into edits of the file. Inside a JSON string literal,
    /// the placeholder needs no escaping.
    fn mapped(&mut self, text: &Text, found: Vec<Found>) {
        for f in found {
            let (Some(start), Some(end)) = (text.map.to_file(f.range.start), text.map.to_file(f.range.end)) else {
                continue;
            };
            let len = text.value.get(f.range.clone()).map_or(0, |s| s.chars().count());
            if end > start {
                self.edits.push(Edit::new(start..end, len, f.kind, Quoting::None));
            }
        }
    }
}

/// Edits for a JSON lines file: each line that is a JSON document is walked; other lines are
/// scanned as text.
/// The edits of a `.http` environment file (`http-client.env.json`, or with `private` its
/// `http-client.private.env.json`): every string value of an environment in the private file
/// and, in the public one, those whose variable names say they hold a secret, as `check` masks
/// them (see `input::http_file::env_secret_values`); anything else as in any JSON document.
pub(super) fn env_file(text: &str, base: usize, private: bool) -> Result<Vec<Edit>, serde_json::Error> {
    let mut walker = Walker::new(text, base);
    let root: &RawValue = serde_json::from_str(text)?;
    let Ok(Members(sections)) = serde_json::from_str::<Members>(root.get()) else {
        walker.value(root, None, 0);
        return Ok(walker.edits);
    };
    for (_, section) in sections {
        let Ok(Members(vars)) = serde_json::from_str::<Members>(section.get()) else {
            walker.value(section, None, 1);
            continue;
        };
        for (name, value) in vars {
            if value.get().starts_with('"') && (private || scan::is_secret_variable(&name)) {
                walker.whole(value, Kind::Variable);
            } else {
                walker.value(value, Some(&name), 2);
            }
        }
    }
    Ok(walker.edits)
}

pub(super) fn lines(text: &str, base: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end =
            memchr::memchr(b'\n', text.as_bytes().get(start..).unwrap_or_default()).map_or(text.len(), |i| start + i);
        let line = text.get(start..end).unwrap_or("");
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        let mut walker = Walker::new(trimmed, base + start + lead);
        if trimmed.starts_with(['{', '[']) && walker.document().is_ok() {
            edits.append(&mut walker.edits);
        } else {
            edits.extend(crate::secrets::edit::plain_edits(scan::scan(line), line, base + start));
        }
        start = end + 1;
    }
    edits
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    /// The values the walker replaces in `text`.
    fn replaced(text: &str) -> Vec<&str> {
        let mut w = Walker::new(text, 0);
        w.document().unwrap();
        w.edits.iter().map(|e| &text[e.range.clone()]).collect()
    }

    #[test]
    fn postman_secret_variables_whatever_their_names() {
        let text = r#"{"name": "acme", "_postman_variable_scope": "environment", "values": [
            {"key": "oldToken", "value": "sv-1", "type": "secret", "enabled": false},
            {"key": "gateway", "value": "sv-2", "type": "secret", "enabled": true},
            {"key": "baseUrl", "value": "https://api.mypurecloud.com", "type": "default", "enabled": true}]}"#;
        assert_eq!(replaced(text), vec!["sv-1", "sv-2"]);
    }

    #[test]
    fn postman_pairs_and_auth_parameters() {
        let text = r#"{"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "tok-1", "type": "string"}]},
            "variable": [{"key": "clientSecret", "value": "cs-2"}, {"key": "baseUrl", "value": "https://x"}, {"key": "password", "value": "{{pw}}"}],
            "item": [{"request": {"header": [{"key": "Authorization", "name": "Authorization", "value": "Bearer hdr-3"}, {"key": "Accept", "value": "*/*"}],
              "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "ak-4"}]}}}]}"#;
        assert_eq!(replaced(text), vec!["tok-1", "cs-2", "hdr-3", "ak-4"]);
    }

    #[test]
    fn insomnia_authentication_and_environments() {
        let text = r#"{"resources": [{"_type": "request", "authentication": {"type": "bearer", "token": "tok-1", "prefix": ""},
            "headers": [{"name": "X-API-Key", "value": "hk-2"}]},
            {"_type": "request", "authentication": {"type": "apikey", "key": "X-Custom", "value": "ak-3", "addTo": "header"}},
            {"_type": "environment", "data": {"baseUrl": "https://x", "nested": {"password": "pw-4"}}}]}"#;
        assert_eq!(replaced(text), vec!["tok-1", "hk-2", "ak-3", "pw-4"]);
    }

    #[test]
    fn har_pairs_are_read_as_before() {
        let text = r#"{"headers": [{"name": "Authorization", "value": "Bearer a1"}, {"name": "key", "value": "not-a-secret"}]}"#;
        assert_eq!(replaced(text), vec!["a1"]);
    }
}
