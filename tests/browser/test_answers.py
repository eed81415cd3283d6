"""The team's questions answered above the search results (search-answers.js): who is on
call, who owns a pipeline, an engineer's name or id, a pipeline's id. The expected answers
are worked out here from the site's own oncall.json and search/answers.json at the time
of the test, so they hold whatever day the tests run; the card must say them, in the
team's time zone and the reader's, on the search page and in the header's list, with the
published contacts only, names as text, offline too, and loaded only when asked."""

from __future__ import annotations

import json
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (PAGES, chrome, console_errors, load, screenshot, serve, set_width,
                      site_with)
from test_accessibility import axe_source, serious  # noqa: F401 (a fixture)
from test_offline import offline, wait_saved

READER_ZONE = "Asia/Tokyo"


def data(site_dir: Path) -> tuple[dict, dict]:
    return (json.loads((site_dir / "oncall.json").read_text(encoding="utf-8")),
            json.loads((site_dir / "search" / "answers.json").read_text(encoding="utf-8")))


def now_and_next(sched: dict) -> tuple[dict, dict | None]:
    """The shift under way and the next one with another engineer (as the card reads them)."""
    now = datetime.now(timezone.utc)
    shifts = sched["shifts"]
    for i, s in enumerate(shifts):
        if datetime.fromisoformat(s["start"]) <= now < datetime.fromisoformat(s["end"]):
            nxt = next((t for t in shifts[i + 1:] if t["engineer"] != s["engineer"]), None)
            return s, nxt
    raise AssertionError(f"no shift under way in oncall.json at {now}")


def names(sched: dict) -> dict[str, str]:
    return {e["id"]: e["name"] for e in sched["engineers"]}


def ask(driver, base: str, q: str, timeout: float = 10) -> list:
    """The answer cards for `q` on the search page (waits for the results first)."""
    load(driver, base + "/search/?q=" + urllib.parse.quote(q))
    WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.ID, "search-status").text.strip())
    WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-answer] .answer"),
                                         message=f"no answer card for {q!r}")
    return driver.find_elements(By.CSS_SELECTOR, "[data-answer] .answer")


def row(card, label: str) -> str:
    """The text of the card's line that starts with `label`."""
    for p in card.find_elements(By.CSS_SELECTOR, ".answer-row"):
        if p.text.startswith(label):
            return p.text
    raise AssertionError(f"no {label!r} line in {card.text!r}")


@pytest.fixture(autouse=True)
def reader_in_tokyo(driver):
    """The reader is in another zone than the team (America/New_York), as a team spread
    over the world is."""
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": READER_ZONE})
    yield
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})


# ------------------------------------------------------------------- the questions

ONCALL_QUESTIONS = ["who is on call", "on call now", "on-call now", "who's on call?", "oncall"]


@pytest.mark.parametrize("q", ONCALL_QUESTIONS)
def test_who_is_on_call(driver, base_url, site_dir, q):
    sched, _ = data(site_dir)
    cur, nxt = now_and_next(sched)
    who = names(sched)
    cards = ask(driver, base_url, q)
    assert len(cards) == 1
    card = cards[0]
    assert card.find_element(By.CSS_SELECTOR, ".answer-title").text.endswith("On call now")
    primary = row(card, "Primary:")
    assert who[cur["engineer"]] in primary and "until" in primary
    assert who[cur["secondary"]] in row(card, "Secondary:")
    assert nxt and who[nxt["engineer"]] in row(card, "Next handoff:")
    # The times are the shifts' own, in the team's zone and the reader's, and say so.
    stamps = [t.get_attribute("datetime") for t in card.find_elements(By.CSS_SELECTOR, "time")]
    assert stamps == [cur["end"], nxt["start"]]
    assert "your time" in primary
    note = driver.find_element(By.CSS_SELECTOR, "[data-answer] .answer-zone").text
    assert sched["timezone"] in note and READER_ZONE in note
    # Tap to e-mail, as oncall.json publishes it; no phone on the example site.
    mails = [a.get_attribute("href") for a in card.find_elements(By.CSS_SELECTOR, "a.reach-mail")]
    contacts = {e["id"]: e for e in sched["engineers"]}
    assert contacts[cur["engineer"]]["email_url"] in mails
    assert not card.find_elements(By.CSS_SELECTOR, "a[href^='tel:']")
    assert contacts[cur["engineer"]]["slack"] in primary
    assert not console_errors(driver, ignore=("favicon.ico",))


