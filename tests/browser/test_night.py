"""What a demanding reader checks at 3 a.m. (session 17): every text readable in the light
and the dark scheme (WCAG contrast measured in the browser, with the search list open and a
step targeted), keyboard focus visible in both, and a runbook printed whole.

Found: the heading and step links ("#") were drawn at half opacity, 2.2:1 in light and
2.8:1 in dark (4.5 needed), and a phone has no hover to bring them up; a runbook's table
wider than the paper was cut off in print (it scrolls in its box on a screen)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, load, set_width, site_with

# Colours as the browser resolves them: the text's own (with its and its ancestors'
# opacity) over the first opaque background behind it, blended through translucent ones.
COLOUR = r"""
window.pbColour = (() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const blend = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3])).concat(1);
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let under = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) under = blend(layers[i], under);
    return under; };
  const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  return {parse, blend, background, opacity, ratio};
})();
"""

# Every element holding visible text whose contrast is under WCAG AA (4.5:1, or 3:1 for
# large text: 24 px, or 18.66 px bold).
LOW_CONTRAST = COLOUR + r"""
const {parse, blend, background, opacity, ratio} = window.pbColour;
const low = [], seen = new Set();
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) {
  const el = walk.currentNode.parentElement;
  if (!walk.currentNode.textContent.trim() || seen.has(el)) continue;
  seen.add(el);
  const box = el.getBoundingClientRect(), cs = getComputedStyle(el);
  if (!box.width || !box.height || cs.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
  const under = background(el), c = parse(cs.color);
  const r = ratio(blend([c[0], c[1], c[2], c[3] * opacity(el)], under), under);
  const size = parseFloat(cs.fontSize), large = size >= 24 || (+cs.fontWeight >= 700 && size >= 18.66);
  if (r < (large ? 3 : 4.5)) low.push(`${el.tagName}.${el.className} "${walk.currentNode.textContent.trim().slice(0, 30)}" ${r.toFixed(2)}`);
}
return low;
"""

NIGHT_PAGES = ["home", "runbook", "pipeline", "engineer", "oncall", "folder", "404", "offline"]


def scheme(driver, name: str) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": name}]})


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("colours", ["light", "dark"])
def test_every_text_is_readable_in_both_schemes(driver, base_url, colours, width):
    """WCAG AA contrast of every visible text of each page kind, plus the states a reader
    brings about: a step linked to (its row highlighted), the owners and contents opened,
    the header's search list and the search page's results with their marks."""
    set_width(driver, width)
    scheme(driver, colours)
    low = []
    try:
        for kind in NIGHT_PAGES:
            load(driver, base_url + PAGES[kind])
            low += [f"{kind}: {x}" for x in driver.execute_script(LOW_CONTRAST)]
        load(driver, base_url + PAGES["runbook"] + "#steps.2")
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert driver.execute_script("return !!document.querySelector(':target')"), "no step 2 to target"
        low += [f"runbook#steps.2: {x}" for x in driver.execute_script(LOW_CONTRAST)]
        box = driver.find_element(By.ID, "search-input")
        if width < 768:
            driver.execute_script("window.scrollTo(0, 0)")
        box.click()
        box.send_keys("profit")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-popup a.result-title"))
        low += [f"search list: {x}" for x in driver.execute_script(LOW_CONTRAST)]
        load(driver, base_url + "/search/?q=profit")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results mark"))
        low += [f"search page: {x}" for x in driver.execute_script(LOW_CONTRAST)]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert not low, "\n".join(low)


# The focused element's outline: its style, width, and its colour's contrast against the
# background around the element (WCAG 2.2's focus appearance asks for 3:1).
FOCUS = COLOUR + r"""
const {parse, background, ratio} = window.pbColour;
const el = document.activeElement, cs = getComputedStyle(el);
const around = background(el.parentElement || el), ring = parse(cs.outlineColor);
return {what: `${el.tagName}.${el.className}#${el.id} "${(el.textContent || '').trim().slice(0, 20)}"`,
        style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), contrast: ring ? ratio(ring, around) : 0,
        shown: el.getBoundingClientRect().width > 0};
