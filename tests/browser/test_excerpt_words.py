"""Search excerpts read as the page does (issue 16): cut at spaces, never inside a word,
and with no space put before the punctuation that follows a link or emphasis."""

from __future__ import annotations


import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import load, site_with

# Long enough that the excerpt around "zanzibar" is cut at both ends; a link and an
# emphasis each followed by punctuation right beside the match.
BEFORE = ("When the nightly reconciliation falls behind, the reporting dashboards show "
          "yesterday's totals and finance escalates within the hour. ")
MATCH = "Restart the [zanzibar loader](aggregate-profit.md), then check the **ledger**."
AFTER = (" The loader replays every partition it missed since the last checkpoint, which "
         "takes about twenty minutes per day of backlog on the production cluster, longer "
         "when the warehouse is busy with the quarterly close.")
PLAIN = (BEFORE + "Restart the zanzibar loader, then check the ledger." + AFTER).split()
RUNBOOK = f"""---
title: Zanzibar Loader Backlog
pipelines: [aggregate-profit]
---
{BEFORE}{MATCH}{AFTER}

## Steps

1. Scale the zanzibar workers to twelve replicas before the replay starts, so that the \
backlog drains overnight instead of through the next business morning.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("excerpt-words")
    with site_with(root, {"content/runbooks/profit/zanzibar.md": RUNBOOK}) as srv:
        yield srv


def excerpts(driver, url: str) -> list[str]:
    load(driver, url)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results p.excerpt"))
    return [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#search-results p.excerpt")]


def test_excerpts_are_cut_between_words(driver, site):
    # Matches at several places, so that a cut at a fixed length would fall inside a word.
    words = set(PLAIN) | {w for line in RUNBOOK.splitlines() for w in line.split()}
    cut = []
    for query in ("zanzibar", "reconciliation", "checkpoint", "replays", "replicas", "warehouse"):
        texts = excerpts(driver, site.url("/search/?q=" + query))
        cut += [t for t in texts if t.startswith("… ") or t.endswith(" …")]
    assert len(cut) >= 4, cut
    inside = [t for t in cut if not {t.removeprefix("… ").removesuffix(" …").split()[i] for i in (0, -1)} <= words]
    assert inside == [], f"cut inside a word: {inside}"


def test_no_space_before_punctuation_after_a_link(driver, site):
    texts = excerpts(driver, site.url("/search/?q=zanzibar"))
    joined = " | ".join(texts)
    assert "zanzibar loader, then check the ledger." in joined, joined
    for bad in (" ,", " .", " ;"):
        assert bad not in joined.replace(" …", ""), joined
