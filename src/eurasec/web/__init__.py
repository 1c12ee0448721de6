"""The web platform and JSON API: the only package that imports FastAPI.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

__all__: list[str] = []
