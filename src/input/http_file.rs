//! `.http` / `.rest` request files. (Being written.)

use std::path::Path;

use super::{Capture, InputError};

pub fn looks_like(_text: &str) -> bool {
    false
}

pub fn read(_text: &str, base: usize, _dir: &Path, _env: Option<&str>) -> Result<Capture, InputError> {
    Err(InputError::at(base, ".http files are not read yet"))
}
