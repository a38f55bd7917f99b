#!/usr/bin/env bash
# Local test of the composite GitHub Action (action.yml and .github/action/*.sh).
#
# It runs action.yml the way the runner does, with a small runner of its own (Python, below):
# inputs and their defaults from action.yml, each step's `if:` and `env:` expressions evaluated,
# `run:` bodies through `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`),
# GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY files read back between steps, and the
# upload-sarif step recorded instead of called. Releases come from a fake release directory
# (file:// URLs) built from the gclint binary under test; nothing touches the network.
#
# Usage: tests/packaging/action.sh
# Environment: GCLINT_BIN_DIR (a directory holding the gclint to test; default
# /tmp/gclint-release or target/release), GCLINT_WHEEL_DIR (unused: the wheel's gclint arrives
# through GCLINT_BIN_DIR). Prints PASS/FAIL per check; exits 1 on any failure, 0 with SKIP when
# there is no binary or no Python 3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ -z "${GCLINT_BIN_DIR:-}" ]; then
  for dir in /tmp/gclint-release "$root/target/release"; do
    if [ -x "$dir/gclint" ]; then
      GCLINT_BIN_DIR="$dir"
      break
    fi
  done
fi
if [ -z "${GCLINT_BIN_DIR:-}" ] || [ ! -x "$GCLINT_BIN_DIR/gclint" ]; then
  echo "SKIP action: no gclint binary (set GCLINT_BIN_DIR, or build target/release/gclint)"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP action: python3 is needed to read action.yml"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/gclint-action-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python=python3
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
  # PyYAML in a throwaway venv, so that nothing is installed outside the temporary directory.
  echo "(installing PyYAML into a temporary venv)"
  python3 -m venv "$work/venv" >/dev/null
  "$work/venv/bin/pip" install --quiet pyyaml >/dev/null
  python="$work/venv/bin/python"
fi

cat >"$work/harness.py" <<'PY'
import json, os, platform, re, shutil, stat, subprocess, sys, tarfile, hashlib
import yaml

ROOT, BIN_DIR, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
REAL_BIN = os.path.join(BIN_DIR, "gclint")
failures = []


def crashed(kind, value, tb):
    # A check that cannot even be evaluated is a failure, and says so on its own line.
    import traceback
    traceback.print_exception(kind, value, tb)
    print("FAIL action: the test itself stopped: %s: %s" % (kind.__name__, value))
    sys.exit(1)


sys.excepthook = crashed


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else "\n     " + str(detail)[:1500]))
    if not ok:
        failures.append(name)


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


ACTION = load(os.path.join(ROOT, "action.yml"))

# ---------------------------------------------------------------- expressions (the subset used)
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>&&|\|\||==|!=|!|\(|\))|(?P<num>\d+)|(?P<ident>[A-Za-z_][A-Za-z0-9_.\-]*))")


def evaluate(expr, ctx):
    toks, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise ValueError("cannot parse expression: " + expr)
        pos = m.end()
        kind = m.lastgroup
        toks.append((kind, m.group(kind)))
    i = 0

    def peek():
        return toks[i] if i < len(toks) else (None, None)

    def take():
        nonlocal i
        i += 1
        return toks[i - 1]

    def lookup(name):
        if name in ("true", "false"):
            return name == "true"
        if name == "null":
            return None
        value = ctx
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def primary():
        kind, val = take()
        if kind == "str":
            return val[1:-1].replace("''", "'")
        if kind == "num":
            return int(val)
        if val == "(":
            v = orexp()
            take()
            return v
        if val == "!":
            return not truthy(primary())
        if kind == "ident":
            if peek() == ("op", "("):
                take(); take()
                return ctx["__functions__"][val]()
            return lookup(val)
        raise ValueError("unexpected token %r in %s" % (val, expr))

    def compare():
        left = primary()
        while peek()[1] in ("==", "!="):
            op = take()[1]
            right = primary()
            eq = str("" if left is None else left).lower() == str("" if right is None else right).lower()
            left = eq if op == "==" else not eq
        return left

    def andexp():
        v = compare()
        while peek()[1] == "&&":
            take()
            r = compare()
            v = r if truthy(v) else v
        return v

    def orexp():
        v = andexp()
        while peek()[1] == "||":
            take()
            r = andexp()
            v = v if truthy(v) else r
        return v

    return orexp()


