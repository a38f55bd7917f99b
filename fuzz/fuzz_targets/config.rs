//! The configuration file: arbitrary text parsed as `gclint.toml` (TOML, rule names, severities,
//! globs, endpoints), and arbitrary bytes as one glob of `[[per-path-ignores]]` and of
//! `[[payloads]]`; what parses is then matched against a few paths. Every mistake must be a
//! configuration error, never a panic (globset panics on some globs it accepts).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let file = Path::new("/fuzz/dir/gclint.toml");
    let config = if mode % 2 == 0 {
        // The bytes as a whole file.
        gclint::config::parse(&text, file)
    } else {
        // The bytes as one glob, quoted as TOML quotes it.
        let glob = toml_string(&text);
        let table = if mode % 4 == 1 {
            format!("[[per-path-ignores]]\nglob = {glob}\nrules = [\"put-method\"]\n")
        } else {
            format!("[[payloads]]\nglob = {glob}\nendpoint = \"PATCH /api/v2/conversations/c/participants/p\"\n")
        };
        gclint::config::parse(&table, file)
    };
    if let Ok(config) = config {
        for path in ["/fuzz/dir/a.json", "a.json", "/fuzz/dir/sub/b.har", "", "/"] {
            let _ = config.payload_endpoint(Path::new(path));
            let _ = config.ignored_in(Path::new(path), "put-method");
        }
    }
});

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
