"""Keyboard and screen reader at 3 a.m.: the skip link comes first on a runbook; the Copy
buttons say what they copy (they were all "Copy this code") and what a copy did; the focus
ring shows in the dark scheme; the phone's drawer keeps Tab inside it while open (Tab went
on behind it, to the page it covers) and gives focus back to the Menu button on Escape;
the header's search says how many results it found (nothing was announced), and Escape
closes its list with focus back in the box."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, build_site, copy_corpus, load, serve, set_width

CODE_PAGE = "/runbooks/kubernetes/KubePersistentVolumeFillingUp/"
ACTIVE = "const a = document.activeElement; return [a.id, a.tagName, !!a.closest('#pipebook-drawer')];"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus-keys")
    copy_corpus(root / "content" / "runbooks")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def tab(driver, shift: bool = False) -> None:
    chain = ActionChains(driver)
    if shift:
        chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
    else:
        chain.send_keys(Keys.TAB)
    chain.perform()


def test_the_skip_link_comes_first_and_lands_on_the_text(driver, base_url):
    set_width(driver, 390, 844)
    load(driver, base_url + PAGES["runbook"])
    tab(driver)
    skip = driver.switch_to.active_element
    assert skip.get_attribute("class") == "skip" and skip.is_displayed(), skip.get_attribute("outerHTML")
    target = skip.get_attribute("hash")
    skip.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return location.hash") == target)
    tab(driver)
    inside = driver.execute_script("return document.querySelector(arguments[0]).contains(document.activeElement)", target)
    assert inside, "the next Tab goes on in the main text, not back to the header"


def test_copy_buttons_say_what_they_copy_and_what_happened(driver, corpus):
    load(driver, corpus.url(CODE_PAGE))
    buttons = driver.find_elements(By.CSS_SELECTOR, "button.copy-code")
    assert len(buttons) >= 2
    labels = [b.get_attribute("aria-label") for b in buttons]
    assert all(label.startswith("Copy: ") and len(label) > 8 for label in labels), labels
    assert len(set(labels)) == len(labels), f"each names its own code: {labels}"
    first = driver.execute_script("return arguments[0].parentElement.querySelector('code').innerText.trim().split('\\n')[0]",
                                  buttons[0])
    assert labels[0][len("Copy: "):] in first, (first, labels[0])  # the command, without its prompt
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    buttons[0].click()
    status = lambda d: d.execute_script(
        "return Array.from(document.querySelectorAll('[role=status]')).map(s => s.textContent).join('|')")
    WebDriverWait(driver, 5).until(lambda d: "opied" in status(d))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_shows_in_both_schemes(driver, base_url, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        load(driver, base_url + PAGES["runbook"])
        tab(driver)
        tab(driver)  # past the skip link, to the header's first control
        ring = driver.execute_script("""
          const a = document.activeElement, cs = getComputedStyle(a);
          const rgb = s => s.match(/\\d+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                             return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const o = lum(rgb(cs.outlineColor)), b = lum(rgb(getComputedStyle(document.body).backgroundColor));
          return {style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
                  contrast: (Math.max(o, b) + 0.05) / (Math.min(o, b) + 0.05)};""")
        assert ring["style"] != "none" and ring["width"] >= 2 and ring["contrast"] >= 3, ring
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_the_drawer_keeps_focus_and_gives_it_back(driver, base_url):
    set_width(driver, 390, 844)
    load(driver, base_url + PAGES["runbook"])
    menu = driver.find_element(By.ID, "pipebook-menu")
    driver.execute_script("arguments[0].focus()", menu)
    menu.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(ACTIVE)[2])
    stops = driver.execute_script("""return Array.from(document.querySelectorAll(
      '#pipebook-drawer a[href], #pipebook-drawer button, #pipebook-drawer summary')).filter(e => e.getClientRects().length).length""")
    seen = []
    for _ in range(stops + 3):
        tab(driver)
        seen.append(driver.execute_script(ACTIVE))
    assert all(inside or id_ == "pipebook-menu" for id_, _, inside in seen), seen
    assert any(id_ == "pipebook-menu" for id_, _, _ in seen), "Tab comes round to the Menu button"
    tab(driver, shift=True)
    tab(driver, shift=True)
    assert all(x[2] or x[0] == "pipebook-menu" for x in [driver.execute_script(ACTIVE)])
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert driver.execute_script(ACTIVE)[0] == "pipebook-menu"
    assert menu.get_attribute("aria-expanded") == "false"


def test_the_search_list_is_announced_and_escape_closes_it(driver, base_url):
    load(driver, base_url + PAGES["runbook"])
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys("profit")
    said = driver.find_element(By.ID, "search-said")
    assert said.get_attribute("role") == "status"
    WebDriverWait(driver, 10).until(lambda d: "result" in said.get_attribute("textContent"))
    shown = len(driver.find_elements(By.CSS_SELECTOR, "#search-popup a.result-title"))
    assert shown and "Down arrow" in said.get_attribute("textContent"), said.get_attribute("textContent")
    box.send_keys(Keys.ESCAPE)
    assert not driver.find_element(By.ID, "search-popup").is_displayed()
    assert driver.switch_to.active_element.get_attribute("id") == "search-input"
    assert box.get_attribute("aria-expanded") == "false"
