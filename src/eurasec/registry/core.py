"""The registry: who takes part in which format, and which treaty binds whom, on any date.

A :class:`Registry` indexes the reference data once (by format, by actor, by treaty) and
answers "as of" queries from memory. :func:`default_registry` is the shared, cached one
built from the shipped data; :meth:`Registry.with_formats` returns a new registry with extra
formats and participations (the institutions layer adds the Charter's parties this way)
without the registry importing anything from there.

>>> from datetime import date
>>> reg = default_registry()
>>> [m.actor for m in reg.members("NATO", date(2023, 4, 4)) if m.actor == "FIN"]
['FIN']

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from eurasec import reference
from eurasec.errors import InputError, NotFound
from eurasec.reference.model import (
    CONSENT_KINDS,
    ROLES,
    Format,
    Participation,
    State,
    Treaty,
)
from eurasec.registry.index import Timeline
from eurasec.registry.sources import Citation, cite
from eurasec.registry.treaty import TreatyState, standing, treaty_state
from eurasec.registry.views import (
    ActionView,
    ActorView,
    Alignment,
    Channel,
    Membership,
    ParticipantView,
    TreatyLink,
    TreatyStatus,
)

__all__ = ["ALIGNING_ROLES", "ORGANISATION_PARTICIPANTS", "Registry", "default_registry"]

#: Roles that count as belonging for :meth:`Registry.alignment`: only members (and a treaty's
#: bound parties, as ``party``). Associates, observers, partners, dialogue partners, states
#: with a cooperation agreement, signatories and suspended members do not.
ALIGNING_ROLES = frozenset({"member", "party"})
#: The only (organisation, format) pairs where an organisation itself takes part in a shipped
#: organisation or forum: the European Union is a participant of the ASEAN Regional Forum
#: (ARF, list of participants). Any other format id as a participant is rejected.
ORGANISATION_PARTICIPANTS = frozenset({("EU", "ARF")})


class Registry:
    """In-memory, indexed view of states, formats, participations and treaties."""

    def __init__(
        self,
        states: Iterable[State],
        formats: Iterable[Format],
        participations: Iterable[Participation],
        treaties: Iterable[Treaty],
    ) -> None:
        """Index the given records; raise ``ValueError`` on ids that clash or dangle."""
        self._states = {s.id: s for s in states}
        self._formats: dict[str, Format] = {}
        for f in formats:
            if f.id in self._formats or f.id in self._states:
                raise ValueError(f"duplicate format id {f.id!r}")
            self._formats[f.id] = f
        self._treaties = {t.id: t for t in treaties}
        clash = self._treaties.keys() & (self._formats.keys() | self._states.keys())
        if clash:
            raise ValueError(f"treaty ids clash with other ids: {sorted(clash)}")
        self._spells = tuple(participations)
        by_format: dict[str, list[Participation]] = {f: [] for f in self._formats}
        by_actor: dict[str, list[Participation]] = {}
        for p in self._spells:
            if p.format not in self._formats:
                raise ValueError(f"participation in unknown format {p.format!r}")
            if p.role not in ROLES:
                raise ValueError(f"participation of {p.actor} in {p.format}: bad role {p.role!r}")
            if p.actor not in self._states:
                if p.actor not in self._formats:
                    raise ValueError(f"participation of unknown actor {p.actor!r} in {p.format}")
                if (p.actor, p.format) not in ORGANISATION_PARTICIPANTS and self._formats[
                    p.format
                ].kind in ("organisation", "forum"):
                    raise ValueError(f"format {p.actor} as a participant of format {p.format}")
            by_format[p.format].append(p)
            by_actor.setdefault(p.actor, []).append(p)
        # Views do not depend on the date: make each once, then index them by interval.
        self._members = {f: self._timeline(spells) for f, spells in by_format.items()}
        self._of_actor = {a: self._timeline(spells) for a, spells in by_actor.items()}
        self._treaties_of: dict[str, list[str]] = {}
        self._treaty_cuts: dict[str, Timeline[int]] = {}
        self._action_views = {
            t.id: [ActionView.of(a) for a in t.actions] for t in self._treaties.values()
        }
        self._state_cache: dict[tuple[str, int], TreatyState] = {}
        self._rows_cache: dict[tuple[str, int], tuple[list[ParticipantView], Citation]] = {}
        self._gone = {s.id: s.dissolved for s in self._states.values() if s.dissolved}
        for t in self._treaties.values():
            actors = sorted({a for act in t.actions for a in act.actors})
            for actor in actors:
                self._treaties_of.setdefault(actor, []).append(t.id)
            cuts = sorted(
                {a.takes_effect.value for a in t.actions}
                | {a.date.value for a in t.actions}
                | {self._gone[a] for a in actors if a in self._gone}
            )
            self._treaty_cuts[t.id] = Timeline((c, None, i) for i, c in enumerate(cuts))

    def _timeline(self, spells: list[Participation]) -> Timeline[Membership]:
        return Timeline(
            (p.start.value, p.end_day, Membership.of(p, self.name(p.actor)))
            for p in sorted(spells, key=lambda p: (p.actor, p.format, p.start.value))
        )

    @classmethod
    def from_reference(cls) -> Registry:
        """A registry of the reference data shipped in the package."""
        return cls(
            reference.states(),
            reference.formats(),
            reference.participations(),
            reference.treaties(),
        )

    def with_formats(
        self, formats: Iterable[Format], participations: Iterable[Participation] = ()
    ) -> Registry:
        """A new registry with ``formats`` added and ``participations`` in them (or others)."""
        return Registry(
            self._states.values(),
            [*self._formats.values(), *formats],
            [*self._spells, *participations],
            self._treaties.values(),
        )

    # -- lookups -----------------------------------------------------------------------

    def states(self, *, eurasian: bool | None = None) -> list[State]:
        """Every state, sorted by id; only the Eurasian ones (or the others) when asked."""
        return [s for s in self._states.values() if eurasian is None or s.eurasian is eurasian]

    def state_of_cow(self, ccode: int) -> State | None:
        """The state COW code ``ccode`` stands for (continuations included), if any."""
        found = reference.cow_ids().get(ccode)
        return self._states.get(found) if found else None

    def state(self, state_id: str) -> State:
        """The state with ``state_id`` (case-insensitive)."""
        key = state_id.upper()
        if key not in self._states:
            raise NotFound("state", state_id, self._states)
        return self._states[key]

    def formats(self) -> list[Format]:
        """Every format, in data order (extra formats last)."""
        return list(self._formats.values())

    def format(self, format_id: str) -> Format:
        """The format with ``format_id``: "unknown organisation 'SOC'; did you mean SCO?"."""
        key = format_id.upper()
        if key in self._treaties:
            raise InputError(
                f"{key} is a treaty, not an organisation; its parties are in treaty({key!r})",
                code="not_found",
            )
        if key not in self._formats:
            raise NotFound("organisation", format_id, self._formats)
        return self._formats[key]

    def treaties(self) -> list[Treaty]:
        """Every treaty, in data order."""
        return list(self._treaties.values())

    def _treaty(self, treaty_id: str) -> Treaty:
        key = treaty_id.upper()
        if key not in self._treaties:
            raise NotFound("treaty", treaty_id, self._treaties)
        return self._treaties[key]

    def _actor_id(self, actor_id: str) -> str:
        key = actor_id.upper()
        if key in self._states or key in self._formats:
            return key
        raise NotFound("actor", actor_id, [*self._states, *self._formats])

    def name(self, actor_id: str) -> str:
        """The English name of a state or format id (the id itself when unknown)."""
        if actor_id in self._states:
            return self._states[actor_id].name
        if actor_id in self._formats:
            return self._formats[actor_id].name
        return actor_id

    # -- as-of queries -----------------------------------------------------------------

    def members(
        self, org: str, as_of: date | None = None, role: str | None = None
    ) -> list[Membership]:
        """The participants of ``org`` on ``as_of`` (default today), optionally of one role."""
        fmt = self.format(org)
        if role is not None and role not in ROLES:
            raise NotFound("role", role, ROLES)
        active = self._members[fmt.id].at(as_of or date.today())
        return [m for m in active if role is None or m.role == role]

    def treaty(self, treaty_id: str, as_of: date | None = None) -> TreatyStatus:
        """Status, bound parties and actions to date of treaty ``treaty_id`` on ``as_of``."""
        t = self._treaty(treaty_id)
        day = as_of or date.today()
        st = self._state(t, day)
        key = (t.id, self._treaty_cuts[t.id].slot(day))
        if key not in self._rows_cache:
            rows = self._participants(t, st, day)
            self._rows_cache[key] = (rows, _cite_treaty(t, day, rows))
        participants, citation = self._rows_cache[key]
        lists = st.lists()
        return TreatyStatus(
            id=t.id,
            name=t.name,
            kind=t.kind,
            defence=t.defence,
            as_of=day,
            status=st.status,
            parties=list(lists[0]),  # copies: the cached lists stay as they are
            suspended=list(lists[1]),
            signatories=list(lists[2]),
            actions=[v for v in self._action_views[t.id] if _known(v, day)],
            note=t.note,
            former_parties=list(lists[3]),
            participants=list(participants),
            checked=t.checked,
            complete=t.complete,
            url=t.url,
            source=t.source,
            cite=citation.on(day).text,
        )

    def _participants(self, t: Treaty, st: TreatyState, day: date) -> list[ParticipantView]:
        """One UNTC-style row per participant, from its acts dated up to ``day``."""
        views = [v for v in self._action_views[t.id] if _known(v, day)]
        eif = next((v for v in views if v.action == "entry_into_force" and not v.actors), None)
        eif_day = (eif.effective or eif.date) if eif else None
        rows = []
        for actor in sorted({a for v in views for a in v.actors}, key=self.name):
            acts = [v for v in views if actor in v.actors]
            rows.append(_participant(actor, self.name(actor), acts, standing(actor, st), eif_day))
        return rows

    def _state(self, t: Treaty, day: date) -> TreatyState:
        """The treaty's state on ``day``, computed once per interval between its actions."""
        slot = self._treaty_cuts[t.id].slot(day)
        key = (t.id, slot)
        if key not in self._state_cache:
            self._state_cache[key] = treaty_state(t, day, self._gone)
        return self._state_cache[key]

    def _active(self, actor: str, day: date) -> dict[str, Membership]:
        timeline = self._of_actor.get(actor)
        return {m.format: m for m in timeline.at(day)} if timeline else {}

    def _treaty_states(self, actor: str, day: date) -> list[tuple[Treaty, TreatyState]]:
        return [
            (self._treaties[t], self._state(self._treaties[t], day))
            for t in self._treaties_of.get(actor, ())
        ]

    def channels(self, a: str, b: str, as_of: date | None = None) -> list[Channel]:
        """The formats and treaties in which both ``a`` and ``b`` take part on ``as_of``."""
        a, b = self._actor_id(a), self._actor_id(b)
        if a == b:
            raise InputError(f"channels need two different actors, got {a!r} twice")
        day = as_of or date.today()
        mine, theirs = self._active(a, day), self._active(b, day)
        out = [
            Channel(
                format=f,
                name=self._formats[f].name,
                kind=self._formats[f].kind,
                role_a=mine[f].role,
                role_b=theirs[f].role,
                defence=self._formats[f].defence_on(day),
            )
            for f in mine
            if f in theirs
        ]
        for t, st in self._treaty_states(a, day):
            if a in st.bound and b in st.bound:
                kind = f"{t.kind}_treaty"
                out.append(Channel(t.id, t.name, kind, "party", "party", t.defence))
        return out

    def actor(self, actor_id: str, as_of: date | None = None) -> ActorView:
        """Everything ``actor_id`` belongs to on ``as_of``: formats and treaties."""
        key = self._actor_id(actor_id)
        day = as_of or date.today()
        links = []
        for t, st in self._treaty_states(key, day):
            where = standing(key, st)
            if where:
                links.append(TreatyLink(t.id, t.name, t.kind, t.defence, st.status, where))
        state = self._states.get(key)
        return ActorView(
            id=key,
            name=self.name(key),
            type="state" if state else "format",
            as_of=day,
            eurasian=state.eurasian if state else None,
            cow_code=state.cow_code if state else None,
            memberships=list(self._active(key, day).values()),
            treaties=links,
            cite=cite(
                [(m.source, m.url, m.accessed) for m in self._active(key, day).values()],
                day,
                f"{self.name(key)} ({key}), formats and treaties",
            ).text,
        )

    def alignment(self, a: str, b: str, as_of: date | None = None) -> Alignment:
        """Shared defence commitments and shared cooperation formats of ``a`` and ``b``."""
        day = as_of or date.today()
        defence: list[str] = []
        cooperation: list[str] = []
        for ch in self.channels(a, b, day):
            if ch.role_a in ALIGNING_ROLES and ch.role_b in ALIGNING_ROLES:
                (defence if ch.defence else cooperation).append(ch.format)
        return Alignment(a.upper(), b.upper(), day, defence, cooperation)


