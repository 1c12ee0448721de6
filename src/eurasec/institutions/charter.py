"""The Charter: versions, consultation rounds, adoption, signature, entry into force, accession.

Acts (each signed by the acting party; the actor is always the party the act is about):

===================  ===========================================================================
``charter.negotiate`` the actor joins the drafting (negotiators form the Forum before entry into
                      force)
``charter.draft``     a negotiator (or the secretariat) publishes version n+1, structured by article
``charter.round``     a consultation round on a version, held in a named format until a date
``charter.comment``   a comment on one article in an open round
``charter.position``  support, reservation or objection, on the text or one article
``charter.sign``      signature of the adopted version (``kind``: state or organisation)
``charter.ratify``    a signatory state's ratification
``charter.confirm``   a signatory organisation's formal confirmation
``charter.accede``    accession by any state or organisation once the Charter is in force
``charter.withdraw``  notice of withdrawal; effective after the notice period
===================  ===========================================================================

Adoption is a Forum decision of kind ``charter.adopt`` (see :mod:`eurasec.institutions.forum`).
The Charter enters into force ``entry_into_force_delay_days`` after the
``ratifications_for_entry_into_force``-th instrument (ratification or formal confirmation).
There is no condition on political system for signature or accession.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Connection, select

from eurasec.errors import NotFound
from eurasec.institutions import membership
from eurasec.institutions._act import (
    Act,
    ActFn,
    Handler,
    add_months,
    deny,
    dumps,
    forbid,
    get_rules,
)
from eurasec.institutions.parameters import Rules
from eurasec.institutions.schema import (
    charter_comments,
    charter_instruments,
    charter_negotiators,
    charter_participants,
    charter_positions,
    charter_reservations,
    charter_rounds,
    charter_versions,
    forum_proposals,
)

__all__ = [
    "KINDS",
    "POSITIONS",
    "CharterHandler",
    "CharterParticipation",
    "adoption",
    "diff",
    "entry_into_force",
    "is_member",
    "members",
    "negotiators",
    "participations",
    "round_report",
    "spells",
    "status",
    "version",
    "versions",
]

#: Who may sign: states ratify, organisations formally confirm.
KINDS = ("state", "organisation")
#: Positions a party may take in a consultation round.
POSITIONS = ("support", "reservation", "objection")
_INSTRUMENT = {"state": "ratification", "organisation": "confirmation"}
_RATIFY = membership.RATIFYING


@dataclass(frozen=True)
class CharterParticipation:
    """One actor's participation in the Charter as of a date (a registry format ``CHARTER``)."""

    actor: str
    role: str  # member (a party) | signatory (signed, not yet a party)
    since: str
    kind: str


# ----------------------------------------------------------------------------- reads


def negotiators(conn: Connection, as_of: str | None = None) -> list[str]:
    """Actors that joined the drafting by ``as_of``."""
    q = select(charter_negotiators.c.actor).order_by(charter_negotiators.c.actor)
    if as_of:
        q = q.where(charter_negotiators.c.since <= as_of)
    return list(conn.execute(q).scalars())


def adoption(conn: Connection, as_of: str | None = None) -> dict[str, Any] | None:
    """The latest adopted version: ``{version, adopted_on, decision}``, or ``None``."""
    q = (
        select(forum_proposals)
        .where(forum_proposals.c.kind == "charter.adopt", forum_proposals.c.outcome == "adopted")
        .order_by(forum_proposals.c.idx.desc())
    )
    if as_of:
        q = q.where(forum_proposals.c.decided_on <= as_of)
    row = conn.execute(q).mappings().first()
    if row is None:
        return None
    subject = json.loads(row["subject"])
    return {
        "version": int(subject["version"]),
        "adopted_on": row["decided_on"],
        "decision": row["proposal"],
    }


def _instruments(conn: Connection) -> list[str]:
    return membership.ratifying_dates(membership.history(conn))


def entry_into_force(conn: Connection, rules: Rules) -> str | None:
    """The date the Charter enters (or entered) into force, once enough instruments exist."""
    return membership.entry_into_force(membership.history(conn), rules)


def _spells(conn: Connection, eif: str | None) -> dict[str, list[membership.Spell]]:
    grouped = membership.by_actor(membership.history(conn))
    return {actor: membership.spells_of(items, eif) for actor, items in grouped.items()}


