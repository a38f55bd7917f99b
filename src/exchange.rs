//! The one currency between readers and rules: a request as it was (or will be) sent.

use crate::text::Text;

#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// A request body. `text` is the decoded body; `transformed` says how it was recovered when it
/// is not the literal text of the capture (base64, form parameters).
#[derive(Debug, Clone)]
pub struct Body {
    pub text: Text,
    pub mime: Option<String>,
    pub transformed: Option<&'static str>,
}

impl Body {
    /// Whether the body claims to be JSON (by its media type) or looks like it (by its first byte).
    pub fn looks_json(&self) -> bool {
        let declared = self.mime.as_deref().is_some_and(|m| {
            let m = m.to_ascii_lowercase();
            m.contains("json")
        });
        let form = self.mime.as_deref().is_some_and(|m| m.to_ascii_lowercase().contains("form"));
        let sniffed = matches!(self.text.value.trim_start().as_bytes().first(), Some(b'{' | b'['));
        declared || (!form && sniffed)
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Option<i64>,
    pub headers: Vec<Header>,
    pub body: Option<Text>,
}

/// Where the method and URL of an exchange came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// Recorded in the capture.
    Recorded,
    /// Given with `--endpoint` for a payload file.
    Flag,
    /// Guessed from the shape of a payload file's body.
    Inferred,
}

#[derive(Debug, Clone)]
pub struct Exchange {
    /// 0-based index in `log.entries` or in an array of request objects.
    pub entry: Option<usize>,
    pub method: String,
    /// The full URL (or a bare path for payload files) as recorded.
    pub url: Text,
    pub host: Option<String>,
    /// Byte range of the path within `url.value`.
    pub path: std::ops::Range<usize>,
    pub headers: Vec<Header>,
    pub body: Option<Body>,
    pub response: Option<Response>,
    pub endpoint: Endpoint,
    /// The HAR entry's `comment`, where `gclint: ignore RULE[,RULE]` suppresses findings.
    pub comment: Option<String>,
}

impl Exchange {
    /// Whether the entry's comment suppresses `rule`: `gclint: ignore` (every rule) or
    /// `gclint: ignore rule-a, rule-b`.
    pub fn suppresses(&self, rule: &str) -> bool {
        let Some(comment) = &self.comment else { return false };
        let Some(at) = comment.find("gclint: ignore").or_else(|| comment.find("gclint:ignore")) else { return false };
        let rest = comment[at..].split_once("ignore").map_or("", |(_, r)| r);
        let line = rest.lines().next().unwrap_or("").trim();
        let names: Vec<&str> = line.split([',', ' ']).map(str::trim).filter(|n| !n.is_empty()).collect();
        names.is_empty() || names.contains(&rule)
    }
}

impl Exchange {
    pub fn path_str(&self) -> &str {
        &self.url.value[self.path.clone()]
    }
}
