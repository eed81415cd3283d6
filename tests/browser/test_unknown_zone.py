"""A team zone the reader's browser does not know: a zone new in tzdata (America/Coyhaique,
2025b) is valid for pipebook (chrono-tz) long before an older phone's ICU has it, and there
`Intl.DateTimeFormat(..., {timeZone})` throws a RangeError. The pages keep correct times,
each saying whose it is, with no uncaught error: the live boxes in the reader's zone, the
/oncall/ switch back to the server-written text, the search card in the reader's zone.

The example site's zone (America/New_York) stands in for the unknown one: a script run
before each page makes Intl throw for it as such a browser does. The reader is in Tokyo."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, chrome, console_errors, load
from test_answers import ask, row
from test_time_zones import NOTES, live

TEAM = "America/New_York"
READER = "Asia/Tokyo"

# As an ICU without the zone: the constructor (with or without `new`) and Date's
# toLocale*String throw "RangeError: Invalid time zone specified".
UNKNOWN = """
(function (bad) {
  var D = Intl.DateTimeFormat;
  var check = function (o) {
    if (o && o.timeZone !== undefined && String(o.timeZone) === bad) throw new RangeError("Invalid time zone specified: " + bad);
  };
  var W = function (locales, options) { check(options); return new D(locales, options); };
  W.prototype = D.prototype;
  W.supportedLocalesOf = D.supportedLocalesOf;
  Intl.DateTimeFormat = W;
  ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"].forEach(function (m) {
    var f = Date.prototype[m];
    Date.prototype[m] = function (locales, options) { check(options); return f.call(this, locales, options); };
  });
})(%r);
""" % TEAM


@pytest.fixture(scope="module")
def old_phone(server):
    with chrome() as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": UNKNOWN})
        drv.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": READER})
        yield drv


def test_the_stand_in_throws_as_such_a_browser_does(old_phone, base_url):
    load(old_phone, base_url + PAGES["home"])
    err = old_phone.execute_script(
        "try { new Intl.DateTimeFormat('en-US', {timeZone: arguments[0]}); return null; }"
        " catch (e) { return e.name; }", TEAM)
    assert err == "RangeError"


@pytest.mark.parametrize("kind", ["home", "runbook", "oncall"])
def test_the_live_box_shows_the_readers_time_and_says_so(old_phone, base_url, kind):
    load(old_phone, base_url + PAGES[kind])
    live(old_phone)
    box = old_phone.find_element(By.CSS_SELECTOR, "[data-oncall]")
    assert "On call now:" in box.text or "No one is on call" in box.text, box.text
    notes = old_phone.execute_script(NOTES)
    assert notes, box.text
    for text, note in notes:
        assert note == "(your time)" and "GMT+9" in text, notes
    assert console_errors(old_phone, ignore=("favicon.ico",)) == []


def test_the_oncall_switch_goes_back_to_the_written_times(old_phone, base_url):
    load(old_phone, base_url + PAGES["oncall"])
    live(old_phone)
    written = old_phone.execute_script(
        "return Array.from(document.querySelectorAll('main .oncall-cal time[datetime], main table time[datetime]'))"
        ".map(t => t.textContent)")
    assert written and all(written)
    button = old_phone.find_element(By.ID, "tz-toggle")
    line = old_phone.find_element(By.CSS_SELECTOR, ".tz-switch")
    button.click()
    assert READER in line.text and "your time zone" in line.text, line.text
    button.click()
    assert TEAM in line.text and "team's time zone" in line.text, line.text
    back = old_phone.execute_script(
        "return Array.from(document.querySelectorAll('main .oncall-cal time[datetime], main table time[datetime]'))"
        ".map(t => t.textContent)")
    assert back == written
    assert console_errors(old_phone, ignore=("favicon.ico",)) == []


def test_the_team_page_keeps_its_next_shifts(old_phone, base_url):
    load(old_phone, base_url + PAGES["engineers"])
    WebDriverWait(old_phone, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "th small"))
    cells = [c.text for c in old_phone.find_elements(By.CSS_SELECTOR, "td[data-label='Next on call']")]
    assert cells and all(cells), cells
    assert all(c == "–" or "UTC" in c or "EST" in c or "EDT" in c for c in cells), cells
    assert console_errors(old_phone, ignore=("favicon.ico",)) == []


def test_the_search_card_gives_the_readers_time_and_says_so(old_phone, base_url):
    card = ask(old_phone, base_url, "who is on call")[0]
    primary = row(card, "Primary:")
    assert "GMT+9" in primary and "your time" in primary, primary
    times = [t.text for t in card.find_elements(By.CSS_SELECTOR, "time")]
    assert times and all("GMT+9" in t for t in times), times
    note = old_phone.find_element(By.CSS_SELECTOR, "[data-answer] .answer-zone").text
    assert READER in note and TEAM in note and "does not know" in note, note
    assert console_errors(old_phone, ignore=("favicon.ico",)) == []
