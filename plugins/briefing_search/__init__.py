"""Pelican plugin: the search index (see :mod:`briefing.search`).

Records are taken once the articles are read, and indexed when the pages are written, so
`make html`, `make publish` and the devserver all produce a site whose search
works; SEARCH_INDEX = False skips it.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator

from briefing.search import SearchIndex, record_for

_index: SearchIndex | None = None


def _start(generators) -> None:
    global _index
    _index = None
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None or not articles.settings.get("SEARCH_INDEX", True):
        return
    _index = SearchIndex(
        [record_for(article) for article in articles.articles],
        articles.output_path,
        articles.settings.get("DEFAULT_LANG", "en"),
    )


def _finish(pelican) -> None:
    global _index
    if _index is not None:
        index, _index = _index, None
        index.finish()


def register() -> None:
    signals.all_generators_finalized.connect(_start)
    signals.finalized.connect(_finish)
