//! Which requests are Genesys Cloud API calls, and which host of an environment serves the API.

use super::facts::facts;

/// The Genesys Cloud environments (region domains, `schemas/facts.json`); the API is at
/// `api.<env>`, login at `login.<env>`.
pub fn environments() -> &'static [String] {
    &facts().environments
}

/// Every environment a host may belong to: the regions, then Genesys's own development and test
/// environments.
fn known_environments() -> impl Iterator<Item = &'static str> {
    facts().environments.iter().chain(&facts().test_environments).map(String::as_str)
}

/// The environment `host` belongs to, and what comes before it: `("acme", "mypurecloud.com")` for
/// `acme.mypurecloud.com`, `("", "mypurecloud.com")` for the bare domain. The longest environment
/// that ends the host wins (`mypurecloud.com.au` over `mypurecloud.com`, were both to end it).
pub fn environment_of(host: &str) -> Option<(String, &'static str)> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    known_environments()
        .filter_map(|env| {
            let sub = if host == env { Some("") } else { host.strip_suffix(env)?.strip_suffix('.') };
            sub.map(|s| (s.to_owned(), env))
        })
        .max_by_key(|(_, env)| env.len())
}

/// Whether `host` belongs to a Genesys Cloud environment.
pub fn is_genesys_host(host: &str) -> bool {
    environment_of(host).is_some()
}

/// The API host of an environment: `api.mypurecloud.ie`.
pub fn api_host(env: &str) -> String {
    format!("{}.{env}", facts().host_names.api)
}

/// Whether `host` is an environment's notification websocket host (`streaming.mypurecloud.com`).
pub fn is_streaming_host(host: &str) -> bool {
    environment_of(host).is_some_and(|(sub, _)| sub == facts().host_names.streaming)
}

/// Whether a host name looks meant for Genesys Cloud without being one of its regions: it is
/// named like it (`api.genesiscloud.com`, `api.mygen.com`, `api.purecloud.com`), or it is an
/// environment misspelt by a slip of the keyboard (`api.mypurcloud.com`, `api.inindac.com`; see
/// [`misspelt_environment`]).
pub fn looks_like_genesys(host: &str) -> bool {
    // Only the domain the host belongs to says whose server it is: a company's own proxy may be
    // called `genesys-proxy.acme.com`.
    let lower = registered_domain(host).to_ascii_lowercase();
    facts().lookalike_host_words.iter().any(|w| lower.contains(w.as_str())) || misspelt_environment(host).is_some()
}

/// The domain a host name belongs to: its last two labels (`acme.com` of `genesys.acme.com`),
/// or three under a country's second-level domain (`acme.com.au`, `acme.co.uk`).
fn registered_domain(host: &str) -> &str {
    let host = host.trim_end_matches('.');
    let labels: Vec<&str> = host.rsplitn(4, '.').collect();
    let keep = match labels.as_slice() {
        [tld, sld, _, ..] if tld.len() == 2 && sld.len() <= 3 => 3,
        _ => 2,
    };
    let cut: usize = labels.iter().take(keep).map(|l| l.len() + 1).sum();
    host.get(host.len().saturating_sub(cut.saturating_sub(1))..).unwrap_or(host)
}

/// The environment nearest to a host that belongs to none, or to the host without its first
/// label, by edit distance (a transposition is one edit), with that distance; `None` when two
/// are as near.
fn nearest_environment(host: &str) -> Option<(usize, &'static str)> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let rest = host.split_once('.').map_or("", |(_, rest)| rest);
    let mut by_distance: Vec<(usize, &'static str)> = known_environments()
        .map(|env| (strsim::osa_distance(&host, env).min(strsim::osa_distance(rest, env)), env))
        .collect();
    by_distance.sort_unstable();
    match by_distance.as_slice() {
        [first, rest @ ..] if rest.first().is_none_or(|next| next.0 > first.0) => Some(*first),
        _ => None,
    }
}

/// The environment a host that belongs to none was plainly meant for: the one whose domain is
/// nearest to the host, or to the host without its first label, by at most two edits and nearer
/// than any other (`api.mypurecloud.con`: mypurecloud.com). None when no environment is that
/// near (`api.genesiscloud.com`) or two are (`api.mypurecloud.eu`: .ie or .de).
pub fn meant_environment(host: &str) -> Option<&'static str> {
    nearest_environment(host).filter(|(edits, _)| *edits <= 2).map(|(_, env)| env)
}

