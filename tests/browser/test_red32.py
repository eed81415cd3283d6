"""Session 32's review in Chromium: HTML's `dir` reorders code on screen while Copy (and a
selection) takes it in the order written (tests/red32.rs for the build side)."""

from __future__ import annotations

import pytest

from conftest import build_site, example_copy, load, serve

# Each case shows two addresses; a reader must see them in the order they are copied.
RUNBOOK = """---
title: Directions
---

Drain <code dir="rtl">10.0.0.1 10.0.0.2</code> first.

<pre><code>ssh <span dir="rtl">10.0.1.1 10.0.1.2</span></code></pre>

<pre><code>ssh <bdi>10.0.2.1 10.0.2.2</bdi> <kbd><bdi dir="rtl">10.0.3.1 10.0.3.2</bdi></kbd></code></pre>

<div dir="rtl">

```
10.0.4.1 10.0.4.2
```

</div>

<pre dir="auto"><code>10.0.5.1 10.0.5.2</code></pre>

<pre><code>kubectl delete pod etl-0 <s>--all</s> <del>--force</del> <strike>--now</strike></code></pre>

Ship <code>v2 <del>v1</del></code> and <kbd><s>Ctrl</s></kbd>.
"""

PAIRS = [(f"10.0.{n}.1", f"10.0.{n}.2") for n in range(6)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("red32") / "site"
    example_copy(root, {"content/runbooks/directions.md": RUNBOOK}, themes=True)
    with serve(build_site(root, root.parent / "public")) as srv:
        yield srv


# Where on screen each text starts, found in the runbook's text nodes.
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


def test_code_shows_in_the_order_it_is_copied(driver, site):
    """`<span dir="rtl">10.0.1.1 10.0.1.2</span>` inside code showed "10.0.1.2 10.0.1.1"
    (and a `dir` around a code block the same), while Copy took them as written."""
    load(driver, site.base_url + "/runbooks/directions/")
    texts = [t for pair in PAIRS for t in pair]
    left = driver.execute_script(LEFT, texts)
    assert sorted(left) == sorted(texts), left
    reversed_pairs = [(a, b) for a, b in PAIRS if not left[a] < left[b]]
    assert not reversed_pairs, (reversed_pairs, left)


STRUCK = """
return Array.from(document.querySelectorAll('article :is(code, pre, kbd, samp) :is(s, del, strike)'))
  .map(e => [e.textContent, getComputedStyle(e).textDecorationLine]);
"""


def test_struck_text_in_code_shows_as_copy_takes_it(driver, site):
    """`kubectl delete pod etl-0 <s>--all</s>` read as a command without `--all` (struck
    out), while Copy, which takes what is on screen, took `--all` with it: in code, struck
    text shows plainly."""
    load(driver, site.base_url + "/runbooks/directions/")
    struck = driver.execute_script(STRUCK)
    assert [t for t, _ in struck] == ["--all", "--force", "--now", "v1", "Ctrl"], struck
    assert all(line == "none" for _, line in struck), struck
