"""A phone whose site.js did not come (session 55, net63): a 404 mid-deploy, a network that
dropped the request. The runbook page still says who is on call from the build; the search
page said nothing under its box (no results, no status: site.js loads the search client),
and now says what to do."""

from __future__ import annotations

from contextlib import contextmanager

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, load, set_width


@contextmanager
def blocked(driver, *patterns: str):
    """Requests matching `patterns` fail as a dropped network does (Chromium's own block),
    until the block ends (the module's browser is the next test's)."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(patterns)})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_without_site_js_the_search_page_says_what_to_do(driver_no_worker, base_url):
    drv = driver_no_worker
    set_width(drv, 390, 844)
    with blocked(drv, "*/static/site.js*"):
        load(drv, base_url + PAGES["search"] + "?q=profit")
        status = drv.find_element(By.ID, "search-status")
        WebDriverWait(drv, 10).until(lambda d: status.text, message="the search page says nothing")
        assert "did not load" in status.text and "Reload" in status.text, status.text
        assert status.is_displayed()
        # The header's box of another page: Enter still searches (the form's own action).
        load(drv, base_url + PAGES["runbook"])
        box = drv.find_element(By.ID, "search-input")
        WebDriverWait(drv, 10).until(lambda d: box.get_attribute("placeholder") == "Search: press Enter")
        # Who is on call, from the build, still at the top.
        now = drv.find_element(By.CSS_SELECTOR, ".incident [data-oncall] .now")
        assert now.text.startswith("On call now:") and now.find_elements(By.CSS_SELECTOR, ".until time"), now.text


def test_with_site_js_nothing_of_that_is_said(driver_no_worker, base_url):
    drv = driver_no_worker
    load(drv, base_url + PAGES["search"] + "?q=profit")
    WebDriverWait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert "did not load" not in drv.find_element(By.ID, "search-status").text
    load(drv, base_url + PAGES["runbook"])
    assert drv.find_element(By.ID, "search-input").get_attribute("placeholder") == "Search  /"
