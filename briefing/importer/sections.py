"""Finding a briefing's parts among an article's blocks.

A briefing as it arrives is a run of blocks with a few recognisable headings:
Highlights, Why newsworthy?, a Takeaway and a Source line. Their wording
varies ("Why Newsworthy?", "Why it matters", "A REEx Takeaway", "Key
takeaway", "Source:" inline or as a heading), and so does their form (an
``<h2>``, a bold paragraph, a line of text, or a label starting a paragraph:
``Why newsworthy: …``). Everything between the highlights and the first of
the closing sections is the body.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .blocks import HEADING, ITEM, PARAGRAPH, Block
from .dates import parse_date

HIGHLIGHTS = "highlights"
WHY = "why_newsworthy"
TAKEAWAY = "takeaway"
SOURCE = "source"
_BODY = "body"
_START = "start"

_HEADINGS = (
    (
        HIGHLIGHTS,
        re.compile(
            r"(?:story\s+|key\s+)?(?:highlights?|points)|key\s+facts|at\s+a\s+glance|in\s+brief|in\s+short|summary|tl;?\s?dr"
            r"|what\s+(?:you\s+need\s+)?to\s+know|the\s+essentials"
            r"|das\s+wichtigste(?:\s+in\s+k\u00fcrze)?|auf\s+einen\s+blick|in\s+k\u00fcrze"
            r"|in\s+breve|in\s+sintesi|(?:i\s+)?punti\s+chiave"
        ),
    ),
    (
        WHY,
        re.compile(
            r"why\s+(?:(?:is\s+)?(?:it|this)\s+(?:is\s+)?|(?:it|this)['\u2019]s\s+)?newsworthy"
            r"|why\s+(?:it|this)\s+matters"
        ),
    ),
    (TAKEAWAY, re.compile(r"(?:(?:key|the|our)\s+)?takeaways?")),
    (SOURCE, re.compile(r"sources?")),
)
#: "Key takeaways" before any text of the story labels its summary bullets, not a closing takeaway.
_KEY_TAKEAWAYS = re.compile(r"key\s+takeaways")
#: ``<Any name> Takeaway``: the name says whose view it is, so it becomes the box's label.
_NAMED_TAKEAWAY = re.compile(r"(?:\S+\s+){0,4}\S+\s+takeaways?")
_MARKERS = re.compile(r"[#*_`\\]+")
#: ``Label: text`` at the start of a paragraph. Matched from the start (the rest is what follows),
#: with possessive spaces: a fullmatch of ``\S.*`` behind lazy and greedy spaces took cubic time
#: on a line of spaces.
_INLINE_LABEL = re.compile(r"(?P<label>[^:?\n\[\]\s][^:?\n\[\]]{0,39}?)(?P<term>\s*+[:?]|\s++[-\u2013\u2014])\s*+(?=\S)")
_META = re.compile(
    r"(?P<key>title|headline|published(?:\s+on)?|posted(?:\s+on)?|date|dated)\s*:\s*(?P<value>\S.*)",
    re.IGNORECASE,
)
#: Under a Highlights heading whose bullets were lost, lines this short are still highlights.
UNBULLETED_HIGHLIGHT_MAX_CHARS = 200
#: A first line longer than this is prose, not a title line.
TITLE_LINE_MAX_CHARS = 150


def heading_key(text: str) -> str:
    """A heading reduced to its words: no Markdown marks, spacing, final punctuation or case."""
    text = _MARKERS.sub("", text)
    return " ".join(text.split()).strip(" :.!?").casefold()


def classify_heading(text: str) -> tuple[str, str | None] | None:
    """The section a heading opens, with the takeaway's own label if it has one; None for others."""
    key = heading_key(text)
    if not key or len(key) > 60:
        return None
    for section, pattern in _HEADINGS:
        if pattern.fullmatch(key):
            return section, None
    if _NAMED_TAKEAWAY.fullmatch(key):
        label = " ".join(_MARKERS.sub("", text).split()).strip(" :")
        return TAKEAWAY, label
    return None


