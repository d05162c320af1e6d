"""The shared examples (``../shared/examples/raw/``) import as their README says a correct import does."""

from __future__ import annotations

import re

import pytest

from briefing.importer.repair import repair

from .test_import_safety import live_markup
from .test_import_support import SHARED_RAW, TODAY, posts, read_post, rendered, run_import

pytestmark = pytest.mark.skipif(not SHARED_RAW.is_dir(), reason=f"shared examples not found at {SHARED_RAW}")

NORTHERN = SHARED_RAW / "northern-rare-earth-phase-ii.txt"
PAGE = SHARED_RAW / "heavy-separation-texas.html"
FEED = SHARED_RAW / "briefings-feed.xml"

#: Every mangled mark of the Northern Rare Earth sample, as it must read once repaired.
NORTHERN_REPAIRS = [
    "its “green", "upgrade” project", "tab)—described", "country’s", "facilities—the", "Workshop B—are",
    "isn’t just", "mining—it’s", "isn’t merely", "capacity—it’s", "SEG—samarium", "gadolinium—streams",
    "reinforce China’s", "from China’s", "NRE’s", "build—already", "workshops—is", "Phase I’s", "entity’s",
]  # fmt: skip


@pytest.fixture(scope="module")
def northern(tmp_path_factory):
    out = tmp_path_factory.mktemp("northern")
    code, report = run_import([NORTHERN], out)
    assert code == 0, report
    (post,) = posts(out)
    meta, body = read_post(post)
    return meta, body, report, post


def test_northern_repair_covers_all_22_mangled_characters():
    raw = NORTHERN.read_text(encoding="utf-8")
    assert raw.count("\u0e42") + raw.count("\u0e22\u0e09") == 22
    repaired = repair(raw)
    assert not re.search("[\u0e00-\u0e7f]", repaired)
    assert "©!-- /wp:paragraph -->" in repaired  # the 22nd: a © the residue rules then remove
    for snippet in NORTHERN_REPAIRS:
        assert snippet in repaired, snippet
    marks = sum(repaired.count(mark) for mark in "’“”—©") - sum(raw.count(mark) for mark in "’“”—©")
    assert marks == 22


def test_northern_highlights(northern):
    meta, *_ = northern
    highlights = meta["highlights"]
    assert len(highlights) == 4
    assert highlights[0].startswith("China's Northern Rare Earth is investing in a major Phase II")
    assert highlights[3] == {
        "text": "Phase II aims to:",
        "items": [
            "Increase efficiency.",
            "Improve environmental practices.",
            "Strengthen output of medium and heavy rare earth elements.",
        ],
    }


def test_northern_body_why_and_takeaway(northern):
    meta, body, *_ = northern
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Northern Rare Earth (NRE), the Baogang-controlled giant")
    assert paragraphs[1].startswith("According to a Rare Earth Exchanges (REEx) translation")
    why = meta["why_newsworthy"].split("\n\n")
    assert len(why) == 2
    assert why[0].startswith("China isn’t just expanding rare earth mining—it’s upgrading")
    assert why[1].startswith("So their aim")
    assert meta["takeaway"].startswith("NRE’s Phase II smelting/separation build—already framing its core workshops—is")
    assert "takeaway_label" not in meta  # "A REEx Takeaway" is the source's brand: the box gets the site's label


def test_northern_source_is_state_media_with_its_note(northern):
    meta, *_ = northern
    assert meta["source"] == {
        "name": "Baogang Daily",
        "kind": "state-media",
        "description": "a media outlet belonging to a state-owned conglomerate",
        "note": "This report originates from a state-owned entity’s publication and should be independently "
        "verified before forming business or investment conclusions.",
    }


def test_northern_punctuation_and_residue(northern):
    meta, body, _, post = northern
    text = post.read_text(encoding="utf-8")
    for snippet in ["country’s", "“green smelting upgrade”", "facilities—the", "mining—it’s", "project—described"]:
        assert snippet in text
    for residue in ["wp:paragraph", "!--", "opens in a new tab", "0 Comments", "©", "\u0e42", "\u0e22\u0e09"]:
        assert residue not in text


def test_northern_metadata(northern):
    meta, _, report, post = northern
    assert {"Northern Rare Earth", "China", "Samarium", "Europium", "Gadolinium"} <= set(meta["tags"])
    assert meta["category"] == "Processing"
    assert meta["title"] == "China's Northern Rare Earth is investing in a major Phase II…"
    assert meta["date"] == TODAY.isoformat()
    assert meta["summary"] == meta["highlights"][0]
    assert meta["import_id"].startswith("sha256:")
    assert "no title found" in report and "no date found" in report
    # A guessed title and date never go live: the post waits as a draft for an editor.
    assert (meta["status"], meta["review"]) == ("draft", ["date guessed", "title guessed"])
    assert post.name == f"{TODAY.isoformat()}-chinas-northern-rare-earth-is-investing-in-a-major-phase-ii.md"


def test_web_page(tmp_path):
    code, report = run_import([PAGE], tmp_path)
    assert code == 0, report
    (post,) = posts(tmp_path)
    meta, body = read_post(post)
    assert meta["title"] == "Heavy Rare Earth Separation Comes to the Gulf Coast"
    assert "status" not in meta and "review" not in meta  # nothing guessed: ready to publish
    assert meta["date"] == "2025-10-14T10:30:00"  # 09:30 UTC, in the site's time zone
    assert post.name == "2025-10-14-heavy-rare-earth-separation-comes-to-the-gulf-coast.md"
    assert len(meta["highlights"]) == 3
    assert meta["highlights"][2] == "Timelines depend on permits & a water-discharge approval still under review."
    assert meta["why_newsworthy"].startswith("Separation of heavy rare earths is the narrowest part")
    assert meta["takeaway"].startswith("Permits and offtake, not chemistry")
    assert meta["source"] == {
        "name": "Texas Commission on Environmental Quality filing",
        "url": "https://example.org/filing",
        "kind": "government",
        "description": "a state regulator",
    }
    assert "[regulatory filing](https://example.org/filing) reviewed by our team" in body
    assert "### What the filing does not say" in body
    text = post.read_text(encoding="utf-8")
    for residue in ["Home", "News", "Share this", "Twitter", "LinkedIn", "0 Comments", "opens in a new tab", "©", "by Staff", "owned", "injected"]:
        assert residue not in text, residue
    assert live_markup(rendered(meta, body)) == []


def test_feed(tmp_path):
    code, report = run_import([FEED], tmp_path)
    assert code == 0, report
    metas = {read_post(p)[0]["import_id"]: read_post(p) for p in posts(tmp_path)}
    assert len(metas) == 2
    first, first_body = metas["https://example.org/news/price-floors"]
    second, _ = metas["https://example.org/news/hdd-recycling"]
    assert (first["title"], first["date"], first["category"]) == (
        "Magnet Makers Weigh Price Floors as Export Licences Slow",
        "2025-11-04T08:15:00",
        "Magnets",
    )
    assert (second["title"], second["date"], second["category"]) == (
        "Recycling Pilot Recovers Neodymium from Hard Drives",
        "2025-11-03T14:00:00",
        "Recycling",
    )
    assert "“We’re planning around a ten-week wait,” one buyer said." in first_body
    assert "â€" not in first_body and "\ufffd" not in first_body
    assert first["takeaway"] == "Watch the licence queue, not the headlines."
    assert "takeaway" not in second
    assert second["why_newsworthy"].startswith("Recycling cannot replace mining")
    assert first["source"]["name"] == "Nikkei Asia"
    assert not {"status", "review"} & {*first, *second}
