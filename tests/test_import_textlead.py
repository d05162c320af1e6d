"""Pasted text: the lines above the story (site name, headline, byline, dateline) and its headings."""

from __future__ import annotations

import markdown
import pytest

from briefing.importer.textblocks import blocks_from_text
from briefing.importer.textlead import read_lead

from .test_import_support import import_text, settings

STORY = (
    "Neo Performance Materials said its Narva plant separated its first heavy rare earths this month. "
    "The company expects to ship samples to magnet makers in Europe before the summer."
)


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("Jan 19,2020", "2020-01-19"),
        ("Fri Sep 23, 2011 5:57am EDT", "2011-09-23T10:57:00"),  # 09:57 UTC, in London's summer time
        ("April 22, 2020 \u2013", "2020-04-22"),
        ("by | 20. Jun 2025 - 08:47 |", "2025-06-20T08:47:00"),
        ("Published: 3 March 2025", "2025-03-03"),
        ("By Jane Roe | Reuters\nMarch 3, 2025", "2025-03-03"),
        ("Posted on 2025-03-04\nUpdated 14:02 GMT", "2025-03-04"),
        ("Last updated: 4 March 2025, 09:12", "2025-03-04T09:12:00"),
    ],
)
def test_bylines_and_datelines_give_the_date_and_leave_the_body(head, date, tmp_path):
    meta, body = import_text(f"Narva separates its first heavy rare earths\n{head}\n\n{STORY}\n", tmp_path)
    assert meta["title"] == "Narva separates its first heavy rare earths"
    assert meta["date"] == date
    assert "date guessed" not in meta.get("review", [])
    assert body.strip() == STORY
    for line in head.split("\n"):
        assert line.split()[0] not in body


def test_an_undated_article_is_a_draft_whose_date_is_to_review(tmp_path):
    meta, body = import_text(f"Narva separates its first heavy rare earths\nBy Jane Roe\n\n{STORY}\n", tmp_path)
    assert meta["status"] == "draft" and "date guessed" in meta["review"]
    assert body.strip() == STORY


def test_a_site_name_above_the_headline_is_not_the_title(tmp_path):
    meta, body = import_text(f"Mining Weekly\nNarva separates its first heavy rare earths\nJan 19,2020\n{STORY}\n", tmp_path)
    assert meta["title"] == "Narva separates its first heavy rare earths"
    assert "Mining Weekly" not in body
    assert meta["source"]["name"] == "Mining Weekly"


def test_a_short_headline_alone_is_the_title():
    lead, rest = read_lead(f"Lynas restarts Kuantan\n\n{STORY}\n")
    assert lead.title == "Lynas restarts Kuantan" and lead.site_name is None
    assert rest.strip() == STORY


def test_a_sentence_that_holds_a_date_stays_in_the_story():
    text = f"Narva separates its first heavy rare earths\nOn March 3, 2025 the plant started its first line.\n{STORY}\n"
    lead, rest = read_lead(text)
    assert lead.date is None
    assert "On March 3, 2025 the plant started its first line." in rest


def test_highlights_after_the_head_are_still_the_highlights(tmp_path):
    meta, body = import_text(
        "Narva separates its first heavy rare earths\nBy Jane Roe | Reuters\nJan 19,2020\n\nHighlights\n"
        "- The plant separated dysprosium and terbium.\n- Samples go to magnet makers.\n\n" + STORY + "\n",
        tmp_path,
    )
    assert meta["highlights"] == ["The plant separated dysprosium and terbium.", "Samples go to magnet makers."]
    assert "status" not in meta and meta["date"] == "2020-01-19"


def test_a_short_unpunctuated_line_inside_prose_is_no_heading():
    blocks = blocks_from_text(
        "The plant restarted in May.\nOutput rose in June\nThe company did not say by how much.\n\n"
        "What comes next\n\nA second line is planned.\n"
    )
    kinds = [(b.kind, b.plain) for b in blocks]
    assert ("heading", "Output rose in June") not in kinds
    assert ("paragraph", "Output rose in June") in kinds
    assert ("heading", "What comes next") in kinds


def test_a_dateline_between_blank_lines_in_the_body_is_no_heading():
    blocks = blocks_from_text("The plant restarted in May.\n\nFri Sep 23, 2011 5:57am EDT\n\nOutput rose in June.\n")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "paragraph"]


def test_a_line_starting_with_a_colon_is_no_definition_list(tmp_path):
    meta, body = import_text(f"Narva separates its first heavy rare earths\nJan 19,2020\n\n{STORY}\n\n: the ratio was 3:1\n", tmp_path)
    md = markdown.Markdown(extensions=list(settings()["MARKDOWN"]["extension_configs"]), output_format="html5")
    html = md.convert(body)
    assert "<dl>" not in html and "<dd>" not in html
    assert "<p>&#58; the ratio was 3:1</p>" in html
