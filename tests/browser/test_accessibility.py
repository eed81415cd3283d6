"""axe-core finds no serious or critical accessibility violation on any page kind, in the
light and the dark scheme, on a phone (390 px) and a desktop (1280 px), with the search
results, the phone's menu and the folded parts open too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, load, set_width

CACHE = Path(os.environ.get("PIPEBOOK_CACHE", Path.home() / ".cache" / "pipebook"))
AXE = CACHE / "axe" / "node_modules" / "axe-core" / "axe.min.js"

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))));
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"axe-core missing at {AXE}: run tests/browser/install.sh"
    return AXE.read_text(encoding="utf-8")


def serious(driver, axe_source) -> list[dict]:
    driver.execute_script(axe_source)
    return [v for v in driver.execute_async_script(RUN) if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_violations(driver, base_url, axe_source, path, scheme, width):
    set_width(driver, width)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        load(driver, base_url + path)
        assert serious(driver, axe_source) == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_menu_and_folded_parts_are_accessible(driver, base_url, axe_source, scheme):
    """The drawer open over a runbook, the owners and the table of contents unfolded."""
    set_width(driver, 390)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        load(driver, base_url + PAGES["runbook"])
        driver.execute_script("document.querySelectorAll('details.owners, #tocBox').forEach(d => d.open = true)")
        driver.find_element(By.ID, "pipebook-menu").click()
        assert driver.find_element(By.ID, "pipebook-drawer").is_displayed()
        assert serious(driver, axe_source) == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_open_search_results_are_accessible(driver, base_url, axe_source):
    load(driver, base_url + "/")
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys("checks")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-popup a.result-title"))
    assert box.get_attribute("aria-expanded") == "true"
    assert serious(driver, axe_source) == []
