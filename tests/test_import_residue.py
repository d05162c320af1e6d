"""Page residue: cut out of lines, or dropped as whole lines, in every input format."""

from __future__ import annotations

import pytest

from briefing.importer.htmlblocks import blocks_from_html
from briefing.importer.datafiles import DataFileError
from briefing.importer.residue import ResidueRules, is_residue, strip_inline
from briefing.importer.textblocks import blocks_from_text


@pytest.mark.parametrize(
    ("line", "left"),
    [
        ("<!-- wp:paragraph -->", ""),
        ("!-- /wp:paragraph -->", ""),  # its '<' lost in the copy
        ("©!-- /wp:paragraph -->", "©"),
        ('Text <!-- wp:image {"id":12} --> more', "Text more"),
        ("the filing (opens in a new tab) says", "the filing says"),
        ("a report (Opens in new window).", "a report."),
        ("project (opens in a new tab)—described", "project—described"),
    ],
)
def test_inline_residue_is_cut_out(line, left):
    assert " ".join(strip_inline(line).split()) == left


@pytest.mark.parametrize(
    "line",
    [
        "0 Comments",
        "12 comments",
        "No comments yet",
        "Comments (3)",
        "Leave a Reply",
        "Comments are closed.",
        "Share this:",
        "Share this article",
        "Click to share on LinkedIn",
        "Twitter Facebook LinkedIn",
        "Email | Print",
        "Like Loading...",
        "©",
        "© 2025 Rare Earth Brief",
        "Copyright 2024 Example Media Ltd",
        "(c) Example Media",
        "All rights reserved.",
    ],
)
def test_residue_lines_are_recognised(line):
    assert is_residue(line)


@pytest.mark.parametrize(
    "line",
    [
        "Copyright law in China treats separation technology as a state secret.",
        "X",  # a name that is also an ordinary word is not dropped alone
        "Two comments by the minister moved prices.",
        "Share prices fell 4% after the announcement.",
        "The company will print its annual report in May.",
    ],
)
def test_article_lines_are_not_residue(line):
    assert not is_residue(line)


def test_text_reader_drops_residue_lines():
    text = "Highlights\n- A point.\nBody text.\n©!-- /wp:paragraph -->\n0 Comments\n"
    assert [b.plain for b in blocks_from_text(text)] == ["Highlights", "A point.", "Body text."]


def test_html_reader_drops_residue_blocks_and_screen_reader_hints():
    html = (
        '<p>See the <a href="https://example.org/f">filing<span class="sr"> (opens in a new tab)</span></a>.</p>'
        "<h3>Share this:</h3><p><a href='https://t.example'>Twitter</a><a href='https://l.example'>LinkedIn</a></p>"
        "<h2>4 Comments</h2><p>© 2025 Example Media</p>"
    )
    blocks = blocks_from_html(html)
    assert [b.markdown for b in blocks] == ["See the [filing](https://example.org/f)."]


# News-site residue from the editor-editable data file (briefing/data/residue.yaml).


@pytest.mark.parametrize(
    "line",
    [
        "Be the first to comment",
        "Your email address will not be published. Required fields are marked *",
        "Download on the App Store",
        "Get it on Google Play",
        "Sign up for the Smelter Notes newsletter",
        "Last updated: 14 May 2025, 09:12",
        "4 min read",
        "Anzeige",
        "Commenti (7)",
        "Share on LinkedIn",
        "Prices are indicative and may be delayed.",
        "The post Kiln restarts in Baotou appeared first on Ore & Alloy Desk.",
        "Continue reading →",
    ],
)
def test_news_site_residue_lines_are_recognised(line):
    assert is_residue(line)


@pytest.mark.parametrize(
    "line",
    [
        "Anzeigen von Lieferengpässen häufen sich bei Magnetherstellern.",  # a one-word phrase is residue only alone
        "Last year's output was a record.",
        "Sign-ups for the auction closed on Friday, the ministry said in a statement on its website.",
        "The post office in Baotou reopened after the flood.",
    ],
)
def test_article_lines_starting_like_residue_are_kept(line):
    assert not is_residue(line)


def test_a_related_stories_block_goes_with_its_links_and_never_becomes_a_heading():
    html = (
        "<p>The separation plant restarted on Monday.</p><h3>Editors’ Recommendations</h3>"
        "<ul><li><a href='https://x.example/1'>Terbium holds steady</a></li><li><a href='https://x.example/2'>Kiln "
        "repairs finished</a></li></ul><p>Output will reach design rate by June, the operator said.</p>"
    )
    assert [b.plain for b in blocks_from_html(html)] == [
        "The separation plant restarted on Monday.",
        "Output will reach design rate by June, the operator said.",
    ]
    text = "The plant restarted.\n\nLeggi anche:\nRame, nuovo record a Londra\n\nThe operator expects full output by June.\n"
    assert [b.plain for b in blocks_from_text(text)] == ["The plant restarted.", "The operator expects full output by June."]


def test_editors_extend_the_residue_file_and_a_broken_one_is_named(tmp_path):
    rules_file = tmp_path / "residue.yaml"
    rules_file.write_text("lines: [Support our journalism]\nrelated: [From our partners]\n", encoding="utf-8")
    rules = ResidueRules.load(rules_file)
    assert rules.line("Support our journalism: give today") and rules.related("From our partners")
    assert not rules.line("Be the first to comment")
    rules_file.write_text("lines: [Support our journalism]\nheadings: [x]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"residue\.yaml: unknown keys headings"):
        ResidueRules.load(rules_file)
    rules_file.write_text("lines: [3]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"residue\.yaml: lines: expected a list of words or phrases"):
        ResidueRules.load(rules_file)


def test_a_line_of_share_words_that_is_not_residue_is_read_in_one_pass():
    """Each gap between share words has one reading: 20 of them once took hours to refuse."""
    assert not is_residue("print  " * 20 + "this page")
    assert is_residue("Facebook  Twitter | LinkedIn,  Email")
