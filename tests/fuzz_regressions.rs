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

/// A HAR whose structure breaks after a few entries: the splitter dropped the entries it had
/// found but not handed out yet. Read a few bytes at a time, as the fuzz target does (its first
/// byte chose the read size).
#[test]
fn har_entries_before_an_error() {
    let data = regression("har-entries-before-an-error.bin");
    let (&step, file) = data.split_first().unwrap();
    let step = usize::from(step % 16) + 1;
    let mut splitter = gclint::input::har::Splitter::new(gclint::input::har::Trickle { bytes: file, step });
    let mut handed = 0;
    while let Ok(Some(window)) = splitter.next_window() {
        handed += window.entries.len();
    }
    assert_eq!(handed, splitter.entries_seen());
}
