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
    """id(article) -> its related briefings (see :class:`RelatedIndex`), for ``articles`` and ``also`` (drafts)."""
    index = RelatedIndex(articles, entity_tags, limit, at_least)
    return {id(article): index.of(article) for article in [*articles, *also]}


class RelatedIndex:
    """What the briefings share, indexed once per build; each briefing's related ones found when asked.

    Finding them is the costly part (it grows with the square of the archive:
    every shared feature's briefings are scored), and only an article's own
    page asks: asked lazily (:class:`Related`), the work happens where that page
    is written, in the process writing the article pages in parallel, not in
    the build's main process before anything is written.
    """

    def __init__(self, articles: Sequence[Any], entity_tags: Collection[str], limit: int = 5, at_least: int = 3):
        self.articles = list(articles)
        self.limit, self.at_least = limit, at_least
        self.entities = {tag_key(t) for t in entity_tags}
        self.features = [_features(article, self.entities) for article in self.articles]
        self.positions = {id(article): position for position, article in enumerate(self.articles)}
        self.index: dict[str, list[int]] = defaultdict(list)
        for position, own in enumerate(self.features):
            for feature in own:
                self.index[feature].append(position)
        total = len(self.articles)
        common = max(5, int(total * COMMON_SHARE))
        # The gain of each feature worth scoring: shared by few enough briefings to say something.
        self.gains = {
            feature: math.log(1 + total / len(found)) if feature.startswith("w:") else 1.0
            for feature, found in self.index.items() if len(found) <= common
        }
        self.newest_first = [-a.date.timestamp() for a in self.articles]  # once, not once per comparison
        self.by_date = sorted(self.articles, key=lambda a: a.date, reverse=True)

    def of(self, article: Any) -> list[Any]:
        """``article``'s related briefings, best first: up to ``limit``, and ``at_least`` when the site has them.

        A briefing sharing too little is topped up with the newest of its
        section, then of the site, so every page offers somewhere to go next.
        A briefing not indexed (a draft) gets them among the indexed ones.
        """
        position = self.positions.get(id(article), -1)
        own = self.features[position] if position >= 0 else _features(article, self.entities)
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in own.items():
            gain = self.gains.get(feature)
            if gain is None:
                continue
            gain *= weight
            for other in self.index[feature]:
                scores[other] += gain
        scores.pop(position, None)
        chosen = [self.articles[other] for other in _best(scores, self.newest_first, self.limit)]
        if len(chosen) < self.at_least:
            chosen += _newest(self.by_date, article, chosen, self.at_least - len(chosen))
        return chosen


class Related(Sequence):
    """An article's related briefings, found the first time a template asks (see :class:`RelatedIndex`)."""

    def __init__(self, index: RelatedIndex, article: Any):
        self._index, self._article = index, article
        self._found: list[Any] | None = None

    def _list(self) -> list[Any]:
        if self._found is None:
            self._found = self._index.of(self._article)
            self._index = self._article = None
        return self._found

    def __getitem__(self, item):
        return self._list()[item]

    def __len__(self) -> int:
        return len(self._list())

    def __reduce__(self):  # pickled (a cache, a worker) as the plain list it stands for
        return list, (self._list(),)


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
