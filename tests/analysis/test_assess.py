"""Security and assess(move): no actor is special, dialogue never hurts, moves do what they say."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.analysis.assess import apply_move, assess, security, situation
from eurasec.analysis.move import parse_move
from eurasec.analysis.threat import DIMENSIONS
from eurasec.analysis.world import World, world
from eurasec.errors import NotFound


def random_world(seed: int, n: int, f: int = 4) -> World:
    """A synthetic world: n actors, f formats (the first a defence organisation)."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 5000, (n, 2))
    dist = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    cont = (rng.uniform(size=(n, n)) < 0.2).astype(np.int64) * rng.integers(1, 6, (n, n))
    cont = np.triu(cont, 1)
    cont = cont + cont.T
    pact = np.triu((rng.uniform(size=(n, n)) < 0.15).astype(float), 1)
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
        defence_format=np.arange(f) == 0,
        membership=member,
        format_total=f,
    )


def permuted(w: World, perm: np.ndarray) -> World:
    """The same world with actor k renamed/reordered as perm."""
    ix = np.ix_(perm, perm)
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
    )


MOVES = st.sampled_from(
    [
        {"kind": "raise_military_spending", "actor": "QAB", "percent": 30},
        {"kind": "deploy_forces", "actor": "QAC", "near": "QAA", "share": 0.4},
        {"kind": "join_format", "actor": "QAA", "format": "f0", "role": "member"},
        {"kind": "leave_format", "actor": "QAD", "format": "f1"},
        {"kind": "sign_treaty", "actor": "QAB", "treaty": "t", "parties": ["QAC"], "defence": True},
        {"kind": "sign_treaty", "actor": "QAB", "treaty": "t", "parties": ["QAD"]},
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


def _move(doc: dict[str, object]):  # type: ignore[no-untyped-def]
    return parse_move({**doc, "date": "2020-01-01"})


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(4, 9), doc=MOVES, data=st.data())
def test_relabelling_actors_permutes_results_and_changes_nothing_else(
    seed: int, n: int, doc: dict[str, object], data: st.DataObject
) -> None:
    w = random_world(seed, n)
    perm = np.array(data.draw(st.permutations(list(range(n)))))
    a = assess(_move(doc), w).to_dict()
    b = assess(_move(doc), permuted(w, perm)).to_dict()
    assert a["verdict"] == b["verdict"]
    assert {x["actor"] for x in a["losers"]} == {x["actor"] for x in b["losers"]}
    assert a["deltas"].keys() == b["deltas"].keys()
    for actor, row in a["deltas"].items():
        for dim, value in row.items():
            assert b["deltas"][actor][dim] == pytest.approx(value, rel=1e-9, abs=1e-12)
    for side in ("before", "after"):
        assert a["richardson"][side]["stable"] == b["richardson"][side]["stable"]
        for actor, x in a["richardson"][side]["equilibrium"].items():
            assert b["richardson"][side]["equilibrium"][actor] == pytest.approx(x, abs=1e-7)


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(3, 9),
    actor=st.integers(0, 2),
    fmt=st.integers(0, 3),
)
def test_adding_a_dialogue_channel_never_lowers_anyones_security(
    seed: int, n: int, actor: int, fmt: int
) -> None:
    w = random_world(seed, n)
    doc = {"kind": "join_format", "actor": "QA" + chr(65 + actor), "format": f"f{fmt}"}
    move = _move({**doc, "role": "dialogue_partner"})
    if w.membership[actor, fmt] > 0.25:  # already more than a dialogue partner
        w.membership[actor, fmt] = 0.0
    s0, _ = security(w, situation(w))
    s1, _ = security(w, apply_move(w, situation(w), move))
    assert np.all(s1 >= s0 - 1e-15)
    assert assess(move, w).verdict == "indivisible"


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 8))
def test_security_lies_between_zero_and_one(seed: int, n: int) -> None:
    s, _ = security(*(lambda w: (w, situation(w)))(random_world(seed, n)))
    assert s.shape == (len(DIMENSIONS), n)
    assert np.all((s >= 0) & (s <= 1))


