"""Languages: negotiation, catalogues complete for every template string, state names."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import eurasec.web
from eurasec.web.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    negotiate,
    state_names,
    translations,
)

WEB = Path(eurasec.web.__file__).parent
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(WEB), METHODS):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - {"en"}))
def test_catalogue_translates_every_interface_string(lang: str) -> None:
    with (WEB / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and not m.fuzzy and (m.string if isinstance(m.string, str) else all(m.string))
    }
    missing = sorted(_source_messages() - translated)
    assert missing == [], f"{lang}: untranslated (run pybabel extract/update): {missing[:10]}"


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("ru", {1: "запись", 3: "записи", 5: "записей", 21: "запись", 11: "записей"}),
        ("zh", {1: "条记录", 5: "条记录"}),
        ("en", {1: "entry", 0: "entries", 5: "entries"}),
    ],
)
def test_plural_forms_follow_the_language(lang: str, counts: dict[int, str]) -> None:
    ngettext = translations(lang).ngettext
    for n, word in counts.items():
        assert ngettext("entry", "entries", n) == word, (lang, n)


def test_catalogue_is_used_at_runtime() -> None:
    assert translations("ru").gettext("Overview") == "Обзор"
    assert translations("zh").gettext("Overview") == "概览"
    assert translations("en").gettext("Overview") == "Overview"


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        ("ru", None, "en", "ru"),
        (None, "zh", "ru", "zh"),
        (None, None, "de-DE,ru;q=0.8,en;q=0.5", "ru"),
        (None, None, "fr, zh-CN;q=0.9", "zh"),
        ("xx", "yy", "de", DEFAULT_LANGUAGE),
        (None, None, "ru;q=0, en;q=0.1", "en"),
        (None, None, "ru;q=abc", DEFAULT_LANGUAGE),
    ],
)
def test_negotiate(query: str | None, cookie: str | None, header: str, expected: str) -> None:
    assert negotiate(query, cookie, header) == expected


@given(st.text(max_size=80), st.text(max_size=10))
def test_negotiate_always_answers_a_known_language(header: str, cookie: str) -> None:
    assert negotiate(None, cookie, header) in LANGUAGES


def test_state_names_per_language() -> None:
    assert state_names("ru")["KAZ"] == "Казахстан"
    assert state_names("zh")["CHN"] == "中国"
    assert state_names("en")["IND"] == "India"


def test_page_language_from_query_cookie_and_header(client: TestClient) -> None:
    r = client.get("/", params={"lang": "ru"})
    assert '<html lang="ru">' in r.text and "Обзор" in r.text
    assert r.headers["content-language"] == "ru"
    assert "lang=ru" in r.headers["set-cookie"]
    client.cookies.clear()
    r = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh">' in r.text
    r = client.get("/", headers={"Accept-Language": "de"})
    assert '<html lang="en">' in r.text
