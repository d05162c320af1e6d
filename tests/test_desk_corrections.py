"""Corrections and updates: `briefing correct` adds a dated note; readers see it on the page, in the feeds,
in the JSON-LD and on /corrections/, and a feed reader sees the same entry updated, never a new one."""

from __future__ import annotations

import email
import json
import os
import re
import shutil
from email.policy import default as default_policy
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html
from pelican.settings import read_settings

from briefing.cli import main
from briefing.newsletter.build import build_issue
from briefing.newsletter.weeks import IsoWeek
from tests.browsing import assert_accessible
from tests.sitebuild import CONTENT, ROOT, build
from tests.vnu import vnu

BRIEFINGS = "briefings/2025"
LYNAS = f"{BRIEFINGS}/2025-06-19-lynas-mount-weld-heavy-feed.md"
ARAFURA = f"{BRIEFINGS}/2025-09-04-arafura-nolans-german-offtake.md"
HOSTILE = ('The ore goes to **Kalgoorlie** first, not <img src=x onerror="alert(1)"> Kuantan'
           ' <script>alert(2)</script> & "so on".')
SITE = "https://rare-earth-brief.example"


def correct(*argv: str) -> int:
    try:
        return main(["correct", *argv, "--settings", str(ROOT / "pelicanconf.py")])
    except SystemExit as stop:
        return stop.code


