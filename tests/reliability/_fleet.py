"""Several ``eurasec serve`` processes over one database, and clients that load them.

:class:`Writers` are threads, each acting for a party of its own (no sequence races) through
one server, each recording every request: when it started and ended, its status, and the
acknowledgement (index and leaf hash) when it got 201. :class:`CheckpointReaders` ask every
server for the checkpoint in a loop. Loopback only; every loop is bounded in time.
"""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass, field

import httpx2 as httpx
from _checks import Ack
from _http import DAY
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eurasec.institutions.sandbox import ORIGIN as SANDBOX_ORIGIN
from eurasec.record import Statement, sign


@dataclass(frozen=True)
class Request:
    """One request a client made."""

    base: str
    start: float
    end: float
    status: int  # 0: no answer (connection refused or dropped, timeout)


@dataclass
class Writers:
    """One thread per ``(base URL, party)``: pledge then contribute, again and again."""

    assignments: list[tuple[str, str]]
    keys: dict[str, Ed25519PrivateKey]
    acks: list[Ack] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for base, actor in self.assignments:
            t = threading.Thread(target=self._client, args=(base, actor), daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=90)
        self._threads = []
        self._stop = threading.Event()

    def _client(self, base: str, actor: str) -> None:
        seq: int | None = None
        kind = "fund.pledge"  # then a contribution of what was pledged, and again
        with httpx.Client(base_url=base, timeout=30) as http:
            while not self._stop.is_set():
                if seq is None:
                    try:
                        answer = http.get(f"/api/v1/record/actors/{actor}/next-seq").json()
                        seq = int(answer["next_seq"])
                    except (httpx.HTTPError, ValueError, KeyError):
                        time.sleep(0.2)  # the server is gone or stopped: try again later
                        continue
                status = self._submit(http, base, actor, kind, seq)
                if status == 201:
                    seq += 1
                    kind = "fund.contribute" if kind == "fund.pledge" else "fund.pledge"
                else:
                    seq = None  # an unknown outcome: ask the log what it holds
                    if status == 409:  # nothing left to contribute: pledge again
                        kind = "fund.pledge"

    def _submit(self, http: httpx.Client, base: str, actor: str, kind: str, seq: int) -> int:
        st = Statement(kind, actor, seq, DAY, {"amount": 1, "currency": "USD"}, SANDBOX_ORIGIN)
        body = sign(st, self.keys[actor]).leaf_bytes()
        start = time.monotonic()
        try:
            r = http.post(
                "/api/v1/fund/acts", content=body, headers={"content-type": "application/json"}
            )
            status = r.status_code
        except httpx.HTTPError:
            status = 0
        end = time.monotonic()
        with self._lock:
            self.requests.append(Request(base, start, end, status))
            if status == 201:
                answer = r.json()
                lh = base64.b64decode(answer["leaf_hash"]).hex()
                self.acks.append(Ack(answer["index"], lh, actor, seq, kind, 1))
        if status not in (0, 201):
            time.sleep(0.05)
        return status

    def acked_between(self, base: str, start: float, end: float) -> list[Request]:
        """Acknowledged requests to ``base`` that ended within ``[start, end]``."""
        with self._lock:
            return [
                r for r in self.requests
                if r.base == base and r.status == 201 and start <= r.end <= end
            ]  # fmt: skip


@dataclass
class CheckpointReaders:
    """One thread per server, asking for ``/api/v1/record/checkpoint`` in a loop."""

    bases: list[str]
    statuses: dict[int, int] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for base in self.bases:
            t = threading.Thread(target=self._read, args=(base,), daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def _read(self, base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while not self._stop.is_set():
                r = http.get("/api/v1/record/checkpoint")
                self.statuses[r.status_code] = self.statuses.get(r.status_code, 0) + 1
                if r.status_code == 200:
                    self.notes.add(r.text)
