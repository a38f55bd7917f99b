//! The Insomnia export reader (resources, environments, Nunjucks), then the rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::insomnia::read(text, 0);
    }
    common::lint("/nonexistent-gclint-fuzz/f.json", data, gclint::input::Format::Insomnia, None);
});
