#!/usr/bin/env python3
"""Attack gclint as a careful attacker would, and count what goes wrong.

Writes hostile inputs into a temporary directory, runs the gclint binary on each the way a user
would (check in every format, suggest in every form, redact, --fix, --output ...), and prints one
table: cases tried, crashes, hangs, runs whose peak memory passed 1 GB, silent passes, secrets
printed, secrets left by redact, commands run from an input, and files read or written outside
what was named. Every column but the first must be zero. Run from the repository root:

    python3 tools/hostile.py [--bin target/release/gclint] [--big]   # --big: the 300 MB / 1 GB cases

The per-class tests live in tests/ (reads.rs, confinement.rs, secrets.rs, suggest_quoting.rs,
hostile.rs); this tool is the one view of all of them together, as the issue's table asks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT = 120
GB = 1 << 30
# A canary: a secret, or the content of a file outside what gclint was given. It must never
# reach any output, and redact must never leave it.
CANARY = "CANARYxq7Zk2Lw9Rt4Vb8Nm3Pj6Hs"


class Outcome:
    def __init__(self, code, stdout, stderr, rss, timed_out, took):
        self.code, self.stdout, self.stderr = code, stdout, stderr
        self.rss, self.timed_out, self.took = rss, timed_out, took

    @property
    def crashed(self):
        return (self.code is not None and self.code < 0) or "panicked" in self.stderr or self.code not in (0, 1, 2, None)

    @property
    def text(self):
        return self.stdout + self.stderr


def rss_of(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run(binary, args, cwd, stdin=None, env=None):
    """Runs gclint; its exit code, output, peak RSS (bytes) and whether it hung."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    stdin_file = open(stdin, "rb") if stdin else subprocess.DEVNULL
    started = time.monotonic()
    proc = subprocess.Popen([binary, *args], cwd=cwd, stdin=stdin_file, stdout=out, stderr=err,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    timed_out = killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        # A run past 3 GB is stopped (and counted by its peak): the machine is shared.
        if rss_of(proc.pid) > 3 * GB or time.monotonic() - started > TIMEOUT:
            timed_out, killed = rss_of(proc.pid) <= 3 * GB, True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    took = time.monotonic() - started
    if stdin:
        stdin_file.close()
    out.seek(0)
    err.seek(0)
    return Outcome(None if killed else proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), usage.ru_maxrss * 1024, timed_out, took)


def har(url, body='{"state":"disconnected"}', method="PUT", headers=(), extra_request=None, response=None):
    request = {"method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
               "headers": [{"name": n, "value": v} for n, v in headers], "queryString": [],
               "headersSize": -1, "bodySize": len(body)}
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": body}
    if extra_request:
        request.update(extra_request)
    entry = {"startedDateTime": "2026-01-01T00:00:00Z", "time": 1, "request": request,
             "response": response or {"status": 202, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [],
                                      "headers": [], "content": {"size": 0, "mimeType": "application/json"},
                                      "redirectURL": "", "headersSize": -1, "bodySize": 0},
             "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [entry]}},
                      indent=1)


API = "https://api.mypurecloud.com/api/v2/conversations/calls"
PID = "2a4f4682-fe45-4bb3-a348-f3f30033b2a1"
CID = "563d837f-2394-4292-b357-3fabc3588b7e"


