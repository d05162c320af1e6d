"""The built site as a reader and a validator get it: pages, navigation, feeds discovery, valid HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.sitebuild import CONTENT
from tests.vnu import vnu

ARTICLE = "2025/northern-rare-earth-starts-phase-ii-of-its-green-smelting-upgrade/index.html"


class Elements(HTMLParser):
    """The elements of a page, as (tag, attributes) pairs, and the text of <title>."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def sample_posts() -> list[dict]:
    posts = []
    for path in sorted((CONTENT / "briefings").rglob("*.md")):
        posts.append(yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].lstrip("-\n")))
    return posts


def test_sample_content_meets_the_brief():
    posts = sample_posts()
    assert len(posts) >= 10
    assert len({p["category"] for p in posts}) >= 5
    assert len({str(p["date"])[:7] for p in posts}) >= 3
    for post in posts:
        assert post["highlights"] and post["why_newsworthy"] and post["takeaway"] and post["source"]
        assert any(isinstance(h, dict) and h.get("items") for h in post["highlights"]), post["title"]
    assert sum(p["source"]["kind"] in ("state-media", "company") for p in posts) >= 2
    assert any("Northern Rare Earth" in p["title"] for p in posts)


def test_home_lists_newest_briefings_with_date_section_title_and_summary(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    newest = sorted(sample_posts(), key=lambda p: str(p["date"]), reverse=True)
    titles = [p["title"] for p in newest]
    # The lead and the list, newest first; typogrify may curl quotes, so compare a plain prefix.
    positions = [home.find(t.split('"')[0][:30]) for t in titles[:5]]
    assert all(pos > 0 for pos in positions) and positions == sorted(positions)
    assert home.count("<time datetime=") >= 10
    assert 'class="briefing-summary"' in home
    assert (site / "page" / "2" / "index.html").exists(), "more briefings than a page holds: paginated"


@pytest.mark.parametrize(
    "page",
    ["index.html", ARTICLE, "section/processing/index.html", "tag/ndpr/index.html", "tags/index.html",
     "archives/index.html", "sections/index.html", "about/index.html", "subscribe/index.html", "404.html"],
)
def test_every_kind_of_page_exists_with_feed_discovery_and_navigation(site, page):
    doc = Elements((site / page).read_text(encoding="utf-8"))
    feeds = doc.find("link", rel="alternate")
    assert {f["type"] for f in feeds} >= {"application/atom+xml", "application/rss+xml"}
    for feed in feeds:
        assert (site / page).parent.joinpath(feed["href"]).resolve().exists() or feed["href"].startswith("/")
    nav = doc.find("nav", **{"aria-label": "Sections"})
    assert nav, "header navigation by section"
    assert doc.find("a", href="#main"), "skip link"
    assert "<span" not in doc.title and doc.title.strip()


def test_titles_and_descriptions_are_plain_text(site):
    doc = Elements((site / ARTICLE).read_text(encoding="utf-8"))
    assert doc.title.startswith("Northern Rare Earth starts Phase II of its “green smelting upgrade”")
    description = doc.find("meta", name="description")[0]["content"]
    assert "<" not in description and "China’s biggest" in description


def test_typogrify_applies_to_titles_and_body(site):
    article = (site / ARTICLE).read_text(encoding="utf-8")
    assert re.search(r'<h1[^>]*>Northern Rare Earth starts Phase <span class="caps">II</span> of its &#8220;green', article)
    assert "&#8217;" in article  # curly apostrophes in the body


def test_no_page_loads_anything_from_another_host(site):
    for page in html_pages(site):
        doc = Elements(page.read_text(encoding="utf-8"))
        for tag, attrs in doc.elements:
            ref = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            if ref:
                assert not re.match(r"(https?:)?//", ref), f"{page}: {tag} loads {ref}"
        scripts = doc.find("script")
        if page.relative_to(site).as_posix() == "search/index.html":
            # The one page that needs JavaScript loads only the site's own module.
            assert [s["src"] for s in scripts] == ["../theme/js/search.js"]
        else:
            assert not [s for s in scripts if s.get("type") != "application/ld+json"], f"{page}: a script"


def test_all_sections_and_tags_have_pages(site):
    posts = sample_posts()
    for section in {p["category"] for p in posts}:
        assert (site / "section" / section.lower() / "index.html").exists()
    tags = (site / "tags" / "index.html").read_text(encoding="utf-8")
    assert "Dysprosium" in tags and "Northern Rare Earth" in tags


@pytest.mark.vnu
def test_nu_html_checker_finds_no_errors_and_few_warnings(site, java):
    messages, _ = vnu(java, "--skip-non-html", "--also-check-css", str(site))
    checked = len(html_pages(site))
    assert checked > 40
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    warnings = [m for m in messages if m.get("subType") == "warning"]
    describe = "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors + warnings)
    assert not errors, describe
    assert len(warnings) <= 5, describe


def test_markdown_attribute_lists_cannot_add_event_handlers(tmp_path):
    from tests.sitebuild import build, write_post

    content = tmp_path / "content"
    write_post(content, "briefings/2025/x.md", """\
        ---
        title: Attribute list probe
        date: 2025-03-01
        category: Policy
        ---

        A paragraph with *emphasis*{: onclick="alert(1)" } in it.
        """)
    site = build(tmp_path / "out", content=content, SEARCH_INDEX=False)
    page = next(site.glob("2025/attribute-list-probe/index.html")).read_text(encoding="utf-8")
    assert "onclick" not in page.split("<main", 1)[1].split("{:", 1)[0]
    assert "<em>emphasis</em>" in page
