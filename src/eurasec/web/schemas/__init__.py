"""Typed response schemas of the JSON API, one module per resource.

The routes return these models; FastAPI validates each answer against them and publishes
them in the OpenAPI document, so the contract in ``docs/reference/api.md`` is checked on
every response (``tests/web/test_fuzz.py``).

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

__all__: list[str] = []
