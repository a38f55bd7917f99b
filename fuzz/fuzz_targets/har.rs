//! The HAR reader: the streaming splitter fed a few bytes at a time (so that every value and
//! token may be cut by a read), the in-memory shapes (request objects, arrays of them), then
//! the rules on what was read.
#![no_main]

mod common;

use gclint::input::har::{Splitter, Trickle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the read size; the rest is the file.
    let Some((&step, file)) = data.split_first() else { return };
    let mut splitter = Splitter::new(Trickle { bytes: file, step: usize::from(step % 16) + 1 });
    let mut entries = 0;
    while let Ok(Some(window)) = splitter.next_window() {
        for range in &window.entries {
            assert!(range.start <= range.end && range.end <= window.bytes.len());
        }
        entries += window.entries.len();
    }
    assert_eq!(entries, splitter.entries_seen());
    if let Ok(text) = std::str::from_utf8(file) {
        let _ = gclint::input::har::read(text, 0);
    }
    common::lint("fuzz.har", file, gclint::input::Format::Har, None);
});
