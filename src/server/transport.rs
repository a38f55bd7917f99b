//! The LSP base protocol over a byte stream: `Content-Length` framed JSON-RPC messages. gclint
//! reads the frames itself (rather than through `lsp_server::Connection::stdio`) so that a frame
//! that is not a message gets an error response and the server goes on: lsp-server's reader ends
//! the connection on the first malformed payload.

use std::io::{BufRead, Write};

use lsp_server::Message;
use serde_json::{Value, json};

/// The largest message read, in bytes: far more than an editor sends for a document gclint
/// checks (a larger one is refused with an error and skipped).
pub(crate) const MAX_MESSAGE: usize = 256 << 20;

/// What the reader hands the server.
#[derive(Debug)]
pub(crate) enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message: the error response to send (`id` null, or the id
    /// the frame had).
    Malformed(Value),
}

/// JSON-RPC's error codes for frames that are not messages.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// Reads the next frame of `input`: `None` at the end of the stream (or when it breaks).
pub(crate) fn read<R: BufRead>(input: &mut R) -> Option<Incoming> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        // A header line is short; one that is not (no line end in the first kilobytes) is garbage.
        let n = std::io::Read::take(&mut *input, 8 << 10).read_line(&mut line).ok()?;
        if n == 0 {
            return None;
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines before a header: skipped.
            continue;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
                if length.is_none() {
                    return Some(malformed(PARSE_ERROR, "the Content-Length header is not a number", Value::Null));
                }
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > MAX_MESSAGE {
        // Skipped without keeping it: the next frame starts after it.
        std::io::copy(&mut std::io::Read::take(&mut *input, length as u64), &mut std::io::sink()).ok()?;
        let why = format!("the message is {length} bytes; gclint reads at most {MAX_MESSAGE}");
        return Some(malformed(INVALID_REQUEST, &why, Value::Null));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    Some(parse(&body))
}

/// A frame's body as a message, or the error to answer it with.
fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return malformed(PARSE_ERROR, &format!("not JSON: {e}"), Value::Null),
    };
    let id = value.get("id").filter(|id| id.is_string() || id.is_number()).cloned().unwrap_or(Value::Null);
    // A request or notification has a method; a response, a result or an error (lsp-server's
    // untagged types would take `{"id": 7}` for a response).
    let has = |key: &str| value.get(key).is_some();
    if !(value.get("method").is_some_and(Value::is_string) || (has("id") && (has("result") || has("error")))) {
        return malformed(INVALID_REQUEST, "not a JSON-RPC request, response or notification", id);
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(INVALID_REQUEST, &format!("not a JSON-RPC request, response or notification: {e}"), id),
    }
}

fn malformed(code: i64, message: &str, id: Value) -> Incoming {
    Incoming::Malformed(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
}

/// Writes one frame holding `value`.
pub(crate) fn write(output: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let body = serde_json::to_vec(value)?;
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(&body)?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<Incoming> {
        let mut input = std::io::Cursor::new(text.as_bytes().to_vec());
        std::iter::from_fn(|| read(&mut input)).collect()
    }

    #[test]
    fn reads_messages_and_answers_what_is_not_one() {
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let text = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame("{nop}"),
            frame(r#"{"jsonrpc":"2.0","id":7,"x":1}"#),
            "Content-Length: zz\r\n\r\n".to_owned(),
        ]
        .concat();
        let got = frames(&text);
        assert!(matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown"));
        let Incoming::Malformed(e) = &got[1] else { panic!("{:?}", got[1]) };
        assert_eq!((e["error"]["code"].as_i64(), &e["id"]), (Some(PARSE_ERROR), &Value::Null));
        let Incoming::Malformed(e) = &got[2] else { panic!("{:?}", got[2]) };
        assert_eq!((e["error"]["code"].as_i64(), &e["id"]), (Some(INVALID_REQUEST), &json!(7)));
        assert!(matches!(&got[3], Incoming::Malformed(_)));
    }
}
