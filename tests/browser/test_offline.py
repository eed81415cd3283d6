"""Offline reading: the service worker saves the pages read, "Keep runbooks offline"
saves them all, search works over what is saved and says so, and a deploy never leaves
a reader on stale pages. The network is cut by stopping the server, so the browser's
every request fails, the worker's included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, build_site, chrome, console_errors, example_copy, load, serve

RUNBOOK = "/runbooks/profit/aggregate-profit/"
OTHER = "/runbooks/growth/aggregate-growth/"

# Chrome's own messages when a request fails because the server is gone.
NETWORK_GONE = ("net::ERR_CONNECTION_REFUSED", "Failed to fetch", "/favicon.ico")


ACTIVE = "return !!(navigator.serviceWorker && navigator.serviceWorker.ready) && " \
         "navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))"


def wait_active(drv, timeout: float = 20) -> None:
    """Until the site's worker is active (a tab opened while it was taking over is only
    controlled from its next page on; the worker answers it all the same)."""
    try:
        WebDriverWait(drv, timeout).until(lambda d: d.execute_script(ACTIVE))
    except Exception:
        raise AssertionError(f"no worker became active: {worker_state(drv)}")


def wait_saved(drv, path: str, timeout: float = 20) -> None:
    """Until the site's worker is active and `path` is in one of its caches."""
    wait_active(drv, timeout)
    WebDriverWait(drv, timeout).until(lambda d: d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.match(location.origin + arguments[0]).then(r => done(!!r), () => done(false));", path),
        message=f"{path} was never saved")


def worker_state(drv) -> str:
    return drv.execute_async_script("""
        const done = arguments[arguments.length - 1];
        navigator.serviceWorker.getRegistrations().then(rs => done(JSON.stringify(rs.map(r => ({
          scope: r.scope, installing: r.installing && r.installing.state, waiting: r.waiting && r.waiting.state,
          active: r.active && r.active.state})))), e => done(String(e)));""")


def cache_keys(drv) -> dict[str, list[str]]:
    return drv.execute_async_script("""
        const done = arguments[arguments.length - 1];
        caches.keys().then(names => Promise.all(names.map(n => caches.open(n)
          .then(c => c.keys()).then(ks => [n, ks.map(k => k.url)]))))
          .then(pairs => done(Object.fromEntries(pairs)));""")


def offline(drv) -> None:
    """The browser told it is offline too (navigator.onLine), as on a phone in a tunnel;
    a stopped server alone looks like a broken VPN."""
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def h1(drv) -> str:
    return drv.find_element(By.TAG_NAME, "h1").text


OFFLINE_NOTE = "Offline: results from the part of the index saved"
# Once everything is kept, the whole index is saved (look24 item 11).
KEPT_NOTE = "Offline: results from the index saved on this device"


def search_popup(drv, query: str):
    """Types `query` in the header's box; the popup once its results are final (titles
    may come first, the texts, the offline line and the "not saved" marks after them)."""
    box = drv.find_element(By.ID, "search-input")
    box.click()
    box.send_keys(query)
    WebDriverWait(drv, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-popup[aria-busy='false'] a.result-title"),
        message=f"no results for {query!r}")
    return drv.find_element(By.ID, "search-popup")