def small_content(folder: Path) -> Path:
    """Two sample briefings and the pages: enough for a site, small enough to build twice."""
    for relative in (LYNAS, ARAFURA):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CONTENT / relative, folder / relative)
    shutil.copytree(CONTENT / "pages", folder / "pages")
    shutil.copytree(CONTENT / "data", folder / "data")
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same content built before and after `briefing correct` (and a clarification) on one briefing."""
    root = tmp_path_factory.mktemp("corrections")
    content = small_content(root / "content")
    build_ = dict(SITE_ABSOLUTE_URL=SITE, BRIEFING_SEARCH_THREADS=1, SEARCH_INDEX=False)
    before = build(root / "before", content=content, **build_)
    post = content / LYNAS
    original = post.read_text(encoding="utf-8")
    assert correct(str(post), HOSTILE, "--date", "2025-11-12T10:30") == 0
    assert correct(str(post), "Heavy means dysprosium and terbium here.", "--kind", "clarification",
                   "--date", "2025-11-14") == 0
    after = build(root / "after", content=content, **build_)
    return before, after, original, post.read_text(encoding="utf-8")


def lynas_page(site: Path) -> Path:
    return next(site.glob("2025/lynas-*/index.html"))


def test_correct_appends_to_updates_and_changes_nothing_else(sites):
    _, _, original, edited = sites
    added = edited.replace(original.split("\n---\n", 1)[1], "")  # the front matter, now with the notes
    assert edited.endswith(original.split("\n---\n", 1)[1]), "the body is untouched"
    assert original.split("\n---\n", 1)[0] in added, "every line of the front matter is kept as it was"
    assert "updates:\n- date: 2025-11-12 10:30:00\n  kind: correction\n" in edited
    assert "- date: 2025-11-14\n  kind: clarification\n  text: Heavy means dysprosium and terbium here.\n" in edited


def test_correct_refuses_what_it_cannot_add(tmp_path, capsys):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: T\ndate: 2025-06-01\nupdates: [{date: 2025-06-02, kind: update, text: x}]\n---\n\nB\n")
    os.chmod(post, 0o640)
    before = post.read_text()
    assert correct(str(post), "more") == 1  # a flow-style list is not edited by hand
    assert "expected a block list" in capsys.readouterr().err and post.read_text() == before
    assert correct(str(post), "   ") == 2
    assert correct(str(post), "x", "--kind", "retraction") == 2
    assert correct(str(tmp_path / "missing.md"), "x") == 1
    early = tmp_path / "early.md"
    early.write_text("---\ntitle: T\ndate: 2025-06-01\n---\n\nB\n")
    os.chmod(early, 0o640)
    assert correct(str(early), "x", "--date", "2025-05-01") == 1
    assert "is before the briefing's date" in capsys.readouterr().err
    assert correct(str(early), "x", "--date", "2025-06-03") == 0
    assert oct(early.stat().st_mode & 0o777) == "0o640", "the post keeps its permissions"


def test_the_correction_shows_under_the_date_line_sanitised(sites):
    _, after, _, _ = sites
    page = lxml_html.parse(str(lynas_page(after)))
    header_meta = page.xpath("//header[@class='briefing-header']/p[@class='meta']")[0]
    body = page.xpath("//div[@class='briefing-body']")[0]
    notes = body[0]
    assert notes.get("class") == "briefing-updates", "the first thing under the date line"
    first, second = notes.xpath("./div")
    assert first.get("id") == "update-1" and "briefing-update--correction" in first.get("class")
    text = " ".join(first.text_content().split())
    assert text.startswith("Corrected 12 November 2025: The ore goes to Kalgoorlie first")
    assert first.xpath(".//time/@datetime") == ["2025-11-12"]
    assert " ".join(second.text_content().split()).startswith("Clarified 14 November 2025: Heavy means")
    raw = lynas_page(after).read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "onerror" not in raw and "<img" not in raw
    assert "Updated" not in header_meta.text_content(), "the notes say when; no second date line"


def test_the_feed_entry_is_updated_in_place(sites):
    before, after, _, _ = sites
    old = {e.id: e for e in feedparser.parse(str(before / "feeds/all.atom.xml")).entries}
    new = {e.id: e for e in feedparser.parse(str(after / "feeds/all.atom.xml")).entries}
    assert old.keys() == new.keys(), "no entry appears or disappears: same ids"
    entry_id = next(i for i, e in new.items() if "Lynas" in e.title)
    assert old[entry_id].updated_parsed[:3] == (2025, 6, 19)
    assert new[entry_id].updated == "2025-11-14T00:00:00+00:00"
    assert new[entry_id].published == old[entry_id].published
    assert "Corrected 12 November 2025:" in " ".join(lxml_html.fromstring(new[entry_id].content[0].value).text_content().split())
    other = next(i for i in new if i != entry_id)
    assert new[other].updated == old[other].updated, "only the corrected briefing moves"
    rss = feedparser.parse(str(after / "feeds/all.rss.xml"))
    lynas = next(e for e in rss.entries if "Lynas" in e.title)
    assert "Corrected 12 November 2025:" in " ".join(lxml_html.fromstring(lynas.content[0].value).text_content().split())
    assert lynas.id == entry_id


def test_the_corrections_page_and_its_feed_list_every_note(sites):
    _, after, _, _ = sites
    page = lxml_html.parse(str(after / "corrections/index.html"))
    items = page.xpath("//ol[@class='corrections-list']/li")
    assert [" ".join(li.xpath("string(./p)").split())[:25] for li in items] == [
        "Clarified 14 November 202", "Corrected 12 November 202"]
    links = page.xpath("//ol[@class='corrections-list']/li/h2/a/@href")
    assert links[1].endswith("/2025/lynas-says-mount-weld-expansion-delivers-its-first-heavy-rich-ore/#update-1")
    assert (after / "corrections" / links[1].replace("#update-1", "") / "index.html").resolve().is_file()
    assert page.xpath("//link[@type='application/atom+xml']/@href")[-1].endswith("feeds/corrections.atom.xml")

    feed = feedparser.parse(str(after / "feeds/corrections.atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.id == "tag:rare-earth-brief.example,2025-01-01:feed/corrections"
    briefing_id = "tag:rare-earth-brief.example,2025-01-01:import/sample-2025-lynas-mount-weld-heavy"
    assert [e.id for e in feed.entries] == [f"{briefing_id}/update/2", f"{briefing_id}/update/1"]
    first = feed.entries[1]
    assert first.title == "Corrected: Lynas says Mount Weld expansion delivers its first heavy-rich ore"
    assert first.link == f"{SITE}/2025/lynas-says-mount-weld-expansion-delivers-its-first-heavy-rich-ore/#update-1"
    assert first.updated_parsed[:3] == (2025, 11, 12)
    assert "<script" not in first.content[0].value and "Kalgoorlie" in first.content[0].value
    # Without corrections the page still exists, and says so.
    before = sites[0]
    assert "No briefing has needed a correction yet." in (before / "corrections/index.html").read_text()
    assert feedparser.parse(str(before / "feeds/corrections.atom.xml")).entries == []


def test_the_json_ld_carries_the_corrections_and_the_date_modified(sites):
    _, after, _, _ = sites
    raw = lynas_page(after).read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S).group(1))
    assert data["dateModified"].startswith("2025-11-14")
    assert [c["datePublished"] for c in data["correction"]] == ["2025-11-12", "2025-11-14"]
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"].startswith("Corrected 12 November 2025: The ore goes to Kalgoorlie")
    assert data["correction"][0]["url"].endswith("#update-1")


@pytest.mark.vnu
def test_the_corrected_page_and_the_corrections_page_are_valid_html(sites, java):
    _, after, _, _ = sites
    pages = [lynas_page(after), after / "corrections/index.html"]
    messages, _ = vnu(java, *map(str, pages))

    def data_block(message) -> bool:
        """The JSON-LD: a data block, which no browser runs, so no policy blocks it; the checker says otherwise."""
        if not message["message"].startswith("Inline script violates Content Security Policy"):
            return False
        lines = Path(message["url"].removeprefix("file:")).read_text(encoding="utf-8").splitlines()
        return lines[message["lastLine"] - 1].startswith('<script type="application/ld+json">')

    problems = [m for m in messages if (m["type"] == "error" or m.get("subType") in ("fatal", "warning"))
                and not data_block(m)]
    assert not problems, "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in problems)


# -- the newsletter ---------------------------------------------------------------------------------

NEW_BRIEFING = """\
---
title: Terbium licences arrive for two magnet makers
date: 2025-12-03T09:00:00
category: Policy
highlights:
  - Two magnet makers received terbium export licences this week.
  - Others are still waiting.
