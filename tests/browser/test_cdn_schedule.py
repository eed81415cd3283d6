"""A phone on a bad network at 3 a.m. (session 39): `/oncall.json` older than the page,
past what test_old_schedule.py covers.

- A CDN that ignores the page's "no-cache" serves its older copy at every retry: base
  asked the same address each minute, and kept saying the schedule received was older,
  while the origin had the page's. Asked at an address of its own (a query the service
  worker passes on), the origin's schedule comes.
- While the page's own answer stands, offline and a device clock found wrong were not
  said: the box said a schedule was "received" when it was the copy saved on the device,
  and nothing of a clock days off.

Two builds of the example site (test_old_schedule's): A an hour ago, B now with an
override covering now. B is served; `/oncall.json` without a query is A's, as a CDN's
edge keeps it; with one, the origin's (B's).
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from functools import partial

import pytest
from selenium.webdriver.common.by import By

from conftest import _Handler, chrome, live_wait, load, screenshot, set_width
from conftest import serve as conftest_serve
from test_deploy_skew import BINARY
from test_live_pages import HOUR, clock
from test_offline import offline, wait_active, wait_saved
from test_old_schedule import NEW_YORK, RUNBOOK, box, build, on_at


class _Edge(_Handler):
    """`/oncall.json` asked without a query: the edge's older copy (`stale`), whatever the
    request's Cache-Control; `everywhere`: with a query too (the origin is behind)."""

    def __init__(self, *args, stale: bytes, everywhere: bool, **kwargs) -> None:
        self.stale, self.everywhere = stale, everywhere
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path, _, query = self.path.partition("?")
        if path == "/oncall.json" and (self.everywhere or not query):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(self.stale)))
            self.end_headers()
            self.wfile.write(self.stale)
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(B's folder, A's schedule as bytes, the names, who A says is on now, who B says)."""
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    tmp = tmp_path_factory.mktemp("cdn-schedule")
    now = int(time.time())
    a = build(tmp / "a", now - 3600)
    stale = (a / "oncall.json").read_bytes()
    old = json.loads(stale)
    was = on_at(old, now * 1000)
    cover = next(e["id"] for e in old["engineers"] if e["id"] != was)
    local = datetime.fromtimestamp(now, NEW_YORK).replace(second=0, microsecond=0)
    start, end = local - timedelta(hours=1), local + timedelta(hours=3)
    b = build(tmp / "b", now, f'overrides:\n  - {{ from: "{start:%Y-%m-%d %H:%M}", to: "{end:%Y-%m-%d %H:%M}", '
                              f'engineer: {cover}, reason: "added an hour ago" }}\n')
    names = {e["id"]: e["name"] for e in old["engineers"]}
    return b, stale, names, was, cover


def edge(folder, stale: bytes, everywhere: bool = False):
    return conftest_serve(folder, handler_class=partial(_Edge, stale=stale, everywhere=everywhere))


def test_a_cdn_s_stale_schedule_is_asked_past(site):
    folder, stale, names, was, cover = site
    with edge(folder, stale) as srv, chrome() as driver:
        set_width(driver, 390, 844)
        load(driver, srv.url(RUNBOOK))
        # Base: "The schedule received is older than this page" for as long as the page
        # stays open (its retry, a minute on, got the same copy).
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        text = box(driver)
        assert "older than this page" not in text, text
        now_line = driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text
        assert names[cover] in now_line and names[was] not in now_line, now_line
        asked = [r for r in srv.log.find("/oncall.json")]
        assert any(r.query for r in asked), [(r.path, r.query) for r in asked]
        screenshot(driver, "oncall-cdn-stale-asked-past-390", full_page=False)


def test_through_the_worker_the_query_reaches_the_origin(site):
    folder, stale, names, was, cover = site
    with edge(folder, stale) as srv, chrome() as driver:
        set_width(driver, 390, 844)
        load(driver, srv.url(RUNBOOK))
        wait_active(driver)
        # Controlled now: the schedule goes through the worker, which stripped the query
        # (base: its key, the path alone, was what it fetched).
        load(driver, srv.url(RUNBOOK))
        assert driver.execute_script("return !!navigator.serviceWorker.controller")
        srv.log.clear()
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        text = box(driver)
        assert "older than this page" not in text, text
        assert names[cover] in driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text
        # The origin's answer is the one saved for offline use.
        saved = driver.execute_async_script(
            "const done = arguments[0]; caches.match(location.origin + '/oncall.json', {cacheName: 'pipebook-pages'})"
            ".then(r => r ? r.json() : null).then(d => done(d && d.generated), () => done(null));")
        assert saved == json.loads((folder / "oncall.json").read_text(encoding="utf-8"))["generated"], saved


def test_offline_the_page_s_answer_says_the_saved_schedule_is_older(site):
    folder, stale, names, was, cover = site
    with chrome() as driver:
        set_width(driver, 390, 844)
        with edge(folder, stale, everywhere=True) as srv:
            load(driver, srv.url(RUNBOOK))
            wait_active(driver)
            load(driver, srv.url(RUNBOOK))
            wait_saved(driver, "/oncall.json")
        # The server stopped, the browser told it is offline.
        offline(driver)
        load(driver, srv.url(RUNBOOK))
        # Base: "The schedule received is older than this page", offline, from the copy
        # saved on the device, as if the network had answered.
        live_wait(driver, 15).until(lambda d: "older than this page" in box(d))
        text = box(driver)
        assert "Offline: the schedule saved on this device is older than this page" in text, text
        assert "shown as the page was built" in text and names[cover] in text, text
        screenshot(driver, "oncall-older-offline-390", full_page=False)


def test_a_wrong_clock_is_said_while_the_page_s_answer_stands(site):
    folder, stale, names, was, cover = site
    with edge(folder, stale, everywhere=True) as srv, chrome() as driver:
        set_width(driver, 390, 844)
        # The device's clock two days behind, the network's right: the page's answer stands
        # (by the network's clock), and base said nothing of the device's.
        with clock(driver, int(time.time() * 1000) - 48 * HOUR, server=False):
            load(driver, srv.url(RUNBOOK))
            live_wait(driver, 15).until(lambda d: "older than this page" in box(d))
            text = box(driver)
            assert "shown as the page was built" in text and names[cover] in text, text
            # 48 hours to the millisecond reads either way, as the page's clock ran on.
            assert re.search(r"This device's clock is (48 hours|2 days) behind", text), text
            screenshot(driver, "oncall-older-wrong-clock-390", full_page=False)
