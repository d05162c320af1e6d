"""The boxes, rendered alone and inside real builds in each mode."""

from __future__ import annotations

import feedparser
import pytest

from briefing.boxes import BoxRenderer, BoxSettings
from briefing.markdown_fields import FieldRenderer
from briefing.schema import validate
from briefing.site import BriefingBuildError
from briefing.typography import typogrifier
from tests.sitebuild import LogCapture, build, write_post

SETTINGS = {
    "TYPOGRIFY": True,
    "MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"},
    "BRIEFING_LABELS": {"takeaway": "Our takeaway"},
    "BRIEFING_CAUTION": "Default caution text.",
}

POST = """\
---
title: Separator opens a second line
date: 2025-09-01
category: Processing
tags: [Terbium]
highlights:
  - The "new" line runs -- at last -- on *clay* feed, see [the report](https://example.org/r).
  - text: "It will:"
    items:
      - double output
      - cut reagent use
why_newsworthy: |
  First paragraph with **emphasis**.

  Second paragraph.
takeaway: Expect prices to ease.
source:
  name: Separator Ltd
  url: https://separator.example/news
  kind: company
  description: the operator's own release
---

Body paragraph one.
"""


def renderer(**settings):
    merged = {**SETTINGS, **settings}
    return BoxRenderer(FieldRenderer(merged["MARKDOWN"]), typogrifier(merged), BoxSettings.from_settings(merged))


def render(**fields):
    meta = {"title": "T", "date": "2025-01-01", "category": "Mining", "highlights": ["One."], **fields}
    return renderer().render(validate(meta))


def test_markdown_inside_fields_renders_with_typography():
    boxes = render(
        highlights=['A "quoted" claim -- with [a link](https://example.org) and *emphasis*.'],
        takeaway="- first\n- second",
    )
    assert "&#8220;quoted&#8221;" in boxes.highlights
    assert "&#8212;" in boxes.highlights or "&#8211;" in boxes.highlights
    assert '<a href="https://example.org" rel="noopener">a link</a>' in boxes.highlights
    assert "<em>emphasis</em>" in boxes.highlights
    assert "<ul>\n<li>first</li>" in boxes.takeaway


def test_each_box_is_an_aside_with_its_class_and_heading():
    boxes = render(why_newsworthy="Why.", takeaway="So.", source={"name": "Wire", "kind": "wire"})
    for part, cls, heading in [
        (boxes.highlights, "briefing-highlights", "Highlights"),
        (boxes.why_newsworthy, "briefing-why-newsworthy", "Why&nbsp;newsworthy?"),
        (boxes.takeaway, "briefing-takeaway", "Our&nbsp;takeaway"),
        (boxes.source, "briefing-source", "Source"),
    ]:
        assert part.startswith(f'<aside class="briefing-box {cls}')
        assert f"<h2>{heading}</h2>" in part


def test_empty_optional_fields_draw_no_box():
    boxes = render(why_newsworthy="   ")
    assert boxes.why_newsworthy == boxes.takeaway == boxes.source == ""
    assert boxes.after == ""
    assert boxes.highlights


@pytest.mark.parametrize("early", [True, False])
def test_why_newsworthy_follows_the_highlights_unless_the_site_says_otherwise(early):
    meta = {"title": "T", "date": "2025-01-01", "category": "Mining", "highlights": ["One."],
            "why_newsworthy": "Why.", "takeaway": "So."}
    boxes = renderer(BRIEFING_WHY_AFTER_HIGHLIGHTS=early).render(validate(meta))
    page = boxes.wrap("<p>Body.</p>")
    why, body = "briefing-why-newsworthy", "<p>Body.</p>"
    expected = ["briefing-highlights", *((why, body) if early else (body, why)), "briefing-takeaway"]
    assert sorted(expected, key=page.index) == expected
    assert boxes.body_of(page) == "<p>Body.</p>"
    assert boxes.body_of("<p>Not wrapped.</p>") == "<p>Not wrapped.</p>"


def test_takeaway_label_from_the_post_wins():
    assert "<h2>Key&nbsp;point</h2>" in render(takeaway="x", takeaway_label="Key point").takeaway


def test_source_that_needs_verification_carries_a_caution():
    with_note = render(source={"name": "Daily", "kind": "state-media", "note": "Verify the figures."})
    assert "briefing-source--verify" in with_note.source
    assert "Verify the&nbsp;figures." in with_note.source and with_note.needs_verification
    default = render(source={"name": "Firm", "kind": "company", "url": "https://firm.example"})
    assert "Default caution&nbsp;text." in default.source
    assert '<a href="https://firm.example">Firm</a>' in default.source
    plain = render(source={"name": "Wire", "kind": "wire"})
    assert "briefing-caution" not in plain.source and "(Wire&nbsp;service)" in plain.source


def test_which_kinds_need_verification_is_a_setting():
    boxes = renderer(BRIEFING_VERIFY_KINDS=["wire"]).render(
        validate({"title": "T", "date": "2025-01-01", "category": "M", "highlights": ["x"],
                  "source": {"name": "W", "kind": "wire"}})
    )
    assert "briefing-caution" in boxes.source


