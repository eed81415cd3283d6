#!/usr/bin/env python3
"""Checks in headless Chromium that `pipebook serve` says so while the search index lags.

    python3 bench/serve_browser_check.py [--site DIR] [--work DIR] [--bin PATH] [--runs N]
                                         [--screenshot PNG]

Copies the site (the repository's example by default; pass `--site` a folder made by
`bench/gen_site.py`, where the index takes long enough to be seen lagging) to a temporary
folder, starts `pipebook serve --port 0` on it, opens a runbook page in headless Chromium
(selenium, as tests/browser does) and N times (3 by default) saves a change to that
runbook, then watches the page as the reader sees it (live reload, no reload by hand):

- the change appears, with the note `#pipebook-serve-search` shown (displayed, inside
  the window) while the server still answers `x-pipebook-search-index: stale`;
- once the index has caught up, the page reloads by itself and the note is gone, the
  change still there.

Prints what it saw and when; exits 1 if any of it did not hold. Stops the server with
SIGINT.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from serve_bench import follow_serve  # noqa: E402 (beside this script)
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = os.environ.get("PIPEBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PIPEBOOK_CHROMEDRIVER", "/usr/bin/chromedriver")

NOTE_STATE = """
const note = document.getElementById('pipebook-serve-search');
if (!note) return [document.body.innerText, null];
const r = note.getBoundingClientRect();
const shown = getComputedStyle(note).display !== 'none' && r.width > 0 && r.height > 0
  && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
return [document.body.innerText, [shown, note.textContent]];
"""


def first_runbook(root):
    for dirpath, _, files in sorted(os.walk(os.path.join(root, "content/runbooks"))):
        for f in sorted(files):
            if f.endswith(".md") and f not in ("_index.md", "index.md", "README.md"):
                return os.path.join(dirpath, f)
    sys.exit("error: no runbook in the site")


def stale(url):
    with urllib.request.urlopen(url) as r:
        return bool(r.headers.get("x-pipebook-search-index"))


def watch(driver, until, timeout):
    """Polls the page every 5 ms until `until(text, note)` holds; what it saw then."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            text, note = driver.execute_script(NOTE_STATE)
        except Exception:  # the page is being reloaded
            time.sleep(0.005)
            continue
        if until(text, note):
            return text, note
        time.sleep(0.005)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=REPO)
    ap.add_argument("--work", default="/dev/shm")
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/pipebook"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--screenshot", help="save the window with the note shown (first run) here")
    args = ap.parse_args()
    failures = []
    with tempfile.TemporaryDirectory(prefix="pipebook-serve-note-", dir=args.work) as root:
        for d in ("content", "themes"):
            if os.path.isdir(os.path.join(args.site, d)):
                shutil.copytree(os.path.join(args.site, d), os.path.join(root, d))
        proc = subprocess.Popen(
            [args.bin, "serve", "--root", root, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base, ready, lines = follow_serve(proc)
        profile = tempfile.mkdtemp(prefix="pipebook-chrome-", dir=args.work)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    f"--user-data-dir={profile}", "--window-size=1280,900"]:
            options.add_argument(arg)
        driver = None
        try:
            if not ready.wait(300) or not base:
                sys.exit("error: serve did not start:\n" + "\n".join(lines))
            path = first_runbook(root)
            rel = os.path.relpath(path, os.path.join(root, "content/runbooks"))[: -len(".md")]
            url = base[0] + "runbooks/" + rel + "/"
            driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                                      options=options)
            driver.get(url)
            seen = watch(driver, lambda t, n: True, 15)
            if seen is None or seen[1] is not None:
                failures.append("the note is on the page before any change")
            for i in range(args.runs):
                marker = f"Marker {i} {time.time_ns()}"
                start = time.perf_counter()
                with open(path, "a", encoding="utf-8") as f:
                    f.write(f"\n{marker}.\n")
                seen = watch(driver, lambda t, n: marker in t, 30)
                t_page = (time.perf_counter() - start) * 1000
                lagging = stale(url)
                if seen is None:
                    failures.append(f"run {i}: the change was not shown within 30 s")
                    continue
                note = seen[1]
                print(f"run {i}: change shown after {t_page:.0f} ms; note: "
                      f"{'none' if note is None else ('shown' if note[0] else 'hidden')}"
                      f"{'' if note is None else ' (' + note[1] + ')'}; server says stale: {lagging}")
                if note is None and lagging:
                    failures.append(f"run {i}: the index lags and the page has no note")
                if i == 0 and note is not None and args.screenshot:
                    driver.save_screenshot(args.screenshot)
                if note is not None and not note[0]:
                    failures.append(f"run {i}: the note is on the page but not shown")
                gone = watch(driver, lambda t, n: n is None and marker in t, 30)
                t_gone = (time.perf_counter() - start) * 1000
                if gone is None:
                    failures.append(f"run {i}: the note stayed 30 s")
                    continue
                print(f"run {i}: note gone, change still shown, after {t_gone:.0f} ms; "
                      f"server says stale: {stale(url)}")
                time.sleep(0.5)
        finally:
            if driver is not None:
                driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
            proc.send_signal(signal.SIGINT)
            proc.wait(60)
    for f in failures:
        print("FAILED: " + f)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
