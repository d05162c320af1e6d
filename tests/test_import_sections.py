"""Finding Highlights, body, Why newsworthy?, Takeaway and Source, in text and in HTML."""

from __future__ import annotations

import pytest

from briefing.importer.blocks import HEADING, render_markdown
from briefing.importer.htmlblocks import blocks_from_html
from briefing.importer.sections import TAKEAWAY, WHY, classify_heading, find_sections
from briefing.importer.textblocks import blocks_from_text

from .test_import_support import import_text, run_import


def text_sections(text: str):
    return find_sections(blocks_from_text(text), title_from_first_line=True)


def html_sections(html: str):
    return find_sections(blocks_from_html(html))


def highlights(found) -> list:
    return [(h.plain, [i.plain for i in h.items]) for h in found.highlights]


# Highlights: bullets, numbers, sub-lists.


@pytest.mark.parametrize("bullet", ["-", "*", "•", "–", "1.", "2)"])
def test_every_bullet_style_makes_a_highlight(bullet):
    found = text_sections(f"Highlights\n{bullet} Separation starts in May.\n{bullet} Output doubles by 2027.\n")
    assert highlights(found) == [("Separation starts in May.", []), ("Output doubles by 2027.", [])]


def test_indented_items_are_a_sub_list():
    found = text_sections("Highlights\n- The plan:\n    - cuts costs\n    - adds a kiln\n- Output rises.\n")
    assert highlights(found) == [("The plan:", ["cuts costs", "adds a kiln"]), ("Output rises.", [])]


def test_items_after_one_ending_with_a_colon_are_its_sub_list():
    found = text_sections("Highlights\n- Prices rose.\n- The company aims to:\n- hire staff.\n- build a mill.\n")
    assert highlights(found) == [("Prices rose.", []), ("The company aims to:", ["hire staff.", "build a mill."])]


def test_a_list_at_the_top_is_the_highlights_even_without_a_heading():
    found = text_sections("- Quotas were cut.\n- Prices rose.\nThe ministry gave no reason.\n")
    assert len(found.highlights) == 2
    assert [b.plain for b in found.body] == ["The ministry gave no reason."]


def test_short_lines_under_a_highlights_heading_are_highlights_when_bullets_were_lost():
    found = text_sections(
        "Highlights\nQuotas were cut by a tenth.\nPrices rose on the news.\n\n"
        + "A longer paragraph follows, which tells the story in full and is well over the length any highlight "
        + "would have: it explains who cut the quotas, when, and what traders in Shanghai and Tokyo made of it "
        + "over the following week, when the first cargoes of the new quarter were priced.\n"
    )
    assert [h.plain for h in found.highlights] == ["Quotas were cut by a tenth.", "Prices rose on the news."]
    assert len(found.body) == 1


def test_more_highlights_than_the_contract_allows_go_to_the_body_with_a_warning(tmp_path):
    source = tmp_path / "many.txt"
    source.write_text("Title: Many points\n" + "".join(f"- Point {n}.\n" for n in range(1, 11)) + "Body.\n", encoding="utf-8")
    code, report = run_import([source], tmp_path / "out")
    assert code == 0
    assert "10 highlights, more than the 8 a briefing may have; the last 2 were moved to the top of the body" in report
    (post,) = (tmp_path / "out").rglob("*.md")
    assert "- Point 9.\n- Point 10.\n\nBody." in post.read_text(encoding="utf-8")


def test_html_list_nesting_is_kept():
    found = html_sections(
        "<h2>Highlights</h2><ul><li>The plan will:<ul><li>add a kiln</li><li>cut costs</li></ul></li><li>Prices rose.</li></ul>"
    )
    assert highlights(found) == [("The plan will:", ["add a kiln", "cut costs"]), ("Prices rose.", [])]


# Headings of the closing sections.


@pytest.mark.parametrize(
    "heading", ["Why Newsworthy?", "Why newsworthy", "WHY NEWSWORTHY?", "Why is this newsworthy?", "Why it’s newsworthy", "Why it matters"]
)
def test_why_newsworthy_heading_variants(heading):
    assert classify_heading(heading) == (WHY, None)


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("A REEx Takeaway", "A REEx Takeaway"),
        ("The Metals Desk Takeaway", "The Metals Desk Takeaway"),
        ("Takeaway", None),
        ("Key takeaway", None),
        ("Key Takeaways:", None),
    ],
)
def test_takeaway_heading_variants(heading, label):
    assert classify_heading(heading) == (TAKEAWAY, label)


@pytest.mark.parametrize("text", ["Takeaways from the trip to Baotou were many and varied", "Why prices fell", "Sources say"])
def test_ordinary_lines_are_not_headings(text):
    assert classify_heading(text) is None


def test_inline_why_newsworthy_and_takeaway():
    found = text_sections(
        "- A point.\nBody.\nWhy newsworthy: Quotas set prices.\nKey takeaway: Watch the quota.\nSource: Xinhua.\n"
    )
    assert [b.plain for b in found.why_newsworthy] == ["Quotas set prices."]
    assert [b.plain for b in found.takeaway] == ["Watch the quota."]
    assert [b.plain for b in found.source] == ["Xinhua."]


