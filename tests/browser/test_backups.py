"""A pipeline page's backups, compact on a phone and at 1280 px: each backup and primary
named once over their dates, past six dates the rest folded after the first four, and
nothing lost: every coming backup of the pipeline that /oncall/ lists is there, with its
dates and reason, and print unfolds them all."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from conftest import PAGES, console_errors, load, screenshot, set_width

PIPELINES = ["/pipelines/aggregate-profit/", "/pipelines/unit-level-profit/",
             "/pipelines/daily-growth/"]


def oncall_backups(driver, base_url) -> dict[str, set[tuple[str, str, str, str]]]:
    """(dates, backup, primary, why) of every backup of /oncall/, by pipeline name."""
    load(driver, base_url + PAGES["oncall"])
    by: dict[str, set] = {}
    for dates, pipeline, backup, primary, why in oncall_rows(driver):
        by.setdefault(pipeline, set()).add((dates, backup, primary, why))
    return by


def oncall_rows(driver) -> list[tuple[str, str, str, str, str]]:
    """(dates, pipeline, backup, primary, why) of every pipeline of every pair of every
    date card that the loaded page lists, folded or not."""
    return [tuple(r) for r in driver.execute_script("""
        return [...document.querySelectorAll('.backup-date')].flatMap(card => {
          const dates = card.querySelector('h3 .when').textContent.trim();
          const shared = card.querySelector('h3 .why');
          return [...card.querySelectorAll('li')].flatMap(li => {
            const own = li.querySelector('.why');
            const why = shared ? shared.textContent.trim()
              : own.textContent.trim().replace(/^\\(|\\)$/g, '');
            const who = t => li.querySelector('a.' + t).textContent.trim();
            return [...li.querySelectorAll('a.pipeline')].map(a =>
              [dates, a.textContent.trim(), who('backup'), who('primary'), why]);
          });
        });""")]


def page_backups(driver) -> list[tuple[str, str, str, str]]:
    """(dates, backup, primary, why) of every date the pipeline page lists, folded or not."""
    return [tuple(r) for r in driver.execute_script("""
        return [...document.querySelectorAll('.backup-group')].flatMap(g => {
          const [backup, primary] = [...g.querySelectorAll('h3 a')].map(a => a.textContent.trim());
          return [...g.querySelectorAll('.backup-days li')].map(li =>
            [li.querySelector('.when').textContent.trim(), backup, primary,
             li.querySelector('.why').textContent.trim()]);
        });""")]


def test_every_backup_is_on_the_pipeline_page_once(driver, base_url):
    listed = oncall_backups(driver, base_url)
    for path in PIPELINES:
        load(driver, base_url + path)
        name = driver.find_element(By.TAG_NAME, "h1").text
        rows = page_backups(driver)
        assert rows, f"{path}: no backups shown"
        assert len(rows) == len(set(rows)), f"{path}: a date twice"
        assert set(rows) == listed.get(name, set()), path
        # One heading per backup and primary.
        pairs = driver.execute_script(
            "return [...document.querySelectorAll('.backup-group h3')].map(h =>"
            " [...h.querySelectorAll('a')].map(a => a.textContent).join(' > '))")
        assert len(pairs) == len(set(pairs)), pairs


@pytest.mark.parametrize("width", [390, 1280])
def test_backups_are_compact(driver, base_url, width):
    set_width(driver, width)
    load(driver, base_url + PIPELINES[0])
    days = driver.find_elements(By.CSS_SELECTOR, ".backup-days li")
    assert len(days) > 6, "the example has a year of holidays"
    shown = [d for d in days if d.is_displayed()]
    assert len(shown) == 4, [d.text for d in shown]
    summary = driver.find_element(By.CSS_SELECTOR, ".backup-more > summary")
    assert summary.text.startswith(f"{len(days) - 4} more, to ")
    assert summary.text.endswith(days[-1].find_element(By.CSS_SELECTOR, ".when")
                                 .get_attribute("textContent"))
    section = driver.execute_script(
        "const h = document.getElementById('backups').getBoundingClientRect();"
        "return document.querySelector('.site-footer').getBoundingClientRect().top - h.top")
    # Four dates, their heading and the fold: about a third of a phone's screen.
    assert section < 520, section
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    tops = {round(d.rect["y"]) for d in shown}
    if width == 1280:
        assert len(tops) == 2, "two columns of dates side by side"
    else:
        assert len(tops) == 4, "one date a row"
    driver.execute_script("document.getElementById('backups').scrollIntoView()")
    screenshot(driver, f"backups-{width}", full_page=False)
    summary.click()
    assert all(d.is_displayed() for d in days)
    assert console_errors(driver, ignore=["/favicon.ico"]) == []


def visible(driver) -> list[bool]:
    """Whether each date is rendered (Selenium's is_displayed calls anything in a closed
    <details> hidden, whatever the CSS says)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('.backup-days li')].map(li =>"
        " li.checkVisibility() && li.getBoundingClientRect().height > 0)")


def test_print_shows_every_backup(driver, base_url):
    load(driver, base_url + PIPELINES[0])
    assert visible(driver).count(True) == 4
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = visible(driver)
        assert len(shown) > 6 and all(shown), shown
        assert not driver.find_element(By.CSS_SELECTOR, ".backup-more > summary").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
