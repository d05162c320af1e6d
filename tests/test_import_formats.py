"""Inputs: reading and decoding, format detection by content, and each format's reader."""

from __future__ import annotations

import codecs

import pytest

from briefing.importer.errors import ImportFailure
from briefing.importer.formats import FEED, HTML, MAX_TEXT_BYTES, POST, TEXT, detect_format, read_articles
from briefing.importer.inputs import decode, expand

from .test_import_support import FIXTURES, import_one, posts, read_post, run_import

# Decoding.


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PNG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary file (a PDF document)"),
        (b"Highlights\n\x00\x01\x02\x03", "binary file (it contains NUL bytes)"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08 text", "binary file (mostly control characters)"),
        (b"caf\xe9 au lait", "undecodable bytes: not UTF-8 (byte 0xe9 at offset 3)"),
    ],
)
def test_inputs_that_are_not_text_fail_with_the_reason(data, reason):
    with pytest.raises(ImportFailure, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_bom_and_utf16_and_declared_charsets_are_honoured():
    assert decode(codecs.BOM_UTF8 + "Zürich".encode()) == "Zürich"
    assert decode(codecs.BOM_UTF16_LE + "Zürich".encode("utf-16-le")) == "Zürich"
    page = '<html><head><meta charset="windows-1252"></head><body>caf\xe9</body></html>'.encode("cp1252")
    assert "café" in decode(page)


def test_an_explicit_encoding_overrides_utf8():
    assert decode(b"caf\xe9", encoding="cp1252") == "café"
    with pytest.raises(ImportFailure, match="unknown encoding"):
        decode(b"x", encoding="no-such-codec")


def test_folders_are_walked_in_order_without_hidden_files(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / "notes").write_text("x")  # no ending: read, its content decides
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    found = list(expand([str(tmp_path)]))
    assert [(i.label.rsplit("/", 1)[-1], i.skip_reason) for i in found] == [
        ("a.html", None),
        ("b.txt", None),
        ("notes", None),
        ("photo.jpg", "not an article file (.jpg ending)"),
    ]


# Detection by content, not by the file's name.


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', FEED),
        ('<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>', FEED),
        ("<!DOCTYPE html>\n<html><body></body></html>", HTML),
        ("<h2>Highlights</h2><ul><li>One</li></ul>", HTML),
        ("Highlights\n- One <b>bold</b>\n", TEXT),
        ("<script>alert(1)</script> is what the text says", TEXT),
        ("---\ntitle: Written by hand\ndate: 2025-01-01\n---\n\nBody.\n", POST),
        ("---\n\nA rule first, then text.\n", TEXT),
    ],
)
def test_format_is_detected_by_content(text, kind):
    assert detect_format(text) == kind


def test_an_existing_post_is_not_imported_again(tmp_path):
    import_one(FIXTURES / "pasted-lynas-kalgoorlie.txt", tmp_path)
    (post,) = posts(tmp_path / "out")
    code, report = run_import([post], tmp_path / "again")
    assert code == 1
    assert "already a post with front matter, not a raw article" in report


def test_a_feed_saved_as_text_is_read_as_a_feed(tmp_path):
    meta, _ = import_one(FIXTURES / "feed-saved-as.txt", tmp_path)
    assert meta["title"] == "Hard-drive magnets find a second life"
    assert meta["date"] == "2025-07-16T10:00:00"


# Feeds.


def test_atom_feed_gives_a_post_per_entry_with_its_metadata(tmp_path):
    out = tmp_path / "out"
    code, report = run_import([FIXTURES / "feed-atom.xml"], out)
    assert code == 0, report
    metas = sorted((read_post(p)[0] for p in posts(out)), key=lambda m: m["date"])
    assert [(m["title"], m["date"], m["category"], m["import_id"]) for m in metas] == [
        (
            "Quota cut rumours lift oxide prices",
            "2025-08-29T13:00:00",
            "Markets",
            "tag:separation-weekly.example,2025:quota-rumours",
        ),
        (
            "Estonian separation plant adds a heavy rare earth circuit",
            "2025-09-02T08:00:00",
            "Processing",
            "tag:separation-weekly.example,2025:narva-heavy",
        ),
    ]
    assert report.count("feed-atom.xml (item") == 2


def test_a_feed_without_items_fails():
    with pytest.raises(ImportFailure, match="a feed with no items"):
        read_articles('<rss version="2.0"><channel><title>x</title></channel></rss>', "f.xml")


# Web pages.


def test_page_main_content_only(tmp_path):
    meta, body = import_one(FIXTURES / "page-mp-materials.html", tmp_path)
    post = str(meta) + body
    residues = ["Home", "About us", "Most read", "Nickel falls", "Share this", "Twitter", "3 Comments", "cheap pills"]
    for residue in [*residues, "All rights reserved", "opens in a new tab"]:
        assert residue not in post
    assert meta["highlights"][0].startswith("MP Materials has started commissioning")
    assert "[Our explainer](https://metals-wire.example/mp-explainer)" in body
    assert "*mine to magnet*" in body


def test_relative_links_resolve_against_the_page_and_empty_ones_vanish(tmp_path):
    _, body = import_one(FIXTURES / "page-mp-materials.html", tmp_path)
    assert "[full statement](https://metals-wire.example/relative/path)" in body
    assert "Click here for the" in body  # the javascript: link is gone, its words stay


def test_page_title_falls_back_to_og_title_then_title(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><title>Quota news | Wire</title><meta property="og:title" content="Quota cut confirmed"></head>'
        "<body><article><ul><li>The ministry confirmed the cut.</li></ul></article></body></html>",
        encoding="utf-8",
    )
    assert import_one(page, tmp_path)[0]["title"] == "Quota cut confirmed"


def test_html_fragment_is_read_without_page_extraction(tmp_path):
    fragment = tmp_path / "fragment.html"
    fragment.write_text("<h2>Highlights</h2><ul><li>Terbium prices rose.</li></ul><p>Short body.</p>", encoding="utf-8")
    meta, body = import_one(fragment, tmp_path)
    assert meta["highlights"] == ["Terbium prices rose."]
    assert body.strip() == "Short body."


def test_pasted_text_over_the_size_limit_is_refused_with_its_size_and_what_to_do(tmp_path):
    paragraph = "Lynas shipped another cargo of mixed rare earth carbonate from Kalgoorlie to Kuantan.\n"
    huge = tmp_path / "mailbox.txt"
    huge.write_text("Highlights\n- A point.\n" + paragraph * (MAX_TEXT_BYTES // len(paragraph) + 1), encoding="utf-8")
    code, report = run_import([huge], tmp_path / "out")
    assert code == 1
    assert f"failed    {huge} → pasted text of 5.0 MiB is over the limit of 5 MiB for one article; split it" in report
    assert not (tmp_path / "out").exists() or posts(tmp_path / "out") == []

