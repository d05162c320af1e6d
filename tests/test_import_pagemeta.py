"""A page's own metadata, in its order of precedence: JSON-LD, meta tags, the article's <time>, its byline."""

from __future__ import annotations

import datetime as dt
import json

import lxml.html
import pytest

from briefing.importer.pagemeta import choose_title, read_page_meta, strip_site_suffix


def page(head: str = "", body: str = "", lang: str = "en") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>')


def json_ld(**fields) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", **fields})}</script>'


ARTICLE = "<article><h1>Quota cut again</h1>{}<p>The ministry cut the first batch of quotas by a tenth.</p></article>"
SIDEBAR = '<aside class="sidebar"><h1>Most read</h1><time datetime="2025-09-30T10:00:00Z">30 September</time></aside>'


def test_json_ld_comes_first():
    meta = read_page_meta(page(
        json_ld(**{"@type": "NewsArticle", "headline": "Quota cut again", "datePublished": "2025-06-01T08:00:00Z",
                   "publisher": {"@type": "Organization", "name": "Baotou Wire"}, "author": {"name": "Li Wei"}})
        + '<meta property="article:published_time" content="2025-06-02T08:00:00Z">',
        SIDEBAR + ARTICLE.format('<time datetime="2025-06-03">3 June</time>'),
    ))  # fmt: skip
    assert (meta.date, meta.date_from) == (dt.datetime(2025, 6, 1, 8, tzinfo=dt.timezone.utc), "json-ld")
    assert (meta.title, meta.site_name, meta.author) == ("Quota cut again", "Baotou Wire", "Li Wei")


def test_meta_tags_come_next():
    meta = read_page_meta(page(
        '<meta property="article:published_time" content="2025-06-02T08:00:00+02:00">'
        '<meta property="og:site_name" content="Baotou Wire">',
        SIDEBAR + ARTICLE.format('<time datetime="2025-06-03">3 June</time>'),
    ))  # fmt: skip
    assert (meta.date.isoformat(), meta.date_from) == ("2025-06-02T08:00:00+02:00", "meta")


def test_the_articles_own_time_beats_a_sidebars():
    meta = read_page_meta(page(body=SIDEBAR + ARTICLE.format('<time datetime="2025-06-03">3 June</time>')))
    assert (meta.date, meta.date_from) == (dt.date(2025, 6, 3), "time")


def test_a_visible_byline_is_read_in_the_pages_language():
    meta = read_page_meta(page(body=SIDEBAR + ARTICLE.format('<p class="firma">di Mario Rossi, 4 marzo 2025</p>'), lang="it"))
    assert (meta.date, meta.date_from) == (dt.date(2025, 3, 4), "byline")


def test_no_stated_date_is_none_for_the_converter_to_guess():
    meta = read_page_meta(page(body=SIDEBAR + ARTICLE.format("")))
    assert meta.date is None and meta.title == "Quota cut again"  # "Most read" is in a sidebar


def test_json_ld_in_a_graph_with_a_website():
    meta = read_page_meta(page(json_ld(**{"@graph": [
        {"@type": "WebSite", "name": "Magnet Monitor"},
        {"@type": ["NewsArticle", "Article"], "headline": "Sintering line starts", "datePublished": "2025-02-03"},
    ]})))  # fmt: skip
    assert (meta.title, meta.date, meta.site_name) == ("Sintering line starts", dt.date(2025, 2, 3), "Magnet Monitor")


@pytest.mark.parametrize("broken", ["{not json", "[]", '{"@type": 3}', '"text"', "<!-- -->"])
def test_broken_json_ld_is_ignored(broken):
    meta = read_page_meta(page(f'<script type="application/ld+json">{broken}</script>', ARTICLE.format("")))
    assert meta.title == "Quota cut again"


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        ("Quota cut again | Baotou Wire", "Baotou Wire", "Quota cut again"),
        ("Quota cut again - Baotou Wire", None, "Quota cut again"),
        ("Baotou Wire | Quota cut again", "Baotou Wire", "Quota cut again"),
        ("Quota cut again | Markets | Baotou Wire", "Baotou Wire", "Quota cut again"),
        ("Lynas – the long road from Mount Weld to Kalgoorlie and Kuantan", None,
         "Lynas – the long road from Mount Weld to Kalgoorlie and Kuantan"),
    ],
)  # fmt: skip
def test_a_sites_name_is_stripped_from_a_title(title, site, headline):
    assert strip_site_suffix(title, site) == headline


@pytest.mark.parametrize(
    ("candidates", "site", "chosen"),
    [
        (["Sections", "Quota cut again", "Quota cut again"], None, "Quota cut again"),
        (["Leggi anche:", "Terre rare a Piombino"], None, "Terre rare a Piombino"),
        (["POLITICO", "Senate backs magnet credit"], "POLITICO", "Senate backs magnet credit"),
        (["Editors' Recommendations", "Zircon price up"], None, "Zircon price up"),
        # A JSON-LD headline cut short agrees with the full <h1>: the full one is kept.
        (["Lynas lifts Kalgoorlie cracking rate as it races", "Lynas lifts Kalgoorlie cracking rate as it races to fill the gap"],
         None, "Lynas lifts Kalgoorlie cracking rate as it races to fill the gap"),
        (["Sections"], None, None),
    ],
)  # fmt: skip
def test_the_title_is_the_headline_the_page_agrees_on(candidates, site, chosen):
    assert choose_title(candidates, site) == chosen


def test_the_page_head_goes_and_the_story_stays():
    from briefing.importer.blocks import HEADING, PARAGRAPH, Block
    from briefing.importer.pagemeta import PageMeta, strip_page_head

    def block(text, kind=PARAGRAPH):
        return Block(kind, text, text, 1 if kind == HEADING else 0)

    meta = PageMeta(title="Lynas doubles output", language="en")
    blocks = [block("Markets"), block("Lynas doubles output", HEADING), block("By JANE ROE, Reuters"),
              block("PERTH, March 4, 2025"), block("On March 4, 2025, Lynas said it would double output."),
              block("By the end of 2026 the plant will run two kilns.")]  # fmt: skip
    assert [b.plain for b in strip_page_head(blocks, meta)] == [
        "On March 4, 2025, Lynas said it would double output.",
        "By the end of 2026 the plant will run two kilns.",
    ]
