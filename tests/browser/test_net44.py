"""Runbooks kept offline on a bad network, continued (session 44).

1. A CDN edge serving files of two deploys at once handed the newer build's heads and
   shards under the older build's names: the worker staged them, its look at sw.js found
   the older build (the edge's copy), and they joined the older build's cache. Now the
   worker knows the index's build (`b`, from the build) and keeps no head, shard, filters
   or meta file that carries another.
2. A deploy during the worker's install (a slow network: the install takes seconds) gave
   the older build's cache the newer build's scripts. Now the install looks at the site's
   sw.js once its files are in, and fails when the site serves another build: the browser
   installs that build's worker at the next page.
3. A runbook opened offline (from a search result or a link) showed its saved copy as if
   it were the site's page: nothing said the network had not answered, nor how old the
   copy was. Now a bar says so, with the day it was saved, and offers "Try again"; it
   goes when the network's answer comes after all.

Run against the code before (main's theme over this binary): PIPEBOOK_THEMES=<a copy of
main's themes/> tests/browser/run.sh -k net44.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from selenium.webdriver.support.ui import WebDriverWait

from selenium.webdriver.common.by import By

from conftest import REPO, chrome, load
from test_bad_network import controlled
from test_deploy_skew import FAULTS, STALL, deploys, header_query, live, serve  # noqa: F401 (fixtures)
from test_net42 import BUILD_CACHES
from test_offline_redeploy import SAVED, build, file_of
from test_offline_restart import settled

EPOCH = 1_780_000_000
THEMES = Path(os.environ.get("PIPEBOOK_THEMES") or REPO / "themes")


INSTALLING = """const done = arguments[arguments.length - 1];
navigator.serviceWorker.getRegistration().then(r => done(!!(r && r.installing)), () => done(false));"""


def caches_of(drv) -> dict[str, dict[str, str | None]]:
    caches = drv.execute_async_script(BUILD_CACHES)
    assert isinstance(caches, list), caches
    return {name: dict(files) for name, files in caches}


def foreign(site: Path, files: dict[str, str | None]) -> list[str]:
    """The files of a cache whose bytes are not `site`'s."""
    return sorted(p for p, h in files.items()
                  if not file_of(site, p).is_file() or h != hashlib.sha256(file_of(site, p).read_bytes()).hexdigest())


def version(site: Path) -> str:
    import json
    return json.loads((site / "offline.json").read_text(encoding="utf-8"))["version"]


def test_an_edge_serving_the_next_deploys_index_files_does_not_fill_this_builds_cache(deploys, live):
    a, b, folder = deploys
    mine = "pipebook-build-" + version(a)
    with chrome() as drv:
        controlled(drv, live.base_url + "/runbooks/")
        # The edge has the next deploy's heads and shards; meta.json and sw.js are still
        # this deploy's.
        for part in ("h", "s"):
            shutil.rmtree(folder / "search" / part)
            shutil.copytree(b / "search" / part, folder / "search" / part)
        said = header_query(drv, "zeta100", timeout=30)
        # The worker's look and its moves: until this deploy's meta.json (staged with the
        # rest) is in the build's cache and nothing is left staged. A fixed four seconds
        # was no longer than the look's gathering window (a second of quiet, at most four).
        WebDriverWait(drv, 30).until(lambda d: "/search/meta.json" in caches_of(d).get(mine, {}),
                                     message="the search's files were never moved in")
        settled(drv, timeout=30)
        files = caches_of(drv).get(mine, {})
        assert files, "the build's cache is gone"
        mixed = foreign(a, files)
        # Main: /search/h/….json and /search/s/….bin of the next deploy in this build's
        # cache, beside its meta.json.
        assert not mixed, (mixed, said)
        kept = [p for p in files if p.startswith("/search/")]
        print(f"search said {said[:2]}; kept in {mine}: {kept}")


