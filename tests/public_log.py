"""A log driven the way its users drive it: the operator's CLI, signed acts sent over HTTP.

Parties keep their private keys here (as they would on their own machines) and sign
statements with the library's :func:`~eurasec.record.sign`; everything else goes through
``eurasec`` commands (``record genesis``, ``record submit``, reads with ``--json``) or the
HTTP API. The log's clock is pinned for each command to the time of the act it submits
(``EURASEC_RECORD_CLOCK``), as the operator's clock would read when the act arrives.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eurasec.record import Statement, generate_private_key, public_key_b64, sign
from eurasec.record.keys import private_key_pem

#: The origin of the logs these tests found.
ORIGIN = "eurasec.test/public"
SRC = Path(__file__).parents[1] / "src"


@contextmanager
def served(db: str, log_file: Path, **env: str) -> Iterator[str]:
    """``eurasec serve`` on ``db`` in a process of its own (free port on 127.0.0.1); its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    full = {**os.environ, "PYTHONPATH": str(SRC), **env}
    with log_file.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "eurasec", "serve", "--port", str(port), "--db", db],
            env=full,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx2.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                        break
                except httpx2.HTTPError:
                    pass
                if proc.poll() is not None:
                    raise RuntimeError(log_file.read_text())
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def statement(
    type_: str, actor: str, seq: int, time: str, payload: dict[str, Any], origin: str
) -> Statement:
    """A statement for the log ``origin``.

    (On the code from before statements named their log, the same test builds the statement
    of that code, without the origin, so that each regression test can be run against it and
    shown to fail there for the defect it guards.)
    """
    if "origin" in Statement.__dataclass_fields__:
        return Statement(type_, actor, seq, time, payload, origin)
    return Statement(type_, actor, seq, time, payload)  # pragma: no cover - the base check


@dataclass
class PublicLog:
    """A log at ``db`` whose parties sign on their side and act through the CLI."""

    cli: Callable[..., Any]
    db: str
    home: Path
    monkeypatch: pytest.MonkeyPatch
    origin: str = ORIGIN
    keys: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    seqs: dict[str, int] = field(default_factory=dict)

    @classmethod
    def found(
        cls,
        cli: Callable[..., Any],
        db: str,
        home: Path,
        monkeypatch: pytest.MonkeyPatch,
        actors: list[str],
        origin: str = ORIGIN,
    ) -> PublicLog:
        """``eurasec record genesis`` with a key for each of ``actors`` as founders."""
        log = cls(cli, db, home, monkeypatch, origin)
        args = []
        for actor in actors:
            key = log.keys[actor] = generate_private_key()
            pub = home / f"{actor.replace(':', '_')}.pub"
            pub.write_text(public_key_b64(key.public_key()))
            (home / f"{actor.replace(':', '_')}.pem").write_bytes(private_key_pem(key))
            args += ["--founder", f"{actor}={pub}"]
        r = cli("record", "genesis", "--origin", origin, *args, "--db", db)
        assert r.exit_code == 0, r.stderr
        return log

    def key_file(self, actor: str) -> Path:
        """Where ``actor``'s private key is kept (PEM)."""
        return self.home / f"{actor.replace(':', '_')}.pem"

    def sign(self, actor: str, type_: str, time: str, /, **payload: Any) -> bytes:
        """The canonical bytes of ``actor``'s next statement, signed with its key."""
        seq = self.seqs.get(actor, 0)
        st = statement(type_, actor, seq, time, dict(payload), self.origin)
        return sign(st, self.keys[actor]).leaf_bytes()

    def clock(self, time: str) -> None:
        """Pin the log's clock (for the next commands) to ``time``."""
        self.monkeypatch.setenv("EURASEC_RECORD_CLOCK", time)

    def submit(self, actor: str, type_: str, time: str, /, **payload: Any) -> Any:
        """``eurasec record submit`` of the signed act, the clock reading its time."""
        leaf = self.sign(actor, type_, time, **payload)
        path = self.home / "act.json"
        path.write_bytes(leaf)
        self.clock(time)
        r = self.cli("record", "submit", str(path), "--db", self.db, "--json")
        if r.exit_code == 0:
            self.seqs[actor] = self.seqs.get(actor, 0) + 1
        return r

    def act(self, actor: str, type_: str, day: str, /, **payload: Any) -> Any:
        """Submit an act dated ``day`` at noon that must be accepted; its receipt."""
        r = self.submit(actor, type_, f"{day}T12:00:00Z", **payload)
        assert r.exit_code == 0, f"{actor} {type_} on {day}: {r.stderr}"
        return json.loads(r.stdout)

    def refused(self, code: str, actor: str, type_: str, day: str, /, **payload: Any) -> str:
        """Submit an act that must be refused with ``code``, in one line; the line."""
        r = self.submit(actor, type_, f"{day}T12:00:00Z", **payload)
        assert r.exit_code == 1, r.stdout
        assert r.stderr.startswith(f"error[{code}]"), r.stderr
        assert r.stderr.count("\n") == 1, r.stderr
        return str(r.stderr)

    def read(self, *args: str) -> Any:
        """A read command's ``--json`` output."""
        r = self.cli(*args, "--db", self.db, "--json")
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)

    def size(self) -> int:
        """The number of entries in the log (``eurasec record verify``)."""
        return int(self.read("record", "verify")["size"])
