"""Pasted plain text read into blocks.

Text arrives in two layouts that look alike line by line: one paragraph per
line (copied from a browser, as in the shared sample) and hard-wrapped
paragraphs separated by blank lines (e-mail). A line therefore joins the one
before it only when that line does not end a sentence and is not a heading.
A short line without final punctuation that is followed by more text is a
heading: Markdown's ``#`` lines say so explicitly, pasted text only by its shape.
"""

from __future__ import annotations

import re

from . import residue
from .blocks import HEADING, ITEM, PARAGRAPH, Block
from .inline import from_text
from .sections import opens_section

_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_BULLET = re.compile(
    r"^(?P<indent>[ ]*)(?:(?P<mark>[-*+\u2022\u2013\u00b7\u25aa\u25e6\u25cf])|(?P<number>\d{1,2})[.)])[ ]+(?P<text>\S.*)$"
)
_RULE = re.compile(r"^[ ]{0,3}(?:(?:-[ ]*){3,}|(?:=[ ]*){3,}|(?:_[ ]*){3,}|(?:\*[ ]*){3,})$")
_ENDS_SENTENCE = ('.', '!', '?', ':', ';', '"', "'", '\u201d', '\u2019', ')', ']', '\u2026')
#: A line this short, with no final punctuation, reads as a heading rather than a wrapped line.
HEADING_MAX_CHARS = 60


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

    def read(self, text: str) -> list[Block]:
        for raw in text.split("\n"):
            line = residue.strip_inline(raw.expandtabs(4)).rstrip()
            if residue.is_residue(line):
                continue
            self._line(line)
        self._flush()
        return self._mark_headings()

    def _line(self, line: str) -> None:
        if not line.strip():
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
            self._emit(HEADING, heading.group(2), len(heading.group(1)))
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
                self._emit(PARAGRAPH, text)
        self.lines = []
        self.item = None
        if end_list:
            self.indents = []

    def _emit(self, kind: str, text: str, level: int = 0) -> None:
        inline = from_text(text)
        if inline.plain and not residue.is_residue(inline.plain):
            self.blocks.append(Block.of(kind, inline, level))

    def _mark_headings(self) -> list[Block]:
        """One-line paragraphs shaped like headings, with text after them, become headings."""
        out = list(self.blocks)
        for i, block in enumerate(out[:-1]):
            if block.kind == PARAGRAPH and looks_like_heading(block.plain) and out[i + 1].kind != HEADING:
                out[i] = Block(HEADING, block.markdown, block.plain, 2, links=block.links)
        return out
