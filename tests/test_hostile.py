"""Hostile values in every field reach no reader as live markup (issue 15).

A briefing, a page and the editor's note of a week carry script, event handlers,
``javascript:`` and ``data:`` URLs, a meta refresh, quote break-outs and
``</script>`` in every field. A fresh site is built from them with pelicanconf and
with publishconf; every HTML page, feed, search record and the newsletter's web
issue, email (HTML, text, ``.eml``) is read with a real parser (lxml's HTML
parser, feedparser, json, email), never grepped, and Chromium opens the pages
with a handler that fails the test on any dialog.
"""

from __future__ import annotations

import email
import gzip
import json
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
import yaml
from lxml import etree
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from briefing.csp import meta_policy
from briefing.newsletter.build import build_issue
from briefing.newsletter.weeks import IsoWeek
from briefing.search import record_for, record_page
from briefing.text import plain_text
from tests.conftest import serve
from tests.hostile import ATTACK, BODY, LINKS, VISIBLE, fragment_markup, page_markup
from tests.sitebuild import ROOT, build, copy_content, write_post
from tests.test_csp import page_problems, policy_settings

ATOM = "{http://www.w3.org/2005/Atom}"
WEEK = IsoWeek(2025, 47)

HOSTILE_BRIEFING = {
    "title": f"Hostile title {ATTACK}",
    "date": "2025-11-19T09:00:00",
    "category": "Markets",
    "tags": [f"Tag {ATTACK}", "Dysprosium"],
    "summary": f"Summary {ATTACK} {LINKS}",
    "highlights": [
        f"Highlight {ATTACK} {LINKS}",
        {"text": f"Parent {ATTACK}", "items": [f"Child {ATTACK} {LINKS}"]},
    ],
    "why_newsworthy": f"Why {ATTACK}\n\n{LINKS}",
    "takeaway": f"Takeaway {ATTACK} {LINKS}",
    "takeaway_label": f"Label {ATTACK}",
    "source": {
        "name": f"Source {ATTACK}",
        "url": "https://source.example/a\"><script>alert(10)</script>",
        "kind": "company",
        "description": f"Description {ATTACK}",
        "note": f"Note {ATTACK} {LINKS}",
    },
    "import_id": "hostile-briefing",
    "updates": [{"date": "2025-11-21", "kind": "correction", "text": f"Corrected {ATTACK} {LINKS}"}],
}
#: A draft, seen in the preview only, with what an editor must still do.
HOSTILE_DRAFT = {
    "title": f"Draft {ATTACK}", "date": "2025-11-18T09:00:00", "category": "Markets", "status": "draft",
    "highlights": [f"Draft highlight {ATTACK}"], "review": [f"Review {ATTACK}", f"date guessed {LINKS}"],
}


def front_matter(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory) -> Path:
    content = copy_content(tmp_path_factory.mktemp("hostile") / "content")
    write_post(content, "briefings/2025/2025-11-19-hostile.md",
               front_matter(HOSTILE_BRIEFING, f"Body {ATTACK}\n\n{LINKS}\n\n{BODY}"))
    write_post(content, "briefings/2025/2025-11-18-hostile-draft.md", front_matter(HOSTILE_DRAFT, f"Draft body {ATTACK}"))
    write_post(content, "pages/hostile.md", front_matter(
        {"title": f"Page {ATTACK}", "summary": f"Page summary {ATTACK} {LINKS}"}, f"Page body {ATTACK} {LINKS} {BODY}"))
    write_post(content, f"newsletters/{WEEK.slug}.md",
               front_matter({"title": f"Note {ATTACK}", "subject": f"Subject {ATTACK}"}, f"Note body {ATTACK} {LINKS} {BODY}"))
    return content


class Articles:
    """The articles of the builds it is connected to, as the search plugin takes them."""

    def __init__(self) -> None:
        self.found: list = []

    def __call__(self, generators) -> None:
        self.found += [a for g in generators if isinstance(g, ArticlesGenerator) for a in g.articles]


