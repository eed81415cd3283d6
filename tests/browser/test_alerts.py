"""An alert's address leads to its runbook, and a job's to its pipeline, in a browser,
whatever the case it is written in (issue 18): the lower-case route and the name's own
spelling are redirect pages, and any other spelling reaches the 404 page, whose script
sends it on to the route."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import console_errors

RUNBOOK = "/runbooks/profit/aggregate-profit/"


@pytest.mark.parametrize("route", [
    "/alerts/aggregateprofitstale/",
    "/alerts/AggregateProfitStale/",
    "/alerts/AGGREGATEPROFITSTALE",
    "/alerts/aggregateProfitSLAmissed/",
    # The example's jobs: aggregate profit's Airflow DAG id, as an on_failure_callback
    # links it and in another case, and its dbt selector as written.
    "/pipelines/by-job/aggregate_profit_daily/",
    "/pipelines/by-job/AGGREGATE_PROFIT_DAILY/",
    "/pipelines/by-job/tag:aggregate_profit/",
])
def test_an_alert_route_lands_on_its_runbook(driver, base_url, route):
    driver.get(base_url + route)
    expected = "/pipelines/aggregate-profit/" if "by-job" in route else RUNBOOK
    WebDriverWait(driver, 10).until(
        lambda d: d.current_url.endswith(expected),
        message=f"{route} did not lead to {expected} (at {driver.current_url})")
    assert not console_errors(driver, ignore=("favicon.ico", route.lower().rstrip("/"), route))


def test_an_unknown_alert_stays_not_found(driver, base_url):
    driver.get(base_url + "/alerts/NoSuchAlert/")
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/alerts/nosuchalert/"))
    # Once there, nothing more happens: no loop.
    driver.execute_script("window.__marker = 1;")
    time.sleep(0.5)
    assert driver.execute_script("return window.__marker;") == 1
    assert "Page not found" in driver.page_source


def test_a_path_outside_the_routes_is_never_rewritten(driver, base_url):
    driver.get(base_url + "//evil.example/alerts/X/")
    time.sleep(0.5)
    assert driver.current_url.startswith(base_url), driver.current_url
    driver.get(base_url + "/Runbooks/Profit/")
    time.sleep(0.5)
    assert driver.current_url == base_url + "/Runbooks/Profit/"


@pytest.mark.parametrize("route", [
    "/alerts/aggregateprofitstale/",
    "/alerts/AggregateProfitStale/",
    "/alerts/AGGREGATEPROFITSTALE/",
])
def test_an_alert_route_keeps_the_step_it_names(driver, base_url, route):
    # A rule's runbook_url may name a step (checked against the runbook's ids); a host
    # without redirect rules serves the redirect page, whose script keeps the #anchor
    # that a meta refresh would drop.
    driver.get(base_url + route + "#steps.3")
    WebDriverWait(driver, 10).until(
        lambda d: d.current_url.endswith(RUNBOOK + "#steps.3"),
        message=f"{route}#steps.3 is at {driver.current_url}")
    assert driver.execute_script(
        "return document.getElementById('steps.3') !== null && location.hash")  == "#steps.3"


def test_without_scripts_an_alert_route_still_lands(driver_nojs, base_url):
    driver_nojs.get(base_url + "/alerts/aggregateprofitstale/")
    WebDriverWait(driver_nojs, 10).until(
        lambda d: d.current_url.endswith(RUNBOOK),
        message=f"at {driver_nojs.current_url}")
