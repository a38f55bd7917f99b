//! The secret taxonomy: the one place that says what a credential is. Detection
//! (`secret-in-capture`), masking (every printed output of `check`, `suggest` and `--diff`) and
//! redaction (`gclint redact`) all ask here, so a value masked in output is a value redacted in
//! files, and the other way round.
//!
//! - Header names whose values are credentials: [`header_kind`] (`Authorization`,
//!   `Proxy-Authorization`, `Cookie`, `Set-Cookie`, and every header named with the member names
//!   below: `X-API-Key`, `Api-Key`, `X-Auth-Token`, `X-Access-Token`, `X-Client-Secret`,
//!   `X-Amz-Security-Token`, `*-Session-Token`).
//! - Query, fragment, form and JSON member names whose values are credentials: [`is_secret_name`]
//!   over [`SECRET_NAMES`], compared without case, `_` and `-` (`access_token`, `accessToken`,
//!   `Access-Token` are one name), JSON member names after JSON unescaping (`access\u005ftoken`).
//!   `code` and `state` count only on OAuth redirects and token requests ([`OAUTH_KEYS`]).
//! - URL parts: query and fragment parameters by name, and the password of user-info
//!   (`https://user:password@host`). `Location` headers and `redirectURL` members are URLs and
//!   are scanned as text like every other string.
//! - What is no secret: [`is_placeholder`], one function for every use.
//!
//! The scanner works on text as a reader decoded it; callers map each range back to the file.

use std::ops::Range;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// What kind of credential a value is (for the summary and the placeholder's meaning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The credentials of an `Authorization` or `Proxy-Authorization` header (after the scheme).
    Authorization,
    /// A cookie value (`Cookie`, `Set-Cookie`, a HAR `cookies` entry, `curl -b`).
    Cookie,
    /// An API key or token header (`X-API-Key`, `X-Auth-Token`, `X-Amz-Security-Token`).
    ApiKey,
    /// A token, secret or password in a query string, URL fragment, form body or JSON member.
    Token,
    /// The password of `curl -u user:password` or of a URL's user-info.
    Password,
    /// A `.http` file variable whose name says it holds a secret (`@token = ...`).
    Variable,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Authorization => "Authorization header",
            Kind::Cookie => "cookie",
            Kind::ApiKey => "API key header",
            Kind::Token => "token, secret or password",
            Kind::Password => "user password",
            Kind::Variable => "secret variable",
        }
    }
}

/// A credential found in a text: the byte range of its value (not of its name or scheme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Query, fragment, form and JSON member names whose values are credentials, lowercase and
/// without `_` and `-` (see [`is_secret_name`]). Exact names only: `pageToken`, `wrapupCode`,
/// `code` or `secretary` elsewhere are no credentials.
pub const SECRET_NAMES: &[&str] = &[
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "token",
    "authtoken",
    "sessiontoken",
    "securitytoken",
    "bearertoken",
    "apikey",
    "xapikey",
    "apisecret",
    "apitoken",
    "clientsecret",
    "secret",
    "password",
    "passwd",
    "pwd",
    "jwt",
    "assertion",
    "clientassertion",
    "privatekey",
];

/// Parameter names that are credentials only on OAuth redirects and token requests.
pub const OAUTH_KEYS: &[&str] = &["code", "state"];

/// Header names whose values are credentials, and their kind: `Authorization` and
/// `Proxy-Authorization`, `Cookie` and `Set-Cookie`, and an API key or token header, named with
/// the names of [`SECRET_NAMES`] (see [`is_credential_header`]).
pub fn header_kind(name: &str) -> Option<Kind> {
    const KINDS: &[(&str, Kind)] = &[
        ("authorization", Kind::Authorization),
        ("proxy-authorization", Kind::Authorization),
        ("cookie", Kind::Cookie),
        ("set-cookie", Kind::Cookie),
    ];
    // Told apart without allocating: every header of every request passes here.
    let name = name.trim();
    KINDS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, kind)| kind)
        .or_else(|| is_credential_header(name).then_some(Kind::ApiKey))
}

