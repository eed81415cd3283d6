"""Session 28's theme work, as a reader sees it in Chromium:

- the header's site title never breaks inside a word: a word over 12 letters
  ("Infrastructure", which broke as "Infrastructur / e" beside the search box at 390 px;
  "documentation", 13, broke as "documenta / tion" until session 37) gets a smaller font, a longer one a row of its own, and joined names break at their
  separators and capitals (`<wbr>`);
- an unlisted runbook shows its note under the title and is in no list of the tree;
- a page titled by its opening `##` shows the title once.
Screenshots at 390 and 1280 px of each.
"""

from __future__ import annotations

import pytest

from conftest import build_site, load, screenshot, serve, set_width

TITLES = [
    "Infrastructure Runbooks",
    "Observability Platform Engineering",
    "KubernetesClusterOperations Runbooks",
    "data_platform_incident_runbooks",
    "Supercalifragilisticexpialidocious",
    "NAIS documentation",
]

RUNBOOKS = {
    "disk-full.md": "## Disk full\n\nSome text.\n\n### Check\n\nMore.\n\n### Fix\n\nDone.\n",
    "hidden.md": "---\ntitle: Hidden notes\nunlisted: true\n---\n\nSee [disk](disk-full.md).\n",
    "zeta.md": "# Zeta\n\nText.\n",
}


def tree(root, title: str):
    runbooks = root / "content" / "runbooks"
    runbooks.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(f"title: {title}\n", encoding="utf-8")
    for name, text in RUNBOOKS.items():
        (runbooks / name).write_text(text, encoding="utf-8")
    return serve(build_site(root, root.parent / "public"))


@pytest.fixture(scope="module", params=range(len(TITLES)))
def titled(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"ui28-{request.param}") / "tree"
    with tree(root, TITLES[request.param]) as srv:
        yield TITLES[request.param], request.param, srv


# Each character of the header's title with the top of its line box, and whether a
# <wbr> stands before it; whether the title shows whole (not clamped).
BRAND = """
const brand = document.querySelector('.site-header .brand');
const chars = [];
let wbr = false;
const walk = (node) => {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      for (let i = 0; i < child.data.length; i++) {
        const r = document.createRange();
        r.setStart(child, i); r.setEnd(child, i + 1);
        const rect = r.getClientRects()[0];
        chars.push([child.data[i], rect ? Math.round(rect.top) : null, wbr]);
        wbr = false;
      }
    } else if (child.nodeName === 'WBR') { wbr = true; } else { walk(child); }
  }
};
walk(brand);
const box = document.querySelector('.site-header .search input').getBoundingClientRect();
return {
  chars, text: brand.textContent,
  whole: brand.scrollWidth <= brand.clientWidth + 1 && brand.scrollHeight <= brand.clientHeight + 1,
  font: parseFloat(getComputedStyle(brand).fontSize),
  box_width: box.width, scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
};
"""


def breaks_inside_words(chars) -> list[str]:
    """The places where a line ends inside a word and not at a break opportunity: after a
    hyphen or slash, or at a <wbr>."""
    bad = []
    for (a, top_a, _), (b, top_b, wbr) in zip(chars, chars[1:]):
        if top_a is None or top_b is None or top_a == top_b:
            continue
        if a.isspace() or b.isspace() or wbr or a in "-/":
            continue
        bad.append(f"{a}|{b}")
    return bad


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("page", ["/runbooks/disk-full/", "/"])
def test_the_header_title_never_breaks_inside_a_word(driver, titled, width, page):
    title, n, srv = titled
    set_width(driver, width, 844)
    load(driver, srv.url(page))
    got = driver.execute_script(BRAND)
    if page != "/":
        screenshot(driver, f"ui28-title-{n}-{width}", full_page=False)
    assert got["text"] == title, got["text"]
    assert got["whole"], f"the title is cut: {title} {got['font']}"
    assert breaks_inside_words(got["chars"]) == [], (title, width, got["chars"])
    assert got["box_width"] >= 160, got
    assert got["scroll"] <= got["inner"], got
    if width == 390 and any(len(w) > 13 for w in title.split()):
        assert got["font"] < 13, got["font"]


# Twelve letters, beside the search box at the usual size, that no 102 px line holds.
WIDE = "Ops WWWWWWWWWWWW"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_word_wider_than_its_line_is_cut_with_an_ellipsis_not_broken(driver, tmp_path, width):
    """As a title longer than its lines is cut with "…" (the line clamp), a word wider than
    its line is cut with "…" too (text-overflow), where base broke it inside
    ("WWWWWWW / WWWWW")."""
    with tree(tmp_path / "tree", WIDE) as srv:
        set_width(driver, width, 844)
        load(driver, srv.url("/runbooks/disk-full/"))
        got = driver.execute_script(BRAND)
        ellipsis = driver.execute_script(
            "return getComputedStyle(document.querySelector('.site-header .brand')).textOverflow")
        screenshot(driver, f"ui28-wide-word-{width}", full_page=False)
    assert got["text"] == WIDE, got["text"]
    assert breaks_inside_words(got["chars"]) == [], got["chars"]
    assert ellipsis == "ellipsis", ellipsis
    assert got["scroll"] <= got["inner"], got
    if width == 390:
        # Cut: wider than the title's box, on the line of its own.
        assert not got["whole"], got
    else:
        assert got["whole"], got


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    with tree(tmp_path_factory.mktemp("ui28-plain") / "tree", "Ops") as srv:
        yield srv


@pytest.mark.parametrize("width", [390, 1280])
def test_an_unlisted_page_is_marked_and_in_no_list(driver, plain, width):
    set_width(driver, width, 844)
    load(driver, plain.url("/runbooks/hidden/"))
    note = driver.execute_script(
        "const p = document.querySelector('.doc-head p.unlisted');"
        "return p && p.getBoundingClientRect().height > 0 && p.textContent;")
    assert note and note.startswith("Unlisted"), note
    robots = driver.execute_script(
        "const m = document.querySelector('meta[name=robots]'); return m && m.content;")
    assert robots == "noindex"
    screenshot(driver, f"ui28-unlisted-{width}", full_page=False)
    load(driver, plain.url("/runbooks/"))
    listed = driver.execute_script(
        "return [...document.querySelectorAll('main a')].map(a => a.textContent)")
    assert "Hidden notes" not in listed and "Zeta" in listed, listed


@pytest.mark.parametrize("width", [390, 1280])
def test_a_page_titled_by_its_opening_heading_shows_it_once(driver, plain, width):
    set_width(driver, width, 844)
    load(driver, plain.url("/runbooks/disk-full/#disk-full"))
    got = driver.execute_script(
        "return {h1: document.querySelector('h1').id,"
        " shown: [...document.querySelectorAll('h1, h2, h3')].filter(h => h.offsetParent)"
        ".map(h => h.textContent.replace('#', '').trim()),"
        " toc: [...document.querySelectorAll('.toc li a')].map(a => a.textContent)}")
    screenshot(driver, f"ui28-lead-heading-{width}", full_page=False)
    assert got["h1"] == "disk-full", got
    assert got["shown"].count("Disk full") == 1, got
    assert "Disk full" not in got["toc"], got
