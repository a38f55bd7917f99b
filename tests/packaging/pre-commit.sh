#!/usr/bin/env bash
# The pre-commit hooks, run the way pre-commit runs them, from the example configurations in
# docs/examples/ (only `repo:` is rewritten, to local copies of the hook repositories).
#
#   1. The manifests: the root .pre-commit-hooks.yaml has `gclint` (python) and `gclint-system`
#      (system), pre-commit-mirror/ has `gclint` (python); all three share one entry and one
#      `files` pattern; the examples name these hooks and repositories.
#   2. The `files` pattern against the real binary: every fixture it selects is read (not
#      skipped), each extension it names has a fixture that gclint checks, and the fixtures of
#      files that are not traffic, and plain files of every kind it selects (scripts without
#      curl, logs, notes, empty files), pass with no finding when named as the hook names them.
#      (tests/distribution.rs checks that the pattern selects what a walk reads.)
#   3. A temporary project (a clean capture, a bad one, package.json, tsconfig.json, a .txt, a
#      shell script, a bad capture its gclint.toml excludes): for `gclint-system` (GCLINT_BIN_DIR on PATH) and the mirror's `gclint` (the
#      wheel from GCLINT_WHEEL_DIR, offline, with every Rust tool a trap) the clean files pass and
#      the bad capture fails, naming put-method.
#   4. With GCLINT_TEST_SOURCE_HOOK=1, the root `gclint` hook too: pre-commit pip-installs a copy
#      of the repository, a maturin build of the gclint crate (in a copy of target/release, so
#      the dependencies are reused). Off by default: it takes about 4 minutes with one job.
#
# Environment: GCLINT_BIN_DIR (a directory holding gclint; default: the one on PATH),
# GCLINT_WHEEL_DIR (holding gclint-*.whl; without it the mirror hook is skipped), PRE_COMMIT_BIN
# (default: pre-commit installed from PyPI into a venv here), NOTOOLS_PATH (a PATH whose first
# directory holds traps for cargo/rustc/maturin, as run.sh makes; default: made here), GCLINT_TMP.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="${PYTHON:-python3}"

if [[ -n "${GCLINT_TMP:-}" ]]; then
    T="$GCLINT_TMP"
    mkdir -p "$T"
else
    T="$(mktemp -d "${TMPDIR:-/tmp}/gclint-pre-commit.XXXXXX")"
    trap 'rm -rf "$T"' EXIT
fi

# shellcheck source=lib.sh
. "$ROOT/tests/packaging/lib.sh"

# --- Tools.
if [[ -z "${PRE_COMMIT_BIN:-}" ]]; then
    "$PYTHON" -m venv "$T/pc-venv"
    "$T/pc-venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
    PRE_COMMIT_BIN="$T/pc-venv/bin/pre-commit"
fi
# pre-commit's own Python has PyYAML (pre-commit needs it) and virtualenv.
PCPY="$(dirname "$PRE_COMMIT_BIN")/python"
echo "pre-commit $("$PRE_COMMIT_BIN" --version | awk '{print $2}')"

if [[ -z "${GCLINT_BIN_DIR:-}" ]]; then
    GCLINT_BIN_DIR="$(dirname "$(command -v gclint)")"
fi
GCLINT="$GCLINT_BIN_DIR/gclint"
if [[ ! -x "$GCLINT" ]]; then
    fail "no gclint in GCLINT_BIN_DIR ($GCLINT_BIN_DIR)"
    exit 1
fi

if [[ -z "${NOTOOLS_PATH:-}" ]]; then
    NOTOOLS_PATH="$(notools_path "$T/traps")"
fi
TRAPS="${NOTOOLS_PATH%%:*}"

VERSION="$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n 1)"

# --- 1. The manifests and the examples.
echo "-- manifests and examples"
rc=0
"$PCPY" - "$ROOT" <<'PY' || rc=$?
import os, re, sys, yaml
root = sys.argv[1]
failed = 0
def check(ok, what):
    global failed
    print(("PASS " if ok else "FAIL ") + what)
    failed += not ok
def load(rel):
    with open(os.path.join(root, rel)) as f:
        return yaml.safe_load(f)
