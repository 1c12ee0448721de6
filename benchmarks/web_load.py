"""Registry reads under load: ``eurasec serve`` beside a bare FastAPI endpoint (the baseline).

Both servers run one uvicorn worker on loopback. The eurasec server answers a registry read
(default ``/api/v1/formats/SCO/members``) from a fresh store, once as served (with its response
cache for immutable registry reads) and once with ``EURASEC_RESPONSE_CACHE=0``; the baseline is
a FastAPI app with a single endpoint that serves the same rows (copied into a SQLite table) with
a plain ``sqlite3`` query. The load generator is ``wrk`` (Debian package ``wrk``) with 50
connections; each round is bounded in time and the run in count of rounds. Without wrk, an
asyncio ``httpx`` client with 50 concurrent clients and a fixed request count is used instead
(and says so).

    PYTHONPATH=src python benchmarks/web_load.py --duration 10 --connections 50

Targets (DESIGN.md): ≥ 3,500 req/s and p95 ≤ 15 ms on the eurasec server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]

#: wrk script printing latency percentiles (µs) and the request rate as one JSON line.
WRK_LUA = """
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50": %d, "p95": %d, "p99": %d, "errors": %d}\\n',
    summary.requests, summary.requests / secs, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""

BASELINE_APP = textwrap.dedent(
    """
    import json, sqlite3, sys
    from fastapi import FastAPI
    from fastapi.responses import Response

    DB = sys.argv[1]
    app = FastAPI()
    _local = {}

    def _conn():
        conn = _local.get("c")
        if conn is None:
            conn = _local["c"] = sqlite3.connect(DB, check_same_thread=False)
        return conn

    @app.get("/rows")
    def rows():
        docs = [json.loads(d) for (d,) in _conn().execute("SELECT doc FROM rows ORDER BY pos")]
        return docs
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def _wrk(url: str, connections: int, duration: int, threads: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_LUA)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-s", fh.name, url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(fh.name)
    line = [x for x in out.splitlines() if x.startswith("{")][-1]
    result: dict[str, Any] = json.loads(line)
    for key in ("p50", "p95", "p99"):
        result[key] = result[key] / 1000.0  # µs → ms
    return result


async def _httpx_load(url: str, connections: int, total: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10.0) as client:
        queue = iter(range(total))

        async def worker() -> None:
            nonlocal errors
            for _ in queue:
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code != 200

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
        "errors": errors,
    }


def _load(url: str, args: argparse.Namespace) -> dict[str, Any]:
    httpx.get(url, timeout=5.0).raise_for_status()  # warm the route and its caches
    if shutil.which("wrk") and not args.httpx:
        _wrk(url, args.connections, 2, args.threads)  # warm-up round, discarded
        return {"generator": "wrk", **_wrk(url, args.connections, args.duration, args.threads)}
    total = args.requests
    return {"generator": "httpx", **asyncio.run(_httpx_load(url, args.connections, total))}


def _serve_eurasec(db: str, port: int, cache: bool) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "EURASEC_DATABASE_URL": db,
        "EURASEC_RESPONSE_CACHE": "4096" if cache else "0",
    }
    cmd = [sys.executable, "-m", "eurasec", "serve", "--port", str(port), "--no-access-log"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _serve_baseline(rows_db: Path, work: Path, port: int) -> subprocess.Popen[bytes]:
    (work / "baseline_app.py").write_text(BASELINE_APP, encoding="utf-8")
    cmd = [
        sys.executable,
        "-c",
        "import sys, uvicorn; sys.path.insert(0, sys.argv[2]); import baseline_app; "
        "uvicorn.run(baseline_app.app, host='127.0.0.1', port=int(sys.argv[3]), "
        "access_log=False, log_level='warning')",
        str(rows_db),
        str(work),
        str(port),
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _copy_rows(body: Any, rows_db: Path) -> int:
    rows = body["data"] if isinstance(body, dict) and "data" in body else body
    rows = rows if isinstance(rows, list) else [rows]
    conn = sqlite3.connect(rows_db)
    conn.execute("CREATE TABLE rows (pos INTEGER PRIMARY KEY, doc TEXT NOT NULL)")
    conn.executemany(
        "INSERT INTO rows VALUES (?, ?)",
        [(i, json.dumps(r, ensure_ascii=False)) for i, r in enumerate(rows)],
    )
    conn.commit()
    conn.close()
    return len(rows)


def main() -> None:
    """Run both servers in turn under the same load and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default="/api/v1/formats/SCO/members")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured round")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--requests", type=int, default=20000, help="httpx mode: request count")
    parser.add_argument("--httpx", action="store_true", help="use the asyncio httpx client")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "path": args.path,
        "connections": args.connections,
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, cache in (("eurasec", True), ("no-cache", False)):
            port = _free_port()
            server = _serve_eurasec(f"sqlite:///{work / 'eurasec.db'}", port, cache)
            try:
                _wait(f"http://127.0.0.1:{port}/api/v1/health", server)
                url = f"http://127.0.0.1:{port}{args.path}"
                if "rows" not in results:
                    body = httpx.get(url, timeout=10).json()
                    results["rows"] = _copy_rows(body, work / "rows.db")
                results[name] = _load(url, args)
            finally:
                server.terminate()
                server.wait(10)
        port = _free_port()
        baseline = _serve_baseline(work / "rows.db", work, port)
        try:
            _wait(f"http://127.0.0.1:{port}/rows", baseline)
            results["baseline"] = _load(f"http://127.0.0.1:{port}/rows", args)
        finally:
            baseline.terminate()
            baseline.wait(10)
    results["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"{args.path}: {results['rows']} rows, {args.connections} connections, "
        f"{results['cpus']} CPUs, generator {results['eurasec']['generator']}, 1-min load "
        f"average {results['load_before']:.1f} before and {results['load_after']:.1f} after"
    )
    print(f"{'server':<10}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name in ("eurasec", "no-cache", "baseline"):
        r = results[name]
        print(
            f"{name:<10}{r['rps']:>10.0f}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
            f"{r['errors']:>8}"
        )


if __name__ == "__main__":
    main()
