"""A phone on a bad network at 3 a.m., an old phone, session 60.

1. A deploy's worker that installs while the network drops (the browser fetched its
   `sw.js`, then the signal went: a tunnel, a lift): the install kept none of the shell
   and succeeded all the same, took over, and deleted the previous build's cache. Offline
   from then on, the saved runbook opened without its stylesheet and its scripts (no
   menu, no search), and a page never saved opened the browser's error page, not
   `/offline/`. Now an update whose shell did not all come fails, the previous worker
   stays with its whole cache, and the next page with the network whole installs it.
2. A browser without DecompressionStream (Safari before 16.4, Firefox before 113) whose
   worker could not load fflate's gunzip (`static/search-inflate.js`, fetched once, at its
   first start, on a network that dropped it) kept every shard of the index unread: a
   shard cut short during "Keep runbooks offline" was kept, the save said "Saved all", and
   offline the words of that shard were missing. Now a save checks each index file and
   diagram module against the size `offline.json` lists for it, whatever the browser.
3. The phone's menu at 200 % text on a 320 px phone opened scrolled to the page's entry,
   the site's links (On call, Pipelines, Runbooks, ...) above the view with nothing to say
   they were there, and broke the tree's names mid-word ("Engage|ment", "(Aggreg|ate"):
   the drawer was 88 % of the screen, each level of the tree indented by 35 px. Now it
   opens at its top when the entry is on its first screen, the drawer takes the width,
   its site links share rows and the tree indents by 24 px: no word is broken.
4. A file beside a runbook (an image, a PDF: in no size list) cut short on its way was
   saved, and offline it opened broken. Now the worker saves an image or a PDF only when
   it ends as its format does (PNG's IEND, a PDF's %%EOF, ...).
"""

from __future__ import annotations

import random
import shutil
import struct
import zlib
from urllib.parse import urlsplit

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, _Handler, build_site, chrome, example_copy, load, screenshot, serve, set_width
from test_net58 import CutFile
from test_net59 import CACHED, SHARD, press_keep
from test_offline import cache_keys, h1, wait_active, worker_state


class Dropping(_Handler):
    """A network that drops: while DROP is set, every request but those for PASS has its
    connection closed unanswered (the browser's fetch fails)."""
    DROP = False
    PASS = ("/sw.js", "/static/style.css")

    def _dropped(self) -> bool:
        if Dropping.DROP and urlsplit(self.path).path not in Dropping.PASS:
            self.close_connection = True
            return True
        return False

    def do_GET(self):  # noqa: N802 (stdlib name)
        if not self._dropped():
            super().do_GET()

    def do_HEAD(self):  # noqa: N802 (stdlib name)
        if not self._dropped():
            super().do_HEAD()


# Asks the browser for the worker's update and resolves to how the new worker ended:
# "activated" (it took over), "redundant" (its install failed), or "none" (no update).
UPDATE = """const done = arguments[arguments.length - 1];
navigator.serviceWorker.getRegistration().then(r => r.update().then(() => {
  const w = r.installing || r.waiting;
  if (!w) return "none";
  return new Promise(res => {
    const end = () => { if (w.state === "activated" || w.state === "redundant") res(w.state); };
    w.addEventListener("statechange", end);
    end();
  });
})).then(done, e => done(String(e)));"""

# Whether the page's style.css was read (its rules are there).
STYLED = """const l = [...document.querySelectorAll('link[rel=stylesheet]')].find(l => /static\\/style\\.css/.test(l.href));
try { return !!(l && l.sheet && l.sheet.cssRules.length > 0); } catch (e) { return false; }"""


def redeploy(site, version: str) -> str:
    """A deploy whose worker is a new build's: `sw.js` with another VERSION. Returns it."""
    sw = site / "sw.js"
    text = sw.read_text(encoding="utf-8")
    other = version[:-1] + ("a" if version[-1] != "a" else "b")
    assert text.count(f'"{version}"') == 1, "sw.js names its VERSION once"
    sw.write_text(text.replace(f'"{version}"', f'"{other}"'), encoding="utf-8")
    return other


def build_caches(drv) -> dict[str, list[str]]:
    return {n: [urlsplit(u).path for u in ks] for n, ks in cache_keys(drv).items() if n.startswith("pipebook-build-")}


