//! The .http file reader (no files beside it), then the rules on what it read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::http_file::read(text, 0, std::path::Path::new("/nonexistent-gclint-fuzz"), None);
    }
    let opts = gclint::lint::Options {
        read: gclint::input::ReadOptions {
            format: gclint::input::Format::Http,
            max_decompressed: 1 << 20,
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut stats, mut out) = (Default::default(), Vec::new());
    let _ = gclint::lint::lint_reader("/nonexistent-gclint-fuzz/f.http", data, true, &opts, &mut stats, &mut out);
});
