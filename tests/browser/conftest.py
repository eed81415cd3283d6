"""Headless-browser test harness for the built site (see README.md beside this file).

Fixtures: site_dir, server, base_url, requests_log, driver, driver_no_worker, driver_nojs.
Helpers (import them: ``from conftest import load, set_width, ...``): chrome, load,
set_width, screenshot, console_messages, console_errors, PAGES, example_copy, site_with,
without_service_worker, search_list.
"""

from __future__ import annotations

import base64
import gzip
import io
import re
import tomllib
import contextlib
import functools
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

from example_root import example_root

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("PIPEBOOK_SCREENSHOTS", REPO / "screenshots"))
CHROMIUM = os.environ.get("PIPEBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PIPEBOOK_CHROMEDRIVER", "/usr/bin/chromedriver")
WIDTH, HEIGHT = 1280, 900

# The real corpus of shared/, and the one file of it that pipebook refuses: a stray copy of
# a runbook without `.md`, which would take the place of that runbook's page folder.
CORPUS = REPO.parent / "shared" / "corpora" / "prometheus-operator-runbooks" / "content" / "runbooks"
CORPUS_STRAY = "prometheus-operator/PrometheusOperatorSyncFailed"


def copy_corpus(runbooks: Path) -> None:
    """Copy the corpus's runbooks to `runbooks` (a site's content/runbooks), without the
    stray copy (tests/corpus.rs checks that it is an error naming both files)."""
    assert CORPUS.is_dir(), f"corpus missing at {CORPUS}"
    shutil.copytree(CORPUS, runbooks)
    (runbooks / CORPUS_STRAY).unlink()


# One page of each kind in the example site (name -> path). Reuse it in new tests.
PAGES = {
    "home": "/",
    "pipelines": "/pipelines/",
    "pipeline": "/pipelines/aggregate-profit/",
    "runbook": "/runbooks/profit/aggregate-profit/",
    "engineers": "/engineers/",
    "engineer": "/engineers/de1/",
    "oncall": "/oncall/",
    "coverage": "/coverage/",
    "search": "/search/",
    "alerts": "/alerts/",
    "404": "/404.html",
    "folder": "/runbooks/profit/",
    "offline": "/offline/",
}

# The network is closed and the tests must not talk to Google: no sandbox (root in CI),
# no background fetches, and a fresh profile per browser.
CHROME_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

log = logging.getLogger("pipebook.browser")

# Run before any script of every page of a tab: the page finds no service worker API, so
# site.js registers no worker and offline.js offers nothing. A worker's own fetches (its
# install, saving the open pages, revalidating a page behind its cached answer) reach the
# server beside the page's, and neither the DevTools bypass nor a URL block covers them.
NO_SERVICE_WORKER = "delete Navigator.prototype.serviceWorker;"


# --------------------------------------------------------------------------- site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The built site: $PIPEBOOK_SITE, else the example site built now with cargo."""
    env = os.environ.get("PIPEBOOK_SITE")
    if env:
        site = Path(env).resolve()
    else:
        site = tmp_path_factory.mktemp("site") / "public"
        clock = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))
        root = example_root(int(clock), site.parent)
        subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--locked", "--", "build",
             "--root", str(root), "--output", str(site)],
            cwd=REPO, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": clock},
        )
    if not (site / "index.html").is_file():
        pytest.exit(f"no built site at {site} (index.html missing)", returncode=3)
    return site


# --------------------------------------------------------------------------- server


@dataclass(frozen=True)
class Request:
    """One request the test server answered."""

    method: str
    path: str  # URL path as sent, without the query string
    query: str
    status: int
    content_type: str | None
    bytes: int  # response body bytes actually sent
    header_bytes: int


class RequestLog:
    """Thread-safe record of every request the server answered, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Request] = []

    def add(self, req: Request) -> None:
        with self._lock:
            self._entries.append(req)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    @property
    def entries(self) -> list[Request]:
        with self._lock:
            return list(self._entries)

    def paths(self) -> list[str]:
        return [r.path for r in self.entries]

    def find(self, path: str) -> list[Request]:
        return [r for r in self.entries if r.path == path]

    def bytes_for(self, path: str) -> int:
        return sum(r.bytes for r in self.find(path))

    def total_bytes(self) -> int:
        return sum(r.bytes for r in self.entries)

    def wait_for(self, path: str, timeout: float = 5.0) -> Request:
        """The first request for `path`, waiting for it (the server records a request
        only after the response is written, which can be after the browser used it)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.find(path)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no request for {path}; requests: {self.paths()}")
            time.sleep(0.02)


