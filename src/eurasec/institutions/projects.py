"""The Project Office: a small, capped pool of projects in five programme lines.

Acts:

=====================  ==========================================================================
``project.propose``    a Forum member proposes a project: line, title, summary, tranches
                       (each ``{amount, milestone}``; the budget is their sum)
``project.appraise``   a Working Group member (or the secretariat) scores it on the rubric
``project.approve``    the secretariat executes an adopted ``project.approve`` decision; refused
                       while ``project_cap`` projects are active or the appraisal falls short
``project.tranche``    the secretariat releases tranche n (n > 1 needs milestone n-1 reported),
                       paid under the Forum's ``fund.allocate`` decision for ``project:<id>``
``project.milestone``  the proposer reports milestone n (after tranche n)
``project.result``     the proposer reports a result or success story
``project.close``      the secretariat closes it (completed or cancelled); money allocated and not
                       paid out returns to the unallocated pool
=====================  ==========================================================================

Appraisal rubric (:data:`~eurasec.institutions.parameters.RUBRIC`): each criterion 0-4, weighted;
the score is the weighted sum as a percentage of the maximum. A project is approvable when its
latest score reaches ``appraisal_pass_share`` and no criterion scored 0.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from sqlalchemy import Connection, func, select

from eurasec.errors import InputError, NotFound
from eurasec.institutions import charter, forum
from eurasec.institutions import working_group as wg
from eurasec.institutions._act import Act, ActFn, Handler, deny, dumps, forbid
from eurasec.institutions.fund.acts import pay_out
from eurasec.institutions.fund.ledger import Posting, account, balance, post
from eurasec.institutions.parameters import PROGRAMME_LINES, RUBRIC
from eurasec.institutions.schema import (
    fund_transactions,
    project_appraisals,
    project_milestones,
    project_results,
    project_tranches,
    projects,
)

__all__ = ["ProjectsHandler", "active", "project", "project_list", "score"]


def score(scores: dict[str, int]) -> int:
    """The weighted rubric score as a percentage (0-100) of the maximum."""
    top = sum(w for w, _ in RUBRIC.values()) * 4
    return round(100 * sum(RUBRIC[k][0] * v for k, v in scores.items()) / top)


def active(conn: Connection, as_of: str | None = None) -> list[str]:
    """Projects approved and not closed as of a date."""
    q = select(projects.c.project, projects.c.approved_on, projects.c.closed_on).where(
        projects.c.approved_on.is_not(None)
    )
    return sorted(
        p
        for p, a, c in conn.execute(q)
        if (as_of is None or a <= as_of) and (c is None or (as_of is not None and c > as_of))
    )


def _status(row: Any, as_of: str) -> str:
    if row.closed_on and row.closed_on <= as_of:
        return str(row.outcome)
    if row.approved_on and row.approved_on <= as_of:
        return "active"
    return "appraised" if row.score is not None else "proposed"


def project_list(conn: Connection, as_of: str) -> list[dict[str, Any]]:
    """Every project proposed by ``as_of`` with its status then."""
    q = select(projects).where(projects.c.proposed_on <= as_of).order_by(projects.c.idx)
    return [
        {
            "project": r.project,
            "line": r.line,
            "title": r.title,
            "proposer": r.proposer,
            "budget": r.budget,
            "currency": r.currency,
            "score": r.score,
            "status": _status(r, as_of),
        }
        for r in conn.execute(q)
    ]


def project(conn: Connection, pid: str, as_of: str) -> dict[str, Any]:
    """One project: its plan, appraisals, tranches, milestones, results and money as of a date."""
    row = conn.execute(select(projects).where(projects.c.project == pid)).first()
    if row is None:
        raise NotFound("project", pid, conn.execute(select(projects.c.project)).scalars())

    def rows(table: Any, *cols: str) -> list[dict[str, Any]]:
        q = select(table).where((table.c.project == pid) & (table.c.date <= as_of))
        return [{c: getattr(r, c) for c in cols} for r in conn.execute(q)]

    paid = conn.execute(
        select(func.coalesce(func.sum(fund_transactions.c.amount), 0)).where(
            (fund_transactions.c.purpose == f"project:{pid}")
            & (fund_transactions.c.kind == "disbursement")
            & (fund_transactions.c.date <= as_of)
        )
    ).scalar()
    return {
        "project": pid,
        "line": row.line,
        "line_label": PROGRAMME_LINES[row.line],
        "title": row.title,
        "summary": row.summary,
        "proposer": row.proposer,
        "budget": row.budget,
        "currency": row.currency,
        "tranches": json.loads(row.tranches),
        "status": _status(row, as_of),
        "score": row.score,
        "decision": row.decision,
        "proposed_on": row.proposed_on,
        "approved_on": row.approved_on,
        "closed_on": row.closed_on,
        "appraisals": [
            dict(a, scores=json.loads(a["scores"]))
            for a in rows(project_appraisals, "actor", "scores", "score", "note", "date")
        ],
        "released": rows(project_tranches, "tranche", "amount", "date"),
        "milestones": rows(project_milestones, "milestone", "report", "date"),
        "results": rows(project_results, "summary", "story", "date"),
        "disbursed": int(paid or 0),
    }


# ----------------------------------------------------------------------------- acts


def _row(act: Act) -> Any:
    pid = act.ident("project")
    row = act.conn.execute(select(projects).where(projects.c.project == pid)).first()
    if row is None:
        raise NotFound("project", pid)
    return row


def _open(act: Act) -> Any:
    row = _row(act)
    if row.approved_on is None or row.closed_on is not None:
        raise forbid(f"project {row.project} is not active")
    return row


def _propose(act: Act) -> None:
    if not charter.is_member(act.conn, act.actor, act.day, act.rules):
        raise deny(f"{act.actor} is not a member of the Forum and cannot propose projects")
    pid = act.ident("project")
    if act.conn.execute(select(projects).where(projects.c.project == pid)).first():
        raise forbid(f"project {pid} already exists", "duplicate_act")
    line = act.choice("line", act.rules.programme_lines)
    tranches = []
    for t in act.items("tranches"):
        amount = t.get("amount") if isinstance(t, dict) else None
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise InputError("each tranche needs a positive integer amount")
        tranches.append({"amount": amount, "milestone": str(t.get("milestone", ""))})
    if not tranches:
        raise InputError("a project needs at least one tranche")
    act.insert(
        projects,
        project=pid,
        line=line,
        title=act.text("title", max_len=300),
        summary=act.text("summary"),
        proposer=act.actor,
        currency=act.currency(),
        budget=sum(t["amount"] for t in tranches),
        tranches=dumps(tranches),
        proposed_on=act.day,
        idx=act.index,
    )


def _appraise(act: Act) -> None:
    if act.actor != act.rules.secretariat and not any(
        m["member"] == act.actor for m in wg.members(act.conn)
    ):
        raise deny(f"{act.actor} is not a member of the Working Group")
    row = _row(act)
    if row.approved_on is not None:
        raise forbid(f"project {row.project} is already approved")
    scores = act.object("scores")
    if set(scores) != set(RUBRIC) or any(
        isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 4 for v in scores.values()
    ):
        raise InputError(f"scores must give each of {', '.join(RUBRIC)} an integer 0-4")
    total = score(dict(scores))
    gate = total if min(scores.values()) > 0 else 0
    act.insert(
        project_appraisals,
        idx=act.index,
        project=row.project,
        actor=act.actor,
        scores=dumps(dict(scores)),
        score=total,
        note=act.text("note", default=""),
        date=act.day,
    )
    act.update(projects, projects.c.project == row.project, score=gate)


def _approve(act: Act) -> None:
    if act.actor != act.rules.secretariat:
        raise deny(f"only the Project Office ({act.rules.secretariat}) executes approvals")
    row = _row(act)
    decision = act.ident("decision")
    subject = forum.decided(act.conn, decision, "project.approve", act.day)
    if subject is None or subject.get("project") != row.project:
        raise forbid(
            f"{decision} is not an adopted decision approving {row.project}", "no_covering_decision"
        )
    if row.approved_on is not None:
        raise forbid(f"project {row.project} is already approved", "duplicate_act")
    if row.score is None or row.score < round(100 * act.rules.appraisal_pass_share):
        raise forbid(f"project {row.project} has not passed appraisal", "appraisal_failed")
    running = active(act.conn, act.day)
    if len(running) >= act.rules.project_cap:
        raise forbid(
            f"{len(running)} projects are active, the cap is {act.rules.project_cap}",
            "project_cap_reached",
        )
    act.update(projects, projects.c.project == row.project, approved_on=act.day, decision=decision)


def _allocation_decision(act: Act, pid: str) -> str | None:
    q = (
        select(fund_transactions.c.decision)
        .where(
            (fund_transactions.c.kind == "allocation")
            & (fund_transactions.c.purpose == f"project:{pid}")
        )
        .order_by(fund_transactions.c.idx)
    )
    return act.conn.execute(q).scalar()


def _tranche(act: Act) -> None:
    if act.actor != act.rules.secretariat:
        raise deny(f"only the Project Office ({act.rules.secretariat}) releases tranches")
    row = _open(act)
    n = act.integer("tranche", minimum=1, maximum=1000)
    plan = json.loads(row.tranches)
    done = act.conn.execute(
        select(func.count()).where(project_tranches.c.project == row.project)
    ).scalar()
    if n != int(done or 0) + 1 or n > len(plan):
        raise forbid(
            f"tranche {n} is not the next tranche of {row.project}",
            "duplicate_act" if n <= int(done or 0) else "rule_violation",
        )
    if n > 1:
        q = select(project_milestones).where(
            (project_milestones.c.project == row.project)
            & (project_milestones.c.milestone == n - 1)
        )
        if act.conn.execute(q).first() is None:
            raise forbid(f"milestone {n - 1} of {row.project} is not reported", "milestone_missing")
    decision = _allocation_decision(act, row.project)
    if decision is None:
        raise forbid(f"no allocation decision funds project {row.project}", "no_covering_decision")
    amount = int(plan[n - 1]["amount"])
    pay_out(act, decision, amount, payee=row.proposer, memo=f"{row.project} tranche {n}")
    act.insert(
        project_tranches, project=row.project, tranche=n, amount=amount, date=act.day, idx=act.index
    )


def _milestone(act: Act) -> None:
    row = _open(act)
    if act.actor != row.proposer:
        raise deny(f"milestones of {row.project} are reported by {row.proposer}")
    n = act.integer("milestone", minimum=1, maximum=1000)
    q = select(project_tranches).where(
        (project_tranches.c.project == row.project) & (project_tranches.c.tranche == n)
    )
    if act.conn.execute(q).first() is None:
        raise forbid(f"tranche {n} of {row.project} is not released yet")
    q2 = select(project_milestones).where(
        (project_milestones.c.project == row.project) & (project_milestones.c.milestone == n)
    )
    if act.conn.execute(q2).first():
        raise forbid(f"milestone {n} of {row.project} is already reported", "duplicate_act")
    act.insert(
        project_milestones,
        project=row.project,
        milestone=n,
        report=act.text("report"),
        date=act.day,
    )


def _result(act: Act) -> None:
    row = _row(act)
    if row.approved_on is None:
        raise forbid(f"project {row.project} was never approved")
    if act.actor != row.proposer:
        raise deny(f"results of {row.project} are reported by {row.proposer}")
    act.insert(
        project_results,
        idx=act.index,
        project=row.project,
        summary=act.text("summary"),
        story=act.text("story", default=""),
        date=act.day,
    )


def _close(act: Act) -> None:
    if act.actor != act.rules.secretariat:
        raise deny(f"only the Project Office ({act.rules.secretariat}) closes projects")
    row = _open(act)
    outcome = act.choice("outcome", ("completed", "cancelled"))
    purpose = f"project:{row.project}"
    left = balance(act.conn, account("allocated", purpose, row.currency))
    if left > 0:
        cur = row.currency
        post(
            act.conn,
            idx=act.index,
            date=act.day,
            kind="release",
            purpose=purpose,
            decision=_allocation_decision(act, row.project),
            memo=f"{row.project} closed",
            write=act.write,
            postings=[
                Posting(account("allocated", purpose, cur), cur, left),
                Posting(account("unallocated", cur), cur, -left),
            ],
        )
    act.update(projects, projects.c.project == row.project, closed_on=act.day, outcome=outcome)


class ProjectsHandler(Handler):
    """Projection of every ``project.*`` act."""

    acts: ClassVar[Mapping[str, ActFn]] = {
        "project.propose": _propose,
        "project.appraise": _appraise,
        "project.approve": _approve,
        "project.tranche": _tranche,
        "project.milestone": _milestone,
        "project.result": _result,
        "project.close": _close,
    }
    tables = (projects, project_appraisals, project_milestones, project_tranches, project_results)
