"""Large text on a phone (Android's font size 200 %): as a default font size of 32 px on
a 390 px phone (12 rem wide), and as a page zoomed 200 % (a 195 px viewport). No page is
wider than the screen (the header's controls made every page 448 px wide, and the on-call
calendar 455), and the header's controls are all on the screen, the search box usable."""

from __future__ import annotations

import pytest

from conftest import PAGES, chrome, console_errors, load, search_list, set_width

KINDS = ["home", "runbook", "folder", "pipeline", "engineer", "oncall", "coverage", "alerts",
         "pipelines", "engineers", "404", "offline"]

FIT = """
const header = document.querySelector('.site-header');
const controls = Array.from(header.querySelectorAll('button, input, a.brand'))
  .filter(e => !e.hidden && e.getBoundingClientRect().width > 0);
const box = document.getElementById('search-input');
return {inner: innerWidth, scroll: document.documentElement.scrollWidth,
        outside: controls.filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth + 0.5; })
                         .map(e => e.outerHTML.slice(0, 60)),
        box: box ? box.getBoundingClientRect().width : null};
"""


@pytest.fixture(scope="module")
def big_text():
    with chrome(prefs={"webkit.webprefs.default_font_size": 32,
                       "webkit.webprefs.default_fixed_font_size": 26}) as drv:
        yield drv


def check(drv, url, width):
    load(drv, url)
    got = drv.execute_script(FIT)
    assert got["inner"] == width, (url, got)
    assert got["scroll"] <= width, (url, got)
    assert got["outside"] == [], (url, got)
    if got["box"] is not None:
        assert got["box"] >= width * 0.5, (url, got)


@pytest.mark.parametrize("kind", KINDS)
def test_large_default_font_fits_a_phone(big_text, base_url, kind):
    set_width(big_text, 390, 844)
    check(big_text, base_url + PAGES[kind], 390)
    assert console_errors(big_text, ignore=["/favicon.ico"]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_page_zoomed_200_percent_fits_a_phone(driver, base_url, kind):
    set_width(driver, 195, 422)
    check(driver, base_url + PAGES[kind], 195)


def test_the_search_list_hangs_below_the_box_with_large_text(driver, base_url):
    """The two-row header scrolls away with large text: the list opens below the box (at
    the screen's top it covered the box and what was typed)."""
    set_width(driver, 195, 422)
    load(driver, base_url + PAGES["runbook"])
    got = search_list(driver, "profit")
    assert got["top"] >= got["input"] and got["width"] >= 150 and got["scroll"] <= 195, got


def test_body_text_follows_the_reader_s_font_size(big_text, base_url):
    """A reader who set a larger font (32 px here) gets it in the runbook's text, not only
    in its headings and footer: the body's `16px` held paragraphs at 16 px, smaller than
    the footer's rem-sized text beside them (found by ui38's audit)."""
    set_width(big_text, 390, 844)
    load(big_text, base_url + PAGES["runbook"])
    sizes = big_text.execute_script("""
      const px = e => parseFloat(getComputedStyle(e).fontSize);
      const p = document.querySelector('main p');
      return {p: px(p), footer: px(document.querySelector('footer'))};""")
    assert sizes["p"] >= 30, sizes
    assert sizes["p"] >= sizes["footer"], sizes
