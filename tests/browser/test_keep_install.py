"""A phone on a bad network at 3 a.m. (session 39b): "Keep runbooks offline" pressed while
the part of the site that keeps pages (the service worker) is still on its way, which then
fails to install: its script answered 404 after a stall (a deploy's edge half there, a
dropping network). The page waited for a worker that would never come, and said "Saving…"
for ever; pressed again, nothing. Now it says the save could not start and why, the button
works again, and once the network is back it saves everything without a reload.
"""

from __future__ import annotations

import time

import threading
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import _Handler, chrome, load, screenshot, set_width
from conftest import serve as conftest_serve

# /sw.js: "stall" waits until RELEASE is set, then answers 404 (the worker's install
# fails); None serves it. "shell": a file the worker saves as it installs
# (/manifest.webmanifest) waits until RELEASE is set, then comes (an install that hangs).
MODE = {"sw": None}
RELEASE = threading.Event()


class _Handler39b(_Handler):
    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = urlsplit(self.path).path
        if path == "/sw.js" and MODE["sw"] == "stall":
            RELEASE.wait(60)
            self.send_error(404)
            return
        if path == "/manifest.webmanifest" and MODE["sw"] == "shell":
            RELEASE.wait(90)
        super().do_GET()


def test_keep_while_the_worker_fails_to_install_says_so_and_saves_when_back(site_dir):
    MODE["sw"] = "stall"
    RELEASE.clear()
    try:
        with conftest_serve(site_dir, handler_class=_Handler39b) as srv, chrome() as drv:
            set_width(drv, 390, 844)
            load(drv, srv.url("/offline/"))
            keep = drv.find_element(By.ID, "keep-button")
            status = drv.find_element(By.ID, "keep-status")
            WebDriverWait(drv, 10).until(lambda d: keep.is_displayed())
            # The page's registration is under way, its script not in.
            assert not drv.execute_script("return navigator.serviceWorker.controller")
            keep.click()
            WebDriverWait(drv, 5).until(lambda d: "Saving" in status.text)
            RELEASE.set()
            # Base: "Saving…" 20 s on, and for ever, the button disabled.
            WebDriverWait(drv, 20).until(lambda d: "Saving" not in status.text,
                                         message=f"status: {status.text!r}")
            assert "Could not start saving" in status.text, status.text
            assert keep.is_enabled()
            screenshot(drv, "offline-keep-install-failed-390", full_page=False)
            # The network back: the same button saves, without a reload.
            MODE["sw"] = None
            keep.click()
            WebDriverWait(drv, 30).until(lambda d: status.text.startswith("Saved all"),
                                         message=f"status: {status.text!r}")
    finally:
        MODE["sw"] = None
        RELEASE.set()


def test_keep_while_the_install_hangs_says_so_and_saves_once_it_is_done(site_dir):
    MODE["sw"] = "shell"
    RELEASE.clear()
    try:
        with conftest_serve(site_dir, handler_class=_Handler39b) as srv, chrome() as drv:
            set_width(drv, 390, 844)
            load(drv, srv.url("/offline/"))
            keep = drv.find_element(By.ID, "keep-button")
            status = drv.find_element(By.ID, "keep-status")
            WebDriverWait(drv, 10).until(lambda d: keep.is_displayed())
            WebDriverWait(drv, 10).until(lambda d: d.execute_script(
                "return navigator.serviceWorker.getRegistration()"
                ".then(function (r) { return !!(r && r.installing && !r.active); })"))
            started = time.monotonic()
            keep.click()
            # Base: "Saving…" until the install ends (Chrome gives it minutes).
            WebDriverWait(drv, 45).until(lambda d: "Saving" not in status.text,
                                         message=f"status: {status.text!r}")
            assert time.monotonic() - started >= 25, "said before the install had its time"
            assert "still loading" in status.text, status.text
            assert keep.is_enabled()
            screenshot(drv, "offline-keep-install-slow-390", full_page=False)
            # The install done: the same button saves, without a reload.
            RELEASE.set()
            WebDriverWait(drv, 20).until(lambda d: d.execute_script(
                "return navigator.serviceWorker.getRegistration()"
                ".then(function (r) { return !!(r && r.active); })"))
            keep.click()
            WebDriverWait(drv, 30).until(lambda d: status.text.startswith("Saved all"),
                                         message=f"status: {status.text!r}")
    finally:
        MODE["sw"] = None
        RELEASE.set()
