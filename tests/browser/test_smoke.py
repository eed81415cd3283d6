"""Smoke tests of the example site in headless Chromium."""

from __future__ import annotations

import json
import struct
import time
import urllib.request
from datetime import datetime, timezone

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, console_errors, load, screenshot, set_width

# Pages whose template includes the "on call now" box (the on_call macro).
ONCALL_PAGES = {k: PAGES[k] for k in ("home", "pipeline", "runbook", "oncall")}
ENGINEER_NAMES = {f"Data Engineer {i}" for i in range(1, 5)}

# Chrome requests /favicon.ico by itself; the site has none, so the first page a browser
# opens logs a 404 for it. That is test_site_has_a_favicon's business, not every page's.
FAVICON = "/favicon.ico"


def _h1_text(driver) -> str:
    return " ".join(h.text.strip() for h in driver.find_elements(By.TAG_NAME, "h1")).strip()


def _wait_live(driver, timeout: float = 10.0):
    """Wait until every [data-oncall] box has data-live (the script filled it)."""
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "var b = document.querySelectorAll('[data-oncall]');"
        "return b.length > 0 && Array.from(b).every(e => e.hasAttribute('data-live'));"),
        message="the on-call box never got data-live")
    return driver.find_elements(By.CSS_SELECTOR, "[data-oncall]")


def _on_call_at(data: dict, when_ms: int) -> str | None:
    """Name of the engineer on call at `when_ms` (ms since the epoch) per oncall.json."""
    names = {e["id"]: e["name"] for e in data["engineers"]}
    when = datetime.fromtimestamp(when_ms / 1000, tz=timezone.utc)
    for s in data["shifts"]:
        start = datetime.fromisoformat(s["start"])
        end = datetime.fromisoformat(s["end"])
        if start <= when < end:
            return names[s["engineer"]]
    return None


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


# ------------------------------------------------------------------ (a) every page kind


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_loads(driver_no_worker, base_url, requests_log, path):
    driver = driver_no_worker  # the log holds the page's requests only
    load(driver, base_url + path)
    # Let the on-call script finish before reading the console, so its errors count.
    if driver.find_elements(By.CSS_SELECTOR, "[data-oncall]"):
        _wait_live(driver)
    doc = requests_log.wait_for(path)
    assert doc.status == 200, f"{path}: HTTP {doc.status}"
    assert doc.content_type and doc.content_type.startswith("text/html")
    assert _h1_text(driver), f"{path}: no <h1> or an empty one"
    failed = [r for r in requests_log.entries if r.status >= 400 and r.path != FAVICON]
    assert not failed, f"{path}: failed subrequests {failed}"
    assert console_errors(driver, ignore=[FAVICON]) == []


# ------------------------------------------------------------------ (b) live on-call box


@pytest.mark.parametrize("path", ONCALL_PAGES.values(), ids=ONCALL_PAGES.keys())
def test_oncall_box_is_live_and_right(driver_no_worker, base_url, site_dir, requests_log, path):
    driver = driver_no_worker  # the log holds the page's requests only
    load(driver, base_url + path)
    boxes = _wait_live(driver)
    assert all(b.tag_name == "div" for b in boxes)
    now_ms = driver.execute_script("return Date.now()")
    data = json.loads((site_dir / "oncall.json").read_text(encoding="utf-8"))
    expected = _on_call_at(data, now_ms)
    assert expected is not None, "oncall.json has no shift covering the browser's time"

    for box in boxes:
        now = box.find_element(By.CSS_SELECTOR, "p.now")
        assert now.text.startswith("On call now:"), now.text
        name = now.find_element(By.TAG_NAME, "strong").text.strip()
        assert name in ENGINEER_NAMES, now.text
        assert name == expected, f"box says {name}, oncall.json says {expected}"

    fetched = requests_log.wait_for("/oncall.json")
    assert fetched.status == 200
    assert fetched.bytes == (site_dir / "oncall.json").stat().st_size


# ------------------------------------------------------------------ (c) without JavaScript


@pytest.mark.parametrize("path", ONCALL_PAGES.values(), ids=ONCALL_PAGES.keys())
def test_oncall_box_without_javascript(driver_nojs, base_url, requests_log, path):
    load(driver_nojs, base_url + path)
    time.sleep(0.5)  # time enough for the script's fetch, had it run
    boxes = driver_nojs.find_elements(By.CSS_SELECTOR, "div[data-oncall]")
    assert boxes, f"{path}: no on-call box"
    for box in boxes:
        assert box.get_attribute("data-live") is None, "the script ran with JavaScript off"
        assert box.text.startswith("On call now:"), box.text
        assert any(n in box.text for n in ENGINEER_NAMES), box.text
    assert "/oncall.json" not in requests_log.paths(), "oncall.json fetched without JavaScript"


# ------------------------------------------------------------------ (d) screenshots


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("page", PAGES.keys())
def test_screenshot(driver, base_url, page, width):
    set_width(driver, width)
    load(driver, base_url + PAGES[page])
    if driver.find_elements(By.CSS_SELECTOR, "[data-oncall]"):
        _wait_live(driver)
    assert driver.execute_script("return window.innerWidth") == width
    path = screenshot(driver, f"{page}-{width}")
    assert path.is_file() and path.stat().st_size > 0
    png_width, png_height = _png_size(path)
    assert png_width >= width and png_height > 0


# ------------------------------------------------------------------ harness self-checks


def test_server_content_types(server, site_dir):
    """The test server answers like the production host for the files that matter."""
    cases = {"/oncall.json": "application/json", "/oncall.ics": "text/calendar",
             "/": "text/html", "/static/style.css": "text/css"}
    for path, ctype in cases.items():
        with urllib.request.urlopen(server.url(path), timeout=10) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"].startswith(ctype), (path, resp.headers)
    for ics in site_dir.glob("oncall/*.ics"):
        with urllib.request.urlopen(server.url(f"/oncall/{ics.name}"), timeout=10) as resp:
            assert resp.headers["Content-Type"].startswith("text/calendar")


# ------------------------------------------------------------------ known problems


def test_site_has_a_favicon(site_dir, driver, base_url, requests_log):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'rel="icon"' in home
    assert (site_dir / "static" / "favicon.svg").is_file()
    load(driver, base_url + "/")
    assert not console_errors(driver), "no 404 for /favicon.ico or anything else"


def test_pages_are_served_with_the_netlify_security_headers(base_url):
    with urllib.request.urlopen(base_url + "/runbooks/profit/aggregate-profit/") as r:
        csp = r.headers["Content-Security-Policy"]
        assert csp and "script-src 'self'" in csp and "object-src 'none'" in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_policy_is_enforced(driver, base_url):
    """With the policy on, an inline script injected into a page does not run, and the
    site's own pages (checked in test_page_loads) log no violation."""
    load(driver, base_url + "/")
    driver.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
        "document.body.appendChild(s);")
    assert driver.execute_script("return window.__inline === undefined")