def test_a_deploy_during_the_install_does_not_give_the_build_the_next_ones_files(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(THEMES, root / "themes")
    a = tmp_path / "a"
    build(root, a, EPOCH)
    script = root / "themes" / "default" / "static" / "offline.js"
    script.write_text(script.read_text(encoding="utf-8") + "\nwindow.pipebookNet44 = 1;\n", encoding="utf-8")
    b = tmp_path / "b"
    build(root, b, EPOCH)
    assert (a / "static" / "offline.js").read_bytes() != (b / "static" / "offline.js").read_bytes()
    folder = tmp_path / "live"
    shutil.copytree(a, folder)
    FAULTS.clear()
    STALL.clear()
    # A runbook does not load offline.js: only the worker's install asks for it, and
    # waits (a slow network) while the team deploys.
    FAULTS["/static/offline.js"] = "stall"
    try:
        with serve(folder) as srv, chrome() as drv:
            load(drv, srv.base_url + "/runbooks/")
            WebDriverWait(drv, 15).until(lambda d: d.execute_async_script(INSTALLING))
            # Its other files in, offline.js on its way.
            time.sleep(1.5)
            old = folder.with_name("old")
            folder.rename(old)
            shutil.copytree(b, folder)
            shutil.rmtree(old)
            STALL.set()
            # Until the install has ended (failed, or on main completed): a fixed three
            # seconds could look between its put of the next deploy's offline.js and its
            # look at sw.js that drops the cache, on a busy machine.
            WebDriverWait(drv, 30).until(lambda d: not d.execute_async_script(INSTALLING),
                                         message="the install never ended")
            caches = caches_of(drv)
            older = caches.get("pipebook-build-" + version(a))
            # Main: the install completed with the next deploy's offline.js in this
            # build's cache, and this build's worker took over.
            assert not older or not foreign(a, older), {n: foreign(a, f) for n, f in caches.items()}
            # The next page installs the build the site serves.
            FAULTS.clear()
            newer = "pipebook-build-" + version(b)
            for _ in range(20):
                if "/static/offline.js" in caches_of(drv).get(newer, {}):
                    break
                load(drv, srv.base_url + "/runbooks/")
                time.sleep(1.5)
            assert newer in caches_of(drv), (caches_of(drv), [(r.method, r.path) for r in srv.log.entries][-30:])
            assert not foreign(b, caches_of(drv)[newer])
    finally:
        FAULTS.clear()
        STALL.set()


def test_a_runbook_opened_offline_says_it_is_the_saved_copy_and_how_old(tmp_path):
    site = tmp_path / "site"
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(THEMES, root / "themes")
    listed = build(root, site, EPOCH)
    runbook = next(e[0] for e in listed["pages"] if e[0].startswith("/runbooks/") and e[0].count("/") > 3)
    FAULTS.clear()
    STALL.clear()
    try:
        with serve(site) as srv, chrome() as drv:
            controlled(drv, srv.base_url + "/runbooks/")
            load(drv, srv.base_url + runbook)
            WebDriverWait(drv, 15).until(lambda d: d.execute_async_script(SAVED, [runbook])[0])
            load(drv, srv.base_url + "/runbooks/")
            # The network drops the runbook's request: the link opens the saved copy.
            FAULTS[runbook.rstrip("/")] = "drop"
            drv.execute_script("location.href = arguments[0]", runbook)
            bar = WebDriverWait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".offline-copy")
                                               and d.find_element(By.CSS_SELECTOR, ".offline-copy"))
            said = bar.text
            print(said)
            # Main: no word of it (the page read as the site's).
            assert said.startswith("Offline: the network did not answer. This is the copy saved on this device on "), said
            assert "(today)" in said and "Try again" in said, said
            # The network back, "Try again" shows the site's page, and says nothing more.
            FAULTS.clear()
            bar.find_element(By.TAG_NAME, "button").click()
            WebDriverWait(drv, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
            time.sleep(2)
            assert not drv.find_elements(By.CSS_SELECTOR, ".offline-copy")
    finally:
        FAULTS.clear()
        STALL.set()


def test_a_runbook_whose_request_hangs_says_so_after_ten_seconds_and_not_once_it_comes(tmp_path):
    """A network that takes the request and answers nothing (2G in a lift): the saved copy
    is shown at once, and said after 10 s; when the answer comes after all, the bar goes."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(THEMES, root / "themes")
    site = tmp_path / "site"
    listed = build(root, site, EPOCH)
    runbook = next(e[0] for e in listed["pages"] if e[0].startswith("/runbooks/") and e[0].count("/") > 3)
    FAULTS.clear()
    STALL.clear()
    try:
        with serve(site) as srv, chrome() as drv:
            controlled(drv, srv.base_url + "/runbooks/")
            load(drv, srv.base_url + runbook)
            WebDriverWait(drv, 15).until(lambda d: d.execute_async_script(SAVED, [runbook])[0])
            load(drv, srv.base_url + "/runbooks/")
            FAULTS[runbook.rstrip("/")] = "stall"
            started = time.monotonic()
            drv.execute_script("location.href = arguments[0]", runbook)
            # The saved copy at once: well before the 10 s the worker gives the network
            # (under 9 s, for a busy machine; main's worker too showed it at once).
            WebDriverWait(drv, 9).until(lambda d: d.execute_script("return location.pathname") == runbook
                                        and d.execute_script("return document.readyState") == "complete")
            shown = time.monotonic() - started
            bar = WebDriverWait(drv, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".offline-copy")
                                               and d.find_element(By.CSS_SELECTOR, ".offline-copy"))
            said_after = time.monotonic() - started
            print(f"page shown after {shown:.1f} s, said after {said_after:.1f} s: {bar.text}")
            # Main: nothing said while the request hung. Not before the worker's 10 s (a
            # timer never fires early); the upper bound is a busy machine's.
            assert shown < 9 and 9.5 < said_after < 30, (shown, said_after)
            assert bar.text.startswith("Offline: the network did not answer."), bar.text
            STALL.set()
            WebDriverWait(drv, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".offline-copy"))
    finally:
        FAULTS.clear()
        STALL.set()


# The bar's age in calendar days of the reader's zone, as its date is shown: a copy saved
# late yesterday and read early today was said to be "(today)" beside yesterday's date
# (24-hour periods were counted).
SAY_SAVED = """const now = new Date(), back = arguments[0];
const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back, 23, 59);
navigator.serviceWorker.dispatchEvent(new MessageEvent("message",
  {data: {type: "pipebook:offline-copy", saved: at.toUTCString()}}));
const bar = document.querySelector(".offline-copy");
const said = bar ? bar.textContent : null;
if (bar) bar.remove();
return said;"""


def test_a_copy_saved_late_yesterday_is_said_to_be_yesterdays(driver, base_url):
    for back, age in ((1, "(yesterday)"), (3, "(3 days ago)")):
        load(driver, base_url + "/runbooks/profit/aggregate-profit/")
        said = driver.execute_script(SAY_SAVED, back)
        assert said and age in said, (back, said)