class _CountingWriter:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.count = 0

    def write(self, data) -> int:
        n = self.inner.write(data)
        self.count += len(data) if n is None else n
        return n

    def flush(self) -> None:
        self.inner.flush()

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _netlify_headers() -> list[tuple[re.Pattern, dict]]:
    """The [[headers]] rules of netlify.toml, so the tests see what visitors get."""
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    rules = []
    for rule in config.get("headers", []):
        pattern = re.compile("^" + re.escape(rule["for"]).replace(r"\*", ".*") + "$")
        rules.append((pattern, rule.get("values", {})))
    return rules


NETLIFY_HEADERS = _netlify_headers()


def _site_headers(directory: str) -> list[tuple[re.Pattern, dict]]:
    """The rules of a Netlify `_headers` file at the root of the served site (pipebook
    writes one for the files copied from beside the runbooks): a path line, then indented
    `Name: value` lines; `*` is a splat."""
    path = Path(directory) / "_headers"
    if not path.is_file():
        return []
    rules: list[tuple[re.Pattern, dict]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.compile("^" + re.escape(line.strip()).replace(r"\*", ".*") + "$")
            rules.append((pattern, {}))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


# The server's clock (its `Date` header), moved with the browser's by tests that move the
# time (`server_clock`): the on-call box goes by the server's clock when the device's is
# more than minutes off it. Back to the real time after each test.
SERVER_CLOCK = {"offset": 0.0}


def server_clock(at_ms: int) -> None:
    """The test server's `Date` reads `at_ms` (ms since 1970) now, and runs on from it."""
    SERVER_CLOCK["offset"] = at_ms / 1000 - time.time()


@pytest.fixture(autouse=True)
def _real_server_clock():
    yield
    SERVER_CLOCK["offset"] = 0.0


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar; charset=utf-8",
        ".json": "application/json",
        ".js": "text/javascript",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
    }

    def __init__(self, *args, request_log: RequestLog, **kwargs) -> None:
        self.request_log = request_log
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def handle_one_request(self) -> None:
        self.wfile.count = 0
        self._status, self._ctype, self._header_bytes = 0, None, None
        super().handle_one_request()
        if self.wfile.count and self._status:
            head = self._header_bytes if self._header_bytes is not None else self.wfile.count
            parts = urlsplit(self.path)
            self.request_log.add(Request(
                self.command, parts.path, parts.query, self._status, self._ctype,
                self.wfile.count - head, head,
            ))

    def send_response(self, code, message=None) -> None:
        self._status = code
        super().send_response(code, message)

    def date_time_string(self, timestamp=None) -> str:
        return super().date_time_string(time.time() + SERVER_CLOCK["offset"] if timestamp is None else timestamp)

    def send_header(self, keyword, value) -> None:
        if keyword.lower() == "content-type":
            self._ctype = value
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        # Tests assert on what a page fetched, so the browser must never use its cache.
        self.send_header("Cache-Control", "no-store")
        self._send_netlify_headers()
        super().end_headers()
        self._header_bytes = self.wfile.count

    def _send_netlify_headers(self) -> None:
        """The headers of netlify.toml and of the site's `_headers` for this path."""
        path = urlsplit(self.path).path
        for pattern, values in [*NETLIFY_HEADERS, *_site_headers(self.directory)]:
            if pattern.match(path):
                for name, value in values.items():
                    if name.lower() != "content-type":
                        self.send_header(name, value)

    def send_error(self, code, message=None, explain=None) -> None:
        # Netlify answers a path it has nothing for with the site's /404.html (status 404),
        # and so does this server (the 404 page sends a mistyped alert route on).
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 (stdlib signature)
        log.debug("%s %s", self.address_string(), format % args)


