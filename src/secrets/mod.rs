//! Credentials in text: what one is ([`scan`], the secret taxonomy), how a value is replaced by
//! its placeholder ([`edit`]), and masking them in everything gclint prints ([`mask`]). The
//! `redact` command, the readers (which count a capture's credentials) and every report share
//! these, so that what is a credential is decided in one place.
//!
//! One placeholder everywhere: `<redacted:N>`, where N is the length of the value it replaces in
//! characters. It keeps what surrounds the value (the `Bearer ` scheme, the cookie's name, the
//! parameter's name, a trailing space), and [`scan::is_placeholder`] knows it, so a redacted
//! capture holds no `secret-in-capture`.

pub mod edit;
pub mod mask;
pub mod scan;