/// Whether a header's name says its value is a credential. Its words (split at `-` and `_`, a
/// leading `X-` aside) are all one name of [`SECRET_NAMES`] (`Api-Key`, `X-Token`), or its last
/// two words or more are (`X-Access-Token`, `X-Amz-Security-Token`, `Genesys-Session-Token`,
/// `X-Goog-Api-Key`). A last word alone is not enough: `X-Page-Token`, `X-CSRF-Token`,
/// `Sec-WebSocket-Key`, `Idempotency-Key` are no credentials of the user's account, as
/// `pageToken` is none as a JSON member.
fn is_credential_header(name: &str) -> bool {
    let is_separator = |b: u8| b == b'-' || b == b'_';
    let bytes = name.as_bytes();
    let x_prefixed = bytes.len() > 2
        && bytes.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'x'))
        && bytes.get(1).is_some_and(|&b| is_separator(b));
    let start = if x_prefixed { 2 } else { 0 };
    // Each suffix that starts a word, and how many words it has.
    let words = bytes.iter().skip(start).filter(|&&b| is_separator(b)).count() + 1;
    let mut left = words;
    let mut at = start;
    loop {
        let suffix = name.get(at..).unwrap_or_default();
        if (left >= 2 || at == start) && is_secret_name(suffix) {
            return true;
        }
        match bytes.get(at..).and_then(|b| b.iter().position(|&b| is_separator(b))) {
            Some(i) => {
                at += i + 1;
                left -= 1;
            }
            None => return false,
        }
    }
}

/// Whether a parameter or JSON member name holds a credential (not counting `code`/`state`):
/// one of [`SECRET_NAMES`], ignoring case, `_` and `-`.
pub fn is_secret_name(name: &str) -> bool {
    let name = name.trim();
    if name.len() > 40 {
        return false;
    }
    let folded = name.bytes().filter(|b| !matches!(b, b'_' | b'-')).map(|b| b.to_ascii_lowercase());
    let mut buf = [0u8; 40];
    let mut n = 0;
    for b in folded {
        if let Some(slot) = buf.get_mut(n) {
            *slot = b;
            n += 1;
        }
    }
    let folded = buf.get(..n).unwrap_or_default();
    SECRET_NAMES.iter().any(|k| k.as_bytes() == folded)
}

/// [`is_secret_name`], under its older name.
pub fn is_secret_key(name: &str) -> bool {
    is_secret_name(name)
}

/// Whether a name is `code` or `state` (credentials on OAuth redirects and token requests).
pub fn is_oauth_key(name: &str) -> bool {
    OAUTH_KEYS.iter().any(|k| k.eq_ignore_ascii_case(name.trim()))
}

/// Whether a credential value is no live secret: empty, already redacted, a placeholder of a
/// template or shell (`{{token}}`, `${TOKEN}`, `$TOKEN`, `<token>`, `{token}`, `%TOKEN%`), masked
/// (`***`, `xxxx`, `[REDACTED]`), an example (`your_token`, `placeholder`), or a null word
/// (`null`, `undefined`). Length does not matter: a short value is still a secret. The one
/// notion of "placeholder" for detection, masking and redaction.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    static MARKERS: OnceLock<Regex> = OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        Regex::new(r"(?i)redacted|\$\{|\{\{|\*\*\*|placeholder|^your[_ -]|^(?:null|undefined|none|nil)$")
            .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    });
    v.starts_with('$')
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('{') && v.ends_with('}'))
        || (v.starts_with('[') && v.ends_with(']'))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        // Masked: only `x`, `*` and separators (`xxxx-xxxx`, `****`). A random token may hold
        // `XxXX` among other characters: that is no mask.
        || v.chars().all(|c| c == '*')
        || (v.len() >= 4 && v.chars().all(|c| matches!(c, 'x' | 'X' | '*' | '•' | '-' | '_' | '.' | ' ')))
        || markers.is_match(v)
}

/// [`is_placeholder`], under its older name.
pub fn is_kept(value: &str) -> bool {
    is_placeholder(value)
}

