"""The vectorised core: reproducibility, chunk invariance, limiting cases, alias sampling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.sim.batch import run_compiled
from eurasec.sim.inputs import SimInputs
from eurasec.sim.model import Effects, _alias_table, compile_model, simulate_chunk
from eurasec.sim.params import default_params


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
    params = default_params().model_copy(
        update={"friction_rate": 0.5, "dialogue_max": 1.0, "channel_half": 1e-12}
    )
    everyone = np.ones((small.n, small.n)) - np.eye(small.n)
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
        st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=10.0)), min_size=1, max_size=40
    ).filter(lambda w: sum(w) > 0)
)
def test_alias_table_reproduces_the_weights(weights: list[float]) -> None:
    w = np.asarray(weights)
    prob, alias = _alias_table(w)
    n = w.size
    got = prob / n
    np.add.at(got, alias, (1.0 - prob) / n)
    np.testing.assert_allclose(got, w / w.sum(), atol=1e-12)


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
