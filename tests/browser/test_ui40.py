"""Session 40's visual round: leftovers of ui39 and fresh angles. Faults found, each with
its test here:

- Printed, a bare link (`<https://…>`, an address in running text, or a link whose text
  is its address) showed its address twice: "https://ops.example/dash
  (https://ops.example/dash)".
- Printed, a table's narrow headings broke inside their words ("Escala|tion") when other
  columns' long addresses took the paper's width.
- At 400 % zoom (1280 x 900 seen as 320 x 225 CSS px) the sticky header kept 60 of the
  225 px: a reader of the steps saw 3 lines of them (WCAG 1.4.10, reflow). The header
  now scrolls away in a window under 30rem high (also a phone on its side); a phone held
  upright keeps it.
- A callout (a GitHub alert or an admonition) inside a `>` quote took the quote's grey
  text.
- The alerts list at 390 px had no test that a runbook title's stacked combining marks
  stay in their cell (rows sit at fractional positions): the marks are made transparent,
  which moves nothing, and every other cell must be the same pixels.

Built with $PIPEBOOK_BIN (default target/release/pipebook) from the example's content
alone, so that the theme is the one compiled into that binary.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, example_copy, load, screenshot, serve, set_width

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))

LINKS = """---
title: Links on paper
---

# Links on paper

