"""What session 23's reading of the built sites left (/work/notes/look23, item 10), as a
reader sees it in Chromium:

- "28 results, best 20 shown" gave no way to the other 8: a button shows them;
- an inline [TOC]'s sub-headings were counted (sections numbered 1, 2, 5);
- at 390 px a long site title squeezed the header's search box to about 110 px;
- every heading ended with an underlined "#";
- the live on-call box wrote "Mon, Dec 7, 02:00 PM UTC" beside the pages' "Mon 7 Dec
  2026, 09:00 EST".

The collection is built here: 30 runbooks that all say "disk", a [TOC] page, a long title.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from conftest import PAGES, build_site, live_wait, load, serve, set_width

TITLE = "PagerDuty incident response documentation"


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui24") / "tree"
    runbooks = root / "content" / "runbooks"
    runbooks.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(f"title: {TITLE}\n", encoding="utf-8")
    (runbooks / "index.md").write_text("Start here.\n", encoding="utf-8")
    for n in range(30):
        (runbooks / f"disk-{n:02}.md").write_text(
            f"# Disk {n}\n\nThe disk fills up on host {n}.\n", encoding="utf-8")
    (runbooks / "toc.md").write_text(
        "# Contents\n\n[TOC]\n\n## One\n\nx\n\n## Two\n\n### Two a\n\nx\n\n### Two b\n\nx\n\n"
        "## Three\n\nx\n", encoding="utf-8")
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


def test_the_search_page_shows_every_result_on_request(driver, collection):
    load(driver, collection.url("/search/?q=disk"))
    status = driver.find_element(By.ID, "search-status")
    live_wait(driver, 10).until(lambda d: "results" in status.text)
    total = int(status.text.split()[0])
    assert total >= 30 and status.text.startswith(f"{total} results, best 20 shown"), status.text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#search-results > li")) == 20
    more = driver.find_element(By.ID, "search-more")
    assert more.is_displayed() and more.text == f"Show all {total} results", more.text
    more.click()
    live_wait(driver, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#search-results > li")) == total)
    live_wait(driver, 10).until(lambda d: not d.find_element(By.ID, "search-more").is_displayed())
    assert status.text.startswith(f"{total} results"), status.text
    assert "shown" not in status.text, status.text


def test_an_inline_tocs_sub_headings_are_not_counted(driver, collection):
    load(driver, collection.url("/runbooks/toc/"))
    marker = driver.find_element(By.CSS_SELECTOR, "article .toc-inline")
    counted = driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll('li')).map(li => "
        "[li.className, getComputedStyle(li).counterIncrement])", marker)
    subs = [c for cls, c in counted if cls == "l3"]
    # `none` still counts a list item in Chromium (it adds to list-item unless told by
    # how much): "Three" was numbered 5.
    assert subs and set(subs) == {"list-item 0"}, counted


def test_the_header_search_box_keeps_room_on_a_phone(driver, collection):
    set_width(driver, 390, 844)
    load(driver, collection.url("/runbooks/disk-01/"))
    box = driver.find_element(By.CSS_SELECTOR, ".site-header .search input")
    assert box.size["width"] >= 160, box.size
    # The title gives way, with an ellipsis, and nothing scrolls sideways.
    assert driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")
    brand = driver.find_element(By.CSS_SELECTOR, ".site-header .brand")
    assert brand.size["width"] > 40, brand.size


def test_a_headings_mark_is_not_an_underlined_link(driver, collection):
    load(driver, collection.url("/runbooks/toc/"))
    mark = driver.find_element(By.CSS_SELECTOR, "h2#one + a.anchor")
    assert driver.execute_script(
        "return getComputedStyle(arguments[0]).textDecorationLine", mark) == "none"
    assert mark.get_attribute("href").endswith("#one")


def test_the_live_box_writes_times_as_the_pages_do(driver, base_url):
    # The reviewer's browser was American English: "Mon, Dec 7, 02:00 PM UTC".
    driver.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": "en-US"})
    try:
        load(driver, base_url + PAGES["home"])
        live_wait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live] time"))
        times = live_wait(driver, 10).until(lambda d: [
            t.text for t in d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live] time")])
    finally:
        driver.execute_cdp_cmd("Emulation.setLocaleOverride", {})
    # As src/render/oncall.rs writes them: "Mon 7 Dec 2026, 09:00 EST" (the year when it
    # is not this one).
    form = re.compile(r"^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}( \d{4})?, \d{2}:\d{2} \S+$")
    assert times and all(form.match(t) for t in times), times
