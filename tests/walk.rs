//! Which files a directory walk finds, and in what order, whatever the thread count.

use std::fs;
use std::path::{Path, PathBuf};

use gclint::input::walk;

/// The files found under `paths`, with whether each was named (paths the walk could not read are
/// left out).
fn discover(paths: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, String> {
    let found = walk_all(paths)?;
    Ok(found.into_iter().filter_map(|f| f.ok()).collect())
}

/// What the walk gave for one path: a file (with whether it was named), or a path it could not
/// read or walk, with why.
type Walked = Result<(PathBuf, bool), (PathBuf, String)>;

/// Every path the walk gives, in order.
fn walk_all(paths: &[PathBuf]) -> Result<Vec<Walked>, String> {
    walk(paths, &|path: &Path, explicit| Ok((path.to_path_buf(), explicit)), &|path: &Path, why| {
        Err((path.to_path_buf(), why))
    })
}

fn touch(root: &Path, rel: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, "{}").unwrap();
}

/// A tree with files to keep and files and directories to skip (a link to a file is kept, a
/// link to a directory is not); names chosen so that sorting by
/// whole path and walking by name disagree (`a-c.json` sorts between `a` and `a/…` by bytes).
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for rel in [
        "b.json",
        "a-c.json",
        "a/z.har",
        "a/m/deep.http",
        "a/b.curl",
        "capture",
        "notes.txt",
        "image.png",
        ".hidden.json",
        ".git/config.json",
        "target/out.json",
        "node_modules/pkg/package.json",
        "sub/node_modules.json",
        "sub/target.json",
    ] {
        touch(root, rel);
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("b.json"), root.join("link.json")).unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("linked-dir")).unwrap();
    }
    dir
}

fn relative(root: &Path, found: Vec<(PathBuf, bool)>) -> Vec<(String, bool)> {
    found
        .into_iter()
        .map(|(p, explicit)| (p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"), explicit))
        .collect()
}

#[test]
fn a_directory_is_walked_depth_first_by_name_skipping_hidden_build_and_unknown_files() {
    let dir = tree();
    let found = relative(dir.path(), discover(&[dir.path().to_path_buf()]).unwrap());
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "a/b.curl",
            "a/m/deep.http",
            "a/z.har",
            "a-c.json",
            "b.json",
            "capture",
            "link.json",
            "notes.txt",
            "sub/node_modules.json",
            "sub/target.json",
        ]
    );
    assert!(found.iter().all(|(_, explicit)| !explicit), "files found in a directory are not explicit");
}

#[test]
fn the_order_is_the_same_on_one_thread_and_on_many() {
    let dir = tree();
    let paths = [dir.path().join("sub"), dir.path().to_path_buf(), dir.path().join("b.json")];
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| discover(&paths)).unwrap()
    };
    let one = on(1);
    assert_eq!(one, on(4));
    // The paths as given, each directory in place; a file named on the command line is explicit.
    let last = one.last().unwrap();
    assert_eq!((last.0.as_path(), last.1), (dir.path().join("b.json").as_path(), true));
    assert_eq!(one.first().unwrap().0, dir.path().join("sub/node_modules.json"));
    assert_eq!(one.len(), 2 + 10 + 1);
}

#[test]
fn visit_results_come_back_in_walk_order() {
    let dir = tree();
    let sizes =
        walk(&[dir.path().to_path_buf()], &|path: &Path, _| path.file_name().unwrap().len(), &|_, _| 0).unwrap();
    let names = discover(&[dir.path().to_path_buf()]).unwrap();
    let expected: Vec<usize> = names.iter().map(|(p, _)| p.file_name().unwrap().len()).collect();
    assert_eq!(sizes, expected);
}

#[test]
fn a_missing_path_fails_the_walk_and_names_the_path() {
    let dir = tree();
    let missing = dir.path().join("nope");
    let err = discover(&[dir.path().to_path_buf(), missing.clone()]).unwrap_err();
    assert!(err.starts_with(&missing.display().to_string()), "{err}");
}

/// Links to files are followed (the name is the link's); links to directories, FIFOs and broken
/// links are not: a broken link with a name the walk keeps is reported.
#[cfg(unix)]
#[test]
fn links_to_files_are_followed_and_broken_ones_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("real.har"), "{}").unwrap();
    std::os::unix::fs::symlink(outside.path().join("real.har"), root.join("capture.har")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.json"), root.join("broken.json")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("broken.png")).unwrap();
    // A loop through a directory link: not followed, so the walk ends.
    fs::create_dir(root.join("d")).unwrap();
    std::os::unix::fs::symlink(root, root.join("d/up")).unwrap();
    std::os::unix::fs::symlink("/dev/null", root.join("null.json")).unwrap();
    let found = walk_all(&[root.to_path_buf()]).unwrap();
    let shown: Vec<String> = found
        .iter()
        .map(|f| match f {
            Ok((p, _)) => p.strip_prefix(root).unwrap().display().to_string(),
            Err((p, why)) => format!("{} ({})", p.strip_prefix(root).unwrap().display(), why.contains("nowhere.json")),
        })
        .collect();
    assert_eq!(shown, ["broken.json (true)", "capture.har"]);
}

/// A tree deeper than the limit is walked down to it, iteratively (no stack overflow), and the
/// directory where it stops is reported.
#[test]
fn a_tree_deeper_than_the_limit_is_walked_down_to_it_and_the_rest_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for i in 0..gclint::input::MAX_DEPTH + 20 {
        deep.push("d");
        if i == 10 || i == gclint::input::MAX_DEPTH - 2 {
            fs::create_dir_all(&deep).unwrap();
            fs::write(deep.join("x.json"), "{}").unwrap();
        }
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("too-deep.json"), "{}").unwrap();
    let found = walk_all(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    // By name, `d` comes before `x.json`: the report is where the walk stopped, first.
    assert!(found[1].is_ok() && found[2].is_ok());
    let (path, why) = found[0].as_ref().unwrap_err();
    assert_eq!(path.components().count(), dir.path().components().count() + gclint::input::MAX_DEPTH);
    assert!(why.contains("deeper than 256 directories"), "{why}");
}

/// A directory that cannot be read is reported in its place; the walk goes on after it.
#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_reported_and_the_walk_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Root reads every directory whatever its mode.
        return;
    }
    let dir = tree();
    let locked = dir.path().join("a/m");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let found = walk_all(&[dir.path().to_path_buf()]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let found = found.unwrap();
    let unread: Vec<_> = found.iter().filter_map(|f| f.as_ref().err()).collect();
    assert_eq!(unread.len(), 1, "{unread:?}");
    assert_eq!(unread[0].0, locked);
    assert_eq!(found.iter().filter(|f| f.is_ok()).count(), 8);
}
