"""A tab left open for days, on a phone on a bad network (session 23).

The on-call schedule page open across a handoff (and a change of summer time), a page
brought back from the back/forward cache, "Keep runbooks offline" with the network
dropping, the device full, or the site deployed again under an old service worker.

The site is test_deploy_skew's: the example plus 300 generated runbooks, deploy A, and
deploy B (60 removed, 40 added), built with $PIPEBOOK_BIN ($PIPEBOOK_THEMES: a themes/
folder to build with instead of the binary's own).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SERVER_CLOCK, chrome, live_wait, load, screenshot, server_clock, set_width, swap_deploy
from conftest import serve as conftest_serve
from test_deploy_skew import FAULTS, _FaultyHandler, deploys, shots  # noqa: F401 (fixture)

# Per path: ("pin", file) answers with that file (a sw.js that does not change: its
# update not in yet); ("drop",) closes the connection unanswered (the network gone);
# ("slow", seconds) waits first.
MODES: dict[str, tuple] = {}
# Pages sent without `Cache-Control: no-store`, so that Chrome keeps them in its
# back/forward cache.
CACHEABLE = {"on": False}


class _Handler(_FaultyHandler):
    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = urlsplit(self.path).path
        mode = next((m for prefix, m in MODES.items() if path.startswith(prefix)), None)
        if mode and mode[0] == "slow":
            time.sleep(mode[1])
        elif mode and mode[0] == "drop":
            self.close_connection = True
            return
        elif mode and mode[0] == "half":
            # The whole length announced, half the body sent, the connection closed: a
            # page on Slow 3G whose network stops halfway.
            # No length (HTTP/1.0: the body ends when the connection does): half of the
            # page, then nothing more for `mode[2]` seconds (a stalled network), then the
            # connection closes, which the browser takes for the end of the page.
            body = (Path(self.directory) / path.lstrip("/") / "index.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body[: int(len(body) * mode[1])])
            self.wfile.flush()
            time.sleep(mode[2])
            self.close_connection = True
            return
        elif mode and mode[0] == "pin":
            self._answer(200, "text/javascript", Path(mode[1]).read_bytes())
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib name): the worker's probe
        path = urlsplit(self.path).path
        if any(path.startswith(prefix) and m[0] == "drop" for prefix, m in MODES.items()):
            self.close_connection = True
            return
        super().do_HEAD()

    def send_header(self, keyword, value) -> None:
        if CACHEABLE["on"] and keyword.lower() == "cache-control":
            return
        super().send_header(keyword, value)


def serve(directory: Path):
    return conftest_serve(directory, handler_class=_Handler)


@pytest.fixture
def site(deploys):
    """Deploy A served from a folder that `deploy()` replaces with B."""
    a, b, folder = deploys
    folder = folder.with_name("live-days")
    folder.unlink(missing_ok=True)
    swap_deploy(folder, a)
    FAULTS.clear()
    MODES.clear()
    CACHEABLE["on"] = False
    with serve(folder) as srv:
        def deploy():
            swap_deploy(folder, b)
        srv.deploy = deploy
        srv.a, srv.b = a, b
        yield srv
    FAULTS.clear()
    MODES.clear()
    CACHEABLE["on"] = False


# The browser's clock: `at` (ms since 1970) when the page's first script runs, then
# `window.__later` ms further on (a page of the back/forward cache keeps its own).
CLOCK = ("(() => { const real = Date.now.bind(Date), off = %d - real();"
         " Date.now = () => real() + off + (window.__later || 0); })();")


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def schedule(site: Path) -> dict:
    return json.loads((site / "oncall.json").read_text(encoding="utf-8"))


def dst_handoff(data: dict) -> tuple[dict, dict]:
    """(a shift, the next one) where the team's clocks changed during the first: its
    end is in another UTC offset than its start."""
    zone = ZoneInfo(data["timezone"])
    shifts = data["shifts"]
    for s, t in zip(shifts, shifts[1:]):
        start, end = (datetime.fromisoformat(s[k]).astimezone(zone) for k in ("start", "end"))
        if start.utcoffset() != end.utcoffset() and s["end"] == t["start"] and s["engineer"] != t["engineer"]:
            return s, t
    raise AssertionError("no shift across a change of summer time in oncall.json")


CURRENT = """return [Array.from(document.querySelectorAll('.oncall-cal li.week.current time.when'), t => t.getAttribute('datetime')),
  Array.from(document.querySelectorAll('table.shifts tr.current td[data-label=From] time'), t => t.getAttribute('datetime')),
  document.querySelectorAll('.oncall-cal .badge, table.shifts .badge').length,
  Array.from(document.querySelectorAll('.oncall-cal li.week.past time.when'), t => t.getAttribute('datetime'))]"""


def test_the_schedule_page_follows_a_handoff_across_a_change_of_summer_time(site):
    """/oncall/ open for days (built in May, read in November): the week on now, its
    "now" badge and the past weeks follow the clock, across the handoff the page stays
    open for. Base: the build's week stayed "now" in the calendar and the table."""
    data = schedule(site.site_dir)
    s, t = dst_handoff(data)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    with chrome(service_worker=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK % (ms(s["end"]) - 4000)})
        server_clock(ms(s["end"]) - 4000)
        set_width(driver, 390, 844)
        load(driver, site.url("/oncall/"))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        weeks, rows, badges, past = driver.execute_script(CURRENT)
        assert weeks == [s["start"]] and rows == [s["start"]] and badges == 2, (weeks, rows, badges)
        assert s["start"] not in past and all(ms(p) < ms(s["start"]) for p in past), past
        # Four seconds later: the next engineer, until a time in the other offset.
        live_wait(driver, 15).until(
            lambda d: names[t["engineer"]] in d.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text)
        weeks, rows, badges, past = driver.execute_script(CURRENT)
        assert weeks == [t["start"]] and rows == [t["start"]] and badges == 2, (weeks, rows, badges)
        assert s["start"] in past, past
        until = driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now .until time")
        assert until.get_attribute("datetime") == t["end"], until.get_attribute("datetime")
        driver.execute_script("document.querySelector('.oncall-cal li.week.current').scrollIntoView({block: 'center'})")
        shots(driver, "dst-handoff-schedule")


