"""Sixth red-team review in Chromium (see tests/redteam6.rs for the build side): the
addresses anyone can send a reader to. The 404 page searches the words of the address
asked for and the offline page names it: neither may show text that reads otherwise
than it is (bidi controls, zero-width characters), nor make hundreds of searches for an
address of hundreds of words, nor stop on an address that is not UTF-8.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load, serve
from test_offline import h1, wait_saved

INVISIBLE = ("\u202e", "\u202d", "\u2066", "\u200b", "\u2060", "\ufeff")


def path_search_status(driver) -> str:
    status = driver.find_element(By.ID, "path-search-status")
    WebDriverWait(driver, 15).until(lambda d: status.text and not status.text.startswith("Searching"))
    return status.text


def test_the_404_page_shows_the_address_words_without_reordering_or_hidden_characters(driver, base_url):
    # `/runbooks/%E2%80%AEexe.gnp/`: the words read reversed ("png.exe") on the page.
    load(driver, base_url + "/runbooks/%E2%80%AEaggregate-pro%E2%80%8Bfit%E2%81%A6x/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Page not found"
    text = path_search_status(driver)
    assert not any(c in text for c in INVISIBLE), repr(text)
    assert "aggregate profit" in text, text


def test_an_address_of_hundreds_of_words_makes_a_few_searches(driver, base_url):
    words = "-".join(f"w{i}" for i in range(300))
    load(driver, base_url + f"/runbooks/folder-one/{words}-aggregate-profit/")
    text = path_search_status(driver)
    quoted = text.split("“", 1)[1].split("”", 1)[0]
    assert len(quoted.split()) <= 8 and quoted.endswith("aggregate profit"), quoted


def test_the_offline_page_names_a_missing_address_that_is_not_utf8(site_dir):
    # `%E0%A4%A` is no UTF-8: decodeURIComponent threw, and the offline page's script
    # stopped before naming the page or offering to keep the runbooks.
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            load(drv, base + "/runbooks/profit/aggregate-profit/")
            wait_saved(drv, "/runbooks/profit/aggregate-profit/")
        for path in ("/runbooks/%E0%A4%A/x/", "/runbooks/%E2%80%AEfdp.exe/"):
            load(drv, base + path)
            assert h1(drv) == "Offline reading"
            missing = drv.find_element(By.ID, "offline-missing")
            assert missing.is_displayed(), path
            shown = drv.find_element(By.ID, "offline-path").text
            assert shown and not any(c in shown for c in INVISIBLE), repr(shown)
