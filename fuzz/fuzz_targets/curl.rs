//! The curl command reader (bash and cmd quoting; no files beside it), then the rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::curl::read(text, 0, std::path::Path::new("/nonexistent-gclint-fuzz"));
    }
    let opts = gclint::lint::Options {
        read: gclint::input::ReadOptions {
            format: gclint::input::Format::Curl,
            max_decompressed: 1 << 20,
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut stats, mut out) = (Default::default(), Vec::new());
    let _ = gclint::lint::lint_reader("/nonexistent-gclint-fuzz/f.sh", data, true, &opts, &mut stats, &mut out);
});
