"""The build engine's failure paths: what other processes log and raise reaches the build, a failed pool or
a platform without fork still builds the whole site, and a devserver's next build starts clean."""

from __future__ import annotations

import gzip
import importlib.metadata
import logging
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli
import pytest
from pelican import Pelican
from pelican.settings import read_settings

from briefing.build import stats
from briefing.build.cache_key import RENDERING_DISTRIBUTIONS, keyed_cache_path, render_key
from briefing.post import PostRenderer
from briefing.publish import publish
from tests.sitebuild import CONTENT, ROOT, LogCapture, build, copy_content, write_post
from tests.test_build_identical import assert_same

#: The sample site (14 briefings) rendered by two workers and written with forked children.
PARALLEL = {"BRIEFING_WORKERS": 2, "BRIEFING_PARALLEL_MIN": 2, "BRIEFING_PARALLEL_WRITE": True}
TARGET = "2025-09-18-neo-estonia-separation-output.md"
POSTS = len(list((CONTENT / "briefings").rglob("*.md")))


def when_rendering(monkeypatch, target: str, act) -> None:
    """Run ``act`` whenever ``target`` is rendered, in whichever process renders it (workers fork after this)."""
    original = PostRenderer.render_text

    def render_text(self, text, relative_path):
        if relative_path.endswith(target):
            act()
        return original(self, text, relative_path)

    monkeypatch.setattr(PostRenderer, "render_text", render_text)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = build(tmp_path_factory.mktemp("reference") / "out", BRIEFING_WORKERS=1, BRIEFING_PARALLEL_WRITE=False,
                CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert stats.current().in_process == POSTS
    return out


def test_a_warning_logged_in_a_worker_fails_make_publish_and_keeps_its_traceback(monkeypatch, tmp_path, caplog):
    """And again in the next release, where the post comes from the publish cache: strictness is the same."""
    def suspicious_table():
        try:
            raise ValueError("a column of figures without a unit")
        except ValueError:
            logging.getLogger("briefing.post").warning("Table without units in %s", TARGET, exc_info=True)

    when_rendering(monkeypatch, TARGET, suspicious_table)
    conf = tmp_path / "conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
                    f"BRIEFING_WORKERS = 2\nBRIEFING_PARALLEL_MIN = 2\nPATH = {str(CONTENT)!r}\n"
                    f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                    f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    caplog.set_level(logging.DEBUG, logger="briefing.build")
    outcome = publish(conf, tmp_path / "output")
    assert stats.current().in_workers == POSTS  # the warning was logged in a worker, not here
    assert not outcome.ok and outcome.problems.count(f"Table without units in {TARGET}") == 1
    assert not (tmp_path / "output").exists()
    warning = next(r for r in caplog.records if r.getMessage() == f"Table without units in {TARGET}")
    assert warning.process != os.getpid()
    tracebacks = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG and "Traceback" in r.getMessage()]
    assert any("suspicious_table" in t and "ValueError: a column of figures without a unit" in t for t in tracebacks)

    monkeypatch.undo()  # the next release renders nothing: every post comes from the publish cache
    again = publish(conf, tmp_path / "output")
    assert stats.current().from_cache == POSTS and stats.current().in_workers == stats.current().in_process == 0
    assert not again.ok and again.problems.count(f"Table without units in {TARGET}") == 1


def test_an_error_raised_in_a_worker_keeps_its_traceback(monkeypatch, tmp_path):
    def unit_conversion_fails():
        raise KeyError("tonnes of REO")

    when_rendering(monkeypatch, TARGET, unit_conversion_fails)
    with LogCapture() as logs:
        build(tmp_path / "out", DEBUG=True, **PARALLEL)
    assert stats.current().in_workers == POSTS
    failed = next(r for r in logs.records if r.getMessage().startswith("Could not process") and TARGET in r.getMessage())
    text = logging.Formatter().formatException(failed.exc_info)
    assert TARGET in str(failed.exc_info[1]) and "KeyError: 'tonnes of REO'" in text
    assert "unit_conversion_fails" in text  # the frame in the worker, not only its message


def test_a_killed_worker_leaves_the_rest_to_this_process(monkeypatch, tmp_path, reference):
    here = os.getpid()

    def killed():
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)

    when_rendering(monkeypatch, TARGET, killed)
    out = build(tmp_path / "out", **PARALLEL)
    count = stats.current()
    assert count.pool_failures and "BrokenProcessPool" in count.pool_failures[0]
    assert count.in_process >= 1 and count.in_process + count.in_workers == POSTS
    assert_same(reference, out)


def test_a_pool_that_cannot_start_leaves_every_post_to_this_process(monkeypatch, tmp_path, reference):
    def refuse(self, *args, **kwargs):
        raise RuntimeError("can't start new process")

    monkeypatch.setattr(ProcessPoolExecutor, "submit", refuse)
    out = build(tmp_path / "out", **PARALLEL)
    count = stats.current()
    assert count.pool_failures == ["RuntimeError: can't start new process"]
    assert count.in_process == POSTS and count.in_workers == 0
    assert_same(reference, out)


def test_without_fork_the_build_runs_in_one_process(monkeypatch, tmp_path, reference):
    monkeypatch.delattr(os, "fork")
    out = build(tmp_path / "out", **PARALLEL)
    count = stats.current()
    assert count.in_process == POSTS and count.in_workers == 0 and count.forked == []
    assert_same(reference, out)


NO_HIGHLIGHTS = """\
---
title: Magnet plant doubles its line
date: 2025-10-05
category: Magnets
takeaway: Watch the second line's yield.
---

The plant's second line started in September.
"""
BROKEN_LINK = """\
---
title: Separator restarts after a fire
date: 2025-10-06
category: Processing
highlights:
  - The separator is back at full rate.
---

Follows [the earlier briefing]({filename}/briefings/2025/2025-01-01-missing.md).
"""