class RevalidatingHandler(_Handler):
    """Answers caches as Netlify does: no `no-store` (the site's `_headers` says
    `no-cache`), a strong `ETag` of each file's bytes, and `304 Not Modified` without a
    body to a request whose `If-None-Match` names it. For tests that count what a reader
    downloads, where a revalidated file is not downloaded twice. HTTP/1.1, as Netlify
    answers (at least): Chromium revalidates an HTTP/1.0 answer by its date alone."""

    protocol_version = "HTTP/1.1"

    def _file(self) -> Path | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def send_head(self):
        file = self._file()
        self._etag = f'"{hashlib.sha256(file.read_bytes()).hexdigest()[:32]}"' if file else None
        if self._etag and self._etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
            self.send_response(304)
            self.end_headers()
            return None
        return super().send_head()

    def end_headers(self) -> None:
        if getattr(self, "_etag", None):
            self.send_header("ETag", self._etag)
        self._send_netlify_headers()
        SimpleHTTPRequestHandler.end_headers(self)
        self._header_bytes = self.wfile.count

    def send_header(self, keyword, value) -> None:
        # Python's own `Last-Modified` would let the browser revalidate by date as well;
        # Netlify revalidates by ETag.
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)


# The types Netlify compresses on the wire (gzip, or brotli for a browser that accepts it):
# text. A file compressed already (the index's shards, `s/<n>.bin`, gzip), an image or a
# font goes as it is.
COMPRESSED_TYPES = re.compile(r"^(text/|application/(json|javascript|xml|manifest\+json)|image/svg\+xml)")


class CompressingHandler(_Handler):
    """Sends a body as Netlify does on the wire: a file of a text type (HTML, CSS,
    JavaScript, JSON, XML, SVG) gzip-compressed (level 6) with `Content-Encoding: gzip`
    when the request accepts gzip, any other as it is; so the log's `bytes` are what was
    transferred. Brotli, which Netlify sends a browser that accepts it, makes smaller
    bodies than gzip (and needs a module Python lacks): gzip's figure is the upper one.
    For the measures of what a first query downloads (bench/search_bench.py,
    tests/browser/test_idx43.py)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if (not path.is_file() or not COMPRESSED_TYPES.match(ctype)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class SiteServer:
    httpd: ThreadingHTTPServer
    site_dir: Path
    log: RequestLog

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def url(self, path: str) -> str:
        return self.base_url + path


def live_wait(driver, timeout: float) -> WebDriverWait:
    """A wait for text the page's script rewrites: the on-call box replaces its nodes when the
    clock passes a handoff, so an element found a moment ago may be gone when it is read. That
    is "not yet", not a failure."""
    return WebDriverWait(driver, timeout, ignored_exceptions=[StaleElementReferenceException])


@contextlib.contextmanager
def serve(directory: Path, port: int = 0, handler_class=None):
    """Serve `directory` on 127.0.0.1 (`port`, or a free one) until the block ends; yields a
    SiteServer whose `log` records every request. `handler_class` (a subclass of `_Handler`)
    lets a test misbehave the way a network or a CDN does."""
    request_log = RequestLog()
    handler = functools.partial(handler_class or _Handler, directory=str(directory),
                                request_log=request_log)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(httpd, Path(directory), request_log)
    finally:
        httpd.shutdown()
        httpd.server_close()


def swap_deploy(live: Path, built: Path) -> None:
    """Serves the build `built` at `live` from the next request on, all at once, as Netlify
    switches deploys. `live` becomes a symlink to a fresh copy of `built` beside it (a test
    that edits the served files leaves the build alone), swapped in by one rename(2): no
    request finds the folder missing or half-copied, as one did while a test renamed the
    folder away and copied the next build in its place (404s mid-copy). The copies of
    earlier deploys stay (a request in flight may still read one) until the test's
    temporary folder goes."""
    if live.exists() and not live.is_symlink():
        raise ValueError(f"{live} is a folder: swap_deploy() serves a symlink it makes itself")
    n = 0
    while (copy := live.with_name(f"{live.name}.deploy{n}")).exists():
        n += 1
    shutil.copytree(built, copy)
    swap = live.with_name(f"{live.name}.swap")
    swap.unlink(missing_ok=True)
    swap.symlink_to(copy.name)
    os.replace(swap, live)


def build_site(root: Path, output: Path, epoch: int | None = None) -> Path:
    """Build the site under `root` into `output` with the release binary; returns output.
    `epoch`: the build's clock (SOURCE_DATE_EPOCH), for a test whose page clock is a fixed
    day, which a site built months later no longer schedules."""
    binary = REPO / "target" / "release" / "pipebook"
    cmd = [str(binary)] if binary.exists() else ["cargo", "run", "--release", "--quiet", "--"]
    env = {**os.environ, **({"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else {})}
    subprocess.run([*cmd, "build", "--root", str(root), "--output", str(output)],
                   cwd=REPO, check=True, capture_output=True, env=env)
    return output


def example_copy(root: Path, files: dict | None = None, themes: bool = False) -> Path:
    """The example site's content/ (and themes/ with `themes`) copied to `root`, then
    `files` written over it: a path under `root` -> its text, or a function of the text
    it had (an edit). Returns `root`, unbuilt."""
    shutil.copytree(REPO / "content", root / "content")
    if themes:
        shutil.copytree(REPO / "themes", root / "themes")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(text):
            text = text(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    return root


@contextlib.contextmanager
def site_with(root: Path, files: dict | None = None, themes: bool = False,
              output: Path | None = None):
    """The example site with `files` (as `example_copy`) in `root`, built into `output`
    (default root/public) and served until the block ends: yields the SiteServer."""
    example_copy(root, files, themes)
    with serve(build_site(root, output or root / "public")) as srv:
        yield srv


@pytest.fixture(scope="session")
def server(site_dir):
    """A threaded http.server on 127.0.0.1 (free port) serving site_dir, for the session.
    `server.log` is the RequestLog of every request it answered."""
    with serve(site_dir) as srv:
        yield srv


@pytest.fixture(scope="session")
def base_url(server) -> str:
    """http://127.0.0.1:<port>, without a trailing slash: base_url + "/oncall/"."""
    return server.base_url


