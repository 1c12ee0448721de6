"""The language a reader picks is kept (every page in every language: test_browser_matrix.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


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
