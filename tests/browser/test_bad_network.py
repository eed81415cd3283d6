"""A phone on a bad network at 3 a.m. (session 33): a captive portal behind which the
service worker kept saving, a schedule that never comes, a search file that hangs.

The site and its misbehaving server are test_deploy_skew's (`live`, FAULTS): "portal"
answers 200 with a sign-in page, "drop" closes the connection, "stall" answers late.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, live_wait, load, screenshot, set_width
from test_deploy_skew import FAULTS, STALL, deploys, header_query, live  # noqa: F401 (fixtures)

RUNBOOK = "/runbooks/profit/aggregate-profit/"
CONTROLLED = "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"


def controlled(driver, url: str) -> None:
    """Opens `url` until the site's service worker answers for it."""
    load(driver, url)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(CONTROLLED) or d.refresh())


def box_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-oncall]").text


def test_the_worker_saves_nothing_a_captive_portal_answers(live):
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, live.url(RUNBOOK))
        load(driver, live.url(RUNBOOK))
        live_wait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        # Behind a portal: the saved runbook is shown (revalidated behind it), the schedule
        # asked for, and the search client fetched for the first time.
        FAULTS["/"] = "portal"
        load(driver, live.url(RUNBOOK))
        header_query(driver, "zeta1")
        # The network then goes: what the device saved must still be the site's.
        FAULTS["/"] = "drop"
        load(driver, live.url(RUNBOOK))
        # Base: the saved runbook was the portal's "Welcome aboard: sign in" page.
        assert "Welcome aboard" not in driver.page_source
        assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Profit"), driver.title
        # Base: the saved oncall.json was the sign-in page, so the box kept the build's
        # names without a word; now it says they come from the saved schedule.
        live_wait(driver, 10).until(lambda d: "saved on this device" in box_text(d))
        screenshot(driver, "portal-worker-offline-390", full_page=False)
        # The network back: search works (base: search.js was the sign-in page, refused
        # as a script, and kept in the build's cache: no search until the next deploy).
        FAULTS.clear()
        load(driver, live.url(RUNBOOK))
        assert header_query(driver, "zeta10 ")[0] == ("Gen runbook 10", "/runbooks/gen/r010/")


def test_the_on_call_box_says_when_it_could_not_check(live):
    """Without a worker (a first visit), the schedule failing or hanging: base kept the
    build's "On call now" without a word, as if it had been checked."""
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        for mode, words in [("drop", "Could not check who is on call now"),
                            ("portal", "Could not check who is on call now"),
                            ("stall", "Still checking who is on call now")]:
            FAULTS["/oncall.json"] = mode
            load(driver, live.url(RUNBOOK))
            live_wait(driver, 15).until(lambda d: words in box_text(d))
            assert "as the site was built" in box_text(driver), box_text(driver)
            screenshot(driver, f"oncall-{mode}-390", full_page=False)
        # The schedule comes after all: the box is live, the note gone.
        STALL.set()
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert "as the site was built" not in box_text(driver), box_text(driver)


def test_a_search_whose_index_hangs_says_it_is_waiting(live):
    """The index's files hang (a network that takes requests and answers nothing): base
    showed nothing at all under the box for as long as they hung."""
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url("/runbooks/gen/r001/"))
        FAULTS["/search/"] = "stall"
        driver.find_element(By.ID, "search-input").send_keys("zeta5")
        popup = driver.find_element(By.ID, "search-popup")
        WebDriverWait(driver, 15).until(lambda d: popup.is_displayed() and "Still waiting for the search index" in popup.text)
        assert "No results" not in popup.text, popup.text
        screenshot(driver, "search-stalled-390", full_page=False)
        # The files come after all: the results replace the note.
        STALL.set()
        WebDriverWait(driver, 15).until(lambda d: popup.find_elements(By.CSS_SELECTOR, "a.result-title"))
        assert "Still waiting" not in popup.text, popup.text


def test_a_search_that_waits_can_be_tried_again(live):
    """The waiting note's "Try again" drops the hung requests and asks again: base had no
    way out, and a search typed after waited on the same requests (cached promises)."""
    with chrome(service_worker=False) as driver:
        load(driver, live.url("/runbooks/gen/r001/"))
        FAULTS["/search/"] = "stall"
        driver.find_element(By.ID, "search-input").send_keys("zeta5")
        popup = driver.find_element(By.ID, "search-popup")
        again = WebDriverWait(driver, 15).until(lambda d: popup.find_elements(By.CSS_SELECTOR, ".waiting button.retry"))[0]
        assert again.text == "Try again", again.text
        for width in (390, 1280):
            set_width(driver, width, 844)
            screenshot(driver, f"search-stalled-retry-{width}", full_page=False)
        # The network is back, but the first requests still hang (STALL is never set).
        FAULTS.clear()
        again.click()
        WebDriverWait(driver, 15).until(lambda d: popup.find_elements(By.CSS_SELECTOR, "a.result-title"))
        assert "Gen runbook 5" in popup.text, popup.text
        assert "Still waiting" not in popup.text and popup.is_displayed(), popup.text


def test_the_search_page_says_it_waits_and_tries_again(live):
    """The search page said nothing while the index hung (base: an empty page for as long
    as the requests hung); now the note and its button, as in the header's list."""
    with chrome(service_worker=False) as driver:
        FAULTS["/search/"] = "stall"
        load(driver, live.url("/search/?q=zeta7"))
        note = WebDriverWait(driver, 15).until(lambda d: [n for n in d.find_elements(By.ID, "search-waiting") if n.is_displayed()])[0]
        assert "Still waiting for the search index" in note.text, note.text
        for width in (390, 1280):
            set_width(driver, width, 844)
            screenshot(driver, f"search-page-stalled-{width}", full_page=False)
        FAULTS.clear()
        note.find_element(By.CSS_SELECTOR, "button.retry").click()
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a.result-title"))
        assert "Gen runbook 7" in driver.find_element(By.ID, "search-results").text
        assert not note.is_displayed()
        # The filters' values, dropped with the rest, came with the second try.
        kinds = driver.find_elements(By.CSS_SELECTOR, "select[data-filter='kind'] option")
        assert len(kinds) > 1, [k.text for k in kinds]


def test_a_hung_filters_file_does_not_hold_the_search_page(live):
    """The search page waited for values.json (the filters' menus) before it searched: a
    hung one left the page empty, with nothing said, for as long as it hung."""
    with chrome(service_worker=False) as driver:
        FAULTS["/search/values.json"] = "stall"
        load(driver, live.url("/search/?q=zeta9"))
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a.result-title"))
        assert "Gen runbook 9" in driver.find_element(By.ID, "search-results").text
        assert "result" in driver.find_element(By.ID, "search-status").text
