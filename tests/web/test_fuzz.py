"""Schema-driven fuzz of the whole HTTP API (schemathesis, in-process over ASGI).

Every operation in the app's own OpenAPI document is called with generated valid and invalid
inputs; no call may answer 5xx and every documented response must match its schema. New
routes are covered as soon as they are included in ``create_app``. The fast profile runs in
the default suite; ``pytest tests/web/test_fuzz.py --run-slow`` runs the long one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from eurasec.settings import get_settings
from eurasec.web.app import create_app

#: Generated cases per operation in the default run (keeps the whole fuzz around a minute).
FAST_EXAMPLES = 25
#: Generated cases per operation in the long profile (``--run-slow``).
LONG_EXAMPLES = 200
CHECKS = [not_a_server_error, response_schema_conformance]


_DIR = tempfile.TemporaryDirectory(prefix="eurasec-fuzz-")
APP = create_app(get_settings(database_url=f"sqlite:///{Path(_DIR.name) / 'fuzz.db'}"))


@pytest.fixture(scope="module", autouse=True)
def _lifespan() -> Iterator[None]:
    """Enter the app's lifespan (opens the store) once for the module."""
    with TestClient(APP):
        yield
    _DIR.cleanup()


# Loading the schema runs no lifespan: the OpenAPI document needs no store.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=FAST_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_fuzz(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_long(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
