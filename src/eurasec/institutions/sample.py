"""A starter draft Charter, written for eurasec: a SAMPLE for trying the software, not a text
any party has proposed or agreed. It states principles only; each article lists the reference
principles (:mod:`eurasec.institutions.crosswalk`) it builds on.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SAMPLE_CHARTER", "SAMPLE_NOTICE", "sample_charter"]

#: Shown wherever the sample text is shown.
SAMPLE_NOTICE = "SAMPLE TEXT for trying eurasec. Not proposed, negotiated or agreed by any party."

_ARTICLES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "1",
        "Purpose",
        "The participants set up a common framework in which each of them seeks its security "
        "together with the others and never at their expense.",
        ("GSI.1",),
    ),
    (
        "2",
        "Equal and indivisible security",
        "The security of every participant counts equally. No participant strengthens its own "
        "security in a way that lessens the security of another, and each takes the others' "
        "legitimate security concerns into account.",
        ("UN.1", "HFA.I", "GSI.1", "GSI.4"),
    ),
    (
        "3",
        "Continental scope",
        "The framework covers the whole continent and the islands near it. Every state there, "
        "and every international organisation active there, may take part.",
        ("HFA.IX",),
    ),
    (
        "4",
        "Security in all its dimensions",
        "Security is understood broadly: military matters, civil conflict, interference, digital "
        "threats, economic measures, transport and supply routes, humanitarian needs and natural "
        "disasters all fall within the framework.",
        ("GSI.6", "HFA.IX"),
    ),
    (
        "5",
        "Openness",
        "The framework is directed against no state or group of states. Any state or organisation "
        "that accepts these principles may join, whatever its political system.",
        ("HFA.I",),
    ),
    (
        "6",
        "Respect for diversity",
        "Participants respect one another's political, economic and social systems and the paths "
        "of development their peoples choose, and do not interfere in one another's internal "
        "affairs.",
        ("UN.7", "HFA.VI", "HFA.VIII", "GSI.2"),
    ),
    (
        "7",
        "The UN Charter as foundation",
        "Nothing in this Charter departs from the Charter of the United Nations. Participants "
        "carry out their obligations under both in good faith; where they conflict, the UN Charter "
        "prevails.",
        ("UN.2", "HFA.X", "GSI.3"),
    ),
    (
        "8",
        "Non-use of force and territorial integrity",
        "Participants refrain from threatening or using force against one another and respect one "
        "another's territorial integrity and frontiers.",
        ("UN.4", "HFA.II", "HFA.III", "HFA.IV", "GSI.2"),
    ),
    (
        "9",
        "Dialogue and peaceful settlement",
        "Participants settle their differences by peaceful means. Any participant may ask another "
        "for consultations about an act or a planned step that concerns it, and may ask for "
        "mediation.",
        ("UN.3", "HFA.V", "GSI.5"),
    ),
    (
        "10",
        "Common institutions",
        "A Forum of the parties meets at regular intervals in turn in their countries, prepared by "
        "a Working Group; a Security Fund paid for by contributions finances a small number of "
        "joint projects run by a Project Office.",
        ("HFA.IX",),
    ),
    (
        "11",
        "Signature, entry into force, accession, withdrawal",
        "The Charter is open for signature by states and organisations, enters into force once the "
        "agreed number of ratifications or confirmations is reached, remains open to accession, "
        "and may be left after a period of notice.",
        (),
    ),
)


def sample_charter() -> dict[str, Any]:
    """The sample Charter as the payload of a ``charter.draft`` act (version 1)."""
    return {
        "version": 1,
        "title": "Sample Charter on Eurasian Security (starter draft)",
        "note": SAMPLE_NOTICE,
        "sample": True,
        "articles": [
            {"number": n, "heading": h, "text": t, "principles": list(p)}
            for n, h, t, p in _ARTICLES
        ],
    }


#: The sample Charter (``charter.draft`` payload).
SAMPLE_CHARTER = sample_charter()
