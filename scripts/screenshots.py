"""Take screenshots of the main pages for the docs (Playwright driving Debian's Chromium).

Serves the app in sandbox mode on a fresh SQLite store where the institutions sandbox has
played its five steps (plus a signed checkpoint), opens every page in English at laptop width
(1280×900), the main ones at phone width (390×844) and some in Russian and Chinese at both
widths, and writes PNGs to ``docs/screenshots/`` (``<page>[-<lang>][-phone].png``).

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

from eurasec.institutions import sandbox
from eurasec.institutions.participant import open_record
from eurasec.record import generate_private_key
from eurasec.record.checkpoint import NoteSigner
from eurasec.record.log import publish_checkpoint
from eurasec.settings import get_settings
from eurasec.storage import open_store
from eurasec.web.app import create_app
from eurasec.web.headless import launch
from eurasec.web.render import page_routes

#: Example values for pages with path parameters.
EXAMPLES = {
    "actor_id": "KAZ",
    "format_id": "SCO",
    "treaty_id": "NEW_START",
    "project_id": "P-disaster-1",
    "index": "60",
}
#: Pages at phone width as well (name suffix ``-phone``).
PHONE = {
    "page_home",
    "page_map",
    "page_charter",
    "page_fund",
    "page_analysis",
    "page_network",
    "page_record_entry",
}
#: Pages in the other languages too, at both widths (name suffix ``-ru``, ``-zh``).
LANGUAGES = {
    "ru": {"page_home", "page_fund", "page_project"},
    "zh": {"page_home", "page_charter", "page_record"},
}
#: Pages shown with a query that fills them (a result rather than an empty form).
QUERIES = {
    "page_assess": "?kind=deploy_forces&actor=RUS&date=2024-01-01&near=KAZ&share=0.1",
    "page_mediators": "?a=IND&b=PAK",
    "page_simulations": "?scenario=charter_forum&seed=0",
    "page_map": "?format=SCO&year=2024",
    "page_search": "?q=ka",
}
#: The sandbox's parties (as in the browser tests).
PARTIES = ["KAZ", "CHN", "RUS", "IND", "KGZ"]


def _seed(url: str) -> None:
    """Play the institutions sandbox and sign a checkpoint, so every page has content."""
    store = open_store(url)
    sandbox.play(store, PARTIES)
    record = open_record(store)
    publish_checkpoint(record, NoteSigner(str(record.origin()), generate_private_key()))
    store.dispose()


def _serve(db: Path) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _seed(f"sqlite:///{db}")
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
                shots = [("en", 1280, 900, "")]
                shots += [("en", 390, 844, "-phone")] if name in PHONE else []
                for lang, pages in LANGUAGES.items():
                    if name in pages:
                        shots += [(lang, 1280, 900, f"-{lang}"), (lang, 390, 844, f"-{lang}-phone")]
                for lang, width, height, suffix in shots:
                    page.set_viewport_size({"width": width, "height": height})
                    query = QUERIES.get(name, "")
                    url = (
                        f"{base}{path.format(**EXAMPLES)}{query}{'&' if query else '?'}lang={lang}"
                    )
                    page.goto(url, wait_until="networkidle", timeout=120_000)
                    page.wait_for_function("document.body.dataset.ready === '1'")
                    page.wait_for_timeout(300)
                    target = args.out / f"{slug}{suffix}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target}")
            ctx.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
