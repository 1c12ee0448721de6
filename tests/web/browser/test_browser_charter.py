"""A sandbox signature appears on the Charter page, and acting through the page needs sandbox."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_sandbox_signature_on_the_charter_page(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/charter")
    rows = tab.locator("#charter-parties tbody tr")
    assert rows.count() >= 5
    assert tab.locator("#charter-parties code.sig").first.inner_text().startswith("Ed25519")
    assert tab.locator("#charter-parties .sandbox-key").count() >= 5
    tab.locator("select[name=actor]").select_option("MNG")
    tab.get_by_role("button", name="Accede with this state's sandbox key").click()
    tab.wait_for_url("**/charter?acceded=MNG*")
    row = tab.locator("#charter-parties tr", has=tab.locator('a[href="/actors/MNG"]'))
    expect(row).to_have_count(1)
    expect(row.locator("code.sig")).to_contain_text("Ed25519")
    expect(row.locator(".sandbox-key")).to_have_count(1)
    assert console_errors == []
