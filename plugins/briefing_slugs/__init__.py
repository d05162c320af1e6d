"""Pelican plugin: every post at an address of its own (see :mod:`briefing.slugs` for the rule).

Runs once the articles are read and before sections, tags and archives are
built from them, so every list links each post at its final address.
"""

import logging

from pelican import signals

from briefing.slugs import unique_slugs

log = logging.getLogger("briefing")


def _unique(generator) -> None:
    posts = [*generator.articles, *generator.hidden_articles, *generator.drafts]
    # A note, not a warning, in production: the clash is resolved the same way on every build,
    # and a strict build fails on any warning.
    level = logging.INFO if generator.settings.get("BRIEFING_STRICT") else logging.WARNING
    for note in unique_slugs(posts, generator.settings):
        log.log(level, "%s", note)


def register() -> None:
    signals.article_generator_pretaxonomy.connect(_unique)
