"""A phone on a bad network at 3 a.m., an old phone, session 58.

1. A device whose clock is moved back (set by hand, corrected by the network) while a page
   is open: what the page asks again after a while, it asked by that clock. Moved back an
   hour, the search's "On call now" card kept its first answer, the on-call box brought
   back into view kept its schedule, and a search never looked for a deploy, for that
   hour: an override or a deploy made since went unseen. Now a while is counted by
   either clock, the device's or the page's own (`performance.now()`, which no one moves
   but which stands still while a phone sleeps).
2. A proxy ending a file of the theme early (a gzip body cut half-way, framed as complete:
   the browser takes it) while the service worker installed: the build's cache kept the
   cut style.css (4,541 of its 11,051 bytes) or script, served at every visit until the
   next deploy. Now sw.js knows each theme file's size, and keeps none of another.
3. A device whose clock is wrong by days: the search's "On call now" card named the
   engineer of the shift the device's clock was in, where the on-call box, by the
   network's clock (session 36), named the right one, on the same runbook page. Now the
   card goes by the network's clock too.
4. A tab left open on a "who is on call" card (a phone locked at 22:00, unlocked at
   3 a.m.: the page is not loaded again) kept naming the engineer of a shift over since,
   "until" a time past. Now the card is worked out again when shown past the handoff.

Both clocks are moved in the page: `window.__wall` ms added to the device's, and
`window.__mono` ms to the page's own.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import _Handler, chrome, live_wait, load, serve, server_clock
from test_deploy_skew import deploys, live, page_query  # noqa: F401 (fixtures)
from test_live_pages import HOUR, clock, ms, schedule
from test_offline import wait_active

HOUR_MS = 3600 * 1000
MINUTE_MS = 60 * 1000

CLOCKS = """(() => { const Real = Date, mono = performance.now.bind(performance);
  self.__wall = 0; self.__mono = 0;
  function D(...a) { if (!new.target) return new Real(Real.now() + self.__wall).toString();
    return a.length ? new Real(...a) : new Real(Real.now() + self.__wall); }
  D.prototype = Real.prototype; D.now = () => Real.now() + self.__wall; D.parse = Real.parse; D.UTC = Real.UTC;
  self.Date = D;
  performance.now = () => mono() + self.__mono; })();"""


def moved(driver, wall: int, mono: int) -> None:
    """The device's clock moved by `wall` ms, and `mono` ms gone by."""
    driver.execute_script("self.__wall = arguments[0]; self.__mono = arguments[1];", wall, mono)


def override_everything(site: Path, back_ms: int) -> str:
    """oncall.json with every shift given to one engineer, on call neither now nor
    `back_ms` ago (an override made while the page is open): that engineer's name. (Not
    the one on call `back_ms` ago alone: with a handoff in between, that was the one on
    call now, whom the page already named.) The file's time moved on, so the server does
    not answer "not modified"."""
    path = site / "oncall.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    now = datetime.now(timezone.utc)
    on = {s["engineer"] for s in data["shifts"] for t in (now, now - timedelta(milliseconds=back_ms))
          if datetime.fromisoformat(s["start"]) <= t < datetime.fromisoformat(s["end"])}
    other = next(e for e in data["engineers"] if e["id"] not in on)
    for s in data["shifts"]:
        s["engineer"], s["override"] = other["id"], True
    path.write_text(json.dumps(data), encoding="utf-8")
    later = time.time() + 60
    os.utime(path, (later, later))
    return other["name"]


def primary(driver) -> str:
    """The card's "Primary:" line ("" when there is none yet)."""
    rows = driver.find_elements(By.CSS_SELECTOR, "[data-answer] .answer .answer-row")
    return next((r.text for r in rows if r.text.startswith("Primary:")), "")


