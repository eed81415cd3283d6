"""The harness itself: `driver_no_worker` really keeps the site's service worker out.
In the other browsers the worker's install fetches its shell (the offline page among it)
beside what the page asks for, so a test reading the server's log would see both."""

from __future__ import annotations

from conftest import PAGES, load, quiet


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
    paths = quiet(requests_log)
    assert PAGES["runbook"] in paths and "/static/site.js" in paths, paths
    assert "/sw.js" not in paths and "/offline/" not in paths, paths
    # A second page of the same tab too (the script runs on every new document).
    requests_log.clear()
    load(driver, base_url + PAGES["home"])
    assert "/sw.js" not in quiet(requests_log)