def test_the_saved_schedule_note_gives_the_year_it_was_published(site):
    """Offline, the box says the schedule is the one saved, "published <date>": base gave
    no year ("Thu 28 May, 16:26 EDT"), and a phone that kept the site a year ago showed
    last year's date as this year's."""
    FAULTS["/oncall.json"] = "saved"
    year = datetime.fromisoformat(schedule(site.site_dir)["generated"]).year
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        load(driver, site.url("/runbooks/profit/aggregate-profit/"))
        note = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall] .saved-note"))
        assert f"published " in note.text and str(year) in note.text, note.text
        screenshot(driver, "oncall-saved-year-390", full_page=False)


def test_a_page_back_from_the_back_forward_cache_shows_who_is_on_call_now(site):
    """Back to a runbook kept whole in the back/forward cache, hours after it was left:
    its on-call box is worked out again (base: the engineer of when it was left, until a
    time past)."""
    data = schedule(site.site_dir)
    names = {e["id"]: e["name"] for e in data["engineers"]}
    s, t = dst_handoff(data)
    CACHEABLE["on"] = True
    with chrome(service_worker=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK % (ms(s["end"]) - 3600_000)})
        server_clock(ms(s["end"]) - 3600_000)
        load(driver, site.url("/runbooks/profit/aggregate-profit/"))
        box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert names[s["engineer"]] in box.text, box.text
        # Two hours on when the reader comes back: the shift of `s` ended an hour before.
        # The page's clock (its own) moves now; none of its timers is due in real time,
        # as none runs while a page is in the back/forward cache.
        driver.execute_script("window.__kept = 1; window.__later = 7200000")
        SERVER_CLOCK["offset"] += 7200
        load(driver, site.url("/runbooks/gen/r001/"))
        driver.back()
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return location.pathname") == "/runbooks/profit/aggregate-profit/")
        if not driver.execute_script("return window.__kept === 1"):
            pytest.skip("Chrome did not keep the page in its back/forward cache")
        live_wait(driver, 10).until(
            lambda d: names[t["engineer"]] in d.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text)


# --------------------------------------------------------------------------- keep offline

ACTIVE = ("return navigator.serviceWorker.getRegistration()"
          ".then(r => !!(r && r.active && navigator.serviceWorker.controller))")


def controlled(driver, url: str) -> None:
    """`url` open in a tab the site's worker controls (reloaded until it does)."""
    load(driver, url)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(ACTIVE) or d.refresh())
    load(driver, url)


def keep(driver, until: str, timeout: float = 60) -> str:
    """Presses "Keep runbooks offline" on /offline/ (open); the status once it holds `until`."""
    button = WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.ID, "keep-button").is_displayed() and d.find_element(By.ID, "keep-button"))
    WebDriverWait(driver, 15).until(lambda d: button.is_enabled())
    button.click()
    status = driver.find_element(By.ID, "keep-status")
    try:
        WebDriverWait(driver, timeout).until(lambda d: until in status.text)
    except Exception:
        raise AssertionError(f"status {status.text!r}, waited for {until!r}")
    return status.text


