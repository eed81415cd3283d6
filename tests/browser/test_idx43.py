"""A first query's bytes as they cross the wire (session 43, issue 19.4).

The heads (`search/h/<n>.json`) are plain JSON since session 43: the build no longer
gzips each of them (a third of the index's instructions), and the host compresses them on
the wire, as Netlify does JSON. A first query's budgets (issue 4: 100 kB at 10,000
runbooks; issue 19.4: 120 kB at 100,000) are counted on the wire, from a server that
compresses as Netlify does (conftest's CompressingHandler); bench/search_bench.py counts
the same way. On the code before (heads `h/<n>.bin`, gzip-compressed by the build) the
heads fetched are not JSON and this fails."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from conftest import REPO, CompressingHandler, build_site, chrome, load, serve

# As the header's list asks: compact, with the titles first (the heads).
SEARCH = """
const [q, done] = [arguments[0], arguments[arguments.length - 1]];
const s = document.createElement('script');
s.src = '/static/search.js';
s.setAttribute('data-index', '/search/');
s.onload = () => window.pipebookSearch.results(q, {}, 6, false, true, () => {})
  .then(r => done({results: r.items.map(i => i.url)}))
  .catch(e => done({error: String(e)}));
document.head.appendChild(s);
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated site of 1,100 runbooks: an index too large to come whole with
    meta.json, so a query fetches heads, shards and texts."""
    root = tmp_path_factory.mktemp("idx43")
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_site.py"), str(root / "site"), "--runbooks", "1100"],
                   check=True, capture_output=True)
    out = build_site(root / "site", root / "public")
    assert json.loads((out / "search" / "meta.json").read_text())["heads"] > 0
    return out


def test_a_first_querys_heads_are_json_compressed_on_the_wire(generated):
    out = generated
    page = next(p for p in sorted((out / "runbooks").rglob("index.html")) if len(p.relative_to(out).parts) == 5)
    with serve(out, handler_class=CompressingHandler) as srv, chrome(service_worker=False) as drv:
        drv.execute_cdp_cmd("Network.enable", {})
        drv.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        load(drv, srv.url("/" + str(page.parent.relative_to(out)) + "/"))
        time.sleep(0.3)
        srv.log.clear()
        r = drv.execute_async_script(SEARCH, "partition skew")
        assert "error" not in r, r
        assert r["results"], r
        time.sleep(0.3)
        mine = [e for e in srv.log.entries if e.path.startswith("/search/") or e.path == "/static/search.js"]
    written = {e.path: (out / e.path.lstrip("/")).stat().st_size for e in mine}
    heads = [e for e in mine if e.path.startswith("/search/h/")]
    shards = [e for e in mine if e.path.startswith("/search/s/")]
    # One head a word, plain JSON as written, fewer bytes on the wire than on disk.
    assert len(heads) == 2 and all(e.path.endswith(".json") for e in heads), [e.path for e in heads]
    for e in heads:
        json.loads((out / e.path.lstrip("/")).read_bytes())
        assert e.bytes < written[e.path] / 2, (e.path, e.bytes, written[e.path])
    # The shards are gzip already: sent as they are.
    assert shards and all(e.bytes == written[e.path] for e in shards), [(e.path, e.bytes) for e in shards]
    # Issue 4's budget, on the wire, client included.
    wire = sum(e.bytes for e in mine)
    assert wire < 100_000, [(e.path, e.bytes) for e in mine]
    assert wire < sum(written.values()), (wire, written)
