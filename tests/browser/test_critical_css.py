"""The critical CSS inlined in every page lays out its first screen by itself: style.css,
loaded at the end of the page without blocking, may arrive after the first paint, so it must
not move or resize anything on that screen (a layout shift that depends on the network's
timing: CI once measured 0.051 on /runbooks/ when it arrived late). Each page kind is laid
out with style.css blocked and then with it, and every visible box on the first screen is
compared: the example site's pages in the light and the dark scheme, and a real corpus's
(prometheus-operator: long code, folders of many runbooks, search over them)."""

from __future__ import annotations

import pytest

from conftest import build_site, copy_corpus, load, serve, set_width

PAGES = ["/", "/runbooks/", "/runbooks/profit/", "/runbooks/profit/aggregate-profit/",
         "/pipelines/", "/pipelines/aggregate-profit/", "/engineers/", "/oncall/", "/coverage/",
         "/alerts/", "/search/?q=profit", "/offline/", "/no-such-page/"]

# The corpus's pages: its tree, a folder of 47 runbooks, runbooks with the longest code lines
# and the most blocks, and search results whose excerpts hold long identifiers.
CORPUS_PAGES = ["/runbooks/", "/runbooks/kubernetes/", "/runbooks/etcd/",
                "/runbooks/etcd/etcdBackendQuotaLowSpace/",
                "/runbooks/kubernetes/KubePersistentVolumeFillingUp/",
                "/search/?q=etcd+disk"]

# Every element of the page, in document order: its name and where its box starts (a layout
# shift is a box whose start moves; a box that only grows at its end moves nothing).
BOXES = """
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  out.push([name, Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]);
}
return out;
"""

# Until the page's scripts have settled (the search page's results are drawn after its
# index files arrive): the same wait with and without style.css.
SETTLE = """
const done = arguments[arguments.length - 1];
const results = document.getElementById('search-results');
const t0 = Date.now();
(function wait() {
  const ready = !results || results.children.length > 0 || Date.now() - t0 > 5000;
  if (ready) setTimeout(done, 300); else setTimeout(wait, 20);
})();
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus-critical")
    copy_corpus(root / "content" / "runbooks")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


@pytest.fixture
def scheme(driver, request):
    """The colour scheme the page is shown in (the dark one is the critical CSS's own rules
    too); the next test gets the browser's default again."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": request.param}]})
    yield request.param
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def layout(driver, url: str, block: bool):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/static/style.css"] if block else []})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        load(driver, url)
        if not block:
            driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "const ok = () => [...document.styleSheets].some(s => (s.href || '').endsWith('/static/style.css'));"
                "const t0 = Date.now(); (function wait() { if (ok() || Date.now() - t0 > 5000) done(); else setTimeout(wait, 20); })();")
        driver.execute_async_script(SETTLE)
        return driver.execute_script(BOXES)
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})


def assert_nothing_moves(driver, url: str, width: int) -> None:
    set_width(driver, width, *([844] if width == 390 else []))
    without = layout(driver, url, block=True)
    with_css = layout(driver, url, block=False)
    height = driver.execute_script("return window.innerHeight")
    assert len(without) == len(with_css), "style.css changed the page's elements"
    # Compared: what the first paint may show, a box on the first screen before style.css.
    shown = [(a, b) for a, b in zip(without, with_css) if (a[3] or a[4]) and a[2] < height and a[2] + a[4] > 0]
    assert len(shown) > 5, "nothing on the first screen"
    moved = [f"{a[0]}: at ({a[1]}, {a[2]}), then ({b[1]}, {b[2]})" for a, b in shown
             if abs(a[1] - b[1]) > 1 or abs(a[2] - b[2]) > 1]
    assert not moved, f"{url} at {width}px, style.css moves {len(moved)} boxes:\n" + "\n".join(moved[:15])


@pytest.mark.parametrize("scheme", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_style_css_arriving_late_moves_nothing_on_the_first_screen(driver, base_url, path, width, scheme):
    assert_nothing_moves(driver, base_url + path, width)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", CORPUS_PAGES)
def test_on_a_corpus_style_css_arriving_late_moves_nothing(driver, corpus, path, width):
    assert_nothing_moves(driver, corpus.url(path), width)