def truthy(v):
    return v not in (None, "", False, 0)


def substitute(text, ctx):
    def one(m):
        v = evaluate(m.group(1), ctx)
        if isinstance(v, bool):
            return "true" if v else "false"
        return "" if v is None else str(v)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))


def parse_file_command(path):
    """GITHUB_OUTPUT's two forms: key=value and key<<DELIMITER ... DELIMITER."""
    out = {}
    if not os.path.exists(path):
        return out
    lines = open(path).read().split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delim = line.split("<<", 1)
            k += 1
            buf = []
            while lines[k] != delim:
                buf.append(lines[k]); k += 1
            out[key] = "\n".join(buf)
        elif "=" in line:
            key, value = line.split("=", 1)
            out[key] = value
        k += 1
    return out


def annotations(stdout):
    """The workflow commands the runner would act on (honouring ::stop-commands::)."""
    found, stopped = [], None
    for line in stdout.splitlines():
        if stopped:
            if line == "::%s::" % stopped:
                stopped = None
            continue
        m = re.match(r"::stop-commands::(.+)$", line)
        if m:
            stopped = m.group(1)
            continue
        if re.match(r"::(error|warning|notice)( |::)", line):
            found.append(line)
    return found


# ------------------------------------------------------------------------- the runner itself
class Run:
    pass


BASE_PATH = os.pathsep.join(
    d for d in os.environ.get("PATH", "").split(os.pathsep)
    if d and not os.path.exists(os.path.join(d, "gclint")))
RUNNER_OS = {"Linux": "Linux", "Darwin": "macOS"}.get(platform.system(), platform.system())
RUNNER_ARCH = {"x86_64": "X64", "amd64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}.get(platform.machine().lower(), platform.machine())
TARGET = {("Linux", "X64"): "x86_64-unknown-linux-musl", ("Linux", "ARM64"): "aarch64-unknown-linux-musl",
          ("macOS", "X64"): "x86_64-apple-darwin", ("macOS", "ARM64"): "aarch64-apple-darwin"}[(RUNNER_OS, RUNNER_ARCH)]
counter = [0]


def run_action(name, inputs, workspace, env=None, path_prefix=(), action_path=ROOT, job="gclint"):
    counter[0] += 1
    base = os.path.join(WORK, "runs", "%02d-%s" % (counter[0], re.sub(r"\W+", "-", name)))
    temp = os.path.join(base, "runner-temp")
    os.makedirs(temp)
    summary = os.path.join(base, "step-summary.md")
    open(summary, "w").close()
    declared = ACTION.get("inputs") or {}
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError("inputs not declared in action.yml: %s" % sorted(unknown))
    values = {k: str((v or {}).get("default", "")) for k, v in declared.items()}
    for k, v in inputs.items():
        values[k] = ("true" if v else "false") if isinstance(v, bool) else str(v)
    run = Run()
    run.steps, run.uploads, run.log, run.failed = {}, [], [], False
    run.summary_file, run.temp, run.extra_path = summary, temp, list(path_prefix)
    github = {"action_path": action_path, "workspace": workspace, "job": job}
    for index, step in enumerate(ACTION["runs"]["steps"]):
        sid = step.get("id", "__step%d" % index)
        ctx = {"inputs": values, "steps": run.steps, "github": github,
               "runner": {"os": RUNNER_OS, "arch": RUNNER_ARCH, "temp": temp},
               "__functions__": {"always": lambda: True, "success": lambda: not run.failed,
                                 "failure": lambda: run.failed, "cancelled": lambda: False}}
        cond = step.get("if", "success()")
        cond = cond[3:-2] if str(cond).strip().startswith("${{") else cond
        if not truthy(evaluate(str(cond), ctx)):
            run.steps[sid] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            run.log.append((sid, "skipped", "", ""))
            continue
        if "uses" in step:
            with_ = {k: substitute(v, ctx) for k, v in (step.get("with") or {}).items()}
            run.uploads.append({"uses": step["uses"], "with": with_})
            run.steps[sid] = {"outputs": {}, "outcome": "success", "conclusion": "success"}
            run.log.append((sid, "success", "", ""))
            continue
        output_file = os.path.join(base, "output-%d" % index)
        path_file = os.path.join(base, "path-%d" % index)
        env_file = os.path.join(base, "env-%d" % index)
        for f in (output_file, path_file, env_file):
            open(f, "w").close()
        script = os.path.join(temp, "step-%d.sh" % index)
        with open(script, "w") as f:
            # The runner splices ${{ }} into the script text before running it (which is why
            # the action must not use it there): do the same, so that a mistake shows.
            f.write(substitute(step["run"], ctx))
        proc_env = {"PATH": os.pathsep.join(list(reversed(run.extra_path)) + [BASE_PATH]),
                    "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
                    "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_JOB": job,
                    "GITHUB_WORKSPACE": workspace, "GITHUB_ACTION_PATH": action_path,
                    "GITHUB_OUTPUT": output_file, "GITHUB_PATH": path_file, "GITHUB_ENV": env_file,
                    "GITHUB_STEP_SUMMARY": summary, "RUNNER_TEMP": temp,
                    "RUNNER_OS": RUNNER_OS, "RUNNER_ARCH": RUNNER_ARCH}
        proc_env.update(env or {})
        for k, v in (step.get("env") or {}).items():
            proc_env[k] = substitute(v, ctx)
        assert step.get("shell") == "bash"
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace,
                           env=proc_env, capture_output=True, text=True, timeout=120)
        outcome = "success" if p.returncode == 0 else "failure"
        run.failed = run.failed or p.returncode != 0
        run.steps[sid] = {"outputs": parse_file_command(output_file), "outcome": outcome, "conclusion": outcome,
                          "rc": p.returncode, "stdout": p.stdout, "stderr": p.stderr}
        run.extra_path += [l for l in open(path_file).read().splitlines() if l]
        run.log.append((sid, outcome, p.stdout, p.stderr))
    ctx = {"steps": run.steps, "inputs": values, "__functions__": {}}
    run.outputs = {k: substitute(v.get("value", ""), ctx) for k, v in (ACTION.get("outputs") or {}).items()}
    run.summary = open(summary).read()
    return run


