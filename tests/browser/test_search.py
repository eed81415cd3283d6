"""Search through the interface: the committed query set, the keyboard flow, filters,
narrow screens, and what a page downloads before and after someone searches."""

from __future__ import annotations

import json
import sys
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (REPO, build_site, console_errors, copy_corpus, load,
                      screenshot, serve, set_width, site_with)

QUERIES = json.loads((REPO / "tests" / "search" / "queries.json").read_text())["queries"]
sys.path.insert(0, str(REPO / "tests" / "search"))
import sites  # noqa: E402  (the query set's sites, shared with bench/search_bench.py)


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory):
    """The real-world corpus built as a site and served."""
    root = tmp_path_factory.mktemp("corpus")
    copy_corpus(root / "content" / "runbooks")
    out = build_site(root, root / "public")
    with serve(out) as srv:
        yield srv


@pytest.fixture(scope="module")
def generated_server(tmp_path_factory):
    """A generated site of 1,100 runbooks (bench/gen_site.py): an index too large to come
    whole with meta.json, so heads, shards and the typo table are fetched."""
    import subprocess
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_site.py"), str(root / "site"), "--runbooks", "1100"],
                   check=True, capture_output=True)
    out = build_site(root / "site", root / "public")
    assert "all" not in json.loads((out / "search" / "meta.json").read_text())
    with serve(out) as srv:
        yield srv


@pytest.fixture(scope="module")
def query_servers(base_url, corpus_server, tmp_path_factory):
    """Site name of the query set -> its base URL: the collections of tests/corpora built
    beside the example and prometheus-operator's."""
    work = tmp_path_factory.mktemp("query-sites")
    with ExitStack() as stack:
        urls = {name: stack.enter_context(serve(sites.build(name, work))).base_url for name in sites.TREES}
        yield {"example": base_url, "corpus": corpus_server.base_url, **urls}


def wait_results(driver, timeout: float = 10.0):
    """Wait until the search page has answered; return the result blocks."""
    WebDriverWait(driver, timeout).until(
        lambda d: d.find_element(By.ID, "search-status").text.strip() != "",
        message="the search page never answered")
    return driver.find_elements(By.CSS_SELECTOR, "#search-results > li.result")


def result_links(blocks) -> list[str]:
    return [urllib.parse.urlsplit(b.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("href")).path
            for b in blocks]


def test_query_set_is_what_issue_17_asks():
    kinds = {k: sum(q["kind"] == k for q in QUERIES) for k in ("symptom", "alert", "misspelling", "team")}
    assert len(QUERIES) >= 120 and kinds["symptom"] >= 40 and kinds["misspelling"] >= 10 and kinds["team"] >= 10, kinds
    assert {q["site"] for q in QUERIES} == set(sites.NAMES)
    # Every alert of prometheus-operator (its runbooks are named after them) ranks first.
    alerts = {q["query"] for q in QUERIES if q["kind"] == "alert" and q["site"] == "corpus" and q.get("first")}
    names = {p.stem for p in sites.PROMETHEUS.rglob("*.md") if p.name != "_index.md"}
    assert names and names <= alerts, sorted(names - alerts)


# At most 5% of the set may miss (issue 17: a top-3 hit rate of at least 95%); the
# misses are reported, and a query marked `first` counts only when it ranks first.
MISSES = []


@pytest.mark.parametrize("q", QUERIES, ids=[f"{q['site']}:{q['query']}" for q in QUERIES])
def test_query_set(driver, query_servers, q):
    load(driver, query_servers[q["site"]] + "/search/?q=" + urllib.parse.quote(q["query"]))
    blocks = wait_results(driver)
    links = result_links(blocks)
    wanted = q.get("pages") or [q["page"]]
    top = links[:1] if q.get("first") else links[:3]
    found = [p for p in wanted if p in top]
    if not found or (q.get("anchor") and not _has_anchor(blocks, links, found[0], q["anchor"])):
        miss = f"{q['site']}:{q['query']!r}: {wanted[0]} not in {top}"
        assert not q.get("first"), miss
        MISSES.append(miss)
        assert len(MISSES) <= len(QUERIES) // 20, "more than 5% of the query set missed:\n" + "\n".join(MISSES)
        print("query set miss (within the 5% allowed):", miss)
    assert not console_errors(driver, ignore=("favicon.ico",))


