"""A phone on a bad network (session 39b): a tab stays open while the team deploys twice.
The search index's files keep their names. After the first deploy the search found files
of two builds, started again and asked for the new service worker, which took over and
saved the second deploy's files; after the next deploy that worker, now itself of an old
deploy, answered with its meta.json while the network gave the third's heads, and the
search said its files "do not match yet" until a newer worker took over. Every result
listed must be the page its link opens, of the deploy served, at the first query.

Three builds of generated runbooks (built with $PIPEBOOK_BIN, as test_deploy_skew.py):
B removes 60 of A's 300 and adds 40, C removes 30 more and adds 25: each shifts the page
numbers of the runbooks after them.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome, load
from conftest import swap_deploy
from test_deploy_skew import BINARY, FAULTS, build, header_query, serve, shots


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    if not BINARY.exists():
        pytest.fail(f"no pipebook binary at {BINARY}: tests/browser/run.sh builds it, or set PIPEBOOK_BIN")
    tmp = tmp_path_factory.mktemp("three")
    first = [(f"r{i:03d}", f"Gen runbook {i}", f"zeta{i}") for i in range(300)]
    second = [(f"a{i:03d}", f"Added runbook {i}", f"alpha{i}") for i in range(40)] + first[60:]
    third = [(f"b{i:03d}", f"Beta runbook {i}", f"beta{i}") for i in range(25)] + second[:40] + first[90:]
    return [build(tmp / n, names) for n, names in (("a", first), ("b", second), ("c", third))], tmp / "live"


def test_two_deploys_in_a_row_under_the_adopted_worker_list_the_last_ones_pages(three):
    builds, folder = three
    folder.unlink(missing_ok=True)
    swap_deploy(folder, builds[0])
    FAULTS.clear()

    def deploy(n):
        swap_deploy(folder, builds[n])

    with serve(folder) as srv, chrome() as driver:
        load(driver, srv.url("/runbooks/"))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script(
            "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)") or d.refresh())
        load(driver, srv.url("/runbooks/"))
        driver.execute_script("window.__changes = 0; navigator.serviceWorker.addEventListener("
                              "'controllerchange', function () { window.__changes++; });")
        # The first deploy's heads and shards, in memory and in its worker's cache.
        for word, n in [("zeta100", 100), ("zeta150", 150), ("zeta200", 200)]:
            assert header_query(driver, word)[0] == (f"Gen runbook {n}", f"/runbooks/gen/r{n:03d}/")
        deploy(1)
        assert header_query(driver, "zeta120")[0] == ("Gen runbook 120", "/runbooks/gen/r120/")
        assert header_query(driver, "alpha5")[0] == ("Added runbook 5", "/runbooks/gen/a005/")
        # The second deploy's worker has taken over the tab (the search asked for it), and
        # holds that deploy's index files in its cache.
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return window.__changes") >= 1)
        deploy(2)
        # Base: the first query said "The site was updated while you searched, and its
        # search files do not match yet" (the second deploy's meta.json from its worker's
        # cache, the third's heads from the network), 4 runs of 5.
        for word, want in [("zeta150", ("Gen runbook 150", "/runbooks/gen/r150/")),
                           ("beta3", ("Beta runbook 3", "/runbooks/gen/b003/")),
                           ("zeta200", ("Gen runbook 200", "/runbooks/gen/r200/")),
                           ("alpha7", ("Added runbook 7", "/runbooks/gen/a007/"))]:
            got = header_query(driver, word)
            assert got[0] == want, (word, got)
        # Removed by the third deploy (runbooks 60 to 89): not listed.
        got = header_query(driver, "zeta70")
        assert all(path != "/runbooks/gen/r070/" for _, path in got), got
        # Every title listed is the page its link opens.
        for title, path in header_query(driver, "drain"):
            n = int(title.rsplit(" ", 1)[1])
            prefix = {"Gen": "r", "Added": "a", "Beta": "b"}[title.split(" ", 1)[0]]
            assert path == f"/runbooks/gen/{prefix}{n:03d}/", (title, path)
        shots(driver, "two-deploys-header")
        # Each deploy was whole from the first request after it, as Netlify's are: a 404 is
        # a file the product asked for that the deploy served has not (the deploy copied
        # in place answered /offline/ and /manifest.webmanifest with 404s mid-copy).
        missing = [e.path for e in srv.log.entries if e.status == 404]
        assert not missing, missing
