//! The jsonl reader, then the rules on what it read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gclint::input::jsonl::read(text, 0);
    }
    let format = gclint::input::Format::Jsonl;
    let opts = gclint::lint::Options {
        read: gclint::input::ReadOptions { format, max_decompressed: 1 << 20, ..Default::default() },
        ..Default::default()
    };
    let (mut stats, mut out) = (Default::default(), Vec::new());
    let _ = gclint::lint::lint_reader("fuzz", data, true, &opts, &mut stats, &mut out);
});
