//! `--shard I/N`: which of the files to check this run takes, so that N CI jobs share a big tree
//! of captures. A file belongs to one shard, decided by its path alone (relative to the working
//! directory, normalised), hashed with SHA-256: the same on every machine and every run, unlike
//! Rust's randomised hasher, and independent of which other files exist.

use std::path::Path;

use sha2::{Digest, Sha256};

/// One shard of N: `index` is 1-based, as written on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` (1 <= I <= N), for clap: the message is what clap shows after
    /// "invalid value '...' for '--shard <I/N>'".
    pub(crate) fn parse(s: &str) -> Result<Shard, String> {
        let (i, n) = s.split_once('/').ok_or_else(|| "expected I/N, e.g. 2/4".to_owned())?;
        let number = |x: &str, what: &str| {
            x.trim().parse::<u64>().map_err(|_| format!("{what} {x:?} is not a whole number (expected I/N, e.g. 2/4)"))
        };
        let (index, count) = (number(i, "the shard")?, number(n, "the shard count")?);
        if count == 0 {
            return Err("the shard count must be at least 1".into());
        }
        if index == 0 || index > count {
            return Err(format!("the shard must be between 1 and {count} (shards are numbered from 1)"));
        }
        Ok(Shard { index, count })
    }

    /// Whether the file at `path` (as named or found in a walk) is one of this shard's.
    pub(crate) fn holds(&self, path: &str) -> bool {
        self.of(path) == self.index
    }

    /// The shard (1-based) that checks `path`.
    pub(crate) fn of(&self, path: &str) -> u64 {
        let digest = Sha256::digest(key(path).as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(digest.get(..8).unwrap_or(&[0; 8]));
        u64::from_be_bytes(first) % self.count + 1
    }

    /// The SARIF `automationDetails.id` of the shard's run. GitHub takes everything up to the last
    /// `/` as the analysis' category, so the id ends with one: each shard is a category of its own
    /// and one shard's upload does not replace another's.
    pub(crate) fn category(&self) -> String {
        format!("gclint/shard-{}-of-{}/", self.index, self.count)
    }
}

/// What a path is hashed as: relative to the working directory when under it (`./a` and `a`
/// alike), absolute otherwise, with `/` separators; stdin as `-`.
fn key(path: &str) -> String {
    if path == "-" || path == crate::source::STDIN {
        return "-".to_owned();
    }
    let slashed = |s: String| s.replace('\\', "/");
    let Ok(root) = std::env::current_dir() else {
        return slashed(path.to_owned());
    };
    if let Some(rel) = crate::report::common::relative_path(path, &root) {
        return slashed(rel);
    }
    let absolute = crate::report::common::absolute_path(path, &root).unwrap_or_else(|| Path::new(path).to_path_buf());
    slashed(absolute.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_i_of_n_and_refuses_the_rest() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse("1/1"), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "a/b", "1/0", "2", "", "-1/4", "1/4/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_path_has_one_shard_whatever_its_spelling() {
        let shard = Shard { index: 1, count: 7 };
        let cwd = std::env::current_dir().unwrap();
        let absolute = cwd.join("fixtures/a.har").to_string_lossy().into_owned();
        for spelling in ["fixtures/a.har", "./fixtures/a.har", "fixtures/./x/../a.har", absolute.as_str()] {
            assert_eq!(shard.of(spelling), shard.of("fixtures/a.har"), "{spelling}");
        }
        // Stable across machines: a fixed value, not Rust's randomised hasher.
        let hash = u64::from_be_bytes(Sha256::digest(b"fixtures/a.har")[..8].try_into().unwrap());
        assert_eq!(shard.of("fixtures/a.har"), hash % 7 + 1);
    }

    #[test]
    fn every_path_lands_in_exactly_one_shard_and_all_are_used() {
        let n = 4;
        let mut used = [0usize; 4];
        for i in 0..200 {
            let path = format!("captures/{i}.har");
            let holders: Vec<u64> = (1..=n).filter(|&k| Shard { index: k, count: n }.holds(&path)).collect();
            assert_eq!(holders.len(), 1, "{path}");
            used[(holders[0] - 1) as usize] += 1;
        }
        assert!(used.iter().all(|&u| u > 20), "{used:?}");
    }
}
