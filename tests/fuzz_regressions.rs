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

/// A Velocity reference that runs to the end of the template, written into the body as a quoted
/// string (longer than the reference): the offsets inside it mapped past the end of the file.
#[test]
fn data_action_reference_to_the_end_maps_inside_the_template() {
    let data = regression("data_action-reference-to-the-end-maps-past-it.json");
    let text = std::str::from_utf8(&data).unwrap();
    let inputs = [("n", "integer"), ("b", "boolean"), ("s", "string")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let template = gclint::text::Text::verbatim(text, 0);
    let gclint::input::velocity::Bodies::Variants(bodies) = gclint::input::velocity::bodies(&template, &inputs) else {
        panic!("the template gives bodies");
    };
    for body in bodies {
        for (i, _) in body.value.char_indices() {
            let at = body.map.to_file(i).unwrap();
            assert!(at <= text.len(), "body offset {i} maps to {at}, past the template ({} bytes)", text.len());
        }
    }
}