def test_fixed_posts_pass_the_next_strict_build_of_the_same_pelican(tmp_path):
    """The devserver rebuilds with one Pelican: the problems of the last build must not outlive it."""
    content = copy_content(tmp_path / "content")
    contract = write_post(content, "briefings/2025-10-05-magnet-plant.md", NO_HIGHLIGHTS)
    link = write_post(content, "briefings/2025-10-06-separator-restarts.md", BROKEN_LINK)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(tmp_path / "cache"), "BRIEFING_STRICT": True,
        "PLUGINS": ["briefing_build", "briefing_boxes", "briefing_feeds", "briefing_publish"], "SEARCH_INDEX": False,
    })
    pelican = Pelican(settings)
    with LogCapture() as logs, pytest.raises(RuntimeError, match="nothing was published"):
        pelican.run()  # the contract's check or the link check, whichever plugin's receiver runs first
    assert any("magnet-plant.md" in m and "highlights" in m for m in logs.messages(logging.ERROR))
    assert any("2025-01-01-missing.md" in m for m in logs.messages(logging.ERROR))
    contract.write_text(NO_HIGHLIGHTS.replace("category: Magnets\n", "category: Magnets\nhighlights:\n  - It runs.\n"),
                        encoding="utf-8")
    link.write_text(BROKEN_LINK.replace("{filename}/briefings/2025/2025-01-01-missing.md", "https://example.org/a"),
                    encoding="utf-8")
    pelican.run()
    assert (tmp_path / "out" / "2025" / "magnet-plant-doubles-its-line" / "index.html").is_file()


@pytest.mark.parametrize("distribution", RENDERING_DISTRIBUTIONS)
def test_the_cache_key_changes_with_each_rendering_library(monkeypatch, distribution):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    before = render_key(settings)
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0.1-other" if name == distribution else real(name))
    assert render_key(settings) != before


@pytest.mark.parametrize(("name", "value", "changes"), [
    ("MARKDOWN", {"extension_configs": {}, "output_format": "html5"}, True),
    ("TYPOGRIFY_DASHES", "oldschool", True),
    ("BRIEFING_LABELS", {"takeaway": "Bottom line"}, True),
    ("BRIEFING_SECTIONS", ["Mining"], True),
    ("TAG_URL", "topic/{slug}/", True),
    ("DEFAULT_DATE_FORMAT", "%Y-%m-%d", True),  # read by the boxes (update dates), found without a list
    ("BRIEFING_WHY_AFTER_HIGHLIGHTS", False, True),
    ("BRIEFING_WORKERS", 7, False),
    ("BRIEFING_PARALLEL_WRITE", False, False),
    ("BRIEFING_STRICT", True, False),
    ("SEARCH_INDEX", False, False),
    ("SITEURL", "https://elsewhere.example", False),
    ("FEED_MAX_ITEMS", 5, False),
])
def test_the_cache_key_follows_only_settings_that_change_rendering(name, value, changes):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert (render_key({**settings, name: value}) != render_key(settings)) is changes


def test_a_new_key_deletes_the_caches_of_other_keys(tmp_path):
    base = tmp_path / "cache"
    stale, notes = base / "0123456789abcdef", base / "notes"
    (stale / "ArticlesGenerator-Readers").mkdir(parents=True)
    notes.mkdir()
    settings = {**read_settings(str(ROOT / "pelicanconf.py")), "CACHE_PATH": str(base)}
    path = Path(keyed_cache_path(settings))
    assert path.parent == base and path.name == render_key(settings)
    assert not stale.exists() and notes.is_dir()
    assert keyed_cache_path(settings) == str(path)  # a rebuild of the same Pelican keeps its folder


def test_the_next_release_compresses_only_what_changed(tmp_path):
    """Copies from the publish cache are byte for byte what pelican-precompress would write.

    Written as a large release is: by workers and forked children, whose pages the sitemap lists.
    """
    content = copy_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build(tmp_path / "first", conf="publishconf.py", content=content, CACHE_PATH=str(cache),
                  BRIEFING_PARALLEL_MIN=2)
    assert stats.current().compressed_restored == 0 and stats.current().in_workers == POSTS
    assert {"writing the article pages", "building the search index"} <= set(stats.current().forked)
    assert set(stats.current().child_cpu) == set(stats.current().forked)
    assert stats.current().child_cpu["building the search index"] > 0, "Pagefind's own process counts"
    sitemap = (first / "sitemap.xml").read_text(encoding="utf-8")
    pages = list(first.glob("2*/*/index.html"))
    assert len(pages) == POSTS and all(f"/{p.parent.relative_to(first).as_posix()}/</loc>" in sitemap for p in pages)
    post = next((content / "briefings").rglob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    second = build(tmp_path / "second", conf="publishconf.py", content=content, CACHE_PATH=str(cache),
                   BRIEFING_PARALLEL_MIN=2)
    assert stats.current().compressed_restored > 0
    changed = 0
    for original in second.rglob("*.html"):
        data = original.read_bytes()
        assert gzip.decompress(original.with_name(original.name + ".gz").read_bytes()) == data
        assert brotli.decompress(original.with_name(original.name + ".br").read_bytes()) == data
        before = first / original.relative_to(second)
        if before.exists() and before.read_bytes() == data:
            assert before.with_name(before.name + ".br").read_bytes() == original.with_name(original.name + ".br").read_bytes()
        else:
            changed += 1
    assert changed >= 1  # the edited briefing's page, compressed afresh
