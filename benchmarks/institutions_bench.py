"""Benchmark the institutions on the record: submit throughput of fund acts, and replay.

    PYTHONPATH=src python benchmarks/institutions_bench.py            # 5,000 fund acts
    PYTHONPATH=src python benchmarks/institutions_bench.py --acts 500 # a smoke run

Plays the sandbox (the whole plan) on a fresh SQLite file, then submits ``--acts`` pledges and
contributions from the sandbox parties in batches of ``--batch`` through
``Record.submit_many`` (each act checked by the Fund's rules, one durable commit per batch),
and finally rebuilds every projection from the log (``Record.rebuild``), checking that the
rebuilt state equals the state before. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from eurasec.institutions.fund import reconcile
from eurasec.institutions.participant import open_record
from eurasec.institutions.sandbox import play
from eurasec.institutions.schema import ALL_TABLES, sandbox_keys
from eurasec.record import Statement, sign
from eurasec.record.clock import ManualClock
from eurasec.record.keys import load_private_key
from eurasec.storage import Store, open_store


def _state(store: Store) -> list[list[tuple[object, ...]]]:
    with store.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(select(t))) for t in ALL_TABLES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--acts", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t0 = time.perf_counter()
        report = play(store, ["RUS", "BLR", "KAZ", "CHN", "IND", "SCO"])
        t_play = time.perf_counter() - t0
        day = report.events[-1].date
        record = open_record(store, ManualClock(f"{day}T12:00:00Z"))  # the sandbox's last day
        with store.connect() as conn:
            keys = {
                a: load_private_key(p.encode())
                for a, p in conn.execute(
                    select(sandbox_keys.c.actor, sandbox_keys.c.private_key_pem)
                )
            }
        parties = report.parties
        seqs = {p: record.next_seq(p) for p in parties}
        signed = []
        for i in range(args.acts):
            party = parties[(i // 2) % len(parties)]
            kind = "fund.pledge" if i % 2 == 0 else "fund.contribute"
            st = Statement(
                kind,
                party,
                seqs[party],
                f"{day}T12:00:00Z",
                {"amount": 100 + (i // 2) % 7, "currency": "USD"},
                record.origin(),
            )
            seqs[party] += 1
            signed.append(sign(st, keys[party]))
        # pledges and contributions alternate per party, so each contribution is covered
        t0 = time.perf_counter()
        for start in range(0, len(signed), args.batch):
            results = record.submit_many(signed[start : start + args.batch])
            bad = [r for r in results if isinstance(r, Exception)]
            assert not bad, bad[:3]
        t_submit = time.perf_counter() - t0
        before = _state(store)
        t0 = time.perf_counter()
        record.rebuild()
        t_rebuild = time.perf_counter() - t0
        assert _state(store) == before
        with store.connect() as conn:
            assert reconcile(conn)["ok"]
        size = record.size()
        store.dispose()
    print(
        json.dumps(
            {
                "sandbox_acts": len(report.events),
                "sandbox_s": round(t_play, 2),
                "fund_acts": args.acts,
                "batch": args.batch,
                "fund_acts_per_s": round(args.acts / t_submit, 1),
                "log_size": size,
                "rebuild_s": round(t_rebuild, 2),
                "replayed_acts_per_s": round(size / t_rebuild, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