@pytest.fixture(scope="module")
def local(hostile_content):
    articles = Articles()
    signals.all_generators_finalized.connect(articles)
    try:
        site = build(hostile_content.parent / "local", content=hostile_content)
    finally:
        signals.all_generators_finalized.disconnect(articles)
    return site, articles.found


@pytest.fixture(scope="module")
def published(hostile_content) -> Path:
    return build(hostile_content.parent / "published", conf="publishconf.py", content=hostile_content)


@pytest.fixture(scope="module")
def issue(hostile_content):
    settings = read_settings(str(ROOT / "publishconf.py"), override={
        "PATH": str(hostile_content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")]})
    built = build_issue(settings, WEEK, hostile_content.parent / "newsletter", env={})
    assert built is not None
    return built


def hub_of(site: Path, page: Path):
    """On an old tag address, the one refresh allowed: a relative URL to a hub page of the site."""
    if page.relative_to(site).parts[0] != "tag":
        return None

    def leads_to_a_hub(url: str) -> bool:
        target = (page.parent / url).resolve()
        hubs = [(site / kind).resolve() for kind in ("element", "company", "country")]
        return not urlsplit(url).scheme and not url.startswith("/") and (target / "index.html").is_file() and any(h in target.parents for h in hubs)

    return leads_to_a_hub


def article_page(site: Path) -> Path:
    pages = [p for p in (site / "2025").glob("*/index.html") if p.parent.name.startswith("hostile-title")]
    assert len(pages) == 1, pages
    return pages[0]


# -- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["local", "published"])
def test_no_page_of_either_build_has_live_markup_and_each_carries_the_policy(request, which):
    site = request.getfixturevalue(which)
    site = site[0] if which == "local" else site
    conf = "pelicanconf.py" if which == "local" else "publishconf.py"
    policy = meta_policy(policy_settings(conf))
    root = read_settings(str(ROOT / conf))["SITE_ROOT_PATH"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        problems += [f"{page}: {p}" for p in page_markup(text, base=root if page.name == "404.html" else None, refresh=hub_of(site, page))]
        problems += page_problems(page, policy)
    assert not problems, "\n".join(problems[:30])
    # Every kind of page that shows a field was among them.
    for kind in ("index.html", "archives/index.html", "section/markets/index.html", "tags/index.html",
                 "topics/index.html", "element/dysprosium/index.html", f"newsletter/{WEEK.slug}/index.html",
                 "newsletter/index.html"):
        assert (site / kind).exists(), kind
    assert list(site.glob("tag/tag-*/index.html")) and list(site.glob("page-img-src*/index.html"))
    assert (site / "corrections" / "index.html").exists()
    if which == "local":
        assert list(site.glob("drafts/draft-*/index.html")) and (site / "drafts" / "index.html").exists()


@pytest.mark.parametrize("which", ["local", "published"])
def test_plain_text_fields_are_shown_as_text_not_dropped(request, which):
    site = request.getfixturevalue(which)
    site = site[0] if which == "local" else site
    page = lxml.html.parse(str(article_page(site))).getroot()
    shown = {
        "title": "".join(page.xpath("//h1")[0].itertext()),
        "tags": " ".join(page.xpath("//ul[@class='tag-list']//text()")),
        "labels": " ".join(page.xpath("//aside//h2//text()")),
        "source": " ".join(page.xpath("//aside[contains(@class, 'briefing-source')]//text()")),
        "head title": page.findtext(".//title"),
    }
    for field, text in shown.items():
        for piece in VISIBLE:
            assert piece in text, (field, text)
    home = lxml.html.parse(str(site / "index.html")).getroot()
    (listed,) = home.xpath("//main//a[starts-with(normalize-space(.), 'Hostile title')]")
    assert all(piece in "".join(listed.itertext()) for piece in VISIBLE)


def test_json_ld_holds_the_title_as_data(published):
    page = lxml.html.parse(str(article_page(published))).getroot()
    (script,) = page.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["headline"].startswith("Hostile title") and all(piece in data["headline"] for piece in VISIBLE)
    assert "</script" not in script.text.lower()


def test_a_post_in_html_or_rst_never_reaches_the_site_unsanitised(tmp_path):
    """Only the project's reader, and so its sanitiser, reads posts: Pelican's HTML and rST readers are off."""
    content = tmp_path / "content"
    write_post(content, "briefings/kept.md", front_matter(
        {"title": "A Markdown note", "date": "2025-11-19", "category": "Markets"}, "Text."))
    write_post(content, "briefings/raw.html", f"<html><head><title>Raw {ATTACK}</title></head><body>{BODY}</body></html>")
    write_post(content, "briefings/raw.rst", f"Raw rst\n#######\n\n:date: 2025-11-19\n\n.. raw:: html\n\n   {BODY}\n")
    site = build(tmp_path / "output", content=content)
    pages = sorted(site.rglob("*.html"))
    assert any(p.parent.name == "a-markdown-note" for p in pages)
    assert not [p for p in pages if p.parent.name.startswith("raw")]
    assert not [f"{p}: {problem}" for p in pages for problem in page_markup(p.read_text(encoding="utf-8"), base="/")]


# -- feeds ------------------------------------------------------------------------------------


def feed_problems(path: Path) -> list[str]:
    """Live markup in a feed's HTML parts; a title, summary or category that is not text."""
    parsed = feedparser.parse(path.read_bytes())
    problems = [f"not well-formed: {parsed.get('bozo_exception')}"] if parsed.bozo else []
    root = etree.parse(str(path)).getroot()
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            for name in ("title", "summary", "content"):
                for el in entry.iter(ATOM + name):
                    kind = el.get("type", "text")
                    if kind == "html":
                        problems += fragment_markup(el.text)
                    elif kind != "text":
                        problems.append(f"{name} of type {kind}")
            if entry.find(ATOM + "title").get("type", "text") != "text":
                problems.append("a briefing's title that is not text")
    else:
        for item in root.iter("item"):
            problems += fragment_markup(item.findtext("description"))
            problems += fragment_markup(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"))
    return [f"{path}: {problem}" for problem in problems]


def test_no_feed_carries_live_markup(published):
    feeds = sorted((published / "feeds").rglob("*.xml"))
    assert any(f.name == "newsletter.atom.xml" for f in feeds) and any(f.name == "all.rss.xml" for f in feeds)
    problems = [problem for feed in feeds for problem in feed_problems(feed)]
    assert not problems, "\n".join(problems[:30])
    entry = next(e for e in feedparser.parse((published / "feeds" / "all.atom.xml").read_bytes()).entries
                 if e.id.endswith("hostile-briefing") or e.title.startswith("Hostile title"))
    assert entry.title_detail.type == "text/plain" and all(piece in entry.title for piece in VISIBLE)
    # A summary is Markdown: the HTML in it was markup, and the sanitiser took it out.
    assert entry.summary.startswith("Summary") and "onerror" not in entry.summary and "alert(2)" not in entry.summary
    newsletter = feedparser.parse((published / "feeds" / "newsletter.atom.xml").read_bytes())
    assert any(VISIBLE[0] in e.title for e in newsletter.entries), "the note's subject, as text"


def test_feeds_shown_in_a_browser_have_no_live_markup(published):
    """A feed opened in a browser is a page made by theme/static/feed.xsl: its fields stay text there too."""
    transform = etree.XSLT(etree.parse(str(ROOT / "theme" / "static" / "feed.xsl")))
    for name in ("all.atom.xml", "all.rss.xml", "newsletter.atom.xml", "corrections.atom.xml"):
        page = str(transform(etree.parse(str(published / "feeds" / name))))
        assert not page_markup(page, own_scripts=(), styles=True), name
        assert name == "corrections.atom.xml" or VISIBLE[0] in "".join(lxml.html.document_fromstring(page).itertext())


def test_json_feed_items_are_text_and_sanitised_html(published):
    feed = json.loads((published / "feeds" / "all.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["title"].startswith("Hostile title"))
    assert all(piece in item["title"] for piece in VISIBLE)
    assert item["summary"].startswith("Summary") and "onerror" not in item["summary"] and "alert(2)" not in item["summary"]
    assert all(VISIBLE[0] in tag for tag in item["tags"] if tag.startswith("Tag"))
    problems = [p for i in feed["items"] for p in fragment_markup(i.get("content_html", ""))]
    assert not problems, problems


# -- search -----------------------------------------------------------------------------------


def test_search_records_are_text(local):
    site, articles = local
    hostile = [a for a in articles if a.metadata.get("import_id") == "hostile-briefing"]
    assert len(hostile) == 1 and len(articles) > 10
    for article in articles:
        record = record_for(article)
        page = lxml.html.document_fromstring(record_page(record, "en"))
        assert not page_markup(record_page(record, "en"))
        assert page.xpath("//span/@data-pagefind-meta")[0] == "title:" + plain_text(article.title)
        assert page.findtext(".//title") == plain_text(article.title)
    record = record_for(hostile[0])
    assert all(piece in record.meta["title"] for piece in VISIBLE)
    assert any(VISIBLE[0] in tag for tag in record.filters["tag"])
    # What Pagefind made of them: the same text, in the bundle the search page reads.
    fragments = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for f in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    (indexed,) = [f for f in fragments if f["meta"]["title"].startswith("Hostile title")]
    assert indexed["meta"]["title"] == record.meta["title"]


# -- the newsletter -----------------------------------------------------------------------------


def test_email_html_text_and_eml_have_no_live_markup(issue):
    html = (issue.folder / "email.html").read_text(encoding="utf-8")
    # css-inline writes the email's own stylesheet into style attributes: mail clients drop <style>.
    assert not page_markup(html, own_scripts=(), styles=True)
    message = email.message_from_bytes(issue.eml.read_bytes(), policy=default_policy)
    part = message.get_body(("html",)).get_content()
    assert not page_markup(part, own_scripts=(), styles=True)
    body = lxml.html.document_fromstring(part)
    titles = ["".join(h.itertext()) for h in body.iter("h2")]
    assert any(all(piece in t for piece in VISIBLE) for t in titles), titles
    # Text is text: the fields as they read, never entities or tags of their HTML.
    text = message.get_body(("plain",)).get_content()
    assert text.replace("\r\n", "\n") == (issue.folder / "email.txt").read_text(encoding="utf-8")
    assert VISIBLE[0] in text and "&lt;" not in text and "<span" not in text
    assert "Subject" in message["Subject"] and VISIBLE[0] in message["Subject"]


# -- in a browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_local(local):
    server, url = serve(local[0])
    yield url
    server.shutdown()


@pytest.mark.browser
def test_chromium_runs_no_hostile_script_on_the_home_article_and_search_pages(served_local, local, browser):
    site, _ = local
    article = article_page(site).parent.relative_to(site).as_posix()
    context = browser.new_context()
    try:
        for path, ready in (("/", None), (f"/{article}/", None), ("/search/?q=hostile", ".search-result")):
            page = context.new_page()
            dialogs, requests = [], []
            # Listening before the page loads: an alert() or a refresh during the load is seen.
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(served_local + path, wait_until="networkidle")
            if ready:
                page.wait_for_selector(ready, timeout=15000)
            heading = page.locator("main h1, main a").filter(has_text="Hostile title").first
            assert all(piece in heading.inner_text() for piece in VISIBLE), path
            assert page.url == served_local + path, "a meta refresh ran"
            assert dialogs == [], dialogs
            assert page.evaluate("document.querySelectorAll('[onerror], [onmouseover], main script').length") == 0
            assert [r for r in requests if not r.startswith(served_local)] == [] and not [r for r in requests if "/pwned/" in r]
            page.close()
    finally:
        context.close()
