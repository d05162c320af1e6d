"""Fast builds are the same builds: parallel, cached and incremental output is byte-identical to a clean one.

The reference renders and writes everything in one process without a cache.

Every file is compared except two that are not reproducible by design:
Pagefind's bundle, whose file names vary from run to run on the same input
(its own hashing; the test checks that each bundle indexes every briefing),
and a sitemap, which pelican-sitemap stamps with the build's time. (The
sitemap plugin is only in production builds, but Pelican's signals are
process-wide, so an earlier production build in the same test run leaves it on.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from bench.generate import generate, write
from tests.sitebuild import CONTENT, build

N = 72  # above the parallel threshold set below, so worker processes really render


def snapshot(site: Path) -> dict[str, str]:
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and not relative.startswith("pagefind/") and relative != "sitemap.xml":
            files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("corpus") / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("briefings"))
    write(generate(N), content / "briefings")
    return content


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> Path:
    """The reference: one process, no cache."""
    return build(tmp_path_factory.mktemp("clean") / "out", content=corpus, BRIEFING_WORKERS=1,
                 BRIEFING_PARALLEL_WRITE=False, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)


def test_the_reference_build_holds_every_briefing(corpus, clean):
    published = [p for p in (corpus / "briefings").rglob("*.md") if "\nstatus: draft" not in p.read_text(encoding="utf-8")]
    assert N - 5 < len(published) <= N
    assert len(list(clean.glob("2*/*/index.html"))) == len(published)
    assert indexed_pages(clean) == len(published)


def test_parallel_build_is_identical(corpus, clean, tmp_path):
    """Posts rendered by worker processes, article pages written by a second process."""
    parallel = build(tmp_path / "out", content=corpus, BRIEFING_WORKERS=2, BRIEFING_PARALLEL_MIN=8,
                     BRIEFING_PARALLEL_WRITE=True, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert_same(clean, parallel)


def test_build_from_the_content_cache_is_identical(corpus, clean, tmp_path):
    cache = tmp_path / "cache"
    build(tmp_path / "first", content=corpus, CACHE_PATH=str(cache), BRIEFING_PARALLEL_MIN=8)
    assert any(cache.rglob("*")), "the first build filled the cache"
    cached = build(tmp_path / "second", content=corpus, CACHE_PATH=str(cache), BRIEFING_PARALLEL_MIN=8)
    assert_same(clean, cached)


def test_incremental_rebuild_after_an_edit_is_identical_to_a_clean_build(corpus, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(out, content=content, CACHE_PATH=str(cache), BRIEFING_PARALLEL_MIN=8)
    post = sorted((content / "briefings").rglob("*.md"))[5]
    post.write_text(post.read_text(encoding="utf-8").replace("takeaway:", "takeaway_label: Edited label\ntakeaway:", 1),
                    encoding="utf-8")
    build(out, content=content, CACHE_PATH=str(cache), BRIEFING_PARALLEL_MIN=8)
    reference = build(tmp_path / "reference", content=content, BRIEFING_WORKERS=1,
                      BRIEFING_PARALLEL_WRITE=False, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert "Edited&nbsp;label" in "".join(p.read_text(encoding="utf-8") for p in out.glob("*/*/index.html"))
    assert_same(reference, out)
