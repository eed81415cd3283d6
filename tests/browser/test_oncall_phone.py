"""The on-call calendar on a phone: every row's notes (the current week's "now", the
holiday, swap and override marks) stay on one line inside the page (at 390 px the
current week's marker, "now" and its marks took three lines)."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from conftest import PAGES, load, set_width

# Per row of the calendar: the notes' summary's height against the row's line height,
# and how far it reaches past the viewport's right edge.
NOTES = """
// A row's notes are its details' summary; the current week's, when the page was built in an
// earlier week (a handoff between the build and the test: CI on a Monday), is the cell
// site.js put the "now" badge in.
const notes = Array.from(document.querySelectorAll('.oncall-cal li.week')).map(li =>
  li.querySelector('.more summary') || (li.classList.contains('current') && li.querySelector('.badge') || {}).parentElement)
  .filter(Boolean);
return notes.map(s => {
  // The lines the summary's visible contents take (not the visually hidden word): a box
  // that starts below the middle of the line before starts a new line.
  const rects = Array.from(s.childNodes).filter(n => !(n.classList && n.classList.contains('visually-hidden')))
    .flatMap(n => { const range = document.createRange(); range.selectNode(n); return Array.from(range.getClientRects()); })
    .filter(r => r.width > 0).sort((a, b) => a.top - b.top);
  let lines = 0, middle = -Infinity;
  for (const r of rects) if (r.top > middle) { lines += 1; middle = (r.top + r.bottom) / 2; }
  const li = s.closest('li');
  return {week: li.querySelector('.when').textContent, current: li.classList.contains('current'),
          lines, right: Math.max(...rects.map(r => r.right)), width: innerWidth};
});
"""

def test_notes_of_every_week_fit_one_line_on_a_phone(driver, base_url):
    for width in (390, 320):
        set_width(driver, width)
        load(driver, base_url + PAGES["oncall"])
        notes = driver.execute_script(NOTES)
        assert any(n["current"] for n in notes), "the example's calendar has no current week"
        for n in notes:
            assert n["lines"] <= 1, (width, n)
            assert n["right"] <= n["width"], (width, n)
        # The "now" badge is on the current week's row, beside its marker.
        badge = driver.find_element(By.CSS_SELECTOR, ".oncall-cal li.current .badge")
        assert badge.text == "now"
