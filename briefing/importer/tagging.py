"""Tags from the gazetteer (``briefing/data/gazetteer.yaml``): elements, groups, companies, countries, themes.

The names worth tagging change with the industry (a new magnet maker, a new
mine), so they live in a data file editors extend without code. Tags come out
grouped in the file's order, and within a group in the order the article
first mentions them, which puts what the story is about first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafiles import DataFileError, load_mapping, word_list
from .wordrules import normalise_phrase, word_regex

FILE = "gazetteer.yaml"
_ENTRY_KEYS = {"tag", "names", "exact", "patterns"}


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str]
    #: From the normalised matched text to its tag, or None when the regex has one tag.
    tags: dict[str, str] | None = None
    tag: str | None = None

    def find(self, text: str):
        for match in self.regex.finditer(text):
            tag = self.tag or (self.tags or {}).get(normalise_phrase(match.group()))
            if tag:
                yield match.start(), tag


class Gazetteer:
    def __init__(self, groups: list[list[str]], matchers: list[_Matcher]):
        self._rank = {tag: i for i, group in enumerate(groups) for tag in group}
        self._matchers = matchers

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        path, data = load_mapping(FILE, path, "groups of names (companies:, countries:, ...)")
        groups: list[list[str]] = []
        ignoring_case: dict[str, str] = {}
        exact: dict[str, str] = {}
        matchers: list[_Matcher] = []
        for group_name, entries in data.items():
            if not isinstance(entries, list):
                raise DataFileError(f"{path}: {group_name}: expected a list of entries")
            group = []
            for number, entry in enumerate(entries, 1):
                where = f"{path}: {group_name}[{number}]"
                tag, names, exact_names, patterns = parse_entry(entry, where)
                group.append(tag)
                for name in [tag, *names]:
                    ignoring_case.setdefault(normalise_phrase(name), tag)
                for name in exact_names:
                    exact.setdefault(" ".join(name.split()), tag)
                for pattern in patterns:
                    try:
                        matchers.append(_Matcher(re.compile(pattern, re.IGNORECASE), tag=tag))
                    except re.error as err:
                        raise DataFileError(f"{where}: pattern {pattern!r} is not a valid regular expression: {err}") from err
            groups.append(group)
        if ignoring_case:
            matchers.append(_Matcher(word_regex(ignoring_case), tags=ignoring_case))
        if exact:
            regex = word_regex(exact, flags=0)
            matchers.append(_Matcher(regex, tags={normalise_phrase(k): v for k, v in exact.items()}))
        return cls(groups, matchers)

    def tags(self, text: str) -> list[str]:
        first_seen: dict[str, int] = {}
        for matcher in self._matchers:
            for position, tag in matcher.find(text):
                if position < first_seen.get(tag, len(text) + 1):
                    first_seen[tag] = position
        return sorted(first_seen, key=lambda tag: (self._rank[tag], first_seen[tag]))


def parse_entry(entry: Any, where: str) -> tuple[str, list[str], list[str], list[str]]:
    """One gazetteer entry as (tag, names, exact names, patterns); the hubs read the file through it too."""
    if isinstance(entry, str) and entry.strip():
        return entry.strip(), [], [], []
    if not isinstance(entry, dict) or not isinstance(entry.get("tag"), str) or not entry["tag"].strip():
        raise DataFileError(f"{where}: expected a name, or a mapping with a tag, got {entry!r}")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        unknown_keys, allowed = ", ".join(sorted(map(str, unknown))), ", ".join(sorted(_ENTRY_KEYS))
        raise DataFileError(f"{where}: unknown keys {unknown_keys} (allowed: {allowed})")
    return (
        entry["tag"].strip(),
        word_list(entry.get("names"), f"{where}: names"),
        word_list(entry.get("exact"), f"{where}: exact"),
        word_list(entry.get("patterns"), f"{where}: patterns"),
    )