# SHA-256 of every file under /search/ in each build cache: {cache: {path: hex}}.
# The worker's staging cache ("pipebook-build-V-saving") is left out, and an entry gone
# between keys() and match() is skipped: the worker moves staged files into the build's
# cache while this looks (a CI run read a vanished entry as a TypeError).
DIGESTS = """const done = arguments[arguments.length - 1];
const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('pipebook-build-') && !n.endsWith('-saving'))
  .map(n => caches.open(n)
  .then(c => c.keys().then(ks => Promise.all(ks.filter(k => new URL(k.url).pathname.startsWith('/search/'))
    .map(k => c.match(k).then(r => r ? r.arrayBuffer().then(b => crypto.subtle.digest('SHA-256', b))
      .then(d => [new URL(k.url).pathname, hex(d)]) : null)))))
  .then(pairs => [n, Object.fromEntries(pairs.filter(p => p))]))))
  .then(all => done(Object.fromEntries(all)), e => done(String(e)));"""


def digest(folder: Path, path: str) -> str:
    import hashlib
    return hashlib.sha256((folder / path.lstrip("/")).read_bytes()).hexdigest()


def version(folder: Path) -> str:
    return json.loads((folder / "offline.json").read_text(encoding="utf-8"))["version"]


def test_keep_under_the_previous_deploys_worker_never_mixes_two_builds(site):
    """The site is deployed while the tab's worker is the previous build's, and its
    update does not come (a bad network: sw.js fetched as it was). Base saved the new
    deploy's index into the previous build's cache, beside that build's own files (a
    search offline then mixed two deploys' page numbers: another runbook's title for a
    result). Now that worker saves nothing and says so; once its update comes, the new
    worker saves the new build, into a cache of its own."""
    a, b = site.a, site.b
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        MODES["/sw.js"] = ("pin", a / "sw.js")
        site.deploy()
        load(driver, site.url("/offline/"))
        text = keep(driver, "updated")
        assert "Saved all" not in text, text
        screenshot(driver, "keep-old-worker-390", full_page=False)
        caches = driver.execute_async_script(DIGESTS)
        old = caches.get("pipebook-build-" + version(a), {})
        mixed = sorted(p for p, h in old.items() if h != digest(a, p))
        assert not mixed, f"the previous build's cache holds {len(mixed)} files of the new one: {mixed[:5]}"
        # The update comes: the new worker takes over and saves the new deploy.
        MODES.clear()
        text = keep(driver, "Saved all")
        WebDriverWait(driver, 20).until(lambda d: list(d.execute_async_script(DIGESTS)) == ["pipebook-build-" + version(b)])
        new = driver.execute_async_script(DIGESTS)["pipebook-build-" + version(b)]
        listed = [p for p, _ in json.loads((b / "offline.json").read_text())["index"] if p.startswith("/search/")]
        assert set(listed) <= set(new), sorted(set(listed) - set(new))[:5]
        assert all(h == digest(b, p) for p, h in new.items())
        shots(driver, "keep-new-worker")


def test_keep_with_the_network_dropping_stops_says_so_and_resumes(site):
    """The network drops a few seconds into "Keep runbooks offline". Base tried every
    remaining file (hundreds of requests into a dead network) and said "could not be
    fetched"; pressing again fetched everything again. Now the save stops, says the
    network dropped, and pressing again fetches only what is not saved yet."""
    drops = []
    listing = json.loads((site.a / "offline.json").read_text(encoding="utf-8"))
    pages = [p for p, *_ in listing["pages"]]
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        MODES["/runbooks/"] = ("slow", 0.03)
        button = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "keep-button").is_displayed() and d.find_element(By.ID, "keep-button"))
        button.click()
        status = driver.find_element(By.ID, "keep-status")
        WebDriverWait(driver, 30).until(lambda d: status.text.startswith("Saved ") and " of " in status.text)
        site.log.clear()
        MODES.clear()
        MODES["/"] = ("drop",)
        WebDriverWait(driver, 60).until(lambda d: not button.get_attribute("disabled"))
        text = status.text
        attempts = len(site.log.entries)
        assert "network dropped" in text, text
        assert button.text == "Save the rest", button.text
        screenshot(driver, "keep-network-dropped-390", full_page=False)
        saved = int(text.split("saved ", 1)[1].split(" of ", 1)[0])
        MODES.clear()
        site.log.clear()
        keep(driver, "Saved all")
        fetched = [p for p in site.log.paths() if p in set(pages)]
        # Only the rest (and offline.json); base fetched every page again.
        assert len(fetched) <= len(pages) - saved + 8, (len(fetched), len(pages), saved)
        assert len(fetched) < len(pages) // 2 or saved < len(pages) // 2, (len(fetched), saved)


