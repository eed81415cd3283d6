"""A phone on a bad network at 3 a.m. (session 37): copies that a cut connection or a
cache on the way leaves behind. A search index file cut short on its way (a proxy ending
a gzip body early: a complete answer, half the file) must not be kept by the service
worker as this build's copy, or search stays broken for those words once the network is
good again, until the next deploy. The schedule cut short likewise must not take the place
of the one saved on the device.

The site and its faulty server are test_deploy_skew's (`live`, FAULTS).
"""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load, screenshot, set_width
from test_deploy_skew import FAULTS, deploys, live, page_query  # noqa: F401 (fixtures)

RUNBOOK = "/runbooks/profit/aggregate-profit/"


def test_a_shard_cut_short_is_not_kept_by_the_worker(live):
    with chrome() as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/search/"))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return !!navigator.serviceWorker.controller"))
        load(driver, live.url("/search/"))
        FAULTS["/search/s/"] = "cut"
        FAULTS["/search/h/"] = "cut"
        page_query(driver, "zeta100")
        note = driver.find_element(By.ID, "search-correction").text
        assert "could not be loaded" in note, note
        # The network whole again: the same words find their runbook.
        FAULTS.clear()
        load(driver, live.url("/search/"))
        status, rows = page_query(driver, "zeta100")
        assert rows and rows[0] == ("Gen runbook 100", "/runbooks/gen/r100/"), (status, rows,
                                                                               driver.find_element(By.ID, "search-correction").text)
        screenshot(driver, "search-after-cut-shard-390", full_page=False)


SAVED_SCHEDULE = """const done = arguments[arguments.length - 1];
caches.match('/oncall.json', {cacheName: 'pipebook-pages'}).then(r => r ? r.text() : '')
  .then(t => { try { done(JSON.parse(t).shifts.length); } catch (e) { done(String(e)); } });"""


def test_a_schedule_cut_short_does_not_replace_the_saved_one(live):
    """The schedule answered cut short: base saved it over the good copy, and offline the
    box could not be worked out ("Could not check who is on call now")."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return !!navigator.serviceWorker.controller"))
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: isinstance(d.execute_async_script(SAVED_SCHEDULE), int))
        FAULTS["/oncall.json"] = "cut"
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]")
                                        or "Could not check" in d.find_element(By.CSS_SELECTOR, "[data-oncall]").text)
        time.sleep(1)
        saved = driver.execute_async_script(SAVED_SCHEDULE)
        assert isinstance(saved, int) and saved > 0, saved
        box = driver.find_element(By.CSS_SELECTOR, "[data-oncall]").text
        assert "On call now" in box and "Could not check" not in box, box
        screenshot(driver, "oncall-cut-schedule-390", full_page=False)


def test_a_schedule_cut_short_is_not_called_offline(live):
    """The schedule answered cut short (the network answered, the body broke): the worker
    answers with the saved copy, and base's box said "Offline: worked out from the
    schedule saved on this device", which sent the reader to check a network that works.
    The box says what happened; with the network gone it still says "Offline"."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return !!navigator.serviceWorker.controller"))
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: isinstance(d.execute_async_script(SAVED_SCHEDULE), int))
        box = lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall]").text  # noqa: E731
        FAULTS["/oncall.json"] = "cut"
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: "saved on this device" in box(d))
        text = box(driver)
        assert "The schedule did not arrive whole: worked out from the copy saved on this device" in text, text
        assert "Offline" not in text, text
        screenshot(driver, "oncall-cut-schedule-note-390", full_page=False)
        FAULTS["/oncall.json"] = "drop"
        load(driver, live.url(RUNBOOK))
        WebDriverWait(driver, 15).until(lambda d: "saved on this device" in box(d))
        text = box(driver)
        assert "Offline: worked out from the schedule saved on this device" in text, text
        assert "did not arrive whole" not in text, text
