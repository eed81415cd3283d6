"""A phone on a bad network at 3 a.m., an old phone, session 56.

Search read its shards with DecompressionStream only, which Safari has from 16.4 (older
iPhones stop at iOS 15 or 16.3), Firefox from 113 and Chrome from 80: there, every shard
failed, in the page and in the service worker, and a large site's search with them. The
tests delete the API before any script runs, as such a browser lacks it (the page:
`Page.addScriptToEvaluateOnNewDocument`; the worker: its sw.js served with a first line
that deletes it), and compare with what the same site finds with the API.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, build_site, chrome, example_copy, load, serve
from test_tab_days import controlled

# Words of the generated site's titles (bench/gen_site.py), spread over its shards.
QUERIES = ["partition skew", "kafka consumer lag", "snowflake warehouse", "checkpoint corrupt",
           "reconciliation mismatch", "daylight saving", "backfill stuck", "credit spike"]
INFLATE = "/static/search-inflate.js"
NO_STREAM = "delete self.DecompressionStream;"

# The full ranking (shards read) of each query, as the header's box asks for it.
FIND = """
const [queries, done] = [arguments[0], arguments[arguments.length - 1]];
const ask = () => Promise.all(queries.map(q => window.pipebookSearch.results(q, {}, 10, false, false)
    .then(r => r.items.map(i => new URL(i.url, location.href).pathname), e => 'error: ' + e)))
  .then(done, e => done(String(e)));
if (window.pipebookSearch && window.pipebookSearch.results) { ask(); } else {
  const s = document.createElement('script'); s.src = '/static/search.js';
  s.setAttribute('data-index', '/search/'); s.onload = ask; document.head.appendChild(s); }
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """1,100 generated runbooks: an index of several shards, not inside meta.json."""
    root = tmp_path_factory.mktemp("net56")
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_site.py"), str(root / "site"), "--runbooks", "1100"],
                   check=True, capture_output=True)
    # A runbook whose heading's id is the fallback's global name (see the last test).
    hostile = root / "site" / "content" / "runbooks" / "zz-notes"
    hostile.mkdir()
    (hostile / "named.md").write_text("---\ntitle: Named\n---\n\n## Notes {#pipebookInflate}\n\nText.\n")
    out = build_site(root / "site", root / "public")
    meta = json.loads((out / "search" / "meta.json").read_text())
    assert "all" not in meta and len(meta["shards"].split("\n")) >= 4, meta.keys()
    return out


def found(driver, base: str, page: str = "/runbooks/") -> dict[str, list[str]]:
    load(driver, base + page)
    got = driver.execute_async_script(FIND, QUERIES)
    assert isinstance(got, list), got
    return dict(zip(QUERIES, got))


