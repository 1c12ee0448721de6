def test_every_actor_has_a_distinct_id() -> None:
    """Serbia (COW 345) and Kosovo once shared the id 'NAN' (a missing ISO code)."""
    from datetime import date

    from eurasec.analysis.world import world

    w = world(date(2014, 6, 1))
    assert len(set(w.actors)) == len(w.actors)
    assert {"SRB", "XKX"} <= set(w.actors)
    assert "NAN" not in w.actors
