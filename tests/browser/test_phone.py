"""A runbook at 3 a.m. on a phone (390 x 844): the first screen holds the title, the
pipeline, who is on call now with a control to reach them, and the first step; the
header is one sticky row; owners and the table of contents are folded; nothing moves
once shown. From 1100 px the table of contents is a column beside the text."""

from __future__ import annotations


import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, chrome, console_errors, load, set_width, site_with

PHONE = (390, 844)
RUNBOOKS = ["/runbooks/profit/aggregate-profit/", "/runbooks/growth/aggregate-growth/",
            "/runbooks/engagement/aggregate-engagement/"]

# Layout shift since the page started, as Chromium counts it (without input).
CLS = """
const done = arguments[arguments.length - 1];
let sum = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; })
  .observe({type: 'layout-shift', buffered: true});
setTimeout(() => done(sum), 300);
"""


def box(driver, el) -> dict:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height};", el)


def wait_live(driver):
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".incident [data-oncall][data-live]"))


def on_first_screen(driver, el, what: str) -> None:
    assert el.is_displayed(), f"{what} is hidden"
    b = box(driver, el)
    assert 0 <= b["top"] and b["bottom"] <= PHONE[1], f"{what} is not on the first screen: {b}"


@pytest.mark.parametrize("path", RUNBOOKS)
def test_the_first_screen_holds_what_a_paged_engineer_needs(driver, base_url, path):
    set_width(driver, *PHONE)
    load(driver, base_url + path)
    wait_live(driver)
    on_first_screen(driver, driver.find_element(By.TAG_NAME, "h1"), "the title")
    on_first_screen(driver, driver.find_element(By.CSS_SELECTOR, ".incident .pipeline a"), "the pipeline")
    now = driver.find_element(By.CSS_SELECTOR, ".incident .oncall-now .now")
    assert now.text.startswith("On call now:"), now.text
    on_first_screen(driver, now.find_element(By.CSS_SELECTOR, "strong a"), "who is on call")
    reach = now.find_elements(By.CSS_SELECTOR, ".reach a[href^='tel:'], .reach a[href^='mailto:']")
    assert reach, "no control to reach who is on call"
    on_first_screen(driver, reach[0], "the call or e-mail control")
    assert box(driver, reach[0])["height"] >= 24, "too small to tap"
    first = driver.find_element(By.CSS_SELECTOR, "article.runbook ol > li")
    on_first_screen(driver, first, "the first step")
    # Folded: the owners' details and the table of contents.
    assert driver.find_element(By.CSS_SELECTOR, "details.owners").get_attribute("open") is None
    assert driver.find_element(By.ID, "tocBox").get_attribute("open") is None
    assert driver.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
    assert driver.execute_async_script(CLS) <= 0.02
    assert console_errors(driver, ignore=["/favicon.ico"]) == []


def test_the_header_is_one_sticky_row(driver, base_url):
    set_width(driver, *PHONE)
    load(driver, base_url + RUNBOOKS[0])
    header = driver.find_element(By.CSS_SELECTOR, ".site-header")
    assert box(driver, header)["height"] <= 60
    driver.execute_script("window.scrollTo(0, 500)")
    assert box(driver, header)["top"] == 0, "the header scrolled away"
    # The site's links are in the menu, which opens over the page and closes on Escape.
    assert not driver.find_element(By.CSS_SELECTOR, ".site-nav").is_displayed()
    menu = driver.find_element(By.ID, "pipebook-menu")
    menu.click()
    drawer = driver.find_element(By.ID, "pipebook-drawer")
    assert drawer.is_displayed() and menu.get_attribute("aria-expanded") == "true"
    assert drawer.find_element(By.LINK_TEXT, "On call").is_displayed()
    current = WebDriverWait(driver, 10).until(
        lambda d: drawer.find_element(By.CSS_SELECTOR, ".tree [aria-current='page']"))
    assert current.text == "Profit Pipeline (Aggregate Profit)" and current.is_displayed()
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element == current)
    current.send_keys(Keys.ESCAPE)
    assert not drawer.is_displayed() and menu.get_attribute("aria-expanded") == "false"


def test_search_results_on_a_phone_leave_the_box_visible(driver, base_url):
    set_width(driver, *PHONE)
    load(driver, base_url + RUNBOOKS[0])
    field = driver.find_element(By.ID, "search-input")
    field.click()
    field.send_keys("checks")
    popup = driver.find_element(By.ID, "search-popup")
    WebDriverWait(driver, 10).until(lambda d: popup.find_elements(By.CSS_SELECTOR, "a.result-title"))
    assert box(driver, popup)["top"] >= box(driver, field)["bottom"], "the results cover what is typed"


def test_from_1100_px_the_contents_are_a_column_beside_the_text(driver, base_url):
    for width in (1100, 1280):
        set_width(driver, width)
        load(driver, base_url + RUNBOOKS[0])
        toc = driver.find_element(By.ID, "tocBox")
        assert toc.get_attribute("open") is not None
        links = toc.find_elements(By.CSS_SELECTOR, "ol a")
        assert links and all(a.is_displayed() for a in links)
        text = box(driver, driver.find_element(By.CSS_SELECTOR, "article.runbook"))
        column = box(driver, toc)
        assert column["left"] >= text["right"], (column, text)
        assert column["top"] < 300, "the column starts beside the title"
        tree = WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "#pipebook-drawer nav.tree"))
        assert tree.is_displayed() and box(driver, tree)["right"] <= text["left"]
        assert not driver.find_element(By.ID, "pipebook-menu").is_displayed()
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        assert box(driver, toc)["top"] >= 0, "the column scrolls away"
    # Below 1100 px it is the folded list above the text.
    set_width(driver, 1000)
    load(driver, base_url + RUNBOOKS[0])
    assert driver.find_element(By.ID, "tocBox").get_attribute("open") is None


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_moves_once_shown(driver, base_url, width):
    set_width(driver, width, *( [PHONE[1]] if width == 390 else []))
    for path in RUNBOOKS + ["/", "/runbooks/", "/pipelines/aggregate-profit/"]:
        load(driver, base_url + path)
        if driver.find_elements(By.CSS_SELECTOR, "[data-oncall]"):
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
        shift = driver.execute_async_script(CLS)
        assert shift <= 0.02, f"{path} at {width}px: layout shift {shift:.3f}"


