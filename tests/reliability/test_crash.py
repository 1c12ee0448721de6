"""Crash safety: SIGKILL a writer at random points; nothing acknowledged is lost.

A client process (``_worker.py``) submits fund pledges and contributions in a loop and prints
each acknowledgement the moment ``Record.submit`` returns. The test kills it with SIGKILL
at a random moment, starts it again on the same store, and so on; in the end every
acknowledged act must be in the log byte for byte, the log must verify from scratch, the
projections must equal a replay (nothing half-applied) and the Fund must balance. Runs on
SQLite (``synchronous=FULL``) and PostgreSQL. Fast profile: a few kills; ``--run-slow``:
many.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _checks import WORKER, Ack, check_store, parse_acks, report

from eurasec.storage import open_store

ROOT = Path(__file__).parents[2]


def _run_and_kill(url: str, seed: int, kill_after: float, threads: int, group: bool) -> list[Ack]:
    """Start a worker, SIGKILL it after ``kill_after`` seconds; the acks it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            str(WORKER),
            url,
            "--threads",
            str(threads),
            "--seconds",
            "30",
            "--seed",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    # Wait until the worker has acknowledged something, then let it run a random while.
    assert proc.stdout is not None
    first = proc.stdout.readline()
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
    return parse_acks(first.decode() + out.decode())


def _crash_loop(url: str, kills: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    acks: list[Ack] = []
    for round_ in range(kills):
        threads, group = rng.choice([1, 4, 16]), round_ % 2 == 1
        acks += _run_and_kill(url, seed * 100 + round_, rng.uniform(0.0, 1.5), threads, group)
    store = open_store(url, migrate=False)
    try:
        facts = check_store(store, acks)
    finally:
        store.dispose()
    assert acks, "the worker acknowledged nothing"
    facts["acks"] = len(acks)
    return facts


def test_sigkill_loses_nothing_acknowledged(world_url: str) -> None:
    facts = _crash_loop(world_url, kills=3, seed=1)
    report("crash", facts)
    assert facts["size"] >= facts["acks"]


@pytest.mark.slow
def test_sigkill_soak(world_url: str) -> None:
    facts = _crash_loop(world_url, kills=40, seed=7)
    report("crash soak", facts)