main = {h["id"]: h for h in load(".pre-commit-hooks.yaml")}
mirror = {h["id"]: h for h in load("pre-commit-mirror/.pre-commit-hooks.yaml")}
check(main.get("gclint", {}).get("language") == "python", "root manifest: hook gclint, language python")
check(main.get("gclint-system", {}).get("language") == "system", "root manifest: hook gclint-system, language system")
check(list(mirror) == ["gclint"] and mirror["gclint"].get("language") == "python", "mirror manifest: one hook, gclint, language python")
hooks = [("root gclint", main.get("gclint", {})), ("root gclint-system", main.get("gclint-system", {})), ("mirror gclint", mirror.get("gclint", {}))]
for key in ["files", "exclude", "entry", "types", "require_serial"]:
    values = {name: h.get(key) for name, h in hooks}
    same = len({repr(v) for v in values.values()}) == 1 and None not in values.values()
    check(same, f"the three hooks share one `{key}`: " + (repr(values["root gclint"]) if same else f"they differ: {values!r}"))
check(main.get("gclint", {}).get("types") == ["file"], "types: [file]")
try:
    re.compile(main["gclint"]["files"])
    check(True, "files is a Python regex")
except Exception as e:
    check(False, f"files is a Python regex: {e}")
pin = re.findall(r'"gclint==([^"]+)"', open(os.path.join(root, "pre-commit-mirror/pyproject.toml")).read())
check(len(pin) == 1, f"mirror pyproject.toml pins gclint==VERSION once ({pin})")
for example, repo, hook, manifest in [
    ("docs/examples/pre-commit-config.yaml", "https://github.com/gclint/gclint-pre-commit", "gclint", mirror),
    ("docs/examples/pre-commit-config-system.yaml", "https://github.com/gclint/gclint", "gclint-system", main),
]:
    doc = load(example)
    repos = doc.get("repos", [])
    ok = (len(repos) == 1 and repos[0].get("repo") == repo and re.fullmatch(r"v\d+\.\d+\.\d+", str(repos[0].get("rev")))
          and [h.get("id") for h in repos[0].get("hooks", [])] == [hook] and hook in manifest)
    check(ok, f"{example}: {repo} at a vX.Y.Z rev, hook {hook} (which its manifest defines)")
sys.exit(1 if failed else 0)
PY
[[ "$rc" -eq 0 ]] || FAILED=$((FAILED + 1))

# --- 2. The files pattern against the binary.
echo "-- files pattern against $GCLINT"
rc=0
"$PCPY" - "$ROOT" "$GCLINT" "$T/samples" <<'PY' || rc=$?
import json, os, re, shlex, shutil, subprocess, sys, yaml
root, gclint, samples = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(samples, exist_ok=True)
hook = {h["id"]: h for h in yaml.safe_load(open(os.path.join(root, ".pre-commit-hooks.yaml")))}["gclint"]
pattern = re.compile(hook["files"])
entry = shlex.split(hook["entry"])
assert entry[:2] == ["gclint", "check"], entry
args = entry[2:]
failed = 0
def check(ok, what):
    global failed
    print(("PASS " if ok else "FAIL ") + what)
    failed += not ok
