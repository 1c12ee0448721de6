"""Interface languages: gettext catalogues read with Babel, and names of states per language.

A language is a file: ``locales/<lang>/LC_MESSAGES/messages.po``. The catalogues are compiled
in memory when first used (Babel's ``read_po`` then ``write_mo``), so no ``.mo`` files are
committed and neither CI nor a deployment needs a compile step. ``pybabel extract`` and
``pybabel update`` keep the catalogues in step with the templates (see the docs).

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from eurasec import datasets

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_COOKIE",
    "N_",
    "format_names",
    "negotiate",
    "sample_text",
    "state_names",
    "translations",
]

#: Interface languages, each with its own name (shown in the language switcher).
LANGUAGES: Mapping[str, str] = {"en": "English", "ru": "Русский", "zh": "中文"}
#: The language used when neither the query, the cookie nor the browser asks for one we have.
DEFAULT_LANGUAGE = "en"
#: Cookie that remembers the language chosen with ``?lang=``.
LANGUAGE_COOKIE = "lang"

_LOCALES = Path(__file__).with_name("locales")
#: ISO 639-3 codes under which the world_countries dataset keeps its translations.
_DATASET_LANG = {"ru": "rus", "zh": "zho"}


def N_(message: str) -> str:  # noqa: N802 (the gettext convention Babel extracts)
    """Mark ``message`` for translation where it is defined; translate it where it is shown."""
    return message


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang`` (English, the source language, translates to itself)."""
    po = _LOCALES / lang / "LC_MESSAGES" / "messages.po"
    if lang not in LANGUAGES or not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


def _accept_language(header: str) -> list[str]:
    """Primary language tags of an ``Accept-Language`` header, best first."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and math.isfinite(q) and q > 0:
            ranked.append((-q, i, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The interface language: ``?lang=`` first, then the cookie, then the browser's list."""
    for choice in (query, cookie):
        if choice and choice.lower() in LANGUAGES:
            return choice.lower()
    for tag in _accept_language(accept_language or ""):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


@cache
def state_names(lang: str) -> Mapping[str, str]:
    """Common names of states by ISO alpha-3 in ``lang`` (mledoze/countries, ODbL)."""
    frame = datasets.load("world_countries")
    column = f"translations.{_DATASET_LANG[lang]}.common" if lang in _DATASET_LANG else None
    names: dict[str, str] = {}
    values = frame["name.common"] if column is None else frame[column].fillna(frame["name.common"])
    for iso3, name in zip(frame["cca3"], values, strict=True):
        names[str(iso3)] = str(name)
    return names


@cache
def _names_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    with (_LOCALES / "names.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table.setdefault(row["lang"], {})[row["id"]] = row["name"]
    return table


@cache
def format_names(lang: str) -> Mapping[str, str]:
    """Names of formats and treaties by id in ``lang``: the organisations' own usage.

    ``locales/names.csv`` holds each name with its source (the organisation's site in that
    language, the treaty's authentic text, or UNTERM, the UN's terminology database); an id
    without a name there keeps its English name from the registry.
    """
    from eurasec import registry

    names = {f.id: f.name for f in registry.formats()}
    names.update({t.id: t.name for t in registry.treaties()})
    names.update(_names_table().get(lang, {}))
    return names


@cache
def _sample_texts() -> dict[str, dict[str, str]]:
    with (_LOCALES / "sample_charter.json").open(encoding="utf-8") as fh:
        texts: dict[str, dict[str, str]] = json.load(fh)
    return texts


def sample_text(lang: str, english: str) -> str:
    """The translation of a sentence of eurasec's sample Charter (``english`` if none).

    The sample Charter is eurasec's own text, so eurasec translates it; a text a party signed
    is shown as signed.
    """
    return _sample_texts().get(lang, {}).get(english, english)
