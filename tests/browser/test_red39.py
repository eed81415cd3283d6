"""Stacked combining marks where red38b did not look (red39). A title may carry 30 marks
on a letter (more are refused: src/diagnostics/marks.rs), and a runbook's text any number
(a warning): the folder tree beside every runbook at 1280 px drew a title's 30 marks over
the entries above and below it and, in the search's results, over the next result; a
result's excerpt with 120 on a letter likewise. Each neighbour is photographed as built,
then with the marks taken out: the two must be the same pixels.

Built with the release binary and the repository's theme (`site_with(themes=True)`)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import load, screenshot, set_width, site_with

ABOVE = "".join(chr(0x0300 + i % 0x15) for i in range(30))  # grave, acute, ... (above)
BELOW = "".join(chr(0x0316 + i % 0x10) for i in range(30))  # grave below, ... (below)
# 120 marks: an excerpt shows at most 160 characters (search/results.js), cut at a space.
MANY = "".join(chr(0x0300 + i % 0x15) + chr(0x0316 + i % 0x10) for i in range(60))
FILES = {
    "content/runbooks/profit/a-first.md": f"# A{BELOW}lpha rec{ABOVE}onciliation\n\nThe zebrafinch step.\n",
    "content/runbooks/profit/c-third.md": "# Gamma reconciliation\n\nThe zebrafinch step, once more.\n",
    # 120 marks on one letter of the text: a warning, and the page is built.
    "content/runbooks/profit/b-second.md": f"# Beta reconciliation\n\nThe zebrafinch Z{MANY}ed step.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with site_with(tmp_path_factory.mktemp("red39"), FILES, themes=True) as srv:
        yield srv


def unmark(driver, css: str) -> None:
    driver.execute_script("""
for (const root of document.querySelectorAll(arguments[0])) {
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) n.data = n.data.replace(/[\\u0300-\\u036f]/g, '');
}""", css)


def same_pixels(driver, boxes: dict, css: str, where: str) -> None:
    """Each of `boxes` (name -> element) photographed, the marks under `css` taken out,
    photographed again: the same place and pixels."""
    marked = {name: box.screenshot_as_png for name, box in boxes.items()}
    places = {name: box.rect for name, box in boxes.items()}
    unmark(driver, css)
    for name, box in boxes.items():
        assert box.rect == places[name], f"{name} moved: the comparison would be void"
        assert box.screenshot_as_png == marked[name], f"the marks are drawn over {name} {where}"


def test_a_titles_marks_stay_off_the_folder_trees_other_entries(site, driver):
    set_width(driver, 1280)
    load(driver, site.url("/runbooks/profit/c-third/"))
    links = driver.find_elements(By.CSS_SELECTOR, "nav.tree a")
    at = next(i for i, a in enumerate(links) if a.get_attribute("pathname") == "/runbooks/profit/a-first/")
    assert ABOVE in links[at].text and BELOW in links[at].text, links[at].text
    screenshot(driver, "red39-tree-1280", full_page=False)
    boxes = {f"the entry {links[i].text!r}": links[i] for i in (at - 1, at + 1)}
    same_pixels(driver, boxes, "nav.tree", "in the folder tree at 1280 px")


@pytest.mark.parametrize("width", [390, 1280])
def test_marks_in_a_result_stay_off_the_other_results_and_the_search_box(site, driver, width):
    set_width(driver, width)
    load(driver, site.url("/search/?q=zebrafinch"))
    WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#search-results .result")) >= 3)
    # The box's blinking caret would differ between two photographs.
    driver.execute_script("document.activeElement.blur()")
    screenshot(driver, f"red39-search-{width}", full_page=False)
    paths = [r.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("pathname")
             for r in driver.find_elements(By.CSS_SELECTOR, "#search-results > .result")]
    # Alpha's title (30 marks under a letter) and Beta's excerpt (120 on one letter), each
    # taken out alone: the other results and the search box are the same pixels.
    for page, part in [("a-first", "a.result-title"), ("b-second", ".excerpt")]:
        results = driver.find_elements(By.CSS_SELECTOR, "#search-results > .result")
        at = paths.index(f"/runbooks/profit/{page}/")
        shown = results[at].find_element(By.CSS_SELECTOR, part).text
        assert BELOW in shown or MANY[:40] in shown, shown
        boxes = {f"result {j + 1}": results[j] for j in range(len(results)) if j != at}
        boxes["the search box"] = driver.find_element(By.ID, "search-page-form")
        same_pixels(driver, boxes, f"#search-results > .result:nth-child({at + 1})",
                    f"in the search results at {width} px")
