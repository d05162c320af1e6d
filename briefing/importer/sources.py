"""The Source line of a briefing: who published the story, how far to trust it.

A Source line packs several things into one sentence or two::

    Source: Baogang Daily (a media outlet belonging to a state-owned
    conglomerate). This report originates from a state-owned entity's
    publication and should be independently verified before ...

The name comes first (a link's text, when it is a link), then an optional
parenthetical description; sentences after it that use verification language
become the note the Source box shows, and the rest joins the description.
Which kind of source it is comes from editor-editable rules
(``briefing/data/sources.yaml``), since outlets and their owners change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..schema import SOURCE_KINDS, SOURCE_URL_SCHEMES, Source, check_url
from .blocks import Block
from .datafiles import DataFileError, load_mapping, word_list
from .inline import escape_markdown, fold_spaces
from .wordrules import word_regex

FILE = "sources.yaml"
_NAME_END = re.compile(r"\s*\(|[.;]\s+(?=\S)|,\s+|\s+[-\u2013\u2014]\s+|[.;]?\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"'(])")
_URL = re.compile(r"https?://\S+")
_CLAUSE = re.compile(r",\s*(.*?)(?:[.;](?:\s+|$)|$)(.*)", re.DOTALL)
NAME_MAX_CHARS = 120


@dataclass(frozen=True)
class _KindRule:
    kind: str
    words: re.Pattern[str]
    also: re.Pattern[str] | None

    def matches(self, text: str) -> bool:
        return bool(self.words.search(text)) and (self.also is None or bool(self.also.search(text)))


class SourceRules:
    def __init__(self, kinds: list[_KindRule], verification: re.Pattern[str] | None):
        self._kinds = kinds
        self._verification = verification

    @classmethod
    def load(cls, path: Path | None = None) -> SourceRules:
        path, data = load_mapping(FILE, path, "'kinds:' and 'verification:'")
        rules = []
        for number, rule in enumerate(data.get("kinds") or [], 1):
            where = f"{path}: kinds[{number}]"
            if not isinstance(rule, dict) or rule.get("kind") not in SOURCE_KINDS:
                raise DataFileError(f"{where}: expected a mapping with kind (one of {', '.join(SOURCE_KINDS)}) and words")
            words = word_regex(word_list(rule.get("words"), f"{where}: words"))
            if words is None:
                raise DataFileError(f"{where}: needs at least one word")
            rules.append(_KindRule(rule["kind"], words, word_regex(word_list(rule.get("and"), f"{where}: and"))))
        verification = word_regex(word_list(data.get("verification"), f"{path}: verification"))
        return cls(rules, verification)

    def kind_of(self, text: str) -> str:
        return next((rule.kind for rule in self._kinds if rule.matches(text)), "other")

    def is_caution(self, sentence: str) -> bool:
        return bool(self._verification and self._verification.search(sentence))

    def of_site(self, name: str | None, url: str | None) -> Source | None:
        """The Source of an article that names none: the page or feed it came from, by its own name."""
        url = url if url and check_url(url, SOURCE_URL_SCHEMES) is None else None
        name = fold_spaces(name or "") or ((urlsplit(url).hostname or "").removeprefix("www.") if url else "")
        if not name:
            return None
        return Source(name=name[:NAME_MAX_CHARS].strip(), url=url, kind=self.kind_of(name))

    def parse(self, blocks: Sequence[Block]) -> Source | None:
        """The Source of the blocks after a ``Source:`` label; None when they name nothing."""
        text = fold_spaces(" ".join(block.plain for block in blocks))
        if not text:
            return None
        links = [link for block in blocks for link in block.links]
        name, description, rest = _split_name(text, links)
        url = next((u for _label, u in links if check_url(u, SOURCE_URL_SCHEMES) is None), None)
        notes, extra = [], []
        for sentence in _SENTENCE_END.split(rest):
            sentence = sentence.strip()
            if sentence:
                (notes if self.is_caution(sentence) else extra).append(sentence)
        # A bare URL in the name or description is the source's address, not part of its words.
        for bare in _URL.finditer(" ".join([name, description, *extra])):
            url = url or bare.group().rstrip(".,;)")
        name = fold_spaces(_URL.sub("", name)).rstrip(" ,;:") or (urlsplit(url).netloc if url else "")
        description = _sentences([_URL.sub("", part) for part in (description, *extra)]) or None
        if not name:
            return None
        note = " ".join(notes) or None
        kind = self.kind_of(" \n ".join(filter(None, [name, description, note])))
        return Source(
            name=name[:NAME_MAX_CHARS].strip(),
            url=url if url and check_url(url, SOURCE_URL_SCHEMES) is None else None,
            kind=kind,
            description=description,
            note=escape_markdown(note) if note else None,
        )


def _sentences(parts: Sequence[str]) -> str:
    """Parts joined as sentences: a full stop between two when the first has none."""
    out = ""
    for part in (fold_spaces(p).strip(" ,;:") for p in parts):
        if part:
            out = f"{out}{'' if not out or out.endswith(('.', '!', '?')) else '.'} {part}".strip()
    return out


def _split_name(text: str, links: list[tuple[str, str]]) -> tuple[str, str, str]:
    """Name, parenthetical description (or the clause after a comma), and the remaining text."""
    for label, _url in links:
        if text.startswith(label):
            name, after = label, text[len(label) :]
            break
    else:
        end = _NAME_END.search(text)
        name, after = text[: end.start()], text[end.start() :]
    name = name.strip().rstrip(".;,")
    after = after.lstrip()
    description = ""
    if after.startswith("("):
        depth, close = 0, None
        for i, ch in enumerate(after):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0:
                close = i
                break
        if close is not None:
            description, after = after[1:close].strip(), after[close + 1 :]
    elif after.startswith(","):
        clause = _CLAUSE.match(after)
        if clause:
            description, after = clause.group(1).strip(), clause.group(2)
    after = after.lstrip(" .;,:-\u2013\u2014")
    return name, description, after
