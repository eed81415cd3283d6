"""Session 41's round: the pages as a screen reader gets them (the accessibility tree) and in
extreme states. Faults found, each with its test here:

- An unbroken name (an engineer's, or a pipeline's written with underscores) ran out of
  the on-call box, the runbook's owners, the backups and the calendar's legend: at 390 px
  the page was 1,494 px wide; at 1280 px it ran over the contents column.
- A runbook's contents with 10 sections or more lost the first digit of their numbers on
  a phone ("0." for 10): the list scrolls, and cuts the numbers standing out of it.
- The triangles the theme draws before a closed folder (the tree, a folder's index) and
  the filters' row were read as part of their names ("black right-pointing small
  triangle Growth").
- The light/dark button said "Switch between light and dark" and never which was on.
- Without JavaScript at 390 px the header's six links stayed on one row: every page was
  458 px wide. A page without the folder tree showed an empty box (and an empty landmark,
  "Site and runbooks") between the text and the footer.
- A site with no runbooks, pipelines or engineers yet: the home page offered "All 0
  runbooks", the pipelines page was a heading alone, the team page a table of headings
  without a row.

Built with $PIPEBOOK_BIN (default target/release/pipebook) from the example's content
alone, so that the theme is the one compiled into that binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, chrome, example_copy, load, serve, set_width

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))

# One word of 159 letters (a hostile or careless team.yaml) and a pipeline named with
# underscores, which give no place to break either.
LONG_PERSON = ("Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen"
               "schafewarenwohlgepflegeundsorgfaltigkeitbeschutzenvonangreifendurchihrraubgierigfeinde")
LONG_PIPELINE = "Aggregate profit reconciliation_and_restatement_of_prior_periods_across_all_business_units"
SECTIONS = 120

LONG = "---\ntitle: Long\npipelines: [aggregate-profit]\n---\n\n# Long\n\n" + "".join(
    f"## Section {i}\n\nText {i}.\n\n" for i in range(1, SECTIONS + 1))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = example_copy(tmp_path_factory.mktemp("ui41"), {
        "content/team.yaml": lambda t: t.replace("name: Data Engineer 4", f"name: {LONG_PERSON}", 1),
        "content/pipelines.yaml": lambda t: t.replace("name: Aggregate profit", f"name: {LONG_PIPELINE}", 1),
        "content/runbooks/profit/long.md": LONG,
    })
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with serve(root / "public") as srv:
        yield srv


# Elements of the page (outside anything that scrolls or clips) whose right edge is past
# the right edge of a box that holds them: the page, main, a runbook's head or body.
OVERFLOW = """
const boxes = [document.documentElement, ...document.querySelectorAll('main, .doc-head, .doc-body')];
const out = [], clips = new Set(document.querySelectorAll('main *'));
for (const e of clips) if (getComputedStyle(e).overflowX === 'visible') clips.delete(e);
for (const e of document.querySelectorAll('main *')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || [...clips].some(c => c !== e && c.contains(e))) continue;
  for (const b of boxes) {
    const right = b === document.documentElement ? b.clientWidth : b.getBoundingClientRect().right;
    if (b.contains(e) && r.right > right + 1) { out.push(`${e.tagName} ${e.className} ${Math.round(r.right)} > ${Math.round(right)}`); break; }
  }
}
return out;
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/", "/oncall/", "/runbooks/profit/aggregate-profit/",
                                  "/pipelines/aggregate-profit/", "/engineers/de4/", "/search/"])
def test_an_unbroken_name_stays_in_its_column(site, driver, width, path):
    set_width(driver, width)
    load(driver, site.base_url + path)
    # The search page's filters are filled by its script, from the index.
    WebDriverWait(driver, 10).until(
        lambda d: LONG_PERSON in d.execute_script("return document.querySelector('main').textContent"))
    assert driver.execute_script(OVERFLOW) == []
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


