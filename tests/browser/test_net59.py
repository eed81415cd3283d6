"""A phone on a bad network at 3 a.m., an old phone, session 59.

1. A proxy ending a file early (a gzip body cut half-way, framed as complete: the browser
   takes it) that the worker keeps with no look at its size (session 58 gave it the theme
   files' sizes only): a shard of the search index (`search/s/*.bin`, whose build the
   worker read from its first bytes alone) cut during "Keep runbooks offline" was kept,
   the save said "Saved all", and offline the search missed every word of that shard; a
   module of the diagram renderer (`static/mermaid/`) cut on a page's way was kept, and
   the diagram was never drawn again until the next deploy. Now neither is kept: a shard
   is read to its end, and a module's size is checked against the list the build writes
   beside them (`static/mermaid/sizes.json`).
"""

from __future__ import annotations

import shutil
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, build_site, chrome, live_wait, load, screenshot, serve, set_width
from test_live_pages import HOUR, clock, ms, schedule
from test_net58 import HELD, CutFile, primary
from test_offline import wait_active, worker_state

SHARD = "/search/s/0.bin"
FLOW = "/runbooks/flow/"
# The module of mermaid that draws a flowchart, loaded by FLOW's first diagram.
FLOWCHART = "/static/mermaid/chunks/mermaid.esm.min/flowDiagram-MIYXRJYK.mjs"

# The bytes of `arguments[0]` in each cache of the site that holds it.
CACHED = """const done = arguments[arguments.length - 1], url = location.origin + arguments[0];
caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.match(url))
  .then(r => r ? r.arrayBuffer().then(b => [n, b.byteLength]) : null))))
  .then(all => done(all.filter(Boolean)), e => done(String(e)));"""


def press_keep(drv) -> str:
    """Presses "Keep runbooks offline" (or "Save the rest") on /offline/, the page open:
    the status once the save is done."""
    button = drv.find_element(By.ID, "keep-button")
    WebDriverWait(drv, 15).until(lambda d: button.is_displayed() and button.is_enabled())
    wait_active(drv)
    button.click()
    status = drv.find_element(By.ID, "keep-status")
    try:
        # "Saved 49 of 59…" is the progress; the end has no "…".
        WebDriverWait(drv, 60).until(lambda d: status.text.startswith("Saved") and not status.text.endswith("…"))
    except Exception:
        raise AssertionError(f"keeping did not finish: {status.text!r}; worker {worker_state(drv)}")
    return status.text


