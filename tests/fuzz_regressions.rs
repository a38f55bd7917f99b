//! Inputs the fuzzers (`fuzz/run.sh`) found a failure with, kept as regression tests. Each file
//! under `tests/data/fuzz/` is named after the target that found it and what was wrong.

use std::path::Path;

use gclint::input::ReadOptions;

fn regression(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz").join(name)).unwrap()
}

/// Redacting twice must change nothing the second time.
fn redacts_once(data: &[u8]) {
    let opts = ReadOptions { max_decompressed: 1 << 20, ..Default::default() };
    if let Ok(r) = gclint::redact::redact(data, "fuzz", &opts) {
        let again = gclint::redact::redact(&r.bytes, "fuzz", &opts).unwrap();
        assert_eq!(again.total(), 0, "a second pass found {:?}", again.counts);
    }
}

/// A curl header whose secret held an escaped quote (`Bearer x\'s y"`): the quote was taken for
/// the end of a quoted piece, its backslash replaced, and the rest of the file lexed differently.
#[test]
fn redact_escaped_quote_in_a_secret() {
    redacts_once(&regression("redact-escaped-quote-in-a-secret.sh"));
    redacts_once(b"curl -H \"Authorization: Bearer ab\\\"cd\\\"efgh\" https://api.mypurecloud.com/api/v2/x\n");
}
