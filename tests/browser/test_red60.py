"""Session 60's review in Chromium: the note that tests/red60.rs expects search to read,
defined inside an author's open `<p><rp>`, is shown (at the page's end), and the
`<span>` after its place, still inside the `<rp>`, is not."""

from __future__ import annotations

import pytest

from conftest import build_site, example_copy, load, serve

RUNBOOK = """# Lag

See the note[^1].

<p><rp>quuxhiddena

[^1]: shownnote <div>showndiv</div> words

<span>
quuxhiddenb still in the rp
</span>

end
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red60") / "site"
    example_copy(root, {"content/runbooks/lag.md": RUNBOOK}, themes=True)
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


def test_a_note_defined_inside_an_open_rp_shows(driver, site):
    """Chromium shows the note's words, which search now reads, and hides the span's."""
    load(driver, site.base_url + "/runbooks/lag/")
    text = driver.execute_script("return document.querySelector('article').innerText")
    for word in ["shownnote", "showndiv", "words", "end"]:
        assert word in text, (word, text)
    assert "quuxhidden" not in text, text
