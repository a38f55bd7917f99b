//! curl command lines. (Being written.)

use std::path::Path;

use super::{Capture, InputError};

pub fn looks_like(_text: &str) -> bool {
    false
}

pub fn read(_text: &str, base: usize, _dir: &Path) -> Result<Capture, InputError> {
    Err(InputError::at(base, "curl commands are not read yet"))
}
