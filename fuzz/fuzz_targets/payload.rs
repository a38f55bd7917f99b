//! A JSON payload file: format sniffing, the endpoint guess, schema validation and the span
//! locator, both with the operation guessed and with one named.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for endpoint in [None, "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}".parse().ok()] {
        let opts = gclint::lint::Options {
            endpoint,
            read: gclint::input::ReadOptions {
                format: gclint::input::Format::Payload,
                max_decompressed: 1 << 20,
                ..Default::default()
            },
            ..Default::default()
        };
        let (mut stats, mut out) = (Default::default(), Vec::new());
        let _ = gclint::lint::lint_reader("fuzz.json", data, true, &opts, &mut stats, &mut out);
    }
});