def opens_section(line: str) -> bool:
    """Whether a line starts something new (a section heading, a labelled paragraph such as
    ``Source: …``, a ``Title:`` or ``Published:`` line), so it never continues the line before."""
    if classify_heading(line) is not None or _META.fullmatch(line.strip()):
        return True
    labelled = _INLINE_LABEL.match(line.strip())
    return bool(labelled) and classify_heading(labelled.group("label")) is not None


@dataclass
class Highlight:
    """A highlight as found, with plain text kept for the summary and the title."""

    markdown: str
    plain: str
    items: list[Block] = field(default_factory=list)
    indented: bool = False


@dataclass
class Sections:
    title: str | None = None
    date: dt.date | dt.datetime | None = None
    highlights: list[Highlight] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    why_newsworthy: list[Block] = field(default_factory=list)
    takeaway: list[Block] = field(default_factory=list)
    takeaway_label: str | None = None
    source: list[Block] = field(default_factory=list)


#: After a ``Source:`` label, at most this much more text is still the source (a note), not the story.
SOURCE_NOTE_MAX_CHARS = 300


def find_sections(
    blocks: Sequence[Block], title_from_first_line: bool = False, unlabelled_highlights: bool | None = None
) -> Sections:
    """Split blocks into a briefing's parts.

    ``title_from_first_line`` lets a heading-shaped first line be the title, as
    in pasted text; in a page only an ``<h1>`` is. ``unlabelled_highlights``
    (by default, as ``title_from_first_line``) lets a list that opens the text
    be the highlights without a heading: in text an editor pasted, it is the
    article's; in a page or feed item, an unlabelled list is as likely to be
    navigation, a sidebar or an advert, so only a labelled one is taken.
    """
    if unlabelled_highlights is None:
        unlabelled_highlights = title_from_first_line
    return _SectionReader(title_from_first_line, unlabelled_highlights).read(blocks)


@dataclass
class _SourceRun:
    """A Source section being read: kept as the source only if it closes the article."""

    #: The blocks as they arrived (label and all), for the body if it was a caption after all.
    originals: list[Block] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    inline: bool = False


