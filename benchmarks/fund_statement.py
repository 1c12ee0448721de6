"""The Fund's statement as of a date at 50,000 ledger entries: daily totals against every row.

    PYTHONPATH=src python benchmarks/fund_statement.py                    # SQLite, 50,000 acts
    PYTHONPATH=src python benchmarks/fund_statement.py --postgres-url ... # and PostgreSQL

Plays the sandbox, then appends ``--acts`` Fund acts (pledges and contributions by the six
parties, through ``Record.submit_many``, every rule checked) spread over ``--days`` days, and
times, on the same store:

- ``statement``: ``eurasec.institutions.fund.statement`` (the daily totals), what
  ``GET /api/v1/fund/statement`` answers;
- ``summed``: the same statement summed from every transaction and posting, as it was computed
  before the daily totals (the peer, side by side in the same run);
- ``http``: ``GET /api/v1/fund/statement`` through ``eurasec serve`` on loopback (one client).

Each is the median of ``--repeat`` runs, with the machine's load average. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import Connection, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reliability"))
sys.path.insert(1, str(ROOT / "tests"))

from _http import Server  # noqa: E402

from eurasec.institutions.fund import statement, transactions  # noqa: E402
from eurasec.institutions.fund.ledger import normal_sign  # noqa: E402
from eurasec.institutions.participant import open_record  # noqa: E402
from eurasec.institutions.sandbox import play  # noqa: E402
from eurasec.institutions.schema import fund_postings, sandbox_keys  # noqa: E402
from eurasec.record import Statement, sign  # noqa: E402
from eurasec.record.clock import ManualClock  # noqa: E402
from eurasec.record.keys import load_private_key  # noqa: E402
from eurasec.storage import Store, open_store  # noqa: E402

PARTIES = ["RUS", "BLR", "KAZ", "CHN", "IND", "SCO"]


def summed(conn: Connection, as_of: str) -> dict[str, Any]:
    """The statement from every transaction and posting up to ``as_of`` (the old way)."""
    per: dict[tuple[str, str, str], int] = defaultdict(int)
    for tx in transactions(conn, as_of):
        who = tx["party"] if tx["kind"] in ("pledge", "contribution") else tx["purpose"]
        per[(tx["kind"], who, tx["currency"])] += tx["amount"]
    q = (
        select(fund_postings.c.account, func.sum(fund_postings.c.amount))
        .where(fund_postings.c.date <= as_of)
        .group_by(fund_postings.c.account)
    )
    return {
        "totals": dict(per),
        "balances": {a: normal_sign(a) * int(s) for a, s in conn.execute(q)},
    }


def fill(store: Store, acts: int, days: int) -> str:
    """The sandbox, then ``acts`` Fund acts over ``days`` days; the last day."""
    report = play(store, PARTIES)
    start = date.fromisoformat(report.events[-1].date) + timedelta(days=1)
    with store.connect() as conn:
        keys = {
            a: load_private_key(p.encode())
            for a, p in conn.execute(select(sandbox_keys.c.actor, sandbox_keys.c.private_key_pem))
        }
    per_day = max(1, acts // days)
    done, day = 0, start
    pledged = dict.fromkeys(PARTIES, False)  # each party pledges 1, then pays it, and again
    while done < acts:
        stamp = f"{day.isoformat()}T12:00:00Z"
        record = open_record(store, ManualClock(stamp))
        seqs = {p: record.next_seq(p) for p in PARTIES}
        batch = []
        for i in range(min(per_day, acts - done)):
            actor = PARTIES[i % len(PARTIES)]
            kind = "fund.contribute" if pledged[actor] else "fund.pledge"
            pledged[actor] = not pledged[actor]
            st = Statement(kind, actor, seqs[actor], stamp, {"amount": 1, "currency": "USD"},
                           "eurasec.sandbox")  # fmt: skip
            seqs[actor] += 1
            batch.append(sign(st, keys[actor]))
        for i in range(0, len(batch), 1000):
            bad = [r for r in record.submit_many(batch[i : i + 1000]) if isinstance(r, Exception)]
            assert not bad, bad[:3]
        done += len(batch)
        day += timedelta(days=1)
    return (day - timedelta(days=1)).isoformat()


def timed(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 2)


def run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    store = open_store(url)
    last = fill(store, args.acts, args.days)
    mid = (date.fromisoformat(last) - timedelta(days=args.days // 2)).isoformat()
    out: dict[str, Any] = {"acts": args.acts, "days": args.days}
    with store.connect() as conn:
        for label, day in (("last_day", last), ("mid_period", mid)):
            out[f"statement_ms_{label}"] = timed(lambda d=day: statement(conn, d), args.repeat)
            out[f"summed_ms_{label}"] = timed(lambda d=day: summed(conn, d), args.repeat)
    store.dispose()
    os.environ["EURASEC_MIGRATE_ON_START"] = "false"
    server = Server(url)
    server.start()
    try:
        with httpx.Client(base_url=server.base, timeout=60) as http:
            http.get(f"/api/v1/fund/statement?as_of={last}")
            out["http_ms_last_day"] = timed(
                lambda: http.get(f"/api/v1/fund/statement?as_of={last}"), args.repeat
            )
    finally:
        server.stop()
    out["load_average"] = os.getloadavg()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--acts", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=250, help="days the acts are spread over")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run(f"sqlite:///{Path(tmp) / 'fund.db'}", args)
    if args.postgres_url:
        os.environ["EURASEC_TEST_POSTGRES_URL"] = args.postgres_url
        from backends import create_schema, drop_schema, schema_url

        schema = create_schema("fund")
        try:
            results["postgresql"] = run(schema_url(schema), args)
        finally:
            drop_schema(schema)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
