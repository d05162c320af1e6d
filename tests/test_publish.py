"""`make publish`: strict, complete or nothing, and ready for search engines and link previews."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest

from briefing.fingerprint import file_fingerprint
from tests.conftest import VNU_JAR
from tests.publishing import publish, tree_digest
from tests.sitebuild import ROOT, copy_content, write_post
from tests.test_site import Elements

SITEURL = "https://briefs.test"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TEXT_SUFFIXES = {".html", ".xml", ".css", ".json", ".txt", ".xsl", ".js"}
BRIEFINGS = "briefings/2025"
ARAFURA = f"{BRIEFINGS}/2025-09-04-arafura-nolans-german-offtake.md"
BRAZIL = f"{BRIEFINGS}/2025-10-02-brazil-ionic-clay-pilot.md"
NORTHERN = f"{BRIEFINGS}/2025-11-10-northern-rare-earth-phase-ii-green-smelting.md"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The repository's content published as `make publish` does it, with the site URL from the environment."""
    output = tmp_path_factory.mktemp("publish") / "output"
    result = publish(output, siteurl=SITEURL)
    assert result.returncode == 0, result.stdout + result.stderr
    return output, result


@pytest.fixture(scope="module")
def site(published) -> Path:
    return published[0]


def briefing_pages(site: Path) -> list[Path]:
    return sorted(site.glob("20[0-9][0-9]/*/index.html"))


def json_ld(page: Path) -> list[dict]:
    html = page.read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def append(content: Path, relative: str, text: str) -> None:
    path = content / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- a good build -----------------------------------------------------------------------------


def test_a_good_build_reports_success_and_leaves_no_staging_folder(published):
    site, result = published
    assert "Published" in result.stdout and result.stderr == ""
    assert [p.name for p in site.parent.iterdir()] == ["output"]


def test_sitemap_lists_every_briefing_with_absolute_urls(site):
    tree = ET.parse(site / "sitemap.xml")
    locs = [loc.text for loc in tree.iterfind(".//s:url/s:loc", SITEMAP_NS)]
    pages = briefing_pages(site)
    assert len(pages) == 14
    for page in pages:
        assert f"{SITEURL}/{page.parent.relative_to(site).as_posix()}/" in locs
    assert f"{SITEURL}/" in locs and f"{SITEURL}/about/" in locs
    assert all(loc.startswith(SITEURL + "/") for loc in locs)
    assert not any("404" in loc for loc in locs), "the 404 page is not a page to index"


def test_robots_txt_points_at_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^User-agent: \*$", robots, re.M)
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


def test_every_briefing_carries_a_news_article_json_ld(site):
    required = ("headline", "datePublished", "dateModified", "author", "publisher", "articleSection",
                "keywords", "url", "description")
    for page in briefing_pages(site):
        blocks = json_ld(page)
        assert len(blocks) == 1, page
        data = blocks[0]
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert all(data.get(key) for key in required), (page, data)
        assert data["url"] == f"{SITEURL}/{page.parent.relative_to(site).as_posix()}/"
        assert "<" not in data["headline"] + data["description"], "titles and summaries are plain text"
        assert datetime.fromisoformat(data["datePublished"]).tzinfo is not None
        assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(data["datePublished"])
        assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Rare Earth Brief"
        doc = Elements(page.read_text(encoding="utf-8"))
        assert doc.find("meta", property="article:section")[0]["content"] == data["articleSection"]


def test_json_ld_cannot_be_broken_out_of():
    from briefing.seo import script_json

    text = str(script_json({"headline": 'A "quoted" </script><script>alert(1)</script> & more'}))
    assert "</script" not in text and "<" not in text
    assert json.loads(text)["headline"] == 'A "quoted" </script><script>alert(1)</script> & more'


