#!/usr/bin/env python3
"""How long `gclint server` takes to show the findings of a large .http file after an edit.

    python3 bench/keystroke.py target/release/gclint [REQUESTS] [EDITS]

Writes a .http file of REQUESTS requests (default 1000: participant PATCHes, right and wrong,
PUTs, root PATCHes, made-up endpoints; a fixed mix), starts `gclint server` as an editor would,
opens the file, then makes EDITS edits (default 40) one at a time, each a change of one value in
one request, waiting for the diagnostics of each new version. It reports the time from sending a
change to receiving its diagnostics (end to end, the server's pause for typing, DEBOUNCE_MS,
included), and how long re-checking the file took, as the server tells it in `$/logTrace` (asked
for with `trace` in `initialize`). Then a burst of 10 edits 5 ms
apart: how many times the server checked (once, after the pause), and how long after the last
edit the findings came. Standard library only.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

DEBOUNCE_MS = 40

CID = "0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93"
PIDS = ["5e9a1c7d-2b64-4e8f-a3d0-7c1b9f5e2a46", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "3c1d2e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"]
HOST = "https://api.mypurecloud.com"


def request(i):
    """The i-th request of the file: the same mix for every run."""
    pid = PIDS[i % len(PIDS)]
    kind = i % 8
    part = f"{HOST}/api/v2/conversations/calls/{CID}/participants/{pid}"
    if kind == 0:
        return f"### {i} mute\nPATCH {part}\nContent-Type: application/json\n\n{{\"muted\": true}}\n"
    if kind == 1:
        return f"### {i} hang up one leg\nPATCH {part}\nContent-Type: application/json\n\n{{\"state\": \"disconnected\"}}\n"
    if kind == 2:
        return f"### {i} PUT where PATCH is meant\nPUT {part}\nContent-Type: application/json\n\n{{\"wrapup\": {{\"code\": \"c{i}\"}}}}\n"
    if kind == 3:
        return f"### {i} root PATCH\nPATCH {HOST}/api/v2/conversations/calls/{CID}\nContent-Type: application/json\n\n{{\"participants\": [{{\"id\": \"{pid}\", \"state\": \"disconnected\"}}]}}\n"
    if kind == 4:
        return f"### {i} enum case\nPATCH {part}\nContent-Type: application/json\n\n{{\"state\": \"DISCONNECTED\"}}\n"
    if kind == 5:
        return f"### {i} attributes\nPATCH {part}/attributes\nContent-Type: application/json\n\n{{\"attributes\": {{\"tier\": \"gold\", \"n\": \"{i}\"}}}}\n"
    if kind == 6:
        return f"### {i} made-up endpoint\nPOST {HOST}/api/v2/conversations/{CID}/participants/{pid}/disconnect\nContent-Type: application/json\n\n{{}}\n"
    return f"### {i} read\nGET {HOST}/api/v2/conversations/calls/{CID}\n"


class Server:
    def __init__(self, binary, cwd):
        self.proc = subprocess.Popen([binary, "server"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.frames = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.frames.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda f: f.get("id") == self.next_id and "method" not in f)[1]

    def wait(self, wanted, timeout=60):
        deadline = time.perf_counter() + timeout
        while True:
            at, frame = self.frames.get(timeout=max(0.0, deadline - time.perf_counter()))
            if wanted(frame):
                return at, frame

    def published(self, uri, version):
        """When the diagnostics of `version` came, the frame, and how long the server says the
        check took (its `$/logTrace`, which follows the diagnostics)."""
        at, frame = self.wait(lambda f: f.get("method") == "textDocument/publishDiagnostics"
                              and f["params"]["uri"] == uri and f["params"].get("version") == version)
        _, trace = self.wait(lambda f: f.get("method") == "$/logTrace" and f"(version {version})" in f["params"]["message"])
        took = float(trace["params"]["message"].split(" in ")[1].split(" ms")[0])
        return at, frame, took


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "calls.http")
        text = "\n".join(request(i) for i in range(requests))
        with open(path, "w") as f:
            f.write(text)
        uri = "file://" + path
        server = Server(binary, d)
        server.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + d, "capabilities": {}, "trace": "messages"})
        server.notify("initialized", {})
        sent = server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "http", "version": 1, "text": text}})
        at, frame, took = server.published(uri, 1)
        findings = len(frame["params"]["diagnostics"])
        print(f"{requests} requests, {len(text) / 1024:.0f} KiB, {findings} findings")
        print(f"open (checked at once, the catalogue and schemas loaded first): {1000 * (at - sent):.1f} ms, of which the check {took:.1f} ms")
        lat = []
        checks = []
        version = 1
        for n in range(edits):
            version += 1
            # One value of one request changes, as a keystroke does: the tier of attribute request k.
            k = 5 + 8 * (n % max(1, requests // 8 - 1))
            text = text.replace(f'"n": "{k}"', f'"n": "{k}x"', 1) if n % 2 == 0 else text.replace(f'"n": "{k}x"', f'"n": "{k}"', 1)
            sent = server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
            at, _, took = server.published(uri, version)
            lat.append(1000 * (at - sent))
            checks.append(took)
        q = statistics.quantiles(checks, n=10) if len(checks) >= 2 else checks
        print(f"edit to findings, end to end (the {DEBOUNCE_MS} ms pause for typing included): median {statistics.median(lat):.1f} ms, max {max(lat):.1f} ms ({edits} edits)")
        print(f"re-checking the file (the server's own measure): median {statistics.median(checks):.1f} ms, p90 {q[-1]:.1f} ms, max {max(checks):.1f} ms")
        # A burst of typing: 10 edits 5 ms apart, then the findings once.
        first = version + 1
        for n in range(10):
            version += 1
            text = text + " " if n % 2 == 0 else text[:-1]
            last = server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
            time.sleep(0.005)
        at, _, _ = server.published(uri, version)
        time.sleep(0.2)
        stale = 0
        while not server.frames.empty():
            _, f = server.frames.get()
            v = f.get("params", {}).get("version")
            if f.get("method") == "textDocument/publishDiagnostics" and v is not None and first <= v < version:
                stale += 1
        print(f"burst of 10 edits 5 ms apart: findings {1000 * (at - last):.1f} ms after the last, {stale} publications for the 9 edits before it")
        server.request("shutdown", None)
        server.notify("exit", None)
        server.proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
