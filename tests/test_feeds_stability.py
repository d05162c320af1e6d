"""Feed ids never change: not on a rebuild, a retitle, or a move between http and https; builds are reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from tests.sitebuild import build, copy_content, write_post

#: A briefing with no import_id: its id comes from its file name and date.
UNIMPORTED = "briefings/2025/2025-12-02-hand-written-briefing.md"
UNIMPORTED_POST = """\
---
title: A hand-written briefing on magnet prices
date: 2025-12-02T08:30:00
category: Magnets
tags: [Prices]
highlights:
  - Written by hand, with no import id.
---

Body.
"""
#: A briefing with an import_id.
IMPORTED = "briefings/2025/2025-06-05-heavy-rare-earth-export-licence-delays.md"


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    quoted = json.dumps(title)  # a JSON string is a YAML string
    path.write_text(re.sub(r"(?m)^title: .*$", lambda _: f"title: {quoted}", text, count=1), encoding="utf-8")


def feed_entries(site: Path) -> dict[str, dict[str, str]]:
    """Every entry of every feed, by feed path: {id: title}."""
    feeds = {}
    for path in sorted((site / "feeds").rglob("*.xml")):
        feeds[path.relative_to(site).as_posix()] = {e.id: e.title for e in feedparser.parse(path.read_bytes()).entries}
    items = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))["items"]
    feeds["feeds/all.json"] = {item["id"]: item["title"] for item in items}
    return feeds


def feed_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "feeds").rglob("*"))
            if p.suffix in (".xml", ".json")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same content built twice over https, then retitled and built over http."""
    root = tmp_path_factory.mktemp("stability")
    content = copy_content(root / "content")
    write_post(content, UNIMPORTED, UNIMPORTED_POST)
    https = {"SITEURL": "https://rare-earth-brief.example", "FEED_DOMAIN": "https://rare-earth-brief.example"}
    first = build(root / "first", conf="publishconf.py", content=content, **https)
    second = build(root / "second", conf="publishconf.py", content=content, **https)
    retitle(content / UNIMPORTED, "Magnet prices, seen by hand")
    retitle(content / IMPORTED, "Heavy rare-earth licences: the queue lengthens")
    http = {"SITEURL": "http://rare-earth-brief.example", "FEED_DOMAIN": "http://rare-earth-brief.example"}
    retitled = build(root / "retitled", conf="publishconf.py", content=content, **http)
    return first, second, retitled


def test_a_second_identical_build_gives_byte_identical_feeds(builds):
    first, second, _ = builds
    before, after = feed_bytes(first), feed_bytes(second)
    assert len(before) > 40
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == []


def test_retitling_and_moving_to_http_change_links_and_titles_but_no_id(builds):
    first, _, retitled = builds
    before, after = feed_entries(first), feed_entries(retitled)
    assert before.keys() == after.keys()
    for feed in before:
        assert list(before[feed]) == list(after[feed]), feed
    every = after["feeds/all.atom.xml"]
    new_titles = {"Magnet prices, seen by hand", "Heavy rare-earth licences: the queue lengthens"}
    assert new_titles <= set(every.values()), "the retitles reached the feed"
    assert not new_titles & set(before["feeds/all.atom.xml"].values())
    ids = {title: entry_id for entry_id, title in every.items()}
    assert ids["Magnet prices, seen by hand"].endswith(":briefing/2025-12-02/hand-written-briefing")
    assert ids["Heavy rare-earth licences: the queue lengthens"].endswith(":import/sample-2025-heavy-re-licence-delays")
    # The links did move: to the new slug, and to http.
    links = [e.link for e in feedparser.parse((retitled / "feeds" / "all.atom.xml").read_bytes()).entries]
    assert "http://rare-earth-brief.example/2025/magnet-prices-seen-by-hand/" in links
    assert all(link.startswith("http://") for link in links)
