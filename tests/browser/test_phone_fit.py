"""What a paged engineer's thumb and screen meet on a phone (390 x 844), found on the
screenshots of session 12: search results holding a long identifier must wrap inside the
screen (a corpus's `etcd_disk_wal_fsync_duration_seconds_bucket` ran off it and widened the
page), and the search page's filters must be big enough to tap (native selects are 23 px)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, copy_corpus, load, screenshot, serve, set_width

PHONE = (390, 844)

# The right edge of the widest box inside `arguments[0]`, and the page's own widths.
RIGHT_EDGE = """
const root = arguments[0];
let right = root.getBoundingClientRect().right;
for (const el of root.querySelectorAll('*')) right = Math.max(right, el.getBoundingClientRect().right);
const range = document.createRange();
range.selectNodeContents(root);
for (const r of range.getClientRects()) right = Math.max(right, r.right);
return [right, document.documentElement.scrollWidth, window.innerWidth];
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus-phone-fit")
    copy_corpus(root / "content" / "runbooks")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def assert_fits(driver, element, where: str) -> None:
    right, scroll_width, inner = driver.execute_script(RIGHT_EDGE, element)
    assert inner == PHONE[0], f"{where}: the page was widened to {inner} px"
    assert scroll_width <= PHONE[0], f"{where}: the page scrolls sideways ({scroll_width} px)"
    assert right <= PHONE[0] + 0.5, f"{where}: text runs off the screen to {right:.0f} px"


def test_search_results_with_long_identifiers_fit_a_phone(driver, corpus):
    set_width(driver, *PHONE)
    load(driver, corpus.url("/search/?q=etcd+disk"))
    results = driver.find_element(By.ID, "search-results")
    WebDriverWait(driver, 10).until(lambda d: "_bucket" in results.text, "no result shows the long identifier")
    screenshot(driver, "phone-fit-search-results", full_page=False)
    assert_fits(driver, results, "search page")


def test_the_search_filters_are_big_enough_to_tap(driver, base_url):
    set_width(driver, *PHONE)
    load(driver, base_url + "/search/?q=profit")
    selects = driver.find_elements(By.CSS_SELECTOR, ".search-page .filters select")
    assert len(selects) == 4
    for s in selects:
        r = s.rect
        assert r["height"] >= 36 and r["width"] >= 44, \
            f"{s.get_attribute('name')} filter is {r['width']:.0f} x {r['height']:.0f} px"


# The site's own tables (not runbooks' Markdown ones, which may be wider than any phone).
GENERATED = ["/", "/oncall/", "/coverage/", "/alerts/", "/pipelines/", "/pipelines/aggregate-profit/",
             "/engineers/", "/engineers/de1/", "/engineers/de3/"]


@pytest.mark.parametrize("width", [320, 390])
def test_the_sites_own_tables_fit_a_phone(driver, base_url, width):
    """The on-call page's holiday tables were cut at the right ('Why' showed 'Swapped the
    shift starting M'), to be scrolled sideways inside the page: one card per row, as the
    other tables."""
    set_width(driver, width, PHONE[1])
    wide = []
    for path in GENERATED:
        load(driver, base_url + path)
        wide += [f"{path} {w['after']}: {w['scroll']} px in {w['shown']}" for w in driver.execute_script(
            "return [...document.querySelectorAll('.table-wrap')].map(t => ({scroll: t.scrollWidth, shown: t.clientWidth,"
            " after: (t.previousElementSibling && t.previousElementSibling.id) || ''})).filter(t => t.scroll > t.shown + 1)")]
    assert not wide, "tables scroll sideways:\n" + "\n".join(wide)


def test_the_search_pages_filters_take_two_rows_on_a_phone(driver, base_url):
    """Four filters, each on a row of its own at 390 px, pushed the first result 190 px
    down the screen (session 13's screenshots): two rows, inside the screen."""
    set_width(driver, 390, 844)
    load(driver, base_url + "/search/?q=profit")
    boxes = driver.execute_script("""return Array.from(document.querySelectorAll('.search-page .filters select'))
      .map(s => { const r = s.getBoundingClientRect(); return [Math.round(r.top), r.left, r.right]; });""")
    assert len(boxes) == 4, boxes
    assert len({top for top, _, _ in boxes}) <= 2, boxes
    assert all(left >= 0 and right <= 390 for _, left, right in boxes), boxes
