"""Pelican plugin: the newsletter's web edition (an issue per week, its archive and feed).

Thin on purpose: it hands Pelican the generator of :mod:`briefing.newsletter.generator`.
"""

from pelican import signals

from briefing.newsletter.generator import NewsletterGenerator


def _generators(pelican):
    return NewsletterGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