class Table:
    COLUMNS = ["cases", "crashes", "hangs", "peak RSS > 1 GB", "silent passes", "secrets printed",
               "secrets left by redact", "commands run", "reads/writes outside"]

    def __init__(self):
        self.rows = {c: 0 for c in self.COLUMNS}
        self.problems = []

    def count(self, name, outcome, *, silent=False, printed=False, left=False, ran=False, outside=False):
        self.rows["cases"] += 1
        flags = {"crashes": outcome.crashed, "hangs": outcome.timed_out, "peak RSS > 1 GB": outcome.rss > GB,
                 "silent passes": silent, "secrets printed": printed, "secrets left by redact": left,
                 "commands run": ran, "reads/writes outside": outside}
        print(f"  {name}: exit {outcome.code}, {outcome.rss >> 20} MB, {outcome.took:.1f} s", file=sys.stderr)
        for column, bad in flags.items():
            if bad:
                self.rows[column] += 1
                self.problems.append(f"{name}: {column} (exit {outcome.code}, {outcome.rss >> 20} MB, "
                                     f"{outcome.took:.1f} s) {outcome.stderr.strip()[:300]!r}")

    def print(self):
        print("| " + " | ".join(self.COLUMNS) + " |")
        print("|" + "---:|" * len(self.COLUMNS))
        print("| " + " | ".join(str(self.rows[c]) for c in self.COLUMNS) + " |")
        for p in self.problems:
            print("  -", p)


FORMATS = ["human", "compact", "json", "sarif", "junit", "github"]
FORMS = ["http", "curl", "js", "python"]


def lint_everywhere(t, binary, d, name, path, *, expect_failure=True, extra=()):
    """check in every format (and an --output file of each), suggest in every form, --diff: no
    canary anywhere, no crash, no hang, and (when the input is meant to fail) never exit 0."""
    for fmt in FORMATS:
        report = d / f"report.{fmt}"
        o = run(binary, ["check", "--isolated", "--color", "never", "--format", fmt, "--output", f"{fmt}={report}",
                         *extra, str(path)], d)
        written = report.read_text(errors="replace") if report.exists() else ""
        # `::add-mask::VALUE` on stdout is how GitHub Actions is told to hide a value: the one
        # place a secret is meant to appear (never in a report file).
        shown = o.text if fmt != "github" else "".join(
            line for line in o.text.splitlines(keepends=True) if not line.startswith("::add-mask::"))
        t.count(f"{name} check --format {fmt}", o, silent=expect_failure and o.code == 0,
                printed=CANARY in shown or CANARY in written)
    for form in FORMS:
        o = run(binary, ["suggest", "--isolated", "--as", form, *extra, str(path)], d)
        t.count(f"{name} suggest --as {form}", o, printed=CANARY in o.text)
    o = run(binary, ["check", "--isolated", "--diff", *extra, str(path)], d)
    t.count(f"{name} check --diff", o, printed=CANARY in o.text)


def redact_case(t, binary, d, name, path, *, canary=CANARY):
    out = d / (path.name + ".redacted")
    o = run(binary, ["redact", str(path), "-o", str(out)], d)
    left = o.code == 0 and out.exists() and canary in out.read_text(errors="replace")
    # A refusal (exit 2) must write nothing.
    left |= o.code == 2 and out.exists()
    t.count(f"{name} redact", o, printed=canary in o.text, left=left)
    if out.exists():
        out.unlink()


def script(args, **kw):
    """Runs a generated script with its tools stubbed; a script that hangs is stopped."""
    try:
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30, **kw)
    except subprocess.TimeoutExpired:
        pass


def make_stubs(d):
    """Stand-ins for curl and the two SDKs: a generated script runs against them, offline."""
    stubs = d / "stubs"
    (stubs / "bin").mkdir(parents=True)
    (stubs / "bin" / "curl").write_text("#!/bin/sh\nexit 0\n")
    (stubs / "bin" / "curl").chmod(0o755)
    (stubs / "PureCloudPlatformClientV2.py").write_text(
        "class _Any:\n    def __getattr__(self, n):\n        return _Any()\n    def __call__(self, *a, **k):\n"
        "        return _Any()\n    def __setattr__(self, n, v):\n        pass\n"
        "configuration = _Any()\ndef __getattr__(n):\n    return _Any()\n")
    node_stub = stubs / "node_modules" / "purecloud-platform-client-v2"
    node_stub.mkdir(parents=True)
    (node_stub / "index.js").write_text(
        "const any = new Proxy(function () {}, {get: (_, k) => (k === 'then' ? undefined : any),"
        " apply: () => Promise.resolve(1), construct: () => any, set: () => true});\nmodule.exports = any;\n")
    return stubs


