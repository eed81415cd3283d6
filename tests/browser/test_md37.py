"""Session 37's Markdown leftovers in the browser: a text fragment through a redirect page.

A link to an alias or alert route with a text fragment (`/alerts/x/#:~:text=Restart`)
goes on to the page through routes.js. Chrome strips `:~:text=` from location.hash, so
going on with location.hash dropped it and the page opened without the mark.
"""

from __future__ import annotations

import re

from selenium.webdriver.support.ui import WebDriverWait

from conftest import load, screenshot, set_width


def _redirect(site_dir) -> tuple[str, str]:
    """An alert route of the example site (a redirect page) and the path it leads to."""
    for page in sorted((site_dir / "alerts").glob("*/index.html")):
        found = re.search(r'data-redirect="([^"]+)"', page.read_text(encoding="utf-8"))
        if found:
            return "/alerts/" + page.parent.name + "/", found.group(1)
    raise AssertionError("no redirect page under alerts/")


def _arrived(driver, path: str) -> str:
    """The address the browser navigated to once it is on `path` (the navigation entry's,
    which keeps the text fragment that location.hash strips)."""
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return location.pathname") == path
        and d.execute_script("return document.readyState") == "complete",
        message=f"never reached {path}")
    return driver.execute_script(
        "return performance.getEntriesByType('navigation')[0].name")


def test_a_text_fragment_goes_through_a_redirect_page(driver, base_url, site_dir):
    route, target = _redirect(site_dir)
    for fragment in ["#:~:text=Checks", "#steps:~:text=Checks", "#steps"]:
        load(driver, base_url + route + fragment)
        arrived = _arrived(driver, target.split("#")[0])
        assert arrived.endswith(target.split("#")[0] + fragment), (fragment, arrived)
    for px in (390, 1280):
        set_width(driver, px)
        load(driver, base_url + route + "#:~:text=Checks")
        _arrived(driver, target.split("#")[0])
        screenshot(driver, f"md37_text_fragment_redirect_{px}", full_page=False)