/// The environment a host is a misspelling of, whatever it is named like: one edit per seven
/// letters of the environment's domain at most (one for `inindca.com`, two for
/// `mypurecloud.com`). So near, a host of another server is improbable; a farther one may be a
/// mock, a proxy or a company's own domain (`api.intca.com`, `india.com`), and is left alone.
pub fn misspelt_environment(host: &str) -> Option<&'static str> {
    nearest_environment(host).filter(|(edits, env)| *edits > 0 && *edits <= (env.len() / 7).max(1)).map(|(_, env)| env)
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
        assert!(is_genesys_host("api.inindca.com"));
        assert!(!is_genesys_host("api.mypurecloud.com.evil.example"));
        assert!(!is_genesys_host("api.genesiscloud.com"));
        assert!(!is_genesys_host("notmypurecloud.com"));
    }

    #[test]
    fn the_environment_of_a_host_and_what_comes_before_it() {
        let of = |h: &str| environment_of(h).map(|(sub, env)| (sub, env.to_owned()));
        assert_eq!(of("acme.mypurecloud.com"), Some(("acme".into(), "mypurecloud.com".into())));
        assert_eq!(of("api.mypurecloud.com.au."), Some(("api".into(), "mypurecloud.com.au".into())));
        assert_eq!(of("mypurecloud.de"), Some((String::new(), "mypurecloud.de".into())));
        assert_eq!(of("apps.inintca.com"), Some(("apps".into(), "inintca.com".into())));
        assert_eq!(of("api.example.com"), None);
    }

    #[test]
    fn the_environment_a_lookalike_meant_is_said_only_when_it_is_plain() {
        assert_eq!(meant_environment("api.mypurecloud.con"), Some("mypurecloud.com"));
        assert_eq!(meant_environment("api.usw2.purecloud"), Some("usw2.pure.cloud"));
        assert_eq!(meant_environment("acme.mypurecloud.co"), Some("mypurecloud.com"));
        assert_eq!(meant_environment("api.genesiscloud.com"), None);
        assert_eq!(meant_environment("api.mygen.com"), None);
        assert_eq!(meant_environment("api.mypurecloud.eu"), None);
    }

    #[test]
    fn a_misspelt_environment_is_one_slip_away() {
        assert_eq!(misspelt_environment("api.mypurcloud.com"), Some("mypurecloud.com"));
        assert_eq!(misspelt_environment("api.inindac.com"), Some("inindca.com"));
        assert_eq!(misspelt_environment("api.ininda.com"), Some("inindca.com"));
        assert_eq!(misspelt_environment("api.mypurecloud.con"), Some("mypurecloud.com"));
        assert_eq!(misspelt_environment("api.mypurcloud.con"), Some("mypurecloud.com"));
        for other in [
            "api.mypurecloud.com",
            "localhost",
            "example.com",
            "api.example.com",
            "api.intca.com",
            "india.com",
            "proxy.acme.com",
            "",
        ] {
            assert_eq!(misspelt_environment(other), None, "{other}");
        }
        assert!(looks_like_genesys("api.ininda.com") && !looks_like_genesys("mock.acme.internal"));
        // What a host is named like counts in the domain it belongs to only.
        for named in ["api.genesiscloud.com", "api.mygen.com", "acme.purecloud.com.au", "api.usw2.pure-cloud.com"] {
            assert!(looks_like_genesys(named), "{named}");
        }
        for own in ["genesys-proxy.acme.com", "genesys.acme.co.uk", "purecloud.mock.internal", "localhost"] {
            assert!(!looks_like_genesys(own), "{own}");
        }
        assert_eq!(registered_domain("a.b.acme.com."), "acme.com");
        assert_eq!(registered_domain("x.acme.com.au"), "acme.com.au");
        assert_eq!(registered_domain("localhost"), "localhost");
    }

    #[test]
    fn linted() {
        assert!(is_linted(Some("api.mypurecloud.ie"), "/api/v2/users/me"));
        assert!(is_linted(Some("localhost"), "/api/v2/conversations/calls/1"));
        assert!(!is_linted(Some("api.example.com"), "/api/v2/users"));
        assert!(!is_linted(Some("api.mypurecloud.com"), "/login"));
    }
}
