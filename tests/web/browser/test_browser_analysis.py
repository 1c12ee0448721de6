"""The assess tool shows a verdict with winners and losers on the map (in a real browser)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_assess_tool_shows_a_verdict(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/analysis/assess")
    expect(tab.locator("#assess-form")).to_have_attribute("data-ready", "1")
    tab.locator("select[name=kind]").select_option("deploy_forces")
    expect(tab.get_by_label("Share of forces (0–1)")).to_be_visible()
    expect(tab.get_by_label("Intensity (0–1)")).to_be_hidden()
    tab.locator("select[name=actor]").select_option("RUS")
    tab.locator("select[name=near]").select_option("KAZ")
    tab.locator("input[name=date]").fill("2024-01-01")
    tab.get_by_role("button", name="Assess").click()
    section = tab.locator("#assess-result")
    expect(section).to_have_attribute("data-verdict", "divisible", timeout=60_000)
    expect(tab.locator("#verdict strong")).to_have_text("divisible")
    assert tab.locator("#losers li").count() >= 1
    assert tab.locator("svg.map path.loss").count() >= 1
    assert tab.locator('svg.map path.actor[data-iso="RUS"]').count() == 1
    expect(tab.locator("#losers li").first).to_contain_text("95% interval")
    expect(tab.locator("#reading")).to_be_visible()  # the backtest does not beat its placebo
    expect(tab.locator("#reading")).to_contain_text("not as forecasts")
    assert tab.locator("#vintage tbody tr").count() >= 7  # every input with its vintage
    assert "kind=deploy_forces" in tab.url
    assert console_errors == []


def test_assess_without_script_renders_on_the_server(live_server: str, tab: Page) -> None:
    url = "/analysis/assess?kind=raise_military_spending&actor=CHN&date=2024-01-01&percent=10"
    tab.goto(live_server + url)
    assert tab.locator("#assess-result").get_attribute("data-verdict") in {
        "divisible",
        "indivisible",
    }


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_an_assessment_with_its_vintage_fits_a_phone(
    live_server: str, tab: Page, lang: str
) -> None:
    """The canonical move, with its result and the vintage table, in every language at
    phone width: nothing scrolls the page sideways (long Russian words once did)."""
    tab.set_viewport_size({"width": 390, "height": 844})
    url = "/analysis/assess?kind=join_format&actor=UKR&format=nato&date=2025-06-01"
    tab.goto(f"{live_server}{url}&lang={lang}")
    tab.wait_for_function("document.body.dataset.ready === '1'")
    expect(tab.locator("#vintage tbody tr").first).to_be_visible()
    assert not tab.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )
