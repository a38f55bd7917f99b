//! A `.json` file of a walk or named on the command line, its format told by content: whether it
//! is unmistakably a request body (the fields of one model, read through a loose JSON reading
//! when it is not strict JSON), what it is taken for otherwise, then the rules.
#![no_main]

use gclint::engine::{Options, lint_reader};
use gclint::input::{Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = ReadOptions { format: Format::Auto, max_decompressed: 1 << 20, ..Default::default() };
    let opts = Options { read, ..Default::default() };
    for explicit in [false, true] {
        let (mut stats, mut out) = (Default::default(), Vec::new());
        let _ = lint_reader("/nonexistent-gclint-fuzz/f.json", data, explicit, &opts, &mut stats, &mut out);
    }
});
