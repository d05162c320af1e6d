"""Feeds are served as feeds, and every feed link on the pages leads to the subscribe page, which offers them all.

Browsers are removing XSLT, so a feed no longer dresses itself up as a page:
it carries no ``<?xml-stylesheet?>`` unless a site asks for the optional extra
(``BRIEFING_FEED_STYLESHEET``). The subscribe page explains feeds, groups them
(everything, sections, elements, companies, countries, other topics) and gives
each address to copy: the public one in production, the local one in a local build.
"""

from __future__ import annotations

import json
import posixpath
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.browsing import axe_violations, describe, open_page
from tests.conftest import VNU_JAR
from tests.sitebuild import ROOT, build, write_post

LOCAL_BASE = "http://127.0.0.1:8000"
PUBLIC_BASE = "https://rare-earth-brief.example"


def all_feeds(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*") if p.suffix in (".xml", ".json"))


def subscribe_page(site: Path):
    return lxml_html.fromstring((site / "subscribe" / "index.html").read_bytes())


def test_feeds_carry_no_stylesheet_by_default(site):
    feeds = [f for f in all_feeds(site) if f.endswith(".xml")]
    assert len(feeds) > 40
    for feed in feeds:
        assert b"<?xml-stylesheet" not in (site / feed).read_bytes()[:400], feed


def test_the_subscribe_page_offers_every_feed_of_the_site_grouped(site):
    page = subscribe_page(site)
    linked = {posixpath.normpath(posixpath.join("subscribe", href)) for href in page.xpath("//main//a/@href")
              if not urlsplit(href).scheme and not href.startswith("#")}
    # An element is offered with its own feed (its groups' briefings included), not its tag's.
    elements = {p.name for p in (site / "element").iterdir()}
    offered = [f for f in all_feeds(site) if not (f.startswith("feeds/tag/") and Path(f).name.split(".")[0] in elements)]
    assert set(offered) <= linked
    headings = [" ".join(h.text_content().split()) for h in page.xpath("//main//h2")]
    assert headings[:5] == ["Every briefing", "Sections", "Elements", "Companies", "Countries"]
    # Each entry has an id the feed links of other pages point at, a feed: link and, for the main
    # feeds, the address to copy, all at the local address in a local build.
    readers = page.xpath('//main//a[starts-with(@href, "feed://")]/@href')
    assert len(readers) == len(offered)
    assert all(href.startswith(f"feed://{LOCAL_BASE.split('://')[1]}/feeds/") for href in readers)
    addresses = [a.text_content() for a in page.xpath('//span[@class="feed-address"]')]
    assert f"{LOCAL_BASE}/feeds/all.atom.xml" in addresses
    assert not page.xpath('//main//*[contains(., "rare-earth-brief.example")]'), "no placeholder domain locally"


def test_production_offers_the_public_addresses(published_site):
    page = subscribe_page(published_site)
    readers = page.xpath('//a[starts-with(@href, "feed://")]/@href')
    assert readers and all(href.startswith(f"feed://{PUBLIC_BASE.split('://')[1]}/feeds/") for href in readers)
    assert f"{PUBLIC_BASE}/feeds/all.atom.xml" in [a.text_content() for a in page.xpath('//span[@class="feed-address"]')]


@pytest.mark.parametrize("relative", [
    "index.html", "section/processing/index.html", "tag/prices/index.html", "tag/ndpr/index.html",
    "element/dysprosium/index.html", "company/lynas-rare-earths/index.html", "newsletter/index.html",
])
def test_every_feed_link_on_a_page_leads_to_its_entry_on_the_subscribe_page(site, relative):
    doc = lxml_html.fromstring((site / relative).read_bytes())
    ids = set(subscribe_page(site).xpath("//@id"))
    body_links = doc.xpath("//body//a/@href")
    assert not [h for h in body_links if h.endswith((".xml", ".json"))], "no raw feed links in the page"
    to_subscribe = [h for h in body_links if posixpath.normpath(posixpath.join(posixpath.dirname(relative), h.split("#")[0])) == "subscribe"]
    assert to_subscribe, relative
    for href in to_subscribe:
        anchor = href.partition("#")[2]
        assert not anchor or anchor in ids, (relative, href)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_subscribe_page_is_accessible_and_readable_on_a_phone(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page, visit = open_page(context, f"{site_url}/subscribe/")
    assert visit.status == 200 and visit.external_requests == [] and visit.console_errors == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # No address is set in monospace, and none breaks in the middle of a word.
    fonts = page.eval_on_selector_all(".feed-address", "els => els.map(e => getComputedStyle(e).fontFamily)")
    assert fonts and not [f for f in fonts if "mono" in f.lower()]
    words_broken = page.eval_on_selector_all(
        ".feed-list .feed-name", "els => els.filter(e => e.getClientRects().length > 1).map(e => e.textContent)")
    assert words_broken == []
    violations = axe_violations(page)
    assert not violations, describe(violations)
    context.close()


# -- the optional XSLT extra ---------------------------------------------------------------


@pytest.fixture(scope="module")
def styled_site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("styled-content")
    write_post(content, "briefings/one.md", """\
        ---
        title: One briefing
        date: 2025-06-01T09:00:00
        category: Markets
        tags: [Dysprosium]
        highlights:
          - A highlight.
        ---

        Body.
        """)
    return build(tmp_path_factory.mktemp("styled") / "output", content=content, BRIEFING_FEED_STYLESHEET="theme/feed.xsl")


def test_a_site_that_asks_for_the_stylesheet_links_it_from_every_feed(styled_site):
    # The briefings' feeds (the newsletter's feed of issues has never carried one).
    feeds = [f for f in all_feeds(styled_site) if f.endswith(".xml") and "newsletter" not in f]
    assert len(feeds) > 5
    for feed in feeds:
        head = (styled_site / feed).read_text(encoding="utf-8")[:300]
        href = head.split('<?xml-stylesheet href="', 1)[1].split('"', 1)[0]
        assert (styled_site / feed).parent.joinpath(href).resolve() == (styled_site / "theme" / "feed.xsl").resolve()


@pytest.mark.vnu
def test_the_page_the_optional_stylesheet_makes_is_valid_html(site, java, tmp_path):
    transform = etree.XSLT(etree.parse(str(ROOT / "theme" / "static" / "feed.xsl")))
    pages = []
    for feed in ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/tag/dysprosium.atom.xml"]:
        page = tmp_path / (Path(feed).name + ".html")
        page.write_bytes(bytes(transform(etree.parse(str(site / feed)))))
        pages.append(page)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--also-check-css", *map(str, pages)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert not messages, "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages)
    assert all(b"<h1>" in page.read_bytes() for page in pages), "the pages were really made"