def run(paths, *extra):
    p = subprocess.run([gclint, "check", *args, *extra, *paths], cwd=root, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr
def summary(path):
    rc, out, err = run([path], "--format", "json")
    try:
        return rc, json.loads(out)["summary"]
    except Exception:
        return rc, {"error": (out + err)[:300]}

try:
    tracked = subprocess.run(["git", "ls-files", "fixtures"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
except Exception:
    tracked = [os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(os.path.join(root, "fixtures")) for f in fs]
selected = [f for f in tracked if pattern.search(f)]
# fixtures/advice/ holds bare bodies that tests/suggest.rs checks with their --endpoint; without
# it a body that does not say its operation is skipped, as any JSON of a repository is.
traffic = [f for f in selected if not f.startswith(("fixtures/not-traffic/", "fixtures/advice/"))]
# The .http client's environment file sits next to .http files; it is settings, not a request.
settings = {"fixtures/http/http-client.env.json"}

# Every selected fixture of traffic is read, not skipped (broken ones are reported, not skipped).
skipped = []
for f in traffic:
    rc, s = summary(f)
    if f in settings:
        continue
    if s.get("files") != 1 or s.get("skipped") != 0:
        skipped.append(f"{f} {s}")
check(not skipped, f"each of the {len(traffic) - len(settings)} traffic fixtures the pattern selects is read, none skipped {skipped}")

# Each extension the pattern names: a sample gclint checks and finds mistakes in.
zstd = shutil.which("zstd")
def copy(src, name):
    dst = os.path.join(samples, name)
    shutil.copyfile(os.path.join(root, src), dst)
    return dst
cases = {
    "har": "fixtures/har/put-participant.har",
    "HAR (upper case)": copy("fixtures/har/put-participant.har", "UPPER.HAR"),
    "har.gz": "fixtures/compressed/seed-call-root-participants.har.gz",
    "http": "fixtures/http/seed-mistakes.http",
    "rest": copy("fixtures/http/seed-mistakes.http", "seed-mistakes.rest"),
    "curl": copy("fixtures/curl/seed-mistakes.sh", "seed-mistakes.curl"),
    "json (payload)": "fixtures/payloads/enum-case.json",
    "json (Data Action)": "fixtures/genesys/data-actions/unknown-field.custom.json",
    "json (Postman)": "fixtures/genesys/collections/mistakes.postman_collection.json",
    "json (Insomnia)": "fixtures/genesys/collections/mistakes.insomnia.json",
    "tf": "fixtures/genesys/terraform/jsonencode-unknown-field.tf",
}
if zstd:
    for ext in ["zst", "zstd"]:
        out = os.path.join(samples, f"put-participant.har.{ext}")
        subprocess.run([zstd, "-q", "-f", os.path.join(root, "fixtures/har/put-participant.har"), "-o", out], check=True)
        cases[f"har.{ext}"] = out
else:
    print("SKIP .har.zst/.har.zstd samples: no zstd command to make them")
for ext, path in cases.items():
    rc, s = summary(path)
    ok = pattern.search(path) is not None and s.get("skipped") == 0 and s.get("captures", 0) + s.get("payloads", 0) >= 1 and s.get("errors", 0) + s.get("warnings", 0) >= 1
    check(ok, f".{ext}: selected by the pattern and checked, with findings ({os.path.basename(path)}: {s})")

# The fixtures that are not traffic, named together as pre-commit names them: exit 0, no finding.
quiet = [f for f in selected if f.startswith("fixtures/not-traffic/")]
rc, out, err = run(quiet)
findings = [l for l in (out + err).splitlines() if re.match(r"^\s*(error|warning|info)\[", l)]
check(rc == 0 and not findings and len(quiet) >= 5, f"the {len(quiet)} not-traffic fixtures the pattern selects pass: exit {rc}, findings {findings}, output {(out + err).strip()[:200]!r}")

# Plain files of the kinds the pattern selects, named as the hook names them: no traffic in them,
# so no finding, exit 0 (named without the entry's flags, gclint would report the first ones).
plain = {
    "notes.txt": "Release notes.\nNothing to see here.\n",
    "app.log": "2024-05-01 12:00:00 INFO started\n2024-05-01 12:00:01 INFO ready\n",
    "deploy.sh": "#!/bin/sh\nset -e\necho deploying\n",
    "Makefile": "all:\n\tcargo build\n",
    "dataset.jsonl": '{"text": "hello", "label": 1}\n{"text": "bye", "label": 0}\n',
    "events.ndjson": '{"ts": "2024-05-01", "level": "info", "msg": "started"}\n{"ts": "2024-05-01", "level": "error", "msg": "boom"}\n',
    "outputs.tf": "",
    "new.http": "",
    "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
}
paths = []
for name, text in plain.items():
    path = os.path.join(samples, name)
    with open(path, "w") as f:
        f.write(text)
    paths.append(path)
    check(pattern.search(name) is not None, f"{name}: selected by the pattern")
rc, out, err = run(paths)
check(rc == 0 and not re.search(r"(error|warning|info)\[", out + err), f"the {len(paths)} plain files, named together, pass with no finding (exit {rc}: {(out + err).strip()[:200]!r})")
p = subprocess.run([gclint, "check", "--color", "never", *paths[:3]], cwd=root, capture_output=True, text=True)
check(p.returncode == 1 and "invalid-input" in p.stdout, f"without the entry's flags, named plain files are errors (exit {p.returncode}): the flags matter")
sys.exit(1 if failed else 0)
PY
[[ "$rc" -eq 0 ]] || FAILED=$((FAILED + 1))

# --- 3. The hooks, run by pre-commit.
git_q() { git -c init.defaultBranch=main -c user.name=gclint-test -c user.email=test@example.invalid -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }
# commit_all DIR [TAG]: makes DIR a git repository of what it holds, committed (and tagged).
commit_all() {
    git_q -C "$1" init --quiet
    git_q -C "$1" add -A
    git_q -C "$1" commit --quiet -m "test content"
    if [[ -n "${2:-}" ]]; then git_q -C "$1" tag "$2"; fi
}
# rewrite_repo EXAMPLE FROM TO OUT: the example with its `repo:` URL replaced, nothing else.
rewrite_repo() {
    "$PCPY" - "$@" <<'PY'
import sys
example, old, new, out = sys.argv[1:]
text = open(example).read()
line = f"repo: {old}\n"
assert text.count(line) == 1, f"{example} does not hold {line!r} once"
open(out, "w").write(text.replace(line, f"repo: {new}\n"))
PY
}
example_rev() { sed -n 's/^ *rev: *//p' "$1" | head -n 1; }

PROJECT="$T/project"
mkdir -p "$PROJECT"
cp "$ROOT/fixtures/har/clean-chrome.har" "$PROJECT/clean.har"
cp "$ROOT/fixtures/har/put-participant.har" "$PROJECT/bad.har"
cp "$ROOT/fixtures/not-traffic/package.json" "$PROJECT/package.json"
cp "$ROOT/fixtures/not-traffic/tsconfig.json" "$PROJECT/tsconfig.json"
printf 'Notes: nothing here is API traffic.\n' >"$PROJECT/notes.txt"
printf '#!/bin/sh\nset -e\necho building\n' >"$PROJECT/build.sh"
# A capture the project's gclint.toml excludes: pre-commit names it all the same.
mkdir -p "$PROJECT/legacy"
cp "$ROOT/fixtures/har/put-participant.har" "$PROJECT/legacy/old.har"
printf 'exclude = ["legacy"]\n' >"$PROJECT/gclint.toml"
commit_all "$PROJECT"
CLEAN_FILES=(clean.har package.json tsconfig.json notes.txt build.sh legacy/old.har)
export PRE_COMMIT_HOME="$T/pre-commit-home"

# run_hook LABEL CONFIG ENV...: the clean files pass, the bad capture fails naming put-method.
run_hook() {
    local label="$1" config="$2"
    shift 2
    local rc=0 start="$SECONDS"
    (cd "$PROJECT" && env "$@" "$PRE_COMMIT_BIN" run --config "$config" --color never --files "${CLEAN_FILES[@]}") >"$T/out-clean.txt" 2>&1 || rc=$?
    if [[ "$rc" -eq 0 ]] && grep -Eq '^gclint.*Passed' "$T/out-clean.txt"; then
        pass "$label: clean.har, package.json, tsconfig.json, a .txt, a .sh without curl and a capture gclint.toml excludes pass ($((SECONDS - start))s, with the hook's install)"
    else
        fail "$label: the clean files should pass (exit $rc)"
        sed 's/^/    /' "$T/out-clean.txt" | head -n 40
    fi
    rc=0
    start="$SECONDS"
    (cd "$PROJECT" && env "$@" "$PRE_COMMIT_BIN" run --config "$config" --color never --files bad.har) >"$T/out-bad.txt" 2>&1 || rc=$?
    if [[ "$rc" -eq 1 ]] && grep -Eq '^gclint.*Failed' "$T/out-bad.txt" && grep -q 'put-method' "$T/out-bad.txt"; then
        pass "$label: bad.har fails and the output names put-method ($((SECONDS - start))s)"
    else
        fail "$label: bad.har should fail naming put-method (exit $rc)"
        sed 's/^/    /' "$T/out-bad.txt" | head -n 40
    fi
}

echo "-- hook gclint-system (docs/examples/pre-commit-config-system.yaml)"
EX_SYSTEM="$ROOT/docs/examples/pre-commit-config-system.yaml"
SYSTEM_REPO="$T/hook-repo-system"
mkdir -p "$SYSTEM_REPO"
# What pre-commit reads of the repository for a system hook: its manifest (as in the work tree).
cp "$ROOT/.pre-commit-hooks.yaml" "$SYSTEM_REPO/"
commit_all "$SYSTEM_REPO" "$(example_rev "$EX_SYSTEM")"
rewrite_repo "$EX_SYSTEM" https://github.com/gclint/gclint "$SYSTEM_REPO" "$T/config-system.yaml"
run_hook "gclint-system" "$T/config-system.yaml" PATH="$GCLINT_BIN_DIR:$NOTOOLS_PATH"

echo "-- hook gclint of the mirror (docs/examples/pre-commit-config.yaml), from the wheel, offline"
EX_MIRROR="$ROOT/docs/examples/pre-commit-config.yaml"
if [[ -z "${GCLINT_WHEEL_DIR:-}" ]] || ! compgen -G "$GCLINT_WHEEL_DIR/gclint-*.whl" >/dev/null; then
    skip "mirror hook: no GCLINT_WHEEL_DIR with a gclint wheel"
else
    WHEEL_VERSION="$(basename "$(compgen -G "$GCLINT_WHEEL_DIR/gclint-*.whl" | head -n 1)" | cut -d- -f2)"
    MIRROR_REPO="$T/hook-repo-mirror"
    cp -R "$ROOT/pre-commit-mirror" "$MIRROR_REPO"
    # The release workflow's rewrite: pin the version built.
    sed -i.bak "s/\"gclint==[^\"]*\"/\"gclint==$WHEEL_VERSION\"/" "$MIRROR_REPO/pyproject.toml"
    rm -f "$MIRROR_REPO/pyproject.toml.bak"
    if grep -q "\"gclint==$WHEEL_VERSION\"" "$MIRROR_REPO/pyproject.toml"; then
        pass "mirror pinned to gclint==$WHEEL_VERSION"
    else
        fail "mirror pin rewrite"
    fi
    commit_all "$MIRROR_REPO" "$(example_rev "$EX_MIRROR")"
    rewrite_repo "$EX_MIRROR" https://github.com/gclint/gclint-pre-commit "$MIRROR_REPO" "$T/config-mirror.yaml"
    # No index: gclint comes from the wheel directory, the mirror's build backend (setuptools)
    # from the wheels virtualenv carries. No gclint on PATH, and the Rust tools are traps.
    BACKEND="$T/backend-wheels"
    mkdir -p "$BACKEND"
    "$PCPY" - "$BACKEND" <<'PY'
import glob, os, shutil, sys, virtualenv
embed = os.path.join(os.path.dirname(virtualenv.__file__), "seed", "wheels", "embed")
for whl in glob.glob(os.path.join(embed, "setuptools-*.whl")):
    shutil.copy(whl, sys.argv[1])
PY
    if ! compgen -G "$BACKEND/setuptools-*.whl" >/dev/null; then
        "$PCPY" -m pip download --quiet --disable-pip-version-check --only-binary :all: -d "$BACKEND" "setuptools>=61"
    fi
    rm -f "$TRAPS/called"
    run_hook "gclint (mirror)" "$T/config-mirror.yaml" PATH="$NOTOOLS_PATH" PIP_NO_INDEX=1 \
        PIP_FIND_LINKS="$GCLINT_WHEEL_DIR $BACKEND" PIP_DISABLE_PIP_VERSION_CHECK=1
    if [[ -e "$TRAPS/called" ]]; then
        fail "mirror hook: a Rust tool was run: $(sort -u "$TRAPS/called" | tr '\n' ' ')"
    else
        pass "mirror hook: installed with no Rust tool run"
    fi
    installed="$(find "$PRE_COMMIT_HOME" -path '*/bin/gclint' -type f | head -n 1)"
    if [[ -n "$installed" ]] && [[ "$("$installed" --version)" == "gclint $WHEEL_VERSION" ]]; then
        pass "mirror hook: its environment holds gclint $WHEEL_VERSION"
    else
        fail "mirror hook: no gclint $WHEEL_VERSION in the hook environment (${installed:-none})"
    fi
fi

# --- 4. The root `gclint` hook, built from source by pre-commit.
echo "-- hook gclint of this repository (built from source)"
if [[ "${GCLINT_TEST_SOURCE_HOOK:-0}" == 1 ]]; then
    # A repository of the work tree as it is (tracked and new files, not the ignored ones such as
    # target/), which pre-commit clones and pip-installs: maturin compiles the gclint crate anew
    # (new paths). It builds in a copy of target/release, so the dependencies are reused but the
    # repository's own target/ is left alone: a build of the same crate from another directory
    # shares its build script's unit (cargo hashes path packages by their workspace-relative
    # path), and build.rs takes the schema directory from env!("CARGO_MANIFEST_DIR"), fixed when
    # the build script is compiled, so the build script left behind would look for the schemas
    # in the deleted copy.
    SOURCE_TARGET="$T/source-target"
    mkdir -p "$SOURCE_TARGET"
    if [[ -d "$ROOT/target/release" ]]; then
        cp -a "$ROOT/target/release" "$SOURCE_TARGET/release"
        rm -rf "$SOURCE_TARGET/release/wheels"
    fi
    SOURCE_REPO="$T/hook-repo-source"
    mkdir -p "$SOURCE_REPO"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf -) |
        tar -C "$SOURCE_REPO" -xf -
    commit_all "$SOURCE_REPO" v0.0.0-test
    printf 'repos:\n  - repo: %s\n    rev: v0.0.0-test\n    hooks:\n      - id: gclint\n' "$SOURCE_REPO" >"$T/config-source.yaml"
    run_hook "gclint (built from source)" "$T/config-source.yaml" CARGO_TARGET_DIR="$SOURCE_TARGET"
else
    skip "gclint hook built from source: set GCLINT_TEST_SOURCE_HOOK=1 (a maturin build of the gclint crate, about 4 minutes with one job)"
fi

if [[ "$FAILED" -ne 0 ]]; then
    echo "pre-commit: $FAILED check group(s) FAILED"
    exit 1
fi
echo "pre-commit: all checks passed"
