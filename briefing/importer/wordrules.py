"""Whole-word matching of editors' word lists, shared by every data-driven rule.

Editors write plain words and phrases in the data files; the importer must
match them the same way everywhere (whole words, any case, any spacing inside
a phrase), so the conversion from a word list to a pattern lives here once.

The pattern is a trie (phrases sharing a start share a branch), not a flat
alternation: Python's regular expressions try alternatives one by one, and a
gazetteer of hundreds of names tried at every word of every article was most
of the time spent on tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACE = object()  # trie key for "one or more whitespace characters"


def word_regex(phrases: Iterable[str], flags: int = re.IGNORECASE, plural: bool = False) -> re.Pattern[str] | None:
    """One pattern matching any of ``phrases`` as whole words, longest first; None for an empty list.

    Longest first makes "Inner Mongolia" win over "Mongolia" at the same place.
    ``plural`` also accepts an added "s" or "es".
    """
    pattern = trie_pattern(phrases, fold=bool(flags & re.IGNORECASE))
    return re.compile(whole_words(pattern, plural), flags) if pattern else None


def whole_words(pattern: str, plural: bool = False) -> str:
    """``pattern`` matched only as whole words (optionally with a plural ending)."""
    suffix = "(?:e?s)?" if plural else ""
    return rf"(?<![\w&])(?:{pattern}){suffix}(?![\w&])"


def trie_pattern(phrases: Iterable[str], fold: bool = True) -> str:
    """The alternation of ``phrases`` as a trie, with no word boundaries; empty for no phrases."""
    trie: dict = {}
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        node = trie
        for i, word in enumerate(words):
            if i:
                node = node.setdefault(_SPACE, {})
            for ch in word.lower() if fold else word:
                node = node.setdefault(ch, {})
        node[""] = {}
    return _pattern(trie)


def _pattern(node: dict) -> str:
    branches = []
    for key in sorted((k for k in node if k != ""), key=lambda k: (k is _SPACE, str(k))):
        head = r"\s+" if key is _SPACE else re.escape(key)
        branches.append(head + _pattern(node[key]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        # Greedy: the longer phrase is tried first, the one ending here if that fails.
        return f"(?:{body})?"
    return body


def normalise_phrase(text: str) -> str:
    return " ".join(text.split()).casefold()
