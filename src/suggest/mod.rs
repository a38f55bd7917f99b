//! What to send instead: the corrected request(s) a finding suggests, the body changes behind
//! them, and the byte edits that make the change in a payload or `.http` file.
//!
//! Rules build a [`request::Suggestion`] from what they already worked out (the near miss, the PATCH a
//! PUT meant, the participant ids of a root body). Reports show it; `gclint suggest` writes the
//! corrected requests of a capture as a `.http` file, curl commands or SDK calls ([`render`]);
//! `gclint check --fix` applies the safe edits ([`fix`]).

pub mod fix;
pub mod literal;
pub mod render;
pub mod request;
