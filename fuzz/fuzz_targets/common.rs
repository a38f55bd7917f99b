//! What the reader targets share: the whole `check` of one input read as one format.

use gclint::engine::{Options, lint_reader};
use gclint::input::payload::EndpointArg;
use gclint::input::{Format, ReadOptions};

/// Lints `data` as a file called `name`, read as `format` (and sent to `endpoint`, for a payload),
/// with decompression bounded to 1 MiB; only a panic matters.
pub fn lint(name: &str, data: &[u8], format: Format, endpoint: Option<EndpointArg>) {
    let read = ReadOptions { format, max_decompressed: 1 << 20, ..Default::default() };
    let opts = Options { endpoint, read, ..Default::default() };
    let (mut stats, mut out) = (Default::default(), Vec::new());
    let _ = lint_reader(name, data, true, &opts, &mut stats, &mut out);
}
