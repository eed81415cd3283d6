#!/usr/bin/env python3
"""A runbook opened on a phone on a slow network: first contentful paint, when the first
step's text is laid out, and the bytes that came before it.

    python3 bench/slow_phone.py PUBLIC PATH [PATH...]

Serves PUBLIC (a built site) on 127.0.0.1 with gzip, as Netlify sends text, and opens
each PATH in headless Chromium at 390 px under DevTools' network emulation (400 kbit/s
both ways, 400 ms round trip; PIPEBOOK_KBPS and PIPEBOOK_RTT change them), a fresh
browser and no service worker per page, three runs each; prints the median.
"""
from __future__ import annotations

import gzip
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from conftest import _Handler, chrome, serve, set_width  # noqa: E402

KBPS = float(os.environ.get("PIPEBOOK_KBPS", "400"))
RTT = float(os.environ.get("PIPEBOOK_RTT", "400"))

# Records when the first step (or, without one, the first list item or paragraph of the
# article) has a box with text in it, polled every frame from the document's start.
PROBE = """(() => { const t0 = performance.now(); const look = () => {
  const el = document.getElementById('steps.1') || document.querySelector('article ol li, article p');
  if (el && el.getBoundingClientRect().height > 0 && el.textContent.trim()) { window.__step = performance.now(); return; }
  requestAnimationFrame(look); }; requestAnimationFrame(look); })();"""


class Gzip(_Handler):
    """Text answered gzip-compressed when the browser accepts it."""

    def do_GET(self):  # noqa: N802
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        text = ctype.startswith(("text/", "application/json", "application/javascript", "image/svg"))
        if not os.path.isfile(path) or not text or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def once(url: str) -> dict:
    with chrome(service_worker=False) as d:
        set_width(d, 390, 844)
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        rate = KBPS * 1000 / 8
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": RTT, "downloadThroughput": rate, "uploadThroughput": rate})
        d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        d.get(url)
        d.execute_async_script("const done = arguments[0]; (function w() { window.__step ? setTimeout(done, 3000) : setTimeout(w, 50); })();")
        return d.execute_script("""
          const fcp = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime;
          const nav = performance.getEntriesByType('navigation')[0];
          const step = window.__step;
          const res = performance.getEntriesByType('resource');
          const before = t => nav.transferSize + res.filter(r => r.responseEnd <= t).reduce((a, r) => a + r.transferSize, 0);
          return {fcp, step, html: nav.transferSize, html_body: nav.decodedBodySize, html_end: nav.responseEnd,
                  before_step: before(step), blocking: res.filter(r => r.renderBlockingStatus === 'blocking').map(r => r.name),
                  later: res.map(r => [r.name.replace(location.origin, ''), Math.round(r.responseEnd), r.transferSize])};""")


def main() -> None:
    public, paths = Path(sys.argv[1]), sys.argv[2:]
    with serve(public, handler_class=Gzip) as srv:
        for path in paths:
            runs = [once(srv.url(path)) for _ in range(3)]
            med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
            print(f"{path}: FCP {med('fcp'):.0f} ms, first step laid out {med('step'):.0f} ms, "
                  f"HTML {runs[0]['html']} B on the wire ({runs[0]['html_body']} B), "
                  f"bytes before the step {runs[0]['before_step']}, render-blocking {runs[0]['blocking']}")
            print(f"  then: {runs[0]['later']}")


if __name__ == "__main__":
    main()
