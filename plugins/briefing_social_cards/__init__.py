"""Pelican plugin: a social card image per briefing (``article.social_card``), through :mod:`briefing.social_card`.

Thin on purpose: once the articles are read it gives each one the address of
its card (beside its page), so templates can name it in ``og:image``; once the
site is written it has each card put in the output, drawn only when the cache
does not hold it already.
"""

import logging
import posixpath
from pathlib import Path

from pelican import signals

from briefing.social_card import Card, fonts_from, write_card
from briefing.text import plain_text

log = logging.getLogger("briefing")

CARD_NAME = "social-card.png"
_pending: list[tuple[Card, str]] = []


def _place(generator) -> None:
    settings = generator.settings
    _pending.clear()
    if not settings.get("BRIEFING_SOCIAL_CARDS", True):
        return
    site = plain_text(settings.get("SITENAME", ""))
    for article in [*generator.articles, *generator.drafts]:
        if not article.save_as:
            continue
        save_as = posixpath.join(posixpath.dirname(article.save_as), CARD_NAME)
        article.social_card = save_as
        card = Card(site, article.category.name, plain_text(article.title), article.locale_date)
        _pending.append((card, save_as))


def _write(pelican) -> None:
    settings = pelican.settings
    output, cache = Path(settings["OUTPUT_PATH"]), Path(settings["CACHE_PATH"]) / "social-cards"
    fonts = fonts_from(settings)
    drawn = sum(write_card(card, output / save_as, cache, fonts) for card, save_as in _pending)
    if _pending:
        log.info("social cards: %d written, %d of them drawn", len(_pending), drawn)
    _pending.clear()


def register() -> None:
    signals.article_generator_finalized.connect(_place)
    signals.finalized.connect(_write)
