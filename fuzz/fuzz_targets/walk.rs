//! The directory walk: a small tree built from the bytes in a fresh temporary directory
//! (directories, files of every kind of name, hidden and build directories, links to files, to
//! directories above, to nowhere, chains deep enough to pass the depth limit), then walked. The
//! walk must end, without a panic, find each file at most once, and give only paths under the
//! root.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] =
    &["a", "b", "c.json", "x.har", "target", "node_modules", ".hidden", "d.txt", "e.png", "f", "g.jsonl", "h.gz"];

fuzz_target!(|data: &[u8]| {
    let root = std::env::temp_dir().join(format!("gclint-fuzz-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    if std::fs::create_dir(&root).is_err() {
        return;
    }
    build(&root, data);
    let found = gclint::input::walk(
        &[root.clone()],
        &|path: &Path, explicit| (path.to_path_buf(), explicit, true),
        &|path: &Path, why: String| {
            assert!(!why.is_empty());
            (path.to_path_buf(), false, false)
        },
    )
    .expect("the root exists");
    let mut files: Vec<&PathBuf> = found.iter().filter(|f| f.2).map(|f| &f.0).collect();
    for (path, explicit, _) in &found {
        assert!(path.starts_with(&root), "{} is outside the root", path.display());
        assert!(!explicit);
    }
    let all = files.len();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), all, "a file was visited twice");
    let _ = std::fs::remove_dir_all(&root);
});

/// Builds a tree under `root` from `data`, two bytes an operation: what to do, and with what.
fn build(root: &Path, data: &[u8]) {
    let mut here = root.to_path_buf();
    let mut depth = 0usize;
    for op in data.chunks_exact(2).take(64) {
        let (what, arg) = (op[0] % 8, usize::from(op[1]));
        let name = NAMES[arg % NAMES.len()];
        match what {
            0 if depth < 24 => {
                let dir = here.join(name);
                if std::fs::create_dir(&dir).is_ok() || dir.is_dir() {
                    here = dir;
                    depth += 1;
                }
            }
            1 if depth > 0 => {
                here.pop();
                depth -= 1;
            }
            2 => {
                let _ = std::fs::write(here.join(name), b"{}");
            }
            #[cfg(unix)]
            3 => {
                // A link to a directory above (a loop when followed).
                let up = "../".repeat(arg % (depth + 1) + 1);
                let _ = std::os::unix::fs::symlink(up, here.join(format!("up-{name}")));
            }
            #[cfg(unix)]
            4 => {
                // A link to a name in the root: a file, a directory, or nothing.
                let _ = std::os::unix::fs::symlink(root.join(name), here.join(format!("to-{name}")));
            }
            #[cfg(unix)]
            5 => {
                // A link to itself, and to a device.
                let _ = std::os::unix::fs::symlink(format!("self-{name}"), here.join(format!("self-{name}")));
                let _ = std::os::unix::fs::symlink("/dev/null", here.join(format!("null-{name}")));
            }
            6 => {
                // A chain of directories, up to past the walk's depth limit.
                let mut chain = here.clone();
                for _ in 0..(arg * 2).min(300) {
                    chain.push("z");
                }
                if std::fs::create_dir_all(&chain).is_ok() {
                    let _ = std::fs::write(chain.join("deep.json"), b"{}");
                }
            }
            _ => {
                let _ = std::fs::create_dir(here.join(name));
            }
        }
    }
}
