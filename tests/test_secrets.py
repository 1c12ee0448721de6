"""No secret (database password, private key) reaches a log line or an error message."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eurasec.errors import ConfigurationError
from eurasec.settings import get_settings, redact_url
from eurasec.storage import open_store

SRC = Path(__file__).parents[1] / "src"
SECRET = "hunter2-Zq9"
# Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
URL = f"postgresql://eurasec:{SECRET}@127.0.0.1:9/eurasec"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://u:p%40ss@h:5432/db", "postgresql+psycopg://u:***@h:5432/db"),
        ("postgres://u:pw@h/db?sslmode=require", "postgres://u:***@h/db?sslmode=require"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("cannot reach postgresql://a:b@c/d now", "cannot reach postgresql://a:***@c/d now"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_settings_repr_hides_the_database_password() -> None:
    settings = get_settings(database_url=URL)
    assert SECRET in settings.database_url  # the value itself is intact
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)


def test_unreachable_database_error_hides_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ConfigurationError) as err:
        open_store(URL)
    assert "***" in err.value.message
    assert SECRET not in err.value.message
    assert SECRET not in str(err.value.__cause__ or "")
    assert SECRET not in caplog.text


def test_serve_error_hides_the_password() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "eurasec", "serve", "--db", URL, "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert proc.returncode != 0
    assert "***" in proc.stdout + proc.stderr
    assert SECRET not in proc.stdout + proc.stderr


def test_malformed_url_error_hides_the_password() -> None:
    with pytest.raises(ConfigurationError) as err:
        open_store(f"postgresql://u:{SECRET}@h:notaport/db")
    assert SECRET not in err.value.message


def test_no_private_key_in_any_api_response(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The sandbox keeps its generated private keys in the store; no route may ever show one."""
    import base64

    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from eurasec.institutions.sandbox import play
    from eurasec.institutions.schema import sandbox_keys
    from eurasec.web.app import create_app

    url = f"sqlite:///{tmp_path / 'sandbox.db'}"
    store = open_store(url)
    play(store, ["KAZ", "RUS", "CHN"])
    with store.connect() as conn:
        pems = [pem for (pem,) in conn.execute(select(sandbox_keys.c.private_key_pem))]
    store.dispose()
    secrets = set()
    for pem in pems:
        key = load_pem_private_key(pem.encode(), None)
        raw = key.private_bytes_raw()  # type: ignore[union-attr]
        secrets |= {pem.splitlines()[1], base64.b64encode(raw).decode(), raw.hex()}
    caplog.set_level(logging.DEBUG)
    app = create_app(get_settings(database_url=url, sandbox=True))
    seen = 0
    with TestClient(app) as client:
        doc = client.get("/openapi.json").json()
        for path, item in doc["paths"].items():
            if "get" not in item or "{" in path:
                continue
            body = client.get(path).text
            seen += 1
            assert "PRIVATE KEY" not in body, path
            assert not any(s in body for s in secrets), path
        for page in ("/", "/sandbox"):
            assert not any(s in client.get(page).text for s in secrets), page
    assert seen > 10
    assert not any(s in caplog.text for s in secrets)