# For the list items given (1-based), the room left of each item inside the nearest box
# that clips, minus the width its number "N. " takes in the item's font.
NUMBER_ROOM = """
const items = document.querySelectorAll('#tocBox > ol > li'), ctx = document.createElement('canvas').getContext('2d');
return arguments[0].map(n => {
  const li = items[n - 1];
  let clip = li.parentElement;
  while (getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
  ctx.font = getComputedStyle(li).font;
  const room = li.getBoundingClientRect().left - clip.getBoundingClientRect().left - clip.clientLeft;
  return [n, Math.round(room - ctx.measureText(n + '. ').width)];
});
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_contents_list_shows_whole_numbers(site, driver, width):
    set_width(driver, width)
    load(driver, site.base_url + "/runbooks/profit/long/")
    driver.execute_script("document.getElementById('tocBox').open = true")
    rooms = driver.execute_script(NUMBER_ROOM, [1, 9, 10, 99, 100, SECTIONS])
    assert [n for n, spare in rooms if spare < 0] == [], rooms


def ax_node(driver, selector: str) -> dict:
    """The accessibility node Chromium makes of the first element matching `selector`."""
    doc = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": doc, "selector": selector})["nodeId"]
    assert node, selector
    ax = driver.execute_cdp_cmd("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    return ax["nodes"][0]


def ax_name(driver, selector: str) -> str:
    return ax_node(driver, selector)["name"]["value"]


def ax_pressed(driver, selector: str) -> str | None:
    """The pressed state a screen reader announces ("true", "false"), None for none."""
    props = {p["name"]: p["value"].get("value") for p in ax_node(driver, selector).get("properties", [])}
    return props.get("pressed")


@pytest.mark.parametrize("path,selector,name,width", [
    ("/runbooks/profit/aggregate-profit/", ".tree .folder:not(.open) > a[href$='/growth/']", "Growth", 1280),
    ("/runbooks/", ".children .folder > a[href$='/growth/']", "Growth", 390),
    ("/search/", ".filter-box > summary", "Filters", 390),
])
def test_the_themes_triangles_are_not_read(site, driver, path, selector, name, width):
    """The tree (which a script fetches) is a column at 1280 px; the filters are one closed
    row at 390 px."""
    set_width(driver, width)
    load(driver, site.base_url + path)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!document.querySelector(arguments[0])", selector))
    assert driver.execute_script("return getComputedStyle(document.querySelector(arguments[0]), '::before').content",
                                 selector).startswith('"\u25b8')
    assert ax_name(driver, selector) == name


@pytest.mark.parametrize("scheme,first", [("light", "false"), ("dark", "true")])
def test_the_theme_button_says_whether_dark_is_on(site, driver, scheme, first):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        load(driver, site.base_url + "/")
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !document.getElementById('theme-toggle').hidden"))
        seen = [(ax_name(driver, "#theme-toggle"), ax_pressed(driver, "#theme-toggle"))]
        for _ in range(2):
            driver.find_element("id", "theme-toggle").click()
            seen.append((ax_name(driver, "#theme-toggle"), ax_pressed(driver, "#theme-toggle")))
        other = "true" if first == "false" else "false"
        assert seen == [("Dark theme", first), ("Dark theme", other), ("Dark theme", first)]
    finally:
        driver.execute_script("localStorage.removeItem('pipebook-theme')")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory):
    """The example's site.yaml alone: no runbooks, pipelines, engineers or rotation."""
    root = tmp_path_factory.mktemp("ui41-empty")
    (root / "content").mkdir()
    shutil.copy(REPO / "content" / "site.yaml", root / "content" / "site.yaml")
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with serve(root / "public") as srv:
        yield srv


@pytest.mark.parametrize("path,says", [
    ("/", "No runbooks yet: add Markdown files under content/runbooks/."),
    ("/pipelines/", "No pipelines yet: list them in content/pipelines.yaml."),
    ("/engineers/", "No engineers yet: list them in content/team.yaml."),
])
def test_an_empty_site_says_what_to_add(empty_site, driver, path, says):
    set_width(driver, 390)
    load(driver, empty_site.base_url + path)
    main = driver.execute_script("return document.querySelector('main').innerText")
    assert says in main
    assert " 0 " not in main
    assert driver.execute_script("return document.querySelectorAll('main table').length") == 0


@pytest.fixture(scope="module")
def nojs():
    with chrome(javascript=False) as drv:
        yield drv


@pytest.mark.parametrize("path", ["/404.html", "/search/", "/oncall/", "/offline/",
                                  "/runbooks/profit/aggregate-profit/", "/runbooks/profit/"])
def test_without_script_a_phone_page_fits_and_shows_no_empty_box(site, nojs, path):
    """The page's drawer holds the menu's links (shown in the header instead) and the
    tree (which a script fetches): without script it is empty, and not shown."""
    set_width(nojs, 390)
    load(nojs, site.base_url + path)
    assert nojs.execute_script("return document.documentElement.className.includes('js')") is False
    assert nojs.execute_script("return document.documentElement.scrollWidth") <= 390
    assert nojs.execute_script("return getComputedStyle(document.getElementById('pipebook-drawer')).display") == "none"