def test_with_phones_published_the_first_screen_has_a_call_button(tmp_path):
    """Phones are private by default; a site that publishes them gets Call (tel:) beside
    who is on call, kept by the live answer."""
    def team(text):
        for i in range(1, 5):
            text = text.replace(f'slack: "@de{i}" }}', f'slack: "@de{i}", phone: "+1 555 010{i}" }}')
        return text
    files = {"content/team.yaml": team,
             "content/site.yaml": lambda text: text + "publish_contacts: [slack, email, phone]\n"}
    with chrome() as drv, site_with(tmp_path / "site", files) as srv:
        set_width(drv, *PHONE)
        load(drv, srv.url(RUNBOOKS[0]))
        wait_live(drv)
        call = drv.find_element(By.CSS_SELECTOR, ".incident .now .reach a[href^='tel:']")
        assert call.text == "Call" and call.get_attribute("href").startswith("tel:+1555010")
        on_first_screen(drv, call, "the call button")


def test_the_live_box_keeps_the_note_of_the_shift_it_shows(tmp_path):
    """The build-time box explains its shift (an override, a swap); oncall.json carries no
    such text, so the live box keeps the note while it shows the same shift. Dropping it
    moved the page (layout shift 0.038 at 1280 px on a swapped week)."""
    import datetime
    import re
    from zoneinfo import ZoneInfo

    text = (REPO / "content" / "oncall.yaml").read_text(encoding="utf-8")
    zone = re.search(r"^\s*timezone:\s*\"?([\w/]+)", text, re.M).group(1)
    now = datetime.datetime.now(ZoneInfo(zone))
    start, end = (now - datetime.timedelta(hours=2)), (now + datetime.timedelta(days=2))
    fmt = "%Y-%m-%d %H:%M"
    cover = f'  - {{ from: "{start:{fmt}}", to: "{end:{fmt}}", engineer: de1, reason: "cover for a test" }}\n'
    assert not re.search(r"^overrides:", text, re.M), "the example gained overrides; merge into them"
    files = {"content/oncall.yaml": text + "overrides:\n" + cover}
    with chrome() as drv, site_with(tmp_path / "site", files) as srv:
        for width in (390, 1280):
            set_width(drv, width, *([PHONE[1]] if width == 390 else []))
            load(drv, srv.base_url + "/pipelines/aggregate-profit/")
            WebDriverWait(drv, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-oncall][data-live]"))
            box = drv.find_element(By.CSS_SELECTOR, "[data-oncall][data-live] .now")
            assert "Data Engineer 1" in box.text, box.text
            # The note is the folded line under it (.shift-note), whole to a screen reader.
            note = drv.find_element(By.CSS_SELECTOR, "[data-oncall][data-live] .now + .shift-note")
            assert "Override, reason given: \u201ccover for a test\u201d" in note.text, note.text
            if width == 390:
                summary = note.find_element(By.TAG_NAME, "summary")
                assert summary.rect["height"] < 30, "the note is more than a line on a phone"
                summary.click()
                assert note.get_attribute("open") is not None, "a tap does not unfold the note"
            shift = drv.execute_async_script(CLS)
            assert shift <= 0.02, f"layout shift {shift:.3f} at {width}px"


def test_an_alert_without_a_runbook_says_who_to_call_on_the_first_screen(tmp_path):
    """The route of an alert no runbook claims (session 24) is a page in the site's layout:
    on a phone, the sticky header, the alert, "No runbook yet", its pipeline and who is on
    call with a control to reach them, and no sideways scrolling."""
    def unclaim(text):
        return text.replace(", UnitLevelProfitStale, UnitLevelProfitSLAMissed]", "]").replace(
            "pipelines: [aggregate-profit, unit-level-profit]", "pipelines: [aggregate-profit]")
    files = {"content/runbooks/profit/aggregate-profit.md": unclaim}
    with chrome() as drv, site_with(tmp_path / "site", files) as srv:
        set_width(drv, *PHONE)
        load(drv, srv.url("/alerts/unitlevelprofitstale/"))  # its page; the name as written redirects here
        wait_live(drv)
        assert box(drv, drv.find_element(By.CSS_SELECTOR, ".site-header"))["height"] <= 60
        on_first_screen(drv, drv.find_element(By.TAG_NAME, "h1"), "the alert")
        lead = drv.find_element(By.CSS_SELECTOR, ".lead")
        assert lead.text.startswith("No runbook yet."), lead.text
        on_first_screen(drv, drv.find_element(By.CSS_SELECTOR, ".incident .pipeline a"), "the pipeline")
        reach = drv.find_elements(By.CSS_SELECTOR, ".incident .now .reach a")
        assert reach, "no control to reach who is on call"
        on_first_screen(drv, reach[0], "the call or e-mail control")
        assert drv.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
        assert drv.execute_async_script(CLS) <= 0.02
        assert console_errors(drv, ignore=["/favicon.ico"]) == []
