"""The article page: byline, reading time, previous/next, related briefings, share links, social card.

The repository's briefings are checked in a real local and production build;
the rules (relatedness, reading time, share URLs, card drawing and its cache)
on plain objects and a small site of our own.
"""

from __future__ import annotations

import io
import os
import posixpath
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html
from PIL import Image

from briefing.reading import reading_minutes
from briefing.related import related_briefings
from briefing.share import share_links
from briefing.social_card import Card, draw
from tests.sitebuild import CONTENT, build, write_post


def article_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.glob("2025/*/index.html"))


def doc(site: Path, relative: str):
    return lxml_html.fromstring((site / relative).read_bytes())


def resolve(relative: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(relative), href)) + "/index.html"


# -- every briefing of the repository -------------------------------------------------------


def test_every_briefing_page_has_byline_reading_time_neighbours_related_and_share_links(site):
    pages = article_pages(site)
    assert len(pages) == len(list((CONTENT / "briefings").rglob("*.md")))
    for relative in pages:
        page = doc(site, relative)
        header = page.xpath('//header[@class="briefing-header"]')[0]
        assert header.xpath('string(p[@class="byline"])').strip(), relative
        meta = " ".join(header.xpath('string(p[@class="meta"])').split())
        assert meta.endswith("min read") and int(meta.split("·")[-1].split()[0]) >= 1, meta
        neighbours = page.xpath('//nav[@class="prev-next"]//a/@href')
        assert 1 <= len(neighbours) <= 2 and all((site / resolve(relative, h)).exists() for h in neighbours)
        related = page.xpath('//section[@class="related"]//h3/a/@href')
        assert 3 <= len(related) <= 5, relative
        assert resolve(relative, "./") not in [resolve(relative, h) for h in related], "never itself"
        assert all((site / resolve(relative, h)).exists() for h in related)
        shares = page.xpath('//ul[@class="share-links"]//a/@href')
        assert [urlsplit(h).scheme for h in shares] == ["mailto", "https", "https", "https"]
        # Plain links: no script on the page but the search's own, and none from another host.
        assert not page.xpath("//script[@src]")


def test_related_briefings_share_what_the_page_is_about(site):
    relative = next(p for p in article_pages(site) if "lynas" in p)
    page = doc(site, relative)
    related = [" ".join(a.text_content().split()) for a in page.xpath('//section[@class="related"]//h3/a')]
    # Lynas at Mount Weld: the heavy rare-earth, dysprosium and Malaysia stories come first.
    assert any("heavy rare-earth" in title or "Dysprosium" in title for title in related[:2]), related


def test_production_pages_name_a_1200_by_630_png_social_card(published_site):
    for relative in article_pages(published_site):
        page = doc(published_site, relative)
        og = page.xpath('//meta[@property="og:image"]/@content')
        twitter = page.xpath('//meta[@name="twitter:image"]/@content')
        assert og == twitter and len(og) == 1
        assert og[0].startswith("https://rare-earth-brief.example/2025/")
        image = Image.open(published_site / urlsplit(og[0]).path.lstrip("/"))
        assert image.format == "PNG" and image.size == (1200, 630)
        assert page.xpath('//meta[@name="twitter:card"]/@content') == ["summary_large_image"]


# -- the rules, on plain objects ------------------------------------------------------------------


def _briefing(title: str, tags: list[str], section: str = "Markets", days: int = 0):
    return SimpleNamespace(
        title=title, summary="", tags=[SimpleNamespace(name=t) for t in tags],
        category=section, date=datetime(2025, 6, 1) + timedelta(days=days),
    )


def test_shared_entities_outrank_shared_themes_and_every_briefing_gets_three():
    lynas = _briefing("Lynas ships heavy feed", ["Lynas Rare Earths", "Dysprosium", "Supply chain"])
    same_firm = _briefing("Lynas lifts NdPr output", ["Lynas Rare Earths", "Malaysia"], days=1)
    theme_only = _briefing("Port congestion eases", ["Supply chain"], days=2)
    words_only = _briefing("Heavy feed grades improve at Mount Weld", ["Australia"], days=3)
    unrelated = _briefing("Recycling pilot opens", ["Recycling"], section="Recycling", days=4)
    articles = [lynas, same_firm, theme_only, words_only, unrelated]
    found = related_briefings(articles, ["Lynas Rare Earths", "Dysprosium", "Malaysia", "Australia"], limit=3)
    assert found[id(lynas)][0] is same_firm
    assert set(map(id, found[id(lynas)])) == {id(same_firm), id(theme_only), id(words_only)}
    # Sharing nothing, it still offers three: the newest of its section first, then of the site.
    assert len(found[id(unrelated)]) == 3 and unrelated not in found[id(unrelated)]
    assert all(a not in found[id(a)] for a in articles), "never itself"


def test_reading_time_counts_words_not_tags_and_is_never_zero():
    assert reading_minutes("<p>Short.</p>") == 1
    assert reading_minutes("<p>" + "word " * 440 + "</p>") == 2
    assert reading_minutes('<p class="' + "x " * 5000 + '">One word</p>') == 1


