"""Bounded load test of the read API and of institutional acts, on loopback only.

Starts ``eurasec serve`` on 127.0.0.1 (one uvicorn worker per process, free ports) over a
fresh world (the institutions sandbox plus 45 acceding states: 50 parties with keys), on
SQLite and, when a PostgreSQL URL is given (``--postgres-url``, default
``$EURASEC_TEST_POSTGRES_URL``), on PostgreSQL, each in a schema of its own. Then:

1. **reads** (one process): for each endpoint, ``--clients`` concurrent asyncio clients for
   ``--seconds``: requests/s and p50/p95/p99 latency;
2. **institutional acts**: for one and for two server processes (``--processes``) over the
   same database, ``1``, ``8`` and ``--clients`` concurrent clients, each acting for a party of
   its own (no sequence races), client *i* talking to process *i mod P*, each sending
   ``fund.pledge`` statements (signed, canonical bytes) to ``POST /api/v1/fund/acts`` for
   ``--seconds``: acknowledged acts/s and latency. The load generator is ``wrk`` (Debian
   package ``wrk``; one connection per client, one wrk per process) sending statements signed
   before the phase, as members' own machines would sign them; ``--generator httpx`` (the
   default without wrk) uses asyncio clients that sign as they go, which on a 2-core machine
   took about 0.9 ms of the same cores per act, as much as the server.

Every phase stops by itself after ``--seconds``; nothing leaves the machine. The registry
read under wrk, against a bare FastAPI baseline, is ``benchmarks/web_load.py``.

    PYTHONPATH=src python benchmarks/api_load.py --seconds 10 --clients 50
    PYTHONPATH=src python benchmarks/api_load.py --no-reads --processes 1 2 --backend sqlite

Results are printed as a table and as JSON (``--json``), each phase with the machine's load
average before and after it (the numbers depend on it) and the servers' CPU time per answered
request, whose inverse (``per_cpu_second``) is what one core would give a server that had it
alone: on a shared machine the client and other work take the rest. The last run is recorded
in ``docs/operations.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from subprocess import PIPE
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
# The world builder and the server harness are the reliability tests' own (one copy only);
# their conftest imports the test suite's ``backends`` helper from tests/.
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))
sys.path.insert(1, str(ROOT / "tests"))

from _http import DAY, Server, world_keys  # noqa: E402

from conftest import build_world  # noqa: E402
from eurasec.institutions.sandbox import ORIGIN as SANDBOX_ORIGIN  # noqa: E402
from eurasec.record import Statement, sign  # noqa: E402
from eurasec.storage import open_store  # noqa: E402
from web_load import WRK_LUA  # noqa: E402  (this folder: the summary line both print)

READS = [
    "/api/v1/health",
    "/api/v1/record",
    "/api/v1/record/entries?offset=100&limit=10",
    "/api/v1/record/proof/inclusion?index=100",
    "/api/v1/record/proof/consistency?first=50",
    "/api/v1/fund/statement?as_of=2029-12-31",
    "/api/v1/formats/SCO/members",
]


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
    bases: list[str], keys: dict[str, Any], clients: int, seconds: float
) -> dict[str, Any]:
    parties = _parties(keys)[:clients]
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    https = [httpx.AsyncClient(base_url=b, limits=limits, timeout=60) for b in bases]
    try:

        async def client(n: int, actor: str) -> None:
            nonlocal errors
            http = https[n % len(https)]
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
        await asyncio.gather(*(client(n, p) for n, p in enumerate(parties)))
        elapsed = time.monotonic() - start
    finally:
        for http in https:
            await http.aclose()
    return _summary(latencies, errors, elapsed)


#: wrk script for institutional acts: thread *k* (one connection each) sends the pre-signed
#: bodies of file ``<dir>/<k>.txt`` in order (one party's consecutive sequence numbers), then
#: prints the summary as one JSON line (web_load's ``done``). A thread that runs out asks for
#: a path that answers 404, so it shows as errors rather than as a silent stop.
WRK_ACTS_LUA = """
local counter = 0
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local bodies, n, i = {}, 0, 0
init = function(args)
  local f = assert(io.open(args[1] .. "/" .. id .. ".txt"))
  for line in f:lines() do n = n + 1; bodies[n] = line end
  f:close()
  -- wrk calls request() once on the first thread's state to check it, before any connects
  if id == 0 then i = -1 end
