#!/usr/bin/env python3
"""Measures `pipebook serve`: from saving a file to its change being served.

    python3 bench/serve_bench.py [--runs N] [--data-runs M] [--bin PATH] [--site DIR]
                                 [--work DIR] [--only KIND] [--verbose]

Copies the site (the repository's example by default; for the 10,000-runbook site, pass
`--site` a folder made by `bench/gen_site.py`) to a temporary folder, starts
`pipebook serve --port 0` on it (target/release/pipebook by default; build it first), and:

- N times (20 by default), each time on another runbook, saves a change and polls the
  runbook's page every 2 ms until the change is served: odd runs add a paragraph (the
  body alone changes), even runs add a title heading (the title changes, so the pages
  listing the runbook change too). Then it polls until the server stops saying the search
  index is stale (header `x-pipebook-search-index`), the search index's lag.
- M times each (2 by default, `--data-runs`), in turn, an edit of every other kind an
  author makes: a data file (an engineer or a pipeline renamed, a holiday added, the
  rotation turned, a comment: the site stays valid), a template (the pipeline pages',
  the runbook pages', every page's `base.html`: the site gets its own copies of the
  built-in ones first, which changes nothing served) and `site.yaml` (the title, a full
  build); and times until the new version is served (the server's version, as live
  reload sees it), then until the search index has caught up.

Prints each time, the median and 95th percentile (nearest rank), the fastest and the
slowest, and the rebuild times `serve` printed (`--verbose`: all it printed, with `-v`'s
phases). Standard library only; stops the server
with SIGINT and checks that it exits with status 0.
"""

import argparse
import datetime
import math
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


def p95(values):
    s = sorted(values)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def summary(name, times):
    return (
        f"{name}, {len(times)} runs (ms): " + " ".join(f"{t:.0f}" for t in times) + "\n"
        f"  median {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms, "
        f"fastest {min(times):.0f} ms, slowest {max(times):.0f} ms"
    )


def runbooks(root):
    """Runbooks that are not a folder's page, spread over the site."""
    found = []
    for dirpath, _, files in os.walk(os.path.join(root, "content/runbooks")):
        for f in sorted(files):
            if f.endswith(".md") and f not in ("_index.md", "index.md", "README.md"):
                found.append(os.path.join(dirpath, f))
    found.sort()
    return found


def page_url(root, path):
    rel = os.path.relpath(path, os.path.join(root, "content/runbooks"))
    return "runbooks/" + rel[: -len(".md")] + "/"