def _has_anchor(blocks, links, page, anchor) -> bool:
    block = blocks[links.index(page)]
    subs = [urllib.parse.urlsplit(a.get_attribute("href")) for a in block.find_elements(By.CSS_SELECTOR, ".subs a")]
    return (page, anchor) in [(u.path, u.fragment) for u in subs]


def test_query_set_needs_its_anchors(driver, base_url):
    """The anchor check above can fail: a heading the page has but the query does not reach."""
    load(driver, base_url + "/search/?q=" + urllib.parse.quote("benchmark thresholds"))
    blocks = wait_results(driver)
    links = result_links(blocks)
    assert _has_anchor(blocks, links, "/runbooks/growth/aggregate-growth/", "steps")
    assert not _has_anchor(blocks, links, "/runbooks/growth/aggregate-growth/", "checks")


def test_results_are_links_best_first_with_highlighted_excerpts(driver, base_url):
    load(driver, base_url + "/search/?q=" + urllib.parse.quote("benchmark thresholds"))
    blocks = wait_results(driver)
    assert result_links(blocks)[0] == "/runbooks/growth/aggregate-growth/"
    marks = [m.text.lower() for m in blocks[0].find_elements(By.CSS_SELECTOR, "mark")]
    assert "benchmark" in marks and "thresholds" in marks
    # The query is in the URL, so the search can be shared as a link.
    assert "q=benchmark+thresholds" in driver.current_url or "q=benchmark%20thresholds" in driver.current_url


def test_filters_narrow_results(driver, base_url):
    load(driver, base_url + "/search/?q=data&kind=pipeline")
    blocks = wait_results(driver)
    kinds = {b.find_element(By.CSS_SELECTOR, ".kind").text.strip().lower() for b in blocks}
    assert kinds == {"pipeline"}, kinds
    assert len(blocks) == 5
    load(driver, base_url + "/search/?q=data&kind=pipeline&owner=" + urllib.parse.quote("Data Engineer 4"))
    blocks = wait_results(driver)
    # Data Engineer 4 owns aggregate-profit (secondary), daily-growth (primary) and
    # aggregate-engagement (secondary).
    assert sorted(result_links(blocks)) == [
        "/pipelines/aggregate-engagement/", "/pipelines/aggregate-profit/", "/pipelines/daily-growth/"]
    select = driver.find_element(By.CSS_SELECTOR, "select[data-filter=owner]")
    assert select.get_attribute("value") == "Data Engineer 4"


def test_keyboard_flow_in_the_header(driver_no_worker, base_url, requests_log):
    driver = driver_no_worker  # the log holds the page's requests only
    load(driver, base_url + "/runbooks/profit/aggregate-profit/")
    assert not [p for p in requests_log.paths() if p.startswith("/search/") or p.endswith("search.js")], \
        "nothing of search loads before someone searches"
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    active = driver.switch_to.active_element
    assert active.get_attribute("id") == "search-input", "/ focuses the search box"
    active.send_keys("investor dashboard")
    popup = driver.find_element(By.ID, "search-popup")
    # The titles first, then the texts (aria-busy until then): the keys act on the list
    # as it stays.
    WebDriverWait(driver, 10).until(lambda d: popup.is_displayed() and popup.find_elements(By.CSS_SELECTOR, "a.result-title")
                                    and popup.get_attribute("aria-busy") == "false")
    links = popup.find_elements(By.CSS_SELECTOR, "a")
    assert len(links) >= 2
    active.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element == links[0]
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element == links[1]
    driver.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert driver.switch_to.active_element == links[0]
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not popup.is_displayed(), "Escape closes the results"
    assert driver.switch_to.active_element.get_attribute("id") == "search-input"
    # Enter opens the best result.
    box = driver.switch_to.active_element
    box.send_keys(" tables")
    WebDriverWait(driver, 10).until(lambda d: popup.is_displayed())
    first = urllib.parse.urlsplit(popup.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("href")).path
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: urllib.parse.urlsplit(d.current_url).path == first)
    assert first == "/runbooks/growth/aggregate-growth/"


def test_search_page_keyboard(driver, base_url):
    load(driver, base_url + "/search/?q=checks")
    wait_results(driver)
    box = driver.find_element(By.ID, "search-page-input")
    box.click()
    box.send_keys(Keys.ARROW_DOWN)
    first = driver.find_elements(By.CSS_SELECTOR, "#search-results a")[0]
    assert driver.switch_to.active_element == first
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "/search/" not in d.current_url)


