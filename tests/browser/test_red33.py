"""Session 33's review in Chromium: which numbers show in another order than written
(tests/red33.rs checks that the build warns of exactly these)."""

from __future__ import annotations

import pytest

from conftest import build_site, example_copy, load, serve
from test_red32 import LEFT  # where on screen each text starts

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
    files = {
        "content/runbooks/numbers.md": f"---\ntitle: Numbers\n---\n\n{body}\n",
        "content/runbooks/raised.md": RAISED,
    }
    example_copy(root, files, themes=True)
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


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


# Raised, lowered and annotated text in code, and what Copy (the code's innerText) takes.
RAISED = """---
title: Raised
---

Set <code>--max-rows=10<sup>6</sup></code> and <code>retention=10<sub>-3</sub></code>.

<pre><code>rm <ruby>-rf<rt>-i</rt></ruby> /tmp/x
kubectl scale --replicas=1<sup>0</sup> deploy/etl</code></pre>

<kbd>Ctrl<sub>+C</sub></kbd> <samp>a<sup><sup>b</sup></sup></samp>

Then <code>rm <q>/tmp/my dir</q></code>, <q>as said</q>.
"""

SHIFTED = """
const out = [];
for (const e of document.querySelectorAll('article :is(code, pre, kbd, samp) :is(sub, sup, rt)')) {
  const code = e.closest('code, kbd, samp, pre');
  // The last letter before it, on its line.
  let t = e;
  while (!t.previousSibling) t = t.parentNode;
  let prev = t.previousSibling;
  while (prev.nodeType !== Node.TEXT_NODE) prev = prev.lastChild;
  const before = document.createRange();
  before.setStart(prev, prev.data.length - 1);
  before.setEnd(prev, prev.data.length);
  const r = e.getBoundingClientRect(), c = before.getBoundingClientRect();
  const cs = getComputedStyle(e), ccs = getComputedStyle(code);
  out.push([e.textContent, cs.fontSize === ccs.fontSize, Math.abs(r.bottom - c.bottom) < 1 && r.left >= c.left]);
}
return out;
"""


def test_raised_text_in_code_shows_as_copy_takes_it(driver, site):
    """`--max-rows=10<sup>6</sup>` read as ten to the sixth (a million rows) and Copy took
    `--max-rows=106`; `rm <ruby>-rf<rt>-i</rt></ruby>` showed `-i` above `-rf` and Copy
    took `-rf-i`: in code, raised, lowered and annotated text shows on the line, in the
    code's size, as Copy takes it."""
    load(driver, site.base_url + "/runbooks/raised/")
    shifted = driver.execute_script(SHIFTED)
    assert [t for t, _, _ in shifted] == ["6", "-3", "-i", "0", "+C", "b", "b"], shifted
    assert all(size and inline for _, size, inline in shifted), shifted
    copied = driver.execute_script(
        "return Array.from(document.querySelectorAll('article pre > code'), c => c.innerText)")
    assert copied == ["rm -rf-i /tmp/x\nkubectl scale --replicas=10 deploy/etl"], copied


QUOTES = """
// Whether it draws its quotes: its box is wider than its text.
return Array.from(document.querySelectorAll('article q'), q => {
  const text = document.createRange();
  text.selectNodeContents(q.firstChild);
  return [!!q.closest('code'), q.getBoundingClientRect().width - text.getBoundingClientRect().width > 1];
});
"""


def test_quotes_in_code_show_as_copy_takes_them(driver, site):
    """`<code>rm <q>/tmp/my dir</q></code>` showed `rm “/tmp/my dir”`, one quoted path,
    while Copy (which leaves generated quotes out) took `rm /tmp/my dir`, two: in code, `<q>`
    draws no quotes. In prose it keeps them."""
    load(driver, site.base_url + "/runbooks/raised/")
    quotes = driver.execute_script(QUOTES)
    assert quotes == [[True, False], [False, True]], quotes
