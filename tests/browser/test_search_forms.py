"""Other forms of a word, found with queries written blind (tests/search/blind34.json,
session 34):

- A long word found every word sharing all but its last two letters: `country` found
  `count` and `counter`, and a page about counters came before the one about a country.
  Now two words are forms of one another when taking an ending off each leaves one root
  (`deployment`, `deployed`: `deploy`; `throttling`, `throttle`: `throttl`).
- A hyphenated word was only its two halves: `postmortem` did not find `post-mortem`,
  nor `failover` `fail-over`. Two words of letters joined by one hyphen are stored
  joined too, and a query's hyphenated word finds the joined spelling.
"""

from __future__ import annotations

import pytest

from test_search_weak import RUNBOOK, page_links, served_runbooks

FILES = {
    "counters/reset.md": RUNBOOK.format(
        title="Reset the counter", body="When the row count drifts, reset the counter and count again."),
    "vpn/abroad.md": RUNBOOK.format(
        title="VPN login from abroad", body="A login from an unusual country: check the user's travel."),
    "deploy/rollback.md": RUNBOOK.format(
        title="Roll back", body="The service was deployed with a bad image: roll it back."),
    "deploy/canary.md": RUNBOOK.format(title="Canary", body="Watch the canary's error rate for ten minutes."),
    "incidents/review.md": RUNBOOK.format(
        title="Incident review", body="Write the post-mortem within two days, with a timeline."),
    "incidents/notes.md": RUNBOOK.format(
        title="Notes", body="Our postmortem template lives in the wiki."),
    "db/switch.md": RUNBOOK.format(
        title="Database switch", body="Do a fail-over to the replica when the primary is lost."),
    "db/chain.md": RUNBOOK.format(
        title="Metrics", body="The kube-state-metrics exporter is down."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_runbooks(tmp_path_factory.mktemp("forms"), FILES) as srv:
        yield srv


def test_a_long_word_does_not_find_words_that_only_start_alike(driver, site):
    links = page_links(driver, site.base_url, "country")
    assert links == ["/runbooks/vpn/abroad/"], links


def test_a_long_word_finds_its_inflections(driver, site):
    assert "/runbooks/deploy/rollback/" in page_links(driver, site.base_url, "deployment"), "deployed"


@pytest.mark.parametrize("query", ["postmortem", "post-mortem", "Post-Mortem"])
def test_a_hyphenated_word_and_its_joined_spelling_find_each_other(driver, site, query):
    links = page_links(driver, site.base_url, query)
    assert sorted(links[:2]) == ["/runbooks/incidents/notes/", "/runbooks/incidents/review/"], links


def test_a_joined_word_finds_its_hyphenated_spelling(driver, site):
    assert page_links(driver, site.base_url, "failover")[:1] == ["/runbooks/db/switch/"]


def test_a_chain_of_hyphenated_words_is_not_joined(driver, site):
    # Only pairs are joined: a chain's pairs are not words anybody types.
    assert page_links(driver, site.base_url, "statemetrics") == []
    assert page_links(driver, site.base_url, "kube-state-metrics")[:1] == ["/runbooks/db/chain/"]