def run_suggested(form, path, case, stubs):
    """Runs a suggested script of `form` with its tools stubbed."""
    if form == "curl":
        script(["sh", str(path)], cwd=case, env={**os.environ, "PATH": f"{stubs}/bin:/usr/bin:/bin"})
    elif form == "python":
        script([sys.executable, str(path)], cwd=case,
               env={**os.environ, "PYTHONPATH": str(stubs), "GENESYS_TOKEN": "x"})
    elif form == "js" and shutil.which("node"):
        script(["node", str(path)], cwd=case,
               env={**os.environ, "NODE_PATH": str(stubs / "node_modules"), "GENESYS_TOKEN": "x"})


def code_execution(t, binary, d):
    """Generated scripts must never run what a capture says."""
    stubs = make_stubs(d)
    hostile = [
        ("subshell in the URL", f"{API}/$(touch${{IFS}}PWNED)/participants/{PID}", "x.har"),
        ("backticks in the URL", f"{API}/`touch${{IFS}}PWNED`/participants/{PID}", "x.har"),
        # No space and no brace needed: a redirection alone creates the file.
        ("subshell redirection in the URL", f"{API}/$(>PWNED)/participants/{PID}", "x.har"),
        ("backtick redirection in the URL", f"{API}/`>PWNED`/participants/{PID}", "x.har"),
        ("quote break-out in the URL", f'{API}/{CID}"; touch PWNED; "/participants/{PID}', "x.har"),
        ("single-quote break-out in the URL", f"{API}/{CID}'; touch PWNED; '/participants/{PID}", "x.har"),
        ("newline in the URL", f"{API}/{CID}\ntouch PWNED\n/participants/{PID}", "x.har"),
        ("newline in the file name", f"{API}/{CID}/participants/{PID}", "a\ntouch PWNED\n.har"),
        ("python in the file name", f"{API}/{CID}/participants/{PID}",
         'a\n__import__("os").system("touch PWNED")\n.har'),
        ("js in the file name", f"{API}/{CID}/participants/{PID}",
         "a\u2028require('fs').writeFileSync('PWNED','')\u2028.har"),
        ("header value", f"{API}/{CID}/participants/{PID}", "x.har"),
    ]
    for name, url, file_name in hostile:
        case = d / "exec"
        if case.exists():
            shutil.rmtree(case)
        case.mkdir()
        headers = [("Content-Type", "application/json\"; touch PWNED; \"")] if name == "header value" else []
        (case / file_name).write_text(har(url, headers=headers))
        for form in FORMS:
            o = run(binary, ["suggest", "--isolated", "--as", form, file_name], case)
            path = case / f"out.{form}"
            path.write_text(o.stdout)
            run_suggested(form, path, case, stubs)
            ran = (case / "PWNED").exists()
            t.count(f"{name}: suggest --as {form}", o, ran=ran)
            if ran:
                (case / "PWNED").unlink()


