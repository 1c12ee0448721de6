"""Every act, domain and date a page shows has a reader's words, in every language."""

from __future__ import annotations

from datetime import date

import pytest

from eurasec.record.authority import OWN_TYPES
from eurasec.record.projection import default_handlers
from eurasec.reference.model import PartialDate
from eurasec.web.i18n import LANGUAGES, format_names, sample_text, translations
from eurasec.web.labels import ACT_TITLES, act_title, actor_label
from eurasec.web.render import dated


def test_every_act_type_has_a_title() -> None:
    known = set(OWN_TYPES)
    for handler in default_handlers():
        known |= set(getattr(handler, "acts", {}))
    assert known - set(ACT_TITLES) == set()


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_titles_and_names_in_each_language(lang: str) -> None:
    gettext = translations(lang).gettext
    assert act_title("fund.pledge", gettext) != ("fund.pledge")
    assert act_title("no.such", gettext) == "no.such"  # an unknown kind shows as it is
    names = format_names(lang)
    assert names["SCO"] == {
        "en": "Shanghai Cooperation Organisation",
        "ru": "Шанхайская организация сотрудничества",
        "zh": "上海合作组织",
    }[lang]
    label = actor_label("W:KAZ", {"KAZ": "Kazakhstan"}, gettext)
    assert "Kazakhstan" in label and "W:" not in label


def test_the_sample_charter_is_translated_and_other_texts_are_not() -> None:
    from eurasec.institutions.sample import sample_charter

    for article in sample_charter()["articles"]:
        for lang in ("ru", "zh"):
            assert sample_text(lang, article["heading"]) != article["heading"]
            assert sample_text(lang, article["text"]) != article["text"]
    assert sample_text("ru", "A text a party wrote.") == "A text a party wrote."


def test_dates_keep_their_precision() -> None:
    en = translations("en").gettext
    assert dated(PartialDate.parse("1994"), en) == "1994"
    assert dated(PartialDate.parse("2024-02"), en) == "2024-02"
    assert dated(PartialDate.parse("by 2023-04-04"), en) == "by 2023-04-04"
    assert dated(date(2001, 6, 15), en, "year") == "2001"
    assert dated(date(2001, 6, 15), en) == "2001-06-15"
    assert dated(PartialDate.parse("by 2023-04-04"), translations("ru").gettext).endswith(
        "2023-04-04"
    )
