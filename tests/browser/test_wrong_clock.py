"""A phone whose clock is wrong by days (session 36): it lost the time, or was set by
hand. The on-call box works out who is on call now in the browser, from the device's
clock: base named the engineer of another shift, without a word. Session 37: a network
clock wrong by years, and the dates greyed as past going by the same clock as the box.

The device's clock is moved with the page's `Date.now` (test_live_pages's `clock`).
"""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By

from conftest import chrome, live_wait, load, screenshot, server_clock, set_width
from test_deploy_skew import AGED_SECONDS, FAULTS, deploys, live  # noqa: F401 (fixtures)
from test_live_pages import HOUR, clock, ms, schedule

RUNBOOK = "/runbooks/profit/aggregate-profit/"


def box_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-oncall]").text


def test_a_clock_days_behind_names_who_is_on_call_by_the_site_s_clock(driver, base_url, site_dir):
    data = schedule(site_dir)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    now = time.time() * 1000
    shifts = data["shifts"]
    i = next(i for i, s in enumerate(shifts) if ms(s["start"]) <= now < ms(s["end"]))
    # The device's clock in the last shift of another engineer, days back.
    before = next(s for s in reversed(shifts[:i]) if s["engineer"] != shifts[i]["engineer"])
    device = ms(before["start"]) + HOUR
    assert now - device > 2 * 24 * HOUR
    set_width(driver, 390, 844)
    with clock(driver, device, server=False):
        load(driver, base_url + RUNBOOK)
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        now_line = driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text
        # Base: "On call now: <the engineer of the shift the device's clock is in>".
        assert names[shifts[i]["engineer"]] in now_line, (now_line, names[before["engineer"]])
        days = round((now - device) / (24 * HOUR))
        assert f"This device's clock is {days} days behind" in box_text(driver), box_text(driver)
        screenshot(driver, "oncall-clock-behind-390", full_page=False)


def test_offline_a_clock_before_the_schedule_was_published_is_said(live):
    """Offline (the worker's saved copy), nothing tells the right time; a clock that reads
    before the saved schedule was published is wrong, and said to be."""
    FAULTS["/oncall.json"] = "saved"
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, live.url(RUNBOOK))
        built = driver.execute_script("return fetch('/oncall.json').then(r => r.json()).then(d => d.generated)")
        with clock(driver, ms(built) - 3 * 24 * HOUR, server=False):
            load(driver, live.url(RUNBOOK))
            live_wait(driver, 15).until(lambda d: "saved on this device" in box_text(d))
            assert "clock reads before this schedule was published" in box_text(driver), box_text(driver)
            screenshot(driver, "oncall-clock-before-published-390", full_page=False)


def test_a_cache_s_old_date_with_its_age_is_not_taken_for_a_wrong_clock(deploys, live):
    """A CDN's edge may answer with the `Date` it stored the schedule at and its `Age`
    since: read alone, that `Date` made a right clock look days ahead, and the box named
    the engineer of an old shift."""
    FAULTS["/oncall.json"] = "aged"
    # Inside the fixed-clock deploy's schedule, as the next test.
    at = ms(schedule(deploys[0])["generated"]) + 3 * 24 * HOUR
    with chrome(service_worker=False) as driver, clock(driver, at, server=False):
        server_clock(int(at - AGED_SECONDS * 1000))
        set_width(driver, 390, 844)
        load(driver, live.url(RUNBOOK))
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert "clock" not in box_text(driver), box_text(driver)


def test_a_cache_s_own_date_with_its_age_is_not_taken_for_a_wrong_clock(deploys, live):
    """Other caches (Cloudflare's and Fastly's edges, Varnish) write their own `Date`, the
    time they answer, beside the `Age` of what they stored: read as the sum, that made a
    right clock look days behind, and the box named the engineer of a shift days ahead."""
    FAULTS["/oncall.json"] = "aged"
    # The deploys are built at a fixed clock (test_deploy_skew): the device's and the
    # server's clocks are three days after it, inside its schedule on any day the suite
    # runs (at the suite's clock, from mid-2027 no shift held it: StopIteration).
    at = ms(schedule(deploys[0])["generated"]) + 3 * 24 * HOUR
    with chrome(service_worker=False) as driver, clock(driver, at):
        set_width(driver, 390, 844)
        load(driver, live.url(RUNBOOK))
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert "clock" not in box_text(driver), box_text(driver)
        built = driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text
        data = driver.execute_script("return fetch('/oncall.json').then(r => r.json())")
        shift = next(s for s in data["shifts"] if ms(s["start"]) <= at < ms(s["end"]))
        name = next(e["name"] for e in data["engineers"] if e["id"] == shift["engineer"])
        assert name in built, (built, name)


def on_now(data: dict, at: float) -> str:
    shift = next(s for s in data["shifts"] if ms(s["start"]) <= at < ms(s["end"]))
    return next(e["name"] for e in data["engineers"] if e["id"] == shift["engineer"])


def test_a_network_clock_years_ahead_is_not_believed(driver, base_url, site_dir):
    """A broken proxy's `Date` four years ahead, the device's clock right: base believed
    the network, and the box said no one is on call now, the device's clock 1461 days
    behind. A time past the end of the schedule the network sent is not believed."""
    data = schedule(site_dir)
    now = time.time() * 1000
    server_clock(int(now + 4 * 365.25 * 24 * HOUR))
    set_width(driver, 390, 844)
    load(driver, base_url + RUNBOOK)
    live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
    text = box_text(driver)
    assert "On call now: " + on_now(data, now) in text, text
    assert "The network's clock reads 4 years ahead of this device's" in text, text
    screenshot(driver, "oncall-network-clock-years-ahead-390", full_page=False)


GONE = """return Array.from(document.querySelectorAll("main tbody tr")).map(r => {
  const to = r.querySelector("td[data-label='To'] time[datetime]");
  return [to ? to.getAttribute("datetime") : null, r.classList.contains("gone")]; }).filter(r => r[0]);"""


def test_past_dates_are_greyed_by_the_clock_the_on_call_box_uses(driver, base_url, site_dir):
    """The device's clock 20 days behind, the network's right: the box went by the
    network's, but the schedule's rows ended since (three weekly shifts) stayed ungreyed,
    as still to come, under a box naming who is on call after them."""
    now = time.time() * 1000
    device = now - 20 * 24 * HOUR
    set_width(driver, 390, 844)
    with clock(driver, int(device), server=False):
        load(driver, base_url + "/oncall/")
        live_wait(driver, 15).until(lambda d: "clock is 20 days behind" in box_text(d))
        rows = driver.execute_script(GONE)
        ended = [to for to, _ in rows if device < ms(to) <= now]
        assert ended, rows
        wrong = [(to, gone) for to, gone in rows if gone != (ms(to) <= now)]
        assert not wrong, (wrong, len(ended))
        screenshot(driver, "oncall-past-greyed-by-site-clock-390", full_page=False)
