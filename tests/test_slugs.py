"""Every briefing at an address of its own: same titles in one year, titles without letters."""

from __future__ import annotations

import feedparser
import pytest
from pelican import Pelican
from pelican.settings import read_settings

from briefing.build import stats
from tests.sitebuild import ROOT, LogCapture, build, write_post

POST = """\
---
title: '{title}'
date: {date}T09:00:00
category: Markets
highlights:
  - {highlight}
---

{highlight}
"""

# file name: (title, date, what the page says)
POSTS = {
    "2025-06-06-ndpr-price-wrap.md": ("NdPr price wrap", "2025-06-06", "Oxide held at the opening level."),
    "2025-06-13-ndpr-price-wrap.md": ("NdPr price wrap", "2025-06-13", "Oxide slipped two per cent on thin trade."),
    "2025-06-20-ndpr-price-wrap.md": ("NdPr price wrap", "2025-06-20", "Oxide recovered on restocking."),
    "2025-07-01-full-stop.md": (".", "2025-07-01", "A post whose title is a full stop."),
    "2025-07-02-em-dash.md": ("—", "2025-07-02", "A post whose title is a dash."),
}
# Where each lands: the first of a title keeps the title's address; the rest take their file name's.
EXPECTED = {
    "2025-06-06-ndpr-price-wrap.md": "2025/ndpr-price-wrap/",
    "2025-06-13-ndpr-price-wrap.md": "2025/2025-06-13-ndpr-price-wrap/",
    "2025-06-20-ndpr-price-wrap.md": "2025/2025-06-20-ndpr-price-wrap/",
    "2025-07-01-full-stop.md": "2025/full-stop/",
    "2025-07-02-em-dash.md": "2025/em-dash/",
}


def write_content(folder, names=POSTS):
    for name in names:
        title, date, highlight = POSTS[name]
        write_post(folder, f"briefings/2025/{name}", POST.format(title=title, date=date, highlight=highlight))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("slugs")
    with LogCapture() as logs:
        site = build(tmp / "output", content=write_content(tmp / "content"), SEARCH_INDEX=False)
    return site, logs.messages()


@pytest.mark.parametrize("name", POSTS)
def test_each_post_has_a_page_of_its_own(built, name):
    site, _ = built
    page = site / EXPECTED[name] / "index.html"
    assert POSTS[name][2][:25] in page.read_text(encoding="utf-8")


def test_no_post_takes_the_years_folder_or_a_bare_dash(built):
    site, _ = built
    assert not (site / "2025" / "index.html").exists() and not (site / "2025" / "-").exists()
    assert len(list(site.glob("2025/*/index.html"))) == len(POSTS)


def test_each_address_change_is_named_in_a_warning(built):
    _, messages = built
    for name, url in EXPECTED.items():
        if name != "2025-06-06-ndpr-price-wrap.md":
            assert any(m.startswith(f"briefings/2025/{name}: ") and repr(url) in m for m in messages), (name, messages)
    assert any("'2025/ndpr-price-wrap/' is already the address of briefings/2025/2025-06-06-ndpr-price-wrap.md"
               in m for m in messages)


def test_the_feed_links_every_post_at_its_own_address(built):
    site, _ = built
    links = sorted(e.link for e in feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes()).entries)
    assert links == sorted(f"https://rare-earth-brief.example/{url}" for url in EXPECTED.values())


def test_addresses_are_stable_when_a_later_post_with_the_same_title_arrives(tmp_path):
    """A newer price wrap never moves the older ones: the addresses depend on date and file name only."""
    content = write_content(tmp_path / "content", list(POSTS)[:2])
    site = build(tmp_path / "output", content=content, SEARCH_INDEX=False)
    for name in list(POSTS)[:2]:
        assert (site / EXPECTED[name] / "index.html").is_file()


def test_a_production_build_publishes_them_without_failing(tmp_path):
    content = write_content(tmp_path / "content")
    with LogCapture() as logs:
        site = build(tmp_path / "output", conf="publishconf.py", content=content, SEARCH_INDEX=False)
    assert all((site / url / "index.html").is_file() for url in EXPECTED.values())
    assert not [m for m in logs.messages() if "briefings/" in m], "a resolved clash is a note, not a warning"


def test_the_devservers_next_build_links_an_edited_post_at_its_new_address(tmp_path):
    """Addresses are settled once per build: the next build of the same Pelican (the devserver's) settles them again.

    Retitling the first price wrap frees its address for the second, which is not edited (the content cache
    gives it back) and must still move; the forked writer, the worker pool and the cache are each on.
    """
    content = write_content(tmp_path / "content")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False,
        "BRIEFING_WORKERS": 2, "BRIEFING_PARALLEL_MIN": 2, "BRIEFING_PARALLEL_WRITE": True,
    })
    pelican = Pelican(settings)
    pelican.run()
    out = tmp_path / "out"
    first, second = (f"https://rare-earth-brief.example/{EXPECTED[name]}" for name in list(POSTS)[:2])
    assert first in _links(out) and second in _links(out)

    edited = "Oxide held at the opening level; terbium firmer."
    write_post(content, "briefings/2025/2025-06-06-ndpr-price-wrap.md",
               POST.format(title="NdPr price wrap: June opens flat", date="2025-06-06", highlight=edited))
    pelican.run()
    count = stats.current()
    assert count.from_cache == len(POSTS) - 1 and count.forked, count
    moved = "https://rare-earth-brief.example/2025/ndpr-price-wrap-june-opens-flat/"
    links = _links(out)
    assert moved in links and first in links and second not in links, links
    assert links[moved] == "NdPr price wrap: June opens flat" and links[first] == "NdPr price wrap"
    assert edited[:30] in (out / "2025" / "ndpr-price-wrap-june-opens-flat" / "index.html").read_text(encoding="utf-8")
    assert POSTS["2025-06-13-ndpr-price-wrap.md"][2] in (out / "2025" / "ndpr-price-wrap" / "index.html").read_text(
        encoding="utf-8")
    section = feedparser.parse((out / "feeds" / "section" / "markets.atom.xml").read_bytes()).entries
    assert {e.link for e in section} == set(links), "every feed of the build links the new addresses"
    assert any(edited[:30] in e.content[0].value for e in section if e.link == moved)


def _links(site) -> dict[str, str]:
    return {e.link: e.title for e in feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes()).entries}