Open <https://ops.example/dash> first, or see https://ops.example/wiki for more.
The [https://ops.example/same](https://ops.example/same) board, [the runbook index](https://ops.example/index),
and <a class="bare" href="https://evil.example/x">the docs</a>.

> Before you start, read this.
>
> > [!WARNING]
> > Do not drop the table.
>
> !!! danger "Production"
>     Never on production.

> [!WARNING]
> Do not drop the table.

| Pipeline | Escalation | Retention | Dashboard | Runbook |
| --- | --- | --- | --- | --- |
| profit | yes | 30 days | https://grafana.example/d/aggregate-profit-overview-and-lag-by-partition-0123456789 | https://ops.example/runbooks/profit/aggregate-profit/restart-the-job-and-check-lag |
"""

ROW_MARKS = "".join(chr(0x0316 + i % 0x10) for i in range(30))  # 30 marks below a letter


def marked(text: str) -> bool:
    """Whether `text` holds the 30 marks (in any order: the page may normalise them)."""
    return sum("\u0300" <= c <= "\u036f" for c in text) >= 30


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = example_copy(tmp_path_factory.mktemp("ui40"), {
        "content/runbooks/profit/links.md": LINKS,
        "content/runbooks/growth/aggregate-growth.md":
            lambda t: t.replace("# Growth Pipeline (Aggregate Growth)", f"# Growth Pipeline (Ag{ROW_MARKS}gregate Growth)", 1),
    })
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with serve(root / "public") as srv:
        yield srv


def printing(driver, on=True):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print" if on else ""})


AFTER = "return Array.from(document.querySelectorAll('article.runbook a[href^=\"http\"]'), a => [a.textContent, getComputedStyle(a, '::after').content])"


def test_print_writes_a_links_address_once(site, driver):
    load(driver, site.url("/runbooks/profit/links/"))
    printing(driver)
    try:
        got = dict(driver.execute_script(AFTER))
    finally:
        printing(driver, False)
    # The address is the text: nothing after it.
    for text in ("https://ops.example/dash", "https://ops.example/wiki", "https://ops.example/same"):
        assert got[text] in ("none", "normal"), (text, got)
    # A link with words of its own, and the author's own `class="bare"`, print the address.
    assert got["the runbook index"] == '" (https://ops.example/index)"', got
    assert "https://evil.example/x" in got["the docs"], got


# The words of each heading cell drawn on more than one line (a word broken inside).
BROKEN = """
const broken = [];
for (const th of document.querySelectorAll('article.runbook th')) {
  const text = th.firstChild, words = text.data.matchAll(/\\S+/g);
  for (const w of words) {
    const r = document.createRange(); r.setStart(text, w.index); r.setEnd(text, w.index + w[0].length);
    const tops = new Set(Array.from(r.getClientRects(), c => Math.round(c.top)));
    if (tops.size > 1) broken.push([w[0], th.getBoundingClientRect().width]);
  }
}
return [broken, document.querySelectorAll('article.runbook th').length];
"""


def test_print_keeps_a_tables_heading_words_whole(site, driver):
    set_width(driver, 680, mobile=False)  # A4's printable width at 96 px an inch, about
    load(driver, site.url("/runbooks/profit/links/"))
    printing(driver)
    try:
        broken, heads = driver.execute_script(BROKEN)
        screenshot(driver, "ui40-print-table")
        table = driver.find_element(By.CSS_SELECTOR, "article.runbook table").rect
    finally:
        printing(driver, False)
    assert heads == 5
    assert broken == [], broken
    assert table["x"] + table["width"] <= 680, table  # and the table still fits the paper


STEPS_IN_VIEW = """
const header = document.querySelector('.site-header').getBoundingClientRect();
const h2 = document.getElementById('steps');
return {header: [header.top, header.bottom], h2: h2.getBoundingClientRect().top, inner: innerHeight};
"""


@pytest.mark.parametrize("width,height,mobile", [(320, 225, False), (844, 390, True)])
def test_a_short_window_lets_the_header_scroll_away(site, driver, width, height, mobile):
    """400 % zoom of a 1280 x 900 window, and a phone on its side: the steps get the screen."""
    set_width(driver, width, height=height, mobile=mobile)
    load(driver, site.url("/runbooks/profit/aggregate-profit/#steps"))
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    got = driver.execute_script(STEPS_IN_VIEW)
    screenshot(driver, f"ui40-short-{width}x{height}", full_page=False)
    assert got["header"][1] <= 0, got  # scrolled away with the page
    assert 0 <= got["h2"] <= 16, got  # the heading the link led to is at the top


def test_a_phone_held_upright_keeps_the_header(site, driver):
    set_width(driver, 390, height=844)
    load(driver, site.url("/runbooks/profit/aggregate-profit/#steps"))
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    got = driver.execute_script(STEPS_IN_VIEW)
    assert got["header"][0] == 0 and got["header"][1] > 40, got
    assert got["header"][1] <= got["h2"] <= got["header"][1] + 16, got


COLOURS = """
const c = s => getComputedStyle(document.querySelector(s)).color;
return {quote: c('article.runbook > blockquote > p'), body: c('article.runbook > p'),
        alert: c('blockquote > .markdown-alert-warning > p:not(.markdown-alert-title)'),
        admonition: c('blockquote > .markdown-alert-danger > p:not(.markdown-alert-title), blockquote > .markdown-alert-caution > p:not(.markdown-alert-title)'),
        outside: c('article.runbook > .markdown-alert-warning > p:not(.markdown-alert-title)')};
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_callout_in_a_quote_keeps_its_colours(site, driver, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        load(driver, site.url("/runbooks/profit/links/"))
        got = driver.execute_script(COLOURS)
        quote = driver.find_element(By.CSS_SELECTOR, "article.runbook > blockquote")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", quote)
        screenshot(driver, f"ui40-quoted-callout-{scheme}", full_page=False)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert got["quote"] != got["body"], got  # the quote's own text is grey: the case under test
    assert got["alert"] == got["outside"] == got["body"], got
    assert got["admonition"] == got["body"], got


def test_a_titles_marks_stay_in_their_cell_of_the_alerts_list(site, driver):
    set_width(driver, 390)
    load(driver, site.url("/alerts/"))
    cells = driver.find_elements(By.CSS_SELECTOR, "td")
    rows = [td for td in cells if marked(td.text)]
    assert len(rows) == 4, len(rows)  # the growth runbook answers four alerts
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", rows[0])
    screenshot(driver, "ui40-alerts-marks-390", full_page=False)
    inner = driver.execute_script("return innerHeight")
    cells = [td for td in cells if not marked(td.text)
             and 0 <= td.rect["y"] and td.rect["y"] + td.rect["height"] <= inner]
    assert len(cells) >= 8, len(cells)
    places = [td.rect for td in cells]
    before = [td.screenshot_as_png for td in cells]
    for td in rows:  # the marks drawn in no colour: nothing moves
        driver.execute_script("arguments[0].style.color = 'transparent';"
                              "for (const a of arguments[0].querySelectorAll('a')) a.style.color = 'transparent'", td)
    assert [td.rect for td in cells] == places, "a cell moved: the comparison would be void"
    after = [td.screenshot_as_png for td in cells]
    drawn_over = [td.text for td, b, a in zip(cells, before, after) if a != b]
    assert drawn_over == [], f"the marks are drawn over {drawn_over}"


STICKY = """
window.scrollTo(0, 400);
const top = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().top : null; };
return {drawer: top('.has-tree .drawer'), toc: top('.doc .toc'), header: document.querySelector('.site-header').getBoundingClientRect().bottom, y: scrollY};
"""


def test_a_wide_short_window_sticks_the_tree_and_contents_to_the_top(site, driver):
    """1280 x 420 (a laptop with its developer tools open): the header scrolls away, and
    the folder tree and the contents stick at the top, not 3.25rem under a header gone."""
    set_width(driver, 1280, height=420)
    load(driver, site.url("/runbooks/profit/aggregate-profit/"))
    got = driver.execute_script(STICKY)
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    got = driver.execute_script(STICKY)
    screenshot(driver, "ui40-wide-short", full_page=False)
    assert got["y"] > 100 and got["header"] <= 0, got
    assert got["drawer"] is not None and 0 <= got["drawer"] <= 4, got
    assert got["toc"] is not None and 0 <= got["toc"] <= 16, got
