"""The words marked in a search result's excerpt are the words the index found: whole
words, or the first part of a joined name as the index cuts it (src/search/words.rs),
never the start of a longer word (`who is on call` marked `on` in `one`)."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, console_errors, load

CASES = [
    # (text, terms, the marked words)
    ("Someone is on call: one phone, one isolated host.", ["who", "is", "on", "call"],
     ["is", "on", "call"]),
    ("Check etcdMembersDown and etcd_members; not etcdx.", ["etcd"], ["etcd", "etcd"]),
    ("HTTPServer errors, x509 certs, the pipeline's lag.", ["http", "x", "pipeline"],
     ["HTTP", "x", "pipeline"]),
    ("Calls and callbacks; call.", ["call", "calls"], ["Calls", "call"]),
    ("AT&T &amp; ampere amp", ["amp"], ["amp", "amp"]),
]


@pytest.mark.parametrize("text,terms,want", CASES)
def test_marks_are_whole_words_or_first_parts(driver, base_url, text, terms, want):
    load(driver, base_url + PAGES["search"])
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return !!(window.pipebookSearch && window.pipebookSearch.marked)"))
    got = driver.execute_script("""
        const html = window.pipebookSearch.marked(arguments[0], arguments[1]);
        const el = document.createElement('div');
        el.innerHTML = html;
        return {text: el.textContent, marks: Array.from(el.querySelectorAll('mark'), m => m.textContent)};
    """, text, terms)
    assert got["text"] == text  # escaped and nothing lost
    assert got["marks"] == want, got
    assert console_errors(driver, ignore=["/favicon.ico"]) == []
