"""Red team, session 46: search excerpts of hostile text (tests/red46.rs has the rest)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import load, site_with

# `İ` (U+0130) is the one letter whose lowercase is longer (`i̇`, two UTF-16 units):
# excerpt() found the match in the lowercased text and cut the text itself at that
# index, one unit further per `İ` before it. 120 of them put the cut past the match.
DOTTED = "İ" * 120
# A word in emoji, no space in reach: a cut at a fixed distance from the match split
# a surrogate pair and showed a lone half (U+FFFD) at the excerpt's start.
EMOJI = "xy" + "\U0001F600" * 60 + "-wombatreplay"
RUNBOOK = f"""---
title: Dotted Letters
pipelines: [aggregate-profit]
---
{DOTTED} Restart the quokkaloader before the nightly close, then check the ledger totals
against the İstanbul warehouse and tell finance when the numbers agree again with yesterday.

## Second section

{EMOJI} is what the replay says when it starts, followed by many more words that make the
section long enough for the excerpt to be cut at both of its ends near the match.
"""

LONE = r"/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red46")
    with site_with(root, {"content/runbooks/profit/dotted.md": RUNBOOK}) as srv:
        yield srv


def excerpts(driver, url: str) -> list[dict]:
    load(driver, url)
    sel = "#search-results p.excerpt"
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, sel))
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(p => ({"
        " text: p.textContent.replace(/[\\uD800-\\uDFFF]/g, c => '\\\\u' + c.charCodeAt(0).toString(16)),"
        " marks: [...p.querySelectorAll('mark')].map(m => m.textContent),"
        " lone: " + LONE + ".test(p.textContent) }))",
        sel,
    )


def test_an_excerpt_after_dotted_capital_i_holds_its_match(driver, site):
    found = excerpts(driver, site.url("/search/?q=quokkaloader"))
    assert any(e["marks"] == ["quokkaloader"] for e in found), found


def test_an_excerpt_never_splits_a_surrogate_pair(driver, site):
    found = excerpts(driver, site.url("/search/?q=wombatreplay"))
    assert any("wombatreplay" in e["marks"] for e in found), found
    assert [e for e in found if e["lone"]] == [], found


def test_a_word_with_dotted_capital_i_is_marked(driver, site):
    # Found, but never marked: the query's `i̇stanbul` (as the index lowercases `İ`) and
    # the text's `İstanbul` are one word to the index, not to the regex's case folding.
    found = excerpts(driver, site.url("/search/?q=%C4%B0stanbul"))
    assert any(e["marks"] == ["İstanbul"] for e in found), found