@pytest.mark.parametrize(
    "field",
    [
        '<script>alert(1)</script>Text',
        '<img src="x" onerror="alert(1)">Text',
        '<iframe src="https://evil.example"></iframe>Text',
        '[Text](javascript:alert(1))',
        '<a href="https://ok.example" onclick="alert(1)">Text</a>',
    ],
)
def test_html_in_a_field_never_becomes_live_markup(field):
    boxes = render(highlights=[field], why_newsworthy=field, takeaway=field)
    for part in (boxes.highlights, boxes.why_newsworthy, boxes.takeaway):
        lowered = part.lower()
        for bad in ("<script", "onerror", "<iframe", "javascript:", "onclick", "<img"):
            assert bad not in lowered
        assert "Text" in part


def test_a_literal_less_than_stays_text():
    assert "prices &lt; $50 a" in render(highlights=["prices < $50 a kilo"]).highlights


def test_summary_is_the_first_highlight_without_its_sub_items():
    boxes = render(highlights=[{"text": "Lead *point*", "items": ["a"]}, "Second"])
    assert boxes.summary == "Lead <em>point</em>"


# ---- inside real builds -------------------------------------------------------------


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    write_post(folder, "briefings/2025/good.md", POST)
    write_post(folder, "pages/about.md", "---\ntitle: About\n---\n\nAn ordinary page.\n")
    write_post(folder, "briefings/2025/plain.md", """\
        ---
        title: An ordinary note
        date: 2025-09-02
        category: Policy
        ---

        A post with no briefing fields at all.
        """)
    return folder


def find_article(site, slug):
    return next(site.glob(f"*/{slug}/index.html")).read_text(encoding="utf-8")


def test_page_and_feed_entry_carry_the_same_boxes(tmp_path, content):
    with LogCapture() as logs:
        site = build(tmp_path / "out", content=content)
    page = find_article(site, "separator-opens-a-second-line")
    for cls in ("briefing-highlights", "briefing-why-newsworthy", "briefing-takeaway", "briefing-source"):
        assert page.count(f"briefing-box {cls}") == 1
    # Why newsworthy? right after the Highlights (BRIEFING_WHY_AFTER_HIGHLIGHTS, on by default).
    order = [page.index(s) for s in ("briefing-highlights", "briefing-why-newsworthy", "Body paragraph",
                                      "briefing-takeaway", "briefing-source")]
    assert order == sorted(order)
    assert "&#8220;new&#8221;" in page and "&#8212;" in page
    feed = feedparser.parse(str(site / "feeds" / "all.atom.xml"))
    entry = next(e for e in feed.entries if e.title.replace("\xa0", " ") == "Separator opens a second line")
    html = entry.content[0].value
    for cls in ("briefing-highlights", "briefing-why-newsworthy", "briefing-takeaway", "briefing-caution"):
        assert cls in html
    assert "briefing-box" not in entry.summary  # the summary stays the first highlight
    assert "new" in entry.summary
    assert not [m for m in logs.messages() if "briefings/" in m]


def test_a_post_without_briefing_fields_builds_as_an_ordinary_post(tmp_path, content):
    site = build(tmp_path / "out", content=content)
    page = find_article(site, "an-ordinary-note")
    assert "A post with no briefing fields at all." in page
    assert "briefing-box" not in page
    assert "briefing-box" not in (site / "about" / "index.html").read_text(encoding="utf-8")


BROKEN = POST.replace("highlights:\n  - The", "highlights: The").replace("  - text: \"It will:\"\n    items:\n      - double output\n      - cut reagent use\n", "")


def test_local_build_warns_shows_the_problem_instead_of_the_boxes_and_goes_on(tmp_path, content):
    write_post(content, "briefings/2025/broken.md", BROKEN.replace("Separator opens", "Broken post opens"))
    with LogCapture() as logs:
        site = build(tmp_path / "out", content=content)
    assert any(
        m.startswith("briefings/2025/broken.md: highlights: expected a list of 1 to 8 items, got a string")
        for m in logs.messages()
    ), logs.messages()
    page = (site / "drafts" / "broken" / "index.html").read_text(encoding="utf-8")
    assert "briefing-box" not in page and "Body paragraph" in page
    assert 'role="alert"' in page and "highlights: expected a list of 1 to 8 items" in page
    assert not list(site.glob("2025/broken-post-opens-a-second-line")), "not among the published briefings"
    assert "briefing-box" in find_article(site, "separator-opens-a-second-line")


def test_production_build_fails_naming_file_key_and_problem(tmp_path, content):
    write_post(content, "briefings/2025/broken.md", BROKEN.replace("Separator opens", "Broken post opens"))
    write_post(content, "briefings/2025/worse.md", POST.replace("category: Processing", "category: Gossip")
               .replace("Separator opens", "Worse post opens"))
    with LogCapture() as logs, pytest.raises(BriefingBuildError):
        build(tmp_path / "out", conf="publishconf.py", content=content)
    errors = logs.messages()
    assert any(m.startswith("briefings/2025/broken.md: highlights: expected a list") for m in errors)
    assert any(m.startswith("briefings/2025/worse.md: category: expected one of") for m in errors), errors
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_post_with_pelicans_own_metadata_still_builds_with_typography(tmp_path):
    content = tmp_path / "content"
    write_post(content, "briefings/2025/plain-metadata.md", """\
        Title: A "plain" note
        Date: 2025-05-01
        Category: Policy

        Body with "quotes" -- and a dash.
        """)
    site = build(tmp_path / "out", content=content, SEARCH_INDEX=False)
    page = find_article(site, "a-plain-note")
    assert "A &#8220;plain&#8221;&nbsp;note" in page
    assert "&#8220;quotes&#8221; &#8212; and" in page or "&#8220;quotes&#8221; &#8211; and" in page
    assert "briefing-box" not in page
