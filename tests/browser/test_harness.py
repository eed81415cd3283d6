"""The harness itself: `driver_no_worker` really keeps the site's service worker out.
In the other browsers the worker's install fetches its shell (the offline page among it)
beside what the page asks for, so a test reading the server's log would see both."""

from __future__ import annotations

import time

from conftest import PAGES, load


def settle(log, seconds: float = 1.0, timeout: float = 10.0) -> list[str]:
    """The log's paths once no request was answered for `seconds`."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = len(log.entries)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            break
        time.sleep(0.05)
    return log.paths()


def test_with_the_worker_its_own_fetches_are_in_the_log(driver, base_url, requests_log):
    load(driver, base_url + PAGES["runbook"])
    assert driver.execute_script("return 'serviceWorker' in navigator")
    # The install saves the offline page, which the runbook never asks for itself.
    requests_log.wait_for("/offline/", timeout=10)
    assert "/sw.js" in requests_log.paths()


def test_without_the_worker_the_log_is_the_pages_own(driver_no_worker, base_url, requests_log):
    driver = driver_no_worker
    load(driver, base_url + PAGES["runbook"])
    assert driver.execute_script("return 'serviceWorker' in navigator") is False
    paths = settle(requests_log)
    assert PAGES["runbook"] in paths and "/static/site.js" in paths, paths
    assert "/sw.js" not in paths and "/offline/" not in paths, paths
    # A second page of the same tab too (the script runs on every new document).
    requests_log.clear()
    load(driver, base_url + PAGES["home"])
    assert "/sw.js" not in settle(requests_log)
