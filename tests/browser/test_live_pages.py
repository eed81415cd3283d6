"""Pages read long after their build (session 23, look23's items 1, 4 and 7).

The Team pages' "on call now" badges and "Next on call" follow the clock from oncall.json
(the same code as the on-call box); dated lists (an engineer's shifts and backup duties, a
pipeline's backups, /oncall/'s holidays) mark the rows whose day is over; without script
the pages say "as of" the build. A printed runbook shows the owners' contacts and where
and when the page was built.

The browser's clock is moved with the page's `Date.now` (as test_tab_days does), to a
shift of the published schedule other than the build's.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import datetime, timezone
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, SERVER_CLOCK, load, server_clock

CLOCK = ("(() => { const real = Date.now.bind(Date), off = %d - real();"
         " Date.now = () => real() + off; })();")
HOUR = 3600_000


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def schedule(site: Path) -> dict:
    return json.loads((site / "oncall.json").read_text(encoding="utf-8"))


@contextlib.contextmanager
def clock(driver, at_ms: int, server: bool = True):
    """Every page opened in the block sees `at_ms` as its time when its scripts start, and
    the server's `Date` too (time has passed); `server=False`: the device's clock alone
    (a device whose clock is wrong)."""
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK % at_ms})
    if server:
        server_clock(at_ms)
    try:
        yield
    finally:
        SERVER_CLOCK["offset"] = 0.0
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


def later_shift(data: dict) -> tuple[dict, dict]:
    """(the shift on at the build, a later one of another engineer)."""
    built = ms(data["generated"])
    shifts = data["shifts"]
    at_build = next(s for s in shifts if ms(s["start"]) <= built < ms(s["end"]))
    later = next(s for s in shifts if ms(s["start"]) > built + 40 * 24 * HOUR
                 and s["engineer"] != at_build["engineer"])
    return at_build, later


def day_over(text: str) -> int:
    """When a day of the team's ("Mon 25 May 2026") is over everywhere: 12:00 UTC after."""
    day = datetime.strptime(re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", text).group(0), "%d %b %Y")
    return int(day.replace(tzinfo=timezone.utc).timestamp() * 1000) + 36 * HOUR


def badge(driver, css: str) -> str | None:
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0].text if found else None


def test_team_pages_name_who_is_on_call_now_not_at_the_build(driver, base_url, site_dir):
    data = schedule(site_dir)
    at_build, later = later_shift(data)
    then = ms(later["start"]) + HOUR
    with clock(driver, then):
        load(driver, f"{base_url}/engineers/{later['engineer']}/")
        WebDriverWait(driver, 10).until(lambda d: badge(d, "h1 .badge") == "on call now")
        load(driver, f"{base_url}/engineers/{at_build['engineer']}/")
        WebDriverWait(driver, 10).until(lambda d: badge(d, "h1 .badge") is None)
        assert driver.find_element(By.TAG_NAME, "h1").text.strip() == next(
            e["name"] for e in data["engineers"] if e["id"] == at_build["engineer"])
        load(driver, f"{base_url}/engineers/")
        row = f"tr[data-engineer='{later['engineer']}']"
        WebDriverWait(driver, 10).until(lambda d: badge(d, f"{row} .badge") == "on call now")
        assert len(driver.find_elements(By.CSS_SELECTOR, "tbody .badge")) == 1
        # The build's engineer: next on call after the clock, not after the build.
        nxt = next(s for s in data["shifts"] if s["engineer"] == at_build["engineer"] and ms(s["start"]) > then)
        cell = driver.find_element(
            By.CSS_SELECTOR, f"tr[data-engineer='{at_build['engineer']}'] td[data-label='Next on call']")
        day = datetime.fromisoformat(nxt["start"]).astimezone(timezone.utc)
        assert f"{day.day}" in cell.text and day.strftime("%b") in cell.text, cell.text
        assert "as of" not in driver.find_element(By.TAG_NAME, "thead").text


