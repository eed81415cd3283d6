"""A phone on a bad network at 3 a.m., session 55: the site as Netlify serves it, with
its `_redirects` (an alias of a moved runbook answers `301`), which no browser test had
served: "Keep runbooks offline" never finished on a site with a pipeline's job or a moved
runbook, and a runbook saved at its old address was shown as it was for ever.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import _Handler, build_site, chrome, example_copy, load, screenshot, serve, set_width
from test_offline import h1, offline, wait_saved
from test_tab_days import controlled, keep

RUNBOOK = "/runbooks/profit/aggregate-profit/"
OLD = "/runbooks/profit/profit-rollup/"
JOB = "/pipelines/by-job/aggregate_profit_daily/"


class NetlifyRedirects(_Handler):
    """Answers as Netlify does with the site's `_redirects` (read at each request: a
    deploy replaces the folder): a forced rule (`301!`) before any file, keeping the
    query; a `410` rule with the 404 page. Paths match with or without the trailing
    slash."""

    def _rule(self) -> tuple[str, str] | None:
        rules = Path(self.directory) / "_redirects"
        if not rules.is_file():
            return None
        path = urlsplit(self.path).path
        for line in rules.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) != 3 or line.startswith("#"):
                continue
            src, to, code = parts
            if path.rstrip("/") == src.rstrip("/"):
                return to, code
        return None

    def _redirect(self) -> bool:
        rule = self._rule()
        if not rule or rule[1] not in ("301!", "410"):
            return False
        if rule[1] == "410":
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(410)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            query = urlsplit(self.path).query
            body = b""
            self.send_response(301)
            self.send_header("Location", rule[0] + ("?" + query if query else ""))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return True

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        if not self._redirect():
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib name)
        if not self._redirect():
            super().do_HEAD()


def with_alias(text: str) -> str:
    """aggregate-profit.md, moved from profit-rollup.md: its old address an alias."""
    return text.replace("---\n", "---\naliases: [profit-rollup]\n", 1)


def bar_text(driver) -> str:
    return " ".join(b.text for b in driver.find_elements(By.CSS_SELECTOR, ".updated-bar"))


def test_keep_on_netlify_saves_everything_and_a_jobs_route_opens_offline(tmp_path):
    """offline.json lists the redirect pages the build writes at every job's route
    (`/pipelines/by-job/<job>/`, 8 on the example site) and at a moved runbook's alias,
    which Netlify answers `301` before any file. Base took each redirect for a failure,
    at every press: "Saved 51 of 60; 9 could not be fetched. Press the button again with
    a better connection", on a good network, the keep never recorded as whole (and every
    page read after asked for the save again). Now each is kept as the redirect it is:
    the save is whole, and a job's route (an Airflow alert's link) opens its pipeline
    offline."""
    root = example_copy(tmp_path / "site", {"content/runbooks/profit/aggregate-profit.md": with_alias})
    public = build_site(root, root / "public")
    assert (public / OLD.lstrip("/") / "index.html").is_file() and (public / JOB.lstrip("/") / "index.html").is_file()
    with chrome() as driver, serve(public, handler_class=NetlifyRedirects) as srv:
        set_width(driver, 390, 844)
        controlled(driver, srv.url("/offline/"))
        keep(driver, "Saved ", timeout=60)
        WebDriverWait(driver, 60).until(lambda d: "…" not in d.find_element(By.ID, "keep-status").text)
        status = driver.find_element(By.ID, "keep-status").text
        assert status.startswith("Saved all "), status
        assert driver.find_element(By.ID, "keep-button").text == "Save the latest runbooks again"
        # The saved list names pages, not the addresses that lead to them.
        load(driver, srv.url("/offline/"))
        listed = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "saved-list").text)
        assert "Aggregate profit" in listed and "/pipelines/by-job/" not in listed, listed
        screenshot(driver, "net55-keep-with-routes-390", full_page=False)
        offline(driver)
        load(driver, srv.url(JOB))
        assert urlsplit(driver.current_url).path == "/pipelines/aggregate-profit/", driver.current_url
        assert "Aggregate profit" in h1(driver), h1(driver)
        load(driver, srv.url(OLD))
        assert urlsplit(driver.current_url).path == RUNBOOK, driver.current_url


def test_a_saved_runbook_a_deploy_moved_says_where_it_is_now(tmp_path):
    """A runbook read (so saved) at its address, then a deploy that renames it, its old
    address an alias (Netlify: `301`). Base showed the saved copy at every visit of the
    old address (a bookmark, a link in last month's incident channel), never updated and
    without a word: the redirect was neither a page to save nor a page gone. Now the
    saved copy is forgotten and a bar says the page moved, with a button to it (the
    step's anchor kept); the next visit follows the redirect."""
    before = example_copy(tmp_path / "before", {"content/runbooks/profit/profit-rollup.md":
                                                "---\ntitle: Profit rollup\n---\n\n## Steps\n\n1. The old step.\n"})
    after = example_copy(tmp_path / "after", {"content/runbooks/profit/aggregate-profit.md": with_alias})
    live = tmp_path / "live"
    live.symlink_to(build_site(before, before / "public"))
    build_site(after, after / "public")
    with chrome() as driver, serve(live, handler_class=NetlifyRedirects) as srv:
        set_width(driver, 390, 844)
        load(driver, srv.url(OLD))
        wait_saved(driver, OLD)
        live.unlink()
        live.symlink_to(after / "public")
        load(driver, "about:blank")
        load(driver, srv.url(OLD + "#steps"))
        assert h1(driver) == "Profit rollup"
        bar = WebDriverWait(driver, 15).until(lambda d: "moved" in bar_text(d) and d.find_element(By.CSS_SELECTOR, ".updated-bar"),
                                              message=f"no bar on the moved page's saved copy: {bar_text(driver)!r}")
        assert "moved to a new address" in bar.text, bar.text
        screenshot(driver, "net55-moved-saved-copy-390", full_page=False)
        bar.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(driver, 10).until(lambda d: urlsplit(d.current_url).path == RUNBOOK)
        assert urlsplit(driver.current_url).fragment == "steps"
        assert h1(driver) != "Profit rollup"
        # The old address now leads to the page, not to the copy from before.
        load(driver, srv.url(OLD))
        assert urlsplit(driver.current_url).path == RUNBOOK and h1(driver) != "Profit rollup"
