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
    articles: Sequence[Any], entity_tags: Collection[str], limit: int = 5, at_least: int = 3,
    also: Sequence[Any] = (),
) -> dict[int, list[Any]]:
    """id(article) -> its related briefings, best first: up to ``limit``, and ``at_least`` when the site has them.

    ``entity_tags`` are the tags of elements, companies and countries (any case).
    A briefing sharing too little is topped up with the newest of its section,
    then of the site, so every page offers somewhere to go next. ``also`` (the
    drafts) are given related briefings among ``articles`` from the same index,
    built once, without being offered to anyone.
    """
    entities = {tag_key(t) for t in entity_tags}
    features = [_features(article, entities) for article in articles]
    index: dict[str, list[int]] = defaultdict(list)
    for position, own in enumerate(features):
        for feature in own:
            index[feature].append(position)
    total = len(articles)
    common = max(5, int(total * COMMON_SHARE))
    # The gain of each feature worth scoring: shared by few enough briefings to say something.
    gains = {
        feature: math.log(1 + total / len(found)) if feature.startswith("w:") else 1.0
        for feature, found in index.items() if len(found) <= common
    }
    newest_first = [-a.date.timestamp() for a in articles]  # once, not once per comparison
    by_date = sorted(articles, key=lambda a: a.date, reverse=True)
    result: dict[int, list[Any]] = {}
    for position, article in [*enumerate(articles), *((-1, draft) for draft in also)]:
        own = features[position] if position >= 0 else _features(article, entities)
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in own.items():
            gain = gains.get(feature)
            if gain is None:
                continue
            gain *= weight
            for other in index[feature]:
                scores[other] += gain
        scores.pop(position, None)
        chosen = [articles[other] for other in _best(scores, newest_first, limit)]
        if len(chosen) < at_least:
            chosen += _newest(by_date, article, chosen, at_least - len(chosen))
        result[id(article)] = chosen
    return result


def _features(article: Any, entities: set[str]) -> dict[str, float]:
    """A briefing's tags and words with their weights, in an order that does not depend on the hash seed.

    A set's order changes with each process's hash seed, and the order of a
    float sum changes ties between scores: words are taken sorted.
    """
    own: dict[str, float] = {}
    for tag in getattr(article, "tags", None) or []:
        key = tag_key(tag.name)
        own["t:" + key] = ENTITY_WEIGHT if key in entities else TAG_WEIGHT
    for word in sorted(words(article)):
        own["w:" + word] = WORD_WEIGHT
    return own


def _best(scores: dict[int, float], newest_first: list[float], limit: int) -> list[int]:
    """The best ``limit`` as ``sorted(scores, key=(-score, newest, position))[:limit]`` would give them.

    Only the briefings scoring at least the ``limit``-th best score can be
    among them, so only those are sorted (ties at that score included).
    """
    if not scores:
        return []
    floor = min(heapq.nlargest(limit, scores.values()))
    contenders = [other for other, score in scores.items() if score >= floor]
    contenders.sort(key=lambda other: (-scores[other], newest_first[other], other))
    return contenders[:limit]


def _newest(by_date: Sequence[Any], article: Any, chosen: list[Any], wanted: int) -> list[Any]:
    """The newest briefings not yet chosen (``by_date`` is newest first), those of the same section first."""
    taken = {id(a) for a in chosen} | {id(article)}
    same: list[Any] = []
    others: list[Any] = []
    for candidate in by_date:
        if id(candidate) in taken:
            continue
        if candidate.category == article.category:
            same.append(candidate)
            if len(same) == wanted:
                break
        elif len(others) < wanted:
            others.append(candidate)
    return (same + others)[:wanted]
