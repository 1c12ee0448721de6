"""A live server and one Chromium for the browser tests (Playwright driving Debian's Chromium).

The server is ``create_app`` in sandbox mode on a fresh SQLite store where the institutions
sandbox has played its five steps, served by uvicorn in a thread on a free loopback port. The
browser is ``/usr/bin/chromium`` (``scripts/setup.sh --test`` installs it); ``playwright
install`` is never run.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, sync_playwright

from eurasec.institutions import sandbox
from eurasec.institutions.participant import open_record
from eurasec.record import generate_private_key
from eurasec.record.checkpoint import NoteSigner
from eurasec.record.log import publish_checkpoint
from eurasec.settings import Settings, get_settings
from eurasec.storage import open_store
from eurasec.web.app import create_app
from eurasec.web.headless import launch

#: The parties of the sandbox the browser tests read (states of several formats).
SANDBOX_PARTIES = ["KAZ", "CHN", "RUS", "IND", "KGZ"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app served by uvicorn on loopback (sandbox mode, fresh SQLite)."""
    db: Path = tmp_path_factory.mktemp("browser") / "browser.db"
    settings = get_settings(database_url=f"sqlite:///{db}", sandbox=True)
    store = open_store(settings.database_url)
    sandbox.play(store, SANDBOX_PARTIES)  # the five steps, signed with sandbox keys
    record = open_record(store)
    publish_checkpoint(record, NoteSigner(str(record.origin()), generate_private_key()))
    store.dispose()
    yield from _serve(settings)


@pytest.fixture(scope="session")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app on a new, empty SQLite store (a first run)."""
    db: Path = tmp_path_factory.mktemp("browser-empty") / "empty.db"
    yield from _serve(get_settings(database_url=f"sqlite:///{db}"))


def _serve(settings: Settings) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One headless Chromium for the session, with a fresh user-data directory."""
    with sync_playwright() as pw:
        context = launch(pw, tmp_path_factory.mktemp("chromium-profile"))
        yield context
        context.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of the test's tab (``tab`` fills it)."""
    return []


@pytest.fixture
def tab(browser: BrowserContext, console_errors: list[str]) -> Iterator[Page]:
    """A fresh tab (English, no language cookie) recording errors in ``console_errors``."""
    browser.clear_cookies()
    page = browser.new_page()

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            console_errors.append(f"console: {msg.text} @ {msg.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
    yield page
    page.close()
