#!/usr/bin/env python3
"""What the search index's texts (`search/f/<n>.json`, one file per page) would cost in
other layouts, from the queries a reader makes on a built site (issue 19.2: at 100,000
runbooks the fragments are 108,065 of the index's 131,697 files).

    PAGEFIND=... python3 bench/text_layouts.py OUT [QUERY ...]

OUT is a pipebook output folder (a generated site of 10,000 or 100,000 runbooks). Each
query is made twice in a fresh Chromium through the search client, from a runbook page,
as `search_bench.py --first-query` makes it: as the header's list asks (6 results,
compact: a fragment only for a result the heads do not hold) and as the search page asks
(20 results, a fragment each). The fragments each fetched are the data; nothing is
rebuilt. For each layout it prints the index's text files, the kernel's cost of writing
and removing them (the model below, measured on /dev/shm), and the bytes as written of the
texts that the queries fetch:

- `now`: a fragment per page;
- `bundle K`: K consecutive pages' fragments in one JSON list (a page's number gives its
  file and its place), fetched whole: a result's file brings K - 1 other pages;
- `rows Kr + texts Kt`: the header's list reads a page's row (URL, title, kind, lead,
  names: what it shows) from a file of Kr consecutive rows, and the search page its text
  from a file of Kt fragments;
- `range B`: fragments concatenated B pages a file, each fetched by an HTTP Range of its
  own bytes: the bytes of `now`, the files of `bundle B`, as if a page's offsets were in
  hand (they are not: see the next);
- `rows 8 + range B`: the rows of `rows 8` each with its text's file, offset and length,
  the texts as in `range B`: the search page reads its results' rows, then their texts a
  round trip later (2 s on Slow 3G). Both Range layouts need a host that answers Range
  (Netlify: not verified here), `pipebook serve` and the test servers too, and lose the
  texts offline (the service worker does not store 206 answers: `sw.js` passes Range
  requests by); and nothing is compressed on the way (a host compresses whole `.json`
  files, not ranges).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_bench import engine_requests  # noqa: E402

# The kernel's cost of a small file on /dev/shm (bench/README, session 17, branch idx:
# 108,000 files of 2.7 kB from one Python process, open/write/close, then removed).
WRITE_US_PER_FILE = 10.5
WRITE_US_PER_MB = 550.0
REMOVE_US_PER_FILE = 7.5

QUERIES = ["partition skew", "schema drift backfill", "disk full", "read timeout",
           "duplicate rows", "permission denied", "out of memory", "rollback",
           "late data", "null values"]

SEARCH_PAGE = """
const [q, n, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const s = document.createElement('script');
s.src = '/static/search.js';
s.setAttribute('data-index', '/search/');
// As the search page asks: every result with its fragment.
s.onload = () => window.pipebookSearch.results(q, {}, n, false, false)
  .then(r => done({results: r.items.map(i => i.url)}))
  .catch(e => done({error: String(e)}));
document.head.appendChild(s);
"""
HEADER = SEARCH_PAGE.replace("n, false, false)", "n, false, true, () => {})")


def fetched(out: Path, page: str, script: str, q: str, n: int) -> list[int]:
    """The pages whose fragments one first query fetched."""
    _, mine = engine_requests(out, page, "pipebook", script, q, n)
    return sorted(int(e.path.rsplit("/", 1)[1].split(".")[0]) for e in mine if "/search/f/" in e.path)


def main() -> None:
    out = Path(sys.argv[1])
    queries = sys.argv[2:] or QUERIES
    f = out / "search" / "f"
    count = len(list(f.iterdir()))
    sizes = [0] * count
    rows = [0] * count
    for n in range(count):
        raw = (f / f"{n}.json").read_bytes()
        sizes[n] = len(raw)
        d = json.loads(raw)
        row = [n, d["u"], d["t"], d["k"], d["l"]] + ([d["n"]] if "n" in d else [])
        rows[n] = len(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
    page = next(p for p in (out / "runbooks").rglob("index.html") if p.parent.parent != out / "runbooks")
    page = "/" + str(page.parent.relative_to(out)) + "/"
    asked = []
    for q in queries:
        header, full = fetched(out, page, HEADER, q, 6), fetched(out, page, SEARCH_PAGE, q, 20)
        asked.append((q, header, full))
        print(f"{q}: header {len(header)} fragments, search page {len(full)}", file=sys.stderr)

    def bundle_bytes(ids: list[int], k: int, each: list[int]) -> int:
        files = {i // k for i in ids}
        return sum(sum(each[j] for j in range(b * k, min(count, (b + 1) * k))) + 1 + k for b in files)

    zipped: dict[tuple[int, int], int] = {}

    def wire(ids: list[int], k: int) -> int:
        """The bytes on the wire of the text files of `ids`, `k` fragments a file, as a
        host that compresses JSON sends them (gzip 6, as slow_network.py's server)."""
        total = 0
        for b in {i // k for i in ids}:
            if (k, b) not in zipped:
                raw = b"[" + b",".join((f / f"{j}.json").read_bytes() for j in range(b * k, min(count, (b + 1) * k))) + b"]"
                zipped[(k, b)] = len(gzip.compress(raw if k > 1 else raw[1:-1], 6))
            total += zipped[(k, b)]
        return total

    def cost(files: int, total: int) -> str:
        write = files * WRITE_US_PER_FILE / 1e6 + total / 1e6 * WRITE_US_PER_MB / 1e6
        return f"{write:.2f} + {files * REMOVE_US_PER_FILE / 1e6:.2f}"

    total = sum(sizes)
    layouts = [("now", count, lambda ids: sum(sizes[i] for i in ids), lambda ids: sum(sizes[i] for i in ids), total)]
    for k in (2, 4, 8):
        layouts.append((f"bundle {k}", -(-count // k), lambda ids, k=k: bundle_bytes(ids, k, sizes),
                        lambda ids, k=k: bundle_bytes(ids, k, sizes), total))
    for kr, kt in ((8, 1), (8, 2), (16, 2), (8, 4), (16, 4)):
        layouts.append((f"rows {kr} + texts {kt}", -(-count // kr) + -(-count // kt),
                        lambda ids, kr=kr: bundle_bytes(ids, kr, rows),
                        lambda ids, kt=kt: bundle_bytes(ids, kt, sizes), total + sum(rows)))
    layouts.append(("range 1,000", -(-count // 1000), lambda ids: sum(sizes[i] for i in ids),
                    lambda ids: sum(sizes[i] for i in ids), total))
    # Each row with its text's file, offset and length (about 12 bytes more): the search
    # page reads the rows of its results, then each text by a Range, a round trip later.
    rows_at = [r + 12 for r in rows]
    layouts.append(("rows 8 + range 1,000", -(-count // 8) + -(-count // 1000),
                    lambda ids: bundle_bytes(ids, 8, rows_at),
                    lambda ids: bundle_bytes(ids, 8, rows_at) + sum(sizes[i] for i in ids), total + sum(rows_at)))
    print(f"{count:,} pages, fragments {total / 1e6:.1f} MB (mean {total / count:.0f} B, rows {sum(rows) / count:.0f} B)\n")
    print("| layout | text files | kernel s (write + removal) | header: texts' bytes, max / mean "
          "| search page: texts' bytes, max / mean |")
    print("| --- | ---: | ---: | ---: | ---: |")
    per_file = {"now": 1, "bundle 2": 2, "bundle 4": 4, "bundle 8": 8}
    for name, files, head, page_bytes, written in layouts:
        h = [head(a[1]) for a in asked]
        p = [page_bytes(a[2]) for a in asked]
        print(f"| {name} | {files:,} | {cost(files, written)} | {max(h):,} / {sum(h) // len(h):,} "
              f"| {max(p):,} / {sum(p) // len(p):,} |")
    print("\nThe search page's texts on the wire (gzip 6 per file), mean over the queries:")
    for name, k in per_file.items():
        print(f"- {name}: {sum(wire(a[2], k) for a in asked) // len(asked):,} bytes")


if __name__ == "__main__":
    main()
