"""Residue of the page an article was copied from, which is not part of the article.

WordPress and its plugins leave traces in whatever is copied out of them: block
comments (often with their ``<`` lost in a copy), screen-reader hints on links,
share widgets, comment counts and the site's copyright line. News sites add
their own: comment prompts, app-store badges, newsletter sign-ups, "Last
updated" lines, footers, and blocks of other stories ("Editors'
Recommendations" and its links). The phrases of the latter live in
``briefing/data/residue.yaml``, for editors to extend.

Inline residue is cut out of a line; a line that is residue as a whole is
dropped; a related-stories heading is dropped with the links under it
(:func:`remove_residue`). Residue is never kept, so it can never become a heading.
Both readers (plain text and HTML) apply the same functions, so a rule added
here works for every input format.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from .blocks import ITEM, PARAGRAPH, Block, mostly_links
from .datafiles import DataFileError, load_mapping, word_list
from .sections import classify_heading
from .wordrules import trie_pattern

FILE = "residue.yaml"
#: A line longer than this is article text even if it starts like residue.
LINE_MAX_CHARS = 240
#: Under a related-stories heading, links and headlines are at most this long.
RELATED_ITEM_MAX_CHARS = 160

_INLINE = re.compile(
    r"""
      (?<![ \t])[ \t]*<?!--\s*/?wp:[^\n]*?-->             # WordPress block comment, even without its '<'
    | (?<![ \t])[ \t]*\(\s*opens?\s+in\s+(?:a\s+)?new\s+(?:tab|window)\s*\)   # screen-reader hint on links
    # (spaces taken from the start of their run only: tried from each space, a long run took quadratic time)
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: Names that are also ordinary words ("X", "Threads") are left out: alone on a line they may be text.
_SOCIAL = r"(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|bluesky|e-?mail|print|copy\s+link|tweet)"

_LINE = re.compile(
    rf"""
      (?:\d+|no|one)\s+(?:comments?|replies|responses)(?:\s+yet)?   # comment counts
    | (?:comments?|replies)\s*\(\d+\)
    | leave\s+a\s+(?:comment|reply)
    | comments\s+are\s+closed
    | (?:share|share\s+this(?:\s+(?:article|post|story|page))?|like\s+this|tweet)\s*:?   # share widgets
    | (?:click\s+to\s+)?share\s+(?:on|via|to)\s+.{{1,30}}
    | {_SOCIAL}(?:\s*+(?:[|·•,/]\s*+)?{_SOCIAL})*(?:\s*+[|·•,/])?   # possessive: one way to read a gap
    | (?:like\s+)?loading\s*(?:\.\.\.|…)?                         # a share widget still loading
    | (?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{{4}})).{{0,120}}     # the site's copyright line
    | all\s+rights\s+reserved
    | the\s+post\s+.{{1,300}}\s+appeared\s+first\s+on\s+.{{1,120}}  # WordPress's feed footer
    """,
    re.IGNORECASE | re.VERBOSE,
)


def strip_inline(text: str) -> str:
    """The text without residue inside it (the line or text node itself is kept)."""
    if "!--" not in text and " new " not in text.lower():
        return text  # neither a block comment nor a new-tab hint can be in it
    return _INLINE.sub("", text)


def is_residue(line: str) -> bool:
    """Whether a whole line (or block) is page residue rather than article text."""
    line = line.strip().rstrip(".").strip()
    if not line or len(line) > LINE_MAX_CHARS:
        return False
    return _LINE.fullmatch(line) is not None or _rules().line(line)


def remove_residue(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without residue: residue lines, and related-stories headings with their links."""
    out: list[Block] = []
    in_related = False
    for block in blocks:
        if in_related:
            if block.kind == ITEM or (
                len(block.plain) <= RELATED_ITEM_MAX_CHARS
                and not _ends_sentence(block.plain)
                # A headline of another story may look like a heading; a briefing's own sections end the block.
                and (block.kind == PARAGRAPH or classify_heading(block.plain) is None)
            ):
                continue
            in_related = False
        if block.kind != ITEM and opens_related(block.plain):
            in_related = True
            continue
        if is_related_line(block):
            continue
        if is_residue(block.plain):
            continue
        out.append(block)
    return out


def opens_related(text: str) -> bool:
    """Whether a heading or line opens a block of other stories ("Editors' Recommendations")."""
    return len(text) <= RELATED_ITEM_MAX_CHARS and _rules().related(text)


def is_related_line(block: Block) -> bool:
    """Whether a line points to one other story: "Leggi anche: <headline>", "READ MORE | <headline>".

    The label opens it and a headline follows, a link or a line that is no
    sentence of the story; the story's own "Read more about it in the report."
    has no separator after the label and stays.
    """
    text = block.plain
    if len(text) > RELATED_ITEM_MAX_CHARS * 2 or not _rules().related_label(text):
        return False
    return mostly_links(block) or not _ends_sentence(text)


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?", "\u2026")) and len(text.split()) >= 6


class ResidueRules:
    """The phrases of ``residue.yaml`` as two patterns: residue lines, related-stories headings."""

    def __init__(self, lines: Sequence[str], related: Sequence[str]):
        self._line = _phrase_regex(lines)
        self._related = _phrase_regex(related, whole=True)
        self._related_label = (
            re.compile(rf"(?:{trie_pattern(_normal(p) for p in related)})\s*(?:[:|\u00bb>\u2013\u2014-]\s*)+\S", re.IGNORECASE)
            if related
            else None
        )

    @classmethod
    def load(cls, path: Path | None = None) -> ResidueRules:
        path, data = load_mapping(FILE, path, "'lines:' and 'related:', each a list of phrases")
        unknown = set(data) - {"lines", "related"}
        if unknown:
            raise DataFileError(f"{path}: unknown keys {', '.join(sorted(map(str, unknown)))} (expected lines, related)")
        return cls(word_list(data.get("lines"), f"{path}: lines"), word_list(data.get("related"), f"{path}: related"))

    def line(self, text: str) -> bool:
        return self._line is not None and self._line.match(_normal(text)) is not None

    def related_label(self, text: str) -> bool:
        return self._related_label is not None and self._related_label.match(_normal(text)) is not None

    def related(self, text: str) -> bool:
        return self._related is not None and self._related.match(_normal(text)) is not None


def _phrase_regex(phrases: Sequence[str], whole: bool = False) -> re.Pattern[str] | None:
    """Phrases at the start of a line (after a count such as "5" in "5 min read").

    A one-word phrase ("Anzeige", "Commenti") must be the whole line, with at most a
    count or a colon: alone it is residue, at the start of a sentence it is a word.
    A longer phrase may be followed by anything, unless ``whole``, where only a
    short tail ("More from Reuters") may follow it.
    """
    single = [p for p in phrases if len(p.split()) == 1]
    multi = [p for p in phrases if len(p.split()) > 1]
    count = r"(?:\(?\d+\)?\s*)?"
    end = r"\s*[:.\-\u2013\u2014|]?\s*(?:\(?\d+\)?)?\s*$"
    tail = r"(?:\W.{0,40})?$" if whole else r"(?:\W|$)"
    branches = []
    if single:
        branches.append(f"(?:{trie_pattern(_normal(p) for p in single)}){end}")
    if multi:
        branches.append(f"(?:{trie_pattern(_normal(p) for p in multi)}){tail}")
    if not branches:
        return None
    return re.compile(count + "(?:" + "|".join(branches) + ")", re.IGNORECASE | re.DOTALL)


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()


@functools.cache
def _rules() -> ResidueRules:
    return ResidueRules.load()
