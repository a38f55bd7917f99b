//! Every file gclint opens on its own account or writes goes through here. Inputs are untrusted,
//! and so are the names they hold (a body include, an environment file next to a `.http` file)
//! and the directories they sit in, so:
//!
//! - a read opens only a regular file (through symbolic links), without blocking: a FIFO, socket
//!   or device named as an input, config, baseline or include is refused, never waited on;
//! - a read stops at its limit, and going past the limit is an error, not a cut-short file;
//! - a write goes to a fresh temporary file created exclusively next to its target (no name an
//!   attacker can plant in advance) and is renamed over the target, so a half-written file is
//!   never seen and a symbolic link at the target is replaced, not written through.

use std::fmt;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing is there.
    Missing,
    /// Something that is not a regular file (a directory, FIFO, socket or device): what it is.
    NotRegular(&'static str),
    /// The file holds more than the limit allows.
    TooLarge { limit: u64, flag: &'static str },
    /// The system refused or failed the read.
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => f.write_str("no such file"),
            ReadError::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge { limit, flag } => {
                write!(f, "it is larger than {} ({flag})", crate::input::decompress::human_size(*limit))
            }
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound { ReadError::Missing } else { ReadError::Io(e) }
    }
}

/// What a file type is, in words, for a refusal.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() { "a directory" } else { "not a regular file" }
}

/// Opens a regular file for reading (following symbolic links). The open itself does not block:
/// a FIFO with no writer would otherwise hang the run before its type could be checked.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let file = open_listed(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(ReadError::NotRegular(kind_of(t)));
    }
    Ok(file)
}

/// Opens a file that a directory listing said is a regular file, without blocking (should it
/// have been replaced by a FIFO since) and without asking its type again: a walk opens thousands
/// of small files, and one more system call each is measurable.
pub fn open_listed(path: &Path) -> Result<File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    Ok(options.open(path)?)
}

/// Reads at most `limit` bytes from `reader` (0: no limit); more is [`ReadError::TooLarge`]
/// (`flag` names the setting that raises the limit). Reads one byte past the limit to tell, so
/// memory stays within the limit whatever the reader holds.
pub fn read_limited(reader: impl Read, limit: u64, flag: &'static str) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    if limit == 0 {
        let mut reader = reader;
        reader.read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, flag });
    }
    Ok(bytes)
}

/// Reads a whole regular file of at most `limit` bytes (see [`open_regular`], [`read_limited`]).
pub fn read(path: &Path, limit: u64, flag: &'static str) -> Result<Vec<u8>, ReadError> {
    read_limited(open_regular(path)?, limit, flag)
}

/// [`read`], as UTF-8 text.
pub fn read_text(path: &Path, limit: u64, flag: &'static str) -> Result<String, ReadError> {
    String::from_utf8(read(path, limit, flag)?)
        .map_err(|_| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text")))
}

/// The most a configuration, baseline or environment file may hold: far more than any real one.
pub const MAX_SETTINGS_FILE: u64 = 16 << 20;

/// Writes `bytes` to `path` atomically: into a temporary file created exclusively (with a random
/// name) in the same directory, flushed to disk, given the permissions of the file it replaces,
/// then renamed over `path`. A symbolic link at `path` is replaced by the file, not followed; a
/// failure leaves `path` as it was and no temporary file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new().prefix(".gclint-").suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // Keep the permissions of a regular file being replaced (not those of a link's target).
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_file() {
            temp.as_file().set_permissions(meta.permissions())?;
        }
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_limit_and_say_so() {
        assert_eq!(read_limited(&b"12345"[..], 5, "--x").unwrap(), b"12345");
        assert!(matches!(read_limited(&b"123456"[..], 5, "--x"), Err(ReadError::TooLarge { limit: 5, .. })));
        // An endless reader ends at the limit.
        assert!(matches!(read_limited(std::io::repeat(0), 1 << 20, "--x"), Err(ReadError::TooLarge { .. })));
        assert_eq!(read_limited(&b"123456"[..], 0, "--x").unwrap(), b"123456");
    }

    #[cfg(unix)]
    #[test]
    fn what_is_not_a_regular_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(open_regular(dir.path()), Err(ReadError::NotRegular("a directory"))));
        assert!(matches!(open_regular(Path::new("/dev/zero")), Err(ReadError::NotRegular("a device"))));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Without O_NONBLOCK this open would wait for a writer for ever.
            assert!(matches!(open_regular(&fifo), Err(ReadError::NotRegular("a FIFO"))));
        }
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(open_regular(&link), Err(ReadError::NotRegular("a device"))));
        assert!(matches!(open_regular(&dir.path().join("none")), Err(ReadError::Missing)));
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_replaces_a_planted_link_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let out = dir.path().join("out.json");
        std::os::unix::fs::symlink(&victim, &out).unwrap();
        write_atomic(&out, b"report").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "report");
        assert!(!std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
        // Nothing is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }
}
