"""A phone on a bad network at 3 a.m. (session 36): what the service worker says when
answers come in another order than the requests went, a reader removing the saved
runbooks while a save is under way, a device too full to save the schedule, the on-call
box when the network comes back, the home screen's start page offline, and the search
page while its client is on its way.

The site and its misbehaving server are test_tab_days's (`site`, MODES): ("slow", s)
answers after `s` seconds, ("drop",) closes the connection unanswered, HEAD too.
"""

from __future__ import annotations

import json
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, live_wait, load, quiet, screenshot, set_width
from test_deploy_skew import deploys, header_query  # noqa: F401 (fixture)
from test_tab_days import MODES, controlled, keep, site  # noqa: F401 (fixture)

RUNBOOK = "/runbooks/profit/aggregate-profit/"

# The worker's saved copies: [pages saved, whether "keep runbooks offline" is recorded].
# [pages kept, the keep flag, redirects kept]: an alias or job route is kept as a 301
# under a key marked X-Pipebook-Redirect (sw.js `redirectKey`), not as a page.
SAVED = """const done = arguments[arguments.length - 1];
const keys = caches.has('pipebook-pages').then(h => h ? caches.open('pipebook-pages').then(c => c.keys()) : []);
const redirect = k => !!k.headers.get('X-Pipebook-Redirect');
Promise.all([
  keys.then(k => k.filter(x => !redirect(x)).length),
  caches.match('/__pipebook/keep', {cacheName: 'pipebook-settings'}).then(r => r ? r.text() : null),
  keys.then(k => k.filter(redirect).length),
]).then(done, e => done(String(e)));"""


STATUSES = """window.__statuses = []; let last = '';
new MutationObserver(() => { const s = document.getElementById('search-status'), p = document.getElementById('search-pending');
  const now = (s ? s.textContent : '') + '|' + (p && !p.hidden ? p.textContent : '');
  if (now !== last) { last = now; window.__statuses.push([Math.round(performance.now()), now]); }
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});"""


def box_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-oncall]").text


