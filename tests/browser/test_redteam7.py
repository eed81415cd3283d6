"""Seventh red-team review (session 12) in Chromium: what search shows of a page's text.
See tests/redteam7.rs for the build side."""

from __future__ import annotations

import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import load, site_with

TEXT = ("Don't restart the 3 am export & don't page \"ops\" before the `<retry>` window; "
        "it's 39 minutes")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("redteam7") / "site"
    runbook = f"---\ntitle: Night export\n---\n\n{TEXT}.\n\n## Steps\n\n{TEXT} again.\n"
    with site_with(root, {"content/runbooks/profit/night-export.md": runbook}, themes=True,
                   output=root.parent / "public") as srv:
        yield srv


@pytest.mark.parametrize("query", ["3 am export", "39 minutes", "quot ops", "lt retry"])
def test_marks_do_not_cut_the_text_s_entities(driver, site, query):
    """Words were marked in the escaped text: `3` matched in `&#39;` and `am` in `&amp;`,
    so a query of `3 am` showed `Don&#39;t` and `&amp;` in every excerpt. The text as the
    page says it, with only the query's words marked."""
    load(driver, site.base_url + "/search/?q=" + urllib.parse.quote(query))
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results > li.result .excerpt"),
        message="no excerpt")
    block = next(b for b in driver.find_elements(By.CSS_SELECTOR, "#search-results > li.result")
                 if "night-export" in b.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("href"))
    shown = " ".join(e.text for e in block.find_elements(By.CSS_SELECTOR, ".excerpt"))
    assert "it's 39" in shown, shown
    for entity in ("&#", "&amp", "&quot", "&lt", "&gt"):
        assert entity not in shown, shown
    assert '"ops"' in shown and "<retry>" in shown, shown
    marks = {m.text.lower() for m in block.find_elements(By.CSS_SELECTOR, ".excerpt mark")}
    assert marks and marks <= {w for w in query.split()}, marks
