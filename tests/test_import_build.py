"""Imported posts build with the site: real Pelican, the site's settings, theme and plugins, strict."""

from __future__ import annotations

import logging

import feedparser
import lxml.html
import pytest
from pelican.utils import slugify

from tests.sitebuild import LogCapture, build

from .test_import_support import FIXTURES, SHARED_RAW, posts, read_post, run_import, settings

IMPORTABLE_FIXTURES = [
    "pasted-lynas-kalgoorlie.txt", "mangled-cp874.txt", "mojibake-1252.txt", "thai-genuine.txt",
    "page-mp-materials.html", "feed-atom.xml", "feed-saved-as.txt", "hostile.html", "hostile.txt",
    "feed-unbuildable-titles.xml",
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    content = tmp_path_factory.mktemp("content")
    sources = [FIXTURES / name for name in IMPORTABLE_FIXTURES]
    # Ordinary news pages and feed items: drafts with proposed highlights must build too.
    sources += [p for p in sorted((FIXTURES.parent / "pages").glob("*.html")) if "no-article" not in p.name]
    sources += sorted((FIXTURES.parent / "feeds").glob("*.xml"))
    if SHARED_RAW.is_dir():
        sources += sorted(SHARED_RAW.iterdir())
    code, report = run_import(sources, content / "briefings")
    assert code == 0, report
    output = content.parent / f"{content.name}-output"
    with LogCapture() as log:
        build(output, content=content, BRIEFING_STRICT=True)
    return content, output, log


def pages(output):
    """Every post's page: published ones by year, drafts awaiting review under drafts/ (local builds show them)."""
    return [*output.glob("20*/*/index.html"), *output.glob("drafts/*/index.html")]


def test_every_imported_post_builds_without_a_warning(site):
    content, output, log = site
    assert log.messages(logging.WARNING) == []
    assert len(pages(output)) == len(posts(content / "briefings")) >= 9
    drafts = [p for p in posts(content / "briefings") if "\nstatus: draft\n" in p.read_text(encoding="utf-8")]
    assert len(list(output.glob("drafts/*/index.html"))) == len(drafts)


def test_built_pages_carry_the_boxes(site):
    _, output, _ = site
    page = lxml.html.parse(str(output / "2025" / "lynas-lifts-cracking-capacity-at-kalgoorlie" / "index.html"))
    boxes = page.xpath('//aside[contains(@class, "briefing-box")]/h2/text()')
    assert boxes[0] == "Highlights" and "Source" in boxes
    caution = " ".join(" ".join(page.xpath('//p[@class="briefing-caution"]//text()')).split())  # typogrify's no-break spaces
    assert "have not been independently verified" in caution


def test_built_pages_have_no_imported_markup(site):
    _, output, _ = site
    for path in pages(output):
        root = lxml.html.parse(str(path)).getroot()
        article = root.xpath("//article")[0]
        assert article.xpath(".//script | .//iframe | .//object | .//embed | .//img | .//svg | .//form") == [], path
        handlers = [f"{el.tag}[{name}]" for el in article.iter() if isinstance(el.tag, str) for name in el.attrib if name.startswith("on")]
        assert handlers == [], path
        assert not [a for a in article.iter("a") if a.get("href", "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))]


def test_titles_the_build_could_not_take_are_made_buildable_on_import(site):
    """A control character, a 10 kB headline and a title of punctuation alone, from one feed."""
    content, output, _ = site
    metas = {read_post(p)[0]["import_id"]: (p, *read_post(p)) for p in posts(content / "briefings")}
    _, bell, _ = metas["https://oxide-desk.example/2025/07/bell"]
    assert bell["title"] == "Bell rings [31m twice for the oxide market"
    path, terbium, body = metas["https://oxide-desk.example/2025/07/terbium"]
    assert len(terbium["title"]) <= 200 and terbium["title"].endswith("…")
    assert body.startswith("Prices of terbium oxide climbed again") and len(body.split("\n\n")[0]) > 10_000
    assert len(path.name) < 120
    path, dot, _ = metas["https://oxide-desk.example/2025/07/dot"]
    # "." names nothing: the title is made from the article, as when there is none, and flagged.
    assert dot["title"] != "." and "title guessed" in dot["review"]
    assert path.stem.removeprefix("2025-07-10-") == slugify(dot["title"], regex_subs=settings()["SLUG_REGEX_SUBSTITUTIONS"])
    feed = feedparser.parse(str(output / "feeds" / "all.atom.xml"))
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert "Bell rings [31m twice for the oxide market" in titles
