"""A feed opened in a browser: its XSLT stylesheet turns it into a valid, accessible page on how to subscribe."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from tests.browsing import axe_violations, describe, open_page
from tests.conftest import VNU_JAR
from tests.sitebuild import ROOT

FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/tag/dysprosium.atom.xml"]
#: Chromium's own notice that browsers are retiring XSLT: not part of the page.
CHROMIUM_XSLT_BANNER = "xslt-warning-banner"


@pytest.mark.browser
@pytest.mark.parametrize("feed", FEEDS)
def test_a_feed_opened_in_chromium_reads_as_a_page_on_how_to_subscribe(browser, site, site_url, feed):
    parsed = feedparser.parse((site / feed).read_bytes())
    context = browser.new_context()
    page, visit = open_page(context, f"{site_url}/{feed}")
    assert visit.status == 200 and visit.external_requests == [] and visit.console_errors == []
    assert page.locator("h1").inner_text() == parsed.feed.title
    assert "To subscribe, copy this address into your feed reader" in page.locator("main").inner_text()
    assert page.locator("main code").inner_text() == f"https://rare-earth-brief.example/{feed}"
    titles = page.locator("main ul.entries li a").all_inner_texts()
    assert titles == [entry.title for entry in parsed.entries]
    page.add_script_tag(content=f"document.querySelectorAll('{CHROMIUM_XSLT_BANNER}').forEach(e => e.remove())")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    context.close()


@pytest.mark.vnu
def test_the_page_the_stylesheet_makes_is_valid_html(site, java, tmp_path):
    transform = etree.XSLT(etree.parse(str(ROOT / "theme" / "static" / "feed.xsl")))
    pages = []
    for feed in FEEDS:
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


def test_the_stylesheet_is_built_and_linked_from_every_feed(site):
    feeds = [site / "feeds" / "all.atom.xml", site / "feeds" / "all.rss.xml",
             *(site / "feeds" / "section").glob("*.xml"), *(site / "feeds" / "tag").glob("*.xml")]
    assert len(feeds) > 40
    for path in feeds:
        head = path.read_text(encoding="utf-8")[:300]
        assert '<?xml-stylesheet href="' in head, path
        href = head.split('<?xml-stylesheet href="', 1)[1].split('"', 1)[0]
        assert (path.parent / href).resolve() == (site / "theme" / "feed.xsl").resolve(), path
    assert (site / "theme" / "feed.xsl").read_bytes() == (ROOT / "theme" / "static" / "feed.xsl").read_bytes()
