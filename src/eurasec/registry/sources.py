"""Sources you can follow: every registry fact with its source, and "cite this".

A *fact* is one row of the reference data: a participation spell, a treaty act, a format,
a treaty, or a reviewed COW correction. :func:`facts` lists them all with their source, link
and access date; :func:`weak_sources` keeps the ones a reader cannot follow to the specific
document: a link to a site's home page (no path, or only a language prefix such as ``/en/``)
or to a dataset's landing page (:data:`LANDING_PAGES`). ``eurasec registry sources --check``
prints that list.

:func:`cite` builds the "cite this" record every registry page and API answer offers:
the source, the date the source was read, the registry date queried and the eurasec version.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlparse

from eurasec import __version__, reference

__all__ = [
    "LANDING_PAGES",
    "Citation",
    "Fact",
    "cite",
    "facts",
    "is_specific",
    "weak_sources",
]

#: Links that name a dataset as a whole, not a variable or a document in it.
LANDING_PAGES = frozenset(
    {
        "https://correlatesofwar.org/data-sets/igos/",
        "https://correlatesofwar.org/data-sets/",
    }
)
#: Path segments that only pick a site's language or section index.
_LANGUAGE = frozenset({"en", "eng", "en-us", "ru", "zh", "fr", "de", "index.html", "index.php"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of the reference data and where it comes from."""

    kind: str
    key: str
    source: str
    url: str
    accessed: str

    @property
    def problem(self) -> str:
        """Why a reader cannot follow this fact's source ("" when they can)."""
        if self.url in LANDING_PAGES:
            return "dataset landing page"
        if not is_specific(self.url):
            return "home page"
        return "" if self.accessed else "no access date"


@dataclass(frozen=True, slots=True)
class Citation:
    """How to cite a registry answer: its sources, when they were read, and the version."""

    text: str
    sources: list[str]
    urls: list[str]
    accessed: str
    as_of: str
    version: str
    what: str = ""

    def on(self, day: date) -> Citation:
        """The same citation for the registry date ``day``."""
        rest = self.text[len(self.what) :].removeprefix(f", as of {self.as_of}")
        iso = day.isoformat()
        return Citation(
            f"{self.what}, as of {iso}{rest}",
            self.sources,
            self.urls,
            self.accessed,
            iso,
            self.version,
            self.what,
        )


def is_specific(url: str) -> bool:
    """Whether ``url`` points at a document rather than a home page or a dataset's landing page."""
    if url in LANDING_PAGES:
        return False
    parts = [p for p in urlparse(url).path.split("/") if p]
    return any(p.lower() not in _LANGUAGE for p in parts) or bool(urlparse(url).query)


@cache
def facts() -> tuple[Fact, ...]:
    """Every fact of the shipped reference data with its source, link and access date."""
    out = [
        Fact(
            "participation",
            f"{p.actor} {p.format} {p.role} {p.start}",
            p.source,
            p.url,
            p.accessed,
        )
        for p in reference.participations()
    ]
    out += [Fact("format", f.id, f.source, f.url, f.checked) for f in reference.formats()]
    for t in reference.treaties():
        out.append(Fact("treaty", t.id, t.source, t.url, t.checked))
        out += [
            Fact(
                "treaty_act",
                f"{t.id} {a.action} {' '.join(a.actors) or '-'} {a.date}",
                a.source,
                a.url,
                a.accessed,
            )
            for a in t.actions
        ]
    out += [
        Fact("correction", f"{c.actor} {c.format}", c.source, c.url, c.accessed)
        for c in reference.corrections()
    ]
    return tuple(out)


def weak_sources() -> list[Fact]:
    """The facts whose link is a home page or a dataset's landing page, or has no access date."""
    return [f for f in facts() if f.problem]


def cite(sources: list[tuple[str, str, str]], as_of: date | None, what: str) -> Citation:
    """A "cite this" record for ``what`` built from ``(source, url, accessed)`` triples.

    ``accessed`` is the latest access date among the sources; ``as_of`` the registry date.
    """
    seen = list(dict.fromkeys(s for s, _, _ in sources if s))
    urls = list(dict.fromkeys(u for _, u, _ in sources if u))
    accessed = max((a for _, _, a in sources if a), default="")
    day = as_of.isoformat() if as_of else ""
    text = f"{what}"
    if day:
        text += f", as of {day}"
    text += f". eurasec {__version__} registry"
    if seen:
        text += f"; sources: {'; '.join(seen[:3])}"
        if len(seen) > 3:
            text += f" and {len(seen) - 3} more"
    if accessed:
        text += f" (accessed {accessed})"
    return Citation(text + ".", seen, urls, accessed, day, __version__, what)