class _SectionReader:
    def __init__(self, title_from_first_line: bool, unlabelled_highlights: bool) -> None:
        self.title_from_first_line = title_from_first_line
        self.unlabelled_highlights = unlabelled_highlights
        self.found = Sections()
        self.state = _START
        self.explicit_highlights = False
        self.bullets_seen = False
        self.source_run: _SourceRun | None = None

    def read(self, blocks: Sequence[Block]) -> Sections:
        for block in blocks:
            self._block(block)
        self._settle_source(ended_by=None)
        return self.found

    def _enter(self, state: str) -> None:
        if self.source_run is not None and state != SOURCE:
            self._settle_source(ended_by=state)
        self.state = state

    def _settle_source(self, ended_by: str | None) -> None:
        """A Source section is the article's source when it closes the article (or comes just
        before Why newsworthy? or the Takeaway) and, after a ``Source:`` label, holds at most a
        short note; otherwise it was a caption ("Source: customs data") and stays in the body."""
        run, self.source_run = self.source_run, None
        if run is None:
            return
        closing = ended_by in (None, WHY, TAKEAWAY)
        after_label = run.blocks[1:] if run.inline else []
        note_only = len(after_label) <= 1 and all(len(b.plain) <= SOURCE_NOTE_MAX_CHARS for b in after_label)
        if closing and note_only:
            self.found.source.extend(run.blocks)
        else:
            self.found.body.extend(run.originals)

    def _block(self, block: Block) -> None:
        found = self.found
        if block.kind != ITEM:
            heading = classify_heading(block.plain)
            if heading:
                section, label = heading
                if section == TAKEAWAY and self.state == _START and _KEY_TAKEAWAYS.fullmatch(heading_key(block.plain)):
                    section, label = HIGHLIGHTS, None
                if section == SOURCE and self.source_run is None:
                    self.source_run = _SourceRun(originals=[block])
                elif section == SOURCE:
                    self.source_run.originals.append(block)
                self._enter(section)
                if self.state == TAKEAWAY and label:
                    found.takeaway_label = label
                self.explicit_highlights |= self.state == HIGHLIGHTS
                return
            if self._inline_section(block) or self._meta_line(block):
                return
        if self.state == _START:
            if block.kind == ITEM and self.unlabelled_highlights:
                self.state = HIGHLIGHTS
            elif found.title is None and not found.body and self._is_title(block):
                found.title = block.plain
                return
            else:
                found.body.append(block)
                return
        if self.state == HIGHLIGHTS:
            if block.kind == ITEM:
                self._add_highlight_item(block)
                return
            if self._unbulleted_highlight(block):
                found.highlights.append(Highlight(block.markdown, block.plain))
                return
            self.state = _BODY
        if self.state == SOURCE and block.kind == HEADING:
            self._enter(_BODY)
        if self.state == SOURCE:
            self.source_run.originals.append(block)
            self.source_run.blocks.append(block)
            return
        target = {
            _BODY: found.body,
            WHY: found.why_newsworthy,
            TAKEAWAY: found.takeaway,
            SOURCE: found.source,
        }[self.state]
        target.append(block)

    def _is_title(self, block: Block) -> bool:
        if block.kind == HEADING and block.level == 1:
            return True
        return (
            self.title_from_first_line
            and len(block.plain) <= TITLE_LINE_MAX_CHARS
            and not block.plain.endswith(".")
        )

    def _unbulleted_highlight(self, block: Block) -> bool:
        """Under a Highlights heading whose bullets were lost, short paragraphs are the highlights."""
        return (
            block.kind == PARAGRAPH
            and self.explicit_highlights
            and not self.bullets_seen
            and len(block.plain) <= UNBULLETED_HIGHLIGHT_MAX_CHARS
        )

    def _add_highlight_item(self, block: Block) -> None:
        """Indented items, and the items after one ending with a colon, are its sub-list."""
        self.bullets_seen = True
        highlights = self.found.highlights
        last = highlights[-1] if highlights else None
        if last is not None and block.level > 0:
            last.items.append(block)
            last.indented = True
        elif last is not None and last.plain.endswith(":") and not last.indented:
            last.items.append(block)
        else:
            highlights.append(Highlight(block.markdown, block.plain))

    def _inline_section(self, block: Block) -> bool:
        """``Why newsworthy: text``, ``Takeaway: text`` or ``Source: text`` in one paragraph."""
        match = _INLINE_LABEL.match(block.plain)
        if not match:
            return False
        heading = classify_heading(match.group("label"))
        if heading is None or heading[0] == HIGHLIGHTS:
            return False
        section, label = heading
        rest = _cut_label(block, match.group("label"), match.group("term"), block.plain[match.end() :])
        if rest is None:
            return False
        if section == SOURCE:
            if self.source_run is None:
                self.source_run = _SourceRun(inline=True)
            self.source_run.originals.append(block)
            self.source_run.blocks.append(rest)
            self.state = SOURCE
            return True
        self._enter(section)
        if section == TAKEAWAY and label:
            self.found.takeaway_label = label
        {WHY: self.found.why_newsworthy, TAKEAWAY: self.found.takeaway}[section].append(rest)
        return True

    def _meta_line(self, block: Block) -> bool:
        match = _META.fullmatch(block.plain)
        if not match or block.kind == ITEM:
            return False
        key, value = match.group("key").lower(), match.group("value").strip()
        if key in ("title", "headline"):
            if self.state != _START or self.found.title is not None:
                return False
            self.found.title = value
            return True
        date = parse_date(value)
        if date is None or self.found.date is not None:
            return False
        self.found.date = date
        return True


def _cut_label(block: Block, label: str, term: str, rest_plain: str) -> Block | None:
    """The block without its leading label, in Markdown as in plain text."""
    pattern = (
        r"[*_\s\\]*"
        + r"[*_\\]*".join(re.escape(ch) for ch in label.strip())
        + r"[*_\s\\]*"
        + re.escape(term.strip())
        + r"[*_\s]*"
    )
    match = re.match(pattern, block.markdown, re.IGNORECASE)
    if not match or not block.markdown[match.end() :].strip():
        return None
    return dataclasses.replace(block, kind=PARAGRAPH, markdown=block.markdown[match.end() :].strip(), plain=rest_plain.strip())