/// A header value with its scheme (`Bearer x`) is a placeholder when its credentials are.
pub fn is_placeholder_credentials(value: &str) -> bool {
    let v = value.trim();
    match v.split_once(' ') {
        Some((scheme, rest)) if is_scheme(scheme) => is_placeholder(rest) || is_placeholder(v),
        _ => is_placeholder(v),
    }
}

fn is_scheme(word: &str) -> bool {
    !word.is_empty() && word.len() <= 10 && word.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A header line naming a credential header: the name, then the value.
/// [`header_kind`] tells which names are credentials. A name of two words or more
/// (`X-Access-Token`), or `Authorization` or `Cookie`: a line `token: x` is YAML or prose.
const HEADER_LINE: &str = r"(?im)^[ \t]*(?:-H[ \t]*)?([A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+){1,8}|authorization|cookie)[ \t]*:[ \t]*([^\r\n]*)";
/// A JSON member with a string value: the name (as written), then the value (as written, up to
/// its closing quote or the end of the text: a value cut by the end of a file is still one).
const JSON_MEMBER: &str = r#""((?:[^"\\\r\n]|\\.){1,120})"\s*:\s*"((?:[^"\\]|\\.)*)"?"#;
/// A query, fragment or form parameter: the name, then the value.
const PARAMETER: &str = r#"(?:^|[?&;#\s'"])([A-Za-z0-9_.\-]{1,60})=([^&#\s'"<>]*)"#;
/// The password of a URL's user-info: `scheme://user:password@`.
const USERINFO: &str = r#"(?i)\b[a-z][a-z0-9+.\-]*://[^/?#@\s:'"<>]*:([^/?#@\s'"<>]*)@"#;

/// The shapes credentials are found in.
const PATTERNS: [&str; 4] = [HEADER_LINE, JSON_MEMBER, PARAMETER, USERINFO];

/// [`PATTERNS`], compiled.
fn patterns() -> &'static [Regex; 4] {
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    RE.get_or_init(|| PATTERNS.map(|p| Regex::new(p).unwrap_or_else(|_| unreachable!("a fixed pattern"))))
}

/// Which of [`PATTERNS`] match a text, found in one pass over it.
fn matching(text: &str) -> regex::SetMatches {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| RegexSet::new(PATTERNS).unwrap_or_else(|_| unreachable!("fixed patterns"))).matches(text)
}

/// A cheap test that a text may hold a credential at all (most strings of a capture do not):
/// one of the words every credential of the taxonomy is named with, in any case, or a URL with
/// user information. Every request body of a capture passes here, so the words are looked for
/// as literals (an aho-corasick DFA over the bytes) rather than by a case-insensitive regex with
/// a URL pattern among its words (6% of a HAR's check).
pub fn may_hold(text: &str) -> bool {
    static WORDS: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A DFA: a few hundred states for these words, and the fastest to run.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build([
                "token",
                "secret",
                "passw",
                "pwd",
                "jwt",
                "assertion",
                "apikey",
                "api_key",
                "api-key",
                "privatekey",
                "private_key",
                "private-key",
                "authoriz",
                "cookie",
                "x-auth",
                "code=",
                "state=",
            ])
            .ok()
    });
    // Without the searcher (it cannot fail to build on fixed words), every text is looked at.
    words.as_ref().is_none_or(|w| w.is_match(text)) || has_user_info(text)
}

/// Whether a URL in `text` has user information (`scheme://user:password@host`).
fn has_user_info(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"://").any(|at| {
        let authority = text.as_bytes().get(at + 3..).unwrap_or_default();
        authority.iter().take_while(|b| !matches!(b, b'/' | b' ' | b'\t' | b'\n' | b'\r')).any(|&b| b == b'@')
    })
}

/// A JSON string literal's contents (without quotes), unescaped; `None` when it is not one.
fn json_unescape(written: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !written.contains('\\') {
        return Some(std::borrow::Cow::Borrowed(written));
    }
    serde_json::from_str::<String>(&format!("\"{written}\"")).ok().map(std::borrow::Cow::Owned)
}

