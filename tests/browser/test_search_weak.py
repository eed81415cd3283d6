"""Two ranking faults found with queries written blind over collections the ranking had not
been tuned on (tests/search/blind33.json, session 33):

- A folder whose list is only its runbooks' titles matched every word of `PLEG latency
  high` (two titles hold them between them) and came before the runbook matching all but
  one, `KubeletPlegDurationHigh`. A folder page with text of its own that alone holds every
  word still leads (`wiz status code 400` in GitLab's runbooks).
- A catalogue of event codes ten times the size of any runbook held every word of a query
  once, in passing, and so kept the playbook holding most of them, in its title, off the
  first page: a page matching every word but some weakly is not an answer that hides the
  pages matching most of them.
"""

from __future__ import annotations

import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, load, serve

RUNBOOK = "---\ntitle: {title}\n---\n\n{body}\n"

FILES = {
    # A folder without a page: its listing is its runbooks' titles.
    "kube/KubeletPlegDurationHigh.md": RUNBOOK.format(
        title="KubeletPlegDurationHigh",
        body="The Kubelet Pod Lifecycle Event Generator takes long to relist pods. Check the node's load."),
    "kube/KubeletPodStartUpLatencyHigh.md": RUNBOOK.format(
        title="KubeletPodStartUpLatencyHigh", body="Pods take long to start on a node. Check image pulls."),
    "kube/KubeNodeNotReady.md": RUNBOOK.format(title="KubeNodeNotReady", body="A node is not ready."),
    # A folder with a page of its own holding every word of its query, alone.
    "wiz/README.md": RUNBOOK.format(
        title="Wiz runtime sensor",
        body="## Invalid service account type: status code 400\n\nThe sensor's account is of the wrong type."),
    "wiz/install.md": RUNBOOK.format(title="Install the sensor", body="Install it with the chart."),
    "api/errors.md": RUNBOOK.format(title="API errors", body="A status code of 400 means a bad request."),
    "api/retries.md": RUNBOOK.format(title="Retries", body="Retry on status code 429 or 503, never 400."),
    "proxy/codes.md": RUNBOOK.format(title="Proxy codes", body="Status code 400 from the proxy: see its log."),
    # The playbook, and three catalogues that hold every word once among thousands.
    "playbooks/vpn-access.md": RUNBOOK.format(
        title="Unauthorized VPN access",
        body="## Investigate\n\nLook for a VPN login from another country than the user's own."),
}
FILLER = " ".join(f"code {i} means session event number {i} of the appliance." for i in range(2500))
for n in range(3):
    FILES[f"catalogue/codes-{n}.md"] = RUNBOOK.format(
        title=f"Appliance message codes, part {n}",
        body=FILLER + " A vpn tunnel may log a login at 3am from another country. " + FILLER)


def page_links(driver, base: str, query: str) -> list[str]:
    load(driver, base + "/search/?q=" + urllib.parse.quote(query))
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "search-status").text.strip())
    return [urllib.parse.urlsplit(a.get_attribute("href")).path
            for a in driver.find_elements(By.CSS_SELECTOR, "#search-results > li.result a.result-title")]


def served_runbooks(root, files: dict[str, str]):
    """Builds a site of `files` (paths under content/runbooks/) in `root` and serves it."""
    for name, text in files.items():
        path = root / "content" / "runbooks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return serve(build_site(root, root / "public"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_runbooks(tmp_path_factory.mktemp("weak"), FILES) as srv:
        yield srv


def test_a_runbook_matching_all_words_but_one_comes_before_a_folders_list_of_titles(driver, site):
    links = page_links(driver, site.base_url, "PLEG latency high")
    assert "/runbooks/kube/" in links, links
    assert links[0] == "/runbooks/kube/KubeletPlegDurationHigh/", links


def test_a_folder_page_that_alone_holds_every_word_still_leads(driver, site):
    links = page_links(driver, site.base_url, "wiz status code 400")
    assert links[0] == "/runbooks/wiz/", links
    assert "/runbooks/api/errors/" in links, links


def test_pages_holding_every_word_in_passing_do_not_hide_the_page_holding_most(driver, site):
    links = page_links(driver, site.base_url, "vpn login 3am from another country")
    assert links[0] == "/runbooks/playbooks/vpn-access/", links
    assert "/runbooks/catalogue/codes-0/" in links, links
    # It says what it does not hold.
    load(driver, site.base_url + "/search/?q=" + urllib.parse.quote("vpn login 3am from another country"))
    first = WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results > li.result"))[0]
    assert "matches 4 of 5 words" in first.text, first.text
