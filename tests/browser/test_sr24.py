"""Session 24's review of the gitlab and openshift runbooks (look24) in the browser:
search rows that say where each page lives and which one Enter opens, an author's
<details> on paper, a wide table's scroll cue, and the offline page's one count."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, live_wait, load, set_width, site_with

# Two runbooks of one title in two folders: an alert's runbook and its "moved" stub, as
# in openshift-runbooks (look24 item 2).
STUB = "# KubeAPIDown\n\nThis alert has been moved to alerts/kao/KubeAPIDown.md.\n"
REAL = "# KubeAPIDown\n\nThe KubeAPIDown alert fires when no Kubernetes API server answers.\n\n## Diagnosis\n\nCheck the pods.\n"
DETAILS = """# Vault usage

Log in with the CLI.

<details>
<summary>SOCKS5 proxy via SSH</summary>

```
ssh -D 18200 bastion.example.net
```

</details>

## 1. Check the token

Run `vault token lookup`.

## 2. Renew it

Run `vault token renew`.
"""
WIDE = "# Access\n\n| Role | Account | Database | Backend | Notes |\n|---|---|---|---|---|\n" + \
    "| read-only | dbuser-readonly-primary | gitlabhq_production_primary | patroni-main-2004 | granted by the SRE on call |\n"
FILES = {
    "content/runbooks/alerts/cmo/KubeAPIDown.md": STUB,
    "content/runbooks/alerts/kao/KubeAPIDown.md": REAL,
    "content/runbooks/vault/usage.md": DETAILS,
    "content/runbooks/vault/access.md": WIDE,
    "content/runbooks/about/README.md": "# About Service\n\nThe service's overview: dashboards, alerts.\n",
}
SHOTS = Path(os.environ.get("SR24_SHOTS", "/tmp/sr24-shots"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # The theme copied too: the site's own themes/default is what this branch changed.
    with site_with(tmp_path_factory.mktemp("sr24"), FILES, themes=True) as srv:
        yield srv


@pytest.fixture()
def drv():
    with chrome() as d:
        yield d


def shot(d, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    d.save_screenshot(str(SHOTS / f"{name}.png"))


def type_search(d, words: str) -> None:
    field = d.find_element(By.ID, "search-input")
    field.click()
    field.send_keys(words)
    live_wait(d, 10).until(lambda d: d.execute_script(
        "var b = document.getElementById('search-popup');"
        "return !b.hidden && b.getAttribute('aria-busy') === 'false' && b.querySelectorAll('a.result-title').length >= 2"))


ROWS = """return Array.from(document.querySelectorAll('#search-popup .result')).map(function (r) {
  var s = getComputedStyle(r), w = r.querySelector('.where');
  return { href: r.querySelector('a.result-title').getAttribute('href'), where: w ? w.textContent : null,
           chosen: s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.boxShadow !== 'none' };
});"""


@pytest.mark.parametrize("width", [390, 1280])
def test_rows_of_one_title_say_where_each_page_lives(drv, site, width):
    set_width(drv, width)
    load(drv, site.url("/runbooks/"))
    type_search(drv, "KubeAPIDown")
    rows = drv.execute_script(ROWS)
    where = {r["href"]: r["where"] for r in rows}
    # Named as the breadcrumbs name the folders (session 25): their names made readable.
    assert where.get("/runbooks/alerts/cmo/KubeAPIDown/") == "Alerts › Cmo", rows
    assert where.get("/runbooks/alerts/kao/KubeAPIDown/") == "Alerts › Kao", rows
    shot(drv, f"search-where-{width}")


def test_the_row_enter_opens_is_selected_and_the_arrows_move_it(drv, site):
    set_width(drv, 1280)
    load(drv, site.url("/runbooks/"))
    type_search(drv, "KubeAPIDown")
    rows = drv.execute_script(ROWS)
    # Typing: the first row, which Enter opens, is shown selected; no other.
    assert [r["chosen"] for r in rows[:2]] == [True, False], rows
    field = drv.find_element(By.ID, "search-input")
    field.send_keys(Keys.ARROW_DOWN)
    drv.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    rows = drv.execute_script(ROWS)
    # The selection follows the arrows: the second row, not the first.
    assert [r["chosen"] for r in rows[:2]] == [False, True], rows
    shot(drv, "search-arrow-1280")
    second = rows[1]["href"]
    drv.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(drv, 10).until(lambda d: d.execute_script("return location.pathname") == second)


def test_an_authors_details_prints_open_and_the_screen_is_unchanged(drv, site):
    set_width(drv, 1280)
    load(drv, site.url("/runbooks/vault/usage/"))
    # Shown or not: a closed <details> skips its content (content-visibility: hidden).
    code = "return document.querySelector('.runbook details pre').checkVisibility();"
    opened = "return document.querySelector('.runbook details').open;"
    assert not drv.execute_script(code) and not drv.execute_script(opened)
    # Printing: the browser fires beforeprint, then lays the page out for print media.
    drv.execute_script("dispatchEvent(new Event('beforeprint'))")
    assert drv.execute_script(opened)
    drv.execute_script("dispatchEvent(new Event('afterprint'))")
    assert not drv.execute_script(opened)
    drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        # Without the event too (the CSS alone): the commands are on paper.
        assert drv.execute_script(code)
        shot(drv, "details-print-1280")
    finally:
        drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not drv.execute_script(code)


def test_a_wide_table_shows_it_scrolls_on_a_phone(drv, site):
    set_width(drv, 390)
    load(drv, site.url("/runbooks/vault/access/"))
    facts = drv.execute_script(
        "var t = document.querySelector('.runbook table'), s = getComputedStyle(t);"
        "return [t.scrollWidth > t.clientWidth, s.backgroundImage, s.backgroundAttachment];")
    assert facts[0], "the table is wider than a phone"
    assert facts[1].count("gradient") == 4 and "local" in facts[2], facts
    drv.execute_script("document.querySelector('.runbook table').scrollIntoView()")
    shot(drv, "table-cue-390")


def test_the_offline_page_gives_one_count(drv, site):
    load(drv, site.url("/offline/"))
    size = drv.find_element(By.ID, "keep-size")
    live_wait(drv, 10).until(lambda d: "Saves" in size.text)
    listed = json.loads((site.site_dir / "offline.json").read_text())
    files = sum(len(listed.get(k) or []) for k in ("pages", "index", "diagrams"))
    m = re.match(r"Saves (\d+) pages and files \((\d+) runbook and folder pages", size.text)
    assert m and int(m.group(1)) == files, size.text


def test_offline_results_say_the_whole_index_once_everything_is_saved(drv, site):
    load(drv, site.url("/runbooks/"))
    note = "return window.pipebookSearch && window.pipebookSearch.OFFLINE_NOTE"
    # search.js loads when the box is first focused.
    drv.find_element(By.ID, "search-input").click()
    WebDriverWait(drv, 10).until(lambda d: d.execute_script(note))
    assert "part of the index" in drv.execute_script(note)
    # What sw.js records once "Keep runbooks offline" saved everything: its build.
    version = re.search(r'var VERSION ?= ?"([^"]+)"', (site.site_dir / "sw.js").read_text()).group(1)
    drv.execute_async_script(
        "var v = arguments[0], done = arguments[1]; caches.open('pipebook-settings').then(function (c) {"
        " return c.put('/__pipebook/keep', new Response(v)); }).then(function () { done(); });", version)
    load(drv, site.url("/runbooks/"))
    drv.find_element(By.ID, "search-input").click()
    WebDriverWait(drv, 10).until(lambda d: "part of" not in (d.execute_script(note) or "part of"))
    assert "results from the index saved on this device" in drv.execute_script(note)
