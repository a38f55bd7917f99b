//! Credentials: finding them, replacing them in a copy of a capture (`gclint redact`), and
//! masking them in everything `gclint check` prints.
//!
//! One placeholder everywhere: `<redacted:N>`, where N is the length of the value it replaces in
//! characters. It keeps what surrounds the value (the `Bearer ` scheme, the cookie's name, the
//! parameter's name), and [`crate::input::is_placeholder`] knows it, so a redacted capture holds
//! no `secret-in-capture`.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

mod json;
pub mod scan;
mod shell;

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;

use crate::input::decompress::{self, Codec};
use crate::input::{Format, ReadOptions};
pub use scan::Kind;

/// Query parameters whose values are credentials, for [`url`].
const SECRET_PARAMS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "client_secret",
    "password",
    "code",
    "state",
    "api_key",
    "apikey",
];

/// The placeholder for a value of `len` characters.
pub fn placeholder(len: usize) -> String {
    format!("<redacted:{len}>")
}

/// The URL with the value of every credential query parameter replaced by `<redacted:LEN>`.
pub fn url(url: &str) -> String {
    let Some(q) = url.find('?') else {
        return url.to_owned();
    };
    let (head, query) = url.split_at(q + 1);
    let (query, fragment) = match query.find('#') {
        Some(h) => query.split_at(h),
        None => (query, ""),
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v))
                if SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(k)) && !v.is_empty() && !scan::is_kept(v) =>
            {
                format!("{k}={}", placeholder(v.chars().count()))
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}{}{fragment}", masked.join("&"))
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
}

impl Edit {
    fn replacement(&self) -> String {
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
            Edit { range: base + f.range.start..base + f.range.end, len, kind: f.kind, quoting: Quoting::None }
        })
        .collect()
}

/// Why a file cannot be redacted. Nothing is written then.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A redacted copy of a file.
#[derive(Debug)]
pub struct Redacted {
    pub bytes: Vec<u8>,
    /// The format the file was read as.
    pub format: Format,
    /// How many values of each kind were replaced.
    pub counts: BTreeMap<Kind, usize>,
    /// The compression the file had (and its copy has again).
    pub codec: Option<Codec>,
}

impl Redacted {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// `3 credentials (2 × Authorization header, 1 × cookie)`.
    pub fn summary(&self) -> String {
        let n = self.total();
        let kinds: Vec<String> = self.counts.iter().map(|(k, n)| format!("{n} × {}", k.name())).collect();
        let plural = if n == 1 { "" } else { "s" };
        if kinds.is_empty() {
            format!("{n} credential{plural}")
        } else {
            format!("{n} credential{plural} ({})", kinds.join(", "))
        }
    }
}

/// The edits that redact a text read as `format` (`Auto`: told apart as `check` does).
fn edits_of(text: &str, base: usize, format: Format, name: &str) -> Result<(Vec<Edit>, Format), Error> {
    let format = match format {
        Format::Auto => {
            let trimmed = text.trim_start();
            match crate::input::sniff(trimmed, &crate::input::extension(name)) {
                Some(f) => f,
                None if trimmed.starts_with(['{', '[']) => Format::Har,
                None => {
                    return Err(Error(
                        "not a capture gclint reads: no HAR, SDK log, .http request, curl command or JSON document found"
                            .into(),
                    ));
                }
            }
        }
        f => f,
    };
    let edits = match format {
        Format::Har | Format::Payload | Format::Auto => {
            let mut walker = json::Walker::new(text, base);
            walker.document().map_err(|e| {
                Error(format!(
                    "not valid JSON (line {}, column {}): {}; a capture that cannot be read cannot be redacted safely",
                    e.line(),
                    e.column(),
                    crate::input::json::error_reason(&e)
                ))
            })?;
            walker.edits
        }
        Format::Jsonl => json::lines(text, base),
        Format::SdkText => plain_edits(scan::scan(text), text, base),
        Format::Http => {
            let mut found = scan::scan(text);
            found.extend(scan::http_variables(text));
            scan::tidy(&mut found);
            plain_edits(found, text, base)
        }
        Format::Curl => shell::edits(text, base),
    };
    Ok((edits, format))
}

