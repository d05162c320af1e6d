"""One page per topic: a tag naming an element, company or country is read on its hub; its old addresses redirect.

Which tags have a hub is worked out here from the content's front matter and
the data files (tests/test_hubs.py's helpers), not through ``briefing.topics``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from tests.browsing import axe_violations, describe, open_page
from tests.sitebuild import build, write_post
from tests.test_hubs import POST, element_tags, gazetteer_tags, key, page, published, resolve, slug
from tests.vnu import nu_problems

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
REFRESH = re.compile(r"^0;\s*url=(.+)$")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def hub_names() -> set[str]:
    return {key(name) for name in element_tags()} | {
        key(name) for group in ("companies", "countries") for name in gazetteer_tags(group)
    }


def tags_of(posts: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for post in posts:
        for tag in post.get("tags") or []:
            found.setdefault(slug(tag), []).append(post)
    return found


def refresh_target(site: Path, relative: str) -> str | None:
    """Where the page's meta refresh sends a reader (an output path), or None when it does not."""
    content = page(site, relative).xpath('string(//head/meta[@http-equiv="refresh"]/@content)')
    match = REFRESH.match(content)
    return resolve(site, relative, match.group(1)) if match else None


def html_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "pagefind" not in p.parts)


def redirects(site: Path) -> set[str]:
    return {relative for relative in html_pages(site) if relative.startswith("tag/") and refresh_target(site, relative)}


def assert_redirects(site: Path, relative: str, target: str) -> None:
    """``relative`` is a small page sending readers to the existing page ``target``, by refresh and by link."""
    assert refresh_target(site, relative) == target and (site / target).is_file(), relative
    doc = page(site, relative)
    assert [resolve(site, relative, h) for h in doc.xpath('//link[@rel="canonical"]/@href')] == [target]
    assert doc.xpath('string(//meta[@name="robots"]/@content)') == "noindex"
    assert [resolve(site, relative, h) for h in doc.xpath("//main//a/@href")] == [target], "a link for readers"
    assert not doc.xpath('//*[contains(@class, "briefing-item")]'), "not a listing"
    assert not doc.xpath("//script")


# -- the repository's content ----------------------------------------------------------


def test_each_hub_tag_redirects_to_its_hub_and_other_tags_keep_their_listing(site):
    hubs = hub_names()
    tagged = tags_of(published())
    assert any(key(t) in hubs for t in tagged) and any(key(t) not in hubs for t in tagged)
    for tag, posts in tagged.items():
        relative = f"tag/{tag}/index.html"
        name = next(t for t in posts[0]["tags"] if slug(t) == tag)
        if key(name) in hubs:
            kind = "element" if key(name) in {key(n) for n in element_tags()} else None
            target = refresh_target(site, relative)
            assert target and target.endswith(f"/{tag}/index.html"), (relative, target)
            assert kind is None or target.startswith("element/")
            assert_redirects(site, relative, target)
        else:
            assert refresh_target(site, relative) is None, relative
            items = page(site, relative).xpath('//ol[contains(@class, "briefing-list")]/li')
            assert len(items) == min(len(posts), 10), relative


def test_no_page_links_to_a_redirect(site):
    moved = redirects(site)
    assert "tag/dysprosium/index.html" in moved and "tag/lynas-rare-earths/index.html" in moved
    for relative in html_pages(site):
        if relative in moved:
            continue
        hrefs = page(site, relative).xpath("//a/@href | //link[not(@rel='canonical')]/@href")
        bad = [h for h in hrefs if not SCHEME.match(h) and resolve(site, relative, h) in moved]
        assert not bad, (relative, bad)
    # The tags on a briefing lead to the hubs: Dysprosium to its element page, a theme to its tag page.
    article = next(p for p in html_pages(site) if p.startswith("2025/") and "lynas" in p)
    tags = {a.text_content(): resolve(site, article, a.get("href")) for a in page(site, article).xpath('//ul[contains(@class, "tag")]//a')}
    assert tags["Dysprosium"] == "element/dysprosium/index.html", tags
    assert tags["Lynas Rare Earths"] == "company/lynas-rare-earths/index.html", tags