def bounded_reads(t, binary, d, big):
    def expect_failure(name, args, stdin=None, cwd=d):
        o = run(binary, args, cwd, stdin=stdin)
        t.count(name, o, silent=o.code == 0)

    expect_failure("check /dev/zero", ["check", "--isolated", "/dev/zero"])
    expect_failure("check /dev/urandom", ["check", "--isolated", "/dev/urandom"])
    expect_failure("check - </dev/zero", ["check", "--isolated", "-"], stdin="/dev/zero")
    expect_failure("check - </dev/urandom", ["check", "--isolated", "-"], stdin="/dev/urandom")
    expect_failure("redact /dev/zero", ["redact", "/dev/zero"])
    expect_failure("redact - </dev/zero", ["redact", "-"], stdin="/dev/zero")
    expect_failure("suggest - </dev/urandom", ["suggest", "--isolated", "-"], stdin="/dev/urandom")
    fifo = d / "fifo.har"
    os.mkfifo(fifo)
    expect_failure("check FIFO", ["check", "--isolated", str(fifo)])
    clean = d / "clean.har"
    clean.write_text('{"log": {"version": "1.2", "entries": []}}')
    expect_failure("check --config FIFO", ["check", "--config", str(fifo), str(clean)])
    expect_failure("check --baseline FIFO", ["check", "--isolated", "--baseline", str(fifo), str(clean)])
    expect_failure("redact FIFO", ["redact", str(fifo)])
    # Bombs: zeros compressed; the expanded size passes --max-decompressed-size.
    size = 20 if big else 2
    for codec, cmd in [("zst", ["zstd", "-q", "-19", "-c"]), ("gz", ["gzip", "-1", "-c"])]:
        bomb = d / f"bomb.har.{codec}"
        if shutil.which(cmd[0]):
            with open(bomb, "wb") as f:
                dd = subprocess.Popen(["head", "-c", f"{size}G", "/dev/zero"], stdout=subprocess.PIPE)
                subprocess.run(cmd, stdin=dd.stdout, stdout=f, check=True)
                dd.wait()
            expect_failure(f"check {size} GB {codec} bomb", ["check", "--isolated", str(bomb)])
            expect_failure(f"redact {size} GB {codec} bomb", ["redact", str(bomb), "-o", str(d / "bomb.out")])
    # Bombs of whitespace: zeros are refused by the NUL sniff before anything is expanded, blanks
    # are read on (as what may come before a document), so the decompression limit is what
    # stops them.
    for codec, cmd in [("zst", ["zstd", "-q", "-19", "-c"]), ("gz", ["gzip", "-1", "-c"])]:
        bomb = d / f"blank-bomb.json.{codec}"
        if shutil.which(cmd[0]):
            with open(bomb, "wb") as f:
                spaces = subprocess.Popen(["sh", "-c", f"head -c {size}G /dev/zero | tr '\\0' ' '"],
                                          stdout=subprocess.PIPE)
                subprocess.run(cmd, stdin=spaces.stdout, stdout=f, check=True)
                spaces.wait()
            expect_failure(f"check {size} GB {codec} whitespace bomb", ["check", "--isolated", str(bomb)])
            expect_failure(f"redact {size} GB {codec} whitespace bomb",
                           ["redact", str(bomb), "-o", str(d / "bomb.out")])
            expect_failure(f"suggest {size} GB {codec} whitespace bomb", ["suggest", "--isolated", str(bomb)])
    # A finding after 100 KiB of whitespace is still found.
    spaced = d / "spaced.har"
    spaced.write_text(" " * (100 << 10) + "\n" * 1000 + har(f"{API}/{CID}/participants/{PID}"))
    expect_failure("HAR after 100 KiB of whitespace", ["check", "--isolated", str(spaced)])
    # Giant values.
    mb = 300 if big else 64
    giant = d / "giant-url.har"
    with open(giant, "w") as f:
        f.write('{"log": {"version": "1.2", "entries": [{"request": {"method": "PUT", "url": "' + API + "/" + CID
                + "/participants/" + PID + "?x=")
        chunk = "a" * (1 << 20)
        for _ in range(mb):
            f.write(chunk)
        f.write('", "headers": [], "postData": {"mimeType": "application/json", "text": "{}"}}, '
                '"response": {"status": 202}}]}}')
    o = run(binary, ["check", "--isolated", "--format", "json", str(giant)], d)
    t.count(f"{mb} MB URL", o, silent=o.code == 0, printed=o.text.count(chunk[:4096]) > 0 and len(o.text) > (mb << 20))
    # suggest has nothing to suggest for a request it could not check (exit 2 either way);
    # redact cannot hold one entry that large and says so: both fail, neither prints it whole.
    for args in (["suggest", "--isolated", str(giant)], ["redact", str(giant), "-o", str(d / "giant.out")]):
        o = run(binary, args, d)
        # (Without --big the URL is 64 MB, which redact holds as one entry, and redacts.)
        refused = args[0] == "suggest" or big
        t.count(f"{mb} MB URL {args[0]}", o, silent=refused and o.code == 0, printed=len(o.text) > (1 << 20))
    line = d / "giant-line.jsonl"
    with open(line, "w") as f:
        f.write('{"method": "PATCH", "url": "' + API + "/" + CID + '", "body": {"x": "')
        for _ in range(500 if big else 64):
            f.write(chunk)
        f.write('"}}\n{"method": "GET", "url": "https://api.mypurecloud.com/api/v2/users/me"}\n')
    o = run(binary, ["check", "--isolated", str(line)], d)
    t.count("giant JSON-lines line", o)
    # Past --max-file-size: suggest and redact fail (redact never copies what it did not read).
    for args in (["suggest", "--isolated", str(line)], ["redact", str(line), "-o", str(d / "line.out")]):
        o = run(binary, args, d)
        # (Without --big the line is 64 MB, under --max-file-size: redact reads it, and redacts.)
        refused = args[0] == "suggest" or big
        t.count(f"giant JSON-lines line {args[0]}", o, silent=refused and o.code == 0,
                left=o.code == 2 and (d / "line.out").exists())
    blank = d / "blank.json"
    with open(blank, "w") as f:
        for _ in range(1024 if big else 128):
            f.write(" " * (1 << 20))
    expect_failure("whitespace .json", ["check", "--isolated", str(blank)])
    expect_failure("whitespace .json suggest", ["suggest", "--isolated", str(blank)])
    expect_failure("whitespace .json redact", ["redact", str(blank), "-o", str(d / "blank.out")])
    # A HAR after 200 MB of whitespace: redacted as a stream, the whitespace copied, not kept.
    spaced_big = d / "spaced-big.har"
    with open(spaced_big, "w") as f:
        for _ in range(200 if big else 32):
            f.write(" " * (1 << 20))
        f.write(har(f"{API}/{CID}/participants/{PID}", headers=[("Authorization", f"Bearer {CANARY}")]))
    redact_case(t, binary, d, "HAR after a long whitespace prefix", spaced_big)
    o = run(binary, ["suggest", "--isolated", str(spaced_big)], d)
    t.count("HAR after a long whitespace prefix suggest", o, printed=CANARY in o.text)
    # A deep tree, a glob that nests 200 times, a walked symlink, an unreadable directory.
    deep = d / "deep"
    p = deep
    deep.mkdir()
    for _ in range(1500):
        p = p / "d"
        p.mkdir()  # level by level: os.makedirs recurses once per level
    (p / "x.har").write_text(har(f"{API}/{CID}/participants/{PID}"))
    o = run(binary, ["check", "--isolated", str(deep)], d)
    t.count("1,500-level deep directory", o, silent=o.code == 0)
    glob = d / "globs"
    glob.mkdir()
    (glob / "gclint.toml").write_text('[[per-path-ignores]]\nglob = "' + "{a," * 200 + '"\nrules = ["ALL"]\n')
    expect_failure("200 nested `{a,` in a config glob", ["check", "--config", str(glob / "gclint.toml"), str(clean)])
    linked = d / "linked"
    linked.mkdir()
    (d / "real.har").write_text(har(f"{API}/{CID}/participants/{PID}"))
    (linked / "cap.har").symlink_to(d / "real.har")
    (linked / "loop").symlink_to(linked)
    expect_failure("symlinked capture (and a loop) in a walked directory", ["check", "--isolated", str(linked)])
    locked = d / "locked"
    (locked / "closed").mkdir(parents=True)
    (locked / "a.har").write_text(har(f"{API}/{CID}/participants/{PID}"))
    (locked / "closed").chmod(0)
    o = run(binary, ["check", "--isolated", "--format", "json", str(locked)], d)
    # Root reads everything: the finding for a.har must be there either way.
    t.count("unreadable subdirectory", o, silent="put-method" not in o.stdout)
    (locked / "closed").chmod(0o755)