def participations(
    conn: Connection, as_of: str, rules: Rules | None = None
) -> list[CharterParticipation]:
    """The Charter's parties (role ``member``) and other signatories as of ``as_of``.

    This is what the edge hands to the registry as the format ``CHARTER``
    (see also :func:`spells` for the whole history).
    """
    return _participations(conn, as_of, entry_into_force(conn, rules or get_rules(conn)))


def _participations(conn: Connection, as_of: str, eif: str | None) -> list[CharterParticipation]:
    out: list[CharterParticipation] = []
    for actor, spells_ in _spells(conn, eif).items():
        spell = membership.standing(spells_, as_of)
        if spell is not None:
            out.append(CharterParticipation(actor, spell.role, spell.start, spell.kind))
    return out


def spells(conn: Connection, rules: Rules | None = None) -> list[dict[str, str | None]]:
    """Every actor's spells in the Charter: ``{actor, role, start, end}`` (end exclusive).

    ``signatory`` from signature until it becomes a party, ``member`` from then until its
    withdrawal takes effect (``end`` ``None``: still running), and again from each later
    accession. The registry's format ``CHARTER`` is built from these at the edge.
    """
    eif = entry_into_force(conn, rules or get_rules(conn))
    return [
        {"actor": s.actor, "role": s.role, "start": s.start, "end": s.end}
        for spells_ in _spells(conn, eif).values()
        for s in spells_
    ]


def _organ(actor: str, rules: Rules) -> bool:
    """The secretariat and delegates (``W:KAZ``) are organs, not states or organisations."""
    return actor == rules.secretariat or ":" in actor


def members(conn: Connection, as_of: str, rules: Rules) -> list[str]:
    """Who sits in the Forum on ``as_of``: the parties once in force, else the negotiators.

    Only those who may sign the Charter sit in it: never the secretariat nor a delegate.
    """
    eif = entry_into_force(conn, rules)
    if eif and eif <= as_of:
        return [p.actor for p in _participations(conn, as_of, eif) if p.role == "member"]
    return [a for a in negotiators(conn, as_of) if not _organ(a, rules)]


def is_member(conn: Connection, actor: str, as_of: str, rules: Rules) -> bool:
    """Whether ``actor`` is one of :func:`members` on ``as_of``, from its own instruments.

    What the Fund asks of every pledge: one small read (the ratifying instruments, which fix
    the entry into force, and the actor's own history) instead of every actor's spells.
    """
    items = membership.history(conn, actor, ratifying=True)
    ratifying = [i for i in items if i.instrument in membership.RATIFYING]
    eif = membership.entry_into_force(ratifying, rules)
    if eif and eif <= as_of:
        own = membership.spells_of([i for i in items if i.actor == actor], eif)
        spell = membership.standing(own, as_of)
        return spell is not None and spell.role == "member"
    return not _organ(actor, rules) and actor in negotiators(conn, as_of)


def status(conn: Connection, as_of: str, rules: Rules | None = None) -> dict[str, Any]:
    """Adoption, entry into force, signatories, parties, pending and withdrawing as of a date."""
    rules = rules or get_rules(conn)
    items = membership.history(conn)
    eif = membership.entry_into_force(items, rules)
    parts = _participations(conn, as_of, eif)
    withdrawing = sorted(
        (w for w in membership.withdrawals(items) if w["notice_on"] <= as_of < w["effective"]),
        key=lambda w: (w["actor"], w["notice_on"]),
    )
    signed = sorted(
        (
            {"actor": i.actor, "kind": i.kind, "signed_on": i.date}
            for i in items
            if i.instrument == "signature" and i.date <= as_of
        ),
        key=lambda s: s["actor"],
    )
    return {
        "as_of": as_of,
        "adopted": adoption(conn, as_of),
        "in_force": bool(eif and eif <= as_of),
        "entry_into_force": eif if eif and eif <= as_of else None,
        "instruments_needed": rules.ratifications_for_entry_into_force,
        "instruments": len([d for d in membership.ratifying_dates(items) if d <= as_of]),
        "signatories": signed,
        "parties": [
            {"actor": p.actor, "kind": p.kind, "since": p.since}
            for p in parts
            if p.role == "member"
        ],
        "pending": [p.actor for p in parts if p.role == "signatory"],
        "withdrawing": withdrawing,
        "reservations": [
            {"actor": r.actor, "article": r.article, "text": r.text, "date": r.date}
            for r in conn.execute(
                select(charter_reservations)
                .where(charter_reservations.c.date <= as_of)
                .order_by(charter_reservations.c.idx, charter_reservations.c.seq)
            )
        ],
    }


