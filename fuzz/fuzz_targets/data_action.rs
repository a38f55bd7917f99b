//! The Data Action export reader, the Velocity templates in it (the input itself read as a
//! template too, every body it gives mapping into it), then the rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::data_action::read(text, 0);
        let inputs = [("n", "integer"), ("b", "boolean"), ("s", "string")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let template = gclint::text::Text::verbatim(text, 0);
        if let gclint::input::velocity::Bodies::Variants(bodies) = gclint::input::velocity::bodies(&template, &inputs) {
            for body in bodies {
                for (i, _) in body.value.char_indices() {
                    let at = body.map.to_file(i).unwrap_or(0);
                    assert!(at <= text.len(), "body offset {i} maps to {at}, past the template");
                }
            }
        }
    }
    common::lint("/nonexistent-gclint-fuzz/f.custom.json", data, gclint::input::Format::DataAction, None);
});
