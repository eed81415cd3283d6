"""Whose time is it? A reader in another zone, paged at 3 a.m., reads a handoff time on the
home page, a runbook or /oncall/: each time says whose it is. The home page and runbooks
show the reader's time once the script has run ("(your time)") and the team's before it
or without it ("(team's time)"); /oncall/ shows the team's, says so above its first
time, and its switch turns every time and every note to the reader's. The browser here
is in Tokyo: neither the team's New York nor the machine's UTC."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, chrome, load

ZONE = "Asia/Tokyo"

NOTES = """
return Array.from(document.querySelectorAll('main .oncall-now time')).map(t => {
  const n = t.nextElementSibling;
  return [t.textContent, n && n.classList.contains('zone') ? n.textContent.trim() : null];
});"""


@pytest.fixture(scope="module")
def tokyo(server):
    with chrome() as drv:
        drv.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ZONE})
        yield drv


def live(drv):
    WebDriverWait(drv, 10).until(lambda d: all(
        b.get_attribute("data-live") is not None for b in d.find_elements(By.CSS_SELECTOR, "[data-oncall]")))


@pytest.mark.parametrize("kind", ["home", "runbook", "pipeline"])
def test_the_boxes_say_the_time_is_the_readers(tokyo, base_url, kind):
    load(tokyo, base_url + PAGES[kind])
    live(tokyo)
    notes = tokyo.execute_script(NOTES)
    assert notes, "the box shows the end of the shift"
    for text, note in notes:
        assert note == "(your time)" and "GMT+9" in text, notes


@pytest.mark.parametrize("kind", ["home", "runbook", "oncall"])
def test_without_javascript_the_boxes_say_the_time_is_the_teams(driver_nojs, base_url, kind):
    load(driver_nojs, base_url + PAGES[kind])
    notes = driver_nojs.execute_script(NOTES)
    assert notes and all(note == "(team's time)" for _, note in notes), notes


def test_oncall_names_its_zone_above_its_first_time_and_switches(tokyo, base_url):
    load(tokyo, base_url + PAGES["oncall"])
    live(tokyo)
    line = tokyo.find_element(By.CSS_SELECTOR, ".tz-switch")
    assert "America/New_York" in line.text and "team's time zone" in line.text, line.text
    first = tokyo.find_element(By.CSS_SELECTOR, "main time[datetime]")
    assert line.location["y"] + line.size["height"] <= first.location["y"], "the zone is named before any time"
    notes = tokyo.execute_script(NOTES)
    assert notes and all(note == "(team's time)" and "GMT+9" not in text for text, note in notes), notes
    tokyo.find_element(By.ID, "tz-toggle").click()
    assert ZONE in line.text and "your time zone" in line.text, line.text
    notes = tokyo.execute_script(NOTES)
    assert notes and all(note == "(your time)" and "GMT+9" in text for text, note in notes), notes
    tokyo.find_element(By.ID, "tz-toggle").click()
    assert all(note == "(team's time)" for _, note in tokyo.execute_script(NOTES))


def test_the_engineer_page_names_the_zone_of_its_shift_times(driver, base_url):
    """Its shift table gave "Mon, Dec 7, 09:00 AM EST" with no word of whose zone that
    is; a line above the table names it, before any time."""
    load(driver, base_url + PAGES["engineer"])
    table = driver.find_element(By.CSS_SELECTOR, "#oncall ~ .table-wrap")
    note = driver.find_element(By.CSS_SELECTOR, "#oncall ~ .tz-note")
    assert note.text == "Times are in America/New_York, the team's time zone.", note.text
    first = table.find_element(By.CSS_SELECTOR, "time[datetime]")
    assert note.location["y"] + note.size["height"] <= first.location["y"], "the zone is named before any time"