"""


@pytest.mark.parametrize("colours", ["light", "dark"])
def test_keyboard_focus_is_visible_in_both_schemes(driver, base_url, colours):
    """Tab through a runbook (its header, owners, steps' links, code's Copy buttons) and
    /oncall/ (its calendar's rows): each stop shows an outline of 2 px or more, at 3:1
    against what is around it."""
    scheme(driver, colours)
    faint = []
    try:
        for path in (PAGES["runbook"], PAGES["oncall"]):
            load(driver, base_url + path)
            stops = 0
            for _ in range(40):
                ActionChains(driver).send_keys(Keys.TAB).perform()
                f = driver.execute_script(FOCUS)
                if f["what"].startswith("BODY"):
                    break
                stops += 1
                if f["shown"] and (f["style"] in ("none", "hidden") or f["width"] < 2 or f["contrast"] < 3):
                    faint.append(f"{path}: {f}")
            assert stops >= 10, f"{path}: only {stops} focus stops"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert not faint, "\n".join(faint)


WIDE = """
## Checklist

| Step | Command | Expected | Owner | Escalate to | Notes |
| --- | --- | --- | --- | --- | --- |
| 1 | `SELECT count(*) FROM acme_supply_chain_curated.dim_customer_history` | a number above zero | primary | secondary | on the replica first |

See the [dashboard](https://dashboards.example.com/d/abcdefgh/supply-chain-overview).

```sh
kubectl -n warehouse exec deploy/loader -- loader --backfill --from 2026-01-01 --to 2026-01-31 --table acme_supply_chain_curated.fact_shipments_by_region_daily
```
"""

# What printing shows: the site's parts left out, and anything cut (content wider or
# taller than its box, where the box would not show the rest on paper).
PRINTED = """
const shown = s => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length).length;
const cut = [...document.querySelectorAll('main *')].filter(e => e.getClientRects().length
  && ((e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
   || (e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible')))
  .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
const right = Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right));
return {site: shown('.site-header, .drawer, .site-footer, .toc, .author-toc, .copy-code'), cut, right,
        width: document.documentElement.clientWidth,
        urls: [...document.querySelectorAll('article a[href^="http"]')].map(a => getComputedStyle(a, '::after').content)};
"""

DOCTOC = """<!-- START doctoc generated TOC please keep comment here to allow auto update -->
- [Steps](#steps)
- [Checks](#checks)
- [Known failure modes](#known-failure-modes)
<!-- END doctoc -->

"""


def test_a_runbook_prints_whole(driver, tmp_path):
    """On paper (a 480 px wide page here), a six-column table that scrolls in its box on
    a screen was cut at the paper's edge: it now takes the paper's width and wraps. The
    author's own contents, like the theme's, are left out; a long command wraps; an
    external link shows its address."""
    page = "content/runbooks/profit/aggregate-profit.md"

    def edit(text: str) -> str:
        head, body = text.split("\n## ", 1)
        return head + "\n" + DOCTOC + "## " + body + WIDE

    with site_with(tmp_path, {page: edit}) as srv:
        set_width(driver, 480)
        load(driver, srv.url("/runbooks/profit/aggregate-profit/"))
        assert driver.find_elements(By.CSS_SELECTOR, "article details.author-toc"), "no author's contents to leave out"
        table = driver.find_element(By.CSS_SELECTOR, "article table")
        assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", table), \
            "on a screen this wide the table scrolls in its box"
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            printed = driver.execute_script(PRINTED)
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed["site"] == 0, printed
    assert not printed["cut"], printed["cut"]
    assert printed["right"] <= printed["width"] + 0.5, printed
    assert any("dashboards.example.com" in u for u in printed["urls"]), printed["urls"]
