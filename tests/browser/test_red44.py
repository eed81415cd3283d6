"""Owners named in Hebrew (session 44): the numbers beside their names are laid out where
they are written. On main a pipeline's owners' line showed `+972 3 555 0199` as
`0199 555 3 972+` (Unicode's bidi algorithm took the number into the name before it),
and `… backs up דנה לוי · 11 dates` as `… backs up 11 · דנה לוי dates`."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from conftest import load, site_with


def team(text: str) -> str:
    text = text.replace(
        'name: Data Engineer 1\n    contact: { email: de1@example.com, slack: "@de1" }',
        'name: דנה לוי\n    contact: { slack: "@דנה", phone: "+972 3 555 0100" }')
    return text.replace(
        'name: Data Engineer 3\n    contact: { email: de3@example.com, slack: "@de3" }',
        'name: נועם כהן\n    contact: { phone: "+972 3 555 0199" }')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red44")
    files = {
        "content/team.yaml": team,
        "content/site.yaml": lambda t: t + "publish_contacts: [slack, email, phone]\n",
    }
    with site_with(root, files) as srv:
        yield srv


# The left edge, on screen, of the first `needle` in the text of element `el`.
LEFT_OF = """
const [el, needle] = arguments;
const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const i = n.data.indexOf(needle);
  if (i < 0) continue;
  const r = document.createRange();
  r.setStart(n, i); r.setEnd(n, i + needle.length);
  return r.getBoundingClientRect().left;
}
return null;
"""


def left_of(driver, el, needle: str) -> float:
    x = driver.execute_script(LEFT_OF, el, needle)
    assert x is not None, f"{needle!r} not in {el.text!r}"
    return x


def test_phone_numbers_read_as_written(driver, site):
    load(driver, site.url("/pipelines/unit-level-profit/"))
    owners = driver.find_elements(By.CSS_SELECTOR, ".facts dd")
    lines = [dd for dd in owners if "555" in dd.text]
    assert len(lines) == 2, [dd.text for dd in owners]
    for dd in lines:
        assert left_of(driver, dd, "+972") < left_of(driver, dd, "555") < left_of(driver, dd, "01"), dd.text


def test_a_backup_count_stays_after_the_names(driver, site):
    load(driver, site.url("/pipelines/unit-level-profit/"))
    head = driver.find_element(By.CSS_SELECTOR, ".backup-group h3")
    primary = head.find_elements(By.TAG_NAME, "a")[1]
    count = head.find_element(By.CSS_SELECTOR, ".rel:last-child")
    assert "dates" in count.text, head.text
    digit = next(c for c in count.text if c.isdigit())
    # Left to right: "נועם כהן backs up דנה לוי · 11 dates".
    name_right = driver.execute_script("return arguments[0].getBoundingClientRect().right", primary)
    assert left_of(driver, count, digit) > name_right, head.text
    assert left_of(driver, count, digit) < left_of(driver, count, "dates"), head.text
