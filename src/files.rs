//! Every file gclint opens on its own account or writes goes through here. Inputs are untrusted,
//! and so are the names they hold (a body include, an environment file next to a `.http` file)
//! and the directories they sit in, so:
//!
//! - a read opens only a regular file (through symbolic links), without blocking: a FIFO, socket
//!   or device named as an input, config, baseline or include is refused, never waited on;
//! - a read stops at its limit, and going past the limit is an error, not a cut-short file;
//! - a write goes to a fresh temporary file created exclusively next to its target (no name an
//!   attacker can plant in advance) and is renamed over the target, so a half-written file is
//!   never seen and a symbolic link at the target is replaced, not written through; only a FIFO
//!   or character device (`/dev/null`, `/dev/stdout`) is written to as it is;
//! - a write never lands on a file the same run reads ([`Inputs`]).

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
                write!(f, "it is larger than {} ({flag})", crate::text::human_size(*limit))
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
pub(crate) fn open_regular(path: &Path) -> Result<File, ReadError> {
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
pub(crate) fn open_listed(path: &Path) -> Result<File, ReadError> {
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
pub(crate) fn read_limited(reader: impl Read, limit: u64, flag: &'static str) -> Result<Vec<u8>, ReadError> {
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

/// Reads at most `limit` bytes: fewer only at the end of the stream. The reads go into room the
/// thread keeps, zeroed once: reading into a fresh buffer through a wrapper (lint's progress counter)
/// would zero it first, and for a file of a few bytes that zeroing is most of the work.
pub(crate) fn read_head(reader: &mut impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    thread_local! {
        static ROOM: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    ROOM.with_borrow_mut(|room| {
        if room.len() < limit {
            room.resize(limit, 0);
        }
        let mut n = 0;
        while let Some(free) = room.get_mut(n..limit).filter(|free| !free.is_empty()) {
            match reader.read(free) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(room.get(..n).unwrap_or_default().to_vec())
    })
}

/// Reads a whole regular file of at most `limit` bytes (see [`open_regular`], [`read_limited`]).
pub(crate) fn read(path: &Path, limit: u64, flag: &'static str) -> Result<Vec<u8>, ReadError> {
    read_limited(open_regular(path)?, limit, flag)
}

/// [`read`], as UTF-8 text.
pub(crate) fn read_text(path: &Path, limit: u64, flag: &'static str) -> Result<String, ReadError> {
    String::from_utf8(read(path, limit, flag)?)
        .map_err(|_| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text")))
}

/// The most a configuration, baseline or environment file may hold: far more than any real one.
pub(crate) const MAX_SETTINGS_FILE: u64 = 16 << 20;

/// Writes `bytes` to `path` atomically (see [`Atomic`]).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut out = Atomic::create(path)?;
    out.file().write_all(bytes)?;
    out.commit()
}

/// A file being written atomically, as large as it needs to be (`redact` streams a capture of
/// gigabytes into one): written into a temporary file created exclusively (with a random name) in
/// the same directory, then, on [`Atomic::commit`], flushed to disk and renamed over the target.
/// A symbolic link at the target is replaced by the file, not followed. Dropped without a commit
/// (a failure), it leaves the target as it was and no temporary file behind.
///
/// A FIFO or character device at the target, itself or behind links (`/dev/null`, `/dev/stdout`,
/// the pipe of a shell's `>(...)`), is written to as it is: renaming over it would replace the
/// device (or fail), and writing to it destroys no file. What is written goes to an unnamed
/// temporary file first and to the device on the commit, so a failure writes nothing there
/// either. A directory, block device or socket is refused.
pub(crate) struct Atomic {
    path: std::path::PathBuf,
    temp: Temp,
}

enum Temp {
    /// Renamed over the target on the commit.
    Named(tempfile::NamedTempFile, Option<std::fs::Permissions>),
    /// Copied to the FIFO or device at the target on the commit.
    Stream(File, std::fs::FileType),
}

impl Atomic {
    /// A file that takes the permissions of the regular file it replaces, or those of any new
    /// file (0666 less the umask, as `std::fs::write` gives; not the 0600 of a temporary file,
    /// which would hide a report from the user's group).
    pub(crate) fn create(path: &Path) -> std::io::Result<Atomic> {
        Atomic::with(path, None)
    }

    /// A copy of `original` (a backup), with its permissions from the moment it is created, so a
    /// copy of a private file (a capture holding credentials) is never readable by more users
    /// than the original, not even for a moment.
    pub(crate) fn copy_of(original: &Path, path: &Path) -> std::io::Result<Atomic> {
        Atomic::with(path, Some(std::fs::metadata(original)?.permissions()))
    }

    fn with(path: &Path, permissions: Option<std::fs::Permissions>) -> std::io::Result<Atomic> {
        if let Ok(meta) = std::fs::metadata(path) {
            if !meta.is_file() {
                if !is_stream(meta.file_type()) {
                    return Err(not_writable(path, meta.file_type()));
                }
                return Ok(Atomic {
                    path: path.to_path_buf(),
                    temp: Temp::Stream(tempfile::tempfile()?, meta.file_type()),
                });
            }
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // Those of a regular file being replaced (not those of a link's target).
        let replaced = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file()).map(|m| m.permissions());
        let permissions = permissions.or(replaced);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".gclint-").suffix(".tmp");
        #[cfg(unix)]
        {
            // Created with them, less the umask: never more open than the file will be.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(permissions.clone().unwrap_or_else(|| std::fs::Permissions::from_mode(0o666)));
        }
        let temp = builder.tempfile_in(dir)?;
        Ok(Atomic { path: path.to_path_buf(), temp: Temp::Named(temp, permissions) })
    }

    /// Where to write.
    pub(crate) fn file(&mut self) -> &mut File {
        match &mut self.temp {
            Temp::Named(temp, _) => temp.as_file_mut(),
            Temp::Stream(file, _) => file,
        }
    }

    /// Puts what was written in place of the target.
    pub(crate) fn commit(self) -> std::io::Result<()> {
        match self.temp {
            Temp::Named(temp, permissions) => {
                temp.as_file().sync_all()?;
                if let Some(permissions) = permissions {
                    temp.as_file().set_permissions(permissions)?;
                }
                temp.persist(&self.path).map_err(|e| e.error)?;
                Ok(())
            }
            Temp::Stream(mut file, seen) => {
                std::io::Seek::rewind(&mut file)?;
                write_stream(&self.path, seen, &mut file)
            }
        }
    }
}

fn not_writable(path: &Path, t: std::fs::FileType) -> std::io::Error {
    std::io::Error::other(format!(
        "{} is {}: gclint writes a file, a FIFO or a character device",
        path.display(),
        kind_of(t)
    ))
}

/// Whether a file type is one [`write_atomic`] writes to as it is.
fn is_stream(t: std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        t.is_fifo() || t.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = t;
        false
    }
}

/// Writes what `from` holds to a FIFO or character device as it is. What was opened is checked
/// again, so a file put in its place after the first look is not written to in place.
fn write_stream(path: &Path, seen: std::fs::FileType, from: &mut File) -> std::io::Result<()> {
    if !is_stream(seen) {
        return Err(not_writable(path, seen));
    }
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    let opened = file.metadata()?.file_type();
    if !is_stream(opened) {
        return Err(not_writable(path, opened));
    }
    std::io::copy(from, &mut file)?;
    file.flush()
}

/// The file `path` leads to: `path` itself, unless it is a symbolic link, then where its links
/// lead. An in-place edit writes there, so that a link named by the user stays a link to the
/// edited file instead of being replaced by a copy.
pub(crate) fn resolve_link(path: &Path) -> std::io::Result<std::path::PathBuf> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        std::fs::canonicalize(path)
    } else {
        Ok(path.to_path_buf())
    }
}

/// Which file a path is, to tell whether two paths name the same file (through links, `..`,
/// hard links): its device and inode. Only regular files have one here: writing to a device or
/// FIFO that is also read destroys nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// The regular file at `path` (through links), if there is one.
    pub(crate) fn of(path: &Path) -> Option<FileId> {
        Self::of_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The regular file standard input reads from (`gclint check - < cap.har`), if it is one.
    pub(crate) fn of_stdin() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
            Self::of_metadata(&File::from(fd).metadata().ok()?)
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    fn of_metadata(meta: &std::fs::Metadata) -> Option<FileId> {
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId { device: meta.dev(), inode: meta.ino() })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// The files a run reads, so that none of its writes lands on one: a report written over the
/// capture it reports on would destroy it.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    ids: Vec<FileId>,
}

impl Inputs {
    /// Adds the file at `path` (`-` for standard input), if it is a regular file.
    pub(crate) fn add(&mut self, path: &Path) {
        let id = if path.as_os_str() == "-" { FileId::of_stdin() } else { FileId::of(path) };
        self.ids.extend(id);
    }

    /// Whether writing `target` would replace one of these files.
    pub(crate) fn holds(&self, target: &Path) -> bool {
        FileId::of(target).is_some_and(|id| self.ids.contains(&id))
    }
}

/// The refusal to write `what` (`the report`) onto `target`, an input of the run.
pub(crate) fn onto_input(what: &str, target: &Path) -> String {
    format!(
        "refusing to write {what} onto {}: it is an input of this run (or leads to one); name another file",
        target.display()
    )
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

    #[cfg(unix)]
    #[test]
    fn devices_are_written_to_as_they_are_and_directories_refused() {
        write_atomic(Path::new("/dev/null"), b"report").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        write_atomic(&link, b"report").unwrap();
        // /dev/null is still /dev/null behind the link.
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        let err = write_atomic(dir.path(), b"report").unwrap_err();
        assert!(err.to_string().contains("a directory"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn inputs_are_known_through_links_and_dots() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cap.har");
        std::fs::write(&file, "{}").unwrap();
        std::os::unix::fs::symlink(&file, dir.path().join("link.har")).unwrap();
        let mut inputs = Inputs::default();
        inputs.add(&dir.path().join("link.har"));
        assert!(inputs.holds(&file));
        assert!(inputs.holds(&dir.path().join(".").join("cap.har")));
        assert!(!inputs.holds(&dir.path().join("other.har")));
        // Devices are never inputs worth keeping writes off.
        inputs.add(Path::new("/dev/null"));
        assert!(!inputs.holds(Path::new("/dev/null")));
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_permissions_and_copies_those_of_their_original() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.json");
        write_atomic(&report, b"{}").unwrap();
        // 0666 less the umask, whatever it is here: at least the owner reads and writes.
        let umask_applied = mode(&report);
        assert_eq!(umask_applied & 0o600, 0o600);
        assert_eq!(umask_applied & 0o111, 0);
        let original = dir.path().join("cap.har");
        std::fs::write(&original, "{}").unwrap();
        std::fs::set_permissions(&original, std::fs::Permissions::from_mode(0o600)).unwrap();
        let backup = dir.path().join("cap.har.bak");
        let mut copy = Atomic::copy_of(&original, &backup).unwrap();
        copy.file().write_all(b"{}").unwrap();
        copy.commit().unwrap();
        assert_eq!(mode(&backup), 0o600);
        // A replaced file keeps its mode.
        std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&report, b"[]").unwrap();
        assert_eq!(mode(&report), 0o640);
    }
}
