//! The one currency between readers and rules: a request as it was (or will be) sent.

use std::sync::OnceLock;

use regex::Regex;

use crate::input::format::Format;
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
        let mime = self.mime.as_deref().unwrap_or("").to_ascii_lowercase();
        let (declared, form) = (mime.contains("json"), mime.contains("form"));
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
    /// Whether a body was written but not read (an include refused, a body over
    /// `--max-body-size`; `invalid-input` says why): with no `body`, it is unknown, not absent.
    pub body_unread: bool,
    pub response: Option<Response>,
    pub endpoint: Endpoint,
    /// The request's comment (a HAR entry's `comment`, the comment lines above a request in a
    /// `.http` file or above a curl command, a collection's request name), in its place in the
    /// file: `gclint: ignore RULE[,RULE]` in it suppresses findings (see [`Exchange::suppression`]).
    pub comment: Option<Text>,
    /// When the request was sent, in seconds since the Unix epoch, where the capture says (a HAR
    /// entry's `startedDateTime`): what places it among the notifications the capture received.
    pub started: Option<f64>,
    /// The format of the file it was read from (whether a fix may edit its body there, and how
    /// the edit is written): set by the read stage, `Auto` until then.
    pub format: Format,
    /// The OAuth scopes the request's auth asks for, where a collection's auth says (Postman's
    /// or Insomnia's OAuth 2.0 settings): which scopes the client has, as `--scopes` says.
    pub granted: Option<Granted>,
}

/// The OAuth scopes an auth setting of a collection asks for, as written there.
#[derive(Debug, Clone)]
pub struct Granted {
    /// The scope parameter (space-separated scopes, as OAuth writes them), in its place in the file.
    pub scope: Text,
    /// Where it is set, for the findings that rely on it (`the OAuth 2.0 auth of the collection`).
    pub source: String,
    /// Whether this is the first request the setting applies to: a finding about the setting
    /// itself is made there once, not for every request under it.
    pub first: bool,
}

impl Granted {
    /// Each scope with its byte range in `scope`.
    pub fn scopes(&self) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
        let text = self.scope.value.as_str();
        text.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()).map(move |s| {
            let start = s.as_ptr() as usize - text.as_ptr() as usize;
            (start..start + s.len(), s)
        })
    }
}

/// What one notification frame of a capture (a Genesys Cloud websocket event) said about one
/// conversation at one moment: the same knowledge a recorded GET of the conversation gives.
/// Readers make these (see `input::notifications`); the capture rules learn from them, in time
/// order with the requests (see `rules::capture::CaptureState::hear`).
#[derive(Debug, Clone)]
pub struct Notification {
    /// When the frame was received, in seconds since the Unix epoch.
    pub time: f64,
    /// The index of the websocket's entry in `log.entries`.
    pub entry: usize,
    pub conversation: String,
    pub participants: Vec<Notified>,
    /// Whether `participants` is the conversation's whole list (the event's topic carries the
    /// whole conversation, and every participant had an id): only then may a participant id the
    /// list lacks be called foreign to the conversation.
    pub complete: bool,
}

/// A participant as a notification listed it.
#[derive(Debug, Clone)]
pub struct Notified {
    pub id: String,
    pub user_id: Option<String>,
    pub purpose: Option<String>,
    /// The ids of its communications (calls, emails, ...), where the event lists them.
    pub communications: Vec<String>,
    pub presence: Presence,
}

/// Whether a notification showed a participant still in its conversation.
#[derive(Debug, Clone)]
pub enum Presence {
    /// On the conversation (its state, or one of its communications', is not an ended one).
    Present,
    /// Disconnected (or terminated): where the event says so.
    Left(Box<FramePlace>),
    /// The event does not say.
    Unknown,
}

/// A place inside a frame's data, in the file and as shown.
#[derive(Debug, Clone)]
pub struct FramePlace {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    /// The decoded text around the place (the participant's object, or a window of it), and the
    /// place's span in it.
    pub excerpt: String,
    pub span: std::ops::Range<usize>,
}

