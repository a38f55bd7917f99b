#!/usr/bin/env python3
"""Count gclint's false alarms on ordinary repository files.

Runs `gclint check --isolated --format json` over each directory given, the way a user runs it
on a repository, and sorts every finding by the file it is about:

- a file that mentions the Genesys Cloud API (`/api/v2/`, an API host) may hold real requests:
  its findings are listed one by one, to be judged by hand (true findings, or false alarms to fix);
- a capture or request file of any host (`.har`, `.http`, `.rest`, `.jsonl`, `.ndjson`, `.curl`,
  `.sh`, `.log`, JSON holding a HAR or HAR request objects) is HTTP traffic: what gclint says about it (a cookie kept in a capture) is counted
  per rule, to be judged apart;
- any other file is not API traffic: every finding on it is a false alarm. They are counted per
  rule and severity, and the files with the most are listed.

    python3 tools/false_alarms.py [GCLINT] DIR...     # GCLINT: the binary (target/debug/gclint)
    python3 tools/false_alarms.py --list target/release/gclint ~/src/some-repo

Exit status: 0 when there is no false alarm, 1 when there is one, 2 when gclint failed.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from pathlib import Path

# What makes a file one that may hold Genesys Cloud API requests: the API's path prefix or one of
# its hosts (api.mypurecloud.com, api.usw2.pure.cloud, ...). A file that mentions neither is
# ordinary JSON, code or configuration as far as this tool is concerned.
GENESYS = re.compile(rb"/api/v2/|mypurecloud\.|\.pure\.cloud|purecloud-data-actions|genesyscloud_")

# Captures and request files: traffic, whatever host they record.
TRAFFIC_EXTENSIONS = {".har", ".http", ".rest", ".jsonl", ".ndjson", ".curl", ".sh", ".log"}

# The most of a file read to decide whether it mentions the API.
HEAD = 16 << 20


# A JSON file that records HTTP traffic: a HAR (`"log": {`) or HAR request objects.
CAPTURE_JSON = re.compile(rb'"log"\s*:\s*\{|"method"\s*:\s*"[A-Za-z]+"\s*,\s*"url"\s*:')


def is_capture(path: Path) -> bool:
    if path.suffix.lower() in TRAFFIC_EXTENSIONS or path.name.lower().endswith((".har.gz", ".har.zst")):
        return True
    try:
        with path.open("rb") as f:
            return CAPTURE_JSON.search(f.read(1 << 20)) is not None
    except OSError:
        return False


def mentions_api(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return GENESYS.search(f.read(HEAD)) is not None
    except OSError:
        return False


def run(gclint: str, directory: Path) -> dict:
    """gclint's JSON report on one directory."""
    proc = subprocess.run(
        [gclint, "check", "--isolated", "--format", "json", "--color", "never", str(directory)],
        capture_output=True,
        check=False,
    )
    # 0: nothing found, 1: findings; anything else is gclint failing (2: an input it cannot read
    # is also reported in the JSON, so a report on stdout is still read).
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"false_alarms: gclint failed on {directory} (exit {proc.returncode}): {proc.stderr.decode()[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="[GCLINT] DIR")
    parser.add_argument("--list", action="store_true", help="print every false alarm, not only the counts")
    args = parser.parse_args()
    paths = list(args.paths)
    gclint = "target/debug/gclint"
    if os.path.isfile(paths[0]) and os.access(paths[0], os.X_OK):
        gclint = paths.pop(0)
    if not paths:
        parser.error("no directory to check")

    per_rule: collections.Counter[tuple[str, str]] = collections.Counter()
    per_file: collections.Counter[str] = collections.Counter()
    false_alarms: list[dict] = []
    on_api_files: list[dict] = []
    on_captures: collections.Counter[tuple[str, str]] = collections.Counter()
    files = json_files = 0
    for directory in map(Path, paths):
        if not directory.is_dir():
            sys.exit(f"false_alarms: {directory} is not a directory")
        json_files += sum(1 for _ in directory.rglob("*.json"))
        report = run(gclint, directory)
        files += report.get("summary", {}).get("files", 0)
        for d in report.get("diagnostics", []):
            path = Path(d.get("path", ""))
            if mentions_api(path):
                on_api_files.append(d)
            elif is_capture(path):
                on_captures[(d.get("rule", "?"), d.get("severity", "?"))] += 1
            else:
                false_alarms.append(d)
                per_rule[(d.get("rule", "?"), d.get("severity", "?"))] += 1
                per_file[str(path)] += 1

    print(f"{files} files read by gclint ({json_files} *.json) under {len(paths)} directories")
    print(f"false alarms (findings on files that are not API traffic): {len(false_alarms)}")
    for (rule, severity), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:6}  {severity:8} {rule}")
    if per_file:
        print("files with the most:")
        for path, n in per_file.most_common(15):
            print(f"  {n:6}  {path}")
    if args.list:
        for d in false_alarms:
            print(f"  {d.get('path')}:{d.get('line')}:{d.get('column')}: {d.get('severity')}[{d.get('rule')}] {d.get('message')}")
    print(f"findings on captures and request files of other hosts (judge apart): {sum(on_captures.values())}")
    for (rule, severity), n in sorted(on_captures.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:6}  {severity:8} {rule}")
    print(f"findings on files that mention the Genesys API (judge each): {len(on_api_files)}")
    for d in on_api_files:
        print(f"  {d.get('path')}:{d.get('line')}:{d.get('column')}: {d.get('severity')}[{d.get('rule')}] {d.get('message')}")
    return 1 if false_alarms else 0


if __name__ == "__main__":
    sys.exit(main())