def body_start(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return end + 5
    return 0


# The other edits, in turn: what a team changes by hand. (kind, file under the root)
DATA_EDITS = [
    ("engineer renamed", "content/team.yaml"),
    ("pipeline renamed", "content/pipelines.yaml"),
    ("holiday added", "content/oncall.yaml"),
    ("rotation turned", "content/oncall.yaml"),
    ("comment added", "content/team.yaml"),
    ("pipeline template", "themes/default/templates/pipeline.html"),
    ("runbook template", "themes/default/templates/runbook.html"),
    ("base template", "themes/default/templates/base.html"),
    ("site.yaml title", "content/site.yaml"),
]

# Where a template edit goes: inside the page's block, or before the end of every page.
TEMPLATE_MARKS = {
    "pipeline template": "{% block content %}",
    "runbook template": "{% block content %}",
    "base template": "</body>",
}


def data_edit(kind, text, i):
    """`text` (of the file DATA_EDITS names for `kind`) with that edit made."""
    if kind == "engineer renamed":
        # The second engineer, whose pipelines' pages and runbooks show the name.
        names = [m.end() for m in re.finditer(r'\n    name: "?[^"\n]*', text)]
        return text[: names[1]] + f" B{i}" + text[names[1]:]
    if kind == "pipeline renamed":
        at = text.index("\npipelines:")
        head, tail = text[:at], text[at:]
        return head + re.sub(r'(\n    name: "?[^"\n]*)', rf"\1 B{i}", tail, count=1)
    if kind == "holiday added":
        # A day of its own for every run: a day listed twice is an error (and `i % 18`
        # gave run 20 run 2's day, so from the third round on every build failed and the
        # search index stayed stale, which the bench counted as 60 s lags).
        day = datetime.date(2027, 3, 1) + datetime.timedelta(days=i)
        return text.replace("holidays:\n", f'holidays:\n  - {{ date: {day}, name: "Bench {i}" }}\n', 1)
    if kind == "rotation turned":
        m = re.search(r"order: \[([^\]]*)\]", text)
        ids = [x.strip() for x in m.group(1).split(",")]
        return text[: m.start()] + f"order: [{', '.join(ids[1:] + ids[:1])}]" + text[m.end():]
    if kind in TEMPLATE_MARKS:
        mark = TEMPLATE_MARKS[kind]
        return text.replace(mark, f"{mark}<!-- bench {i} -->", 1)
    if kind == "site.yaml title":
        return re.sub(r"(?m)^(title: .*)$", rf"\1 B{i}", text, count=1)
    return text + f"\n# bench {i}\n"


def follow_serve(proc):
    """Reads `pipebook serve`'s output in a thread: its address once it serves (in the
    list `base`), an event set then (or when the output ends), and every line so far."""
    base, ready, lines = [], threading.Event(), []

    def read():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            m = re.match(r"Serving (http://\S+)", line)
            if m:
                base.append(m.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    return base, ready, lines


def wait_for_search(base, deadline):
    """Polls until the server no longer says the search index is stale."""
    while time.perf_counter() < deadline:
        with urllib.request.urlopen(base) as r:
            if not r.headers.get("x-pipebook-search-index"):
                return
        time.sleep(0.05)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--data-runs", type=int, default=2, help="runs of each other kind of edit")
    ap.add_argument("--work", default="/dev/shm", help="where the site's copy goes")
    ap.add_argument(
        "--only", action="append", help="only this kind of other edit (repeatable); `none` for none"
    )
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/pipebook"))
    ap.add_argument("--site", default=REPO, help="folder holding content/ and themes/")
    ap.add_argument(
        "--verbose", action="store_true", help="run `serve -v` and print all it printed at the end"
    )
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"error: no {args.bin}; run `cargo build --release` first")

    edits = [e for e in DATA_EDITS if not args.only or e[0] in args.only]
    with tempfile.TemporaryDirectory(prefix="pipebook-serve-bench-", dir=args.work) as root:
        for d in ("content", "themes"):
            if os.path.isdir(os.path.join(args.site, d)):
                shutil.copytree(os.path.join(args.site, d), os.path.join(root, d))
        # The templates edited, as the site's own copies of the built-in ones.
        for _, name in edits:
            if name.startswith("themes/") and not os.path.exists(os.path.join(root, name)):
                os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
                shutil.copy(os.path.join(REPO, name), os.path.join(root, name))
        proc = subprocess.Popen(
            [args.bin, "serve", "--root", root, "--port", "0"] + (["-v"] if args.verbose else []),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base, ready, lines = follow_serve(proc)
        times, lags, data_times, data_lines, search_times = [], [], {}, [], {}
        load_before = os.getloadavg()
        try:
            if not ready.wait(300) or not base:
                sys.exit("error: serve did not start:\n" + "\n".join(lines))
            candidates = runbooks(root)
            step = max(1, len(candidates) // max(1, args.runs))
            for i in range(args.runs):
                path = candidates[(i * step) % len(candidates)]
                page = base[0] + page_url(root, path)
                original = open(path, encoding="utf-8").read()
                marker = f"bench-{i}-{time.time_ns()}"
                at = body_start(original)
                if i % 2 == 0:
                    text = original + f"\nA paragraph {marker}.\n"
                else:
                    text = original[:at] + f"# Title {marker}\n\n" + original[at:]
                deadline = time.perf_counter() + 60
                start = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                while True:
                    with urllib.request.urlopen(page) as r:
                        body = r.read().decode()
                        stale = r.headers.get("x-pipebook-search-index")
                    if marker in body:
                        break
                    if time.perf_counter() > deadline:
                        sys.exit("error: the change was not served within 60 s")
                    time.sleep(0.002)
                times.append((time.perf_counter() - start) * 1000)
                while stale:
                    if time.perf_counter() > deadline:
                        sys.exit("error: the search index did not follow within 60 s")
                    time.sleep(0.01)
                    with urllib.request.urlopen(page) as r:
                        stale = r.headers.get("x-pipebook-search-index")
                lags.append((time.perf_counter() - start) * 1000)
                time.sleep(0.3)  # lets the next save be a separate burst
            for i in range(args.data_runs * len(edits)):
                kind, name = edits[i % len(edits)]
                path = os.path.join(root, name)
                with urllib.request.urlopen(base[0] + "__pipebook/wait?since=none") as r:
                    version = r.read().decode().strip()
                text = data_edit(kind, open(path, encoding="utf-8").read(), i)
                printed = len(lines)
                start = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                with urllib.request.urlopen(
                    base[0] + f"__pipebook/wait?since={version}", timeout=120
                ) as r:
                    r.read()
                data_times.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
                # The update's line (with its CPU time) comes just before the version.
                deadline = time.perf_counter() + 5
                while not any(l.startswith("Rebuilt") for l in lines[printed:]):
                    if time.perf_counter() > deadline:
                        break
                    time.sleep(0.01)
                data_lines.extend(l for l in lines[printed:] if l.startswith("Rebuilt"))
                wait_for_search(base[0], time.perf_counter() + 60)
                search_times.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
                time.sleep(0.3)
        finally:
            load_after = os.getloadavg()
            proc.send_signal(signal.SIGINT)
            status = proc.wait(60)

    if args.verbose:
        for l in lines:
            print("serve| " + l)
    rebuilds = [float(m.group(1)) for l in lines for m in [re.search(r"^Rebuilt .* in (\d+) ms", l)] if m]
    if times:
        print(summary("runbook saved -> page served", times))
        print(summary("runbook saved -> search index served", lags))
    for kind, values in data_times.items():
        print(summary(f"{kind} saved -> site served", values))
        print(summary(f"{kind} saved -> search index served", search_times[kind]))
    if rebuilds:
        print(
            f"rebuild as printed by serve (ms): median {statistics.median(rebuilds):.0f}, "
            f"fastest {min(rebuilds):.0f}, slowest {max(rebuilds):.0f}"
        )
    data_set = set(data_lines)
    for what, chosen in (("runbook", lambda l: l not in data_set), ("data", lambda l: l in data_set)):
        cpu = [
            float(m.group(1))
            for l in lines
            if chosen(l)
            for m in [re.search(r"CPU (\d+) ms", l)]
            if m
        ]
        if cpu:
            print(
                f"CPU per {what} update in place (ms), {len(cpu)} updates: median "
                f"{statistics.median(cpu):.0f}, fastest {min(cpu):.0f}, slowest {max(cpu):.0f}"
            )
    for l in data_lines:
        print("  " + l)
    print(
        "load average (1, 5, 15 min) before: {:.1f} {:.1f} {:.1f}, after: {:.1f} {:.1f} {:.1f}".format(
            *load_before, *load_after
        )
    )
    updated = sum(1 for l in lines if "updated in place" in l)
    print(f"updates in place: {updated}; full builds: {len(rebuilds) - updated}")
    print(f"serve exited with status {status}")
    if status != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
