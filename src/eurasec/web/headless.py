"""Debian's Chromium driven by Playwright, as the browser tests and the screenshot script use it.

``playwright install`` is never run: the browser is the system's ``chromium`` package
(``scripts/setup.sh --test`` installs it), found at ``EURASEC_CHROMIUM`` or
``/usr/bin/chromium``, started headless with a fresh profile and no background traffic.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Playwright

__all__ = ["CHROMIUM_ARGS", "chromium_path", "launch"]

#: Flags for a quiet, reproducible headless Chromium in a container.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str:
    """The Chromium executable: ``EURASEC_CHROMIUM`` or Debian's ``/usr/bin/chromium``."""
    return os.environ.get("EURASEC_CHROMIUM", "/usr/bin/chromium")


def launch(pw: Playwright, profile: Path, width: int = 1280, height: int = 900) -> BrowserContext:
    """Start Chromium with a fresh user-data directory ``profile``; one context, one browser."""
    path = chromium_path()
    if not Path(path).is_file():
        raise FileNotFoundError(f"Chromium not found at {path}; run scripts/setup.sh --test")
    return pw.chromium.launch_persistent_context(
        str(profile),
        executable_path=path,
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": width, "height": height},
    )
