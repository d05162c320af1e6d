"""Pelican plugin: the search index (see :mod:`briefing.search`).

Records are taken once every link is resolved, and indexed while the pages are
written (in a forked child on large sites, else at the end), so `make html`,
`make publish` and the devserver all produce a site whose search works;
SEARCH_INDEX = False skips it.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator

from briefing.build.forked import ForkedTask, writes_in_parallel
from briefing.search import record_for, write_index

#: Below the parent's priority: the index is needed only when the build ends.
NICE = 10

_articles: ArticlesGenerator | None = None
_child: ForkedTask | None = None


def _index(articles: ArticlesGenerator, threads: int | None = None) -> None:
    write_index([record_for(article) for article in articles.articles], articles.output_path,
                articles.settings.get("DEFAULT_LANG", "en"), threads)


def _begin(pelican) -> None:
    """Nothing carried over from a build that failed midway (its child is joined by plugins/briefing_build)."""
    global _articles, _child
    _articles = _child = None


def _found(generators) -> None:
    global _articles
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    _articles = articles if articles is not None and articles.settings.get("SEARCH_INDEX", True) else None


def _start(pelican) -> None:
    """On Pelican's asking for its writer (every link resolved): index in a child on large sites."""
    global _articles, _child
    if _articles is not None and writes_in_parallel(_articles.settings, len(_articles.articles)):
        articles, _articles = _articles, None
        threads = articles.settings.get("BRIEFING_SEARCH_THREADS", 1)
        _child = ForkedTask(lambda: _index(articles, threads), "building the search index", nice=NICE)


def _finish(pelican) -> None:
    global _articles, _child
    articles, _articles = _articles, None
    child, _child = _child, None
    if child is not None:
        child.wait()
    elif articles is not None:
        _index(articles)


def register() -> None:
    signals.get_generators.connect(_begin)
    signals.all_generators_finalized.connect(_found)
    signals.get_writer.connect(_start)
    signals.finalized.connect(_finish)
