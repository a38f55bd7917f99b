//! Which requests are Genesys Cloud API calls.

use super::facts::facts;

/// The Genesys Cloud environments (region domains, `schemas/facts.json`); the API is at
/// `api.<env>`, login at `login.<env>`.
pub fn environments() -> &'static [String] {
    &facts().environments
}

/// Whether `host` belongs to a Genesys Cloud environment.
pub fn is_genesys_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    environments().iter().any(|env| host == *env || host.strip_suffix(env).is_some_and(|h| h.ends_with('.')))
}

/// Whether a host name looks meant for Genesys Cloud without being one of its regions
/// (`api.genesiscloud.com`, `api.mygen.com`, `api.purecloud.com`).
pub fn looks_like_genesys(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    facts().lookalike_host_words.iter().any(|w| host.contains(w.as_str()))
}

/// Whether a request is one gclint looks at: any `/api/v2/...` call to a Genesys host (or a host
/// that looks meant to be one), and any call under `/api/v2/conversations` whatever the host
/// (captures from proxies and mocks).
pub fn is_linted(host: Option<&str>, path: &str) -> bool {
    let conversations = path == "/api/v2/conversations" || path.starts_with("/api/v2/conversations/");
    conversations || (path.starts_with("/api/v2/") && host.is_some_and(|h| is_genesys_host(h) || looks_like_genesys(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert!(is_genesys_host("api.mypurecloud.com"));
        assert!(is_genesys_host("API.usw2.pure.cloud"));
        assert!(!is_genesys_host("api.mypurecloud.com.evil.example"));
        assert!(!is_genesys_host("api.genesiscloud.com"));
        assert!(!is_genesys_host("notmypurecloud.com"));
    }

    #[test]
    fn linted() {
        assert!(is_linted(Some("api.mypurecloud.ie"), "/api/v2/users/me"));
        assert!(is_linted(Some("localhost"), "/api/v2/conversations/calls/1"));
        assert!(!is_linted(Some("api.example.com"), "/api/v2/users"));
        assert!(!is_linted(Some("api.mypurecloud.com"), "/login"));
    }
}
