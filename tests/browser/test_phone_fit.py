"""What a paged engineer's thumb and screen meet on a phone (390 x 844), found on the
screenshots of session 12: search results holding a long identifier must wrap inside the
screen (a corpus's `etcd_disk_wal_fsync_duration_seconds_bucket` ran off it and widened the
page), and the search page's filters must be big enough to tap (native selects are 23 px)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, copy_corpus, load, screenshot, serve, set_width, site_with

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


def open_filters(driver) -> None:
    """Opens the search page's filters where they are a closed row (a phone)."""
    box = driver.find_element(By.CSS_SELECTOR, ".search-page details.filter-box")
    summary = box.find_element(By.TAG_NAME, "summary")
    if summary.is_displayed() and box.get_attribute("open") is None:
        summary.click()


def test_the_search_filters_are_big_enough_to_tap(driver, base_url):
    set_width(driver, *PHONE)
    load(driver, base_url + "/search/?q=profit")
    open_filters(driver)
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


def test_the_search_pages_filters_are_one_closed_row_on_a_phone(driver, base_url):
    """Four filters, each on a row of its own at 390 px, pushed the first result 190 px
    down the screen (session 13's screenshots), and two rows still 100 px: on a phone they
    are one closed row, which says when a filter is set, and open as two rows, inside the
    screen. From 720 px they are shown, with no row to open."""
    set_width(driver, 390, 844)
    load(driver, base_url + "/search/?q=profit")
    results = driver.find_element(By.ID, "search-results")
    WebDriverWait(driver, 10).until(lambda d: results.find_elements(By.CSS_SELECTOR, "a.result-title"))
    summary = driver.find_element(By.CSS_SELECTOR, ".search-page details.filter-box > summary")
    selects = driver.find_elements(By.CSS_SELECTOR, ".search-page .filters select")
    assert summary.is_displayed() and summary.text == "Filters", summary.text
    assert summary.rect["height"] >= 36, summary.rect
    assert not any(s.is_displayed() for s in selects), "closed on a phone"
    box = driver.find_element(By.ID, "search-page-input").rect
    assert summary.rect["y"] - (box["y"] + box["height"]) < 24, "one row under the box"
    first = results.find_element(By.CSS_SELECTOR, "a.result-title").rect
    assert first["y"] < 330, f"the first result at {first['y']:.0f} px"
    summary.click()
    boxes = driver.execute_script("""return Array.from(document.querySelectorAll('.search-page .filters select'))
      .map(s => { const r = s.getBoundingClientRect(); return [Math.round(r.top), r.left, r.right]; });""")
    assert len(boxes) == 4, boxes
    assert len({top for top, _, _ in boxes}) <= 2, boxes
    assert all(left >= 0 and right <= 390 for _, left, right in boxes), boxes
    # A filter set (from the address) is told on the closed row.
    load(driver, base_url + "/search/?q=profit&owner=Data+Engineer+4")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "select[data-filter=owner]")
                                    .get_attribute("value") == "Data Engineer 4")
    after = driver.execute_script("return getComputedStyle(document.querySelector('.filter-box > summary'), '::after').content")
    assert "on" in after, after
    set_width(driver, 1280)
    load(driver, base_url + "/search/?q=profit")
    assert not driver.find_element(By.CSS_SELECTOR, ".filter-box > summary").is_displayed()
    assert all(s.is_displayed() for s in driver.find_elements(By.CSS_SELECTOR, ".search-page .filters select"))


TABLES = """
## Tables to check

| Table | Owner | Rows |
| --- | --- | --- |
| acme_supply_chain_curated.dim_customer_history | Data Engineer 1 | 12 |
| `acme_supply_chain_curated.fact_shipments_by_region_daily` | https://dashboards.example.com/d/abcdefgh/supply-chain-overview?orgId=1 | 3 |

| Step | Command | Expected | Owner | Escalate to | Notes |
| --- | --- | --- | --- | --- | --- |
| 1 | `SELECT count(*) FROM acme_supply_chain_curated.dim_customer_history` | a number above zero | primary | secondary | on the replica first |
"""

