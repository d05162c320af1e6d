"""Fast builds are the same builds: parallel, cached and incremental output is byte-identical to a clean one.

The reference renders and writes everything in one process without a cache.
Each fast build also shows, from the counters it keeps (:mod:`briefing.build.stats`),
that its fast path really ran: a test that passed because the worker pool, the
forked writer or the cache had quietly stayed off would prove nothing.

Every file is compared, the sitemap included (the sitemap plugin is on here,
as in production): the article pages are written by a forked child, and the
sitemap must still list each of them. Its one time stamp, the build's time
on list pages, is normalised. Pagefind's bundle is left out of the byte
comparison because its file names vary from run to run on the same input (its
own hashing); each bundle must index every briefing instead.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from briefing.build import stats
from tests.sitebuild import build, generated_content

N = 104  # a site of over a hundred briefings, above the parallel threshold set below
FAST = {"BRIEFING_WORKERS": 2, "BRIEFING_PARALLEL_MIN": 8, "BRIEFING_PARALLEL_WRITE": True}
ONE_PROCESS = {"BRIEFING_WORKERS": 1, "BRIEFING_PARALLEL_WRITE": False, "CACHE_CONTENT": False,
               "LOAD_CONTENT_CACHE": False}
#: The production plugins that listen for pages written (the sitemap, robots.txt beside it), without
#: precompression, which only doubles every file.
PLUGINS = {"PLUGINS": ["briefing_build", "briefing_boxes", "briefing_search", "briefing_feeds",
                       "briefing_newsletter", "briefing_hubs", "pelican.plugins.sitemap", "briefing_publish"],
           "SITEMAP": {"format": "xml", "exclude": [r"^404\.html$"]}}
_LIST_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>(\s*<changefreq>daily</changefreq>)")


def site_build(out: Path, content: Path, **overrides) -> Path:
    return build(out, content=content, **PLUGINS, **overrides)


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "sitemap.xml":  # list pages carry the build's time; posts carry their own dates
        data = _LIST_LASTMOD.sub(r"<lastmod>BUILD-TIME</lastmod>\1", data.decode("utf-8")).encode("utf-8")
    return data


def snapshot(site: Path) -> dict[str, str]:
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and not relative.startswith("pagefind/"):
            files[relative] = hashlib.sha256(normalised(path)).hexdigest()
    return files


def indexed_pages(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def assert_same(clean: Path, other: Path) -> None:
    expected, got = snapshot(clean), snapshot(other)
    assert got.keys() == expected.keys(), set(got) ^ set(expected)
    differing = [name for name in expected if expected[name] != got[name]]
    assert not differing, differing[:10]
    assert indexed_pages(other) == indexed_pages(clean)


def article_pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() + "/" for p in site.glob("2*/*/index.html")}


def sitemap_locations(site: Path) -> set[str]:
    return set(re.findall(r"<loc>/?([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_content(tmp_path_factory.mktemp("corpus") / "content", N)


@pytest.fixture(scope="module")
def posts(corpus) -> int:
    return len(list((corpus / "briefings").rglob("*.md")))


@pytest.fixture(scope="module")
def clean(corpus) -> Path:
    """The reference: one process, no cache."""
    out = corpus.parent / "clean" / "output"
    site_build(out, corpus, **ONE_PROCESS)
    assert stats.current().in_workers == 0 and not stats.current().forked
    return out


@pytest.fixture(scope="module")
def cache(corpus) -> Path:
    return corpus.parent / "cache"


@pytest.fixture(scope="module")
def parallel(corpus, cache, clean):
    """Posts rendered by worker processes, article pages written by a forked child; the cache filled."""
    out = site_build(corpus.parent / "parallel" / "output", corpus, CACHE_PATH=str(cache), **FAST)
    return out, stats.current()


def test_the_reference_build_holds_every_briefing(corpus, clean):
    published = [p for p in (corpus / "briefings").rglob("*.md") if "\nstatus: draft" not in p.read_text(encoding="utf-8")]
    assert 100 <= len(published) <= N
    assert len(article_pages(clean)) == len(published)
    assert indexed_pages(clean) == len(published)


def test_the_sitemap_lists_every_article_page(clean, parallel):
    out, _ = parallel
    for site in (clean, out):
        assert article_pages(site) <= sitemap_locations(site), article_pages(site) - sitemap_locations(site)


def test_parallel_build_is_identical_and_really_ran_in_parallel(clean, parallel, posts):
    out, count = parallel
    assert_same(clean, out)
    assert count.in_workers == posts and count.in_process == 0 and count.from_cache == 0
    assert not count.pool_failures
    assert "writing the article pages" in count.forked and "building the search index" in count.forked
    assert count.pages_by_child == len(article_pages(out))
    assert count.replayed_signals == count.pages_by_child


def test_build_from_the_content_cache_is_identical(corpus, cache, clean, parallel, posts):
    cached = site_build(corpus.parent / "cached" / "output", corpus, CACHE_PATH=str(cache), **FAST)
    count = stats.current()
    assert_same(clean, cached)
    assert count.from_cache == posts and count.in_workers == 0 and count.in_process == 0
    assert "writing the article pages" in count.forked


def test_incremental_rebuild_after_an_edit_is_identical_to_a_clean_build(corpus, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    cache, out = tmp_path / "cache", tmp_path / "out"
    site_build(out, content, CACHE_PATH=str(cache), **FAST)
    post = sorted((content / "briefings").rglob("*.md"))[5]
    # A box's label (its page) and the summary every list shows (lists remember entries within a build only).
    edited = "takeaway_label: Edited label\nsummary: A summary edited for the lists.\ntakeaway:"
    post.write_text(post.read_text(encoding="utf-8").replace("takeaway:", edited, 1), encoding="utf-8")
    site_build(out, content, CACHE_PATH=str(cache), **FAST)
    count = stats.current()
    reference = site_build(tmp_path / "reference", content, **ONE_PROCESS)
    assert "Edited&nbsp;label" in "".join(p.read_text(encoding="utf-8") for p in out.glob("*/*/index.html"))
    assert "A summary edited for the&nbsp;lists." in "".join(
        p.read_text(encoding="utf-8") for p in out.glob("section/*/index.html"))
    assert_same(reference, out)
    assert count.in_process == 1 and count.from_cache == len(list((content / "briefings").rglob("*.md"))) - 1
