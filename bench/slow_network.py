#!/usr/bin/env python3
"""A runbook on a bad network: headless Chromium throttled to "Slow 3G" (2 s round trip,
50 kB/s each way, DevTools' network emulation), cold cache, fresh profile per run.

    python3 bench/slow_network.py [--runs N] [--bin PATH] [--latency MS] [--kbps KB]
        [--generated N,N,...] [--content N=DIR] [--only example,corpus,gN]

Builds the example site, the prometheus-operator corpus (../shared/corpora) and sites of
N runbooks from bench/gen_site.py (10,000 by default; 0 leaves them out; `--content`
reuses a tree gen_site.py wrote) with
target/release/pipebook into a fresh folder under /dev/shm, serves each as Netlify does
(gzip when asked, `Cache-Control: public, max-age=0, must-revalidate` with ETags, so a
second visit revalidates every file), and measures, medians of N runs (3 by default):

- runbook readable: first contentful paint, and the largest contentful paint, from the
  start of navigation, cold; the layout shift of the load (until 2 s after the on-call
  box is filled in); the same paints on a second visit (HTTP cache, the worker not yet
  in charge) and on a third once the service worker controls the page. DevTools throttles
  a page's requests but not its service worker's, so until that third visit the page's
  requests bypass the worker: what a first visit gets before the worker runs;
- first search result from the header box, on a phone's screen (390 x 844): from the
  first key typed (right after focusing the box, with the page loaded) to the first
  result shown with its text (title and lead: the words' heads hold them, or on a small
  site meta.json), and to the moment every result on the first screen of the complete
  list had been shown with its text ("first screen"), cold (nothing of
  search fetched), and warm (client and list of shards fetched by an earlier query; the
  new word's texts are not, nor on the generated site its shard), typed once the first
  query's texts are in. The warm query and the second visit start once the requests
  before them are over: the test server speaks HTTP/1.1, whose six connections per host
  the texts of six results hold for a round trip (a request then waits for one, a round
  trip more; Netlify speaks HTTP/2).

Prints one line per figure with its budget (issue 16: readable 2.6 s, search 5 s cold and
2.2 s warm, layout shift 0.02) and OVER where it misses; exits 1 if any figure misses.
Needs Chromium, chromedriver and selenium (tests/browser/install.sh installs them).
"""

import argparse
import email.utils
import gzip
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "prometheus-operator-runbooks" / "content" / "runbooks"
sys.path.insert(0, str(REPO / "tests" / "browser"))

BUDGETS = {"readable": 2.6, "search cold": 5.0, "search warm": 2.2, "layout shift": 0.02,
           "search cold, first screen": 5.0, "search warm, first screen": 2.2}
# (site, runbook, cold query, warm query): the corpus's warm word lies in the other of
# its two shards (`throttling` after `prometheusnotconnectedtoalertmanagers`), so its
# warm query fetches a shard and its page table; the example's index is one shard.
CASES = [
    ("example", "/runbooks/profit/aggregate-profit/", "validation", "engagement"),
    ("corpus", "/runbooks/etcd/etcdHighFsyncDurations/", "fsync", "throttling"),
]
# The generated sites (their first runbook page): words of other shards; their index is
# too large to come with meta.json, so the warm query fetches its words' heads (1-2 kB
# each), then their shards.
GENERATED = ("generated", None, "partition skew", "schema drift")


class Netlifyish(SimpleHTTPRequestHandler):
    """Static files as Netlify sends them: gzip, revalidation, ETags."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".json": "application/json", ".svg": "image/svg+xml",
                      ".webmanifest": "application/manifest+json"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        ctype = self.guess_type(str(path))
        if "gzip" in self.headers.get("Accept-Encoding", "") and not str(path).endswith(".bin"):
            body = gzip.compress(body, 6)
            encoded = True
        else:
            encoded = False
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
        self.send_header("Date", email.utils.formatdate(usegmt=True))
        self.end_headers()
        from io import BytesIO
        return BytesIO(body)

    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = lambda *a, **k: Netlifyish(*a, directory=str(directory), **k)  # noqa: E731
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def build(binary: Path, root: Path, out: Path) -> Path:
    subprocess.run([str(binary), "build", "--root", str(root), "--output", str(out)],
                   check=True, capture_output=True)
    return out


def throttle(drv, latency_ms: int, kbps: int) -> None:
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms,
        "downloadThroughput": kbps * 1024, "uploadThroughput": kbps * 1024})


PAINTS = """
const done = arguments[arguments.length - 1];
let lcp = 0, cls = 0;
new PerformanceObserver(l => { for (const e of l.getEntries()) lcp = Math.max(lcp, e.startTime); })
  .observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
