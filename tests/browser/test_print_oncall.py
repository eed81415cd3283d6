"""Print of a runbook that has an on-call block (issue 16.6): test_navigation's print
check runs on a corpus runbook, which names no pipeline and so shows no on-call block and
no owners; the example's runbook has both, and an edit link in its footer."""

from __future__ import annotations

from conftest import PAGES, load

SEEN = """
const seen = s => Array.from(document.querySelectorAll(s)).filter(e => e.getClientRects().length).length;
return {oncall: seen('[data-oncall], .oncall-now'), owners: seen('.owners'), toc: seen('.toc'),
        edit: seen('a[href*="/edit/"], a[href*="/blob/"]'), header: seen('.site-header, .site-footer'),
        controls: seen('.copy-code, .anchor, .step-link, #theme-toggle, .prev-next, #pipebook-drawer'),
        steps: seen('article ol li'), title: seen('h1')};
"""


def test_print_leaves_out_the_on_call_block_and_the_edit_link(driver, base_url):
    load(driver, base_url + PAGES["runbook"])
    before = driver.execute_script(SEEN)
    assert before["oncall"] >= 1 and before["edit"] >= 1, before  # what print must leave out
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = driver.execute_script(SEEN)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed["title"] == 1 and printed["steps"] >= 5, printed
    for part in ("oncall", "toc", "edit", "header", "controls"):
        assert printed[part] == 0, f"{part} printed: {printed}"