@pytest.fixture
def requests_log(server) -> RequestLog:
    """The server's RequestLog, emptied at the start of the test."""
    server.log.clear()
    return server.log


# --------------------------------------------------------------------------- browser


@contextlib.contextmanager
def chrome(javascript: bool = True, extra_args=(), prefs=None, service_worker: bool = True,
           page_load: str = "normal"):
    """A headless Chromium (selenium) with a fresh profile, quit and removed on exit.
    Window 1280x900; browser console kept at every level (read it with console_messages).
    `service_worker=False`: its pages never register the site's worker (see
    `without_service_worker`). `page_load="none"`: `get` returns at once, and scripts run
    while the page still loads (a stalled request never ends it)."""
    profile = tempfile.mkdtemp(prefix="pipebook-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in [*CHROME_ARGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}",
                *extra_args]:
        options.add_argument(arg)
    all_prefs = dict(prefs or {})
    if not javascript:
        all_prefs["profile.managed_default_content_settings.javascript"] = 2
    if all_prefs:
        options.add_experimental_option("prefs", all_prefs)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.page_load_strategy = page_load
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        drv.set_page_load_timeout(30)
        drv.set_script_timeout(30)
        if not service_worker:
            without_service_worker(drv)
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _reset(drv) -> None:
    drv.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    bypass_service_worker(drv, False)
    drv.set_window_size(WIDTH, HEIGHT)
    console_messages(drv)  # drop what earlier tests left


@pytest.fixture(scope="module")
def _module_driver(server):
    with chrome() as drv:
        yield drv


@pytest.fixture(scope="module")
def _module_driver_no_worker(server):
    with chrome(service_worker=False) as drv:
        yield drv


@pytest.fixture(scope="module")
def _module_driver_nojs(server):
    with chrome(javascript=False) as drv:
        yield drv


@pytest.fixture
def driver(_module_driver):
    """The module's Chromium, reset for this test: 1280x900, no width override,
    console log emptied."""
    _reset(_module_driver)
    return _module_driver


@pytest.fixture
def driver_no_worker(_module_driver_no_worker):
    """Like `driver`, in a browser whose pages never register the service worker: every
    request the server logs is the page's own. Tests that read the server's request log
    use it (or `driver_nojs`), unless what the worker fetches is what they count."""
    _reset(_module_driver_no_worker)
    return _module_driver_no_worker


