//! Credentials in curl commands: the words of each command as the curl reader lexes them (bash or
//! Windows cmd quoting), so a secret inside quotes, escapes or line continuations is found and
//! replaced where it stands.

use crate::secrets::edit::{Edit, Quoting};
use crate::secrets::scan::{self, Found, Kind};
use crate::text::Text;

pub(super) fn edits(text: &str, base: usize) -> Vec<Edit> {
    let (words, cmd) = crate::input::curl::words(text, base);
    let mut edits = Vec::new();
    let mut previous = "";
    for (word, plain) in &words {
        let v = word.value.as_str();
        let found = match previous {
            "-b" | "--cookie" if v.contains('=') => scan::header_value("cookie", v, 0),
            "-u" | "--user" => match v.split_once(':') {
                Some((user, password)) if !scan::is_placeholder(password) => {
                    vec![Found { range: user.len() + 1..v.len(), kind: Kind::Password }]
                }
                _ => Vec::new(),
            },
            "--oauth2-bearer" if !scan::is_placeholder(v) => {
                vec![Found { range: 0..v.len(), kind: Kind::Authorization }]
            }
            _ => scan::scan(v),
        };
        // A placeholder's `<` and `>` are escaped where they would stand unquoted.
        let quoting = match (cmd, plain) {
            (true, _) => Quoting::Cmd,
            (false, true) => Quoting::Bash,
            (false, false) => Quoting::None,
        };
        for f in found {
            map(text, base, word, f, quoting, &mut edits);
        }
        previous = v;
    }
    edits
}

/// Whether `redacted` (the file after the edits of [`edits`]) still lexes into the same words,
/// each as it was or with a placeholder in it, and holds nothing more to redact. Quoting so broken
/// that a replacement changes how the rest of the file lexes fails this.
pub(super) fn verify(original: &str, redacted: &str, base: usize) -> bool {
    let (before, _) = crate::input::curl::words(original, base);
    let (after, _) = crate::input::curl::words(redacted, base);
    before.len() == after.len()
        && before.iter().zip(&after).all(|((b, _), (a, _))| a.value == b.value || a.value.contains("<redacted:"))
        && edits(redacted, base).is_empty()
}

/// Maps a range of a word back to the file. A secret written across quotes (`'ab'"cd"`) becomes
/// one edit per quoted piece, the first holding the placeholder, so the quoting stays balanced.
fn map(text: &str, base: usize, word: &Text, f: Found, quoting: Quoting, edits: &mut Vec<Edit>) {
    let Some(secret) = word.value.get(f.range.clone()) else { return };
    let Some(last) = secret.chars().last() else { return };
    let (Some(start), Some(last_at)) =
        (word.map.to_file(f.range.start), word.map.to_file(f.range.end - last.len_utf8()))
    else {
        return;
    };
    let bytes = text.as_bytes();
    let local = |offset: usize| offset.checked_sub(base);
    // The last character, as written: itself, or escaped with `\` or `^`.
    let end = match local(last_at).and_then(|i| bytes.get(i)) {
        Some(b'\\' | b'^') if last != '\\' && last != '^' => last_at + 1 + last.len_utf8(),
        _ => last_at + last.len_utf8(),
    };
    let (Some(s), Some(e)) = (local(start), local(end)) else { return };
    let Some(written) = text.get(s..e) else { return };
    // In a word with quotes or escapes, the secret may still stand outside quotes
    // (`Authorization:\ Bearer\ X`): there its placeholder is escaped too.
    let quoting = if quoting == Quoting::None && !quoted_at(text, s) { Quoting::Bash } else { quoting };
    let len = secret.chars().count();
    let mut first = true;
    let mut piece_start = 0;
    // Quotes end a piece; a quote escaped with `\` (or `^` in cmd) is part of it.
    let mut escaped = false;
    let pieces = written.char_indices().filter_map(|(i, c)| {
        let boundary = !escaped && matches!(c, '\'' | '"');
        escaped = !escaped && matches!(c, '\\' | '^');
        boundary.then_some(i)
    });
    for quote in pieces.chain(std::iter::once(written.len())) {
        if quote > piece_start {
            let range = start + piece_start..start + quote;
            edits.push(Edit::new(range, if first { len } else { 0 }, f.kind, quoting));
            first = false;
        }
        piece_start = quote + 1;
    }
}

/// Whether byte `at` of a bash text stands inside single or double quotes.
fn quoted_at(text: &str, at: usize) -> bool {
    let (mut single, mut double, mut escaped) = (false, false, false);
    for (i, c) in text.char_indices() {
        if i >= at {
            break;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ => {}
        }
    }
    single || double
}