/// Every credential in `text`, in order, without overlaps.
pub fn scan(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    if !may_hold(text) {
        return found;
    }
    // Most texts that name a credential hold none in any of these shapes: one pass tells.
    let which = matching(text);
    let found_by = |i: usize| {
        patterns().get(i).filter(|_| which.matched(i)).map(|re| re.captures_iter(text)).into_iter().flatten()
    };
    for caps in found_by(0) {
        let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else { continue };
        found.extend(header_value(name.as_str(), value.as_str(), value.start()));
    }
    for caps in found_by(1) {
        let (Some(key), Some(value)) = (caps.get(1), caps.get(2)) else { continue };
        let Some(name) = json_unescape(key.as_str()) else { continue };
        if is_secret_name(&name) {
            if !is_placeholder(value.as_str()) {
                found.push(Found { range: value.range(), kind: Kind::Token });
            }
        } else if header_kind(&name).is_some() {
            found.extend(header_value(&name, value.as_str(), value.start()));
        }
    }
    for caps in found_by(2) {
        let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else { continue };
        let secret =
            is_secret_name(name.as_str()) || (is_oauth_key(name.as_str()) && is_oauth_context(text, name.start()));
        if secret && !is_placeholder(value.as_str()) {
            found.push(Found { range: value.range(), kind: Kind::Token });
        }
    }
    for caps in found_by(3) {
        let Some(password) = caps.get(1) else { continue };
        if !is_placeholder(password.as_str()) {
            found.push(Found { range: password.range(), kind: Kind::Password });
        }
    }
    tidy(&mut found);
    found
}

/// Sorts findings and drops those that overlap an earlier one (of two that start at one place,
/// the longer is kept: it covers all the other would).
pub fn tidy(found: &mut Vec<Found>) {
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut end = 0;
    found.retain(|f| {
        let keep = f.range.start >= end && f.range.end > f.range.start;
        if keep {
            end = f.range.end;
        }
        keep
    });
}

/// Whether the query or form string around `at` is an OAuth redirect or token request, where
/// `code` and `state` are credentials.
fn is_oauth_context(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let stop = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'');
    let start = bytes.get(..at).and_then(|b| b.iter().rposition(stop)).map_or(0, |i| i + 1);
    let end = bytes.get(at..).and_then(|b| b.iter().position(stop)).map_or(text.len(), |i| at + i);
    let run = text.get(start..end).unwrap_or("").to_ascii_lowercase();
    let code = run.contains("code=");
    run.contains("redirect_uri=")
        || run.contains("grant_type=")
        || run.contains("#access_token=")
        || run.contains("#id_token=")
        || run.contains("/oauth")
        || (code && (run.contains("state=") || !run.contains("/api/v2/")))
}

/// The credentials in the value of a header (which stands at `at` in its text): the credentials
/// after the scheme of an `Authorization`, each cookie value of a `Cookie`, the first cookie's
/// value of a `Set-Cookie`, the whole of an API key.
pub fn header_value(name: &str, value: &str, at: usize) -> Vec<Found> {
    let Some(kind) = header_kind(name) else { return Vec::new() };
    let lower = name.trim().to_ascii_lowercase();
    let mut out = Vec::new();
    match kind {
        Kind::Authorization => {
            // Only the credentials change: the scheme and any space around them stay.
            let lead = value.len() - value.trim_start().len();
            let end = value.trim_end().len();
            let inner = value.get(lead..end).unwrap_or_default();
            let credentials = match inner.split_once(' ') {
                Some((scheme, rest)) if is_scheme(scheme) => {
                    let rest_trimmed = rest.trim_start();
                    lead + inner.len() - rest_trimmed.len()..end
                }
                _ => lead..end,
            };
            if let Some(secret) = value.get(credentials.clone()) {
                if !secret.is_empty() && !is_placeholder(secret) && !is_placeholder(inner) {
                    out.push(Found { range: at + credentials.start..at + credentials.end, kind });
                }
            }
        }
        Kind::Cookie => {
            let mut offset = 0;
            for (i, part) in value.split(';').enumerate() {
                let part_at = offset;
                offset += part.len() + 1;
                if lower == "set-cookie" && i > 0 {
                    break;
                }
                let Some(eq) = part.find('=') else { continue };
                let raw = part.get(eq + 1..).unwrap_or_default();
                let v = raw.trim();
                let lead = raw.len() - raw.trim_start().len();
                if !is_placeholder(v) {
                    let s = at + part_at + eq + 1 + lead;
                    out.push(Found { range: s..s + v.len(), kind });
                }
            }
        }
        _ => {
            let mut lead = value.len() - value.trim_start().len();
            let mut v = value.trim();
            // A value in quotes (a log's `X-Api-Key: "..."`): the quotes are no part of it.
            for q in ['"', '\''] {
                if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
                    (lead, v) = (lead + 1, inner);
                    break;
                }
            }
            if !is_placeholder(v) {
                out.push(Found { range: at + lead..at + lead + v.len(), kind });
            }
        }
    }
    out
}

