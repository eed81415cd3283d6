"""GitHub's images for one colour scheme (`x.png#gh-dark-mode-only`, a README's logo
drawn twice): the default theme shows the reader's scheme's one only, by the toggle's
choice, else the system's. Before session 40's forge40b both showed, one under the other.

Built with $PIPEBOOK_BIN (default target/release/pipebook) from the example's content
alone, so that the theme is the one compiled into that binary.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, example_copy, load, screenshot, serve, set_width

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">'
       '<rect width="240" height="60" fill="{}"/></svg>\n')

RUNBOOK = """---
title: Logos
---

# Logos

![Logo for light pages](logo-light.svg#gh-light-mode-only)
![Logo for dark pages](logo-dark.svg#gh-dark-mode-only)

<img alt="Raw for dark pages" src="logo-dark.svg#gh-dark-mode-only">

![Always](logo-light.svg)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = example_copy(tmp_path_factory.mktemp("forge40b"), {
        "content/runbooks/profit/logos.md": RUNBOOK,
        "content/runbooks/profit/logo-light.svg": SVG.format("#1f6feb"),
        "content/runbooks/profit/logo-dark.svg": SVG.format("#f0883e"),
    })
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with serve(root / "public") as srv:
        srv.stderr = built.stderr
        yield srv


def test_the_build_does_not_warn_of_them(site):
    assert "-mode-only" not in site.stderr, site.stderr


SHOWN = """return Array.from(document.querySelectorAll('article.runbook img'),
  i => [i.alt, getComputedStyle(i).display !== 'none' && i.getBoundingClientRect().height > 0]);"""


@pytest.mark.parametrize("system", ["light", "dark"])
@pytest.mark.parametrize("chosen", [None, "light", "dark"])
def test_only_the_readers_schemes_image_shows(site, driver, system, chosen):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": system}]})
    try:
        load(driver, site.url("/runbooks/profit/logos/"))
        if chosen:
            driver.execute_script("localStorage.setItem('pipebook-theme', arguments[0])", chosen)
        else:
            driver.execute_script("localStorage.removeItem('pipebook-theme')")
        load(driver, site.url("/runbooks/profit/logos/"))
        scheme = chosen or system
        shown = dict(driver.execute_script(SHOWN))
        assert shown == {
            "Logo for light pages": scheme == "light",
            "Logo for dark pages": scheme == "dark",
            "Raw for dark pages": scheme == "dark",
            "Always": True,
        }, (system, chosen, shown)
        for width in (390, 1280):
            set_width(driver, width)
            screenshot(driver, f"forge40b-logos-{width}-{system}-{chosen or 'system'}")
    finally:
        driver.execute_script("localStorage.removeItem('pipebook-theme')")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
