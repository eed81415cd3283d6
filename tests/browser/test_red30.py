"""Session 30's review in Chromium: an image taller than any screen put the steps after it
out of reach (tests/red30.rs for the build side)."""

from __future__ import annotations

import struct
import zlib

import pytest
from selenium.webdriver.common.by import By

from conftest import build_site, example_copy, load, serve


def png(width: int, height: int) -> bytes:
    """A transparent PNG of `width` by `height` pixels, a few kB for any height."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = (b"\0" + b"\0\0\0\0" * width) * height
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


RUNBOOK = """---
title: Tall images
---

1. First step.

   ![](blank.svg)

   AFTER-SVG

   <img src="blank.png" width="600">

   AFTER-PNG

   ![A long screenshot](shot.png)

   AFTER-SHOT
2. Second step.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red30") / "site"
    example_copy(root, {"content/runbooks/tall/index-of-tall.md": RUNBOOK}, themes=True)
    folder = root / "content" / "runbooks" / "tall"
    (folder / "blank.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="100000" '
                                      'viewBox="0 0 10 100000"></svg>')
    (folder / "blank.png").write_bytes(png(2, 400_000))
    (folder / "shot.png").write_bytes(png(1170, 2532))
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


@pytest.mark.parametrize("width", [390, 1280])
def test_text_after_a_tall_image_is_within_reach(driver, site, width):
    driver.set_window_size(width, 900)
    load(driver, site.base_url + "/runbooks/tall/index-of-tall/")
    top = lambda text: driver.execute_script(  # noqa: E731
        "const p = [...document.querySelectorAll('.runbook p, .runbook li')]"
        ".find(e => e.firstChild && e.firstChild.textContent.trim().startsWith(arguments[0]));"
        "return p ? p.getBoundingClientRect().top + window.scrollY : null;", text)
    inner = driver.execute_script("return window.innerHeight")
    marks = [top(t) for t in ("First step", "AFTER-SVG", "AFTER-PNG", "AFTER-SHOT", "Second step")]
    assert None not in marks, marks
    # Each image takes at most a screen and a half (with some margin for the lines).
    for before, after in zip(marks, marks[1:]):
        assert after - before <= 1.5 * inner + 200, (width, marks, inner)
    # The screenshot keeps its full height for the width it is drawn at, up to a screen
    # and a half.
    shot = driver.find_element(By.CSS_SELECTOR, '.runbook img[src$="shot.png"]')
    box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", shot)
    assert box[0] > 250 and box[1] >= min(1.5 * inner, box[0] * 2532 / 1170) - 2, (width, box)
