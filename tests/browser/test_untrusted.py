"""What a pull request's author can put in a runbook, opened in Chromium (issue 12).

A hostile runbook carries every payload of the issue: a script from the site's own
origin, inline script, a meta refresh, `base`, event handlers, `javascript:` links,
frames, objects and forms aimed at another host. The site is built from it and served
with netlify.toml's headers and the build's `_headers`, beside a second server that
stands for "another host" and records every request it gets. Opening the page (and every
copied file) must raise no dialog, leave the origin for nowhere, and send nothing to the
other host. The same page built with `sanitize_html: false` does reach the other host,
which shows that the check can fail.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from conftest import REPO, build_site, chrome, example_copy, load, serve

RUNBOOK = "content/runbooks/profit/hostile.md"


def hostile_markdown(evil: str) -> str:
    """A runbook whose raw HTML tries everything; `evil` is the other host's base URL."""
    return f"""---
title: Hostile
---

# Hostile

Looks like an ordinary runbook.

<script src="/runbooks/profit/notes.txt"></script>
<script>alert("inline")</script>

<meta http-equiv="refresh" content="1;url={evil}/refresh">

<base href="{evil}/base/">

<img src="/missing.png" onerror="alert('onerror')">

<a id="js-link" href="javascript:alert('href')">click</a> and [markdown link](javascript:alert('md'))

<iframe src="{evil}/iframe"></iframe>
<object data="{evil}/object"></object>
<embed src="{evil}/embed">
<form action="{evil}/form" method="post"><button id="submit">Send</button></form>
<svg><script>alert('svg')</script></svg>
<link rel="stylesheet" href="{evil}/style.css">
<div style="background: url({evil}/style-attr)">styled</div>
<details open ontoggle="alert('toggle')"><summary>More</summary>Kept</details>

1. First step
2. Second step
"""


def hostile_root(workdir: Path, evil: str, sanitize: bool) -> Path:
    """The example site with the hostile runbook and its files, unbuilt."""
    root = example_copy(workdir / "site", {RUNBOOK: hostile_markdown(evil)}, themes=True)
    # Copied files that are HTML in disguise: served sandboxed (_headers) or as text.
    (root / "content/runbooks/profit/notes.txt").write_text(
        "alert('from a text file')\n", encoding="utf-8"
    )
    (root / "content/runbooks/profit/notes").write_text(
        f"<script>alert('no extension')</script><img src='{evil}/sandboxed'>",
        encoding="utf-8",
    )
    # The payload's `<img src="/missing.png">` is a broken site link, an error under the
    # example's `broken_links: error` since site-absolute links are checked: this test is
    # about what the page runs and fetches, so the check only warns here.
    site_yaml = root / "content/site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    assert "broken_links: error" in text
    site_yaml.write_text(text.replace("broken_links: error", "broken_links: warning"), encoding="utf-8")
    if not sanitize:
        with open(site_yaml, "a", encoding="utf-8") as f:
            f.write("sanitize_html: false\n")
    return root


def build_hostile(workdir: Path, evil: str, sanitize: bool) -> Path:
    return build_site(hostile_root(workdir, evil, sanitize), workdir / "public")


@dataclass
class Preview:
    """`pipebook serve` on a site, as a reviewer previews a pull request."""
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


@contextlib.contextmanager
def pipebook_serve(root: Path):
    binary = REPO / "target" / "release" / "pipebook"
    proc = subprocess.Popen(
        [str(binary), "serve", "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        base = None
        while base is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("Serving http://"):
                base = line.split()[1].rstrip("/")
        assert base, "pipebook serve did not start"
        yield Preview(base)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def alert_text(driver) -> str | None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return None
    text = alert.text
    alert.dismiss()
    return text


def visit(driver, site, path: str) -> list[str]:
    """Opens `path`, waits past the meta refresh's second, and returns what went wrong."""
    problems = []
    load(driver, site.url(path))
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        text = alert_text(driver)
        if text is not None:
            problems.append(f"dialog {text!r} on {path}")
        time.sleep(0.1)
    if not driver.current_url.startswith(site.base_url):
        problems.append(f"{path} navigated to {driver.current_url}")
    return problems


@pytest.fixture(scope="module")
def evil_host():
    """A second server on another port: another origin, recording what reaches it."""
    with tempfile.TemporaryDirectory() as empty, serve(Path(empty)) as evil:
        yield evil


def test_hostile_runbook_runs_nothing_and_reaches_no_other_host(evil_host):
    with tempfile.TemporaryDirectory() as tmp, chrome() as driver:
        public = build_hostile(Path(tmp), evil_host.base_url, sanitize=True)
        with serve(public) as site:
            evil_host.log.clear()
            problems = visit(driver, site, "/runbooks/profit/hostile/")
            body = driver.find_element(By.TAG_NAME, "main").get_attribute("innerHTML")
            assert "Kept" in body and "Second step" in body, "the honest content stays"
            assert driver.find_elements(By.ID, "js-link"), "the link stays, without its href"
            assert driver.find_element(By.ID, "js-link").get_attribute("href") is None
            assert not driver.find_elements(By.ID, "submit"), "no form to submit"
            for path in ["/runbooks/profit/notes.txt", "/runbooks/profit/notes"]:
                problems += visit(driver, site, path)
            assert problems == []
            assert evil_host.log.paths() == [], "requests reached another host"
            # Every copied file is served sandboxed, the PDF-less ones included.
            for path in ["/runbooks/profit/notes.txt", "/runbooks/profit/notes"]:
                with urllib.request.urlopen(site.url(path)) as response:
                    csp = response.headers.get_all("Content-Security-Policy") or []
                assert any(p.startswith("sandbox") for p in csp), (path, csp)


def test_hostile_runbook_in_the_local_preview(evil_host):
    """The same runbook under `pipebook serve`, which sends netlify.toml's headers too."""
    with tempfile.TemporaryDirectory() as tmp, chrome() as driver:
        root = hostile_root(Path(tmp), evil_host.base_url, sanitize=True)
        with pipebook_serve(root) as site:
            evil_host.log.clear()
            problems = visit(driver, site, "/runbooks/profit/hostile/")
            for path in ["/runbooks/profit/notes.txt", "/runbooks/profit/notes"]:
                problems += visit(driver, site, path)
            assert problems == []
            assert evil_host.log.paths() == [], "requests reached another host"
            for path in ["/runbooks/profit/notes.txt", "/runbooks/profit/notes"]:
                with urllib.request.urlopen(site.url(path)) as response:
                    csp = ", ".join(response.headers.get_all("Content-Security-Policy") or [])
                assert "sandbox" in csp, (path, csp)
            with urllib.request.urlopen(site.url("/runbooks/profit/hostile/")) as response:
                csp = ", ".join(response.headers.get_all("Content-Security-Policy") or [])
            assert "script-src 'self'" in csp, csp


def test_the_check_would_catch_an_unsanitized_page(evil_host):
    """Control: without sanitizing, the same runbook sends the reader to the other host,
    so the assertions above are not vacuous."""
    with tempfile.TemporaryDirectory() as tmp, chrome() as driver:
        public = build_hostile(Path(tmp), evil_host.base_url, sanitize=False)
        with serve(public) as site:
            evil_host.log.clear()
            problems = visit(driver, site, "/runbooks/profit/hostile/")
            reached = evil_host.log.paths()
            assert problems or reached, "the unsanitized page did nothing observable"
