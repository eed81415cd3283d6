"""A phone on a bad network at 3 a.m. (session 38): a CDN, or the HTTP cache, answers
`/oncall.json` with a copy older than the page. The page was built an hour after the
schedule the reader gets, with an override added since: base worked out "on call now"
from the older schedule and showed it as current, naming the engineer the override took
off call. The page's answer, the newer, stands while its shift lasts, and the box says
the schedule received is older; after that shift, the older schedule is used, and said
to be.

Two builds of the example site with $PIPEBOOK_BIN (test_deploy_skew's BINARY): A an hour
ago, B now with an override covering now; B is served with A's `oncall.json`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, chrome, live_wait, load, screenshot, set_width
from test_deploy_skew import BINARY, serve
from test_live_pages import HOUR, clock, ms

RUNBOOK = "/runbooks/profit/aggregate-profit/"
NEW_YORK = ZoneInfo("America/New_York")


def build(root: Path, epoch: int, override: str = "") -> Path:
    shutil.copytree(REPO / "content", root / "content")
    if override:
        with open(root / "content" / "oncall.yaml", "a", encoding="utf-8") as f:
            f.write(override)
    out = root / "public"
    subprocess.run([str(BINARY), "build", "--root", str(root), "--output", str(out)], check=True,
                   capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
    return out


def on_at(data: dict, at_ms: int) -> str:
    return next(s["engineer"] for s in data["shifts"] if ms(s["start"]) <= at_ms < ms(s["end"]))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(B's folder with A's schedule, the names, who A says is on now, who B says, when
    B's override ends in ms)."""
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    tmp = tmp_path_factory.mktemp("old-schedule")
    now = int(time.time())
    a = build(tmp / "a", now - 3600)
    old = json.loads((a / "oncall.json").read_text(encoding="utf-8"))
    was = on_at(old, now * 1000)
    cover = next(e["id"] for e in old["engineers"] if e["id"] != was)
    local = datetime.fromtimestamp(now, NEW_YORK).replace(second=0, microsecond=0)
    start, end = local - timedelta(hours=1), local + timedelta(hours=3)
    b = build(tmp / "b", now, f'overrides:\n  - {{ from: "{start:%Y-%m-%d %H:%M}", to: "{end:%Y-%m-%d %H:%M}", '
                              f'engineer: {cover}, reason: "added an hour ago" }}\n')
    assert on_at(json.loads((b / "oncall.json").read_text(encoding="utf-8")), now * 1000) == cover
    shutil.copy(a / "oncall.json", b / "oncall.json")
    names = {e["id"]: e["name"] for e in old["engineers"]}
    return b, names, was, cover, int(end.timestamp() * 1000)


def box(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-oncall]").text


def test_a_schedule_older_than_the_page_does_not_replace_its_answer(site):
    folder, names, was, cover, _ = site
    with serve(folder) as srv, chrome() as driver:
        set_width(driver, 390, 844)
        load(driver, srv.url(RUNBOOK))
        # Base: "On call now: <the engineer the override took off>", and no word.
        live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]")
                                    or "older than this page" in box(d))
        now_line = driver.find_element(By.CSS_SELECTOR, "[data-oncall] .now").text
        assert names[cover] in now_line and names[was] not in now_line, now_line
        assert "The schedule received is older than this page" in box(driver), box(driver)
        assert "shown as the page was built" in box(driver), box(driver)
        screenshot(driver, "oncall-older-schedule-390", full_page=False)


def test_after_the_page_s_shift_the_older_schedule_is_used_and_said_to_be(site):
    folder, names, was, cover, end = site
    with serve(folder) as srv, chrome() as driver:
        set_width(driver, 390, 844)
        # The page kept open past the override's end (the device's and the server's clock).
        with clock(driver, end + HOUR // 2):
            load(driver, srv.url(RUNBOOK))
            live_wait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
            text = box(driver)
            assert "Worked out from a schedule older than this page" in text, text
            assert "shown as the page was built" not in text, text
            screenshot(driver, "oncall-older-schedule-after-390", full_page=False)
