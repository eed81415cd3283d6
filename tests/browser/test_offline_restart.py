"""The service worker's word on the network outlives the worker. Browsers stop idle workers
(and a phone restarts its browser); a new worker used to start not knowing, and answered
from its caches unmarked until one of its own requests failed, which on a network that
hangs (a VPN that is part of the outage, a captive portal) can take minutes: search then
showed results from what is saved without saying so. The state the last worker learned is
kept (sw.js, DOWN_FLAG), and a fresh worker marks its first answers from it; its own
requests' outcomes win over it."""

from __future__ import annotations

import contextlib
import socket
import threading

from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load, serve
from test_offline import OFFLINE_NOTE, RUNBOOK, search_popup, wait_saved

# The worker's answer for a saved index file, as search.js reads it: [status, mark].
ANSWER = """
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(r => done([r.status, r.headers.get('X-Pipebook-Offline')]), e => done(['failed', String(e)]));
setTimeout(() => done(['no answer']), 5000);
"""
SAVED = "/search/meta.json"


@contextlib.contextmanager
def hanging(port: int):
    """A network that never answers on `port`: every connection is taken and held."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    held: list[socket.socket] = []

    def take() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=take, daemon=True).start()
    try:
        yield
    finally:
        sock.close()
        for conn in held:
            conn.close()


def restart_worker(drv) -> None:
    """Stops the site's worker, as the browser does when it is idle: the next request
    starts it again, from its script."""
    drv.execute_cdp_cmd("ServiceWorker.enable", {})
    drv.execute_cdp_cmd("ServiceWorker.stopAllWorkers", {})


def answer(drv, path: str = SAVED) -> list:
    return drv.execute_async_script(ANSWER, path)


def settled(drv, timeout: float = 20) -> None:
    """Until no file a search fetched waits in the worker's staging cache: each waits there
    for a look at the site (a request for sw.js, a second after it came) before it is kept
    in the build's cache (sw.js, `confirmStaged`). A look still out when the network goes
    fails, and the worker rightly learns the network failing from it."""
    WebDriverWait(drv, timeout).until(lambda d: d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.keys().then(ks => done(!ks.some(k => k.endsWith('-saving'))), () => done(false));"),
        message="a file stayed staged: its look at the site never ended")


def saved_site(drv, srv) -> None:
    """A runbook read and one search made online: the page and the index files are saved,
    in the build's cache."""
    load(drv, srv.base_url + RUNBOOK)
    wait_saved(drv, RUNBOOK)
    assert OFFLINE_NOTE not in search_popup(drv, "aggregate").text
    wait_saved(drv, SAVED)
    settled(drv)


def test_a_restarted_worker_remembers_that_the_network_was_failing(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            base, port = srv.base_url, srv.httpd.server_port
            saved_site(drv, srv)
        # The server is gone: the worker learns it from a failed revalidation.
        load(drv, base + RUNBOOK)
        assert search_popup(drv, "aggregate").text.startswith(OFFLINE_NOTE)
        assert answer(drv) == [200, "1"]
        # The network now hangs instead of refusing: no request of the new worker fails.
        with hanging(port):
            restart_worker(drv)
            assert answer(drv) == [200, "1"], "a new worker's first answer is not marked offline"
            assert answer(drv) == [200, "1"]


def test_a_restarted_worker_remembers_that_the_network_came_back(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            base, port = srv.base_url, srv.httpd.server_port
            saved_site(drv, srv)
        load(drv, base + RUNBOOK)
        assert answer(drv) == [200, "1"]
        with serve(site_dir, port=port):
            load(drv, base + RUNBOOK)
            assert OFFLINE_NOTE not in search_popup(drv, "aggregate").text
            assert answer(drv) == [200, None]
            settled(drv)
        with hanging(port):
            restart_worker(drv)
            assert answer(drv) == [200, None], "the worker called an answer offline from a stale state"


def test_a_new_workers_own_failure_wins_over_what_it_remembers(site_dir):
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            saved_site(drv, srv)
            assert answer(drv) == [200, None]
        # Remembered: the network answered. The new worker's own request is refused.
        restart_worker(drv)
        load(drv, base + RUNBOOK)
        assert search_popup(drv, "aggregate").text.startswith(OFFLINE_NOTE)
        assert answer(drv) == [200, "1"]
