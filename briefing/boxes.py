"""The boxes of a briefing: Highlights, Why newsworthy?, Takeaway and Source.

Each box is an ``<aside>`` with a class of its kind and a real heading, so that
it reads well with no CSS at all, as in a feed reader. An ``<aside>`` inside the
``<article>`` is not a landmark, so a page may hold several without confusing
screen readers.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .markdown_fields import FieldRenderer, unwrap
from .safety import escape_text, safe_html
from .schema import DEFAULT_VERIFY_KINDS, SOURCE_KIND_LABELS, Briefing, Update
from .typography import typogrify_many

DEFAULT_LABELS = {
    "highlights": "Highlights",
    "why_newsworthy": "Why newsworthy?",
    "takeaway": "Takeaway",
    "source": "Source",
}
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_CAUTION = "This source has an interest in the story; verify its claims independently."


@dataclass(frozen=True)
class BoxSettings:
    """What a site may change about its boxes (BRIEFING_* settings)."""

    labels: Mapping[str, str]
    caution: str
    verify_kinds: frozenset[str]
    heading_level: int = 2
    #: Why newsworthy? right after the Highlights, before the body: briefing readers scan for it.
    why_after_highlights: bool = True
    #: How the date of a correction or update is written ("12 November 2025").
    date_format: str = "%-d %B %Y"

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> BoxSettings:
        return cls(
            labels={**DEFAULT_LABELS, **(settings.get("BRIEFING_LABELS") or {})},
            caution=settings.get("BRIEFING_CAUTION") or DEFAULT_CAUTION,
            verify_kinds=frozenset(settings.get("BRIEFING_VERIFY_KINDS", DEFAULT_VERIFY_KINDS)),
            heading_level=int(settings.get("BRIEFING_HEADING_LEVEL", 2)),
            why_after_highlights=bool(settings.get("BRIEFING_WHY_AFTER_HIGHLIGHTS", True)),
            date_format=str(settings.get("DEFAULT_DATE_FORMAT") or DEFAULT_DATE_FORMAT),
        )


@dataclass(frozen=True)
class UpdateNote:
    """One correction, update or clarification of a briefing, as readers see it."""

    #: Its place in the post's ``updates:`` (1 for the first), which also makes its anchor, ``update-1``.
    number: int
    kind: str
    #: "Corrected", "Updated" or "Clarified".
    verb: str
    date: _dt.date
    date_label: str
    #: The note's text, rendered and sanitised.
    html: str

    @property
    def anchor(self) -> str:
        return f"update-{self.number}"


@dataclass(frozen=True)
class Boxes:
    """A briefing's rendered parts; each is also reachable alone from templates."""

    highlights: str = ""
    highlights_list: str = ""
    why_newsworthy: str = ""
    takeaway: str = ""
    #: Each box's heading (typogrified, no tags) and its rendered text alone, for layouts of their
    #: own (the newsletter's issues, which head boxes one level lower); empty when the box is absent.
    takeaway_label: str = ""
    takeaway_body: str = ""
    why_newsworthy_label: str = ""
    why_newsworthy_body: str = ""
    source: str = ""
    source_label: str = ""
    source_body: str = ""
    summary: str = ""
    needs_verification: bool = False
    #: The heading of each box drawn, as it stands in the page.
    headings: tuple[str, ...] = ()
    #: Why newsworthy? stands before the body, right after the Highlights (BoxSettings).
    why_early: bool = True
    #: Corrections and updates, oldest first, and the block that shows them under the date line.
    updates: tuple[UpdateNote, ...] = ()
    updates_block: str = ""

    @property
    def before(self) -> str:
        """What goes before the body, in reading order: the notes of corrections first, under the date line."""
        return self.updates_block + self.highlights + (self.why_newsworthy if self.why_early else "")

    @property
    def after(self) -> str:
        """What goes after the body, in reading order."""
        late_why = "" if self.why_early else self.why_newsworthy
        return late_why + self.takeaway + self.source

    def wrap(self, body: str) -> str:
        return "".join((self.before, body, self.after))

    def body_of(self, content: str) -> str:
        """The body alone out of ``content`` that :meth:`wrap` made (``content`` itself if it did not)."""
        if content.startswith(self.before) and content.endswith(self.after):
            return content[len(self.before):len(content) - len(self.after)]
        return content

    def unlabelled(self, content: str) -> str:
        """``content`` without the boxes' headings: what the boxes say, not the words every briefing shares.

        The search index takes this, so that "source" or "takeaway" finds the
        briefings that speak of them, not every briefing on the site.
        """
        for heading in self.headings:
            content = content.replace(f'">\n{heading}\n', '">\n', 1)  # right after its box's opening tag
        return content


