"""Pelican plugin: hubs for rare earth elements, companies and countries, and the topics index.

Thin on purpose: it hands Pelican the generator of :mod:`.generator`, which
feeds the build's articles to :mod:`briefing.hubs` and writes what it returns;
once every generator has read, the hubs take over their tags' pages
(:mod:`briefing.topics`).
"""

from pelican import signals
from pelican.generators import ArticlesGenerator

from .generator import HubsGenerator


def _generators(pelican):
    return HubsGenerator


def _one_page_per_topic(generators) -> None:
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    hubs = next((g for g in generators if isinstance(g, HubsGenerator)), None)
    if articles is not None and hubs is not None:
        hubs.take_over_tag_pages(articles)


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.all_generators_finalized.connect(_one_page_per_topic)
