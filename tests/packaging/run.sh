#!/usr/bin/env bash
# Packaging tests: the Python wheel, installs from source and from the wheel, the pre-commit hooks
# and the release workflow. Run from anywhere: `bash tests/packaging/run.sh`.
#
# Builds the wheel once, in-tree (maturin reuses target/, so with a current release build only the
# gclint crate is compiled, and not even that when it is up to date), then:
#   - checks the wheel holds the gclint executable and nothing else, and the sdist what the build
#     reads (Cargo files, build.rs, src/, the schemas) and none of the test data;
#   - venv A: `pip install <repo>` puts a gclint of the Cargo.toml version on PATH; so does
#     `pipx install <repo>` (SKIP when pipx cannot be installed);
#   - `cargo install --locked --path <repo>` (into a root of its own) does too;
#   - venv B: `pip install --no-index gclint-*.whl` with every Rust tool replaced by a trap that
#     fails and records the call: installs, runs, exit codes 1 on a bad capture, 0 on files that
#     are not traffic;
#   - the release workflow parses and pins every action to a version tag;
#   - tests/packaging/pre-commit.sh (the hooks), then tests/packaging/action.sh if present, with
#     GCLINT_BIN_DIR (venv B's bin) and GCLINT_WHEEL_DIR in the environment.
#
# Needs python3 (3.8+, with venv), git, and PyPI for maturin (pip's build isolation), pipx and
# pre-commit. Everything is made in one temporary directory, removed on exit.
# Environment: PYTHON (default python3); GCLINT_TEST_SOURCE_HOOK=1 also runs the source-built
# pre-commit hook (a full build of the gclint crate, several minutes); KEEP_TMP=1 keeps the
# temporary directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/packaging"
PYTHON="${PYTHON:-python3}"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/gclint-packaging.XXXXXX")"
cleanup() {
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
        echo "kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

# shellcheck source=lib.sh
. "$HERE/lib.sh"
# check NAME COMMAND...: PASS when the command succeeds.
check() {
    local name="$1"
    shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

STAGE_NAME=""
STAGE_START=0
TIMES=()
stage() {
    stage_end
    STAGE_NAME="$1"
    STAGE_START="$SECONDS"
    printf '\n== %s\n' "$STAGE_NAME"
}
stage_end() {
    if [[ -n "$STAGE_NAME" ]]; then
        TIMES+=("$(printf '%4ds  %s' "$((SECONDS - STAGE_START))" "$STAGE_NAME")")
        STAGE_NAME=""
    fi
}

# The version a build must report: Cargo.toml's [package] version.
VERSION="$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
if [[ -z "$VERSION" ]]; then
    echo "FAIL cannot read the version from Cargo.toml"
    exit 1
fi
echo "gclint $VERSION, repository $ROOT, temporary directory $TMP"

# --- Tools: one venv with pip, pre-commit (which brings PyYAML) and maturin (for the sdist).
stage "tools venv (pre-commit, maturin)"
TOOLS="$TMP/tools"
"$PYTHON" -m venv "$TOOLS"
if ! "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit "maturin>=1.5,<2"; then
    fail "pip install pre-commit maturin (is the index reachable?)"
    exit 1
fi
pass "pre-commit and maturin installed"

# --- The wheel, built once.
stage "wheel build (in-tree, target/)"
W="$TMP/wheels"
mkdir -p "$W"
# pip builds in the source tree (pip >= 21.3), so maturin's cargo uses $ROOT/target.
if ! "$TOOLS/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$W" "$ROOT"; then
    fail "pip wheel <repository>"
    exit 1
fi
shopt -s nullglob
wheels=("$W"/gclint-"$VERSION"-*.whl)
shopt -u nullglob
if [[ "${#wheels[@]}" -ne 1 ]]; then
    fail "one wheel gclint-$VERSION-*.whl built (found: $(ls "$W"))"
    exit 1
fi
WHEEL="${wheels[0]}"
pass "wheel built: $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB)"

# The wheel's files: the executable (in .data/scripts, which pip installs into bin/), the
# metadata, nothing else: no library of the [lib] target, no Python module.
wheel_report="$("$TOOLS/bin/python" - "$WHEEL" "$VERSION" <<'PY'
import sys, zipfile
path, version = sys.argv[1], sys.argv[2]
problems = []
with zipfile.ZipFile(path) as z:
    names = z.namelist()
    meta = z.read(f"gclint-{version}.dist-info/METADATA").decode()
    wheel = z.read(f"gclint-{version}.dist-info/WHEEL").decode()
    script = f"gclint-{version}.data/scripts/gclint"
    exe = [n for n in names if n.startswith(f"gclint-{version}.data/")]
    if exe not in ([script], [script + ".exe"]):
        problems.append(f"the data files are {exe}, not just {script}")
    other = [n for n in names if not n.startswith((f"gclint-{version}.data/", f"gclint-{version}.dist-info/"))]
    if other:
        problems.append(f"files outside .data and .dist-info: {other}")
    libs = [n for n in names if n.endswith((".so", ".rlib", ".a", ".dylib", ".dll", ".pyd", ".py"))]
    if libs:
        problems.append(f"library or Python files: {libs}")
    if f"\nVersion: {version}\n" not in meta:
        problems.append("METADATA does not say Version: " + version)
    if "Root-Is-Purelib: false" not in wheel or "Tag: py3-none-" not in wheel:
        problems.append("WHEEL is not a platform wheel for any Python 3: " + wheel.replace("\n", " | "))
    if script in names and (z.getinfo(script).external_attr >> 16) & 0o111 == 0:
        problems.append("the executable has no execute bit")
print("; ".join(problems) if problems else "ok")
PY
)"
if [[ "$wheel_report" == ok ]]; then pass "wheel holds the gclint executable only"; else fail "wheel contents: $wheel_report"; fi

# The sdist: what the build reads is in, the tests and their data are out. Every path that
# build.rs and the include_str!/include! of src/ read is looked up in the archive.
stage "sdist contents"
SD="$TMP/sdist"
(cd "$ROOT" && "$TOOLS/bin/maturin" sdist --out "$SD" >"$TMP/sdist.log" 2>&1) || {
    cat "$TMP/sdist.log"
    fail "maturin sdist"
}
sdist_report="$("$TOOLS/bin/python" - "$SD" "$VERSION" "$ROOT" <<'PY'
import glob, os, re, sys, tarfile
sd, version, root = sys.argv[1], sys.argv[2], sys.argv[3]
archives = glob.glob(os.path.join(sd, f"gclint-{version}.tar.gz"))
if len(archives) != 1:
    print(f"no gclint-{version}.tar.gz in {os.listdir(sd)}"); sys.exit()
prefix = f"gclint-{version}/"
with tarfile.open(archives[0]) as t:
    names = {m.name[len(prefix):] for m in t.getmembers() if m.isfile() and m.name.startswith(prefix)}
    sources = {n: t.extractfile(prefix + n).read().decode("utf-8", "replace") for n in names if n.endswith(".rs")}
problems = []
for need in ["Cargo.toml", "Cargo.lock", "build.rs", "pyproject.toml", "README.md", "src/main.rs", "src/lib.rs"]:
    if need not in names:
        problems.append(f"missing {need}")
# What build.rs embeds: every schemas/bodies/*.schema.json of the repository.
want = {os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "schemas/bodies/*.schema.json"))}
if not want:
    problems.append("no schemas/bodies/*.schema.json in the repository")
