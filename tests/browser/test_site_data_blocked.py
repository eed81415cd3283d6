"""A phone on a bad network at 3 a.m. (session 39): the runbook opened in a browser that
keeps no site data (Chrome's "Block sites from saving data", as some in-app and private
browsers do): `caches` and `localStorage` throw SecurityError and no service worker
registers. Every state must say the truth: /offline/ offered "Keep runbooks offline",
with its size, and said "Saving…" for ever once pressed, its list of saved pages empty.

And the worker that did not register (its script lost on a dropping network, storage
fine): "Keep runbooks offline" said "Saving…" for ever too, and pressed again once the
network was back, still did nothing until the page was reloaded.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, console_errors, live_wait, load, screenshot, serve, set_width
from test_deploy_skew import FAULTS
from test_deploy_skew import serve as faulty_serve

BLOCKED = {"profile.default_content_setting_values.cookies": 2}
RUNBOOK = "/runbooks/profit/aggregate-profit/"


def test_offline_page_says_this_browser_keeps_nothing(site_dir):
    with serve(site_dir) as srv, chrome(prefs=BLOCKED) as drv:
        set_width(drv, 390, 844)
        load(drv, srv.url("/offline/"))
        storage = drv.execute_async_script(
            "const done = arguments[0]; caches.keys().then(() => done('ok'), e => done(e.name));")
        assert storage == "SecurityError", storage
        size = drv.find_element(By.ID, "keep-size")
        WebDriverWait(drv, 10).until(lambda d: "Finding out" not in size.text)
        # Base: "Saves 59 pages and files (…)" and the button, which said "Saving…" for ever.
        assert "does not let this site keep anything" in size.text, size.text
        assert not drv.find_element(By.ID, "keep-button").is_displayed()
        assert not drv.find_element(By.ID, "forget-button").is_displayed()
        assert "Every page you open is saved" not in drv.find_element(By.TAG_NAME, "main").text
        saved = drv.find_element(By.ID, "saved-list").text
        assert saved.startswith("Nothing"), saved
        assert console_errors(drv) == []
        screenshot(drv, "offline-site-data-blocked-390", full_page=False)


def test_runbook_and_on_call_box_still_answer(site_dir):
    with serve(site_dir) as srv, chrome(prefs=BLOCKED) as drv:
        set_width(drv, 390, 844)
        load(drv, srv.url(RUNBOOK))
        live_wait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        assert "On call now" in drv.find_element(By.CSS_SELECTOR, "[data-oncall]").text
        # The theme button works without storage (the choice is only not remembered).
        drv.find_element(By.ID, "theme-toggle").click()
        assert drv.execute_script("return document.documentElement.getAttribute('data-theme')") in ("dark", "light")
        assert console_errors(drv) == []


def test_keep_without_a_worker_says_so_and_works_once_the_network_is_back(site_dir):
    FAULTS.clear()
    FAULTS["/sw.js"] = "drop"
    try:
        with faulty_serve(site_dir) as srv, chrome() as drv:
            set_width(drv, 390, 844)
            load(drv, srv.url("/offline/"))
            keep = drv.find_element(By.ID, "keep-button")
            WebDriverWait(drv, 10).until(lambda d: keep.is_displayed())
            assert not drv.execute_script("return navigator.serviceWorker.controller")
            keep.click()
            status = drv.find_element(By.ID, "keep-status")
            # Base: "Saving…", still 10 s on, and for ever.
            WebDriverWait(drv, 10).until(lambda d: "Saving" not in status.text,
                                         message=f"status: {status.text!r}")
            assert "Could not start saving" in status.text, status.text
            assert keep.is_enabled()
            screenshot(drv, "offline-keep-no-worker-390", full_page=False)
            # The network back: the same button saves, without a reload.
            FAULTS.clear()
            keep.click()
            WebDriverWait(drv, 30).until(lambda d: status.text.startswith("Saved all"),
                                         message=f"status: {status.text!r}")
    finally:
        FAULTS.clear()
