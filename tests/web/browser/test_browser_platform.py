"""What a reader does with the platform, in a real Chromium: one test per point of the design.

Take the data away (tables, charts, search); charts people can read; institutions in a
reader's words; the record explorer and what its checks trust; the first run and the sandbox;
languages that keep the page's state and a CJK font; self-hosted API docs; keyboard use.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, expect

from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    Checkpoint,
    NoteSigner,
    SignedNote,
    sign_checkpoint,
)

pytestmark = pytest.mark.browser


def _download(tab: Page, button: str, scope: str) -> bytes:
    with tab.expect_download() as info:
        tab.locator(scope).get_by_role("button", name=button).first.click()
    return Path(info.value.path()).read_bytes()


# 1. Take the data away -------------------------------------------------------------------


def test_table_sorts_filters_downloads_and_keeps_its_view(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/fund")
    table = tab.locator("#fund-transactions")
    expect(table).to_have_attribute("data-enhanced", "1")
    total = table.locator("tbody tr").count()
    tab.get_by_role("searchbox", name="Filter rows").last.fill("pledged")
    shown = table.locator("tbody tr:visible")
    assert 0 < shown.count() < total
    assert "fund-transactions.q=pledged" in tab.url
    table.get_by_role("button", name="Amount").click()  # ascending
    table.get_by_role("button", name="Amount").click()  # descending
    expect(table.locator("th").nth(5)).to_have_attribute("aria-sort", "descending")
    amounts = [float(v) for v in shown.locator("td:nth-child(6)").evaluate_all(
        "cells => cells.map((c) => c.dataset.value)")]  # fmt: skip
    assert amounts == sorted(amounts, reverse=True)
    tools = tab.locator(".table-tools").last  # the transactions table is the last one
    with tab.expect_download() as info:
        tools.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert rows[0][:3] == ["Record entry", "Date", "Kind"]
    assert len(rows) == shown.count() + 1 and all(r[2] == "pledged" for r in rows[1:])
    with tab.expect_download() as info:
        tools.get_by_role("button", name="Download JSON").click()
    objects = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert [o["Amount"] for o in objects] == amounts  # numbers, in the order shown
    permalink = tools.get_by_role("link", name="Permalink").get_attribute("href") or ""
    tab.goto(live_server + permalink)  # the link restores the filter and the sort
    expect(tab.locator("#fund-transactions")).to_have_attribute("data-enhanced", "1")
    assert tab.locator("#fund-transactions tbody tr:visible").count() == shown.count()
    expect(tab.locator("#fund-transactions th").nth(5)).to_have_attribute(
        "aria-sort", "descending"
    )
    assert console_errors == []


def test_search_finds_actors_formats_treaties_projects_and_acts(
    live_server: str, tab: Page
) -> None:
    cases = {
        "kazakh": ("actor", "/actors/KAZ"),
        "Шанхайская": ("format", "/formats/SCO"),  # a name in another language than the page's
        "new_start": ("treaty", "/treaties/NEW_START"),
        "earthquakes": ("project", "/projects/P-disaster-1"),
        "pledge": ("act", "/record?kind=fund.pledge"),
        "#5": ("entry", "/record/5"),
    }
    for query, (kind, href) in cases.items():
        tab.goto(f"{live_server}/")
        tab.get_by_role("searchbox", name="Search actors, formats, treaties").fill(query)
        tab.get_by_role("button", name="Search", exact=True).click()
        first = tab.locator(f"#search-results li[data-kind={kind}] a").first
        expect(first).to_have_attribute("href", href)


# 2. Charts people can read ---------------------------------------------------------------


def test_chart_axes_hover_keyboard_views_and_downloads(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/fund")
    fig = tab.locator("figure[data-chart]").first  # the Fund over time, in USD
    expect(fig).to_have_attribute("data-ready", "1")
    svg = fig.locator("svg.chart-svg")
    labels = svg.locator("text").evaluate_all("texts => texts.map((t) => t.textContent)")
    assert any("(USD)" in t for t in labels)  # the axis says its unit
    assert sum(bool(re.fullmatch(r"\d{4}-\d{2}", t)) for t in labels) >= 3  # dated ticks
    assert fig.locator(".chart-legend button").count() == 4  # pledged ... disbursed
    box = svg.bounding_box()
    assert box is not None
    tab.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5)
    tip = fig.locator(".chart-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("USD")
    svg.focus()
    tab.keyboard.press("Home")
    first = tip.inner_text()
    tab.keyboard.press("ArrowRight")
    assert tip.inner_text() != first  # the arrow keys read the next values
    fig.locator(".chart-legend button").nth(0).click()  # hide "pledged"
    expect(fig.locator("svg.chart-svg path[data-series=pledge]")).to_have_count(0)
    fig.get_by_role("button", name="Table", exact=True).click()
    expect(fig.locator(".chart-table")).to_be_visible()
    query = parse_qs(urlparse(tab.url).query)
    chart_id = fig.get_attribute("id")
    assert query[f"{chart_id}.view"] == ["table"] and query[f"{chart_id}.hide"] == ["pledge"]
    tab.reload()
    fig = tab.locator(f"#{chart_id}")
    expect(fig).to_have_attribute("data-view", "table")  # the permalink restores the view
    fig.get_by_role("button", name="Chart", exact=True).click()
    expect(fig.locator("svg.chart-svg path[data-series=pledge]")).to_have_count(0)
    png = _download(tab, "Download PNG", f"#{chart_id}")
    assert png.startswith(b"\x89PNG")
    svg_file = _download(tab, "Download SVG", f"#{chart_id}").decode()
    assert svg_file.startswith("<svg") and "The Fund over time" in svg_file
    assert console_errors == []


def test_chart_text_stays_readable_on_a_phone(live_server: str, tab: Page) -> None:
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{live_server}/analysis?lang=zh")
    fig = tab.locator("figure[data-chart]").first
    expect(fig).to_have_attribute("data-ready", "1")
    sizes = fig.locator("svg.chart-svg text").evaluate_all(
        """texts => texts.map((t) => {
             const svg = t.ownerSVGElement;
             const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
             return parseFloat(getComputedStyle(t).fontSize) * scale;
           })"""
    )
    assert sizes and min(sizes) >= 12  # drawn at the phone's own width: no shrinking
    full_table = fig.locator("table tbody tr")
    assert full_table.count() == 2022 - 1946 + 1  # every year, not every fifth


# 3. Institutions for people --------------------------------------------------------------


def test_project_page_fund_over_time_and_agenda_titles(live_server: str, tab: Page) -> None:
    tab.goto(f"{live_server}/projects")
    assert tab.locator("#lines li").count() == 5  # all five programme lines, even empty ones
    tab.get_by_role("link", name="Joint early-warning drill for earthquakes").first.click()
    expect(tab.locator("h1")).to_contain_text("earthquakes")
    expect(tab.locator("#appraisal-1 tfoot")).to_contain_text("30 / 40 = 75/100")
    assert tab.locator("#tranches tbody tr").count() == 2
    iati = tab.get_by_role("link", name="IATI activity file").get_attribute("href") or ""
    xml = tab.request.get(live_server + iati)
    assert xml.ok and b"<iati-activities" in xml.body()
    tab.goto(f"{live_server}/forum")
    agenda = tab.locator("[id^=session-] tbody th").all_inner_texts()
    assert any(t.startswith("A project is approved: Joint early-warning") for t in agenda)
    assert any(t.startswith("The Fund allocates money: $400,000.00") for t in agenda)
    assert not any(t.startswith("S2-approve") for t in agenda)  # the id is only a note
    assert "Working Group member for" in tab.locator("#working-group").inner_text()


def test_charter_diff_is_word_by_word(live_server: str, tab: Page) -> None:
    tab.goto(f"{live_server}/charter?a=1&b=2")
    inserted = tab.locator("#diff ins").all_inner_texts()
    added = " Attacks on critical infrastructure by digital means are covered explicitly."
    assert inserted == [added]  # the sentence version 2 added, not the whole article
    assert tab.locator("#diff del").count() == 0
    tab.goto(f"{live_server}/charter?lang=ru")
    expect(tab.locator("#article-2 h3")).to_contain_text("Равная и неделимая безопасность")


# 4. Record explorer ----------------------------------------------------------------------


def test_entry_pages_filters_and_the_genesis_entry(
    live_server: str, tab: Page, console_errors: list[str]
) -> None:
    tab.goto(f"{live_server}/record?kind=fund.pledge")
    kinds = tab.locator("#entries tbody td:nth-child(4)").evaluate_all(
        "cells => cells.map((c) => c.dataset.value)"
    )
    assert kinds and set(kinds) == {"fund.pledge"}
    tab.goto(f"{live_server}/record?actor=KAZ&since=2026-06-01&until=2026-12-31")
    rows = tab.locator("#entries tbody tr")
    assert rows.count() >= 1
    for r in range(rows.count()):
        assert rows.nth(r).locator("td").nth(0).inner_text().startswith("2026-")
        assert rows.nth(r).locator("td").nth(1).get_attribute("data-value") == "KAZ"
    response = tab.goto(f"{live_server}/record/0")
    assert response is not None and response.status == 200
    expect(tab.locator("#signature-check")).to_have_attribute("data-status", "unsigned")
    tab.goto(f"{live_server}/record/5")
    expect(tab.locator("#signature-check")).to_have_attribute("data-status", "valid")
    expect(tab.locator("h1")).to_contain_text("Record entry 5")
    assert console_errors == []


def test_an_entry_past_the_end_is_a_translated_404(live_server: str, tab: Page) -> None:
    missing = tab.goto(f"{live_server}/record/99999?lang=zh")
    assert missing is not None and missing.status == 404
    expect(tab.locator("main")).to_contain_text("这里没有此名称或编号的内容")


def test_checks_say_what_they_trust(live_server: str, tab: Page, console_errors: list[str]) -> None:
    tab.goto(f"{live_server}/record")
    expect(tab.locator("#record")).to_have_attribute("data-ready", "1")
    note = tab.locator("#checkpoint").inner_text()
    vkey = tab.locator("#vkey").inner_text()
    button = tab.locator("button.verify").nth(3)
    index = button.get_attribute("data-index")
    out = tab.locator(f"#proof-{index}")
    button.click()
    expect(out).to_have_attribute("data-ok", "true")
    assert out.get_attribute("data-trust") in {"server", "current"}
    assert "✓" not in out.inner_text()  # the server's own root or key earns no check mark
    other = NoteSigner(note.split("\n")[0], Ed25519PrivateKey.generate()).verifier.vkey()
    tab.locator("#verify-pasted summary").click()
    tab.locator("#pasted-note").fill(note)
    tab.locator("#pasted-vkey").fill(other)  # a key that did not sign this checkpoint
    tab.get_by_role("button", name="Check this checkpoint").click()
    expect(tab.locator("#pasted-status")).to_have_attribute("data-valid", "false")
    tab.locator("#pasted-vkey").fill(vkey)  # the log's key, as a reader got it elsewhere
    tab.get_by_role("button", name="Check this checkpoint").click()
    expect(tab.locator("#pasted-status")).to_have_attribute("data-valid", "true")
    button.click()
    expect(out).to_have_attribute("data-trust", "pasted")
    expect(out).to_have_attribute("data-ok", "true")
    assert out.inner_text().startswith("✓")
    assert console_errors == []


COSIGNED = """async ([note, vkey]) => {
  const m = await import("/static/js/checkpoint.js");
  return m.checkNote(m.parseCheckpoint(note), vkey);
}"""


def test_witness_cosignature_checked_in_the_browser(live_server: str, tab: Page) -> None:
    tab.goto(live_server + "/")
    log = NoteSigner("example.org/log", Ed25519PrivateKey.from_private_bytes(bytes(32)))
    seed = hashlib.sha256(b"witness").digest()
    witness = NoteSigner("witness.example", Ed25519PrivateKey.from_private_bytes(seed),
                         ALG_COSIGNATURE)  # fmt: skip
    text = sign_checkpoint(Checkpoint("example.org/log", 9, bytes(range(32))), log)
    note = SignedNote.parse(text)
    cosigned = note.with_signature(witness.sign(note.body, now=1_760_000_000)).text()
    assert tab.evaluate(COSIGNED, [cosigned, witness.verifier.vkey()]) is True
    assert tab.evaluate(COSIGNED, [cosigned, log.verifier.vkey()]) is True
    assert tab.evaluate(COSIGNED, [text, witness.verifier.vkey()]) is False  # not cosigned
    forged = cosigned.replace("\n9\n", "\n10\n")
    assert tab.evaluate(COSIGNED, [forged, witness.verifier.vkey()]) is False


# 5. First run and sandbox ----------------------------------------------------------------


def test_first_run_says_what_to_do_next(
    empty_server: str, tab: Page, console_errors: list[str]
) -> None:
    for path in ("/", "/charter", "/fund", "/projects", "/record"):
        tab.goto(empty_server + path)
        expect(tab.locator(".empty").first).to_contain_text("eurasec sandbox --db")
        expect(tab.locator("#sandbox-banner")).to_have_count(0)
    assert console_errors == []


def test_every_page_of_a_sandbox_store_says_so(live_server: str, tab: Page) -> None:
    for path in ("/", "/fund", "/record/5", "/projects/P-disaster-1", "/map", "/search?q=a"):
        tab.goto(live_server + path)
        expect(tab.locator("#sandbox-banner")).to_contain_text("eurasec sandbox")


# 6. Every language -----------------------------------------------------------------------


def test_language_links_keep_the_page_state(live_server: str, tab: Page) -> None:
    tab.goto(f"{live_server}/map?format=NATO&year=2000&lang=en")
    expect(tab.locator("[data-map]")).to_have_attribute("data-ready", "1")
    tab.locator("#map-year").fill("1995")  # the script changes the URL's state
    expect(tab.locator("[data-map]")).to_have_attribute("data-as-of", "1995-12-31")
    tab.get_by_role("link", name="中文").click()
    tab.wait_for_url("**lang=zh**")
    query = parse_qs(urlparse(tab.url).query)
    assert query["format"] == ["NATO"] and query["date"] == ["1995-12-31"]
    expect(tab.locator("html")).to_have_attribute("lang", "zh")
    expect(tab.locator("#map-summary")).to_contain_text("北大西洋公约组织")
    tab.goto(f"{live_server}/?lang=en")


def test_chinese_renders_with_a_cjk_font(live_server: str, tab: Page) -> None:
    tab.goto(f"{live_server}/?lang=zh")
    widths = tab.evaluate(
        """() => {
             const ctx = document.createElement("canvas").getContext("2d");
             ctx.font = getComputedStyle(document.body).font;
             const boxes = "\\uE000\\uE001\\uE002\\uE003";  // private use: no glyph
             return [ctx.measureText("概览机制").width, ctx.measureText(boxes).width];
           }"""
    )
    assert widths[0] > 0 and widths[0] != widths[1]  # real glyphs, not four missing-glyph boxes
    tab.goto(f"{live_server}/?lang=en")


# 7. Self-contained -----------------------------------------------------------------------


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".swagger-ui .info"), ("/redoc", "h1")])
def test_api_docs_load_nothing_from_elsewhere(
    live_server: str, tab: Page, path: str, ready: str
) -> None:
    outside: list[str] = []

    def block(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        if not request.url.startswith(live_server):
            outside.append(request.url)
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    tab.route("**/*", block)
    tab.goto(live_server + path)
    expect(tab.locator(ready).first).to_contain_text("eurasec", timeout=30_000)
    assert outside == []


# 8. Keyboard -----------------------------------------------------------------------------


def test_tables_and_filters_work_from_the_keyboard(live_server: str, tab: Page) -> None:
    tab.goto(f"{live_server}/record")
    expect(tab.locator("#entries")).to_have_attribute("data-enhanced", "1")
    sort = tab.locator("#entries th").nth(0).get_by_role("button")
    sort.focus()
    tab.keyboard.press("Enter")
    expect(tab.locator("#entries th").nth(0)).to_have_attribute("aria-sort", "ascending")
    actor = tab.locator("#record-filters select[name=actor]")
    actor.focus()
    actor.select_option("KAZ")
    tab.locator("#record-filters input[name=since]").focus()
    tab.keyboard.press("Enter")  # Enter in the form's date field submits it
    tab.wait_for_url("**actor=KAZ**")
    assert tab.locator("#entries tbody tr").count() >= 1


NICE = """async ([lo, hi]) => (await import("/static/js/chart.js")).niceTicks(lo, hi, 5)"""


@pytest.mark.parametrize(
    ("lo", "hi"), [(0, 1_550_000), (0, 0.37), (1946, 2022), (-3.2, 7.9), (0, 1), (12, 12.5)]
)
def test_axis_ticks_are_round_and_cover_the_data(
    live_server: str, tab: Page, lo: float, hi: float
) -> None:
    tab.goto(live_server + "/")
    ticks = tab.evaluate(NICE, [lo, hi])
    assert ticks[0] <= lo and ticks[-1] >= hi and 3 <= len(ticks) <= 8
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in {1, 2, 2.5, 5}
