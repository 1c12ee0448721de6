"""``institutions.configure``: the secretariat fixes the rules once, before any other act.

Putting the rules on the record makes replay self-contained: a second store that replays
the log applies exactly the rules the first one did.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import ClassVar

from eurasec.institutions._act import Act, ActFn, Handler, deny, forbid, get_setting, put_setting
from eurasec.institutions.parameters import rules_from_json
from eurasec.institutions.schema import inst_settings

__all__ = ["ConfigurationHandler"]


def _configure(act: Act) -> None:
    rules = rules_from_json(act.object("rules"))
    if act.actor != rules.secretariat:
        raise deny(f"the rules are set by the secretariat ({rules.secretariat})")
    if get_setting(act.conn, "clock") is not None or get_setting(act.conn, "rules") is not None:
        raise forbid("the rules are fixed before the first institutional act")
    if act.write:
        put_setting(act.conn, "rules", json.dumps(rules.to_json(), sort_keys=True))
        put_setting(act.conn, "sandbox", "1" if act.payload.get("sandbox") else "0")


class ConfigurationHandler(Handler):
    """Projection of ``institutions.configure`` (and owner of the shared settings table)."""

    acts: ClassVar[Mapping[str, ActFn]] = {"institutions.configure": _configure}
    tables = (inst_settings,)
