"""Forge Markdown as a reader sees it: the title heading as the page's one h1, a table of
contents where `[[_TOC_]]` stood, and alerts as callouts whose label and icon show in both
schemes with enough contrast, on a phone and a desktop (screenshots of each)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import build_site, console_errors, load, screenshot, serve, set_width

CACHE = Path(os.environ.get("PIPEBOOK_CACHE", Path.home() / ".cache" / "pipebook"))
AXE = CACHE / "axe" / "node_modules" / "axe-core" / "axe.min.js"

RUNBOOK = """\
<!-- A runbook written for GitLab, with a GitHub badge -->
[![status: ok](badge.svg)](https://example.com/)

[[_TOC_]]

# Disk full on `/var`

Pages when a node's `/var` passes 95%.

## Meaning

> [!NOTE]
> The alert fires per mount point.

> [!TIP]
> `ncdu -x /var` shows the largest folders.

## Mitigation

> [!IMPORTANT]
> Tell the on-call engineer of the data platform first.

> [!WARNING]
> Do not delete files under `/var/lib/postgresql`.

> [!caution]
> Rotating logs by hand loses the last hour of them.

> [!warning] Before you resize the disk
> Take a snapshot.

### Clean up

1. Remove old journal files: `journalctl --vacuum-time=2d`.
2. Check again.
"""


@pytest.fixture(scope="module")
def forge(tmp_path_factory):
    root = tmp_path_factory.mktemp("forge")
    runbooks = root / "content" / "runbooks"
    runbooks.mkdir(parents=True)
    (runbooks / "disk-full.md").write_text(RUNBOOK, encoding="utf-8")
    (runbooks / "badge.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
        '<rect width="60" height="20" fill="#2da44e"/></svg>', encoding="utf-8")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def contrast(a: str, b: str) -> float:
    def lum(c):
        ch = [v / 255 for v in rgb(c)]
        ch = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    hi, lo = sorted([lum(a), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def scheme(driver, value):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": value}]})


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_alerts_show_label_icon_and_colour_with_contrast(driver, forge, mode):
    scheme(driver, mode)
    try:
        load(driver, forge.url("/runbooks/disk-full/"))
        titles = driver.find_elements(By.CSS_SELECTOR, ".markdown-alert-title")
        assert [t.text for t in titles] == [
            "Note", "Tip", "Important", "Warning", "Caution", "Before you resize the disk"]
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        colours = set()
        for t in titles:
            colour = t.value_of_css_property("color")
            colours.add(colour)
            assert contrast(colour, background) >= 4.5, (t.text, colour, background)
            icon = driver.execute_script(
                "const s = getComputedStyle(arguments[0], '::before');"
                "return [s.width, s.maskImage || s.webkitMaskImage];", t)
            assert icon[0] == "16px" and icon[1].startswith('url("data:image/svg+xml'), icon
        assert len(colours) == 5, "one colour per kind"
        for width in (390, 1280):
            set_width(driver, width)
            load(driver, forge.url("/runbooks/disk-full/"))
            screenshot(driver, f"forge-alerts-{mode}-{width}")
        assert console_errors(driver, ignore=["/favicon.ico"]) == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_title_is_the_one_h1_and_the_toc_stands_at_its_marker(driver, forge):
    load(driver, forge.url("/runbooks/disk-full/#clean-up"))
    h1s = driver.find_elements(By.TAG_NAME, "h1")
    assert [h.text for h in h1s] == ["Disk full on /var"]
    assert h1s[0].get_attribute("id") == "disk-full-on-var"
    assert driver.title.startswith("Disk full on /var")
    tocs = driver.find_elements(By.CSS_SELECTOR, ".toc")
    assert len(tocs) == 1 and "toc-inline" in tocs[0].get_attribute("class")
    links = [a.get_attribute("href").rsplit("#", 1)[1] for a in tocs[0].find_elements(By.TAG_NAME, "a")]
    assert links == ["meaning", "mitigation", "clean-up"]
    # The badge comes before the table of contents, as in the file.
    article = driver.find_element(By.CSS_SELECTOR, "article.runbook")
    first = article.find_element(By.XPATH, "./*[1]")
    assert first.find_elements(By.TAG_NAME, "img"), first.get_attribute("outerHTML")
    assert driver.execute_script("return document.querySelector(':target').id") == "clean-up"
    steps = driver.find_elements(By.CSS_SELECTOR, "li[id^='clean-up.']")
    assert [s.get_attribute("id") for s in steps] == ["clean-up.1", "clean-up.2"]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violations(driver, forge, mode):
    assert AXE.is_file(), f"axe-core missing at {AXE}: run tests/browser/install.sh"
    scheme(driver, mode)
    try:
        load(driver, forge.url("/runbooks/disk-full/"))
        driver.execute_script(AXE.read_text(encoding="utf-8"))
        violations = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(
              v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))}))));
        """)
        assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
