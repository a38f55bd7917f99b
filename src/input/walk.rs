//! Finding the files under the paths given.

use std::path::{Path, PathBuf};

/// The deepest a directory walk goes below a path given: a directory deeper down is reported,
/// not walked.
pub const MAX_DEPTH: usize = 256;

/// Visits the files found under the given paths and returns what `visit` made of each (with
/// whether the file was named on the command line), in a stable order: the paths as given, and
/// under a directory its entries by name, depth first. Directories are walked (hidden ones,
/// `target` and `node_modules` are skipped) down to [`MAX_DEPTH`]; in them, files that may hold
/// captures or payloads are kept, by extension, and sniffed later by content. A symbolic link to
/// a file is followed (a link to a directory is not: no loop, no file checked twice); FIFOs,
/// sockets and devices are skipped.
///
/// What cannot be read or walked in a directory (an unreadable directory, a broken link, a
/// directory too deep) goes to `unwalked` with why, in its place, and the walk goes on. The
/// directories are listed first, on this thread; the files are then visited on the threads of
/// the current rayon pool. `Err` for a path given that does not exist.
pub fn walk<T: Send>(
    paths: &[PathBuf],
    visit: &(impl Fn(&Path, bool) -> T + Sync),
    unwalked: &(impl Fn(&Path, String) -> T + Sync),
) -> Result<Vec<T>, String> {
    walk_except(paths, &|_| false, visit, unwalked)
}

/// [`walk`], passing over the files and directories below the paths given that `excluded` says
/// to (the configuration's `exclude`): an excluded directory is not entered. The paths given are
/// walked whatever `excluded` says of them.
pub fn walk_except<T: Send>(
    paths: &[PathBuf],
    excluded: &impl Fn(&Path) -> bool,
    visit: &(impl Fn(&Path, bool) -> T + Sync),
    unwalked: &(impl Fn(&Path, String) -> T + Sync),
) -> Result<Vec<T>, String> {
    use rayon::prelude::*;
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Found::File(path.clone(), true));
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            list_dir(path, excluded, &mut found);
        } else {
            found.push(Found::File(path.clone(), true));
        }
    }
    let one = |f: Found| match f {
        Found::File(path, explicit) => visit(&path, explicit),
        Found::Unwalked(path, why) => unwalked(&path, why),
    };
    Ok(if found.len() < 2 { found.into_iter().map(one).collect() } else { found.into_par_iter().map(one).collect() })
}

/// What a walk found: a file to read (and whether it was named), or a path it could not read or
/// walk, with why.
enum Found {
    File(PathBuf, bool),
    Unwalked(PathBuf, String),
}

/// Lists the files under `root` that a walk keeps (see [`walk`]), in walk order.
fn list_dir(root: &Path, excluded: &impl Fn(&Path) -> bool, found: &mut Vec<Found>) {
    let kept = |e: &walkdir::DirEntry| {
        let name = e.file_name().as_encoded_bytes();
        let skipped =
            name.starts_with(b".") || (e.file_type().is_dir() && (name == b"target" || name == b"node_modules"));
        e.depth() == 0 || !(skipped || excluded(e.path()))
    };
    let entries = walkdir::WalkDir::new(root).max_depth(MAX_DEPTH).sort_by_file_name().into_iter().filter_entry(kept);
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                found.push(Found::Unwalked(path.clone(), format!("cannot read {}: {why}", path.display())));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            if entry.depth() == MAX_DEPTH && entry.depth() > 0 {
                let why = format!(
                    "cannot walk {}: it is deeper than {MAX_DEPTH} directories below {}, so what it holds was not checked",
                    entry.path().display(),
                    root.display()
                );
                found.push(Found::Unwalked(entry.into_path(), why));
            }
            continue;
        }
        if !walk_candidate(Path::new(entry.file_name())) {
            continue;
        }
        if kind.is_file() {
            found.push(Found::File(entry.into_path(), false));
        } else if kind.is_symlink() {
            // Followed to a file; a link to a directory, FIFO, socket or device is skipped.
            match std::fs::metadata(entry.path()) {
                Ok(meta) if meta.is_file() => found.push(Found::File(entry.into_path(), false)),
                Ok(_) => {}
                Err(e) => {
                    let target = std::fs::read_link(entry.path()).map(|t| t.display().to_string()).unwrap_or_default();
                    let why = format!(
                        "cannot read {}: it links to {target}, which cannot be read: {e}",
                        entry.path().display()
                    );
                    found.push(Found::Unwalked(entry.into_path(), why));
                }
            }
        }
    }
}

fn walk_candidate(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "har"
            | "json"
            | "jsonl"
            | "ndjson"
            | "http"
            | "rest"
            | "sh"
            | "curl"
            | "tf"
            | "txt"
            | "log"
            | "gz"
            | "zst"
            | "zstd"
            | "js"
            | "mjs"
            | "cjs"
            | "jsx"
            | "ts"
            | "mts"
            | "cts"
            | "tsx"
            | "py"
            | "pyi"
            | ""
    )
}