def versions(conn: Connection) -> list[dict[str, Any]]:
    """Every published version (without article texts)."""
    q = select(charter_versions).order_by(charter_versions.c.version)
    return [
        {
            "version": r.version,
            "title": r.title,
            "author": r.author,
            "published": r.published,
            "articles": len(json.loads(r.articles)),
            "sample": r.sample,
            "note": r.note,
        }
        for r in conn.execute(q)
    ]


def version(conn: Connection, number: int) -> dict[str, Any]:
    """One version with its articles."""
    row = conn.execute(select(charter_versions).where(charter_versions.c.version == number)).first()
    if row is None:
        raise NotFound("charter version", str(number), [str(v["version"]) for v in versions(conn)])
    return {
        "version": row.version,
        "title": row.title,
        "author": row.author,
        "published": row.published,
        "sample": row.sample,
        "note": row.note,
        "articles": json.loads(row.articles),
    }


def diff(conn: Connection, a: int, b: int) -> list[dict[str, Any]]:
    """What changed from version ``a`` to ``b``, article by article (unified diff of texts)."""
    old = {str(x["number"]): x for x in version(conn, a)["articles"]}
    new = {str(x["number"]): x for x in version(conn, b)["articles"]}
    out: list[dict[str, Any]] = []
    for number in sorted(set(old) | set(new), key=lambda n: (len(n), n)):
        x, y = old.get(number), new.get(number)
        if x == y:
            continue
        change = "added" if x is None else "removed" if y is None else "changed"
        before = f"{x['heading']}\n{x['text']}" if x else ""
        after = f"{y['heading']}\n{y['text']}" if y else ""
        lines = difflib.unified_diff(
            before.splitlines(), after.splitlines(), f"v{a}", f"v{b}", lineterm=""
        )
        out.append({"article": number, "change": change, "diff": "\n".join(lines)})
    return out


def round_report(conn: Connection, round_id: str) -> dict[str, Any]:
    """A consultation round: comments per article and each party's positions."""
    row = conn.execute(select(charter_rounds).where(charter_rounds.c.round == round_id)).first()
    if row is None:
        rounds = conn.execute(select(charter_rounds.c.round)).scalars()
        raise NotFound("consultation round", round_id, list(rounds))
    comments: dict[str, list[dict[str, str]]] = {}
    q = select(charter_comments).where(charter_comments.c.round == round_id)
    for c in conn.execute(q.order_by(charter_comments.c.idx)):
        comments.setdefault(c.article, []).append(
            {"actor": c.actor, "text": c.text, "date": c.date}
        )
    q2 = select(charter_positions).where(charter_positions.c.round == round_id)
    positions = [
        {"actor": p.actor, "article": p.article or None, "position": p.position, "note": p.note}
        for p in conn.execute(q2.order_by(charter_positions.c.actor, charter_positions.c.article))
    ]
    tally = {p: sum(1 for x in positions if x["position"] == p) for p in POSITIONS}
    return {
        "round": row.round,
        "version": row.version,
        "format": row.format,
        "venue": row.venue,
        "opened": row.opened,
        "closes": row.closes,
        "comments": comments,
        "positions": positions,
        "tally": tally,
    }


# ----------------------------------------------------------------------------- acts


def _participant(act: Act) -> Any:
    return act.conn.execute(
        select(charter_participants).where(charter_participants.c.actor == act.actor)
    ).first()


def _is_negotiator(act: Act) -> bool:
    q = select(charter_negotiators.c.actor).where(charter_negotiators.c.actor == act.actor)
    return act.conn.execute(q).first() is not None


def _negotiate(act: Act) -> None:
    _may_join(act)  # negotiators sit in the Forum: only those who may sign the Charter
    if _is_negotiator(act):
        raise forbid(f"{act.actor} already takes part in the drafting", "duplicate_act")
    act.insert(charter_negotiators, actor=act.actor, since=act.day, idx=act.index)


def _articles(act: Act) -> list[dict[str, Any]]:
    raw = act.items("articles")
    if not raw:
        raise forbid("a Charter version needs at least one article")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, dict):
            raise forbid("each article must be an object {number, heading, text}")
        number, heading, text = str(item["number"]), str(item["heading"]), str(item["text"])
        if number in seen or not number or not text.strip():
            raise forbid(f"article {number!r} is duplicated or empty")
        seen.add(number)
        principles = [str(p) for p in item.get("principles", [])]
        out.append({"number": number, "heading": heading, "text": text, "principles": principles})
    return out