def _cite_treaty(t: Treaty, day: date, participants: list[ParticipantView]) -> Citation:
    sources = [(t.source, t.url, t.checked)]
    sources += [(a.source, a.url, a.accessed) for p in participants for a in p.acts]
    return cite(sources, day, f"{t.name} ({t.id}), status")


def _known(v: ActionView, day: date) -> bool:
    """Whether an act is on record by ``day``: made by then, or in effect (retroactively)."""
    return v.date <= day or (v.effective is not None and v.effective <= day)


def _first(acts: list[ActionView], kinds: set[str] | frozenset[str]) -> ActionView | None:
    return next((a for a in acts if a.action in kinds), None)


def _last(acts: list[ActionView], kinds: set[str]) -> ActionView | None:
    return next((a for a in reversed(acts) if a.action in kinds), None)


def _participant(
    actor: str, name: str, acts: list[ActionView], where: str | None, eif_day: date | None
) -> ParticipantView:
    """The UNTC-style row of ``actor`` from its acts (oldest first)."""
    sig = _first(acts, {"signature"})
    consent = _last(acts, set(CONSENT_KINDS)) or _first(acts, {"entry_into_force"})
    eif = _first(acts, {"entry_into_force"})
    eif_day = eif.date if eif is not None else eif_day
    consent_effective = consent.effective if consent else None
    if consent is not None and consent.action == "entry_into_force":
        consent_effective = consent.date
    elif consent is not None and consent_effective is None and eif_day is not None:
        consent_effective = max(consent.date, eif_day)
    susp = _last(acts, {"suspension"})
    resumed = _last(acts, {"resumption"})
    gone = _last(acts, {"withdrawal", "termination"})
    revoked = _last(acts, {"revocation"})
    return ParticipantView(
        actor=actor,
        name=name,
        signature=sig.date if sig else None,
        signature_precision=sig.precision if sig else None,
        consent=consent.action if consent else None,
        consent_date=consent.date if consent else None,
        consent_precision=consent.precision if consent else None,
        consent_effective=consent_effective,
        reservations=[a.note for a in acts if a.action == "reservation"],
        suspension=susp.date if susp else None,
        suspension_effective=(susp.effective or susp.date) if susp else None,
        resumption=resumed.date if resumed else None,
        withdrawal_notice=gone.date if gone else None,
        withdrawal_effective=(gone.effective or gone.date) if gone else None,
        revocation=revoked.date if revoked else None,
        standing=where,
        acts=acts,
    )


@cache
def default_registry() -> Registry:
    """The registry of the shipped reference data, built once per process."""
    return Registry.from_reference()
