"""The worked pandas example in docs/reference/api.md runs against a real server as printed.

The example's code block is taken from the page as it is, run in a fresh interpreter against
``uvicorn`` serving the sandbox store on a free loopback port (the page's ``BASE`` pointed
there), and what it prints must be the output the page shows.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from eurasec.settings import get_settings
from eurasec.web.app import create_app

PAGE = Path(__file__).parents[2] / "docs" / "reference" / "api.md"


def _block(text: str, marker: str) -> str:
    found = re.search(rf"<!-- {marker} -->\n```\w+\n(.*?)```", text, re.S)
    assert found, marker
    return found.group(1)


@pytest.fixture(scope="module")
def base(sandbox_url: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(get_settings(database_url=sandbox_url))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def test_pandas_example_prints_what_the_docs_show(base: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    code = _block(text, "example: pandas")
    assert 'BASE = "http://127.0.0.1:8000"' in code
    code = code.replace("http://127.0.0.1:8000", base)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == _block(text, "output: pandas")