def test_why_newsworthy_keeps_its_paragraphs():
    found = text_sections("- A point.\nWhy Newsworthy?\nFirst reason.\nSecond reason.\n")
    assert render_markdown(found.why_newsworthy) == "First reason.\n\nSecond reason.\n"


def test_bold_paragraphs_are_headings_in_html():
    found = html_sections(
        "<p><strong>Highlights</strong></p><ul><li>One.</li></ul><p>Body.</p>"
        "<p><b>Why newsworthy?</b></p><p>Because.</p><p><strong>Takeaway:</strong> Watch it.</p>"
    )
    assert highlights(found) == [("One.", [])]
    assert [b.plain for b in found.why_newsworthy] == ["Because."]
    assert [b.markdown for b in found.takeaway] == ["Watch it."]


def test_named_takeaway_keeps_its_label_and_inline_form():
    found = html_sections("<ul><li>One.</li></ul><p><strong>The Metals Desk Takeaway:</strong> Yield is the test.</p>")
    assert found.takeaway_label == "The Metals Desk Takeaway"
    assert [b.plain for b in found.takeaway] == ["Yield is the test."]


# Body: paragraphs, subheadings, links.


def test_body_keeps_subheadings_and_links_in_text():
    found = text_sections(
        "- A point.\n\nThe plant restarted.\n\nWhat comes next\n\nA [second phase](https://example.org/p2) is planned.\n"
    )
    assert [(b.kind, b.markdown) for b in found.body] == [
        ("paragraph", "The plant restarted."),
        (HEADING, "What comes next"),
        ("paragraph", "A [second phase](https://example.org/p2) is planned."),
    ]
    assert "## What comes next" in render_markdown(found.body)


def test_body_keeps_subheadings_and_links_in_html():
    found = html_sections(
        '<h2>Highlights</h2><ul><li>A point.</li></ul><p>See <a href="https://example.org/r">the report</a>.</p><h3>Next steps</h3><p>More.</p>'
    )
    assert render_markdown(found.body) == "See [the report](https://example.org/r).\n\n### Next steps\n\nMore.\n"


def test_html_source_line_breaks_are_spaces_and_br_breaks_lines():
    found = html_sections("<h2>Key points</h2><ul><li>A\npoint.</li></ul><p>The kiln\nran at 5\u00a0%.<br>A new line.</p>")
    assert [b.plain for b in found.body] == ["The kiln ran at 5\u00a0%.", "A new line."]


def test_hard_wrapped_paragraphs_are_joined_and_one_line_paragraphs_are_not():
    wrapped = text_sections("- A point.\n\nThe company said the kiln\nreached its design rate.\n\nIt gave no cost.\n")
    assert [b.plain for b in wrapped.body] == ["The company said the kiln reached its design rate.", "It gave no cost."]
    pasted = text_sections("- A point.\nThe kiln reached its design rate.\nIt gave no cost.\n")
    assert [b.plain for b in pasted.body] == ["The kiln reached its design rate.", "It gave no cost."]


def test_a_source_line_never_continues_the_paragraph_before_it():
    found = text_sections("- A point.\nThe paragraph ends without a full stop\nSource: Xinhua (state news agency).\n")
    assert [b.plain for b in found.body] == ["The paragraph ends without a full stop"]
    assert found.source


# Title and date lines.


def test_title_and_published_lines():
    found = text_sections("Lynas restarts Kuantan\nPublished: 3 February 2025\nHighlights\n- A point.\n")
    assert found.title == "Lynas restarts Kuantan"
    assert found.date.isoformat() == "2025-02-03"


def test_explicit_title_line():
    found = text_sections("Title: Quotas cut again\nDate: 2025-06-30\n- A point.\n")
    assert (found.title, found.date.isoformat()) == ("Quotas cut again", "2025-06-30")


def test_a_sentence_first_is_body_not_title():
    found = text_sections("The ministry cut quotas today.\nHighlights\n- A point.\n")
    assert found.title is None
    assert [b.plain for b in found.body] == ["The ministry cut quotas today."]


def test_sections_end_to_end_in_a_post(tmp_path):
    meta, body = import_text(
        "Title: Quotas cut again\n- A point.\n- The plan:\n    - one\n    - two\nBody paragraph.\n"
        "Why it matters\nIt sets prices.\nTakeaway\nWatch June.\n",
        tmp_path,
    )
    assert meta["highlights"] == ["A point.", {"text": "The plan:", "items": ["one", "two"]}]
    assert meta["why_newsworthy"] == "It sets prices."
    assert meta["takeaway"] == "Watch June."
    assert "takeaway_label" not in meta
    assert body.strip() == "Body paragraph."


def test_a_sources_own_takeaway_label_is_not_carried_over(tmp_path):
    meta, _ = import_text(
        "Title: Quotas cut again\nHighlights\n- A point.\nBody paragraph.\nThe Metals Desk Takeaway\nWatch June.\n", tmp_path
    )
    assert meta["takeaway"] == "Watch June."
    assert "takeaway_label" not in meta  # the box is headed by the site's BRIEFING_LABELS["takeaway"]
