"""The feeds as a feed reader gets them: every feed parses, every entry is complete, ids follow their rule."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from feedgenerator.django.utils.xmlutils import UnserializableContentError
from lxml import html as lxml_html

from briefing.feeds.entries import DuplicateEntryId
from briefing.feeds.ids import TagAuthority
from briefing.feeds.xmlfeeds import AtomFeed, RenderedEntries, RssFeed
from briefing.urls import absolutize_html, feed_base, relative_href
from tests.hostile import ATTACK, BODY, LINKS
from tests.sitebuild import CONTENT, LogCapture, build, write_post

AUTHORITY = TagAuthority("rare-earth-brief.example", "2025-01-01")
#: RFC 4151: tag:authority,date:specific, the specific part in URI characters only.
TAG_URI = re.compile(
    r"tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*"
)


def xml_feeds(site: Path) -> list[Path]:
    """The Atom and RSS feeds of briefings (other feeds, such as the newsletter's, are not this module's)."""
    feeds = site / "feeds"
    return sorted([feeds / "all.atom.xml", feeds / "all.rss.xml", *feeds.glob("section/*.xml"), *feeds.glob("tag/*.xml")])


def briefing_count() -> int:
    return len(list((CONTENT / "briefings").rglob("*.md")))


# -- ids -----------------------------------------------------------------------


def test_an_id_comes_from_import_id_when_there_is_one():
    when = datetime(2025, 6, 5, 9, tzinfo=timezone.utc)
    entry_id = AUTHORITY.entry_id("neo-2025-q2", "briefings/2025/2025-06-05-any-name.md", when)
    assert entry_id == "tag:rare-earth-brief.example,2025-01-01:import/neo-2025-q2"


def test_without_import_id_an_id_comes_from_the_file_name_and_the_first_publication_date():
    when = datetime(2025, 6, 5, 9, tzinfo=timezone.utc)
    entry_id = AUTHORITY.entry_id(None, "/x/briefings/2025/2025-06-05-lynas-heavy-feed.md", when)
    assert entry_id == "tag:rare-earth-brief.example,2025-01-01:briefing/2025-06-05/lynas-heavy-feed"
    # The same name in another folder, or on another day, is another briefing.
    assert AUTHORITY.entry_id(None, "/y/2025-06-05-lynas-heavy-feed.md", when) == entry_id
    assert AUTHORITY.entry_id(None, "/x/lynas-heavy-feed.md", when.replace(day=6)) != entry_id


@pytest.mark.parametrize("import_id", ["a b/c", "Dy–Tb prices", "50% <more>", "x#y?z"])
def test_ids_are_valid_tag_uris_whatever_the_import_id_or_file_name(import_id):
    when = datetime(2025, 1, 2)
    for entry_id in (
        AUTHORITY.entry_id(import_id, "any.md", when),
        AUTHORITY.entry_id(None, f"2025-01-02-{import_id}.md", when),
    ):
        assert TAG_URI.fullmatch(entry_id), entry_id


@pytest.mark.parametrize(
    "domain, start", [("Rare Earth.example", "2025"), ("https://x.example", "2025"), ("x.example", "Jan 2025"), ("", "2025")]
)
def test_an_authority_that_cannot_make_tag_uris_is_refused(domain, start):
    with pytest.raises(ValueError):
        TagAuthority(domain, start)


def test_a_feed_id_names_its_kind_and_slug():
    assert AUTHORITY.feed_id("section", "processing") == "tag:rare-earth-brief.example,2025-01-01:feed/section/processing"
    assert AUTHORITY.feed_id("all") == "tag:rare-earth-brief.example,2025-01-01:feed/all"


# -- URLs ----------------------------------------------------------------------


def test_relative_urls_in_content_become_absolute_against_the_entry():
    page = "https://rare-earth-brief.example/2025/a-briefing/"
    fragment = (
        'Lead <p>See <a href="../other/">other</a>, <a href=\'/about/\'>about</a>, '
        '<a href="#part">part</a> and <a href="mailto:desk@example.org">mail</a>.</p>'
        '<figure><img src="chart.png" srcset="chart.png 1x, chart@2x.png 2x" alt="Chart"></figure>'
        '<video poster="still.jpg" src="https://cdn.example/v.mp4"></video>'
    )
    result = lxml_html.fragment_fromstring(absolutize_html(fragment, page), create_parent="div")
    refs = {(el.tag, name): el.get(name) for el in result.iter() for name in ("href", "src", "srcset", "poster") if el.get(name)}
    hrefs = [a.get("href") for a in result.iter("a")]
    assert hrefs == [
        "https://rare-earth-brief.example/2025/other/",
        "https://rare-earth-brief.example/about/",
        "https://rare-earth-brief.example/2025/a-briefing/#part",
        "mailto:desk@example.org",
    ]
    assert refs[("img", "src")] == page + "chart.png"
    assert refs[("img", "srcset")] == f"{page}chart.png 1x, {page}chart@2x.png 2x"
    assert refs[("video", "poster")] == page + "still.jpg"
    assert refs[("video", "src")] == "https://cdn.example/v.mp4"
    assert result.text_content().startswith("Lead See other")


def test_the_feed_base_is_absolute_even_without_siteurl():
    assert feed_base({"SITEURL": "", "FEED_DOMAIN": "", "SITE_DOMAIN": "x.example"}) == "https://x.example"
    assert feed_base({"SITEURL": "https://a.example/", "FEED_DOMAIN": "https://a.example"}) == "https://a.example"
    with pytest.raises(ValueError):
        feed_base({"SITEURL": "", "FEED_DOMAIN": "/relative"})


def test_the_stylesheet_is_linked_relative_to_each_feed():
    assert relative_href("feeds/all.atom.xml", "theme/feed.xsl") == "../theme/feed.xsl"
    assert relative_href("feeds/tag/dysprosium.atom.xml", "theme/feed.xsl") == "../../theme/feed.xsl"


# -- each entry's XML written once per build ----------------------------------------


def _items(title_suffix: str = "") -> list[dict]:
    """Entries as the Writer adds them, with what a hostile post could put in every field."""
    when = datetime(2025, 11, 3, 7, 30, tzinfo=timezone.utc)
    return [
        dict(title=f"Tailings deal {ATTACK}{title_suffix}", link="https://rare-earth-brief.example/2025/tailings-deal/",
             description=f"Terbium from tailings & ]]> {ATTACK}", content=f"<p>Kiln {LINKS}</p>{BODY}",
             unique_id="tag:rare-earth-brief.example,2025-01-01:briefing/2025-11-03/tailings-deal",
             unique_id_is_permalink=False, pubdate=when, updateddate=when,
             categories=["Processing", "terbium", "<b>"], authors=("Desk \"Asia\"", "Ngô Thị Hà")),
        dict(title="Magnet line doubles", link="https://rare-earth-brief.example/2025/magnet-line/",
             description="Sintered NdFeB output doubles.", content=None,
             unique_id="tag:rare-earth-brief.example,2025-01-01:import/42", unique_id_is_permalink=False,
             pubdate=when, updateddate=when, categories=[], authors=("Rare Earth Brief",)),
    ]


def _feed(feed_class, items, rendered=None) -> str:
    feed = feed_class(title="Rare Earth Brief: terbium (topic)", link="https://rare-earth-brief.example/tag/terbium/",
                      description="Briefings", feed_url="https://rare-earth-brief.example/feeds/tag/terbium.atom.xml",
                      feed_guid="tag:rare-earth-brief.example,2025-01-01:feed/tag/terbium", author_name="Rare Earth Brief",
                      empty_date=datetime(2025, 1, 1, tzinfo=timezone.utc), rendered=rendered)
    for item in items:
        feed.add_item(**item)
    return feed.writeString("utf-8")


@pytest.mark.parametrize("feed_class", [AtomFeed, RssFeed])
def test_an_entry_written_once_for_many_feeds_is_the_xml_feedgenerator_writes(feed_class):
    rendered = RenderedEntries()
    alone = _feed(feed_class, _items())
    assert _feed(feed_class, _items(), rendered) == alone
    assert _feed(feed_class, list(reversed(_items())), rendered) == _feed(feed_class, list(reversed(_items())))
    # An entry that differs in any field (here after a feed_generated listener retitled it) is written afresh.
    retitled = _feed(feed_class, _items(" (corrected)"), rendered)
    assert retitled == _feed(feed_class, _items(" (corrected)")) and "(corrected)" in retitled
    assert not feedparser.parse(retitled).bozo
    # A field holding the character that marks the content's place, an empty content, another content.
    for change in ({"title": "Tailings \ue000 deal"}, {"content": ""}, {"content": "<p>Kiln restarted &amp; ]]></p>"}):
        items = [{**item, **change} for item in _items()]
        assert _feed(feed_class, items, rendered) == _feed(feed_class, items)
    # A content XML cannot carry stops the feed as it would without the memory, however often it comes.
    broken = [{**item, "content": "<p>Kiln\x0brestarted</p>"} for item in _items()]
    for _ in range(2):
        with pytest.raises(UnserializableContentError):
            _feed(feed_class, broken, rendered)


# -- the local build: every feed read by feedparser ------------------------------


def test_every_feed_is_built(site):
    sections = {p.name for p in (site / "section").iterdir() if p.is_dir()}
    tags = {p.name for p in (site / "tag").iterdir() if p.is_dir()}
    assert {p.name for p in (site / "feeds").iterdir() if p.is_file()} >= {"all.atom.xml", "all.rss.xml", "all.json"}
    assert {p.name.removesuffix(".atom.xml") for p in (site / "feeds" / "section").iterdir()} == sections
    assert {p.name.removesuffix(".atom.xml") for p in (site / "feeds" / "tag").iterdir()} == tags
    assert len(sections) >= 5 and len(tags) >= 20


def test_feedparser_reads_every_feed_without_error_and_every_entry_is_complete(site):
    feeds = xml_feeds(site)
    assert len(feeds) > 40
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version in ("atom10", "rss20"), path
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.get("title") and "<" not in entry.title and "\xa0" not in entry.title, (path, entry.get("title"))
            assert entry.get("link", "").startswith("https://"), (path, entry.get("link"))
            assert TAG_URI.fullmatch(entry.get("id", "")), (path, entry.get("id"))
            assert entry.get("published_parsed") and dict.get(entry, "updated_parsed"), (path, entry.title)
            assert entry.get("content") and len(entry.content[0].value) > 500, (path, entry.title)
            assert entry.get("author") == "Rare Earth Brief", (path, entry.get("author"))
            assert entry.get("tags"), (path, entry.title)


def test_each_feed_names_its_subject_and_links_its_page(site):
    base = "https://rare-earth-brief.example"
    for path, title, page, feed_id in [
        ("feeds/all.atom.xml", "Rare Earth Brief", "/", AUTHORITY.feed_id("all")),
        ("feeds/all.rss.xml", "Rare Earth Brief", "/", None),  # RSS channels have no id
        ("feeds/section/processing.atom.xml", "Rare Earth Brief: Processing (section)", "/section/processing/",
         AUTHORITY.feed_id("section", "processing")),
        ("feeds/tag/ndpr.atom.xml", "Rare Earth Brief: NdPr (topic)", "/tag/ndpr/", AUTHORITY.feed_id("tag", "ndpr")),
    ]:
        feed = feedparser.parse((site / path).read_bytes()).feed
        assert feed.title == title and feed.link == base + page, path
        assert [link.href for link in feed.links if link.rel == "self"] == [f"{base}/{path}"]
        assert feed.get("id") == feed_id
        assert feed.get("author", "Rare Earth Brief") == "Rare Earth Brief"


def test_entries_carry_the_whole_briefing_with_its_boxes(site):
    parsed = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes())
    assert len(parsed.entries) == briefing_count()
    for entry in parsed.entries:
        content = entry.content[0].value
        for box in ("briefing-highlights", "briefing-why-newsworthy", "briefing-takeaway", "briefing-source"):
            assert f'class="briefing-box {box}' in content, (entry.title, box)
        assert entry.summary and "<" not in entry.summary


def test_without_modified_a_briefing_was_last_updated_when_published(site):
    # (A briefing with `modified`: tests/test_feeds_validity.py::test_every_url_in_production_feeds_is_absolute.)
    for name in ("all.atom.xml", "all.rss.xml"):
        for entry in feedparser.parse((site / "feeds" / name).read_bytes()).entries:
            assert entry.updated_parsed == entry.published_parsed, (name, entry.title)


def test_the_json_feed_has_every_field_json_feed_1_1_requires(site):
    feed = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and isinstance(feed["items"], list)
    assert feed["home_page_url"] == "https://rare-earth-brief.example/"
    assert feed["feed_url"] == "https://rare-earth-brief.example/feeds/all.json"
    assert all(author.get("name") for author in feed["authors"])
    atom = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes())
    assert [item["id"] for item in feed["items"]] == [entry.id for entry in atom.entries]
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        assert item["url"].startswith("https://") and item["title"]
        for key in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[key]).tzinfo is not None, (item["title"], key)
        assert item["tags"] and all(isinstance(tag, str) for tag in item["tags"])
        assert item["authors"] and all(author.get("name") for author in item["authors"])


def test_every_page_links_the_site_feeds_and_section_and_tag_pages_their_own(site):
    wanted = {
        "application/atom+xml": "../feeds/all.atom.xml",
        "application/rss+xml": "../feeds/all.rss.xml",
        "application/feed+json": "../feeds/all.json",
    }
    for page in ["index.html", "about/index.html", "archives/index.html", "section/policy/index.html",
                 "tag/ndpr/index.html"]:
        doc = lxml_html.parse(str(site / page)).getroot()
        links = doc.xpath("//head/link[@rel='alternate']")
        for link in links:
            assert (site / page).parent.joinpath(link.get("href")).resolve().is_file(), (page, link.get("href"))
        types = {link.get("type") for link in links}
        assert set(wanted) <= types, page
    for page, own in [("section/policy/index.html", "feeds/section/policy.atom.xml"),
                      ("tag/ndpr/index.html", "feeds/tag/ndpr.atom.xml")]:
        doc = lxml_html.parse(str(site / page)).getroot()
        hrefs = [link.get("href") for link in doc.xpath("//head/link[@rel='alternate']")]
        assert any(href.endswith(own) for href in hrefs), (page, hrefs)


# -- settings: the cap and summary-only entries ----------------------------------


@pytest.fixture(scope="module")
def capped_summary_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("capped") / "output", FEED_MAX_ITEMS=3, BRIEFING_FEED_CONTENT="summary")


def test_feeds_hold_at_most_feed_max_items_entries(site, capped_summary_site):
    for name in ("all.atom.xml", "all.rss.xml"):
        assert len(feedparser.parse((capped_summary_site / "feeds" / name).read_bytes()).entries) == 3
        assert len(feedparser.parse((site / "feeds" / name).read_bytes()).entries) == briefing_count()
    assert len(json.loads((capped_summary_site / "feeds" / "all.json").read_text())["items"]) == 3
    newest = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes()).entries[:3]
    capped = feedparser.parse((capped_summary_site / "feeds" / "all.atom.xml").read_bytes()).entries
    assert [e.id for e in capped] == [e.id for e in newest], "the cap keeps the newest"


def test_summary_mode_leaves_the_briefing_out_of_every_feed(capped_summary_site):
    for path in xml_feeds(capped_summary_site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        for entry in parsed.entries:
            assert entry.summary and "content" not in entry, (path, entry.title)
    for item in json.loads((capped_summary_site / "feeds" / "all.json").read_text())["items"]:
        assert item["content_text"] == item["summary"] and "content_html" not in item


def test_a_duplicate_id_is_a_warning_locally_and_stops_a_strict_build_naming_both_files(tmp_path):
    content = tmp_path / "content"
    post = """\
        ---
        title: {title}
        date: 2025-03-0{day}
        category: Mining
        highlights: [One.]
        import_id: same-original
        ---

        Body.
        """
    write_post(content, "briefings/2025-03-01-first.md", post.format(title="First", day=1))
    write_post(content, "briefings/2025-03-02-second.md", post.format(title="Second", day=2))
    both = r"2025-03-0\d-\w+\.md.*import/same-original.*2025-03-0\d-\w+\.md"
    with LogCapture() as logs:
        build(tmp_path / "output", content=content)
    assert any(re.search(both, message) for message in logs.messages()), logs.messages()
    with pytest.raises(DuplicateEntryId, match=both):
        build(tmp_path / "strict", content=content, BRIEFING_STRICT=True)


@pytest.mark.parametrize("setting", [{"BRIEFING_FEED_CONTENT": "everything"}, {"SITE_DOMAIN": "Rare Earth Brief"}])
def test_settings_that_cannot_give_valid_feeds_stop_the_build_before_it_writes(tmp_path, setting):
    with pytest.raises(Exception, match=next(iter(setting))):
        build(tmp_path / "output", **setting)
    assert not (tmp_path / "output" / "feeds").exists()
