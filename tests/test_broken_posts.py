"""No post is lost silently: a post the build cannot read, or that breaks the contract, is named with its
line and reason, shown in the preview as a page that says what is wrong, and fails `make publish`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
import pytest

from tests.browsing import assert_accessible
from tests.publishing import publish
from tests.sitebuild import ROOT, LogCapture, build, write_post
from tests.test_site import Elements
from tests.vnu import vnu

GOOD = """\
---
title: Separator restarts its second solvent-extraction line
date: 2025-09-01T09:00:00
category: Processing
highlights:
  - The line is back at full rate after a two-week stoppage.
---

The operator says the stoppage was planned.
"""

# file name: (its text, the line the report names or None, what the report says)
BROKEN = {
    "2025-09-02-colon-in-title.md": (
        GOOD.replace("title: Separator restarts its second solvent-extraction line",
                     "title: Update: separator: restarts"), 2, "the front matter is not valid YAML"),
    "2025-09-03-impossible-date.md": (GOOD.replace("date: 2025-09-01T09:00:00", "date: 2025-13-45"), 3,
                                      "date: not a real date"),
    "2025-09-04-date-in-words.md": (GOOD.replace("date: 2025-09-01T09:00:00", "date: early next week"), 3,
                                    "date: 'early next week' is not a date"),
    "2025-09-05-latin-1.md": (GOOD.replace("Separator restarts", "Séparateur restarts"), 2,
                              "the file is not UTF-8 text"),
    "2025-09-06-misspelt-section.md": (GOOD.replace("category: Processing", "category: Markts"), None,
                                       "category: expected one of Mining, Processing"),
    "2025-09-07-no-title.md": (GOOD.replace("title: ", "headline: "), None, "title: required"),
    "2025-09-08-highlights-as-text.md": (GOOD.replace("highlights:\n  - The line", "highlights: The line"), None,
                                         "highlights: expected a list of 1 to 8 items, got a string"),
    "2025-09-09-ordinary-note.md": ("---\ntitle: A note from the desk\ndate: 2025-09-09\ncategory: Gosip\n---\n\n"
                                    "An ordinary post, with no briefing fields.\n", None,
                                    "category: expected one of Mining"),
}


def write_content(folder: Path, names) -> Path:
    write_post(folder, "briefings/2025/2025-09-01-good.md", GOOD)
    for name in names:
        text = BROKEN[name][0]
        path = folder / "briefings" / "2025" / name
        if name == "2025-09-05-latin-1.md":
            path.write_bytes(text.encode("latin-1"))  # what an old editor saves: not UTF-8
        else:
            write_post(folder, f"briefings/2025/{name}", text)
    return folder


#: Posts in a format the build does not read (posts are Markdown only): named, never silently left out.
STRAY = {"2025-09-10-pasted-page.html": "<h1>Kiln restarts</h1><p>Pasted as a web page.</p>",
         "2025-09-11-old-note.rst": "Kiln restarts\n=============\n\nWritten in reStructuredText.\n"}


def write_stray_posts(content: Path) -> None:
    for name, text in STRAY.items():
        (content / "briefings" / "2025" / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """(site, log messages): the broken posts beside a good one, built with local settings.

    Rendered by worker processes, as large sites are (make_html's test below reads in one process).
    """
    tmp = tmp_path_factory.mktemp("broken")
    content = write_content(tmp / "content", BROKEN)
    write_stray_posts(content)
    with LogCapture() as logs:
        site = build(tmp / "output", content=content, SEARCH_INDEX=False, BRIEFING_PARALLEL_MIN=2, BRIEFING_WORKERS=2)
    return site, logs.messages()


@pytest.mark.parametrize("name", STRAY)
def test_a_post_in_a_format_the_build_does_not_read_is_named(preview, name):
    _, messages = preview
    assert [m for m in messages if m.startswith(f"briefings/2025/{name}: not built: posts are Markdown files")], messages


@pytest.mark.parametrize("name", BROKEN)
def test_the_build_names_file_line_and_reason(preview, name):
    _, messages = preview
    _, line, reason = BROKEN[name]
    where = f"briefings/2025/{name}" + (f":{line}:" if line else ":")
    assert any(m.startswith(where) and reason in m for m in messages), messages


@pytest.mark.parametrize("name", BROKEN)
def test_the_preview_shows_each_broken_post_as_a_page_saying_what_is_wrong(preview, name):
    site, _ = preview
    slug = name.removesuffix(".md")[len("2025-09-02-"):]
    page = site / "drafts" / slug / "index.html"
    assert page.is_file(), f"the post is at drafts/{slug}/, named for its file"
    html = page.read_text(encoding="utf-8")
    doc = Elements(html)
    assert doc.find("div", role="alert"), "the problem is announced"
    _, line, reason = BROKEN[name]
    assert f"briefings/2025/{name}" in html and reason.replace("'", "&#39;") in html
    if line:
        assert f"briefings/2025/{name}:{line}:" in html
    assert "Fix:" in html


def test_the_drafts_page_lists_each_broken_post_with_its_file_and_date(preview):
    site, _ = preview
    drafts = (site / "drafts" / "index.html").read_text(encoding="utf-8")
    for name in BROKEN:
        assert f"briefings/2025/{name}" in drafts
        if BROKEN[name][1]:  # a post that could not be read is dated as its file name says
            assert f'<time datetime="{name[:10]}T00:00:00' in drafts, name
    assert drafts.count('<time datetime="2025-09-0') == len(BROKEN), "every one dated, none at the end of time"


def test_a_misspelt_section_makes_no_new_section_and_broken_posts_stay_out_of_lists_and_feeds(preview):
    site, _ = preview
    assert sorted(p.name for p in (site / "section").iterdir()) == ["processing"]
    nav = [a["href"] for a in Elements((site / "index.html").read_text(encoding="utf-8")).find("a")
           if "section/" in a.get("href", "")]
    assert set(nav) == {"./section/processing/"}, "the navigation and the lists link only real sections"
    feed = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Separator restarts its second solvent-extraction line"]
    assert not (site / "2025" / "index.html").exists()


def test_make_html_prints_the_problem_plainly_every_time_and_still_builds_the_preview(tmp_path):
    content = write_content(tmp_path / "content", ["2025-09-02-colon-in-title.md"])
    for _ in ("a first build", "a build from Pelican's content cache"):
        result = subprocess.run(
            ["make", "--no-print-directory", "html", f"INPUTDIR={content}", f"OUTPUTDIR={tmp_path / 'output'}",
             f"PELICANOPTS=--cache-path {tmp_path / 'cache'}"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "MAKEFLAGS": "", "COLUMNS": "1000"})  # one log record on one line
        assert result.returncode == 0, result.stderr
        printed = result.stdout + result.stderr
        assert "briefings/2025/2025-09-02-colon-in-title.md:2: cannot read this post: the front matter is not " \
               "valid YAML" in printed, printed
        assert (tmp_path / "output" / "drafts" / "colon-in-title" / "index.html").is_file()
    assert (tmp_path / "cache").is_dir(), "the second build could read from the cache"


def test_make_publish_fails_naming_each_post_it_cannot_read(tmp_path):
    names = ["2025-09-02-colon-in-title.md", "2025-09-05-latin-1.md", "2025-09-06-misspelt-section.md"]
    content = write_content(tmp_path / "content", names)
    write_stray_posts(content)
    result = publish(tmp_path / "output", content)
    assert result.returncode == 1
    assert "briefings/2025/2025-09-11-old-note.rst: not built: posts are Markdown files" in result.stderr
    assert "briefings/2025/2025-09-02-colon-in-title.md:2: cannot read this post" in result.stderr
    assert "briefings/2025/2025-09-05-latin-1.md:2: cannot read this post: the file is not UTF-8" in result.stderr
    assert "briefings/2025/2025-09-06-misspelt-section.md: category: expected one of" in result.stderr
    assert "nothing was written to" in result.stderr and not (tmp_path / "output").exists()


@pytest.mark.vnu
def test_the_error_pages_are_valid_html(preview, java):
    site, _ = preview
    pages = [str(p) for p in sorted((site / "drafts").glob("*/index.html"))]
    assert len(pages) == len(BROKEN)
    errors, _ = vnu(java, "--errors-only", *pages)
    assert not errors, "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in errors)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_error_page_has_no_accessibility_violations(preview, browser, scheme):
    site, _ = preview
    # one unreadable, one with its body shown
    assert_accessible(browser, site, [f"/drafts/{slug}/" for slug in ("colon-in-title", "misspelt-section")], scheme)