def confinement(t, binary, d):
    outside = d / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('{"state": "' + CANARY + '"}')
    tree = d / "tree" / "sub"
    tree.mkdir(parents=True)
    (tree / "link.json").symlink_to(outside / "secret.json")
    os.mkfifo(tree / "fifo.json")
    url = f"{API}/{CID}/participants/{PID}"
    includes = ["/etc/passwd", "/proc/self/environ", str(outside / "secret.json"), "../../outside/secret.json",
                "./link.json", "./fifo.json"]
    for inc in includes:
        f = tree / "req.http"
        f.write_text(f"PATCH {url}\nContent-Type: application/json\n\n< {inc}\n")
        o = run(binary, ["check", "--isolated", "--format", "json", str(f)], d, env={"GCLINT_CANARY": CANARY})
        t.count(f".http include {inc}", o, silent=o.code == 0, outside=CANARY in o.text or "root:" in o.text)
        lint_everywhere(t, binary, d, f".http include {inc}", f)
        c = tree / "cmd.sh"
        c.write_text(f"curl -X PATCH '{url}' -H 'Content-Type: application/json' -d @{inc}\n")
        o = run(binary, ["check", "--isolated", "--format", "json", str(c)], d, env={"GCLINT_CANARY": CANARY})
        t.count(f"curl -d @{inc}", o, silent=o.code == 0, outside=CANARY in o.text or "root:" in o.text)
        redact_case(t, binary, d, f"curl -d @{inc}", c)
    # Writes: a planted link at the report, the baseline and the fixed file's neighbours.
    victim = d / "victim.txt"
    victim.write_text("keep")
    work = d / "writes"
    work.mkdir()
    payload = work / "p.json"
    payload.write_text('{"state": "DISCONNECTED"}')
    for i in range(64):
        (work / f".p.json.gclint-fix-{i}").symlink_to(victim)
    (work / "report.json").symlink_to(victim)
    (work / "baseline.json").symlink_to(victim)
    o = run(binary, ["check", "--isolated", "--fix", "--endpoint",
                     "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}", str(payload)], work)
    t.count("--fix beside planted links", o, outside=victim.read_text() != "keep")
    o = run(binary, ["check", "--isolated", "--output", f"json={work / 'report.json'}", str(payload)], work)
    t.count("--output onto a planted link", o, outside=victim.read_text() != "keep")
    o = run(binary, ["check", "--isolated", "--write-baseline", str(work / "baseline.json"), str(payload)], work)
    t.count("--write-baseline onto a planted link", o, outside=victim.read_text() != "keep")
    cap = work / "cap.har"
    cap.write_text(har(f"{API}/{CID}/participants/{PID}"))
    before = cap.read_text()
    o = run(binary, ["check", "--isolated", "--output", f"json={cap}", str(cap)], work)
    t.count("--output onto the input", o, silent=o.code != 2, outside=cap.read_text() != before)
    o = run(binary, ["redact", str(cap), "-o", str(cap)], work)
    t.count("redact -o onto the input", o, silent=o.code != 2, outside=cap.read_text() != before)
    # A config file above the working directory is named in the output.
    parent = d / "cfg"
    (parent / "deep" / "er").mkdir(parents=True)
    (parent / "gclint.toml").write_text('[rules]\nselect = []\n')
    (parent / "deep" / "er" / "cap.har").write_text(har(f"{API}/{CID}/participants/{PID}"))
    o = run(binary, ["check", "cap.har"], parent / "deep" / "er")
    t.count("an ignore-all gclint.toml two directories up", o, silent="gclint.toml" not in o.text)