let fcp = 0;
new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') fcp = e.startTime; })
  .observe({type: 'paint', buffered: true});
const wait = () => document.querySelector('[data-oncall]') && !document.querySelector('[data-oncall][data-live]');
const nav = () => performance.getEntriesByType('navigation')[0] || {};
const finish = () => setTimeout(() => done({fcp: fcp / 1000, lcp: lcp / 1000, cls,
  request: nav().requestStart / 1000, response: nav().responseStart / 1000}), 2000);
const poll = () => wait() ? setTimeout(poll, 100) : finish();
poll();
"""

# Types `query` into the header box and reports the seconds from the first key to the
# first result shown with its text (a MutationObserver in the page, so the driver's delays
# do not count). It goes on recording, at each change of the list, the titles shown with
# a text (`window.shownLog`), for SCREEN.
SEARCH = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const box = document.getElementById('search-input'), popup = document.getElementById('search-popup');
let start = 0, reported = false;
window.shownLog = [];
if (window.shownObserver) window.shownObserver.disconnect();
window.shownObserver = new MutationObserver(() => {
  if (!start) return;
  const withText = Array.from(popup.querySelectorAll('.result'))
    .filter(r => (r.querySelector('.excerpt') || {}).textContent)
    .map(r => r.querySelector('a.result-title').textContent);
  window.shownLog.push({t: (performance.now() - start) / 1000, titles: withText});
  if (!reported && withText.length) { reported = true; done((performance.now() - start) / 1000); }
});
window.shownObserver.observe(popup, {childList: true, subtree: true});
box.focus();
start = performance.now();
box.value = query;
box.dispatchEvent(new Event('input', {bubbles: true}));
setTimeout(() => done(-1), 60000);
"""


# The results on the first screen of the list once it is complete (each one's title),
# and when each list with text was shown.
SCREEN = """
window.shownObserver.disconnect();
const popup = document.getElementById('search-popup');
const bottom = Math.min(popup.getBoundingClientRect().bottom, innerHeight);
return {log: window.shownLog, visible: Array.from(popup.querySelectorAll('.result'))
  .filter(r => r.getBoundingClientRect().top < bottom - 24).map(r => r.querySelector('a.result-title').textContent)};
"""


def first_screen(drv) -> float:
    """Seconds from the first key until every result on the first screen of the complete
    list was shown with its text (-1 if never)."""
    seen = drv.execute_script(SCREEN)
    want = set(seen["visible"])
    return next((e["t"] for e in seen["log"] if want and want <= set(e["titles"])), -1)


# A phone's screen (issue 16's 390 x 844) for the search figures.
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def settle(drv) -> None:
    """Waits for the texts of the results and any answer card, then for no request to end
    for more than two round trips: what the page fetched is in before the next visit."""
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(drv, 60).until(lambda d: d.execute_script(
        "return document.getElementById('search-popup').getAttribute('aria-busy') !== 'true'"))
    count, since = -1, time.monotonic()
    while time.monotonic() - since < 4.5:
        now = drv.execute_script("return performance.getEntriesByType('resource').length")
        if now != count:
            count, since = now, time.monotonic()
        time.sleep(0.2)


