//! The renderers of `gclint suggest`: a request made of arbitrary text (origin, note, method,
//! host, URL, a header value, a body string, SDK method names), written in every form, must come
//! back as the same values and nothing else. Checked in process:
//!
//! - curl: the script, read by a strict POSIX word reader that refuses anything a shell would
//!   expand or run (`$(...)`, backticks, `$x` other than the placeholders, `;`, `|`, globs...),
//!   is one `curl` command with exactly the intended arguments;
//! - `.http`: gclint's reader finds the same method, URL, headers and body;
//! - JavaScript, Python and `.http`: no line ends other than the form's own `\n`, and no control
//!   character, so no comment or literal is left early;
//! - the block under a finding: one line per request, body and note, and no control character.
//!
//! Input: fields separated by 0xFF bytes (never part of UTF-8): origin, note, method, host, URL
//! tail, header value, body string, JavaScript method, Python method, flags.
#![no_main]

use std::collections::BTreeMap;

use gclint::catalog::Catalog;
use gclint::suggest::render::{As, Corrected, block, render};
use gclint::suggest::request::{AUTHORIZATION, SuggestedRequest, Suggestion};
use gclint::text::{is_unsafe_char, printable};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

/// A piece of a shell word: literal text, or a `${name}` expansion inside double quotes.
#[derive(Debug, PartialEq)]
enum Seg {
    Text(String),
    Var(String),
}

/// The commands of a POSIX shell script as their words, for a script that only runs commands
/// with quoted arguments. Anything else (an expansion but `"${name}"`, a command substitution,
/// an operator, a glob, a redirection, an unterminated quote) is an error.
fn shell_commands(script: &str) -> Result<Vec<Vec<Vec<Seg>>>, String> {
    let mut commands = Vec::new();
    let mut words: Vec<Vec<Seg>> = Vec::new();
    let mut word: Option<Vec<Seg>> = None;
    let push = |word: &mut Option<Vec<Seg>>, c: char| {
        let segs = word.get_or_insert_with(Vec::new);
        match segs.last_mut() {
            Some(Seg::Text(t)) => t.push(c),
            _ => segs.push(Seg::Text(c.to_string())),
        }
    };
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '\n' => {
                words.extend(word.take());
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
            }
            '#' if word.is_none() => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => push(&mut word, c),
                None => return Err("a backslash at the end".into()),
            },
            '\'' => {
                word.get_or_insert_with(Vec::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => push(&mut word, c),
                        None => return Err("an unterminated single quote".into()),
                    }
                }
            }
            '"' => {
                word.get_or_insert_with(Vec::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(c @ ('$' | '`' | '"' | '\\')) => push(&mut word, c),
                            Some(c) => {
                                push(&mut word, '\\');
                                push(&mut word, c);
                            }
                            None => return Err("an unterminated double quote".into()),
                        },
                        Some('$') => {
                            if chars.next() != Some('{') {
                                return Err("a `$` expansion that is no ${name}".into());
                            }
                            let mut name = String::new();
                            loop {
                                match chars.next() {
                                    Some('}') => break,
                                    Some(c) if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
                                    _ => return Err("a ${...} that is no ${name}".into()),
                                }
                            }
                            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                                return Err("a ${...} that is no ${name}".into());
                            }
                            word.get_or_insert_with(Vec::new).push(Seg::Var(name));
                        }
                        Some('`') => return Err("a backtick in double quotes".into()),
                        Some('!') => return Err("a `!` in double quotes".into()),
                        Some(c) => push(&mut word, c),
                        None => return Err("an unterminated double quote".into()),
                    }
                }
            }
            '$' | '`' | ';' | '&' | '|' | '<' | '>' | '(' | ')' | '*' | '?' | '[' | '{' | '}' => {
                return Err(format!("an unquoted {c:?}"));
            }
            '~' if word.is_none() => return Err("an unquoted `~` starting a word".into()),
            c if c.is_control() => return Err(format!("an unquoted control character {c:?}")),
            c => push(&mut word, c),
        }
    }
    words.extend(word.take());
    if !words.is_empty() {
        commands.push(words);
    }
    Ok(commands)
}

fn text(segs: &[Seg]) -> String {
    segs.iter()
        .map(|s| match s {
            Seg::Text(t) => t.clone(),
            Seg::Var(name) => format!("\u{0}{name}\u{0}"),
        })
        .collect()
}

