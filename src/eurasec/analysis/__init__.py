"""Analysis: power, polarity, threat, security, ``assess(move)``, Richardson, validation.

Analysis reads the registry and the datasets and never writes; it imports no institution.
Each model is a module of its own, imported by name (``eurasec.analysis.polarity``, ...).

Usage docs: ``docs/concepts/``.
"""

from __future__ import annotations

__all__: list[str] = []
