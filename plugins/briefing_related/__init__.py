"""Pelican plugin: each briefing's related briefings (``article.related_briefings``), through :mod:`briefing.related`.

Thin on purpose: once every article is read, it tells :mod:`briefing.related`
which tags name elements, companies and countries (the gazetteer) and sets
what it returns on each article, drafts included, before any page is written.
"""

from pathlib import Path

from pelican import signals

from briefing.gazetteer import tag_groups
from briefing.related import related_briefings

#: The gazetteer's groups whose tags name one thing a reader follows.
ENTITY_GROUPS = ("elements", "companies", "countries")


def _relate(generator) -> None:
    settings = generator.settings
    gazetteer = settings.get("BRIEFING_GAZETTEER_FILE")
    groups = tag_groups(Path(gazetteer) if gazetteer else None)
    entities = [tag for group in ENTITY_GROUPS for tag in groups.get(group, ())]
    limit = int(settings.get("BRIEFING_RELATED_LIMIT", 5))
    # A draft shows what its published page will: briefings related to it among the published ones.
    published, drafts = list(generator.articles), list(generator.drafts)
    found = related_briefings(published, entities, limit=limit, also=drafts)
    for article in [*published, *drafts]:
        article.related_briefings = found[id(article)]


def register() -> None:
    signals.article_generator_finalized.connect(_relate)
