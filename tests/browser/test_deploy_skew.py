"""A phone on a bad network at 3 a.m., across a deploy (session 22).

A tab stays open while the team deploys: the search files keep their names
(`search/meta.json`, `s/0.bin`, `h/0.json`, `f/0.json`), and the tab fetched the next
deploy's shards and heads against the previous `meta.json`. On base (1679d38) a query
then showed another runbook's title for a result (`zeta120` listed "Gen runbook 140"),
mixed the two deploys' pages in one list, and found nothing for a runbook the new deploy
added. Now every head, shard and filters.json carries the index's build (`b`, as
meta.json does), and a file of another build makes the search start again from a fresh
meta.json.

On a bad network: a captive portal's sign-in page in place of the index, a gzip body cut
short and a file the server does not have each said "Offline" (or nothing): now each says
what happened.

Two versions of a site of 300 generated runbooks (more than meta.json holds whole) are
built with $PIPEBOOK_BIN (default target/release/pipebook): version B removes 60, adds 40,
so that every page after them has another number.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, _Handler, chrome, live_wait, load, screenshot, server_clock, set_width, swap_deploy
from conftest import serve as conftest_serve

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))

# Modes of the server for a path prefix: "portal" (200, a sign-in page), "cut" (the first
# half of the file, as a complete response: a gzip body cut short by a proxy), "gone"
# (404, the site's page not found), "saved"
# (the file marked as the service worker marks what it answers from its cache offline),
# "drop" (the connection closed without an answer: the network gone), "stall" (no answer
# until STALL is set or 60 s pass, then the file: a request that hangs).
FAULTS: dict[str, str] = {}
STALL = threading.Event()
# "aged": the file with `Age` (seconds) set, as a cache on the way answers it.
AGED_SECONDS = 3 * 24 * 3600
PORTAL = b"<!doctype html><title>Sign in</title><h1>Welcome aboard: sign in to use the Wi-Fi</h1>"


class _FaultyHandler(_Handler):
    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = urlsplit(self.path).path
        # A prefix ending in "/" is for the files under it, not the folder's page.
        mode = next((m for prefix, m in FAULTS.items() if path.startswith(prefix) and not (prefix.endswith("/") and path == prefix)), None)
        if mode == "stall":
            STALL.wait(60)
            mode = None
        if mode == "drop":
            self.close_connection = True
        elif mode == "portal":
            self._answer(200, "text/html; charset=utf-8", PORTAL)
        elif mode == "saved":
            # As the service worker answers from its cache with the network failing.
            self._answer(200, "application/json", (Path(self.directory) / path.lstrip("/")).read_bytes(),
                         {"X-Pipebook-Offline": "1"})
        elif mode == "aged":
            # As a CDN's edge answers from its cache: the `Date` it stored the file at (the
            # test sets the server's clock back) and the seconds since in `Age`.
            self._answer(200, "application/json", (Path(self.directory) / path.lstrip("/")).read_bytes(),
                         {"Age": str(AGED_SECONDS)})
        elif mode == "gone":
            self.send_error(404)
        elif mode == "cut":
            body = (Path(self.directory) / path.lstrip("/")).read_bytes()
            self._answer(200, "application/octet-stream", body[: len(body) // 2])
        else:
            super().do_GET()

    def _answer(self, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path):
    return conftest_serve(directory, handler_class=_FaultyHandler)


def runbook(title: str, word: str) -> str:
    return (f"---\ntitle: {title}\n---\n\n# {title}\n\nRestart the {word} worker when the queue "
            f"backs up.\n\n## Steps\n\n1. Check the {word} lag.\n2. Drain the {word} queue.\n")


def build(root: Path, names: list[tuple[str, str, str]]) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    # $PIPEBOOK_THEMES: a themes/ folder to build with instead of the binary's own.
    if os.environ.get("PIPEBOOK_THEMES"):
        shutil.copytree(os.environ["PIPEBOOK_THEMES"], root / "themes")
    folder = root / "content" / "runbooks" / "gen"
    folder.mkdir()
    for slug, title, word in names:
        (folder / f"{slug}.md").write_text(runbook(title, word), encoding="utf-8")
    out = root / "public"
    subprocess.run([str(BINARY), "build", "--root", str(root), "--output", str(out)], check=True,
                   capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1780000000"})
    return out


@pytest.fixture(scope="module")
def deploys(tmp_path_factory):
    """(A, B, live): the two builds and the folder served, A's copy to begin with."""
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    tmp = tmp_path_factory.mktemp("skew")
    first = [(f"r{i:03d}", f"Gen runbook {i}", f"zeta{i}") for i in range(300)]
    second = [(f"a{i:03d}", f"Added runbook {i}", f"alpha{i}") for i in range(40)] + first[60:]
    a, b = build(tmp / "a", first), build(tmp / "b", second)
    return a, b, tmp / "live"


