"""Scenario files: the shipped ones, the schema, and clear errors before any run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasec.errors import NotFound, ValidationFailed
from eurasec.sim.inputs import SimInputs
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import DIMENSIONS, params_from
from eurasec.sim.scenario import (
    BASELINE,
    assumptions,
    effects,
    list_scenarios,
    load_scenario,
    prepare,
    scenario_from_document,
    shipped_scenario,
)


def test_shipped_scenarios_status_quo_first() -> None:
    names = [s.name for s in list_scenarios()]
    assert names[0] == BASELINE
    assert set(names) >= {"status_quo", "charter_forum", "fund_projects", "rigid_blocs"}
    assert all(s.description.strip() for s in list_scenarios())


@pytest.mark.parametrize("name", ["status_quo", "charter_forum", "fund_projects", "rigid_blocs"])
def test_every_shipped_scenario_prepares(name: str, eurasia: SimInputs) -> None:
    prep = prepare(name, inputs=eurasia)
    assert prep.compiled.total_rate > 0


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_user_scenario_from_a_file(tmp_path: Path, eurasia: SimInputs) -> None:
    path = _write(
        tmp_path,
        "name: small_forum\ntitle: Small forum\n"
        "forums:\n  - name: F\n    parties: [RUS, CHN, IND]\n",
    )
    sc = load_scenario(path)
    eff = effects(sc, eurasia)
    i, j, k = (eurasia.index(a) for a in ("RUS", "CHN", "IND"))
    pol = CHANNEL_KINDS.index("political")
    assert eff.channels_add is not None and eff.mediator_add is not None
    assert eff.channels_add[pol, i, j] == 1.0 and eff.channels_add[pol, j, k] == 1.0
    assert eff.channels_add.sum() == 6.0  # three pairs, both directions, one kind
    assert eff.mediator_add[i, k]
    assert assumptions(sc) == []  # a forum acts through estimated parameters only


def test_fund_counts_as_a_social_organisation(eurasia: SimInputs) -> None:
    eff = effects(load_scenario("fund_projects"), eurasia)
    assert eff.channels_add is not None and eff.rate_mult is None
    soc, pol = CHANNEL_KINDS.index("social"), CHANNEL_KINDS.index("political")
    assert eff.channels_add[soc, 0, 1] == 1.0 and eff.channels_add[pol, 0, 1] == 1.0
    assert assumptions(load_scenario("fund_projects")) == []


def test_user_projects_are_assumptions(tmp_path: Path, eurasia: SimInputs) -> None:
    path = _write(
        tmp_path,
        "name: p\ntitle: P\nprojects: [{line: relief, dimension: natural_disaster, "
        "friction_reduction: 0.3}]\nblocs: {drag_probability: 0.4}\n",
    )
    sc = load_scenario(path)
    eff = effects(sc, eurasia)
    assert eff.rate_mult is not None and eff.bloc_drag_prob == 0.4
    nd, mil = DIMENSIONS.index("natural_disaster"), DIMENSIONS.index("military")
    assert np.allclose(eff.rate_mult[nd][0, 1], 0.7)
    assert np.all(eff.rate_mult[mil] == 1.0)
    notes = assumptions(sc)
    assert len(notes) == 2 and all("assumption" in n for n in notes)


def test_rigid_blocs_take_the_estimated_drag(eurasia: SimInputs) -> None:
    from eurasec.sim.blocs import estimated_drag

    eff = effects(load_scenario("rigid_blocs"), eurasia)
    assert eff.bloc_drag_prob == estimated_drag()
    assert effects(load_scenario("rigid_blocs"), eurasia, drag=0.3).bloc_drag_prob == 0.3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name: x\ntitle: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "mapping"),
        ("name: x\ntitle: X\nbogus: 1\n", "bogus"),
        ("name: Bad Name\ntitle: X\n", "name"),
        ("name: x\ntitle: X\nparameters: {friction_rate: -1}\n", "friction_rate"),
        ("name: x\ntitle: X\nparameters: {escalation_prob: 1.5}\n", "escalation_prob"),
        (
            "name: x\ntitle: X\nprojects: [{line: a, dimension: space, friction_reduction: 0.1}]\n",
            "space",
        ),
        (
            "name: x\ntitle: X\nprojects: [{line: a, dimension: digital, friction_reduction: 2}]\n",
            "friction_reduction",
        ),
        ("name: x\ntitle: X\nblocs: {drag_probability: -0.1}\n", "drag_probability"),
        ("name: x\ntitle: X\nforums: [{name: f, strength: -1}]\n", "strength"),
        ("name: x\ntitle: X\nforums: [{name: f, kind: cultural}]\n", "kind"),
        ("name: x\ntitle: X\nyear: 2030\n", "year"),
        ("name: x\ntitle: X\nparameters: {severity: {military: -1}}\n", "negative"),
    ],
)
def test_malformed_scenarios_are_refused_clearly(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        load_scenario(_write(tmp_path, text))
    assert fragment in err.value.message
    assert "\n" not in err.value.message


def test_unknown_actor_is_refused_before_running(tmp_path: Path, eurasia: SimInputs) -> None:
    path = _write(tmp_path, "name: x\ntitle: X\nforums: [{name: f, parties: [RUS, CHX]}]\n")
    with pytest.raises(NotFound) as err:
        prepare(load_scenario(path), inputs=eurasia)
    assert "CHX" in err.value.message and "CHN" in err.value.message


def test_unknown_scenario_name_suggests() -> None:
    with pytest.raises(NotFound) as err:
        load_scenario("charter_forun")
    assert "charter_forum" in err.value.message


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        load_scenario(tmp_path / "nope.yaml")


def test_shipped_scenario_never_reads_paths() -> None:
    with pytest.raises(NotFound):
        shipped_scenario("/etc/passwd.yaml")


def test_scenario_documents_are_validated() -> None:
    sc = scenario_from_document({"name": "doc", "title": "Doc", "blocs": {"drag_probability": 0.2}})
    assert sc.blocs is not None and sc.blocs.drag_probability == 0.2
    with pytest.raises(ValidationFailed):
        scenario_from_document({"name": "doc"})


def test_params_overrides_merge_dimension_tables() -> None:
    p = params_from({"severity": {"military": 0.9}})
    assert p.severity["military"] == 0.9
    assert p.severity["digital"] > 0
    with pytest.raises(ValidationFailed):
        params_from({"dimension_weights": {"cyber": 1.0}})


@pytest.mark.parametrize("name", ["status_quo", "charter_forum", "fund_projects", "rigid_blocs"])
def test_every_shipped_scenario_runs(name: str, eurasia: SimInputs) -> None:
    from eurasec.sim.batch import RunOptions, run_prepared

    run = run_prepared(prepare(name, inputs=eurasia), RunOptions(replications=3, seed=42, steps=12))
    assert run.name == name and run.crises.shape == (3,)
