//! Fingerprints: what a finding is about, hashed, not where it is, so that it survives edits
//! elsewhere in its file. The engine gives each finding one (see `engine::finish_file`); a
//! baseline makes them again with each file named relative to itself (`baseline`).

use crate::diagnostic::Diagnostic;

/// What a finding is about, hashed: rule, file (named `path`), request, body pointer, message.
pub(crate) fn identity(d: &Diagnostic, path: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    // A finding about a whole file (secrets, unreadable input) is one per file and rule; its
    // message carries counts that change with unrelated entries, so it stays out.
    let message = if d.request.is_some() { d.message.as_str() } else { "" };
    for part in [d.rule.name, path, d.request.as_deref().unwrap_or(""), d.pointer.as_deref().unwrap_or(""), message] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// The fingerprints of `diagnostics` (of any number of files) as if each finding's file were
/// named by `paths` (in order): what a baseline matches by, whatever spelling of a path found
/// them (`bl/`, `./bl/`, `../x/bl`).
pub fn fingerprints_at(diagnostics: &[Diagnostic], paths: &[String]) -> Vec<String> {
    let keys: Vec<[u8; 32]> = diagnostics.iter().zip(paths).map(|(d, path)| identity(d, path)).collect();
    numbered(&keys)
}

/// Each key hashed with how many equal keys came before it, in hex: equal findings are told
/// apart by their order.
pub(crate) fn numbered(keys: &[[u8; 32]]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut seen: std::collections::HashMap<[u8; 32], usize> = std::collections::HashMap::new();
    keys.iter()
        .map(|&key| {
            let n = seen.entry(key).or_insert(0);
            let mut h = Sha256::new();
            h.update(key);
            h.update(n.to_le_bytes());
            *n += 1;
            const HEX: &[u8; 16] = b"0123456789abcdef";
            h.finalize()[..16]
                .iter()
                .flat_map(|&b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
                .map(char::from)
                .collect()
        })
        .collect()
}