def test_the_on_call_card_asks_again_five_minutes_on_with_the_clock_moved_back(site_dir, tmp_path):
    """Main: the card for "who is on call", asked again six minutes on with the device's
    clock moved back an hour, still named the engineer of the first answer (its schedule
    kept until the clock had gone 65 minutes past it). Now it names the override."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    with serve(site) as srv, chrome(service_worker=False) as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCKS})
        load(drv, srv.url("/search/?q=who+is+on+call"))
        WebDriverWait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-answer] .answer-row"))
        first = primary(drv)
        name = override_everything(site, HOUR_MS)
        assert first and name not in first, first
        srv.log.clear()
        moved(drv, -HOUR_MS, 6 * MINUTE_MS)
        box = drv.find_element(By.ID, "search-page-input")
        box.clear()
        box.send_keys("on call now")
        try:
            live_wait(drv, 15).until(lambda d: name in primary(d))
        except Exception:
            card = drv.find_element(By.CSS_SELECTOR, "[data-answer] .answer").text
            raise AssertionError(f"{name} not on call in the card: {card!r}; asked {srv.log.paths()}")
        # Asked once, and again only five minutes on.
        assert srv.log.paths().count("/oncall.json") == 1, srv.log.paths()
        srv.log.clear()
        box.clear()
        box.send_keys("who is on call")
        live_wait(drv, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-answer] .answer").text)
        time.sleep(1)
        assert "/oncall.json" not in srv.log.paths(), srv.log.paths()


def test_the_on_call_box_shown_again_five_minutes_on_with_the_clock_moved_back(site_dir, tmp_path):
    """Main: the home page's on-call box, its tab shown again six minutes on with the device's
    clock moved back an hour, did not ask for the schedule again (an override made since
    stayed out of it for the hour). Now it asks, and shows the override."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    with serve(site) as srv, chrome(service_worker=False) as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCKS})
        load(drv, srv.url("/"))
        live_wait(drv, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert drv.find_element(By.CSS_SELECTOR, "[data-oncall] .now strong").text
        name = override_everything(site, HOUR_MS)
        assert drv.find_element(By.CSS_SELECTOR, "[data-oncall] .now strong").text != name
        srv.log.clear()
        time.sleep(1)
        assert "/oncall.json" not in srv.log.paths(), srv.log.paths()
        moved(drv, -HOUR_MS, 6 * MINUTE_MS)
        drv.execute_script("document.dispatchEvent(new Event('visibilitychange'))")
        try:
            live_wait(drv, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall] .now strong").text == name)
        except Exception:
            box = drv.find_element(By.CSS_SELECTOR, "[data-oncall]").text
            raise AssertionError(f"{name} not in the box: {box!r}; asked {srv.log.paths()}")
        # Shown again at once: not asked again.
        srv.log.clear()
        drv.execute_script("document.dispatchEvent(new Event('visibilitychange'))")
        time.sleep(1)
        assert "/oncall.json" not in srv.log.paths(), srv.log.paths()


def test_a_search_a_minute_on_with_the_clock_moved_back_finds_the_new_deploy(live):  # noqa: F811
    """Main: a runbook a deploy added, searched for a minute after the last search with the
    device's clock moved back an hour: "No results" (meta.json not looked at again until
    the clock had gone past the last look). Now it is found."""
    with chrome(service_worker=False) as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCKS})
        load(drv, live.url("/search/"))
        status, rows = page_query(drv, "zeta100")
        assert rows[0] == ("Gen runbook 100", "/runbooks/gen/r100/"), (status, rows)
        live.deploy()
        moved(drv, -HOUR_MS, MINUTE_MS)
        status, rows = page_query(drv, "alpha5")
        assert rows and rows[0] == ("Added runbook 5", "/runbooks/gen/a005/"), (status, rows)


