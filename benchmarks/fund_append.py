"""The append path alone: Fund pledges through ``Record.submit_many``, time per act.

    PYTHONPATH=src python benchmarks/fund_append.py                      # SQLite
    PYTHONPATH=src python benchmarks/fund_append.py --postgres-url ...   # and PostgreSQL

Builds the load test's world (the sandbox plus 45 acceding states, ``benchmarks/api_load.py``),
signs ``--batches`` batches of one pledge by each of the 50 parties, submits one batch to warm
up, then submits the rest in one thread and reports wall-clock and CPU microseconds per act
(every rule checked; the signatures are verified inside, as the record's first sight of the
keys). This is the work a server's group committer does under the append lock, without HTTP;
``docs/operations.md`` compares it with ``main`` before the append cache by running this same
file from a checkout of that commit. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from api_load import DAY, SANDBOX_ORIGIN, Statement, _parties, _world, sign, world_keys
from eurasec.record.clock import ManualClock
from eurasec.record.log import Record
from eurasec.record.projection import default_handlers
from eurasec.storage import open_store


def _run(backend: str, batches: int, postgres_url: str | None) -> dict[str, float]:
    url, schema = _world(backend, Path(tempfile.mkdtemp(prefix="eurasec-append-")), postgres_url)
    keys = world_keys(url)
    store = open_store(url)
    try:
        record = Record(store, default_handlers(), clock=ManualClock(DAY))
        parties = _parties(keys)
        seqs = {p: record.next_seq(p) for p in parties}
        work = []
        for _ in range(batches):
            batch = []
            for p in parties:
                pledge = Statement("fund.pledge", p, seqs[p], DAY, {"amount": 1, "currency": "USD"},
                                   SANDBOX_ORIGIN)  # fmt: skip
                seqs[p] += 1
                batch.append(record.prepare(sign(pledge, keys[p])))
            work.append(batch)
        record.submit_many(work[0])
        wall, cpu = time.perf_counter(), time.thread_time()
        for batch in work[1:]:
            results = record.submit_many(batch)
            assert not any(isinstance(r, Exception) for r in results), results[:2]
        n = len(parties) * (batches - 1)
        return {
            "acts": n,
            "batch": len(parties),
            "wall_us_per_act": round(1e6 * (time.perf_counter() - wall) / n, 1),
            "cpu_us_per_act": round(1e6 * (time.thread_time() - cpu) / n, 1),
            "load_average": os.getloadavg()[0],
        }
    finally:
        store.dispose()
        if schema:
            from backends import drop_schema

            drop_schema(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=100, help="batches of 50 pledges")
    parser.add_argument("--postgres-url", default=os.environ.get("EURASEC_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    out = {"sqlite": _run("sqlite", args.batches, None)}
    if args.postgres_url:
        out["postgresql"] = _run("postgresql", args.batches, args.postgres_url)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