problems += [f"missing {p} (read by build.rs)" for p in sorted(want - names)]
# What the sources include by a literal relative path.
for name, text in sources.items():
    for lit in re.findall(r'include_(?:str|bytes)!\(\s*"([^"]+)"', text):
        target = os.path.normpath(os.path.join(os.path.dirname(name), lit))
        if target not in names:
            problems.append(f"missing {target} (included by {name})")
for banned in ["fixtures/", "tests/", "bench/", "fuzz/", "target/", "tools/", "pre-commit-mirror/", ".github/"]:
    hits = [n for n in names if n.startswith(banned)]
    if hits:
        problems.append(f"{len(hits)} files under {banned}")
print("; ".join(problems) if problems else f"ok ({len(names)} files)")
PY
)"
if [[ "$sdist_report" == ok* ]]; then pass "sdist holds the build inputs and no test data: ${sdist_report#ok }"; else fail "sdist: $sdist_report"; fi

# --- venv A: install from the repository (reusing the build).
stage "venv A: pip install <repository>"
A="$TMP/venv-a"
"$PYTHON" -m venv "$A"
if "$A/bin/python" -m pip install --quiet --disable-pip-version-check "$ROOT"; then
    pass "pip install <repository>"
    found="$(PATH="$A/bin:$PATH" command -v gclint || true)"
    check "gclint on PATH is venv A's ($found)" test "$found" = "$A/bin/gclint"
    out="$(PATH="$A/bin:$PATH" gclint --version 2>&1 || true)"
    check "venv A: gclint --version prints 'gclint $VERSION' (got '$out')" test "$out" = "gclint $VERSION"
