//! The Terraform reader (HCL parsed by hcl-edit, strings decoded here, `jsonencode` written as
//! JSON), its secret finder for `redact`, then the rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::terraform::read(text, 0);
        for found in gclint::input::terraform::secrets(text) {
            // The ranges are of the text, on character boundaries.
            assert!(text.get(found.range).is_some());
        }
    }
    common::lint("/nonexistent-gclint-fuzz/main.tf", data, gclint::input::Format::Terraform, None);
});
