//! Whether an operation (and the SDK methods that send it) is current, deprecated or removed: a
//! leaf of its own, so that the catalogue and the SDK methods (`sdk.rs`) share it without either
//! importing the other.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Current,
    Deprecated,
    Removed,
}