def _draft(act: Act) -> None:
    if not (_is_negotiator(act) or act.actor == act.rules.secretariat):
        raise deny(f"{act.actor} does not take part in the drafting")
    n = act.integer("version", minimum=1, maximum=10_000)
    latest = (
        act.conn.execute(
            select(charter_versions.c.version).order_by(charter_versions.c.version.desc())
        ).scalar()
        or 0
    )
    if n != latest + 1:
        raise forbid(
            f"the next version is {latest + 1}, not {n}",
            "duplicate_act" if n <= latest else "rule_violation",
        )
    if adoption(act.conn) is not None:
        raise forbid("the Charter is adopted; a new text needs a new drafting process")
    articles = _articles(act)
    act.insert(
        charter_versions,
        version=n,
        title=act.text("title", max_len=300),
        articles=dumps(articles),
        author=act.actor,
        published=act.day,
        note=act.text("note", default=""),
        sample=bool(act.payload.get("sample", False)),
        idx=act.index,
    )


def _round(act: Act) -> None:
    if not (_is_negotiator(act) or act.actor == act.rules.secretariat):
        raise deny(f"{act.actor} does not take part in the drafting")
    rid = act.ident("round")
    if act.conn.execute(select(charter_rounds).where(charter_rounds.c.round == rid)).first():
        raise forbid(f"round {rid} already exists", "duplicate_act")
    v = act.integer("version", minimum=1)
    version(act.conn, v)
    closes = act.day_field("closes")
    if closes < act.day:
        raise forbid("a round cannot close before it opens")
    act.insert(
        charter_rounds,
        round=rid,
        version=v,
        format=act.ident("format"),
        venue=act.text("venue", default=""),
        opened_by=act.actor,
        opened=act.day,
        closes=closes,
        idx=act.index,
    )


def _open_round(act: Act) -> tuple[str, dict[str, Any]]:
    rid = act.ident("round")
    row = act.conn.execute(select(charter_rounds).where(charter_rounds.c.round == rid)).first()
    if row is None:
        raise NotFound("consultation round", rid)
    if not row.opened <= act.day <= row.closes:
        raise forbid(f"round {rid} is open from {row.opened} to {row.closes}")
    arts = {str(a["number"]) for a in version(act.conn, row.version)["articles"]}
    return rid, {"articles": arts}


def _comment(act: Act) -> None:
    rid, info = _open_round(act)
    article = str(act.payload.get("article", ""))
    if article not in info["articles"]:
        raise NotFound("article", article, sorted(info["articles"]))
    act.insert(
        charter_comments,
        idx=act.index,
        round=rid,
        actor=act.actor,
        article=article,
        text=act.text("text"),
        date=act.day,
    )


def _position(act: Act) -> None:
    rid, info = _open_round(act)
    article = str(act.payload.get("article") or "")
    if article and article not in info["articles"]:
        raise NotFound("article", article, sorted(info["articles"]))
    position = act.choice("position", POSITIONS)
    key = (
        (charter_positions.c.round == rid)
        & (charter_positions.c.actor == act.actor)
        & (charter_positions.c.article == article)
    )
    if act.write:
        act.conn.execute(charter_positions.delete().where(key))
    act.insert(
        charter_positions,
        round=rid,
        actor=act.actor,
        article=article,
        position=position,
        note=act.text("note", default=""),
        date=act.day,
        idx=act.index,
    )


def _reservations(act: Act) -> None:
    for i, item in enumerate(act.items("reservations", required=False)):
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            raise forbid("each reservation must be an object {article, text}")
        act.insert(
            charter_reservations,
            idx=act.index,
            seq=i,
            actor=act.actor,
            article=str(item.get("article", "")),
            text=str(item["text"]),
            date=act.day,
        )


def _in_force(act: Act) -> str | None:
    eif = entry_into_force(act.conn, act.rules)
    return eif if eif and eif <= act.day else None


def _may_join(act: Act) -> None:
    """Only states and organisations join the Charter: not the secretariat, not a delegate."""
    if _organ(act.actor, act.rules):
        raise deny(f"{act.actor} is an organ of the architecture, not a state or organisation")


