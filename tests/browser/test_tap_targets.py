"""Controls in the text of a page are big enough for a thumb on a phone (issue 16): the
on-call page's time-zone switch was a bare 21 px native button, its rows' details 22 px,
the runbook's "On this page" 25 px and the offline page's button 33 px."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, load, set_width

# Buttons and form fields as tall as the header's (2.25 rem); a summary, a line of text
# that opens, at least 28 px (the 24 px of WCAG 2.5.8 with a margin).
CONTROLS = """
return [...document.querySelectorAll('main button, main select, main input, main summary')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .filter(e => !e.closest('pre, .code'))
  .map(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return {tag: e.tagName, id: e.id, text: e.textContent.trim().slice(0, 40), height: r.height,
            border: parseFloat(s.borderTopWidth), radius: parseFloat(s.borderTopLeftRadius)}; });
"""
MIN = {"BUTTON": 36, "SELECT": 36, "INPUT": 36, "SUMMARY": 28}


@pytest.mark.parametrize("page", ["oncall", "runbook", "offline", "search", "pipeline", "engineer"])
def test_controls_in_the_text_are_big_enough_to_tap(driver, base_url, page):
    set_width(driver, 390, 844)
    load(driver, base_url + PAGES[page])
    if page == "oncall":
        # Shown by site.js when the reader's zone is not the team's (UTC here).
        WebDriverWait(driver, 5).until(lambda d: d.find_element("id", "tz-toggle").is_displayed())
    controls = driver.execute_script(CONTROLS)
    small = [c for c in controls if c["height"] < MIN[c["tag"]] - 0.5]
    assert small == [], small


def test_the_time_zone_switch_is_styled_as_a_button(driver, base_url):
    set_width(driver, 390, 844)
    load(driver, base_url + PAGES["oncall"])
    WebDriverWait(driver, 5).until(lambda d: d.find_element("id", "tz-toggle").is_displayed())
    [tz] = [c for c in driver.execute_script(CONTROLS) if c["id"] == "tz-toggle"]
    [theme] = [c for c in driver.execute_script(CONTROLS.replace("main ", "header "))
               if c["id"] == "theme-toggle"] or [None]
    assert tz["border"] >= 1 and tz["radius"] >= 4, tz
    if theme:
        assert tz["radius"] == theme["radius"], (tz, theme)