# Per table of the runbook: its box's right edge, its content's and its box's widths, and
# the one-word header cells whose word was broken (taller than one line).
TABLE_BOXES = """
return [...document.querySelectorAll('.runbook table')].map(t => ({
  right: t.getBoundingClientRect().right, scroll: t.scrollWidth, shown: t.clientWidth,
  broken: [...t.querySelectorAll('th')].filter(th => !/\\s/.test(th.textContent.trim())).filter(th => {
    const r = document.createRange(); r.selectNodeContents(th); return r.getClientRects().length > 1;
  }).map(th => th.textContent)}));
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_runbooks_tables_wrap_long_names_and_scroll_in_their_box(driver, tmp_path, width):
    """A table name or an address in a runbook's table cell widened the whole page on a
    phone (to 1,020 px): long words wrap in their cells, a table still too wide scrolls in
    its own box, and a short word is not broken for them."""
    page = "content/runbooks/profit/aggregate-profit.md"
    with site_with(tmp_path, {page: lambda t: t + TABLES}) as srv:
        set_width(driver, width, PHONE[1] if width < 768 else 900)
        load(driver, srv.url("/runbooks/profit/aggregate-profit/"))
        screenshot(driver, f"phone-fit-runbook-tables-{width}")
        boxes = driver.execute_script(TABLE_BOXES)
        page_width = driver.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
    assert len(boxes) == 2, boxes
    assert page_width[0] <= width, f"the page scrolls sideways: {page_width}"
    assert all(b["right"] <= width + 0.5 for b in boxes), boxes
    # The three-column table fits with its long names wrapped; none breaks a header's word.
    assert boxes[0]["scroll"] <= boxes[0]["shown"] + 1, boxes[0]
    assert not [b["broken"] for b in boxes if b["broken"]], boxes
    if width == 390:
        # Six columns do not fit a phone: that table scrolls, in its own box.
        assert boxes[1]["scroll"] > boxes[1]["shown"], boxes[1]


def test_a_folders_list_wraps_a_long_runbook_title(driver, tmp_path):
    """On the 10,000-runbook site a folder's list of runbooks held "Messages in dead-letter
    topic fulfillment.fulfillment_orders.dedup.v4.dlq", one word too wide for a phone: the
    page scrolled sideways (400 px)."""
    long = "Messages in dead-letter topic fulfillment.fulfillment_orders.dedup.v4.dlq"
    files = {"content/runbooks/profit/dlq.md": f"---\ntitle: {long}\n---\n\n# {long}\n\nRead the topic.\n"}
    with site_with(tmp_path, files) as srv:
        set_width(driver, *PHONE)
        load(driver, srv.url("/runbooks/profit/"))
        listed = driver.find_element(By.CSS_SELECTOR, ".children a[href$='/dlq/']")
        assert listed.text.replace("\n", "") == long
        assert_fits(driver, driver.find_element(By.TAG_NAME, "main"), "folder page")


# Where each line of the title ends: the character before each break.
LINE_ENDS = """
const h1 = document.querySelector('main h1'), text = h1.textContent, range = document.createRange();
const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT), chars = [];
while (walker.nextNode()) for (let i = 0; i < walker.currentNode.length; i++) chars.push([walker.currentNode, i]);
let top = null; const ends = [];
chars.forEach(([node, i], k) => {
  range.setStart(node, i); range.setEnd(node, i + 1);
  const t = Math.round(range.getBoundingClientRect().top);
  if (top !== null && t > top + 2) ends.push(text.slice(Math.max(0, k - 12), k));
  top = t;
});
return ends;
"""


def test_a_long_table_name_in_a_title_breaks_after_its_separators(driver, tmp_path):
    """The 10,000-runbook site's titles hold table names ("Row count drop in
    fact_fulfillment_orders_backfill (merge_fulfillment_orders_ember)"): on a phone they
    broke mid-word ("merge_fulfillment_ord" / "ers_ember"). They now break after a `_` or
    a `.`, as CamelCase names break between their words."""
    title = "Row count drop in fact_fulfillment_orders_backfill (merge_fulfillment_orders_ember)"
    files = {"content/runbooks/profit/rows.md": f"---\ntitle: {title}\n---\n\n# {title}\n\nCount the rows.\n"}
    with site_with(tmp_path, files) as srv:
        set_width(driver, *PHONE)
        load(driver, srv.url("/runbooks/profit/rows/"))
        assert driver.find_element(By.CSS_SELECTOR, "main h1").text.replace("\n", "") == title
        ends = driver.execute_script(LINE_ENDS)
        assert_fits(driver, driver.find_element(By.TAG_NAME, "main"), "runbook page")
    assert len(ends) >= 2, ends
    assert all(e.endswith(("_", " ", ".")) for e in ends), f"a line ends mid-word: {ends}"