def test_usable_at_360px(driver, base_url):
    set_width(driver, 360)
    load(driver, base_url + "/")
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys("thanksgiving")
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, 10).until(lambda d: popup.is_displayed() and popup.find_elements(By.CSS_SELECTOR, "a.result-title"))
    rect = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, window.innerWidth];", popup)
    assert rect[0] >= 0 and rect[1] <= rect[2], f"results overflow the screen: {rect}"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
    path = screenshot(driver, "search-popup-360")
    assert path.stat().st_size > 0


def test_a_small_site_shows_titles_and_texts_from_meta(driver_no_worker, base_url, site_dir, requests_log):
    """A small site's meta.json holds every page's row, its lead included, beside its
    whole index: the header's list shows each result's title and text with no other
    file (no fragment, search/f/), so the first results come with their texts."""
    driver = driver_no_worker  # the log holds the page's requests only
    meta = json.loads((site_dir / "search" / "meta.json").read_text())
    leads = {row[1]: (row[2], row[4]) for row in meta["rows"]}
    assert leads and all(lead for _, lead in leads.values()), "the example's rows have their leads"
    load(driver, base_url + "/runbooks/profit/aggregate-profit/")
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys("investors")
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, 10).until(lambda d: popup.find_elements(By.CSS_SELECTOR, "a.result-title")
                                    and popup.get_attribute("aria-busy") == "false")
    shown = [(urllib.parse.urlsplit(r.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("href")).path,
              r.find_element(By.CSS_SELECTOR, "a.result-title").text, r.find_element(By.CSS_SELECTOR, ".excerpt").text)
             for r in popup.find_elements(By.CSS_SELECTOR, ".result")]
    assert len(shown) >= 2, shown
    for path, title, text in shown:
        assert title.endswith(leads[path][0]) and text == leads[path][1], (path, title, text)
    assert any(m.text.lower() == "investors" for m in popup.find_elements(By.CSS_SELECTOR, ".excerpt mark"))
    assert not [p for p in requests_log.paths() if p.startswith("/search/f/")], requests_log.paths()


def test_a_first_query_downloads_little(driver_no_worker, base_url, requests_log):
    """The example's index is small: it comes whole with meta.json, beside the client,
    and no query fetches a shard."""
    driver = driver_no_worker  # the log holds the page's requests only
    load(driver, base_url + "/runbooks/profit/aggregate-profit/")
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys("corrupted data")
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, 10).until(lambda d: popup.find_elements(By.CSS_SELECTOR, "a.result-title"))
    box.clear()
    box.send_keys("growth")
    WebDriverWait(driver, 10).until(lambda d: "growth" in popup.text.lower())
    fetched = [p for p in requests_log.paths() if "/search/" in p or p.endswith("search.js")]
    assert "/search/meta.json" in fetched
    assert not any(p.startswith(("/search/s/", "/search/h/", "/search/t/")) for p in fetched), fetched
    assert not any(p.endswith("filters.json") for p in fetched), "filters load only when used"
    # What the query itself downloads: the client and the index, by path. (With a service
    # worker registered, its own fetches of its shell once made a CI run count 128 kB
    # here against the usual 82 kB: this browser registers none.)
    searched = [r for r in requests_log.entries[:] if r.path.startswith("/search/")
                or r.path.startswith("/static/search")]
    assert sum(r.bytes for r in searched) < 100_000, [(r.path, r.bytes) for r in requests_log.entries]
    assert {r.path for r in searched} >= {"/static/search.js", "/search/meta.json"}


