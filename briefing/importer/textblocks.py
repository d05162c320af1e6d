"""Pasted plain text read into blocks.

Text arrives in two layouts that look alike line by line: one paragraph per
line (copied from a browser, as in the shared sample) and hard-wrapped
paragraphs separated by blank lines (e-mail). A line therefore joins the one
before it only when that line does not end a sentence and is not a heading.
A heading is kept only where the text clearly marks one: Markdown's ``#``
lines and underlines, or a short line standing alone between blank lines
that is shaped like a heading (capitalised, unpunctuated, a few words, no
date). A short unpunctuated line inside prose, as one-paragraph-a-line pastes
are full of, stays a paragraph.
"""

from __future__ import annotations

import re

from . import residue
from .blocks import HEADING, ITEM, PARAGRAPH, Block
from .inline import from_text
from .sections import opens_section
from .textlead import dateline

_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(\S.*)$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+$")
_BULLET = re.compile(
    r"^(?P<indent>[ ]*)(?:(?P<mark>[-*+\u2022\u2013\u00b7\u25aa\u25e6\u25cf])|(?P<number>\d{1,2})[.)])[ ]+(?P<text>\S.*)$"
)
_RULE = re.compile(r"^[ ]{0,3}(?:(?:-[ ]*){3,}|(?:=[ ]*){3,}|(?:_[ ]*){3,}|(?:\*[ ]*){3,})$")
_ENDS_SENTENCE = ('.', '!', '?', ':', ';', '"', "'", '\u201d', '\u2019', ')', ']', '\u2026')
#: A line this short, with no final punctuation, reads as a heading rather than a wrapped line.
HEADING_MAX_CHARS = 60
#: A heading standing alone between blank lines has at most this many words.
HEADING_MAX_WORDS = 10


def blocks_from_text(text: str) -> list[Block]:
    return residue.remove_residue(_TextReader().read(text))


def looks_like_heading(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= HEADING_MAX_CHARS
        and not line.endswith(_ENDS_SENTENCE + (",",))
        and (line[0].isupper() or line[0].isdigit())
    )


class _TextReader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: list[str] = []  # of the paragraph or item being read
        self.item: tuple[int, bool, int] | None = None  # depth, ordered, indent of the open item
        self.indents: list[int] = []  # indentation of each open list level
        self.number = 0  # of the line being read
        self.first = 0  # line number of the paragraph's first line
        self.blank: set[int] = set()  # numbers of blank lines
        self.one_line: dict[int, int] = {}  # block index of a one-line paragraph: its line number

    def read(self, text: str) -> list[Block]:
        for self.number, raw in enumerate(text.split("\n")):
            line = residue.strip_inline(raw.expandtabs(4)).rstrip()
            if residue.is_residue(line):
                continue
            self._line(line)
        self._flush()
        return self._mark_headings()

    def _line(self, line: str) -> None:
        if not line.strip():
            self.blank.add(self.number)
            self._flush()
            return
        if _RULE.match(line):
            # A setext underline makes the single line above it a heading; otherwise a rule is a break.
            if len(self.lines) == 1 and self.item is None:
                self._emit(HEADING, self.lines[0], 1 if "=" in line else 2)
                self.lines = []
            self._flush()
            return
        heading = _ATX_HEADING.match(line)
        if heading:
            self._flush(end_list=True)
            self._emit(HEADING, _ATX_CLOSE.sub("", heading.group(2)) or heading.group(2), len(heading.group(1)))
            return
        bullet = _BULLET.match(line)
        if bullet:
            self._flush()
            self._open_item(len(bullet.group("indent")), bullet.group("number") is not None)
            self.lines = [bullet.group("text")]
            return
        if self.lines and self._continues(line):
            self.lines.append(line.strip())
            return
        self._flush(end_list=True)
        self.lines = [line.strip()]
        self.first = self.number

    def _continues(self, line: str) -> bool:
        previous = self.lines[-1]
        if self.item is not None:
            indented = len(line) - len(line.lstrip()) > self.item[2]
            return indented or (not previous.endswith(_ENDS_SENTENCE) and line.lstrip()[:1].islower())
        if previous.endswith(_ENDS_SENTENCE) or opens_section(previous) or opens_section(line):
            return False
        return not (looks_like_heading(previous) and not line.lstrip()[:1].islower())

    def _open_item(self, indent: int, ordered: bool) -> None:
        while self.indents and indent < self.indents[-1]:
            self.indents.pop()
        if not self.indents or indent > self.indents[-1]:
            self.indents.append(indent)
        self.item = (len(self.indents) - 1, ordered, indent)

    def _flush(self, end_list: bool = False) -> None:
        if self.lines:
            text = " ".join(self.lines)
            if self.item is not None:
                depth, ordered, _ = self.item
                inline = from_text(text)
                if inline.plain:  # a bullet of nothing but markup ("- **") is no item
                    self.blocks.append(Block.of(ITEM, inline, depth, ordered))
            else:
                count = len(self.blocks)
                self._emit(PARAGRAPH, text)
                if len(self.lines) == 1 and len(self.blocks) > count:
                    self.one_line[count] = self.first
        self.lines = []
        self.item = None
        if end_list:
            self.indents = []

    def _emit(self, kind: str, text: str, level: int = 0) -> None:
        inline = from_text(text)
        if inline.plain and not residue.is_residue(inline.plain):
            self.blocks.append(Block.of(kind, inline, level))

    def _mark_headings(self) -> list[Block]:
        """One-line paragraphs standing alone between blank lines, shaped like headings and
        followed by a paragraph, become headings."""
        out = list(self.blocks)
        for i, block in enumerate(out[:-1]):
            number = self.one_line.get(i)
            if (
                number is not None
                and block.kind == PARAGRAPH
                and out[i + 1].kind == PARAGRAPH
                and (number == 0 or number - 1 in self.blank)
                and number + 1 in self.blank
                and _clearly_heading(block.plain)
            ):
                out[i] = Block(HEADING, block.markdown, block.plain, 2, links=block.links)
        return out


def _clearly_heading(text: str) -> bool:
    return looks_like_heading(text) and len(text.split()) <= HEADING_MAX_WORDS and dateline(text) is None
