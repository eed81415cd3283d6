"""Session 38's visual audit of every page kind on a phone, with the example site and
three real collections (gitlab-runbooks, govuk-developer-docs, nais-doc). Faults found:

- gitlab-runbooks' home page was 616 px wide on a 390 px phone: the runbook folder's own
  text (README.md, shown on the home page of a site without pipelines) has a 600 px
  image, which /runbooks/ shrinks to the screen and the home page did not.
- nais-doc's Application reference was 597 px wide (791 with large text): its headings are
  long dotted names (`azure.application.singlePageApplication`), and only h1 wrapped a
  long word. With large text, "Inspecting/manipulating" (gitlab) and "Troubleshooting"
  (nais) headings did the same.
- At 1280 px the contents column cut those names ("envFrom[].configm"), scrolling sideways.
- The search page's "No results." left the reader nowhere to go.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, REPO, build_site, chrome, load, serve, set_width

PHONE = (390, 844)
WIDE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">'
            '<rect width="600" height="600" fill="#888"/></svg>\n')
LANDING = """# Our runbooks

![Don't panic](towel.svg)

| Host | Address | Note |
|------|---------|------|
| db-primary-01.production.gitlab-internal.example.net | https://db-primary-01.production.gitlab-internal.example.net:5432/ | the primary |
"""
SPEC = """# Application reference

## azure.application.singlePageApplication.allowAllUsers.enabled

True or false.

## Inspecting/manipulating

Look at the queue.

## envFrom[].configmapKeyRefWithAVeryLongName

Read it.
"""
WIDTHS = "return [document.documentElement.scrollWidth, innerWidth]"


def build(root: Path, output: Path) -> Path:
    """Build with $PIPEBOOK_BIN (to show a test fails on another binary), else as conftest."""
    binary = os.environ.get("PIPEBOOK_BIN")
    if not binary:
        return build_site(root, output)
    subprocess.run([binary, "build", "--root", str(root), "--output", str(output)],
                   cwd=REPO, check=True, capture_output=True)
    return output


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """A runbook collection (no pipelines): its README is the home page's text."""
    root = tmp_path_factory.mktemp("ui38") / "tree"
    runbooks = root / "content" / "runbooks"
    runbooks.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("title: Collection\n", encoding="utf-8")
    (runbooks / "README.md").write_text(LANDING, encoding="utf-8")
    (runbooks / "towel.svg").write_text(WIDE_SVG, encoding="utf-8")
    (runbooks / "spec.md").write_text(SPEC, encoding="utf-8")
    with serve(build(root, root.parent / "public")) as srv:
        yield srv


def test_the_home_pages_runbook_text_fits_a_phone(driver, collection):
    """The image shrinks to the screen and the table's long names wrap in its cells, as on
    /runbooks/ (the same text): before, the home page was 600 + 32 px wide."""
    set_width(driver, *PHONE)
    for path in ("/runbooks/", "/"):
        load(driver, collection.url(path))
        img = driver.find_element(By.CSS_SELECTOR, "main img")
        WebDriverWait(driver, 5).until(lambda d: img.size["width"] > 0)
        assert driver.execute_script(WIDTHS) == [390, 390], path
        assert img.size["width"] <= 390 - 32, (path, img.size)
        table = driver.find_element(By.CSS_SELECTOR, "main table")
        assert table.rect["x"] + table.rect["width"] <= 390, (path, table.rect)


@pytest.fixture(scope="module")
def big_text():
    with chrome(prefs={"webkit.webprefs.default_font_size": 32,
                       "webkit.webprefs.default_fixed_font_size": 26}) as drv:
        yield drv


@pytest.mark.parametrize("large", [False, True])
def test_a_heading_of_one_long_word_wraps_on_a_phone(driver, big_text, collection, large):
    """A heading that is a long dotted name (nais-doc's Application reference) wraps
    instead of widening the page (597 px on a 390 px phone, 791 with large text)."""
    drv = big_text if large else driver
    set_width(drv, *PHONE)
    load(drv, collection.url("/runbooks/spec/"))
    assert drv.execute_script(WIDTHS) == [390, 390]
    for h in drv.find_elements(By.CSS_SELECTOR, "article h2"):
        assert h.rect["x"] + h.rect["width"] <= 390, h.text


def test_the_contents_column_wraps_a_long_name(driver, collection):
    """From 1100 px the contents are a 13rem column beside the text: a long dotted name
    was cut at its edge, the rest reached only by scrolling the column sideways."""
    set_width(driver, 1280, 900)
    load(driver, collection.url("/runbooks/spec/"))
    toc = driver.find_element(By.CSS_SELECTOR, ".doc .toc")
    assert toc.rect["x"] > 640, toc.rect  # the column, not the list above the text
    scroll, client = driver.execute_script(
        "return [arguments[0].scrollWidth, arguments[0].clientWidth]", toc)
    assert scroll <= client, (scroll, client)


def test_no_results_says_where_to_go_next(driver, base_url):
    """"No results." alone, at 3 a.m.: the page now offers the runbooks, the pipelines and
    who is on call, and takes the offer back once something matches."""
    set_width(driver, *PHONE)
    load(driver, base_url + PAGES["search"] + "?q=zzqxvw")
    status = driver.find_element(By.ID, "search-status")
    WebDriverWait(driver, 10).until(lambda d: status.text.startswith("No results"))
    nxt = driver.find_element(By.ID, "search-next")
    assert nxt.is_displayed()
    links = [a.get_attribute("pathname") for a in nxt.find_elements(By.TAG_NAME, "a")]
    assert links == ["/runbooks/", "/pipelines/", "/oncall/"], links
    field = driver.find_element(By.ID, "search-page-input")
    field.clear()
    field.send_keys("profit")
    WebDriverWait(driver, 10).until(lambda d: "result" in status.text and "No" not in status.text)
    assert not nxt.is_displayed()