def step(run, sid):
    return run.steps.get(sid, {})


def describe(run):
    return "\n".join("[%s %s]\n%s%s" % (sid, outcome, out[-700:], err[-700:]) for sid, outcome, out, err in run.log)


# ------------------------------------------------------------------------------- fixtures
def make_release(version, sha_ok=True):
    """A release laid out like GitHub's: <base>/v<version>/<archive> and <archive>.sha256."""
    base = os.path.join(WORK, "releases", "download", "v" + version)
    os.makedirs(base, exist_ok=True)
    archive = "gclint-%s-%s.tar.gz" % (version, TARGET)
    with tarfile.open(os.path.join(base, archive), "w:gz") as tar:
        tar.add(REAL_BIN, arcname="gclint-%s-%s/gclint" % (version, TARGET))
    digest = hashlib.sha256(open(os.path.join(base, archive), "rb").read()).hexdigest()
    if not sha_ok:
        digest = hashlib.sha256(b"something else").hexdigest()
    with open(os.path.join(base, archive + ".sha256"), "w") as f:
        f.write("%s  %s\n" % (digest, archive))


def make_workspace(name, files):
    ws = os.path.join(WORK, "ws", name)
    for target, source in files.items():
        dest = os.path.join(ws, target)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.path.join(ROOT, "fixtures", source), dest)
    os.makedirs(ws, exist_ok=True)
    return ws