def test_hub_tags_keep_their_feeds(site):
    posts = tags_of(published())["dysprosium"]
    feed = feedparser.parse((site / "feeds" / "tag" / "dysprosium.atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(posts)
    # A company's hub offers its tag's feed: the same briefings.
    hub = page(site, "company/lynas-rare-earths/index.html")
    feeds = [resolve(site, "company/lynas-rare-earths/index.html", h) for h in hub.xpath('//link[@rel="alternate" and contains(@title, "Lynas")]/@href')]
    assert feeds == ["feeds/tag/lynas-rare-earths.atom.xml"]


def test_the_sitemap_lists_hubs_and_listings_never_redirects(published_site):
    locs = [loc.text for loc in ET.parse(published_site / "sitemap.xml").getroot().findall("s:url/s:loc", SITEMAP_NS)]
    paths = {re.sub(r"^https?://[^/]+/", "", loc) for loc in locs}
    assert {"element/dysprosium/", "company/lynas-rare-earths/", "country/china/", "tag/ndpr/"} <= paths
    moved = redirects(published_site)
    assert moved and not {p + "index.html" for p in paths} & moved
    # In production the canonical address is the hub's public one.
    doc = page(published_site, "tag/dysprosium/index.html")
    assert doc.xpath('string(//link[@rel="canonical"]/@href)').endswith("://rare-earth-brief.example/element/dysprosium/")


def test_redirect_pages_are_valid_html(site, published_site, java):
    pages = [site / "tag/dysprosium/index.html", site / "tag/china/index.html", published_site / "tag/lynas-rare-earths/index.html"]
    assert nu_problems(java, pages) == ""


# -- old addresses of every page, when the hub paginates otherwise ------------------------------


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """25 briefings on Lynas and on prices: three tag pages of ten each, while hubs show twenty a page."""
    content = tmp_path_factory.mktemp("topics-content")
    for n in range(25):
        write_post(content, f"briefings/lynas-{n}.md", POST.format(
            title=f"Lynas <b>shipment</b> & week {n}", month=1 + n // 28, day=1 + n % 28, tags="Lynas Rare Earths, Prices", status="", body="Body."))
    templates = {"index": None, "tag": None, "category": None, "author": None, "hub": 20}
    return build(tmp_path_factory.mktemp("topics") / "output", content=content, PAGINATED_TEMPLATES=templates)


def test_every_old_page_of_a_hub_tag_redirects_to_the_same_page_of_the_hub_or_its_first(paged_site):
    hub = "company/lynas-rare-earths"
    assert_redirects(paged_site, "tag/lynas-rare-earths/index.html", f"{hub}/index.html")
    assert_redirects(paged_site, "tag/lynas-rare-earths/page/2/index.html", f"{hub}/page/2/index.html")
    assert_redirects(paged_site, "tag/lynas-rare-earths/page/3/index.html", f"{hub}/index.html")
    assert not (paged_site / hub / "page" / "3").exists()
    # A theme keeps its three pages of listing.
    for relative in ("tag/prices/index.html", "tag/prices/page/2/index.html", "tag/prices/page/3/index.html"):
        assert refresh_target(paged_site, relative) is None
        assert page(paged_site, relative).xpath('//ol[contains(@class, "briefing-list")]/li'), relative


def test_a_site_without_tag_pages_gets_no_redirects(tmp_path):
    content = tmp_path / "content"
    write_post(content, "briefings/lynas.md", POST.format(
        title="Lynas ships", month=2, day=3, tags="Lynas Rare Earths, Prices", status="", body="Body."))
    site = build(tmp_path / "output", content=content, TAG_SAVE_AS="")
    assert not (site / "tag").exists()
    assert page(site, "company/lynas-rare-earths/index.html").xpath('//ol[contains(@class, "briefing-list")]/li')


# -- in Chromium -----------------------------------------------------------------------------


@pytest.mark.browser
def test_following_an_old_tag_address_lands_on_the_hub_with_no_error(browser, site_url):
    context = browser.new_context()
    context.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));
    """)
    try:
        for old, hub in [("/tag/dysprosium/", "/element/dysprosium/"), ("/tag/lynas-rare-earths/", "/company/lynas-rare-earths/")]:
            page_, visit = open_page(context, site_url + old)
            page_.wait_for_url(site_url + hub)
            page_.wait_for_load_state("load")
            assert page_.locator("h1").inner_text().endswith(page_.title().split(" · ")[0])
            assert page_.evaluate("window.__csp") == [] and visit.console_errors == [] and visit.external_requests == []
            page_.close()
    finally:
        context.close()


@pytest.mark.browser
def test_a_redirect_page_is_accessible_to_a_reader_whose_browser_does_not_refresh(browser, site_url):
    context = browser.new_context()
    try:
        page_ = context.new_page()
        # The hub answers "204 No Content": the browser stays on the page, as one that does not refresh.
        page_.route("**/element/**", lambda route: route.fulfill(status=204))
        page_.goto(site_url + "/tag/dysprosium/", wait_until="load")
        assert page_.url == site_url + "/tag/dysprosium/"
        violations = axe_violations(page_)
        assert not violations, describe(violations)
        assert page_.url == site_url + "/tag/dysprosium/"
        link = page_.get_by_role("link", name="the element page of Dysprosium")
        assert link.get_attribute("href") == "../../element/dysprosium/"
    finally:
        context.close()
