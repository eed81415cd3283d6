"""A phone on a bad network at 3 a.m., session 45: a captive portal (or a proxy's sign-in
page) behind which the reader was not told the network is not the site's, nor why
"Keep runbooks offline" failed; an offline copy the browser evicted, found out only
offline.

The site is test_deploy_skew's (the example plus 300 generated runbooks), served by
test_tab_days's server: FAULTS["/"] = "portal" answers every address with 200 and a
sign-in page.
"""

from __future__ import annotations

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load, screenshot, set_width
from test_deploy_skew import FAULTS, deploys  # noqa: F401 (fixture)
from test_tab_days import controlled, keep, site  # noqa: F401 (fixture)

RUNBOOK = "/runbooks/profit/aggregate-profit/"

# What the browser's eviction of a site's storage leaves: no caches, no worker (its
# registration goes with them); localStorage is kept by Chrome.
EVICT = """const done = arguments[arguments.length - 1];
caches.keys().then(ns => Promise.all(ns.map(n => caches.delete(n))))
  .then(() => navigator.serviceWorker.getRegistrations())
  .then(rs => Promise.all(rs.map(r => r.unregister()))).then(() => done(true), e => done(String(e)));"""


def bar_text(driver) -> str:
    return " ".join(b.text for b in driver.find_elements(By.CSS_SELECTOR, ".updated-bar"))


def keep_button(driver):
    return WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.ID, "keep-button").is_displayed() and d.find_element(By.ID, "keep-button"))


def test_a_saved_runbook_behind_a_sign_in_page_says_the_network_is_not_the_sites(site):
    """Behind a portal the saved runbook was shown (right) without a word: the reader took
    it for the site's latest, and the network for working. Now a bar says the network
    answered with a page not the site's, with the day the copy was saved."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url(RUNBOOK))
        load(driver, site.url(RUNBOOK))
        FAULTS["/"] = "portal"
        load(driver, site.url(RUNBOOK))
        assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Profit"), driver.title
        WebDriverWait(driver, 15).until(lambda d: "not this site's" in bar_text(d), message=bar_text(driver))
        text = bar_text(driver)
        assert "sign-in" in text and "saved on this device on " in text, text
        assert "did not answer" not in text, text
        screenshot(driver, "net45-portal-saved-copy-390", full_page=False)
        # Signed in: the page opens with no bar.
        FAULTS.clear()
        load(driver, site.url(RUNBOOK))
        WebDriverWait(driver, 5).until(lambda d: d.execute_script("return document.readyState") == "complete")
        assert "not this site's" not in bar_text(driver), bar_text(driver)


def test_keep_behind_a_sign_in_page_says_to_sign_in(site):
    """The list of what to save answered by a portal: base said "Could not save the
    runbooks: Unexpected token '<', "<!doctype "... is not valid JSON"."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        keep_button(driver)
        FAULTS["/"] = "portal"
        text = keep(driver, "Could not save", timeout=30)
        assert "sign-in page" in text and "Sign in" in text, text
        assert "JSON" not in text and "token" not in text, text


def test_a_sign_in_page_during_keep_stops_it_and_says_so(site):
    """A Wi-Fi session ending during the save: every runbook answered with its sign-in
    page. Base fetched every one of them in vain, then said they "could not be fetched.
    Press the button again with a better connection". Now the save stops after a few and
    says the network answered with a web page; it is not recorded as whole."""
    listing = json.loads((site.a / "offline.json").read_text(encoding="utf-8"))
    runbooks = [e[0] for e in listing["pages"] if e[0].startswith("/runbooks/") and e[0] != "/runbooks/"]
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        button = keep_button(driver)
        FAULTS["/runbooks/"] = "portal"
        site.log.clear()
        keep(driver, "", timeout=5)
        WebDriverWait(driver, 90).until(lambda d: not button.get_attribute("disabled"))
        text = driver.find_element(By.ID, "keep-status").text
        asked = [p for p in site.log.paths() if p.startswith("/runbooks/") and p != "/runbooks/"]
        assert "sign-in page" in text and "save the rest" in text, text
        assert "better connection" not in text, text
        assert button.text == "Save the rest", button.text
        assert len(asked) < len(runbooks) // 4, (len(asked), len(runbooks))
        screenshot(driver, "net45-keep-portal-390", full_page=False)


def test_kept_runbooks_the_browser_evicted_are_said_before_they_are_needed(site):
    """A device short of space: the browser evicts the site's caches and worker. Base
    said nothing: the reader found out offline, at the runbook they needed. Now the next
    page read online says the kept runbooks are gone and offers to keep them again;
    /offline/ says it too. A reader who pressed Remove is told nothing."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        keep(driver, "Saved all", timeout=120)
        assert driver.execute_async_script(EVICT) is True
        load(driver, site.url(RUNBOOK))
        WebDriverWait(driver, 20).until(lambda d: "no longer on this device" in bar_text(d), message=bar_text(driver))
        screenshot(driver, "net45-evicted-390", full_page=False)
        driver.find_element(By.CSS_SELECTOR, ".updated-bar button").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/offline/"))
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 20).until(lambda d: "no longer on this device" in status.text, message=status.text)
        assert keep_button(driver).text == "Keep runbooks offline"
        # Said once there: the next page is quiet.
        load(driver, site.url(RUNBOOK))
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)") or d.refresh())
        driver.execute_async_script("const done = arguments[0]; setTimeout(done, 1500);")
        assert "no longer on this device" not in bar_text(driver), bar_text(driver)


def test_removed_runbooks_are_not_said_to_be_evicted(site):
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        keep(driver, "Saved all", timeout=120)
        driver.find_element(By.ID, "forget-button").click()
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 20).until(lambda d: "Removed" in status.text, message=status.text)
        load(driver, site.url(RUNBOOK))
        driver.execute_async_script("const done = arguments[0]; setTimeout(done, 2500);")
        assert "no longer on this device" not in bar_text(driver), bar_text(driver)


def test_an_update_of_kept_runbooks_on_a_full_device_is_said(site):
    """The runbooks kept at one deploy; the next deploy's update, asked by the next page
    read, found the device full. Base said nothing: the reader believed the kept copy
    current. Now the page says the kept runbooks could not all be updated."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        keep(driver, "Saved all", timeout=120)
        # Full: nothing more can be written (the worker's record of the choice either).
        driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url, "quotaSize": 1})
        try:
            site.deploy()
            load(driver, site.url(RUNBOOK))
            WebDriverWait(driver, 120).until(lambda d: "no room left" in bar_text(d),
                                            message=bar_text(driver))
            assert "could not all be updated" in bar_text(driver), bar_text(driver)
            screenshot(driver, "net45-update-device-full-390", full_page=False)
        finally:
            driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url})


def test_keep_on_a_device_with_no_room_at_all_says_so(site):
    """The device so full that the worker's record of the choice could not be written:
    base answered nothing, and the page said "Saving…" for ever."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        keep_button(driver)
        driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url, "quotaSize": 1})
        try:
            text = keep(driver, "no room left", timeout=30)
            assert "nothing could be saved" in text, text
            # Nothing was kept: the next page does not say kept runbooks were evicted.
            load(driver, site.url(RUNBOOK))
            driver.execute_async_script("const done = arguments[0]; setTimeout(done, 2500);")
            assert "no longer on this device" not in bar_text(driver), bar_text(driver)
        finally:
            driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url})
