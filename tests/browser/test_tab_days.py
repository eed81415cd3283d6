"""A tab left open for days, on a phone on a bad network (session 23).

The on-call schedule page open across a handoff (and a change of summer time), a page
brought back from the back/forward cache, "Keep runbooks offline" with the network
dropping, the device full, or the site deployed again under an old service worker.

The site is test_deploy_skew's: the example plus 300 generated runbooks, deploy A, and
deploy B (60 removed, 40 added), built with $PIPEBOOK_BIN ($PIPEBOOK_THEMES: a themes/
folder to build with instead of the binary's own).
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import threading
import time
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import RequestLog, SiteServer, chrome, load, screenshot, set_width
from test_deploy_skew import FAULTS, _FaultyHandler, deploys, shots  # noqa: F401 (fixture)

# Per path: ("pin", file) answers with that file (a sw.js that does not change: its
# update not in yet); ("drop",) closes the connection unanswered (the network gone);
# ("slow", seconds) waits first.
MODES: dict[str, tuple] = {}
# Pages sent without `Cache-Control: no-store`, so that Chrome keeps them in its
# back/forward cache.
CACHEABLE = {"on": False}


class _Handler(_FaultyHandler):
    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = urlsplit(self.path).path
        mode = next((m for prefix, m in MODES.items() if path.startswith(prefix)), None)
        if mode and mode[0] == "slow":
            time.sleep(mode[1])
        elif mode and mode[0] == "drop":
            self.close_connection = True
            return
        elif mode and mode[0] == "pin":
            self._answer(200, "text/javascript", Path(mode[1]).read_bytes())
            return
        super().do_GET()

    def send_header(self, keyword, value) -> None:
        if CACHEABLE["on"] and keyword.lower() == "cache-control":
            return
        super().send_header(keyword, value)


@contextlib.contextmanager
def serve(directory: Path):
    log = RequestLog()
    handler = functools.partial(_Handler, directory=str(directory), request_log=log)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield SiteServer(httpd, Path(directory), log)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def site(deploys):
    """Deploy A served from a folder that `deploy()` replaces with B."""
    a, b, folder = deploys
    folder = folder.with_name("live-days")
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(a, folder)
    FAULTS.clear()
    MODES.clear()
    CACHEABLE["on"] = False
    with serve(folder) as srv:
        def deploy():
            old = folder.with_name("old-days")
            folder.rename(old)
            shutil.copytree(b, folder)
            shutil.rmtree(old)
        srv.deploy = deploy
        srv.a, srv.b = a, b
        yield srv
    FAULTS.clear()
    MODES.clear()
    CACHEABLE["on"] = False


# The browser's clock: `at` (ms since 1970) when the page's first script runs, then
# `window.__later` ms further on (a page of the back/forward cache keeps its own).
CLOCK = ("(() => { const real = Date.now.bind(Date), off = %d - real();"
         " Date.now = () => real() + off + (window.__later || 0); })();")


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def schedule(site: Path) -> dict:
    return json.loads((site / "oncall.json").read_text(encoding="utf-8"))


def dst_handoff(data: dict) -> tuple[dict, dict]:
    """(a shift, the next one) where the team's clocks changed during the first: its
    end is in another UTC offset than its start."""
    zone = ZoneInfo(data["timezone"])
    shifts = data["shifts"]
    for s, t in zip(shifts, shifts[1:]):
        start, end = (datetime.fromisoformat(s[k]).astimezone(zone) for k in ("start", "end"))
        if start.utcoffset() != end.utcoffset() and s["end"] == t["start"] and s["engineer"] != t["engineer"]:
            return s, t
    raise AssertionError("no shift across a change of summer time in oncall.json")


CURRENT = """return [Array.from(document.querySelectorAll('.oncall-cal li.week.current time.when'), t => t.getAttribute('datetime')),
  Array.from(document.querySelectorAll('table.shifts tr.current td[data-label=From] time'), t => t.getAttribute('datetime')),
  document.querySelectorAll('.oncall-cal .badge, table.shifts .badge').length,
  Array.from(document.querySelectorAll('.oncall-cal li.week.past time.when'), t => t.getAttribute('datetime'))]"""


def test_the_schedule_page_follows_a_handoff_across_a_change_of_summer_time(site):
    """/oncall/ open for days (built in May, read in November): the week on now, its
    "now" badge and the past weeks follow the clock, across the handoff the page stays
    open for. Base: the build's week stayed "now" in the calendar and the table."""
    data = schedule(site.site_dir)
    s, t = dst_handoff(data)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    with chrome(service_worker=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK % (ms(s["end"]) - 4000)})
        set_width(driver, 390, 844)
        load(driver, site.url("/oncall/"))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        weeks, rows, badges, past = driver.execute_script(CURRENT)
        assert weeks == [s["start"]] and rows == [s["start"]] and badges == 2, (weeks, rows, badges)
        assert s["start"] not in past and all(ms(p) < ms(s["start"]) for p in past), past
        # Four seconds later: the next engineer, until a time in the other offset.
        box = driver.find_element(By.CSS_SELECTOR, "[data-oncall]")
        WebDriverWait(driver, 15).until(lambda d: names[t["engineer"]] in box.find_element(By.CSS_SELECTOR, ".now").text)
        weeks, rows, badges, past = driver.execute_script(CURRENT)
        assert weeks == [t["start"]] and rows == [t["start"]] and badges == 2, (weeks, rows, badges)
        assert s["start"] in past, past
        until = box.find_element(By.CSS_SELECTOR, ".now .until time")
        assert until.get_attribute("datetime") == t["end"], until.get_attribute("datetime")
        driver.execute_script("document.querySelector('.oncall-cal li.week.current').scrollIntoView({block: 'center'})")
        shots(driver, "dst-handoff-schedule")


def test_the_saved_schedule_note_gives_the_year_it_was_published(site):
    """Offline, the box says the schedule is the one saved, "published <date>": base gave
    no year ("Thu 28 May, 16:26 EDT"), and a phone that kept the site a year ago showed
    last year's date as this year's."""
    FAULTS["/oncall.json"] = "saved"
    year = datetime.fromisoformat(schedule(site.site_dir)["generated"]).year
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, site.url("/runbooks/profit/aggregate-profit/"))
        note = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall] .saved-note"))
        assert f"published " in note.text and str(year) in note.text, note.text
        screenshot(driver, "oncall-saved-year-390", full_page=False)


def test_a_page_back_from_the_back_forward_cache_shows_who_is_on_call_now(site):
    """Back to a runbook kept whole in the back/forward cache, hours after it was left:
    its on-call box is worked out again (base: the engineer of when it was left, until a
    time past)."""
    data = schedule(site.site_dir)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    s, t = dst_handoff(data)
    CACHEABLE["on"] = True
    with chrome(service_worker=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK % (ms(s["end"]) - 3600_000)})
        load(driver, site.url("/runbooks/profit/aggregate-profit/"))
        box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert names[s["engineer"]] in box.text, box.text
        # Two hours on when the reader comes back: the shift of `s` ended an hour before.
        # The page's clock (its own) moves now; none of its timers is due in real time,
        # as none runs while a page is in the back/forward cache.
        driver.execute_script("window.__kept = 1; window.__later = 7200000")
        load(driver, site.url("/runbooks/gen/r001/"))
        driver.back()
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return location.pathname") == "/runbooks/profit/aggregate-profit/")
        if not driver.execute_script("return window.__kept === 1"):
            pytest.skip("Chrome did not keep the page in its back/forward cache")
        WebDriverWait(driver, 10).until(
            lambda d: names[t["engineer"]] in d.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text)
