"""A very long runbook on a phone: its contents, opened above the text, scroll in a box
of their own (a 1 MB runbook's 933 entries made a list 46,000 px tall between the reader
and the first step), and every entry still leads to its section."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import console_errors, load, set_width, site_with

SECTIONS = 300
PAGE = "/runbooks/profit/long/"


def long_runbook() -> str:
    parts = ["---\ntitle: Long runbook\n---\n\nA long runbook.\n\n## Steps\n\n1. First step.\n"]
    for i in range(1, SECTIONS + 1):
        parts.append(f"\n## Section {i}\n\nCheck the ledger totals against the warehouse.\n\n"
                     f"```sh\nkubectl -n data get pods -l app=replay-{i}\n```\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("long-runbook")
    with site_with(root, {"content/runbooks/profit/long.md": long_runbook()}, themes=True) as srv:
        yield srv


BOX = """
const toc = document.getElementById('tocBox'), list = toc.querySelector('ol');
const r = list.getBoundingClientRect();
return {open: toc.open, height: r.height, scroll: list.scrollHeight, client: list.clientHeight,
        entries: list.querySelectorAll('a').length, inner: innerHeight,
        step: document.getElementById('steps.1').getBoundingClientRect().top + scrollY,
        below: r.bottom + scrollY};
"""


@pytest.mark.parametrize("size", [(390, 844), (844, 390)])
def test_long_contents_scroll_in_their_own_box_on_a_phone(driver, site, size):
    set_width(driver, *size, mobile=True)
    load(driver, site.url(PAGE))
    driver.find_element(By.CSS_SELECTOR, "#tocBox > summary").click()
    got = driver.execute_script(BOX)
    assert got["open"] and got["entries"] >= SECTIONS, got
    assert got["height"] <= 0.6 * got["inner"] + 1, got
    assert got["scroll"] > got["client"], got          # the rest is in the box
    assert got["step"] - got["below"] < got["inner"], got  # the first step is a screen away
    # The last entry, scrolled to within the box, leads to its section.
    last = driver.find_elements(By.CSS_SELECTOR, "#tocBox ol a")[-1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", last)
    last.click()
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return location.hash") == f"#section-{SECTIONS}")
    top = driver.execute_script("return document.querySelector(':target').getBoundingClientRect().top")
    assert 0 <= top < got["inner"] / 2, top
    assert console_errors(driver, ignore=["/favicon.ico"]) == []
