"""Reading comfort in a runbook's own tables and quotes (session 25's review of KubeVirt's
runbooks, /work/notes/look25 items 2 and 6), as a reader sees it in Chromium:

- (a table cell breaking identifiers at any character is left as it was: keeping names
  whole broke the older guarantee that a three-column table fits a phone with its long
  names wrapped, test_phone_fit.py; breaking them at `_` is the next step);
- a quote (`> **Note:** …`) had the browser's 40 px margin on each side and no bar: 80 of a
  phone's 390 px. It has a small indent and a bar, in light, dark and print.
"""

from __future__ import annotations

import pytest

from conftest import build_site, load, serve, set_width

NAME = "kubevirt_configuration_emulation_enabled"
ROWS = "\n".join(
    f"| kubevirt | `{NAME}_{n}` | Metric | Gauge | Indicates whether the software emulation "
    f"is enabled in the configuration of cluster {n}. |" for n in range(6))
TABLE = ("| Operator | Name | Kind | Type | Description |\n|---|---|---|---|---|\n" + ROWS + "\n")
QUOTE = "> **Note:** This only triggers if the feature gate is enabled in the CR.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixlook25") / "tree"
    runbooks = root / "content" / "runbooks"
    runbooks.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("title: Ops\n", encoding="utf-8")
    (runbooks / "metrics.md").write_text(
        f"# Metrics\n\n{QUOTE}\n## Metrics\n\n{TABLE}\nAfter the table.\n", encoding="utf-8")
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


QUOTE_BOX = """
const q = document.querySelector('.runbook blockquote');
const article = document.querySelector('.runbook').getBoundingClientRect();
const r = q.getBoundingClientRect(), s = getComputedStyle(q);
return {left: r.left - article.left, right: article.right - r.right,
        bar: parseFloat(s.borderLeftWidth), style: s.borderLeftStyle, color: s.borderLeftColor,
        background: getComputedStyle(document.body).backgroundColor,
        padding: parseFloat(s.paddingLeft), text: q.textContent.trim()};
"""


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
def test_a_quote_has_a_bar_and_no_wide_margins(driver, site, scheme):
    set_width(driver, 390)
    if scheme == "print":
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    else:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        load(driver, site.url("/runbooks/metrics/"))
        box = driver.execute_script(QUOTE_BOX)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert box["text"].startswith("Note:"), box
    # The browser's default was 40 px on each side.
    assert abs(box["left"]) <= 1 and abs(box["right"]) <= 1, box
    assert box["bar"] >= 2 and box["style"] == "solid", box
    assert box["color"] != box["background"], box
    assert 4 <= box["padding"] <= 20, box
