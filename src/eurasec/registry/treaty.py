"""A treaty's status and bound parties on a date, computed from its timeline of actions.

Rules (see ``docs/concepts/registry.md``):

- actions apply on the date they take effect (a withdrawal on its effective date);
- a party is bound from the ``entry_into_force`` that names it until its withdrawal, or a
  ``termination`` naming it, takes effect; a ``suspension`` puts it aside until a
  ``resumption``; a ``revocation`` withdraws a ratification;
- the status is ``terminated`` or ``expired`` once a ``termination`` or ``expiry`` without
  actors takes effect; otherwise ``in_force`` once it entered into force, ``suspended`` when
  suspensions leave fewer than two parties applying it, ``terminated`` when fewer than two
  parties remain; ``signed`` after a signature; ``not_yet_signed`` before.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eurasec.reference.model import Treaty

__all__ = ["TreatyState", "treaty_state"]


@dataclass
class TreatyState:
    """Who stands where under a treaty on one date."""

    status: str = "not_yet_signed"
    signed: set[str] = field(default_factory=set)
    consented: set[str] = field(default_factory=set)
    in_force: set[str] = field(default_factory=set)
    suspended: set[str] = field(default_factory=set)
    entered: bool = False
    ended: str | None = None
    bound: frozenset[str] = frozenset()

    @property
    def parties(self) -> list[str]:
        """The actors bound and applying the treaty, sorted."""
        return sorted(self.bound)


def _leave(st: TreatyState, actors: tuple[str, ...]) -> None:
    for group in (st.in_force, st.consented, st.suspended):
        group.difference_update(actors)


def treaty_state(treaty: Treaty, day: date) -> TreatyState:
    """The state of ``treaty`` on ``day``."""
    st = TreatyState()
    for act in sorted(treaty.actions, key=lambda a: a.takes_effect.value):
        if act.takes_effect.value > day:
            continue
        kind, actors = act.action, act.actors
        if kind == "signature":
            st.signed.update(actors)
        elif kind in ("ratification", "accession"):
            st.consented.update(actors)
        elif kind == "revocation":
            st.consented.difference_update(actors)
        elif kind == "entry_into_force":
            st.entered = True
            st.in_force.update(actors or st.consented)
        elif kind == "suspension":
            st.suspended.update(actors)
        elif kind == "resumption":
            st.suspended.difference_update(actors)
        elif kind == "withdrawal" or (kind == "termination" and actors):
            _leave(st, actors)
        elif kind in ("termination", "expiry"):
            st.ended = "terminated" if kind == "termination" else "expired"
    st.status = _status(st)
    st.bound = frozenset() if st.ended else frozenset(st.in_force - st.suspended)
    return st


def _status(st: TreatyState) -> str:
    if st.ended:
        return st.ended
    if st.entered:
        if len(st.in_force - st.suspended) >= 2:
            return "in_force"
        return "suspended" if st.suspended & st.in_force else "terminated"
    return "signed" if st.signed else "not_yet_signed"
