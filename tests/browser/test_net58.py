"""A phone on a bad network at 3 a.m., an old phone, session 58.

1. A device whose clock is moved back (set by hand, corrected by the network) while a page
   is open: what the page asks again after a while, it asked by that clock. Moved back an
   hour, the search's "On call now" card kept its first answer, the on-call box brought
   back into view kept its schedule, and a search never looked for a deploy, for that
   hour: an override or a deploy made since went unseen. Now a while is counted by
   either clock, the device's or the page's own (`performance.now()`, which no one moves
   but which stands still while a phone sleeps).

Both clocks are moved in the page: `window.__wall` ms added to the device's, and
`window.__mono` ms to the page's own.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, live_wait, load, serve
from test_deploy_skew import deploys, live, page_query  # noqa: F401 (fixtures)

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
    """oncall.json with every shift given to one engineer, not the one on call `back_ms`
    ago (an override made while the page is open): that engineer's name. The file's time
    moved on, so the server does not answer "not modified"."""
    path = site / "oncall.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    then = datetime.now(timezone.utc) - timedelta(milliseconds=back_ms)
    cur = next(s["engineer"] for s in data["shifts"]
               if datetime.fromisoformat(s["start"]) <= then < datetime.fromisoformat(s["end"]))
    other = next(e for e in data["engineers"] if e["id"] != cur)
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
