"""Every page in every language at desktop and phone widths, in a real Chromium.

For each page: it answers 200 with one ``h1``; no console error; no axe-core violation of
WCAG 2.0/2.1 level A or AA; nothing loaded from another origin (scripts, styles, fonts,
images: the resource timing list holds only this server); no untranslated visible string in
Russian and Chinese (a text that is an English interface string, or that reads as English
words, outside an element marked ``translate="no"``); and on a phone no sideways scrolling of
the whole page. One browser tab visits them all in a loop per language (about 30 s each on
the development machine).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from browser_pages import page_urls
from playwright.sync_api import BrowserContext, Page

from eurasec.settings import get_settings
from eurasec.web.app import create_app

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
LOCALES = Path(__file__).parents[3] / "src" / "eurasec" / "web" / "locales"
WIDTHS = [(1280, 900), (390, 844)]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                     resultTypes: ["violations"]});
  return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3)
    .map((n) => n.target.join(" ")).join(" | ")}`);
}"""

#: Proper names kept in their own form in every language (datasets, algorithms, products).
PROPER_NAMES = ["Correlates of War", "Natural Earth", "Swagger UI"]

#: Visible texts (and labels) in English: an interface string, or two English words in a row.
UNTRANSLATED = """([english, proper]) => {
  const ids = new Set(english);
  const skip = "[translate=no], code, pre, script, style, noscript, [hidden], title";
  const words = /\\b[A-Za-z][a-z]+[ ,'-]+[a-z]{2,}\\b/;
  const out = new Set();
  const flag = (text, where) => {
    let t = text.replace(/\\s+/g, " ").trim();
    for (const name of proper) t = t.replaceAll(name, "");
    if (t && (ids.has(t) || words.test(t))) out.add(`${where}: ${t.slice(0, 80)}`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest(skip) || !el.checkVisibility()) continue;
    flag(walker.currentNode.textContent, el.tagName.toLowerCase());
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder]")) {
    if (el.closest("[translate=no]")) continue;
    flag(el.getAttribute("aria-label") || "", "aria-label");
    flag(el.getAttribute("placeholder") || "", "placeholder");
  }
  return [...out];
}"""

FOREIGN = """() => performance.getEntriesByType("resource").map((e) => e.name)
  .filter((u) => !u.startsWith(location.origin) && !u.startsWith("blob:")
                 && !u.startsWith("data:"))"""


def _english(lang: str) -> list[str]:
    """English interface strings that ``lang`` translates to something else."""
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out = []
    for m in catalog:
        if m.id and isinstance(m.id, str) and m.string and m.string != m.id:
            out.append(m.id)
    return out


def _check(page: Page, url: str, lang: str, width: int, english: list[str]) -> list[str]:
    sep = "&" if "?" in url else "?"
    response = page.goto(f"{url}{sep}lang={lang}", wait_until="load")
    assert response is not None
    problems = [] if response.status == 200 else [f"status {response.status}"]
    page.wait_for_function("document.body.dataset.ready === '1'")
    if page.locator("main h1").count() != 1:
        problems.append("not exactly one h1")
    page.add_script_tag(path=str(AXE))
    problems += [f"axe {v}" for v in page.evaluate(AXE_RUN, AXE_TAGS)]
    problems += [f"external {u}" for u in page.evaluate(FOREIGN)]
    if lang != "en":
        found = page.evaluate(UNTRANSLATED, [english, PROPER_NAMES])
        problems += [f"untranslated {t}" for t in found]
    if width < 500 and page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    ):
        problems.append("the page scrolls sideways on a phone")
    return problems


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_every_page_in_every_language_and_width(
    live_server: str, browser: BrowserContext, lang: str
) -> None:
    urls = page_urls(create_app(get_settings(database_url="sqlite://")))
    english = _english(lang) if lang != "en" else []
    failures: dict[str, list[str]] = {}
    errors: list[str] = []
    page = browser.new_page()
    page.on("console", lambda m: errors.append(f"console {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror {e}"))
    try:
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            for url in urls:
                errors.clear()
                problems = _check(page, live_server + url, lang, width, english) + errors
                if problems:
                    failures[f"{url} {lang} {width}px"] = problems
    finally:
        page.close()
    report = "\n".join(f"{where}: {problem}" for where, ps in failures.items() for problem in ps)
    assert not failures, report
