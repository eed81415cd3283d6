"""Reading a runbook: steps you can point at, code you can copy, light and dark themes."""

from __future__ import annotations


import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, console_errors, copy_corpus, load, serve



@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus-reading")
    copy_corpus(root / "content" / "runbooks")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def test_every_numbered_step_has_an_anchor_and_a_link(driver, base_url):
    load(driver, base_url + "/runbooks/profit/aggregate-profit/#steps.3")
    steps = driver.find_elements(By.CSS_SELECTOR, "article ol > li[id^='steps.']")
    assert [s.get_attribute("id") for s in steps] == [f"steps.{i}" for i in range(1, 6)]
    target = driver.execute_script("return document.querySelector(':target').id")
    assert target == "steps.3"
    link = steps[1].find_element(By.CSS_SELECTOR, "a.step-link")
    assert link.get_attribute("href").endswith("#steps.2")
    assert link.is_displayed() and link.text == "#"
    link.click()
    WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith("#steps.2"))
    # Headings too.
    assert driver.find_element(By.CSS_SELECTOR, "h2#checks + a.anchor").get_attribute("href").endswith("#checks")


def test_code_blocks_get_a_copy_button(driver, corpus):
    load(driver, corpus.url("/runbooks/etcd/etcdHighFsyncDurations/"))
    blocks = driver.find_elements(By.CSS_SELECTOR, "pre > code")
    assert blocks
    buttons = driver.find_elements(By.CSS_SELECTOR, "pre > button.copy-code")
    assert len(buttons) == len(blocks)
    assert buttons[0].text == "Copy" and buttons[0].is_displayed()
    buttons[0].click()
    WebDriverWait(driver, 5).until(lambda d: buttons[0].text in ("Copied", "Select and copy"))
    assert not console_errors(driver)


def test_theme_toggle_is_remembered(driver, base_url):
    load(driver, base_url + "/")
    bg = lambda: driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    light = bg()
    toggle = driver.find_element(By.ID, "theme-toggle")
    assert toggle.is_displayed()
    toggle.click()
    assert driver.execute_script("return document.documentElement.dataset.theme") == "dark"
    dark = bg()
    assert dark != light
    load(driver, base_url + "/oncall/")
    assert driver.execute_script("return document.documentElement.dataset.theme") == "dark", "remembered"
    assert bg() == dark
    driver.find_element(By.ID, "theme-toggle").click()
    assert bg() == light
    driver.execute_script("localStorage.clear()")


def test_without_javascript_the_toggle_is_hidden(driver_nojs, base_url):
    load(driver_nojs, base_url + "/runbooks/profit/aggregate-profit/")
    assert not driver_nojs.find_element(By.ID, "theme-toggle").is_displayed()
    # Steps still have their anchors and links.
    assert driver_nojs.find_element(By.CSS_SELECTOR, "li[id='steps.1'] a.step-link").get_attribute("href").endswith("#steps.1")
