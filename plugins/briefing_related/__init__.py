"""Pelican plugin: each briefing's related briefings (``article.related_briefings``), through :mod:`briefing.related`.

Thin on purpose: once every article is read, it tells :mod:`briefing.related`
which tags name elements, companies and countries (the gazetteer) and sets
on each article (drafts included), before any page is written, its related
briefings: found when its page first asks for them (:class:`briefing.related.Related`).
"""

from pathlib import Path

from pelican import signals

from briefing.gazetteer import tag_groups
from briefing.related import Related, RelatedIndex

#: The gazetteer's groups whose tags name one thing a reader follows.
ENTITY_GROUPS = ("elements", "companies", "countries")


def _relate(generator) -> None:
    settings = generator.settings
    gazetteer = settings.get("BRIEFING_GAZETTEER_FILE")
    groups = tag_groups(Path(gazetteer) if gazetteer else None)
    entities = [tag for group in ENTITY_GROUPS for tag in groups.get(group, ())]
    limit = int(settings.get("BRIEFING_RELATED_LIMIT", 5))
    # Indexed now, each found when its page asks (in the process writing the article pages). A draft shows
    # what its published page will: briefings related to it among the published ones.
    index = RelatedIndex(generator.articles, entities, limit=limit)
    for article in [*generator.articles, *generator.drafts]:
        article.related_briefings = Related(index, article)


def register() -> None:
    signals.article_generator_finalized.connect(_relate)
