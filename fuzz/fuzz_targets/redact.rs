//! Redaction of any input: it must not panic, and a redacted copy must hold nothing to redact.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = gclint::input::ReadOptions { max_decompressed: 1 << 20, ..Default::default() };
    if let Ok(r) = gclint::redact::redact(data, "fuzz", &opts) {
        if let Ok(again) = gclint::redact::redact(&r.bytes, "fuzz", &opts) {
            assert_eq!(again.total(), 0, "a second pass found {:?}", again.counts);
        }
    }
});
