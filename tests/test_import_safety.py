"""Hostile markup in any input never reaches a post as live HTML.

Each post is rendered the way the site renders it (Markdown, no sanitiser in
between) and the resulting HTML is parsed: what matters is which elements and
attributes exist, not whether the words "onerror" or "<script>" appear as text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest

from briefing.schema import LINK_SCHEMES

from .test_import_support import FIXTURES, import_one, import_text, rendered

#: Elements Markdown itself produces from a post's text.
MARKDOWN_ELEMENTS = {"div", "p", "a", "strong", "em", "code", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "br", "blockquote", "pre"}


def live_markup(html: str) -> list[str]:
    """Everything in ``html`` that could run, load or mislead: unexpected elements, handlers, bad links."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            found.append("comment or processing instruction")
            continue
        if element.tag not in MARKDOWN_ELEMENTS:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name.lower() in ("style", "src", "srcdoc", "formaction"):
                found.append(f"{element.tag}[{name}]")
            if name == "href" and urlsplit(value.strip()).scheme.lower() not in LINK_SCHEMES:
                found.append(f"href={value!r}")
    return found


@pytest.mark.parametrize("fixture", ["hostile.html", "hostile.txt", "page-mp-materials.html"])
def test_hostile_fixtures_leave_no_live_markup(fixture, tmp_path):
    meta, body = import_one(FIXTURES / fixture, tmp_path)
    assert live_markup(rendered(meta, body)) == []


def test_literal_angle_brackets_stay_text(tmp_path):
    meta, body = import_one(FIXTURES / "hostile.html", tmp_path)
    html = rendered(meta, body)
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    assert "<script>alert(5)</script>" in text  # shown to the reader, as the page showed it
    assert "3 < 4" in text


def test_only_allowed_links_survive(tmp_path):
    meta, body = import_one(FIXTURES / "hostile.html", tmp_path)
    root = lxml.html.fragment_fromstring(rendered(meta, body), create_parent="div")
    assert sorted(a.get("href") for a in root.iter("a")) == [
        "https://example.org/attr",
        "https://example.org/ok",
        "mailto:desk@rare-earth-brief.example",
    ]


def test_hostile_feed_content(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://f.example/</link>'
        "<item><title>Feed &lt;script&gt;alert(1)&lt;/script&gt; title</title><guid>https://f.example/1</guid>"
        "<description><![CDATA[<ul><li onmouseover='x()'>Point <iframe src='https://e.example'></iframe>"
        "<a href='javascript:y()'>link</a></li></ul><p><script>z()</script>Body</p>]]></description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    meta, body = import_one(feed, tmp_path)
    assert live_markup(rendered(meta, body)) == []
    assert meta["title"] == "Feed &lt;script>alert(1)&lt;/script> title"


@pytest.mark.parametrize(
    "line",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=https://e.example></iframe>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "<javascript:alert(1)>",
        "![pixel](https://tracker.example/p.gif)",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<a href='data:text/html,x'>d</a>",
        "click <div onclick=alert(1)>here</div>",
        "*emphasis*{: onclick=alert(1)}",  # the site's Markdown has attr_list
        "[link](https://example.org/x){ onmouseover=alert(1) }",
        "**bold**{: .x onclick='alert(1)' }",
    ],
)
def test_hostile_lines_in_pasted_text(line, tmp_path):
    meta, body = import_text(f"{line} title\n- Point {line}\nBody {line}\nWhy newsworthy: {line}\n", tmp_path)
    assert live_markup(rendered(meta, body)) == []