def secrets(t, binary, d):
    s = CANARY
    url = f"{API}/{CID}/participants/{PID}"
    cases = {
        "fragment token": har(url + f"#access_token={s}"),
        "query token=": har(url + f"?token={s}"),
        "query api_key=": har(url + f"?api_key={s}"),
        "user-info password": har(url.replace("https://", f"https://user:{s}@")),
        "Location redirect": har(url, response={"status": 302, "headers": [
            {"name": "Location", "value": f"https://app.example.com/cb#access_token={s}&state=x"}],
            "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": f"https://x.example.com/#access_token={s}"}),
        "Bearer with a trailing space": har(url, headers=[("Authorization", f"Bearer {s} ")]),
        "apiKey member": har(url, body=json.dumps({"state": "DISCONNECTED", "apiKey": s})),
        "api_key member": har(url, body=json.dumps({"state": "DISCONNECTED", "api_key": s})),
        "token member": har(url, body=json.dumps({"state": "DISCONNECTED", "token": s})),
        "secret member": har(url, body=json.dumps({"state": "DISCONNECTED", "secret": s})),
        "jwt member": har(url, body=json.dumps({"state": "DISCONNECTED", "jwt": s})),
        "id_token member": har(url, body=json.dumps({"state": "DISCONNECTED", "id_token": s})),
        "escaped key": har(url, body='{"state": "DISCONNECTED", "access\\u005ftoken": "' + s + '"}'),
    }
    for name, text in cases.items():
        f = d / "secret.har"
        f.write_text(text)
        lint_everywhere(t, binary, d, name, f)
        redact_case(t, binary, d, name, f)
    http = d / "vars"
    http.mkdir()
    (http / "req.http").write_text(f"@token = {s}\nPUT {url}\nAuthorization: Bearer {{{{token}}}}\n"
                                   "Content-Type: application/json\n\n{\"state\": \"DISCONNECTED\"}\n")
    lint_everywhere(t, binary, d, "@token variable", http / "req.http")
    redact_case(t, binary, d, "@token variable", http / "req.http")
    env = d / "env"
    env.mkdir()
    (env / "http-client.private.env.json").write_text(json.dumps({"dev": {"token": s, "cid": CID}}))
    (env / "req.http").write_text(f"PUT {API}/{{{{cid}}}}/participants/{PID}?access_token={{{{token}}}}\n"
                                  "Authorization: Bearer {{token}}\nContent-Type: application/json\n\n"
                                  "{\"state\": \"DISCONNECTED\"}\n")
    lint_everywhere(t, binary, d, "private env value", env / "req.http")
    diff = d / "diff"
    diff.mkdir()
    (diff / "req.http").write_text(f"PATCH {url}\nAuthorization: Bearer {s}\nContent-Type: application/json\n\n"
                                   "{\"state\": \"DISCONNECTED\"}\n")
    o = run(binary, ["check", "--isolated", "--diff", str(diff / "req.http")], d)
    t.count("--diff context lines", o, printed=s in o.text)
    curl = d / "curl.sh"
    curl.write_text(f"curl -X PATCH '{url}' -H Authorization:\\ Bearer\\ {s} -d '{{\"state\":\"x\"}}'\n")
    redact_case(t, binary, d, "curl -H Authorization:\\ Bearer\\ X", curl)
    cut = d / "cut.jsonl"
    cut.write_text(f'{{"method": "GET", "url": "{url}", "headers": {{"Authorization": "Bearer {s}')
    redact_case(t, binary, d, "JSON lines value cut by end of file", cut)
    github = d / "gh.txt"
    f = d / "secret.har"
    f.write_text(har(url, headers=[("Authorization", f"Bearer {s}")]))
    o = run(binary, ["check", "--isolated", "--format", "human", "--output", f"github={github}", str(f)], d)
    t.count("--output github=FILE", o, printed=s in github.read_text() or s in o.text)


