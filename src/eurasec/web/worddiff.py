"""Word-level differences between two texts, for the Charter's versions.

A line diff marks a whole article as changed when one word moved; a reader needs to see the
words. The texts are split into words, spaces and punctuation (so a changed comma is one
change, and Chinese characters are compared one by one), and Python's :mod:`difflib`
``SequenceMatcher`` (no automatic junk heuristic, which would skip frequent words) finds the
longest matching runs; what is left is deleted or inserted.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

__all__ = ["Piece", "tokens", "word_diff"]

#: A run of the new text: ``=`` kept, ``-`` deleted from the old text, ``+`` inserted.
Piece = tuple[Literal["=", "-", "+"], str]

_TOKEN = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff]|\w+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """``text`` as words, runs of space, single CJK characters and punctuation marks."""
    return _TOKEN.findall(text)


def word_diff(before: str, after: str) -> list[Piece]:
    """The pieces that turn ``before`` into ``after``, word by word (adjacent runs merged)."""
    a, b = tokens(before), tokens(after)
    pieces: list[Piece] = []

    def add(op: Literal["=", "-", "+"], words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", a[i1:i2])
        else:
            add("-", a[i1:i2])
            add("+", b[j1:j2])
    return pieces
