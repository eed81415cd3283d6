"""Mermaid diagrams in the browser, served with netlify.toml's Content-Security-Policy: a
diagram is drawn as an SVG with no violation of the policy, in the light and the dark
scheme; the renderer loads only on pages with a diagram, and what it downloads is
measured; hostile diagrams run nothing and load nothing from elsewhere; without
JavaScript the source stays readable. The site is tests/fixtures/diagrams."""

from __future__ import annotations

import gzip
import shutil

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (REPO, build_site, bypass_service_worker, chrome, console_errors, load, screenshot,
                      serve, set_width)
from test_accessibility import axe_source, serious  # noqa: F401 (a fixture)

FIXTURE = REPO / "tests" / "fixtures" / "diagrams"
FLOW, HOSTILE, PLAIN = "/runbooks/flow/", "/runbooks/hostile/", "/runbooks/plain/"

# Every violation of the policy, as the page reports it (set before any script runs).
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
  e.violatedDirective + ' ' + e.sourceFile + ':' + e.lineNumber));
window.__alerts = [];
window.alert = (m) => window.__alerts.push(String(m));
"""

# A gzip-compressed diagram page (the page, its styles and scripts, mermaid's modules for a
# flowchart and a sequence diagram) must stay under this.
BUDGET_GZIP = 450_000


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("diagrams")
    shutil.copytree(FIXTURE / "content", root / "content")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser(site):
    with chrome() as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
        yield drv


@pytest.fixture(scope="module")
def first_visit(site):
    """A browser whose pages register no service worker: the server's log is what a
    page downloads, not less (the worker answering from what it saved) nor more."""
    with chrome(service_worker=False) as drv:
        yield drv


def _settled(driver, expected: int, timeout: float = 60.0) -> None:
    """Scroll through the page (diagrams are drawn as they come near the screen) until
    `expected` figures are drawn or say why not."""
    def done(d):
        d.execute_script("window.scrollBy(0, 600)")
        return d.execute_script(
            "return document.querySelectorAll('figure.diagram[data-drawn], .diagram-error').length"
        ) >= expected
    WebDriverWait(driver, timeout, poll_frequency=0.3).until(done, message="diagrams not drawn")
    driver.execute_script("window.scrollTo(0, 0)")


def _scheme(driver, scheme: str | None) -> None:
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})


def _fill(driver, label: str) -> str:
    """The fill of the shape of the node labelled `label`."""
    return driver.execute_script("""
        const text = [...document.querySelectorAll('figure.diagram svg .node')]
          .find((n) => n.textContent.trim() === arguments[0]);
        return text && getComputedStyle(text.querySelector('rect, polygon, path')).fill;""", label)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_diagram_is_drawn_under_the_policy(browser, site, axe_source, scheme):
    _scheme(browser, scheme)
    # The first run's service worker saved the renderer: ask the server again, to see it
    # is what the page loads.
    bypass_service_worker(browser)
    try:
        site.log.clear()
        load(browser, site.url(FLOW))
        _settled(browser, 3)
        figures = browser.find_elements(By.CSS_SELECTOR, "figure.diagram")
        assert [f.get_attribute("data-drawn") is not None for f in figures] == [True, True, False]
        svg = figures[0].find_element(By.CSS_SELECTOR, "svg")
        assert svg.is_displayed() and svg.size["width"] > 200
        assert "Alert fires" in svg.text and "Restart the pod" in svg.text
        assert "clear the task" in figures[1].find_element(By.CSS_SELECTOR, "svg").text
        # The author's styles, applied through the CSSOM: `classDef hot` and `style D`.
        assert _fill(browser, "Check the logs") == "rgb(255, 153, 102)"
        assert _fill(browser, "Restart the pod") == "rgb(255, 153, 255)"
        node = _fill(browser, "Alert fires")
        assert node == ("rgb(236, 236, 255)" if scheme == "light" else "rgb(31, 32, 32)"), node
        # The source is one click away; the broken diagram says why and shows its source.
        source = figures[0].find_element(By.CSS_SELECTOR, "details.diagram-source")
        assert not source.find_element(By.CSS_SELECTOR, "pre").is_displayed()
        error = figures[2].find_element(By.CSS_SELECTOR, ".diagram-error")
        assert "could not be drawn" in error.text
        assert figures[2].find_element(By.CSS_SELECTOR, "pre").is_displayed()
        assert browser.execute_script("return window.__violations") == []
        assert console_errors(browser, ignore=["/favicon.ico"]) == []
        assert "/static/mermaid/mermaid.esm.min.mjs" in site.log.paths()
        assert serious(browser, axe_source) == []
        for width in (390, 1280):
            set_width(browser, width)
            load(browser, site.url(FLOW))
            _settled(browser, 3)
            screenshot(browser, f"diagram-{width}-{scheme}")
        assert browser.execute_script("return window.__violations") == []
    finally:
        bypass_service_worker(browser, False)
        _scheme(browser, None)


def test_the_theme_toggle_draws_them_again(browser, site):
    _scheme(browser, "light")
    try:
        load(browser, site.url(FLOW))
        _settled(browser, 3)
        light = _fill(browser, "Alert fires")
        browser.find_element(By.ID, "theme-toggle").click()
        WebDriverWait(browser, 20).until(lambda d: _fill(d, "Alert fires") not in (None, light))
        assert browser.execute_script("return window.__violations") == []
        browser.execute_script("localStorage.clear()")
    finally:
        _scheme(browser, None)


def test_the_renderer_loads_only_where_there_is_a_diagram(first_visit, site):
    site.log.clear()
    load(first_visit, site.url(PLAIN))
    assert not [p for p in site.log.paths() if "mermaid" in p or "diagrams" in p]
    # What a diagram page downloads, gzip-compressed as Netlify serves it.
    site.log.clear()
    load(first_visit, site.url(FLOW))
    _settled(first_visit, 3)
    paths = sorted({p for p in site.log.paths() if p != "/favicon.ico"})
    public = site.site_dir
    def file_of(p: str):
        f = public / p.lstrip("/")
        return f / "index.html" if f.is_dir() else f
    raw = sum(file_of(p).stat().st_size for p in paths)
    packed = sum(len(gzip.compress(file_of(p).read_bytes(), 6)) for p in paths)
    mermaid = [p for p in paths if p.startswith("/static/mermaid/")]
    print(f"\ndiagram page: {len(paths)} files, {raw} bytes, {packed} bytes gzip; "
          f"mermaid: {len(mermaid)} modules")
    assert packed < BUDGET_GZIP, (packed, paths)


def test_hostile_diagrams_run_nothing(browser, site):
    site.log.clear()
    load(browser, site.url(HOSTILE))
    _settled(browser, 5)
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.diagram")
    assert len(figures) == 5
    # A graph past the limit of edges is not laid out: its source is shown.
    note = figures[4].find_element(By.CSS_SELECTOR, ".diagram-error").text
    assert "could not be drawn" in note and "dge" in note, note
    figures = figures[:4]
    # Hover and click every node: no handler or callback runs. (The one https link may
    # lead away, which a click here must not do: its default is prevented, its handlers
    # still run.)
    browser.execute_script(
        "document.addEventListener('click', (e) => e.preventDefault(), {capture: true})")
    for node in browser.find_elements(By.CSS_SELECTOR, "figure.diagram svg .node"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
        ActionChains(browser).move_to_element(node).perform()
        browser.execute_script("""
            for (const t of ['mouseover', 'mouseenter', 'click'])
              arguments[0].dispatchEvent(new MouseEvent(t, {bubbles: true, cancelable: true}));""", node)
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return window.__alerts") == []
    assert browser.current_url == site.url(HOSTILE)
    # Nothing in the drawings runs or leads to script; the page is not restyled.
    bad = browser.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll('figure.diagram svg, figure.diagram svg *')) {
          for (const a of el.attributes) {
            const v = a.value.replace(/\\s/g, '').toLowerCase();
            if (a.name.startsWith('on') || v.startsWith('javascript:'))
              out.push(el.localName + ' ' + a.name + '=' + a.value);
          }
          if (['script', 'foreignobject', 'iframe', 'img', 'style'].includes(el.localName))
            out.push(el.localName);
        }
        return out;""")
    assert bad == []
    links = browser.execute_script(
        "return [...document.querySelectorAll('figure.diagram svg a')]"
        ".map((a) => a.getAttribute('xlink:href') || a.getAttribute('href'))")
    assert [l for l in links if l] == ["https://example.com/ok"], links
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('main')).display") != "none"
    assert browser.execute_script("return getComputedStyle(document.body).display") != "none"
    # Drawn with the site's theme and settings, not the diagram's (`theme: forest`).
    assert _fill(browser, "site theme") == "rgb(236, 236, 255)"
    # Nothing was fetched from another host.
    hosts = browser.execute_script(
        "return performance.getEntriesByType('resource').map((e) => new URL(e.name).host)")
    assert set(hosts) <= {site.base_url.split("//")[1]}, hosts
    # The only reports are the policy refusing the labels' event handlers, which mermaid's
    # sanitizer parses before taking them out.
    violations = browser.execute_script("return window.__violations")
    assert all(v.startswith("script-src-attr ") for v in violations), violations


def test_without_javascript_the_source_is_readable(site):
    with chrome(javascript=False) as drv:
        load(drv, site.url(FLOW))
        code = drv.find_element(By.CSS_SELECTOR, "figure.diagram pre code.language-mermaid")
        assert code.is_displayed() and "A[Alert fires] --> B{Pod running?}" in code.text
        assert drv.find_elements(By.CSS_SELECTOR, "figure.diagram svg") == []
