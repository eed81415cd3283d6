"""Runbooks kept offline on a bad network (session 42).

1. A deploy during "Keep runbooks offline": the index files fetched after it were the
   newer build's, saved into the older build's cache, whose files must all be of one
   build (search read shards of two builds until the next worker took over). Now a save
   stages them, asks offline.json again at its end, and moves them in only when it is
   still the same build; else the new worker saves.
2. A CDN answering the save's "no-cache" revalidation with its copy of the previous
   build: the page was saved as this build's. Now each page is checked against
   offline.json's hash, asked once more past the caches when it differs, and not saved
   (the reader told) when it differs again; an honest save still fetches each page once.
3. A page whose gzip body a proxy ended half-way (framed as complete: the browser takes
   it) replaced the whole page saved, read while offline as half a runbook. A page now
   must end with `</html>` to be saved.
4. Saved pages are the first a browser evicts when the device runs short of space:
   keeping them now asks for persistent storage.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, _Handler, bypass_service_worker, chrome, load, serve
from test_deploy_skew import BINARY
from test_offline import wait_active, worker_state
from test_offline_redeploy import SAVED, SETTINGS, build, file_of

EPOCH = 1_780_000_000
RUNBOOK = "runbooks/growth/aggregate-growth.md"
PAGE = "/runbooks/growth/aggregate-growth/"


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """Two builds a day apart, one runbook edited (its page and the index differ)."""
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    tmp = tmp_path_factory.mktemp("net42")
    root = tmp / "root"
    shutil.copytree(REPO / "content", root / "content")
    first = build(root, tmp / "a", EPOCH)
    source = root / "content" / RUNBOOK
    source.write_text(source.read_text(encoding="utf-8").replace(
        "## Steps", "Check the upstream export first.\n\n## Steps", 1), encoding="utf-8")
    second = build(root, tmp / "b", EPOCH + 86_400)
    return tmp, first, second


# Every file in each of the site's build caches, as the hex of its SHA-256 (`null` for
# one unreadable).
BUILD_CACHES = """const done = arguments[arguments.length - 1];
caches.keys().then(names => Promise.all(names.filter(n => n.startsWith("pipebook-build-")).map(name =>
  caches.open(name).then(c => c.keys()).then(keys => Promise.all(keys.map(k =>
    caches.match(k, { cacheName: name }).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest("SHA-256", b))
      .then(d => [new URL(k.url).pathname, [...new Uint8Array(d)].map(x => x.toString(16).padStart(2, "0")).join("")],
            () => [k.url, null]))))
  .then(files => [name, files]))))
  .then(done, e => done(String(e)));"""


def press_keep(drv) -> None:
    button = drv.find_element(By.ID, "keep-button")
    WebDriverWait(drv, 10).until(lambda d: button.is_displayed())
    wait_active(drv)
    button.click()


def final_status(drv, timeout: float = 90) -> str:
    """The keep status once the save has ended (neither "Saving…" nor a progress count)."""
    status = drv.find_element(By.ID, "keep-status")
    done = ("Saved all", "Saved ", "This device", "The network", "Could not", "The site's new")
    try:
        WebDriverWait(drv, timeout).until(
            lambda d: status.text.startswith(done) and not status.text.endswith("…"))
    except Exception:
        raise AssertionError(f"the save did not end: {status.text!r}; {worker_state(drv)}")
    return status.text


class DeployDuringSave(_Handler):
    """Holds the save's requests for files of the search index (those after its first
    for a runbook: the page's own may come first) until `OPEN` is set (a slow network);
    `HELD` says one is waiting."""
    ARMED = threading.Event()
    HELD = threading.Event()
    OPEN = threading.Event()

    def do_GET(self):
        path = urlsplit(self.path).path
        if path.startswith("/runbooks/"):
            DeployDuringSave.ARMED.set()
        if (path.startswith("/search/") and path != "/search/" and DeployDuringSave.ARMED.is_set()
                and not DeployDuringSave.OPEN.is_set()):
            DeployDuringSave.HELD.set()
            DeployDuringSave.OPEN.wait(30)
        super().do_GET()


def test_a_deploy_during_a_save_never_mixes_two_builds_in_one_cache(two):
    tmp, first, second = two
    live = tmp / "live-mix"
    shutil.copytree(tmp / "a", live)
    builds = {f"pipebook-build-{first['version']}": tmp / "a", f"pipebook-build-{second['version']}": tmp / "b"}
    differ = [e[0] for e in first["index"]
              if file_of(tmp / "a", e[0]).read_bytes() != file_of(tmp / "b", e[0]).read_bytes()]
    assert differ, "the edit changed no file of the index"
    DeployDuringSave.ARMED.clear()
    DeployDuringSave.HELD.clear()
    DeployDuringSave.OPEN.clear()
    with serve(live, handler_class=DeployDuringSave) as srv, chrome() as drv:
        load(drv, srv.base_url + "/offline/")
        press_keep(drv)
        assert DeployDuringSave.HELD.wait(60), "the save never asked for the index"
        # The deploy, while the index's first file is on its way.
        shutil.rmtree(live)
        shutil.copytree(tmp / "b", live)
        DeployDuringSave.OPEN.set()
        said = final_status(drv)
        missing = sorted({r.path for r in srv.log.entries if r.status == 404})
        caches = drv.execute_async_script(BUILD_CACHES)
        assert isinstance(caches, list), caches
        mixed = []
        for name, files in caches:
            site = builds.get(name)
            assert site is not None, f"a cache of no build: {name}"
            for path, text in files:
                if text != hashlib.sha256(file_of(site, path).read_bytes()).hexdigest():
                    mixed.append((name[15:23], path))
        # Main's worker: "Saved all 55 pages and files", and the first build's cache held
        # 12 files of the second's (search/meta.json, shards, texts).
        assert not mixed, (said, mixed)
        # The new worker saved it all, as the second build's.
        assert said.startswith("Saved all"), (said, missing)
        assert drv.execute_async_script(SETTINGS, "/__pipebook/keep") == second["version"]
        saved = drv.execute_async_script(SAVED, [PAGE])[0]
        assert "Check the upstream export first." in saved


class StaleCdn(_Handler):
    """A CDN whose copies of `PATHS` are the previous build's (`OLD`): it answers a
    request for one of them from its copy, "no-cache" or not; with a query string too
    when `DEEP` (a CDN that ignores it)."""
    OLD: Path | None = None
    PATHS: set[str] = set()
    DEEP = False

    def translate_path(self, path):
        parts = urlsplit(path)
        if StaleCdn.OLD and parts.path in StaleCdn.PATHS and (StaleCdn.DEEP or not parts.query):
            return str(file_of(StaleCdn.OLD, unquote(parts.path)))
        return super().translate_path(path)


def stale_cdn_save(two, deep: bool):
    tmp, first, second = two
    StaleCdn.OLD, StaleCdn.PATHS, StaleCdn.DEEP = tmp / "a", {PAGE}, deep
    with serve(tmp / "b", handler_class=StaleCdn) as srv, chrome() as drv:
        load(drv, srv.base_url + "/offline/")
        press_keep(drv)
        said = final_status(drv)
        saved = drv.execute_async_script(SAVED, [PAGE])[0]
        flag = drv.execute_async_script(SETTINGS, "/__pipebook/keep")
        asked = [r for r in srv.log.entries if r.method == "GET"]
    StaleCdn.OLD = None
    return said, saved, flag, asked


def test_a_cdns_older_copy_is_fetched_again_past_it(two):
    tmp, first, second = two
    said, saved, flag, asked = stale_cdn_save(two, deep=False)
    # Main's worker: saved the first build's page ("Check the upstream…" missing) as the
    # second's, and said "Saved all".
    assert saved is not None and "Check the upstream export first." in saved, said
    assert said.startswith("Saved all"), said
    assert flag == second["version"]
    # Only the page the CDN had older was asked for twice: an honest save's bytes.
    pages = {e[0] for e in second["pages"]}
    times = {p: sum(r.path == p for r in asked) for p in pages}
    assert times[PAGE] == 2, times[PAGE]
    assert {p for p, n in times.items() if n != 1} == {PAGE}, times


def test_a_page_only_older_copies_of_is_not_saved_and_the_reader_is_told(two):
    tmp, first, second = two
    said, saved, flag, asked = stale_cdn_save(two, deep=True)
    # Main's worker: saved it, and said "Saved all 55 pages and files".
    assert saved is None, said
    assert "1 came only as an older version" in said, said
    assert flag != second["version"], flag


class CutGzip(_Handler):
    """A proxy that ends `PATH`'s gzip body half-way, framed as complete (its length
    the bytes sent): the browser takes it as the whole answer."""
    PATH = ""

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path != CutGzip.PATH:
            return super().do_GET()
        body = gzip.compress(file_of(Path(self.directory), parts.path).read_bytes())
        body = body[: len(body) // 2]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_page_cut_short_never_replaces_the_saved_one(two):
    tmp, first, second = two
    whole = file_of(tmp / "b", PAGE).read_text(encoding="utf-8")
    CutGzip.PATH = ""
    with serve(tmp / "b", handler_class=CutGzip) as srv, chrome() as drv:
        load(drv, srv.base_url + PAGE)
        wait_active(drv)
        load(drv, srv.base_url + PAGE)
        WebDriverWait(drv, 20).until(lambda d: d.execute_async_script(SAVED, [PAGE])[0] == whole)
        CutGzip.PATH = PAGE
        srv.log.clear()
        load(drv, srv.base_url + PAGE)
        srv.log.wait_for(PAGE)
        time.sleep(1)
        saved = drv.execute_async_script(SAVED, [PAGE])[0]
        bypass_service_worker(drv)
        got = drv.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], { cache: 'no-store' }).then(r => r.text()).then(done, e => done('error: ' + e));",
            PAGE)
        bypass_service_worker(drv, False)
        CutGzip.PATH = ""
        # The browser takes the cut body as a complete answer (else this test shows nothing).
        assert got != whole and whole.startswith(got[:200]), got[:200]
    # Main's worker: the saved page was the cut one (about half of it, its steps lost).
    assert saved == whole, (len(saved or ""), len(whole))


ASKED_PERSIST = """window.__persist = 0;
if (navigator.storage) navigator.storage.persist = () => { window.__persist++; return Promise.resolve(false); };"""


def test_keeping_asks_for_storage_the_browser_does_not_evict(two):
    """Headless Chromium answers false (it grants persistence to a site the reader uses
    or installed): what is checked is that the page asks, when the reader keeps."""
    tmp, first, second = two
    with serve(tmp / "b") as srv, chrome() as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ASKED_PERSIST})
        load(drv, srv.base_url + "/offline/")
        assert drv.execute_script("return window.__persist") == 0
        press_keep(drv)
        # A browser that refuses still keeps the pages.
        assert final_status(drv).startswith("Saved all")
        # Main's offline.js never asked: 0.
        assert drv.execute_script("return window.__persist") == 1
