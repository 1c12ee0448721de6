"""The record explorer checks inclusion proofs and the checkpoint signature in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_inclusion_proof_checked_in_the_browser(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/record?entry=5")
    root = tab.locator("#record")
    expect(root).to_have_attribute("data-ready", "1")
    expect(root).to_have_attribute("data-checkpoint", "true")  # Ed25519 note signature valid
    for index in (5, 0):
        tab.locator(f'button.verify[data-index="{index}"]').click()
        expect(tab.locator(f"#proof-{index}")).to_have_attribute("data-ok", "true")
    newest = tab.locator("button.verify").first
    newest.click()
    expect(tab.locator(f"#proof-{newest.get_attribute('data-index')}")).to_have_attribute(
        "data-ok", "true"
    )
    assert console_errors == []
