"""A story already covered: near-duplicate briefings found by comparing titles and texts word by word.

Used by ``briefing check`` and by the importer, which makes a likely duplicate
a draft with a review item instead of a new published briefing.

Similarity is RapidFuzz's Indel similarity (twice the longest common
subsequence over the total length) on *words*, not characters: on characters
any two English texts about rare earths look 40-60 % alike, on words unrelated
briefings stay under about 25 % while a copied title or opening paragraph
scores near 100 %. A text is compared twice, by its opening (the first
paragraph, which a re-reported story rarely changes much) and as a whole, and
the higher score counts.

Comparing every post with every other grows with the square of the archive, so
candidates are first found through shared word triples (an inverted index);
only those are scored.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Indel
from rapidfuzz.utils import default_process

#: BRIEFING_STYLE's rules for duplicates and their defaults (percentages): a text this alike, or a
#: title and text this alike on average, is likely the same story.
DUPLICATE_RULES = {"duplicate_text": 60, "duplicate_title_and_text": 65}
#: Word triples two texts must share to be compared at all.
_MIN_SHARED = 2
_PARAGRAPHS = re.compile(r"\n\s*\n")
_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+>]\s|\d+\.\s)|!?\[([^\]]*)\]\([^)]*\)|<[^>]+>", re.MULTILINE)


def words(text: str) -> list[str]:
    """A text's words, lower-case, without punctuation or Markdown."""
    return default_process(_MARKUP.sub(r"\1", text or "")).split()


def opening(body: str) -> str:
    """The first paragraph of a Markdown body that is prose (not a heading, list or quote)."""
    for paragraph in _PARAGRAPHS.split(body.strip()):
        stripped = paragraph.lstrip()
        if stripped and not stripped.startswith(("#", "-", "*", "+", ">", "|", "<", "!", "```")):
            return paragraph
    return ""


@dataclass(frozen=True)
class Story:
    """What of a post is compared: its title and its text."""

    #: Whatever names the post to an editor (a path relative to the content folder).
    name: str
    title: str
    body: str
    #: For ordering: only earlier stories are duplicated (ISO date text, then name).
    date: str = ""
    title_words: tuple[str, ...] = field(init=False)
    opening_words: tuple[str, ...] = field(init=False)
    body_words: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title_words", tuple(words(self.title)))
        object.__setattr__(self, "opening_words", tuple(words(opening(self.body))))
        object.__setattr__(self, "body_words", tuple(words(self.body)))

    @property
    def order(self) -> tuple[str, str]:
        return self.date, self.name


@dataclass(frozen=True)
class Match:
    """``earlier`` is likely the same story; similarities are percentages."""

    earlier: Story
    title: int
    text: int

    def describe(self) -> str:
        return f"title {self.title}% alike, text {self.text}% alike"


def _triples(sequence: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {sequence[i:i + 3] for i in range(max(0, len(sequence) - 2))}


class Archive:
    """The stories already published, indexed for finding the likely duplicates of another."""

    def __init__(self, stories: Iterable[Story], settings: Mapping[str, Any] | None = None):
        style = (settings or {}).get("BRIEFING_STYLE") or {}
        rules = {**DUPLICATE_RULES, **{k: v for k, v in style.items() if k in DUPLICATE_RULES}}
        self.text_threshold = float(rules["duplicate_text"])
        self.both_threshold = float(rules["duplicate_title_and_text"])
        self.stories: list[Story] = []
        self._index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for story in stories:
            self.add(story)

    def add(self, story: Story) -> None:
        number = len(self.stories)
        self.stories.append(story)
        for triple in _triples(story.body_words) | _triples(story.title_words):
            self._index[triple].append(number)

    def _candidates(self, story: Story) -> list[Story]:
        shared: Counter[int] = Counter()
        for triple in _triples(story.body_words):
            shared.update(self._index.get(triple, ()))
        title_shared = {n for triple in _triples(story.title_words) for n in self._index.get(triple, ())}
        numbers = {n for n, count in shared.items() if count >= _MIN_SHARED} | title_shared
        return [self.stories[n] for n in sorted(numbers)]

    def score(self, story: Story, other: Story) -> Match:
        title = Indel.normalized_similarity(story.title_words, other.title_words) * 100
        text = max(
            Indel.normalized_similarity(story.opening_words, other.opening_words) * 100 if story.opening_words else 0,
            Indel.normalized_similarity(story.body_words, other.body_words) * 100,
        )
        return Match(other, round(title), round(text))

    def is_likely(self, match: Match) -> bool:
        return match.text >= self.text_threshold or (match.title + match.text) / 2 >= self.both_threshold

    def duplicates_of(self, story: Story, earlier_only: bool = True) -> list[Match]:
        """Stories of the archive that ``story`` likely repeats, most alike first.

        Within the archive the later of two alike stories is the duplicate
        (``earlier_only``); a story arriving from outside (an import) is compared with all.
        """
        found = []
        for other in self._candidates(story):
            if other.name == story.name or (earlier_only and other.order >= story.order):
                continue
            match = self.score(story, other)
            if self.is_likely(match):
                found.append(match)
        return sorted(found, key=lambda m: (-(m.title + m.text), m.earlier.name))