def test_keep_on_a_full_device_says_there_is_no_room(site):
    """Chrome refuses to cache more (the origin's quota, a phone nearly full). Base went
    on fetching every file and said they "could not be fetched. Try again with a better
    connection": the network was fine. Now it stops at the first refusal and says the
    device has no room left."""
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/offline/"))
        driver.execute_cdp_cmd("Storage.overrideQuotaForOrigin", {"origin": site.base_url, "quotaSize": 1_500_000})
        site.log.clear()
        text = keep(driver, "", timeout=5)
        WebDriverWait(driver, 60).until(lambda d: not d.find_element(By.ID, "keep-button").get_attribute("disabled"))
        text = driver.find_element(By.ID, "keep-status").text
        assert "no room left" in text, text
        assert "better connection" not in text, text
        listing = json.loads((site.a / "offline.json").read_text(encoding="utf-8"))
        total = sum(len(listing[k]) for k in ("pages", "index", "diagrams"))
        assert len(site.log.entries) < total // 2, (len(site.log.entries), total)
        shots(driver, "keep-device-full")


def test_a_search_restarted_by_a_deploy_is_saved_for_offline_use(site):
    """A tab whose search started again after a deploy (a file of the new build) fetched
    the new build's files past the previous worker, which must not save them; base went
    on that way after the new worker took over, so nothing of the new index was saved
    until the page was reloaded: offline, the next page's search had nothing. Now the
    search goes through the new worker once it controls the tab, which saves what the
    page holds."""
    from test_deploy_skew import header_query
    b = site.b
    with chrome() as driver:
        set_width(driver, 390, 844)
        controlled(driver, site.url("/runbooks/"))
        assert header_query(driver, "zeta100")[0] == ("Gen runbook 100", "/runbooks/gen/r100/")
        site.deploy()
        assert header_query(driver, "zeta120")[0] == ("Gen runbook 120", "/runbooks/gen/r120/")
        ours = "pipebook-build-" + version(b)

        def saved(d):
            got = d.execute_async_script(DIGESTS)
            files = got.get(ours, {}) if isinstance(got, dict) else {}
            return files if "/search/meta.json" in files and any(p.startswith(("/search/h/", "/search/s/")) for p in files) else None
        try:
            files = WebDriverWait(driver, 20).until(saved)
        except Exception:
            got = driver.execute_async_script(DIGESTS)
            raise AssertionError(f"the new build's cache: {sorted(got.get(ours, {})) if isinstance(got, dict) else got}")
        assert all(h == digest(b, p) for p, h in files.items()), files
        # The network gone: a page read before, opened again, finds it from what is saved.
        MODES["/"] = ("drop",)
        load(driver, site.url("/runbooks/"))
        got = header_query(driver, "zeta120")
        assert got[0] == ("Gen runbook 120", "/runbooks/gen/r120/"), got
        popup = driver.find_element(By.ID, "search-popup")
        WebDriverWait(driver, 10).until(lambda d: popup.text.startswith("Offline"), message=popup.text)
        screenshot(driver, "deploy-restart-offline-390", full_page=False)


# --------------------------------------------------------------------------- a page cut short

def test_a_page_whose_network_stops_halfway_says_so_and_its_controls_work(site):
    """The network stops partway through a runbook's HTML (the connection closed: a
    phone on Slow 3G losing its signal): the browser shows what came as if it were the
    whole page, its first lines with no sign of more. Now the page says it did not load
    completely and offers to load it again; what came is readable, with the site's
    stylesheet, and the header's search works."""
    page = "/runbooks/profit/aggregate-profit/"
    with chrome(service_worker=False) as driver:
        set_width(driver, 390, 844)
        # Past the head (its critical CSS is most of a short runbook's bytes), within
        # the runbook's text.
        MODES[page] = ("half", 0.88, 0)
        driver.get(site.url(page))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
        assert driver.find_element(By.TAG_NAME, "h1").is_displayed()
        assert not driver.find_elements(By.CSS_SELECTOR, "footer.site-footer")
        bar = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".updated-bar"))
        assert "did not load completely" in bar.text, bar.text
        shots(driver, "page-cut-halfway")
        set_width(driver, 390, 844)
        # The search box opens and searches.
        box = driver.find_element(By.ID, "search-input")
        box.click()
        box.send_keys("profit")
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-popup a.result-title"))
        MODES.clear()
        bar.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "footer.site-footer"))
        assert not driver.find_elements(By.CSS_SELECTOR, ".updated-bar")
