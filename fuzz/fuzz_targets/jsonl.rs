//! The jsonl reader, then the rules on what it read.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::jsonl::read(text, 0);
    }
    common::lint("fuzz", data, gclint::input::Format::Jsonl, None);
});
