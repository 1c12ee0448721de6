"""The map's date slider replays memberships through time (in a real browser)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _fill(tab: Page, iso3: str) -> str:
    return str(tab.locator(f'svg.map path[data-iso="{iso3}"]').get_attribute("class") or "")


def test_date_slider_changes_the_map(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/map?format=SCO&year=2024")
    expect(tab.locator("[data-map]")).to_have_attribute("data-ready", "1")
    assert _fill(tab, "IND") == "member"  # India joined the SCO in 2017
    before = tab.locator("svg.map").get_attribute("data-count")
    slider = tab.locator("#map-year")
    slider.focus()
    slider.fill("2005")  # sets the value and fires input, as a reader dragging it would
    expect(tab.locator("[data-map]")).to_have_attribute("data-as-of", "2005-12-31")
    assert _fill(tab, "IND") == "observer"
    assert _fill(tab, "CHN") == "member"
    assert tab.locator("svg.map").get_attribute("data-count") != before
    assert "date=2005-12-31" in tab.url
    assert console_errors == []


def test_treaty_layer_and_keyboard(live_server: str, tab: Page, console_errors: list[str]) -> None:
    tab.goto(f"{live_server}/map?format=treaty:INF&year=1990")
    expect(tab.locator("[data-map]")).to_have_attribute("data-ready", "1")
    assert _fill(tab, "RUS") == "party"  # through the USSR's obligations
    slider = tab.locator("#map-year")
    slider.focus()
    for _ in range(30):  # the keyboard moves the slider, one year a key press
        tab.keyboard.press("ArrowRight")
    expect(tab.locator("[data-map]")).to_have_attribute("data-as-of", "2020-12-31")
    assert _fill(tab, "RUS") == "former"  # a former party once the INF Treaty terminated (2019)
    assert console_errors == []


def test_date_field_borders_of_the_day_and_lifetimes(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/map?format=WPACT&year=1980")
    expect(tab.locator("[data-map]")).to_have_attribute("data-ready", "1")
    assert _fill(tab, "UKR") == "member"  # the USSR is drawn with its fifteen republics
    assert tab.locator('svg.map path[data-iso="DEU"]').is_hidden()  # two Germanys in 1980
    assert _fill(tab, "DDR") == "member"
    assert "Soviet Union" in tab.locator("#map-members").inner_text()
    day = tab.locator("#map-date")
    day.fill("1991-07-01")  # the day the Warsaw Treaty ended
    day.dispatch_event("change")
    expect(tab.locator("[data-map]")).to_have_attribute("data-as-of", "1991-07-01")
    expect(tab.locator("#map-summary")).to_contain_text("dissolved")
    tab.select_option("#map-format", "SCO")
    expect(tab.locator("#map-summary")).to_contain_text("not yet founded")
    assert console_errors == []


def test_every_role_has_its_own_colour(live_server: str, tab: Page) -> None:
    tab.goto(f"{live_server}/map")
    fills = tab.evaluate(
        """() => [...document.querySelectorAll('input[name=role]')].map((box) => {
             const swatch = box.parentElement.querySelector('.swatch');
             return getComputedStyle(swatch).backgroundColor;
           })"""
    )
    assert len(fills) == 10 and len(set(fills)) == 10


def test_network_draws_nodes(live_server: str, tab: Page, console_errors: list[str]) -> None:
    tab.goto(f"{live_server}/network")
    nodes = int(tab.locator("svg.network").get_attribute("data-nodes") or 0)
    assert nodes > 50
    assert tab.locator("svg.network a.format").count() >= 10
    assert console_errors == []
