#!/usr/bin/env python3
"""A large page on 2G: does it render as it arrives, and what does the reader get first?

    python3 bench/two_g.py [--bin PATH] [--content DIR] [--runbooks N] [--runs N]
        [--latency MS] [--kbps KB] [--pages /,/pipelines/,/runbooks/]

Builds a site of N runbooks (bench/gen_site.py, 10,000 by default: its home and
/pipelines/ are about 250 kB) with PATH, serves it as slow_network.py does (gzip, ETags),
and opens each page cold in headless Chromium throttled to "2G" (800 ms round trip,
35 kB/s each way: WebPageTest's 2G profile) on a phone's screen (390 x 844). For each,
the medians of N runs (3 by default), from the start of navigation: the header's search
box parsed, first contentful paint, the footer parsed (the whole HTML in), DOMContentLoaded
(site.js, deferred, has run: the search box's suggestions, the phone's menu button, the
"on call now" box), load; when the menu button was shown and answered a tap (`tap`:
from the first paint since session 46, before site.js); and the page's bytes, as written
and as sent.
"""

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from slow_network import build, serve, throttle  # noqa: E402

# Times (ms from navigation start) at which elements were parsed, from a MutationObserver
# installed before the page's first byte.
WATCH = """
window.__seen = {};
new MutationObserver(function () {
  var s = window.__seen, t = performance.now();
  [["search", "#search-input"], ["main", "main#main > *"], ["footer", ".site-footer"]].forEach(function (w) {
    if (!(w[0] in s) && document.querySelector(w[1])) s[w[0]] = t;
  });
  var menu = document.getElementById("pipebook-menu");
  if (!("menu" in s) && menu && !menu.hidden) s.menu = t;
  // Shown and answering a tap (session 46: before site.js, head.js opens the header's links).
  if (!("tap" in s) && menu && getComputedStyle(menu).visibility === "visible" && menu.getClientRects().length) s.tap = t;
}).observe(document, { childList: true, subtree: true, attributes: true });
"""

RESULT = """
const done = arguments[arguments.length - 1];
const nav = performance.getEntriesByType("navigation")[0];
const fcp = performance.getEntriesByName("first-contentful-paint")[0];
done(Object.assign({}, window.__seen, {
  fcp: fcp ? fcp.startTime : -1, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
  bytes: nav.transferSize}));
"""


def measure(chrome, url: str, latency: int, kbps: int) -> dict:
    with chrome(service_worker=False) as drv:
        drv.set_window_size(390, 844)
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
        throttle(drv, latency, kbps)
        drv.set_page_load_timeout(120)
        drv.get(url)
        return drv.execute_async_script(RESULT)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "pipebook"))
    ap.add_argument("--content", help="a tree gen_site.py wrote (else one is generated)")
    ap.add_argument("--runbooks", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latency", type=int, default=800)
    ap.add_argument("--kbps", type=int, default=35)
    ap.add_argument("--pages", default="/,/pipelines/,/runbooks/")
    args = ap.parse_args()
    from conftest import chrome
    work = Path(tempfile.mkdtemp(prefix="pipebook-2g-", dir="/dev/shm"))
    gen = Path(args.content) if args.content else work / "gen"
    if not args.content:
        subprocess.run([sys.executable, str(REPO / "bench" / "gen_site.py"), str(gen),
                        "--runbooks", str(args.runbooks)], check=True, capture_output=True)
    out = build(Path(args.bin), gen, work / "public")
    httpd = serve(out)
    print(f"2G: {args.latency} ms round trip, {args.kbps} kB/s; medians of {args.runs} runs, ms")
    keys = ("search", "fcp", "main", "tap", "menu", "footer", "dcl", "load")
    print(f"{'page':14} {'bytes (gzip)':>16} " + " ".join(f"{k:>7}" for k in keys))
    for page in args.pages.split(","):
        raw = (out / page.lstrip("/") / "index.html").read_bytes()
        runs = [measure(chrome, f"http://127.0.0.1:{httpd.server_port}{page}", args.latency, args.kbps)
                for _ in range(args.runs)]
        med = {k: statistics.median(r.get(k, -1) for r in runs) for k in keys}
        size = f"{len(raw) // 1000} kB ({len(gzip.compress(raw, 6)) // 1000} kB)"
        print(f"{page:14} {size:>16} " + " ".join(f"{med[k]:7.0f}" for k in keys))
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
