#!/usr/bin/env python3
"""Where the bytes of the search index's heads (`search/h/*.json`) go, and what a layout
the browser could find without a list would save.

    python3 bench/heads_rows.py OUTPUT [--group 12,24,48]

OUTPUT is a built site (`pipebook build --output OUTPUT`) large enough to have heads (more
than 256 pages). Prints the heads' raw (uncompressed) bytes split into the terms' part and
the rows; how many head files each page's row is written into; the row instances and
bytes by the number of pages of the term that names them (1, 2, 3-6, 7 or more) and for
terms without a letter (numbers); and, for files of K terms, the distinct rows a file
would hold with the terms dealt out by hash (as now: at random) and in sorted order (each
file a range of terms, which the client could find from bounds like the shards').
Standard library only.
"""

import argparse
import collections
import gzip
import json
import random
import re
import statistics
import sys
from pathlib import Path


def compact(value) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--group", default="12,24,48")
    args = parser.parse_args()
    files = sorted((args.output / "search" / "h").glob("*.json"))
    if not files:
        print(f"{args.output}: no search/h/*.json (a small site has no heads)", file=sys.stderr)
        return 1
    terms, row_bytes = [], {}
    term_part = rows_part = 0
    for f in files:
        raw = f.read_bytes()
        head = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        term_part += compact(head["t"])
        rows_part += compact(head["r"])
        for row in head["r"]:
            row_bytes[row[0]] = compact(row)
        # The rows a term names: its first best pages that have a row in its file.
        held = {row[0] for row in head["r"]}
        for term, pages, best in head["t"]:
            named = [p for p in best[0::2] if p in held][:6]
            terms.append((term, pages, named))
    print(f"{len(files)} head files, {len(terms)} terms, {len(row_bytes)} pages with a row")
    print(f"raw bytes: terms {term_part:,}, rows {rows_part:,} "
          f"({rows_part / (term_part + rows_part):.0%} rows)")
    per_page = collections.Counter(p for _, _, named in terms for p in named)
    counts = sorted(per_page.values(), reverse=True)
    print(f"files a page's row is in: mean {statistics.mean(counts):.1f}, "
          f"median {statistics.median(counts)}, most {counts[:5]}")
    instances, nbytes = collections.Counter(), collections.Counter()
    for term, pages, named in terms:
        kind = "1" if pages == 1 else "2" if pages == 2 else "3-6" if pages <= 6 else "7+"
        keys = [kind] + (["numbers"] if not re.search(r"[^\W\d_]", term) else [])
        for key in keys:
            instances[key] += len(named)
            nbytes[key] += sum(row_bytes.get(p, 0) for p in named)
    total = sum(nbytes[k] for k in ("1", "2", "3-6", "7+"))
    for key in ("1", "2", "3-6", "7+", "numbers"):
        label = "numbers (no letter)" if key == "numbers" else f"terms on {key} pages"
        print(f"  {label:>20}: {instances[key]:>7,} rows, "
              f"{nbytes[key]:>11,} bytes ({nbytes[key] / max(total, 1):.0%})")

    def distinct(groups):
        rows = size = 0
        for group in groups:
            pages = {p for _, _, named in group for p in named}
            rows += len(pages)
            size += sum(row_bytes.get(p, 0) for p in pages)
        return rows, size

    shuffled = terms[:]
    random.Random(1).shuffle(shuffled)
    ordered = sorted(terms)
    for k in (int(x) for x in args.group.split(",")):
        cut = lambda ts: [ts[i:i + k] for i in range(0, len(ts), k)]
        (hr, hb), (sr, sb) = distinct(cut(shuffled)), distinct(cut(ordered))
        print(f"{k} terms a file: by hash {hr:,} rows {hb:,} bytes; "
              f"sorted ranges {sr:,} rows {sb:,} bytes ({sb / hb - 1:+.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
