"""The suite on any day CI runs: the example's holidays end with 2027-12-24, and a site built
later had no backup to come, so test_backups, test_oncall_backups and test_live_pages failed
(measured with the suite under faketime at 2028-01-10 12:00 UTC, build and browser alike).
run.sh and conftest build from tests/browser/example_root.py's folder, which lists holidays
to come past the list's end; before it, the example as it is."""

from __future__ import annotations

import datetime as dt
import json
import re

from example_root import REPO, example_root, holidays_ahead

DAY = 86400


def at(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc).timestamp())


def test_the_site_under_test_has_backups_to_come(site_dir):
    """Every pipeline has a backup on the holidays of the year after the build's clock."""
    built = dt.datetime.fromisoformat(json.loads((site_dir / "oncall.json").read_text())["generated"])
    feed = (site_dir / "oncall" / "de4.ics").read_text().replace("\r\n ", "").replace("\n ", "")
    starts = [dt.date(int(d[:4]), int(d[4:6]), int(d[6:]))
              for d in re.findall(r"UID:backup-[^\r\n]*\r?\n(?:[^\r\n]*\r?\n)*?DTSTART;VALUE=DATE:(\d{8})", feed)]
    coming = [d for d in starts if d > built.date() + dt.timedelta(days=2)]
    assert coming, f"built at {built}: no backup of de4's to come (the holidays ran out?)"


def test_the_example_is_built_as_it_is_while_its_holidays_last():
    text = (REPO / "content" / "oncall.yaml").read_text()
    assert holidays_ahead(text, at("2026-12-07T14:00:00")) == []
    assert example_root(at("2026-12-07T14:00:00"), REPO / "unused") == REPO


def test_past_the_list_holidays_come_on_weekdays_after_the_last(tmp_path):
    text = (REPO / "content" / "oncall.yaml").read_text()
    for clock in ("2027-10-01T00:00:00", "2028-01-10T12:00:00", "2028-02-29T23:59:59", "2040-06-01T00:00:00"):
        days = holidays_ahead(text, at(clock))
        assert days and all(d.isoweekday() <= 5 and d > dt.date(2027, 12, 24) for d in days), (clock, days)
        assert days[-1] > dt.date.fromisoformat(clock[:10]) + dt.timedelta(weeks=40), (clock, days)
    root = example_root(at("2028-01-10T12:00:00"), tmp_path)
    copied = (root / "content" / "oncall.yaml").read_text()
    assert copied.count('name: "Team Day"') == 10
    assert (root / "themes").is_dir() and (root / "content" / "runbooks").is_dir()
