"""Pages over the institutions: the Charter, the Forum and Working Group, the Fund, projects.

Every page reads the projections the institutions rebuild from the record
(:mod:`eurasec.institutions`) and shows, next to each act, the record entry and the key that
signed it. In sandbox mode (``EURASEC_SANDBOX`` on a store the sandbox created) the Charter
page can make one more act: a state accedes, signing with its own sandbox key; the page says
that the server holds that key.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import Connection, select

from eurasec import registry
from eurasec.errors import AuthorityError
from eurasec.institutions import charter, consultation, forum, fund, get_rules, projects
from eurasec.institutions import working_group as wg
from eurasec.institutions.participant import open_record, signed_act
from eurasec.institutions.schema import charter_participants, charter_rounds, sandbox_keys
from eurasec.record import Record, generate_private_key, public_key_b64
from eurasec.record.clock import ManualClock
from eurasec.record.keys import load_private_key, private_key_pem
from eurasec.storage import Store
from eurasec.storage.meta import get_meta
from eurasec.web.chart import ChartSpec, Series, chart_id
from eurasec.web.deps import SettingsDep, StoreDep, record_day
from eurasec.web.i18n import N_, sample_text
from eurasec.web.labels import PURPOSE_LABELS, labels
from eurasec.web.money import money, to_major
from eurasec.web.render import actor_names, render, request_language, translate
from eurasec.web.worddiff import word_diff

__all__ = ["AsOf", "base_context", "router"]

router = APIRouter(include_in_schema=False)

_POSITION_LABELS = {
    "support": N_("support"),
    "reservation": N_("reservation"),
    "objection": N_("objection"),
    "abstain": N_("abstain"),
}
#: Labels of the statuses and outcomes the projections report, translated where shown.
_STATUS_LABELS = {
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
    "proposed": N_("proposed"),
    "appraised": N_("appraised"),
    "active": N_("active"),
    "completed": N_("completed"),
    "cancelled": N_("cancelled"),
    "open": N_("open"),
    "overdue": N_("overdue"),
    "resolved": N_("resolved"),
    "unresolved": N_("unresolved"),
    "referred": N_("referred"),
    "withdrawn": N_("withdrawn"),
}
_LINE_LABELS = {
    "humanitarian_relief": N_("Humanitarian relief"),
    "mediation": N_("Mediation of a specific conflict"),
    "financial_settlement": N_("Secure financial settlement"),
    "disaster_relief": N_("Joint disaster relief"),
    "digital_security": N_("Digital security"),
}
_CHANGE_LABELS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
_RULE_LABELS = {
    "consensus": N_("consensus"),
    "majority": N_("majority"),
    "two_thirds": N_("two thirds"),
}
_TX_KINDS = ("pledge", "contribution", "allocation", "disbursement", "release")
_TX_LABELS = {
    "pledge": N_("pledged"),
    "contribution": N_("contributed"),
    "allocation": N_("allocated"),
    "disbursement": N_("disbursed"),
    "release": N_("released"),
}


def _names(request: Request) -> dict[str, str]:
    return actor_names(request_language(request))


def _signatures(record: Record, indices: list[int]) -> dict[int, dict[str, str]]:
    """Key id and signature of each record entry in ``indices``."""
    out = {}
    for i in sorted(set(indices)):
        signed = record.entries(i, i + 1)[0].signed
        out[i] = {
            "key_id": signed.key_id,
            "signature": base64.b64encode(signed.signature).decode("ascii"),
        }
    return out


def _is_sandbox(store: Store, sandbox_mode: bool) -> bool:
    if not sandbox_mode:
        return False
    with store.connect() as conn:
        return get_meta(conn, "sandbox") == "1"


def base_context(request: Request, store: Store, sandbox_mode: bool) -> dict[str, Any]:
    """What every institutions page shows: names, money formats and the labels of values."""
    names = _names(request)
    gettext = translate(request)
    return {
        "names": names,
        "sandbox_store": _is_sandbox(store, sandbox_mode),
        "money": lambda amount, currency: money(amount, currency, request_language(request)),
        "major": lambda amount, currency: float(to_major(amount, currency)),
        "position_labels": {k: gettext(v) for k, v in _POSITION_LABELS.items()},
        "tx_labels": {k: gettext(v) for k, v in _TX_LABELS.items()},
        "status_labels": {k: gettext(v) for k, v in _STATUS_LABELS.items()},
        "line_labels": {k: gettext(v) for k, v in _LINE_LABELS.items()},
        "purpose_labels": labels(PURPOSE_LABELS, gettext),
        "rule_labels": labels(_RULE_LABELS, gettext),
    }


def _charter_context(
    conn: Connection, record: Record, day: str, a: int | None, b: int | None
) -> dict[str, Any]:
    rules = get_rules(conn)
    versions = charter.versions(conn)
    status = charter.status(conn, day, rules)
    context: dict[str, Any] = {"versions": versions, "status": status, "as_of": day}
    if not versions:
        return context
    current = status["adopted"]["version"] if status["adopted"] else versions[-1]["version"]
    context["text"] = charter.version(conn, current)
    numbers = [int(v["version"]) for v in versions]
    to = b if b is not None and b in numbers else numbers[-1]
    since = a if a is not None and a in numbers else numbers[max(0, numbers.index(to) - 1)]
    context.update(diff_a=since, diff_b=to, diff=_word_changes(conn, since, to))
    rounds = conn.execute(select(charter_rounds.c.round).order_by(charter_rounds.c.idx))
    context["rounds"] = [charter.round_report(conn, r) for r in rounds.scalars()]
    rows = conn.execute(select(charter_participants.c.actor, charter_participants.c.idx)).all()
    acts = {actor: int(idx) for actor, idx in rows}
    context["acts"] = acts
    context["signatures"] = _signatures(record, list(acts.values()))
    return context


def _word_changes(conn: Connection, a: int, b: int) -> list[dict[str, Any]]:
    """Articles that differ between versions ``a`` and ``b``, with word-level differences."""
    if a == b:
        return []
    old = {str(x["number"]): x for x in charter.version(conn, a)["articles"]}
    new = {str(x["number"]): x for x in charter.version(conn, b)["articles"]}
    out = []
    for change in charter.diff(conn, a, b):
        x, y = old.get(change["article"], {}), new.get(change["article"], {})
        out.append(
            {
                "article": change["article"],
                "change": change["change"],
                "heading": word_diff(x.get("heading", ""), y.get("heading", "")),
                "text": word_diff(x.get("text", ""), y.get("text", "")),
            }
        )
    return out


@router.get("/charter", response_class=HTMLResponse, name="page_charter")
def charter_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    a: int | None = None,
    b: int | None = None,
) -> HTMLResponse:
    """The Charter: text, versions with diffs, consultation rounds, signatories and parties."""
    record = open_record(store)
    day = record_day(store).isoformat()
    with store.connect() as conn:
        context = _charter_context(conn, record, day, a, b)
    context.update(base_context(request, store, settings.sandbox))
    lang = request_language(request)
    sample = bool(context.get("text", {}).get("sample"))
    context["tr"] = (lambda text: sample_text(lang, text)) if sample else (lambda text: text)
    context["change_labels"] = labels(_CHANGE_LABELS, translate(request))
    parties = {p["actor"] for p in context["status"]["parties"]}
    context["acceding"] = sorted(
        (
            s.id
            for s in registry.states(eurasian=True)
            if s.end_year is None and s.id not in parties
        ),
        key=lambda iso3: context["names"].get(iso3, iso3),
    )
    return render(request, "charter.html", context)


def _sandbox_key(store: Store, record: Record, actor: str, time: str) -> Any:
    """The sandbox key of ``actor``, generated and registered by the secretariat if new."""
    with store.connect() as conn:
        q = select(sandbox_keys.c.actor, sandbox_keys.c.private_key_pem)
        rows = {str(a): str(pem) for a, pem in conn.execute(q)}
        secretariat = get_rules(conn).secretariat
    if actor in rows:
        return load_private_key(rows[actor].encode())
    if secretariat not in rows:
        raise AuthorityError("this sandbox holds no secretariat key to register a new party")
    key = generate_private_key()
    registrar = load_private_key(rows[secretariat].encode())
    record.submit(
        signed_act(
            record,
            registrar,
            secretariat,
            "key.register",
            time,
            {"actor": actor, "public_key": public_key_b64(key)},
        )
    )
    with store.begin() as conn:
        conn.execute(
            sandbox_keys.insert().values(
                actor=actor,
                private_key_pem=private_key_pem(key).decode(),
                note="SANDBOX KEY: generated by the web sandbox; never use for real acts",
            )
        )
    return key


@router.post("/charter/sandbox/accede", name="sandbox_accede")
def sandbox_accede(
    store: StoreDep, settings: SettingsDep, actor: Annotated[str, Form(max_length=8)]
) -> RedirectResponse:
    """Sandbox only: ``actor`` accedes to the Charter, signing with its own sandbox key."""
    if not _is_sandbox(store, settings.sandbox):
        raise AuthorityError(
            "acts through the web need sandbox mode on a sandbox store; "
            "a real party signs its own acts (eurasec record submit)"
        )
    state = registry.default_registry().state(actor)
    day = record_day(store) + timedelta(days=1)
    time = f"{day.isoformat()}T10:00:00Z"
    record = open_record(store, ManualClock(time))  # a sandbox's log runs on simulated days
    key = _sandbox_key(store, record, state.id, time)
    receipt = record.submit(
        signed_act(record, key, state.id, "charter.accede", time, {"kind": "state"})
    )
    return RedirectResponse(f"/charter?acceded={state.id}#entry-{receipt.index}", status_code=303)


AsOf = Annotated[
    date | None,
    Query(description="Date YYYY-MM-DD (default: the record's current day, as in the API)."),
]


def _projection_page(
    request: Request,
    store: Store,
    sandbox_mode: bool,
    template: str,
    read: Callable[[Connection, str], dict[str, Any]],
    as_of: date | None,
) -> HTMLResponse:
    """Render ``template`` with what ``read(conn, day)`` gives as of ``as_of``.

    ``as_of`` defaults to the record's current day, the JSON API's rule
    (:func:`eurasec.web.deps.record_day`), so a page and the API agree on any date.
    """
    day = (as_of or record_day(store)).isoformat()
    with store.connect() as conn:
        context = read(conn, day)
    context.update(base_context(request, store, sandbox_mode), as_of=day)
    return render(request, template, context)


def _forum(conn: Connection, day: str) -> dict[str, Any]:
    rules = get_rules(conn)
    sessions = [forum.session_report(conn, s["session"]) for s in forum.sessions(conn, day)]
    return {
        "sessions": sessions,
        "next": forum.next_session_due(conn, rules) if sessions else None,
        "members": wg.members(conn, day),
        "consultations": consultation.consultation_list(conn, day),
        "project_titles": {p["project"]: p["title"] for p in projects.project_list(conn, day)},
    }


@router.get("/forum", response_class=HTMLResponse, name="page_forum")
def forum_page(
    request: Request, store: StoreDep, settings: SettingsDep, as_of: AsOf = None
) -> HTMLResponse:
    """The Forum (sessions, hosts, agendas, decisions), the Working Group and consultations."""
    return _projection_page(request, store, settings.sandbox, "forum.html", _forum, as_of)


def _by_year(transactions: list[dict[str, Any]]) -> dict[str, dict[int, dict[str, int]]]:
    """Totals per currency, year and kind of transaction."""
    out: dict[str, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: dict.fromkeys(_TX_KINDS, 0))
    )
    for tx in transactions:
        out[tx["currency"]][int(tx["date"][:4])][tx["kind"]] += tx["amount"]
    return {c: dict(sorted(years.items())) for c, years in out.items()}


def _fund(conn: Connection, day: str) -> dict[str, Any]:
    transactions = fund.transactions(conn, day)
    return {
        "statement": fund.statement(conn, day),
        "transactions": transactions,
        "by_year": _by_year(transactions),
        "currencies": sorted({t["currency"] for t in transactions}),
        "project_titles": {p["project"]: p["title"] for p in projects.project_list(conn, day)},
    }


def _over_time(
    transactions: list[dict[str, Any]], currency: str, gettext: Callable[[str], str]
) -> ChartSpec:
    """Running totals pledged, contributed, allocated and disbursed, on each day with a change."""
    days = sorted({t["date"] for t in transactions if t["currency"] == currency})
    kinds = ("pledge", "contribution", "allocation", "disbursement")
    totals = dict.fromkeys(kinds, 0)
    series: dict[str, list[float | None]] = {k: [] for k in kinds}
    for day in days:
        for t in transactions:
            if t["date"] == day and t["currency"] == currency and t["kind"] in totals:
                totals[t["kind"]] += t["amount"]
        for k in kinds:
            series[k].append(float(to_major(totals[k], currency)))
    return ChartSpec(
        id=chart_id("fund-over-time", currency),
        title=gettext(N_("The Fund over time: running totals")),
        kind="line",
        x_label=gettext(N_("Date")),
        x_values=days,
        x_type="date",
        y_label=gettext(N_("amount")),
        unit=currency,
        series=[Series(k, gettext(_TX_LABELS[k]), series[k]) for k in kinds],
        step=True,
        source="eurasec record: fund.pledge, fund.contribute, fund.allocate, fund.disburse",
    )


def _bars(
    ident: str, title: str, x_label: str, rows: list[tuple[str, int]], value: str, currency: str
) -> ChartSpec:
    """A bar chart of one amount (``value``, already a reader's word) per row, in major units."""
    return ChartSpec(
        id=chart_id(ident, currency),
        title=title,
        kind="bar",
        x_label=x_label,
        x_values=[label for label, _ in rows],
        y_label=value,
        unit=currency,
        series=[Series(ident, value, [float(to_major(v, currency)) for _, v in rows])],
    )


def _fund_charts(
    context: dict[str, Any], request: Request, gettext: Callable[[str], str]
) -> dict[str, dict[str, ChartSpec]]:
    """Per currency: the Fund over time, contributions by party, allocations by purpose."""
    names = _names(request)
    s = context["statement"]
    titles = context["project_titles"]
    charts: dict[str, dict[str, ChartSpec]] = {}
    for cur in context["currencies"]:
        parties = [
            (names.get(p, p), v[cur]["contributed"]) for p, v in s["parties"].items() if cur in v
        ]
        purposes = [(p, v[cur]["allocated"]) for p, v in s["purposes"].items() if cur in v]
        allocated = _bars(
            "fund-purposes",
            gettext(N_("Allocations by purpose")),
            gettext(N_("Purpose")),
            [(_purpose(p, titles, gettext), v) for p, v in purposes],
            gettext(N_("allocated")),
            cur,
        )
        charts[cur] = {
            "time": _over_time(context["transactions"], cur, gettext),
            "parties": _bars(
                "fund-parties",
                gettext(N_("Contributions by party")),
                gettext(N_("Party")),
                parties,
                gettext(N_("contributed")),
                cur,
            ),
            # project titles are what their proposers wrote: shown as written
            "purposes": replace(
                allocated, verbatim=any(p.startswith("project:") for p, _ in purposes)
            ),
        }
    return charts


def _purpose(purpose: str, titles: dict[str, str], gettext: Callable[[str], str]) -> str:
    """A reader's name of a Fund purpose: the project's title, or the cost it pays."""
    if purpose.startswith("project:"):
        pid = purpose.removeprefix("project:")
        return titles.get(pid, pid)
    label = PURPOSE_LABELS.get(purpose)
    return gettext(label) if label else purpose


@router.get("/fund", response_class=HTMLResponse, name="page_fund")
def fund_page(
    request: Request, store: StoreDep, settings: SettingsDep, as_of: AsOf = None
) -> HTMLResponse:
    """The Security Fund: pledges, contributions, allocations and disbursements over time."""
    day = (as_of or record_day(store)).isoformat()
    with store.connect() as conn:
        context = _fund(conn, day)
    gettext = translate(request)
    context.update(base_context(request, store, settings.sandbox), as_of=day)
    context["charts"] = _fund_charts(context, request, gettext)
    context["purpose_label"] = lambda p: _purpose(p, context["project_titles"], gettext)
    return render(request, "fund.html", context)
