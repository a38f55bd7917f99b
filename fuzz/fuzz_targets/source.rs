//! The source-code readers (JavaScript/TypeScript and Python through tree-sitter, literals made
//! JSON mapped to the file), then the rules: the same bytes as each dialect.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for (format, ext) in [
            (gclint::input::Format::JavaScript, "js"),
            (gclint::input::Format::JavaScript, "ts"),
            (gclint::input::Format::JavaScript, "tsx"),
            (gclint::input::Format::Python, "py"),
        ] {
            let _ = gclint::input::source::read(text, 0, format, ext);
        }
    }
    common::lint("/nonexistent-gclint-fuzz/app.js", data, gclint::input::Format::JavaScript, None);
    common::lint("/nonexistent-gclint-fuzz/app.py", data, gclint::input::Format::Python, None);
});
