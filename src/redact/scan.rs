//! Finding credentials in decoded text: header lines (`Authorization: Bearer ...`), JSON members
//! (`"password": "..."`), query and form parameters (`access_token=...`, and `code`/`state` where
//! the text is an OAuth redirect or token request).
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
    /// An API key header (`X-API-Key`, `X-Auth-Token`).
    ApiKey,
    /// A token, secret, password or OAuth code in a query string, form body or JSON member.
    Token,
    /// The password of `curl -u user:password`.
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

/// Query, form and JSON member names whose values are credentials.
pub const SECRET_KEYS: &[&str] = &["access_token", "refresh_token", "id_token", "client_secret", "password"];

/// Parameter names that are credentials only on OAuth redirects and token requests.
const OAUTH_KEYS: &[&str] = &["code", "state"];

/// Header names whose values are credentials, and their kind.
pub fn header_kind(name: &str) -> Option<Kind> {
    const KINDS: &[(&str, Kind)] = &[
        ("authorization", Kind::Authorization),
        ("proxy-authorization", Kind::Authorization),
        ("cookie", Kind::Cookie),
        ("set-cookie", Kind::Cookie),
        ("x-api-key", Kind::ApiKey),
        ("x-auth-token", Kind::ApiKey),
    ];
    // Told apart without allocating: every header of every request passes here.
    let name = name.trim();
    KINDS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, kind)| kind)
}

/// Whether a JSON member or parameter name holds a credential (not counting `code`/`state`).
pub fn is_secret_key(name: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// Whether a value must be left as it is: empty, already redacted, or a placeholder of a
/// template or shell (`{{token}}`, `${TOKEN}`, `$TOKEN`, `<token>`, `%TOKEN%`, `[REDACTED]`, `***`).
pub fn is_kept(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    lower.contains("redacted")
        || v.contains("{{")
        || v.contains("${")
        || v.starts_with('$')
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        || v.chars().all(|c| c == '*')
}

/// A header line naming a credential header: the name, then the value.
const HEADER_LINE: &str = r"(?im)^[ \t]*(?:-H[ \t]*)?(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token)[ \t]*:[ \t]*([^\r\n]*)";
/// A JSON member holding a credential: the name, then the string value (as written).
const JSON_MEMBER: &str =
    r#"(?i)"(access_token|refresh_token|id_token|client_secret|password)"\s*:\s*"((?:[^"\\]|\\.)*)""#;
/// A query or form parameter holding a credential: the name, then the value.
const PARAMETER: &str =
    r#"(?i)(?:^|[?&;\s'"])(access_token|refresh_token|id_token|client_secret|password|code|state)=([^&#\s'"<>]*)"#;

/// The shapes credentials are found in.
const PATTERNS: [&str; 3] = [HEADER_LINE, JSON_MEMBER, PARAMETER];

/// [`PATTERNS`], compiled.
fn patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| PATTERNS.map(|p| Regex::new(p).unwrap_or_else(|_| unreachable!("a fixed pattern"))))
}

/// Which of [`PATTERNS`] match a text, found in one pass over it.
fn matching(text: &str) -> regex::SetMatches {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| RegexSet::new(PATTERNS).unwrap_or_else(|_| unreachable!("fixed patterns"))).matches(text)
}

/// A cheap test that a text may hold a credential at all (most strings of a capture do not).
pub fn may_hold(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)token|secret|password|authoriz|cookie|api-key|code=|state=")
            .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    });
    re.is_match(text)
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
        let trimmed = value.as_str().trim_end();
        found.extend(header_value(name.as_str(), trimmed, value.start()));
    }
    for caps in found_by(1) {
        let Some(value) = caps.get(2) else { continue };
        if !is_kept(value.as_str()) {
            found.push(Found { range: value.range(), kind: Kind::Token });
        }
    }
    for caps in found_by(2) {
        let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else { continue };
        let oauth_only = OAUTH_KEYS.iter().any(|k| k.eq_ignore_ascii_case(name.as_str()));
        if oauth_only && !is_oauth_context(text, name.start()) {
            continue;
        }
        if !is_kept(value.as_str()) {
            found.push(Found { range: value.range(), kind: Kind::Token });
        }
    }
    tidy(&mut found);
    found
}

/// Sorts findings and drops those that overlap an earlier one.
pub fn tidy(found: &mut Vec<Found>) {
    found.sort_by_key(|f| (f.range.start, f.range.end));
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
            let credentials = match value.split_once(' ') {
                Some((scheme, rest))
                    if !scheme.is_empty()
                        && scheme.len() <= 10
                        && scheme.chars().all(|c| c.is_ascii_alphanumeric()) =>
                {
                    let rest_trimmed = rest.trim_start();
                    (value.len() - rest_trimmed.len())..value.len()
                }
                _ => 0..value.len(),
            };
            if let Some(secret) = value.get(credentials.clone()) {
                if !is_kept(secret) && !is_kept(value) {
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
                if !is_kept(v) {
                    let s = at + part_at + eq + 1 + lead;
                    out.push(Found { range: s..s + v.len(), kind });
                }
            }
        }
        _ => {
            if !is_kept(value) {
                out.push(Found { range: at..at + value.len(), kind });
            }
        }
    }
    out
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
            (!is_kept(v)).then(|| Found { range: m.start()..m.start() + v.len(), kind: Kind::Variable })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

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
    fn http_file_variables() {
        let text = "@host = api.mypurecloud.com\n@token = abcdef123\n@client_secret = {{$env.X}}\n";
        let found: Vec<&str> = http_variables(text).into_iter().map(|f| &text[f.range]).collect();
        assert_eq!(found, ["abcdef123"]);
    }
}
