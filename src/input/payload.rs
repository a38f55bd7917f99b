//! A bare request body in a file, checked as the body of an operation named with `--endpoint`
//! (or guessed from its shape by the linter).

use crate::exchange::{Body, Endpoint, Exchange};
use crate::source::Source;
use crate::text::Text;

/// An operation given on the command line: `"PATCH /api/v2/conversations/{conversationId}"`,
/// a concrete path, or a full URL.
#[derive(Debug, Clone)]
pub struct EndpointArg {
    pub method: String,
    pub url: String,
}

impl std::str::FromStr for EndpointArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split_whitespace();
        let (Some(method), Some(url), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!(
                "expected \"METHOD PATH\", e.g. \"PATCH /api/v2/conversations/{{conversationId}}/participants/{{participantId}}\", got {s:?}"
            ));
        };
        if !method.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!("{method:?} is not an HTTP method"));
        }
        if !(url.starts_with('/') || url.contains("://")) {
            return Err(format!("{url:?} is not a path (it should start with /api/v2/...)"));
        }
        Ok(EndpointArg { method: method.to_ascii_uppercase(), url: url.to_owned() })
    }
}

/// The exchange a payload file stands for: its body, sent with `method` to `url`.
pub fn exchange(src: &Source, method: &str, url: &str, endpoint: Endpoint) -> Exchange {
    let base = src.bom_len();
    let value = String::from_utf8_lossy(src.bytes.get(base..).unwrap_or_default()).into_owned();
    let (host, path) = super::capture::split_url(url).unwrap_or((None, 0..url.len()));
    Exchange {
        entry: None,
        method: method.to_owned(),
        url: Text::detached(url),
        host,
        path,
        headers: Vec::new(),
        body: Some(Body {
            text: Text::verbatim(value, base),
            mime: Some("application/json".into()),
            transformed: None,
        }),
        body_unread: false,
        response: None,
        endpoint,
        comment: None,
        started: None,
        format: super::format::Format::Payload,
        granted: None,
    }
}
