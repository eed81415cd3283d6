"""Letters with stacked combining marks ("Zalgo text") are drawn beyond their line, and
must not read over the breadcrumbs or the on-call box (red38b). pipebook refuses more
than 30 on a letter of a title (src/diagnostics/marks.rs); 30 under one letter of a
runbook's title still reached some 30 px into the box of owners and on-call below it in
Chromium, and 30 over another into the breadcrumbs above. Each box is photographed as
built, then with the marks taken out of the title: the two must be the same pixels.

Built with $PIPEBOOK_BIN (default target/release/pipebook)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, example_copy, load, screenshot, serve, set_width

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))
RUNBOOK = "content/runbooks/growth/aggregate-growth.md"
ABOVE = "".join(chr(0x0300 + i % 0x15) for i in range(30))  # grave, acute, ... (above)
BELOW = "".join(chr(0x0316 + i % 0x10) for i in range(30))  # grave below, ... (below)
TITLE = f"# G{ABOVE}rowth Pipeline (Ag{BELOW}gregate Growth)"


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory):
    root = example_copy(tmp_path_factory.mktemp("marks"), {
        RUNBOOK: lambda t: t.replace("# Growth Pipeline (Aggregate Growth)", TITLE, 1),
    })
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    # 30 marks on a letter is stream-safe text: taken, without a word.
    assert built.returncode == 0, built.stderr
    assert "combining marks" not in built.stderr, built.stderr
    with serve(root / "public") as srv:
        yield srv


UNMARK = """
const walk = document.createTreeWalker(document.querySelector('main h1'), NodeFilter.SHOW_TEXT);
for (let n = walk.nextNode(); n; n = walk.nextNode()) n.data = n.data.replace(/[\\u0300-\\u036f]/g, '');
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_marks_of_a_title_do_not_cover_the_boxes_beside_it(marked_site, driver, width):
    set_width(driver, width)
    load(driver, marked_site.url("/runbooks/growth/aggregate-growth/"))
    h1 = driver.find_element(By.CSS_SELECTOR, "main h1")
    assert ABOVE in h1.text and BELOW in h1.text, h1.text
    driver.execute_script("return new Promise(r => setTimeout(r, 500))")  # the live box
    screenshot(driver, f"red38b-marks-{width}", full_page=False)
    boxes = {name: driver.find_element(By.CSS_SELECTOR, css)
             for name, css in [("breadcrumbs", "main .crumbs"), ("on-call box", "main .incident"),
                               ("header", ".site-header")]}
    marked = {name: box.screenshot_as_png for name, box in boxes.items()}
    places = {name: box.rect for name, box in boxes.items()}
    driver.execute_script(UNMARK)
    assert ABOVE not in driver.find_element(By.CSS_SELECTOR, "main h1").text
    for name, box in boxes.items():
        assert box.rect == places[name], f"{name} moved: the comparison would be void"
        assert box.screenshot_as_png == marked[name], \
            f"the title's marks are drawn over the {name} at {width} px"
