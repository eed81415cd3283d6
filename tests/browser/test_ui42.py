"""Session 42's round: the pages as a screen reader lists them and without script.
Faults found, each with its test here:

- Every heading's name ended in "Link to this section" (the "#" link sat inside the
  heading): a reader listing a runbook's headings heard it on each. The link is now beside
  the heading, named by it ("Link to section: Checks"), still focusable and visible.
- The header's search list was read as a heap of links: nothing said it was a list of
  results, which one Enter opens, or how many there are. It is now a combobox controlling
  a listbox of options, the one Enter opens selected, the arrows' one active.
- The on-call box's links were all "Email" (and "Call"): a list of links said nothing of
  whom they reach. Each now names the engineer ("Email Data Engineer 3").
- Without script the search page and the header showed a search box that could not
  work (search runs in the browser): it is not shown, and the page says where to look.

Built with $PIPEBOOK_BIN (default target/release/pipebook) from the example's content,
so that the theme is the one compiled into that binary.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, chrome, example_copy, load, serve, set_width

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))
RUNBOOK = "/runbooks/profit/aggregate-profit/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = example_copy(tmp_path_factory.mktemp("ui42"), {
        # Phone numbers published, so that the box has Call links too.
        "content/team.yaml": lambda t: t.replace('slack: "@de', 'phone: "+1 555 0100", slack: "@de'),
        "content/site.yaml": lambda t: t + "publish_contacts: [slack, email, phone]\n",
    })
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with serve(root / "public") as srv:
        yield srv


def ax(driver, selector: str) -> list[dict]:
    """The accessibility nodes Chromium makes of the elements matching `selector`: role,
    name and properties, in document order."""
    doc = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    ids = driver.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": doc, "selector": selector})["nodeIds"]
    out = []
    for node in ids:
        got = driver.execute_cdp_cmd("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        n = got["nodes"][0]
        out.append({"role": n.get("role", {}).get("value"), "name": n.get("name", {}).get("value", ""),
                    **{p["name"]: p["value"].get("value") for p in n.get("properties", [])}})
    return out


@pytest.mark.parametrize("width", [390, 1280])
def test_a_headings_name_is_its_text_and_its_link_is_beside_it(site, driver, width):
    set_width(driver, width)
    load(driver, site.base_url + RUNBOOK)
    texts = driver.execute_script(
        "return [...document.querySelectorAll('article :is(h2, h3, h4)[id]')].map(h => [h.id, h.textContent.trim()])")
    assert len(texts) >= 3, texts
    headings = ax(driver, "article :is(h2, h3, h4)[id]")
    assert [(h["role"], h["name"]) for h in headings] == [("heading", t) for _, t in texts]
    # Each still has its "#" link: focusable, seen, named by the heading it points at.
    for hid, text in texts:
        link = driver.find_element(By.CSS_SELECTOR, f"[id='{hid}'] + a.anchor")
        assert link.get_attribute("href").endswith("#" + hid)
        assert link.is_displayed() and link.size["width"] > 0
        assert ax(driver, f"[id='{hid}'] + a.anchor")[0]["name"] == f"Link to section: {text}"
        link.send_keys("")  # focus it
        assert driver.execute_script("return document.activeElement.classList.contains('anchor')")
        # Beside its heading, on its first line.
        top = driver.execute_script("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                                    "return [r.top, r.right]", hid)
        box = link.rect
        assert top[0] - 2 <= box["y"] - driver.execute_script("return scrollY") <= top[0] + 30, (hid, top, box)


def test_the_header_search_is_a_combobox_of_a_listbox(site, driver):
    set_width(driver, 1280)
    load(driver, site.base_url + RUNBOOK)
    box = driver.find_element(By.ID, "search-input")
    box.send_keys("checks")
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, 10).until(lambda d: popup.is_displayed() and popup.find_elements(By.CSS_SELECTOR, "a.result-title")
                                    and popup.get_attribute("aria-busy") == "false")
    combo = ax(driver, "#search-input")[0]
    assert combo["role"] == "combobox" and combo["expanded"] is True, combo
    controls = box.get_attribute("aria-controls")
    assert ax(driver, f"#{controls}")[0]["role"] == "listbox"
    options = ax(driver, f"#{controls} [role=option]")
    titles = popup.find_elements(By.CSS_SELECTOR, "a.result-title")
    assert len(options) >= len(titles) >= 2, options
    assert all(o["role"] == "option" for o in options)
    # Nothing in the list but its options is read as something (a list, a paragraph).
    kinds = driver.execute_script("""
      const list = document.getElementById(arguments[0]);
      return [...list.querySelectorAll('*')].filter(e => !e.closest('[role=option], [aria-hidden=true]'))
        .map(e => e.getAttribute('role') || e.tagName).filter(r => !['none', 'DIV', 'SPAN'].includes(r));""", controls)
    assert kinds == [], kinds
    selected = lambda: [o["name"] for o in ax(driver, f"#{controls} [role=option]") if o.get("selected")]
    # The one Enter opens is selected; its place and excerpt describe it.
    first = titles[0].get_attribute("id")
    assert selected() == [options[0]["name"]]
    assert titles[0].get_attribute("aria-describedby")
    box.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element.get_attribute("id") == first
    assert box.get_attribute("aria-activedescendant") == first
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    second = driver.switch_to.active_element.get_attribute("id")
    assert second and second != first and box.get_attribute("aria-activedescendant") == second
    assert selected() == [ax(driver, f"[id='{second}']")[0]["name"]]
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not popup.is_displayed()
    assert driver.switch_to.active_element.get_attribute("id") == "search-input"
    assert box.get_attribute("aria-activedescendant") is None
    assert ax(driver, "#search-input")[0]["expanded"] is False


@pytest.mark.parametrize("path", ["/", "/oncall/", RUNBOOK])
def test_each_email_and_call_link_names_whom_it_reaches(site, driver, path):
    set_width(driver, 390)
    load(driver, site.base_url + path)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".reach a"))
    links = driver.execute_script("""
      return [...document.querySelectorAll('.reach a')].map(a => {
        const who = a.closest('p, li, dd, div').querySelector('a:not(.reach a)');
        return [a.textContent, who.textContent.trim()];
      });""")
    names = [n["name"] for n in ax(driver, ".reach a")]
    assert len(names) >= 2
    assert names == [f"{verb} {who}" for verb, who in links]
    assert {verb for verb, _ in links} == {"Email", "Call"}


@pytest.fixture(scope="module")
def nojs():
    with chrome(javascript=False) as drv:
        yield drv


@pytest.mark.parametrize("width", [390, 1280])
def test_without_script_no_search_box_that_cannot_work(site, nojs, width):
    set_width(nojs, width)
    load(nojs, site.base_url + "/search/?q=checks")
    assert nojs.find_element(By.ID, "search-page-input").is_displayed() is False
    main = nojs.execute_script("return document.querySelector('main').innerText")
    assert "Search runs in the browser and needs JavaScript" in main
    assert nojs.find_element(By.CSS_SELECTOR, "main noscript a[href$='/runbooks/']").is_displayed()
    load(nojs, site.base_url + RUNBOOK)
    assert nojs.find_element(By.ID, "search-input").is_displayed() is False
    assert nojs.execute_script("return document.documentElement.scrollWidth") <= width