OWNER_QUESTIONS = [
    ("owner of daily growth", ["daily-growth"]),
    ("who owns daily growth", ["daily-growth"]),
    ("who owns dialy growth", ["daily-growth"]),          # a typo
    ("owner of profit", ["unit-level-profit", "aggregate-profit"]),   # the domain
    ("who is responsible for aggregate engagement", ["aggregate-engagement"]),
    ("daily-growth", ["daily-growth"]),                   # a pipeline id alone
    ("aggregate-profit", ["aggregate-profit"]),
    ("who is on call for daily growth", ["daily-growth"]),
    # A job names its pipeline when every word of it is asked (and only then: "owner of
    # daily growth" above is not aggregate_growth_daily's pipeline).
    ("aggregate_growth_daily", ["aggregate-growth"]),
    ("who owns daily_growth_metrics", ["daily-growth"]),
    # The second owner, asked by the word the engineers' pages use, or the schedule's.
    ("who is backup for aggregate growth", ["aggregate-growth"]),
    ("backup for aggregate growth", ["aggregate-growth"]),
    ("secondary owner unit-level profit", ["unit-level-profit"]),
]


@pytest.mark.parametrize("q,ids", OWNER_QUESTIONS, ids=[q for q, _ in OWNER_QUESTIONS])
def test_who_owns_a_pipeline(driver, base_url, site_dir, q, ids):
    sched, ans = data(site_dir)
    who = names(sched)
    pipes = {p["id"]: p for p in ans["pipelines"]}
    cur, _ = now_and_next(sched)
    cards = ask(driver, base_url, q)
    assert len(cards) == len(ids), [c.text for c in cards]
    for card, pid in zip(cards, ids):
        p = pipes[pid]
        title = card.find_element(By.CSS_SELECTOR, ".answer-title a")
        assert title.text == p["name"] and urllib.parse.urlsplit(title.get_attribute("href")).path == p["url"]
        assert pid in card.find_element(By.CSS_SELECTOR, ".answer-sub").text
        assert who[p["primary"]] in row(card, "Owner:")
        assert who[p["secondary"]] in row(card, "Backup:")
        assert who[cur["engineer"]] in row(card, "On call now:")
        books = [urllib.parse.urlsplit(a.get_attribute("href")).path
                 for a in card.find_elements(By.CSS_SELECTOR, ".answer-row a")
                 if "/runbooks/" in a.get_attribute("href")]
        assert books == [r["url"] for r in p["runbooks"]]
        if not p["runbooks"]:
            assert "none yet" in row(card, "Runbook:")


@pytest.mark.parametrize("q", ["who is backup for aggregate growth", "secondary owner unit-level profit"])
def test_a_question_about_the_backup_is_answered_by_the_backup_first(driver, base_url, site_dir, q):
    """The card's first line is what was asked: the backup, before the owner; and the
    results under it lead with the pipeline or its backup, not the other engineers."""
    sched, ans = data(site_dir)
    pipe = next(p for p in ans["pipelines"] if p["name"].lower() in q or p["id"] in q)
    card = ask(driver, base_url, q)[0]
    first = card.find_element(By.CSS_SELECTOR, ".answer-row").text
    assert first.startswith("Backup:") and names(sched)[pipe["secondary"]] in first, card.text
    results = [urllib.parse.urlsplit(a.get_attribute("href")).path
               for a in driver.find_elements(By.CSS_SELECTOR, "#search-results > li.result a.result-title")]
    assert results[0] in (pipe["url"], f"/engineers/{pipe['secondary']}/"), results


ENGINEER_QUESTIONS = [("de1", "de1"), ("Data Engineer 2", "de2"), ("engineer 3", "de3"),
                      ("when is de4 on call", "de4"), ("who is data engineer 1", "de1")]