def _deposit(act: Act, instrument: str, kind: str, effective: str | None = None) -> None:
    """Append the instrument to the history, and refresh the actor's latest standing."""
    if not act.write:
        return
    membership.write_instrument(
        act.conn,
        membership.Instrument(act.index, act.actor, instrument, kind, act.day, effective),
    )
    latest: dict[str, Any] = {"kind": kind}
    if instrument == "signature":
        latest["signed_on"] = act.day
    elif instrument == "withdrawal":
        latest.update(withdrawal_notice_on=act.day, withdrawal_effective=effective)
    else:
        latest.update(
            instrument=instrument,
            instrument_on=act.day,
            withdrawal_notice_on=None,
            withdrawal_effective=None,
        )
    if _participant(act) is None:
        act.insert(charter_participants, actor=act.actor, idx=act.index, **latest)
    else:
        act.update(charter_participants, charter_participants.c.actor == act.actor, **latest)


def _own(act: Act) -> tuple[list[membership.Instrument], list[membership.Spell]]:
    items = membership.history(act.conn, act.actor)
    return items, membership.spells_of(items, entry_into_force(act.conn, act.rules))


def _sign(act: Act) -> None:
    _may_join(act)
    adopted = adoption(act.conn, act.day)
    if adopted is None:
        raise forbid("the Charter is not adopted and open for signature yet", "not_open")
    if act.integer("version", minimum=1) != adopted["version"]:
        raise forbid(f"version {adopted['version']} is the text open for signature")
    kind = act.choice("kind", KINDS)
    items = membership.history(act.conn, act.actor)
    done = [i for i in items if i.instrument in ("signature", "accession")]
    if done:
        raise forbid(
            f"{act.actor} already made its {done[0].instrument} on {done[0].date}", "duplicate_act"
        )
    if act.rules.signature_closes_at_entry_into_force and _in_force(act):
        raise forbid("signature closed at entry into force; accede instead", "not_open")
    _reservations(act)
    _deposit(act, "signature", kind)


def _instrument(kind: str) -> Any:
    def run(act: Act) -> None:
        items = membership.history(act.conn, act.actor)
        signature = next((i for i in items if i.instrument == "signature"), None)
        if signature is None:
            raise forbid(f"{act.actor} has not signed the Charter", "not_signatory")
        if signature.kind != kind:
            verb = "ratify" if signature.kind == "state" else "confirm"
            raise forbid(f"{act.actor} signed as {signature.kind}: use charter.{verb}")
        deposited = next((i for i in items if i.instrument in _RATIFY), None)
        if deposited is not None:
            raise forbid(
                f"{act.actor} already deposited its {deposited.instrument}", "duplicate_act"
            )
        _reservations(act)
        _deposit(act, _INSTRUMENT[kind], kind)

    return run


def _accede(act: Act) -> None:
    _may_join(act)
    if not _in_force(act):
        raise forbid("accession opens once the Charter is in force", "not_in_force")
    kind = act.choice("kind", KINDS)
    items, spells_ = _own(act)
    if any(s.role == "member" and (s.end is None or s.end > act.day) for s in spells_):
        raise forbid(f"{act.actor} is already a party", "duplicate_act")
    if any(i.instrument == "signature" for i in items) and not any(
        i.instrument in _RATIFY for i in items
    ):
        raise forbid(f"{act.actor} signed the Charter: ratify or confirm it instead")
    _reservations(act)
    _deposit(act, "accession", kind)


def _withdraw(act: Act) -> None:
    _items, spells_ = _own(act)
    current = next(
        (s for s in spells_ if s.role == "member" and s.start <= act.day and s.end is None), None
    )
    if current is None:
        pending = next((s for s in spells_ if s.role == "member" and s.covers(act.day)), None)
        if pending is not None:
            raise forbid(
                f"{act.actor} gave notice of withdrawal, effective {pending.end}", "duplicate_act"
            )
        raise deny(f"{act.actor} is not a party to the Charter")
    effective = add_months(act.date, act.rules.withdrawal_notice_months).isoformat()
    _deposit(act, "withdrawal", current.kind, effective)


class CharterHandler(Handler):
    """Projection of every ``charter.*`` act."""

    acts: ClassVar[Mapping[str, ActFn]] = {
        "charter.negotiate": _negotiate,
        "charter.draft": _draft,
        "charter.round": _round,
        "charter.comment": _comment,
        "charter.position": _position,
        "charter.sign": _sign,
        "charter.ratify": _instrument("state"),
        "charter.confirm": _instrument("organisation"),
        "charter.accede": _accede,
        "charter.withdraw": _withdraw,
    }
    tables = (
        charter_instruments,
        charter_negotiators,
        charter_versions,
        charter_rounds,
        charter_comments,
        charter_positions,
        charter_participants,
        charter_reservations,
    )
