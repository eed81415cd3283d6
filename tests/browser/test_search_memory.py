"""A phone with 1 GB of memory, a search tab open through a long incident (session 40).
The search client kept every index file it fetched, parsed, for the tab's life: 18 kB
more for each distinct word searched at 100,000 runbooks (600 words: 10.9 MB above the
start on the base binary), up to the whole index (170 MB of heads' JSON, 34 MB of
shards). Now the files it holds are bounded (least recently used dropped, fetched again
when a word needs them again), and so are the result rows it learned from them.

A site of 2,400 generated runbooks, 30 words each of a vocabulary of 12,000, is built with
$PIPEBOOK_BIN (as test_deploy_skew.py); 500 distinct words are searched as the header's
box does (heads first, rows). On the base binary the first word's head, held all along,
is not fetched again (fails: not in the log). The heap is measured on the bench site of
100,000 runbooks (the commit's numbers), not here: this index is too small to tell.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess

import pytest

from conftest import REPO, chrome, load
from test_deploy_skew import BINARY, serve

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def word(i: int) -> str:
    """The i-th word of the vocabulary: three syllables and an x, letters only."""
    out = ""
    for _ in range(3):
        out += SYLLABLES[i % 70]
        i //= 70
    return out + "x"


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    root = tmp_path_factory.mktemp("memory")
    shutil.copytree(REPO / "content", root / "content")
    # $PIPEBOOK_THEMES: a themes/ folder to build with instead of the binary's own.
    if os.environ.get("PIPEBOOK_THEMES"):
        shutil.copytree(os.environ["PIPEBOOK_THEMES"], root / "themes")
    folder = root / "content" / "runbooks" / "gen"
    folder.mkdir()
    rng = random.Random(40)
    for n in range(2400):
        words = " ".join(word(rng.randrange(12000)) for _ in range(30))
        (folder / f"r{n:04d}.md").write_text(
            f"---\ntitle: Gen runbook {n}\n---\n\n# Gen runbook {n}\n\n{word(n)} {words}\n", encoding="utf-8")
    out = root / "public"
    subprocess.run([str(BINARY), "build", "--root", str(root), "--output", str(out)], check=True,
                   capture_output=True, env={"SOURCE_DATE_EPOCH": "1780000000", "PATH": "/usr/bin:/bin"})
    return out


SEARCH = ("var done = arguments[1]; pipebookSearch.results(arguments[0], {}, 10, false, true, function () {})"
          ".then(function (r) { done(r.items.map(function (i) { return i.url || i.u || ''; })); },"
          " function (e) { done('failed: ' + e); });")


def test_a_long_search_session_holds_a_bounded_part_of_the_index(big):
    with serve(big) as srv, chrome(service_worker=False) as driver:
        load(driver, srv.url("/search/"))
        driver.execute_async_script(
            "var done = arguments[0]; (function wait() { window.pipebookSearch && pipebookSearch.results"
            " ? done() : setTimeout(wait, 50); })();")
        first = driver.execute_async_script(SEARCH, word(0))
        assert first and not isinstance(first, str), first
        heads = [r.path for r in srv.log.entries if r.path.startswith("/search/h/")]
        assert len(heads) == 1, heads
        for i in range(1, 501):
            found = driver.execute_async_script(SEARCH, word(i * 7))
            assert not isinstance(found, str), (word(i * 7), found)
        # The first word's head was dropped (500 heads came after it, more than the 6 MB
        # held): searched again, it is fetched again, and the result is the same.
        srv.log.clear()
        assert driver.execute_async_script(SEARCH, word(0)) == first
        assert heads[0] in [r.path for r in srv.log.entries], srv.log.paths()