@pytest.fixture
def live(deploys):
    """Serves deploy A from a folder that `deploy()` replaces with B, as a host swaps a
    deploy in: every request after it is answered from B."""
    a, b, folder = deploys
    folder.unlink(missing_ok=True)
    swap_deploy(folder, a)
    FAULTS.clear()
    STALL.clear()
    with serve(folder) as srv:
        def deploy(back=False):
            swap_deploy(folder, a if back else b)
        srv.deploy = deploy
        yield srv
    FAULTS.clear()
    STALL.set()


def header_query(driver, words: str, timeout: float = 15.0) -> list[tuple[str, str]]:
    """Types `words` into the header's box; the final list's (title, path) pairs, or
    [("", text)] for a message."""
    box = driver.find_element(By.ID, "search-input")
    box.clear()
    box.send_keys(words)
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, timeout).until(
        lambda d: popup.is_displayed() and popup.get_attribute("aria-busy") != "true"
        and (popup.find_elements(By.CSS_SELECTOR, "a.result-title") or popup.find_elements(By.CSS_SELECTOR, "p.none")))
    titles = popup.find_elements(By.CSS_SELECTOR, "a.result-title")
    if not titles:
        return [("", popup.text)]
    return [(a.text.split(" ", 1)[1] if " " in a.text else a.text, urlsplit(a.get_attribute("href")).path)
            for a in titles]


def page_query(driver, words: str, timeout: float = 20.0) -> tuple[str, list[tuple[str, str]]]:
    """Types `words` into the search page's box; its status line and (title, path) pairs
    once they have stayed the same for a second (a search may start again)."""
    box = driver.find_element(By.ID, "search-page-input")
    box.clear()
    box.send_keys(words)
    read = ("return [new URLSearchParams(location.search).get('q'), document.getElementById('search-status').textContent,"
            " Array.from(document.querySelectorAll('#search-results a.result-title'), a => [a.textContent, a.pathname])]")
    seen = {"state": None, "since": 0.0}

    def settled(d):
        state = d.execute_script(read)
        if state[0] != words.strip() or not state[1]:
            return False
        if state != seen["state"]:
            seen.update(state=state, since=time.monotonic())
            return False
        return time.monotonic() - seen["since"] >= 1.0 and state
    state = WebDriverWait(driver, timeout, poll_frequency=0.2).until(settled)
    return state[1], [(t.split(" ", 1)[1] if " " in t else t, p) for t, p in state[2]]


def shots(driver, name: str) -> None:
    """The viewport at 390 and at 1280 CSS pixels: screenshots/<name>-390.png, -1280.png."""
    for width in (390, 1280):
        set_width(driver, width, 844)
        screenshot(driver, f"{name}-{width}", full_page=False)


def assert_header_lists_the_new_deploy(driver):
    """The header's results after the deploy: the second deploy's pages, not the first's."""
    # Page 101 was r100 before the deploy and is r120 after it: base listed the row it
    # had learnt for page 101 ("Gen runbook 100"), or another page's.
    got = header_query(driver, "zeta120")
    assert got[0] == ("Gen runbook 120", "/runbooks/gen/r120/"), got
    # A runbook the deploy added is found (base: "No results", its words looked up in
    # the previous deploy's shards' ranges).
    got = header_query(driver, "alpha5")
    assert got[0] == ("Added runbook 5", "/runbooks/gen/a005/"), got


def test_a_header_query_after_a_deploy_lists_the_new_deploys_pages(live):
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/"))
        assert header_query(driver, "zeta100")[0] == ("Gen runbook 100", "/runbooks/gen/r100/")
        live.deploy()
        assert_header_lists_the_new_deploy(driver)
        # Every title listed is the page its link opens.
        for title, path in header_query(driver, "drain"):
            n = title.rsplit(" ", 1)[1]
            assert path.endswith(("/r%03d/" if title.startswith("Gen") else "/a%03d/") % int(n)), (title, path)
        screenshot(driver, "deploy-skew-header-390", full_page=False)


