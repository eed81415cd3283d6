"""Session 56, net64: with JavaScript off the on-call box said who is on call but not as of
when (the build's time was only in the footer); it now says "As of <build time>", and
the live box, once oncall.json has come, replaces that line with its own answer."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from conftest import PAGES, live_wait, load, set_width


def test_without_script_the_box_says_as_of_the_build(driver_nojs, base_url):
    drv = driver_nojs
    set_width(drv, 390, 844)
    for page in ("runbook", "home", "pipeline"):
        load(drv, base_url + PAGES[page])
        box = drv.find_element(By.CSS_SELECTOR, "[data-oncall]")
        line = box.find_element(By.CSS_SELECTOR, ".as-built")
        assert line.is_displayed(), page
        assert line.text.startswith("As of ") and "built" in line.text, (page, line.text)
        footer = drv.find_element(By.CSS_SELECTOR, "footer time").get_attribute("datetime")
        assert line.find_element(By.TAG_NAME, "time").get_attribute("datetime") == footer, page
        # Said beside the names, on the first screen of a phone.
        assert line.rect["y"] < 844, (page, line.rect)


def test_the_live_box_replaces_the_build_time_line(driver_no_worker, base_url):
    drv = driver_no_worker
    load(drv, base_url + PAGES["runbook"])
    live_wait(drv, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-oncall]").get_attribute("data-live") is not None)
    assert not drv.find_elements(By.CSS_SELECTOR, "[data-oncall] .as-built")