def test_without_script_the_badge_says_as_of_the_build(driver_nojs, base_url, site_dir):
    data = schedule(site_dir)
    at_build, _ = later_shift(data)
    load(driver_nojs, f"{base_url}/engineers/{at_build['engineer']}/")
    day = data["generated"][:10]
    assert badge(driver_nojs, "h1 .badge") == f"on call as of {day}"
    assert "as of" in driver_nojs.find_element(By.CSS_SELECTOR, "#oncall ~ .as-of").text
    load(driver_nojs, f"{base_url}/engineers/")
    assert f"as of {day}" in driver_nojs.find_element(By.TAG_NAME, "thead").text


def gone(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('.gone')].map(e => e.textContent.trim().slice(0, 60))")


def test_dated_rows_already_over_are_marked_past(driver, base_url, site_dir):
    data = schedule(site_dir)
    at_build, later = later_shift(data)
    # Past the pipeline's first backup day too: the next holiday may come more than 40
    # days after the build (built 12 July 2027, Labor Day is 56 days on: none was past).
    page = (site_dir / PAGES["pipeline"].strip("/") / "index.html").read_text(encoding="utf-8")
    first = min(day_over(when) for when in re.findall(r'<span class="when">([^<]+)</span>', page))
    then = max(ms(later["start"]), first) + HOUR
    with clock(driver, then):
        load(driver, f"{base_url}/engineers/{at_build['engineer']}/")
        rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
                if r.find_elements(By.CSS_SELECTOR, "td[data-label='To'] time")]
        ends = [ms(r.find_element(By.CSS_SELECTOR, "td[data-label='To'] time").get_attribute("datetime"))
                for r in rows]
        past = [r.get_attribute("class") for r, end in zip(rows, ends) if end <= then]
        coming = [r.get_attribute("class") for r, end in zip(rows, ends) if end > then]
        assert past and all("gone" in c for c in past), past
        assert all("gone" not in (c or "") for c in coming), coming
        load(driver, f"{base_url}{PAGES['pipeline']}")
        marked = gone(driver)
        assert marked, "no backup day marked past on the pipeline page"
        said = driver.execute_script(
            "return [...document.querySelectorAll('.gone .when')].map(e => getComputedStyle(e, '::after').content)")
        assert said and all(s == '" (past)"' for s in said), said
        assert driver.find_elements(By.CSS_SELECTOR, ".backup-days li:not(.gone)"), "every day marked past"
        load(driver, f"{base_url}/oncall/")
        holidays = driver.find_elements(By.CSS_SELECTOR, "#holidays + .table-wrap tbody tr")
        over = [day_over(r.find_element(By.CSS_SELECTOR, "td[data-label='Date']").text) <= then
                for r in holidays]
        assert any(over), "the clock is past no holiday"
        assert over == ["gone" in (r.get_attribute("class") or "") for r in holidays]
    # At the build, nothing of the engineer's coming shifts is past.
    with clock(driver, ms(data["generated"])):
        load(driver, f"{base_url}/engineers/{at_build['engineer']}/")
        assert not driver.find_elements(By.CSS_SELECTOR, "main tbody tr.gone")


def test_a_handoff_in_another_year_gives_its_year(driver, base_url, site_dir):
    data = schedule(site_dir)
    shifts = data["shifts"]
    i = next(i for i in range(len(shifts) - 1)
             if shifts[i]["start"][:4] != shifts[i + 1]["start"][:4]
             and shifts[i]["engineer"] != shifts[i + 1]["engineer"])
    with clock(driver, ms(shifts[i]["start"]) + HOUR):
        load(driver, f"{base_url}{PAGES['runbook']}")
        WebDriverWait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".oncall-now[data-live] .next time"))
        text = driver.find_element(By.CSS_SELECTOR, ".oncall-now .next time").text
        assert shifts[i + 1]["start"][:4] in text, text


def test_a_printed_runbook_shows_the_owners_contacts_and_its_address(driver, base_url):
    load(driver, f"{base_url}{PAGES['runbook']}")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        contacts = driver.find_element(By.CSS_SELECTOR, "details.owners p")
        assert "mailto:" in contacts.get_attribute("innerHTML")
        shown = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height, arguments[0].innerText]", contacts)
        assert shown[0] > 0 and shown[1] > 0 and "@" in shown[2], shown
        foot = driver.execute_script(
            "return getComputedStyle(document.body, '::after').content")
        assert "/runbooks/" in foot and "built " in foot, foot
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