def test_a_late_answer_does_not_unmark_the_saved_index(site):
    """An answer to a request sent before the network went, arriving after a request that
    failed: base took it for the network being back, and the search then listed results
    from the saved index with nothing said ("Offline: ..." missing) while every request
    failed. The late answer is older news than the failure: the results say offline."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url(RUNBOOK))
        # The search client and index saved by the worker (a search while online).
        assert header_query(driver, "zeta5")[0][0] == "Gen runbook 5"
        WebDriverWait(driver, 15).until(lambda d: d.execute_async_script(
            "caches.match('/search/meta.json').then(r => arguments[0](!!r))"))
        load(driver, site.url(RUNBOOK))
        # A page asked for while the network works, answered late.
        MODES["/runbooks/gen/r002/"] = ("slow", 3)
        driver.execute_script("window.__late = fetch('/runbooks/gen/r002/').then(r => r.status)")
        MODES["/"] = ("drop",)
        # The schedule's request fails (its saved copy answers, marked); then the late
        # answer comes.
        offline = driver.execute_async_script(
            "fetch('/oncall.json', {cache: 'no-cache'}).then(r => arguments[0](r.headers.get('X-Pipebook-Offline')))")
        assert offline == "1", offline
        assert driver.execute_async_script("window.__late.then(arguments[0], e => arguments[0](String(e)))") == 200
        got = header_query(driver, "zeta5")
        assert got[0] == ("Gen runbook 5", "/runbooks/gen/r005/"), got
        popup = driver.find_element(By.ID, "search-popup").text
        assert popup.startswith("Offline: results from"), popup
        screenshot(driver, "late-answer-offline-search-390", full_page=False)


def test_removing_the_saved_runbooks_stops_a_save_under_way(site):
    """"Remove" pressed while "Keep runbooks offline" is saving (reopened /offline/ shows
    both during a save): base deleted the saved pages, said "Removed the saved pages", and
    the save went on putting every runbook back, and recorded them as kept."""
    listing = json.loads((site.a / "offline.json").read_text(encoding="utf-8"))
    total = sum(len(listing[k]) for k in ("pages", "index", "diagrams"))
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        MODES["/runbooks/gen/"] = ("slow", 0.3)
        keep(driver, " of ")  # "Saved 10 of 767…"
        # Opened again during the save: the save goes on, and "Remove" is offered.
        load(driver, site.url("/offline/"))
        forget = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "forget-button").is_displayed()
                                                 and d.find_element(By.ID, "forget-button"))
        assert driver.execute_async_script(SAVED)[0] < total, "the save ended before Remove was pressed"
        forget.click()
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 60).until(lambda d: "Removed the saved pages" in status.text)
        # Until nothing more is fetched (base: the rest of the save).
        site.log.clear()
        quiet(site.log, seconds=2.0, timeout=60)
        pages, flag, redirects = driver.execute_async_script(SAVED)
        assert (pages, flag, redirects) == (0, None, 0), (pages, flag, redirects, len(site.log.entries))
        assert "Removed the saved pages" in status.text, status.text
        button = driver.find_element(By.ID, "keep-button")
        assert button.is_enabled() and button.text == "Keep runbooks offline", button.text
        screenshot(driver, "keep-removed-during-save-390", full_page=False)


def test_remove_is_done_at_once_when_the_save_s_requests_hang(site):
    """"Remove" during a save whose requests hang (a network that takes them and answers
    late): it waited for the save to stop, which waited for its requests, and the page
    said nothing for as long as they hung. Removed at once now, and again once the
    requests come back, so the pages they bring are not kept."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        MODES["/runbooks/gen/"] = ("slow", 0.3)
        keep(driver, " of ")
        MODES["/runbooks/gen/"] = ("slow", 12)
        time.sleep(1)
        load(driver, site.url("/offline/"))
        forget = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "forget-button").is_displayed()
                                                 and d.find_element(By.ID, "forget-button"))
        forget.click()
        status = driver.find_element(By.ID, "keep-status")
        # Base: only once the hung requests came back (12 s).
        WebDriverWait(driver, 6).until(lambda d: "Removed the saved pages" in status.text)
        # The hung requests come back: what they bring is not kept.
        site.log.clear()
        time.sleep(13)
        quiet(site.log, seconds=2.0, timeout=60)
        pages, flag, redirects = driver.execute_async_script(SAVED)
        assert (pages, flag, redirects) == (0, None, 0), (pages, flag, redirects)


def test_keep_again_from_another_tab_while_a_removed_save_stops(site):
    """Keep in one tab, Remove in another while the save's requests hang, then Keep again
    there: the worker still held the stopping save as the one under way, and ignored the
    second Keep, whose tab said "Saving…" for ever with nothing saved."""
    listing = json.loads((site.a / "offline.json").read_text(encoding="utf-8"))
    total = sum(len(listing[k]) for k in ("pages", "index", "diagrams"))
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        MODES["/runbooks/gen/"] = ("slow", 0.3)
        keep(driver, " of ")
        MODES["/runbooks/gen/"] = ("slow", 20)
        time.sleep(1)
        driver.switch_to.new_window("tab")
        set_width(driver, 390, 844)
        load(driver, site.url("/offline/"))
        forget = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "forget-button").is_displayed()
                                                 and d.find_element(By.ID, "forget-button"))
        forget.click()
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 10).until(lambda d: "Removed the saved pages" in status.text)
        MODES.clear()
        # Base: "Saving…" until the test gave up (the hung requests came back at 20 s,
        # and nothing more was saved).
        text = keep(driver, "Saved all", timeout=40)
        assert f"Saved all {total} pages" in text, text
        # The stopped save's requests come back: the new save's pages stay.
        time.sleep(4)
        quiet(site.log, seconds=2.0, timeout=60)
        pages, flag, redirects = driver.execute_async_script(SAVED)
        assert pages == len(listing["pages"]) and flag not in (None, "pending"), (pages, flag)
        assert redirects == len(listing["redirects"]), (redirects, len(listing["redirects"]))
        screenshot(driver, "keep-again-after-remove-390", full_page=False)


