"""A time's year in the on-call box is worked out in the zone the time is written in.

The box writes a handoff with its year when that is not this year (a handoff next
January). Both years were read in the device's zone: a team in Tokyo whose handoff is at
00:00 on Friday 1 January 2027, seen from Los Angeles at 04:00 on 31 December (21:00 in
Tokyo), read "Next handoff: ... at Fri 1 Jan, 00:00 GMT+9": the handoff is on 31 December
in Los Angeles, this year there. Now the team's time says 2027.
"""

from __future__ import annotations

from datetime import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, example_copy, load, serve
from test_live_pages import clock

TOKYO = """rotation:
  order: [de1, de2, de3, de4]
  start: 2026-01-02
  handoff: { weekday: friday, time: "00:00" }
  timezone: Asia/Tokyo
  shift: weekly
"""


def tokyo(text: str) -> str:
    """oncall.yaml with the rotation handed off on Fridays at 00:00 in Tokyo."""
    head, rest = text.split("rotation:\n", 1)
    body = rest.split("\n\n", 1)[1]
    return head + TOKYO + "\n" + body


def test_a_handoff_next_year_in_the_team_s_zone_gives_its_year(driver, tmp_path):
    root = example_copy(tmp_path, {"content/oncall.yaml": tokyo})
    at = int(datetime.fromisoformat("2026-12-31T12:00:00+00:00").timestamp() * 1000)
    # Built a week before the page's clock. Built on the day the suite runs, the site's
    # schedule (from four weeks before its build) had no shift on 31 December 2026 from
    # February 2027 on, and the box never went live (faketime at 2027-11-07: timed out).
    site = build_site(root, root / "public", epoch=at // 1000 - 7 * 86400)
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/Los_Angeles"})
    try:
        with serve(site) as srv, clock(driver, at):
            load(driver, srv.url("/oncall/"))
            WebDriverWait(driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".oncall-now[data-live] .next time"))
            text = driver.find_element(By.CSS_SELECTOR, ".oncall-now .next time").text
            # Base: "Fri 1 Jan, 00:00 GMT+9".
            assert text.startswith("Fri 1 Jan 2027, 00:00"), text
            # The shift on call now ends then too: "until Fri 1 Jan 2027, 00:00 GMT+9".
            until = driver.find_element(By.CSS_SELECTOR, ".oncall-now .until time").text
            assert until.startswith("Fri 1 Jan 2027, 00:00"), until
    finally:
        driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
