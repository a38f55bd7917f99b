//! The Postman collection reader (folders, variables, auth), then the rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::postman::read(text, 0, None);
    }
    common::lint("/nonexistent-gclint-fuzz/f.json", data, gclint::input::Format::Postman, None);
});
