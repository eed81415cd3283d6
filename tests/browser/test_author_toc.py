"""An author's own table of contents at the top of a runbook (gitlab-runbooks: a `[TOC]`
marker and a DocToc list, one after the other) filled a phone's first screen: the first
section began 1,400 px down. Decided: the reader sees the title and the text first; each
table is one closed line on a phone. The marker's table (the page's own) opens in place
from 1100 px; the author's list stays closed, the theme's table listing the same. Built
from the corpus in tests/corpora/gitlab-runbooks (its refused files left out)."""

from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, build_site, load, serve, set_width

CORPUS = REPO / "tests" / "corpora" / "gitlab-runbooks"
POSTGRES = "/runbooks/docs/patroni/postgres/"
REDIS = "/runbooks/docs/redis/redis/"

BOXES = """
return Array.from(document.querySelectorAll('article details.author-toc, article .toc-inline')).map(d => {
  const r = d.getBoundingClientRect();
  return {tag: d.tagName, open: d.open === true, top: r.top, height: r.height};
});"""


@pytest.fixture(scope="module")
def gitlab(tmp_path_factory):
    root = tmp_path_factory.mktemp("gitlab") / "tree"
    shutil.copytree(CORPUS / "tree", root)
    for line in (CORPUS / "refused.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            (root / line.split("\t")[0]).unlink()
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


def first_section_top(driver) -> float:
    return driver.execute_script(
        "return document.querySelector('article.runbook h2').getBoundingClientRect().top")


@pytest.mark.parametrize("path", [POSTGRES, REDIS])
def test_on_a_phone_the_text_comes_first(driver, gitlab, path):
    set_width(driver, 390, 844)
    load(driver, gitlab.url(path))
    boxes = driver.execute_script(BOXES)
    assert boxes, "the page has its author's tables of contents"
    assert all(b["tag"] == "DETAILS" and not b["open"] and b["height"] < 60 for b in boxes), boxes
    assert first_section_top(driver) < 700, "the first section starts on the first screen"
    # One tap opens the author's list, whole.
    driver.find_element(By.CSS_SELECTOR, "details.author-toc > summary").click()
    links = driver.find_elements(By.CSS_SELECTOR, "details.author-toc a[href^='#']")
    assert len(links) >= 3 and all(a.is_displayed() for a in links[:3])


def test_from_1100_px_the_markers_table_is_open_in_place(driver, gitlab):
    load(driver, gitlab.url(POSTGRES))
    marker = driver.find_element(By.CSS_SELECTOR, "article details.toc-inline")
    assert marker.get_attribute("open") is not None
    assert driver.execute_script("return getComputedStyle(arguments[0]).position", marker) == "static"
    items = marker.find_elements(By.CSS_SELECTOR, "li")
    assert items and all(li.is_displayed() for li in items)
    # Subsections are not counted: the section after one with three subsections was
    # numbered 11, not 8 (the theme's own table too). `none` did not do it: a list item
    # adds to list-item unless told by how much (0).
    counted = driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll('li.l3')).map(li => getComputedStyle(li).counterIncrement)",
        marker)
    assert counted and set(counted) == {"list-item 0"}, counted
    assert driver.find_element(By.CSS_SELECTOR, "details.author-toc").get_attribute("open") is None
