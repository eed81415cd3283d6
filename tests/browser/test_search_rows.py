"""The search client keeps at most 5,000 result rows learned from the heads (session 40,
fetch.js `ROWS`): a tab open through a long incident on a large site learned every
head's rows for its life. Nothing showed the cap; its one visible effect is what the
header's list fetches: a result whose row is known is shown as it is, one whose row was
dropped needs its text (`search/f/N.json`).

A site of 6,000 generated runbooks is built with $PIPEBOOK_BIN (as test_deploy_skew.py):
each word of a vocabulary of 1,200 is on 5 of them (and their folder's page), so each
head file (about 12 terms) gives about 70 rows. One word A is searched, then a word of each other head file, A again
every 5 searches (its head stays among the files held). The test replays the heads the
browser fetched (the server's log, the files read from disk) through a least recently
learned list of 5,000 rows, and checks that each search of A fetches the texts of exactly
the pages of A that list has dropped, up to the first that drops one. With no cap (or
another), A's texts are fetched at another search or never: the test fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import OrderedDict

import pytest

from conftest import REPO, chrome, load
from test_deploy_skew import BINARY, serve
from test_search_memory import SEARCH, word

ROWS = 5000
VOCAB = re.compile("([bdfgklmnprstvz][aeiou]){3}x")
PAGES = 6000
# Each word's pages are its runbooks and their folder's page: at most the 6 rows a term's
# head gives.
PER_WORD = 5
TAILS = ["alpha", "bravo", "delta", "kilo", "lima"]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    root = tmp_path_factory.mktemp("rows")
    shutil.copytree(REPO / "content", root / "content")
    # $PIPEBOOK_THEMES: a themes/ folder to build with instead of the binary's own.
    if os.environ.get("PIPEBOOK_THEMES"):
        shutil.copytree(os.environ["PIPEBOOK_THEMES"], root / "themes")
    folder = root / "content" / "runbooks" / "gen"
    folder.mkdir()
    for n in range(PAGES):
        w = word(n // PER_WORD)
        title = f"{w} {TAILS[n % PER_WORD]}"
        # No numbers in names or titles: each number would be a term of its own.
        (folder / f"{w}-{TAILS[n % PER_WORD]}.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {title}\n\nDrain {w} first.\n", encoding="utf-8")
    out = root / "public"
    subprocess.run([str(BINARY), "build", "--root", str(root), "--output", str(out)], check=True,
                   capture_output=True, env={"SOURCE_DATE_EPOCH": "1780000000", "PATH": "/usr/bin:/bin"})
    return out


def head(site, path: str) -> dict:
    """A head file of the site as the browser reads it (`/search/h/N.json`)."""
    return json.loads((site / path.lstrip("/")).read_bytes())


def test_the_client_keeps_the_last_5000_rows_it_learned(many):
    heads = {}
    for f in sorted((many / "search" / "h").iterdir()):
        terms = [t[0] for t in head(many, f"/search/h/{f.name}")["t"]]
        vocab = [t for t in terms if VOCAB.fullmatch(t)]
        if vocab:
            heads[f.name] = vocab[0]
    # Enough heads to learn well past the cap.
    assert len(heads) * 12 * PER_WORD > ROWS * 1.1, len(heads)
    names = sorted(heads)
    a = heads[names[0]]
    learned: OrderedDict[int, None] = OrderedDict()
    dropped_once = False
    with serve(many) as srv, chrome(service_worker=False) as driver:
        load(driver, srv.url("/search/"))
        driver.execute_async_script(
            "var done = arguments[0]; (function wait() { window.pipebookSearch && pipebookSearch.results"
            " ? done() : setTimeout(wait, 50); })();")

        def search(w: str) -> list[int]:
            """Searches `w` as the header's list does; replays the heads fetched, and
            returns the pages whose texts were fetched."""
            srv.log.clear()
            found = driver.execute_async_script(SEARCH, w)
            assert found and not isinstance(found, str), (w, found)
            texts = []
            for path in srv.log.paths():
                if path.startswith("/search/h/"):
                    for row in head(many, path).get("r", []):
                        learned.pop(row[0], None)
                        learned[row[0]] = None
                        if len(learned) > ROWS:
                            learned.popitem(last=False)
                elif path.startswith("/search/f/"):
                    texts.append(int(path.rsplit("/", 1)[1].split(".")[0]))
            return sorted(texts)

        assert search(a) == [], "A's rows came with its head"
        pages = next(t[2][0::2] for t in head(many, f"/search/h/{names[0]}")["t"] if t[0] == a)
        assert len(pages) in (PER_WORD, PER_WORD + 1), pages
        for i, name in enumerate(names[1:], 1):
            search(heads[name])
            if i % 5:
                continue
            dropped = sorted(p for p in pages if p not in learned)
            assert search(a) == dropped, (i, len(learned), dropped)
            if dropped:
                print(f"after {i} heads, {len(learned)} rows learned: A's pages {dropped} dropped")
                dropped_once = True
                break
        assert dropped_once, f"{len(learned)} rows learned; none of A's dropped"
