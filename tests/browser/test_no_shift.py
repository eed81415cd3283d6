"""Nothing moves once shown, even on a slow phone or a busy laptop, where Chromium paints
the page before the deferred site.js has run or before the HTML has all arrived.

test_phone.py's `test_nothing_moves_once_shown` measures the layout shift of a normal load,
which only shows these causes when the machine is slow (CI saw 0.040 on a pipeline page at
1280 px: the header's search box jumped when site.js revealed the theme button, and the page
moved sideways when the scrollbar appeared). These tests make each cause certain."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, bypass_service_worker, load, set_width

PATHS = [PAGES["runbook"], PAGES["home"], PAGES["pipeline"], PAGES["oncall"]]

# Where the header's parts and the text are, in page coordinates.
RECTS = """
const out = {};
for (const sel of ['.site-header', '.brand', '.site-header .search', '#main']) {
  const el = document.querySelector(sel);
  if (!el) continue;
  const r = el.getBoundingClientRect();
  out[sel] = [r.left, r.top + scrollY, r.width, r.height].map(v => Math.round(v * 10) / 10);
}
return out;
"""


def header_places(driver) -> dict:
    places = driver.execute_script(RECTS)
    places.pop("#main", None)  # its height depends on what site.js adds to the text
    return places


@pytest.mark.parametrize("width", [390, 800, 1280])
def test_the_header_keeps_its_place_when_site_js_runs(driver, base_url, width):
    """The first paint, before the deferred site.js has run, is the page without it: its
    header must already be laid out as site.js leaves it (the Menu and theme buttons)."""
    set_width(driver, width)
    bypass_service_worker(driver)  # so that the block below applies to every request
    try:
        for path in PATHS:
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/static/site.js"]})
            load(driver, base_url + path)
            assert driver.execute_script("return !!document.getElementById('theme-toggle').hidden"), \
                "site.js ran although it was blocked"
            before = header_places(driver)
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
            load(driver, base_url + path)
            WebDriverWait(driver, 10).until(
                lambda d: not d.find_element(By.ID, "theme-toggle").get_attribute("hidden"))
            after = header_places(driver)
            assert before == after, f"{path} at {width}px: before site.js {before}, after {after}"
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


@pytest.mark.parametrize("path", [PAGES["runbook"], PAGES["home"]])
def test_a_scrollbar_appearing_moves_nothing(driver, base_url, path):
    """While the HTML arrives the page is short and has no scrollbar; when the rest
    arrives, a classic scrollbar (desktop Chromium: 15 px) appears. The page keeps the
    scrollbar's place from the start, so nothing moves sideways."""
    set_width(driver, 1280)
    load(driver, base_url + path)
    gutter = "return innerWidth - document.documentElement.clientWidth"
    assert driver.execute_script("return document.documentElement.scrollHeight > innerHeight"), \
        "the page must be long enough to scroll"
    assert driver.execute_script(gutter) > 0, "this Chromium draws no classic scrollbar"
    long_page = driver.execute_script(RECTS)
    # The same page cut short, as it is while its HTML is still arriving.
    driver.execute_script("for (const el of document.querySelectorAll('.page, .site-footer')) "
                          "el.style.display = 'none';")
    assert driver.execute_script("return document.documentElement.scrollHeight <= innerHeight")
    short_page = driver.execute_script(RECTS)
    for sel in (".site-header", ".brand", ".site-header .search"):
        if sel in long_page:
            assert long_page[sel][:3] == short_page[sel][:3], \
                f"{path}: {sel} moves when the scrollbar appears: {short_page[sel]} -> {long_page[sel]}"


# Each pipeline table's column edges with all its rows, then with its first row only (a
# page whose HTML has not all arrived).
COLUMNS = """
return [...document.querySelectorAll("main table.stack:not(.shifts)")].filter(t => t.tHead.rows[0].cells[0].textContent === "Pipeline").filter(t => t.tBodies[0].rows.length > 1).map(t => {
  const edges = () => [...t.tHead.rows[0].cells].map(th => Math.round(th.getBoundingClientRect().left));
  const all = edges();
  [...t.tBodies[0].rows].slice(1).forEach(r => r.remove());
  return [(t.closest('section') || {}).getAttribute?.('aria-labelledby') || '', all, edges()];
});
"""


@pytest.mark.parametrize("width", [800, 1280])
def test_a_pipeline_tables_columns_do_not_wait_for_its_rows(driver, base_url, width):
    """Throttled 8x, the home page still moved (0.0085): as its table's rows arrived, its
    columns were laid out again to fit them. They are set by the table's head."""
    set_width(driver, width)
    moved = []
    for path in (PAGES["home"], "/pipelines/", PAGES["engineer"]):
        load(driver, base_url + path)
        tables = driver.execute_script(COLUMNS)
        assert tables or path == PAGES["engineer"], f"{path}: no pipeline table of several rows"
        moved += [f"{path} {where}: {full} with every row, {first} with the first" for where, full, first in tables
                  if full != first]
    assert not moved, "\n".join(moved)
