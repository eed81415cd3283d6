"""Runbooks kept offline on a bad network, continued (session 43).

1. Index files fetched by ordinary searching were stored in the build's cache as they
   came: a deploy between two searches put the newer build's shards beside the older
   build's meta.json there (offline: "the search index saved on this device is of two
   versions"). Now they are staged, and moved in only once the site is found still
   serving the worker's build (its sw.js), by a look begun after they came.
2. "… was not saved. Press the button again later to save them.": one page.
3. The reader's hash of a kept page counts the critical CSS by its own hash (computed once
   per build, and once per template in the worker): a save still fetches each page once
   (the worker's hash is the build's), and a deploy that changes the theme's CSS only
   still gets every kept page again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, chrome, load, serve
from test_bad_network import controlled
from test_deploy_skew import FAULTS, STALL, deploys, header_query, live  # noqa: F401 (fixtures)
from test_net42 import BUILD_CACHES, final_status, press_keep, stale_cdn_save, two  # noqa: F401
from test_offline_redeploy import SAVED, build, file_of
from test_offline_restart import settled

EPOCH = 1_780_000_000


def version(site: Path) -> str:
    return json.loads((site / "offline.json").read_text(encoding="utf-8"))["version"]


def cache_of(drv, name: str) -> dict[str, str | None]:
    """The files of cache `name`: path -> hex SHA-256 of the body."""
    caches = drv.execute_async_script(BUILD_CACHES)
    assert isinstance(caches, list), caches
    return dict(next((files for n, files in caches if n == name), []))


def test_index_files_fetched_after_a_deploy_stay_out_of_the_older_builds_cache(deploys, live):
    a, b, _ = deploys
    older = "pipebook-build-" + version(a)
    with chrome() as drv:
        controlled(drv, live.base_url + "/runbooks/")
        live.log.clear()
        assert header_query(drv, "zeta100")[0] == ("Gen runbook 100", "/runbooks/gen/r100/")
        # The search's files, checked, moved into the build's cache (the look at sw.js
        # found this build).
        WebDriverWait(drv, 20).until(lambda d: "/search/meta.json" in cache_of(d, older))
        # What it costs: a look at sw.js for the files of a search, not one a file.
        looks = sum(r.path == "/sw.js" for r in live.log.entries)
        stored = sum(p.startswith("/search/") or "search" in p for p in cache_of(drv, older))
        print(f"first search: {looks} request(s) for /sw.js, {stored} index files kept")
        # Main: none. Files come in rounds (meta.json, the heads, the shards and texts):
        # the look waits until a second has gone by without one (at most four seconds),
        # so it is one look on an idle machine; a busy one (CI) may space the rounds
        # further apart. Never one a file.
        assert 1 <= looks < stored, (looks, stored)
        live.log.clear()
        # The new worker's install hangs on its manifest (a bad network): the older
        # worker answers the searches after the deploy, as on a phone whose update is
        # not in yet.
        FAULTS["/manifest.webmanifest"] = "stall"
        live.deploy()
        for words in ("alpha5", "zeta250", "drain queue"):
            header_query(drv, words, timeout=30)
        # Until the worker has dealt with every file those searches fetched (none left
        # staged, waiting for its look at the site): a fixed two seconds was shorter than
        # the look's gathering window (up to four seconds) on a busy machine.
        settled(drv, timeout=30)
        files = cache_of(drv, older)
        assert files, "the older build's cache is gone: the new worker took over too soon"
        mixed = sorted(p for p, h in files.items()
                       if h != hashlib.sha256(file_of(a, p).read_bytes()).hexdigest())
        fetched = sorted({r.path for r in live.log.entries if r.path.startswith("/search/")})
        # Main's worker: the older build's cache held the newer build's
        # /search/h/… and /search/s/… files the searches fetched first after the deploy.
        assert not mixed, (mixed, fetched)
        STALL.set()


def test_one_page_not_saved_is_one_page(two):
    said, saved, flag, asked = stale_cdn_save(two, deep=True)
    assert saved is None, said
    # Main: "… 1 came only as an older version … and was not saved. Press the button
    # again later to save them."
    assert "1 came only as an older version" in said, said
    assert said.endswith("was not saved. Press the button again later to save it."), said


def test_a_theme_change_alone_gets_every_kept_page_again(two, tmp_path):
    """The pages' text the same, the critical CSS changed: each kept page is saved again
    (its hash counts the CSS by the CSS's hash), and an honest save fetched each once."""
    tmp, first, second = two
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "themes", root / "themes")
    built = build(root, tmp_path / "plain", EPOCH)
    css = root / "themes" / "default" / "static" / "critical.css"
    # Before the first "@part": in every page's CSS.
    css.write_text(".net43-marker{color:#123456}\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    recoloured = build(root, tmp_path / "recoloured", EPOCH)
    pages = {e[0]: e[2] for e in built["pages"]}
    again = {e[0]: e[2] for e in recoloured["pages"]}
    whole = [u for u in pages if b"<style>" in file_of(tmp_path / "plain", u).read_bytes()]
    assert whole and all(pages[u] != again[u] for u in whole), "a page kept its hash across a CSS change"
    live = tmp_path / "live"
    shutil.copytree(tmp_path / "plain", live)
    with serve(live) as srv, chrome() as drv:
        load(drv, srv.base_url + "/offline/")
        press_keep(drv)
        said = final_status(drv)
        assert said.startswith("Saved all"), said
        runbook = next(u for u in whole if u.startswith("/runbooks/"))
        asked = [r.path for r in srv.log.entries if r.method == "GET"]
        # The worker's hash of each page is the build's: none asked for twice.
        twice = sorted({p for p in asked if p in pages and asked.count(p) > 1})
        assert not twice, twice
        shutil.rmtree(live)
        shutil.copytree(tmp_path / "recoloured", live)
        srv.log.clear()
        load(drv, srv.base_url + "/offline/")
        WebDriverWait(drv, 30).until(lambda d: d.execute_script(
            "return navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"))
        press_keep(drv)
        said = final_status(drv)
        assert said.startswith("Saved all"), said
        saved = drv.execute_async_script(SAVED, [runbook])[0]
        assert saved is not None and "net43-marker" in saved, said