end
request = function()
  i = i + 1
  if i == 0 then return wrk.format("POST", "/api/v1/fund/acts", nil, bodies[1]) end
  if i > n then return wrk.format("POST", "/api/v1/fund/acts-exhausted") end
  return wrk.format("POST", "/api/v1/fund/acts", {["content-type"] = "application/json"},
                    bodies[i])
end
""" + WRK_LUA


def _presign(
    bases: list[str], keys: dict[str, Any], clients: int, seconds: float, max_rate: float
) -> list[Path]:
    """For each process, a folder of files ``<k>.txt``: client *k*'s signed pledges, enough
    for ``max_rate`` acts/s over ``seconds`` (signing is the members' work, done before)."""
    parties = _parties(keys)[:clients]
    per_client = int(max_rate * seconds / clients) + 100
    folders = [Path(tempfile.mkdtemp(prefix="eurasec-acts-")) for _ in bases]
    counts = [0] * len(bases)
    for n, actor in enumerate(parties):
        p = n % len(bases)
        seq = httpx.get(f"{bases[p]}/api/v1/record/actors/{actor}/next-seq").json()["next_seq"]
        lines = []
        for k in range(per_client):
            st = Statement("fund.pledge", actor, seq + k, DAY, {"amount": 1, "currency": "USD"},
                           SANDBOX_ORIGIN)  # fmt: skip
            lines.append(sign(st, keys[actor]).leaf_bytes().decode())
        (folders[p] / f"{counts[p]}.txt").write_text("\n".join(lines) + "\n")
        counts[p] += 1
    return folders


async def _wrk_phase(
    bases: list[str], keys: dict[str, Any], clients: int, seconds: float, max_rate: float
) -> dict[str, Any]:
    """The submit phase with wrk as the load generator (one wrk per process, run together)."""
    folders = await asyncio.to_thread(_presign, bases, keys, clients, seconds, max_rate)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_ACTS_LUA)
    procs = []
    for base, folder in zip(bases, folders, strict=True):
        n = len(list(folder.iterdir()))
        if n:
            duration = f"-d{max(1, round(seconds))}s"  # (wrk takes whole seconds)
            cmd = ["wrk", f"-t{n}", f"-c{n}", duration, "--timeout", "60s", "-s", fh.name, base,
                   "--", str(folder)]  # fmt: skip
            procs.append(await asyncio.create_subprocess_exec(*cmd, stdout=PIPE, stderr=PIPE))
    outs = [await p.communicate() for p in procs]
    os.unlink(fh.name)
    parts = []
    for out, err in outs:
        lines = [x for x in out.decode().splitlines() if x.startswith("{")]
        if not lines:
            raise RuntimeError(f"wrk printed no summary: {err.decode()[-500:]}")
        part = json.loads(lines[-1])
        parts.append({**part, "n": part["requests"]})
    return {
        "n": sum(p["n"] for p in parts),
        "errors": sum(p["errors"] for p in parts),
        "rps": round(sum(p["rps"] for p in parts), 1),
        "rps_per_process": [p["rps"] for p in parts],  # (how evenly the processes share)
        # per wrk instance's percentiles (µs → ms); with two processes the worse of the two
        **{f"{q}_ms": round(max(p[q] for p in parts) / 1000, 2) for q in ("p50", "p95", "p99")},
    }


def _parties(keys: dict[str, Any]) -> list[str]:
    """The parties that may pledge: three-letter states (not the sandbox's log and witness)."""
    return sorted(a for a in keys if a.isalpha() and len(a) == 3 and a.isupper() and a != "LOG")