def write_exe(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


RELEASES = "file://" + os.path.join(WORK, "releases", "download")
make_release("0.1.0")
make_release("0.0.9", sha_ok=False)
os.makedirs(os.path.join(WORK, "releases", "tag"), exist_ok=True)
open(os.path.join(WORK, "releases", "tag", "v0.1.0"), "w").close()
# GitHub's releases/latest redirects to releases/tag/v<version>; a file:// URL ending that way
# stands for the end of that redirect.
LATEST = "file://" + os.path.join(WORK, "releases", "tag", "v0.1.0")
NET = {"GCLINT_RELEASE_URL": RELEASES, "GCLINT_LATEST_URL": LATEST}
REAL_VERSION = subprocess.run([REAL_BIN, "--version"], capture_output=True, text=True).stdout.strip()
check("the binary under test is gclint 0.1.0 (the fake release's version)", REAL_VERSION == "gclint 0.1.0", REAL_VERSION)

# A gclint on PATH that records its arguments (NUL-separated) and runs the real one: the install
# step finds it by its version, so the run step's exact argv can be checked.
SHIM_DIR = os.path.join(WORK, "shim")
ARGV_LOG = os.path.join(WORK, "argv.log")
write_exe(os.path.join(SHIM_DIR, "gclint"),
          '#!/usr/bin/env bash\nprintf \'%%s\\0\' "$@" > "%s"\nexec "%s" "$@"\n' % (ARGV_LOG, REAL_BIN))


def words_between(argv, first, end):
    """argv[first...end) when both are there, else None."""
    if first not in argv or end not in argv:
        return None
    return argv[argv.index(first):argv.index(end)]


def after(argv, marker):
    return argv[argv.index(marker) + 1:] if marker in argv else None


def last_argv():
    return open(ARGV_LOG).read().split("\0")[:-1] if os.path.exists(ARGV_LOG) else []


# ------------------------------------------------------------------ 1. action.yml, statically
steps = ACTION["runs"]["steps"]
check("action.yml is a composite action", ACTION["runs"].get("using") == "composite")
run_steps = [s for s in steps if "run" in s]
check("every run step uses shell: bash", all(s.get("shell") == "bash" for s in run_steps))
check("no ${{ }} inside a run: body (inputs reach scripts through env only)",
      not any("${{" in s["run"] for s in run_steps), [s["run"] for s in run_steps if "${{" in s["run"]])
mapped = {}
for s in steps:
    for k, v in (s.get("env") or {}).items():
        mapped.setdefault(k, set()).add(str(v).strip())
for name in ACTION["inputs"]:
    var = "INPUT_" + name.upper().replace("-", "_").replace(" ", "_")
    check("input %s is mapped to %s = ${{ inputs.%s }}" % (name, var, name),
          mapped.get(var) == {"${{ inputs.%s }}" % name}, mapped.get(var))
for s in run_steps:
    m = re.search(r'"\$GITHUB_ACTION_PATH/([^"]+\.sh)"', s["run"])
    text = open(os.path.join(ROOT, m.group(1))).read() if m else s["run"]
    used = set(re.findall(r"\bINPUT_[A-Z0-9_]+", text))
    missing = sorted(v for v in used if v not in (s.get("env") or {}))
    check("step %r maps every INPUT_* its script reads (%s)" % (s.get("id", s.get("name")), ", ".join(sorted(used)) or "none"),
          not missing, missing)
    check("step %r's script exists" % s.get("id", s.get("name")), not m or os.path.exists(os.path.join(ROOT, m.group(1))))
ids = [s.get("id") or s.get("uses") or s.get("name") for s in steps]
upload = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@v3")]
verdict = [i for i, s in enumerate(steps) if "exit-code" in str(s.get("if", "")) and "run" in s]
check("SARIF is uploaded with upload-sarif@v3, if: always() and sarif == 'true', with a category",
      len(upload) == 1 and "always()" in steps[upload[0]].get("if", "") and "inputs.sarif == 'true'" in steps[upload[0]].get("if", "")
      and {"sarif_file", "category"} <= set(steps[upload[0]].get("with", {})), steps[upload[0]] if upload else ids)
check("the job fails with gclint's exit code in the last step, after the upload",
      len(verdict) == 1 and upload and verdict[0] == len(steps) - 1 and upload[0] < verdict[0], ids)
for script in ("common.sh", "install.sh", "run.sh"):
    p = subprocess.run(["bash", "-n", os.path.join(ROOT, ".github", "action", script)], capture_output=True, text=True)
    check(".github/action/%s parses (bash -n)" % script, p.returncode == 0, p.stderr)

BAD = {"recordings/put-participant.har": "har/put-participant.har"}
CLEAN = {"recordings/clean-chrome.har": "har/clean-chrome.har"}

# ---------------------------------------------------------------------------- 2. install
ws = make_workspace("install", CLEAN)
r = run_action("install-default", {}, ws, env=NET)
added = r.extra_path
check("install (default version = the action's Cargo.toml, 0.1.0) downloads the release and adds it to GITHUB_PATH",
      step(r, "install").get("outcome") == "success" and len(added) == 1
      and os.path.exists(os.path.join(added[0], "gclint")) and step(r, "install")["outputs"].get("source") == "release",
      describe(r))
if added:
    v = subprocess.run([os.path.join(added[0], "gclint"), "--version"], capture_output=True, text=True).stdout.strip()
    check("the installed binary runs (%s)" % v, v == "gclint 0.1.0")
check("the run step used the installed binary (exit-code output 0, version output 0.1.0)",
      r.outputs.get("exit-code") == "0" and r.outputs.get("version") == "0.1.0", (r.outputs, describe(r)))

r = run_action("install-latest", {"version": "latest"}, ws, env=NET)
check("version: latest resolves the release tag and installs it",
      step(r, "install").get("outcome") == "success" and step(r, "install")["outputs"].get("version") == "0.1.0", describe(r))
r = run_action("install-v", {"version": "v0.1.0"}, ws, env=NET)
check("version: v0.1.0 installs 0.1.0", step(r, "install")["outputs"].get("version") == "0.1.0", describe(r))

r = run_action("install-bad-sha", {"version": "0.0.9"}, ws, env=NET)
err = step(r, "install").get("stderr", "")
check("a wrong checksum fails the install with a clear message and installs nothing",
      step(r, "install").get("outcome") == "failure" and "::error" in err and "checksum mismatch" in err
      and not r.extra_path and step(r, "run").get("outcome") == "skipped", describe(r))
check("a failed install fails the job", r.failed)

r = run_action("install-missing", {"version": "0.0.1"}, ws, env=NET)
check("an explicit version with no release fails the install",
      step(r, "install").get("outcome") == "failure" and "could not download gclint 0.0.1" in step(r, "install").get("stderr", ""), describe(r))

ahead = os.path.join(WORK, "action-ahead")
shutil.copytree(os.path.join(ROOT, ".github"), os.path.join(ahead, ".github"))
shutil.copyfile(os.path.join(ROOT, "action.yml"), os.path.join(ahead, "action.yml"))
with open(os.path.join(ahead, "Cargo.toml"), "w") as f:
    f.write('[package]\nname = "gclint"\nversion = "9.9.9"\n\n[dependencies]\nversion = "1"\n')
r = run_action("install-ahead", {}, ws, env=NET, action_path=ahead)
check("default version with no such release (an action branch ahead of its release) warns and installs the latest",
      step(r, "install").get("outcome") == "success" and step(r, "install")["outputs"].get("version") == "0.1.0"
      and "no release 9.9.9" in step(r, "install").get("stderr", "") + step(r, "install").get("stdout", ""), describe(r))

pwn_dir = os.path.join(WORK, "pwn")
os.makedirs(pwn_dir)
r = run_action("install-hostile", {"version": "0.1.0/../../$(touch %s/PWNED)" % pwn_dir}, ws, env=NET)
check("a hostile version is refused before any download and runs nothing",
      step(r, "install").get("outcome") == "failure" and not os.listdir(pwn_dir)
      and "version must be a release" in step(r, "install").get("stderr", ""), describe(r))

r = run_action("install-on-path", {}, ws, env={"GCLINT_RELEASE_URL": "file:///nonexistent", "GCLINT_LATEST_URL": "file:///nonexistent"},
               path_prefix=[SHIM_DIR])
check("a gclint of the wanted version already on PATH is used without a download",
      step(r, "install").get("outcome") == "success" and step(r, "install")["outputs"].get("source") == "path"
      and step(r, "install")["outputs"].get("path") == os.path.join(SHIM_DIR, "gclint") and r.extra_path == [SHIM_DIR], describe(r))

# version: source runs cargo install on the action's checkout: a fake cargo records its arguments.
cargo_dir = os.path.join(WORK, "fake-cargo")
cargo_log = os.path.join(WORK, "cargo.log")
write_exe(os.path.join(cargo_dir, "cargo"),
          '#!/usr/bin/env bash\nset -eu\nprintf \'%%s\\n\' "$@" > "%s"\nroot=""\nwhile [ $# -gt 0 ]; do [ "$1" = --root ] && root="$2"; shift; done\n'
          'mkdir -p "$root/bin" && cp "%s" "$root/bin/gclint"\n' % (cargo_log, REAL_BIN))
r = run_action("install-source", {"version": "source"}, ws, env=NET, path_prefix=[cargo_dir])
cargo_args = open(cargo_log).read().split("\n")[:-1] if os.path.exists(cargo_log) else []
check("version: source runs cargo install --locked --path <action> --root <RUNNER_TEMP>/gclint-source and uses its binary",
      cargo_args == ["install", "--locked", "--path", ROOT, "--root", os.path.join(r.temp, "gclint-source")]
      and step(r, "install")["outputs"].get("source") == "cargo" and r.outputs.get("exit-code") == "0", (cargo_args, describe(r)))

# ------------------------------------------------------------------------------- 3. runs
ws = make_workspace("bad", BAD)
r = run_action("bad", {"paths": "recordings/", "sarif": "true", "sarif-category": "gclint-test/"}, ws, env=NET)
run_out = step(r, "run").get("stdout", "")
check("a bad capture: exit-code output is 1 and the run step itself succeeds (so the upload runs)",
      r.outputs.get("exit-code") == "1" and step(r, "run").get("outcome") == "success", describe(r))
check("a bad capture: the last step fails the job with exit code 1",
      step(r, "__step3").get("rc") == 1 and r.failed, describe(r))
notes = annotations(run_out)
check("a bad capture: ::error file=recordings/put-participant.har annotations on stdout",
      any(a.startswith("::error file=recordings/put-participant.har,") for a in notes), run_out[-1500:])
check("a bad capture: the job summary is written", "## gclint" in r.summary and "put-method" in r.summary, r.summary[:500])
check("a bad capture: counts as outputs (3 errors, 1 warning, 3 infos)",
      (r.outputs.get("errors"), r.outputs.get("warnings"), r.outputs.get("infos")) == ("3", "1", "3"), r.outputs)
sarif_path = r.outputs.get("sarif-file", "")
sarif = json.load(open(sarif_path)) if sarif_path and os.path.exists(sarif_path) else {}
check("a bad capture: SARIF written, automationDetails.id = sarif-category",
      sarif.get("runs", [{}])[0].get("automationDetails", {}).get("id") == "gclint-test/"
      and len(sarif["runs"][0].get("results", [])) == 7, sarif_path)
check("a bad capture: upload-sarif called with that file and category",
      r.uploads == [{"uses": "github/codeql-action/upload-sarif@v3", "with": {"sarif_file": sarif_path, "category": "gclint-test/"}}],
      r.uploads)
check("the SARIF file lives outside the workspace (a later run does not lint it)",
      not os.path.realpath(sarif_path).startswith(os.path.realpath(ws) + os.sep))

r = run_action("bad-no-sarif", {"paths": "recordings/"}, ws, env=NET)
check("sarif: false (the default) uploads nothing and still fails on findings",
      not r.uploads and r.outputs.get("sarif-file") == "" and r.failed and r.outputs.get("exit-code") == "1", describe(r))

r = run_action("bad-default-category", {"paths": "recordings/", "sarif": "true", "args": "--shard 2/2"}, ws, env=NET, job="lint")
check("default category: gclint/<job>/shard-I-of-N/ (and the same in the SARIF)",
      r.outputs.get("sarif-category") == "gclint/lint/shard-2-of-2/"
      and json.load(open(r.outputs["sarif-file"]))["runs"][0]["automationDetails"]["id"] == "gclint/lint/shard-2-of-2/",
      (r.outputs, describe(r)))

r = run_action("bad-human", {"paths": "recordings/", "format": "human"}, ws, env=NET)
check("format: human prints no annotations but still writes the job summary",
      not annotations(step(r, "run").get("stdout", "")) and "## gclint" in r.summary and r.outputs.get("exit-code") == "1",
      describe(r))

r = run_action("bad-never", {"paths": "recordings/", "fail-on": "never"}, ws, env=NET)
check("fail-on: never passes on the bad capture",
      r.outputs.get("exit-code") == "0" and not r.failed and step(r, "__step3").get("outcome") == "skipped", describe(r))

baseline = os.path.join(ws, "gclint-baseline.json")
p = subprocess.run([REAL_BIN, "check", "--write-baseline", "gclint-baseline.json", "recordings/"], cwd=ws, capture_output=True, text=True)
r = run_action("bad-baseline", {"paths": "recordings/", "baseline": "gclint-baseline.json"}, ws, env=NET)
check("baseline: a baseline written first makes the same run pass",
      p.returncode == 0 and os.path.exists(baseline) and r.outputs.get("exit-code") == "0" and not r.failed, (p.stderr, describe(r)))
r = run_action("bad-baseline-missing", {"paths": "recordings/", "baseline": "no-such-baseline.json"}, ws, env=NET)
check("baseline: a missing baseline file fails the job (exit code 2)", r.outputs.get("exit-code") == "2" and r.failed, describe(r))

ws = make_workspace("clean", CLEAN)
r = run_action("clean", {"paths": "recordings/", "sarif": "true"}, ws, env=NET)
check("a clean capture passes (exit-code 0, nothing fails, SARIF still uploaded)",
      r.outputs.get("exit-code") == "0" and not r.failed and len(r.uploads) == 1 and step(r, "__step3").get("outcome") == "skipped",
      describe(r))

# ------------------------------------------------------------------------- 4. hostile inputs
ws = make_workspace("hostile", {"recordings/put-participant.har": "har/put-participant.har",
                                "dir with space/put-participant.har": "har/put-participant.har"})
hostile_paths = ["$(touch PWNED)", "`touch PWNED2`", "x; touch PWNED3", "*", "recordings/*", "-rf", "::warning::forged"]
r = run_action("hostile-paths", {"paths": "\n".join(hostile_paths) + "\n"}, ws, env=NET, path_prefix=[SHIM_DIR])
argv = last_argv()
pwned = [f for f in os.listdir(ws) if f.startswith("PWNED")] + [f for f in os.listdir(WORK) if f.startswith("PWNED")]
check("hostile paths run nothing (no PWNED file)", not pwned, pwned)
check("hostile paths reach gclint as literal arguments after --, one a line, unexpanded",
      after(argv, "--") == hostile_paths, argv)
check("hostile paths: gclint reports them missing (exit-code 2, job fails)", r.outputs.get("exit-code") == "2" and r.failed, describe(r))
check("hostile paths: no forged workflow command reaches the runner",
      not any("forged" in a for a in annotations(step(r, "run").get("stdout", "")) + annotations(step(r, "run").get("stderr", ""))),
      step(r, "run").get("stdout", ""))

r = run_action("hostile-args", {"paths": "dir with space", "args": "--ignore 'GC103' \"secret-in-capture\" $(touch PWNED4) `touch PWNED5` ; * \\$HOME \"say \\\"hi\\\" \\\\\" 'it''s'"},
               ws, env=NET, path_prefix=[SHIM_DIR])
argv = last_argv()
pwned = [f for f in os.listdir(ws) if f.startswith("PWNED")]
check("hostile args run nothing and are split into literal words",
      not pwned and words_between(argv, "--ignore", "--") == ["--ignore", "GC103", "secret-in-capture", "$(touch", "PWNED4)", "`touch", "PWNED5`", ";", "*", "$HOME", 'say "hi" \\', "its"],
      (pwned, argv))

r = run_action("space", {"paths": "dir with space/put-participant.har"}, ws, env=NET)
check("a path with a space works (its findings are annotated)",
      r.outputs.get("exit-code") == "1"
      and any(a.startswith("::error file=dir with space/put-participant.har,") for a in annotations(step(r, "run").get("stdout", ""))),
      describe(r))

r = run_action("quoted-args", {"paths": "recordings", "args": "--ignore \"put-method,unknown-endpoint,request-failed\""}, ws, env=NET)
check("quoted args: --ignore of every error rule makes the bad capture pass", r.outputs.get("exit-code") == "0", describe(r))

r = run_action("hostile-category", {"paths": "recordings", "sarif": "true", "sarif-category": "x\nexit-code=0"}, ws, env=NET)
check("a line break in sarif-category cannot forge an output (the step fails instead)",
      r.failed and step(r, "run").get("outcome") == "failure" and r.outputs.get("exit-code") != "0", (r.outputs, describe(r)))

r = run_action("bad-format", {"paths": "recordings", "format": "$(touch PWNED6)"}, ws, env=NET)
check("an unknown format is refused with a message", r.failed and "format must be one of" in step(r, "run").get("stderr", "")
      and not os.path.exists(os.path.join(ws, "PWNED6")), describe(r))

# --------------------------------------------------------------- 5. the example workflows
def gclint_step(workflow):
    for job in workflow["jobs"].values():
        for s in job["steps"]:
            if str(s.get("uses", "")).startswith("gclint/gclint@"):
                return job, s
    raise ValueError("no gclint step")


recordings = {"recordings/captures/put-participant.har": "har/put-participant.har",
              "recordings/captures/clean-chrome.har": "har/clean-chrome.har",
              "recordings/captures/unknown-endpoints.har": "har/unknown-endpoints.har",
              "recordings/captures/schema-violations.har": "har/schema-violations.har",
              "recordings/captures/enum-case.har": "har/enum-case.har",
              "recordings/captures/method-not-allowed.har": "har/method-not-allowed.har",
              "recordings/captures/unknown-fields.har": "har/unknown-fields.har",
              "recordings/http/seed-mistakes.http": "http/seed-mistakes.http",
              "recordings/http/advice.http": "http/advice.http",
              "recordings/http/clean.http": "http/clean.http",
              "recordings/http/http-client.env.json": "http/http-client.env.json",
              "recordings/curl/seed-mistakes.sh": "curl/seed-mistakes.sh",
              "recordings/curl/devtools-copy-as-curl-bash.sh": "curl/devtools-copy-as-curl-bash.sh"}
ws = make_workspace("examples", recordings)


def results(path):
    runs = json.load(open(path))["runs"]
    return sorted(json.dumps([r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                              r["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
                              r["locations"][0]["physicalLocation"].get("region", {}).get("startColumn"),
                              r["message"]["text"]]) for run in runs for r in run["results"])


single = load(os.path.join(ROOT, "docs", "examples", "workflow.yml"))
job, s = gclint_step(single)
check("workflow.yml: gclint/gclint@v0.1.0 after actions/checkout, paths: recordings/, sarif: true",
      s["uses"] == "gclint/gclint@v0.1.0" and str(job["steps"][0].get("uses", "")).startswith("actions/checkout@")
      and s["with"].get("paths") == "recordings/" and s["with"].get("sarif") is True, s)
check("workflow.yml: permissions contents: read, security-events: write",
      (single.get("permissions") or job.get("permissions")) == {"contents": "read", "security-events": "write"})
r = run_action("example-single", s["with"], ws, env=NET)
single_results = results(r.outputs["sarif-file"]) if r.outputs.get("sarif-file") else []
check("workflow.yml runs: findings (exit-code 1), SARIF uploaded, %d results" % len(single_results),
      r.outputs.get("exit-code") == "1" and len(r.uploads) == 1 and len(single_results) > 10, describe(r))

sharded = load(os.path.join(ROOT, "docs", "examples", "workflow-sharded.yml"))
job, s = gclint_step(sharded)
shards = job["strategy"]["matrix"]["shard"]
check("workflow-sharded.yml: matrix shard [1, 2, 3, 4], fail-fast off, same permissions",
      shards == [1, 2, 3, 4] and job["strategy"].get("fail-fast") is False and s["uses"] == "gclint/gclint@v0.1.0"
      and (sharded.get("permissions") or job.get("permissions")) == {"contents": "read", "security-events": "write"})
per_shard, categories = [], []
for shard in shards:
    with_ = {k: substitute(v, {"matrix": {"shard": shard}, "__functions__": {}}) if isinstance(v, str) else v
             for k, v in s["with"].items()}
    r = run_action("example-shard-%d" % shard, with_, ws, env=NET)
    f = r.outputs.get("sarif-file")
    per_shard.append(results(f) if f else None)
    categories.append((r.outputs.get("sarif-category"), json.load(open(f))["runs"][0]["automationDetails"]["id"] if f else None,
                       r.uploads[0]["with"]["category"] if r.uploads else None))
    check("shard %d/4: ran (exit-code %s), its SARIF has category gclint-%d/ (the input plus the closing /), uploaded under it" % (shard, r.outputs.get("exit-code"), shard),
          f is not None and r.outputs.get("exit-code") in ("0", "1") and categories[-1] == ("gclint-%d/" % shard,) * 3, (categories[-1], describe(r)))
if all(x is not None for x in per_shard):
    union = sorted(x for part in per_shard for x in part)
    check("the four shards' SARIF results together equal the single job's", union == single_results,
          (len(union), len(single_results)))
    check("the shards' results are disjoint", len(set(union)) == len(union) and sum(map(len, per_shard)) == len(set(union)))
    check("sharding split the work (at least 2 shards have results: %s)" % [len(p) for p in per_shard],
          sum(1 for p in per_shard if p) >= 2)

print()
if failures:
    print("FAIL action: %d check(s) failed: %s" % (len(failures), "; ".join(failures)))
    sys.exit(1)
print("PASS action: all checks passed")
PY

"$python" "$work/harness.py" "$root" "$GCLINT_BIN_DIR" "$work"