def test_a_device_too_full_to_save_the_schedule_shows_the_network_s(site):
    """Storage nearly full: the worker could not save the schedule the network answered,
    and base answered with the copy saved before instead, saying "Offline: worked out
    from the schedule saved on this device" with the network working."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url(RUNBOOK))
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url, "quotaSize": 1})
        try:
            load(driver, site.url(RUNBOOK))
            live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
            assert "saved on this device" not in box_text(driver), box_text(driver)
            assert "On call now" in box_text(driver), box_text(driver)
            screenshot(driver, "oncall-device-full-390", full_page=False)
        finally:
            driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url})


def test_the_on_call_box_checks_again_when_the_network_is_back(site):
    """The schedule failed (a tunnel, a lift); the network came back with the page open:
    base said "Could not check who is on call now" until the page was reloaded."""
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        MODES["/oncall.json"] = ("drop",)
        load(driver, site.url(RUNBOOK))
        live_wait(driver, 15).until(lambda d: "Could not check who is on call now" in box_text(d))
        MODES.clear()
        # The browser's word that the network is back (its `online` event).
        driver.execute_cdp_cmd("Network.enable", {})
        off = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", off)
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {**off, "offline": False})
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert "Could not check" not in box_text(driver), box_text(driver)
        assert "On call now" in box_text(driver), box_text(driver)


def test_the_home_screen_start_page_opens_offline_unvisited(site):
    """The site opened from a phone's home screen (the manifest's start_url, the home page)
    with no network, the reader having read runbooks only: base showed the offline page
    ("not saved on this device"). Now the page added to the home screen (the browser's
    `appinstalled`, dispatched here: headless Chromium installs nothing) has the worker
    save the home page."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url(RUNBOOK))
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        driver.execute_script("window.dispatchEvent(new Event('appinstalled'))")
        WebDriverWait(driver, 15).until(lambda d: d.execute_async_script(
            "caches.match(location.origin + '/', {cacheName: 'pipebook-pages'}).then(r => arguments[0](!!r))"))
        MODES["/"] = ("drop",)
        load(driver, site.url("/"))
        assert driver.find_element(By.TAG_NAME, "h1").text == "Data Engineering Operations", driver.title
        live_wait(driver, 15).until(lambda d: "saved on this device" in box_text(d))
        screenshot(driver, "home-screen-offline-390", full_page=False)


def test_the_search_page_says_it_searches_before_the_client_comes(site):
    """Slow 3G: the search client and the index take seconds, and the search page with a
    query showed nothing under the box until the results (8 s before the waiting note);
    offline, without the client saved, nothing at all, for good."""
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        MODES["/static/search.js"] = ("slow", 6)
        # Every text of the status line, with when (ms): the page's load (which `load`
        # waits for) comes only with the client.
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": STATUSES})
        load(driver, site.url("/search/?q=zeta5"))
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a.result-title"))
        seen = [s for s in driver.execute_script("return window.__statuses") if s[1] != "|"]
        # "status|pending": "Searching…" first, then the count alone.
        assert seen[0][1] == "|Searching…" and seen[-1][1].endswith("results|"), seen
        assert seen[-1][0] - seen[0][0] > 4000, seen
        status = lambda d: d.find_element(By.ID, "search-status").text  # noqa: E731
        MODES["/static/search.js"] = ("drop",)
        load(driver, site.url("/search/?q=zeta5"))
        WebDriverWait(driver, 15).until(lambda d: "search is not saved on this device" in status(d))
        assert not driver.find_element(By.ID, "search-pending").is_displayed()
        screenshot(driver, "search-page-no-client-390", full_page=False)
