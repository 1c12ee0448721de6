"""Word-level differences: what was deleted and inserted, word by word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eurasec.web.worddiff import tokens, word_diff


def test_a_changed_word_is_one_change() -> None:
    before = "Participants settle their differences by peaceful means."
    after = "Participants settle all their differences by peaceful means only."
    assert word_diff(before, after) == [
        ("=", "Participants settle"),
        ("+", " all"),
        ("=", " their differences by peaceful means"),
        ("+", " only"),
        ("=", "."),
    ]


def test_chinese_is_compared_character_by_character() -> None:
    assert tokens("各方论坛") == ["各", "方", "论", "坛"]
    assert ("+", "所有") in word_diff("各方论坛", "所有各方论坛")


@given(st.text(max_size=60), st.text(max_size=60))
def test_the_pieces_rebuild_both_texts(before: str, after: str) -> None:
    pieces = word_diff(before, after)
    assert "".join(t for op, t in pieces if op != "+") == before
    assert "".join(t for op, t in pieces if op != "-") == after
