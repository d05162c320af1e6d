"""What a reader sees in a real browser: accessible, self-contained, light, readable without JavaScript."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browsing import axe_violations, describe, open_page

pytestmark = pytest.mark.browser

# The pages every change must keep clean, by what kind of page they are.
PAGES = {
    "home": "/",
    "article": "/2025/northern-rare-earth-starts-phase-ii-of-its-green-smelting-upgrade/",
    "section": "/section/processing/",
    "tag": "/tag/ndpr/",
    "topics": "/tags/",
    "archives": "/archives/",
    "subscribe": "/subscribe/",
    "404": "/404.html",
}


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_has_no_axe_violations_and_no_foreign_requests(context, site_url, kind):
    page, visit = open_page(context, site_url + PAGES[kind])
    assert visit.status == 200
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert visit.external_requests == []
    assert visit.console_errors == []
    page.close()


@pytest.mark.parametrize("kind", ["home", "article"])
def test_page_weighs_at_most_36_kb(context, site_url, kind):
    """Uncompressed, as this test server sends it (about 10 KB gzipped, as nginx sends it): the budget
    holds the article page's related briefings, share links and navigation menu, and nothing heavy."""
    page, visit = open_page(context, site_url + PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert visit.total_bytes <= 36 * 1024, visit.bytes_by_url
    # The stylesheet was really fetched and counted, not missed.
    assert any(urlsplit(url).path.endswith(".css") for url in visit.bytes_by_url)  # its URL carries ?v=<hash>
    page.close()


@pytest.mark.parametrize("kind", ["home", "article", "section", "tag", "404"])
def test_page_reads_with_javascript_off(browser, site_url, kind):
    ctx = browser.new_context(java_script_enabled=False)
    page, visit = open_page(ctx, site_url + PAGES[kind])
    main = page.locator("main")
    assert main.is_visible()
    assert len(main.inner_text().split()) > 15
    assert page.locator("h1").first.is_visible()
    ctx.close()


@pytest.mark.parametrize("kind", ["home", "article", "tag"])
def test_page_fits_a_320_px_screen(browser, site_url, kind):
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    page, _ = open_page(ctx, site_url + PAGES[kind])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    ctx.close()


def test_article_boxes_show_in_reading_order(context, site_url):
    page, _ = open_page(context, site_url + PAGES["article"])
    headings = page.locator(".briefing-box > h2").all_text_contents()
    assert [h.replace("\xa0", " ") for h in headings] == [
        "Highlights", "Why newsworthy?", "Takeaway", "Source",
    ]
    caution = page.locator(".briefing-caution")
    assert caution.is_visible()
    assert "independently verified" in caution.inner_text().replace("\xa0", " ")
    page.close()


def test_dark_mode_changes_colours(browser, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        ctx = browser.new_context(color_scheme=scheme)
        page, _ = open_page(ctx, site_url + PAGES["article"])
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        violations = axe_violations(page)
        assert not violations, f"{scheme}: {describe(violations)}"
        ctx.close()
    assert colours["light"] != colours["dark"]


def test_skip_link_is_first_and_visible_on_focus(context, site_url):
    page, _ = open_page(context, site_url + PAGES["article"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0
    page.close()
