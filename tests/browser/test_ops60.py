"""GitHub's images for one colour scheme written as a <picture> (session 60): a
`<source media="(prefers-color-scheme: dark)">` over the light drawing, as Artsy's
recommendations pages draw their diagrams. The browser matches such a source against the
system's scheme only: on main a reader who chose the dark theme on a light system got the
light drawing on the dark page (and the other way round), where `#gh-dark-mode-only`
images followed the toggle. Now the picture follows the toggle too, and the system's
scheme with no choice.

Built with $PIPEBOOK_BIN (default target/release/pipebook) from the example's content
alone, so that the theme is the one compiled into that binary.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, console_errors, example_copy, load, screenshot, serve, set_width

BINARY = Path(os.environ.get("PIPEBOOK_BIN", REPO / "target" / "release" / "pipebook"))

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">'
       '<rect width="240" height="60" fill="{}"/></svg>\n')

RUNBOOK = """# Surfaces

<picture>
  <source media="(prefers-color-scheme: dark)" srcset="surfaces-dark.svg">
  <source media="(Prefers-Color-Scheme:light)" srcset="surfaces-light.svg">
  <img alt="Surfaces by channel" src="surfaces-light.svg">
</picture>

<picture>
  <source media="(prefers-color-scheme: dark) and (min-width: 1px)" srcset="surfaces-dark.svg">
  <img alt="Other query" src="surfaces-light.svg">
</picture>
"""

CURRENT = """return Array.from(document.querySelectorAll('article.runbook picture img'),
  i => [i.alt, (i.currentSrc || '').split('/').pop()]);"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = example_copy(tmp_path_factory.mktemp("ops60"), {
        "content/runbooks/profit/surfaces.md": RUNBOOK,
        "content/runbooks/profit/surfaces-light.svg": SVG.format("#ffffff"),
        "content/runbooks/profit/surfaces-dark.svg": SVG.format("#0d1117"),
    })
    built = subprocess.run([str(BINARY), "build", "--root", str(root), "--output",
                            str(root / "public")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with serve(root / "public") as srv:
        yield srv


def shown(driver, want_first):
    """The pictures' current images once the first is `want_first` (or after 3 s)."""
    try:
        WebDriverWait(driver, 3).until(
            lambda d: dict(d.execute_script(CURRENT)).get("Surfaces by channel") == want_first)
    except Exception:  # noqa: BLE001 - the assertion below says what was shown
        pass
    return dict(driver.execute_script(CURRENT))


@pytest.mark.parametrize("system", ["light", "dark"])
@pytest.mark.parametrize("chosen", [None, "light", "dark"])
def test_a_picture_for_one_scheme_follows_the_chosen_theme(site, driver, system, chosen):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": system}]})
    try:
        load(driver, site.url("/runbooks/profit/surfaces/"))
        if chosen:
            driver.execute_script("localStorage.setItem('pipebook-theme', arguments[0])", chosen)
        else:
            driver.execute_script("localStorage.removeItem('pipebook-theme')")
        load(driver, site.url("/runbooks/profit/surfaces/"))
        scheme = chosen or system
        want = f"surfaces-{scheme}.svg"
        assert shown(driver, want) == {
            "Surfaces by channel": want,
            # A query that says more than the scheme is the browser's to match.
            "Other query": f"surfaces-{system}.svg",
        }
        # The toggle switches it at once, both ways.
        other = "light" if scheme == "dark" else "dark"
        driver.find_element("id", "theme-toggle").click()
        assert shown(driver, f"surfaces-{other}.svg")["Surfaces by channel"] == \
            f"surfaces-{other}.svg"
        driver.find_element("id", "theme-toggle").click()
        assert shown(driver, want)["Surfaces by channel"] == want
        assert console_errors(driver) == []
        if chosen == "dark" and system == "light":
            set_width(driver, 390, 844)
            time.sleep(0.2)
            screenshot(driver, "ops60-picture-dark-on-light-390")
    finally:
        driver.execute_script("localStorage.removeItem('pipebook-theme')")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