/// Applies edits (sorted, overlapping ones dropped) to `bytes`.
fn apply(bytes: &[u8], mut edits: Vec<Edit>) -> (Vec<u8>, BTreeMap<Kind, usize>) {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = Vec::with_capacity(bytes.len());
    let mut counts = BTreeMap::new();
    let mut at = 0;
    for e in edits {
        if e.range.start < at || e.range.end > bytes.len() || e.range.start > e.range.end {
            continue;
        }
        out.extend_from_slice(bytes.get(at..e.range.start).unwrap_or_default());
        out.extend_from_slice(e.replacement().as_bytes());
        if e.len > 0 {
            *counts.entry(e.kind).or_default() += 1;
        }
        at = e.range.end;
    }
    out.extend_from_slice(bytes.get(at..).unwrap_or_default());
    (out, counts)
}

/// Redacts a whole file: every credential replaced by a placeholder, every other byte as it was.
/// A compressed file is expanded (within `opts.max_decompressed`) and compressed again.
pub fn redact(bytes: &[u8], name: &str, opts: &ReadOptions) -> Result<Redacted, Error> {
    let codec = decompress::codec(bytes);
    let expanded;
    let plain = match codec {
        None => bytes,
        Some(c) => {
            expanded = decompress::expand(bytes, c, opts.max_decompressed).map_err(Error)?;
            &expanded
        }
    };
    let bom = if plain.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = std::str::from_utf8(plain.get(bom..).unwrap_or_default()).map_err(|e| {
        Error(format!("not UTF-8 text (invalid byte at offset {}): not a capture gclint reads", bom + e.valid_up_to()))
    })?;
    if text.trim().is_empty() {
        return Err(Error("the file is empty".into()));
    }
    let (edits, format) = edits_of(text, bom, opts.format, name)?;
    let (out, counts) = apply(plain, edits);
    if format == Format::Curl {
        let after = std::str::from_utf8(out.get(bom..).unwrap_or_default()).unwrap_or_default();
        if !shell::verify(text, after, bom) {
            return Err(Error(
                "its shell quoting is too irregular to replace the credentials without changing the commands".into(),
            ));
        }
    }
    let bytes = match codec {
        None => out,
        Some(Codec::Gzip) => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&out).and_then(|_| enc.finish()).map_err(|e| Error(format!("cannot compress: {e}")))?
        }
        Some(Codec::Zstd) => {
            ruzstd::encoding::compress_to_vec(out.as_slice(), ruzstd::encoding::CompressionLevel::Fastest)
        }
    };
    Ok(Redacted { bytes, format, counts, codec })
}

/// The secret values in a file (as decoded from it), for `::add-mask::`. Empty when the file
/// cannot be read.
pub fn secret_values(bytes: &[u8], name: &str, opts: &ReadOptions) -> Vec<String> {
    let expanded;
    let plain = match decompress::codec(bytes) {
        None => bytes,
        Some(c) => match decompress::expand(bytes, c, opts.max_decompressed) {
            Ok(b) => {
                expanded = b;
                &expanded
            }
            Err(_) => return Vec::new(),
        },
    };
    let bom = if plain.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let Ok(text) = std::str::from_utf8(plain.get(bom..).unwrap_or_default()) else { return Vec::new() };
    let Ok((edits, _)) = edits_of(text, bom, opts.format, name) else {
        // A broken file: what the scanner finds in its text.
        return scan::scan(text).into_iter().filter_map(|f| text.get(f.range).map(str::to_owned)).collect();
    };
    values_of(plain, &edits)
}

/// The secret values in one JSON document (a HAR entry read as a stream), as
/// [`secret_values`] finds them in a whole file.
pub fn json_secret_values(text: &str) -> Vec<String> {
    let mut walker = json::Walker::new(text, 0);
    match walker.document() {
        Ok(()) => values_of(text.as_bytes(), &walker.edits),
        Err(_) => Vec::new(),
    }
}

/// The distinct texts the edits would replace.
fn values_of(bytes: &[u8], edits: &[Edit]) -> Vec<String> {
    let mut values: Vec<String> = edits
        .iter()
        .filter(|e| e.len > 0)
        .filter_map(|e| bytes.get(e.range.clone()))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    values.sort();
    values.dedup();
    values
}

