"""Consultations: a party raises a concern about another's act or proposed move.

Acts:

===================  ===========================================================================
``consult.raise``    the raiser opens consultation ``id`` with a respondent in a channel both
                     belong to, about an act on the record (``subject.act``) or a proposed move
                     (``subject.move``), with a deadline (default ``consultation_reply_days``)
``consult.reply``    either side replies; a respondent's reply after the deadline is marked late
``consult.close``    the raiser closes it: resolved, unresolved, withdrawn or referred (to the
                     Forum)
===================  ===========================================================================

The channel comes from the registry (the formats both parties take part in on the date); the
institutions never import the registry: the caller passes the shared channels to
:func:`raise_payload`, which picks one and records it in the act.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, select

from eurasec.errors import InputError, NotFound
from eurasec.institutions._act import Act, ActFn, Handler, add_days, deny, forbid
from eurasec.institutions.schema import consultation_replies, consultations

__all__ = [
    "OUTCOMES",
    "ConsultationHandler",
    "consultation",
    "consultation_list",
    "raise_payload",
]

#: How a consultation may end.
OUTCOMES = ("resolved", "unresolved", "withdrawn", "referred")


def raise_payload(
    consultation_id: str,
    respondent: str,
    concern: str,
    channels: Sequence[str],
    *,
    channel: str | None = None,
    act: int | None = None,
    move: str | None = None,
    deadline: str | None = None,
) -> dict[str, Any]:
    """The payload of a ``consult.raise`` act, choosing a channel from the shared ``channels``.

    ``channels`` are the formats raiser and respondent share (best first), as the registry's
    ``channels(a, b, as_of)`` lists them. ``channel`` picks one of them; by default the first.
    """
    if not channels:
        raise InputError(f"no channel is shared with {respondent}; a consultation needs one")
    chosen = channel or channels[0]
    if chosen not in channels:
        raise InputError(f"{chosen} is not a channel shared with {respondent}: {list(channels)}")
    if (act is None) == (move is None):
        raise InputError("a concern is about either an act on the record or a proposed move")
    subject: dict[str, Any] = {"act": act} if act is not None else {"move": move}
    payload: dict[str, Any] = {
        "consultation": consultation_id,
        "respondent": respondent,
        "channel": chosen,
        "concern": concern,
        "subject": subject,
    }
    if deadline:
        payload["deadline"] = deadline
    return payload


def consultation_list(conn: Connection, as_of: str) -> list[dict[str, Any]]:
    """Every consultation opened by ``as_of`` with its state then."""
    q = select(consultations).where(consultations.c.opened <= as_of)
    return [_public(r, as_of) for r in conn.execute(q.order_by(consultations.c.idx))]


def _public(r: Any, as_of: str) -> dict[str, Any]:
    closed = r.closed_on is not None and r.closed_on <= as_of
    return {
        "consultation": r.consultation,
        "raiser": r.raiser,
        "respondent": r.respondent,
        "channel": r.channel,
        "subject": json.loads(r.subject),
        "concern": r.concern,
        "opened": r.opened,
        "deadline": r.deadline,
        "status": r.outcome if closed else ("overdue" if as_of > r.deadline else "open"),
        "closed_on": r.closed_on if closed else None,
        "note": r.note if closed else "",
    }


def consultation(conn: Connection, cid: str, as_of: str) -> dict[str, Any]:
    """One consultation with its replies as of a date."""
    row = conn.execute(select(consultations).where(consultations.c.consultation == cid)).first()
    if row is None:
        raise NotFound(
            "consultation", cid, conn.execute(select(consultations.c.consultation)).scalars()
        )
    q = select(consultation_replies).where(
        (consultation_replies.c.consultation == cid) & (consultation_replies.c.date <= as_of)
    )
    out = _public(row, as_of)
    out["replies"] = [
        {"actor": r.actor, "text": r.text, "date": r.date, "late": r.late}
        for r in conn.execute(q.order_by(consultation_replies.c.idx))
    ]
    return out


def _get(act: Act) -> Any:
    cid = act.ident("consultation")
    row = act.conn.execute(select(consultations).where(consultations.c.consultation == cid)).first()
    if row is None:
        raise NotFound("consultation", cid)
    if row.outcome is not None:
        raise forbid(f"consultation {cid} was closed on {row.closed_on}")
    return row


def _raise(act: Act) -> None:
    cid = act.ident("consultation")
    q = select(consultations).where(consultations.c.consultation == cid)
    if act.conn.execute(q).first():
        raise forbid(f"consultation {cid} already exists", "duplicate_act")
    respondent = act.ident("respondent")
    if respondent == act.actor:
        raise InputError("a consultation needs two different parties")
    subject = act.object("subject")
    if set(subject) not in ({"act"}, {"move"}):
        raise InputError("subject must be {act: <record index>} or {move: <text>}")
    default = add_days(act.date, act.rules.consultation_reply_days).isoformat()
    deadline = act.day_field("deadline", default=default)
    if deadline < act.day:
        raise InputError("the deadline is before the consultation opens")
    act.insert(
        consultations,
        consultation=cid,
        raiser=act.actor,
        respondent=respondent,
        channel=act.ident("channel"),
        subject=json.dumps(dict(subject), sort_keys=True),
        concern=act.text("concern"),
        opened=act.day,
        deadline=deadline,
        note="",
        idx=act.index,
    )


def _reply(act: Act) -> None:
    row = _get(act)
    if act.actor not in (row.raiser, row.respondent):
        raise deny(f"{act.actor} is not a side of consultation {row.consultation}")
    late = act.actor == row.respondent and act.day > row.deadline
    act.insert(
        consultation_replies,
        idx=act.index,
        consultation=row.consultation,
        actor=act.actor,
        text=act.text("text"),
        date=act.day,
        late=late,
    )


def _close(act: Act) -> None:
    row = _get(act)
    if act.actor != row.raiser:
        raise deny(f"consultation {row.consultation} is closed by its raiser {row.raiser}")
    outcome = act.choice("outcome", OUTCOMES)
    act.update(
        consultations,
        consultations.c.consultation == row.consultation,
        outcome=outcome,
        closed_on=act.day,
        note=act.text("note", default=""),
    )


class ConsultationHandler(Handler):
    """Projection of every ``consult.*`` act."""

    acts: ClassVar[Mapping[str, ActFn]] = {
        "consult.raise": _raise,
        "consult.reply": _reply,
        "consult.close": _close,
    }
    tables = (consultations, consultation_replies)