def test_pages_read_before_open_with_the_network_gone(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            load(drv, base + RUNBOOK)
            wait_saved(drv, RUNBOOK)
            load(drv, base + "/oncall/")
            wait_saved(drv, "/oncall/")
            assert console_errors(drv) == []
        # The server is stopped: nothing answers on its port any more.
        load(drv, base + RUNBOOK)
        assert h1(drv) == "Profit Pipeline (Aggregate Profit)"
        assert drv.find_elements(By.CSS_SELECTOR, "article.runbook li[id='steps.1']")
        load(drv, base + "/oncall/")
        assert h1(drv) == "On-call schedule"
        # The live on-call box still answers, from the saved oncall.json.
        WebDriverWait(drv, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        # A page never opened: the offline page, naming it.
        load(drv, base + OTHER)
        assert h1(drv) == "Offline reading"
        missing = drv.find_element(By.ID, "offline-missing")
        assert missing.is_displayed() and OTHER in missing.text and "not saved" in missing.text


def test_search_offline_uses_what_is_saved_and_says_so(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            load(drv, base + RUNBOOK)
            wait_saved(drv, RUNBOOK)
            # One search online: the client, the list of shards and one shard are saved.
            box = drv.find_element(By.ID, "search-input")
            box.click()
            box.send_keys("aggregate")
            WebDriverWait(drv, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-popup a.result-title"))
            wait_saved(drv, "/search/meta.json")
        offline(drv)
        load(drv, base + OTHER)
        assert h1(drv) == "Offline reading"
        popup = search_popup(drv, "aggregate")
        # Found from the saved shard, said to be offline; a result whose page was never
        # opened says it is not saved.
        assert popup.text.startswith(OFFLINE_NOTE), popup.text
        titles = {a.text: a for a in popup.find_elements(By.CSS_SELECTOR, ".result")}
        profit = [t for t in titles if t.startswith("RUNBOOK Profit Pipeline (Aggregate Profit)")]
        assert profit and "not saved" not in profit[0], popup.text
        assert any("not saved on this device" in t for t in titles), popup.text


def test_search_over_a_broken_vpn_says_it_is_offline(site_dir):
    """The server gone but the browser not told (a VPN that is part of the outage):
    navigator.onLine stays true, the worker answers from its caches and says the network is
    failing; once the network is back, results are no longer called offline."""
    with chrome() as drv:
        with serve(site_dir) as srv:
            base, port = srv.base_url, srv.httpd.server_port
            load(drv, base + RUNBOOK)
            wait_saved(drv, RUNBOOK)
            popup = search_popup(drv, "aggregate")
            assert OFFLINE_NOTE not in popup.text and "not saved" not in popup.text, popup.text
            wait_saved(drv, "/search/meta.json")
        # A saved page, served from the cache; its revalidation fails behind it.
        load(drv, base + RUNBOOK)
        assert h1(drv) == "Profit Pipeline (Aggregate Profit)"
        assert drv.execute_script("return navigator.onLine") is True
        popup = search_popup(drv, "aggregate")
        assert popup.text.startswith(OFFLINE_NOTE), popup.text
        results = [r.text for r in popup.find_elements(By.CSS_SELECTOR, ".result")]
        profit = [t for t in results if t.startswith("RUNBOOK Profit Pipeline (Aggregate Profit)")]
        assert profit and "not saved" not in profit[0], popup.text
        assert any("not saved on this device" in t for t in results), popup.text
        # The network is back, on the same address.
        with serve(site_dir, port=port):
            load(drv, base + OTHER)
            assert h1(drv) != "Offline reading"
            popup = search_popup(drv, "aggregate")
            assert OFFLINE_NOTE not in popup.text and "not saved" not in popup.text, popup.text


def test_search_offline_without_the_index_says_why(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            load(drv, srv.url(RUNBOOK))
            wait_saved(drv, RUNBOOK)
            base = srv.base_url
        load(drv, base + RUNBOOK)
        box = drv.find_element(By.ID, "search-input")
        box.click()
        box.send_keys("validation")
        popup = drv.find_element(By.ID, "search-popup")
        WebDriverWait(drv, 10).until(lambda d: popup.is_displayed() and popup.text.strip())
        assert popup.text == "You are offline, and search is not saved on this device."


def keep_everything(drv, base: str, site_dir: Path) -> dict:
    """Opens /offline/, checks the size it shows against offline.json, and keeps it all."""
    listing = json.loads((site_dir / "offline.json").read_text(encoding="utf-8"))
    total = sum(n for part in ("pages", "index", "diagrams") for _, n, *_ in listing[part])
    load(drv, base + "/offline/")
    size = drv.find_element(By.ID, "keep-size")
    WebDriverWait(drv, 10).until(lambda d: "kB" in size.text or "MB" in size.text, message=f"size never shown")
    shown = f"{round(total / 1000)} kB" if total < 1e6 else f"{total / 1e6:.1f} MB"
    assert shown in size.text, (shown, size.text)
    button = drv.find_element(By.ID, "keep-button")
    assert button.is_displayed() and button.text == "Keep runbooks offline"
    wait_active(drv)
    button.click()
    status = drv.find_element(By.ID, "keep-status")
    try:
        WebDriverWait(drv, 60).until(lambda d: status.text.startswith("Saved all"))
    except Exception:
        raise AssertionError(f"keeping did not finish: {status.text!r}; worker {worker_state(drv)}")
    return listing


def test_keep_runbooks_offline_saves_every_runbook_and_the_index(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            load(drv, base + "/")
            listing = keep_everything(drv, base, site_dir)
            saved = drv.find_elements(By.CSS_SELECTOR, "#saved-list a")
            # Every page is listed (the folders' tree fragments are saved, not listed):
            # the runbooks, their folders and the search page, and what the calendar
            # feeds link to (test_calendar_links_open_offline_once_kept).
            pages = {p for p, *_ in listing["pages"] if p.endswith("/")}
            assert len([p for p in pages if p.startswith("/runbooks/") or p == "/search/"]) == 8
            assert {"/", "/oncall/", "/pipelines/aggregate-profit/"} <= pages, pages
            assert {a.get_attribute("pathname") for a in saved} >= pages
        for path, *_ in listing["pages"]:
            if not path.startswith("/runbooks/"):
                continue
            load(drv, base + path)
            assert h1(drv) != "Offline reading", f"{path} was not saved"
        # A word of a runbook never opened online is found offline, from the saved index.
        load(drv, base + OTHER)
        popup = search_popup(drv, "engagement")
        assert "Aggregate engagement" in popup.text and popup.text.startswith(KEPT_NOTE), popup.text
        # Every runbook is kept; pipeline and engineer pages are not (unless read before).
        results = [r.text for r in popup.find_elements(By.CSS_SELECTOR, ".result")]
        runbooks = [t for t in results if t.startswith("RUNBOOK ")]
        assert runbooks and not any("not saved" in t for t in runbooks), popup.text


def test_calendar_links_open_offline_once_kept(site_dir):
    """Paged at night with the network gone, a reader opens the link of a calendar event
    (the feeds': the on-call schedule, a backup's pipeline). Once "Keep runbooks offline"
    has run, each opens, never read online before; "keep" saved runbooks only, and each
    link gave the offline page."""
    links = set()
    for feed in [site_dir / "oncall.ics", *sorted((site_dir / "oncall").glob("*.ics"))]:
        for line in feed.read_text(encoding="utf-8").splitlines():
            if line.startswith("URL:"):
                links.add(urlsplit(line[4:].strip()).path)
    assert "/oncall/" in links and any(p.startswith("/pipelines/") for p in links), links
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            load(drv, base + RUNBOOK)
            keep_everything(drv, base, site_dir)
        # The server is stopped: nothing answers on its port any more.
        offline(drv)
        for path in sorted(links):
            load(drv, base + path)
            assert h1(drv) != "Offline reading", f"{path} (a calendar event's link) was not kept"


def test_a_saved_page_that_a_deploy_removed_is_forgotten(tmp_path):
    """A runbook read, then a deploy that moved it: the reader, online, was shown the saved
    copy on every visit, for ever. Now the saved copy is shown once, with a bar saying the
    page is no longer on the site; the bar's button (and every later visit) gives the
    site's page not found, which searches the words of the address."""
    gone = "/runbooks/profit/old-name/"
    before = example_copy(tmp_path / "before", {"content/runbooks/profit/old-name.md":
                                                "---\ntitle: Old name\n---\n\n## Steps\n\n1. Old step.\n"}, themes=True)
    after = example_copy(tmp_path / "after", {"content/runbooks/profit/new-name.md":
                                              "---\ntitle: New name\n---\n\n## Steps\n\n1. New step.\n"}, themes=True)
    live = tmp_path / "live"
    live.symlink_to(build_site(before, before / "public"))
    build_site(after, after / "public")
    with chrome() as drv, serve(live) as srv:
        load(drv, srv.url(gone))
        wait_saved(drv, gone)
        # The deploy: the same address now serves the other build.
        live.unlink()
        live.symlink_to(after / "public")
        load(drv, srv.url(gone))
        bar = WebDriverWait(drv, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".updated-bar"))
        assert "no longer on the site" in bar.text, bar.text
        bar.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(drv, 10).until(lambda d: h1(d) == "Page not found")
        load(drv, srv.url(gone))
        assert h1(drv) == "Page not found"


def test_a_kept_runbook_draws_its_diagram_offline(tmp_path):
    """On a site with a diagram, keeping the runbooks keeps the diagram renderer too (its
    size is in the one shown first): a runbook never opened online draws its diagram with
    the network cut."""
    root = tmp_path / "diagrams"
    shutil.copytree(REPO / "tests" / "fixtures" / "diagrams" / "content", root / "content")
    site = build_site(root, root / "public")
    with chrome() as drv:
        with serve(site) as srv:
            base = srv.base_url
            load(drv, base + "/")
            listing = keep_everything(drv, base, site)
            renderer = sum(n for _, n in listing["diagrams"])
            assert renderer > 500_000, listing["diagrams"]
            size = drv.find_element(By.ID, "keep-size").text
            shown = f"{renderer / 1e6:.1f} MB of diagram renderer"
            assert "and the diagram renderer" in size and shown in size, size
        offline(drv)
        load(drv, base + "/runbooks/flow/")
        assert h1(drv) != "Offline reading", "the runbook was not kept"

        def drawn(d):
            d.execute_script("window.scrollBy(0, 600)")
            return d.find_elements(By.CSS_SELECTOR, "figure.diagram[data-drawn] svg")
        try:
            WebDriverWait(drv, 60, poll_frequency=0.3).until(drawn)
        except Exception:
            errors = drv.find_elements(By.CSS_SELECTOR, ".diagram-error")
            raise AssertionError(f"no diagram drawn offline: {[e.text for e in errors]}; "
                                 f"console {console_errors(drv)}")


def test_the_worker_keeps_only_this_sites_files(site_dir):
    """Every cached URL is a page, the theme, or the index of this site; nothing of
    another origin, no calendar feed, no query string."""
    with chrome() as drv, serve(site_dir) as srv:
        base = srv.base_url
        load(drv, base + "/")
        keep_everything(drv, base, site_dir)
        load(drv, base + "/search/?q=profit")
        wait_saved(drv, "/search/")
        for name, urls in cache_keys(drv).items():
            assert name.startswith("pipebook-"), name
            for url in urls:
                assert url.startswith(base + "/"), url
                assert "?" not in url and not url.endswith(".ics"), url


def build_copy(tmp: Path, marker: str) -> Path:
    """The example site, with `marker` as the text of a runbook's first step."""
    root = example_copy(tmp / marker, {"content/runbooks/profit/aggregate-profit.md": lambda text: text.replace(
        "1. Ensure data ingestion", f"1. {marker}: ensure data ingestion")})
    return build_site(root, root / "public")


def test_a_new_deploy_replaces_what_was_saved(tmp_path):
    before, after = build_copy(tmp_path, "Before"), build_copy(tmp_path, "After")
    live = tmp_path / "live"
    live.symlink_to(before)
    step = lambda d: d.find_element(By.ID, "steps.1").text
    with chrome() as drv, serve(live) as srv:
        load(drv, srv.url(RUNBOOK))
        wait_saved(drv, RUNBOOK)
        assert step(drv).startswith("Before")
        old = [n for n in cache_keys(drv) if n.startswith("pipebook-build-")]
        # The deploy: the same address now serves the other build.
        live.unlink()
        live.symlink_to(after)
        load(drv, srv.url(RUNBOOK))
        # Served at once from the cache, then told the network has a newer page.
        bar = WebDriverWait(drv, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, ".updated-bar"))
        bar.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(drv, 10).until(lambda d: step(d).startswith("After"))
        # The new build's worker takes over and the old build's cache goes.
        builds = lambda d: [n for n in cache_keys(d) if n.startswith("pipebook-build-")]
        try:
            WebDriverWait(drv, 20).until(lambda d: len(builds(d)) == 1 and builds(d) != old)
        except Exception:
            raise AssertionError(f"caches: {builds(drv)}, old: {old}; worker {worker_state(drv)}")
