"""Code highlighted at build time, in the browser: coloured tokens in the light and the
dark scheme with no serious axe violation, a Copy button that copies the plain code, and
shell sessions whose prompts are neither copied nor selected. The page is the runbook of
tests/fixtures/highlight (one block per language, and a bash session)."""

from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, build_site, console_errors, load, screenshot, serve, set_width
from test_accessibility import axe_source, serious  # noqa: F401 (a fixture)

FIXTURE = REPO / "tests" / "fixtures" / "highlight"
PAGE = "/runbooks/code/"

# What the Copy button of the first block (SQL) must put on the clipboard.
SQL = """-- rows per day; a < 2 & b
SELECT load_date, COUNT(*) AS row_count
FROM analytics.fact_orders
WHERE load_date >= '2026-01-09' AND amount < 100
GROUP BY load_date;
"""

# What Copy must put on the clipboard for the bash session: its commands alone, the
# continued one whole; no prompt, comment or output.
SESSION = """kubectl get pod -n etl etl-0 -o wide \\
    --no-headers
oc debug node/worker-2
chroot /host
crictl ps --name etl"""

# Records what site.js writes to the clipboard (headless Chromium has no real one).
STUB_CLIPBOARD = """
window.__copied = null;
Object.defineProperty(navigator, 'clipboard', {configurable: true, value: {
  writeText: function (t) { window.__copied = t; return Promise.resolve(); }}});
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("highlight")
    shutil.copytree(FIXTURE / "content", root / "content")
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def _scheme(driver, scheme: str | None) -> None:
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})


def _color(driver, css: str) -> str:
    return driver.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0])).color", css)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tokens_are_coloured_and_accessible(driver, fixture_site, axe_source, scheme):
    _scheme(driver, scheme)
    try:
        load(driver, fixture_site.url(PAGE))
        keyword = driver.find_element(By.CSS_SELECTOR, "code.language-sql .k")
        assert keyword.text == "SELECT" and keyword.is_displayed()
        plain = _color(driver, "code.language-sql")
        for token in (".k", ".s", ".n", ".c", ".f"):
            assert _color(driver, f"code.language-sql {token}") != plain, token
        assert _color(driver, "code.language-shell .o") != plain
        assert _color(driver, "code.language-yaml .p") != plain
        assert _color(driver, "code.language-promql .p") != plain
        # A diff's added and removed lines: each its own colour and background.
        added = driver.find_element(By.CSS_SELECTOR, "code.language-diff .gi")
        removed = driver.find_element(By.CSS_SELECTOR, "code.language-diff .gd")
        assert added.text.startswith("+") and removed.text.startswith("-")
        background = "return getComputedStyle(arguments[0]).backgroundColor"
        colours = {(e.value_of_css_property("color"), driver.execute_script(background, e))
                   for e in (added, removed)}
        assert len(colours) == 2 and all(bg != "rgba(0, 0, 0, 0)" for _, bg in colours), colours
        # Unknown languages stay plain text.
        assert driver.find_elements(By.CSS_SELECTOR, "code.language-nix span") == []
        assert serious(driver, axe_source) == []
        set_width(driver, 390)
        load(driver, fixture_site.url(PAGE))
        screenshot(driver, f"highlight-390-{scheme}")
        assert console_errors(driver, ignore=["/favicon.ico"]) == []
    finally:
        _scheme(driver, None)


def test_the_toggle_switches_the_token_colours(driver, fixture_site):
    _scheme(driver, "light")
    try:
        load(driver, fixture_site.url(PAGE))
        light = _color(driver, "code.language-sql .k")
        driver.find_element(By.ID, "theme-toggle").click()
        assert driver.execute_script("return document.documentElement.dataset.theme") == "dark"
        assert _color(driver, "code.language-sql .k") != light
        driver.execute_script("localStorage.clear()")
    finally:
        _scheme(driver, None)


def test_copy_copies_the_plain_code(driver, fixture_site):
    load(driver, fixture_site.url(PAGE))
    driver.execute_script(STUB_CLIPBOARD)
    button = driver.find_element(By.CSS_SELECTOR, "pre:has(> code.language-sql) > button.copy-code")
    button.click()
    WebDriverWait(driver, 5).until(lambda d: button.text == "Copied")
    assert driver.execute_script("return window.__copied") == SQL
    # The console block: its command alone, without prompt or output.
    driver.find_element(By.CSS_SELECTOR, "pre:has(> code.language-console) > button.copy-code").click()
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return window.__copied") != SQL)
    assert driver.execute_script("return window.__copied") == "etcdctl defrag --cluster"


def test_a_session_copies_its_commands_alone(driver, fixture_site):
    load(driver, fixture_site.url(PAGE))
    driver.execute_script(STUB_CLIPBOARD)
    code = driver.find_element(By.CSS_SELECTOR, "code.language-bash")
    prompts = code.find_elements(By.CSS_SELECTOR, ".gp")
    assert [p.get_attribute("textContent") for p in prompts] == ["$ ", "$ ", "# ", "# "]
    assert all(p.value_of_css_property("user-select") == "none" for p in prompts)
    output = code.find_element(By.CSS_SELECTOR, ".go")
    assert output.value_of_css_property("color") != code.find_element(By.CSS_SELECTOR, ".f").value_of_css_property("color")
    driver.find_element(By.CSS_SELECTOR, "pre:has(> code.language-bash) > button.copy-code").click()
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return window.__copied") is not None)
    assert driver.execute_script("return window.__copied") == SESSION
    # Selecting the whole block and copying it (Ctrl+C) takes no prompt either.
    selected = driver.execute_script("""
        const code = document.querySelector('code.language-bash');
        const sel = getSelection();
        sel.removeAllRanges();
        sel.selectAllChildren(code);
        let copied = null;
        document.addEventListener('copy', (e) => { copied = sel.toString(); }, {once: true});
        document.execCommand('copy');
        return [sel.toString(), copied];""")
    for text in selected:
        assert "kubectl get pod" in text and "chroot /host" in text and "etl-0   1/1" in text, text
        assert "$ " not in text and "# chroot" not in text, text
    assert console_errors(driver, ignore=["/favicon.ico"]) == []