why_newsworthy: Terbium is scarce outside China.
takeaway: The queue is moving, slowly.
source:
  name: Desk
  url: https://desk.example/terbium
  kind: other
---

Body.
"""


@pytest.fixture(scope="module")
def week_49(tmp_path_factory):
    """Week 49's issue: a new briefing, a correction and an update made that week to a June briefing,
    and a correction made the week before to another one."""
    root = tmp_path_factory.mktemp("newsletter-corrections")
    content = small_content(root / "content")
    (content / "briefings/2025/2025-12-03-terbium.md").write_text(NEW_BRIEFING, encoding="utf-8")
    assert correct(str(content / LYNAS), "The pit is *Mount Weld*, not <script>x</script> Mount Well.",
                   "--date", "2025-12-02T10:00") == 0
    assert correct(str(content / LYNAS), "Assays arrived.", "--kind", "update", "--date", "2025-12-04") == 0
    assert correct(str(content / ARAFURA), "An older correction.", "--date", "2025-11-26") == 0
    settings = read_settings(str(ROOT / "publishconf.py"), override={
        "PATH": str(content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")]})
    built = build_issue(settings, IsoWeek(2025, 49), root / "output", env={})
    web = build(root / "site", content=content, SEARCH_INDEX=False)
    return built, web


def test_the_next_issue_notes_corrections_to_briefings_of_earlier_issues(week_49):
    built, web = week_49
    message = email.message_from_bytes(built.eml.read_bytes(), policy=default_policy)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    section = lxml_html.fromstring(html).xpath("//div[@class='email-corrections']")[0]
    said = " ".join(section.text_content().split())
    assert said.startswith("Corrections Lynas says Mount Weld expansion delivers its first heavy-rich ore")
    assert "Corrected 2 December 2025: The pit is Mount Weld, not Mount Well." in said
    assert "Assays arrived" not in said, "an update corrects nothing"
    assert "An older correction" not in said, "made in another week"
    assert "<script" not in html and section.xpath(".//a/@href")[0].endswith("-heavy-rich-ore/#update-1")
    assert "CORRECTIONS" in text and "Corrected 2 December 2025: The pit is Mount Weld, not Mount Well." in " ".join(text.split())
    page = lxml_html.parse(str(web / "newsletter/2025-w49/index.html"))
    listed = page.xpath("//section[@class='newsletter-corrections']//li")
    assert len(listed) == 1 and "Mount Well" in listed[0].text_content().replace("\xa0", " ")
    assert not page.xpath("//section[@class='newsletter-corrections']//li//script")
    earlier = (web / "newsletter/2025-w48/index.html")
    assert not earlier.exists() or "newsletter-corrections" not in earlier.read_text(encoding="utf-8")


@pytest.mark.vnu
def test_an_issue_with_corrections_is_valid_html(week_49, java):
    built, web = week_49
    messages, _ = vnu(java, str(web / "newsletter/2025-w49/index.html"), str(built.folder / "email.html"))
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notes_and_the_corrections_page_have_no_axe_violation(sites, browser, scheme):
    _, after, _, _ = sites
    article = "/" + lynas_page(after).parent.relative_to(after).as_posix() + "/"
    assert_accessible(browser, after, [article, "/corrections/"], scheme)
