"""A phone on a bad network at 3 a.m., an old phone, session 57.

1. A device whose clock is set a year ahead (by hand, or lost): the bar over a runbook
   opened offline said its copy, saved a minute before, was "(366 days ago)": the age was
   the device's clock less the network's `Date`. Now the worker stamps a saved page with
   the device's own time as well, and the age is counted between the two readings of the
   one clock.
2. A runbook's table of five columns on a 320 or 390 px phone: every column shrank to
   7em and its words broke anywhere ("Reconcilia|tion"). Now plain words stay whole
   and the table scrolls in its box; code spans and addresses still break anywhere.

The device's clock is moved in the page and in the worker (its sw.js served with a first
line that moves it): `Date.now()` and `new Date()` both.
"""

from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load, screenshot, set_width, site_with
from test_bad_network import controlled
from test_deploy_skew import FAULTS, STALL, serve
from test_offline_redeploy import SAVED

RUNBOOK = "/runbooks/profit/aggregate-profit/"
DAY_MS = 24 * 3600 * 1000

# Every clock reading of the script's realm `off` ms from the real one.
SHIFT = """(() => { const Real = Date, off = %d;
  function D(...a) { if (!new.target) return new Real(Real.now() + off).toString();
    return a.length ? new Real(...a) : new Real(Real.now() + off); }
  D.prototype = Real.prototype; D.now = () => Real.now() + off; D.parse = Real.parse; D.UTC = Real.UTC;
  self.Date = D; })();"""


def offline_bar(drv, base: str, path: str) -> str:
    """`path` saved online, then opened with the network dropping it: the bar's text."""
    load(drv, base + path)
    WebDriverWait(drv, 15).until(lambda d: d.execute_async_script(SAVED, [path])[0])
    load(drv, base + "/runbooks/")
    FAULTS[path.rstrip("/")] = "drop"
    drv.execute_script("location.href = arguments[0]", path)
    bar = WebDriverWait(drv, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".offline-copy")
                                       and d.find_element(By.CSS_SELECTOR, ".offline-copy"))
    return bar.text


def test_a_clock_a_year_ahead_does_not_age_a_copy_saved_a_minute_ago(site_dir, tmp_path):
    """Main: "... saved on this device on <today's date> (366 days ago)". Now "(today)",
    the date shown still the network's (the copy's true date)."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    ahead = SHIFT % (366 * DAY_MS)
    sw = site / "sw.js"
    sw.write_text(ahead + "\n" + sw.read_text(encoding="utf-8"), encoding="utf-8")
    FAULTS.clear()
    STALL.set()
    try:
        with serve(site) as srv, chrome() as drv:
            drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ahead})
            set_width(drv, 390, 844)
            controlled(drv, srv.base_url + "/runbooks/")
            assert drv.execute_script("return new Date().getFullYear() - new Date(Date.now() - 366 * 864e5).getFullYear()") == 1
            said = offline_bar(drv, srv.base_url, RUNBOOK)
            screenshot(drv, "net57-offline-copy-clock-ahead-390", full_page=False)
            assert "days ago" not in said and "(today)" in said, said
    finally:
        FAULTS.clear()
        STALL.set()


# Five columns of plain words, as an escalation table in a runbook written for GitHub.
WIDE_TABLE = """

| Alert | Severity | Responsibility | Escalation | Documentation |
| --- | --- | --- | --- | --- |
| Reconciliation | Critical | Infrastructure | Administrators | Troubleshooting |
| `warehouse_reconciliation_mismatch` | Warning | Engineering | Management | https://example.com/runbooks/reconciliation/mismatch |
"""

# Per word of the table's own text (not code, not links): whether it broke over two lines.
BROKEN_CELL_WORDS = """
const out = [];
for (const cell of document.querySelectorAll('.runbook table :is(td, th)')) {
  for (const text of cell.childNodes) {
    if (text.nodeType !== 3) continue;
    const re = /[A-Za-z]{4,}/g;
    let m;
    while ((m = re.exec(text.textContent))) {
      const r = document.createRange();
      r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
      if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) out.push(m[0]);
    }
  }
}
return out;
"""


@pytest.mark.parametrize("width", [320, 390])
def test_a_five_column_table_keeps_plain_words_whole_on_a_phone(driver, tmp_path, width):
    """Main: every column shrank to 7em, words broken anywhere: "Reconcilia|tion",
    "Responsibil|ity", "Administrato|rs" at 390 px. Now a plain word is whole (the table
    scrolls in its own box, as GitHub's does); a code span or an address still breaks
    anywhere, and the page is no wider than the phone."""
    page = "content/runbooks/profit/aggregate-profit.md"
    with site_with(tmp_path, {page: lambda t: t + WIDE_TABLE}, themes=True) as srv:
        set_width(driver, width, 844)
        load(driver, srv.url("/runbooks/profit/aggregate-profit/"))
        driver.execute_script("document.querySelector('.runbook table').scrollIntoView()")
        screenshot(driver, f"net57-five-column-table-{width}", full_page=False)
        broken = driver.execute_script(BROKEN_CELL_WORDS)
        page_width = driver.execute_script("return document.documentElement.scrollWidth")
        code_width = driver.execute_script("return document.querySelector('.runbook td code').getBoundingClientRect().width")
    assert broken == [], broken
    assert page_width <= width, page_width
    # The long name still wraps in its cell rather than make its column a screen wide.
    assert code_width < width * 0.8, code_width
