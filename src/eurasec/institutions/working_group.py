"""The Working Group: members nominated by the parties; it prepares agendas and budgets.

Acts:

================  ===============================================================================
``wg.nominate``   a Forum member nominates its representative (an actor such as ``W:KAZ``),
                  replacing any earlier nominee
``wg.agenda``     a Working Group member puts proposals on a session's agenda
``wg.budget``     a Working Group member proposes a budget: one ``fund.allocate`` proposal per line
================  ===============================================================================

While the Working Group has no member yet (before the first nominations), the secretariat may
propose agenda items, so that the first session can adopt the Charter.

Decision kinds a proposal may have, and their subjects:

- ``charter.adopt`` ``{version}``: adopt a Charter version and open it for signature;
- ``fund.allocate`` ``{purpose, amount, currency}``: allocate money to ``forum``, ``office``
  or ``project:<id>``;
- ``project.approve`` ``{project}``: approve a proposed project;
- ``rules.amend`` ``{rules}``: change the institutions' rules (the secretariat then executes
  it with ``institutions.configure``, see :mod:`eurasec.institutions.configuration`);
- ``resolution`` ``{text}``: any other decision, recorded as text.

A party's Working Group member is one of its own delegates (``W:<party>``, or
``W:<party>-<suffix>``): a party cannot make another party, the secretariat or another
party's delegate its representative.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, select

from eurasec.errors import InputError, NotFound
from eurasec.institutions import charter
from eurasec.institutions._act import Act, ActFn, Handler, deny, dumps, forbid
from eurasec.institutions.parameters import rules_from_json
from eurasec.institutions.schema import forum_proposals, projects, wg_members

__all__ = ["DECISION_KINDS", "WorkingGroupHandler", "members", "valid_purpose"]

#: Decision kinds the Forum takes.
DECISION_KINDS = ("charter.adopt", "fund.allocate", "project.approve", "rules.amend", "resolution")


def members(conn: Connection, as_of: str | None = None) -> list[dict[str, str]]:
    """The Working Group: each nominating party and its member."""
    q = select(wg_members).order_by(wg_members.c.party)
    if as_of:
        q = q.where(wg_members.c.since <= as_of)
    return [{"party": r.party, "member": r.member, "since": r.since} for r in conn.execute(q)]


def valid_purpose(purpose: str) -> bool:
    """Whether ``purpose`` names something the Fund pays for."""
    return purpose in ("forum", "office") or (
        purpose.startswith("project:") and len(purpose) > len("project:")
    )


def _subject(act: Act, kind: str, subject: Mapping[str, Any]) -> dict[str, Any]:
    if kind == "charter.adopt":
        v = subject.get("version")
        if not isinstance(v, int):
            raise InputError("charter.adopt needs {version}")
        charter.version(act.conn, v)
        return {"version": v}
    if kind == "fund.allocate":
        purpose, amount, cur = (
            subject.get("purpose"),
            subject.get("amount"),
            subject.get("currency"),
        )
        if not isinstance(purpose, str) or not valid_purpose(purpose):
            raise InputError("fund.allocate purpose must be forum, office or project:<id>")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise InputError("fund.allocate amount must be a positive integer (minor units)")
        if not isinstance(cur, str) or len(cur) != 3 or not cur.isupper():
            raise InputError("fund.allocate currency must be an ISO 4217 code")
        return {"purpose": purpose, "amount": amount, "currency": cur}
    if kind == "project.approve":
        pid = str(subject.get("project", ""))
        if (
            act.conn.execute(select(projects.c.project).where(projects.c.project == pid)).first()
            is None
        ):
            raise NotFound("project", pid)
        return {"project": pid}
    if kind == "rules.amend":
        rules = subject.get("rules")
        if not isinstance(rules, Mapping):
            raise InputError("rules.amend needs {rules}")
        return {"rules": rules_from_json(rules).to_json()}
    text = subject.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("resolution needs {text}")
    return {"text": text}


def _may_propose(act: Act) -> None:
    current = members(act.conn)
    if any(m["member"] == act.actor for m in current):
        return
    if not current and act.actor == act.rules.secretariat:
        return
    raise deny(f"{act.actor} is not a member of the Working Group")


def _add_proposals(
    act: Act, session: int, items: Sequence[tuple[str, str, Mapping[str, Any]]]
) -> None:
    seen: set[str] = set()
    for pid, kind, subject in items:
        if kind not in DECISION_KINDS:
            raise InputError(f"decision kind must be one of {', '.join(DECISION_KINDS)}")
        clean = _subject(act, kind, subject)
        q = select(forum_proposals).where(forum_proposals.c.proposal == pid)
        if pid in seen or act.conn.execute(q).first():
            raise forbid(f"proposal {pid} already exists", "duplicate_act")
        seen.add(pid)
        act.insert(
            forum_proposals,
            proposal=pid,
            session=session,
            kind=kind,
            subject=dumps(clean),
            proposed_by=act.actor,
            proposed_on=act.day,
            idx=act.index,
        )


def _nominate(act: Act) -> None:
    if not charter.is_member(act.conn, act.actor, act.day, act.rules):
        raise deny(f"{act.actor} is not a member of the Forum and cannot nominate")
    member = act.ident("member")
    own = f"W:{act.actor}"
    if member != own and not member.startswith(f"{own}-"):
        raise deny(f"{act.actor} nominates one of its own delegates ({own}), not {member}")
    q = select(wg_members).where(wg_members.c.member == member)
    other = act.conn.execute(q).first()
    if other is not None and other.party != act.actor:
        raise forbid(f"{member} already represents {other.party}", "duplicate_act")
    if act.write:
        act.conn.execute(wg_members.delete().where(wg_members.c.party == act.actor))
    act.insert(wg_members, party=act.actor, member=member, since=act.day)


def _agenda(act: Act) -> None:
    _may_propose(act)
    session = act.integer("session", minimum=1, maximum=100_000)
    items = []
    for item in act.items("items"):
        if not isinstance(item, dict):
            raise InputError("each agenda item must be {proposal, kind, subject}")
        pid = str(item.get("proposal", ""))
        if not pid or not all(c.isalnum() or c in "-_.:" for c in pid) or len(pid) > 64:
            raise InputError(f"invalid proposal id {pid!r}")
        subject = item.get("subject") or {}
        if not isinstance(subject, Mapping):
            raise InputError(f"the subject of {pid} must be an object")
        items.append((pid, str(item.get("kind", "")), subject))
    if not items:
        raise InputError("an agenda needs at least one item")
    _add_proposals(act, session, items)


def _budget(act: Act) -> None:
    _may_propose(act)
    session = act.integer("session", minimum=1, maximum=100_000)
    year = act.integer("year", minimum=1900, maximum=9999)
    currency = act.currency()
    items = []
    for line in act.items("lines"):
        if not isinstance(line, dict):
            raise InputError("each budget line must be {purpose, amount}")
        purpose = str(line.get("purpose", ""))
        subject = {"purpose": purpose, "amount": line.get("amount"), "currency": currency}
        items.append((f"budget-{year}-{purpose.replace(':', '-')}", "fund.allocate", subject))
    if not items:
        raise InputError("a budget needs at least one line")
    _add_proposals(act, session, items)


class WorkingGroupHandler(Handler):
    """Projection of every ``wg.*`` act (members and the proposals it tables)."""

    acts: ClassVar[Mapping[str, ActFn]] = {
        "wg.nominate": _nominate,
        "wg.agenda": _agenda,
        "wg.budget": _budget,
    }
    tables = (wg_members, forum_proposals)
