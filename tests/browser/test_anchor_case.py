"""A link to an anchor in another letter case (`index.md#Responsibilities` for the heading
whose id is `responsibilities`) works on GitHub, whose page script then looks for it in
lower case; the build accepts such a link to another page, so site.js does as GitHub does:
on load, when the fragment changes, and through a redirect page (routes.js), the address
goes on to the anchor in lower case, which the page scrolls to and marks. Not for a text
fragment (the browser scrolls to the text), nor for an id of the theme's."""

import re

from selenium.webdriver.support.ui import WebDriverWait

from conftest import console_errors, load, screenshot, set_width


def _redirect(site_dir) -> tuple[str, str, str]:
    """An alert route of the example site (a redirect page), the page it leads to, and an
    id of a heading of that page's runbook, in lower case with letters."""
    for page in sorted((site_dir / "alerts").glob("*/index.html")):
        found = re.search(r'data-redirect="([^"#]+)', page.read_text(encoding="utf-8"))
        if not found:
            continue
        target = found.group(1)
        html = (site_dir / target.strip("/") / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        ids = re.findall(r'<h2 id="([a-z][a-z-]+)"', article)
        if ids:
            return "/alerts/" + page.parent.name + "/", target, ids[-1]
    raise AssertionError("no redirect page under alerts/ to a runbook with a heading")


def _hash_becomes(driver, want: str) -> None:
    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script("return location.hash") == want,
        message=f"the address's fragment never became {want}: "
        + driver.execute_script("return location.href"))


def _marked_and_shown(driver, anchor: str) -> None:
    """The heading `anchor` is the page's :target and scrolled to: at the top of the
    screen, or below it with the page scrolled to its end."""
    got = driver.execute_script(
        "var el = document.getElementById(arguments[0]), r = el.getBoundingClientRect(),"
        " d = document.documentElement;"
        "return [el.matches(':target'), r.top, innerHeight, scrollY + innerHeight >= d.scrollHeight - 1];",
        anchor)
    assert got[0], f"#{anchor} is not :target"
    assert 0 <= got[1] < got[2] - 40, f"#{anchor} is at {got[1]} of {got[2]} px"
    assert got[1] < 120 or got[3], f"#{anchor} is at {got[1]} px, and the page could scroll"


def test_an_anchor_in_another_case_leads_to_the_heading(driver, base_url, site_dir):
    route, target, anchor = _redirect(site_dir)
    upper, title = anchor.upper(), anchor.capitalize()
    # On load, written in upper case and capitalised.
    for written in (upper, title):
        load(driver, base_url + target + "#" + written)
        _hash_becomes(driver, "#" + anchor)
        _marked_and_shown(driver, anchor)
    # The fragment changed on the page (a link of the page, or the reader typing it).
    driver.execute_script("scrollTo(0, 0); location.hash = arguments[0]", title)
    _hash_becomes(driver, "#" + anchor)
    _marked_and_shown(driver, anchor)
    # Through a redirect page, which keeps the fragment.
    load(driver, base_url + route + "#" + title)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return location.pathname") == target)
    _hash_becomes(driver, "#" + anchor)
    _marked_and_shown(driver, anchor)
    assert console_errors(driver) == []


def test_text_fragments_and_the_themes_ids_are_left_alone(driver, base_url, site_dir):
    _, target, anchor = _redirect(site_dir)
    # A text fragment: the browser scrolls to the text; the fragment stays as it came.
    load(driver, base_url + target + "#" + anchor.upper() + ":~:text=zzzz")
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert driver.execute_script("return location.hash") == "#" + anchor.upper()
    # The theme's search box (outside the article) is no anchor of the runbook.
    load(driver, base_url + target + "#SEARCH-INPUT")
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert driver.execute_script("return location.hash") == "#SEARCH-INPUT"
    # An anchor missing in any case, and one not to be decoded, change nothing.
    for written in ("#Nowhere", "#%E0%A4%A"):
        load(driver, base_url + target + written)
        driver.execute_script("return new Promise(r => setTimeout(r, 300))")
        assert driver.execute_script("return location.hash") == written
    assert console_errors(driver) == []


def test_screenshots(driver, base_url, site_dir):
    _, target, anchor = _redirect(site_dir)
    for px in (390, 1280):
        set_width(driver, px)
        load(driver, base_url + target + "#" + anchor.upper())
        _hash_becomes(driver, "#" + anchor)
        screenshot(driver, f"anchor_case_{px}", full_page=False)
