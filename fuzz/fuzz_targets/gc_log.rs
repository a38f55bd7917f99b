//! The `gc` CLI log reader (its YAML bodies too) and the secrets it lists for redact, then the
//! rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::gc_log::read(text, 0);
        let _ = gclint::input::gc_log::secrets(text);
        let _ = gclint::input::gc_log::yaml_to_json(text);
    }
    common::lint("/nonexistent-gclint-fuzz/gc.log", data, gclint::input::Format::GcLog, None);
});