def test_a_shard_cut_short_during_keep_is_not_kept(site_dir, tmp_path):
    """Main: a shard of the index cut half-way during "Keep runbooks offline" was kept
    (its first bytes, its build, read whole), the save said "Saved all 59 pages and files",
    and offline every word of that shard was missing. Now the save counts it as not
    fetched, keeps none of it, and pressed again with the network whole keeps it whole."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    size = len((site / SHARD.lstrip("/")).read_bytes())
    with serve(site, handler_class=CutFile) as srv, chrome() as drv:
        load(drv, srv.url("/offline/"))
        wait_active(drv)
        CutFile.PATH = SHARD
        try:
            said = press_keep(drv)
            kept = drv.execute_async_script(CACHED, SHARD)
        finally:
            CutFile.PATH = ""
        # Base: "Saved all 59 pages and files …", the shard kept cut ([[build cache, 640]]).
        assert kept == [], kept
        assert "1 could not be fetched" in said, said
        said = press_keep(drv)
        assert said.startswith("Saved all"), said
        kept = drv.execute_async_script(CACHED, SHARD)
        assert kept and all(n == size for _, n in kept), (kept, size)


def drawn(drv) -> list:
    """The diagrams drawn on the page (they are drawn once scrolled near)."""
    drv.execute_script("window.scrollTo(0, document.body.scrollHeight / 3)")
    return drv.find_elements(By.CSS_SELECTOR, "figure.diagram[data-drawn] svg")


def test_a_module_of_the_diagram_renderer_cut_short_is_not_kept(tmp_path):
    """Main: mermaid's flowchart module cut half-way on a page's way (the worker in
    control) was kept (214 of its 702 bytes), and the runbook's flowchart was never drawn
    again, with the network whole, until the next deploy. Now the worker checks each
    module's size against `static/mermaid/sizes.json`, keeps none cut, and the next visit
    fetches the whole one, keeps it, and draws the diagram."""
    root = tmp_path / "diagrams"
    shutil.copytree(REPO / "tests" / "fixtures" / "diagrams" / "content", root / "content")
    site = build_site(root, root / "public")
    size = len((site / FLOWCHART.lstrip("/")).read_bytes())
    with serve(site, handler_class=CutFile) as srv, chrome() as drv:
        load(drv, srv.url(FLOW))
        wait_active(drv)
        CutFile.PATH = FLOWCHART
        try:
            # Controlled now: the page's modules come through the worker, this one cut.
            load(drv, srv.url(FLOW))
            WebDriverWait(drv, 30).until(lambda d: d.execute_script(
                "return performance.getEntriesByName(location.origin + arguments[0]).length", FLOWCHART))
            # The worker keeps what it keeps behind the answer: given the time to.
            WebDriverWait(drv, 30).until(lambda d: d.execute_async_script(CACHED, "/static/mermaid/mermaid.esm.min.mjs"))
        finally:
            CutFile.PATH = ""
        kept = drv.execute_async_script(CACHED, FLOWCHART)
        # Base: [["pipebook-build-…", <half the module>]].
        assert all(n == size for _, n in kept), (kept, size)
        load(drv, srv.url(FLOW))
        WebDriverWait(drv, 60, poll_frequency=0.3).until(drawn, message="the flowchart was not drawn")
        WebDriverWait(drv, 30).until(lambda d: d.execute_async_script(CACHED, FLOWCHART))
        kept = drv.execute_async_script(CACHED, FLOWCHART)
        assert kept and all(n == size for _, n in kept), (kept, size)


def test_the_manifest_cut_short_during_the_install_is_not_kept(site_dir, tmp_path):
    """Main: the web app manifest (in the shell, outside `static/`, so in no size list)
    cut half-way while the worker installed was kept (85 of its 285 bytes), and served at
    every visit until the next deploy: "Add to Home Screen" read no name, no start page.
    Now it is read as the JSON it is, and one cut short is not kept; the next visit keeps
    the whole one."""
    path = "/manifest.webmanifest"
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    size = len((site / path.lstrip("/")).read_bytes())
    with serve(site, handler_class=CutFile) as srv, chrome() as drv:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HELD})
        load(drv, srv.url("/"))
        WebDriverWait(drv, 15).until(lambda d: d.execute_script("return !!self.__register"))
        CutFile.PATH = path
        try:
            drv.execute_script("self.__register()")
            wait_active(drv)
            kept = drv.execute_async_script(CACHED, path)
        finally:
            CutFile.PATH = ""
        # Base: [["pipebook-build-…", 85]].
        assert all(n == size for _, n in kept), (kept, size)
        load(drv, srv.url("/"))
        WebDriverWait(drv, 15).until(lambda d: d.execute_script(
            "return fetch(arguments[0]).then(r => r.json()).then(m => m.start_url, () => null)", path))
        WebDriverWait(drv, 15).until(lambda d: d.execute_async_script(CACHED, path),
                                     message="the whole manifest was never kept")
        kept = drv.execute_async_script(CACHED, path)
        assert kept and all(n == size for _, n in kept), (kept, size)


# Each pipeline line of a runbook's box ("Aggregate profit · Data Engineer 2, …"): how far
# its link (the pipeline's name) reaches past the line's right edge, where it is cut, and
# the line's height in lines of its text.
PIPELINE_LINES = """return Array.from(document.querySelectorAll('.incident .several')).map(p => {
  const a = p.querySelector('a'), box = p.getBoundingClientRect();
  const rects = Array.from(a.getClientRects());
  return {name: a.textContent, past: Math.max(...rects.map(r => r.right - box.right)),
          lines: box.height / parseFloat(getComputedStyle(p).lineHeight || 0) || 0};
});"""


def test_a_pipelines_name_in_the_box_is_never_cut_with_large_text(driver, base_url):
    """Main: on a 320 px phone with the text at 200 % (32 px), a runbook of two pipelines
    showed "Aggregate…" and "Unit-level …" in its box: the line of each pipeline is cut
    short on a phone (its owners are in the folded list below), and the pipeline's name
    went with them, 63 px of "Unit-level profit" cut. Now the name is whole, on lines of
    its own when it must; the owners after it are still cut at the line's end."""
    runbook = "/runbooks/profit/aggregate-profit/"
    with chrome(prefs={"webkit.webprefs.default_font_size": 32,
                       "webkit.webprefs.default_fixed_font_size": 26}) as drv:
        set_width(drv, 320, 640)
        load(drv, base_url + runbook)
        lines = drv.execute_script(PIPELINE_LINES)
        assert len(lines) == 2, lines
        for line in lines:
            # Base: "past" 119 px for "Aggregate profit", 63 for "Unit-level profit".
            assert line["past"] <= 0.5, lines
        assert drv.execute_script("return document.documentElement.scrollWidth") <= 320
        drv.execute_script("document.querySelector('.incident').scrollIntoView()")
        screenshot(drv, "net59-pipeline-names-large-text-320", full_page=False)
    # At the usual size the box stays as short as it was: a line a pipeline.
    set_width(driver, 320, 640)
    load(driver, base_url + runbook)
    lines = driver.execute_script(PIPELINE_LINES)
    assert all(line["past"] <= 0.5 and line["lines"] < 1.5 for line in lines), lines


def test_the_search_card_says_the_devices_clock_is_days_behind(site_dir):
    """Main: with the device's clock three days behind, the search page's card for "who
    is on call" named the right engineer (by the network's clock, session 58), "until"
    a day three days ahead of the phone's own, and said nothing of why: the on-call box
    of a runbook says "This device's clock is 3 days behind", the search page has no box.
    Now the card says it too."""
    data = schedule(site_dir)
    now = time.time() * 1000
    # The schedule reaches past now: the card names someone.
    assert data["shifts"] and ms(data["shifts"][-1]["end"]) > now
    with serve(site_dir) as srv, chrome(service_worker=False) as drv, \
            clock(drv, int(now - 3 * 24 * HOUR), server=False):
        set_width(drv, 390, 844)
        load(drv, srv.url("/search/?q=who+is+on+call"))
        live_wait(drv, 15).until(lambda d: primary(d))
        card = drv.find_element(By.CSS_SELECTOR, "[data-answer]")
        # Base: no such line.
        assert "This device's clock is 3 days behind: on call now is worked out with the site's clock." \
            in card.text, card.text
        screenshot(drv, "net59-search-card-clock-behind-390", full_page=False)
        # The box says the same words on a runbook.
        load(drv, srv.url("/runbooks/profit/aggregate-profit/"))
        live_wait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert "This device's clock is 3 days behind" in drv.find_element(By.CSS_SELECTOR, "[data-oncall]").text
    # A clock that is right: no such line.
    with serve(site_dir) as srv, chrome(service_worker=False) as drv:
        load(drv, srv.url("/search/?q=who+is+on+call"))
        live_wait(drv, 15).until(lambda d: primary(d))
        assert "clock" not in drv.find_element(By.CSS_SELECTOR, "[data-answer]").text
