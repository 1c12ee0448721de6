"""A treaty's status and each participant's standing on a date, from its timeline of acts.

Rules (see ``docs/concepts/registry.md``):

- every act applies on the date it takes effect (``effective`` when given, else its date);
- a participant is bound from the date of effect of its consent (ratification, accession,
  succession, acceptance or approval); a consent without its own date of effect takes effect
  when the treaty enters into force (an ``entry_into_force`` without actors), or at once if
  the treaty is already in force; an ``entry_into_force`` that names actors binds them then;
- a ``suspension`` puts a bound participant aside until a ``resumption``; a ``withdrawal``
  (date of the notice, date of effect) makes a bound participant a former party and ends a
  signature; a ``revocation`` withdraws a consent, leaving the signature; a ``termination``
  naming actors ends their participation;
- a participant that is a state which ceased to exist (Czechoslovakia from 1 January 1993)
  leaves on that day: a former party if it was bound, nothing if it had only signed;
- the treaty is ``terminated`` or ``expired`` once a ``termination`` or ``expiry`` without
  actors takes effect (every bound participant becomes a former party); otherwise
  ``in_force`` once it entered into force while two or more parties apply it, ``suspended``
  when suspensions leave fewer than two, ``terminated`` when fewer than two remain bound;
  ``signed`` after a signature; ``not_yet_signed`` before.

Standing of a participant: ``party`` (bound and applying), ``suspended`` (bound, operation
suspended), ``signatory`` (signed or consented, not bound, not withdrawn), ``former_party``.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from eurasec.reference.model import CONSENT_KINDS, Treaty, TreatyAction

__all__ = ["STANDINGS", "TreatyState", "standing", "treaty_state"]

#: Every standing a participant can have on a date, in the order pages list them.
STANDINGS = ("party", "suspended", "signatory", "former_party")


@dataclass
class TreatyState:
    """Who stands where under a treaty on one date."""

    status: str = "not_yet_signed"
    signed: set[str] = field(default_factory=set)
    consented: set[str] = field(default_factory=set)
    in_force: set[str] = field(default_factory=set)
    suspended: set[str] = field(default_factory=set)
    former: set[str] = field(default_factory=set)
    entered: bool = False
    ended: str | None = None
    bound: frozenset[str] = frozenset()
    _lists: tuple[list[str], list[str], list[str], list[str]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def parties(self) -> list[str]:
        """The actors bound and applying the treaty, sorted."""
        return sorted(self.bound)

    @property
    def signatories(self) -> list[str]:
        """Signed (or consented) and not bound, not withdrawn, not gone; sorted."""
        if self.ended:
            return []
        return sorted((self.signed | self.consented) - self.in_force - self.former)

    @property
    def suspended_parties(self) -> list[str]:
        """Bound, with the treaty's operation suspended; sorted."""
        return [] if self.ended else sorted(self.suspended & self.in_force)

    def lists(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """Parties, suspended parties, signatories and former parties, each sorted (cached)."""
        if self._lists is None:
            self._lists = (
                self.parties,
                self.suspended_parties,
                self.signatories,
                sorted(self.former),
            )
        return self._lists


def _leave(st: TreatyState, actors: tuple[str, ...] | set[str]) -> None:
    """Actors leave: the bound ones become former parties, every other tie ends."""
    for a in actors:
        if a in st.in_force:
            st.former.add(a)
        for group in (st.in_force, st.consented, st.suspended, st.signed):
            group.discard(a)


def _consent(st: TreatyState, act: TreatyAction) -> None:
    st.consented.update(act.actors)
    if act.effective is not None or st.entered:
        st.in_force.update(act.actors)
        st.former.difference_update(act.actors)  # a former party that binds itself again


def _apply(st: TreatyState, act: TreatyAction) -> None:
    kind, actors = act.action, act.actors
    if kind == "signature":
        st.signed.update(actors)
    elif kind in CONSENT_KINDS:
        _consent(st, act)
    elif kind == "revocation":
        st.consented.difference_update(actors)
        st.in_force.difference_update(actors)
    elif kind == "entry_into_force":
        st.entered = True
        st.consented.update(actors)
        st.in_force.update(actors or st.consented)
        st.former.difference_update(st.in_force)
    elif kind == "suspension":
        st.suspended.update(actors)
    elif kind == "resumption":
        st.suspended.difference_update(actors)
    elif kind == "withdrawal" or (kind == "termination" and actors):
        _leave(st, actors)
    elif kind in ("termination", "expiry"):
        st.ended = "terminated" if kind == "termination" else "expired"
        st.former.update(st.in_force)


def treaty_state(
    treaty: Treaty, day: date, dissolved: Mapping[str, date] | None = None
) -> TreatyState:
    """The state of ``treaty`` on ``day``; ``dissolved`` maps historical states to their end."""
    st = TreatyState()
    gone = {a: d for a, d in (dissolved or {}).items() if d <= day}
    events: list[tuple[date, int, TreatyAction | None, str]] = [
        (act.takes_effect.value, 0, act, "") for act in treaty.actions
    ]
    events += [(d, 1, None, a) for a, d in gone.items()]
    for when, _, act, actor in sorted(events, key=lambda e: (e[0], e[1])):
        if when > day or st.ended:
            continue
        if act is None:
            _leave(st, {actor})
        else:
            _apply(st, act)
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
    return "signed" if st.signed or st.consented else "not_yet_signed"


def standing(actor: str, st: TreatyState) -> str | None:
    """``actor``'s standing under the treaty in state ``st`` (``None``: no tie)."""
    if actor in st.former:
        return "former_party"
    if st.ended:
        return None
    if actor in st.in_force:
        return "suspended" if actor in st.suspended else "party"
    if actor in st.signed or actor in st.consented:
        return "signatory"
    return None