@pytest.mark.parametrize("q,eid", ENGINEER_QUESTIONS, ids=[q for q, _ in ENGINEER_QUESTIONS])
def test_an_engineer_by_name_or_id(driver, base_url, site_dir, q, eid):
    sched, ans = data(site_dir)
    who = names(sched)
    cards = ask(driver, base_url, q)
    assert len(cards) == 1, [c.text for c in cards]
    card = cards[0]
    assert card.find_element(By.CSS_SELECTOR, ".answer-title a").text == who[eid]
    owns = [p["name"] for p in ans["pipelines"] if p["primary"] == eid]
    backs = [p["name"] for p in ans["pipelines"] if p["secondary"] == eid]
    if owns:
        assert row(card, "Owns:") == "Owns: " + ", ".join(owns)
    if backs:
        assert row(card, "Backup for:") == "Backup for: " + ", ".join(backs)
    # Their next turn (or the one under way), from the published schedule.
    now = datetime.now(timezone.utc)
    mine = next(s for s in sched["shifts"] if s["engineer"] == eid and datetime.fromisoformat(s["end"]) > now)
    times = [t.get_attribute("datetime") for t in card.find_elements(By.CSS_SELECTOR, "time")]
    if datetime.fromisoformat(mine["start"]) <= now:
        assert "now" in row(card, "On call:") and times[0] == mine["end"]
    else:
        assert times[:2] == [mine["start"], mine["end"]], card.text
        assert "your time" in row(card, "Next shift:")


def test_no_results_line_under_a_card_is_replaced(driver, base_url):
    """A question the card answers, with a filter no page passes: the card, and a status
    that points to it rather than "No results." under it."""
    load(driver, base_url + "/search/?q=who+is+on+call&kind=pipeline")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-answer] .answer"))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-status").text.strip() != "No results.")
    assert not driver.find_elements(By.CSS_SELECTOR, "#search-results .result")
    assert "answer is above" in driver.find_element(By.ID, "search-status").text


@pytest.mark.parametrize("q", ["disk full", "growth", "data", "aggregate", "checks"])
def test_no_card_for_a_search_that_asks_nothing_of_the_team(driver, base_url, q):
    """Runbook words, a domain alone, a word every engineer's name shares: no card; and
    for words that name no pipeline or engineer, the card's code is not even loaded."""
    load(driver, base_url + "/search/?q=" + urllib.parse.quote(q))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-status").text.strip())
    driver.execute_async_script("setTimeout(arguments[arguments.length - 1], 500)")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-answer]"), q
    if q in ("disk full", "checks"):
        loaded = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
        assert "/static/search.js" in loaded and "/static/search-answers.js" not in loaded


# ------------------------------------------------------------------- the header's list


def header_ask(driver, q: str):
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.clear()
    box.send_keys(q)
    # The list is drawn again as the texts come: a card found may be replaced before it
    # is read (StaleElementReferenceException), which is no answer yet, not a failure.
    WebDriverWait(driver, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: [c for c in d.find_elements(By.CSS_SELECTOR, "#search-popup [data-answer]")
                   if c.get_attribute("data-answer") == q],
        message=f"no card in the header's list for {q!r}")
    return driver.find_element(By.ID, "search-popup")


def test_no_results_line_under_a_card_in_the_header(driver, base_url, site_dir):
    """In the header's list too, a card answers where the index finds nothing: an
    abbreviated pipeline name (a finished word, so no completion; the other words are too
    common to be required) that the card takes as the start of "aggregate" and the index
    knows no word for. The card, and no "No results" line under it."""
    load(driver, base_url + PAGES["runbook"])
    q = "who is aggreg "
    # The index alone finds nothing for it: what the header would say without a card.
    assert driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const s = document.createElement('script'); s.src = '/static/search.js';"
        "s.setAttribute('data-index', '/search/');"
        "s.onload = () => window.pipebookSearch.results(arguments[0], {}, 6).then(r => done(r.items.length));"
        "document.head.appendChild(s);", q) == 0
    popup = header_ask(driver, q)
    _, ans = data(site_dir)
    titles = [a.text for a in popup.find_elements(By.CSS_SELECTOR, ".answer-title a")]
    assert titles and sorted(titles) == sorted(p["name"] for p in ans["pipelines"] if p["id"].startswith("aggregate")), titles
    assert not popup.find_elements(By.CSS_SELECTOR, "p.none"), popup.text
    assert "No results" not in popup.text


