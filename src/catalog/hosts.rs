//! Which requests are Genesys Cloud API calls.

/// The Genesys Cloud environments (region domains); the API is at `api.<env>`, login at
/// `login.<env>`.
pub const ENVIRONMENTS: &[&str] = &[
    "mypurecloud.com",
    "mypurecloud.ie",
    "mypurecloud.com.au",
    "mypurecloud.jp",
    "mypurecloud.de",
    "usw2.pure.cloud",
    "cac1.pure.cloud",
    "apne2.pure.cloud",
    "euw2.pure.cloud",
    "aps1.pure.cloud",
    "use2.us-gov-pure.cloud",
    "sae1.pure.cloud",
    "mec1.pure.cloud",
    "apne3.pure.cloud",
    "euc2.pure.cloud",
    "mxc1.pure.cloud",
    "apse1.pure.cloud",
    "edee1.eusc-pure.cloud",
];

/// Whether `host` belongs to a Genesys Cloud environment.
pub fn is_genesys_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    ENVIRONMENTS.iter().any(|env| host == *env || host.strip_suffix(env).is_some_and(|h| h.ends_with('.')))
}

/// Whether a host name looks meant for Genesys Cloud without being one of its regions
/// (`api.genesiscloud.com`, `api.mygen.com`, `api.purecloud.com`).
pub fn looks_like_genesys(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    ["genesys", "genesis", "purecloud", "mygen", "pure.cloud", "pure-cloud"].iter().any(|w| host.contains(w))
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
