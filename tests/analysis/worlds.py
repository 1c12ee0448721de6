"""Synthetic worlds and moves for the property tests of the analysis (no real data)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from eurasec.analysis.threat import DIMENSIONS
from eurasec.analysis.world import World


def random_world(seed: int, n: int, f: int = 4) -> World:
    """A synthetic world: n actors, f formats (the first two defence organisations)."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 5000, (n, 2))
    dist = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    cont = (rng.uniform(size=(n, n)) < 0.3).astype(np.int64) * rng.integers(1, 6, (n, n))
    cont = np.triu(cont, 1)
    cont = cont + cont.T
    pact = np.triu((rng.uniform(size=(n, n)) < 0.15).astype(float), 1)
    consult = np.triu((rng.uniform(size=(n, n)) < 0.15).astype(float), 1)
    history = np.triu(rng.poisson(0.3, (n, n)).astype(float), 1)
    caps = rng.dirichlet(np.ones(n), size=len(DIMENSIONS))
    srcs = rng.dirichlet(np.ones(n), size=len(DIMENSIONS))
    srcs[-1] = 0.0
    member = rng.choice([0.0, 0.25, 0.5, 1.0], size=(n, f))
    return World(
        actors=tuple("Q" + chr(65 + k // 26) + chr(65 + k % 26) for k in range(n)),
        names=tuple(f"Actor {k}" for k in range(n)),
        capacity=caps,
        source=srcs,
        distance_km=dist,
        contiguity=cont,
        defence=pact + pact.T,
        formats=tuple(f"f{k}" for k in range(f)),
        defence_format=np.arange(f) < 2,
        membership=member,
        format_total=f,
        consultation=consult + consult.T,
        history=history + history.T,
    )


def permuted(w: World, perm: np.ndarray) -> World:
    """The same world with actor k renamed/reordered as perm."""
    ix = np.ix_(perm, perm)
    assert w.consultation is not None and w.history is not None
    return World(
        actors=tuple(w.actors[k] for k in perm),
        names=tuple(w.names[k] for k in perm),
        capacity=w.capacity[:, perm],
        source=w.source[:, perm],
        distance_km=w.distance_km[ix],
        contiguity=w.contiguity[ix],
        defence=w.defence[ix],
        formats=w.formats,
        defence_format=w.defence_format,
        membership=w.membership[perm],
        format_total=w.format_total,
        consultation=w.consultation[ix],
        history=w.history[ix],
    )


def actor(k: int) -> str:
    return "Q" + chr(65 + k // 26) + chr(65 + k % 26)


MOVES = st.sampled_from(
    [
        {"kind": "raise_military_spending", "actor": "QAB", "percent": 30},
        {"kind": "deploy_forces", "actor": "QAC", "near": "QAA", "share": 0.4},
        {"kind": "join_format", "actor": "QAA", "format": "f0", "role": "member"},
        {"kind": "leave_format", "actor": "QAD", "format": "f1"},
        {"kind": "sign_treaty", "actor": "QAB", "treaty": "t", "parties": ["QAC"], "defence": True},
        {"kind": "sign_treaty", "actor": "QAB", "treaty": "t", "parties": ["QAD"]},
        {
            "kind": "sign_treaty",
            "actor": "QAD",
            "treaty": "t",
            "parties": ["QAA", "QAC"],
            "obligation": "consultation",
        },
        {
            "kind": "withdraw_treaty",
            "actor": "QAA",
            "treaty": "t",
            "parties": ["QAB"],
            "defence": True,
        },
        {"kind": "impose_sanctions", "actor": "QAA", "targets": ["QAB", "QAC"], "intensity": 0.5},
        {"kind": "close_transport_route", "actor": "QAD", "targets": ["QAA"]},
    ]
)
