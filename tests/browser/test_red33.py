"""Session 33's review in Chromium: which numbers show in another order than written
(tests/red33.rs checks that the build warns of exactly these)."""

from __future__ import annotations

import pytest

from conftest import build_site, example_copy, load, serve

HE = "\u05d0"
# n -> (markup around the pair 10.0.n.1 10.0.n.2, whether Chromium shows it turned around)
CASES = {
    0: ('A <span dir="rtl">{}</span> end.', True),
    1: ('<p dir="rtl">{}</p>', True),
    2: ('<div dir=rtl>\n\n{}\n\n</div>', True),
    3: (f'<p dir="auto">{HE} {{}}</p>', True),
    4: (f"Call {HE} {{}} now.", True),
    5: ("Call \u0627 {} now.", True),
    6: (f"Code `ssh {HE} {{}}` now.", True),
    7: (f"```\nssh {HE} {{}}\n```", True),
    8: (f"Drain {HE}, {{}} then.", True),
    # Shown as written: a Latin word first, `auto` without a letter, a cell of its own.
    9: ('A <span dir="rtl">call {}</span> end.', False),
    10: ('A <span dir="auto">{}</span> end.', False),
    11: (f"| host | ip |\n|---|---|\n| {HE} | {{}} |", False),
    12: ("Plain {} here.", False),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red33") / "site"
    body = "\n\n".join(markup.format(f"10.0.{n}.1 10.0.{n}.2") for n, (markup, _) in CASES.items())
    example_copy(root, {"content/runbooks/numbers.md": f"---\ntitle: Numbers\n---\n\n{body}\n"},
                 themes=True)
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


LEFT = """
const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
const out = {};
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  for (const text of arguments[0]) {
    const at = n.data.indexOf(text);
    if (at < 0) continue;
    const r = document.createRange();
    r.setStart(n, at);
    r.setEnd(n, at + text.length);
    out[text] = r.getBoundingClientRect().left;
  }
}
return out;
"""


def test_which_numbers_show_turned_around(driver, site):
    """After a right-to-left letter or at the start of a `dir="rtl"`, two addresses show
    the other way round (in code too, despite its left-to-right isolate); the build warns
    of these (tests/red33.rs), and of none of the rest."""
    load(driver, site.base_url + "/runbooks/numbers/")
    texts = [f"10.0.{n}.{i}" for n in CASES for i in (1, 2)]
    left = driver.execute_script(LEFT, texts)
    assert sorted(left) == sorted(texts), left
    turned = {n: not left[f"10.0.{n}.1"] < left[f"10.0.{n}.2"] for n in CASES}
    assert turned == {n: expected for n, (_, expected) in CASES.items()}, left
