"""Summary bullets a page marks as such, though not with a heading the reader can see.

News sites put their "key points" above the story as a list whose only label
is in the markup (``<ul class="article-summary">``, ``<div class="key-points">``).
Those are highlights the article itself gives, so they are read from the page
before its main text is extracted (which drops the markup that says so) and
put in front of the body under a Highlights heading. Any other list is text,
never highlights.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from .blocks import HEADING, ITEM, Block
from .htmlblocks import blocks_from_html
from .pagemeta import is_furniture

#: Class or id words that mark a list as the article's own summary.
_SUMMARY_MARKS = re.compile(
    r"(?<![a-z])(?:key-?points?|keypoints|highlights?|at-a-glance|ataglance|key-?takeaways?|takeaways|"
    r"story-?highlights|article-?summary|summary-?(?:list|bullets?|points?)|bullet-?summary|tl-?dr|"
    r"das-wichtigste|zusammenfassung|in-breve|in-sintesi|punti-chiave)(?![a-z])",
    re.IGNORECASE,
)
MAX_ITEMS = 8


def labelled_summary(tree: etree._Element, base_url: str | None) -> list[Block]:
    """The items of the first list the page marks as its summary, or nothing."""
    for element in tree.xpath("//*[@class or @id]"):
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _SUMMARY_MARKS.search(marks) or is_furniture(element):
            continue
        lists = [element] if element.tag in ("ul", "ol") else element.xpath(".//ul | .//ol")
        if not lists:
            continue
        items = [b for b in blocks_from_html(etree.tostring(lists[0], encoding="unicode"), base_url) if b.kind == ITEM]
        top = [i for i in items if i.level == 0]
        if 0 < len(top) <= MAX_ITEMS and not _other_stories(lists[0]):
            return items
    return []


def _other_stories(element: etree._Element) -> bool:
    """Whether a list is mostly links ("Today's highlights" above the page lists other stories).

    Read from the markup, not from the blocks: a page saved without its address
    has relative links the blocks cannot keep, and its teasers would read as text.
    """
    items = element.xpath("./li")
    linked = [li for li in items if len("".join(li.xpath(".//a//text()")).strip()) >= 0.6 * max(len(li.text_content().strip()), 1)]
    return bool(items) and len(linked) * 2 > len(items)


def with_summary(summary: Sequence[Block], blocks: Sequence[Block]) -> list[Block]:
    """The summary under a Highlights heading, then the blocks without their copy of its items."""
    texts = {item.plain for item in summary}
    rest = [b for b in blocks if not (b.kind == ITEM and b.plain in texts)]
    return [Block(HEADING, "Highlights", "Highlights", 2), *summary, *rest]
