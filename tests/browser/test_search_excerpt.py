"""A search result's excerpt when the page is found by its names alone (its title, file
name or pipelines; commit d10b589): the names are counted but not shown, and the page's
first section may hold no text (it opens with a heading), so the result shows the page's
lead, what it is about, rather than nothing or a run of names."""

from __future__ import annotations


import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import load, site_with

# Opens with a heading: nothing before it, and the words searched for are only in its names.
RUNBOOK = """---
title: Quarterly Reconciliation
pipelines: [aggregate-profit]
---
## Steps

1. Compare the ledger totals with the warehouse.
"""
LEAD = "Compare the ledger totals with the warehouse."


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("excerpt-lead")
    with site_with(root, {"content/runbooks/profit/quarterly.md": RUNBOOK}) as srv:
        yield srv


def result(driver, url: str, path: str):
    load(driver, url)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-status").text.strip())
    for block in driver.find_elements(By.CSS_SELECTOR, "#search-results .result"):
        if block.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("pathname") == path:
            return block
    raise AssertionError(f"{path} not among the results of {url}")


@pytest.mark.parametrize("query", ["reconciliation", "quarterly reconciliation"])
def test_a_page_found_by_its_title_alone_shows_its_lead(driver, site, query):
    block = result(driver, site.url("/search/?q=" + query.replace(" ", "+")), "/runbooks/profit/quarterly/")
    excerpts = block.find_elements(By.CSS_SELECTOR, ":scope > p.excerpt")
    assert [p.text for p in excerpts] == [LEAD], block.text
    assert not block.find_elements(By.CSS_SELECTOR, ".subs"), "no section holds the words"


def test_a_page_whose_text_matches_shows_that_text_not_its_lead(driver, site):
    block = result(driver, site.url("/search/?q=warehouse"), "/runbooks/profit/quarterly/")
    marks = [m.text.lower() for m in block.find_elements(By.CSS_SELECTOR, "mark")]
    assert "warehouse" in marks, block.text