def without_stream(driver) -> None:
    """Every page of the tab finds no DecompressionStream, as an old browser's."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_STREAM})


@pytest.fixture(scope="module")
def expected(generated):
    """What the site finds in a browser that has the API; it never fetches the fallback."""
    with serve(generated) as srv, chrome(service_worker=False) as drv:
        want = found(drv, srv.base_url)
        shards = {p for p in srv.log.paths() if p.startswith("/search/s/")}
        assert not srv.log.find(INFLATE), srv.log.paths()
    assert all(isinstance(v, list) and v for v in want.values()), want
    assert len(shards) >= 3, shards
    return want


def test_search_without_decompression_stream_finds_the_same(generated, expected):
    """Main: "Part of the search index could not be loaded" and the heads' few results.
    Now: the same results, static/search-inflate.js fetched once."""
    with serve(generated) as srv, chrome(service_worker=False) as drv:
        without_stream(drv)
        load(drv, srv.base_url + "/")
        assert drv.execute_script("return typeof DecompressionStream") == "undefined"
        got = found(drv, srv.base_url)
        assert got == expected
        assert len(srv.log.find(INFLATE)) == 1, srv.log.paths()


def test_the_worker_without_it_serves_and_keeps_the_shards(generated, expected, tmp_path):
    """Main: the worker threw on every shard (its build check), so the page's fetch of it
    failed and search said the index could not be loaded; now the shards come, and are
    kept in the build's cache, their build read by fflate."""
    site = tmp_path / "public"
    shutil.copytree(generated, site)
    sw = site / "sw.js"
    sw.write_text(NO_STREAM + "\n" + sw.read_text(encoding="utf-8"), encoding="utf-8")
    with serve(site) as srv, chrome() as drv:
        without_stream(drv)
        controlled(drv, srv.base_url + "/runbooks/")
        assert drv.execute_script("return typeof DecompressionStream") == "undefined"
        got = found(drv, srv.base_url)
        assert got == expected
        # Staged copies move to the build's cache once looked at: wait for them.
        WebDriverWait(drv, 20).until(lambda d: d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('pipebook-build-'))
              .map(n => caches.open(n).then(c => c.keys()))))
              .then(lists => done(lists.flat().filter(r => new URL(r.url).pathname.startsWith('/search/s/')).length >= 3));
        """), "the worker kept no shard")


def test_without_the_fallback_search_says_the_browser_cannot_read_the_index(generated):
    """Neither the API nor static/search-inflate.js (blocked): the search page says what
    is wrong and what to do, not that the index is missing on the server."""
    with serve(generated) as srv, chrome(service_worker=False) as drv:
        without_stream(drv)
        drv.execute_cdp_cmd("Network.enable", {})
        drv.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*" + INFLATE]})
        load(drv, srv.base_url + "/search/?q=partition+skew")
        status = drv.find_element(By.ID, "search-status")
        WebDriverWait(drv, 30).until(lambda d: "update the browser" in status.text,
                                     message=f"search status: {status.text!r}")


def test_an_element_named_like_the_fallback_is_not_taken_for_it(generated, expected):
    """A heading `{#pipebookInflate}` is reachable as `window.pipebookInflate`: taken for
    the library (537b32b6), every shard failed on that page; now the same results."""
    with serve(generated) as srv, chrome(service_worker=False) as drv:
        without_stream(drv)
        got = found(drv, srv.base_url, "/runbooks/zz-notes/named/")
        assert drv.execute_script("return !!document.getElementById('pipebookInflate')")
        assert got == expected


JOBS = 300


def many_jobs(text: str) -> str:
    """daily-growth run by JOBS more jobs: as many redirect pages at /pipelines/by-job/."""
    jobs = ", ".join(["daily_growth_metrics"] + [f"growth_part_{i:04}" for i in range(JOBS)])
    return text.replace("    job: daily_growth_metrics\n", f"    job: [{jobs}]\n", 1)


def test_keeping_a_site_with_many_job_routes_fetches_none_of_them(tmp_path):
    """A pipeline with 300 job routes, served as Netlify does (`301` at each). Main: the
    save fetched every route (300 requests, each followed to the pipeline's page: 300
    more of it), and /offline/ counted them as pages. Now: none fetched, the pipeline's
    page once; the figures count pages only; the routes still open the pipeline offline."""
    from test_net55 import NetlifyRedirects
    from test_offline import h1, offline
    from test_tab_days import keep
    from urllib.parse import urlsplit
    root = example_copy(tmp_path / "site", {"content/pipelines.yaml": many_jobs})
    public = build_site(root, root / "public")
    route = "/pipelines/by-job/growth_part_0123/"
    assert (public / route.strip("/") / "index.html").is_file()
    listed = json.loads((public / "offline.json").read_text())
    assert not [e for e in listed["pages"] if "/by-job/" in e[0]], "job routes listed as pages"
    pages = len(listed["pages"]) + len(listed["index"]) + len(listed.get("diagrams", []))
    with chrome() as driver, serve(public, handler_class=NetlifyRedirects) as srv:
        controlled(driver, srv.url("/offline/"))
        size = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "keep-size").text)
        assert size.startswith(f"Saves {pages} "), (size, pages)
        srv.log.clear()
        keep(driver, "Saved ", timeout=120)
        WebDriverWait(driver, 120).until(lambda d: "…" not in d.find_element(By.ID, "keep-status").text)
        status = driver.find_element(By.ID, "keep-status").text
        assert status.startswith(f"Saved all {pages} "), status
        routes = [p for p in srv.log.paths() if p.startswith("/pipelines/by-job/")]
        assert not routes, f"{len(routes)} job routes fetched"
        assert len(srv.log.find("/pipelines/daily-growth/")) == 1, srv.log.find("/pipelines/daily-growth/")
        offline(driver)
        load(driver, srv.url(route))
        assert urlsplit(driver.current_url).path == "/pipelines/daily-growth/", driver.current_url
        assert "growth" in h1(driver).lower(), h1(driver)