/// The notifications of a capture (or a part of one), in the order they were read.
#[derive(Debug, Default)]
pub struct Heard {
    pub notifications: Vec<Notification>,
    /// Whether a frame that may have been a notification could not be read (not JSON, too
    /// large, no time): the participant lists heard are then not known to be whole.
    pub lost: bool,
}

impl Heard {
    pub fn merge(&mut self, other: Heard) {
        self.notifications.extend(other.notifications);
        self.lost |= other.lost;
    }
}

/// A `gclint: ignore` directive in a request's comment. Ranges are of the comment's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The directive, from `gclint:` to the end of its line.
    pub span: std::ops::Range<usize>,
    /// The rule names or codes it lists, each with its range; none: every rule.
    pub names: Vec<(String, std::ops::Range<usize>)>,
}

/// The most of a URL quoted in a request line, in bytes: far more than a real one holds.
pub(crate) const SHOWN_URL: usize = 2048;

impl Exchange {
    /// The `gclint: ignore` directive of the request's comment, if it has one: `gclint: ignore`
    /// (every rule) or `gclint: ignore rule-a, GC103` (names or codes, split at commas and
    /// blanks, up to the end of the line).
    pub fn suppression(&self) -> Option<Suppression> {
        static IGNORE: OnceLock<Regex> = OnceLock::new();
        let re = IGNORE.get_or_init(|| Regex::new(r"gclint:\s*ignore\b([^\n]*)").expect("a valid pattern"));
        let comment = &self.comment.as_ref()?.value;
        let found = re.captures(comment)?;
        let (whole, list) = (found.get(0)?, found.get(1)?);
        let mut names = Vec::new();
        let mut at = list.start();
        for piece in list.as_str().split([',', ' ', '\t', '\r']) {
            if !piece.is_empty() {
                names.push((piece.to_owned(), at..at + piece.len()));
            }
            at += piece.len() + 1;
        }
        Some(Suppression { span: whole.start()..whole.end(), names })
    }

    /// Whether the request's comment suppresses the rule named `rule` by its name (or every
    /// rule); the engine also takes codes (see `engine::request`).
    pub fn suppresses(&self, rule: &str) -> bool {
        self.suppression().is_some_and(|s| s.names.is_empty() || s.names.iter().any(|(n, _)| n == rule))
    }

    /// `METHOD URL`, with credentials in the query masked: how the request is quoted in output.
    /// A URL longer than [`SHOWN_URL`] bytes is cut (once masked).
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, crate::text::clip(&crate::secrets::mask::url(&self.url.value), SHOWN_URL))
    }

    pub fn path_str(&self) -> &str {
        &self.url.value[self.path.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_comment(comment: &str) -> Exchange {
        Exchange {
            entry: Some(0),
            method: "PATCH".into(),
            url: Text::detached("/api/v2/conversations/c?access_token=secret123"),
            host: None,
            path: 0..23,
            headers: Vec::new(),
            body: None,
            body_unread: false,
            response: None,
            endpoint: Endpoint::Recorded,
            comment: Some(Text::detached(comment)),
            started: None,
            format: Format::Auto,
            granted: None,
        }
    }

    #[test]
    fn comment_suppressions() {
        let ex = with_comment("legacy client; gclint: ignore put-method, request-failed\nsecond line enum-case");
        assert!(ex.suppresses("put-method") && ex.suppresses("request-failed"));
        assert!(!ex.suppresses("enum-case"));
        assert!(with_comment("gclint:ignore").suppresses("anything"));
        assert!(!with_comment("ignore put-method").suppresses("put-method"));
        let s = with_comment("x # gclint: ignore put-methd,GC104\nnext").suppression().unwrap();
        assert_eq!(s.span, 4..34);
        assert_eq!(s.names, vec![("put-methd".to_owned(), 19..28), ("GC104".to_owned(), 29..34)]);
    }

    #[test]
    fn request_lines_mask_credentials() {
        assert_eq!(with_comment("").request_line(), "PATCH /api/v2/conversations/c?access_token=<redacted:9>");
    }
}
