"""Text repair: wrong code pages undone, layout normalised, genuine text left alone."""

from __future__ import annotations

import pytest

from briefing.importer.repair import normalise_layout, repair, repair_thai_codepage, repair_windows_1252

from .test_import_support import FIXTURES


def cp874(text: str) -> str:
    """``text`` as it looks when its UTF-8 bytes are read as code page 874, bytes kept where defined."""
    return text.encode("utf-8").decode("cp874", errors="ignore")


def lost(text: str) -> str:
    """``text`` as the shared sample shows it: only the lead byte of ’ “ ” — survives, as โ."""
    for mark in "\u2019\u201c\u201d\u2014":
        text = text.replace(mark, "\u0e42")
    return text


# Code page 874, every byte kept: the damage reverses exactly.


@pytest.mark.parametrize("original", ["© 2025", "café société", "£40/kg", "NdPr – 2026", "costs … more", "• bullet"])
def test_two_and_three_byte_sequences_reverse_exactly(original):
    assert repair(cp874(original)) == original


def test_copyright_sign_from_code_page_874():
    assert repair("\u0e22\u0e09 Rare Earth Brief") == "© Rare Earth Brief"


# Code page 874 with the continuation bytes lost: the lone mark is decided by its neighbours.


@pytest.mark.parametrize(
    "original",
    [
        "the country’s largest plant",  # apostrophe inside a word (possessive)
        "China isn’t just mining",  # contraction
        "they’re, we’ve, it’ll, I’d, I’m",  # every contraction ending
        "a “green smelting upgrade” project",  # opening and closing quotes
        "key facilities—the conversion workshop",  # dash between words
        "mining—it’s upgrading",  # dash then apostrophe
        "(and SEG—samarium, europium—streams)",  # dashes inside a parenthesis
        "the project (opens later)—described as large",  # dash after a parenthesis
        "the players’ union",  # possessive plural: closes, with no quotation open
        "few plants — and fewer still",  # spaced dash
        "He said “yes.” Then left.",  # closing after punctuation
        "“Quoted at the start,” she said.",  # opening at the start of the text
    ],
)
def test_lost_marks_are_decided_from_context(original):
    assert repair(lost(original)) == original


def test_lost_mark_between_digits_is_a_range():
    assert repair("2020\u0e422025") == "2020–2025"


def test_lost_mark_with_euro_and_replacement_character_is_still_recognised():
    assert repair("the company\u0e42\u20ac\ufffds plan") == "the company’s plan"


def test_quotation_state_resets_at_each_paragraph():
    damaged = lost("an “open quote here\nthe players’ union")
    assert repair(damaged).splitlines()[1] == "the players’ union"


def test_every_mangled_mark_of_the_fixture_is_repaired():
    text = repair((FIXTURES / "mangled-cp874.txt").read_text(encoding="utf-8"))
    for expected in ["Solvay’s", "“closed loop”", "kind—built", "thorium—and", "isn’t", "players’", "plants — and", "© 2025"]:
        assert expected in text
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in text)


# Genuine Thai is left alone.


def test_genuine_thai_is_left_alone():
    text = (FIXTURES / "thai-genuine.txt").read_text(encoding="utf-8")
    assert repair(text) == normalise_layout(text)


def test_thai_words_that_happen_to_decode_are_left_alone_in_thai_text():
    # "ยก" alone would decode to "¡", but in a Thai text it is the word for "lift".
    assert repair_thai_codepage("เรายกระดับการผลิต ยก ขึ้น") == "เรายกระดับการผลิต ยก ขึ้น"


def test_a_lone_mark_between_latin_letters_is_repaired_even_in_thai_text():
    text = "ข่าวจากกรุงเทพ: the company\u0e42s plan"
    assert repair(text) == "ข่าวจากกรุงเทพ: the company’s plan"


# Windows-1252 and Latin-1, through ftfy.


@pytest.mark.parametrize(
    ("damaged", "original"),
    [
        ("Neoâ€™s plant", "Neo’s plant"),
        ("â€œWe are sold out,â€\ufffd he said", "“We are sold out,” he said"),
        ("SÃ£o Paulo", "São Paulo"),
        ("costs â‚¬5", "costs €5"),
        ("Ã¢â‚¬â„¢ twice", "’ twice"),
        ("Ã  la carte", "à la carte"),  # the no-break space of "à" became a plain space
    ],
)
def test_windows_1252_mojibake_is_repaired(damaged, original):
    assert repair(damaged) == original


@pytest.mark.parametrize("text", ["naïve café, Zürich", "It’s “curly” — keep it", "NÃO is Portuguese", "¿Qué pasa?"])
def test_correct_text_is_unchanged(text):
    assert repair(text) == text


def test_curly_quotes_are_not_uncurled():
    assert repair_windows_1252("“a” ‘b’") == "“a” ‘b’"


# Layout.


def test_bom_crlf_and_blank_runs_are_normalised():
    assert repair("\ufeffHighlights\r\n- one\r\n\r\n\r\n\r\nBody   \r\nend\r") == "Highlights\n- one\n\nBody\nend"


def test_html_entities_in_plain_text_are_decoded():
    assert repair("Permits &amp; offtake") == "Permits & offtake"


def test_long_runs_without_words_are_repaired_around_not_through():
    """A pasted image's base64, a run of spaces, mojibake elsewhere: the damage is repaired, the rest kept."""
    blob = "data:image/png;base64," + "iVBORw0KGgo" * 20_000
    spaces = "Source" + " " * 200_000 + "Rare Earth Wire"
    text = f"It\u00e2\u20ac\u2122s the plant\u00e2\u20ac\u2122s first year.\n{blob}\n{spaces}\n"
    assert repair(text) == f"It\u2019s the plant\u2019s first year.\n{blob}\n{spaces}"