@pytest.fixture
def driver_nojs(_module_driver_nojs):
    """Like `driver`, with JavaScript disabled by the Chrome content-settings preference."""
    _reset(_module_driver_nojs)
    return _module_driver_nojs


# --------------------------------------------------------------------------- helpers


def load(driver, url: str, timeout: float = 15.0) -> None:
    """Empty the console log, open `url`, and wait until document.readyState is complete."""
    console_messages(driver)
    driver.get(url)
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def quiet(log: RequestLog, seconds: float = 1.0, timeout: float = 10.0) -> list[str]:
    """The log's paths once no request was answered for `seconds` (at most `timeout`):
    for counting what a page fetched, its scripts' and its worker's requests included."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = len(log.entries)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            break
        time.sleep(0.05)
    return log.paths()


def without_service_worker(driver) -> None:
    """From the next page this tab opens on, pages find no service worker API and
    register none. Call it on a fresh browser: a worker registered before keeps
    answering. What the server's log shows is then what the pages asked for."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_SERVICE_WORKER})


def bypass_service_worker(driver, bypass: bool = True) -> None:
    """Send every request of this tab to the server even where the site's service worker
    (sw.js) would answer from its cache: for tests of what a page itself downloads. The
    next test gets the worker back."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": bypass})


def set_width(driver, px: int, height: int = HEIGHT, mobile: bool | None = None) -> None:
    """Make the viewport exactly `px` CSS pixels wide (device scale 1).

    Chrome cannot make a window narrower than 500 px, so this uses the DevTools
    device-metrics override, which also works below that. `mobile` (default: px < 768)
    emulates a phone: the meta viewport applies and scrollbars overlay the page, so a
    390 px phone lays the page out at 390 px, not 375. Later navigations keep the width;
    the `driver` fixture resets it for the next test."""
    if mobile is None:
        mobile = px < 768
    # Grow the window to hold the emulated viewport, or the part of it outside the
    # window is never painted in viewport screenshots.
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    frame = driver.execute_script("return window.outerHeight - window.innerHeight")
    driver.set_window_size(max(px, 500), height + max(frame, 0))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": px, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
    })


def screenshot(driver, name: str, full_page: bool = True) -> Path:
    """Save a PNG of the current page as screenshots/<name>.png and return its path.
    `full_page` captures the whole document (and anything overflowing to the right),
    not only the viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if full_page:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        # The content size leaves out a classic scrollbar; keep the whole viewport width.
        width = max(size["width"], driver.execute_script("return window.innerWidth"))
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1},
        })
        path.write_bytes(base64.b64decode(shot["data"]))
    else:
        driver.save_screenshot(str(path))
    return path


def console_messages(driver) -> list[dict]:
    """Browser console entries since the last call (reading empties Chrome's buffer):
    dicts with level (SEVERE, WARNING, INFO...), message, source, timestamp."""
    return driver.get_log("browser")


def console_errors(driver, ignore=()) -> list[str]:
    """Messages of SEVERE console entries since the last read (uncaught exceptions,
    console.error, failed resource loads). `ignore`: substrings of messages to skip."""
    return [e["message"] for e in console_messages(driver)
            if e["level"] == "SEVERE" and not any(s in e["message"] for s in ignore)]


_SEARCH_LIST = """
const p = document.getElementById('search-popup').getBoundingClientRect(),
      i = document.getElementById('search-input').getBoundingClientRect(),
      h = document.querySelector('.site-header').getBoundingClientRect();
return {top: p.top, bottom: p.bottom, width: p.width, input: i.bottom, header: h.height,
        inner: innerHeight, scroll: document.documentElement.scrollWidth};
"""


def search_list(driver, words: str = "profit", timeout: float = 10.0) -> dict:
    """Types `words` into the header's search box and waits until its list shows titles.
    Returns where things are, in CSS pixels: the list's `top`, `bottom` and `width`, the
    box's bottom (`input`), the header's height (`header`), `inner` (innerHeight) and the
    page's `scroll` width."""
    from selenium.webdriver.common.by import By
    field = driver.find_element(By.ID, "search-input")
    field.click()
    field.send_keys(words)
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, timeout).until(
        lambda d: popup.is_displayed() and popup.find_elements(By.CSS_SELECTOR, "a.result-title"))
    return driver.execute_script(_SEARCH_LIST)
