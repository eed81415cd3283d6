"""Moving between runbooks: the folder tree (current page marked, open folders
collapsible), previous and next within a folder, folder pages with readable titles and
each runbook's summary, and a page not found that searches the words of its address."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, copy_corpus, load, serve, set_width, site_with


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus-nav")
    copy_corpus(root / "content" / "runbooks")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def folder_entries(driver) -> list[tuple[str, str]]:
    return [(a.text, a.get_attribute("pathname"))
            for a in driver.find_elements(By.CSS_SELECTOR, "main ul.children > li > a")]


def test_folder_pages_have_readable_titles_and_summaries(driver, corpus):
    load(driver, corpus.url("/runbooks/"))
    names = [t for t, _ in folder_entries(driver)]
    # Folders are titled by their front matter (`title: kube-state-metrics`, as the
    # corpus writes it), as the forge and the source say (src/render/titles.rs).
    assert "kube-state-metrics" in names and "prometheus-operator" in names, names
    assert not any(n.endswith("/") for n in names)
    load(driver, corpus.url("/runbooks/kube-state-metrics/"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "kube-state-metrics"
    load(driver, corpus.url("/runbooks/etcd/"))
    items = driver.find_elements(By.CSS_SELECTOR, "main ul.children > li")
    assert len(items) == 7
    fsync = [li for li in items if li.find_element(By.TAG_NAME, "a").text == "etcdHighFsyncDurations"][0]
    summary = fsync.find_element(By.CSS_SELECTOR, ".summary").text
    assert summary.startswith("This alert fires when the 99th percentile of etcd disk fsync duration"), summary
    assert all(li.find_elements(By.CSS_SELECTOR, ".summary") for li in items), "a runbook without its summary"


def test_previous_and_next_follow_the_folder(driver, corpus):
    load(driver, corpus.url("/runbooks/etcd/"))
    entries = folder_entries(driver)
    for i, (title, path) in enumerate(entries):
        load(driver, corpus.url(path))
        prev = driver.find_elements(By.CSS_SELECTOR, ".prev-next a.prev")
        nxt = driver.find_elements(By.CSS_SELECTOR, ".prev-next a.next")
        assert [a.get_attribute("pathname") for a in prev] == ([entries[i - 1][1]] if i else [])
        assert [a.get_attribute("pathname") for a in nxt] == ([entries[i + 1][1]] if i + 1 < len(entries) else [])
        if prev:
            assert entries[i - 1][0] in prev[0].text


def the_tree(driver):
    """The folder tree, once site.js has fetched it (its folder's _nav fragment)."""
    return WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#pipebook-drawer nav.tree"))


def test_the_tree_marks_the_page_and_folds(driver_no_worker, corpus):
    driver = driver_no_worker  # the log holds the page's requests only
    set_width(driver, 1280)
    load(driver, corpus.url("/runbooks/etcd/etcdNoLeader/"))
    tree = the_tree(driver)
    current = tree.find_elements(By.CSS_SELECTOR, "[aria-current='page']")
    assert [a.text for a in current] == ["etcdNoLeader"] and current[0].is_displayed()
    # Every top folder is there; the page's folder is open, with its seven runbooks.
    tops = [a.text for a in tree.find_elements(By.CSS_SELECTOR, ":scope > ul > li > a")]
    assert "etcd" in tops and "kubernetes" in tops, tops
    folder = tree.find_element(By.CSS_SELECTOR, "li.folder.open > details")
    assert len(folder.find_elements(By.CSS_SELECTOR, "li > a")) == 7
    folder.find_element(By.TAG_NAME, "summary").click()
    assert folder.get_attribute("open") is None and not current[0].is_displayed()
    # The folder's branch, not the site: the other folders' runbooks are not there; and
    # not in the page either, but in one file for the whole folder.
    assert not tree.find_elements(By.CSS_SELECTOR, "a[href*='/kubernetes/Kube']")
    other = "/runbooks/etcd/etcdGRPCRequestsSlow/"
    assert tree.find_elements(By.CSS_SELECTOR, f"a[href='{other}']")
    page = (corpus.site_dir / "runbooks/etcd/etcdNoLeader/index.html").read_text(encoding="utf-8")
    assert other not in page and 'data-tree="/_nav/etcd/tree.html"' in page
    assert corpus.log.find("/_nav/etcd/tree.html")


def test_the_pages_own_folder_is_in_the_tree_whole(driver, corpus):
    load(driver, corpus.url("/runbooks/kubernetes/KubeletTooManyPods/"))
    tree = the_tree(driver)
    folder = tree.find_element(By.CSS_SELECTOR, "li.folder.open > details")
    shown = folder.find_elements(By.CSS_SELECTOR, "li > a")
    assert len(shown) == 47, "the page's own folder is there whole (47 runbooks)"
    assert [a.text for a in shown if a.get_attribute("aria-current") == "page"] == ["KubeletTooManyPods"]


def test_a_page_not_found_searches_its_address(driver_no_worker, base_url, requests_log):
    driver = driver_no_worker  # the log holds the page's requests only
    load(driver, base_url + "/runbooks/profit/aggregat-profit/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Page not found"
    results = driver.find_element(By.ID, "path-search-results")
    WebDriverWait(driver, 10).until(lambda d: results.find_elements(By.CSS_SELECTOR, "a.result-title"))
    first = results.find_element(By.CSS_SELECTOR, "a.result-title")
    assert first.get_attribute("pathname") == "/runbooks/profit/aggregate-profit/", first.text
    # A moved runbook: only its last part still matches.
    load(driver, base_url + "/runbooks/old-folder/aggregate-growth/")
    results = driver.find_element(By.ID, "path-search-results")
    WebDriverWait(driver, 10).until(lambda d: results.find_elements(By.CSS_SELECTOR, "a.result-title"))
    assert results.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("pathname") == \
        "/runbooks/growth/aggregate-growth/"
    assert requests_log.find("/runbooks/old-folder/aggregate-growth/")[0].status == 404


def test_a_short_word_far_from_every_page_suggests_nothing(driver, base_url):
    # "nope" is one letter from "none", which pages say ("Runbook: none yet") but no
    # page is named; "missing" is in the text of pages ("Missing data from external
    # systems") that are not named so: a suggestion is a page the address could name.
    for path, word in (("/nope/", "nope"), ("/runbooks/nope/", "nope"), ("/missing/", "missing")):
        load(driver, base_url + path)
        status = driver.find_element(By.ID, "path-search-status")
        WebDriverWait(driver, 10).until(lambda d: "Searching" not in status.text and status.text)
        assert status.text == f"Nothing on the site matches “{word}”.", status.text
        assert not driver.find_elements(By.CSS_SELECTOR, "#path-search-results a.result-title")
    # A typo in a page's own name still finds it.
    load(driver, base_url + "/pipelines/daly-growth/")
    results = driver.find_element(By.ID, "path-search-results")
    WebDriverWait(driver, 10).until(lambda d: results.find_elements(By.CSS_SELECTOR, "a.result-title"))
    assert results.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("pathname") == \
        "/pipelines/daily-growth/"


def test_print_is_the_runbook_alone(driver, corpus):
    load(driver, corpus.url("/runbooks/etcd/etcdHighFsyncDurations/"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script("""
          const seen = s => Array.from(document.querySelectorAll(s)).filter(e => e.getClientRects().length).length;
          return {header: seen('.site-header'), drawer: seen('#pipebook-drawer'), toc: seen('.toc'),
                  controls: seen('.copy-code, .anchor, .step-link, #theme-toggle, .prev-next'),
                  oncall: seen('.oncall-now'), footer: seen('.site-footer'), title: seen('h1'),
                  after: Array.from(document.querySelectorAll('article a')).map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])};""")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown["title"] == 1
    for part in ("header", "drawer", "toc", "controls", "oncall", "footer"):
        assert shown[part] == 0, f"{part} printed"
    external = [c for href, c in shown["after"] if href.startswith("http")]
    internal = [c for href, c in shown["after"] if not href.startswith("http")]
    assert external and all(c.startswith('" (http') for c in external), external
    assert all(c in ("none", "normal") for c in internal), internal


def test_escape_on_the_search_page_keeps_the_query(driver, base_url):
    load(driver, base_url + "/search/?q=checks")
    box = driver.find_element(By.ID, "search-page-input")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a.result-title"))
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("value") == "checks"
    assert driver.find_elements(By.CSS_SELECTOR, "#search-results a.result-title")
    assert "q=checks" in driver.current_url


def test_long_names_wrap_on_a_phone(driver, corpus):
    """Runbooks named after their alerts are long unbroken words: in the tree, in previous
    and next, in folder listings and titles they wrap instead of widening the page."""
    set_width(driver, 390)
    for path in ("/runbooks/etcd/", "/runbooks/etcd/etcdHighFsyncDurations/",
                 "/runbooks/kubernetes/KubeStatefulSetReplicasMismatch/"):
        load(driver, corpus.url(path))
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, path
    driver.find_element(By.ID, "pipebook-menu").click()
    tree = the_tree(driver)
    wide = driver.execute_script(
        "const edge = arguments[0].getBoundingClientRect().right;"
        "return Array.from(arguments[0].querySelectorAll('a')).filter(a => a.getBoundingClientRect().right > edge + 1).length",
        tree)
    assert wide == 0, f"{wide} entries of the tree cut off"


def test_the_tree_column_shows_the_page(driver, corpus):
    """At 1280 px the tree is a column that scrolls on its own: an entry far down its
    folder (the 47 of kubernetes/) is brought into it, and the page does not move."""
    set_width(driver, 1280)
    load(driver, corpus.url("/runbooks/kubernetes/KubeStatefulSetReplicasMismatch/"))
    tree = the_tree(driver)
    here = WebDriverWait(driver, 10).until(lambda d: tree.find_element(By.CSS_SELECTOR, "[aria-current='page']"))
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "const r = arguments[0].getBoundingClientRect(),"
        " c = document.getElementById('pipebook-drawer').getBoundingClientRect();"
        "return r.top >= c.top && r.bottom <= c.bottom", here), message="the page's entry is out of view")
    assert driver.execute_script("return window.scrollY") == 0


@pytest.mark.parametrize("width", [390, 1280])
def test_a_site_titled_runbooks_says_it_once_in_its_header(driver, tmp_path, width):
    """`pipebook init` titles a site "Runbooks": its header read "Runbooks Runbooks
    Coverage" (the site, then the list of runbooks), and so did the phone's menu. The
    list's link is "All runbooks" there; elsewhere it stays "Runbooks"."""
    files = {"content/site.yaml": lambda t: t.replace("title: Data Engineering Operations", "title: Runbooks")}
    with site_with(tmp_path, files) as srv:
        set_width(driver, width)
        load(driver, srv.url("/runbooks/profit/"))
        if width < 768:
            driver.find_element(By.ID, "pipebook-menu").click()
            WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".drawer-nav").is_displayed())
        words = driver.execute_script("""return [...document.querySelectorAll('.site-header, .drawer-nav')]
          .filter(e => e.getClientRects().length).map(e => e.innerText).join(' ')""")
    assert words.split().count("Runbooks") == 1, words
    assert "All runbooks" in words, words
