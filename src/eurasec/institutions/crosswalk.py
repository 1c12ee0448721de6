"""Principle crosswalk: Charter articles against three reference sets of principles.

Reference data, dated and sourced, summarised in eurasec's own words (not quotations):

- the seven principles of Article 2 of the Charter of the United Nations (signed 1945-06-26);
- the ten principles of the Declaration on Principles Guiding Relations between Participating
  States in the Helsinki Final Act of the CSCE (signed 1975-08-01);
- the six commitments of the Global Security Initiative proposed by China (announced
  2022-04-21; concept paper published 2023-02-21).

Each Charter article lists the principle ids it restates or builds on (``principles``);
:func:`crosswalk` shows, per article, the principles it covers and, per reference set, the
principles that no article covers (gaps) and those covered by several articles (overlaps).

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eurasec.errors import InputError

__all__ = ["PRINCIPLES", "SOURCES", "Principle", "crosswalk"]


@dataclass(frozen=True)
class Principle:
    """One principle of a reference set, summarised in eurasec's own words."""

    id: str
    source: str
    summary: str


#: Each reference set: title, date, URL, and the date eurasec's summaries were checked.
SOURCES: dict[str, dict[str, str]] = {
    "UN": {
        "title": "Charter of the United Nations, Article 2",
        "date": "1945-06-26",
        "url": "https://www.un.org/en/about-us/un-charter/chapter-1",
        "checked": "2026-11-28",
    },
    "HFA": {
        "title": "CSCE Helsinki Final Act, Declaration on Principles Guiding Relations "
        "between Participating States",
        "date": "1975-08-01",
        "url": "https://www.osce.org/helsinki-final-act",
        "checked": "2026-11-28",
    },
    "GSI": {
        "title": "The Global Security Initiative Concept Paper (Ministry of Foreign Affairs "
        "of the People's Republic of China)",
        "date": "2023-02-21",
        "url": "https://www.fmprc.gov.cn/eng/wjbxw/202302/t20230221_11028348.html",
        "checked": "2026-11-28",
    },
}

_DATA: tuple[tuple[str, str], ...] = (
    ("UN.1", "The organisation rests on the sovereign equality of all its members."),
    ("UN.2", "Members carry out in good faith the obligations they took on under the Charter."),
    (
        "UN.3",
        "Members settle their international disputes peacefully, without endangering "
        "peace, security or justice.",
    ),
    (
        "UN.4",
        "Members refrain from threatening or using force against any state's territorial "
        "integrity or political independence, or in any way at odds with UN purposes.",
    ),
    (
        "UN.5",
        "Members assist the UN in action it takes under the Charter and do not assist a "
        "state the UN is acting against.",
    ),
    (
        "UN.6",
        "The UN sees that non-members act on these principles as far as peace and "
        "security require.",
    ),
    (
        "UN.7",
        "The UN does not intervene in matters essentially within a state's domestic "
        "jurisdiction, without prejudice to enforcement measures under Chapter VII.",
    ),
    (
        "HFA.I",
        "Sovereign equality and respect for the rights that come with sovereignty, "
        "including each state's right to choose its own systems and to belong or not to "
        "alliances and treaties.",
    ),
    ("HFA.II", "No threat or use of force against another state."),
    ("HFA.III", "Frontiers are inviolable: no assault on them and no demand to seize territory."),
    ("HFA.IV", "Each state's territorial integrity is respected."),
    ("HFA.V", "Disputes are settled by peaceful means."),
    ("HFA.VI", "No intervention in the internal or external affairs of another state."),
    (
        "HFA.VII",
        "Respect for human rights and fundamental freedoms, including freedom of "
        "thought, conscience, religion or belief.",
    ),
    ("HFA.VIII", "Equal rights of peoples and their right to self-determination."),
    ("HFA.IX", "States cooperate with one another in every field."),
    ("HFA.X", "Obligations under international law are fulfilled in good faith."),
    ("GSI.1", "Security that is common, comprehensive, cooperative and sustainable."),
    ("GSI.2", "Respect for the sovereignty and territorial integrity of every country."),
    ("GSI.3", "Adherence to the purposes and principles of the UN Charter."),
    (
        "GSI.4",
        "The legitimate security concerns of every country are taken seriously; "
        "security is indivisible.",
    ),
    (
        "GSI.5",
        "Differences and disputes are resolved peacefully through dialogue and consultation.",
    ),
    ("GSI.6", "Security is maintained in traditional and non-traditional domains alike."),
)

#: Every reference principle by id (prefix ``UN.``, ``HFA.`` or ``GSI.``).
PRINCIPLES: dict[str, Principle] = {
    pid: Principle(pid, pid.split(".")[0], summary) for pid, summary in _DATA
}


def crosswalk(articles: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Map Charter ``articles`` (each ``{number, heading, principles}``) to the reference sets.

    Returns ``articles`` (per article: the principles it covers, grouped by set),
    ``coverage`` (per principle: the articles covering it), ``gaps`` (per set: principles no
    article covers) and ``overlaps`` (principles covered by more than one article).
    """
    coverage: dict[str, list[str]] = {pid: [] for pid in PRINCIPLES}
    rows = []
    for art in articles:
        number = str(art["number"])
        ids = [str(p) for p in art.get("principles", [])]
        unknown = [p for p in ids if p not in PRINCIPLES]
        if unknown:
            raise InputError(f"article {number} names unknown principles: {', '.join(unknown)}")
        by_set: dict[str, list[str]] = {s: [] for s in SOURCES}
        for pid in ids:
            by_set[PRINCIPLES[pid].source].append(pid)
            coverage[pid].append(number)
        rows.append(
            {
                "article": number,
                "heading": art.get("heading", ""),
                "principles": by_set,
                "unmapped": not ids,
            }
        )
    gaps = {
        s: [p for p, arts in coverage.items() if not arts and PRINCIPLES[p].source == s]
        for s in SOURCES
    }
    overlaps = {p: arts for p, arts in coverage.items() if len(arts) > 1}
    return {
        "sources": SOURCES,
        "articles": rows,
        "coverage": coverage,
        "gaps": gaps,
        "overlaps": overlaps,
    }
