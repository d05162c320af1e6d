"""Pelican plugin: the build engine — the project's reader, its worker processes and forked children.

Thin on purpose: the work is in :mod:`briefing.build` (whose docstring tells
how a build flows through its processes) and :mod:`briefing.reader`. Listed
first in PLUGINS, so that its receivers of ``finalized`` (the forked writer
joined, its pages' signals replayed) run before any other plugin's, the
sitemap's and precompression's included, and its receiver of ``compress``
(compressed copies from the publish cache) before pelican-precompress's.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import blinker
from pelican import signals
from pelican.generators import ArticlesGenerator

from briefing import cards
from briefing.build import stats
from briefing.build.article_writer import ArticleWriter
from briefing.build.cache_key import keyed_cache_path
from briefing.build.changed_first import write_changed_first
from briefing.build.compressed import keep, restore
from briefing.build.forked import join_leftovers, writes_in_parallel
from briefing.build.logs import replay
from briefing.build.pool import close_leftovers
from briefing.reader import LOG_KEY, BriefingReader
from briefing.site_checks import unread_posts

log = logging.getLogger("briefing.build")

_articles: ArticlesGenerator | None = None
_article_writer: ArticleWriter | None = None


def _begin(pelican) -> None:
    """Each build starts here (``get_generators``), before Pelican touches output/.

    Under the devserver one process runs build after build; a build that failed
    midway may have left a child writing or workers rendering: they are joined
    first, and every piece of per-build state starts afresh.
    """
    global _articles, _article_writer
    close_leftovers()
    join_leftovers()
    _articles = _article_writer = None
    stats.begin()
    cards.forget()  # a list entry rendered by the last build may show what has been edited since
    for problem in unread_posts(pelican.settings):
        log.warning(problem)
    if pelican.settings.get("CACHE_CONTENT") or pelican.settings.get("LOAD_CONTENT_CACHE"):
        keyed_cache_path(pelican.settings)


def _reader(generator) -> BriefingReader | None:
    reader = generator.readers.readers.get("md")
    return reader if isinstance(reader, BriefingReader) else None


def _add_reader(readers) -> None:
    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def _prefetch(generator) -> None:
    """Render, in worker processes, every article that Pelican's cache cannot give back."""
    reader = _reader(generator)
    if reader is None:
        return
    settings = generator.settings
    paths = []
    for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        if name.rsplit(".", 1)[-1] not in BriefingReader.file_extensions:
            continue
        path = os.path.abspath(os.path.join(generator.path, name))
        if generator.readers.get_cached_data(path, (None, None))[0] is None:
            paths.append(path)
        else:
            stats.current().from_cache += 1
    reader.prefetch(paths)


def _stop_workers(generator) -> None:
    reader = _reader(generator)
    if reader is not None:
        reader.close()
        count = stats.current()
        count.in_process = len(reader.fresh) - count.in_workers


def _logged_while_reading(content) -> None:
    """Log again what was logged while this post was read: it may come from a worker or the cache."""
    records = content.metadata.get(LOG_KEY)
    if records:
        replay(records, f"reading {content.source_path}")


def _found(generators) -> None:
    """Every post read: on a rebuild, write the pages of the posts just edited first."""
    global _articles
    _articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if _articles is not None and _articles.settings.get("BRIEFING_WRITE_CHANGED_FIRST"):
        reader = _reader(_articles)
        if reader is not None:
            write_changed_first(_articles, reader.fresh)


def _fork_article_writer(pelican) -> None:
    """On Pelican's asking for its writer (all posts read, every link resolved): start the child."""
    global _article_writer, _articles
    articles, _articles = _articles, None
    if articles is not None and writes_in_parallel(articles.settings, len(articles.articles)):
        _article_writer = ArticleWriter(articles)


def _wait_for_article_writer(pelican) -> None:
    global _article_writer
    writer, _article_writer = _article_writer, None
    if writer is not None:
        writer.wait()
    log.debug("Build: %s", stats.current())


def _restore_compressed(pelican) -> None:
    """Before pelican-precompress (``compress``, sent after ``finalized``): unchanged files' copies come back."""
    restore(Path(pelican.output_path), pelican.settings)


def _keep_compressed(pelican) -> None:
    """After it (``deploy``): this release's copies are kept for the next."""
    keep(Path(pelican.output_path), pelican.settings)


def register() -> None:
    signals.get_generators.connect(_begin)
    signals.readers_init.connect(_add_reader)
    signals.article_generator_init.connect(_prefetch)
    signals.article_generator_finalized.connect(_stop_workers)
    signals.content_object_init.connect(_logged_while_reading)
    signals.all_generators_finalized.connect(_found)
    signals.get_writer.connect(_fork_article_writer)
    signals.finalized.connect(_wait_for_article_writer)
    # pelican-granular-signals' steps after `finalized`; connected before pelican-precompress connects.
    blinker.signal("compress").connect(_restore_compressed)
    blinker.signal("deploy").connect(_keep_compressed)
