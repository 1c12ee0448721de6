"""Bounded load test of the read API and of statement submission, on loopback only.

Starts ``eurasec serve`` (one uvicorn worker) on 127.0.0.1 and a free port, on a fresh SQLite
world (the institutions sandbox plus 45 acceding states: 50 parties with keys), then:

1. **reads**: for each endpoint, ``--clients`` concurrent asyncio clients for ``--seconds``:
   requests/s and p50/p95/p99 latency;
2. **submission**: ``1``, ``8`` and ``--clients`` concurrent clients, each acting for a party
   of its own (no sequence races), each sending ``fund.pledge`` statements (signed, canonical
   bytes) to ``POST /api/v1/fund/acts`` for ``--seconds``: acknowledged acts/s and latency.

Every phase stops by itself after ``--seconds``; nothing leaves the machine. The registry
read under wrk, against a bare FastAPI baseline, is ``benchmarks/web_load.py``.

    PYTHONPATH=src python benchmarks/api_load.py --seconds 10 --clients 50

Results (with the machine's load average, since the numbers depend on it) are printed as a
table and as JSON (``--json``); the last run is recorded in ``docs/concepts/security.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
# The world builder and the server harness are the reliability tests' own (one copy only);
# their conftest imports the test suite's ``backends`` helper from tests/.
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from _http import Server, world_keys  # noqa: E402

from conftest import build_world  # noqa: E402
from eurasec.institutions.sandbox import ORIGIN as SANDBOX_ORIGIN  # noqa: E402
from eurasec.record import Statement, sign  # noqa: E402
from eurasec.storage import open_store  # noqa: E402

READS = [
    "/api/v1/health",
    "/api/v1/record",
    "/api/v1/record/entries?offset=100&limit=10",
    "/api/v1/record/proof/inclusion?index=100",
    "/api/v1/record/proof/consistency?first=50",
    "/api/v1/fund/statement?as_of=2029-12-31",
    "/api/v1/formats/SCO/members",
]
#: Date of every benchmark act (after the world's last act).
DAY = "2029-03-01T12:00:00Z"


def _summary(latencies: list[float], errors: int, elapsed: float) -> dict[str, Any]:
    if len(latencies) < 2:
        return {"n": len(latencies), "errors": errors, "rps": len(latencies) / elapsed}
    q = statistics.quantiles(latencies, n=100)
    return {
        "n": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(q[49] * 1000, 2),
        "p95_ms": round(q[94] * 1000, 2),
        "p99_ms": round(q[98] * 1000, 2),
    }


async def _read_phase(base: str, path: str, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:

        async def client() -> None:
            nonlocal errors
            while time.monotonic() < deadline:
                t = time.perf_counter()
                r = await http.get(path)
                latencies.append(time.perf_counter() - t)
                errors += r.status_code != 200

        start = time.monotonic()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.monotonic() - start
    return _summary(latencies, errors, elapsed)


async def _submit_phase(
    base: str, keys: dict[str, Any], clients: int, seconds: float
) -> dict[str, Any]:
    parties = sorted(a for a in keys if a.isalpha() and len(a) == 3)[:clients]
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:

        async def client(actor: str) -> None:
            nonlocal errors
            r = await http.get(f"/api/v1/record/actors/{actor}/next-seq")
            seq = r.json()["next_seq"]
            while time.monotonic() < deadline:
                pledge = {"amount": 1, "currency": "USD"}
                st = Statement("fund.pledge", actor, seq, DAY, pledge, SANDBOX_ORIGIN)
                body = sign(st, keys[actor]).leaf_bytes()
                t = time.perf_counter()
                r = await http.post(
                    "/api/v1/fund/acts", content=body, headers={"content-type": "application/json"}
                )
                latencies.append(time.perf_counter() - t)
                if r.status_code == 201:
                    seq += 1
                else:
                    errors += 1
                    return

        start = time.monotonic()
        await asyncio.gather(*(client(p) for p in parties))
        elapsed = time.monotonic() - start
    return _summary(latencies, errors, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each phase")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    if not 1 <= args.clients <= 50:
        parser.error("--clients must be 1..50 (the world has 50 parties)")
    work = Path(tempfile.mkdtemp(prefix="eurasec-load-"))
    url = f"sqlite:///{work / 'load.db'}"
    store = open_store(url)
    build_world(store)
    store.dispose()
    keys = world_keys(url)
    os.environ["EURASEC_RECORD_CLOCK"] = DAY  # the server's log clock reads the acts' day
    server = Server(url)
    server.start()
    results: dict[str, Any] = {"load_average": os.getloadavg(), "cpus": os.cpu_count()}
    try:
        for path in READS:
            results[f"GET {path}"] = asyncio.run(
                _read_phase(server.base, path, args.clients, args.seconds)
            )
        for n in sorted({1, 8, args.clients}):
            results[f"POST /api/v1/fund/acts x{n}"] = asyncio.run(
                _submit_phase(server.base, keys, n, args.seconds)
            )
    finally:
        server.stop()
    results["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{'phase':58} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>4}")
    for name, r in results.items():
        if isinstance(r, dict):
            print(
                f"{name:58} {r['rps']:>8} {r.get('p50_ms', '-'):>8} {r.get('p95_ms', '-'):>8} "
                f"{r.get('p99_ms', '-'):>8} {r['errors']:>4}"
            )
    print(f"load average before/after: {results['load_average']} / {results['load_average_after']}")


if __name__ == "__main__":
    main()