def test_an_update_installed_while_the_network_drops_keeps_the_previous_shell(site_dir, tmp_path):
    """Main: the new build's worker, its shell lost to a dropping network, went on to
    "activated" and deleted the previous build's cache: offline the saved runbook opened
    unstyled, with no script, and a page never saved opened Chromium's error page. Now
    its install fails ("redundant"), the previous worker answers from its whole cache,
    and with the network back the next page installs the new build whole."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    with serve(site, handler_class=Dropping) as srv, chrome() as drv:
        load(drv, srv.url("/"))
        wait_active(drv)
        load(drv, srv.url(PAGES["runbook"]))
        WebDriverWait(drv, 20).until(lambda d: d.execute_script(STYLED))
        (old,) = build_caches(drv)
        assert "/static/style.css" in build_caches(drv)[old], build_caches(drv)
        new = redeploy(site, old.removeprefix("pipebook-build-"))
        Dropping.DROP = True
        try:
            ended = drv.execute_async_script(UPDATE)
            # Base: "activated", and the previous build's cache deleted.
            assert ended == "redundant", (ended, worker_state(drv), build_caches(drv))
            assert "/static/style.css" in build_caches(drv).get(old, []), build_caches(drv)
            # Still no network: the saved runbook is read with its stylesheet and scripts.
            load(drv, srv.url(PAGES["runbook"]))
            WebDriverWait(drv, 20).until(lambda d: d.execute_script(STYLED), message="the runbook came unstyled")
            WebDriverWait(drv, 20).until(lambda d: d.execute_script(
                "return document.documentElement.hasAttribute('data-menu')"), message="site.js did not run")
            # A page never saved opens /offline/ (base: Chromium's error page).
            load(drv, srv.url(PAGES["engineers"]))
            assert h1(drv) == "Offline reading"
        finally:
            Dropping.DROP = False
        # The network back: the next page installs the new build, whole.
        srv.log.clear()
        load(drv, srv.url(PAGES["runbook"]))
        WebDriverWait(drv, 30).until(lambda d: list(build_caches(d)) == [f"pipebook-build-{new}"],
                                     message=f"not installed: {worker_state(drv)}")
        kept = build_caches(drv)[f"pipebook-build-{new}"]
        assert {"/static/style.css", "/static/site.js", "/offline/"} <= set(kept), kept
        fetched = [r.path for r in srv.log.entries if r.method == "GET"]
        assert {"/static/site.js", "/static/style.css", "/offline/"} <= set(fetched), fetched



class CutOrGone(CutFile):
    """CutFile, and GONE answered with a server's error."""
    GONE = ""

    def do_GET(self):  # noqa: N802 (stdlib name)
        if urlsplit(self.path).path == CutOrGone.GONE:
            self.send_error(503)
        else:
            super().do_GET()


def test_a_shard_cut_short_is_not_kept_where_the_worker_cannot_read_it(site_dir, tmp_path):
    """Main: a worker without DecompressionStream whose fflate did not come kept a shard
    cut half-way during "Keep runbooks offline" (its half, unread), and the save said
    "Saved all". Now the save finds it is not the size `offline.json` lists: "1 could not
    be fetched", nothing kept; pressed again with the network whole, it is kept whole."""
    site = tmp_path / "public"
    shutil.copytree(site_dir, site)
    sw = site / "sw.js"
    text = sw.read_text(encoding="utf-8")
    strict = '"use strict";'
    assert strict in text
    # The worker as an old browser runs it: no DecompressionStream.
    sw.write_text(text.replace(strict, strict + "delete self.DecompressionStream;", 1), encoding="utf-8")
    size = len((site / SHARD.lstrip("/")).read_bytes())
    with serve(site, handler_class=CutOrGone) as srv, chrome() as drv:
        CutOrGone.GONE = "/static/search-inflate.js"
        try:
            load(drv, srv.url("/offline/"))
            wait_active(drv)
        finally:
            CutOrGone.GONE = ""
        CutFile.PATH = SHARD
        try:
            said = press_keep(drv)
            kept = drv.execute_async_script(CACHED, SHARD)
        finally:
            CutFile.PATH = ""
        # Base: "Saved all 59 pages and files …", the shard kept cut.
        assert kept == [], kept
        assert "1 could not be fetched" in said, said
        said = press_keep(drv)
        assert said.startswith("Saved all"), said
        kept = drv.execute_async_script(CACHED, SHARD)
        assert kept and all(n == size for _, n in kept), (kept, size)