def _world(backend: str, work: Path, postgres_url: str | None) -> tuple[str, str | None]:
    """A fresh world on ``backend``: its URL and, on PostgreSQL, the schema to drop."""
    if backend == "sqlite":
        url = f"sqlite:///{work / 'load.db'}"
        schema = None
    else:
        assert postgres_url
        import backends

        # backends reads the variable when first imported (the world's modules may have)
        os.environ["EURASEC_TEST_POSTGRES_URL"] = backends.POSTGRES_URL = postgres_url
        schema = backends.create_schema("load")
        url = backends.schema_url(schema)
    store = open_store(url)
    build_world(store)
    store.dispose()
    return url, schema


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _phase(results: dict[str, Any], name: str, run: Any, servers: list[Server]) -> None:
    """Run one phase; with the load average and the servers' CPU time per answered request
    (what one core would give a server that had it alone: ``per_cpu_second``)."""
    pids = [s.proc.pid for s in servers if s.proc is not None]
    before, cpu = os.getloadavg()[0], sum(_cpu_seconds(p) for p in pids)
    out = asyncio.run(run)
    cpu = sum(_cpu_seconds(p) for p in pids) - cpu
    out["server_cpu_ms_per_request"] = round(1000 * cpu / max(out["n"], 1), 3)
    out["per_cpu_second"] = round(out["n"] / cpu, 1) if cpu else None
    results[name] = {**out, "load_before": before, "load_after": os.getloadavg()[0]}


def _backend(args: argparse.Namespace, backend: str, results: dict[str, Any]) -> None:
    work = Path(tempfile.mkdtemp(prefix="eurasec-load-"))
    url, schema = _world(backend, work, args.postgres_url)
    keys = world_keys(url)
    try:
        for processes in args.processes:
            servers = [Server(url) for _ in range(processes)]
            for server in servers:
                server.start()
            try:
                bases = [s.base for s in servers]
                if args.reads and processes == args.processes[0]:
                    for path in READS:
                        name = f"{backend} GET {path}"
                        _phase(
                            results, name, _read_phase(bases[0], path, args.clients, args.seconds)
                        )
                for n in sorted({1, 8, args.clients}):
                    name = f"{backend} x{processes} POST /api/v1/fund/acts c{n}"
                    if args.generator == "wrk":
                        run = _wrk_phase(bases, keys, n, args.seconds, args.max_rate)
                    else:
                        run = _submit_phase(bases, keys, n, args.seconds)
                    _phase(results, name, run, servers)
            finally:
                for server in servers:
                    server.stop()
    finally:
        if schema:
            from backends import drop_schema

            drop_schema(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each phase")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument(
        "--backend", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--processes", nargs="+", type=int, default=[1, 2], help="server counts")
    parser.add_argument("--postgres-url", default=os.environ.get("EURASEC_TEST_POSTGRES_URL"))
    parser.add_argument("--reads", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--generator",
        choices=["wrk", "httpx"],
        default="wrk" if shutil.which("wrk") else "httpx",
        help="load generator for acts: wrk with pre-signed bodies (default when installed), "
        "or asyncio httpx clients that sign as they go",
    )
    parser.add_argument(
        "--max-rate",
        type=float,
        default=4000.0,
        help="acts/s per phase that wrk's pre-signed bodies suffice for (more shows as errors)",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 50:
        parser.error("--clients must be 1..50 (the world has 50 parties)")
    backends = [b for b in args.backend if b == "sqlite" or args.postgres_url]
    os.environ["EURASEC_MIGRATE_ON_START"] = "false"  # the world is migrated: servers check
    results: dict[str, Any] = {
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "generator": args.generator,
    }
    for backend in backends:
        _backend(args, backend, results)
    results["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(results, indent=1))
        return
    head = f"{'phase':52} {'rps':>7} {'p50 ms':>7} {'p99 ms':>7} {'err':>4} {'cpu ms':>7}"
    print(head + f" {'/cpu s':>7} {'load':>11}")
    for name, r in results.items():
        if isinstance(r, dict):
            print(
                f"{name:52} {r['rps']:>7} {r.get('p50_ms', '-'):>7} {r.get('p99_ms', '-'):>7} "
                f"{r['errors']:>4} {r['server_cpu_ms_per_request']:>7} {r['per_cpu_second']:>7} "
                f"{r['load_before']:>5.1f}/{r['load_after']:<5.1f}"
            )
    print(f"load average before/after: {results['load_average']} / {results['load_average_after']}")


if __name__ == "__main__":
    main()
