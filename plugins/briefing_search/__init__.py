"""Pelican plugin: the search index (see :mod:`briefing.search`).

Records are taken once the articles are read and their addresses final
(``article_generator_finalized``, after the slugs plugin has run at
``article_generator_pretaxonomy``). On large sites a forked child writes them
into a scratch folder and becomes Pagefind (so it holds no copy of the build's
memory while it indexes), its bundle moved into the site when the build ends;
on small sites the index is written at the end. `make html`, `make publish`
and the devserver all produce a site whose search works; SEARCH_INDEX = False
skips it.
"""

import shutil
import tempfile
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from briefing.build.forked import ForkedTask, writes_in_parallel
from briefing.search import check_bundle, indexer, install_bundle, record_for, write_index

#: Below the parent's priority: the index is needed only when the build ends.
NICE = 10

_articles: ArticlesGenerator | None = None
_child: ForkedTask | None = None
#: The scratch folder the child builds the bundle in, removed whatever happens.
_scratch: Path | None = None


def _records(articles: ArticlesGenerator) -> list:
    return [record_for(article) for article in articles.articles]


def _language(articles: ArticlesGenerator) -> str:
    return articles.settings.get("DEFAULT_LANG", "en")


def _forget_scratch() -> None:
    global _scratch
    scratch, _scratch = _scratch, None
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def _begin(pelican) -> None:
    """Nothing carried over from a build that failed midway (its child is joined by plugins/briefing_build)."""
    global _articles, _child
    _articles = _child = None
    _forget_scratch()


def _start(articles: ArticlesGenerator) -> None:
    """Every article read, its address final: on large sites, index in a child from now on."""
    global _articles, _child, _scratch
    if not articles.settings.get("SEARCH_INDEX", True):
        return
    if not writes_in_parallel(articles.settings, len(articles.articles)):
        _articles = articles  # indexed when the build ends
        return
    threads = articles.settings.get("BRIEFING_SEARCH_THREADS", 1)
    scratch = _scratch = Path(tempfile.mkdtemp(prefix="briefing-search-"))
    # The child writes the records, then becomes Pagefind: it holds no copy of the build's memory meanwhile.
    _child = ForkedTask(lambda: indexer(_records(articles), scratch, scratch / "pagefind", _language(articles),
                                        threads), "building the search index", nice=NICE)


def _finish(pelican) -> None:
    global _articles, _child
    articles, _articles = _articles, None
    child, _child = _child, None
    try:
        if child is not None:
            child.wait()
            install_bundle(check_bundle(_scratch / "pagefind"), Path(pelican.output_path))
        elif articles is not None:
            write_index(_records(articles), articles.output_path, _language(articles))
    finally:
        _forget_scratch()


def register() -> None:
    signals.get_generators.connect(_begin)
    signals.article_generator_finalized.connect(_start)
    signals.finalized.connect(_finish)
