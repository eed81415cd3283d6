"""Session 26's theme work, as a reader sees it in Chromium:

- the critical CSS comes in parts chosen by each page's template (test_critical_css.py
  checks each kind of page's first screen without style.css);
- a 60-character site title is shown whole (it was cut to a few words at 390 px) and the
  search box keeps its room;
- on a connection that accepts and never answers, a stalled style.css no longer holds the
  header's menu, theme button and search (head.js adds the stylesheet once the page is
  read; readers without script get it from a <noscript> link);
- a runbook table's long names break after their `_` and `.`, not at any letter.
Screenshots at 390 and 1280 px of the pages these touch.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (PAGES, _Handler, chrome, load, screenshot, serve, set_width,
                      site_with)

TITLE = "Acme Corporation Data Platform Operations and Incident Runbooks"
assert len(TITLE) >= 60

NAME = "kubevirt_configuration_emulation_enabled"
TABLE = f"""
## Metrics

| Metric | Meaning | Alert |
| --- | --- | --- |
| `{NAME}` | Whether emulation is allowed on the cluster's nodes | KubeVirtEmulationEnabled |
| {NAME}_total | The same, counted | none |
"""


@pytest.fixture(scope="module")
def long_title(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui26-title")
    edit = {"content/site.yaml": lambda t: t.replace(
        "title: Data Engineering Operations", f"title: {TITLE}")}
    with site_with(root, edit) as srv:
        yield srv


@pytest.fixture(scope="module")
def table_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui26-table")
    edit = {"content/runbooks/profit/aggregate-profit.md": lambda t: t + TABLE}
    with site_with(root, edit) as srv:
        yield srv


# The header's title shown whole (not cut by an ellipsis or a line clamp), the search box
# wide enough for a few words and inside the screen, nothing wider than the screen.
HEADER = """
const brand = document.querySelector('.site-header .brand');
const box = document.querySelector('.site-header .search input').getBoundingClientRect();
const head = document.querySelector('.site-header').getBoundingClientRect();
return {
  whole: brand.scrollWidth <= brand.clientWidth + 1 && brand.scrollHeight <= brand.clientHeight + 1,
  text: brand.textContent, box_width: box.width, box_right: box.right, box_top: box.top,
  header_bottom: head.bottom, inner: window.innerWidth,
  scroll: document.documentElement.scrollWidth,
  head_var: parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--head')) * 16,
};
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_site_title_is_shown_whole_beside_a_usable_search_box(driver, long_title, width):
    set_width(driver, width, 844)
    load(driver, long_title.url(PAGES["runbook"]))
    got = driver.execute_script(HEADER)
    screenshot(driver, f"ui26-long-title-{width}", full_page=False)
    assert got["text"] == TITLE, got
    assert got["whole"], f"the title is cut: {got}"
    assert got["box_width"] >= 160 and got["box_right"] <= got["inner"], got
    assert got["scroll"] <= got["inner"], got
    # The page's anchors and the phone's drawer start below the header (--head).
    assert got["header_bottom"] <= got["head_var"] + 1, got
    if width == 390:
        # Menu, title and theme button on the first row; the box on a row of its own.
        assert got["box_top"] > 40, got


def test_a_short_site_title_keeps_one_row_on_a_phone(driver, base_url):
    set_width(driver, 390, 844)
    load(driver, base_url + PAGES["runbook"])
    got = driver.execute_script(HEADER)
    assert got["whole"], f"the title is cut: {got}"
    assert got["box_top"] < 20 and got["header_bottom"] <= got["head_var"] + 1, got


STALLED = threading.Event()


class _Stalling(_Handler):
    """Accepts a request for style.css and answers nothing until the test ends."""

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        if urlsplit(self.path).path == "/static/style.css":
            STALLED.wait(60)
        super().do_GET()


def test_a_stalled_stylesheet_leaves_the_header_controls_working(site_dir):
    STALLED.clear()
    try:
        with serve(site_dir, handler_class=_Stalling) as srv, \
                chrome(service_worker=False, page_load="none") as drv:
            set_width(drv, 390, 844)
            drv.get(srv.url(PAGES["runbook"]))
            wait = WebDriverWait(drv, 10)
            menu = wait.until(lambda d: d.find_elements(By.ID, "pipebook-menu"))[0]
            wait.until(lambda d: menu.is_displayed(), message="the menu button never showed")
            menu.click()
            wait.until(lambda d: "menu-open" in d.find_element(By.TAG_NAME, "html").get_attribute("class"))
            menu.click()
            toggle = drv.find_element(By.ID, "theme-toggle")
            assert toggle.is_displayed()
            before = drv.execute_script("return document.documentElement.getAttribute('data-theme')")
            toggle.click()
            assert drv.execute_script("return document.documentElement.getAttribute('data-theme')") != before
            drv.find_element(By.ID, "search-input").click()
            srv.log.wait_for("/static/search.js")
            screenshot(drv, "ui26-stalled-css-390", full_page=False)
            # Once it comes, the stylesheet applies.
            STALLED.set()
            wait.until(lambda d: d.execute_script(
                "return [...document.styleSheets].some(s => (s.href || '').endsWith('/static/style.css'))"))
    finally:
        STALLED.set()


def test_without_script_the_stylesheet_is_still_linked(driver_nojs, base_url):
    load(driver_nojs, base_url + PAGES["runbook"])
    assert driver_nojs.execute_script(
        "return [...document.styleSheets].some(s => (s.href || '').endsWith('/static/style.css'))")


# Each line box of the first cells' names: their texts, split where the lines break.
CELL_LINES = """
const out = [];
for (const cell of [...document.querySelectorAll('.runbook td')].filter(td => td.textContent.startsWith('kubevirt'))) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const lines = []; let top = null, line = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.length; i++) {
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const t = Math.round(r.getBoundingClientRect().top);
      if (top !== null && t > top + 2) { lines.push(line); line = ''; }
      top = t; line += n.data[i];
    }
  }
  lines.push(line);
  out.push(lines);
}
return {cells: out, page: document.documentElement.scrollWidth, view: innerWidth};
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_tables_long_names_break_after_their_separators(driver, table_site, width):
    set_width(driver, width, 844 if width < 768 else 900)
    load(driver, table_site.url(PAGES["runbook"] + "#metrics"))
    screenshot(driver, f"ui26-table-{width}", full_page=False)
    got = driver.execute_script(CELL_LINES)
    assert len(got["cells"]) == 2, got
    assert got["page"] <= got["view"], got
    for lines in got["cells"]:
        assert "".join(lines).startswith(NAME), lines
        assert len(lines) > 1 or width > 390, lines
        # A line ends at a separator, not inside a word, unless the piece is wider than
        # its column: at 390 px a three-column table's "configuration_" is, and is cut
        # once (without the <wbr>s, every line was cut: "kubevirt_con|figuration_em|…").
        cut = [line for line in lines[:-1] if not line.endswith(("_", "."))]
        assert len(cut) <= (1 if width == 390 else 0), lines


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("page", ["runbook", "home", "oncall", "pipeline"])
def test_screenshots(driver, base_url, page, width):
    set_width(driver, width, 844 if width < 768 else 900)
    load(driver, base_url + PAGES[page])
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    screenshot(driver, f"ui26-{page}-{width}", full_page=False)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/runbooks/", "/search/?q=profit"])
def test_screenshots_of_lists(driver, base_url, path, width):
    set_width(driver, width, 844 if width < 768 else 900)
    load(driver, base_url + path)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    screenshot(driver, f"ui26-{path.strip('/').split('?')[0].replace('/', '-')}-{width}", full_page=False)
