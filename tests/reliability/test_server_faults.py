"""The server itself under SIGKILL and under 50 concurrent HTTP clients, on loopback.

``eurasec serve`` runs as a subprocess on 127.0.0.1 with a file store (SQLite) or a
PostgreSQL schema. Clients submit fund pledges and contributions over HTTP; an act is
acknowledged when the server answered 201. Crash: the server is SIGKILLed at a random
moment while clients are mid-request, restarted, and so on; afterwards every acknowledged
act is in the log, ``eurasec record verify`` passes, projections equal a replay and the
Fund balances. Concurrency: 50 clients for a bounded time; the log grew by exactly the
acknowledged acts, with no gap or duplicate, and the money adds up.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from collections import Counter

import pytest
from _checks import Ack, check_store, report
from _http import ROOT, Clients, Server, world_keys

from eurasec.storage import open_store


def _verify_cli(url: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "eurasec", "record", "verify", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _check(url: str, acks: list[Ack]) -> dict[str, int]:
    _verify_cli(url)
    store = open_store(url, migrate=False)
    try:
        return check_store(store, acks)
    finally:
        store.dispose()


def _kill_loop(url: str, kills: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    keys = world_keys(url)
    acks: list[Ack] = []
    statuses: Counter[int] = Counter()
    for round_ in range(kills):
        server = Server(url)
        server.start()
        clients = Clients(server.base, keys, threads=rng.choice([1, 4, 8]), seed=seed + round_)
        runner = threading.Thread(target=clients.run, args=(30,))
        runner.start()
        threading.Event().wait(rng.uniform(0.2, 2.0))
        server.kill()
        runner.join(timeout=60)
        assert not runner.is_alive()
        acks += clients.acks
        statuses.update(clients.statuses)
    assert statuses.get(500, 0) == 0, f"server errors: {statuses}"
    assert acks, "no act was acknowledged"
    facts = _check(url, acks)
    facts["acks"] = len(acks)
    facts["kills"] = kills
    return facts


def test_server_sigkill_loses_nothing_acknowledged(world_url: str) -> None:
    facts = _kill_loop(world_url, kills=3, seed=3)
    report("server crash", facts)


@pytest.mark.slow
def test_server_sigkill_soak(world_url: str) -> None:
    facts = _kill_loop(world_url, kills=30, seed=11)
    report("server crash soak", facts)


def _http_concurrency(url: str, seconds: float) -> dict[str, int]:
    store = open_store(url, migrate=False)
    try:
        before = check_store(store, [])
    finally:
        store.dispose()
    server = Server(url)
    server.start()
    try:
        clients = Clients(server.base, world_keys(url), threads=50, seed=5)
        clients.run(seconds)
    finally:
        server.stop()
    assert set(clients.statuses) <= {201, 422}, clients.statuses  # 422: a raced seq number
    after = _check(url, clients.acks)
    assert after["size"] - before["size"] == len(clients.acks)
    told: Counter[str] = Counter()
    for ack in clients.acks:
        told[ack.type] += ack.amount
    assert after["pledged"] - before["pledged"] == told["fund.pledge"]
    assert after["contributed"] - before["contributed"] == told["fund.contribute"]
    return {**after, "acts": len(clients.acks), "clients": 50, "seconds": int(seconds)}


def test_fifty_http_clients(world_url: str) -> None:
    facts = _http_concurrency(world_url, seconds=5)
    assert facts["acts"] >= 10  # correctness is the point here; benchmarks/api_load.py times it
    report("http concurrency", facts)


@pytest.mark.slow
def test_fifty_http_clients_soak(world_url: str) -> None:
    report("http concurrency soak", _http_concurrency(world_url, seconds=60))