def test_a_large_site_shows_its_first_results_with_their_texts_from_the_heads(driver_no_worker, generated_server):
    """On a site whose index does not come with meta.json, each word's head (search/h/,
    the file of its FNV-1a hash) names its best pages and holds their rows, title and
    lead: the header's list shows the first results, each with its
    text, before any shard (search/s/) is in and without a fragment (search/f/, blocked
    here: a round trip more on a slow network); the shards' ranking follows, its known
    results unchanged. On a phone, every result on the first screen has its text."""
    driver = driver_no_worker  # the log holds the page's requests only
    set_width(driver, 390)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    log = generated_server.log
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/search/f/*"]})
    try:
        out = generated_server.site_dir
        heads = json.loads((out / "search" / "meta.json").read_text())["heads"]
        page = next(p for p in sorted((out / "runbooks").rglob("index.html")) if len(p.relative_to(out).parts) == 5)
        load(driver, generated_server.url("/" + str(page.parent.relative_to(out)) + "/"))
        log.clear()
        # What had come in when the first titles were shown, and what was shown.
        driver.execute_script("""
            const popup = document.getElementById('search-popup');
            new MutationObserver((m, obs) => {
              if (!popup.querySelector('a.result-title')) return;
              obs.disconnect();
              const bottom = popup.getBoundingClientRect().bottom;
              window.firstShown = {
                results: Array.from(popup.querySelectorAll('.result')).map(r => ({
                  title: r.querySelector('a.result-title').textContent,
                  href: r.querySelector('a.result-title').getAttribute('href'),
                  text: (r.querySelector('.excerpt') || {}).textContent || '',
                  visible: r.getBoundingClientRect().top < Math.min(bottom, innerHeight)})),
                files: performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)};
            }).observe(popup, {childList: true, subtree: true});""")
        box = driver.find_element(By.ID, "search-input")
        box.click()
        box.send_keys("partition skew")
        popup = driver.find_element(By.ID, "search-popup")
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.firstShown"))
        first = driver.execute_script("return window.firstShown")
        results = first["results"]
        assert "partition skew" in results[0]["title"].lower(), first
        assert len(results) >= 2 and all(r["text"].strip() for r in results), results
        # The heads' rows hold each URL front-coded against the row before: every link
        # shown from them leads to a page of the site.
        for r in results:
            path = urllib.parse.unquote(urllib.parse.urlsplit(r["href"]).path)
            assert (out / path.strip("/") / "index.html").is_file(), r
        want = set(driver.execute_script(
            "return ['partition', 'skew'].map(w => '/search/h/' + window.pipebookSearch.fnv1a(w) % arguments[0] + '.json');", heads))
        assert want <= set(first["files"]), first
        assert not any(f.startswith(("/search/s/", "/search/f/")) for f in first["files"]), first
        WebDriverWait(driver, 20).until(lambda d: popup.get_attribute("aria-busy") == "false")
        assert any(p.startswith("/search/s/") for p in log.paths()), log.paths()
        final = [(r.find_element(By.CSS_SELECTOR, "a.result-title").text, r.find_element(By.CSS_SELECTOR, ".excerpt").text)
                 for r in popup.find_elements(By.CSS_SELECTOR, ".result")]
        assert "partition skew" in final[0][0].lower(), final
        assert all(text.strip() for _, text in final), final
        # With the fragments: every result on the first screen of the phone's list was
        # among the first shown (the others come a round trip later, below it).
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        box.clear()
        driver.execute_script("arguments[0].appendChild(document.createElement('i')).id = 'stale'", popup)
        box.send_keys("partition skew")
        WebDriverWait(driver, 20).until(lambda d: popup.get_attribute("aria-busy") == "false"
                                        and not d.find_elements(By.ID, "stale"))
        visible = driver.execute_script("""
            const popup = document.getElementById('search-popup'), bottom = Math.min(popup.getBoundingClientRect().bottom, innerHeight);
            return Array.from(popup.querySelectorAll('.result')).filter(r => r.getBoundingClientRect().top < bottom - 24)
              .map(r => r.querySelector('a.result-title').textContent);""")
        assert visible and set(visible) <= {r["title"] for r in results}, (visible, results)
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_typo_hash_and_keys_match_the_index(driver, base_url):
    """search.js files a key under the same FNV-1a hash as src/search.rs (the values of its
    unit test `fnv1a_matches_fixed_values`) and cuts the same keys."""
    load(driver, base_url + "/search/")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.pipebookSearch"))
    fixed = {"": 0x811C9DC5, "a": 0xE40C292C, "foobar": 0xBF9CF968, "cd": 0x5B299902,
             "start": 0x652B04DF, "zü": 0xE2AD4E22, "日本語": 0x805F5CE7}
    got = driver.execute_script(
        "return arguments[0].map(k => window.pipebookSearch.fnv1a(k));", list(fixed))
    assert got == list(fixed.values())
    # `etcd` is filed under `e` and `cd`; `xtcd` (4 letters) looks up the cuts for terms
    # of 4 and 5 letters (3 is too short): `x`, `cd`, `xt`, `cd`.
    assert driver.execute_script("return window.pipebookSearch.typoKeys('xtcd');") == ["x", "cd", "xt", "cd"]


def test_marks_are_words_of_the_text_not_of_its_escapes(driver, base_url):
    """A query word is marked where the text has it, never inside the entities that
    escaping the text writes (`amp` in `&amp;`, `lt` in `&lt;`)."""
    load(driver, base_url + "/search/")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.pipebookSearch"))

    def mark(text, terms):
        return driver.execute_script("return window.pipebookSearch.marked(arguments[0], arguments[1]);",
                                     text, terms)

    assert mark("R&D <b> amp", ["amp"]) == "R&amp;D &lt;b&gt; <mark>amp</mark>"
    assert mark("a < b", ["lt", "gt"]) == "a &lt; b"
    assert mark("at&t and AT&T", ["at&t"]) == "<mark>at&amp;t</mark> and <mark>AT&amp;T</mark>"
    # A word is marked whole, when the index found it (test_marks.py).
    assert mark("Disk disks", ["disk"]) == "<mark>Disk</mark> disks"
    assert mark("Disk disks", ["disk", "disks"]) == "<mark>Disk</mark> <mark>disks</mark>"
    assert mark("<x>", []) == "&lt;x&gt;"


def test_typo_table_loads_only_for_a_word_not_found(driver_no_worker, generated_server):
    """A misspelt first letter is corrected through the typo table (search/t/), which a
    query of known words never downloads."""
    driver = driver_no_worker  # the log holds the page's requests only
    log = generated_server.log
    log.clear()
    load(driver, generated_server.url("/search/?q=" + urllib.parse.quote("partition skew")))
    first = result_links(wait_results(driver))[0]
    assert not [p for p in log.paths() if p.startswith("/search/t/")], "no typo file for known words"
    log.clear()
    load(driver, generated_server.url("/search/?q=" + urllib.parse.quote("xartition skew")))
    assert result_links(wait_results(driver))[0] == first
    typo = [p for p in log.paths() if p.startswith("/search/t/")]
    assert 1 <= len(typo) <= 4, typo
    marks = {m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, "#search-results mark")}
    assert "partition" in marks, marks


def test_a_typo_is_corrected_from_the_whole_index_of_a_small_site(driver_no_worker, corpus_server):
    """The corpus's index comes whole with meta.json: a misspelt first letter is corrected
    from it, without a typo file or a shard."""
    driver = driver_no_worker  # the log holds the page's requests only
    log = corpus_server.log
    log.clear()
    load(driver, corpus_server.base_url + "/search/?q=" + urllib.parse.quote("xtcd fsync"))
    assert result_links(wait_results(driver))[0] == "/runbooks/etcd/etcdHighFsyncDurations/"
    assert not [p for p in log.paths() if p.startswith(("/search/t/", "/search/s/"))], log.paths()
    marks = {m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, "#search-results mark")}
    assert "etcd" in marks, marks


def test_tokenizer_agrees_with_the_index(driver, base_url):
    """search.js cuts words as src/search/words.rs does: the shared cases of
    tests/search/words.json (tests/search_words.rs checks the Rust side against them)."""
    cases = json.loads((REPO / "tests" / "search" / "words.json").read_text())["cases"]
    assert len(cases) >= 10
    load(driver, base_url + "/search/")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.pipebookSearch"))
    got = driver.execute_script("return arguments[0].map(t => window.pipebookSearch.words(t));",
                                [text for text, _ in cases])
    for (text, expected), words in zip(cases, got):
        assert words == expected, f"{text!r}: {words} != {expected}"


def test_joined_names_found_by_parts_and_prefix(driver, corpus_server):
    """An alert name is found by a part of it, by its parts in a query, and by its own
    prefix while typing (the last word is still being typed)."""
    load(driver, corpus_server.base_url + "/search/")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.pipebookSearch"))
    target = "/runbooks/kubernetes/KubeletPlegDurationHigh/"
    for typed in ["pleg", "kubelet pleg", "KubeletPleg", "KubeletPlegD", "kubeletplegdur"]:
        urls = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.pipebookSearch.results(arguments[0], {}, 3).then(r => done(r.items.map(i => i.url)));",
            typed)
        assert urls and urllib.parse.urlsplit(urls[0]).path == target, f"{typed!r}: {urls}"


def test_a_corrected_word_is_shown_and_can_be_refused(driver, base_url):
    """`etcd` is not on the example site; the results for `etc` (one letter away) say so,
    and the link to search for the word as typed finds nothing."""
    load(driver, base_url + "/search/?q=etcd")
    blocks = wait_results(driver)
    assert blocks, "the correction finds pages"
    line = driver.find_element(By.CSS_SELECTOR, "#search-correction .correction")
    assert "Showing results for etc" in line.text and "search for etcd instead" in line.text, line.text
    line.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 10).until(lambda d: "exact=1" in d.current_url)
    assert wait_results(driver) == []
    assert driver.find_element(By.ID, "search-status").text == "No results."
    assert not driver.find_elements(By.CSS_SELECTOR, "#search-correction .correction")
    # A word found as typed, or completed while typing, is no correction.
    for q in ["etc", "normaliz", "benchmark thresholds"]:
        load(driver, base_url + "/search/?q=" + urllib.parse.quote(q))
        assert wait_results(driver)
        assert not driver.find_elements(By.CSS_SELECTOR, "#search-correction .correction"), q


def test_the_header_shows_a_correction_and_enter_opens_the_best_result(driver, base_url):
    load(driver, base_url + "/")
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys("benchmark threshholds")
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, 10).until(lambda d: popup.find_elements(By.CSS_SELECTOR, ".correction"))
    assert "thresholds" in popup.find_element(By.CSS_SELECTOR, ".correction").text
    first = urllib.parse.urlsplit(popup.find_element(By.CSS_SELECTOR, "a.result-title").get_attribute("href")).path
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: urllib.parse.urlsplit(d.current_url).path == first)


def test_results_page_labels_filters_one_box_and_excerpts(driver, base_url, corpus_server):
    """Kinds are labelled as what they are; a filter without values is not shown; the
    page has one search box; the excerpt of a result is not its first sub-result's."""
    load(driver, corpus_server.base_url + "/search/?q=etcd")
    blocks = wait_results(driver)
    kinds = {result_links([b])[0]: b.find_element(By.CSS_SELECTOR, ".kind").get_attribute("textContent") for b in blocks}
    assert kinds.get("/runbooks/etcd/") == "Folder", kinds
    assert kinds.get("/runbooks/etcd/etcdNoLeader/") == "Runbook", kinds
    assert len(driver.find_elements(By.CSS_SELECTOR, "input[type=search]")) == 1, "one search box"
    shown = {sel.get_attribute("data-filter") for sel in driver.find_elements(By.CSS_SELECTOR, "select[data-filter]")
             if sel.is_displayed()}
    assert shown == {"kind"}, f"the corpus has no domains, audiences or owners: {shown}"
    options = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "select[data-filter=kind] option")]
    assert "Folder" in options and "Runbook" in options, options
    for block in blocks:
        main = [p.text for p in block.find_elements(By.CSS_SELECTOR, ":scope > p.excerpt")]
        subs = [p.text for p in block.find_elements(By.CSS_SELECTOR, ".subs p.excerpt")]
        assert not (main and subs and main[0] == subs[0]), f"{result_links([block])}: {main[0]!r} repeated"
    load(driver, base_url + "/search/?q=data")
    wait_results(driver)
    shown = {sel.get_attribute("data-filter") for sel in driver.find_elements(By.CSS_SELECTOR, "select[data-filter]")
             if sel.is_displayed()}
    assert shown == {"kind", "domain", "audience", "owner"}, shown


def test_sub_results_are_named_by_their_headings(driver, corpus_server):
    """A sub-result under a heading is named after both (`Diagnosis › Slow disk issue`)."""
    load(driver, corpus_server.base_url + "/search/?q=" + urllib.parse.quote("slow disk"))
    blocks = wait_results(driver)
    block = blocks[result_links(blocks).index("/runbooks/etcd/etcdNoLeader/")]
    names = [a.text for a in block.find_elements(By.CSS_SELECTOR, ".subs a")]
    assert "Diagnosis › Slow disk issue" in names, names


def test_partial_matches_follow_and_say_so(driver, corpus_server):
    """Fewer than three pages hold every word: the pages holding most of them follow,
    each saying how many words it matches and which it lacks."""
    load(driver, corpus_server.base_url + "/search/?q=" + urllib.parse.quote("kubelet pleg pagerduty"))
    blocks = wait_results(driver)
    assert result_links(blocks)[0] == "/runbooks/kubernetes/KubeletPlegDurationHigh/"
    note = blocks[0].find_element(By.CSS_SELECTOR, ".partial").text
    assert "matches 2 of 3 words" in note and "pagerduty" in note, note
    assert "no page has every word" in driver.find_element(By.ID, "search-status").text
    # With three pages or more holding every word, nothing is marked partial.
    load(driver, corpus_server.base_url + "/search/?q=" + urllib.parse.quote("kubelet certificate"))
    blocks = wait_results(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "#search-results .partial")


def test_names_rank_first_and_listings_last(driver, corpus_server):
    """A runbook named as the query comes first; folder pages come after every runbook."""
    load(driver, corpus_server.base_url + "/search/?q=etcdMembersDown")
    assert result_links(wait_results(driver))[0] == "/runbooks/etcd/etcdMembersDown/"
    load(driver, corpus_server.base_url + "/search/?q=etcd")
    blocks = wait_results(driver)
    kinds = [b.find_element(By.CSS_SELECTOR, ".kind").text.strip().lower() for b in blocks]
    assert "folder" in kinds and "runbook" in kinds, kinds
    assert kinds.index("folder") > max(i for i, k in enumerate(kinds) if k == "runbook"), kinds


def test_synonyms_find_the_words_of_the_page(driver, base_url):
    """`late` finds the runbook that says `delayed` (src/search/synonyms.txt)."""
    load(driver, base_url + "/search/?q=" + urllib.parse.quote("profit data late"))
    blocks = wait_results(driver)
    assert result_links(blocks)[0] == "/runbooks/profit/aggregate-profit/"
    marks = {m.text.lower() for m in blocks[0].find_elements(By.CSS_SELECTOR, "mark")}
    assert "delayed" in marks, marks


def test_a_long_query_of_incident_words_stays_bounded(driver, corpus_server):
    """Twenty words, each with synonyms (about a hundred synonym words in all): the query
    answers, looking up its own words and at most twelve synonym words."""
    words = ("disk full node down late oom crash error timeout certificate expired cpu "
             "killed missing stuck alert sending restart owner slow")
    load(driver, corpus_server.base_url + "/search/")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!(window.pipebookSearch && window.pipebookSearch.search)"))
    r = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.pipebookSearch.search(arguments[0], {}).then(r => done({n: r.ranked.length, lookups: r.lookups}));",
        words)
    assert r["n"] >= 0, r
    assert 20 <= r["lookups"] <= 20 + 12, r


# An alert's runbook and its stub, as in openshift-runbooks (session 25): the stub's few
# words outweighed the runbook's, and it ranked first for the alert's name.
STUB_FILES = {
    "content/runbooks/alerts/cluster-monitoring-operator/KubeAPIDown.md":
        "# KubeAPIDown\n\nThis alert has been moved to [alerts/kao/KubeAPIDown.md](../kao/KubeAPIDown.md)\n",
    "content/runbooks/alerts/kao/KubeAPIDown.md":
        "# KubeAPIDown\n\nThe `KubeAPIDown` alert fires when no Kubernetes API server has answered "
        "the monitoring system for 15 minutes: the API is down, and the cluster may not work.\n\n"
        "## Diagnosis\n\nCheck the API server pods and their logs, then the network between them.\n",
    "content/runbooks/alerts/kao/README.md": "# Kube API server operator\n\nIts alerts.\n",
    # A deprecated alert's runbook and the one of the alert that replaced it, as in
    # openshift-runbooks' openshift-virtualization-operator (session 26).
    "content/runbooks/alerts/virt/OperatorConditionsUnhealthy.md":
        "# OperatorConditionsUnhealthy [Deprecated]\n\nThis alert is deprecated. You can safely ignore or silence it.\n",
    "content/runbooks/alerts/virt/HCOOperatorConditionsUnhealthy.md":
        "# HCOOperatorConditionsUnhealthy\n\n## Meaning\n\nThis alert triggers when the HCO operator conditions or its "
        "secondary resources are in an error or warning state.\n\n## Diagnosis\n\nCheck the operator conditions.\n",
    # Two sections of exit codes: the one of the code asked for holds fewer of the words.
    "content/runbooks/alerts/kao/PodExits.md":
        "# Pod exits\n\n## Exit Code 1\n\nThe container exited with exit code 1, an application error: the exit code "
        "is in the pod's status, and exit code 1 is the code of most failures.\n\n"
        "## Exit code 137\n\nThe kernel killed the container (137 is 128 + 9, SIGKILL): most often out of memory.\n",
}


@pytest.fixture(scope="module")
def stub_site(tmp_path_factory):
    with site_with(tmp_path_factory.mktemp("stubs"), STUB_FILES, themes=True) as srv:
        yield srv


def test_a_stub_ranks_below_the_runbook_of_its_name(driver, stub_site):
    """The runbook comes first on the search page and in the header's list; the rows say
    where each lives by the folders' titles, as the breadcrumbs do."""
    real, stub = "/runbooks/alerts/kao/KubeAPIDown/", "/runbooks/alerts/cluster-monitoring-operator/KubeAPIDown/"
    for query in ["KubeAPIDown", "kube api down"]:
        load(driver, stub_site.url("/search/?q=" + urllib.parse.quote(query)))
        links = result_links(wait_results(driver))
        assert real in links and stub in links and links.index(real) < links.index(stub), (query, links)
    load(driver, stub_site.url("/runbooks/"))
    box = driver.find_element(By.ID, "search-input")
    box.send_keys("KubeAPIDown")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "var b = document.getElementById('search-popup');"
        "return !b.hidden && b.getAttribute('aria-busy') === 'false' && b.querySelectorAll('a.result-title').length >= 2"))
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-popup .result')).map(function (r) {"
        "  return [r.querySelector('a.result-title').getAttribute('href'), (r.querySelector('.where') || {}).textContent]; });")
    assert rows[0] == [real, "Alerts › Kube API server operator"], rows
    assert [stub, "Alerts › Cluster monitoring operator"] in rows, rows
    # The same words as the trail of crumbs on the stub's own page.
    load(driver, stub_site.url(stub))
    crumbs = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "nav.crumbs a")][1:]
    assert " › ".join(crumbs) == "Alerts › Cluster monitoring operator", crumbs


def test_a_deprecated_runbook_ranks_below_the_one_that_replaced_it(driver, stub_site):
    """`OperatorConditionsUnhealthy [Deprecated]` says so in its title and first sentence,
    without a link: the runbook of the alert that replaced it, whose name holds its name,
    comes first for its name and its words; the deprecated one still follows."""
    real = "/runbooks/alerts/virt/HCOOperatorConditionsUnhealthy/"
    old = "/runbooks/alerts/virt/OperatorConditionsUnhealthy/"
    for query in ["OperatorConditionsUnhealthy", "operator conditions unhealthy"]:
        load(driver, stub_site.url("/search/?q=" + urllib.parse.quote(query)))
        links = result_links(wait_results(driver))
        assert links[:2] == [real, old], (query, links)


def test_sub_results_put_the_number_asked_for_first(driver, stub_site):
    """`exit code 137` lists the section of exit code 137 first, though the section of
    exit code 1 holds `exit` and `code` more often; `exit code 1` the other way round
    (`1` is no part of `137`)."""
    for query, anchor in [("exit code 137", "exit-code-137"), ("exit code 1", "exit-code-1")]:
        load(driver, stub_site.url("/search/?q=" + urllib.parse.quote(query)))
        blocks = wait_results(driver)
        block = blocks[result_links(blocks).index("/runbooks/alerts/kao/PodExits/")]
        subs = [urllib.parse.urlsplit(a.get_attribute("href")).fragment for a in block.find_elements(By.CSS_SELECTOR, ".subs a")]
        assert subs and subs[0] == anchor, (query, subs)


def test_listings_rank_below_runbooks_matching_part_of_the_words(driver, corpus_server):
    """A folder's list of its runbooks' titles holds `persistent`, `volume` and `full`,
    which no one runbook but KubePersistentVolumeFillingUp does (through `filling`): the
    folder comes after every runbook shown, those matching two of the words too."""
    load(driver, corpus_server.base_url + "/search/?q=" + urllib.parse.quote("persistent volume full"))
    blocks = wait_results(driver)
    kinds = [b.find_element(By.CSS_SELECTOR, ".kind").text.strip().lower() for b in blocks]
    assert result_links(blocks)[0] == "/runbooks/kubernetes/KubePersistentVolumeFillingUp/"
    assert blocks[1].find_elements(By.CSS_SELECTOR, ".partial"), "runbooks matching two of the words follow"
    assert "folder" in kinds, kinds
    assert kinds.index("folder") > max(i for i, k in enumerate(kinds) if k == "runbook"), kinds


def test_a_corrected_word_reaches_its_synonyms(driver, corpus_server):
    """`presistent volume ful`: `presistent` is corrected, `ful` completed to `full`, whose
    synonym `filling` finds KubePersistentVolumeFillingUp holding every word, marked."""
    load(driver, corpus_server.base_url + "/search/?q=" + urllib.parse.quote("presistent volume ful"))
    blocks = wait_results(driver)
    assert result_links(blocks)[0] == "/runbooks/kubernetes/KubePersistentVolumeFillingUp/"
    assert not blocks[0].find_elements(By.CSS_SELECTOR, ".partial")
    marks = {m.text.lower() for m in blocks[0].find_elements(By.CSS_SELECTOR, "mark")}
    assert "filling" in marks, marks
    assert "persistent" in driver.find_element(By.CSS_SELECTOR, "#search-correction .correction").text