/// `text` with every credential the scanner finds replaced by its placeholder, and `spans`
/// (byte ranges in `text`) moved to where the same text is afterwards. For messages and snippets
/// of `check`.
pub fn mask(text: &str, spans: &mut [Range<usize>]) -> Option<String> {
    let found = scan::scan(text);
    if found.is_empty() {
        return None;
    }
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

/// Masks the credentials of a JSON value: string members named like one (`password`,
/// `access_token`, ...), and credentials in any other string.
fn mask_value(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(members) => {
            for (key, v) in members.iter_mut() {
                match v {
                    Value::String(text) if scan::is_secret_key(key) && !scan::is_kept(text) => {
                        *text = placeholder(text.chars().count());
                    }
                    _ => mask_value(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_value),
        Value::String(text) => {
            if let Some(m) = mask(text, &mut []) {
                *text = m;
            }
        }
        _ => {}
    }
}

/// Masks every credential in what a finding prints: its message, help, request line, snippets
/// and the requests it suggests.
pub fn mask_diagnostic(d: &mut crate::diagnostic::Diagnostic) {
    if let Some(suggestion) = d.suggestion.as_mut() {
        for r in &mut suggestion.requests {
            r.url = url(&r.url);
            if let Some(body) = r.body.as_mut() {
                mask_value(body);
            }
        }
        if let Some(m) = suggestion.note.as_deref().and_then(|n| mask(n, &mut [])) {
            suggestion.note = Some(m);
        }
    }
    let mut fields: Vec<&mut String> = vec![&mut d.message];
    fields.extend(d.request.as_mut());
    fields.extend(d.help.as_mut());
    for s in fields {
        if let Some(m) = mask(s, &mut []) {
            *s = m;
        }
    }
    let snippets = d.snippet.iter_mut().chain(d.related.iter_mut().map(|r| &mut r.snippet));
    for snippet in snippets {
        let mut spans: Vec<Range<usize>> = snippet.labels.iter().map(|l| l.span.clone()).collect();
        if let Some(m) = mask(&snippet.text, &mut spans) {
            snippet.text = m;
            for (label, span) in snippet.labels.iter_mut().zip(spans) {
                label.span = span;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    fn har_opts() -> ReadOptions {
        ReadOptions { max_decompressed: decompress::DEFAULT_LIMIT, ..Default::default() }
    }

    #[test]
    fn masks_credentials_in_the_query_only() {
        assert_eq!(super::url("https://h/p?a=1&access_token=abcdef#x"), "https://h/p?a=1&access_token=<redacted:6>#x");
        assert_eq!(super::url("https://h/p"), "https://h/p");
    }

    #[test]
    fn har_secrets_are_replaced_in_place() {
        let har = r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://h/cb?code=abc123&state=xyz","headers":[{"name":"Authorization","value":"Bearer tok\u0065n1234"},{"name":"Accept","value":"*/*"}],"cookies":[{"name":"sid","value":"c00kie"}],"queryString":[{"name":"code","value":"abc123"},{"name":"state","value":"xyz"}],"postData":{"mimeType":"application/json","text":"{\"password\":\"hunter2\",\"user\":\"u\"}"}},"response":{"content":{"text":"{\"access_token\":\"AT-1\"}"}}}]}}"#;
        let r = redact(har.as_bytes(), "a.har", &har_opts()).unwrap();
        let out = String::from_utf8(r.bytes.clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let req = &v["log"]["entries"][0]["request"];
        assert_eq!(req["headers"][0]["value"], "Bearer <redacted:9>");
        assert_eq!(req["headers"][1]["value"], "*/*");
        assert_eq!(req["cookies"][0]["value"], "<redacted:6>");
        assert_eq!(req["url"], "https://h/cb?code=<redacted:6>&state=<redacted:3>");
        assert_eq!(req["queryString"][0]["value"], "<redacted:6>");
        assert_eq!(req["postData"]["text"], r#"{"password":"<redacted:7>","user":"u"}"#);
        assert_eq!(v["log"]["entries"][0]["response"]["content"]["text"], r#"{"access_token":"<redacted:4>"}"#);
        assert_eq!(r.total(), 8, "{:?}", r.counts);
    }

    #[test]
    fn shell_words_keep_their_quoting() {
        let sh = "curl -H 'Authorization: Bearer abcdefgh' -b \"sid=s1d\" -u me:pa55 https://h/x?access_token=tt\n";
        let r = redact(sh.as_bytes(), "a.sh", &har_opts()).unwrap();
        assert_eq!(
            String::from_utf8(r.bytes).unwrap(),
            "curl -H 'Authorization: Bearer <redacted:8>' -b \"sid=<redacted:3>\" -u me:\\<redacted:4\\> https://h/x?access_token=\\<redacted:2\\>\n"
        );
    }

    #[test]
    fn masking_moves_spans() {
        let text = "a=1&password=secret&b=2";
        let mut spans = vec![20..23, 4..12];
        let m = mask(text, &mut spans).unwrap();
        assert_eq!(m, "a=1&password=<redacted:6>&b=2");
        assert_eq!(&m[spans[0].clone()], "b=2");
        assert_eq!(&m[spans[1].clone()], "password");
    }
}
