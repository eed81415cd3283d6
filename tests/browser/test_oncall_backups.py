"""/oncall/'s and the engineer pages' backups, compact and complete: each date a card of who
backs up whom on which pipelines, every coming backup of the personal feeds there once,
past six dates folded, print unfolding them, and the pages within a height budget."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import PAGES, console_errors, load, screenshot, set_width
from test_backups import oncall_rows, visible

ENGINEERS = ["de1", "de2", "de3", "de4"]


def feed_backups(site_dir, engineer: str) -> set[tuple[str, str, str, str]]:
    """(first date, backup, primary, pipeline slug) of the backup events of a personal
    feed that start after tomorrow (clear of the build's day in any time zone)."""
    text = (site_dir / "oncall" / f"{engineer}.ics").read_text().replace("\r\n ", "")
    text = text.replace("\n ", "")
    soon = (dt.date.today() + dt.timedelta(days=2)).strftime("%Y%m%d")
    out = set()
    for ev in text.split("BEGIN:VEVENT")[1:]:
        if not re.search(r"^UID:backup-", ev, re.M):
            continue
        start = re.search(r"^DTSTART;VALUE=DATE:(\d{8})", ev, re.M).group(1)
        if start < soon:
            continue
        desc = re.search(r"^DESCRIPTION:(.*)$", ev, re.M).group(1)
        desc = desc.replace("\\,", ",").replace("\\;", ";")
        backup = re.match(r"(.*?) is the backup for ", desc).group(1)
        primary = re.search(r"Primary owner: (.*?)\.\\n", desc).group(1)
        slug = re.search(r"^URL:.*/pipelines/([^/]+)/", ev, re.M).group(1)
        out.add((start, backup, primary, slug))
    return out


def page_rows(driver) -> list[tuple[str, str, str, str]]:
    """(first date, backup, primary, pipeline slug) of every backup the loaded page lists."""
    rows = []
    for dates, _pipeline, backup, primary, _why in oncall_rows(driver):
        first = re.match(r"\w{3} \d{1,2} \w{3} \d{4}", dates).group(0)
        rows.append((dt.datetime.strptime(first, "%a %d %b %Y").strftime("%Y%m%d"),
                     backup, primary))
    slugs = driver.execute_script("""
        return [...document.querySelectorAll('.backup-date li a.pipeline')].map(a =>
          new URL(a.href).pathname.split('/').filter(Boolean).pop());""")
    return [r + (s,) for r, s in zip(rows, slugs)]


def test_every_backup_is_listed_once(driver, base_url, site_dir):
    load(driver, base_url + PAGES["oncall"])
    everyone = page_rows(driver)
    assert len(everyone) == len(set(everyone)), "a backup twice on /oncall/"
    soon = (dt.date.today() + dt.timedelta(days=2)).strftime("%Y%m%d")
    coming = {r for r in everyone if r[0] >= soon}
    expected = set()
    for e in ENGINEERS:
        mine = feed_backups(site_dir, e)
        expected |= mine
        load(driver, base_url + f"/engineers/{e}/")
        rows = page_rows(driver)
        assert len(rows) == len(set(rows)), f"{e}: a backup twice"
        assert {r for r in rows if r[0] >= soon} == mine, e
        assert set(rows) <= set(everyone), f"{e}: a backup /oncall/ does not list"
    assert expected, "the example has backups in the feeds"
    assert coming == expected
    # One card per date, and a pair once per date.
    load(driver, base_url + PAGES["oncall"])
    dates = driver.execute_script(
        "return [...document.querySelectorAll('.backup-date h3 .when')].map(w => w.textContent)")
    assert len(dates) == len(set(dates)), dates
    pairs = driver.execute_script("""
        return [...document.querySelectorAll('.backup-date')].flatMap(c =>
          [...c.querySelectorAll('li')].map(li => c.querySelector('.when').textContent + ' '
            + li.querySelector('a.backup').textContent + ' > '
            + li.querySelector('a.primary').textContent + ' '
            + (li.querySelector('.why') || {textContent: ''}).textContent));""")
    assert len(pairs) == len(set(pairs)), pairs


# Before grouping: 16,559 px at 390 and 7,994 at 1280; the Backups section alone
# 8,900 and 3,740.
@pytest.mark.parametrize("width,page_max,section_max", [(390, 10_500, 2_000), (1280, 5_600, 1_000)])
def test_oncall_is_within_height(driver, base_url, width, page_max, section_max):
    set_width(driver, width)
    load(driver, base_url + PAGES["oncall"])
    height = driver.execute_script("return document.documentElement.scrollHeight")
    section = driver.execute_script(
        "const h = document.getElementById('backups').getBoundingClientRect();"
        "return document.querySelector('.site-footer').getBoundingClientRect().top - h.top")
    assert height < page_max, height
    assert section < section_max, section
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    cards = driver.find_elements(By.CSS_SELECTOR, ".backup-date")
    assert len(cards) > 6
    assert [c.is_displayed() for c in cards].count(True) == 4
    summary = driver.find_element(By.CSS_SELECTOR, "#backups ~ .backup-more > summary")
    assert summary.text == (f"{len(cards) - 4} more, to "
                            + cards[-1].find_element(By.CSS_SELECTOR, ".when")
                            .get_attribute("textContent"))
    screenshot(driver, f"oncall-backups-{width}")
    summary.click()
    assert all(c.is_displayed() for c in cards)
    assert console_errors(driver, ignore=["/favicon.ico"]) == []


def test_print_shows_every_date(driver, base_url):
    for path in [PAGES["oncall"], PAGES["engineer"]]:
        load(driver, base_url + path)
        shown = cards_visible(driver)
        assert shown.count(True) == 4, path
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            shown = cards_visible(driver)
            assert len(shown) > 6 and all(shown), (path, shown)
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def cards_visible(driver) -> list[bool]:
    return driver.execute_script(
        "return [...document.querySelectorAll('.backup-date')].map(c =>"
        " c.checkVisibility() && c.getBoundingClientRect().height > 0)")