# The browser's clock `window.__later` ms ahead of the real one.
LATER = "(() => { const real = Date.now.bind(Date); Date.now = () => real() + (window.__later || 0); })();"


def test_the_search_page_after_a_deploy_shows_the_new_deploys_pages(live):
    with chrome(service_worker=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LATER})
        load(driver, live.url("/search/"))
        status, rows = page_query(driver, "zeta100")
        assert rows[0] == ("Gen runbook 100", "/runbooks/gen/r100/"), (status, rows)
        status, rows = page_query(driver, "drain zeta150")
        live.deploy()
        # The shards of `zeta120` are in memory (the previous deploy's), its fragment is
        # not: base showed the new deploy's page of that number, "Gen runbook 140". Its
        # text holds none of the words: meta.json is looked at again.
        status, rows = page_query(driver, "zeta120")
        assert rows and rows[0] == ("Gen runbook 120", "/runbooks/gen/r120/"), (status, rows)
        # Rolled back, and the reader searches again a minute later (meta.json is looked
        # at again beside a query 10 s or more after the last look).
        live.deploy(back=True)
        driver.execute_script("window.__later = 60000")
        status, rows = page_query(driver, "zeta150")
        assert rows and rows[0] == ("Gen runbook 150", "/runbooks/gen/r150/"), (status, rows)
        live.deploy()
        driver.execute_script("window.__later = 120000")
        for words, want in [("zeta121", ("Gen runbook 121", "/runbooks/gen/r121/")),
                            ("alpha7", ("Added runbook 7", "/runbooks/gen/a007/")),
                            ("drain zeta150", ("Gen runbook 150", "/runbooks/gen/r150/"))]:
            status, rows = page_query(driver, words)
            assert rows and rows[0] == want, (words, status, rows)
        shots(driver, "deploy-skew-search-page")


def test_with_the_service_worker_a_deploy_does_not_mix_two_builds(live):
    with chrome() as driver:
        load(driver, live.url("/runbooks/"))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script(
            "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)") or d.refresh())
        load(driver, live.url("/runbooks/"))
        assert header_query(driver, "zeta100")[0] == ("Gen runbook 100", "/runbooks/gen/r100/")
        live.deploy()
        assert_header_lists_the_new_deploy(driver)


def test_a_captive_portal_is_named_not_called_offline(live):
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/gen/r001/"))
        FAULTS["/search/"] = "portal"
        got = header_query(driver, "zeta1")
        assert got[0][0] == "" and "web page instead of the search index" in got[0][1], got
        assert "offline" not in got[0][1].lower(), got
        screenshot(driver, "portal-header-390", full_page=False)
        FAULTS.clear()
        got = header_query(driver, "zeta10 ")
        assert got[0] == ("Gen runbook 10", "/runbooks/gen/r010/"), got
        # The search page, opened behind the portal: the same words, in its status line.
        FAULTS["/search/"] = "portal"
        load(driver, live.url("/search/?q=zeta10"))
        WebDriverWait(driver, 15).until(
            lambda d: "web page instead" in d.find_element(By.ID, "search-status").text)
        shots(driver, "portal-search-page")


def test_a_shard_cut_short_says_part_of_the_index_is_missing(live):
    with chrome(service_worker=False) as driver:
        load(driver, live.url("/search/"))
        FAULTS["/search/s/"] = "cut"
        FAULTS["/search/h/"] = "cut"
        status, rows = page_query(driver, "zeta100")
        note = driver.find_element(By.ID, "search-correction").text
        # Base: "Offline: results from the part of the index saved on this device", online.
        assert "could not be loaded" in note and "Offline" not in note, (note, status)
        shots(driver, "cut-shard-search-page")
        # One shard the server does not have (the build unchanged): the same, not "offline".
        FAULTS.clear()
        FAULTS["/search/s/"] = "gone"
        status, rows = page_query(driver, "zeta101")
        note = driver.find_element(By.ID, "search-correction").text
        assert "could not be loaded" in note and "Offline" not in note, (note, status)
        assert status == "No results in the part of the index that came.", status
        FAULTS.clear()
        status, rows = page_query(driver, "zeta100 ")
        assert rows and rows[0] == ("Gen runbook 100", "/runbooks/gen/r100/"), (status, rows)
        assert "could not be loaded" not in driver.find_element(By.ID, "search-correction").text


