"""The phone menu (drawer) of a runbook whose author uses the theme's ids and classes: a
raw `<div id="pipebook-drawer">` and `<div id="pipebook-menu">`, a heading `## Main`
(slug `main`, the skip link's target). The HTML side is tests/redteam8.rs; here the
browser: the Menu button opens the theme's drawer, not the author's, Escape closes it,
and the skip link reaches the theme's <main>."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import console_errors, load, set_width, site_with

PAGE = "/runbooks/profit/ids/"
RUNBOOK = """---
title: Ids
---

<div id="pipebook-drawer" class="drawer">Author's drawer</div>

<div id="pipebook-menu" class="menu-button">Author's menu</div>

## Main

1. The first step.

## Steps

1. Another step.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("drawer-ids")
    with site_with(root, {"content/runbooks/profit/ids.md": RUNBOOK}) as srv:
        yield srv


# Where the theme's and the author's elements are, and whether they are shown.
STATE = """
const theme = Array.from(document.querySelectorAll('.drawer')).filter(e => !e.closest('article'));
const author = Array.from(document.querySelectorAll('article div, article nav'))
  .filter(e => /Author's (drawer|menu)/.test(e.textContent) && !e.querySelector('div, nav'));
const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
return {open: document.documentElement.classList.contains('menu-open'),
        themeDrawers: theme.length, themeShown: theme.length === 1 && shown(theme[0]),
        themeFixed: theme.length === 1 && getComputedStyle(theme[0]).position === 'fixed',
        authorFixed: author.map(e => getComputedStyle(e).position === 'fixed'),
        authorIds: author.map(e => e.id)};
"""


def test_the_menu_opens_the_themes_drawer_not_the_authors(driver, site):
    set_width(driver, 390, 844)
    load(driver, site.url(PAGE))
    before = driver.execute_script(STATE)
    assert before["themeDrawers"] == 1 and not before["open"], before
    # The author's elements keep their text, under ids of their own, and are not the theme's.
    assert len(before["authorIds"]) == 2 and all(i != "pipebook-drawer" and i != "pipebook-menu"
                                                  for i in before["authorIds"]), before
    button = [b for b in driver.find_elements(By.CSS_SELECTOR, "button.menu-button")
              if b.is_displayed()]
    assert len(button) == 1, "one Menu button on a phone"
    button[0].click()
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(STATE)["open"])
    opened = driver.execute_script(STATE)
    assert opened["themeShown"] and opened["themeFixed"], opened
    assert opened["authorFixed"] == [False, False], opened
    assert button[0].get_attribute("aria-expanded") == "true"
    # The drawer holds the site's links and the folder's tree, with this page marked.
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(
        By.CSS_SELECTOR, ".drawer nav.tree a[aria-current='page']"))
    here = driver.find_element(By.CSS_SELECTOR, ".drawer nav.tree a[aria-current='page']")
    assert here.text == "Ids" and here.is_displayed()
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(lambda d: not d.execute_script(STATE)["open"])
    assert button[0].get_attribute("aria-expanded") == "false"
    assert console_errors(driver, ignore=["/favicon.ico"]) == []


def test_the_skip_link_reaches_the_themes_main(driver, site):
    set_width(driver, 390, 844)
    load(driver, site.url(PAGE))
    heading = driver.find_element(By.XPATH, "//article//h2[starts-with(normalize-space(), 'Main')]")
    assert heading.get_attribute("id") != "main"
    skip = driver.find_element(By.CSS_SELECTOR, "a.skip")
    driver.execute_script("arguments[0].click()", skip)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return location.hash") == "#main")
    target = driver.execute_script("return document.querySelector(':target')")
    assert target.tag_name == "main"