@pytest.mark.parametrize("width", [390, 1280])
def test_in_the_header_on_a_runbook(driver_no_worker, base_url, site_dir, requests_log, width):
    driver = driver_no_worker  # the log holds the page's requests only
    sched, _ = data(site_dir)
    cur, _ = now_and_next(sched)
    set_width(driver, width)
    load(driver, base_url + PAGES["runbook"])
    assert "/static/search-answers.js" not in requests_log.paths()
    box = driver.find_element(By.ID, "search-input")
    if not box.is_displayed():
        driver.find_element(By.ID, "pipebook-menu").click()
    popup = header_ask(driver, "who is on call")
    card = popup.find_element(By.CSS_SELECTOR, ".answer")
    assert names(sched)[cur["engineer"]] in row(card, "Primary:")
    # Above the results, and every part of it on the screen's width.
    first = popup.find_element(By.CSS_SELECTOR, "[data-answer]")
    assert first.location["y"] < popup.find_element(By.CSS_SELECTOR, ".result").location["y"]
    assert driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth;", card)
    screenshot(driver, f"answers-header-oncall-{width}", full_page=False)
    popup = header_ask(driver, "owner of daily growth")
    assert popup.find_element(By.CSS_SELECTOR, ".answer-title a").text == "Daily growth"
    screenshot(driver, f"answers-header-owner-{width}", full_page=False)
    assert not console_errors(driver, ignore=("favicon.ico",))


@pytest.mark.parametrize("width", [390, 1280])
def test_search_page_screenshots_fit(driver, base_url, width):
    set_width(driver, width)
    for name, q in (("oncall", "who is on call"), ("owner", "owner of profit"), ("engineer", "de1")):
        cards = ask(driver, base_url, q)
        for c in cards:
            assert driver.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth "
                "&& arguments[0].scrollWidth <= arguments[0].clientWidth;", c), f"{q} at {width}px overflows"
        screenshot(driver, f"answers-page-{name}-{width}", full_page=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cards_are_accessible(driver, base_url, axe_source, scheme):  # noqa: F811
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        ask(driver, base_url, "owner of profit")
        assert serious(driver, axe_source) == []
        ask(driver, base_url, "who is on call")
        assert serious(driver, axe_source) == []
        load(driver, base_url + "/")
        header_ask(driver, "de2")
        assert serious(driver, axe_source) == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


# ------------------------------------------------------------------- other sites


def test_phones_only_when_published_and_names_as_text(tmp_path):
    """A site that publishes phones gets Call (tel:) in the card; a name written to inject
    markup is shown as the text it is."""
    hostile = '<img src=x onerror="window.pwned=1">Eve'

    def team(text):
        for i in range(1, 5):
            text = text.replace(f'slack: "@de{i}" }}', f'slack: "@de{i}", phone: "+1 555 010{i}" }}')
        return text.replace("name: Data Engineer 2", "name: '" + hostile + "'")
    files = {"content/team.yaml": team,
             "content/site.yaml": lambda text: text + "publish_contacts: [slack, email, phone]\n"}
    with chrome() as drv, site_with(tmp_path / "site", files) as srv:
        cards = ask(drv, srv.base_url, "owner of aggregate profit")
        owner = row(cards[0], "Owner:")
        assert hostile in owner, owner   # de2, shown as written
        assert not drv.find_elements(By.CSS_SELECTOR, "[data-answer] img")
        assert drv.execute_script("return window.pwned") is None
        calls = [a.get_attribute("href") for a in cards[0].find_elements(By.CSS_SELECTOR, "a.reach-call")]
        assert calls and all(c.startswith("tel:+1555010") for c in calls), calls
        ask(drv, srv.base_url, "de2")
        assert drv.find_element(By.CSS_SELECTOR, "[data-answer] .answer-title a").text == hostile


def test_the_card_answers_offline(site_dir):
    """Asked once online, the card's code, its data and oncall.json are on the device:
    asked again offline, it answers."""
    sched, _ = data(site_dir)
    cur, _ = now_and_next(sched)
    with chrome() as drv:
        with serve(site_dir) as srv:
            base = srv.base_url
            load(drv, base + PAGES["runbook"])
            wait_saved(drv, PAGES["runbook"])
            load(drv, base + PAGES["runbook"])   # now under the worker
            header_ask(drv, "who is on call")
            for path in ("/static/search-answers.js", "/static/search-answers.css",
                         "/search/answers.json", "/oncall.json"):
                wait_saved(drv, path)
        offline(drv)
        load(drv, base + PAGES["runbook"])
        popup = header_ask(drv, "who is on call")
        assert names(sched)[cur["engineer"]] in row(popup.find_element(By.CSS_SELECTOR, ".answer"), "Primary:")
        popup = header_ask(drv, "owner of daily growth")
        assert popup.find_element(By.CSS_SELECTOR, ".answer-title a").text == "Daily growth"
