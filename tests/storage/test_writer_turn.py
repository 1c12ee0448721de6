"""The SQLite writers' turn: exclusive, handed to a waiter when the holder lets go, bounded."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eurasec.errors import Unavailable
from eurasec.institutions.participant import open_record, signed_act
from eurasec.record import generate_private_key
from eurasec.record.clock import ManualClock
from eurasec.storage import open_store, writer_turn
from eurasec.storage.writer_turn import writer_turn as turn

TIME = "2026-01-01T00:00:00Z"


def test_a_waiter_gets_the_turn_when_the_holder_lets_go(tmp_path: Path) -> None:
    path = str(tmp_path / "db-append.lock")
    order: list[str] = []
    held = threading.Event()

    def waiter() -> None:
        held.wait(10)
        with turn(path, timeout=10):
            order.append("waiter")

    t = threading.Thread(target=waiter)
    t.start()
    with turn(path):
        held.set()
        time.sleep(0.2)  # the waiter is blocked on the turn meanwhile
        order.append("holder")
    t.join(10)
    assert order == ["holder", "waiter"]


def test_a_writer_not_given_its_turn_in_time_gets_database_is_locked(tmp_path: Path) -> None:
    path = str(tmp_path / "db-append.lock")
    locked = pytest.raises(sqlite3.OperationalError, match="database is locked")
    with turn(path), locked, turn(path, timeout=0.2):
        pass
    # the abandoned wait gave the turn back once it came: the next writer takes it at once
    with turn(path, timeout=1):
        pass


def test_a_process_that_gave_up_waiting_can_still_exit(tmp_path: Path) -> None:
    """The wait that outlives a refused writer does not keep its process alive."""
    path = str(tmp_path / "db-append.lock")
    code = (
        "import sqlite3, sys\n"
        "from eurasec.storage.writer_turn import writer_turn\n"
        "try:\n"
        f"    with writer_turn({path!r}, timeout=0.2): sys.exit(1)\n"
        "except sqlite3.OperationalError:\n"
        "    print('locked')\n"
    )
    with turn(path):  # held for the child's whole life
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0 and done.stdout.strip() == "locked", done.stderr


def test_an_append_waits_for_its_turn_and_refuses_as_unavailable_when_none_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    record = open_record(store, ManualClock(TIME))
    key = generate_private_key()
    record.genesis("eurasec.test", {"KAZ": key.public_key()}, time=TIME)
    act = signed_act(record, key, "KAZ", "charter.negotiate", TIME, {})
    monkeypatch.setattr(writer_turn, "TURN_TIMEOUT", 0.3)
    # another process's turn, held past the timeout
    with store.writer_turn(), pytest.raises(Unavailable) as info:
        record.submit_many([act])
    assert info.value.code == "database_unavailable"
    assert record.size() == 1  # nothing written
    [receipt] = record.submit_many([act])  # its turn now comes at once
    assert not isinstance(receipt, Exception) and record.size() == 2
    store.dispose()
