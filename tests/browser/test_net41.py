"""Runbooks kept offline, after session 40b's page hashes (session 41).

1. The hash of what a reader sees of a page left out every occurrence of the build's time
   ("2026-05-28 20:26 UTC"), the text's too: a runbook saying "Do not restart before
   <that time>", edited at the next build to say its own time, hashed alike, and the
   re-save after the deploy kept the old instruction. Only the footer's (the last) is
   left out now.
2. Two tabs pressing "Keep runbooks offline" while one save runs: the second joined the
   save and was never told how it went ("Saving…" for ever, its button disabled).
"""

from __future__ import annotations

import shutil
import threading

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, _Handler, chrome, load, serve
from test_deploy_skew import BINARY
from test_offline import keep_everything, wait_active
from test_offline_redeploy import SAVED, SETTINGS, build, deploy

EPOCH = 1_780_000_000
RUNBOOK = "runbooks/growth/aggregate-growth.md"
PAGE = "/runbooks/growth/aggregate-growth/"


def needs_binary():
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")


def test_a_build_time_written_in_a_runbook_is_saved_as_edited(tmp_path):
    needs_binary()
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    source = root / "content" / RUNBOOK
    text = source.read_text(encoding="utf-8")
    lists = []
    for name, epoch, time in (("a", EPOCH, "2026-05-28 20:26 UTC"), ("b", EPOCH + 86_400, "2026-05-29 20:26 UTC")):
        source.write_text(text.replace("## Steps", f"Do not restart before {time}.\n\n## Steps", 1), encoding="utf-8")
        lists.append(build(root, tmp_path / name, epoch))
        page = (tmp_path / name / PAGE.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert f"before {time}." in page and f">{time}</time>" in page, time
    live = tmp_path / "live"
    shutil.copytree(tmp_path / "a", live)
    with serve(live) as srv, chrome() as drv:
        base = srv.base_url
        keep_everything(drv, base, live)
        deploy(srv, drv, live, tmp_path / "b")
        WebDriverWait(drv, 120).until(
            lambda d: d.execute_async_script(SETTINGS, "/__pipebook/keep") == lists[1]["version"])
        saved = drv.execute_async_script(SAVED, [PAGE])[0]
        # Main's binary: the page was not fetched again, and still said 2026-05-28 20:26.
        fetched = [r.path for r in srv.log.entries if r.path == PAGE]
        assert "Do not restart before 2026-05-29 20:26 UTC." in saved, (fetched, saved[:200])


class Gate(_Handler):
    """Holds every runbook page until `OPEN` is set: a save that takes a while."""
    OPEN = threading.Event()

    def do_GET(self):
        if self.path.startswith("/runbooks/"):
            Gate.OPEN.wait(30)
        super().do_GET()


def test_two_tabs_asking_to_keep_both_hear_the_end(tmp_path):
    needs_binary()
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    build(root, tmp_path / "site", EPOCH)
    site = tmp_path / "site"
    Gate.OPEN.clear()
    with serve(site, handler_class=Gate) as srv, chrome() as drv:
        base = srv.base_url
        load(drv, base + "/offline/")
        wait_active(drv)
        first = drv.current_window_handle
        drv.switch_to.new_window("tab")
        load(drv, base + "/offline/")
        wait_active(drv)
        second = drv.current_window_handle
        for tab in (first, second):
            drv.switch_to.window(tab)
            button = drv.find_element(By.ID, "keep-button")
            WebDriverWait(drv, 10).until(lambda d: button.is_displayed())
            button.click()
            # Under way: "Saving…", or already a count ("Saved 10 of 55…": the pages the
            # gate does not hold come at once, and a busy machine's poll can miss the first).
            status = drv.find_element(By.ID, "keep-status")
            WebDriverWait(drv, 20).until(lambda d: status.text == "Saving…" or
                                         (status.text.startswith("Saved ") and status.text.endswith("…")),
                                         message=status.text)
        Gate.OPEN.set()
        for tab in (first, second):
            drv.switch_to.window(tab)
            status = drv.find_element(By.ID, "keep-status")
            try:
                WebDriverWait(drv, 60).until(lambda d: status.text.startswith("Saved all"))
            except Exception:
                # Main's worker: the second tab stayed at "Saving…".
                raise AssertionError(f"tab {tab}: {status.text!r}")
            assert drv.find_element(By.ID, "keep-button").is_enabled()
