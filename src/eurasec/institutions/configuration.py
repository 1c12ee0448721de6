"""``institutions.configure``: the rules, fixed once by the secretariat, changed only by the Forum.

Who may set the rules comes from the record's state, never from the act itself: the actor must
be the secretariat of the rules in force (the defaults' ``SECRETARIAT`` until the first
configuration), whatever secretariat the new rules name.

- **Before any other institutional act** the secretariat fixes the rules with
  ``{rules, sandbox?}``. (Its key comes from the log's genesis or a registrar, both chosen by
  the log's founders.)
- **Afterwards** the rules change only when the Forum has adopted a decision of kind
  ``rules.amend`` whose subject is the new rules, and the secretariat then executes it with
  ``{decision}`` (``no_covering_decision`` without one; each decision once). The Forum's own
  quorum and voting period (:mod:`eurasec.institutions.forum`) apply to that decision. Once
  the Charter is in force, the rules of entry into force cannot change (history would).

Putting the rules on the record makes replay self-contained: a second store that replays
the log applies exactly the rules the first one did.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import ClassVar

from eurasec.institutions import charter, forum
from eurasec.institutions._act import Act, ActFn, Handler, deny, forbid, get_setting, put_setting
from eurasec.institutions.parameters import Rules, rules_from_json
from eurasec.institutions.schema import inst_settings

__all__ = ["AMEND_KIND", "ConfigurationHandler"]

#: The kind of Forum decision that changes the rules.
AMEND_KIND = "rules.amend"
#: Rules that decide when the Charter entered into force: fixed once it has.
_ENTRY_RULES = ("ratifications_for_entry_into_force", "entry_into_force_delay_days")


def _started(act: Act) -> bool:
    return get_setting(act.conn, "clock") is not None or get_setting(act.conn, "rules") is not None


def _amended(act: Act) -> Rules:
    if "decision" not in act.payload:
        raise forbid(
            "the rules were fixed before the first institutional act; since then they change "
            f"only by executing an adopted {AMEND_KIND} decision of the Forum"
        )
    decision = act.ident("decision")
    subject = forum.decided(act.conn, decision, AMEND_KIND, act.day)
    if subject is None:
        raise forbid(
            f"{decision} is not an adopted {AMEND_KIND} decision; once the institutions have "
            "started, the rules change only by a decision of the Forum",
            "no_covering_decision",
        )
    done = json.loads(get_setting(act.conn, "amendments") or "[]")
    if decision in done:
        raise forbid(f"decision {decision} was already executed", "duplicate_act")
    rules = rules_from_json(subject["rules"])
    if "rules" in act.payload and rules_from_json(act.object("rules")) != rules:
        raise forbid(f"the rules given differ from those decision {decision} adopted")
    in_force = charter.entry_into_force(act.conn, act.rules)
    changed = [n for n in _ENTRY_RULES if getattr(rules, n) != getattr(act.rules, n)]
    if in_force and in_force <= act.day and changed:
        raise forbid(f"the Charter is in force: {', '.join(changed)} can no longer change")
    if act.write:
        put_setting(act.conn, "amendments", json.dumps([*done, decision]))
    return rules


def _configure(act: Act) -> None:
    if act.actor != act.rules.secretariat:
        raise deny(f"the rules are set by the secretariat ({act.rules.secretariat})")
    first = not _started(act)
    rules = rules_from_json(act.object("rules")) if first else _amended(act)
    if act.write:
        put_setting(act.conn, "rules", json.dumps(rules.to_json(), sort_keys=True))
        if first:
            put_setting(act.conn, "sandbox", "1" if act.payload.get("sandbox") else "0")


class ConfigurationHandler(Handler):
    """Projection of ``institutions.configure`` (and owner of the shared settings table)."""

    acts: ClassVar[Mapping[str, ActFn]] = {"institutions.configure": _configure}
    tables = (inst_settings,)
