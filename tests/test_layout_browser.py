"""Screenshot tests: the layout at a phone's 390×844 and a laptop's 1366×900 in Chromium.

Each page is shot (the PNG is kept in the test's temporary folder for a
person to look at), and what a reader would notice is asserted as facts of
the laid-out page, never as pixels: the navigation on one line, the lead story
above the fold, no sideways scrolling, a compact phone header.
"""

from __future__ import annotations

import pytest

from tests.browsing import open_page

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "briefing": "/2025/lynas-says-mount-weld-expansion-delivers-its-first-heavy-rich-ore/",
    "hub": "/element/dysprosium/",
    "search": "/search/?q=dysprosium",
    "subscribe": "/subscribe/",
}
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
SCREENS = {"phone": PHONE, "laptop": LAPTOP}


@pytest.fixture(scope="module", params=list(SCREENS))
def screen(request, browser):
    context = browser.new_context(viewport=SCREENS[request.param])
    yield request.param, context
    context.close()


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not laid out"
    return found


@pytest.mark.parametrize("kind", list(PAGES))
def test_the_page_fits_the_screen_and_its_header_is_compact(screen, site_url, kind, tmp_path):
    name, context = screen
    page, visit = open_page(context, site_url + PAGES[kind])
    assert visit.status == 200 and visit.console_errors == []
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / f"{kind}-{name}.png"))
    assert (tmp_path / f"{kind}-{name}.png").stat().st_size > 10_000
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"sideways scrolling: {widths}"
    header = box(page, ".site-header")
    assert header["height"] <= (130 if name == "phone" else 160), header
    # The page's first heading starts in the top third of the screen.
    assert box(page, "main h1")["y"] < SCREENS[name]["height"] / 3
    page.close()


def test_the_sections_are_on_one_line_from_1024_px(browser, site_url):
    for width in (1024, 1366, 1920):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page, _ = open_page(context, site_url + PAGES["home"])
        links = page.locator(".site-nav .nav-inline a")
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        assert links.count() == 8 and len(tops) == 1, (width, tops)
        right = max(links.nth(i).bounding_box()["x"] + links.nth(i).bounding_box()["width"] for i in range(links.count()))
        assert right <= width
        assert not page.locator(".site-nav summary").is_visible(), "every section fits: no menu"
        context.close()


def test_on_a_phone_the_sections_are_behind_a_menu_that_needs_no_script(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page, _ = open_page(context, site_url + PAGES["briefing"])
    assert not page.locator(".site-nav .nav-inline").is_visible()
    summary = page.locator(".site-nav summary")
    assert summary.inner_text() == "Sections"
    menu = page.locator(".nav-menu > ul a")
    assert not menu.first.is_visible()
    before = box(page, "main h1")
    summary.click()
    assert menu.count() == 8 and all(menu.nth(i).is_visible() for i in range(8))
    assert box(page, "main h1") == before, "the open menu lies over the page"
    menu.filter(has_text="Markets").click()
    page.wait_for_load_state()
    assert page.url.endswith("/section/markets/")
    context.close()


@pytest.mark.parametrize("screen_name", list(SCREENS))
def test_the_lead_story_starts_above_the_fold(browser, site_url, screen_name):
    viewport = SCREENS[screen_name]
    context = browser.new_context(viewport=viewport)
    page, _ = open_page(context, site_url + PAGES["home"])
    title = box(page, ".lead-title")
    assert title["y"] + title["height"] <= viewport["height"] * 0.6, title
    # On a phone the element strip is one row that scrolls sideways, not a block of rows.
    cells = page.locator(".element-cells li")
    tops = {round(cells.nth(i).bounding_box()["y"]) for i in range(cells.count())}
    assert cells.count() == 17 and len(tops) == 1
    context.close()


def test_headlines_are_in_the_text_colour_without_underline(browser, site_url):
    context = browser.new_context(viewport=LAPTOP)
    page, _ = open_page(context, site_url + PAGES["home"])
    styles = page.eval_on_selector_all(
        ".briefing-item-title a, .lead-title a",
        "els => els.map(e => [getComputedStyle(e).color, getComputedStyle(e).textDecorationLine])",
    )
    text = page.evaluate("getComputedStyle(document.body).color")
    assert styles and all(colour == text and line == "none" for colour, line in styles), styles
    context.close()


def test_the_footer_lines_up_with_the_main_column(screen, site_url):
    _, context = screen
    page, _ = open_page(context, site_url + PAGES["briefing"])
    assert box(page, ".site-footer nav")["x"] == box(page, "main h1")["x"] == box(page, ".site-name")["x"]
    page.close()


def test_printing_a_briefing_prints_the_briefing_and_its_boxes_only(browser, site_url):
    context = browser.new_context(viewport=LAPTOP)
    page, _ = open_page(context, site_url + PAGES["briefing"])
    page.emulate_media(media="print")
    for gone in (".site-header", ".site-footer", ".site-search", ".prev-next", ".related", ".share-links", ".tag-list"):
        assert page.locator(gone).count() and not page.locator(gone).first.is_visible(), gone
    for kept in ("main h1", ".briefing-body", ".briefing-highlights", ".briefing-takeaway", ".briefing-source"):
        assert page.locator(kept).first.is_visible(), kept
    context.close()
