"""A phone on a bad network at 3 a.m., session 46.

1. On 2G the phone's menu button waited for site.js (deferred: it runs once the whole page
   is in, 7.1 s on a 10,000-runbook home page at 35 kB/s): shown only then, dead before.
   Now it shows at once and opens the header's own links (head.js, inline), and site.js
   takes the menu over when it runs, an open one into its drawer.
2. The reader's choice to keep runbooks was remembered in localStorage alone, which
   Firefox evicts with the caches: the eviction went unsaid. It is in a cookie too now.
3. Safari on an iPhone or iPad deletes a site's storage after 7 days without a visit
   (not the site opened from the Home Screen): /offline/ says so there, beforehand.
4. A device whose clock is behind (by a year: set by hand, lost) read a copy saved on a
   day after its clock as "(today)", whatever its real age: now said to be ahead of the
   device's clock, with no age.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load, screenshot, set_width
from test_deploy_skew import FAULTS, STALL, deploys, live  # noqa: F401 (fixtures)
from test_net44 import SAY_SAVED
from test_net45 import EVICT, bar_text
from test_tab_days import controlled, keep

RUNBOOK = "/runbooks/profit/aggregate-profit/"
TOOK_OVER = "return document.documentElement.hasAttribute('data-menu')"


def shown_links(driver) -> list[str]:
    nav = driver.find_element(By.CSS_SELECTOR, ".site-header .site-nav")
    return [a.text for a in nav.find_elements(By.TAG_NAME, "a") if a.is_displayed()]


def test_the_phone_menu_opens_before_site_js_has_come(live):
    FAULTS["/static/site.js"] = "stall"
    with chrome(service_worker=False, page_load="none") as driver:
        set_width(driver, 390, 844)
        driver.get(live.url(RUNBOOK))
        # The page's HTML is in; site.js is not.
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".site-footer"))
        assert not driver.execute_script(TOOK_OVER)
        button = driver.find_element(By.ID, "pipebook-menu")
        # Main: invisible (its place kept) until site.js showed it.
        assert button.is_displayed()
        assert shown_links(driver) == []
        button.click()
        WebDriverWait(driver, 10).until(lambda d: "Runbooks" in shown_links(d), message=str(shown_links(driver)))
        assert "On call" in shown_links(driver) and "Coverage" in shown_links(driver), shown_links(driver)
        assert button.get_attribute("aria-expanded") == "true"
        box = driver.execute_script(
            "const n = document.querySelector('.site-header .site-nav'), r = n.getBoundingClientRect();"
            "return [getComputedStyle(n).position, r.top, r.width, r.bottom, innerHeight]")
        assert box[0] == "fixed" and box[1] >= 40 and box[2] >= 250 and box[3] == box[4], box
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        screenshot(driver, "net46-menu-before-site-js-390", full_page=False)
        # Escape closes it, the button again opens it.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        WebDriverWait(driver, 10).until(lambda d: shown_links(d) == [])
        assert button.get_attribute("aria-expanded") == "false"
        button.click()
        WebDriverWait(driver, 10).until(lambda d: "Runbooks" in shown_links(d))
        # site.js comes: the open menu is its drawer now (the folder's tree in it), and
        # one press closes it (not the two menus toggling each other).
        STALL.set()
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(TOOK_OVER))
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "pipebook-drawer").is_displayed())
        assert shown_links(driver) == [], shown_links(driver)
        assert button.get_attribute("aria-expanded") == "true"
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pipebook-drawer nav.tree a"))
        button.click()
        WebDriverWait(driver, 10).until(lambda d: not d.find_element(By.ID, "pipebook-drawer").is_displayed())
        assert button.get_attribute("aria-expanded") == "false"
        assert shown_links(driver) == []
        button.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "pipebook-drawer").is_displayed())
        assert shown_links(driver) == []


def test_a_tap_outside_the_early_menu_closes_it_and_a_link_in_it_opens(live):
    FAULTS["/static/site.js"] = "stall"
    with chrome(service_worker=False, page_load="none") as driver:
        set_width(driver, 390, 844)
        driver.get(live.url(RUNBOOK))
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".site-footer"))
        button = driver.find_element(By.ID, "pipebook-menu")
        button.click()
        WebDriverWait(driver, 10).until(lambda d: "Runbooks" in shown_links(d))
        # A tap on the page (its title, under the list's shade).
        driver.execute_script("document.querySelector('main h1').click()")
        WebDriverWait(driver, 10).until(lambda d: shown_links(d) == [])
        button.click()
        WebDriverWait(driver, 10).until(lambda d: "Coverage" in shown_links(d))
        link = next(a for a in driver.find_elements(By.CSS_SELECTOR, ".site-header .site-nav a") if a.text == "Coverage")
        link.click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/coverage/"))


# What a browser's eviction of a site's storage leaves, as Firefox evicts (localStorage
# with the caches; test_net45's EVICT is Chrome's, which keeps localStorage).
EVICT_ALL = EVICT.replace("then(() => done(true)", "then(() => localStorage.clear()).then(() => done(true)")


def test_kept_runbooks_evicted_with_local_storage_are_still_said(base_url):
    """Main remembered the reader's choice in localStorage alone: a browser that evicts
    it with the caches (Firefox) left nothing to tell, and the next page said nothing."""
    assert EVICT_ALL != EVICT
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, base_url + "/offline/")
        keep(driver, "Saved all", timeout=120)
        assert driver.execute_async_script(EVICT_ALL) is True
        assert driver.execute_script("return localStorage.length") == 0
        load(driver, base_url + RUNBOOK)
        WebDriverWait(driver, 20).until(lambda d: "no longer on this device" in bar_text(d), message=bar_text(driver))
        driver.find_element(By.CSS_SELECTOR, ".updated-bar button").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/offline/"))
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 20).until(lambda d: "no longer on this device" in status.text, message=status.text)
        # Said once there: forgotten (cookie too).
        assert "pipebook-kept" not in driver.execute_script("return document.cookie")


def test_removed_then_evicted_is_not_said(base_url):
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, base_url + "/offline/")
        keep(driver, "Saved all", timeout=120)
        assert "pipebook-kept=1" in driver.execute_script("return document.cookie")
        driver.find_element(By.ID, "forget-button").click()
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 20).until(lambda d: "Removed" in status.text, message=status.text)
        assert "pipebook-kept" not in driver.execute_script("return document.cookie")
        assert driver.execute_async_script(EVICT_ALL) is True
        load(driver, base_url + RUNBOOK)
        driver.execute_async_script("const done = arguments[0]; setTimeout(done, 2500);")
        assert "no longer on this device" not in bar_text(driver), bar_text(driver)


IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
# iPadOS's Safari says it is a Mac's.
IPAD = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Safari/605.1.15")
HOME_SCREEN = "Object.defineProperty(navigator, 'standalone', { value: true, configurable: true });"


def ios_note(driver, url: str) -> str | None:
    load(driver, url)
    # offline.js (deferred) has run: it asked what the save would weigh.
    WebDriverWait(driver, 20).until(lambda d: "Finding out" not in d.find_element(By.ID, "keep-size").text)
    note = driver.find_element(By.ID, "keep-ios")
    return note.text if note.is_displayed() else None


def test_offline_page_tells_an_iphone_reader_safari_deletes_kept_runbooks_after_7_days(base_url):
    """Safari (iOS) deletes a site's script-written storage after 7 days without a visit,
    unless the site runs from the Home Screen; nothing is left to notice it by afterwards.
    Main said nothing of it."""
    url = base_url + "/offline/"
    with chrome() as driver:
        set_width(driver, 390, 844)
        assert ios_note(driver, url) is None  # Chrome on a computer
        driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": IPHONE})
        said = ios_note(driver, url)
        assert said and "7 days" in said and "Add to Home Screen" in said, said
        screenshot(driver, "net46-offline-iphone-390", full_page=False)
        driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": IPAD})
        assert ios_note(driver, url) is None  # a Mac
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        said = ios_note(driver, url)
        assert said and "7 days" in said, said  # an iPad
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOME_SCREEN})
        assert ios_note(driver, url) is None  # opened from the Home Screen


def test_a_copy_saved_on_a_day_the_devices_clock_has_not_reached_is_not_said_to_be_todays(driver, base_url):
    """The bar's date is the network's (the saved answer's `Date`), its age the device's
    clock's: a clock 200 days behind made a copy of any age up to 200 days "(today)"."""
    for back, age in ((-200, "it is behind"), (-1, "it is behind"), (0, "(today)"), (2, "(2 days ago)")):
        load(driver, base_url + RUNBOOK)
        said = driver.execute_script(SAY_SAVED, back)
        assert said and age in said, (back, said)
        if back < 0:
            assert "(today)" not in said and "ago" not in said, (back, said)
