"""Session 21 red team of the client side: what content (runbooks and the team's YAML)
and the files built from it (search/*, oncall.json) make the theme's scripts show.

Each site is the example site plus hostile content, built with the worktree's own theme
(`themes=True`), so the scripts under test are those of this checkout whatever binary
builds it. Findings (each test failed before its fix):

- the "Showing results for" line looked for each corrected word in the *escaped* query,
  so `"quot export` showed `&quota;quot export` (the `quot` of `&quot;` replaced);
- a sub-result showed its heading whole: one heading of 400 kB (headings have no length
  limit) made the results page 88,000 px tall, every other result below it;
- links built from index and schedule data (the answer card, the live on-call box, a
  redirect page's target) were checked as "a path of this site" by their first two
  characters only, but the browser drops tabs and line breaks from a URL and reads `\\`
  as `/`: `/<tab>/evil.example/` led to another host.

The last needs files edited after the build (pipebook writes no such path: its paths are
percent-encoded); the test checks the scripts' own promise, "only the site's own paths".
"""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, example_copy, load, serve

QUOTA = "---\ntitle: Disk quota\n---\n\nThe warehouse quota is full: free space before the nightly export.\n"

# Markup in every text that reaches the search client and the answer card: a title, a
# summary, headings, a section, an engineer's name and chat handle.
HOSTILE = ("---\ntitle: \"Evil <img src=x onerror=\\\"window.PWN=1\\\"> <script>window.PWN=2</script>\"\n"
           "description: \"lead <b onmouseover=window.PWN=3>bold</b> &amp; javascript:alert(1)\"\n---\n\n"
           "Text javascript:alert(1) and &lt;script&gt; and <b>raw</b> evilword.\n\n"
           "## Section <i>it</i> &amp; \"quoted\" evilword\n\nevilword here.\n\n"
           "## " + "stuffed " * 50000 + "\n\nevilword again.\n")

EVIL_HOST = "evil.example"
# Site paths as a script checking only their first characters reads them, and what the
# browser makes of them: another host.
OFF_SITE = ["/\t/" + EVIL_HOST + "/", "/\n\\" + EVIL_HOST + "/", "/\r/" + EVIL_HOST + "/x"]


def _team(text: str) -> str:
    return text.replace("name: Data Engineer 2",
                        "name: \"Data <img src=x onerror=window.PWN=4> Engineer 2\"").replace(
        'slack: "@de3"', 'slack: "<b>@de3</b> javascript:x"')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile_client") / "site"
    example_copy(root, {
        "content/runbooks/profit/quota.md": QUOTA,
        "content/runbooks/profit/evil.md": HOSTILE,
        "content/team.yaml": _team,
    }, themes=True)
    out = build_site(root, root.parent / "public")
    with serve(out) as srv:
        yield srv


@pytest.fixture(scope="module")
def tampered(tmp_path_factory):
    """The example site with its answer and schedule data, and one redirect page, pointing
    at OFF_SITE: every URL a script takes from a file, in each of the spellings."""
    root = tmp_path_factory.mktemp("hostile_urls") / "site"
    example_copy(root, themes=True)
    out = build_site(root, root.parent / "public")
    sched = json.loads((out / "oncall.json").read_text(encoding="utf-8"))
    for i, e in enumerate(sched["engineers"]):
        e["url"] = OFF_SITE[i % len(OFF_SITE)]
    sched["schedule"] = OFF_SITE[0]
    (out / "oncall.json").write_text(json.dumps(sched), encoding="utf-8")
    answers = json.loads((out / "search" / "answers.json").read_text(encoding="utf-8"))
    for i, p in enumerate(answers["pipelines"]):
        p["url"] = OFF_SITE[i % len(OFF_SITE)]
        for r in p.get("runbooks", []):
            r["url"] = OFF_SITE[(i + 1) % len(OFF_SITE)]
    for i, e in enumerate(answers["engineers"]):
        e["url"] = OFF_SITE[(i + 2) % len(OFF_SITE)]
    (out / "search" / "answers.json").write_text(json.dumps(answers), encoding="utf-8")
    # A redirect page (an alert route) whose target is off the site.
    page = next((out / "alerts").glob("*/index.html"))
    html = page.read_text(encoding="utf-8")
    assert 'data-redirect="' in html
    start = html.index('data-redirect="') + len('data-redirect="')
    end = html.index('"', start)
    (out / "tampered").mkdir()
    (out / "tampered" / "index.html").write_text(
        html[:start] + "/&#9;/" + EVIL_HOST + "/" + html[end:], encoding="utf-8")
    with serve(out) as srv:
        yield srv