def source_code(t, binary, d, big):
    """Source files (issue 23): parsed, never run; deep, huge and broken code is bounded; a
    token written in a header literal is masked; the suggested code holds captured text as
    literals only."""
    prelude = "const platformClient = require('purecloud-platform-client-v2');\n"
    deep = d / "deep.js"
    deep.write_text(prelude + "const api = new platformClient.ConversationsApi();\napi.patchConversationsCall(cid, "
                    + "[" * 200_000 + "]" * 200_000 + ");\n")
    lint_everywhere(t, binary, d, "200,000 nested brackets in a .js body", deep, expect_failure=False)
    nested = d / "nested.py"
    nested.write_text("import PureCloudPlatformClientV2\napi = PureCloudPlatformClientV2.ConversationsApi()\n"
                      "api.patch_conversation_participant(c, p, " + "{'a': " * 50_000 + "1" + "}" * 50_000 + ")\n")
    lint_everywhere(t, binary, d, "50,000 nested dicts in a .py body", nested, expect_failure=False)
    mb = 64 if big else 8
    huge = d / "huge.ts"
    with open(huge, "w") as f:
        f.write(prelude + "const api = new platformClient.ConversationsApi();\napi.patchConversationParticipant(c, p, "
                "{ state: 'Disconnected', note: '")
        chunk = "\\n" * (1 << 19)
        for _ in range(mb):
            f.write(chunk)
        f.write("' });\n")
    o = run(binary, ["check", "--isolated", "--format", "json", str(huge)], d)
    t.count(f"{mb} MB string of escapes in a .ts body", o, silent=o.code == 0, printed=len(o.text) > (1 << 20))
    broken = d / "broken.js"
    broken.write_bytes(prelude.encode() + b"api.patchConversationsCall(cid, { participants: [{ id: '\xff\x00 ")
    o = run(binary, ["check", "--isolated", str(broken)], d)
    t.count("binary bytes in a .js file", o, silent=o.code == 0)
    token = d / "token.js"
    token.write_text(prelude + f"fetch('{API}/{CID}/participants/{PID}', {{ method: 'PUT', headers: "
                     f"{{ Authorization: 'Bearer {CANARY}' }}, body: JSON.stringify({{ state: 'DISCONNECTED' }}) }});\n")
    lint_everywhere(t, binary, d, "Bearer token in a fetch header literal", token)
    redact_case(t, binary, d, "Bearer token in a fetch header literal", token)
    # Strings and names of the code that are shell, JavaScript and Python: the suggested code
    # holds them as literals (run with its tools stubbed, it creates no file).
    stubs = make_stubs(d)
    case = d / "sneaky"
    case.mkdir()
    sneaky = case / "sneaky.js"
    # A string of the code that breaks out of its quotes in each language, and a name passed on.
    sneaky.write_text(prelude + "const api = new platformClient.ConversationsApi();\n"
                      "api.patchConversationParticipant(\"6a1d8f3e\\\"); require('fs').writeFileSync('PWNED', ''); "
                      "__import__('os').system('touch PWNED'); $(touch PWNED); (\\\"\", participantId, "
                      "{ state: 'DISCONNECTED' });\n")
    for form in FORMS:
        o = run(binary, ["suggest", "--isolated", "--as", form, sneaky.name], case)
        path = case / f"out.{form}"
        path.write_text(o.stdout)
        run_suggested(form, path, case, stubs)
        ran = (case / "PWNED").exists()
        t.count(f"code in a .js call's arguments: suggest --as {form}", o, ran=ran, silent=not o.stdout.strip())
        if ran:
            (case / "PWNED").unlink()


def main():
    global TIMEOUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/gclint")
    ap.add_argument("--big", action="store_true", help="the issue's full sizes (300 MB URL, 1 GB, 20 GB bombs)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds after which a run counts as hung")
    args = ap.parse_args()
    TIMEOUT = args.timeout
    binary = str(Path(args.bin).resolve())
    t = Table()
    d = Path(tempfile.mkdtemp(prefix="gclint-hostile-"))
    try:
        for name, part in [("code", code_execution), ("reads", lambda t, b, d: bounded_reads(t, b, d, args.big)),
                           ("confinement", confinement), ("secrets", secrets),
                           ("source", lambda t, b, d: source_code(t, b, d, args.big))]:
            sub = d / name
            sub.mkdir()
            started = time.monotonic()
            part(t, binary, sub)
            print(f"{name}: done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    finally:
        # rm, not shutil: the 1,500-level tree is deeper than Python's recursion limit.
        subprocess.run(["chmod", "-R", "u+rwx", str(d)], check=False)
        subprocess.run(["rm", "-rf", str(d)], check=False)
    t.print()
    return 0 if all(v == 0 for k, v in t.rows.items() if k != "cases") else 1


if __name__ == "__main__":
    sys.exit(main())
