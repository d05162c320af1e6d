"""The Source line: name, URL, description, kind and verification note."""

from __future__ import annotations

import pytest

from briefing.importer.htmlblocks import blocks_from_html
from briefing.importer.sources import SourceRules
from briefing.importer.textblocks import blocks_from_text
from briefing.schema import Source

RULES = SourceRules.load()


def from_text(line: str) -> Source | None:
    return RULES.parse(blocks_from_text(line))


def test_state_owned_media_with_a_verification_note():
    source = from_text(
        "Inner Mongolia Daily (a newspaper of a state-owned publishing group). The figures come from the "
        "company’s parent and should be independently verified."
    )
    assert source == Source(
        name="Inner Mongolia Daily",
        kind="state-media",
        description="a newspaper of a state-owned publishing group",
        note="The figures come from the company’s parent and should be independently verified.",
    )


def test_known_state_outlets_by_name():
    assert from_text("Xinhua.").kind == "state-media"


def test_link_gives_name_and_url():
    (block,) = blocks_from_html('<p><a href="https://ministry.example/notice-7">Ministry of Commerce notice</a> (a government regulator).</p>')
    source = RULES.parse([block])
    assert (source.name, source.url, source.kind, source.description) == (
        "Ministry of Commerce notice",
        "https://ministry.example/notice-7",
        "government",
        "a government regulator",
    )


def test_bare_url_becomes_the_url_not_the_description():
    source = from_text("Lynas Rare Earths (company announcement), https://lynas.example/asx/7.")
    assert (source.name, source.url, source.description) == (
        "Lynas Rare Earths",
        "https://lynas.example/asx/7",
        "company announcement",
    )


def test_a_url_alone_is_named_by_its_host():
    source = from_text("https://metals-wire.example/2025/08/story")
    assert (source.name, source.url) == ("metals-wire.example", "https://metals-wire.example/2025/08/story")


def test_clause_after_a_comma_is_the_description():
    source = from_text("Reuters, via Mining.com.")
    assert (source.name, source.kind, source.description) == ("Reuters", "wire", "via Mining.com")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Arafura Rare Earths press release.", "company"),
        ("Fastmarkets (price assessment).", "trade-press"),
        ("University of Birmingham (research summary).", "research"),
        ("US Geological Survey (Mineral Commodity Summaries).", "government"),
        ("Bloomberg.", "wire"),
        ("A blog post by an analyst.", "other"),
    ],
)
def test_kind_from_the_editable_rules(line, kind):
    assert from_text(line).kind == kind


def test_sentences_without_verification_language_join_the_description():
    source = from_text("Nikkei Asia (business daily). The report cites two buyers.")
    assert (source.description, source.note) == ("business daily. The report cites two buyers.", None)


def test_note_is_markdown_safe():
    source = from_text("Some outlet. Claims about <b>output</b> could not be verified.")
    assert source.note == "Claims about &lt;b>output&lt;/b> could not be verified."


def test_javascript_source_url_is_dropped():
    (block,) = blocks_from_html('<p><a href="javascript:alert(1)">Outlet</a> (trade press).</p>')
    source = RULES.parse([block])
    assert source.url is None and source.name == "Outlet"


def test_nothing_to_name_gives_no_source():
    assert RULES.parse([]) is None


def test_editors_can_add_kind_rules_without_code(tmp_path):
    rules_file = tmp_path / "sources.yaml"
    rules_file.write_text(
        "kinds:\n  - kind: trade-press\n    words: [Rare Metals Bulletin]\nverification: [unconfirmed]\n", encoding="utf-8"
    )
    rules = SourceRules.load(rules_file)
    source = rules.parse(blocks_from_text("Rare Metals Bulletin. Volumes are unconfirmed."))
    assert (source.kind, source.note) == ("trade-press", "Volumes are unconfirmed.")
