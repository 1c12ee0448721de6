from __future__ import annotations

import pytest

from eurasec.errors import InputError
from eurasec.institutions.consultation import consultation, consultation_list, raise_payload

from .conftest import World


def test_raise_payload_picks_a_shared_channel() -> None:
    p = raise_payload("c", "KAZ", "concern", ["SCO", "CSTO"], move="exercise")
    assert p["channel"] == "SCO" and p["subject"] == {"move": "exercise"}
    assert (
        raise_payload("c", "KAZ", "x", ["SCO", "CSTO"], channel="CSTO", act=4)["channel"] == "CSTO"
    )
    with pytest.raises(InputError):
        raise_payload("c", "KAZ", "x", [], move="m")
    with pytest.raises(InputError):
        raise_payload("c", "KAZ", "x", ["SCO"], channel="NATO", move="m")
    with pytest.raises(InputError):
        raise_payload("c", "KAZ", "x", ["SCO"], act=3, move="m")


def test_consultation_lifecycle(world: World) -> None:
    w = world
    payload = raise_payload(
        "c-1",
        "KAZ",
        "Exercise near the border was not notified.",
        ["SCO", "CIS"],
        move="exercise near the border",
        deadline="2026-02-01",
    )
    w.act("RUS", "consult.raise", "2026-01-10", **payload)
    w.rejects("duplicate_act", "RUS", "consult.raise", "2026-01-10", **payload)
    w.rejects("not_authorised", "CHN", "consult.reply", "2026-01-11", consultation="c-1", text="x")
    w.rejects(
        "not_authorised",
        "KAZ",
        "consult.close",
        "2026-01-11",
        consultation="c-1",
        outcome="resolved",
    )
    with w.store.connect() as conn:
        assert consultation_list(conn, "2026-02-02")[0]["status"] == "overdue"
    w.act(
        "KAZ", "consult.reply", "2026-02-03", consultation="c-1", text="Routine; observers invited."
    )
    w.act(
        "RUS",
        "consult.close",
        "2026-02-05",
        consultation="c-1",
        outcome="resolved",
        note="Observers accepted.",
    )
    w.rejects(
        "rule_violation", "KAZ", "consult.reply", "2026-02-06", consultation="c-1", text="more"
    )
    with w.store.connect() as conn:
        c = consultation(conn, "c-1", "2026-02-05")
        earlier = consultation(conn, "c-1", "2026-01-20")
    assert c["status"] == "resolved" and c["channel"] == "SCO"
    assert c["replies"] == [
        {"actor": "KAZ", "text": "Routine; observers invited.", "date": "2026-02-03", "late": True}
    ]
    assert earlier["status"] == "open" and earlier["replies"] == []
    w.rejects(
        "invalid_input",
        "RUS",
        "consult.raise",
        "2026-02-06",
        **raise_payload("c-2", "RUS", "self", ["SCO"], move="m"),
    )
