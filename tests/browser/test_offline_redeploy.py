"""Runbooks kept offline after a deploy (session 40b): the worker saved every page in
offline.json again, each deploy, because each page's footer says when it was built. On a
phone's data plan at 100,000 runbooks that was 2.76 GB. Now offline.json gives each page
the hash of what a reader sees of it (its bytes less the build's time) and the worker keeps
a saved copy with that hash.

A site built, kept offline, then built again a day later with one runbook edited and
deployed: the re-save fetches exactly the pages whose bytes differ beyond the build's time,
and afterwards every saved page reads as the new build's does. The site is the example's,
or the content root in $PIPEBOOK_REDEPLOY_ROOT (/dev/shm/pipebook-bench/sites/1000).
Prints files and bytes fetched (the measure in the commit).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, chrome, load, serve
from test_deploy_skew import BINARY
from test_offline import keep_everything

EPOCH = 1_780_000_000
ROOT = Path(os.environ.get("PIPEBOOK_REDEPLOY_ROOT", REPO))


def build(root: Path, out: Path, epoch: int) -> dict:
    subprocess.run([str(BINARY), "build", "--root", str(root), "--output", str(out)], check=True,
                   capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
    return json.loads((out / "offline.json").read_text(encoding="utf-8"))


def file_of(site: Path, url: str) -> Path:
    path = site / unquote(url).lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def read_as(data: bytes, stamps: list[str]) -> bytes:
    """What the hash is of: the first style block's text as its SHA-256 in hex, then the
    last occurrence of each stamp made a NUL (the footer's); src/write/ledger/reader.rs."""
    start = data.find(b"<style>")
    end = data.find(b"</style>", start + 7) if start >= 0 else -1
    if end >= 0:
        css = hashlib.sha256(data[start + 7:end]).hexdigest().encode()
        data = data[:start + 7] + css + data[end:]
    for stamp in stamps:
        at = data.rfind(stamp.encode())
        if at >= 0:
            data = data[:at] + b"\0" + data[at + len(stamp.encode()):]
    return data


def deploy(srv, drv, live: Path, built: Path) -> None:
    """Puts the build at `built` in place of the served `live` (a deploy), empties the
    request log and opens /offline/: the new worker takes over, and site.js finds this
    build not saved."""
    shutil.rmtree(live)
    shutil.copytree(built, live)
    srv.log.clear()
    load(drv, srv.base_url + "/offline/")


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    tmp = tmp_path_factory.mktemp("redeploy")
    root = tmp / "root"
    shutil.copytree(ROOT / "content", root / "content")
    first = build(root, tmp / "a", EPOCH)
    runbook = sorted((root / "content" / "runbooks").rglob("*.md"))[0]
    runbook.write_text(runbook.read_text(encoding="utf-8") + "\n\nOne more line, edited.\n", encoding="utf-8")
    second = build(root, tmp / "b", EPOCH + 86_400)
    return tmp, first, second


SETTINGS = """const done = arguments[arguments.length - 1];
caches.match(arguments[0], { cacheName: "pipebook-settings" }).then(r => r ? r.text() : null)
  .then(done, e => done(String(e)));"""

SAVED = """const done = arguments[arguments.length - 1];
Promise.all(arguments[0].map(u => caches.match(location.origin + u, { cacheName: "pipebook-pages" })
  .then(r => r ? r.text() : null))).then(done, e => done(String(e)));"""


def test_a_deploy_downloads_again_only_the_pages_that_changed(two):
    tmp, first, second = two
    live = tmp / "live"
    shutil.copytree(tmp / "a", live)
    pages = [e[0] for e in second["pages"]]
    assert [e[0] for e in first["pages"]] == pages
    changed = {u for u in pages
               if read_as(file_of(tmp / "a", u).read_bytes(), first.get("stamps", []))
               != read_as(file_of(tmp / "b", u).read_bytes(), second.get("stamps", []))}
    stamped = sum(file_of(tmp / "a", u).read_bytes() != file_of(tmp / "b", u).read_bytes() for u in pages)
    with serve(live) as srv, chrome() as drv:
        base = srv.base_url
        keep_everything(drv, base, live)
        deploy(srv, drv, live, tmp / "b")
        try:
            WebDriverWait(drv, 120).until(
                lambda d: d.execute_async_script(SETTINGS, "/__pipebook/keep") == second["version"])
        except Exception:
            raise AssertionError(f"the re-save did not finish: {srv.log.paths()[-20:]}")
        log = [r for r in srv.log.entries if r.method == "GET" and r.status == 200]
        fetched = {r.path for r in log if r.path in set(pages)}
        index = {e[0] for e in second["index"]}
        index_got = [r for r in log if r.path in index]
        got = sum(r.bytes for r in log if r.path in fetched)
        total = sum(e[1] for e in second["pages"])
        print(f"\nre-save after one edit: {len(fetched)} of {len(pages)} pages, {got} of {total} bytes "
              f"({stamped} differ in bytes, {len(changed)} for a reader); index "
              f"{len(index_got)} files, {sum(r.bytes for r in index_got)} bytes; all requests "
              f"{len(log)}, {sum(r.bytes for r in log)} bytes")
        # Main's worker: every page (28 of 28 on the example site).
        assert fetched == changed, (sorted(fetched - changed), sorted(changed - fetched))
        # Never a stale copy: every saved page reads as this build's.
        saved = drv.execute_async_script(SAVED, pages)
        both = first.get("stamps", []) + second.get("stamps", [])
        for url, text in zip(pages, saved):
            assert text is not None, url
            assert read_as(text.encode(), both) == read_as(file_of(tmp / "b", url).read_bytes(), both), url


SAVE_DATA = "Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });"


def test_with_save_data_the_re_save_waits_for_the_reader(two):
    """With Save-Data on (a phone's data plan), the re-save after a deploy waits for the
    reader's "Update them"; main's site.js saved at once (28 pages fetched, no bar)."""
    tmp, first, second = two
    live = tmp / "live-save-data"
    shutil.copytree(tmp / "a", live)
    pages = {e[0] for e in second["pages"]}
    with serve(live) as srv, chrome() as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SAVE_DATA})
        base = srv.base_url
        keep_everything(drv, base, live)
        deploy(srv, drv, live, tmp / "b")
        bar = WebDriverWait(drv, 30).until(lambda d: d.find_elements("css selector", ".updated-bar"))[0]
        assert bar.text.startswith("Runbooks kept offline are from an earlier version"), bar.text
        assert not {r.path for r in srv.log.entries} & pages, "saved before the reader asked"
        assert drv.execute_async_script(SETTINGS, "/__pipebook/keep") == first["version"]
        bar.find_element("css selector", "button").click()
        WebDriverWait(drv, 120).until(
            lambda d: d.execute_async_script(SETTINGS, "/__pipebook/keep") == second["version"])
