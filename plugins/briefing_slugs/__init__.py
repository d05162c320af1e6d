"""Pelican plugin: every post at an address of its own (see :mod:`briefing.slugs` for the rule).

Runs once the articles are read and before sections, tags and archives are
built from them, so every list links each post at its final address; once the
generator is done with them, their addresses are settled for the build
(:func:`~briefing.slugs.settle_urls`), so nothing may change a slug later.
"""

import logging

from pelican import signals

from briefing.slugs import settle_urls, unique_slugs

log = logging.getLogger("briefing")

_ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")


def _unique(generator) -> None:
    posts = [*generator.articles, *generator.hidden_articles, *generator.drafts]
    # A note, not a warning, in production: the clash is resolved the same way on every build,
    # and a strict build fails on any warning.
    level = logging.INFO if generator.settings.get("BRIEFING_STRICT") else logging.WARNING
    for note in unique_slugs(posts, generator.settings):
        log.log(level, "%s", note)


def _settle(generator, lists) -> None:
    settle_urls(post for name in lists for post in getattr(generator, name, ()))


def _settle_articles(generator) -> None:
    _settle(generator, _ARTICLE_LISTS)


def _settle_pages(generator) -> None:
    _settle(generator, _PAGE_LISTS)


def register() -> None:
    signals.article_generator_pretaxonomy.connect(_unique)
    # Before the receivers of plugins listed after this one (related briefings, social cards) read the URLs.
    signals.article_generator_finalized.connect(_settle_articles)
    signals.page_generator_finalized.connect(_settle_pages)
