"""Fixtures for the operations tests: empty databases, and the reliability tests' server harness.

``eurasec serve`` runs as a real subprocess here (``tests/reliability/_http.py``), so these
tests see what an operator sees: exit statuses, one-line errors, readiness.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "reliability"))
