//! How inputs are read: the format chosen, the limits, where body files may come from.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use super::capture::InputError;
use super::format::Format;
use crate::source::Source;

/// What readers may need besides the text: where the file is (for `@file` bodies and
/// `http-client.env.json`), and the user's choices.
#[derive(Debug, Default, Clone)]
pub struct ReadOptions {
    /// The format to read every input as (`--input-format`); `Auto` sniffs.
    pub format: Format,
    /// The environment of `http-client.env.json` whose variables fill `{{placeholders}}`.
    pub http_env: Option<String>,
    /// The Postman environment export whose variables fill the `{{placeholders}}` of Postman
    /// collections (`--postman-environment`); without it, none is (no guess from the files
    /// around a collection).
    pub postman_env: Option<PathBuf>,
    /// The most bytes a compressed input may expand to.
    pub max_decompressed: u64,
    /// The largest request body (or payload file) checked, in bytes; 0 for no limit. Larger
    /// ones are reported, not checked.
    pub max_body: u64,
    /// Where body files named by the inputs (`< file`, `-d @file`) may be read from
    /// (`--allow-includes-outside` lifts the confinement).
    pub includes: Includes,
    /// The most bytes of an input read whole (anything but a HAR capture, which is streamed),
    /// expanded when compressed; 0 for no limit. A larger input is reported, not checked.
    pub max_file: u64,
}

/// Where a body file named inside an input (a `.http` file's `< file`, curl's `-d @file`) may be
/// read from. A capture is untrusted, and so are the names it holds: read anywhere, `<
/// /proc/self/environ` would print the environment in the finding's snippet.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Includes {
    /// Only the directory tree of the file naming it (the working directory's for stdin): no
    /// absolute path, no `..` above the directory, no symbolic link that leads out of it.
    #[default]
    Confined,
    /// Anywhere the user can read (`--allow-includes-outside`).
    Anywhere,
}

/// Why a body file named inside an input was not read.
#[derive(Debug)]
pub enum IncludeError {
    /// It is not in the directory tree the input may read from.
    Outside,
    /// It could not be read (missing, not a regular file, too large).
    Read(crate::files::ReadError),
}

impl IncludeError {
    /// A problem of the input, at `offset`: `what` says which bodies (`request bodies`), the
    /// rest why they were not read. Problems are summed up by message, so the message names a
    /// kind of failure, not the file.
    pub fn problem(&self, what: &str, offset: usize) -> InputError {
        use crate::files::ReadError;
        match self {
            IncludeError::Outside => InputError::at(
                offset,
                format!("{what} read from a file outside the directory of the file that names it (not read)"),
            )
            .with_help(
                "a body file is read only from the directory of the file that names it (the working directory for stdin) and below: not from an absolute path, not through `..` above it, not through a link leading out of it; --allow-includes-outside reads it anyway",
            ),
            IncludeError::Read(ReadError::NotRegular(kind)) => {
                InputError::at(offset, format!("{what} read from a file that is {kind}, not a regular file (not read)"))
            }
            IncludeError::Read(ReadError::TooLarge { limit, .. }) => InputError::at(
                offset,
                format!("{what} read from a file larger than {} (not read)", crate::text::human_size(*limit)),
            ),
            IncludeError::Read(_) => InputError::at(offset, format!("{what} read from a file that cannot be read")),
        }
    }
}

/// Where a reader reads the body files its input names: the directory names resolve against
/// (see [`base_dir`]) and how far from it they may lead.
#[derive(Debug, Clone, Copy)]
pub struct BodyFiles<'a> {
    pub dir: &'a Path,
    pub includes: Includes,
}

impl BodyFiles<'_> {
    /// Reads the body file `name`, at most [`MAX_BODY_FILE`] bytes of a regular file of UTF-8 text.
    /// Confined, the name must not be absolute nor lead above the directory as written, and the
    /// file it resolves to (through every link) must be inside the directory the base resolves
    /// to; nothing outside is opened, so a refusal says nothing about what is there.
    pub fn read(&self, name: &str) -> Result<String, IncludeError> {
        let limit = MAX_BODY_FILE;
        const FLAG: &str = "the most a body file may hold";
        let named = Path::new(name);
        let path = self.dir.join(named);
        if self.includes == Includes::Confined {
            if named.has_root() || !stays_below(named) {
                return Err(IncludeError::Outside);
            }
            let tree = std::fs::canonicalize(self.dir).map_err(|e| IncludeError::Read(e.into()))?;
            let path = std::fs::canonicalize(&path).map_err(|e| IncludeError::Read(e.into()))?;
            if !path.starts_with(&tree) {
                return Err(IncludeError::Outside);
            }
            // The resolved path: no link in it is followed again.
            return crate::files::read_text(&path, limit, FLAG).map_err(IncludeError::Read);
        }
        crate::files::read_text(&path, limit, FLAG).map_err(IncludeError::Read)
    }
}

/// Whether a relative path, read lexically, stays in the directory it starts from (`a/../b` does,
/// `a/../../b` does not; a drive prefix does not).
pub(crate) fn stays_below(path: &Path) -> bool {
    use std::path::Component;
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// The largest body file an input names (`< path` in a `.http` file, curl's `@path`) that is
/// read: as large as the largest body checked by default.
pub const MAX_BODY_FILE: u64 = DEFAULT_MAX_BODY;

/// The default of `--max-body-size`: 64 MiB.
pub const DEFAULT_MAX_BODY: u64 = 64 << 20;

/// How much of an input is read before its compression and format are decided.
pub const HEAD: usize = 64 << 10;

/// The default of `--max-file-size`: 256 MiB.
pub const DEFAULT_MAX_FILE: u64 = 256 << 20;

/// The directory a source's relative references (`@body.json`, `http-client.env.json`) are
/// resolved against, and the tree its body files are confined to ([`BodyFiles`]): the file's own
/// directory, or the working directory for stdin.
pub fn base_dir(src: &Source) -> PathBuf {
    if src.is_stdin() {
        return PathBuf::from(".");
    }
    Path::new(&src.name)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
