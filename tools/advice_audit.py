#!/usr/bin/env python3
"""How good gclint's advice is, on the project's fixtures and the shared corpus.

Prints two numbers (the closing note of issue 19 asks for them):
  - coverage: of the requests with a request-level mistake (a warning or error of a rule about the
    request itself), the share that `gclint suggest` gives a corrected request;
  - clean: of the corrected requests `gclint suggest` writes, the share that `gclint check` finds
    nothing at warning or error in (must be 100%).
Usage: tools/advice_audit.py [GCLINT] [--list]   (GCLINT defaults to target/release/gclint)
"""
import json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GCLINT = next((a for a in sys.argv[1:] if not a.startswith("--")), os.path.join(ROOT, "target/release/gclint"))
LIST = "--list" in sys.argv
# Rules about the capture, the token or the recorded answer, not about what the request says.
NOT_ABOUT_THE_REQUEST = {"secret-in-capture", "invalid-input", "unmatched-payload", "request-failed",
                         "missing-write-scope", "unknown-scope"}

def inputs():
    for base in [os.path.join(ROOT, "fixtures"), os.path.join(ROOT, "..", "shared", "corpus")]:
        for d, _, files in os.walk(base):
            for f in sorted(files):
                if f.endswith(".md") or f == "http-client.env.json":
                    continue
                yield os.path.relpath(os.path.join(d, f), ROOT)

def run(*args):
    return subprocess.run([GCLINT, *args], cwd=ROOT, capture_output=True, text=True)

mistakes, covered, offered, clean = 0, 0, 0, 0
for path in inputs():
    out = run("check", "--isolated", "--format", "json", path)
    try:
        diags = json.loads(out.stdout)["diagnostics"]
    except Exception:
        continue
    flagged = {}
    for d in diags:
        if d.get("request") and d["severity"] in ("error", "warning") and d["rule"] not in NOT_ABOUT_THE_REQUEST:
            flagged.setdefault((d["path"], d["entry"]), []).append(d["rule"])
    sug = run("suggest", "--isolated", path).stdout
    origins = set()
    # A request corrected by several requests has one heading each: `..., request 1 of 2`.
    for m in re.finditer(r"^### (.*) \(([^)]*)\)(?:, request \d+ of \d+)?$", sug, re.M):
        o = m.group(1)
        e = re.match(r"(.*) entry (\d+)$", o)
        origins.add((e.group(1), int(e.group(2))) if e else (o, None))
    for key, rules in flagged.items():
        mistakes += 1
        if key in origins:
            covered += 1
        elif LIST:
            print(f"no corrected request: {key[0]} entry {key[1]}: {', '.join(sorted(set(rules)))}")
    if not origins:
        continue
    with tempfile.NamedTemporaryFile("w", suffix=".http", delete=False) as t:
        t.write(sug)
    checked = run("check", "--isolated", "--format", "json", t.name)
    os.unlink(t.name)
    bad = {}
    for d in json.loads(checked.stdout)["diagnostics"]:
        if d["severity"] in ("error", "warning"):
            bad.setdefault(d["entry"], []).append(d["rule"] + ": " + d["message"])
    n = len(re.findall(r"^### ", sug, re.M))
    offered += n
    clean += n - len(bad)
    if LIST:
        for e, msgs in bad.items():
            print(f"flagged suggestion: {path} suggestion {e}: {msgs}")

pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "n/a"
print(f"coverage: {covered}/{mistakes} requests with a mistake get a corrected request ({pct(covered, mistakes)})")
print(f"clean: {clean}/{offered} corrected requests check clean ({pct(clean, offered)})")
