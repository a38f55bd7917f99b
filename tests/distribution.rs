//! What reaches users beside the binary: the example workflows and hook configurations the
//! README shows are the files the packaging tests run (`tests/packaging/`), the action's inputs
//! are all documented, and every place that names a release names this one.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced code blocks of a Markdown text, without their fences.
fn code_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for line in markdown.lines() {
        match &mut open {
            None if line.trim_start().starts_with("```") => open = Some(String::new()),
            Some(_) if line.trim_start().starts_with("```") => blocks.extend(open.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_readme_shows_every_example_as_it_is_tested() {
    let blocks = code_blocks(&read("README.md"));
    let mut examples: Vec<_> = std::fs::read_dir("docs/examples").unwrap().map(|e| e.unwrap().path()).collect();
    examples.sort();
    assert!(examples.len() >= 4, "{examples:?}");
    for example in examples {
        let text = std::fs::read_to_string(&example).unwrap();
        assert!(blocks.contains(&text), "README.md does not show {} as it is", example.display());
    }
}

#[test]
fn the_code_block_reader_sees_what_is_in_a_fence() {
    let blocks = code_blocks("text\n```yaml\na: 1\n```\nmore\n  ```\nb\n  ```\n");
    assert_eq!(blocks, ["a: 1\n", "b\n"]);
}

/// The names of the inputs `action.yml` declares.
fn action_inputs(action: &str) -> Vec<String> {
    let inputs = action.split("\ninputs:\n").nth(1).expect("an inputs section");
    inputs
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .filter_map(|l| l.strip_prefix("  ").filter(|n| !n.starts_with(' ')).and_then(|n| n.strip_suffix(':')))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_input_of_the_action_is_documented() {
    let inputs = action_inputs(&read("action.yml"));
    assert!(inputs.len() >= 8, "{inputs:?}");
    let readme = read("README.md");
    for input in inputs {
        assert!(readme.contains(&format!("| `{input}` |")), "README.md has no row for the action input `{input}`");
    }
}

/// Every place a user copies a release from names the version Cargo.toml builds.
#[test]
fn every_pinned_release_is_this_version() {
    let cargo = read("Cargo.toml");
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a package version");
    // The Action and the hooks by tag (`@v0.1.0`, `rev: v0.1.0`), the mirror's wheel by version.
    let pinned = regex::Regex::new(r"(?:gclint/gclint@v|rev: v|gclint==)([0-9][0-9A-Za-z.+-]*[0-9A-Za-z])").unwrap();
    let mut seen = 0;
    for path in ["README.md", "docs/examples", "pre-commit-mirror"] {
        let files: Vec<std::path::PathBuf> = if Path::new(path).is_dir() {
            std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect()
        } else {
            vec![path.into()]
        };
        for file in files.into_iter().filter(|f| f.is_file()) {
            let text = std::fs::read_to_string(&file).unwrap();
            for m in pinned.captures_iter(&text) {
                seen += 1;
                assert_eq!(&m[1], version, "{} pins {}", file.display(), &m[0]);
            }
        }
    }
    assert!(seen >= 4, "{seen}");
}

/// The `key` patterns (`files`, `exclude`) of the hooks of the manifests (the root's and the
/// mirror's), as written, in hook order.
fn hook_patterns(key: &str) -> Vec<(String, regex::Regex)> {
    let mut found = Vec::new();
    for manifest in [".pre-commit-hooks.yaml", "pre-commit-mirror/.pre-commit-hooks.yaml"] {
        for line in read(manifest).lines() {
            if let Some(quoted) = line.trim().strip_prefix(&format!("{key}: ")) {
                let pattern = quoted.strip_prefix('\'').and_then(|p| p.strip_suffix('\'')).expect("a quoted pattern");
                let re = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{manifest}: {e}"));
                found.push((manifest.to_owned(), re));
            }
        }
    }
    found
}

/// pre-commit hands the hook the staged files its `files` pattern matches: exactly those a walk
/// of the same tree reads, so that a commit is checked as `gclint check .` checks the tree.
#[test]
fn the_hooks_take_the_files_a_walk_reads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let names = [
        "a.har",
        "b.HAR",
        "c.har.gz",
        "d.har.zst",
        "e.har.zstd",
        "f.json",
        "g.jsonl",
        "h.ndjson",
        "i.http",
        "j.rest",
        "k.sh",
        "l.curl",
        "m.tf",
        "n.txt",
        "o.log",
        "p.gz",
        "q.ZST",
        "hangup",
        "Makefile",
        ".gitignore",
        "LICENSE",
        "r.bash",
        "s.js",
        "t.py",
        "u.yaml",
        "v.yml",
        "w.md",
        "x.tfvars",
        "y.tf.json",
        "z.har.bak",
        "aa.json5",
        "bb.xml",
        "cc.toml",
        "dd.lock",
        "ee.zip",
        "ff.png",
        ".env.local",
        "gg.jsonc",
        "hh.csv",
        "ii.http.txt",
        "sub/jj.har",
        "sub/kk.md",
        "sub.d/ll",
        "sub.d/mm.sh",
        ".idea/a.http",
        "sub/.cache/b.json",
        "target/c.har",
        "sub/node_modules/d/e.json",
        "targets/f.har",
        "my_node_modules/g.json",
    ];
    for name in names {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }
    let walked: std::collections::BTreeSet<String> = gclint::input::walk(
        &[root.to_path_buf()],
        &|path: &Path, _| path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"),
        &|path: &Path, why| panic!("{}: {why}", path.display()),
    )
    .unwrap()
    .into_iter()
    .collect();
    assert!(walked.contains("a.har") && walked.contains("s.js") && !walked.contains("u.yaml"), "{walked:?}");
    let (files, exclude) = (hook_patterns("files"), hook_patterns("exclude"));
    assert_eq!((files.len(), exclude.len()), (3, 3), "one files and one exclude pattern per hook");
    for ((manifest, files), (_, exclude)) in files.iter().zip(&exclude) {
        let taken: std::collections::BTreeSet<String> =
            names.iter().filter(|n| files.is_match(n) && !exclude.is_match(n)).map(|n| (*n).to_owned()).collect();
        assert_eq!(taken, walked, "{manifest}: the hook's files are not the walk's");
    }
}
