"""Pelican plugin: index every finished build for search (see :mod:`briefing.search`).

Running on ``finalized`` means `make html`, `make publish` and the devserver
all produce a site whose search works; SEARCH_INDEX = False skips it.
"""

from pathlib import Path

from pelican import signals

from briefing.search import index_site


def _index(pelican) -> None:
    if pelican.settings.get("SEARCH_INDEX", True):
        index_site(Path(pelican.output_path), pelican.settings.get("DEFAULT_LANG", "en"))


def register() -> None:
    signals.finalized.connect(_index)
