"""Schema-driven fuzz of the whole HTTP API (Schemathesis, in-process over ASGI).

Every operation in the app's own OpenAPI document is called with generated valid and invalid
inputs, on a sandbox store (so the institutions' answers have content to conform): no call may
answer 5xx, every answer must match its documented schema, status code and content type. New
routes are covered as soon as they are included in ``create_app``. A stateful run then follows
the document's OpenAPI links (a list's first id into the operation that reads it). The default
run is bounded to about a minute on two cores; ``--run-slow`` runs the long profile.
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
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eurasec.institutions.sandbox import play
from eurasec.settings import get_settings
from eurasec.web.app import create_app

#: Generated cases per operation in the default run.
FAST_EXAMPLES = 15
#: Scenarios of linked calls in the default stateful run, and calls per scenario.
FAST_SCENARIOS = 40
STEPS = 6
#: The same in the long profile (``--run-slow``).
LONG_EXAMPLES = 200
LONG_SCENARIOS = 200
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
PARTIES = ["RUS", "BLR", "KAZ", "CHN", "IND", "SCO"]

_DIR = tempfile.TemporaryDirectory(prefix="eurasec-fuzz-")
APP = create_app(get_settings(database_url=f"sqlite:///{Path(_DIR.name) / 'fuzz.db'}"))


@pytest.fixture(scope="module", autouse=True)
def _lifespan() -> Iterator[None]:
    """Enter the app's lifespan (opens the store) once, and play the sandbox into it."""
    with TestClient(APP):
        play(APP.state.store, PARTIES)
        yield
    _DIR.cleanup()


# Loading the schema runs no lifespan: the OpenAPI document needs no store.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def _quiet(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )


@schema.parametrize()
@_quiet(FAST_EXAMPLES)
def test_api_fuzz(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_long(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Follows the OpenAPI links; validates each answer with :data:`CHECKS`."""

    def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
        case.validate_response(response, checks=CHECKS)


def test_api_links_statefully() -> None:
    Workflow.run(
        settings=settings(
            _quiet(FAST_SCENARIOS), stateful_step_count=STEPS
        )
    )


@pytest.mark.slow
def test_api_links_statefully_long() -> None:
    Workflow.run(
        settings=settings(
            max_examples=LONG_SCENARIOS,
            stateful_step_count=2 * STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