else
    fail "pip install <repository>"
fi

stage "pipx install <repository>"
if "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check pipx >"$TMP/pipx.log" 2>&1; then
    export PIPX_HOME="$TMP/pipx-home" PIPX_BIN_DIR="$TMP/pipx-bin" PIPX_MAN_DIR="$TMP/pipx-man"
    if "$TOOLS/bin/pipx" install --python "$PYTHON" "$ROOT" >"$TMP/pipx.log" 2>&1; then
        out="$("$PIPX_BIN_DIR/gclint" --version 2>&1 || true)"
        check "pipx install <repository>: gclint --version prints 'gclint $VERSION' (got '$out')" test "$out" = "gclint $VERSION"
    else
        cat "$TMP/pipx.log"
        fail "pipx install <repository>"
    fi
    unset PIPX_HOME PIPX_BIN_DIR PIPX_MAN_DIR
else
    skip "pipx install <repository>: pipx cannot be installed from the index"
fi

# --- The README's last install command: cargo install from the clone. Built in the repository's
# target/ (the dependencies the wheel build compiled are reused; only the gclint crate is built
# again, with cargo's own release flags), installed into a root of its own.
stage "cargo install --locked --path <repository>"
if command -v cargo >/dev/null; then
    if CARGO_TARGET_DIR="$ROOT/target" cargo install --quiet --locked --path "$ROOT" --root "$TMP/cargo-root" >"$TMP/cargo-install.log" 2>&1; then
        out="$("$TMP/cargo-root/bin/gclint" --version 2>&1 || true)"
        check "cargo install --locked --path <repository>: gclint --version prints 'gclint $VERSION' (got '$out')" test "$out" = "gclint $VERSION"
    else
        tail -n 20 "$TMP/cargo-install.log"
        fail "cargo install --locked --path <repository>"
    fi
else
    skip "cargo install: no cargo on PATH"
fi

# --- venv B: the wheel alone, no Rust toolchain.
stage "venv B: pip install --no-index the wheel, no toolchain"
# Traps in front of PATH for every Rust build tool (see lib.sh).
TRAPS="$TMP/toolchain-traps"
NOTOOLS_PATH="$(notools_path "$TRAPS")"
export NOTOOLS_PATH
check "without the toolchain, cargo is the trap" test "$(PATH="$NOTOOLS_PATH" command -v cargo)" = "$TRAPS/cargo"

B="$TMP/venv-b"
"$PYTHON" -m venv "$B"
if env PATH="$B/bin:$NOTOOLS_PATH" CARGO_HOME="$TMP/no-cargo-home" RUSTUP_HOME="$TMP/no-rustup-home" \
    "$B/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --only-binary :all: "$WHEEL"; then
    pass "pip install --no-index $(basename "$WHEEL")"
else
    fail "pip install --no-index $(basename "$WHEEL")"