class BoxRenderer:
    """Renders Briefings into Boxes with one site's Markdown, typography and labels."""

    def __init__(
        self,
        fields: FieldRenderer,
        typogrify: Callable[[str], str],
        settings: BoxSettings,
    ):
        self.fields = fields
        self.typogrify = typogrify
        self.settings = settings
        #: Box headings, typogrified once: the same few labels head every briefing of a site.
        self._headings: dict[str, str] = {}

    def _heading(self, label: str) -> str:
        heading = self._headings.get(label)
        if heading is None:
            level = self.settings.heading_level
            heading = self.typogrify(f"<h{level}>{escape_text(label)}</h{level}>")
            if len(self._headings) < 256:  # a post's own takeaway label may be unique to it
                self._headings[label] = heading
        return heading

    def render(self, briefing: Briefing) -> Boxes:
        """All boxes of a briefing, with one Markdown pass and one typogrify pass for all its fields."""
        inline_texts = [h.text for h in briefing.highlights] + [i for h in briefing.highlights for i in h.items]
        if briefing.source and briefing.source.note:
            inline_texts.append(briefing.source.note)
        block_texts = [t for t in (briefing.why_newsworthy, briefing.takeaway) if t]
        block_texts += [update.text for update in briefing.updates]
        rendered = self.fields.blocks(inline_texts + block_texts)
        inline = iter(unwrap(html_) for html_ in rendered[: len(inline_texts)])
        blocks = iter(rendered[len(inline_texts):])

        highlight_html = [next(inline) for _ in briefing.highlights]
        items = []
        for highlight, text_html in zip(briefing.highlights, highlight_html):
            subs = "".join(f"<li>{next(inline)}</li>" for _ in highlight.items)
            items.append(f"<li>{text_html}" + (f"\n<ul>{subs}</ul>" if subs else "") + "</li>")
        note_html = next(inline) if briefing.source and briefing.source.note else ""
        why_html = next(blocks) if briefing.why_newsworthy else ""
        takeaway_html = next(blocks) if briefing.takeaway else ""
        notes = [self._note(number, update, next(blocks)) for number, update in enumerate(briefing.updates, 1)]
        verify = bool(briefing.source and briefing.source.kind in self.settings.verify_kinds)

        takeaway_label = briefing.takeaway_label or self.settings.labels["takeaway"]
        labels, level = self.settings.labels, self.settings.heading_level
        pieces = [
            '<ul class="briefing-highlights-list">\n' + "\n".join(items) + "\n</ul>" if items else "",
            why_html,
            takeaway_html,
            self._source_inner(briefing, verify, note_html),
            # Wrapped as they will stand, so typogrify treats their last words the same.
            f"<p>{highlight_html[0]}</p>" if highlight_html else "",
            *(note.html for note in notes),
        ]
        highlights_list, why, takeaway, source, summary, *notes_html = typogrify_many(self.typogrify, pieces)
        notes = [replace(note, html=safe_html(html_)) for note, html_ in zip(notes, notes_html)]
        l_highlights, l_why, l_takeaway, l_source = map(self._heading, (
            labels["highlights"], labels["why_newsworthy"], takeaway_label, labels["source"]))
        summary = unwrap(summary)

        def label(heading: str, inner: str) -> str:
            return heading.removeprefix(f"<h{level}>").removesuffix(f"</h{level}>") if inner else ""

        return Boxes(
            highlights=safe_html(self._box("highlights", l_highlights, highlights_list)),
            highlights_list=safe_html(highlights_list),
            why_newsworthy=safe_html(self._box("why-newsworthy", l_why, why)),
            takeaway=safe_html(self._box("takeaway", l_takeaway, takeaway)),
            takeaway_label=safe_html(label(l_takeaway, takeaway)),
            takeaway_body=safe_html(takeaway),
            why_newsworthy_label=safe_html(label(l_why, why)),
            why_newsworthy_body=safe_html(why),
            source=safe_html(self._box("source", l_source, source, " briefing-source--verify" if verify else "")),
            source_label=safe_html(label(l_source, source)),
            source_body=safe_html(source),
            summary=safe_html(summary),
            needs_verification=verify,
            why_early=self.settings.why_after_highlights,
            updates=tuple(notes),
            updates_block=safe_html(self._updates_block(notes)),
            headings=tuple(heading for heading, inner in ((l_highlights, highlights_list), (l_why, why),
                                                          (l_takeaway, takeaway), (l_source, source)) if inner),
        )

    def _note(self, number: int, update: Update, text_html: str) -> UpdateNote:
        """A note with its text's HTML led by its verb and date: "Corrected 12 November 2025: ..."."""
        day = update.date.date() if isinstance(update.date, _dt.datetime) else update.date
        label = day.strftime(self.settings.date_format)
        lead = f'<strong>{update.verb} <time datetime="{day.isoformat()}">{escape_text(label)}</time>:</strong> '
        text_html = text_html.strip()
        led = f"<p>{lead}{text_html[3:]}" if text_html.startswith("<p>") else f"<p>{lead}</p>\n{text_html}"
        return UpdateNote(number, update.kind, update.verb, day, label, led)

    def _updates_block(self, notes: list[UpdateNote]) -> str:
        if not notes:
            return ""
        parts = "".join(
            f'<div class="briefing-update briefing-update--{note.kind}" id="{note.anchor}">\n{note.html}\n</div>\n'
            for note in notes
        )
        return f'<div class="briefing-updates">\n{parts}</div>\n'

    def _box(self, kind: str, heading: str, inner: str, extra_class: str = "") -> str:
        if not inner:
            return ""
        classes = f"briefing-box briefing-{kind}{extra_class}"
        return f'<aside class="{classes}">\n{heading}\n{inner}\n</aside>\n'

    def _source_inner(self, briefing: Briefing, verify: bool, note_html: str) -> str:
        source = briefing.source
        if source is None:
            return ""
        name = escape_text(source.name)
        if source.url:
            name = f'<a href="{html.escape(source.url, quote=True)}">{name}</a>'
        line = name
        if source.description:
            line += f", {escape_text(source.description)}"
        kind_label = SOURCE_KIND_LABELS.get(source.kind, source.kind)
        parts = [
            f'<p class="briefing-source-name">{line} '
            f'<span class="briefing-source-kind">({escape_text(kind_label)})</span></p>'
        ]
        if verify:
            note = note_html or escape_text(self.settings.caution)
            parts.append(f'<p class="briefing-caution"><strong>Verify independently:</strong> {note}</p>')
        elif note_html:
            parts.append(f'<p class="briefing-source-note">{note_html}</p>')
        return "\n".join(parts)
