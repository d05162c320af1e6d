"""Pelican plugin: briefings read, rendered with their boxes, checked and reported.

Thin on purpose: the reader is :mod:`briefing.reader`, the rendering
:mod:`briefing.post`, the reporting :mod:`briefing.site`. The boxes are part
of each briefing's content, so its page and its feed entries carry the same
ones; ``article.briefing`` holds each part for templates.
"""

import os

from pelican import signals

from pelican.generators import ArticlesGenerator

from briefing.cache_key import render_key
from briefing.forked import ForkedTask, settle, writes_in_parallel
from briefing.incremental import write_changed_first
from briefing.parallel_write import fork_article_writer
from briefing.reader import BriefingReader
from briefing.site import SiteBriefings

_build: SiteBriefings | None = None
_articles: ArticlesGenerator | None = None
_article_writer: ForkedTask | None = None


def _start(pelican) -> None:
    global _build
    _build = SiteBriefings(pelican.settings)
    if pelican.settings.get("CACHE_CONTENT") or pelican.settings.get("LOAD_CONTENT_CACHE"):
        base = pelican.settings["CACHE_PATH"]
        if os.path.basename(base) != (key := render_key(pelican.settings)):
            pelican.settings["CACHE_PATH"] = os.path.join(base, key)


def _reader(generator) -> BriefingReader | None:
    reader = generator.readers.readers.get("md")
    return reader if isinstance(reader, BriefingReader) else None


def _add_reader(readers) -> None:
    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def _prefetch(generator) -> None:
    """Render, in parallel, every article that Pelican's cache cannot give back."""
    reader = _reader(generator)
    if reader is None:
        return
    settings = generator.settings
    paths = []
    for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, name))
        if name.rsplit(".", 1)[-1] in BriefingReader.file_extensions and \
                generator.readers.get_cached_data(path, (None, None))[0] is None:
            paths.append(path)
    reader.prefetch(paths)


def _stop_workers(generator) -> None:
    reader = _reader(generator)
    if reader is not None:
        reader.close()


def _attach(content) -> None:
    content.briefing = content.metadata.get("briefing")
    if _build is not None and content.metadata.get("briefing_problems"):
        _build.report(content.metadata["briefing_problems"], draft=getattr(content, "status", None) == "draft")


def _finish(generators) -> None:
    global _articles, _article_writer
    leftover, _article_writer = _article_writer, None
    settle(leftover)  # from a build that failed while its child wrote (the devserver goes on)
    if _build is not None:
        _build.finish()
    articles = _articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is not None and articles.settings.get("BRIEFING_WRITE_CHANGED_FIRST"):
        reader = _reader(articles)
        if reader is not None:
            write_changed_first(articles, reader.fresh)


def _fork_article_writer(pelican) -> None:
    """On Pelican's asking for its writer (all posts read, every link resolved): start the child."""
    global _article_writer, _articles
    articles, _articles = _articles, None
    if articles is None or not writes_in_parallel(articles.settings, len(articles.articles)):
        return
    _article_writer = fork_article_writer(articles)


def _wait_for_article_writer(pelican) -> None:
    global _article_writer
    if _article_writer is not None:
        child, _article_writer = _article_writer, None
        child.wait()


def register() -> None:
    signals.initialized.connect(_start)
    signals.readers_init.connect(_add_reader)
    signals.article_generator_init.connect(_prefetch)
    signals.article_generator_finalized.connect(_stop_workers)
    signals.content_object_init.connect(_attach)
    signals.all_generators_finalized.connect(_finish)
    signals.get_writer.connect(_fork_article_writer)
    signals.finalized.connect(_wait_for_article_writer)
