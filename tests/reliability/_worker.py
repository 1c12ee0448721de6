"""A client that submits fund acts to the record and prints one line per acknowledged act.

Run as ``python tests/reliability/_worker.py URL --threads N --seconds S --seed K``: opens the
store at URL (a sandbox world, see ``conftest.py``), and from N threads submits, for actors
drawn at random, a ``fund.pledge`` and then a ``fund.contribute`` of the same amount, each
signed with the sandbox key of its actor. After each acknowledged submit it prints::

    ACK <index> <leaf hash hex> <actor> <seq> <type> <amount>

and flushes, so a parent that kills this process at any moment knows exactly what was
acknowledged. A refused act (a sequence number raced by another process) prints ``NAK`` and
the client re-reads its sequence number. ``--group`` submits through the record's
``GroupCommitter`` (one transaction per batch), the path a server under load takes. It
stops by itself after S seconds or ``--count`` acts. Only the local database is touched.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "src"))

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import select

from eurasec.errors import EurasecError
from eurasec.institutions.participant import open_record, signed_act
from eurasec.institutions.schema import sandbox_keys
from eurasec.record.clock import ManualClock
from eurasec.record.commit import GroupCommitter
from eurasec.storage import open_store

#: The date every act of the run carries: after the sandbox's last act, the same for all.
DAY = "2029-01-15T12:00:00Z"
CURRENCY = "USD"

_print_lock = threading.Lock()


def _say(line: str) -> None:
    with _print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--actors", default="", help="comma-separated; default all parties")
    parser.add_argument("--group", action="store_true", help="submit through GroupCommitter")
    args = parser.parse_args()

    store = open_store(args.url, migrate=False)
    record = open_record(store, ManualClock(DAY))
    submitter: object = GroupCommitter(record) if args.group else record
    with store.connect() as conn:
        rows = conn.execute(select(sandbox_keys.c.actor, sandbox_keys.c.private_key_pem)).all()
    keys = {a: load_pem_private_key(pem.encode(), None) for a, pem in rows}
    parties = [a for a in (args.actors.split(",") if args.actors else sorted(keys)) if a]
    parties = [a for a in parties if a.isalpha() and len(a) == 3]
    locks = {a: threading.Lock() for a in parties}
    deadline = time.monotonic() + args.seconds
    budget = [args.count]
    budget_lock = threading.Lock()

    def take() -> bool:
        with budget_lock:
            if budget[0] <= 0 or time.monotonic() > deadline:
                return False
            budget[0] -= 1
            return True

    def client(n: int) -> None:
        rng = random.Random(args.seed * 1000 + n)
        while take():
            actor = rng.choice(parties)
            amount = rng.randint(1, 1000)
            # One actor's pledge and contribution go in order, from one thread at a time.
            with locks[actor]:
                for kind in ("fund.pledge", "fund.contribute"):
                    _submit(record, submitter, keys[actor], actor, kind, amount)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if isinstance(submitter, GroupCommitter):
        submitter.close()
    store.dispose()
    _say("DONE")


def _submit(
    record: object, submitter: object, key: object, actor: str, kind: str, amount: int
) -> None:
    payload = {"amount": amount, "currency": CURRENCY}
    for _attempt in range(20):
        signed = signed_act(record, key, actor, kind, DAY, payload)  # type: ignore[arg-type]
        try:
            receipt = submitter.submit(signed)  # type: ignore[attr-defined]
        except EurasecError as exc:
            _say(f"NAK {actor} {signed.statement.seq} {kind} {exc.code}")
            if exc.code == "record_bad_sequence":
                continue
            return
        st = signed.statement
        _say(f"ACK {receipt.index} {receipt.leaf_hash.hex()} {actor} {st.seq} {kind} {amount}")
        return


if __name__ == "__main__":
    main()
