#!/usr/bin/env python3
"""Measures the idea "compress each head row once, concatenate the compressed pieces"
(issue 17.7, session 16) on a site already built, without changing the builder.
For the heads as built before session 43 (`h/<n>.bin`, gzip): since then they are plain
JSON (`h/<n>.json`) that the host compresses on the wire, and this finds none to rewrite.

    python3 bench/heads_once.py OUT [LEVEL]

Rewrites every `OUT/search/h/*.bin` in place: the file's own pieces (its terms, each
row's page number and front-coded URL, the closing `]}`) and each page's shared tail
(`,title,kind,lead]`, the same bytes in every head file that names the page) are each
raw-deflated on their own by zlib at LEVEL (1 by default) and ended with a full flush
(byte aligned, no reference across pieces), so a tail is compressed once for the whole
site; the pieces are concatenated after a gzip header, then a final empty block and the
trailer. The result is one ordinary gzip member. Every file is checked to decode (Python's
gzip and zlib, to the end of the stream) to exactly the bytes it held before. Prints the
heads' bytes before and after. Serve OUT to measure a first query's bytes
(`search_bench.py --first-query OUT`) or, through a `--bin` wrapper that builds then runs
this, `slow_network.py`. Leaves the builder's own cost unmeasured: see bench/README.
"""

import gzip
import os
import re
import struct
import sys
import zlib

ROW = re.compile(rb'(?:^|,)\[\d+,"')
ROW_OWN = re.compile(rb',?\[\d+,"(?:[^"\\]|\\.)*"')


def piece(raw: bytes, level: int) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(raw) + c.flush(zlib.Z_FULL_FLUSH)


def rewrite(raw: bytes, level: int, tails: dict) -> bytes:
    """`raw` (a head file's JSON) as concatenated pieces, its tails from `tails`."""
    rows_at = raw.index(b'"r":[') + 5
    parts = [piece(raw[:rows_at], level)]
    body = raw[rows_at:-2]
    starts = [m.start() for m in ROW.finditer(body)] + [len(body)]
    for a, b in zip(starts, starts[1:]):
        row = body[a:b]
        own = ROW_OWN.match(row).end()
        parts.append(piece(row[:own], level))
        tail = row[own:]
        if tail not in tails:
            tails[tail] = piece(tail, level)
        parts.append(tails[tail])
    parts.append(piece(raw[-2:], level))
    # A final empty fixed-Huffman block (10 bits), then CRC-32 and length. The builder would
    # combine the pieces' CRCs (crc32_combine); the whole file's CRC is the same number.
    trailer = b"\x03\x00" + struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"".join(parts) + trailer


def main() -> None:
    heads = os.path.join(sys.argv[1], "search", "h")
    level = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    tails: dict = {}
    before = after = 0
    for name in sorted(os.listdir(heads)):
        if not name.endswith(".bin"):
            sys.exit(f"error: {heads}/{name}: plain JSON heads (built since session 43), nothing to rewrite")
        path = os.path.join(heads, name)
        old = open(path, "rb").read()
        raw = gzip.decompress(old)
        new = rewrite(raw, level, tails)
        whole = zlib.decompressobj(31)
        if gzip.decompress(new) != raw or whole.decompress(new) != raw or not whole.eof or whole.unused_data:
            sys.exit(f"error: {path} does not decode to its bytes once rewritten")
        with open(path, "wb") as f:
            f.write(new)
        before, after = before + len(old), after + len(new)
    print(f"{heads}: {before:,} -> {after:,} bytes ({after / before:.2f}x), "
          f"{len(tails):,} tails compressed once; every file decodes to its bytes")


if __name__ == "__main__":
    main()
