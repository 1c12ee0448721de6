"""The sandbox: a local architecture with generated keys that plays the five steps end to end.

:func:`play` creates, in an empty store, a record whose origin says ``sandbox``, generates a
key for every party, the secretariat and each party's Working Group member (kept in the
``sandbox_keys`` table, marked as sandbox keys), fixes the rules with a sandbox
``institutions.configure`` act, and then plays, with dates from ``start`` onward:

1. drafting of the sample Charter and two consultation rounds (in the first organisation among
   the parties, then at a conference), a revised version;
2. a preparatory Forum session (one party declines to host) that adopts the Charter;
   signatures, ratifications and confirmations, entry into force, an accession;
3. a regular Forum session a year later, hosted by the next party in the rotation;
4. Working Group nominations, agenda and budget; pledges on the assessed scale,
   contributions, allocations and a disbursement for the Forum's costs;
5. projects proposed, appraised, approved, funded in tranches against milestones, with
   results and closure; and a consultation between two parties.

Every act goes through :meth:`~eurasec.record.log.Record.submit` like any other; the log's
clock is a sandbox clock that moves with the play's dates (so every act is dated within its
tolerance). At the end the log signs a checkpoint with a generated sandbox log key and a
sandbox witness co-signs it (both keys in ``sandbox_keys``, as ``LOG`` and ``WITNESS``), so
``eurasec record export`` writes a checkpoint anyone can check against ``entries.jsonl``.

Usage docs: ``docs/sandbox.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from eurasec.errors import InputError, NotFound
from eurasec.institutions import charter
from eurasec.institutions.fund.scale import assessed_scale
from eurasec.institutions.parameters import DEFAULT_RULES, RUBRIC
from eurasec.institutions.participant import Participants, open_record
from eurasec.institutions.sample import sample_charter
from eurasec.institutions.schema import sandbox_keys
from eurasec.record import generate_private_key, public_key_b64
from eurasec.record.checkpoint import ALG_COSIGNATURE, Checkpoint, NoteSigner, SignedNote
from eurasec.record.clock import ManualClock
from eurasec.record.keys import private_key_pem
from eurasec.record.log import publish_checkpoint
from eurasec.record.witness import Witness, cosign_latest
from eurasec.storage import Store
from eurasec.storage.meta import set_meta

__all__ = [
    "ORIGIN",
    "WITNESS_NAME",
    "SandboxEvent",
    "SandboxReport",
    "default_channels",
    "gdp",
    "is_state",
    "play",
]

#: The budget of the first year (minor units of ``currency``) and how it is split.
FORUM_BUDGET = 40_000_000
OFFICE_BUDGET = 60_000_000
#: What the sandbox allocates to projects (two projects of two tranches each).
PROJECT_BUDGET = 50_000_000
#: What each organisation pledges voluntarily (states pledge on the assessed scale).
ORGANISATION_PLEDGE = 5_000_000
#: How many parties act on days of their own in a round of acts by every party (the rest act
#: on the day of the last of them): the story reads day by day for a small sandbox, and the
#: rounds stay within their periods for up to every party of the registry.
SPREAD = 8

ChannelFn = Callable[[str, str, str], Sequence[str]]


@dataclass(frozen=True)
class SandboxEvent:
    """One act the sandbox played."""

    index: int
    date: str
    actor: str
    type: str
    summary: str


@dataclass
class SandboxReport:
    """What the sandbox did."""

    parties: list[str]
    events: list[SandboxEvent] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def is_state(actor: str) -> bool:
    """Whether ``actor`` is an ISO 3166 alpha-3 state code (otherwise an organisation)."""
    from eurasec import datasets

    codes = set(datasets.load("iso_codes")["ISO3166-1-Alpha-3"].dropna())
    return actor in codes


def default_channels(a: str, b: str, as_of: str) -> list[str]:
    """Channels the sandbox falls back on: the Charter itself, which both parties joined."""
    return ["CHARTER"]


def gdp(states: Sequence[str], year: int | None = None) -> dict[str, float]:
    """Each state's GDP (current US$, World Bank) in ``year`` or its latest year.

    A state without data gets the smallest GDP among the others (so the floor applies).
    """
    from eurasec import datasets

    df = datasets.load("wb_gdp").dropna(subset=["Value"])
    if year is not None:
        df = df[df["Year"] == year]
    latest = df.sort_values("Year").groupby("Country Code")["Value"].last()
    known = {s: float(latest[s]) for s in states if s in latest.index}
    fallback = min(known.values()) if known else 1.0
    return {s: known.get(s, fallback) for s in states}


#: The sandbox log's origin, and the name its witness cosigns under.
ORIGIN = "eurasec.sandbox"
WITNESS_NAME = "eurasec.sandbox/witness"
_KEY_NOTE = "SANDBOX KEY: generated by `eurasec sandbox`; never use for real acts"


class _Player:
    def __init__(self, store: Store, parties: list[str], start: date, currency: str) -> None:
        self.store, self.parties, self.currency = store, parties, currency
        self.clock = ManualClock(f"{start.isoformat()}T10:00:00Z")
        self.record = open_record(store, self.clock)
        self.who = Participants(self.record)
        self.report = SandboxReport(parties)
        self.day = start
        self.kinds = {p: "state" if is_state(p) else "organisation" for p in parties}

    def spread(self, n: int, days: int) -> int:
        """Days before the ``n``-th party's act in a round of acts by every party: the first
        :data:`SPREAD` act on days apart, the rest on the day of the last of those, so that
        every consultation round, signature and voting period holds for any party count."""
        return days if n < SPREAD else 0

    def at(self, days: int) -> str:
        self.day = self.day + timedelta(days=days)
        return f"{self.day.isoformat()}T10:00:00Z"

    def act(self, signer: str, type_: str, summary: str, /, days: int = 0, **payload: Any) -> None:
        time = self.at(days)
        self.clock.set(time)
        receipt = self.who.act(signer, type_, time, **payload)
        self.report.events.append(SandboxEvent(receipt.index, time[:10], signer, type_, summary))

    def keys(self, actors: Sequence[str]) -> None:
        with self.store.begin() as conn:
            for actor in actors:
                key = generate_private_key()
                self.who.keys[actor] = key
                conn.execute(
                    sandbox_keys.insert().values(
                        actor=actor, private_key_pem=private_key_pem(key).decode(), note=_KEY_NOTE
                    )
                )

    def checkpoint(self) -> dict[str, Any]:
        """Sign a checkpoint with the sandbox log key; have the sandbox witness cosign it."""
        log_key, witness_key = generate_private_key(), generate_private_key()
        with self.store.begin() as conn:
            for actor, key in (("LOG", log_key), ("WITNESS", witness_key)):
                conn.execute(
                    sandbox_keys.insert().values(
                        actor=actor, private_key_pem=private_key_pem(key).decode(), note=_KEY_NOTE
                    )
                )
        log = NoteSigner(ORIGIN, log_key)
        signer = NoteSigner(WITNESS_NAME, witness_key, ALG_COSIGNATURE)
        witness = Witness(self.store, signer, {ORIGIN: log.verifier})
        note = cosign_latest(self.record, publish_checkpoint(self.record, log), witness)
        checkpoint = Checkpoint.parse(SignedNote.parse(note).body)
        return {
            "size": checkpoint.size,
            "root": checkpoint.root.hex(),
            "log_vkey": log.verifier.vkey(),
            "witness_vkey": witness.signer.verifier.vkey(),
        }


def play(
    store: Store,
    parties: Sequence[str],
    *,
    start: str = "2026-01-12",
    currency: str = "USD",
    channels: ChannelFn | None = None,
) -> SandboxReport:
    """Play the five steps on the empty ``store`` with ``parties`` (at least three).

    Any number of parties works, up to every state and format of the registry; anything the
    sandbox cannot play (too few parties, an id the registry does not know) is refused before
    anything is written.
    """
    parties = list(dict.fromkeys(p.strip().upper() for p in parties if p.strip()))
    if len(parties) < 3:
        raise InputError("the sandbox needs at least three parties")
    _known(parties)
    p = _Player(store, parties, date.fromisoformat(start), currency)
    if p.record.size() > 0:
        raise InputError("the sandbox needs an empty store; this one already has a record")
    sec = DEFAULT_RULES.secretariat
    members = [f"W:{x}" for x in parties]
    p.keys([*parties, sec, *members])
    founders = {a: p.who.keys[a].public_key() for a in [*parties, sec]}
    p.record.genesis(ORIGIN, founders, time=p.at(0))
    with store.begin() as conn:
        set_meta(conn, "sandbox", "1")
    founding, latecomer = parties[:-1], parties[-1]
    rules = replace(DEFAULT_RULES, ratifications_for_entry_into_force=min(3, len(founding)))
    p.act(
        sec, "institutions.configure", "rules fixed (sandbox)", rules=rules.to_json(), sandbox=True
    )
    for m in members:
        p.act(
            sec,
            "key.register",
            f"key of Working Group member {m}",
            actor=m,
            public_key=public_key_b64(p.who.keys[m]),
        )
    _step1(p, founding, sec)
    _step2(p, founding, latecomer, sec)
    _step3_4(p, sec)
    _step5(p, sec, channels or default_channels)
    with store.connect() as conn:
        from eurasec.institutions.fund.report import statement

        p.report.summary = {
            "charter": charter.status(conn, p.day.isoformat(), rules),
            "fund": statement(conn, p.day.isoformat()),
            "record_size": p.record.size(),
        }
    p.report.summary["checkpoint"] = p.checkpoint()
    return p.report


def _known(parties: Sequence[str]) -> None:
    """Every party is a state or a format of the registry (refused up front otherwise)."""
    from eurasec import registry

    known = [s.id for s in registry.states()] + [f.id for f in registry.formats()]
    ids = set(known)
    for party in parties:
        if party not in ids:
            raise NotFound("state or format", party, known)


def _step1(p: _Player, founding: list[str], sec: str) -> None:
    for n, x in enumerate(founding):
        p.act(x, "charter.negotiate", f"{x} joins the drafting", days=p.spread(n, 1))
    draft = sample_charter()
    p.act(sec, "charter.draft", "sample Charter published as version 1", days=7, **draft)
    orgs = [x for x in p.parties if p.kinds[x] == "organisation"]
    fmt = orgs[0] if orgs else "CONFERENCE-0"
    p.act(
        sec,
        "charter.round",
        f"consultation round in {fmt}",
        days=1,
        round="R1",
        version=1,
        format=fmt,
        venue=f"meeting of {fmt}",
        closes=(p.day + timedelta(days=60)).isoformat(),
    )
    a, b = founding[0], founding[1]
    p.act(
        a,
        "charter.comment",
        f"{a} comments on article 4",
        days=10,
        round="R1",
        article="4",
        text="Name cyber incidents against critical infrastructure explicitly.",
    )
    p.act(
        b,
        "charter.position",
        f"{b}: reservation on article 3",
        days=3,
        round="R1",
        position="reservation",
        article="3",
        note="Scope of adjacent islands to be defined.",
    )
    for n, x in enumerate(y for y in founding if y != b):
        p.act(
            x,
            "charter.position",
            f"{x} supports version 1",
            days=p.spread(n, 1),
            round="R1",
            position="support",
        )
    v2 = sample_charter()
    v2["version"] = 2
    v2["articles"][3]["text"] += (
        " Attacks on critical infrastructure by digital means are covered explicitly."
    )
    p.act(sec, "charter.draft", "version 2 answers the round's comments", days=50, **v2)
    p.act(
        sec,
        "charter.round",
        "second round at a conference on Eurasian security",
        days=1,
        round="R2",
        version=2,
        format="CONFERENCE",
        venue="international conference",
        closes=(p.day + timedelta(days=30)).isoformat(),
    )
    for n, x in enumerate(founding):
        p.act(
            x,
            "charter.position",
            f"{x} supports version 2",
            days=p.spread(n, 1),
            round="R2",
            position="support",
        )


def _host(p: _Player, session: int) -> str:
    from eurasec.institutions.forum import next_host
    from eurasec.institutions.parameters import Rules

    with p.store.connect() as conn:
        from eurasec.institutions._act import get_rules

        rules: Rules = get_rules(conn)
        host = next_host(conn, session, p.day.isoformat(), rules)
    assert host is not None
    return host


def _session(p: _Player, n: int, days: int, place: str) -> str:
    p.day += timedelta(days=days)
    host = _host(p, n)
    p.act(
        host, "forum.convene", f"{host} hosts Forum session {n} ({place})", place=place, session=n
    )
    return host


def _vote_all(
    p: _Player,
    proposals: Sequence[str],
    voters: Sequence[str],
    special: dict[tuple[str, str], str] | None = None,
) -> None:
    for prop in proposals:
        for x in voters:
            pos = (special or {}).get((prop, x), "support")
            p.act(x, "forum.vote", f"{x}: {pos} on {prop}", proposal=prop, position=pos)


def _step2(p: _Player, founding: list[str], latecomer: str, sec: str) -> None:
    first = _host(p, 1)
    p.act(first, "forum.decline", f"{first} declines to host session 1", days=5, session=1)
    p.act(
        sec,
        "wg.agenda",
        "agenda of session 1: adopt the Charter, set up the Working Group",
        session=1,
        items=[
            {"proposal": "S1-adopt-charter", "kind": "charter.adopt", "subject": {"version": 2}},
            {
                "proposal": "S1-working-group",
                "kind": "resolution",
                "subject": {"text": "Each party nominates one member of the Working Group."},
            },
        ],
    )
    host = _session(p, 1, 20, "capital of the host")
    _vote_all(p, ["S1-adopt-charter", "S1-working-group"], founding)
    for prop in ("S1-adopt-charter", "S1-working-group"):
        p.act(host, "forum.decide", f"decision on {prop}", proposal=prop)
    p.act(
        host,
        "forum.minutes",
        "minutes of session 1",
        session=1,
        text="Session 1 adopted Charter version 2 by consensus and set up the Working Group.",
    )
    for n, x in enumerate(founding):
        p.act(
            x,
            "charter.sign",
            f"{x} signs the Charter ({p.kinds[x]})",
            days=p.spread(n, 2),
            version=2,
            kind=p.kinds[x],
        )
    for n, x in enumerate(founding):
        verb = "charter.ratify" if p.kinds[x] == "state" else "charter.confirm"
        p.act(x, verb, f"{x} deposits its instrument", days=p.spread(n, 30))
    p.act(
        latecomer,
        "charter.accede",
        f"{latecomer} accedes to the Charter in force",
        days=40,
        kind=p.kinds[latecomer],
    )


def _step3_4(p: _Player, sec: str) -> None:
    parties = p.parties
    for n, x in enumerate(parties):
        p.act(
            x,
            "wg.nominate",
            f"{x} nominates W:{x} to the Working Group",
            days=p.spread(n, 1),
            member=f"W:{x}",
        )
    cur = p.currency
    states = [x for x in parties if p.kinds[x] == "state"]
    # The rules' ceiling cannot hold for fewer states than 1/ceiling, nor their floor for more
    # than 1/floor: then the bound that cannot hold gives way to equal shares.
    equal = 1 / max(len(states), 1)
    ceiling = max(DEFAULT_RULES.assessed_ceiling, equal)
    floor = min(DEFAULT_RULES.assessed_floor, equal)
    total = FORUM_BUDGET + OFFICE_BUDGET + PROJECT_BUDGET
    scale = assessed_scale(gdp(states), total, floor, ceiling) if states else {}
    for n, x in enumerate(parties):
        amount = scale.get(x) or ORGANISATION_PLEDGE
        p.act(
            x,
            "fund.pledge",
            f"{x} pledges {amount} {cur} (minor units)",
            days=p.spread(n, 1),
            amount=amount,
            currency=cur,
        )
        p.act(
            x,
            "fund.contribute",
            f"{x} pays its pledge",
            days=p.spread(n, 5),
            amount=amount,
            currency=cur,
        )
    lead_a, lead_b = parties[0], parties[1 % len(parties)]
    plans = [
        ("P-disaster-1", "disaster_relief", lead_a, "Joint early-warning drill for earthquakes"),
        ("P-digital-1", "digital_security", lead_b, "Shared incident-response exercise"),
    ]
    for pid, line, lead, title in plans:
        p.act(
            lead,
            "project.propose",
            f"{lead} proposes {pid} ({line})",
            days=3,
            project=pid,
            line=line,
            title=title,
            summary=f"{title}, run jointly by the parties.",
            currency=cur,
            tranches=[
                {"amount": 10_000_000, "milestone": "plan agreed"},
                {"amount": 15_000_000, "milestone": "exercise held"},
            ],
        )
        p.act(
            f"W:{parties[-1]}",
            "project.appraise",
            f"Working Group appraises {pid}",
            days=2,
            project=pid,
            scores=dict.fromkeys(RUBRIC, 3),
            note="sound and measurable",
        )
    wg = f"W:{parties[0]}"
    p.act(
        wg,
        "wg.budget",
        "Working Group proposes the first-year budget",
        days=5,
        session=2,
        year=p.day.year + 1,
        currency=cur,
        lines=[
            {"purpose": "forum", "amount": FORUM_BUDGET},
            {"purpose": "office", "amount": OFFICE_BUDGET},
        ],
    )
    items = []
    for pid, _, _, _ in plans:
        items.append(
            {
                "proposal": f"S2-approve-{pid}",
                "kind": "project.approve",
                "subject": {"project": pid},
            }
        )
        items.append(
            {
                "proposal": f"S2-fund-{pid}",
                "kind": "fund.allocate",
                "subject": {"purpose": f"project:{pid}", "amount": 25_000_000, "currency": cur},
            }
        )
    p.act(
        wg,
        "wg.agenda",
        "Working Group proposes the agenda of session 2",
        days=1,
        session=2,
        items=items,
    )
    year = p.day.year + 1
    budget = [f"budget-{year}-forum", f"budget-{year}-office"]
    with p.store.connect() as conn:
        first = conn.execute(select(sandbox_keys.c.actor)).first()
    assert first is not None
    host = _session(p, 2, 300, "capital of the host")
    props = [*budget, *(str(i["proposal"]) for i in items)]
    special = {
        (props[0], parties[-1]): "abstain",
        (props[2], parties[1 % len(parties)]): "reservation",
    }
    _vote_all(p, props, parties, special)
    for prop in props:
        p.act(host, "forum.decide", f"decision on {prop}", proposal=prop)
    p.act(
        host,
        "forum.minutes",
        "minutes of session 2",
        session=2,
        text="Session 2 approved the first budget and two projects by consensus.",
    )
    for prop in [*budget, *(f"S2-fund-{x[0]}" for x in plans)]:
        p.act(sec, "fund.allocate", f"secretariat executes {prop}", days=1, decision=prop)
    p.act(
        sec,
        "fund.disburse",
        "Forum costs of session 2 paid to the host",
        days=3,
        decision=budget[0],
        amount=12_000_000,
        payee=host,
        memo="venue and interpretation",
    )
    for pid, _, _, _ in plans:
        p.act(
            sec,
            "project.approve",
            f"Project Office starts {pid}",
            days=1,
            project=pid,
            decision=f"S2-approve-{pid}",
        )


def _step5(p: _Player, sec: str, channels: ChannelFn) -> None:
    pid, lead = "P-disaster-1", p.parties[0]
    p.act(sec, "project.tranche", f"tranche 1 of {pid} released", days=2, project=pid, tranche=1)
    p.act(
        lead,
        "project.milestone",
        f"{lead} reports milestone 1 of {pid}",
        days=60,
        project=pid,
        milestone=1,
        report="Joint plan agreed by all participating services.",
    )
    p.act(sec, "project.tranche", f"tranche 2 of {pid} released", days=5, project=pid, tranche=2)
    p.act(
        lead,
        "project.milestone",
        f"{lead} reports milestone 2 of {pid}",
        days=90,
        project=pid,
        milestone=2,
        report="Drill held in three border regions.",
    )
    p.act(
        lead,
        "project.result",
        f"{lead} reports a result of {pid}",
        days=5,
        project=pid,
        summary="Warning times between national services fell from hours to minutes.",
        story="Rescue teams from several parties trained together for the first time.",
    )
    p.act(
        sec,
        "project.close",
        f"{pid} closed as completed",
        days=10,
        project=pid,
        outcome="completed",
    )
    a, b = p.parties[1 % len(p.parties)], p.parties[2 % len(p.parties)]
    from eurasec.institutions.consultation import raise_payload

    shared = list(channels(a, b, p.day.isoformat()))
    payload = raise_payload(
        "C-1",
        b,
        "A planned exercise near the common border was not notified.",
        shared,
        move="exercise near the border",
    )
    p.act(
        a,
        "consult.raise",
        f"{a} raises a concern with {b} in {payload['channel']}",
        days=3,
        **payload,
    )
    p.act(
        b,
        "consult.reply",
        f"{b} replies",
        days=10,
        consultation="C-1",
        text="The exercise is routine; observers from the other side are invited.",
    )
    p.act(
        a,
        "consult.close",
        "consultation resolved",
        days=5,
        consultation="C-1",
        outcome="resolved",
        note="Observers invited; notification agreed for future drills.",
    )
