"""The Forum: sessions at a regular interval, hosted in turn, deciding by consensus.

Acts:

=================  =============================================================================
``forum.decline``  a member declines to host session n (it keeps its place in the rotation)
``forum.convene``  the host whose turn it is convenes session n on the act's date
``forum.vote``     a member's position on a proposal: support, abstain, reservation, objection
``forum.decide``   the host (or the secretariat) closes a proposal once its voting period has
                   ended and a quorum has voted; the decision rule decides
``forum.minutes``  the host records the minutes of its session
=================  =============================================================================

Proposals reach the agenda through the Working Group (:mod:`eurasec.institutions.working_group`).

Host rotation: among the members on the session date who have not declined that session, the
one that hosted least recently (never first), ties broken by id. Regular sessions are at least
``forum_interval_months`` apart (less ``forum_interval_tolerance_days``); extraordinary
sessions may be convened at any time by the host whose turn it is.

Decision rules (per decision kind, default ``consensus``): ``consensus`` adopts a proposal that
at least one member supports and no member objects to; ``majority`` needs more supports than
objections; ``two_thirds`` needs two thirds of the votes cast other than abstentions.
Reservations and abstentions are recorded and do not block.

No decision is taken by a few members in a hurry: a proposal stays open to votes for the
rule's ``voting_period_days`` from the day it comes before a convened session (its session's
date, or the day it was tabled if later), unless every member has voted (``voting_open``), and
needs votes (abstentions count) from the rule's ``decision_quorum`` share of the members
(``no_quorum``). Votes are cast from the session's date on.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

from sqlalchemy import Connection, func, select

from eurasec.errors import NotFound
from eurasec.institutions import charter
from eurasec.institutions._act import (
    Act,
    ActFn,
    Handler,
    add_days,
    add_months,
    deny,
    forbid,
)
from eurasec.institutions.parameters import Rules
from eurasec.institutions.schema import (
    forum_declines,
    forum_minutes,
    forum_proposals,
    forum_sessions,
    forum_votes,
)

__all__ = [
    "VOTES",
    "ForumHandler",
    "decided",
    "next_host",
    "next_session_due",
    "outcome",
    "proposals",
    "session_report",
    "sessions",
]

#: Positions a member may take on a proposal.
VOTES = ("support", "abstain", "reservation", "objection")


def sessions(conn: Connection, as_of: str | None = None) -> list[dict[str, Any]]:
    """Every session convened by ``as_of``."""
    q = select(forum_sessions).order_by(forum_sessions.c.session)
    if as_of:
        q = q.where(forum_sessions.c.date <= as_of)
    return [
        {
            "session": r.session,
            "host": r.host,
            "date": r.date,
            "place": r.place,
            "extraordinary": r.extraordinary,
        }
        for r in conn.execute(q)
    ]


def next_host(conn: Connection, session: int, on: str, rules: Rules) -> str | None:
    """Whose turn it is to host ``session`` on ``on``: least recently hosted first, ties by id."""
    members = charter.members(conn, on, rules)
    declined = set(
        conn.execute(
            select(forum_declines.c.actor).where(forum_declines.c.session == session)
        ).scalars()
    )
    last: dict[str, int] = {}
    for r in conn.execute(
        select(forum_sessions.c.host, func.max(forum_sessions.c.session)).group_by(
            forum_sessions.c.host
        )
    ):
        last[r[0]] = int(r[1])
    candidates = [m for m in members if m not in declined]
    if not candidates:
        return None
    return min(candidates, key=lambda m: (last.get(m, 0), m))


def next_session_due(conn: Connection, rules: Rules) -> dict[str, Any]:
    """The next session number, the earliest date a regular session may be held, and its host."""
    last = conn.execute(
        select(forum_sessions)
        .where(forum_sessions.c.extraordinary.is_(False))
        .order_by(forum_sessions.c.session.desc())
    ).first()
    number = (conn.execute(select(func.max(forum_sessions.c.session))).scalar() or 0) + 1
    due = (
        None
        if last is None
        else add_months(date.fromisoformat(last.date), rules.forum_interval_months).isoformat()
    )
    on = due or date.today().isoformat()
    return {"session": number, "due": due, "host": next_host(conn, number, on, rules)}


def _votes(conn: Connection, proposal: str) -> dict[str, str]:
    q = select(forum_votes.c.actor, forum_votes.c.position).where(
        forum_votes.c.proposal == proposal
    )
    return {str(a): str(p) for a, p in conn.execute(q)}


def outcome(votes: dict[str, str], rule: str) -> bool:
    """Whether a proposal with these ``votes`` (actor → position) is adopted under ``rule``."""
    tally = {v: sum(1 for p in votes.values() if p == v) for v in VOTES}
    assenting = tally["support"] + tally["reservation"]
    if rule == "consensus":
        return tally["objection"] == 0 and assenting >= 1
    if rule == "majority":
        return assenting > tally["objection"]
    cast = assenting + tally["objection"]
    return cast > 0 and 3 * assenting >= 2 * cast


def proposals(conn: Connection, session: int | None = None) -> list[dict[str, Any]]:
    """Proposals (agenda items) with their votes and outcome."""
    q = select(forum_proposals).order_by(forum_proposals.c.idx)
    if session is not None:
        q = q.where(forum_proposals.c.session == session)
    return [
        {
            "proposal": r.proposal,
            "session": r.session,
            "kind": r.kind,
            "subject": json.loads(r.subject),
            "proposed_by": r.proposed_by,
            "outcome": r.outcome,
            "decided_on": r.decided_on,
            "rule": r.rule,
            "votes": _votes(conn, r.proposal),
        }
        for r in conn.execute(q)
    ]


def decided(conn: Connection, proposal: str, kind: str, as_of: str) -> dict[str, Any] | None:
    """The subject of ``proposal`` if it was adopted as a decision of ``kind`` by ``as_of``."""
    row = conn.execute(
        select(forum_proposals).where(forum_proposals.c.proposal == proposal)
    ).first()
    if row is None or row.kind != kind or row.outcome != "adopted" or row.decided_on > as_of:
        return None
    subject: dict[str, Any] = json.loads(row.subject)
    return subject


def session_report(conn: Connection, session: int) -> dict[str, Any]:
    """A session: host, date, agenda with decisions, declines, and minutes."""
    row = conn.execute(select(forum_sessions).where(forum_sessions.c.session == session)).first()
    if row is None:
        raise NotFound("session", str(session), [str(s["session"]) for s in sessions(conn)])
    minutes = conn.execute(
        select(forum_minutes.c.text).where(forum_minutes.c.session == session)
    ).scalar()
    declined = conn.execute(
        select(forum_declines.c.actor).where(forum_declines.c.session == session)
    ).scalars()
    return {
        "session": row.session,
        "host": row.host,
        "date": row.date,
        "place": row.place,
        "extraordinary": row.extraordinary,
        "declined": sorted(declined),
        "agenda": proposals(conn, session),
        "minutes": minutes,
    }


# ----------------------------------------------------------------------------- acts


def _member(act: Act) -> None:
    if not charter.is_member(act.conn, act.actor, act.day, act.rules):
        raise deny(f"{act.actor} is not a member of the Forum on {act.day}")


def _session(act: Act) -> Any:
    n = act.integer("session", minimum=1, maximum=100_000)
    row = act.conn.execute(select(forum_sessions).where(forum_sessions.c.session == n)).first()
    if row is None:
        raise NotFound("session", str(n))
    return row


def _decline(act: Act) -> None:
    _member(act)
    n = act.integer("session", minimum=1, maximum=100_000)
    if act.conn.execute(select(forum_sessions).where(forum_sessions.c.session == n)).first():
        raise forbid(f"session {n} is already convened")
    q = select(forum_declines).where(
        (forum_declines.c.session == n) & (forum_declines.c.actor == act.actor)
    )
    if act.conn.execute(q).first():
        raise forbid(f"{act.actor} already declined session {n}", "duplicate_act")
    act.insert(forum_declines, session=n, actor=act.actor, date=act.day)


def _convene(act: Act) -> None:
    _member(act)
    n = act.integer("session", minimum=1, maximum=100_000)
    due = next_session_due(act.conn, act.rules)
    if n != due["session"]:
        raise forbid(
            f"the next session is number {due['session']}",
            "duplicate_act" if n < due["session"] else "rule_violation",
        )
    host = next_host(act.conn, n, act.day, act.rules)
    if act.actor != host:
        raise deny(f"it is {host}'s turn to host session {n}, not {act.actor}'s")
    extraordinary = bool(act.payload.get("extraordinary", False))
    if due["due"] and not extraordinary:
        earliest = date.fromisoformat(due["due"]) - timedelta(
            days=act.rules.forum_interval_tolerance_days
        )
        if act.date < earliest:
            raise forbid(f"regular session {n} may not be held before {earliest.isoformat()}")
    act.insert(
        forum_sessions,
        session=n,
        host=act.actor,
        date=act.day,
        place=act.text("place", max_len=200),
        extraordinary=extraordinary,
        idx=act.index,
    )


def _proposal(act: Act) -> Any:
    pid = act.ident("proposal")
    row = act.conn.execute(select(forum_proposals).where(forum_proposals.c.proposal == pid)).first()
    if row is None:
        raise NotFound("proposal", pid)
    if row.outcome is not None:
        raise forbid(f"proposal {pid} was already decided on {row.decided_on}", "duplicate_act")
    return row


def _vote(act: Act) -> None:
    _member(act)
    row = _proposal(act)
    q0 = select(forum_sessions.c.date).where(forum_sessions.c.session == row.session)
    opened = act.conn.execute(q0).scalar()
    if opened is None or act.day < opened:
        raise forbid(f"session {row.session} has not been convened; votes are cast in session")
    position = act.choice("position", VOTES)
    q = select(forum_votes).where(
        (forum_votes.c.proposal == row.proposal) & (forum_votes.c.actor == act.actor)
    )
    if act.conn.execute(q).first():
        raise forbid(f"{act.actor} already voted on {row.proposal}", "duplicate_act")
    act.insert(forum_votes, proposal=row.proposal, actor=act.actor, position=position, date=act.day)


def _decide(act: Act) -> None:
    row = _proposal(act)
    session = act.conn.execute(
        select(forum_sessions).where(forum_sessions.c.session == row.session)
    ).first()
    if session is None:
        raise forbid(f"session {row.session} has not been convened")
    if act.actor not in (session.host, act.rules.secretariat):
        raise deny(f"only the host of session {row.session} ({session.host}) closes its items")
    rule = act.rules.decision_rule(row.kind)
    votes = _votes(act.conn, row.proposal)
    members = set(charter.members(act.conn, act.day, act.rules))
    votes = {a: p for a, p in votes.items() if a in members}
    _ripe(act, row, session.date, rule, len(votes), len(members))
    adopted = outcome(votes, rule)
    act.update(
        forum_proposals,
        forum_proposals.c.proposal == row.proposal,
        outcome="adopted" if adopted else "rejected",
        decided_on=act.day,
        rule=rule,
    )


def _ripe(act: Act, row: Any, session_date: str, rule: str, voted: int, members: int) -> None:
    """Refuse a decision before its voting period ends (unless all voted), or without quorum."""
    opened = date.fromisoformat(max(str(row.proposed_on), session_date))
    closes = add_days(opened, act.rules.voting_period_days[rule])
    if voted < members and act.date < closes:
        raise forbid(
            f"proposal {row.proposal} is open to votes until {closes.isoformat()} "
            f"({voted} of {members} members have voted)",
            "voting_open",
        )
    needed = act.rules.quorum(rule, members)
    if voted < needed:
        raise forbid(
            f"proposal {row.proposal} has {voted} votes; {rule} needs {needed} of {members} "
            "members to vote",
            "no_quorum",
        )


def _minutes(act: Act) -> None:
    row = _session(act)
    if act.actor != row.host:
        raise deny(f"the minutes of session {row.session} are kept by its host {row.host}")
    q = select(forum_minutes).where(forum_minutes.c.session == row.session)
    if act.conn.execute(q).first():
        raise forbid(f"session {row.session} already has minutes", "duplicate_act")
    act.insert(forum_minutes, session=row.session, text=act.text("text"), date=act.day)


class ForumHandler(Handler):
    """Projection of every ``forum.*`` act."""

    acts: ClassVar[Mapping[str, ActFn]] = {
        "forum.decline": _decline,
        "forum.convene": _convene,
        "forum.vote": _vote,
        "forum.decide": _decide,
        "forum.minutes": _minutes,
    }
    tables = (forum_sessions, forum_declines, forum_votes, forum_minutes)
