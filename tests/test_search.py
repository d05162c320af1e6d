"""Search in a real browser: Pagefind's index over the built site, our own accessible form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml

from tests.browsing import axe_violations, describe, open_page
from tests.sitebuild import CONTENT

pytestmark = pytest.mark.browser


def briefings() -> list[dict]:
    """Each sample briefing's title, section and whole text (front matter and body)."""
    out = []
    for path in sorted((CONTENT / "briefings").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("\n---", 1)[0].lstrip("-\n"))
        out.append({"title": meta["title"], "section": meta["category"], "text": text.lower()})
    return out


def mentioning(word: str) -> set[str]:
    return {b["title"] for b in briefings() if re.search(rf"\b{word.lower()}\b", b["text"])}


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def search(context, site_url, query: str, section: str = ""):
    page, visit = open_page(context, f"{site_url}/search/?q={query}" + (f"&section={section}" if section else ""))
    page.wait_for_selector(".search-status:not(:empty)", timeout=15000)
    titles = {t.replace("\xa0", " ") for t in page.locator(".search-result h2 a").all_text_contents()}
    return page, visit, titles


#: Records every layout shift of the page, from its first paint.
RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.layoutShifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


def test_a_query_typed_before_the_search_is_ready_is_kept_and_searched(browser, site_url):
    """The reader types at once; Pagefind's script is held back until they have, so the race is certain."""
    ctx = browser.new_context()
    page = ctx.new_page()
    held = []
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    page.goto(f"{site_url}/search/", wait_until="domcontentloaded")
    page.locator("#search-q").press_sequentially("lutetium")
    for _ in range(750):  # until the page has asked for the index's script (routes run inside Playwright's calls)
        if held:
            break
        page.wait_for_timeout(20)
    assert held, "the search page never asked for Pagefind's script"
    assert page.locator(".search-status").inner_text() == "Loading the search…"
    held[0].continue_()
    page.wait_for_selector(".search-result", timeout=15000)
    assert page.locator("#search-q").input_value() == "lutetium"
    titles = {normalise(t.replace("\xa0", " ")) for t in page.locator(".search-result h2 a").all_text_contents()}
    assert titles == {normalise(t) for t in mentioning("lutetium")}
    assert "q=lutetium" in page.url
    ctx.close()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}])
def test_results_arrive_without_moving_the_page(browser, site_url, viewport):
    ctx = browser.new_context(viewport=viewport)
    page = ctx.new_page()
    page.add_init_script(RECORD_SHIFTS)
    page.goto(f"{site_url}/search/?q=dysprosium")
    page.wait_for_selector(".search-result", timeout=15000)
    page.wait_for_load_state("networkidle")
    assert sum(page.evaluate("window.layoutShifts")) < 0.01
    ctx.close()


def normalise(title: str) -> str:
    return title.replace('"', "").replace("“", "").replace("”", "").replace("’", "'")


@pytest.mark.parametrize("query", ["Dysprosium", "Lynas", "Brazil"])
def test_search_finds_every_briefing_that_mentions_the_word(context, site_url, query):
    expected = {normalise(t) for t in mentioning(query)}
    assert expected, f"the sample content should mention {query}"
    page, visit, titles = search(context, site_url, query)
    assert {normalise(t) for t in titles} == expected
    assert visit.external_requests == []
    # Each result shows its date and section, and marks the match in its excerpt.
    first = page.locator(".search-result").first
    assert re.search(r"\d{4} · \w+", first.locator(".meta").inner_text())
    assert page.locator(".search-result mark").count() >= 1
    page.close()


def test_section_filter_narrows_results_and_stays_in_the_url(context, site_url):
    page, _, everything = search(context, site_url, "China")
    sections = {b["section"] for b in briefings() if normalise(b["title"]) in {normalise(t) for t in everything}}
    assert len(sections) > 1, "the query should span several sections for the filter to mean something"
    page.select_option("#search-section", value="Processing")
    page.wait_for_function("() => new URLSearchParams(location.search).get('section') === 'Processing'")
    page.wait_for_function(
        "() => { const m = [...document.querySelectorAll('.search-result .meta')];"
        " return m.length > 0 && m.every(e => e.textContent.endsWith('Processing')); }"
    )
    narrowed = {t.replace("\xa0", " ") for t in page.locator(".search-result h2 a").all_text_contents()}
    expected = {normalise(b["title"]) for b in briefings()
                if b["section"] == "Processing" and normalise(b["title"]) in {normalise(t) for t in everything}}
    assert {normalise(t) for t in narrowed} == expected
    assert 0 < len(narrowed) < len(everything)
    # The narrowed search is a link: opening its URL again gives the same results.
    _, _, again = search(context, site_url, "China", section="Processing")
    assert again == narrowed
    page.close()


def test_search_page_is_accessible_and_keyboard_usable(context, site_url):
    page, visit, _ = search(context, site_url, "terbium")
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.focus("#search-q")
    page.fill("#search-q", "")
    page.keyboard.type("Australia")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Australia'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    assert visit.external_requests == []
    page.close()


def test_search_page_without_javascript_points_to_browsing(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    page, _ = open_page(ctx, f"{site_url}/search/")
    text = page.locator("main").inner_text()
    assert "Search needs JavaScript" in text
    links = {urlsplit(h).path for h in page.locator(".search-nojs a").evaluate_all("els => els.map(e => e.href)")}
    assert links == {"/sections/", "/tags/", "/archives/"}
    ctx.close()


def test_only_briefings_are_indexed(site):
    """Navigation, footers and list pages stay out of the index: only article bodies are in it."""
    import json

    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    pages = sum(lang["page_count"] for lang in entry["languages"].values())
    assert pages == len(briefings())

