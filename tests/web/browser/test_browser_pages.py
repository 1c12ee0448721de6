"""Every page loads in a real Chromium without console errors, in every interface language."""

from __future__ import annotations

import pytest
from browser_pages import page_urls
from playwright.sync_api import Page

from eurasec.settings import get_settings
from eurasec.web.app import create_app

pytestmark = pytest.mark.browser


#: Form controls and images without an accessible name (a screen reader would say nothing).
UNLABELLED = """() => [...document.querySelectorAll(
    "input:not([type=hidden]), select, textarea, button, svg[role=img], img")]
  .filter((el) => !(el.labels?.length || el.getAttribute("aria-label")
    || el.getAttribute("aria-labelledby") || el.getAttribute("alt")
    || (el.tagName === "BUTTON" && el.textContent.trim())))
  .map((el) => el.outerHTML.slice(0, 80))"""


def _page_urls() -> list[str]:
    return page_urls(create_app(get_settings(database_url="sqlite://")))


@pytest.mark.parametrize("url", _page_urls())
def test_page_loads_without_console_errors(
    live_server: str, tab: Page, console_errors: list[str], url: str
) -> None:
    response = tab.goto(live_server + url, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert tab.locator("main h1").count() == 1
    assert tab.locator("#sandbox-banner").filter(has_text="Sandbox").count() == 1
    assert tab.evaluate(UNLABELLED) == []
    assert console_errors == []


@pytest.mark.parametrize(("lang", "word"), [("ru", "Обзор"), ("zh", "概览"), ("en", "Overview")])
def test_language_switch(
    live_server: str, tab: Page, console_errors: list[str], lang: str, word: str
) -> None:
    tab.goto(f"{live_server}/?lang={lang}")
    assert tab.locator("html").get_attribute("lang") == lang
    assert word in tab.title()
    tab.goto(f"{live_server}/")  # the cookie remembers the choice
    assert tab.locator("html").get_attribute("lang") == lang
    assert console_errors == []