def test_every_page_has_a_canonical_link_and_link_preview_tags(site):
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("pagefind/"):
            continue
        doc = Elements(page.read_text(encoding="utf-8"))
        if relative == "404.html":
            assert not doc.find("link", rel="canonical") and doc.find("meta", name="robots", content="noindex")
            continue
        canonical = doc.find("link", rel="canonical")
        assert len(canonical) == 1, relative
        refresh = doc.find("meta", **{"http-equiv": "refresh"})
        if refresh:  # an old tag address of a hub (tests/test_topics.py): the hub is the canonical page
            target = urljoin(f"{SITEURL}/{relative}", refresh[0]["content"].split("url=", 1)[1])
            assert canonical[0]["href"] == target and doc.find("meta", name="robots", content="noindex"), relative
            assert (site / target.removeprefix(f"{SITEURL}/") / "index.html").is_file(), relative
            continue
        assert canonical[0]["href"] == f"{SITEURL}/{relative.removesuffix('index.html')}"
        assert doc.find("meta", property="og:url")[0]["content"] == canonical[0]["href"]
        for name in ("og:title", "og:description", "og:type", "og:site_name"):
            value = doc.find("meta", property=name)[0]["content"]
            assert value.strip() and "<" not in value, (relative, name)
        expected_type = "article" if re.match(r"20\d\d/", relative) else "website"
        # A briefing has its own social card (tests/test_article_page.py), a large image preview.
        card = "summary_large_image" if expected_type == "article" else "summary"
        assert doc.find("meta", name="twitter:card")[0]["content"] == card, relative
        assert doc.find("meta", property="og:type")[0]["content"] == expected_type, relative


def test_text_files_have_gzip_and_brotli_copies_with_the_same_bytes(site):
    import brotli

    text_files = [p for p in site.rglob("*") if p.suffix in TEXT_SUFFIXES and p.stat().st_size >= 256]
    assert len(text_files) > 80
    for path in text_files:
        original = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original, path


def test_stylesheet_url_carries_a_hash_of_the_stylesheet(site, tmp_path):
    css = ROOT / "theme" / "static" / "css" / "site.css"
    href = Elements((site / "index.html").read_text(encoding="utf-8")).find("link", rel="stylesheet")[0]["href"]
    assert href == f"./theme/css/site.css?v={file_fingerprint(css)}"
    assert (site / "theme" / "css" / "site.css").read_bytes() == css.read_bytes()
    edited = tmp_path / "site.css"
    edited.write_bytes(css.read_bytes() + b"\n.new { color: red; }\n")
    assert file_fingerprint(edited) != file_fingerprint(css), "an edited stylesheet gets a new URL"


def test_a_stylesheet_edited_in_place_gets_a_new_hash_in_the_same_process(tmp_path):
    """Under the devserver one process writes page after page: a remembered hash must not outlive an edit."""
    css = tmp_path / "site.css"
    css.write_text("a { color: red; }\n", encoding="utf-8")
    before = file_fingerprint(css)
    assert file_fingerprint(css) == before
    css.write_text("a { color: tan; }\n", encoding="utf-8")  # the same size
    stat = css.stat()
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later save, however coarse the clock
    assert file_fingerprint(css) != before


def test_feeds_are_on_with_absolute_urls(site):
    import feedparser

    feed = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 14
    assert all(entry.link.startswith(SITEURL + "/") for entry in feed.entries)


@pytest.mark.vnu
def test_published_pages_have_no_nu_html_checker_errors(site, java):
    pages = [str(p) for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *pages],
        capture_output=True, text=True, timeout=300,
    )
    errors = json.loads(result.stderr or result.stdout)["messages"]
    assert len(pages) > 40
    assert not errors, "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in errors)


def test_drafts_and_future_dated_posts_are_left_out(tmp_path):
    content = copy_content(tmp_path / "content")
    for name, extra in (("draft", "status: draft\n"), ("future", "")):
        date = "2099-01-01T09:00:00" if name == "future" else "2025-06-01T09:00:00"
        write_post(content, f"{BRIEFINGS}/{name}.md", f"""\
            ---
            title: An unpublished {name} briefing
            date: {date}
            category: Markets
            highlights:
              - Not for readers yet.
            {extra}---

            Body.
            """)
    # An imported draft still awaiting review (and its highlights) is no reason to stop a release.
    write_post(content, f"{BRIEFINGS}/awaiting-review.md", """\
        ---
        title: An unpublished imported article
        date: 2025-06-02
        category: Policy
        status: draft
        review: [highlights proposed, why_newsworthy missing, takeaway missing]
        ---

        Nobody has reviewed it yet.
        """)
    result = publish(tmp_path / "output", content)
    assert result.returncode == 0, result.stderr
    everything = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "output").rglob("*.*ml"))
    assert "unpublished" not in everything.lower()
    assert not (tmp_path / "output" / "drafts").exists()


# --- strict, complete or nothing ------------------------------------------------------------