def test_share_links_are_plain_urls_that_carry_a_hostile_title_as_data():
    title = 'Prices "jump" & <script>alert(1)</script> #1?'
    url = "https://brief.example/2025/prices/"
    links = dict(share_links(url, title))
    assert list(links) == ["Email", "LinkedIn", "Bluesky", "X"]
    mail = parse_qs(urlsplit(links["Email"]).query)
    assert mail["subject"] == [title] and mail["body"] == [f"{title}\n{url}"]
    assert parse_qs(urlsplit(links["X"]).query) == {"url": [url], "text": [title]}
    assert parse_qs(urlsplit(links["LinkedIn"]).query) == {"url": [url]}
    assert all("<" not in href and '"' not in href and " " not in href for href in links.values())


def test_a_card_is_1200_by_630_whatever_its_title():
    for title in ("Short", "A " + "very long headline word " * 30, "<script>&amp;</script> «ünïcödé» 稀土"):
        png = draw(Card("Rare Earth Brief", "Markets", title, "1 June 2025"))
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.size == (1200, 630)


def test_pillows_own_font_stands_in_for_a_missing_one():
    png = draw(Card("Site", "Policy", "A title", "2 June 2025"), {"regular": "/nonexistent.ttf", "bold": "/nonexistent-bold.ttf"})
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


# -- the card cache, on a small site ------------------------------------------------------------------

POST = """\
---
title: {title}
date: 2025-06-{day:02d}T09:00:00
category: Markets
tags: [Dysprosium]
highlights:
  - A highlight.
---

Body.
"""


def test_a_rebuild_draws_only_the_cards_that_changed(tmp_path):
    content = tmp_path / "content"
    for day in (1, 2, 3):
        write_post(content, f"briefings/post-{day}.md", POST.format(title=f"Dysprosium note {day}", day=day))
    out = tmp_path / "output"
    cache = tmp_path / "output-cache"
    build(out, content=content, BRIEFING_SOCIAL_CARDS=True)
    cards = {p.name: p.stat().st_mtime_ns for p in cache.rglob("social-cards/*.png")}
    assert len(cards) == 3
    build(out, content=content, BRIEFING_SOCIAL_CARDS=True)
    assert {p.name: p.stat().st_mtime_ns for p in cache.rglob("social-cards/*.png")} == cards, "nothing redrawn"
    write_post(content, "briefings/post-2.md", POST.format(title="Dysprosium note, retitled", day=2))
    build(out, content=content, BRIEFING_SOCIAL_CARDS=True)
    after = {p.name: p.stat().st_mtime_ns for p in cache.rglob("social-cards/*.png")}
    assert len(after) == 4 and all(after[name] == mtime for name, mtime in cards.items())
    page = (out / "2025" / "dysprosium-note-retitled" / "social-card.png").read_bytes()
    assert page == next(p for p in cache.rglob("social-cards/*.png") if p.name not in cards).read_bytes()


def test_the_byline_is_the_posts_author_or_else_the_desk(tmp_path):
    content = tmp_path / "content"
    write_post(content, "briefings/signed.md", POST.format(title="Signed note", day=5).replace(
        "category:", 'author: Ana <b>Díaz</b> & Co\ncategory:'))
    write_post(content, "briefings/desk.md", POST.format(title="Desk note", day=6))
    out = build(tmp_path / "output", content=content, BRIEFING_DESK="The metals desk")
    signed = doc(out, "2025/signed-note/index.html").xpath('string(//p[@class="byline"])')
    assert signed == "By Ana <b>Díaz</b> & Co", "the name as text, never markup"
    assert doc(out, "2025/desk-note/index.html").xpath('string(//p[@class="byline"])') == "The metals desk"


@pytest.mark.parametrize("early", [True, False])
def test_why_newsworthy_stands_where_the_setting_says(tmp_path, early):
    content = tmp_path / "content"
    write_post(content, "briefings/why.md", POST.format(title="Why test", day=4).replace(
        "highlights:", "why_newsworthy: It matters.\ntakeaway: So.\nhighlights:"))
    out = build(tmp_path / "output", content=content, BRIEFING_WHY_AFTER_HIGHLIGHTS=early)
    page = (out / "2025" / "why-test" / "index.html").read_text(encoding="utf-8")
    why, body = page.index("briefing-why-newsworthy"), page.index("<p>Body.</p>")
    assert (why < body) is early


_RELATED_SCRIPT = """
import datetime as dt, random, types
from briefing.related import related_briefings
words = [f"term{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(80)]
rng = random.Random(7)
articles = [types.SimpleNamespace(title=" ".join(rng.choices(words, weights=range(1, 81), k=6)), summary="",
                                  tags=[], category="Markets", briefing=None, date=dt.datetime(2025, 1, 1))
            for _ in range(300)]
related = related_briefings(articles, [])
print([[articles.index(a) for a in related[id(article)]] for article in articles])
"""


def test_related_briefings_do_not_depend_on_the_process_hash_seed():
    """Two builds of one site must be byte-identical (rsync and S3 uploads send only what changed)."""
    outputs = {
        subprocess.run([sys.executable, "-c", _RELATED_SCRIPT], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}, cwd=Path(__file__).parent.parent).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
