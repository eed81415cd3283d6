"""Scores the committed query set (queries.json) with pipebook's search alone, in headless
Chromium through the search page, as tests/browser/test_search.py runs it: top-1 and top-3
hit rates and the mean reciprocal rank of the expected page within the first 10 results,
by site and kind, and every query whose expected page is not first. Quicker than
bench/search_bench.py (no 10,000-runbook site), for tuning the ranking.

    python3 tests/search/score.py [--sites corpus,openshift] [--only SUBSTRING] [--out DIR] [--bin PIPEBOOK]
                                  [--pagefind PAGEFIND] [--ranks FILE] [--queries FILE]
    python3 tests/search/score.py --queries tests/search/blind33.json   # collections never tuned on
    python3 tests/search/score.py --ask 'openshift:pod crashlooping'

--pagefind also indexes each built site with that Pagefind binary and scores it on the same
output, in a table of its own; --ranks writes each query's rank (0: not in the first 10) by
engine as tab-separated lines, to compare two runs with `diff`.

Builds the sites with target/release/pipebook into DIR (default /dev/shm/pipebook-score;
removed at the end unless --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "tests" / "search"))

import sites  # noqa: E402
from conftest import chrome, serve  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

DEPTH = 10


def top_pages(driver, base: str, query: str) -> list[str]:
    """The first DEPTH result pages of the search page for `query`."""
    driver.get(base + "/search/?q=" + urllib.parse.quote(query))
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "search-status").text.strip())
    links = driver.find_elements(By.CSS_SELECTOR, "#search-results > li.result a.result-title")[:DEPTH]
    return [urllib.parse.urlsplit(a.get_attribute("href")).path for a in links]


def rank_of(q: dict, top: list[str]) -> int:
    """1-based rank of the first expected page among `top`, 0 when it is not there (the
    heading a query may name is not checked here: test_search.py checks it), compared
    percent-decoded, whichever way an engine writes a space in a folder name."""
    wanted = {urllib.parse.unquote(p) for p in q.get("pages") or [q["page"]]}
    return next((i for i, url in enumerate(top, 1) if urllib.parse.unquote(url) in wanted), 0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", help="the sites to score (default: every site of the query set)")
    ap.add_argument("--only", default="", help="queries whose text or `why` holds this")
    ap.add_argument("--out", default="/dev/shm/pipebook-score")
    ap.add_argument("--keep", action="store_true", help="keep the built sites")
    ap.add_argument("--bin", help="the pipebook binary (default target/release/pipebook)")
    ap.add_argument("--pagefind", help="score Pagefind too, with this binary, on the same output")
    ap.add_argument("--queries", default=str(REPO / "tests/search/queries.json"),
                    help="the query set (default: the committed one)")
    ap.add_argument("--ranks", help="write each query's rank by engine to this file")
    ap.add_argument("--ask", action="append", default=[], metavar="SITE:QUERY",
                    help="print the top results of this query instead (repeatable)")
    args = ap.parse_args()
    if args.bin:
        sites._pipebook = lambda: [args.bin]
    queries = json.loads(Path(args.queries).read_text())["queries"]
    names = args.sites.split(",") if args.sites else sorted({q["site"] for q in queries})
    queries = [q for q in queries
               if q["site"] in names and (args.only in q["query"] or args.only in q.get("why", ""))]
    if args.ask:
        queries = [{"site": a.split(":", 1)[0], "query": a.split(":", 1)[1], "page": "", "ask": True} for a in args.ask]
        names = sorted({q["site"] for q in queries})
    engines = {"pipebook": top_pages}
    if args.pagefind:
        engines["pagefind"] = pagefind_engine(args.pagefind)
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    tables: dict[str, dict[tuple[str, str], list[float]]] = {e: {} for e in engines}
    misses, ranks = [], []
    try:
        with ExitStack() as stack:
            outs = {n: sites.build(n, work) for n in names}
            if args.pagefind:
                for out in outs.values():
                    subprocess.run([args.pagefind, "--site", str(out), "--root-selector", "main",
                                    "--output-subdir", "pagefind", "--quiet"], check=True, capture_output=True)
                    allow_wasm(out)
            bases = {n: stack.enter_context(serve(out)).base_url for n, out in outs.items()}
            driver = stack.enter_context(chrome())
            for q in queries:
                row = [q["site"], q["query"]]
                for engine, top_of in engines.items():
                    top = top_of(driver, bases[q["site"]], q["query"])
                    if q.get("ask"):
                        print(f"{engine} {q['site']}:{q['query']!r}:", *top[:6], sep="\n  ")
                        continue
                    at = rank_of(q, top)
                    row.append(str(at))
                    count(tables[engine], q, at)
                    if at != 1 and engine == "pipebook":
                        misses.append(f"{q['site']}:{q['query']!r} -> rank {at or '>10'} "
                                      f"(want {(q.get('pages') or [q['page']])[0]}, got {top[:3]})")
                ranks.append("\t".join(row))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.ranks:
        Path(args.ranks).write_text("site\tquery\t" + "\t".join(engines) + "\n" + "".join(r + "\n" for r in ranks))
    for engine, table in tables.items():
        print(f"{engine}:\n")
        print("| site | kind | queries | top 1 | top 3 | MRR |")
        print("|---|---|---|---|---|---|")
        for (site, kind), (one, three, rr, n) in sorted(table.items()):
            print(f"| {site} | {kind} | {n} | {one} ({one / n:.0%}) | {three} ({three / n:.0%}) | {rr / n:.3f} |")
        print()
    for m in misses:
        print("not first:", m)


def count(table: dict, q: dict, at: int) -> None:
    """Adds a query's rank to the rows of its site and kind, its site, and all."""
    for key in [(q["site"], q.get("kind", "other")), (q["site"], "all"), ("all", "all")]:
        row = table.setdefault(key, [0, 0, 0.0, 0])
        row[0] += at == 1
        row[1] += 0 < at <= 3
        row[2] += 1 / at if at else 0
        row[3] += 1


def allow_wasm(out: Path) -> None:
    """The site's own `_headers` (which the test server sends too) lets Pagefind compile its
    WebAssembly: pipebook runs none, so its policy has no 'wasm-unsafe-eval'."""
    headers = out / "_headers"
    if headers.exists():
        text = headers.read_text()
        headers.write_text(text.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"))


def pagefind_engine(binary: str):
    """Pagefind's first DEPTH result pages, through bench/search_bench.py (which also lets
    the test server's Content-Security-Policy run Pagefind's WebAssembly)."""
    os.environ.setdefault("PAGEFIND", binary)
    sys.path.insert(0, str(REPO / "bench"))
    import search_bench

    return lambda driver, base, query: [r["url"] for r in search_bench.pagefind_top(driver, base, query)]


if __name__ == "__main__":
    main()