@pytest.fixture
def previous(tmp_path, site):
    """A content folder, and the output/ that an earlier good `make publish` left, with its digest."""
    content = copy_content(tmp_path / "content")
    output = shutil.copytree(site, tmp_path / "output")
    return content, output, tree_digest(output)


def assert_failed_and_unchanged(result, output: Path, before: dict[str, str]) -> str:
    assert result.returncode != 0
    assert "output/ was left unchanged" in result.stderr
    assert tree_digest(output) == before, "output/ must be byte-for-byte what it was"
    assert sorted(p.name for p in output.parent.iterdir()) == ["content", "output"], "no staging folder left"
    return result.stderr


def test_every_problem_is_named_and_output_is_untouched(previous):
    content, output, before = previous
    problem = content / NORTHERN
    problem.write_text(problem.read_text(encoding="utf-8").replace("category: Processing", "category: Gossip"))
    append(content, ARAFURA, "\nSee [the pilot]({filename}/briefings/2025/no-such-post.md) and "
                             "![A chart]({static}/images/no-such-chart.png).\n")
    append(content, BRAZIL, "\nCompare [the pilot]({filename}/briefings/2025/no-such-post.md).\n")
    untitled = (content / ARAFURA).read_text(encoding="utf-8").replace("title: ", "headline: ", 1)
    (content / f"{BRIEFINGS}/2025-09-05-untitled.md").write_text(untitled, encoding="utf-8")
    write_post(content, "pages/topics.md", "---\ntitle: Topics\nslug: tags\n---\n\nClashes with the topics index.\n")
    write_post(content, "pages/about-again.md", "---\ntitle: About\n---\n\nSame slug as the about page.\n")
    unreviewed = (content / ARAFURA).read_text(encoding="utf-8").replace(
        "\n---\n", "\nreview: [date guessed, highlights proposed]\n---\n", 1)
    (content / f"{BRIEFINGS}/2025-09-06-unreviewed.md").write_text(unreviewed, encoding="utf-8")

    report = assert_failed_and_unchanged(publish(output, content), output, before)
    assert f"{NORTHERN}: category: expected one of" in report
    assert f"{ARAFURA}: Unable to find '/briefings/2025/no-such-post.md'" in report
    assert f"{BRAZIL}: Unable to find '/briefings/2025/no-such-post.md'" in report, "each post with the link"
    assert f"{ARAFURA}: links to 'images/no-such-chart.png' with {{static}}, but there is no such file" in report
    assert f"{BRIEFINGS}/2025-09-05-untitled.md: title: required" in report
    assert (f"{BRIEFINGS}/2025-09-06-unreviewed.md: review: a post that is not a draft still has review items "
            "(date guessed; highlights proposed)") in report
    assert "tags/index.html: written by both pages/topics.md and the 'tags' page" in report
    assert "about/index.html: written by both pages/about-again.md and pages/about.md" in report


def test_a_broken_internal_link_alone_fails_the_build(previous):
    content, output, before = previous
    append(content, BRAZIL, "\nSee [the earlier story]({filename}/briefings/2024/gone.md).\n")
    report = assert_failed_and_unchanged(publish(output, content), output, before)
    assert f"{BRAZIL}: Unable to find '/briefings/2024/gone.md'" in report


def test_any_warning_pelican_logs_fails_the_build(previous):
    content, output, before = previous
    append(content, BRAZIL, "\n![](https://example.com/chart.png)\n")  # an image without alt text
    report = assert_failed_and_unchanged(publish(output, content), output, before)
    assert re.search(r"Empty alt attribute for image chart\.png in .*2025-10-02-brazil-ionic-clay-pilot\.md", report)


def test_a_good_build_replaces_output_whole(previous):
    content, output, before = previous
    (output / "stale-file.html").write_text("left from long ago", encoding="utf-8")
    shutil.rmtree(content / "briefings" / "2025")
    write_post(content, f"{BRIEFINGS}/only.md", """\
        ---
        title: The only briefing left
        date: 2025-12-01T09:00:00
        category: Markets
        highlights:
          - One highlight.
        ---

        Body.
        """)
    result = publish(output, content)
    assert result.returncode == 0, result.stderr
    assert not (output / "stale-file.html").exists()
    assert (output / "2025" / "the-only-briefing-left" / "index.html").exists()
    assert not (output / "2025" / "arafura-signs-binding-offtake-for-nolans-ndpr-oxide-with-a-german-buyer").exists()
    assert sorted(p.name for p in output.parent.iterdir()) == ["content", "output"]
