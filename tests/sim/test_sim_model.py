"""The vectorised core: reproducibility, chunk invariance, limiting cases, alias sampling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.sim.batch import run_compiled
from eurasec.sim.history import threat_rule_in_use, year_inputs
from eurasec.sim.inputs import SimInputs
from eurasec.sim.model import (
    Effects,
    _guide_table,
    _Tables,
    compile_model,
    compile_segments,
    simulate_chunk,
)
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import DIMENSIONS, default_params


def _compiled(inputs: SimInputs, **update: float) -> object:
    return compile_model(inputs, default_params().model_copy(update=update))


def test_same_seed_gives_identical_results(eurasia: SimInputs) -> None:
    c = compile_model(eurasia, default_params())
    a = run_compiled(c, replications=40, seed=123)
    b = run_compiled(c, replications=40, seed=123)
    assert a.same_as(b)
    assert a.disputes.sum() > 0


def test_different_seeds_differ(eurasia: SimInputs) -> None:
    c = compile_model(eurasia, default_params())
    a = run_compiled(c, replications=40, seed=1)
    b = run_compiled(c, replications=40, seed=2)
    assert not np.array_equal(a.crises, b.crises)


@given(chunk=st.integers(min_value=1, max_value=37), reps=st.integers(min_value=1, max_value=37))
def test_results_do_not_depend_on_chunking(small: SimInputs, chunk: int, reps: int) -> None:
    c = _compiled(small, friction_rate=0.3, bloc_drag_prob=0.5)
    whole = run_compiled(c, replications=reps, seed=9, steps=36, chunk_size=reps)
    parts = run_compiled(c, replications=reps, seed=9, steps=36, chunk_size=chunk)
    assert whole.same_as(parts)


def test_a_replication_is_the_same_inside_any_run(small: SimInputs) -> None:
    c = _compiled(small, friction_rate=0.3)
    ten = simulate_chunk(c, 60, 5, 0, 10)
    alone = simulate_chunk(c, 60, 5, 7, 1)
    assert ten.disputes[7] == alone.disputes[0]
    assert ten.crises[7] == alone.crises[0]


def test_no_frictions_no_crises(small: SimInputs) -> None:
    run = run_compiled(_compiled(small, friction_rate=0.0), replications=5, seed=1)
    assert run.crises.sum() == 0 and run.disputes.sum() == 0


def test_no_escalation_no_disputes(small: SimInputs) -> None:
    run = run_compiled(
        _compiled(small, friction_rate=0.5, escalation_prob=0.0), replications=5, seed=1
    )
    assert run.crises.sum() > 0
    assert run.disputes.sum() == 0


def test_certain_settlement_means_nothing_happens(small: SimInputs) -> None:
    weights = dict.fromkeys(CHANNEL_KINDS, 1e12)
    params = default_params().model_copy(update={"friction_rate": 0.5, "channel_weights": weights})
    everyone = np.ones((len(CHANNEL_KINDS), small.n, small.n)) - np.eye(small.n)
    c = compile_model(small, params, Effects(channels_add=everyone))
    run = run_compiled(c, replications=20, seed=1)
    assert c.total_rate < 1e-9
    assert run.crises.sum() == 0


def test_escalation_share_matches_its_probability(eurasia: SimInputs) -> None:
    run = run_compiled(_compiled(eurasia, hostility_jump=0.0), replications=60, seed=4)
    share = run.disputes.sum() / run.crises.sum()
    p = default_params().escalation_prob
    se = np.sqrt(p * (1 - p) / run.crises.sum())
    assert abs(share - p) < 4 * se


def test_bloc_drag_only_with_blocs(small: SimInputs) -> None:
    calm = run_compiled(_compiled(small, friction_rate=0.3), replications=30, seed=2)
    blocs = run_compiled(
        compile_model(
            small,
            default_params().model_copy(update={"friction_rate": 0.3}),
            Effects(bloc_drag_prob=1.0),
        ),
        replications=30,
        seed=2,
    )
    assert calm.dragged.sum() == 0
    assert blocs.dragged.sum() > 0
    assert blocs.disputes.sum() > calm.disputes.sum()


def test_partial_decade_is_scaled_per_decade(small: SimInputs) -> None:
    c = _compiled(small, friction_rate=0.3)
    short = run_compiled(c, replications=200, seed=3, steps=60)
    long = run_compiled(c, replications=200, seed=3, steps=240)
    assert short.steps == 60 and long.steps == 240
    # per-decade figures are comparable whatever the run length
    assert abs(short.crises.mean() - long.crises.mean()) < 0.25 * long.crises.mean()


@given(
    st.lists(
        st.one_of(st.just(1e-9), st.floats(min_value=1e-6, max_value=10.0)), min_size=1, max_size=40
    )
)
def test_guide_table_inverts_the_distribution(weights: list[float]) -> None:
    w = np.asarray(weights)
    cdf, guide = _guide_table(w)
    np.testing.assert_allclose(np.diff(np.concatenate([[0.0], cdf])), w / w.sum(), atol=1e-12)
    u = np.linspace(0.0, 1.0, 997, endpoint=False)
    pos = guide[(u * guide.size).astype(np.int64)]
    assert np.all(pos <= np.searchsorted(cdf, u, side="right"))  # the walk only goes forward


def test_dyads_are_drawn_by_inversion(small: SimInputs) -> None:
    c = compile_model(small, default_params())
    tables = _Tables(c, 12)
    u = np.random.default_rng(3).random(5000)
    dyad, dim = tables.pick(u, None)
    seg = c.segments[0]
    np.testing.assert_array_equal(dyad, seg.active[np.searchsorted(seg.cdf, u, side="right")])
    assert dim.min() >= 0 and dim.max() < len(DIMENSIONS)


def test_nearby_parameters_keep_most_candidates(small: SimInputs) -> None:
    # common random numbers: 1% more frictions moves few candidates to another dyad
    a = compile_model(small, default_params())
    b = compile_model(
        small, default_params().model_copy(update={"friction_rate": a.params.friction_rate * 1.01})
    )
    u = np.random.default_rng(4).random(5000)
    same = _Tables(a, 12).pick(u, None)[0] == _Tables(b, 12).pick(u, None)[0]
    assert same.mean() > 0.99


def test_segments_run_through_years() -> None:
    rule = threat_rule_in_use()
    parts = [(year_inputs(y, rule), 12) for y in (1990, 1991, 1992)]
    c = compile_segments(parts, default_params())
    assert len(c.segments) == 3 and c.steps == 36
    # the Soviet successor states join in 1991-1992; Germany unites in 1990
    assert {"UKR", "KAZ", "DDR", "GFR", "DEU"} <= set(c.actors)
    out = simulate_chunk(c, 36, 1, 0, 8, keep_events=True)
    assert out.events is not None
    months, cells = out.events
    assert months.size == cells.size
    assert np.isclose(months.size, out.disputes.sum() * 36 / 120)
    ukr, gfr = c.actors.index("UKR"), c.actors.index("GFR")
    active_1990 = c.segments[0].active
    assert not np.isin(c.dyad_index[ukr, gfr], active_1990)  # never both in the system


def test_compile_rejects_nothing_but_keeps_dyads_in_order(small: SimInputs) -> None:
    c = compile_model(small, default_params())
    assert c.n_dyads == small.n * (small.n - 1) // 2
    assert np.all(c.dyad_i < c.dyad_j)
    assert c.total_rate > 0


@pytest.mark.parametrize("reps", [1, 2, 65])
def test_outputs_have_one_value_per_replication(small: SimInputs, reps: int) -> None:
    run = run_compiled(_compiled(small), replications=reps, seed=0, steps=24)
    for field in ("crises", "disputes", "dragged", "dyads_in_dispute"):
        assert getattr(run, field).shape == (reps,)
    assert run.dyad_hits.max() <= reps


def test_shared_organisations_settle_frictions(small: SimInputs) -> None:
    weights = {**dict.fromkeys(CHANNEL_KINDS, 0.0), "political": 0.5}
    params = default_params().model_copy(update={"channel_weights": weights, "mediation_prob": 0.0})
    forum = np.zeros((len(CHANNEL_KINDS), small.n, small.n))
    forum[CHANNEL_KINDS.index("political")] = 1.0 - np.eye(small.n)
    before = compile_model(small, params)
    after = compile_model(small, params, Effects(channels_add=forum))
    # one more political organisation settles, on its own, 1 - exp(-0.5) of the frictions
    assert after.total_rate == pytest.approx(before.total_rate * np.exp(-0.5), rel=1e-9)