def test_raising_military_spending_helps_mover_and_allies_and_hurts_others() -> None:
    move = parse_move(
        {"kind": "raise_military_spending", "actor": "DEU", "date": "2020-06-01", "percent": 50}
    )
    out = assess(move).to_dict()
    assert out["verdict"] == "divisible"
    assert out["deltas"]["DEU"]["military"] > 0
    losers = {row["actor"] for row in out["losers"]}
    assert "CHE" in losers  # a land neighbour outside DEU's defence organisation
    assert out["deltas"]["POL"]["military"] > 0  # an allied neighbour gains
    assert all(set(row["dimensions"]) == {"military"} for row in out["losers"])
    assert (
        out["richardson"]["after"]["equilibrium"]["DEU"]
        > out["richardson"]["before"]["equilibrium"]["DEU"]
    )


def test_sanctions_hurt_the_target_economically() -> None:
    move = parse_move(
        {"kind": "impose_sanctions", "actor": "USA", "date": "2020-01-01", "targets": ["IRN"]}
    )
    out = assess(move).to_dict()
    assert [row["actor"] for row in out["losers"]] == ["IRN"]
    assert set(out["losers"][0]["dimensions"]) == {"economic"}
    assert out["losers"][0]["channel"] is not None  # where a consultation can open


def test_unknown_actor_or_format_is_a_clear_error() -> None:
    w = world(date(2020, 1, 1))
    bad = {"kind": "join_format", "actor": "FRA", "date": "2020-01-01", "format": "natoo"}
    with pytest.raises(NotFound, match="did you mean nato"):
        assess(parse_move(bad), w)
    with pytest.raises(NotFound, match="unknown actor 'XXX'"):
        assess(parse_move({**bad, "actor": "XXX", "format": "nato"}), w)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(4, 8), doc=MOVES)
def test_security_matches_the_written_formula(seed: int, n: int, doc: dict[str, object]) -> None:
    from eurasec.analysis.assess import HAZARD, _all_defence
    from eurasec.analysis.threat import DIMENSION_PARAMS, damping

    w = random_world(seed, n)
    s = apply_move(w, situation(w), _move(doc))
    got, _ = security(w, s)
    share = (s.membership @ s.membership.T) / w.format_total
    np.fill_diagonal(share, 0.0)
    for d, dim in enumerate(DIMENSIONS):
        damp = damping(_all_defence(w, s), share, DIMENSION_PARAMS[dim])
        r = s.reach[d]
        t = np.array(
            [
                [0.0 if i == j else s.source[d, j] * r[j, i] * damp[i, j] for j in range(n)]
                for i in range(n)
            ]
        )
        if d in s.hostility:
            t = t * s.hostility[d]
        help_ = [
            sum((1 - damp[i, k]) * r[k, i] * s.capacity[d, k] for k in range(n) if k != i)
            for i in range(n)
        ]
        b = s.capacity[d] + np.array(help_)
        theta = t.sum(axis=1) + (HAZARD if dim == "natural_disaster" else 0.0)
        want = np.where(b + theta > 0, b / np.where(b + theta > 0, b + theta, 1.0), 1.0)
        assert got[d] == pytest.approx(want, rel=1e-9, abs=1e-12)


def test_threat_matrices_follow_the_array_rule() -> None:
    from eurasec.analysis.assess import threat_matrices
    from eurasec.analysis.threat import MILITARY, mutual_threat, onset_probability, threat_matrix

    w = world(date(2014, 6, 1))
    t = threat_matrices(w)
    direct = threat_matrix(
        w.source[0], w.distance_km, w.contiguity, w.defence_matrix(), w.org_share(), MILITARY
    )
    assert t["military"] == pytest.approx(direct, rel=1e-12, abs=1e-18)
    assert set(t) == set(DIMENSIONS)
    assert not t["natural_disaster"].any()
    p = onset_probability(mutual_threat(t["military"]))
    rus, ukr, prt = w.index("RUS"), w.index("UKR"), w.index("PRT")
    assert p[rus, ukr] > p[rus, prt] > 0  # neighbours first
