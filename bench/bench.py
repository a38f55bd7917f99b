#!/usr/bin/env python3
"""Helpers for bench/run.sh (standard library only).

Subcommands:
  payloads DIR COUNT SINGLE_FILE   write COUNT small participant-PATCH bodies under DIR
                                   (DIR/NN/MMMM.json) and one more body to SINGLE_FILE
  measure RESULTS RUNS TIMEOUT OUTDIR WARM -- TOOL INPUT KIND SIZE_BYTES ENTRIES -- CMD...
          [:: TOOL INPUT KIND SIZE_BYTES ENTRIES -- CMD...]...
                                   run each CMD RUNS times under TIMEOUT, the commands' runs
                                   alternating (wall time from perf_counter, peak RSS from
                                   wait4), the input WARM (a file or a directory) read just
                                   before each run, untimed; append one result line (JSON) per
                                   CMD to RESULTS
  startup RUNS CMD...              print the median wall time of CMD in ms (perf_counter loop)
  skip RESULTS TOOL INPUT REASON   append a "skipped" line to RESULTS
  set-wall RESULTS TOOL INPUT SECS replace the wall time of a measured row (used for the
                                   perf_counter loop on the single payload)
  report RESULTS                   print the Markdown table and the ratios
"""
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid

MIB = 1024 * 1024
OOM_MARKERS = ("heap out of memory", "JavaScript heap", "Cannot allocate memory",
               "MemoryError", "memory allocation of", "out of memory")


# --------------------------------------------------------------------------- inputs

def body(rng):
    """One request body for PATCH .../participants/{participantId}; about 1 in 10 is wrong."""
    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    roll = rng.random()
    if roll < 0.05:   # wrong: enum values are lower case
        return {"state": "DISCONNECTED", "muted": False}
    if roll < 0.10:   # wrong: made-up fields from the conversation-root shape
        return {"participantId": uid(), "action": "disconnect"}
    pick = rng.randrange(4)
    if pick == 0:
        return {"state": "disconnected"}
    if pick == 1:
        return {"state": "disconnected", "muted": False}
    if pick == 2:
        return {"wrapup": {"code": uid(), "notes": "resolved " * rng.randrange(1, 8)},
                "state": "disconnected"}
    return {rng.choice(["muted", "held", "recording"]): rng.random() < 0.5}


