//! Masking of credentials in text gclint quotes back (URLs in snippets and suggestions).

/// Query parameters whose values are credentials.
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
            Some((k, v)) if SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(k)) && !v.is_empty() => {
                format!("{k}=<redacted:{}>", v.len())
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}{}{fragment}", masked.join("&"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_credentials_in_the_query_only() {
        assert_eq!(super::url("https://h/p?a=1&access_token=abcdef#x"), "https://h/p?a=1&access_token=<redacted:6>#x");
        assert_eq!(super::url("https://h/p"), "https://h/p");
    }
}
