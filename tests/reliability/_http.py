"""``eurasec serve`` as a real subprocess on loopback, and HTTP clients that submit fund acts.

Traffic goes only to 127.0.0.1 on a free port; every loop is bounded in count and time.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
from _checks import Ack
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import select

from eurasec.institutions.sandbox import ORIGIN as SANDBOX_ORIGIN
from eurasec.institutions.schema import sandbox_keys
from eurasec.record import Statement, sign
from eurasec.storage import Store, open_store

ROOT = Path(__file__).parents[2]
#: Every act of a run carries this date: after the sandbox's last act, the same for all.
DAY = "2029-01-15T12:00:00Z"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``python -m eurasec serve`` on 127.0.0.1 and a free port, for one database URL.

    ``env`` adds settings (``EURASEC_*``) and ``args`` options of ``eurasec serve``.
    """

    def __init__(
        self, url: str, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
    ) -> None:
        self.url = url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = env or {}
        self.args = args
        # The server's log; a pipe could fill up and block the server. Closed in kill/stop.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115

    def launch(self) -> None:
        """Start the process without waiting for it to serve."""
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "EURASEC_DATABASE_URL": self.url,
               "EURASEC_RECORD_CLOCK": DAY, **self.env}  # fmt: skip
        command = ["serve", "--host", "127.0.0.1", "--port", str(self.port), *self.args]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "eurasec", *command],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            env=env,
        )

    def start(self, timeout: float = 60) -> None:
        self.launch()
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 60, path: str = "/api/v1/health") -> None:
        """Wait until the server answers ``path`` with 200."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()[-2000:]}")
            try:
                if httpx.get(f"{self.base}{path}", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not come up")

    def pause(self) -> None:
        """SIGSTOP: the process hangs where it is, holding whatever it holds."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def output(self) -> str:
        """What the server logged so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a power cut of the process."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.log.close()


def sandbox_private_keys(store: Store) -> dict[str, Ed25519PrivateKey]:
    """Every party's key from the sandbox world in ``store``."""
    with store.connect() as conn:
        rows = conn.execute(select(sandbox_keys.c.actor, sandbox_keys.c.private_key_pem)).all()
    keys = {}
    for actor, pem in rows:
        key = load_pem_private_key(pem.encode(), None)
        assert isinstance(key, Ed25519PrivateKey)
        keys[actor] = key
    return keys


def world_keys(url: str) -> dict[str, Ed25519PrivateKey]:
    store = open_store(url, migrate=False)
    try:
        return sandbox_private_keys(store)
    finally:
        store.dispose()


@dataclass
class Clients:
    """N client threads, each submitting pledge-then-contribute pairs for random parties.

    An act counts as acknowledged only when the server answered 201 with its index; any
    other outcome (an error status, a dropped connection) is not an acknowledgement.
    """

    base: str
    keys: dict[str, Ed25519PrivateKey]
    threads: int
    seed: int = 0
    acks: list[Ack] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, seconds: float, max_acts: int = 100_000) -> None:
        parties = sorted(a for a in self.keys if a.isalpha() and len(a) == 3)
        locks = {a: threading.Lock() for a in parties}
        deadline = time.monotonic() + seconds
        budget = [max_acts]

        def client(n: int) -> None:
            rng = random.Random(self.seed * 1000 + n)
            with httpx.Client(base_url=self.base, timeout=30) as http:
                while time.monotonic() < deadline:
                    with self._lock:
                        if budget[0] <= 0:
                            return
                        budget[0] -= 1
                    # A party of its own while there are enough; else shared, and raced.
                    own = parties[n] if self.threads <= len(parties) else None
                    actor, amount = own or rng.choice(parties), rng.randint(1, 1000)
                    with locks[actor]:
                        for kind in ("fund.pledge", "fund.contribute"):
                            if not self._submit(http, actor, kind, amount):
                                return

        pool = [threading.Thread(target=client, args=(n,)) for n in range(self.threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    def _submit(self, http: httpx.Client, actor: str, kind: str, amount: int) -> bool:
        """Submit one act; False when the server is gone."""
        try:
            seq = http.get(f"/api/v1/record/actors/{actor}/next-seq").json()["next_seq"]
            st = Statement(
                kind, actor, seq, DAY, {"amount": amount, "currency": "USD"}, SANDBOX_ORIGIN
            )
            signed = sign(st, self.keys[actor])
            r = http.post(
                "/api/v1/fund/acts",
                content=signed.leaf_bytes(),
                headers={"content-type": "application/json"},
            )
        except (httpx.HTTPError, ValueError, KeyError):
            return False
        with self._lock:
            self.statuses[r.status_code] = self.statuses.get(r.status_code, 0) + 1
        if r.status_code == 201:
            body = r.json()
            import base64

            leaf_hash = base64.b64decode(body["leaf_hash"]).hex()
            with self._lock:
                self.acks.append(Ack(body["index"], leaf_hash, actor, seq, kind, amount))
        return r.status_code < 500