/// The characters a .http URL holds percent-encoded.
fn http_url(url: &str) -> String {
    let mut out = String::new();
    for c in url.chars() {
        if c == ' ' || is_unsafe_char(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let mut fields = data.split(|&b| b == 0xff).map(|f| String::from_utf8_lossy(f).into_owned());
    let mut field = || fields.next().unwrap_or_default();
    let (origin, note, method, host, tail, header, state, js, py, flags) =
        (field(), field(), field(), field(), field(), field(), field(), field(), field(), field());
    let flags = flags.bytes().next().unwrap_or(0);
    let method = if method.is_empty() { "PATCH".to_owned() } else { method };
    // Braces only where this target puts a placeholder, so that the expected URL is plain.
    let unbraced = |s: &str| s.replace('{', "[").replace('}', "]");
    let host = unbraced(&host).replace(['/', '?', '#'], "_");
    let mut path = format!("/api/v2/conversations/calls/{}", unbraced(&tail));
    let placeholder = flags & 1 != 0;
    if placeholder {
        path.push_str("/{participantId}");
    }
    let url = if flags & 2 != 0 { path.clone() } else { format!("https://api.{host}{path}") };
    let body = (flags & 4 == 0).then(|| json!({"state": state, "n": [1, null, true]}));
    let mut headers = BTreeMap::from([("Authorization".to_owned(), AUTHORIZATION.to_owned())]);
    headers.insert("X-Trace".to_owned(), header.clone());
    if body.is_some() {
        headers.insert("Content-Type".to_owned(), "application/json".to_owned());
    }
    let op = Catalog::get().find("PATCH", "/api/v2/conversations/calls/{conversationId}/participants/{participantId}");
    let request = SuggestedRequest {
        method: method.clone(),
        url: url.clone(),
        operation: None,
        js_method: Some(js),
        py_method: Some(py),
        headers: headers.clone(),
        body: body.clone(),
        op,
        keeps_body: false,
    };
    let corrected =
        // A capture's request: its placeholders stay text (source code's are names, checked to be
        // identifiers of the language before they are written bare).
        [Corrected { origin, rules: vec!["put-method"], requests: vec![request.clone()], notes: vec![note.clone()], code: None }];

    // curl
    let script = render(&corrected, As::Curl);
    let commands = shell_commands(&script).unwrap_or_else(|e| panic!("{e}:\n{script}"));
    let values = [&method, &url, &header];
    if values.iter().any(|v| v.contains('\0')) {
        assert!(commands.is_empty(), "a NUL byte, yet a command:\n{script}");
    } else {
        let [command] = commands.as_slice() else { panic!("not one command:\n{script}") };
        let words: Vec<String> = command.iter().map(|w| text(w)).collect();
        let mut url_word = if url.starts_with('/') { "https://\0GENESYS_HOST\0".to_owned() } else { String::new() };
        url_word.push_str(&url);
        if placeholder {
            url_word = url_word.replace("{participantId}", "\0participantId\0");
        }
        let mut expected = vec!["curl", "-sS", "-g", "-X", &method, "--url", &url_word]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        for (name, value) in &headers {
            expected.push("-H".into());
            expected.push(if value == AUTHORIZATION {
                format!("{name}: Bearer \0GENESYS_TOKEN\0")
            } else {
                format!("{name}: {value}")
            });
        }
        if let Some(body) = &body {
            expected.push("--data-raw".into());
            expected.push(body.to_string());
        }
        assert_eq!(words, expected, "{script}");
    }

    // One line per line: no other line end, no control character.
    for form in [As::Http, As::Js, As::Python] {
        let out = render(&corrected, form);
        assert!(!out.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{form:?}:\n{out:?}");
    }

    // The block under a finding.
    let suggestion = Suggestion {
        requests: vec![request],
        note: Some(note),
        changes: Vec::new(),
        edits: Vec::new(),
        replaces: true,
        fixable: false,
    };
    let shown = block(&suggestion);
    assert_eq!(shown.split('\n').count(), 3 + usize::from(body.is_some()), "{shown:?}");
    assert!(!shown.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{shown:?}");

    // .http (last: a request left out ends the checks here)
    let text_http = render(&corrected, As::Http);
    // No `{{...}}` a .http client fills in but gclint's own: `{{token}}` in the Authorization
    // header and the operation's parameters on the request line.
    for line in text_http.lines().filter(|l| !l.starts_with('#')) {
        let line = line.replace(&format!("Authorization: {AUTHORIZATION}"), "").replace("{{participantId}}", "");
        assert!(!line.contains("{{"), "a template the capture wrote: {line:?}\n{text_http}");
    }
    let method_ok = !method.is_empty() && method.len() <= 16 && method.bytes().all(|b| b.is_ascii_uppercase());
    let read = gclint::input::http_file::read(
        &text_http,
        0,
        std::path::Path::new("/nonexistent-gclint-fuzz"),
        None,
        gclint::input::Includes::Confined,
    );
    // A request left out leaves a file of comments, which the reader says holds no request.
    let capture = match read {
        Ok(capture) => capture,
        Err(_) if !method_ok => return,
        Err(e) => panic!("{}:\n{text_http}", e.message),
    };
    assert_eq!(capture.requests, usize::from(method_ok), "{text_http}");
    assert_eq!(capture.exchanges.len(), usize::from(method_ok), "{text_http}");
    if let Some(x) = capture.exchanges.first() {
        let expected_url = http_url(&url).replace("{participantId}", "{{participantId}}");
        assert_eq!(x.method, method);
        assert_eq!(x.url.value, expected_url, "{text_http}");
        let got: Vec<(String, String)> = x.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect();
        // A value holding `{{` is left out (the client would fill it in), but gclint's own token.
        let want: Vec<(String, String)> = headers
            .iter()
            .filter(|(_, v)| *v == AUTHORIZATION || !v.contains("{{"))
            .map(|(n, v)| (n.clone(), printable(v).trim().to_owned()))
            .collect();
        assert_eq!(got, want, "{text_http}");
        let got_body = x.body.as_ref().map(|b| serde_json::from_str::<Value>(&b.text.value).ok());
        assert_eq!(got_body, body.clone().map(Some), "{text_http}");
    }
});