def measure(chrome, url: str, cold_q: str, warm_q: str, latency: int, kbps: int) -> dict:
    from selenium.webdriver.support.ui import WebDriverWait
    out = {}
    with chrome() as drv:
        drv.set_script_timeout(90)
        drv.set_page_load_timeout(90)
        throttle(drv, latency, kbps)
        # A headless window does not have the focus, so `box.focus()` below would move
        # the caret without a `focus` event, the one that loads search.js (Chromium 156):
        # the page behaves as the front window a reader types into.
        drv.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})
        # DevTools throttles the page's requests, not the service worker's own: until the
        # worker's turn below, the page goes round it, as on a first visit before it runs.
        drv.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
        drv.get(url)
        first = drv.execute_async_script(PAINTS)
        out.update({"readable": first["fcp"], "largest paint": first["lcp"], "layout shift": first["cls"]})
        drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        out["search cold"] = drv.execute_async_script(SEARCH, cold_q)
        settle(drv)
        out["search cold, first screen"] = first_screen(drv)
        drv.execute_script("document.getElementById('search-input').value = ''")
        out["search warm"] = drv.execute_async_script(SEARCH, warm_q)
        settle(drv)
        out["search warm, first screen"] = first_screen(drv)
        drv.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        # A second visit: the HTTP cache revalidates every file (one round trip each).
        drv.get(url)
        second = drv.execute_async_script(PAINTS)
        out["readable, second visit"] = second["fcp"]
        # When the page's request left, and its first byte came: a second visit slower than
        # a round trip or two is told apart (waiting to be sent, or for the server).
        out["second visit, request sent"] = second["request"]
        out["second visit, first byte"] = second["response"]
        # Once the service worker controls the page, it answers from its cache.
        drv.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": False})
        drv.get(url)
        WebDriverWait(drv, 60).until(lambda d: d.execute_script("return !!navigator.serviceWorker.controller"))
        drv.get(url)
        out["readable, worker"] = drv.execute_async_script(PAINTS)["fcp"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "pipebook"))
    ap.add_argument("--latency", type=int, default=2000, help="round trip added per request, ms")
    ap.add_argument("--kbps", type=int, default=50, help="kB/s each way")
    ap.add_argument("--generated", default="10000",
                    help="runbooks of the generated sites, comma-separated (0: none)")
    ap.add_argument("--content", action="append", default=[], metavar="N=DIR",
                    help="the generated site of N runbooks is already in DIR (gen_site.py's output)")
    ap.add_argument("--only", default="", help="comma-separated sites to measure (example, corpus, g<N>)")
    args = ap.parse_args()
    roots = dict(c.split("=", 1) for c in args.content)
    only = set(filter(None, args.only.split(",")))
    binary = Path(args.bin)
    if not binary.exists():
        sys.exit(f"error: no {binary}; run `cargo build --release` first")
    from conftest import chrome  # the tests' Chromium: headless, fresh profile, no network
    work = Path(tempfile.mkdtemp(prefix="pipebook-slow-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    try:
        corpus_root = work / "corpus"
        shutil.copytree(CORPUS, corpus_root / "content" / "runbooks")
        stray = corpus_root / "content" / "runbooks" / "prometheus-operator" / "PrometheusOperatorSyncFailed"
        stray.unlink(missing_ok=True)
        sites, cases = {}, []
        for case in CASES:
            if not only or case[0] in only:
                root = REPO if case[0] == "example" else corpus_root
                sites[case[0]] = build(binary, root, work / f"{case[0]}-public")
                cases.append(case)
        for n in [int(n) for n in args.generated.split(",") if int(n)]:
            name = f"g{n}"
            if only and name not in only:
                continue
            gen = Path(roots[str(n)]) if str(n) in roots else work / name
            if str(n) not in roots:
                subprocess.run([sys.executable, str(REPO / "bench" / "gen_site.py"), str(gen),
                                "--runbooks", str(n)], check=True, capture_output=True)
            out = build(binary, gen, work / f"{name}-public")
            sites[name] = out
            page = next(p for p in sorted((out / "runbooks").rglob("index.html"))
                        if len(p.relative_to(out).parts) == 5)
            cases.append((name, "/" + str(page.parent.relative_to(out)) + "/", *GENERATED[2:]))
        failed = False
        print(f"Slow network: {args.latency} ms round trip, {args.kbps} kB/s; medians of {args.runs} runs")
        for name, page, cold_q, warm_q in cases:
            httpd = serve(sites[name])
            url = f"http://127.0.0.1:{httpd.server_port}{page}"
            runs = [measure(chrome, url, cold_q, warm_q, args.latency, args.kbps) for _ in range(args.runs)]
            httpd.shutdown()
            for key in runs[0]:
                values = [r[key] for r in runs]
                med = statistics.median(values)
                budget = BUDGETS.get(key)
                unit = "" if key == "layout shift" else " s"
                verdict = ""
                if budget is not None:
                    over = med > budget or min(values) < 0
                    failed |= over
                    verdict = f"  (budget {budget}{unit}){'  OVER' if over else ''}"
                spread = ", ".join(f"{v:.3f}" if key == "layout shift" else f"{v:.2f}" for v in values)
                shown = f"{med:.3f}" if key == "layout shift" else f"{med:.2f}"
                print(f"{name:9} {page[:42]:42} {key:24} {shown}{unit}  [{spread}]{verdict}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
