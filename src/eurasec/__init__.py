"""eurasec: run and analyse a multilateral security architecture for Eurasia.

Usage docs: ``docs/index.md``.
"""

from __future__ import annotations

from eurasec.errors import EurasecError
from eurasec.settings import Settings, get_settings
from eurasec.storage import Store, open_store

__version__ = "0.1.0"

__all__ = ["EurasecError", "Settings", "Store", "__version__", "get_settings", "open_store"]
