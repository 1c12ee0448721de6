"""Concurrency: 50 clients submit fund acts at once; nothing lost, duplicated or invented.

Two client processes with 25 threads each (so both the in-process write lock and the
database's own locking between processes are exercised; one submits directly, the other
through the record's group committer) submit pledges and contributions
against one store for a bounded time. Afterwards: the log grew by exactly the number of
acknowledged acts, with no gap and no duplicate; every acknowledged act is in it; each
actor's sequence numbers are gapless; and the money adds up: what the clients were told was
pledged and paid is exactly what the ledger shows, which still balances.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from _checks import WORKER, Ack, check_store, parse_acks, report

from eurasec.storage import open_store

ROOT = Path(__file__).parents[2]
#: Concurrent clients in all, split over :data:`PROCESSES` processes.
CLIENTS = 50
PROCESSES = 2


def _concurrent_run(url: str, seconds: float) -> tuple[list[Ack], dict[str, int]]:
    store = open_store(url, migrate=False)
    try:
        before = check_store(store, [])
    finally:
        store.dispose()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                url,
                "--threads",
                str(CLIENTS // PROCESSES),
                "--seconds",
                str(seconds),
                "--seed",
                str(p),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for p in range(PROCESSES)
    ]
    acks: list[Ack] = []
    for proc in procs:
        out, err = proc.communicate(timeout=seconds + 120)
        assert proc.returncode == 0, err.decode()[-3000:]
        assert out.decode().rstrip().endswith("DONE")
        acks += parse_acks(out.decode())
    store = open_store(url, migrate=False)
    try:
        after = check_store(store, acks)
    finally:
        store.dispose()
    assert after["size"] - before["size"] == len(acks), "log and acknowledgements disagree"
    told: Counter[str] = Counter()
    for ack in acks:
        told[ack.type] += ack.amount
    assert after["pledged"] - before["pledged"] == told["fund.pledge"]
    assert after["contributed"] - before["contributed"] == told["fund.contribute"]
    return acks, after


def test_fifty_concurrent_clients(world_url: str) -> None:
    acks, after = _concurrent_run(world_url, seconds=4)
    assert len(acks) > CLIENTS  # every client got through at least once on average
    report("concurrency", {"clients": CLIENTS, "acts": len(acks), **after})


@pytest.mark.slow
def test_fifty_concurrent_clients_soak(world_url: str) -> None:
    acks, after = _concurrent_run(world_url, seconds=60)
    report("concurrency soak", {"clients": CLIENTS, "acts": len(acks), **after})