# The words of the drawer's links that are broken across lines (a word's text laid out in
# more than one box), and where the drawer is scrolled to.
BROKEN = """const d = document.getElementById('pipebook-drawer'), broken = [];
for (const a of d.querySelectorAll('a')) {
  const t = a.firstChild && a.firstChild.nodeType === 3 ? a.firstChild : null;
  if (!t) continue;
  for (const m of t.data.matchAll(/\\S+/g)) {
    const r = document.createRange();
    r.setStart(t, m.index); r.setEnd(t, m.index + m[0].length);
    const lines = new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
    if (lines.size > 1) broken.push(m[0]);
  }
}
const first = d.querySelector('.drawer-nav a').getBoundingClientRect(), box = d.getBoundingClientRect();
const here = d.querySelector('[aria-current=page]').getBoundingClientRect();
return {broken, scrolled: d.scrollTop, first: first.top >= box.top && first.bottom <= box.bottom,
        here: here.top >= box.top && here.bottom <= box.bottom};"""


def test_the_menu_at_200_percent_text_on_320_px_is_readable(site_dir):
    """Main: {'broken': ['Engagement', 'Engagement', '(Aggregate', 'Engagement)'],
    'scrolled': 216, 'first': False}. Now no word is broken, and the drawer opens at its top with the
    site's first link and the page's entry both in view."""
    with serve(site_dir) as srv, chrome(prefs={"webkit.webprefs.default_font_size": 32,
                                                "webkit.webprefs.default_fixed_font_size": 26}) as drv:
        set_width(drv, 320, 640)
        load(drv, srv.url("/runbooks/engagement/"))
        drv.find_element(By.ID, "pipebook-menu").click()
        WebDriverWait(drv, 15).until(lambda d: d.execute_script(
            "return !!(document.activeElement && document.activeElement.closest('#pipebook-drawer nav.tree'))"))
        got = drv.execute_script(BROKEN)
        screenshot(drv, "net60-menu-200-320", full_page=False)
        assert got == {"broken": [], "scrolled": 0, "first": True, "here": True}, got


def png() -> bytes:
    """A valid 64 x 64 PNG of noise (it does not compress: cut, half of it is gone)."""
    rnd = random.Random(60)
    raw = b"".join(b"\0" + bytes(rnd.randrange(256) for _ in range(64 * 3)) for _ in range(64))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf() -> bytes:
    rnd = random.Random(61)
    body = "".join(f"% {rnd.random()}\n" for _ in range(300))
    return f"%PDF-1.4\n{body}trailer\n<< >>\nstartxref\n0\n%%EOF\n".encode()


# Fetches `arguments[0]` from the page (through the worker): its byte length.
FETCH = """const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done(b.byteLength), e => done(String(e)));"""


@pytest.mark.parametrize("name,make", [("chart.png", png), ("guide.pdf", pdf)])
def test_a_file_beside_a_runbook_cut_short_is_not_saved(tmp_path, name, make):
    """Main: the PNG (6,206 of its 12,420 bytes) or the PDF (3,150 of 6,419) cut half-way
    on its way was saved as it came, and offline it was the half. Now it is not saved;
    fetched whole, it is."""
    root = example_copy(tmp_path / "root")
    (root / "content" / "runbooks" / "profit" / name).write_bytes(make())
    (root / "content" / "runbooks" / "profit" / "other.png").write_bytes(png())
    site = build_site(root, root / "public")
    path, other = f"/runbooks/profit/{name}", "/runbooks/profit/other.png"
    size = len((site / path.lstrip("/")).read_bytes())
    with serve(site, handler_class=CutFile) as srv, chrome() as drv:
        load(drv, srv.url(PAGES["runbook"]))
        wait_active(drv)
        load(drv, srv.url(PAGES["runbook"]))
        CutFile.PATH = path
        try:
            got = drv.execute_async_script(FETCH, path)
            assert isinstance(got, int) and got < size, (got, size)
            # Another file beside, whole: once it is saved, the worker has had its look.
            drv.execute_async_script(FETCH, other)
            WebDriverWait(drv, 20).until(lambda d: d.execute_async_script(CACHED, other))
        finally:
            CutFile.PATH = ""
        kept = drv.execute_async_script(CACHED, path)
        # Base: [["pipebook-pages", <the half that came>]].
        assert kept == [], (kept, size)
        assert drv.execute_async_script(FETCH, path) == size
        WebDriverWait(drv, 20).until(lambda d: d.execute_async_script(CACHED, path))
        assert drv.execute_async_script(CACHED, path) == [["pipebook-pages", size]]
