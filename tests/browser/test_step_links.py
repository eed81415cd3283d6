"""A step's "#" link, wherever the Markdown puts it, shows at full strength when the step
is hovered (the theme dims it to 0.5 otherwise)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import load, site_with

# A loose list: each step's text is a paragraph, so its link sits inside the <p>, and a
# tight one, where it sits in the <li> itself.
RUNBOOK = """---
title: Loose And Tight Steps
---
Both kinds of list.

## Steps

1. Check the disk of the loader.

   ```
   df -h /var/lib/loader
   ```

2. Free the space the old partitions hold.

## Rollback

1. Stop the loader.
2. Restore the snapshot.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("step-links")
    with site_with(root, {"content/runbooks/profit/loose-steps.md": RUNBOOK}) as srv:
        yield srv


def opacity(driver, element) -> float:
    return float(driver.execute_script("return getComputedStyle(arguments[0]).opacity", element))


@pytest.mark.parametrize("where", ["li > p > a.step-link", "li > a.step-link"])
def test_a_hovered_step_shows_its_link(driver, site, where):
    load(driver, site.url("/runbooks/profit/loose-steps/"))
    links = driver.find_elements(By.CSS_SELECTOR, "article " + where)
    assert links, f"no step link as {where}"
    link = links[0]
    step = link.find_element(By.XPATH, "ancestor::li[1]")
    # Shown whole without hover too (a phone has none; at half opacity it read at 2.2:1,
    # test_night.py checks its contrast).
    ActionChains(driver).move_to_element(driver.find_element(By.CSS_SELECTOR, "h1")).perform()
    assert opacity(driver, link) == pytest.approx(1.0)
    ActionChains(driver).move_to_element(step).perform()
    assert opacity(driver, link) == pytest.approx(1.0)
