"""The element strip and the hubs in Chromium: accessible in light and dark, usable at 320 px and without JavaScript."""

from __future__ import annotations

import pytest

from tests.browsing import axe_violations, describe, open_page
from tests.test_hubs import about, published

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "element": "/element/dysprosium/",
    "empty element": "/element/scandium/",
    "company": "/company/lynas-rare-earths/",
    "topics": "/topics/",
}
STRIP = "Rare earth elements"


def count(name: str) -> int:
    """Briefings on element ``name``, from the content files (see tests/test_hubs.py)."""
    return len(about(published(), name))


def briefings(n: int) -> str:
    return f"{n} briefing{'s' * (n != 1)}" if n else "no briefings yet"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_axe_violations_in_light_and_dark(browser, site_url, kind, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page, visit = open_page(ctx, site_url + PAGES[kind])
    assert visit.status == 200
    violations = axe_violations(page)
    assert not violations, f"{scheme}: {describe(violations)}"
    assert visit.external_requests == [] and visit.console_errors == []
    ctx.close()


@pytest.mark.parametrize("kind", ["home", "element", "topics"])
def test_fits_a_320_px_screen_with_the_strip_scrolling_inside_it(browser, site_url, kind, tmp_path):
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    page, _ = open_page(ctx, site_url + PAGES[kind])
    shot = tmp_path / f"{kind}-320.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"
    strip = page.get_by_role("navigation", name=STRIP)
    if kind != "topics":
        # One row, so the news starts above the fold; it scrolls inside its own box, and every cell
        # comes into the screen when scrolled to.
        links = strip.get_by_role("link").all()
        assert len(links) == 17
        assert len({round(link.bounding_box()["y"]) for link in links}) == 1, "one row"
        for link in (links[0], links[-1]):
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= 320
        assert page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]") == width
    ctx.close()


def test_the_strip_is_one_row_on_a_wide_screen(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page, _ = open_page(ctx, site_url + PAGES["home"])
    boxes = [cell.bounding_box() for cell in page.get_by_role("navigation", name=STRIP).get_by_role("link").all()]
    assert len({round(box["y"]) for box in boxes}) == 1
    ctx.close()


def test_the_strip_works_with_javascript_off_and_names_each_cell(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page, _ = open_page(ctx, site_url + PAGES["home"])
    strip = page.get_by_role("navigation", name=STRIP)
    assert strip.get_by_role("listitem").count() == 17
    for name, weight in [("Dysprosium", "heavy"), ("Scandium", None), ("Cerium", "light"), ("Samarium", "medium")]:
        label = ", ".join(filter(None, [name, weight, briefings(count(name))]))
        assert strip.get_by_role("link", name=label, exact=True).is_visible(), label
    strip.get_by_role("link", name="Dysprosium, heavy", exact=False).click()
    page.wait_for_url("**/element/dysprosium/")
    assert page.get_by_role("heading", level=1).inner_text().split()[-1] == "Dysprosium"
    here = page.get_by_role("navigation", name=STRIP).locator('[aria-current="page"]')
    assert here.get_attribute("href").endswith("element/dysprosium/")
    ctx.close()


def test_weight_is_shown_by_text_and_frame_not_colour_alone(browser, site_url):
    ctx = browser.new_context()
    page, _ = open_page(ctx, site_url + PAGES["home"])
    strip = page.get_by_role("navigation", name=STRIP)

    def cell(name: str):
        link = strip.get_by_role("link", name=name)
        return {
            "letter": link.locator("small").nth(1).inner_text(),
            "base": link.evaluate("a => parseFloat(getComputedStyle(a).borderBottomWidth)"),
            "visible_text": link.locator(".face").inner_text().split(),
        }

    heavy, light = cell("Dysprosium, heavy,"), cell("Neodymium, light,")
    assert (heavy["letter"], light["letter"]) == ("H", "L")
    assert heavy["base"] > light["base"]
    assert heavy["visible_text"] == ["66", "H", "Dy", str(count("Dysprosium"))]
    assert "H heavy" in strip.locator(".element-strip-key").inner_text()
    ctx.close()
