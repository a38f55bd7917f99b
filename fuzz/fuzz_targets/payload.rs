//! A JSON payload file: format sniffing, the endpoint guess, schema validation and the span
//! locator, both with the operation guessed and with one named.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for endpoint in [None, "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}".parse().ok()] {
        common::lint("fuzz.json", data, gclint::input::Format::Payload, endpoint);
    }
});
