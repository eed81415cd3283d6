"""Runbook repositories written for GitHub (session 45): a table whose cells hold lists."""

from __future__ import annotations

import pytest

from conftest import load, screenshot, set_width, site_with

# Artsy's system criticality levels: HTML table cells holding lists of sentences.
PROSE_TABLE = """

<table>
<tr><th></th><th>Level 1</th><th>Level 2</th><th>Level 3</th></tr>
<tr><td>Development</td>
<td><ul><li>READMEs contain up-to-date set-up instructions</li><li>Code review on all pull requests</li></ul></td>
<td><ul><li>Consistently applies best practices (design, system, internal Technology Radar, workflow)</li></ul></td>
<td><ul><li>Exhibits a basic understanding of security</li></ul></td></tr>
</table>
"""

# Per word of the table's list items: whether the browser broke it over two lines.
BROKEN_WORDS = """
const out = [];
for (const li of document.querySelectorAll('.runbook td li')) {
  const text = li.firstChild;
  if (!text || text.nodeType !== 3) continue;
  const s = text.textContent;
  const re = /[A-Za-z]{4,}/g;
  let m;
  while ((m = re.exec(s))) {
    const r = document.createRange();
    r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
    const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
    if (tops.size > 1) out.push(m[0]);
  }
}
return out;
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_table_of_lists_keeps_its_words_whole_on_a_phone(driver, tmp_path, width):
    """On main every column of a runbook's table kept 7em and words broke anywhere, so on
    a 390 px phone a cell's list read "READ|MEs contai|n up-|to-|date" (Artsy's system
    criticality table). A cell of prose keeps a line's room; the table scrolls in its box,
    as GitHub's does, and the page does not."""
    page = "content/runbooks/profit/aggregate-profit.md"
    with site_with(tmp_path, {page: lambda t: t + PROSE_TABLE}) as srv:
        set_width(driver, width, 844 if width < 768 else 900)
        load(driver, srv.url("/runbooks/profit/aggregate-profit/"))
        driver.execute_script("document.querySelector('.runbook table').scrollIntoView()")
        screenshot(driver, f"ops45-table-of-lists-{width}")
        broken = driver.execute_script(BROKEN_WORDS)
        page_width = driver.execute_script("return document.documentElement.scrollWidth")
    assert broken == [], broken
    assert page_width <= width, page_width
