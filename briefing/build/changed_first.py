"""Rebuilds under the devserver: the briefing an editor just saved is written first.

Pelican rebuilds the whole site on every save and writes the feeds, then the
articles in date order; the page the editor is looking at may come last. When
only some posts were rendered afresh (the rest came from the content cache),
their pages are written right after reading, before everything else. Pelican
then writes them again in its turn, with the same template and context, so the
finished output is exactly that of a clean build. The early writing sends no
``content_written``: plugins hear of each page once, when it is written in its turn.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from pelican import signals
from pelican.writers import Writer


def write_changed_first(generator, fresh: Iterable[str]) -> list[str]:
    """Write the pages of ``generator``'s articles read from ``fresh`` source paths; return their paths."""
    fresh = {os.path.abspath(path) for path in fresh}
    articles = [*generator.articles, *generator.hidden_articles]
    changed = [a for a in articles if os.path.abspath(a.source_path) in fresh]
    if not changed or len(changed) == len(articles):  # a cold build: nothing to put first
        return []
    writer = Writer(generator.output_path, settings=generator.settings)
    with signals.content_written.muted():
        for article in changed:
            _write(writer, generator, article)
    return [article.save_as for article in changed]


def _write(writer: Writer, generator, article) -> None:
    writer.write_file(
        article.save_as,
        generator.get_template(article.template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        article=article,
        category=getattr(article, "category", None),
        override_output=hasattr(article, "override_save_as"),
        url=article.url,
        blog=True,
    )
