"""Three ``eurasec serve`` processes over one database, under load, with failures.

One run over a real PostgreSQL (the deployment docs/operations.md describes) goes through the
phases an operator fears, and checks the whole store at the end:

1. writers on all three processes and checkpoint readers on all three, while every process
   holds the log key and publishes checkpoints on its own schedule: no answer is a 5xx, and
   every stored checkpoint verifies (one publisher at a time);
2. SIGKILL of one process under load: the other two keep acknowledging;
3. SIGSTOP of one process while it holds the append lock: the server ends its
   session after ``EURASEC_DB_IDLE_IN_TRANSACTION_TIMEOUT`` and the others acknowledge again
   within that bound plus a margin for this loaded machine (``STALL_MARGIN``); after SIGCONT
   the stopped process recovers and acknowledges too.

Afterwards: no gap, no duplicate, every acknowledged act present, signatures and sequence
numbers, projections equal to a replay, ``record verify`` with the log key and the Fund's
reconciliation pass (``_checks.check_store``). The SIGSTOP bound is a PostgreSQL guarantee
(docs/operations.md): SQLite has no way to end another process's transaction, so this runs
only where ``EURASEC_TEST_POSTGRES_URL`` is set (``scripts/test.sh`` and CI set it); several
processes on SQLite are covered by ``tests/operations/test_first_start.py`` and the crash and
concurrency tests here.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx2 as httpx
from _checks import check_store, report
from _fleet import CheckpointReaders, Writers
from _http import Server, world_keys
from sqlalchemy import text

from eurasec.institutions.fund.report import reconcile
from eurasec.record.checkpoint import NoteSigner
from eurasec.record.keys import private_key_pem
from eurasec.record.verify import verify_store
from eurasec.storage import lock, open_store

#: Seconds PostgreSQL lets a session sit idle inside a transaction in this test.
IDLE_TIMEOUT = 2.0
#: Extra seconds allowed over that bound on this shared 2-core machine.
STALL_MARGIN = 3.0
#: Writer threads per process.
WRITERS = 3


def test_three_processes_survive_load_kill_and_stop(pg_world_url: str, tmp_path: Path) -> None:
    world_url = pg_world_url
    keys = world_keys(world_url)
    log_key = keys["LOG"]  # the sandbox log's own key: every process holds it
    (tmp_path / "log.pem").write_bytes(private_key_pem(log_key))
    env = {
        "EURASEC_RECORD_KEY_FILE": str(tmp_path / "log.pem"),
        "EURASEC_CHECKPOINT_INTERVAL": "0.5",
        "EURASEC_DB_IDLE_IN_TRANSACTION_TIMEOUT": str(IDLE_TIMEOUT),
        "EURASEC_MIGRATE_ON_START": "false",
    }
    servers = [
        Server(world_url, {**env, "EURASEC_DB_APPLICATION_NAME": f"mp{n}"}) for n in range(3)
    ]
    for s in servers:
        s.launch()
    for s in servers:
        s.wait_ready(path="/api/v1/ready")
    parties = sorted(a for a in keys if a.isalpha() and len(a) == 3 and a != "LOG")
    writers = Writers(
        [(s.base, parties[i * WRITERS + j]) for i, s in enumerate(servers) for j in range(WRITERS)],
        keys,
    )
    readers = CheckpointReaders([s.base for s in servers])
    writers.start()
    try:
        readers.start()
        time.sleep(3)
        readers.stop()
        assert readers.statuses == {200: sum(readers.statuses.values())}, readers.statuses
        assert len(readers.notes) > 1  # checkpoints of several sizes were published meanwhile

        killed_at = time.monotonic()
        servers[2].kill()
        time.sleep(2)
        for s in servers[:2]:
            assert writers.acked_between(s.base, killed_at + 0.5, time.monotonic()), s.base

        stall = _stop_one_holding_the_lock(servers, writers, world_url)
    finally:
        writers.stop()
        readers.stop()
        for s in servers:
            if s.proc is not None and s.proc.poll() is None:
                s.resume()
                s.stop()

    served = [r for r in writers.requests if r.status]
    assert not [r for r in served if r.status >= 500 and r.status != 503], "a server error"
    store = open_store(world_url, migrate=False)
    try:
        facts = check_store(store, writers.acks)
        log = NoteSigner("eurasec.sandbox", log_key).verifier
        assert verify_store(store, log).checkpoints >= 2  # each verifies under the log key
        with store.connect() as conn:
            assert reconcile(conn)["ok"]
    finally:
        store.dispose()
    assert len(writers.acks) > 50
    report(
        "multiprocess",
        {"url": world_url.split(":")[0], "acks": len(writers.acks), **facts, **stall},
    )


def _stop_one_holding_the_lock(
    servers: list[Server], writers: Writers, url: str
) -> dict[str, float]:
    """SIGSTOP server 0 until it is caught holding the append lock; measure the others.

    Returns how long the stuck session lived and the slowest acknowledgement meanwhile.
    """
    store = open_store(url, migrate=False)
    hi, lo = lock.APPEND >> 32, lock.APPEND & 0xFFFFFFFF
    holder = text(
        "SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :hi "
        "AND l.objid::bigint = :lo AND a.state = 'idle in transaction' "
        "AND a.application_name = 'mp0' "
        "AND now() - a.state_change > interval '300 milliseconds'"
    )
    try:
        stopped_at, pid = 0.0, None
        for _attempt in range(40):
            servers[0].pause()
            stopped_at = time.monotonic()
            time.sleep(0.4)
            with store.connect() as conn:
                pid = conn.execute(holder, {"hi": hi, "lo": lo}).scalar()
            if pid is not None:
                break
            servers[0].resume()
            time.sleep(0.2)
        assert pid is not None, "never caught the stopped process holding the lock"
        ended, seen = None, None
        while ended is None and time.monotonic() - stopped_at < IDLE_TIMEOUT + STALL_MARGIN + 2:
            with store.connect() as conn:
                seen = conn.execute(
                    text(
                        "SELECT state, wait_event_type, wait_event, now() - state_change, query "
                        "FROM pg_stat_activity WHERE pid = :p"
                    ),
                    {"p": pid},
                ).first()
            if seen is None:
                ended = time.monotonic() - stopped_at
            time.sleep(0.1)
        assert ended is not None and ended <= IDLE_TIMEOUT + STALL_MARGIN, (ended, seen)
        time.sleep(1)  # the others acknowledge again
        window_end = time.monotonic()
        during = writers.acked_between(servers[1].base, stopped_at, window_end)
        assert during, "the other process acknowledged nothing while one was stopped"
        worst = max(r.end - r.start for r in during)
        assert worst <= IDLE_TIMEOUT + STALL_MARGIN, f"an ack took {worst:.1f} s"
    finally:
        servers[0].resume()
        store.dispose()
    resumed = time.monotonic()
    time.sleep(2)
    assert writers.acked_between(servers[0].base, resumed, time.monotonic()), "no recovery"
    r = httpx.get(f"{servers[0].base}/api/v1/ready", timeout=10)
    assert r.status_code == 200, r.text
    return {"stuck_session_s": round(ended, 2), "slowest_ack_s": round(worst, 2)}
