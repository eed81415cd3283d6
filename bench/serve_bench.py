#!/usr/bin/env python3
"""Measures `pipebook serve`: from saving a runbook to its new text being served.

    python3 bench/serve_bench.py [--runs N] [--bin PATH] [--site DIR]

Copies the site (the repository's example by default) to a temporary folder, starts
`pipebook serve --port 0` on it (target/release/pipebook by default; build it first), and N
times (10 by default) writes a new heading into a runbook and polls the page every 2 ms
until the new heading is served. Prints each time, the median, the fastest and the
slowest, and the rebuild times `serve` printed. Standard library only; stops the server
with SIGINT and checks that it exits with status 0.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNBOOK = "content/runbooks/profit/aggregate-profit.md"
URL = "runbooks/profit/aggregate-profit/"
HEADING = "# Profit Pipeline"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/pipebook"))
    ap.add_argument("--site", default=REPO, help="folder holding content/ and themes/")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"error: no {args.bin}; run `cargo build --release` first")

    with tempfile.TemporaryDirectory(prefix="pipebook-serve-bench-") as root:
        for d in ("content", "themes"):
            if os.path.isdir(os.path.join(args.site, d)):
                shutil.copytree(os.path.join(args.site, d), os.path.join(root, d))
        proc = subprocess.Popen(
            [args.bin, "serve", "--root", root, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines, ready = [], threading.Event()
        base = []

        def read():
            for line in proc.stdout:
                lines.append(line.rstrip("\n"))
                m = re.match(r"Serving (http://\S+)", line)
                if m:
                    base.append(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        try:
            if not ready.wait(120) or not base:
                sys.exit("error: serve did not start:\n" + "\n".join(lines))
            page = base[0] + URL
            path = os.path.join(root, RUNBOOK)
            original = open(path, encoding="utf-8").read()
            if HEADING not in original:
                sys.exit(f"error: {RUNBOOK} has no `{HEADING}` heading")
            times = []
            for i in range(args.runs):
                marker = f"bench-{i}-{time.time_ns()}"
                text = original.replace(HEADING, f"{HEADING} {marker}", 1)
                deadline = time.perf_counter() + 30
                start = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                while marker not in urllib.request.urlopen(page).read().decode():
                    if time.perf_counter() > deadline:
                        sys.exit("error: the change was not served within 30 s")
                    time.sleep(0.002)
                times.append((time.perf_counter() - start) * 1000)
                time.sleep(0.3)  # lets the next save be a separate burst
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        finally:
            proc.send_signal(signal.SIGINT)
            status = proc.wait(20)

    rebuilds = [float(m.group(1)) for l in lines for m in [re.search(r"^Rebuilt .* in (\d+) ms", l)] if m]
    print(f"save -> served, {len(times)} runs (ms): " + " ".join(f"{t:.0f}" for t in times))
    print(
        f"median {statistics.median(times):.0f} ms, fastest {min(times):.0f} ms, "
        f"slowest {max(times):.0f} ms"
    )
    if rebuilds:
        print(
            f"rebuild as printed by serve (ms): median {statistics.median(rebuilds):.0f}, "
            f"fastest {min(rebuilds):.0f}, slowest {max(rebuilds):.0f}"
        )
    print(f"serve exited with status {status}")
    if status != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
