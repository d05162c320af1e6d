"""Related briefings: for each briefing, the few others a reader of it most likely wants next.

Computed once per build from what briefings share, strongest first: the
elements, companies and countries they are tagged with (the gazetteer says
which tags those are), then other tags (groups, themes), then distinctive
words of their titles, summaries and highlights. Rare words count more than
common ones (inverse document frequency), and a word or tag shared by a large
part of the site says nothing and is skipped, which also keeps the work near
linear: only briefings that share something are ever compared.

Plain Python over anything with ``title``, ``summary``, ``tags``, ``category``
and ``date``; the plugin ``plugins/briefing_related`` sets each briefing's
``related_briefings``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from .hubs import tag_key
from .text import plain_text

#: Weight of one shared entity tag (element, company, country), one other tag, and one word's IDF.
ENTITY_WEIGHT = 3.0
TAG_WEIGHT = 1.0
WORD_WEIGHT = 0.35
#: A feature shared by more than this share of the briefings (and more than a handful) is skipped.
COMMON_SHARE = 0.25
_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")
#: Words too common in briefings to say what one is about.
STOP_WORDS = frozenset(
    """
    about after also been before being between both could does during each from have into
    more most much other over said says some such than that their them then there these they
    this those through under until were what when where which while will with would year years
    rare earth earths company companies tonnes percent first last next week month briefing
    """.split()
)


def words(article: Any) -> set[str]:
    """Distinctive words of a briefing's title, summary and highlights, lower case."""
    boxes = getattr(article, "briefing", None)
    text = " ".join(
        plain_text(part) for part in (getattr(article, "title", ""), getattr(article, "summary", ""),
                                      boxes.highlights_list if boxes else "")
    )
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in STOP_WORDS}


def related_briefings(
    articles: Sequence[Any], entity_tags: Collection[str], limit: int = 5, at_least: int = 3
) -> dict[int, list[Any]]:
    """id(article) -> its related briefings, best first: up to ``limit``, and ``at_least`` when the site has them.

    ``entity_tags`` are the tags of elements, companies and countries (any case).
    A briefing sharing too little is topped up with the newest of its section,
    then of the site, so every page offers somewhere to go next.
    """
    entities = {tag_key(t) for t in entity_tags}
    features: list[dict[str, float]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(articles):
        own: dict[str, float] = {}
        for tag in getattr(article, "tags", None) or []:
            key = tag_key(tag.name)
            own["t:" + key] = ENTITY_WEIGHT if key in entities else TAG_WEIGHT
        for word in sorted(words(article)):  # a set's order changes with each process's hash seed, and
            own["w:" + word] = WORD_WEIGHT   # the order of a float sum changes ties between scores
        features.append(own)
        for feature in own:
            index[feature].append(position)
    total = len(articles)
    common = max(5, int(total * COMMON_SHARE))
    idf = {f: math.log(1 + total / len(found)) for f, found in index.items() if f.startswith("w:")}
    result: dict[int, list[Any]] = {}
    newest_first = [-a.date.timestamp() for a in articles]  # once, not once per comparison
    for position, article in enumerate(articles):
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in features[position].items():
            found = index[feature]
            if len(found) > common:
                continue
            gain = weight * idf.get(feature, 1.0)
            for other in found:
                if other != position:
                    scores[other] += gain
        # the best ``limit`` as sorted()[:limit] would give them, without sorting all the others
        ranked = heapq.nsmallest(limit, scores, key=lambda other: (-scores[other], newest_first[other], other))
        chosen = [articles[other] for other in ranked]
        if len(chosen) < at_least:
            chosen += _newest(articles, article, chosen, at_least - len(chosen))
        result[id(article)] = chosen
    return result


def _newest(articles: Sequence[Any], article: Any, chosen: list[Any], wanted: int) -> list[Any]:
    """The newest briefings not yet chosen, those of the same section first."""
    taken = {id(a) for a in chosen} | {id(article)}
    pool = sorted((a for a in articles if id(a) not in taken), key=lambda a: a.date, reverse=True)
    same = [a for a in pool if a.category == article.category]
    return (same + [a for a in pool if a.category != article.category])[:wanted]
