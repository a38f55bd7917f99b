//! The .http file reader (no files beside it), then the rules on what it read.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::http_file::read(
            text,
            0,
            std::path::Path::new("/nonexistent-gclint-fuzz"),
            None,
            gclint::input::Includes::Confined,
        );
    }
    common::lint("/nonexistent-gclint-fuzz/f.http", data, gclint::input::Format::Http, None);
});
