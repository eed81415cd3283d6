"""The folder the browser tests build the example site from, at a given clock.

The example's holidays end with the last year content/oncall.yaml lists (2027-12-24); built
later, the site has no holiday, backup or swap to come, and the tests of them (test_backups,
test_oncall_backups, test_live_pages) failed on any day from 2028-01-10 on, with nothing
wrong in pipebook. When the year after the clock reaches past the last listed holiday, this
copies content/ and themes/ into DEST/root and lists ten holidays more ("Team Day", as many
a year as the example lists), on the weekdays 3, 8, ... 48 weeks after the clock, only those
after the last listed one; the site built before that is the example as it is.

Usage: python3 tests/browser/example_root.py EPOCH DEST   (prints the root to build)
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def holidays_ahead(oncall_yaml: str, epoch: int) -> list[dt.date]:
    """The weekdays 3, 8, ... 48 weeks after `epoch` that come after every listed holiday."""
    listed = [dt.date.fromisoformat(d) for d in re.findall(r"date: (\d{4}-\d\d-\d\d)", oncall_yaml)]
    last = max(listed, default=dt.date.min)
    today = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    days = []
    for weeks in range(3, 49, 5):
        day = today + dt.timedelta(weeks=weeks)
        if day.isoweekday() > 5:  # Saturday, Sunday: the Monday after
            day += dt.timedelta(days=8 - day.isoweekday())
        if day > last:
            days.append(day)
    return days


def example_root(epoch: int, dest: Path) -> Path:
    text = (REPO / "content" / "oncall.yaml").read_text()
    days = holidays_ahead(text, epoch)
    if not days:
        return REPO
    root = dest / "root"
    shutil.rmtree(root, ignore_errors=True)
    for part in ("content", "themes"):
        shutil.copytree(REPO / part, root / part)
    lines = "".join(f'  - {{ date: {d}, name: "Team Day" }}\n' for d in days)
    text, n = re.subn(r"(?m)^holidays:\n", lambda m: m.group(0) + lines, text, count=1)
    if n != 1:
        sys.exit("tests/browser/example_root.py: content/oncall.yaml has no `holidays:` line")
    (root / "content" / "oncall.yaml").write_text(text)
    return root


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(example_root(int(sys.argv[1]), Path(sys.argv[2])))