def cmd_payloads(out_dir, count, single):
    count = int(count)
    rng = random.Random(20261120)
    total = 0
    for i in range(count):
        sub = os.path.join(out_dir, "%02d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        text = json.dumps(body(rng)) + "\n"
        with open(os.path.join(sub, "%04d.json" % (i % 1000)), "w") as f:
            f.write(text)
        total += len(text)
    with open(single, "w") as f:
        f.write(json.dumps({"wrapup": {"code": "7a1c2f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
                                       "notes": "customer asked to call back"},
                            "state": "disconnected"}) + "\n")
    print("%s: %d payload files, %d bytes" % (out_dir, count, total))


# --------------------------------------------------------------------------- measuring

def findings(kind, out_path, err_path, rc):
    """A short description of what the tool reported, from its output file."""
    try:
        if kind == "gclint":
            with open(out_path) as f:
                doc = json.load(f)
            diags = doc["diagnostics"]
            files = len({d.get("path") for d in diags})
            return "%d findings in %d file(s), exit %d" % (len(diags), files, rc)
        if kind == "drift":
            with open(out_path) as f:
                doc = json.load(f)
            rules = doc.get("run", {}).get("findingsByRule", {})
            detail = ", ".join("%s %d" % (k, v) for k, v in sorted(rules.items()))
            return "%d problems (%s), exit %d" % (len(doc["problems"]), detail, rc)
        if kind == "spectral":
            with open(out_path) as f:
                text = f.read()
            # Spectral prints "No results with a severity of 'error' found!" instead of [] when clean.
            doc = json.loads(text) if text.lstrip().startswith("[") else []
            return "%d results, exit %d" % (len(doc), rc)
        if kind == "check-jsonschema":
            # xargs may run several batches, each printing one JSON document per line.
            bad = set()
            with open(out_path) as f:
                dec = json.JSONDecoder()
                text, pos = f.read(), 0
                while True:
                    while pos < len(text) and text[pos].isspace():
                        pos += 1
                    if pos >= len(text):
                        break
                    doc, pos = dec.raw_decode(text, pos)
                    for e in doc.get("errors", []) + doc.get("parse_errors", []):
                        bad.add(e.get("filename") or e.get("path"))
            code = "exit %d" % rc if rc != 123 else "exit 123 from xargs (a batch exited 1)"
            return "%d invalid files, %s" % (len(bad), code)
    except (OSError, ValueError, KeyError, TypeError) as e:
        return "exit %d (output unreadable: %s)" % (rc, type(e).__name__)
    return "exit %d" % rc


def classify(rc, err_path):
    """Explain a failed run: timed out / out of memory / crashed, or None if it ran to the end."""
    if rc == 124:
        return "timed out"
    try:
        with open(err_path, errors="replace") as f:
            err = f.read()
    except OSError:
        err = ""
    if rc == 137 or any(m in err for m in OOM_MARKERS):
        return "out of memory" if rc != 0 else None
    if rc >= 128 or rc in (125, 126, 127):
        tail = err.strip().splitlines()[-1:] or ["(no stderr)"]
        return "failed: exit %d: %s" % (rc, tail[0][:120])
    return None


def warm(path):
    """Reads the file, or every file under the directory, at `path`, so that the next run finds
    it in the page cache (this machine's kernel drops file pages that were not used for a few
    seconds, and a run would otherwise time the disk as well as the tool)."""
    paths = [path] if os.path.isfile(path) else (
        os.path.join(d, f) for d, _, files in os.walk(path) for f in files)
    for p in paths:
        with open(p, "rb") as f:
            while f.read(MIB):
                pass


def cmd_measure(results, runs, timeout, outdir, warm_path, specs):
    """Measure the commands of `specs` (TOOL, INPUT, KIND, SIZE_BYTES, ENTRIES, CMD) together:
    run 1 of each, then run 2 of each..., so that the machine's speed, which drifts over minutes,
    weighs on every tool of the group alike. Before every run the input is read, untimed, so that
    every tool starts with it in the page cache."""
    runs, timeout = int(runs), int(timeout)
    os.makedirs(outdir, exist_ok=True)
    tools = []
    for tool, inp, kind, size_bytes, entries, cmd in specs:
        slug = "".join(c if c.isalnum() else "-" for c in tool + "-" + inp)
        tools.append({"tool": tool, "input": inp, "kind": kind, "bytes": int(size_bytes),
                      "entries": int(entries), "cmd": cmd,
                      "out": os.path.join(outdir, slug + ".out"),
                      "err": os.path.join(outdir, slug + ".err"),
                      "walls": [], "rsss": [], "rc": 0, "problem": None})
    if runs > 1:
        # One run first, not counted, for every tool alike: the first run after a build or after
        # another tool pays for cold caches.
        for t in tools:
            print("    warm-up run: %s" % t["tool"], file=sys.stderr)
            subprocess.run(["timeout", str(timeout)] + t["cmd"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    for i in range(runs):
        for t in tools:
            if t["problem"]:  # do not repeat a timeout, a crash or an out-of-memory run
                continue
            warm(warm_path)
            with open(t["out"], "wb") as out, open(t["err"], "wb") as err:
                # Timed here to the millisecond (GNU time gives 1/100 s); wait4 gives the peak
                # RSS of the largest process of the run, as GNU time's %M does.
                t0 = time.perf_counter()
                child = subprocess.Popen(["timeout", str(timeout)] + t["cmd"], stdout=out, stderr=err)
                _, status, usage = os.wait4(child.pid, 0)
                wall = time.perf_counter() - t0
                t["rc"] = rc = os.waitstatus_to_exitcode(status)
            t["problem"] = problem = classify(rc, t["err"])
            print("    run %d/%d, %s: %.3f s, %.1f MB, exit %d%s" % (
                i + 1, runs, t["tool"], wall, usage.ru_maxrss / 1024, rc,
                " (%s)" % problem if problem else ""), file=sys.stderr)
            t["walls"].append(wall)
            t["rsss"].append(usage.ru_maxrss)
    with open(results, "a") as f:
        for t in tools:
            row = {"tool": t["tool"], "input": t["input"], "kind": t["kind"], "bytes": t["bytes"],
                   "entries": t["entries"], "runs": len(t["walls"]),
                   "wall": statistics.median(t["walls"]),
                   "rss_mib": statistics.median(t["rsss"]) / 1024,
                   "rc": t["rc"], "problem": t["problem"],
                   "findings": t["problem"] or findings(t["kind"], t["out"], t["err"], t["rc"]),
                   "out": t["out"]}
            f.write(json.dumps(row) + "\n")


def cmd_startup(runs, cmd):
    """Median wall time of CMD (process start to exit) in ms, after one warm-up run."""
    runs = int(runs)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    print("%.3f" % statistics.median(times))


def cmd_skip(results, tool, inp, reason):
    with open(results, "a") as f:
        f.write(json.dumps({"tool": tool, "input": inp, "skipped": reason}) + "\n")


# --------------------------------------------------------------------------- report

def fmt_wall(s, fine=False):
    """Measured runs are shown to the millisecond; the perf_counter loop (fine) to 0.1 ms."""
    return "%.4f" % s if fine else "%.3f" % s


def wall_of(r):
    return r.get("wall_override", r["wall"])


def shown_wall(r):
    return fmt_wall(wall_of(r), "wall_override" in r)


def cmd_report(results):
    rows = []
    with open(results) as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    # gclint's rows first, then the peers', each in the order measured.
    rows.sort(key=lambda r: r["tool"] != "gclint")
    print("| tool | input | wall time (s) | MB/s | entries/s | peak RSS (MB) | findings/exit |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        if "skipped" in r:
            print("| %s | %s | – | – | – | – | skipped: %s |" % (r["tool"], r["input"], r["skipped"]))
            continue
        wall = r.get("wall_override", r["wall"])
        if r["problem"]:
            mbs = eps = "–"
        else:
            rate = r["bytes"] / MIB / wall if wall > 0 else None
            mbs = "–" if rate is None else "%.1f" % rate if rate >= 1 else "%.3f" % rate
            eps = "{:,.0f}".format(r["entries"] / wall) if wall > 0 else "–"
        shown = shown_wall(r)
        if r["problem"] == "timed out":
            shown = "> " + shown
        print("| %s | %s | %s | %s | %s | %.1f | %s |" % (
            r["tool"], r["input"], shown, mbs, eps, r["rss_mib"], r["findings"]))
    print()

    def find(tool_prefix, kind_input):
        for r in rows:
            if r["tool"].startswith(tool_prefix) and r["input"].startswith(kind_input) and "skipped" not in r:
                return r
        return None

    def ratio(label, mine, peer, peer_name):
        if mine is None:
            return
        if peer is None:
            print("- %s: no %s result (skipped)" % (label, peer_name))
            return
        a, b = wall_of(mine), wall_of(peer)
        if min(a, b) <= 0:
            print("- %s: a wall time of 0; no ratio" % label)
            return
        if peer["problem"] == "timed out":
            print("- %s: gclint %s s; %s timed out after %s s, so gclint is at least %.0fx faster"
                  % (label, shown_wall(mine), peer_name, shown_wall(peer), b / a))
        elif peer["problem"]:
            print("- %s: gclint %s s; %s did not finish (%s)" % (label, shown_wall(mine), peer_name, peer["problem"]))
        else:
            print("- %s: gclint %s s vs %s %s s: **%.1fx** %s (peak RSS %.0f MB vs %.0f MB)"
                  % (label, shown_wall(mine), peer_name, shown_wall(peer), max(a, b) / min(a, b),
                     "faster" if a <= b else "SLOWER", mine["rss_mib"], peer["rss_mib"]))

    print("Ratios (median wall time):")
    g_har = find("gclint", "HAR")
    ratio("HAR, gclint vs redocly drift", g_har, find("redocly drift", "HAR"), "redocly drift")
    ratio("HAR, gclint vs Spectral", g_har, find("spectral", "HAR"), "Spectral")
    ratio("payload tree, gclint vs check-jsonschema", find("gclint", "payload tree"),
          find("check-jsonschema", "payload tree"), "check-jsonschema")
    ratio("single payload, gclint vs check-jsonschema", find("gclint", "single"),
          find("check-jsonschema", "single"), "check-jsonschema")
    single = find("gclint", "single")
    if single is not None:
        ms = wall_of(single) * 1000
        print("- single payload, process start to exit: gclint %.2f ms (target < 5 ms: %s)"
              % (ms, "met" if ms < 5 else "NOT met"))


def main(argv):
    if not argv:
        sys.exit(__doc__)
    cmd, args = argv[0], argv[1:]
    if cmd == "payloads":
        cmd_payloads(*args)
    elif cmd == "measure":
        sep = args.index("--")
        specs, rest = [], args[sep + 1:]
        while rest:
            end = rest.index("::") if "::" in rest else len(rest)
            group, rest = rest[:end], rest[end + 1:]
            head = group.index("--")
            if head != 5:
                sys.exit("measure: each command needs TOOL INPUT KIND SIZE_BYTES ENTRIES -- CMD...")
            specs.append(group[:5] + [group[head + 1:]])
        cmd_measure(*args[:sep], specs)
    elif cmd == "startup":
        cmd_startup(args[0], args[1:])
    elif cmd == "skip":
        cmd_skip(*args)
    elif cmd == "report":
        cmd_report(*args)
    elif cmd == "set-wall":
        # set-wall RESULTS TOOL INPUT SECONDS: replace the median wall time of the last row
        # matching TOOL and INPUT (used for the perf_counter loop on the single payload).
        results, tool, inp, secs = args
        with open(results) as f:
            rows = [json.loads(l) for l in f if l.strip()]
        for r in reversed(rows):
            if r["tool"] == tool and r["input"] == inp and "skipped" not in r:
                r["wall_override"] = float(secs)
                break
        with open(results, "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
    else:
        sys.exit("unknown subcommand %r\n%s" % (cmd, __doc__))


if __name__ == "__main__":
    main(sys.argv[1:])
