//! The curl command reader (bash and cmd quoting; no files beside it), then the rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::curl::read(
            text,
            0,
            std::path::Path::new("/nonexistent-gclint-fuzz"),
            gclint::input::Includes::Confined,
        );
    }
    common::lint("/nonexistent-gclint-fuzz/f.sh", data, gclint::input::Format::Curl, None);
});