def _search(driver, srv, q: str) -> None:
    load(driver, srv.base_url + "/search/?q=" + urllib.parse.quote(q))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-status").text.strip(),
                                    message=f"no results for {q!r}")


def _injected(driver) -> dict:
    """Elements and globals that content's markup would have made, were it markup."""
    return driver.execute_script("""
      var main = document.querySelector('main');
      return {
        pwn: window.PWN === undefined ? null : window.PWN,
        tags: Array.from(main.querySelectorAll('#search-results img, #search-results b, #search-results i,'
          + ' #search-results script, [data-answer] img, [data-answer] b, [onerror], [onmouseover]'))
          .map(function (e) { return e.outerHTML.slice(0, 80); }),
        links: Array.from(main.querySelectorAll('a[href]')).map(function (a) { return a.getAttribute('href'); })
          .filter(function (h) { return /^\\s*(javascript|data|vbscript):/i.test(h); })
      };""")


@pytest.mark.parametrize("query", ["evilword", "stuffed", "Data Engineer 2", "de3", "onerror", "lead bold"])
def test_hostile_titles_names_and_sections_are_text(driver, site, query):
    """Markup in titles, summaries, headings, sections and the team's names is shown as
    text in results and answer cards: no element, no handler, no script URL (a guard:
    this held before session 21)."""
    _search(driver, site, query)
    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, "search-results").get_attribute("aria-busy") != "true")
    found = _injected(driver)
    assert found == {"pwn": None, "tags": [], "links": []}, found


def test_a_correction_does_not_cut_the_query_s_entities(driver, site):
    """`"quot` is corrected to `quota`: the line shows the query as typed, the word
    replaced; it showed `&quota;quot export` (the `quot` of the escaped `&quot;`)."""
    _search(driver, site, '"quot export')
    line = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-correction p.correction"),
        message="no correction")[0]
    assert line.find_element(By.CSS_SELECTOR, "em").text == '"quota export', line.text
    assert [s.text for s in line.find_elements(By.CSS_SELECTOR, "em strong")] == ["quota"], line.text
    assert "&" not in line.text, line.text


def test_a_huge_heading_does_not_fill_the_results(driver, site):
    """A heading of 400 kB is shown cut (about 100 characters) as a sub-result: the page
    of results stays a page (it was 88,000 px tall, one result above all others)."""
    _search(driver, site, "stuffed")
    subs = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results .subs a"), message="no sub-result")
    longest = max(len(a.text) for a in subs)
    assert longest <= 110, longest
    assert any(a.text.startswith("stuffed stuffed") and a.text.endswith("…") for a in subs)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    assert height < 3000, height


def _off_site(driver, within: str) -> list[str]:
    """Links in `within` (a selector) that lead to another host, as the browser resolves
    them."""
    return driver.execute_script("""
      return Array.from(document.querySelectorAll(arguments[0] + ' a[href]'))
        .filter(function (a) { return a.host !== location.host && /^https?:$/.test(a.protocol); })
        .map(function (a) { return JSON.stringify(a.getAttribute('href')) + ' -> ' + a.href; });""", within)


@pytest.mark.parametrize("query", ["de1", "de2", "aggregate profit owner", "who is on call"])
def test_answer_card_links_stay_on_the_site(driver, tampered, query):
    """The answer card links only the site's own paths: a URL in answers.json or
    oncall.json that the browser reads as another host (`/<tab>/evil.example/`) is shown
    as text, not as a link."""
    _search(driver, tampered, query)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-answer] .answer"),
                                    message=f"no answer card for {query!r}")
    assert _off_site(driver, "[data-answer]") == []


def test_live_oncall_box_links_stay_on_the_site(driver, tampered):
    """The live "On call now" box (site.js) links an engineer only by a path of the site."""
    load(driver, tampered.base_url + "/")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"),
                                    message="the on-call box was not brought up to date")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-oncall] a[href]")
    assert _off_site(driver, "[data-oncall]") == []


def test_a_redirect_page_never_leaves_the_site(driver, tampered):
    """routes.js follows a redirect page's target only when it is a path of the site as
    the browser reads it: `/&#9;/evil.example/` (a tab) stays put."""
    load(driver, tampered.base_url + "/tampered/")
    # A redirect that happens starts at once; give it time to land.
    time.sleep(1.5)
    host = urllib.parse.urlsplit(driver.current_url).hostname
    assert host == "127.0.0.1", driver.current_url