fi
check "no Rust tool was run to install (version queries aside: $(sort -u "$TRAPS/probed" 2>/dev/null | tr '\n' ' '))" test ! -e "$TRAPS/called"
GCLINT_BIN_DIR="$B/bin"
gb() { env PATH="$GCLINT_BIN_DIR:$NOTOOLS_PATH" gclint "$@"; }
out="$(gb --version 2>&1 || true)"
check "venv B: gclint --version prints 'gclint $VERSION' (got '$out')" test "$out" = "gclint $VERSION"
rc=0
out="$(cd "$ROOT" && gb check --color never fixtures/har/put-participant.har 2>&1)" || rc=$?
check "venv B: check fixtures/har/put-participant.har exits 1 (got $rc)" test "$rc" -eq 1
check "venv B: ... and names put-method" grep -q 'put-method' <<<"$out"
rc=0
out="$(cd "$ROOT" && gb check --color never fixtures/not-traffic 2>&1)" || rc=$?
check "venv B: check fixtures/not-traffic exits 0 (got $rc)" test "$rc" -eq 0
check "venv B: ... with no finding (got: $(head -c 200 <<<"$out"))" bash -c '! grep -Eq "^(error|warning|info)\[" <<<"$1"' _ "$out"
rc=0
out="$(cd "$ROOT" && gb check --color never fixtures/har/clean-chrome.har 2>&1)" || rc=$?
check "venv B: check fixtures/har/clean-chrome.har exits 0 (got $rc)" test "$rc" -eq 0

# --- The release workflow: YAML that parses, every action pinned to a version tag.
stage "release workflow"
wf_report="$("$TOOLS/bin/python" - "$ROOT/.github/workflows/release.yml" <<'PY'
import re, sys, yaml
path = sys.argv[1]
try:
    with open(path) as f:
        doc = yaml.safe_load(f)
except Exception as e:
    print(f"does not parse: {e}"); sys.exit()
problems = []
# PyYAML reads the key `on` as True.
on = doc.get("on", doc.get(True))
tags = (on or {}).get("push", {}).get("tags", []) if isinstance(on, dict) else []
if "v*" not in tags and "v*.*.*" not in tags:
    problems.append(f"not triggered by v* tags (on: {on})")
uses = []
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "uses" and isinstance(v, str):
                uses.append(v)
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
walk(doc.get("jobs", {}))
if not uses:
    problems.append("no `uses:` at all")
for u in uses:
    if u.startswith(("./", "docker://")):
        continue
    if not re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+(\.\d+){0,2}", u):
        problems.append(f"not pinned to a version tag: {u}")
jobs = doc.get("jobs", {})
text = open(path).read()
for need in ["PyO3/maturin-action", "pypa/gh-action-pypi-publish", "id-token: write", "sha256", "gclint-pre-commit", "sdist"]:
    if need not in text:
        problems.append(f"does not mention {need}")
print("; ".join(problems) if problems else f"ok ({len(jobs)} jobs, {len(uses)} actions)")
PY
)"
if [[ "$wf_report" == ok* ]]; then pass "release.yml parses, every uses: is pinned to a version tag: ${wf_report#ok }"; else fail "release.yml: $wf_report"; fi

# --- The hooks and the action.
stage "pre-commit hooks (tests/packaging/pre-commit.sh)"
if env GCLINT_BIN_DIR="$GCLINT_BIN_DIR" GCLINT_WHEEL_DIR="$W" GCLINT_TMP="$TMP/pre-commit" \
    PRE_COMMIT_BIN="$TOOLS/bin/pre-commit" NOTOOLS_PATH="$NOTOOLS_PATH" bash "$HERE/pre-commit.sh"; then
    pass "tests/packaging/pre-commit.sh"
else
    fail "tests/packaging/pre-commit.sh"
fi

stage "action (tests/packaging/action.sh)"
if [[ -x "$HERE/action.sh" ]]; then
    if env GCLINT_BIN_DIR="$GCLINT_BIN_DIR" GCLINT_WHEEL_DIR="$W" bash "$HERE/action.sh"; then
        pass "tests/packaging/action.sh"
    else
        fail "tests/packaging/action.sh"
    fi
else
    skip "tests/packaging/action.sh is not there (or not executable)"
fi
stage_end

printf '\nTimes:\n'
printf '%s\n' "${TIMES[@]}"
printf '%4ds  total\n' "$SECONDS"
if [[ "$FAILED" -ne 0 ]]; then
    printf 'packaging: %d check(s) FAILED\n' "$FAILED"
    exit 1
fi
echo "packaging: all checks passed"
