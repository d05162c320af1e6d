"""Page residue: cut out of lines, or dropped as whole lines, in every input format."""

from __future__ import annotations

import pytest

from briefing.importer.htmlblocks import blocks_from_html
from briefing.importer.residue import is_residue, strip_inline
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