# The browser's clock set to `at` (ms since 1970) from the page's first script on.
CLOCK = """(() => { const real = Date.now.bind(Date), off = %d - real(); Date.now = () => real() + off; })();"""


def oncall_handoff(site: Path) -> tuple[int, str, str]:
    """(end of a shift, its engineer's name, the next engineer's name) from oncall.json."""
    import json
    data = json.loads((site / "oncall.json").read_text(encoding="utf-8"))
    names = {e["id"]: e["name"] for e in data["engineers"]}
    from datetime import datetime
    shifts = data["shifts"]
    for s, t in zip(shifts, shifts[1:]):
        if s["engineer"] != t["engineer"] and s["end"] == t["start"]:
            return int(datetime.fromisoformat(s["end"]).timestamp() * 1000), names[s["engineer"]], names[t["engineer"]]
    raise AssertionError("no handoff in oncall.json")


def test_the_on_call_box_follows_a_handoff_while_the_page_stays_open(live):
    end, before, after = oncall_handoff(live.site_dir)
    with chrome(service_worker=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK % (end - 3000)})
        server_clock(end - 3000)
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/profit/aggregate-profit/"))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        now = driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now")
        assert before in now.text, now.text
        # Three seconds later the shift has ended: base kept "On call now: <before>", until
        # a time already past, for as long as the page stayed open.
        live_wait(driver, 15).until(
            lambda d: after in d.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text)


def test_the_on_call_box_says_when_it_comes_from_the_saved_schedule(live):
    FAULTS["/oncall.json"] = "saved"
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/profit/aggregate-profit/"))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        box = driver.find_element(By.CSS_SELECTOR, "[data-oncall]")
        assert "Offline: worked out from the schedule saved on this device, published" in box.text, box.text
        screenshot(driver, "oncall-saved-390", full_page=False)


def throttle(driver, offline: bool) -> None:
    """DevTools' Slow 3G (2 s round trip, 50 kB/s), or offline."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 2000, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024})


def test_the_network_lost_mid_query_on_slow_3g_is_not_no_results(live):
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/gen/r001/"))
        try:
            throttle(driver, False)
            box = driver.find_element(By.ID, "search-input")
            box.send_keys("zeta5")
            time.sleep(0.5)
            throttle(driver, True)
            popup = driver.find_element(By.ID, "search-popup")
            WebDriverWait(driver, 30).until(lambda d: popup.is_displayed() and popup.get_attribute("aria-busy") != "true"
                                            and popup.find_elements(By.CSS_SELECTOR, "p.none"))
            # Base: "Offline: results from the part of the index saved on this device." over
            # "No results for “zeta5”." (the site has it; its files never came).
            assert "No results" not in popup.text, popup.text
            assert "You are offline" in popup.text, popup.text
            screenshot(driver, "offline-mid-query-header-390", full_page=False)
        finally:
            driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        # Back online, the same box finds it.
        box.clear()
        assert header_query(driver, "zeta5")[0] == ("Gen runbook 5", "/runbooks/gen/r005/")


def test_a_search_that_fails_after_results_were_shown_is_not_left_busy(live):
    """Session 40: a query that fails (here the network gone) after the list showed results
    said why (offline; "do not match yet" after a deploy, the same path) with
    `aria-busy="true"` left from the letter typed: screen readers and the
    tests waited on a list that was final, for as long as it stayed (fails on main: "true")."""
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/gen/r001/"))
        assert header_query(driver, "zeta10")[0] == ("Gen runbook 10", "/runbooks/gen/r010/")
        FAULTS["/search/"] = "drop"
        # Letters typed on (the list stays open, busy): a word of no term, whose typo
        # table does not come.
        driver.find_element(By.ID, "search-input").send_keys("9x")
        popup = driver.find_element(By.ID, "search-popup")
        WebDriverWait(driver, 10).until(lambda d: popup.find_elements(By.CSS_SELECTOR, "p.none"))
        assert "offline" in popup.text.lower(), popup.text
        # Until the list says it is final (main: "true" for as long as it stayed).
        WebDriverWait(driver, 10).until(lambda d: popup.get_attribute("aria-busy") == "false",
                                        message=f"aria-busy {popup.get_attribute('aria-busy')!r}")
        screenshot(driver, "failed-after-results-header-390", full_page=False)
