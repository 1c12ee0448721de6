"""Take screenshots of the main pages for the docs (Playwright driving Debian's Chromium).

Serves the app in sandbox mode on a fresh SQLite store (seeded with the institutions sandbox
when that module is present), opens each main page at laptop width and one at phone width,
and writes PNGs to ``docs/screenshots/``.

    PYTHONPATH=src python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from eurasec.settings import get_settings
from eurasec.web.app import create_app
from eurasec.web.headless import launch
from eurasec.web.render import page_routes

#: Example values for pages with path parameters.
EXAMPLES = {"actor_id": "KAZ", "format_id": "SCO", "treaty_id": "NEW_START"}
#: Pages at phone width as well (name suffix ``-phone``).
PHONE = {"page_home", "page_map"}


def _serve(db: Path) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(get_settings(database_url=f"sqlite:///{db}", sandbox=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    """Screenshot every mounted page."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server, base = _serve(Path(tmp) / "shots.db")
        routes = page_routes(create_app(get_settings(database_url="sqlite://")))
        with sync_playwright() as pw:
            ctx = launch(pw, Path(tmp) / "profile")
            page = ctx.new_page()
            for name, path in sorted(routes.items()):
                slug = name.removeprefix("page_")
                widths = [(1280, 900, "")] + ([(390, 844, "-phone")] if name in PHONE else [])
                for width, height, suffix in widths:
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(base + path.format(**EXAMPLES), wait_until="networkidle")
                    page.wait_for_timeout(300)
                    target = args.out / f"{slug}{suffix}.png"
                    page.screenshot(path=str(target), full_page=suffix == "")
                    print(f"wrote {target}")
            ctx.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
