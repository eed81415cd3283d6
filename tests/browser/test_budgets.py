"""Budgets that stay: a runbook's first load transfers at most 50 kB (every request until
the network is quiet, the service worker's install included, each body as gzip sends
it), of which at most 30 kB of JavaScript; the search client loads only on demand.
Measured in a fresh browser per page on the example runbooks and the corpus's largest,
served as Netlify serves them: every file `no-cache` with an ETag, so the worker's
install revalidates what the page already downloaded (a 304 without a body) rather than
downloading it again; the test checks that it does."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import RevalidatingHandler, build_site, chrome, copy_corpus, load, quiet, serve

PAGE_BUDGET = 50_000
JS_BUDGET = 30_000


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus-budget")
    copy_corpus(root / "content" / "runbooks")
    return build_site(root, root / "public")


def largest_runbooks(site: Path, n: int) -> list[str]:
    pages = sorted(site.glob("runbooks/*/*/index.html"), key=lambda p: p.stat().st_size, reverse=True)
    return ["/" + str(p.parent.relative_to(site)) + "/" for p in pages[:n]]


def gzipped(site: Path, path: str) -> int:
    file = site / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


def first_load(site: Path, path: str) -> tuple[list[tuple[str, int]], list[str], list[str]]:
    """Every body a fresh browser fetched for `path` (a file downloaded twice counts
    twice) with its gzip size, the paths answered `304 Not Modified`, and the paths
    fetched once the search box was focused."""
    with chrome() as drv, serve(site, handler_class=RevalidatingHandler) as srv:
        load(drv, srv.url(path))
        quiet(srv.log, seconds=1.5, timeout=30)
        fetched = [(r.path, gzipped(site, r.path)) for r in srv.log.entries if r.status == 200]
        revalidated = [r.path for r in srv.log.entries if r.status == 304]
        srv.log.clear()
        drv.find_element(By.ID, "search-input").click()
        srv.log.wait_for("/static/search.js")
        return fetched, revalidated, srv.log.paths()


@pytest.mark.parametrize("which", ["example", "corpus"])
def test_a_runbooks_first_load_fits_the_budgets(site_dir, corpus_site, which):
    site = site_dir if which == "example" else corpus_site
    paths = (["/runbooks/profit/aggregate-profit/", "/runbooks/growth/aggregate-growth/"] if which == "example"
             else largest_runbooks(corpus_site, 2))
    for path in paths:
        fetched, revalidated, on_focus = first_load(site, path)
        total = sum(n for _, n in fetched)
        js = sum(n for p, n in fetched if p.endswith(".js"))
        print(f"{path}: {total} bytes gzip in {len(fetched)} downloads, {js} of JavaScript: "
              f"{sorted(fetched)}; revalidated (304): {sorted(revalidated)}")
        paths = [p for p, _ in fetched]
        assert path in paths and "/static/site.js" in paths and "/sw.js" in paths, sorted(fetched)
        # The worker keeps what the page fetched by revalidating it (`cache: "no-cache"`):
        # a `reload` or a cache-busting query would download each a second time.
        for file in [path, "/static/site.js", "/static/style.css"]:
            assert paths.count(file) == 1, f"{file} downloaded {paths.count(file)} times: {sorted(fetched)}"
            assert file in revalidated, f"the worker did not revalidate {file}: {sorted(revalidated)}"
        assert total <= PAGE_BUDGET, f"{path}: {total} bytes"
        assert js <= JS_BUDGET, f"{path}: {js} bytes of JavaScript"
        assert not [p for p in fetched if "search" in p], "search loaded before it was used"
        assert "/static/search.js" in on_focus
