"""Session 59's review in Chromium: the words that tests/red59.rs expects search, the
contents and the title to read after an `<rp>` a browser ends are those Chromium shows
(`innerText`), and the `<rp>`'s own are not shown."""

from __future__ import annotations

import pytest

from conftest import build_site, example_copy, load, serve

RUNBOOK = """# Lag <p><rp>quuxhiddena<div>shownh1</div>

<p><rp>quuxhiddenb

Shownpara after the block.

- shownitem

## Alpha <ul><li><rp>quuxhiddenc<li>shownli</ul>

## Beta <p><rp>quuxhiddend<div>showndiv</div>

<p><rp>quuxhiddene

[^1]: a note

<span>
quuxhiddenf
</span>

See[^1].

<p><rp>quuxhiddeng

---

<span>
shownafterrule
</span>

end
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red59") / "site"
    example_copy(root, {"content/runbooks/lag.md": RUNBOOK}, themes=True)
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


def test_what_ends_an_rp_shows(driver, site):
    """Chromium ends the `<rp>` where tests/red59.rs expects it: each `shown…` word is
    on the page, no `quuxhidden…` word is."""
    load(driver, site.base_url + "/runbooks/lag/")
    text = driver.execute_script("return document.querySelector('article').innerText")
    heading = driver.execute_script("return document.querySelector('h1').innerText")
    for word in ["Shownpara", "shownitem", "shownli", "showndiv", "shownafterrule", "end"]:
        assert word in text, (word, text)
    assert "shownh1" in heading, heading
    assert "quuxhidden" not in text + heading, text + heading
