"""The common shape every input format is read into: a flat list of blocks.

Plain text, web pages and feed items look nothing alike, but a briefing's parts
(Highlights, body, Why newsworthy?, Takeaway, Source) are found the same way in
all of them. Readers therefore reduce their input to headings, paragraphs and
list items, each carrying safe Markdown for the post and plain text for
recognising sections, tags and sources, and :mod:`.sections` works on that alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .inline import Inline

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"


@dataclass(frozen=True)
class Block:
    kind: str
    markdown: str
    plain: str
    #: A heading's level (1–6), or a list item's depth (0 for the top level).
    level: int = 0
    ordered: bool = False
    links: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, kind: str, inline: Inline, level: int = 0, ordered: bool = False) -> Block:
        return cls(kind, inline.markdown, inline.plain, level, ordered, inline.links)


def mostly_links(block: Block) -> bool:
    """A block that is mostly link text is a row of navigation or teasers, not the story."""
    linked = sum(len(label) for label, _url in block.links)
    return linked >= 0.6 * max(len(block.plain), 1)


def render_markdown(blocks: Iterable[Block]) -> str:
    """Blocks as a Markdown document: a blank line between blocks, none inside a list."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if block.kind == ITEM:
            marker = "1." if block.ordered else "-"
            line = f"{'    ' * block.level}{marker} {block.markdown}"
            out.append(line if previous is not None and previous.kind == ITEM else f"\n{line}")
        elif block.kind == HEADING:
            out.append(f"\n{'#' * min(max(block.level, 2), 6)} {block.markdown}")
        else:
            out.append(f"\n{block.markdown}")
        previous = block
    return "\n".join(out).strip() + ("\n" if out else "")