/// Words that make a `.http` variable (`@token = ...`) or environment variable hold a secret
/// when its name contains one.
pub const SECRET_VARIABLE_WORDS: &[&str] =
    &["token", "secret", "password", "passwd", "apikey", "api_key", "credential"];

/// Whether a `.http` file or environment variable's name says it holds a secret.
pub fn is_secret_variable(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_VARIABLE_WORDS.iter().any(|w| lower.contains(w))
}

/// The secret of a `.http` variable line `@name = value` whose name says it holds one.
pub fn http_variables(text: &str) -> Vec<Found> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?im)^@([\w.-]*(?:token|secret|password|passwd|apikey|api_key|credential)[\w.-]*)[ \t]*=[ \t]*([^\r\n]*)",
        )
        .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    });
    re.captures_iter(text)
        .filter_map(|caps| caps.get(2))
        .filter_map(|m| {
            let v = m.as_str().trim_end();
            (!is_placeholder(v)).then(|| Found { range: m.start()..m.start() + v.len(), kind: Kind::Variable })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_lets_every_credential_through_and_little_else() {
        for text in [
            "Authorization: Bearer x",
            "ACCESS_TOKEN=1",
            "{\"apiKey\": 1}",
            "X-Auth-Token",
            "Api-Key",
            "pwd=1",
            "https://u:p@host/x",
            "a http://@h",
            "?code=1&state=2",
            "Cookie: a=b",
            "jwt",
            "client_assertion",
            "PRIVATE_KEY",
            "passwd",
            "Secret",
        ] {
            assert!(may_hold(text), "{text}");
        }
        for text in ["{\"state\": \"disconnected\"}", "https://api.mypurecloud.com/api/v2/x@y", "mail@example.com", ""]
        {
            assert!(!may_hold(text), "{text}");
        }
    }

    fn values(text: &str) -> Vec<&str> {
        scan(text).into_iter().map(|f| &text[f.range]).collect()
    }

    #[test]
    fn headers_keep_their_scheme_and_cookie_names() {
        assert_eq!(values("Authorization: Bearer abc.def-123\n"), ["abc.def-123"]);
        assert_eq!(values("\tauthorization: Basic dXNlcjpwYXNz"), ["dXNlcjpwYXNz"]);
        assert_eq!(values("Cookie: a=1234; b=xyz"), ["1234", "xyz"]);
        assert_eq!(values("Set-Cookie: sid=s3cr3t; Path=/; HttpOnly"), ["s3cr3t"]);
        assert_eq!(values("-HAuthorization: Bearer tok"), ["tok"]);
        assert!(values("Authorization: [REDACTED]").is_empty());
        assert!(values("Authorization: Bearer {{token}}").is_empty());
        assert!(values("Authorization: Bearer $TOKEN").is_empty());
        assert!(values("Authorization: Bearer <redacted:86>").is_empty());
    }

    #[test]
    fn json_members_and_parameters() {
        assert_eq!(values(r#"{"password": "p\"w", "x": 1}"#), [r#"p\"w"#]);
        assert_eq!(values("grant_type=password&username=u&password=hunter2"), ["hunter2"]);
        assert_eq!(values("https://h/p?a=1&access_token=abc#f"), ["abc"]);
        assert_eq!(values("https://app/callback?code=C0DE&state=st4te"), ["C0DE", "st4te"]);
        // `code` and `state` elsewhere are not credentials.
        assert!(values("https://api.mypurecloud.com/api/v2/x?code=1&state=2&other=3").len() == 2);
        assert!(values("https://api.mypurecloud.com/api/v2/x?state=connected").is_empty());
        assert!(values("response_type=code").is_empty());
        assert_eq!(values("https://app.example/signed-in?code=C0DE"), ["C0DE"]);
        assert!(values("https://api.mypurecloud.com/api/v2/conversations/callbacks?state=x&code=1").len() == 2);
        assert!(values("https://api.mypurecloud.com/api/v2/conversations/callbacks?state=connected").is_empty());
    }

    #[test]
    fn the_taxonomy_names_secrets_in_every_spelling_and_nothing_else() {
        for name in ["access_token", "accessToken", "Access-Token", "apiKey", "api_key", "X-API-Key", "jwt", "secret"] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["wrapupCode", "code", "state", "pageToken", "nextPageToken", "secretary", "tokens", "keyword"] {
            assert!(!is_secret_name(name), "{name}");
        }
        for v in [
            "",
            "<redacted:5>",
            "{{token}}",
            "${TOKEN}",
            "$TOKEN",
            "<token>",
            "{token}",
            "%TOKEN%",
            "***",
            "null",
            // The way published Data Actions and blueprints leave a key for the reader to fill.
            "[YOUR API KEY]",
            "YOUR API KEY",
        ] {
            assert!(is_placeholder(v), "{v:?}");
        }
        assert!(is_placeholder("xxxx-xxxx") && is_placeholder("XXXXXXXX"));
        // A random token may hold `xxxx` in any case.
        assert!(!is_placeholder("4jTm1CAxwPlouXXxXWTEe6UbH73c2yh5MjtZ_qx53m0mgnV7TLNZj5cCQphFg1fI"));
        // Short values are secrets too: one answer for detection, masking and redaction.
        for v in ["pw", "abc", "x1"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }

    #[test]
    fn url_fragments_user_info_and_new_names() {
        assert_eq!(values("https://app/cb#access_token=AT1&token_type=bearer&id_token=IT2"), ["AT1", "IT2"]);
        assert_eq!(values("Location: https://app/cb#access_token=AT1&state=s"), ["AT1", "s"]);
        assert_eq!(values("https://user:pa55@host/x"), ["pa55"]);
        assert!(values("https://user@host/x").is_empty());
        assert_eq!(values("https://h/api/v2/x?token=t&api_key=k&apiKey=K2"), ["t", "k", "K2"]);
        assert!(values("https://h/api/v2/x?pageToken=abc&wrapupCode=w").is_empty());
    }

    #[test]
    fn json_members_by_unescaped_name_and_cut_by_the_end() {
        assert_eq!(
            values(r#"{"access\u005ftoken": "E1", "apiKey": "K1", "jwt": "J1", "wrapupCode": "W"}"#),
            ["E1", "K1", "J1"]
        );
        assert_eq!(values(r#"{"headers": {"Authorization": "Bearer B1"}}"#), ["B1"]);
        // A value cut by the end of the text is redacted to the end.
        assert_eq!(values(r#"{"password": "cut-off"#), ["cut-off"]);
        assert_eq!(values(r#"{"Authorization": "Bearer cut"#), ["cut"]);
        // Only the secret bytes: a trailing space stays.
        let text = "Authorization: Bearer abc \n";
        assert_eq!(values(text), ["abc"]);
    }

    #[test]
    fn http_file_variables() {
        let text = "@host = api.mypurecloud.com\n@token = abcdef123\n@client_secret = {{$env.X}}\n";
        let found: Vec<&str> = http_variables(text).into_iter().map(|f| &text[f.range]).collect();
        assert_eq!(found, ["abcdef123"]);
    }
}
