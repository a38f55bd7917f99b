//! Which files a directory walk finds, and in what order, whatever the thread count.

use std::fs;
use std::path::{Path, PathBuf};

use gclint::input::walk;

/// The files found under `paths`, with whether each was named.
fn discover(paths: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, String> {
    walk(paths, &|path: &Path, explicit| (path.to_path_buf(), explicit))
}

fn touch(root: &Path, rel: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, "{}").unwrap();
}

/// A tree with files to keep and files and directories to skip; names chosen so that sorting by
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
    assert_eq!(one.len(), 2 + 9 + 1);
}

#[test]
fn visit_results_come_back_in_walk_order() {
    let dir = tree();
    let sizes = walk(&[dir.path().to_path_buf()], &|path: &Path, _| path.file_name().unwrap().len()).unwrap();
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