class CutFile(_Handler):
    """A proxy that ends `PATH`'s gzip body half-way, framed as complete (its length the
    bytes sent), with the file's own type: the browser takes it as the whole file."""
    PATH = ""

    def do_GET(self):
        path = urlsplit(self.path).path
        if path != CutFile.PATH:
            return super().do_GET()
        body = gzip.compress((Path(self.directory) / path.lstrip("/")).read_bytes())
        body = body[: len(body) // 2]
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# The length of `arguments[0]`'s text in each cache of the site that holds it.
CACHED = """const done = arguments[arguments.length - 1], url = location.origin + arguments[0];
caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.match(url))
  .then(r => r ? r.text().then(t => [n, t.length]) : null)))).then(all => done(all.filter(Boolean)), e => done(String(e)));"""


# The page's registration of the worker held until the test calls `__register()`.
HELD = """(() => { const real = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (...a) {
    self.__register = () => real.apply(this, a); return new Promise(() => {}); }; })();"""


@pytest.mark.parametrize("path", ["/static/style.css", "/static/site.js"])
def test_a_theme_file_cut_short_during_the_install_is_not_kept(site_dir, tmp_path, path):
    """Main: the worker installed while a proxy cut `path` short kept the cut copy
    (style.css: 4,541 of 11,051 bytes), and served it at every later visit with the
    network whole. Now it keeps none cut, and the whole file once it comes."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    size = len((site / path.lstrip("/")).read_bytes())
    with serve(site, handler_class=CutFile) as srv, chrome() as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HELD})
        load(drv, srv.url("/"))
        WebDriverWait(drv, 15).until(lambda d: d.execute_script("return !!self.__register"))
        CutFile.PATH = path
        try:
            # The page's own copy came whole (site.js registers the worker); the
            # worker's install gets the cut one.
            drv.execute_script("self.__register()")
            wait_active(drv)
            cut = drv.execute_async_script(CACHED, path)
            assert all(n == size for _, n in cut), cut
        finally:
            CutFile.PATH = ""
        load(drv, srv.url("/"))
        try:
            WebDriverWait(drv, 15).until(lambda d: (got := d.execute_async_script(CACHED, path))
                                         and all(n == size for _, n in got))
        except Exception:
            raise AssertionError(f"{path} ({size} bytes) kept as {drv.execute_async_script(CACHED, path)}")
        served = drv.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0]).then(r => r.text()).then(t => done(t.length), e => done(String(e)));", path)
        assert served == size, (served, size)


def test_the_on_call_card_goes_by_the_networks_clock_when_the_devices_is_days_behind(site_dir, tmp_path):
    """Main: with the device's clock days back, in another engineer's shift, the card
    said "Primary: <that engineer>" on the search page, and in the header of a runbook
    whose on-call box said the right one. Now the card names the engineer on call now."""
    data = schedule(site_dir)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    now = time.time() * 1000
    shifts = data["shifts"]
    i = next(i for i, s in enumerate(shifts) if ms(s["start"]) <= now < ms(s["end"]))
    before = next(s for s in reversed(shifts[:i]) if s["engineer"] != shifts[i]["engineer"])
    right, wrong = names[shifts[i]["engineer"]], names[before["engineer"]]
    with serve(site_dir) as srv, chrome(service_worker=False) as drv, \
            clock(drv, ms(before["start"]) + HOUR, server=False):
        load(drv, srv.url("/search/?q=who+is+on+call"))
        live_wait(drv, 15).until(lambda d: primary(d))
        said = primary(drv)
        assert right in said and wrong not in said, (said, right)
        load(drv, srv.url("/runbooks/profit/aggregate-profit/"))
        live_wait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert right in drv.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text
        box = drv.find_element(By.ID, "search-input")
        box.send_keys("who is on call")
        live_wait(drv, 15).until(lambda d: any(r.text.startswith("Primary:") for r in
                                               d.find_elements(By.CSS_SELECTOR, "#search-popup .answer-row")))
        said = next(r.text for r in drv.find_elements(By.CSS_SELECTOR, "#search-popup .answer-row")
                    if r.text.startswith("Primary:"))
        assert right in said and wrong not in said, (said, right)


def test_a_card_shown_again_past_the_handoff_names_the_next_engineer(site_dir, tmp_path):
    """Main: the search page's card, its tab shown again a minute past the handoff (the
    device's and the network's clocks both there), still said "Primary: <the engineer
    before> until <the handoff>". Now it names the engineer on call now."""
    data = schedule(site_dir)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    now = time.time() * 1000
    shifts = data["shifts"]
    i = next(i for i, s in enumerate(shifts) if ms(s["start"]) <= now < ms(s["end"]))
    after = next(s for s in shifts[i + 1:] if s["engineer"] != shifts[i]["engineer"])
    then, later = names[shifts[i]["engineer"]], names[after["engineer"]]
    with serve(site_dir) as srv, chrome(service_worker=False) as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCKS})
        load(drv, srv.url("/search/?q=who+is+on+call"))
        live_wait(drv, 15).until(lambda d: primary(d))
        assert then in primary(drv), primary(drv)
        ahead = int(ms(after["start"]) - time.time() * 1000) + MINUTE_MS
        server_clock(int(time.time() * 1000) + ahead)
        moved(drv, ahead, ahead)
        drv.execute_script("document.dispatchEvent(new Event('visibilitychange'))")
        try:
            live_wait(drv, 15).until(lambda d: later in primary(d))
        except Exception:
            raise AssertionError(f"{later} not on call in the card: {primary(drv)!r}")
